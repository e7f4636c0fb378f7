//! Tests of `assessment`: tables of cases and properties.

use super::*;
use proptest::prelude::*;

fn ind(key: &str, weight: f64, higher_is_better: bool) -> Indicator {
    Indicator {
        key: key.to_owned(),
        label: format!("指标{key}"),
        weight,
        higher_is_better,
    }
}

fn input(indicators: Vec<Indicator>, counties: &[&str], values: &[(&str, &str, f64)]) -> AssessmentInput {
    AssessmentInput {
        indicators,
        counties: counties.iter().map(|c| c.to_string()).collect(),
        values: values
            .iter()
            .map(|(c, k, v)| ((c.to_string(), k.to_string()), *v))
            .collect(),
    }
}

/// (county, total, rank)
type Row<'a> = (&'a str, f64, usize);

/// Rows in result order.
fn summary(scores: &[CountyScore]) -> Vec<Row<'_>> {
    scores.iter().map(|s| (s.county.as_str(), s.total, s.rank)).collect()
}

#[test]
fn table() {
    let two = || vec![ind("a", 60.0, true), ind("b", 40.0, true)];
    let cases: Vec<(&str, AssessmentInput, Vec<Row>)> = vec![
        (
            "min-max per indicator",
            input(
                two(),
                &["甲", "乙", "丙"],
                &[
                    ("甲", "a", 10.0),
                    ("乙", "a", 20.0),
                    ("丙", "a", 30.0),
                    ("甲", "b", 5.0),
                    ("乙", "b", 1.0),
                    ("丙", "b", 3.0),
                ],
            ),
            // 丙: 60 + 20; 甲: 0 + 40; 乙: 30 + 0
            vec![("丙", 80.0, 1), ("甲", 40.0, 2), ("乙", 30.0, 3)],
        ),
        (
            "ties share a rank, sorted by name",
            input(
                two(),
                &["乙", "甲", "丙"],
                &[
                    ("甲", "a", 10.0),
                    ("乙", "a", 10.0),
                    ("丙", "a", 0.0),
                    ("甲", "b", 1.0),
                    ("乙", "b", 1.0),
                    ("丙", "b", 1.0),
                ],
            ),
            vec![("乙", 100.0, 1), ("甲", 100.0, 1), ("丙", 40.0, 3)],
        ),
        (
            "all equal: everyone full marks",
            input(
                two(),
                &["甲", "乙"],
                &[("甲", "a", 7.0), ("乙", "a", 7.0), ("甲", "b", 0.0), ("乙", "b", 0.0)],
            ),
            vec![("乙", 100.0, 1), ("甲", 100.0, 1)],
        ),
        (
            "missing values score 0",
            input(
                two(),
                &["甲", "乙", "丙"],
                &[("甲", "a", 1.0), ("乙", "a", 2.0), ("甲", "b", 3.0)],
            ),
            // a: 甲 0, 乙 60, 丙 missing; b: only 甲 reports -> 1
            vec![("乙", 60.0, 1), ("甲", 40.0, 2), ("丙", 0.0, 3)],
        ),
        (
            "non-finite values count as missing",
            input(
                two(),
                &["甲", "乙"],
                &[
                    ("甲", "a", f64::NAN),
                    ("乙", "a", 2.0),
                    ("甲", "b", f64::INFINITY),
                    ("乙", "b", 1.0),
                ],
            ),
            vec![("乙", 100.0, 1), ("甲", 0.0, 2)],
        ),
        (
            "lower is better",
            input(
                vec![ind("cost", 100.0, false)],
                &["甲", "乙", "丙"],
                &[("甲", "cost", 0.5), ("乙", "cost", 0.6), ("丙", "cost", 0.9)],
            ),
            vec![("甲", 100.0, 1), ("乙", 75.0, 2), ("丙", 0.0, 3)],
        ),
        (
            "a single county scores full marks",
            input(two(), &["甲"], &[("甲", "a", -3.0), ("甲", "b", 0.0)]),
            vec![("甲", 100.0, 1)],
        ),
        (
            "a single county without reports",
            input(two(), &["甲"], &[]),
            vec![("甲", 0.0, 1)],
        ),
        (
            "values of unknown counties or indicators are ignored",
            input(
                two(),
                &["甲", "乙"],
                &[("甲", "a", 1.0), ("乙", "a", 2.0), ("丁", "a", 99.0), ("甲", "z", 5.0)],
            ),
            vec![("乙", 60.0, 1), ("甲", 0.0, 2)],
        ),
        (
            "thirds round to 2 decimals",
            input(
                vec![ind("a", 100.0, true)],
                &["甲", "乙", "丙", "丁"],
                &[("甲", "a", 0.0), ("乙", "a", 1.0), ("丙", "a", 2.0), ("丁", "a", 3.0)],
            ),
            vec![("丁", 100.0, 1), ("丙", 66.67, 2), ("乙", 33.33, 3), ("甲", 0.0, 4)],
        ),
        (
            "huge values do not overflow",
            input(
                vec![ind("a", 100.0, true)],
                &["甲", "乙", "丙"],
                &[("甲", "a", f64::MAX), ("乙", "a", -f64::MAX), ("丙", "a", 0.0)],
            ),
            vec![("甲", 100.0, 1), ("丙", 50.0, 2), ("乙", 0.0, 3)],
        ),
    ];
    for (name, input, want) in cases {
        let scores = score_counties(&input).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(summary(&scores), want, "{name}");
        for s in &scores {
            assert_eq!(s.parts.len(), input.indicators.len(), "{name}");
            for (part, ind) in s.parts.iter().zip(&input.indicators) {
                assert_eq!(part.indicator, ind.key, "{name}");
                assert!((0.0..=1.0).contains(&part.normalized), "{name}");
                assert!(part.note.contains(" / "), "{name}");
            }
        }
    }
}

