//! A gap: what an unmet condition lacks, said in Chinese and English, with
//! the amount needed to meet it where the rules allow one to be computed.

use serde::{Deserialize, Serialize};

/// The unit of a gap's amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapUnit {
    /// Whole yuan.
    Yuan,
    /// Persons, as an annual monthly average.
    Persons,
    /// Calendar days.
    Days,
    /// Points of a score.
    Points,
    /// Items such as pieces of intellectual property.
    Items,
}

/// One unmet condition, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    /// The condition's id, as in `failed_conditions`.
    pub condition: String,
    pub message_zh: String,
    pub message_en: String,
    /// The smallest amount that would meet the condition, other figures held.
    pub amount: Option<i64>,
    pub unit: Option<GapUnit>,
}

impl Gap {
    pub(crate) fn new(condition: &str, zh: String, en: String, amount: Option<(i128, GapUnit)>) -> Gap {
        Gap {
            condition: condition.to_owned(),
            message_zh: zh,
            message_en: en,
            amount: amount.map(|(a, _)| crate::money::saturate(a)),
            unit: amount.map(|(_, u)| u),
        }
    }
}
