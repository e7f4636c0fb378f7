//! Field specifications: one table per kind of registry record saying, for
//! every field, its key, its Chinese and English names, its type, where it
//! is stored and whether it is required. Import templates, forms, detail
//! pages and exports are all driven by these tables, so a sheet column, a
//! form input and an export column of the same field always agree.

use crate::vocab::{self, Vocabulary};

/// How a field's text is read.
pub enum FieldType {
    Text,
    /// Several values separated by 、 , ; or ；.
    List,
    Int,
    Date,
    Bool,
    /// A yuan amount, stored in fen.
    Money,
    /// A unified social credit code (checked).
    CreditCode,
    Coded(&'static Vocabulary),
}

/// Where a field's value goes in a stored record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The record's key (credit code or number).
    Code,
    Name,
    /// The county by name.
    RegionName,
    /// The county by division code.
    RegionCode,
    Category,
    Level,
    Area,
    Status,
    Chains,
    /// A platform's host by credit code.
    Host,
    /// A public kind-specific field.
    Attr,
    /// Private contact data (bureau roles and the record's own users only).
    Contact,
}

pub struct FieldSpec {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub ty: FieldType,
    pub place: Place,
    pub required: bool,
    pub aliases: &'static [&'static str],
    /// Shown in list tables.
    pub listed: bool,
}

/// A kind of registry record.
pub struct KindSpec {
    /// The stored kind and route segment (e.g. `platform`).
    pub kind: &'static str,
    /// The route segment of the list (e.g. `platforms`).
    pub plural: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub fields: &'static [FieldSpec],
}

impl KindSpec {
    pub fn field(&self, key: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.key == key)
    }
    /// The field stored at `place`, if the kind has one.
    pub fn at(&self, place: Place) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.place == place)
    }
}

const fn f(key: &'static str, zh: &'static str, en: &'static str, ty: FieldType, place: Place) -> FieldSpec {
    FieldSpec {
        key,
        zh,
        en,
        ty,
        place,
        required: false,
        aliases: &[],
        listed: false,
    }
}

const fn req(mut s: FieldSpec) -> FieldSpec {
    s.required = true;
    s
}

const fn list(mut s: FieldSpec) -> FieldSpec {
    s.listed = true;
    s
}

const fn alias(mut s: FieldSpec, aliases: &'static [&'static str]) -> FieldSpec {
    s.aliases = aliases;
    s
}

use FieldType::*;
use Place::*;

const REGION_NAME: FieldSpec = alias(
    f("county_name", "所在县区", "county", Text, RegionName),
    &["县区", "所属县区", "所在区县", "区县"],
);
const REGION_CODE: FieldSpec = alias(
    f("county_code", "县区代码", "county code", Text, RegionCode),
    &["行政区划代码", "区划代码"],
);

pub static PLATFORM: KindSpec = KindSpec {
    kind: "platform",
    plural: "platforms",
    zh: "创新平台",
    en: "Innovation platforms",
    fields: &[
        req(alias(
            f("id", "平台编号", "platform number", Text, Code),
            &["编号", "number"],
        )),
        list(req(alias(f("name", "平台名称", "name", Text, Name), &["名称"]))),
        list(req(alias(
            f("kind", "平台类型", "kind", Coded(&vocab::PLATFORM_KIND), Category),
            &["类型", "类别"],
        ))),
        list(req(f("level", "级别", "level", Coded(&vocab::LEVEL), Level))),
        list(alias(
            f("host_name", "依托单位", "host", Text, Attr),
            &["依托单位名称", "建设单位"],
        )),
        f(
            "host_credit_code",
            "依托单位统一社会信用代码",
            "host credit code",
            CreditCode,
            Host,
        ),
        list(REGION_NAME),
        REGION_CODE,
        alias(f("chain", "产业链", "industry chain", List, Chains), &["所属产业链"]),
        f("field", "技术领域", "technology field", Text, Attr),
        f("recognised_on", "认定日期", "recognised on", Date, Attr),
        list(alias(
            f("status", "运行状态", "status", Coded(&vocab::PLATFORM_STATUS), Status),
            &["状态"],
        )),
    ],
};

pub static EXPERT: KindSpec = KindSpec {
    kind: "expert",
    plural: "experts",
    zh: "专家人才",
    en: "Experts and talent",
    fields: &[
        req(alias(
            f("id", "专家编号", "expert number", Text, Code),
            &["编号", "number"],
        )),
        list(req(f("name", "姓名", "name", Text, Name))),
        f("gender", "性别", "gender", Coded(&vocab::GENDER), Attr),
        f("birth_year", "出生年份", "birth year", Int, Attr),
        list(alias(
            f("affiliation", "工作单位", "affiliation", Text, Attr),
            &["单位", "所在单位"],
        )),
        list(f("title", "职称", "title", Text, Attr)),
        list(alias(
            f("fields", "专业领域", "fields", List, Attr),
            &["领域", "研究领域"],
        )),
        alias(
            f("keywords", "研究方向关键词", "keywords", List, Attr),
            &["关键词", "研究方向"],
        ),
        list(alias(
            f("region", "所在地区", "home region", Coded(&vocab::EXPERT_REGION), Area),
            &["地区", "来源地区"],
        )),
        f("academician", "是否院士", "academician", Bool, Attr),
        f("team", "是否创新团队", "innovation team", Bool, Attr),
        alias(
            f(
                "clinic_available",
                "可参加专家问诊",
                "available for clinic tours",
                Bool,
                Attr,
            ),
            &["可参加问诊"],
        ),
        alias(f("phone", "联系电话", "phone", Text, Contact), &["电话", "手机"]),
        alias(f("email", "电子邮箱", "e-mail", Text, Contact), &["邮箱"]),
    ],
};

