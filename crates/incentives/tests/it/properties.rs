//! Properties of the engine over random events: an amount never exceeds
//! its cap and never falls under its floor, the funders' parts add up to
//! the total to the fen, and computing again gives the same figure.

use crate::harness::*;
use kechuang_incentives::engine::{Params, compute, split};
use kechuang_incentives::rules::Funder;
use kechuang_incentives::rules::event::{EventKind, FactType};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// A random value for a fact of `ty`.
fn fact_value(ty: FactType) -> BoxedStrategy<Value> {
    match ty {
        FactType::Money => (0u64..5_000_000_000u64, 0u64..100)
            .prop_map(|(y, f)| json!(format!("{y}.{f:02}")))
            .boxed(),
        FactType::Number => (0u32..4000, 0u32..100)
            .prop_map(|(n, d)| json!(format!("{n}.{d:02}")))
            .boxed(),
        FactType::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        FactType::Code(codes) => prop::sample::select(codes.to_vec()).prop_map(|c| json!(c)).boxed(),
    }
}

fn any_event() -> impl Strategy<Value = kechuang_incentives::rules::event::Event> {
    (
        prop::sample::select(EventKind::ALL.to_vec()),
        2019i32..2026,
        1u32..13,
        1u32..29,
    )
        .prop_flat_map(|(kind, y, m, d)| {
            let facts: Vec<BoxedStrategy<(String, Value)>> = kind
                .facts()
                .iter()
                .map(|f| fact_value(f.ty).prop_map(move |v| (f.name.to_owned(), v)).boxed())
                .collect();
            facts.prop_map(move |pairs| {
                let date = format!("{y}-{m:02}-{d:02}");
                let pairs: Vec<(&str, Value)> = pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                event(kind, &date, &pairs)
            })
        })
}

fn all_params() -> Params {
    params(&[
        ("digital_rate", "37.5%"),
        ("upgrade_rate", "12%"),
        ("loan_rate", "3%"),
        ("salary_years", "3"),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn amounts_stay_within_caps_and_floors_and_shares_add_up(e in any_event()) {
        let rules: Vec<_> = sets().iter().flat_map(|s| s.rules.iter()).collect();
        let p = all_params();
        let out = compute(rules.iter().copied(), &e, &p);
        for ent in &out.entitlements {
            let rule = rules.iter().find(|r| r.id == ent.rule).unwrap();
            if let Some(cap) = rule.cap {
                prop_assert!(ent.amount_fen <= cap, "{} {} > cap {}", ent.rule, ent.amount_fen, cap);
            }
            if let Some(floor) = rule.floor {
                prop_assert!(ent.amount_fen >= floor);
            }
            prop_assert!(ent.amount_fen > 0);
            prop_assert_eq!(ent.city_fen + ent.county_fen + ent.province_fen, ent.amount_fen);
            prop_assert!(ent.city_fen >= 0 && ent.county_fen >= 0 && ent.province_fen >= 0);
        }
        // computing again (a replay) gives the same figures
        prop_assert_eq!(compute(rules.iter().copied(), &e, &p), out);
    }

    #[test]
    fn split_adds_up_to_the_fen(total in 0i64..10_000_000_000, a in 0u32..=100, b in 0u32..=100) {
        let (a, b) = (a.min(100), b.min(100 - a.min(100)));
        let c = 100 - a - b;
        let pct = |x: u32| Decimal::from(x) / Decimal::from(100);
        let parts = split(total, &[(Funder::City, pct(a)), (Funder::County, pct(b)), (Funder::Province, pct(c))]);
        prop_assert_eq!(parts.values().sum::<i64>(), total);
        for v in parts.values() {
            prop_assert!(*v >= 0);
        }
    }
}
