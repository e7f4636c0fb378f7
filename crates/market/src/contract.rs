//! Technology contracts (技术合同登记): validation of a registration, the
//! anomaly flags staff review, and the turnover statistics the plans set
//! targets for ("技术合同交易额由31.6亿元提高到40亿元", the share absorbed from
//! Beijing-Tianjin).
//!
//! Statistics count the technology transaction amount (技术交易额), the part
//! of the contract amount paid for the technology itself. A contract is
//! *absorbed* (吸纳) when the buyer is local and *output* (输出) when the
//! seller is; the Beijing-Tianjin share is the absorbed amount whose seller
//! is in Beijing or Tianjin over all absorbed amount.

use std::collections::BTreeMap;

use kechuang_kernel::money::Fen;
use serde::{Deserialize, Serialize};

use crate::item::ItemError;
use crate::vocab::{self, AREAS, Entry};

/// Contract types of the national registration rules.
pub const CONTRACT_KINDS: &[Entry] = &[
    ("development", "技术开发", "Technology development"),
    ("transfer", "技术转让", "Technology transfer"),
    ("license", "技术许可", "Technology licence"),
    ("consulting", "技术咨询", "Technology consulting"),
    ("service", "技术服务", "Technology service"),
];

/// A contract amount this many times the party's revenue of the year before
/// is flagged.
pub const REVENUE_MULTIPLE: i64 = 3;

/// A registration as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ContractInput {
    pub number: String,
    pub kind: String,
    pub title: String,
    pub buyer_name: String,
    pub buyer_code: String,
    pub buyer_area: String,
    pub seller_name: String,
    pub seller_code: String,
    pub seller_area: String,
    /// Contract amount and technology transaction amount, yuan.
    pub amount: String,
    pub tech_amount: String,
    pub signed_on: String,
    pub achievement_id: String,
    pub demand_id: String,
    pub challenge_id: String,
}

/// A validated registration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contract {
    pub number: String,
    pub kind: String,
    pub title: String,
    pub buyer_name: String,
    pub buyer_code: String,
    pub buyer_area: String,
    pub seller_name: String,
    pub seller_code: String,
    pub seller_area: String,
    pub amount_fen: i64,
    pub tech_amount_fen: i64,
    pub signed_on: String,
    pub achievement_id: Option<i64>,
    pub demand_id: Option<i64>,
    #[serde(default)]
    pub challenge_id: Option<i64>,
}

fn err(field: &'static str, message: impl Into<String>) -> ItemError {
    ItemError {
        field,
        message: message.into(),
    }
}

impl ContractInput {
    /// The validated contract or every problem; `today` bounds the signing
    /// date.
    pub fn validate(&self, today: chrono::NaiveDate) -> Result<Contract, Vec<ItemError>> {
        let mut errors = Vec::new();
        let text = |field: &'static str, v: &str, required: bool, errors: &mut Vec<ItemError>| {
            let v = v.trim();
            if required && v.is_empty() {
                errors.push(err(field, "不能为空 / must not be empty"));
            } else if v.chars().count() > 200 {
                errors.push(err(field, "不能超过 200 字 / at most 200 characters"));
            }
            v.to_owned()
        };
        let code = |field: &'static str, vocab: &[Entry], v: &str, default: &str, errors: &mut Vec<ItemError>| {
            if v.trim().is_empty() {
                return default.to_owned();
            }
            vocab::parse(vocab, v).map(str::to_owned).unwrap_or_else(|| {
                errors.push(err(
                    field,
                    format!(
                        "“{}”不是可选值（{}）/ not an allowed value",
                        v.trim(),
                        vocab::choices(vocab)
                    ),
                ));
                String::new()
            })
        };
        let money = |field: &'static str, v: &str, errors: &mut Vec<ItemError>| -> i64 {
            match Fen::parse_yuan(v.trim().trim_start_matches(['¥', '￥'])) {
                Ok(Fen(f)) if f > 0 => f,
                Ok(_) => {
                    errors.push(err(field, "金额应大于零 / the amount must be positive"));
                    0
                }
                Err(_) => {
                    errors.push(err(
                        field,
                        format!("“{}”不是有效金额 / not a valid amount of yuan", v.trim()),
                    ));
                    0
                }
            }
        };
        let id = |field: &'static str, v: &str, errors: &mut Vec<ItemError>| -> Option<i64> {
            let v = v.trim();
            if v.is_empty() {
                return None;
            }
            v.parse().ok().filter(|n: &i64| *n > 0).or_else(|| {
                errors.push(err(field, "应为编号 / must be a record number"));
                None
            })
        };
        let number = text("number", &self.number, true, &mut errors);
        let kind = code("kind", CONTRACT_KINDS, &self.kind, "", &mut errors);
        if kind.is_empty() && self.kind.trim().is_empty() {
            errors.push(err("kind", "请选择合同类型 / the contract type is required"));
        }
        let title = text("title", &self.title, false, &mut errors);
        let buyer_name = text("buyer_name", &self.buyer_name, true, &mut errors);
        let buyer_code = text("buyer_code", &self.buyer_code, false, &mut errors);
        let buyer_area = code("buyer_area", AREAS, &self.buyer_area, "local", &mut errors);
        let seller_name = text("seller_name", &self.seller_name, true, &mut errors);
        let seller_code = text("seller_code", &self.seller_code, false, &mut errors);
        let seller_area = code("seller_area", AREAS, &self.seller_area, "local", &mut errors);
        let amount_fen = money("amount", &self.amount, &mut errors);
        let tech_amount_fen = if self.tech_amount.trim().is_empty() {
            amount_fen
        } else {
            money("tech_amount", &self.tech_amount, &mut errors)
        };
        if tech_amount_fen > amount_fen && amount_fen > 0 {
            errors.push(err(
                "tech_amount",
                "技术交易额不能超过合同金额 / the technology amount exceeds the contract amount",
            ));
        }
        let signed_on = match kechuang_sheets::fields::parse_date(&self.signed_on) {
            Ok(d) if d > today => {
                errors.push(err(
                    "signed_on",
                    format!("签订日期 {d} 晚于今天 / signed in the future"),
                ));
                String::new()
            }
            Ok(d) => d.to_string(),
            Err(e) => {
                errors.push(err("signed_on", e));
                String::new()
            }
        };
        if buyer_area != "local" && seller_area != "local" && !buyer_area.is_empty() && !seller_area.is_empty() {
            errors.push(err(
                "buyer_area",
                "买方或卖方至少一方应为本地 / one party must be local",
            ));
        }
        let achievement_id = id("achievement_id", &self.achievement_id, &mut errors);
        let demand_id = id("demand_id", &self.demand_id, &mut errors);
        let challenge_id = id("challenge_id", &self.challenge_id, &mut errors);
        if errors.is_empty() {
            Ok(Contract {
                number,
                kind,
                title,
                buyer_name,
                buyer_code,
                buyer_area,
                seller_name,
                seller_code,
                seller_area,
                amount_fen,
                tech_amount_fen,
                signed_on,
                achievement_id,
                demand_id,
                challenge_id,
            })
        } else {
            Err(errors)
        }
    }
}

