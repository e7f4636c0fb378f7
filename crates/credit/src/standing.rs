//! When a record is in force, and which blacklist record, if any, blocks a
//! subject: a unit is found by its credit code, anyone else by name (in
//! canonical form, so full-width, Traditional or spaced spellings match).

use chrono::NaiveDate;

/// The part of a stored record the rules look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub kind: String,
    pub subject_code: String,
    pub name_norm: String,
    pub decided_on: NaiveDate,
    pub until: Option<NaiveDate>,
    /// When the record was lifted (撤销 / 信用修复), if it was.
    pub lifted_on: Option<NaiveDate>,
}

impl Standing {
    /// Whether the record applies on `day`: decided by then, not past its
    /// last day, not lifted by then.
    pub fn in_force(&self, day: NaiveDate) -> bool {
        self.decided_on <= day && self.until.is_none_or(|u| day <= u) && self.lifted_on.is_none_or(|l| day < l)
    }
}

/// Who is asking: a unit's credit code if known, and names (the unit's, the
/// team's) to compare with records kept by name.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    pub code: String,
    pub names: Vec<String>,
}

impl Subject {
    /// Whether `record` is about this subject. Two credit codes decide alone;
    /// otherwise the names are compared.
    pub fn is(&self, record: &Standing) -> bool {
        let code = self.code.trim().to_ascii_uppercase();
        if !code.is_empty() && !record.subject_code.is_empty() {
            return code == record.subject_code;
        }
        !record.name_norm.is_empty()
            && self
                .names
                .iter()
                .any(|n| kechuang_text::name_key(n) == record.name_norm)
    }
}

/// The first blacklist record in force on `day` that is about `subject`.
pub fn blocking<'a, T>(
    records: &'a [T],
    subject: &Subject,
    day: NaiveDate,
    standing: impl Fn(&T) -> Standing,
) -> Option<&'a T> {
    records.iter().find(|r| {
        let s = standing(r);
        s.kind == "blacklist" && s.in_force(day) && subject.is(&s)
    })
}
