//! Tests of `trajectory`: tables of cases and properties.

use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// 2020-01-01 plus `n` days.
fn day(n: i64) -> NaiveDate {
    d(2020, 1, 1) + chrono::Duration::days(n)
}

/// A 100-day period starting 2020-01-01 (ends 2020-04-10).
fn spec(kind: TargetKind, direction: Direction, baseline: Option<f64>, target_value: f64) -> TargetSpec {
    TargetSpec {
        kind,
        direction,
        baseline,
        target_value,
        start: day(0),
        end: day(100),
    }
}

fn obs(value: f64, on: NaiveDate) -> Observation {
    Observation { value, on }
}

struct Case {
    name: &'static str,
    spec: TargetSpec,
    report: Option<Observation>,
    today: NaiveDate,
    status: Status,
    expected_now: Option<f64>,
    gap: Option<f64>,
}

fn case(
    name: &'static str,
    spec: &TargetSpec,
    report: Option<f64>,
    today: NaiveDate,
    status: Status,
    expected_now: Option<f64>,
    gap: Option<f64>,
) -> Case {
    Case {
        name,
        spec: spec.clone(),
        report: report.map(|v| obs(v, today)),
        today,
        status,
        expected_now,
        gap,
    }
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-6,
        (None, None) => true,
        _ => false,
    }
}

