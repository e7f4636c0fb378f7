//! Commissioner assignment: every high-tech enterprise ends with exactly one
//! commissioner, county and chain decide the match, loads stay balanced,
//! and assignments end when the firm or the commissioner leaves.

use kechuang_cultivation::commissioners::{Commissioner, Current, EndReason, Firm, plan};
use proptest::prelude::*;
use std::collections::HashMap;

fn firm(id: i64, region: i64, chain: &str) -> Firm {
    Firm {
        id,
        region_id: region,
        chains: vec![chain.to_owned()],
    }
}

fn comm(id: i64, region: i64, chain: &str) -> Commissioner {
    Commissioner {
        id,
        region_id: region,
        chains: vec![chain.to_owned()],
    }
}

#[test]
fn county_first_then_chain_then_load() {
    let commissioners = [comm(1, 10, "新材料"), comm(2, 20, "新能源"), comm(3, 20, "新材料")];
    let p = plan(
        &[
            firm(100, 20, "新材料"),
            firm(101, 10, "新能源"),
            firm(102, 30, "新能源"),
        ],
        &commissioners,
        &[],
    );
    // 100: county 20 and chain 新材料 → 3; 101: county 10 → 1; 102: no county
    // match, chain 新能源 → 2.
    assert_eq!(p.assign, vec![(100, 3), (101, 1), (102, 2)]);
    assert!(p.end.is_empty() && p.unassigned.is_empty());
}

#[test]
fn equals_share_the_load() {
    let commissioners = [comm(1, 10, "x"), comm(2, 10, "x"), comm(3, 10, "x")];
    let firms: Vec<Firm> = (0..10).map(|i| firm(i, 10, "x")).collect();
    let p = plan(&firms, &commissioners, &[]);
    let mut load: HashMap<i64, usize> = HashMap::new();
    for (_, c) in &p.assign {
        *load.entry(*c).or_default() += 1;
    }
    let mut loads: Vec<usize> = load.values().copied().collect();
    loads.sort();
    assert_eq!(loads, vec![3, 3, 4]);
}

#[test]
fn assignments_end_when_the_firm_or_the_commissioner_leaves() {
    let current = [
        Current {
            assignment_id: 1,
            firm_id: 100,
            commissioner_id: 1,
        },
        Current {
            assignment_id: 2,
            firm_id: 101,
            commissioner_id: 9,
        },
        Current {
            assignment_id: 3,
            firm_id: 102,
            commissioner_id: 1,
        },
        Current {
            assignment_id: 4,
            firm_id: 100,
            commissioner_id: 2,
        },
    ];
    let p = plan(
        &[firm(100, 10, "x"), firm(101, 10, "x")],
        &[comm(1, 10, "x"), comm(2, 10, "x")],
        &current,
    );
    assert_eq!(
        p.end,
        vec![
            (2, EndReason::CommissionerLeft),
            (3, EndReason::NotHte),
            (4, EndReason::Duplicate)
        ]
    );
    // 100 keeps commissioner 1; 101 gets the less loaded commissioner 2.
    assert_eq!(p.assign, vec![(101, 2)]);
}

#[test]
fn without_commissioners_firms_are_reported() {
    let p = plan(&[firm(1, 10, "x")], &[], &[]);
    assert_eq!(p.unassigned, vec![1]);
    assert!(p.assign.is_empty());
}

proptest! {
    /// Whatever the starting point, after the plan every firm has exactly
    /// one commissioner in force and none is left with two.
    #[test]
    fn every_firm_ends_with_exactly_one(
        firms in proptest::collection::vec((0i64..40, 0i64..4), 0..40),
        comms in proptest::collection::vec(0i64..4, 1..6),
        current in proptest::collection::vec((0i64..50, 0i64..8), 0..30),
    ) {
        let firms: Vec<Firm> = firms.iter().map(|(id, r)| firm(*id, *r, "x")).collect();
        let comms: Vec<Commissioner> = comms.iter().enumerate().map(|(i, r)| comm(i as i64, *r, "x")).collect();
        let current: Vec<Current> = current
            .iter()
            .enumerate()
            .map(|(i, (f, c))| Current { assignment_id: i as i64, firm_id: *f, commissioner_id: *c })
            .collect();
        let p = plan(&firms, &comms, &current);
        let ended: std::collections::HashSet<i64> = p.end.iter().map(|(a, _)| *a).collect();
        let mut per_firm: HashMap<i64, usize> = HashMap::new();
        for c in current.iter().filter(|c| !ended.contains(&c.assignment_id)) {
            *per_firm.entry(c.firm_id).or_default() += 1;
        }
        for (f, _) in &p.assign {
            *per_firm.entry(*f).or_default() += 1;
        }
        for f in &firms {
            prop_assert_eq!(per_firm.get(&f.id).copied().unwrap_or(0), 1, "firm {}", f.id);
        }
        prop_assert!(per_firm.keys().all(|id| firms.iter().any(|f| f.id == *id)), "only HTE firms keep one");
        prop_assert!(p.unassigned.is_empty());
    }
}
