//! Innovation platforms (labs, technology innovation centres, incubators,
//! maker spaces, ...) hosted by generated enterprises or institutions.

use chrono::NaiveDate;
use serde::Serialize;

use crate::context::Ctx;
use crate::enterprises::{self, DemoEnterprise};
use crate::industries::{FIELDS, field_in_chain};
use crate::names::{brand, push_digits};
use crate::organisations::{self, DemoInstitution};
use crate::random::{DemoRng, Stream, chance, entity_rng, int_between, pick, weighted_index};
use crate::regions::{CITY_SHORT, COUNTIES};

/// An innovation platform.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoPlatform {
    pub index: u64,
    /// Register number, e.g. "PT000123".
    pub id: String,
    pub name: String,
    /// Glossary `platform_kind`, see [`crate::labels::PLATFORM_KINDS`].
    pub kind: &'static str,
    /// "national" | "provincial" | "municipal" | "county".
    pub level: &'static str,
    /// Name of the host (依托单位) enterprise, institution or zone authority.
    pub host_name: String,
    pub host_credit_code: String,
    pub county_code: &'static str,
    pub county_name: &'static str,
    /// Industry chain served.
    pub chain: &'static str,
    /// Technology field, e.g. "智能装备".
    pub field: &'static str,
    pub recognised_on: NaiveDate,
    /// "active" | "cultivating" | "revoked".
    pub status: &'static str,
}

#[derive(Clone, Copy, PartialEq)]
enum Host {
    Enterprise,
    Institution,
    Either,
}

/// (kind, weight, host, level weights national/provincial/municipal/county).
#[rustfmt::skip]
const SPECS: &[(&str, u32, Host, [u32; 4])] = &[
    ("key_lab", 10, Host::Either, [2, 30, 68, 0]),
    ("tech_innovation_center", 14, Host::Enterprise, [1, 35, 64, 0]),
    ("engineering_research_center", 8, Host::Either, [1, 35, 64, 0]),
    ("enterprise_tech_center", 16, Host::Enterprise, [1, 30, 59, 10]),
    ("industrial_tech_institute", 3, Host::Institution, [0, 40, 60, 0]),
    ("new_rd_institution", 4, Host::Either, [0, 25, 75, 0]),
    ("incubator", 6, Host::Enterprise, [8, 40, 52, 0]),
    ("maker_space", 8, Host::Enterprise, [5, 35, 50, 10]),
    ("rural_maker_space", 4, Host::Enterprise, [5, 40, 40, 15]),
    ("academician_workstation", 4, Host::Enterprise, [0, 60, 40, 0]),
    ("international_cooperation_base", 2, Host::Either, [5, 60, 35, 0]),
    ("industry_alliance", 3, Host::Enterprise, [0, 20, 80, 0]),
];

const LEVEL_CODES: [&str; 4] = ["national", "provincial", "municipal", "county"];

/// The zones and parks that exist in every demo city:
/// (kind, name, county index, recognised year, chain).
const ZONES: &[(&str, &str, usize, i32, &str)] = &[
    ("high_tech_zone", "云州高新技术产业开发区", 5, 2012, "新一代信息技术"),
    ("development_zone", "栖泉经济开发区", 2, 2006, "新材料"),
    ("agri_tech_park", "北岭农业科技园区", 3, 2015, "现代农业"),
];