#[test]
fn table() {
    use Direction::*;
    use Status::*;
    use TargetKind::*;
    let hte = spec(Level, Up, Some(300.0), 700.0); // span 400, tolerance 40
    let energy = spec(Level, Down, Some(1.0), 0.8); // span 0.2, tolerance 0.02
    let rd_share = spec(Share, Up, None, 50.0);
    let no_base_down = spec(Level, Down, None, 0.5);
    let new_sme = spec(Increase, Up, None, 400.0);
    let flat = spec(Level, Up, Some(500.0), 500.0);
    let mut zero_len = spec(Level, Up, Some(300.0), 700.0);
    zero_len.start = d(2020, 12, 31);
    zero_len.end = d(2020, 12, 31);
    let mut reversed = spec(Level, Up, Some(300.0), 700.0);
    std::mem::swap(&mut reversed.start, &mut reversed.end);
    let now = day(60); // time fraction 0.6

    let sme_with_base = spec(Increase, Up, Some(9e9), 400.0);
    let nan_target = spec(Level, Up, Some(300.0), f64::NAN);
    let inf_target = spec(Level, Up, None, f64::INFINITY);
    let nan_base = spec(Level, Up, Some(f64::NAN), 700.0);
    let huge_span = spec(Level, Up, Some(-f64::MAX), f64::MAX);
    let tiny = spec(Increase, Up, None, 1e-10);
    let (nan, inf) = (f64::NAN, f64::INFINITY);
    let (y2019, last, after) = (d(2019, 12, 1), d(2020, 12, 31), d(2021, 1, 1));

    #[rustfmt::skip]
    let cases = vec![
        //   name                            spec           report       today      status    expected_now  gap
        case("exactly on the line",          &hte,          Some(540.0), now,       OnTrack,  Some(540.0),  Some(0.0)),
        case("just below the line",          &hte,          Some(539.99), now,      AtRisk,   Some(540.0),  Some(0.01)),
        case("at the tolerance edge",        &hte,          Some(500.0), now,       AtRisk,   Some(540.0),  Some(40.0)),
        case("outside the tolerance",        &hte,          Some(499.0), now,       Behind,   Some(540.0),  Some(41.0)),
        case("ahead of the line",            &hte,          Some(600.0), now,       OnTrack,  Some(540.0),  Some(0.0)),
        case("achieved early",               &hte,          Some(700.0), now,       Achieved, Some(540.0),  Some(0.0)),
        case("exceeded early",               &hte,          Some(750.0), now,       Achieved, Some(540.0),  Some(0.0)),
        case("before the start",             &hte,          Some(300.0), y2019,     OnTrack,  Some(300.0),  Some(0.0)),
        case("on the deadline",              &hte,          Some(690.0), day(100),  AtRisk,   Some(700.0),  Some(10.0)),
        case("after the end, short",         &hte,          Some(699.0), day(101),  Behind,   Some(700.0),  Some(1.0)),
        case("after the end, reached",       &hte,          Some(700.0), day(400),  Achieved, Some(700.0),  Some(0.0)),
        case("no report",                    &hte,          None,        now,       NoData,   Some(540.0),  None),
        case("down: on the line",            &energy,       Some(0.88),  now,       OnTrack,  Some(0.88),   Some(0.0)),
        case("down: below the line",         &energy,       Some(0.85),  now,       OnTrack,  Some(0.88),   Some(0.0)),
        case("down: within tolerance",       &energy,       Some(0.89),  now,       AtRisk,   Some(0.88),   Some(0.01)),
        case("down: outside tolerance",      &energy,       Some(0.95),  now,       Behind,   Some(0.88),   Some(0.07)),
        case("down: achieved",               &energy,       Some(0.79),  now,       Achieved, Some(0.88),   Some(0.0)),
        case("down: over, not reached",      &energy,       Some(0.81),  day(101),  Behind,   Some(0.8),    Some(0.01)),
        case("no baseline: on the line",     &rd_share,     Some(30.0),  now,       OnTrack,  Some(30.0),   Some(0.0)),
        case("no baseline: within",          &rd_share,     Some(25.0),  now,       AtRisk,   Some(30.0),   Some(5.0)),
        case("no baseline: outside",         &rd_share,     Some(24.0),  now,       Behind,   Some(30.0),   Some(6.0)),
        case("no baseline: achieved",        &rd_share,     Some(50.0),  now,       Achieved, Some(30.0),   Some(0.0)),
        case("no baseline down: on track",   &no_base_down, Some(0.8),   now,       OnTrack,  Some(0.833333), Some(0.0)),
        case("no baseline down: at risk",    &no_base_down, Some(1.0),   now,       AtRisk,   Some(0.833333), Some(0.166667)),
        case("no baseline down: behind",     &no_base_down, Some(1.25),  now,       Behind,   Some(0.833333), Some(0.416667)),
        case("no baseline down: achieved",   &no_base_down, Some(0.5),   now,       Achieved, Some(0.833333), Some(0.0)),
        case("no baseline down: day one",    &no_base_down, Some(2.0),   day(0),    OnTrack,  None,         None),
        case("increase: on the line",        &new_sme,      Some(240.0), now,       OnTrack,  Some(240.0),  Some(0.0)),
        case("increase: at the edge",        &new_sme,      Some(200.0), now,       AtRisk,   Some(240.0),  Some(40.0)),
        case("increase: behind",             &new_sme,      Some(199.0), now,       Behind,   Some(240.0),  Some(41.0)),
        case("increase ignores baseline",    &sme_with_base, Some(240.0), now,      OnTrack,  Some(240.0),  Some(0.0)),
        case("zero length: before",          &zero_len,     Some(300.0), d(2020, 6, 1), OnTrack, Some(300.0), Some(0.0)),
        case("zero length: on the day",      &zero_len,     Some(690.0), last,      AtRisk,   Some(700.0),  Some(10.0)),
        case("zero length: after",           &zero_len,     Some(690.0), after,     Behind,   Some(700.0),  Some(10.0)),
        case("zero length: reached",         &zero_len,     Some(700.0), last,      Achieved, Some(700.0),  Some(0.0)),
        case("reversed period",              &reversed,     Some(300.0), now,       Behind,   Some(700.0),  Some(400.0)),
        case("baseline = target, short",     &flat,         Some(499.0), now,       Behind,   Some(500.0),  Some(1.0)),
        case("baseline = target, met",       &flat,         Some(500.0), now,       Achieved, Some(500.0),  Some(0.0)),
        case("NaN report",                   &hte,          Some(nan),   now,       NoData,   Some(540.0),  None),
        case("infinite report",              &hte,          Some(inf),   now,       NoData,   Some(540.0),  None),
        case("-infinite report",             &hte,          Some(-inf),  now,       NoData,   Some(540.0),  None),
        case("NaN target",                   &nan_target,   Some(500.0), now,       NoData,   None,         None),
        case("infinite target",              &inf_target,   Some(500.0), now,       NoData,   None,         None),
        case("NaN baseline",                 &nan_base,     Some(500.0), now,       NoData,   None,         None),
        case("overflowing span",             &huge_span,    Some(0.0),   now,       NoData,   None,         None),
        case("overflowing progress",         &tiny,         Some(f64::MAX), now,    NoData,   Some(0.0),    None),
    ];
    for c in cases {
        let p = evaluate(&c.spec, c.report.as_ref(), c.today);
        assert_eq!(p.status, c.status, "{}: {p:?}", c.name);
        assert!(close(p.expected_now, c.expected_now), "{}: expected_now {p:?}", c.name);
        assert!(close(p.gap, c.gap), "{}: gap {p:?}", c.name);
        assert!(
            !p.explanation.is_empty() && p.explanation.contains(" / "),
            "{}: {p:?}",
            c.name
        );
        if c.status == NoData {
            assert_eq!((p.actual, p.progress_pct), (None, None), "{}", c.name);
        } else {
            assert_eq!(p.actual, c.report.map(|o| o.value), "{}", c.name);
        }
    }
}

