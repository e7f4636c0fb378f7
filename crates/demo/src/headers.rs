//! Column headers of every CSV file: `(Chinese header, English field name)`
//! in column order. The Chinese header is what the sheet shows (as a
//! bureau's Excel sheet would); the English name is the field in code, so
//! an importer can accept either.

/// A file's columns.
pub type Headers = &'static [(&'static str, &'static str)];

pub const REGIONS: Headers = &[
    ("行政区划代码", "code"),
    ("名称", "name"),
    ("拼音", "name_en"),
    ("级别", "level"),
    ("上级代码", "parent_code"),
];

pub const ENTERPRISES: Headers = &[
    ("统一社会信用代码", "credit_code"),
    ("企业名称", "name"),
    ("所在县区", "county_name"),
    ("县区代码", "county_code"),
    ("地址", "address"),
    ("行业代码", "industry_code"),
    ("行业名称", "industry_name"),
    ("产业链", "chains"),
    ("成立日期", "founded_on"),
    ("企业规模", "size"),
    ("是否规上工业企业", "above_scale_industrial"),
    ("是否上市", "listed"),
    ("上市后备", "listing_reserve"),
    ("法定代表人", "legal_representative"),
    ("联系人", "contact_name"),
    ("联系电话", "contact_phone"),
];

pub const ENTERPRISE_FACTS: Headers = &[
    ("统一社会信用代码", "credit_code"),
    ("年度", "year"),
    ("从业人员数", "employees"),
    ("科技活动人员数", "st_staff"),
    ("营业收入（元）", "revenue_yuan"),
    ("高新技术产品（服务）收入（元）", "high_tech_revenue_yuan"),
    ("研发费用（元）", "rd_expense_yuan"),
    ("境内研发费用（元）", "rd_expense_in_china_yuan"),
    ("资产总额（元）", "total_assets_yuan"),
    ("净资产（元）", "net_assets_yuan"),
    ("有效发明专利数", "invention_patents"),
    ("实用新型专利数", "utility_models"),
    ("软件著作权数", "software_copyrights"),
    ("PCT专利申请数", "pct_applications"),
];

pub const CERTIFICATES: Headers = &[
    ("统一社会信用代码", "credit_code"),
    ("企业名称", "enterprise_name"),
    ("资质类型", "kind"),
    ("证书编号", "number"),
    ("发证日期", "issued_on"),
    ("有效期至", "expires_on"),
];

pub const PLATFORMS: Headers = &[
    ("平台编号", "id"),
    ("平台名称", "name"),
    ("平台类型", "kind"),
    ("级别", "level"),
    ("依托单位", "host_name"),
    ("依托单位统一社会信用代码", "host_credit_code"),
    ("所在县区", "county_name"),
    ("县区代码", "county_code"),
    ("产业链", "chain"),
    ("技术领域", "field"),
    ("认定日期", "recognised_on"),
    ("运行状态", "status"),
];

pub const EXPERTS: Headers = &[
    ("专家编号", "id"),
    ("姓名", "name"),
    ("性别", "gender"),
    ("出生年份", "birth_year"),
    ("工作单位", "affiliation"),
    ("职称", "title"),
    ("专业领域", "fields"),
    ("研究方向关键词", "keywords"),
    ("所在地区", "region"),
    ("是否院士", "academician"),
    ("可参加专家问诊", "clinic_available"),
    ("联系电话", "phone"),
    ("电子邮箱", "email"),
];

pub const INSTITUTIONS: Headers = &[
    ("统一社会信用代码", "credit_code"),
    ("单位名称", "name"),
    ("单位类型", "kind"),
    ("隶属关系", "affiliation"),
    ("所在县区", "county_name"),
    ("县区代码", "county_code"),
    ("成立年份", "founded_year"),
    ("职工人数", "staff"),
    ("研究人员数", "researchers"),
    ("研究领域", "fields"),
    ("地址", "address"),
    ("联系人", "contact_name"),
    ("联系电话", "contact_phone"),
];

pub const SERVICE_AGENCIES: Headers = &[
    ("统一社会信用代码", "credit_code"),
    ("机构名称", "name"),
    ("服务类型", "kind"),
    ("所在县区", "county_name"),
    ("县区代码", "county_code"),
    ("成立日期", "founded_on"),
    ("是否示范机构", "demonstration"),
    ("上年服务企业数", "clients_last_year"),
    ("地址", "address"),
    ("联系人", "contact_name"),
    ("联系电话", "contact_phone"),
];

pub const INVESTORS: Headers = &[
    ("统一社会信用代码", "credit_code"),
    ("机构名称", "name"),
    ("机构类型", "kind"),
    ("管理资金规模（元）", "managed_capital_yuan"),
    ("投资领域", "focus_chains"),
    ("所在县区", "county_name"),
    ("县区代码", "county_code"),
    ("成立日期", "founded_on"),
    ("联系人", "contact_name"),
    ("联系电话", "contact_phone"),
];

/// Every CSV file the generator writes, with its columns, in writing order.
pub const FILES: &[(&str, Headers)] = &[
    ("regions.csv", REGIONS),
    ("enterprises.csv", ENTERPRISES),
    ("enterprise_facts.csv", ENTERPRISE_FACTS),
    ("certificates.csv", CERTIFICATES),
    ("platforms.csv", PLATFORMS),
    ("experts.csv", EXPERTS),
    ("institutions.csv", INSTITUTIONS),
    ("service_agencies.csv", SERVICE_AGENCIES),
    ("investors.csv", INVESTORS),
];

/// Separator between the items of a list-valued cell (产业链, 专业领域 ...).
pub const LIST_SEPARATOR: &str = "、";