/// Why staff should look at a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// The contract amount is [`REVENUE_MULTIPLE`] times or more the revenue
    /// of the local party in the year before signing.
    AmountAboveRevenue,
    /// Another registration carries the same contract number.
    DuplicateNumber,
    /// Buyer and seller are the same party (credit code or name).
    SameParty,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AmountAboveRevenue => "amount_above_revenue",
            Self::DuplicateNumber => "duplicate_number",
            Self::SameParty => "same_party",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::AmountAboveRevenue => "金额远超当事方上年营收",
            Self::DuplicateNumber => "合同编号重复",
            Self::SameParty => "买卖双方为同一主体",
        }
    }
}

/// What the checks know besides the contract.
#[derive(Debug, Clone, Default)]
pub struct FlagContext {
    /// Revenue (fen) of the local party in the year before signing, if on record.
    pub party_revenue_fen: Option<i64>,
    /// Whether another registration has the same number.
    pub number_taken: bool,
}

/// The anomaly flags of `c`.
pub fn flags(c: &Contract, ctx: &FlagContext) -> Vec<Flag> {
    let mut out = Vec::new();
    if let Some(rev) = ctx.party_revenue_fen
        && c.amount_fen >= rev.saturating_mul(REVENUE_MULTIPLE)
    {
        out.push(Flag::AmountAboveRevenue);
    }
    if ctx.number_taken {
        out.push(Flag::DuplicateNumber);
    }
    let norm = |s: &str| {
        crate::text::normalize(s)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
    };
    let same_code = !c.buyer_code.is_empty() && c.buyer_code.eq_ignore_ascii_case(&c.seller_code);
    if same_code || norm(&c.buyer_name) == norm(&c.seller_name) {
        out.push(Flag::SameParty);
    }
    out
}

/// One registered contract as statistics read it.
#[derive(Debug, Clone, PartialEq)]
pub struct StatRow {
    pub year: i32,
    pub kind: String,
    pub county: String,
    pub buyer_area: String,
    pub seller_area: String,
    pub amount_fen: i64,
    pub tech_amount_fen: i64,
}

/// Totals of one group.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Totals {
    pub contracts: i64,
    pub amount_fen: i64,
    pub tech_amount_fen: i64,
}

impl Totals {
    fn add(&mut self, r: &StatRow) {
        self.contracts += 1;
        self.amount_fen += r.amount_fen;
        self.tech_amount_fen += r.tech_amount_fen;
    }
}

/// Turnover statistics.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    pub total: Totals,
    pub by_year: BTreeMap<i32, Totals>,
    pub by_kind: BTreeMap<String, Totals>,
    pub by_county: BTreeMap<String, Totals>,
    /// Local buyers (吸纳).
    pub absorbed: Totals,
    /// Local buyers with a Beijing-Tianjin seller.
    pub absorbed_from_beijing_tianjin: Totals,
    /// Local sellers (输出).
    pub output: Totals,
    /// Beijing-Tianjin share of the absorbed technology amount, in per mille
    /// (None when nothing was absorbed).
    pub beijing_tianjin_share_permille: Option<i64>,
}

/// Adds up `rows`.
pub fn stats(rows: &[StatRow]) -> Stats {
    let mut s = Stats::default();
    for r in rows {
        s.total.add(r);
        s.by_year.entry(r.year).or_default().add(r);
        s.by_kind.entry(r.kind.clone()).or_default().add(r);
        s.by_county.entry(r.county.clone()).or_default().add(r);
        if r.buyer_area == "local" {
            s.absorbed.add(r);
            if r.seller_area == "beijing_tianjin" {
                s.absorbed_from_beijing_tianjin.add(r);
            }
        }
        if r.seller_area == "local" {
            s.output.add(r);
        }
    }
    s.beijing_tianjin_share_permille = (s.absorbed.tech_amount_fen > 0).then(|| {
        ((s.absorbed_from_beijing_tianjin.tech_amount_fen as i128 * 1000 + s.absorbed.tech_amount_fen as i128 / 2)
            / s.absorbed.tech_amount_fen as i128) as i64
    });
    s
}
