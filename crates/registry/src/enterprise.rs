//! Enterprises, their yearly facts and certificates: the sheet and form
//! fields, and validation of one row or form into what the store keeps.

use crate::store::EnterpriseFields;
use crate::{Certificate, CertificateKind, YearFacts};
use kechuang_kernel::credit_code::CreditCode;

use crate::record::FieldIssue;
use crate::regions::RegionIndex;
use crate::spec::{FieldSpec, FieldType::*, KindSpec, Place::*};
use crate::value::{Value, read};
use crate::vocab;

const fn f(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    ty: crate::spec::FieldType,
    place: crate::spec::Place,
    required: bool,
    aliases: &'static [&'static str],
) -> FieldSpec {
    FieldSpec {
        key,
        zh,
        en,
        ty,
        place,
        required,
        aliases,
        listed: false,
    }
}

/// The enterprise sheet and form. Places other than Code/Name/Region/Chains/
/// Contact are read by key.
pub static ENTERPRISE: KindSpec = KindSpec {
    kind: "enterprise",
    plural: "enterprises",
    zh: "企业",
    en: "Enterprises",
    fields: &[
        f(
            "credit_code",
            "统一社会信用代码",
            "credit code",
            CreditCode,
            Code,
            true,
            &["信用代码", "社会信用代码", "uscc"],
        ),
        f(
            "name",
            "企业名称",
            "name",
            Text,
            Name,
            true,
            &["名称", "单位名称", "公司名称"],
        ),
        f("former_names", "曾用名", "former names", List, Attr, false, &["原名称"]),
        f(
            "county_name",
            "所在县区",
            "county",
            Text,
            RegionName,
            false,
            &["县区", "所属县区", "所在区县", "区县"],
        ),
        f(
            "county_code",
            "县区代码",
            "county code",
            Text,
            RegionCode,
            false,
            &["行政区划代码", "区划代码"],
        ),
        f(
            "address",
            "地址",
            "address",
            Text,
            Attr,
            false,
            &["注册地址", "企业地址"],
        ),
        f(
            "industry_code",
            "行业代码",
            "industry code",
            Text,
            Attr,
            false,
            &["国民经济行业代码"],
        ),
        f(
            "industry_name",
            "行业名称",
            "industry",
            Text,
            Attr,
            false,
            &["所属行业", "国民经济行业"],
        ),
        f(
            "chains",
            "产业链",
            "industry chains",
            List,
            Chains,
            false,
            &["所属产业链", "chain_tags"],
        ),
        f(
            "founded_on",
            "成立日期",
            "founded on",
            Date,
            Attr,
            false,
            &["注册日期", "成立时间"],
        ),
        f("size", "企业规模", "size", Coded(&vocab::SIZE), Attr, false, &["规模"]),
        f(
            "above_scale_industrial",
            "是否规上工业企业",
            "above-scale industrial",
            Bool,
            Attr,
            false,
            &["规上企业", "是否规上"],
        ),
        f("listed", "是否上市", "listed", Bool, Attr, false, &["上市"]),
        f(
            "listing_reserve",
            "上市后备",
            "listing reserve",
            Bool,
            Attr,
            false,
            &["是否上市后备"],
        ),
        f(
            "legal_representative",
            "法定代表人",
            "legal representative",
            Text,
            Attr,
            false,
            &["法人"],
        ),
        f("contact_name", "联系人", "contact", Text, Contact, false, &[]),
        f(
            "contact_phone",
            "联系电话",
            "phone",
            Text,
            Contact,
            false,
            &["电话", "手机"],
        ),
    ],
};

