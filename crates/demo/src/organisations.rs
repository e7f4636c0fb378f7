//! Universities and research institutes, science and technology service
//! agencies, and investors of the demo city. All names are fictional.

use chrono::NaiveDate;
use serde::Serialize;

use crate::codes::{AGENCY_BASE, INSTITUTION_BASE, INVESTOR_BASE};
use crate::context::Ctx;
use crate::industries::{CHAINS, FIELDS};
use crate::names::{self, address, brand, landline, mobile};
use crate::random::{Stream, between, chance, entity_rng, int_between, pick, skewed_low, weighted_index};
use crate::regions::{CITY_SHORT, COUNTIES};

/// A university, research institute or new R&D institution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoInstitution {
    pub index: u64,
    pub credit_code: String,
    pub name: String,
    /// "university" | "research_institute" | "new_rd_institution".
    pub kind: &'static str,
    /// Who runs it: "省属", "市属" or "民办".
    pub affiliation: &'static str,
    pub county_code: &'static str,
    pub county_name: &'static str,
    pub founded_year: i32,
    pub staff: u32,
    pub researchers: u32,
    pub fields: Vec<&'static str>,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
}

/// A fixed institution: (name, kind, affiliation, county index, founded
/// year, indexes into the field list).
type FixedInstitution = (&'static str, &'static str, &'static str, usize, i32, &'static [usize]);

/// The fixed institutions every demo city has.
#[rustfmt::skip]
const FIXED_INSTITUTIONS: &[FixedInstitution] = &[
    ("云州大学", "university", "省属", 0, 1958, &[0, 1, 11, 17]),
    ("云州理工学院", "university", "省属", 1, 1978, &[4, 6, 12, 13]),
    ("云州医学院", "university", "省属", 0, 1951, &[8, 9, 10]),
    ("云州职业技术学院", "university", "市属", 2, 2003, &[4, 20]),
    ("云州农业科学院", "research_institute", "市属", 3, 1960, &[19, 20, 21]),
    ("云州市工业技术研究院", "research_institute", "市属", 5, 2012, &[3, 4, 6]),
    ("云州市化工研究所", "research_institute", "市属", 1, 1972, &[11, 13]),
    ("云州市环境科学研究院", "research_institute", "市属", 0, 1985, &[17, 18]),
    ("云州市中医药研究所", "research_institute", "市属", 4, 1979, &[10]),
    ("云州智能制造研究院", "new_rd_institution", "民办", 5, 2019, &[3, 4]),
    ("云州新材料产业技术研究院", "new_rd_institution", "民办", 5, 2020, &[11, 12, 13]),
    ("云州生物医药创新研究院", "new_rd_institution", "民办", 5, 2021, &[8, 9]),
];

/// Number of institutions that exist regardless of city size.
pub(crate) const FIXED_INSTITUTION_COUNT: u64 = FIXED_INSTITUTIONS.len() as u64;

/// Institution `index`: the fixed list first, then generated institutes.
pub(crate) fn institution(ctx: &Ctx, index: u64) -> DemoInstitution {
    let mut rng = entity_rng(ctx.seed, Stream::Institution, index);
    let rng = &mut rng;
    let year = ctx.year();
    let (name, kind, affiliation, county, founded_year, fields) = match FIXED_INSTITUTIONS.get(index as usize) {
        Some(&(name, kind, aff, county, founded, fields)) => (
            name.to_string(),
            kind,
            aff,
            &COUNTIES[county],
            founded,
            fields.iter().map(|&f| FIELDS[f].0).collect::<Vec<_>>(),
        ),
        None => {
            let field = pick(rng, FIELDS);
            let new_rd = chance(rng, 0.6);
            let county = &COUNTIES[int_between(rng, 0, COUNTIES.len() as u64 - 1) as usize];
            let name = format!(
                "{CITY_SHORT}{}{}{}",
                brand(rng),
                field.0,
                if new_rd { "研究院" } else { "研究所" }
            );
            let founded = year
                - if new_rd {
                    int_between(rng, 1, 10)
                } else {
                    int_between(rng, 10, 45)
                } as i32;
            let kind = if new_rd {
                "new_rd_institution"
            } else {
                "research_institute"
            };
            (
                name,
                kind,
                if new_rd { "民办" } else { "市属" },
                county,
                founded,
                vec![field.0],
            )
        }
    };
    let vocational = name.contains("职业");
    let staff = match kind {
        "university" if vocational => int_between(rng, 300, 800),
        "university" => int_between(rng, 600, 3200),
        "research_institute" => int_between(rng, 40, 420),
        _ => int_between(rng, 25, 260),
    } as u32;
    let share = if vocational {
        between(rng, 0.15, 0.35)
    } else {
        between(rng, 0.45, 0.8)
    };
    let researchers = (staff as f64 * share).round() as u32;
    let prefix = if kind == "new_rd_institution" { "52" } else { "12" };
    let credit_code = ctx
        .keys
        .credit_code(prefix, county.code, INSTITUTION_BASE + index, founded_year >= 2016);
    DemoInstitution {
        index,
        credit_code,
        name,
        kind,
        affiliation,
        county_code: county.code,
        county_name: county.name,
        founded_year,
        staff,
        researchers,
        fields,
        address: address(rng, county),
        contact_name: names::person(rng).name,
        contact_phone: landline(rng),
    }
}

/// A science and technology service agency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoServiceAgency {
    pub index: u64,
    pub credit_code: String,
    pub name: String,
    /// See [`crate::labels::AGENCY_KINDS`].
    pub kind: &'static str,
    pub county_code: &'static str,
    pub county_name: &'static str,
    pub founded_on: NaiveDate,
    /// Recognised as a demonstration (示范) agency.
    pub demonstration: bool,
    pub clients_last_year: u32,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
}

