//! Code values used in the generated data and the Chinese labels written to
//! the CSV sheets for them, as `(code, 中文)` pairs. Importers use these to
//! map a sheet's Chinese cell values back to codes.

/// Enterprise certificates (glossary names).
pub const CERTIFICATE_KINDS: &[(&str, &str)] = &[
    ("tech_sme", "科技型中小企业"),
    ("high_tech_enterprise", "高新技术企业"),
    ("specialized_sme", "专精特新中小企业"),
    ("gazelle", "瞪羚企业"),
    ("unicorn_seed", "独角兽种子企业"),
    ("leading_enterprise", "科技领军企业"),
    ("little_giant", "科技小巨人"),
];

/// Enterprise size classes (统计上大中小微型企业划分).
pub const ENTERPRISE_SIZES: &[(&str, &str)] = &[
    ("large", "大型"),
    ("medium", "中型"),
    ("small", "小型"),
    ("micro", "微型"),
];

/// Innovation platform kinds (glossary `platform_kind`).
pub const PLATFORM_KINDS: &[(&str, &str)] = &[
    ("key_lab", "重点实验室"),
    ("tech_innovation_center", "技术创新中心"),
    ("engineering_research_center", "工程研究中心"),
    ("enterprise_tech_center", "企业技术中心"),
    ("industrial_tech_institute", "产业技术研究院"),
    ("new_rd_institution", "新型研发机构"),
    ("incubator", "科技企业孵化器"),
    ("maker_space", "众创空间"),
    ("rural_maker_space", "星创天地"),
    ("academician_workstation", "院士工作站"),
    ("international_cooperation_base", "国际科技合作基地"),
    ("industry_alliance", "产业技术创新战略联盟"),
    ("high_tech_zone", "高新区"),
    ("development_zone", "开发区"),
    ("agri_tech_park", "农业科技园区"),
];

/// Platform levels.
pub const LEVELS: &[(&str, &str)] = &[
    ("national", "国家级"),
    ("provincial", "省级"),
    ("municipal", "市级"),
    ("county", "县级"),
];

/// Platform status.
pub const PLATFORM_STATUSES: &[(&str, &str)] =
    &[("active", "运行中"), ("cultivating", "培育中"), ("revoked", "已撤销")];

/// Where an expert is based.
pub const EXPERT_REGIONS: &[(&str, &str)] = &[
    ("local", "本地"),
    ("beijing_tianjin", "京津"),
    ("elsewhere", "国内其他地区"),
    ("abroad", "境外"),
];

/// Institution kinds.
pub const INSTITUTION_KINDS: &[(&str, &str)] = &[
    ("university", "高等学校"),
    ("research_institute", "科研院所"),
    ("new_rd_institution", "新型研发机构"),
];

/// Service agency kinds.
pub const AGENCY_KINDS: &[(&str, &str)] = &[
    ("tech_transfer", "技术转移"),
    ("ip", "知识产权"),
    ("testing", "检验检测"),
    ("consulting", "科技咨询"),
    ("finance", "科技金融"),
    ("incubation", "创业孵化"),
];

/// Investor kinds.
pub const INVESTOR_KINDS: &[(&str, &str)] = &[
    ("angel", "天使投资"),
    ("venture_capital", "创业投资"),
    ("private_equity", "私募股权投资"),
    ("guidance_fund", "政府引导基金"),
    ("bank", "科技信贷银行"),
];

/// Region levels.
pub const REGION_LEVELS: &[(&str, &str)] = &[("province", "省"), ("city", "市"), ("county", "县区")];

/// Chinese label of `code` in `table`; the code itself if unknown.
pub fn label<'a>(table: &[(&'a str, &'a str)], code: &'a str) -> &'a str {
    table.iter().find(|(c, _)| *c == code).map_or(code, |(_, l)| *l)
}

/// Code of the Chinese `label` in `table`, if any.
pub fn code_of<'a>(table: &[(&'a str, &'a str)], label: &str) -> Option<&'a str> {
    table.iter().find(|(_, l)| *l == label).map(|(c, _)| *c)
}

/// 是 / 否 as written in the sheets.
pub fn yes_no(value: bool) -> &'static str {
    if value { "是" } else { "否" }
}
