//! What happened to whom: the events rules are triggered by, with the facts
//! each kind carries. An event comes from the registry (a certificate, a
//! platform recognised), from a bureau's form or sheet, or from a JSON file
//! (`kechuang incentive compute --event FILE.json`):
//!
//! ```json
//! {"kind": "ip_pledge_loan", "date": "2020-05-18",
//!  "subject": {"credit_code": "91211100MA0XXXXXXX", "county": "双台子区"},
//!  "facts": {"principal_yuan": 10000000, "benchmark_rate_pct": 4.35, "days": 365}}
//! ```
//!
//! Money facts end in `_yuan` (yuan, decimals allowed), rates in `_pct`
//! (percent); the facts of each kind are in [`EventKind::facts`].

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::str::FromStr;

kechuang_kernel::coded_enum! {
    /// The kinds of event rules are triggered by.
    pub enum EventKind: "kind" {
        HteCertified => "hte_certified", "高新技术企业认定", "High-tech enterprise certified";
        PlatformRecognized => "platform_recognized", "创新平台认定", "Innovation platform recognised";
        IpPledgeLoan => "ip_pledge_loan", "知识产权质押贷款", "IP-pledge loan";
        EquityInvestment => "equity_investment", "股权投资", "Equity investment";
        TechUpgradeInvestment => "tech_upgrade_investment", "技术改造投资", "Technical-upgrade investment";
        DigitalTransformation => "digital_transformation", "数字化转型项目", "Digital-transformation project";
        LoanIncrement => "loan_increment", "科技贷款增量", "Increase in technology lending";
        TalentIntroduced => "talent_introduced", "高层次人才引进", "High-level talent introduced";
        TalentMatched => "talent_matched", "省级人才计划入选", "Selected for a provincial talent programme";
        DoctorStartup => "doctor_startup", "博士首次创业", "Doctoral graduate's first start-up";
        DoctorHomePurchase => "doctor_home_purchase", "博士购买首套住房", "Doctoral graduate's first home";
        TeamSupported => "team_supported", "创新创业团队", "Innovation team supported";
        OverseasTalentProject => "overseas_talent_project", "海外人才项目", "Overseas talent project";
        TransferProject => "transfer_project", "成果转化项目", "Technology-transfer project";
        RdInstitutionEstablished => "rd_institution_established", "独立研发机构落地", "Independent R&D institution established";
        MajorProjectApproved => "major_project_approved", "省级重大科技计划项目", "Provincial major S&T project";
    }
}

/// The type of a fact's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactType {
    /// Yuan (a number, decimals allowed), compared and computed in fen.
    Money,
    /// A number (percent, days, years, counts).
    Number,
    Bool,
    /// One of the given codes.
    Code(&'static [&'static str]),
}

/// One fact an event of a kind carries.
#[derive(Debug, Clone, Copy)]
pub struct FactSpec {
    pub name: &'static str,
    pub ty: FactType,
    pub zh: &'static str,
}

const fn fact(name: &'static str, ty: FactType, zh: &'static str) -> FactSpec {
    FactSpec { name, ty, zh }
}

use FactType::*;