pub static FACTS: KindSpec = KindSpec {
    kind: "enterprise_facts",
    plural: "facts",
    zh: "企业年度数据",
    en: "Yearly facts",
    fields: &[
        f(
            "credit_code",
            "统一社会信用代码",
            "credit code",
            CreditCode,
            Code,
            true,
            &["信用代码"],
        ),
        f("year", "年度", "year", Int, Attr, true, &["年份"]),
        f(
            "employees",
            "从业人员数",
            "employees",
            Int,
            Attr,
            true,
            &["职工总数", "从业人员"],
        ),
        f(
            "st_staff",
            "科技活动人员数",
            "S&T staff",
            Int,
            Attr,
            true,
            &["科技人员数"],
        ),
        f(
            "revenue_yuan",
            "营业收入（元）",
            "revenue (yuan)",
            Money,
            Attr,
            true,
            &["营业收入", "销售收入"],
        ),
        f(
            "high_tech_revenue_yuan",
            "高新技术产品（服务）收入（元）",
            "high-tech revenue (yuan)",
            Money,
            Attr,
            false,
            &["高新技术产品收入"],
        ),
        f(
            "rd_expense_yuan",
            "研发费用（元）",
            "R&D expense (yuan)",
            Money,
            Attr,
            true,
            &["研发费用", "研发投入"],
        ),
        f(
            "rd_expense_in_china_yuan",
            "境内研发费用（元）",
            "R&D in China (yuan)",
            Money,
            Attr,
            false,
            &["境内研发费用"],
        ),
        f(
            "total_assets_yuan",
            "资产总额（元）",
            "total assets (yuan)",
            Money,
            Attr,
            false,
            &["资产总额"],
        ),
        f(
            "net_assets_yuan",
            "净资产（元）",
            "net assets (yuan)",
            Money,
            Attr,
            false,
            &["净资产"],
        ),
        f(
            "invention_patents",
            "有效发明专利数",
            "invention patents",
            Int,
            Attr,
            false,
            &["发明专利"],
        ),
        f(
            "utility_models",
            "实用新型专利数",
            "utility models",
            Int,
            Attr,
            false,
            &["实用新型"],
        ),
        f(
            "software_copyrights",
            "软件著作权数",
            "software copyrights",
            Int,
            Attr,
            false,
            &["软件著作权"],
        ),
        f(
            "pct_applications",
            "PCT专利申请数",
            "PCT applications",
            Int,
            Attr,
            false,
            &["PCT申请数"],
        ),
    ],
};

pub static CERTIFICATES: KindSpec = KindSpec {
    kind: "certificate",
    plural: "certificates",
    zh: "企业资质证书",
    en: "Certificates",
    fields: &[
        f(
            "credit_code",
            "统一社会信用代码",
            "credit code",
            CreditCode,
            Code,
            true,
            &["信用代码"],
        ),
        f("enterprise_name", "企业名称", "enterprise", Text, Name, false, &[]),
        f(
            "kind",
            "资质类型",
            "kind",
            Text,
            Attr,
            true,
            &["资质", "证书类型", "认定类型"],
        ),
        f("number", "证书编号", "number", Text, Attr, true, &["编号", "入库编号"]),
        f(
            "issued_on",
            "发证日期",
            "issued on",
            Date,
            Attr,
            true,
            &["认定日期", "发证时间"],
        ),
        f(
            "expires_on",
            "有效期至",
            "expires on",
            Date,
            Attr,
            false,
            &["到期日期", "有效期"],
        ),
    ],
};

/// Every field of a spec read once, in the spec's order.
struct Values {
    spec: &'static KindSpec,
    values: Vec<Value>,
}

impl Values {
    /// Reads every field of `spec`, collecting issues.
    fn read(spec: &'static KindSpec, get: &dyn Fn(&str) -> String, issues: &mut Vec<FieldIssue>) -> Values {
        let values = spec
            .fields
            .iter()
            .map(|fs| {
                let raw = get(fs.key);
                read(fs, &raw).unwrap_or_else(|reason| {
                    issues.push(FieldIssue {
                        key: fs.key,
                        column: fs.zh,
                        value: raw,
                        reason,
                    });
                    Value::Empty
                })
            })
            .collect();
        Values { spec, values }
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.spec
            .fields
            .iter()
            .position(|f| f.key == key)
            .map(|i| &self.values[i])
    }
}

fn issue(spec: &KindSpec, key: &'static str, value: String, reason: String) -> FieldIssue {
    FieldIssue {
        key,
        column: spec.field(key).map_or(key, |f| f.zh),
        value,
        reason,
    }
}