/// (kind, weight, name endings).
#[rustfmt::skip]
const AGENCY_SPECS: &[(&str, u32, &[&str])] = &[
    ("tech_transfer", 18, &["技术转移服务有限公司", "科技成果转化服务有限公司"]),
    ("ip", 22, &["知识产权代理有限公司", "知识产权服务有限公司"]),
    ("testing", 20, &["检测技术有限公司", "检验检测有限公司"]),
    ("consulting", 20, &["科技咨询有限公司", "科技信息咨询有限公司"]),
    ("finance", 8, &["科技融资担保有限公司", "科技小额贷款有限公司"]),
    ("incubation", 12, &["孵化器管理有限公司", "创业服务有限公司"]),
];

/// Service agency `index`.
pub(crate) fn service_agency(ctx: &Ctx, index: u64) -> DemoServiceAgency {
    let mut rng = entity_rng(ctx.seed, Stream::Agency, index);
    let rng = &mut rng;
    let (kind, _, endings) = AGENCY_SPECS[weighted_index(rng, AGENCY_SPECS.iter().map(|s| s.1))];
    let county = &COUNTIES[weighted_index(rng, COUNTIES.iter().map(|c| c.enterprise_weight))];
    let founded_on = ctx.days_ago((skewed_low(rng, 0.5, 25.0) * 365.25) as u64);
    let name = format!("{CITY_SHORT}{}{}", brand(rng), pick(rng, endings));
    let demonstration = chance(rng, 0.12);
    let clients = skewed_low(rng, 3.0, if demonstration { 600.0 } else { 180.0 }) as u32;
    DemoServiceAgency {
        index,
        credit_code: ctx.keys.credit_code(
            "91",
            county.code,
            AGENCY_BASE + index,
            chrono::Datelike::year(&founded_on) >= 2016,
        ),
        name,
        kind,
        county_code: county.code,
        county_name: county.name,
        founded_on,
        demonstration,
        clients_last_year: clients,
        address: address(rng, county),
        contact_name: names::person(rng).name,
        contact_phone: mobile(rng),
    }
}

/// An investor or fund.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoInvestor {
    pub index: u64,
    pub credit_code: String,
    pub name: String,
    /// See [`crate::labels::INVESTOR_KINDS`].
    pub kind: &'static str,
    /// Capital under management (for banks: technology loan book), yuan.
    pub managed_capital_yuan: i64,
    /// Industry chains it prefers.
    pub focus_chains: Vec<&'static str>,
    pub county_code: &'static str,
    pub county_name: &'static str,
    pub founded_on: NaiveDate,
    pub contact_name: String,
    pub contact_phone: String,
}

/// (kind, weight, capital range in 100 million yuan).
const INVESTOR_SPECS: &[(&str, u32, f64, f64)] = &[
    ("angel", 25, 0.05, 1.0),
    ("venture_capital", 35, 0.5, 10.0),
    ("private_equity", 20, 2.0, 50.0),
    ("guidance_fund", 8, 1.0, 20.0),
    ("bank", 12, 1.0, 30.0),
];

/// Investor `index`; investor 0 is always the city's guidance fund.
pub(crate) fn investor(ctx: &Ctx, index: u64) -> DemoInvestor {
    let mut rng = entity_rng(ctx.seed, Stream::Investor, index);
    let rng = &mut rng;
    let spec = if index == 0 {
        INVESTOR_SPECS[3]
    } else {
        INVESTOR_SPECS[weighted_index(rng, INVESTOR_SPECS.iter().map(|s| s.1))]
    };
    let (kind, _, lo, hi) = spec;
    let county = &COUNTIES[weighted_index(rng, COUNTIES.iter().map(|c| c.enterprise_weight))];
    let chain = *pick(rng, CHAINS);
    let name = match kind {
        "guidance_fund" if index == 0 => "云州市科技创新创业投资引导基金".to_string(),
        "guidance_fund" => format!(
            "云州市{chain}产业投资引导基金（{}期）",
            ["一", "二", "三", "四", "五", "六", "七", "八", "九"][(index % 9) as usize]
        ),
        "angel" => format!("{CITY_SHORT}{}天使创业投资合伙企业（有限合伙）", brand(rng)),
        "venture_capital" if chance(rng, 0.5) => {
            format!("{CITY_SHORT}{}创业投资有限公司", brand(rng))
        }
        "venture_capital" => format!("{CITY_SHORT}{}创业投资基金合伙企业（有限合伙）", brand(rng)),
        "private_equity" => format!("{CITY_SHORT}{}股权投资基金管理有限公司", brand(rng)),
        _ => format!("云州{}银行{}科技支行", brand(rng), county.short),
    };
    let mut focus_chains = vec![chain];
    let other = *pick(rng, CHAINS);
    if other != chain && chance(rng, 0.6) {
        focus_chains.push(other);
    }
    let founded_on = ctx.days_ago((skewed_low(rng, 0.5, 20.0) * 365.25) as u64);
    let capital = (skewed_low(rng, lo, hi) * 1e8 / 1e4).round() as i64 * 10_000;
    DemoInvestor {
        index,
        credit_code: ctx.keys.credit_code(
            "91",
            county.code,
            INVESTOR_BASE + index,
            chrono::Datelike::year(&founded_on) >= 2016,
        ),
        name,
        kind,
        managed_capital_yuan: capital,
        focus_chains,
        county_code: county.code,
        county_name: county.name,
        founded_on,
        contact_name: names::person(rng).name,
        contact_phone: mobile(rng),
    }
}
