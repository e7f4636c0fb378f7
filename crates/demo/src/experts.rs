//! Experts (专家库): local researchers and engineers plus experts from
//! Beijing-Tianjin, elsewhere in China and abroad, with fictional
//! affiliations outside the demo city.

use serde::Serialize;

use crate::context::Ctx;
use crate::enterprises;
use crate::industries::{FIELDS, field_in_chain};
use crate::names::{self, push_digits};
use crate::organisations;
use crate::random::{DemoRng, Stream, chance, entity_rng, int_between, pick, weighted_index};

/// An expert in the bureau's expert pool.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoExpert {
    pub index: u64,
    /// Register number, e.g. "ZJ000123".
    pub id: String,
    pub name: String,
    /// "男" | "女".
    pub gender: &'static str,
    pub birth_year: i32,
    pub affiliation: String,
    /// Professional title, e.g. "教授", "高级工程师".
    pub title: &'static str,
    pub fields: Vec<&'static str>,
    pub keywords: Vec<&'static str>,
    /// "local" | "beijing_tianjin" | "elsewhere" | "abroad".
    pub region: &'static str,
    pub academician: bool,
    /// Available for the bureau's expert clinics (专家问诊).
    pub clinic_available: bool,
    pub phone: String,
    pub email: String,
}

/// Fictional affiliations outside the demo city.
const BEIJING_TIANJIN: &[&str] = &[
    "北京燕川理工大学",
    "北京京西科技大学",
    "北京西山材料研究院",
    "北京中衡智能技术研究院",
    "天津海澜大学",
    "天津渤湾工业大学",
    "天津临港生物医药研究院",
];
const ELSEWHERE: &[&str] = &[
    "东岳理工大学",
    "西岭大学",
    "南溪农业大学",
    "澄湖科技大学",
    "滨江医科大学",
    "中原先进制造研究院",
    "江岸新材料研究所",
    "岭南海岳信息技术研究院",
];
const ABROAD: &[&str] = &[
    "（境外）北岸理工大学",
    "（境外）湖畔医学研究所",
    "（境外）西港应用技术大学",
    "（境外）枫谷能源研究中心",
];

/// The chain a specialised outside affiliation works in, judged by its name.
fn specialty(affiliation: &str) -> Option<&'static str> {
    const HINTS: &[(&str, &str)] = &[
        ("材料", "新材料"),
        ("医", "生物医药"),
        ("信息", "新一代信息技术"),
        ("智能", "新一代信息技术"),
        ("制造", "高端装备"),
        ("能源", "新能源"),
        ("农业", "现代农业"),
    ];
    HINTS
        .iter()
        .find(|(hint, _)| affiliation.contains(hint))
        .map(|(_, chain)| *chain)
}

const UNIVERSITY_TITLES: &[(&str, u32)] = &[("教授", 45), ("副教授", 35), ("研究员", 10), ("讲师", 10)];
const INSTITUTE_TITLES: &[(&str, u32)] = &[
    ("研究员", 40),
    ("副研究员", 35),
    ("正高级工程师", 15),
    ("高级工程师", 10),
];
const ENTERPRISE_TITLES: &[(&str, u32)] = &[
    ("高级工程师", 50),
    ("正高级工程师", 25),
    ("工程师", 20),
    ("高级经济师", 5),
];
const AGRI_TITLES: &[(&str, u32)] = &[("农业技术推广研究员", 30), ("高级农艺师", 50), ("研究员", 20)];

fn title(rng: &mut DemoRng, table: &[(&'static str, u32)]) -> &'static str {
    table[weighted_index(rng, table.iter().map(|t| t.1))].0
}

#[derive(Clone, Copy)]
enum Affiliation {
    University,
    Institute,
    Enterprise,
}

/// Expert `index`.
pub(crate) fn expert(ctx: &Ctx, index: u64, institutions: u64) -> DemoExpert {
    let mut rng = entity_rng(ctx.seed, Stream::Expert, index);
    let rng = &mut rng;
    let person = names::person(rng);
    let region = ["local", "beijing_tianjin", "elsewhere", "abroad"][weighted_index(rng, [55, 25, 15, 5].into_iter())];
    let academician = chance(rng, if region == "local" { 0.002 } else { 0.015 });

    // Affiliation first; the main field then fits the affiliation.
    let (affiliation, field, kind) = match region {
        "local" if ctx.enterprises > 0 && chance(rng, 0.45) && !academician => {
            let e = enterprises::generate(ctx, int_between(rng, 0, ctx.enterprises - 1));
            let field = field_in_chain(rng, e.chains[0]);
            (e.name, field, Affiliation::Enterprise)
        }
        "local" => {
            let i = organisations::institution(ctx, int_between(rng, 0, institutions - 1));
            let name = *pick(rng, &i.fields);
            let field = FIELDS.iter().find(|f| f.0 == name).expect("known field");
            let kind = if i.kind == "university" {
                Affiliation::University
            } else {
                Affiliation::Institute
            };
            (i.name, field, kind)
        }
        other => {
            let list = match other {
                "beijing_tianjin" => BEIJING_TIANJIN,
                "elsewhere" => ELSEWHERE,
                _ => ABROAD,
            };
            let aff = *pick(rng, list);
            let kind = if aff.contains("大学") {
                Affiliation::University
            } else {
                Affiliation::Institute
            };
            let field = match specialty(aff) {
                Some(chain) => field_in_chain(rng, chain),
                None => pick(rng, FIELDS),
            };
            (aff.to_string(), field, kind)
        }
    };
    let agri = field.1 == "现代农业";
    let title = title(
        rng,
        match (kind, agri) {
            (Affiliation::University, _) => UNIVERSITY_TITLES,
            (_, true) => AGRI_TITLES,
            (Affiliation::Enterprise, false) => ENTERPRISE_TITLES,
            (Affiliation::Institute, false) => INSTITUTE_TITLES,
        },
    );
    let title = if academician {
        if affiliation.contains("大学") {
            "教授"
        } else {
            "研究员"
        }
    } else {
        title
    };

    let mut fields = vec![field.0];
    let mut keywords: Vec<&'static str> = Vec::with_capacity(4);
    let second = pick(rng, FIELDS);
    if second.1 == field.1 && second.0 != field.0 && chance(rng, 0.7) || chance(rng, 0.1) && second.0 != field.0 {
        fields.push(second.0);
    }
    let wanted = int_between(rng, 2, 4) as usize;
    while keywords.len() < wanted {
        let source = if keywords.len() % 2 == 1 && fields.len() > 1 {
            second
        } else {
            field
        };
        let kw = *pick(rng, source.2);
        if !keywords.contains(&kw) {
            keywords.push(kw);
        }
    }

    let age = if academician {
        int_between(rng, 52, 80)
    } else {
        int_between(rng, 30, 68)
    };
    let mut id = String::from("ZJ");
    push_digits(&mut id, index + 1, 6);
    let domain = match region {
        "local" => "yunzhou.example",
        "beijing_tianjin" => "jingjin.example",
        "elsewhere" => "mail.example",
        _ => "abroad.example",
    };
    let email = format!("{}{}@{domain}", person.pinyin, int_between(rng, 1, 99));
    DemoExpert {
        index,
        id,
        name: person.name,
        gender: person.gender,
        birth_year: ctx.year() - age as i32,
        affiliation,
        title,
        fields,
        keywords,
        region,
        academician,
        clinic_available: chance(rng, 0.45),
        phone: names::mobile(rng),
        email,
    }
}
