//! Property tests: monotonicity in R&D spending, the verdict agreeing with
//! the conditions, passing firms qualifying, and JSON round trips.

use chrono::{Days, NaiveDate};
use kechuang_cultivation::hte::{ExpertView, Grade, HteIp, HteYear, IpAcquisition, RdManagement};
use kechuang_cultivation::tech_sme::{DirectRoutes, TechSmeIp};
use kechuang_cultivation::{
    Headcount, HteInput, HteReport, PointsMode, TechSmeInput, TechSmeReport, assess_hte, assess_tech_sme,
};
use proptest::prelude::*;

fn headcount(max_persons: i64) -> impl Strategy<Value = (i64, i64)> {
    // (employees, S&T staff) in ten-thousandths of a person.
    (1..=max_persons * 10_000).prop_flat_map(|e| (Just(e), 0..=e))
}

fn units(u: i64) -> Headcount {
    serde_json::from_str(&format!("{}.{:04}", u / 10_000, u % 10_000)).unwrap()
}

prop_compose! {
    fn year_figures()(
        revenue in 0i64..=300_000_000,
        total_income in 0i64..=300_000_000,
        high_tech_share in 0i64..=100,
        rd in 0i64..=30_000_000,
        in_china_share in 0i64..=100,
        net_assets in -10_000_000i64..=100_000_000,
        (employees, st_staff) in headcount(600),
    ) -> HteYear {
        HteYear {
            year: 0,
            revenue,
            total_income,
            rd_expense: rd,
            rd_expense_in_china: rd * in_china_share / 100,
            high_tech_revenue: total_income * high_tech_share / 100,
            net_assets_end: net_assets,
            employees: units(employees),
            st_staff: units(st_staff),
        }
    }
}

fn grade() -> impl Strategy<Value = Grade> {
    prop_oneof![
        Just(Grade::A),
        Just(Grade::B),
        Just(Grade::C),
        Just(Grade::D),
        Just(Grade::E)
    ]
}

fn mode() -> impl Strategy<Value = PointsMode> {
    prop_oneof![Just(PointsMode::Min), Just(PointsMode::Max), Just(PointsMode::Range)]
}