#[test]
fn parts_explain_themselves() {
    let scores = score_counties(&input(
        vec![ind("a", 60.0, true), ind("b", 40.0, false)],
        &["甲", "乙", "丙"],
        &[
            ("甲", "a", 10.0),
            ("乙", "a", 20.0),
            ("甲", "b", 1.0),
            ("乙", "b", f64::NAN),
        ],
    ))
    .unwrap();
    let by = |c: &str| scores.iter().find(|s| s.county == c).unwrap();
    let a = &by("甲").parts[0];
    assert_eq!((a.value, a.normalized, a.points), (Some(10.0), 0.0, 0.0));
    assert_eq!(
        a.note,
        "最好 20，最差 10，得分率 0% / best 20, worst 10, 0% of the points"
    );
    let b = &by("甲").parts[1];
    assert_eq!((b.value, b.normalized, b.points), (Some(1.0), 1.0, 40.0));
    assert_eq!(b.note, "仅此一个县(市、区)填报 / the only county reporting");
    let b = &by("乙").parts[1];
    assert_eq!((b.value, b.points), (None, 0.0));
    assert_eq!(b.note, "填报数值无效 / the reported value is not a finite number");
    let a = &by("丙").parts[0];
    assert_eq!((a.value, a.normalized, a.points), (None, 0.0, 0.0));
    assert_eq!(a.note, "未填报 / not reported");
}

#[test]
fn errors() {
    use AssessmentError::*;
    let counties = &["甲"];
    let cases: Vec<(AssessmentInput, AssessmentError)> = vec![
        (input(vec![], counties, &[]), NoIndicators),
        (input(standard_indicators(), &[], &[]), NoCounties),
        (
            input(vec![ind("a", 50.0, true), ind("a", 50.0, true)], counties, &[]),
            DuplicateIndicator { key: "a".into() },
        ),
        (
            input(vec![ind("a", 100.0, true)], &["甲", "乙", "甲"], &[]),
            DuplicateCounty { county: "甲".into() },
        ),
        (
            input(vec![ind("a", 100.0, true), ind("b", 0.0, true)], counties, &[]),
            InvalidWeight {
                key: "b".into(),
                label: "指标b".into(),
                weight: 0.0,
            },
        ),
        (
            input(vec![ind("a", 110.0, true), ind("b", -10.0, true)], counties, &[]),
            InvalidWeight {
                key: "b".into(),
                label: "指标b".into(),
                weight: -10.0,
            },
        ),
        (
            input(vec![ind("a", f64::INFINITY, true)], counties, &[]),
            InvalidWeight {
                key: "a".into(),
                label: "指标a".into(),
                weight: f64::INFINITY,
            },
        ),
        (
            input(vec![ind("a", 60.0, true), ind("b", 30.0, true)], counties, &[]),
            WeightSum { sum: 90.0 },
        ),
        (
            input(vec![ind("a", 100.00001, true)], counties, &[]),
            WeightSum { sum: 100.00001 },
        ),
    ];
    for (input, want) in cases {
        assert_eq!(score_counties(&input), Err(want));
    }
    // NaN weights do not compare equal, so check the variant and the message
    let err = score_counties(&input(vec![ind("rd", f64::NAN, true)], counties, &[])).unwrap_err();
    assert!(matches!(&err, InvalidWeight { key, .. } if key == "rd"), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("考核指标“指标rd”(rd)的分值必须是有限的正数"),
        "{err}"
    );
    // within 1e-6 of 100 is fine
    let ok = input(
        vec![
            ind("a", 33.3333334, true),
            ind("b", 33.3333333, true),
            ind("c", 33.3333333, true),
        ],
        counties,
        &[],
    );
    assert!(score_counties(&ok).is_ok());
    assert_eq!(
        WeightSum { sum: 90.0 }.to_string(),
        "各考核指标分值合计应为100，实际为 90 / indicator weights must sum to 100, got 90"
    );
    assert_eq!(
        DuplicateIndicator { key: "new_hte".into() }.to_string(),
        "考核指标“new_hte”重复 / duplicate indicator \"new_hte\""
    );
}