pub static INSTITUTION: KindSpec = KindSpec {
    kind: "institution",
    plural: "institutions",
    zh: "高校院所",
    en: "Universities and institutes",
    fields: &[
        req(f("credit_code", "统一社会信用代码", "credit code", CreditCode, Code)),
        list(req(alias(
            f("name", "单位名称", "name", Text, Name),
            &["名称", "机构名称"],
        ))),
        list(req(alias(
            f("kind", "单位类型", "kind", Coded(&vocab::INSTITUTION_KIND), Category),
            &["类型"],
        ))),
        list(f("affiliation", "隶属关系", "affiliation", Text, Attr)),
        list(REGION_NAME),
        REGION_CODE,
        f("founded_year", "成立年份", "founded", Int, Attr),
        list(f("staff", "职工人数", "staff", Int, Attr)),
        f("researchers", "研究人员数", "researchers", Int, Attr),
        f("fields", "研究领域", "fields", List, Attr),
        f("address", "地址", "address", Text, Attr),
        f("contact_name", "联系人", "contact", Text, Contact),
        f("contact_phone", "联系电话", "phone", Text, Contact),
    ],
};

pub static SERVICE_AGENCY: KindSpec = KindSpec {
    kind: "service_agency",
    plural: "agencies",
    zh: "科技服务机构",
    en: "Service agencies",
    fields: &[
        req(f("credit_code", "统一社会信用代码", "credit code", CreditCode, Code)),
        list(req(alias(
            f("name", "机构名称", "name", Text, Name),
            &["名称", "单位名称"],
        ))),
        list(req(alias(
            f("kind", "服务类型", "kind", Coded(&vocab::AGENCY_KIND), Category),
            &["类型", "机构类型"],
        ))),
        list(REGION_NAME),
        REGION_CODE,
        f("founded_on", "成立日期", "founded on", Date, Attr),
        list(f("demonstration", "是否示范机构", "demonstration agency", Bool, Attr)),
        list(f("clients_last_year", "上年服务企业数", "clients last year", Int, Attr)),
        f("address", "地址", "address", Text, Attr),
        f("contact_name", "联系人", "contact", Text, Contact),
        f("contact_phone", "联系电话", "phone", Text, Contact),
    ],
};

pub static INVESTOR: KindSpec = KindSpec {
    kind: "investor",
    plural: "investors",
    zh: "投资机构",
    en: "Investors and funds",
    fields: &[
        req(f("credit_code", "统一社会信用代码", "credit code", CreditCode, Code)),
        list(req(alias(
            f("name", "机构名称", "name", Text, Name),
            &["名称", "基金名称"],
        ))),
        list(req(alias(
            f("kind", "机构类型", "kind", Coded(&vocab::INVESTOR_KIND), Category),
            &["类型"],
        ))),
        list(alias(
            f(
                "managed_capital_yuan",
                "管理资金规模（元）",
                "managed capital (yuan)",
                Money,
                Attr,
            ),
            &["管理规模", "基金规模"],
        )),
        list(alias(
            f("focus_chains", "投资领域", "focus chains", List, Chains),
            &["投资方向"],
        )),
        list(REGION_NAME),
        REGION_CODE,
        f("founded_on", "成立日期", "founded on", Date, Attr),
        f("contact_name", "联系人", "contact", Text, Contact),
        f("contact_phone", "联系电话", "phone", Text, Contact),
    ],
};

/// Every record kind, in menu order.
pub static RECORD_KINDS: [&KindSpec; 5] = [&PLATFORM, &EXPERT, &INSTITUTION, &SERVICE_AGENCY, &INVESTOR];

/// The spec of a kind by its stored name or its plural route segment.
pub fn kind_spec(name: &str) -> Option<&'static KindSpec> {
    RECORD_KINDS
        .iter()
        .copied()
        .find(|k| k.kind == name || k.plural == name)
}

/// The import template of a kind (for header mapping and downloads).
pub fn template_of(spec: &KindSpec) -> kechuang_sheets::Template {
    kechuang_sheets::Template {
        kind: spec.kind,
        columns: spec
            .fields
            .iter()
            .map(|f| kechuang_sheets::Column {
                key: f.key,
                zh: f.zh,
                aliases: f.aliases,
                required: f.required,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_code_and_one_name_and_unique_keys() {
        for k in RECORD_KINDS {
            for place in [Code, Name] {
                assert_eq!(
                    k.fields.iter().filter(|f| f.place == place).count(),
                    1,
                    "{} {place:?}",
                    k.kind
                );
            }
            let mut keys: Vec<_> = k.fields.iter().map(|f| f.key).collect();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), k.fields.len(), "{}", k.kind);
            assert_eq!(kind_spec(k.plural).map(|s| s.kind), Some(k.kind));
        }
    }
}