impl EventKind {
    /// The facts an event of this kind carries.
    pub fn facts(self) -> &'static [FactSpec] {
        match self {
            Self::HteCertified => {
                const F: &[FactSpec] = &[fact("mode", Code(&["new", "recertified", "relocated"]), "认定类型")];
                F
            }
            Self::PlatformRecognized => {
                const F: &[FactSpec] = &[
                    fact(
                        "kind",
                        Code(&["rd_institution", "platform", "incubator", "maker_space"]),
                        "平台类型",
                    ),
                    fact("level", Code(&["national", "provincial", "municipal"]), "级别"),
                    fact("joint", Bool, "与外部合作共建"),
                ];
                F
            }
            Self::IpPledgeLoan => {
                const F: &[FactSpec] = &[
                    fact("principal_yuan", Money, "贷款本金"),
                    fact("benchmark_rate_pct", Number, "贷款基准利率"),
                    fact("days", Number, "计息天数"),
                ];
                F
            }
            Self::EquityInvestment => {
                const F: &[FactSpec] = &[
                    fact("amount_yuan", Money, "实际投资额"),
                    fact("guidance_fund_yuan", Money, "政府引导基金出资"),
                    fact("held_years", Number, "持有年限"),
                ];
                F
            }
            Self::TechUpgradeInvestment => {
                const F: &[FactSpec] = &[
                    fact("amount_yuan", Money, "技改投资额"),
                    fact("filed", Bool, "依规备案"),
                    fact("direct_reporting", Bool, "纳入国家联网直报平台"),
                ];
                F
            }
            Self::DigitalTransformation => {
                const F: &[FactSpec] = &[fact("equipment_software_yuan", Money, "设备和软件系统投资额")];
                F
            }
            Self::LoanIncrement => {
                const F: &[FactSpec] = &[fact("increment_yuan", Money, "当年符合条件贷款较上年增量")];
                F
            }
            Self::TalentIntroduced => {
                const F: &[FactSpec] = &[
                    fact("tier", Code(&["top", "national_leading"]), "人才层次"),
                    fact("full_time", Bool, "全职引进"),
                    fact("contract_years", Number, "劳动合同年限"),
                ];
                F
            }
            Self::TalentMatched => {
                const F: &[FactSpec] = &[fact("provincial_award_yuan", Money, "省级资助金额")];
                F
            }
            Self::DoctorStartup => {
                const F: &[FactSpec] = &[
                    fact("years_since_graduation", Number, "毕业年限"),
                    fact("first_startup", Bool, "首次创业"),
                ];
                F
            }
            Self::DoctorHomePurchase => {
                const F: &[FactSpec] = &[
                    fact("price_yuan", Money, "购房价款"),
                    fact("first_home", Bool, "首套住房"),
                    fact("employed_locally", Bool, "在本地就业"),
                ];
                F
            }
            Self::TeamSupported => {
                const F: &[FactSpec] = &[fact("tier", Code(&["priority", "key", "special", "heluo"]), "支持类别")];
                F
            }
            Self::OverseasTalentProject => {
                const F: &[FactSpec] = &[fact("startup_stage", Bool, "处于创业初始阶段")];
                F
            }
            Self::TransferProject => {
                const F: &[FactSpec] = &[
                    fact("approved_yuan", Money, "核定支持金额"),
                    fact("university_partner", Bool, "产学研合作"),
                    fact("piloted_or_industrialised", Bool, "实现中试或产业化"),
                ];
                F
            }
            Self::RdInstitutionEstablished => {
                const F: &[FactSpec] = &[fact("registered", Bool, "完成工商注册")];
                F
            }
            Self::MajorProjectApproved => {
                const F: &[FactSpec] = &[fact("leading_enterprise", Bool, "科技领军企业")];
                F
            }
        }
    }

    /// The spec of fact `name`, if this kind carries it.
    pub fn fact(self, name: &str) -> Option<FactSpec> {
        self.facts().iter().copied().find(|f| f.name == name)
    }
}

/// The label of a code a fact takes, in `lang` (the code itself when
/// unknown).
pub fn code_label(kind: EventKind, fact: &str, code: &str, lang: kechuang_kernel::vocab::Lang) -> String {
    let (zh, en) = match (kind, fact, code) {
        (_, "mode", "new") => ("新认定", "newly certified"),
        (_, "mode", "recertified") => ("再次认定", "re-certified"),
        (_, "mode", "relocated") => ("整体迁入", "moved in whole"),
        (_, "kind", "rd_institution") => ("研发机构", "R&D institution"),
        (_, "kind", "platform") => ("创新合作平台", "cooperation platform"),
        (_, "kind", "incubator") => ("孵化器（含加速器）", "incubator"),
        (_, "kind", "maker_space") => ("众创空间", "maker space"),
        (_, "level", "national") => ("国家级", "national"),
        (_, "level", "provincial") => ("省级", "provincial"),
        (_, "level", "municipal") => ("市级", "municipal"),
        (EventKind::TalentIntroduced, "tier", "top") => ("顶尖人才", "top talent"),
        (EventKind::TalentIntroduced, "tier", "national_leading") => ("国家级领军人才", "national leading talent"),
        (EventKind::TeamSupported, "tier", "priority") => ("优先支持", "priority"),
        (EventKind::TeamSupported, "tier", "key") => ("重点支持", "key"),
        (EventKind::TeamSupported, "tier", "special") => ("特别支持", "special"),
        (EventKind::TeamSupported, "tier", "heluo") => ("“河洛英才”团队", "Heluo talent team"),
        _ => (code, code),
    };
    match lang {
        kechuang_kernel::vocab::Lang::Zh => zh.to_owned(),
        kechuang_kernel::vocab::Lang::En => en.to_owned(),
    }
}

/// Who an event is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Subject {
    /// The unified social credit code (a firm, a fund, a bank); empty for a
    /// person identified otherwise.
    #[serde(default)]
    pub credit_code: String,
    /// The county (name or division code) the subject is registered in.
    #[serde(default)]
    pub county: String,
    /// A name, for people and subjects without a code.
    #[serde(default)]
    pub name: String,
}

/// One event as read from a file or built from the registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub kind: EventKind,
    pub date: NaiveDate,
    pub subject: Subject,
    #[serde(default)]
    pub facts: BTreeMap<String, serde_json::Value>,
}