/// Platform `index`: the fixed zones first, then hosted platforms.
pub(crate) fn platform(ctx: &Ctx, index: u64, institutions: u64) -> DemoPlatform {
    let mut rng = entity_rng(ctx.seed, Stream::Platform, index);
    let rng = &mut rng;
    let mut id = String::from("PT");
    push_digits(&mut id, index + 1, 6);

    if let Some(&(kind, name, county, year, chain)) = ZONES.get(index as usize) {
        let county = &COUNTIES[county];
        let host_name = format!("{name}管理委员会");
        return DemoPlatform {
            index,
            id,
            name: name.to_string(),
            kind,
            level: "provincial",
            host_credit_code: ctx.keys.credit_code(
                "11",
                county.code,
                crate::codes::INSTITUTION_BASE + 900_000 + index,
                false,
            ),
            host_name,
            county_code: county.code,
            county_name: county.name,
            chain,
            field: FIELDS.iter().find(|f| f.1 == chain).map_or("", |f| f.0),
            recognised_on: crate::context::date_in(rng, year, 3, 1, 200),
            status: "active",
        };
    }

    let (kind, _, host_kind, levels) = SPECS[weighted_index(rng, SPECS.iter().map(|s| s.1))];
    let level = LEVEL_CODES[weighted_index(rng, levels.iter().copied())];
    let use_enterprise = match host_kind {
        Host::Enterprise => true,
        Host::Institution => false,
        Host::Either => chance(rng, 0.45),
    } && ctx.enterprises > 0;

    let (host_name, host_credit_code, county, field) = if use_enterprise {
        let e = host_enterprise(rng, ctx, kind == "rural_maker_space");
        let county = county_of(e.county_code);
        let field = field_in_chain(rng, e.chains[0]);
        (e.name, e.credit_code, county, field)
    } else {
        let i: DemoInstitution = organisations::institution(ctx, int_between(rng, 0, institutions - 1));
        let name = *pick(rng, &i.fields);
        let field = FIELDS.iter().find(|f| f.0 == name).expect("known field");
        (i.name, i.credit_code, county_of(i.county_code), field)
    };
    let chain = field.1;
    // Specific platforms are named after a keyword of the field.
    let topic = if chance(rng, 0.7) { *pick(rng, field.2) } else { field.0 };
    let field = field.0;
    let prefix = match level {
        "national" => "国家".to_string(),
        "provincial" => "河北省".to_string(),
        "municipal" => "云州市".to_string(),
        _ => county.name.to_string(),
    };
    let name = match kind {
        "key_lab" => format!("{prefix}{topic}重点实验室"),
        "tech_innovation_center" => format!("{prefix}{topic}技术创新中心"),
        "engineering_research_center" => format!("{prefix}{topic}工程研究中心"),
        "enterprise_tech_center" => format!("{host_name}技术中心"),
        "industrial_tech_institute" => format!("{CITY_SHORT}{field}产业技术研究院"),
        "new_rd_institution" => format!("{CITY_SHORT}{}{topic}研究院", brand(rng)),
        "incubator" => format!("{CITY_SHORT}{}科技企业孵化器", brand(rng)),
        "maker_space" => format!("{}众创空间", brand(rng)),
        "rural_maker_space" => format!("{}{}星创天地", county.short, brand(rng)),
        "academician_workstation" => format!("{host_name}院士工作站"),
        "international_cooperation_base" => format!("{prefix}{topic}国际科技合作基地"),
        _ => format!("{CITY_SHORT}{field}产业技术创新战略联盟"),
    };
    let max_age_days = if level == "national" { 5000 } else { 3650 };
    let recognised_on = ctx.days_ago(int_between(rng, 30, max_age_days));
    let status = match int_between(rng, 0, 99) {
        0..6 => "revoked",
        6..14 if matches!(level, "municipal" | "county") => "cultivating",
        _ => "active",
    };
    DemoPlatform {
        index,
        id,
        name,
        kind,
        level,
        host_name,
        host_credit_code,
        county_code: county.code,
        county_name: county.name,
        chain,
        field,
        recognised_on,
        status,
    }
}

fn county_of(code: &str) -> &'static crate::regions::County {
    COUNTIES.iter().find(|c| c.code == code).expect("a demo county")
}

/// Draws a host enterprise, preferring ones that hold certificates (for
/// rural maker spaces: agricultural ones or ones in rural counties).
fn host_enterprise(rng: &mut DemoRng, ctx: &Ctx, rural: bool) -> DemoEnterprise {
    let mut best = None;
    for _ in 0..if rural { 8 } else { 2 } {
        let e = enterprises::generate(ctx, int_between(rng, 0, ctx.enterprises - 1));
        let fits = if rural {
            e.chains.contains(&"现代农业") || county_of(e.county_code).rural
        } else {
            !e.certificates.is_empty()
        };
        if fits {
            return e;
        }
        best.get_or_insert(e);
    }
    best.expect("at least one draw")
}