#[test]
fn standard_indicators_are_valid() {
    let inds = standard_indicators();
    let keys: Vec<&str> = inds.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "new_hte",
            "new_tech_sme",
            "rd_intensity",
            "contract_turnover_growth",
            "new_platforms"
        ]
    );
    assert_eq!(inds.iter().map(|i| i.weight).sum::<f64>(), 100.0);
    assert!(inds.iter().all(|i| i.weight == 20.0 && i.higher_is_better));
    assert_eq!(inds[3].label, "技术合同成交额增长率");
    let scores = score_counties(&input(inds, &["固安县", "永清县"], &[("固安县", "new_hte", 12.0)])).unwrap();
    assert_eq!(summary(&scores), vec![("固安县", 20.0, 1), ("永清县", 0.0, 2)]);
}

fn random_input() -> impl Strategy<Value = AssessmentInput> {
    (1usize..6, 1usize..9).prop_flat_map(|(n_ind, n_county)| {
        (
            prop::collection::vec((0.01f64..50.0, any::<bool>()), n_ind),
            prop::collection::vec(
                prop::option::weighted(
                    0.8,
                    prop_oneof![
                        8 => -100.0f64..100.0,
                        1 => prop::sample::select(vec![0.0, 1.0, 5.0]),
                        1 => prop::num::f64::ANY,
                    ],
                ),
                n_ind * n_county,
            ),
        )
            .prop_map(move |(raw_weights, values)| {
                let raw_sum: f64 = raw_weights.iter().map(|(w, _)| w).sum();
                let indicators: Vec<Indicator> = raw_weights
                    .iter()
                    .enumerate()
                    .map(|(i, (w, hib))| ind(&format!("k{i}"), w * 100.0 / raw_sum, *hib))
                    .collect();
                let counties: Vec<String> = (0..n_county).map(|c| format!("县{c}")).collect();
                let mut map = BTreeMap::new();
                for (i, v) in values.into_iter().enumerate() {
                    if let Some(v) = v {
                        map.insert(
                            (counties[i % n_county].clone(), indicators[i / n_county].key.clone()),
                            v,
                        );
                    }
                }
                AssessmentInput {
                    indicators,
                    counties,
                    values: map,
                }
            })
    })
}

proptest! {
    #[test]
    fn totals_in_range_and_ranking_valid(input in random_input()) {
        let scores = score_counties(&input).unwrap();
        prop_assert_eq!(scores.len(), input.counties.len());
        for (i, s) in scores.iter().enumerate() {
            prop_assert!((0.0..=100.0).contains(&s.total), "{s:?}");
            prop_assert_eq!(s.total, round2(s.total));
            for p in &s.parts {
                prop_assert!((0.0..=1.0).contains(&p.normalized));
                prop_assert!(p.points >= 0.0);
            }
            if i == 0 {
                prop_assert_eq!(s.rank, 1);
            } else {
                let prev = &scores[i - 1];
                prop_assert!(prev.total >= s.total);
                if prev.total == s.total {
                    prop_assert_eq!(s.rank, prev.rank);
                    prop_assert!(prev.county < s.county);
                } else {
                    prop_assert_eq!(s.rank, i + 1);
                }
            }
        }
        // the best value of every indicator gets full points
        for (k, ind) in input.indicators.iter().enumerate() {
            if input.counties.iter().any(|c| input.values.get(&(c.clone(), ind.key.clone())).is_some_and(|v| v.is_finite())) {
                prop_assert!(scores.iter().any(|s| s.parts[k].normalized == 1.0));
            }
        }
    }
}