#[test]
fn percentages() {
    let hte = spec(TargetKind::Level, Direction::Up, Some(300.0), 700.0);
    let p = evaluate(&hte, Some(&obs(540.0, day(60))), day(60));
    assert_eq!((p.progress_pct, p.expected_pct), (Some(60.0), Some(60.0)));
    let p = evaluate(&hte, Some(&obs(750.0, day(60))), day(30));
    assert_eq!((p.progress_pct, p.expected_pct), (Some(112.5), Some(30.0)));
    // fell below the baseline: progress is floored at 0
    let p = evaluate(&hte, Some(&obs(250.0, day(60))), day(60));
    assert_eq!(p.progress_pct, Some(0.0));
    assert_eq!(p.status, Status::Behind);
    // no baseline: the share of the target
    let share = spec(TargetKind::Share, Direction::Up, None, 2.5);
    let p = evaluate(&share, Some(&obs(2.0, day(60))), day(60));
    assert_eq!((p.progress_pct, p.expected_pct), (Some(80.0), Some(60.0)));
    // zero-length period
    let mut z = hte.clone();
    z.end = z.start;
    let p = evaluate(&z, Some(&obs(500.0, z.start)), z.start);
    assert_eq!((p.progress_pct, p.expected_pct), (Some(50.0), Some(100.0)));
}

#[test]
fn annual_increase_runs_within_the_report_year() {
    let mut s = spec(TargetKind::AnnualIncrease, Direction::Up, None, 100.0);
    s.start = d(2021, 1, 1);
    s.end = d(2023, 12, 31);
    let mid = d(2021, 7, 2); // 182 of 364 days into 2021
    let cases = [
        (50.0, mid, mid, Status::OnTrack, Some(50.0), Some(0.0)),
        (45.0, mid, mid, Status::AtRisk, Some(50.0), Some(5.0)),
        (30.0, mid, mid, Status::Behind, Some(50.0), Some(20.0)),
        (100.0, mid, mid, Status::Achieved, Some(50.0), Some(0.0)),
        (0.0, d(2022, 1, 1), d(2022, 1, 1), Status::OnTrack, Some(0.0), Some(0.0)),
        // last year's report, read this year: that year is over
        (
            90.0,
            d(2021, 12, 20),
            d(2022, 3, 1),
            Status::Behind,
            Some(100.0),
            Some(10.0),
        ),
        (
            120.0,
            d(2021, 12, 20),
            d(2022, 3, 1),
            Status::Achieved,
            Some(100.0),
            Some(0.0),
        ),
        // after the plan period
        (
            80.0,
            d(2023, 11, 30),
            d(2024, 1, 2),
            Status::Behind,
            Some(100.0),
            Some(20.0),
        ),
    ];
    for (value, on, today, status, expected_now, gap) in cases {
        let p = evaluate(&s, Some(&obs(value, on)), today);
        assert_eq!(p.status, status, "{value} on {on} at {today}: {p:?}");
        assert!(close(p.expected_now, expected_now), "{p:?}");
        assert!(close(p.gap, gap), "{p:?}");
    }
    let p = evaluate_with_unit(&s, Some(&obs(45.0, mid)), mid, "家");
    assert_eq!(
        p.explanation,
        "2021年度按直线进度此时应新增 50 家，实际新增 45 家，差 5 家，未超过容差 10 家 / \
         2021: straight-line expectation 50, actual 45, short by 5, within the tolerance of 10"
    );
    let p = evaluate_with_unit(&s, Some(&obs(90.0, d(2021, 12, 20))), d(2022, 3, 1), "家");
    assert!(
        p.explanation
            .starts_with("2021年度已结束，未完成目标 100 家：实际新增 90 家"),
        "{}",
        p.explanation
    );
    // without a report the current year is expected
    let p = evaluate_with_unit(&s, None, mid, "家");
    assert_eq!(p.status, Status::NoData);
    assert!(
        p.explanation
            .starts_with("暂无进度填报；2021年度按直线进度此时应新增 50 家"),
        "{}",
        p.explanation
    );
}

