//! Validation of the two kinds of market item as people type them into a form
//! or a sheet: an achievement (科技成果, the supply) and a demand (技术需求).
//! Inputs are raw text; the result is a clean record with codes, lists and
//! money in fen, or every problem found, each naming its field.

use kechuang_kernel::money::Fen;
use serde::{Deserialize, Serialize};

use crate::vocab::{self, AREAS, COOPERATION_MODES, Entry, FIELDS, MATURITIES, TRANSFER_MODES};

/// Longest title, in characters.
pub const MAX_TITLE: usize = 200;
/// Longest summary or description, in characters.
pub const MAX_TEXT: usize = 5000;
/// Most keywords (or patents, chain tags) on one item.
pub const MAX_LIST: usize = 20;
/// Longest keyword, in characters.
pub const MAX_KEYWORD: usize = 40;

/// One problem with an input: the field and a bilingual message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ItemError {
    pub field: &'static str,
    pub message: String,
}

fn err(field: &'static str, message: impl Into<String>) -> ItemError {
    ItemError {
        field,
        message: message.into(),
    }
}

/// An achievement as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AchievementInput {
    pub title: String,
    pub summary: String,
    pub field: String,
    pub keywords: String,
    pub patents: String,
    /// A maturity code or label, or a TRL number 1–9 (`TRL6`, `6`).
    pub maturity: String,
    pub transfer_modes: String,
    /// Asking price range in yuan (`50万`, `500000`).
    pub price_min: String,
    pub price_max: String,
    pub owner_name: String,
    /// Credit code or registry code of the owner, when known.
    pub owner_code: String,
    pub area: String,
    pub chain_tags: String,
}

/// A validated achievement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Achievement {
    pub title: String,
    pub summary: String,
    pub field: String,
    pub keywords: Vec<String>,
    pub patents: Vec<String>,
    pub maturity: String,
    pub trl: Option<u8>,
    pub transfer_modes: Vec<String>,
    pub price_min_fen: Option<i64>,
    pub price_max_fen: Option<i64>,
    pub owner_name: String,
    pub owner_code: String,
    pub area: String,
    pub chain_tags: Vec<String>,
}

/// A demand as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DemandInput {
    pub title: String,
    pub description: String,
    pub expected: String,
    pub field: String,
    pub keywords: String,
    pub budget_min: String,
    pub budget_max: String,
    /// Deadline as a date (`2027-06-30`, `2027年6月30日`).
    pub deadline: String,
    pub cooperation: String,
    pub enterprise_name: String,
    pub enterprise_code: String,
    pub chain_tags: String,
}

/// A validated demand.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Demand {
    pub title: String,
    pub description: String,
    pub expected: String,
    pub field: String,
    pub keywords: Vec<String>,
    pub budget_min_fen: Option<i64>,
    pub budget_max_fen: Option<i64>,
    pub deadline: Option<String>,
    pub cooperation: String,
    pub enterprise_name: String,
    pub enterprise_code: String,
    pub chain_tags: Vec<String>,
}

