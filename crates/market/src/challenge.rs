//! 揭榜挂帅 challenges: the bureau or an enterprise lists a key task with a
//! reward; teams (institutions, enterprises, experts) bid with proposals;
//! reviewers score each bid with a written reason; the issuer awards the
//! best; the winner's milestones are followed to completion.
//!
//! Life cycle: draft → open (bids accepted until the deadline) → reviewing
//! → awarded → completed; a draft, open or reviewing challenge may be
//! cancelled.

use serde::{Deserialize, Serialize};

use crate::item::ItemError;
use crate::vocab::{self, Entry, FIELDS};

/// Statuses of a challenge.
pub const CHALLENGE_STATUSES: &[Entry] = &[
    ("draft", "草稿", "Draft"),
    ("open", "揭榜中", "Open for bids"),
    ("reviewing", "评审中", "Under review"),
    ("awarded", "已揭榜", "Awarded"),
    ("completed", "已完成", "Completed"),
    ("cancelled", "已撤榜", "Cancelled"),
];

/// Who may bid.
pub const BIDDER_KINDS: &[Entry] = &[
    ("institution", "高校院所", "University or institute"),
    ("enterprise", "企业", "Enterprise"),
    ("expert", "专家团队", "Expert team"),
];

/// Highest review score.
pub const MAX_SCORE: u8 = 100;

fn err(field: &'static str, message: impl Into<String>) -> ItemError {
    ItemError {
        field,
        message: message.into(),
    }
}

/// Whether a challenge may go from `from` to `to`.
pub fn challenge_step(from: &str, to: &str) -> Result<(), String> {
    let ok = matches!(
        (from, to),
        ("draft", "open")
            | ("open", "reviewing")
            | ("reviewing", "awarded")
            | ("awarded", "completed")
            | ("draft" | "open" | "reviewing", "cancelled")
    );
    if ok {
        Ok(())
    } else {
        Err(format!("不能从“{from}”变为“{to}” / cannot go from {from} to {to}"))
    }
}

/// A challenge as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ChallengeInput {
    pub title: String,
    pub task: String,
    pub requirements: String,
    pub field: String,
    /// Funding or reward, yuan.
    pub reward: String,
    pub deadline: String,
    pub issuer_name: String,
}

/// A validated challenge.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Challenge {
    pub title: String,
    pub task: String,
    pub requirements: String,
    pub field: String,
    pub reward_fen: i64,
    pub deadline: String,
    pub issuer_name: String,
}

impl ChallengeInput {
    pub fn validate(&self, today: chrono::NaiveDate) -> Result<Challenge, Vec<ItemError>> {
        let mut e = Vec::new();
        let title = self.title.trim().to_owned();
        if title.is_empty() || title.chars().count() > 200 {
            e.push(err(
                "title",
                "榜单名称应为 1–200 字 / the title must be 1 to 200 characters",
            ));
        }
        let task = self.task.trim().to_owned();
        if task.is_empty() {
            e.push(err("task", "请描述攻关任务 / describe the task"));
        }
        let field = if self.field.trim().is_empty() {
            String::new()
        } else {
            vocab::parse(FIELDS, &self.field).map(str::to_owned).unwrap_or_else(|| {
                e.push(err(
                    "field",
                    format!("“{}”不是可选值 / not an allowed value", self.field.trim()),
                ));
                String::new()
            })
        };
        let reward_fen = match kechuang_kernel::money::Fen::parse_yuan(self.reward.trim()) {
            Ok(f) if f.0 > 0 => f.0,
            _ => {
                e.push(err(
                    "reward",
                    "榜单金额应为正数（元，可写“万”）/ the reward must be a positive amount",
                ));
                0
            }
        };
        let deadline = match kechuang_sheets::fields::parse_date(&self.deadline) {
            Ok(d) if d <= today => {
                e.push(err(
                    "deadline",
                    "揭榜截止日期应晚于今天 / the deadline must be after today",
                ));
                String::new()
            }
            Ok(d) => d.to_string(),
            Err(m) => {
                e.push(err("deadline", m));
                String::new()
            }
        };
        if e.is_empty() {
            Ok(Challenge {
                title,
                task,
                requirements: self.requirements.trim().to_owned(),
                field,
                reward_fen,
                deadline,
                issuer_name: self.issuer_name.trim().to_owned(),
            })
        } else {
            Err(e)
        }
    }
}

