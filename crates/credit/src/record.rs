//! A credit record as typed and as validated: the subject, the kind of record,
//! the reason, its basis and its period.

use chrono::NaiveDate;
use kechuang_kernel::credit_code::CreditCode;
use serde::{Deserialize, Serialize};

/// One vocabulary entry: code, Chinese label, English label.
pub type Entry = (&'static str, &'static str, &'static str);

/// Kinds of record. Only `blacklist` blocks anything; the others are kept in
/// the file for credit evaluation.
pub const RECORD_KINDS: &[Entry] = &[
    ("blacklist", "黑名单", "Blacklist"),
    ("dishonesty", "失信记录", "Dishonesty record"),
    ("commendation", "表彰", "Commendation"),
];

/// Who a record is about.
pub const SUBJECT_KINDS: &[Entry] = &[
    ("enterprise", "企业", "Enterprise"),
    ("institution", "高校院所", "University or institute"),
    ("agency", "服务机构", "Service agency"),
    ("expert", "专家", "Expert"),
    ("team", "团队", "Team"),
    ("person", "个人", "Person"),
];

/// Subject kinds that are organisations and so carry a credit code.
const UNITS: &[&str] = &["enterprise", "institution", "agency"];

/// Shortest reason accepted: a record must say why.
pub const MIN_REASON_CHARS: usize = 5;

/// Chinese label of `code` in `vocab` (the code itself when unknown).
pub fn zh(vocab: &[Entry], code: &str) -> &'static str {
    vocab.iter().find(|e| e.0 == code).map(|e| e.1).unwrap_or("")
}

/// The code for a code or a Chinese or English label.
pub fn parse(vocab: &[Entry], input: &str) -> Option<&'static str> {
    let s = input.trim();
    vocab
        .iter()
        .find(|e| e.0 == s || e.1 == s || e.2.eq_ignore_ascii_case(s))
        .map(|e| e.0)
}

/// A problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordError {
    pub field: &'static str,
    pub message: String,
}

fn err(field: &'static str, message: impl Into<String>) -> RecordError {
    RecordError {
        field,
        message: message.into(),
    }
}

/// A record as typed in a form.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CreditRecordInput {
    pub subject_kind: String,
    pub subject_name: String,
    pub subject_code: String,
    pub kind: String,
    pub reason: String,
    /// What the record rests on: the decision, inspection or notice.
    pub basis: String,
    /// 文号 of the decision, if any.
    pub document_no: String,
    pub decided_on: String,
    /// Last day in force; empty: until lifted.
    pub until: String,
}

/// A validated record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditRecord {
    pub subject_kind: String,
    pub subject_name: String,
    /// The credit code in canonical form, or empty.
    pub subject_code: String,
    /// [`normalize_name`] of the subject's name, for matching.
    pub name_norm: String,
    pub kind: String,
    pub reason: String,
    pub basis: String,
    pub document_no: String,
    pub decided_on: NaiveDate,
    pub until: Option<NaiveDate>,
}

fn date(field: &'static str, s: &str, errors: &mut Vec<RecordError>) -> Option<NaiveDate> {
    match kechuang_sheets::fields::parse_date(s) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(err(field, e));
            None
        }
    }
}

impl CreditRecordInput {
    /// The validated record, or every problem found, each naming its field.
    pub fn validate(&self, today: NaiveDate) -> Result<CreditRecord, Vec<RecordError>> {
        let mut errors = Vec::new();
        let subject_kind = parse(SUBJECT_KINDS, &self.subject_kind).unwrap_or_else(|| {
            errors.push(err(
                "subject_kind",
                "请选择对象类型（企业、高校院所、服务机构、专家、团队、个人） / choose the kind of subject",
            ));
            ""
        });
        let subject_name = self.subject_name.trim().to_owned();
        let name_norm = kechuang_text::name_key(&subject_name);
        if name_norm.is_empty() {
            errors.push(err("subject_name", "请填写对象名称 / the subject's name is required"));
        }
        let subject_code = match self.subject_code.trim() {
            "" => String::new(),
            code => match CreditCode::parse(code) {
                Ok(c) => c.as_str().to_owned(),
                Err(e) => {
                    errors.push(err(
                        "subject_code",
                        format!("统一社会信用代码无效：{e} / invalid credit code"),
                    ));
                    String::new()
                }
            },
        };
        if !subject_code.is_empty() && !subject_kind.is_empty() && !UNITS.contains(&subject_kind) {
            errors.push(err(
                "subject_code",
                "只有单位才有统一社会信用代码 / only organisations have a credit code",
            ));
        }
        let kind = parse(RECORD_KINDS, &self.kind).unwrap_or_else(|| {
            errors.push(err(
                "kind",
                "请选择记录类型（黑名单、失信记录、表彰） / choose the kind of record",
            ));
            ""
        });
        let reason = self.reason.trim().to_owned();
        if reason.chars().count() < MIN_REASON_CHARS {
            errors.push(err(
                "reason",
                format!("请写明事由（至少 {MIN_REASON_CHARS} 字） / give the reason in at least {MIN_REASON_CHARS} characters"),
            ));
        }
        let decided_on = date("decided_on", &self.decided_on, &mut errors);
        if let Some(d) = decided_on
            && d > today
        {
            errors.push(err(
                "decided_on",
                format!("认定日期 {d} 晚于今天 / decided in the future"),
            ));
        }
        let until = match self.until.trim() {
            "" => None,
            s => date("until", s, &mut errors),
        };
        if let (Some(d), Some(u)) = (decided_on, until)
            && u < d
        {
            errors.push(err(
                "until",
                format!("有效期至 {u} 早于认定日期 {d} / ends before it starts"),
            ));
        }
        match decided_on {
            Some(decided_on) if errors.is_empty() => Ok(CreditRecord {
                subject_kind: subject_kind.to_owned(),
                subject_name,
                subject_code,
                name_norm,
                kind: kind.to_owned(),
                reason,
                basis: self.basis.trim().to_owned(),
                document_no: self.document_no.trim().to_owned(),
                decided_on,
                until,
            }),
            _ => Err(errors),
        }
    }
}
