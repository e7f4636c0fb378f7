//! Commissioners (科技特派员): every valid high-tech enterprise has exactly
//! one. [`plan`] keeps the assignments that still hold, ends those whose firm
//! is no longer a high-tech enterprise or whose commissioner left, and gives
//! every firm without one the commissioner that fits best: the same county
//! first (2 points), a shared industry chain next (1 point), and among equals
//! the one with the fewest firms, so loads stay balanced. Deterministic: firms
//! in id order, ties broken by the commissioner's id.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

/// A firm that needs a commissioner (holds a valid HTE certificate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Firm {
    pub id: i64,
    pub region_id: i64,
    pub chains: Vec<String>,
}

/// A commissioner who can take firms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commissioner {
    pub id: i64,
    pub region_id: i64,
    pub chains: Vec<String>,
}

/// An assignment in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Current {
    pub assignment_id: i64,
    pub firm_id: i64,
    pub commissioner_id: i64,
}

/// Why an assignment ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The firm holds no valid HTE certificate any more.
    NotHte,
    /// The commissioner is no longer available.
    CommissionerLeft,
    /// A second assignment of the same firm (kept: the first).
    Duplicate,
}

impl EndReason {
    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::NotHte => "not_hte",
            EndReason::CommissionerLeft => "commissioner_left",
            EndReason::Duplicate => "duplicate",
        }
    }
}

/// What to change.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// Assignments to end, by id.
    pub end: Vec<(i64, EndReason)>,
    /// New (firm, commissioner) pairs.
    pub assign: Vec<(i64, i64)>,
    /// Firms left without a commissioner because there is none.
    pub unassigned: Vec<i64>,
}

fn score(f: &Firm, c: &Commissioner) -> u8 {
    let county = if f.region_id == c.region_id { 2 } else { 0 };
    let chain = u8::from(f.chains.iter().any(|x| c.chains.contains(x)));
    county + chain
}

/// The changes that give every firm in `firms` exactly one commissioner.
pub fn plan(firms: &[Firm], commissioners: &[Commissioner], current: &[Current]) -> Plan {
    let firm_ids: HashSet<i64> = firms.iter().map(|f| f.id).collect();
    let available: HashSet<i64> = commissioners.iter().map(|c| c.id).collect();
    let mut load: HashMap<i64, usize> = commissioners.iter().map(|c| (c.id, 0)).collect();
    let mut covered = HashSet::new();
    let mut out = Plan::default();
    let mut current: Vec<Current> = current.to_vec();
    current.sort_by_key(|c| c.assignment_id);
    for c in current {
        if !firm_ids.contains(&c.firm_id) {
            out.end.push((c.assignment_id, EndReason::NotHte));
        } else if !available.contains(&c.commissioner_id) {
            out.end.push((c.assignment_id, EndReason::CommissionerLeft));
        } else if !covered.insert(c.firm_id) {
            out.end.push((c.assignment_id, EndReason::Duplicate));
        } else {
            *load.entry(c.commissioner_id).or_default() += 1;
        }
    }
    let mut firms: Vec<&Firm> = firms.iter().filter(|f| !covered.contains(&f.id)).collect();
    firms.sort_by_key(|f| f.id);
    firms.dedup_by_key(|f| f.id);
    for f in firms {
        let best = commissioners
            .iter()
            .max_by(|a, b| {
                let key = |c: &Commissioner| (score(f, c), std::cmp::Reverse(load[&c.id]), std::cmp::Reverse(c.id));
                key(a).cmp(&key(b))
            })
            .map(|c| c.id);
        match best {
            Some(c) => {
                *load.entry(c).or_default() += 1;
                out.assign.push((f.id, c));
            }
            None => out.unassigned.push(f.id),
        }
    }
    out
}