#[test]
fn explanations_say_it_in_numbers() {
    let hte = spec(TargetKind::Level, Direction::Up, Some(300.0), 700.0);
    let at = |v: f64, today: NaiveDate| evaluate_with_unit(&hte, Some(&obs(v, today)), today, "家").explanation;
    assert_eq!(
        at(500.0, day(60)),
        "按直线进度此时应达到 540 家，实际 500 家，差 40 家，未超过容差 40 家 / \
         straight-line expectation 540, actual 500, short by 40, within the tolerance of 40"
    );
    assert_eq!(
        at(480.0, day(60)),
        "按直线进度此时应达到 540 家，实际 480 家，差 60 家，超过容差 40 家 / \
         straight-line expectation 540, actual 480, short by 60, beyond the tolerance of 40"
    );
    assert_eq!(
        at(560.0, day(60)),
        "按直线进度此时应达到 540 家，实际 560 家，超出 20 家 / straight-line expectation 540, actual 560, ahead by 20"
    );
    assert_eq!(
        at(540.0, day(60)),
        "按直线进度此时应达到 540 家，实际 540 家，与进度持平 / straight-line expectation 540, actual 540, exactly on the line"
    );
    assert_eq!(
        at(720.0, day(60)),
        "已完成目标 700 家（实际 720 家） / target 700 reached (actual 720)"
    );
    assert_eq!(
        at(650.0, day(101)),
        "规划期已于 2020-04-10 结束，未完成目标 700 家：实际 650 家，差 50 家 / \
         the plan period ended on 2020-04-10 without reaching the target 700: actual 650, short by 50"
    );
    let share = spec(TargetKind::Share, Direction::Up, None, 2.5);
    assert_eq!(
        evaluate_with_unit(&share, Some(&obs(1.25, day(60))), day(60), "%").explanation,
        "无基期值，按完成比例判断：实际 1.25% 为目标 2.5% 的 50%，时间已过 60%，落后不超过10个百分点 / \
         no baseline, judged by share of target: the actual 1.25% is 50% of the target 2.5% with 60% of the time \
         elapsed, no more than 10 points behind"
    );
    let energy = spec(TargetKind::Level, Direction::Down, Some(1.0), 0.8);
    assert_eq!(
        evaluate(&energy, Some(&obs(0.95, day(60))), day(60)).explanation,
        "按直线进度此时应降至 0.88，实际 0.95，差 0.07，超过容差 0.02 / \
         straight-line expectation 0.88, actual 0.95, short by 0.07, beyond the tolerance of 0.02"
    );
    let p = evaluate(&hte, Some(&obs(f64::NAN, day(60))), day(60));
    assert_eq!(
        p.explanation,
        "填报值不是有效数字 / the reported value is not a finite number"
    );
}

#[test]
fn names_round_trip() {
    for k in TargetKind::ALL {
        assert_eq!(TargetKind::parse(k.as_str()), Some(k));
        assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
    }
    assert_eq!(TargetKind::parse(" annual_increase "), Some(TargetKind::AnnualIncrease));
    assert_eq!(TargetKind::parse("Level"), None);
    for s in Status::ALL {
        assert_eq!(Status::parse(s.as_str()), Some(s));
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
    assert_eq!(Status::OnTrack.label_zh(), "正常推进");
    assert_eq!(Status::AtRisk.label_zh(), "存在风险");
    for d in [Direction::Up, Direction::Down] {
        assert_eq!(Direction::parse(d.as_str()), Some(d));
    }
}

fn any_kind() -> impl Strategy<Value = TargetKind> {
    prop::sample::select(TargetKind::ALL.to_vec())
}

fn any_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -1000.0..1000.0f64,
        1 => prop::num::f64::ANY,
        1 => prop::sample::select(vec![0.0, -0.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MAX, f64::MIN]),
    ]
}

proptest! {
    #[test]
    fn never_panics_and_stays_finite(
        kind in any_kind(),
        down in any::<bool>(),
        baseline in prop::option::of(any_number()),
        target in any_number(),
        value in prop::option::of(any_number()),
        start in -2000i64..2000,
        len in -50i64..2000,
        on in -2000i64..4000,
        today in -2000i64..4000,
    ) {
        let spec = TargetSpec {
            kind,
            direction: if down { Direction::Down } else { Direction::Up },
            baseline,
            target_value: target,
            start: day(start),
            end: day(start + len),
        };
        let report = value.map(|v| obs(v, day(on)));
        let p = evaluate_with_unit(&spec, report.as_ref(), day(today), "家");
        for x in [p.expected_now, p.actual, p.progress_pct, p.expected_pct, p.gap].into_iter().flatten() {
            prop_assert!(x.is_finite(), "{p:?}");
        }
        prop_assert!(p.gap.is_none_or(|g| g >= 0.0), "{p:?}");
        prop_assert!(p.progress_pct.is_none_or(|x| x >= 0.0), "{p:?}");
        prop_assert!(p.expected_pct.is_some_and(|x| (0.0..=100.0).contains(&x)), "{p:?}");
        prop_assert!(!p.explanation.is_empty());
        let usable = value.is_some_and(f64::is_finite) && target.is_finite();
        if !usable {
            prop_assert_eq!(p.status, Status::NoData);
        }
    }
}