/// A fact's value, read according to its spec.
#[derive(Debug, Clone, PartialEq)]
pub enum FactValue {
    Fen(i64),
    Number(Decimal),
    Bool(bool),
    Code(String),
}

impl Event {
    /// Reads an event file, naming the field of any problem.
    pub fn from_json(text: &str) -> Result<Event, String> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let event: Event = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            format!("{path}: {}", e.into_inner())
        })?;
        for (name, v) in &event.facts {
            let Some(spec) = event.kind.fact(name) else {
                return Err(format!(
                    "facts.{name}：“{}”事件没有这项事实 / facts.{name}: not a fact of {}",
                    event.kind.label_zh(),
                    event.kind
                ));
            };
            read_fact(spec, v).map_err(|m| format!("facts.{name}: {m}"))?;
        }
        Ok(event)
    }

    /// Reads the facts of a `kind` event from a form's text fields (money
    /// as written, "20万元" or yuan; yes/no as 是/否, true/false or 1/0;
    /// a code by its code or label). An empty field is a fact not given.
    /// An error names the field.
    pub fn facts_from_form(
        kind: EventKind,
        fields: &BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, serde_json::Value>, (String, String)> {
        let mut out = BTreeMap::new();
        for spec in kind.facts() {
            let Some(text) = fields.get(spec.name).map(|t| t.trim()).filter(|t| !t.is_empty()) else {
                continue;
            };
            let bad = |m: String| (spec.name.to_owned(), format!("{}：{m}", spec.zh));
            let value = match spec.ty {
                Money => {
                    let fen = super::money::parse_money(text).map_err(bad)?;
                    serde_json::Value::String((Decimal::from(fen) / Decimal::from(100)).normalize().to_string())
                }
                Number => {
                    let t: String = text.chars().map(kechuang_text::fold_char).collect();
                    let t = t.trim_end_matches('%').trim();
                    let d = Decimal::from_str(t).map_err(|_| bad(format!("“{text}”不是数 / not a number")))?;
                    serde_json::Value::String(d.normalize().to_string())
                }
                Bool => match text {
                    "是" | "true" | "1" | "yes" | "on" => serde_json::Value::Bool(true),
                    "否" | "false" | "0" | "no" | "off" => serde_json::Value::Bool(false),
                    _ => return Err(bad(format!("“{text}”应为是或否 / must be yes or no"))),
                },
                Code(codes) => {
                    let code = codes
                        .iter()
                        .find(|c| {
                            **c == text
                                || code_label(kind, spec.name, c, kechuang_kernel::vocab::Lang::Zh) == text
                                || code_label(kind, spec.name, c, kechuang_kernel::vocab::Lang::En) == text
                        })
                        .ok_or_else(|| {
                            bad(format!(
                                "“{text}”应为 {} 之一 / must be one of {}",
                                codes.join("、"),
                                codes.join(", ")
                            ))
                        })?;
                    serde_json::Value::String((*code).to_owned())
                }
            };
            out.insert(spec.name.to_owned(), value);
        }
        Ok(out)
    }

    /// The value of fact `name`; none when the event does not give it.
    pub fn fact(&self, name: &str) -> Option<Result<FactValue, String>> {
        let spec = self.kind.fact(name)?;
        let v = self.facts.get(name)?;
        if v.is_null() {
            return None;
        }
        Some(read_fact(spec, v))
    }
}

fn read_fact(spec: FactSpec, v: &serde_json::Value) -> Result<FactValue, String> {
    let number = || -> Result<Decimal, String> {
        match v {
            serde_json::Value::Number(n) => Decimal::from_str(&n.to_string())
                .or_else(|_| Decimal::from_scientific(&n.to_string()))
                .map_err(|_| format!("“{n}”不是数 / not a number")),
            serde_json::Value::String(s) => {
                Decimal::from_str(s.trim()).map_err(|_| format!("“{s}”不是数 / not a number"))
            }
            other => Err(format!("“{other}”不是数 / not a number")),
        }
    };
    match spec.ty {
        Money => {
            let d = number()?;
            if d.is_sign_negative() {
                return Err("不能为负 / must not be negative".into());
            }
            super::money::yuan_to_fen(d)
                .map(FactValue::Fen)
                .ok_or_else(|| "金额过大 / too large".into())
        }
        Number => number().map(FactValue::Number),
        Bool => match v {
            serde_json::Value::Bool(b) => Ok(FactValue::Bool(*b)),
            other => Err(format!("“{other}”应为 true 或 false / must be true or false")),
        },
        Code(codes) => match v.as_str() {
            Some(s) if codes.contains(&s) => Ok(FactValue::Code(s.to_owned())),
            _ => Err(format!(
                "应为 {} 之一 / must be one of {}",
                codes.join("、"),
                codes.join(", ")
            )),
        },
    }
}
