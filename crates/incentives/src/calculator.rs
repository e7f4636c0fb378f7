//! The policy calculator (政策计算器): for one firm, every clause its city
//! applies, with what the data says of each condition (met, not met,
//! unknown), what it would get, and what it would take to qualify. Read from
//! the registry and the events recorded for the firm; nothing is saved.

use crate::engine::{self, Checked, RuleResult, Verdict};
use crate::rules::event::{Event, EventKind, Subject};
use crate::service::{Applied, Incentives};
use crate::sources::{hte_event, platform_event};
use crate::store::prelude::*;
use crate::store::setup::EnactmentMode;
use kechuang_kernel::{Db, Result};
use serde::Serialize;
use std::collections::BTreeMap;

/// How a clause stands for the firm.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "standing", rename_all = "snake_case")]
pub enum Standing {
    /// The data shows it is entitled.
    Entitled {
        amount_fen: i64,
        derivation: String,
        upper_bound: bool,
        lower_bound: bool,
    },
    /// Entitled once the bureau sets a parameter.
    Pending { parameter: String },
    /// The data cannot tell: the firm may apply.
    Unknown { reason: String },
    /// A condition is not met.
    NotMet { reason: String },
    /// No record of the event the clause is about.
    NoRecord,
}

/// One clause for the firm.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub set_id: String,
    pub rule_id: String,
    pub title: String,
    pub cited: String,
    pub event: EventKind,
    pub standing: Standing,
    pub conditions: Vec<Checked>,
    /// The firm may apply under it (data cannot decide, or the figure is
    /// decided on review).
    pub may_apply: bool,
}

impl Line {
    /// Rank for sorting: what the firm can claim first.
    fn rank(&self) -> u8 {
        match self.standing {
            Standing::Entitled { .. } => 0,
            Standing::Pending { .. } => 1,
            Standing::Unknown { .. } => 2,
            Standing::NoRecord => 3,
            Standing::NotMet { .. } => 4,
        }
    }
}

fn better(a: &RuleResult, b: &RuleResult) -> bool {
    let r = |x: &RuleResult| match x {
        RuleResult::Entitled(_) => 0,
        RuleResult::Pending(_) => 1,
        RuleResult::Unknown(_) => 2,
        RuleResult::Refused(_) => 3,
    };
    r(a) < r(b)
}

/// The events the data holds for a firm (certificates, platforms it hosts,
/// events recorded for it).
pub async fn events_of(db: &Db, code: &str, region_path: &str) -> Result<Vec<Event>> {
    let mut out = Vec::new();
    let far = (chrono::NaiveDate::MIN, chrono::NaiveDate::MAX);
    for c in db.hte_certificates(region_path, far.0, far.1, Some(code)).await? {
        out.push(hte_event(&c.item).0);
    }
    for p in db.hosted_platforms("/", Some(code)).await? {
        if let Some((e, _)) = platform_event(&p.item) {
            out.push(e);
        }
    }
    for row in db.recorded_events().await? {
        if row.subject_code == code
            && let Ok(e) = row.event()
        {
            out.push(e);
        }
    }
    Ok(out)
}

/// Every clause the firm's city applies in force, as it stands for the
/// firm, the claimable first.
pub async fn calculate(svc: &Incentives, db: &Db, code: &str) -> Result<Vec<Line>> {
    let Some((_, path, county, name)) = db.enterprise_place(code).await? else {
        return Ok(Vec::new());
    };
    let applied = svc.applied(db, &path, EnactmentMode::InForce).await?;
    let events = events_of(db, code, &path).await?;
    Ok(lines(&applied, &events, code, &county, &name))
}

/// The calculator's lines (pure): each rule of the applied sets against
/// the firm's events of its kind (the best result), or an empty event of
/// that kind when the firm has none.
pub fn lines(applied: &[Applied], events: &[Event], code: &str, county: &str, name: &str) -> Vec<Line> {
    let mut out = Vec::new();
    for a in applied {
        for rule in &a.set.rules {
            let mine: Vec<&Event> = events.iter().filter(|e| e.kind == rule.event).collect();
            let empty = Event {
                kind: rule.event,
                date: kechuang_kernel::clock::today(),
                subject: Subject {
                    credit_code: code.to_owned(),
                    county: county.to_owned(),
                    name: name.to_owned(),
                },
                facts: BTreeMap::new(),
            };
            let mut best: Option<engine::Evaluation> = None;
            for e in &mine {
                let ev = engine::evaluate(rule, e, &a.params);
                if best.as_ref().is_none_or(|b| better(&ev.result, &b.result)) {
                    best = Some(ev);
                }
            }
            let (standing, conditions) = match best {
                None => {
                    let ev = engine::evaluate(rule, &empty, &a.params);
                    (Standing::NoRecord, ev.conditions)
                }
                Some(ev) => {
                    let standing = match ev.result {
                        RuleResult::Entitled(x) => Standing::Entitled {
                            amount_fen: x.amount_fen,
                            derivation: x.derivation,
                            upper_bound: x.upper_bound,
                            lower_bound: x.lower_bound,
                        },
                        RuleResult::Pending(p) => Standing::Pending { parameter: p.parameter },
                        RuleResult::Unknown(r) => Standing::Unknown { reason: r.reason },
                        RuleResult::Refused(r) => Standing::NotMet { reason: r.reason },
                    };
                    (standing, ev.conditions)
                }
            };
            let may_apply = !rule.without_application
                || matches!(standing, Standing::Unknown { .. })
                || (matches!(standing, Standing::NoRecord) && !conditions.iter().any(|c| c.verdict == Verdict::NotMet));
            out.push(Line {
                set_id: a.set.id.clone(),
                rule_id: rule.id.clone(),
                title: rule.title.clone(),
                cited: format!("{} {}", a.set.short, rule.clause),
                event: rule.event,
                standing,
                conditions,
                may_apply,
            });
        }
    }
    out.sort_by_key(|l| l.rank());
    out
}