/// Reads an enterprise from `get(key)`.
pub fn parse_enterprise(
    get: &dyn Fn(&str) -> String,
    regions: &RegionIndex,
) -> Result<(CreditCode, EnterpriseFields), Vec<FieldIssue>> {
    let mut issues = Vec::new();
    let v = Values::read(&ENTERPRISE, get, &mut issues);
    let text = |k: &str| v.get(k).map(Value::text).unwrap_or_default();
    let list = |k: &str| match v.get(k) {
        Some(Value::List(l)) => serde_json::to_string(l).unwrap_or_else(|_| "[]".into()),
        _ => "[]".into(),
    };
    let flag = |k: &str| matches!(v.get(k), Some(Value::Bool(true)));
    let region_id = match regions.resolve(&get("county_name"), &get("county_code")) {
        Ok(id) => id,
        Err(reason) => {
            issues.push(issue(&ENTERPRISE, "county_name", get("county_name"), reason));
            0
        }
    };
    let founded_on = match v.get("founded_on") {
        Some(Value::Date(d)) => Some(d.to_string()),
        _ => None,
    };
    let code = text("credit_code");
    if !issues.is_empty() {
        return Err(issues);
    }
    let code =
        CreditCode::parse(&code).map_err(|e| vec![issue(&ENTERPRISE, "credit_code", code.clone(), e.to_string())])?;
    Ok((
        code,
        EnterpriseFields {
            name: text("name"),
            former_names: list("former_names"),
            region_id,
            address: text("address"),
            industry_code: text("industry_code").to_uppercase(),
            industry_name: text("industry_name"),
            chain_tags: list("chains"),
            founded_on,
            listed: flag("listed"),
            listing_reserve: flag("listing_reserve"),
            contact_name: text("contact_name"),
            contact_phone: text("contact_phone"),
            size: text("size"),
            above_scale_industrial: flag("above_scale_industrial"),
            legal_representative: text("legal_representative"),
        },
    ))
}

/// Reads one year of facts; the domain checks (S&T staff ≤ employees …)
/// are reported against their columns.
pub fn parse_facts(get: &dyn Fn(&str) -> String) -> Result<(String, YearFacts), Vec<FieldIssue>> {
    let mut issues = Vec::new();
    let v = Values::read(&FACTS, get, &mut issues);
    let n = |k: &str| match v.get(k) {
        Some(Value::Int(i) | Value::Money(i)) => *i,
        _ => 0,
    };
    if !issues.is_empty() {
        return Err(issues);
    }
    let year = n("year");
    if !(1990..=2100).contains(&year) {
        return Err(vec![issue(
            &FACTS,
            "year",
            year.to_string(),
            "年度应在1990至2100之间 / year out of range".into(),
        )]);
    }
    let facts = YearFacts {
        year: year as i32,
        employees: n("employees"),
        st_staff: n("st_staff"),
        revenue_fen: n("revenue_yuan"),
        high_tech_revenue_fen: n("high_tech_revenue_yuan"),
        rd_expense_fen: n("rd_expense_yuan"),
        rd_expense_in_china_fen: if matches!(v.get("rd_expense_in_china_yuan"), Some(Value::Empty) | None) {
            n("rd_expense_yuan")
        } else {
            n("rd_expense_in_china_yuan")
        },
        total_assets_fen: n("total_assets_yuan"),
        net_assets_fen: n("net_assets_yuan"),
        invention_patents: n("invention_patents"),
        utility_models: n("utility_models"),
        software_copyrights: n("software_copyrights"),
        pct_applications: n("pct_applications"),
    };
    let errors: Vec<FieldIssue> = facts
        .validate()
        .into_iter()
        .map(|e| {
            let key = FACTS
                .fields
                .iter()
                .find(|f| f.key == e.field || f.key.trim_end_matches("_yuan") == e.field.trim_end_matches("_fen"))
                .map_or("year", |f| f.key);
            issue(&FACTS, key, get(key), e.message)
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((v.get("credit_code").map(Value::text).unwrap_or_default(), facts))
}

/// Reads one certificate; a blank expiry is the kind's statutory validity.
pub fn parse_certificate(get: &dyn Fn(&str) -> String) -> Result<(String, Certificate), Vec<FieldIssue>> {
    let mut issues = Vec::new();
    let v = Values::read(&CERTIFICATES, get, &mut issues);
    let kind = match CertificateKind::parse(&get("kind")) {
        Ok(k) => Some(k),
        Err(e) => {
            if !get("kind").trim().is_empty() {
                issues.push(issue(&CERTIFICATES, "kind", get("kind"), e.to_string()));
            }
            None
        }
    };
    let date = |k: &str| match v.get(k) {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    };
    let (Some(kind), Some(issued_on), true) = (kind, date("issued_on"), issues.is_empty()) else {
        return Err(issues);
    };
    let cert = Certificate {
        kind,
        number: get("number").trim().to_owned(),
        issued_on,
        expires_on: date("expires_on").unwrap_or_else(|| kind.default_expiry(issued_on)),
    };
    cert.validate()
        .map_err(|e| vec![issue(&CERTIFICATES, "expires_on", get("expires_on"), e.to_string())])?;
    Ok((v.get("credit_code").map(Value::text).unwrap_or_default(), cert))
}