/// Splits a list typed with any of `; ； , ， 、` or new lines; blanks dropped.
pub fn split_list(s: &str) -> Vec<String> {
    s.split([';', '；', ',', '，', '、', '\n', '|'])
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

struct Check(Vec<ItemError>);

impl Check {
    fn text(&mut self, field: &'static str, value: &str, max: usize, required: bool) -> String {
        let v = value.trim();
        if required && v.is_empty() {
            self.0.push(err(field, "不能为空 / must not be empty"));
        }
        if v.chars().count() > max {
            self.0
                .push(err(field, format!("不能超过 {max} 字 / at most {max} characters")));
        }
        v.to_owned()
    }

    fn list(&mut self, field: &'static str, value: &str) -> Vec<String> {
        let items = split_list(value);
        if items.len() > MAX_LIST {
            self.0
                .push(err(field, format!("最多 {MAX_LIST} 项 / at most {MAX_LIST} items")));
        }
        if let Some(long) = items.iter().find(|k| k.chars().count() > MAX_KEYWORD) {
            self.0.push(err(
                field,
                format!("“{long}”过长，每项不超过 {MAX_KEYWORD} 字 / each item at most {MAX_KEYWORD} characters"),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        items.into_iter().filter(|k| seen.insert(k.clone())).collect()
    }

    fn code(&mut self, field: &'static str, vocab: &[Entry], value: &str) -> String {
        if value.trim().is_empty() {
            return String::new();
        }
        match vocab::parse(vocab, value) {
            Some(c) => c.to_owned(),
            None => {
                self.0.push(err(
                    field,
                    format!(
                        "“{}”不是可选值（{}）/ not one of the allowed values",
                        value.trim(),
                        vocab::choices(vocab)
                    ),
                ));
                String::new()
            }
        }
    }

    fn codes(&mut self, field: &'static str, vocab: &[Entry], value: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for part in split_list(value) {
            let c = self.code(field, vocab, &part);
            if !c.is_empty() && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    fn money(&mut self, field: &'static str, value: &str) -> Option<i64> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        match Fen::parse_yuan(v.trim_start_matches(['¥', '￥'])) {
            Ok(Fen(f)) if f >= 0 => Some(f),
            _ => {
                self.0
                    .push(err(field, format!("“{v}”不是有效金额 / not a valid amount of yuan")));
                None
            }
        }
    }

    fn range(&mut self, field: &'static str, min: Option<i64>, max: Option<i64>) {
        if let (Some(a), Some(b)) = (min, max)
            && a > b
        {
            self.0
                .push(err(field, "下限高于上限 / the lower bound is above the upper bound"));
        }
    }

    fn done<T>(self, value: T) -> Result<T, Vec<ItemError>> {
        if self.0.is_empty() { Ok(value) } else { Err(self.0) }
    }
}

/// Maturity given as a code / label or a TRL number.
fn maturity(c: &mut Check, value: &str) -> (String, Option<u8>) {
    let v = value.trim();
    let digits = v.trim_start_matches(['T', 't', 'R', 'r', 'L', 'l', ' ']);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return match digits
            .parse::<u8>()
            .ok()
            .and_then(|n| vocab::maturity_of_trl(n).map(|m| (m, n)))
        {
            Some((m, n)) => (m.to_owned(), Some(n)),
            None => {
                c.0.push(err("maturity", "技术就绪度应为 1–9 / TRL must be 1 to 9"));
                (String::new(), None)
            }
        };
    }
    (c.code("maturity", MATURITIES, v), None)
}

impl AchievementInput {
    /// The validated achievement, or every problem found.
    pub fn validate(&self) -> Result<Achievement, Vec<ItemError>> {
        let mut c = Check(Vec::new());
        let title = c.text("title", &self.title, MAX_TITLE, true);
        let summary = c.text("summary", &self.summary, MAX_TEXT, false);
        let field = c.code("field", FIELDS, &self.field);
        let keywords = c.list("keywords", &self.keywords);
        let patents = c.list("patents", &self.patents);
        let (maturity, trl) = maturity(&mut c, &self.maturity);
        let transfer_modes = c.codes("transfer_modes", TRANSFER_MODES, &self.transfer_modes);
        let price_min_fen = c.money("price_min", &self.price_min);
        let price_max_fen = c.money("price_max", &self.price_max);
        c.range("price_max", price_min_fen, price_max_fen);
        let owner_name = c.text("owner_name", &self.owner_name, MAX_TITLE, false);
        let owner_code = c.text("owner_code", &self.owner_code, 40, false);
        let area = match c.code("area", AREAS, &self.area) {
            a if a.is_empty() => "local".to_owned(),
            a => a,
        };
        let chain_tags = c.list("chain_tags", &self.chain_tags);
        c.done(Achievement {
            title,
            summary,
            field,
            keywords,
            patents,
            maturity,
            trl,
            transfer_modes,
            price_min_fen,
            price_max_fen,
            owner_name,
            owner_code,
            area,
            chain_tags,
        })
    }
}

impl DemandInput {
    /// The validated demand, or every problem found. `today` bounds the
    /// deadline: a new demand cannot be due in the past.
    pub fn validate(&self, today: chrono::NaiveDate) -> Result<Demand, Vec<ItemError>> {
        let mut c = Check(Vec::new());
        let title = c.text("title", &self.title, MAX_TITLE, true);
        let description = c.text("description", &self.description, MAX_TEXT, false);
        let expected = c.text("expected", &self.expected, MAX_TEXT, false);
        let field = c.code("field", FIELDS, &self.field);
        let keywords = c.list("keywords", &self.keywords);
        let budget_min_fen = c.money("budget_min", &self.budget_min);
        let budget_max_fen = c.money("budget_max", &self.budget_max);
        c.range("budget_max", budget_min_fen, budget_max_fen);
        let deadline = match self.deadline.trim() {
            "" => None,
            d => match kechuang_sheets::fields::parse_date(d) {
                Ok(date) if date < today => {
                    c.0.push(err(
                        "deadline",
                        format!("截止日期 {date} 已过 / the deadline has passed"),
                    ));
                    None
                }
                Ok(date) => Some(date.to_string()),
                Err(e) => {
                    c.0.push(err("deadline", e));
                    None
                }
            },
        };
        let cooperation = c.code("cooperation", COOPERATION_MODES, &self.cooperation);
        let enterprise_name = c.text("enterprise_name", &self.enterprise_name, MAX_TITLE, false);
        let enterprise_code = c.text("enterprise_code", &self.enterprise_code, 40, false);
        let chain_tags = c.list("chain_tags", &self.chain_tags);
        c.done(Demand {
            title,
            description,
            expected,
            field,
            keywords,
            budget_min_fen,
            budget_max_fen,
            deadline,
            cooperation,
            enterprise_name,
            enterprise_code,
            chain_tags,
        })
    }
}

impl Achievement {
    /// The text matching reads: title, keywords, summary.
    pub fn text(&self) -> String {
        format!("{}\n{}\n{}", self.title, self.keywords.join(" "), self.summary)
    }
}

impl Demand {
    /// The text matching reads: title, keywords, description, expected result.
    pub fn text(&self) -> String {
        format!(
            "{}\n{}\n{}\n{}",
            self.title,
            self.keywords.join(" "),
            self.description,
            self.expected
        )
    }
}