/// A bid as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BidInput {
    pub team_name: String,
    pub team_kind: String,
    pub proposal: String,
    /// Budget asked for, yuan.
    pub budget: String,
    pub months: String,
}

/// A validated bid.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Bid {
    pub team_name: String,
    pub team_kind: String,
    pub proposal: String,
    pub budget_fen: i64,
    pub months: i64,
}

impl BidInput {
    /// The validated bid; `reward_fen` caps the budget.
    pub fn validate(&self, reward_fen: i64) -> Result<Bid, Vec<ItemError>> {
        let mut e = Vec::new();
        let team_name = self.team_name.trim().to_owned();
        if team_name.is_empty() {
            e.push(err("team_name", "请填写揭榜团队 / the team is required"));
        }
        let team_kind = vocab::parse(BIDDER_KINDS, &self.team_kind)
            .map(str::to_owned)
            .unwrap_or_else(|| {
                e.push(err(
                    "team_kind",
                    format!("应为{} / choose the kind of team", vocab::choices(BIDDER_KINDS)),
                ));
                String::new()
            });
        let proposal = self.proposal.trim().to_owned();
        if proposal.chars().count() < 20 {
            e.push(err(
                "proposal",
                "技术方案至少 20 字 / the proposal needs at least 20 characters",
            ));
        }
        let budget_fen = match kechuang_kernel::money::Fen::parse_yuan(self.budget.trim()) {
            Ok(f) if f.0 > 0 && f.0 <= reward_fen => f.0,
            Ok(f) if f.0 > reward_fen => {
                e.push(err("budget", "申请经费超过榜单金额 / the budget exceeds the reward"));
                0
            }
            _ => {
                e.push(err("budget", "申请经费应为正数 / the budget must be a positive amount"));
                0
            }
        };
        let months = match self.months.trim().parse::<i64>() {
            Ok(m) if (1..=60).contains(&m) => m,
            _ => {
                e.push(err(
                    "months",
                    "实施周期应为 1–60 个月 / the duration must be 1 to 60 months",
                ));
                0
            }
        };
        if e.is_empty() {
            Ok(Bid {
                team_name,
                team_kind,
                proposal,
                budget_fen,
                months,
            })
        } else {
            Err(e)
        }
    }
}

/// One reviewer's score of one bid.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub bid_id: i64,
    pub score: u8,
}

/// A bid's standing after review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    pub bid_id: i64,
    /// Mean score × 100 (exact to two decimals).
    pub mean_x100: i64,
    pub reviews: usize,
}

/// Bids by mean score, best first (ties: more reviews, then earlier bid);
/// bids without reviews are not ranked.
pub fn standings(scores: &[Score]) -> Vec<Standing> {
    let mut by_bid: std::collections::BTreeMap<i64, (i64, usize)> = Default::default();
    for s in scores {
        let e = by_bid.entry(s.bid_id).or_default();
        e.0 += i64::from(s.score);
        e.1 += 1;
    }
    let mut out: Vec<Standing> = by_bid
        .into_iter()
        .map(|(bid_id, (sum, n))| Standing {
            bid_id,
            mean_x100: (sum * 100 + n as i64 / 2) / n as i64,
            reviews: n,
        })
        .collect();
    out.sort_by(|a, b| {
        b.mean_x100
            .cmp(&a.mean_x100)
            .then(b.reviews.cmp(&a.reviews))
            .then(a.bid_id.cmp(&b.bid_id))
    });
    out
}

/// Checks a review: a score from 0 to [`MAX_SCORE`] and a written reason.
pub fn check_review(score: &str, reason: &str) -> Result<u8, Vec<ItemError>> {
    let mut e = Vec::new();
    let s = score.trim().parse::<u8>().ok().filter(|s| *s <= MAX_SCORE);
    if s.is_none() {
        e.push(err(
            "score",
            format!("评分应为 0–{MAX_SCORE} 的整数 / the score must be 0 to {MAX_SCORE}"),
        ));
    }
    if reason.trim().chars().count() < 5 {
        e.push(err("reason", "请写明评审意见（至少 5 字）/ give a written reason"));
    }
    match s {
        Some(s) if e.is_empty() => Ok(s),
        _ => Err(e),
    }
}