prop_compose! {
    fn hte_input()(
        n in 1usize..=3,
        figures in prop::collection::vec(year_figures(), 3),
        reg_day in 0u64..365,
        reg_back in 0i32..8,
        assess_day in 0u64..180,
        (class1_count, class2_count, owns_core_ip, own_rd, standards) in (0u32..3, 0u32..8, any::<bool>(), any::<bool>(), any::<bool>()),
        (field, commercializations, violation) in (any::<bool>(), 0u32..25, prop::bool::weighted(0.1)),
        (system, institution, incentive, talent) in (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        (tech_advancement, core_support, points) in (grade(), grade(), mode()),
    ) -> HteInput {
        let assessment_year = 2025;
        let reg_year = assessment_year - n as i32 - if n == 3 { reg_back } else { 0 };
        let registration_date = NaiveDate::from_ymd_opt(reg_year, 1, 1).unwrap() + Days::new(reg_day);
        let years = figures
            .into_iter()
            .take(n)
            .enumerate()
            .map(|(i, mut y)| {
                y.year = assessment_year - n as i32 + i as i32;
                y
            })
            .collect();
        HteInput {
            registration_date,
            assessment_date: NaiveDate::from_ymd_opt(assessment_year, 1, 1).unwrap() + Days::new(assess_day),
            years,
            ip: HteIp {
                class1_count,
                class2_count,
                owns_core_ip,
                acquisition: if own_rd { IpAcquisition::OwnRd } else { IpAcquisition::AcquiredOnly },
                standards_participation: standards,
            },
            field_in_catalogue: field,
            commercializations_3y: commercializations,
            rd_management: RdManagement { system, institution, incentive, talent },
            major_violation_last_year: violation,
            expert: ExpertView { tech_advancement, core_support, points },
        }
    }
}

fn check_report_agrees(r: &HteReport) -> Result<(), TestCaseError> {
    let failed: Vec<_> = r.conditions.iter().filter(|c| !c.passed).map(|c| c.id).collect();
    prop_assert_eq!(&r.failed_conditions, &failed);
    prop_assert_eq!(r.qualified, failed.is_empty());
    prop_assert_eq!(r.conditions.len(), 9);
    for c in &failed {
        prop_assert!(r.gaps.iter().any(|g| g.condition == serde_json::to_value(c).unwrap()));
    }
    let s = r.innovation_score;
    prop_assert!(s.min <= s.max && s.max <= 100);
    let p = r.innovation_parts;
    prop_assert_eq!(p.ip + p.commercialization + p.rd_management + p.growth, s);
    prop_assert!(p.ip.max <= 30 && p.commercialization.max <= 30 && p.rd_management.max <= 20 && p.growth.max <= 20);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_inputs_are_valid_and_the_verdict_follows_the_conditions(input in hte_input()) {
        prop_assert!(input.validate().is_ok(), "{:?}", input.validate());
        check_report_agrees(&assess_hte(&input))?;
    }

    /// Raising R&D spent in China in any year, all else held, never lowers
    /// the innovation score and never turns a met condition into an unmet one.
    #[test]
    fn more_rd_never_hurts(input in hte_input(), which in 0usize..3, extra in 1i64..=50_000_000) {
        let before = assess_hte(&input);
        let mut more = input.clone();
        let i = which % more.years.len();
        more.years[i].rd_expense += extra;
        more.years[i].rd_expense_in_china += extra;
        let after = assess_hte(&more);
        prop_assert!(after.innovation_score.min >= before.innovation_score.min);
        prop_assert!(after.innovation_score.max >= before.innovation_score.max);
        for (b, a) in before.conditions.iter().zip(&after.conditions) {
            prop_assert!(!b.passed || a.passed, "{:?} turned to a fail", b.id);
        }
        prop_assert!(!before.qualified || after.qualified);
        if let (Some(b), Some(a)) = (before.qualified_if_experts_favourable, after.qualified_if_experts_favourable) {
            prop_assert!(!b || a);
        }
    }

    /// A firm built to meet every condition is qualified.
    #[test]
    fn a_firm_meeting_every_condition_qualifies(
        input in hte_input(),
        k in 1i64..=4_000_000,
        nk in 1i64..=4_000_000,
        extra_rd in 0i64..=1_000_000,
        extra_staff in 0i64..=100_000,
        (t, c) in (prop_oneof![Just(Grade::A), Just(Grade::B)], prop_oneof![Just(Grade::A), Just(Grade::B)]),
    ) {
        let mut input = input;
        input.registration_date = crate::common::date("2016-03-15");
        // Revenue and net assets grow by exactly 40 % a year (growth grade A).
        let revenues = [25 * k, 35 * k, 49 * k];
        let nets = [25 * nk, 35 * nk, 49 * nk];
        let mut years = Vec::new();
        for (i, (rev, net)) in revenues.into_iter().zip(nets).enumerate() {
            let mut y = crate::common::year(2022 + i as i32, rev, 0);
            y.rd_expense = (rev * 5 + 99) / 100 + extra_rd;
            y.rd_expense_in_china = y.rd_expense;
            y.total_income = rev;
            y.high_tech_revenue = (rev * 60 + 99) / 100;
            y.net_assets_end = net;
            let e = input.years[0].employees.units();
            y.employees = units(e);
            y.st_staff = units(((e + 9) / 10 + extra_staff).min(e));
            years.push(y);
        }
        input.years = years;
        input.ip.class1_count = input.ip.class1_count.max(1);
        input.ip.owns_core_ip = true;
        input.field_in_catalogue = true;
        input.major_violation_last_year = false;
        input.commercializations_3y = input.commercializations_3y.max(15);
        input.rd_management = RdManagement { system: true, institution: true, incentive: true, talent: true };
        input.expert.tech_advancement = t;
        input.expert.core_support = c;
        prop_assert!(input.validate().is_ok(), "{:?}", input.validate());
        let r = assess_hte(&input);
        prop_assert!(r.qualified, "{:?}", r.failed_conditions);
        prop_assert!(r.gaps.is_empty());
    }

    #[test]
    fn hte_json_round_trips(input in hte_input()) {
        let text = serde_json::to_string(&input).unwrap();
        prop_assert_eq!(&serde_json::from_str::<HteInput>(&text).unwrap(), &input);
        let report = assess_hte(&input);
        let text = serde_json::to_string(&report).unwrap();
        prop_assert_eq!(serde_json::from_str::<HteReport>(&text).unwrap(), report.clone());
        // The JSON interface gives the same report.
        let via_json = kechuang_cultivation::assess_hte_json(&serde_json::to_string(&input).unwrap()).unwrap();
        prop_assert_eq!(serde_json::from_str::<HteReport>(&via_json).unwrap(), report);
    }
}

prop_compose! {
    fn sme_input()(
        (employees, st_staff) in headcount(700),
        revenue in 0i64..=250_000_000,
        total_assets in 0i64..=250_000_000,
        rd in 0i64..=20_000_000,
        cost_total in 0i64..=250_000_000,
        (class1_count, class2_count) in (0u32..2, 0u32..6),
        flags in prop::collection::vec(prop::bool::weighted(0.1), 7),
    ) -> TechSmeInput {
        TechSmeInput {
            year: 2025,
            resident_enterprise_mainland: !flags[0],
            prohibited_restricted_or_eliminated: flags[1],
            violation_or_listed: flags[2],
            employees: units(employees),
            st_staff: units(st_staff),
            revenue,
            total_assets,
            rd_expense: rd,
            cost_total,
            ip: TechSmeIp { class1_count, class2_count },
            direct: DirectRoutes {
                hte_certificate_valid: flags[3],
                national_st_award_top3_5y: flags[4],
                provincial_rd_institution: flags[5],
                led_standard_5y: flags[6],
            },
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// More R&D never lowers the tech-SME score nor disqualifies a firm
    /// (the extra R&D is also booked in the cost total).
    #[test]
    fn more_rd_never_lowers_the_tech_sme_score(input in sme_input(), extra in 1i64..=10_000_000) {
        let before = assess_tech_sme(&input);
        let mut more = input.clone();
        more.rd_expense += extra;
        more.cost_total += extra;
        let after = assess_tech_sme(&more);
        prop_assert!(after.score >= before.score);
        prop_assert!(!before.qualified || after.qualified);
    }

    #[test]
    fn tech_sme_verdict_and_round_trip(input in sme_input()) {
        prop_assert!(input.validate().is_ok());
        let r = assess_tech_sme(&input);
        prop_assert_eq!(r.qualified, r.failed_conditions.is_empty());
        prop_assert_eq!(r.score, r.score_parts.st_staff + r.score_parts.rd + r.score_parts.ip);
        prop_assert_eq!(r.qualified, r.qualified_via.is_some());
        let text = serde_json::to_string(&input).unwrap();
        prop_assert_eq!(&serde_json::from_str::<TechSmeInput>(&text).unwrap(), &input);
        let out = kechuang_cultivation::assess_tech_sme_json(&text).unwrap();
        prop_assert_eq!(serde_json::from_str::<TechSmeReport>(&out).unwrap(), r);
    }
}
