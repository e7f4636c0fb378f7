//! The innovation clinic on registry-shaped profiles: what the data decides,
//! what depends on answers only the firm or the experts can give, missing
//! years, and gaps ranked by how close they are to closing.

use chrono::NaiveDate;
use kechuang_cultivation::clinic::{Answers, Profile, ProfileYear, clinic};
use kechuang_cultivation::hte::HteCondition;
use kechuang_cultivation::hte::RdManagement;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A year with revenue `rev` yuan, R&D at `rd_pct` percent, `staff` S&T
/// staff of `emp`, high-tech revenue at `ht_pct` percent.
fn year(y: i32, rev: i64, rd_pct: i64, emp: u32, staff: u32, ht_pct: i64) -> ProfileYear {
    ProfileYear {
        year: y,
        employees: emp,
        st_staff: staff,
        revenue: rev,
        high_tech_revenue: rev * ht_pct / 100,
        rd_expense: rev * rd_pct / 100,
        rd_expense_in_china: rev * rd_pct / 100,
        total_assets: rev * 2,
        net_assets: rev,
        invention_patents: 2,
        utility_models: 6,
        software_copyrights: 3,
    }
}

fn profile(founded: Option<&str>, years: Vec<ProfileYear>) -> Profile {
    Profile {
        founded_on: founded.map(d),
        as_of: d("2026-06-01"),
        years,
        hte_certificate_valid: false,
        answers: Answers::default(),
    }
}

#[test]
fn a_strong_firm_passes_on_its_figures_and_the_rest_depends_on_answers() {
    let p = profile(
        Some("2018-04-01"),
        vec![
            year(2025, 40_000_000, 6, 100, 20, 70),
            year(2023, 30_000_000, 6, 90, 18, 70),
            year(2024, 35_000_000, 6, 95, 19, 70),
        ],
    );
    let r = clinic(&p);
    assert!(r.missing_years.is_empty());
    let worst = r.hte.as_ref().unwrap();
    let best = r.hte_best.as_ref().unwrap();
    assert!(best.qualified, "{:?}", best.failed_conditions);
    assert!(!worst.qualified);
    // Every condition the figures decide passes in both cases.
    for c in [
        HteCondition::RegisteredOneYear,
        HteCondition::CoreIp,
        HteCondition::StStaffRatio,
        HteCondition::RdRatio,
        HteCondition::RdInChinaShare,
        HteCondition::HighTechRevenueShare,
    ] {
        assert!(!worst.failed_conditions.contains(&c), "{c:?}");
        assert!(!r.depends_on_answers.contains(&c), "{c:?}");
    }
    assert_eq!(
        r.depends_on_answers,
        vec![
            HteCondition::Field,
            HteCondition::InnovationScore,
            HteCondition::Violation
        ]
    );
    let score = r.innovation_score.unwrap();
    assert!(score.min < 71 && score.max >= 71, "{score:?}");
    assert!(r.gaps.is_empty(), "nothing the data itself must change: {:?}", r.gaps);
    let sme = r.tech_sme.as_ref().unwrap();
    assert!(sme.qualified);
    assert_eq!(r.tech_sme_year, Some(2025));
    assert_eq!(
        r.trend.iter().map(|t| t.year).collect::<Vec<_>>(),
        vec![2023, 2024, 2025]
    );
    assert_eq!(r.trend[2].rd_ratio_pct.unwrap().to_string(), "6.00");
    assert!(r.strengths.iter().any(|s| s.zh.contains("研发费用占比")));
}

#[test]
fn a_missing_year_stops_the_hte_assessment_but_not_the_tech_sme_one() {
    let p = profile(
        Some("2018-04-01"),
        vec![
            year(2023, 30_000_000, 6, 90, 18, 70),
            year(2025, 40_000_000, 6, 100, 20, 70),
        ],
    );
    let r = clinic(&p);
    assert_eq!(r.missing_years, vec![2024]);
    assert!(r.hte.is_none() && r.hte_best.is_none() && r.innovation_score.is_none());
    assert!(r.tech_sme.is_some());
    let none = clinic(&profile(None, vec![year(2025, 40_000_000, 6, 100, 20, 70)]));
    assert!(none.missing_founding_date && none.hte.is_none());
}

#[test]
fn gaps_come_easiest_first() {
    // 100 employees with 8 S&T staff (three new hires reach 10 %), and R&D at
    // 3 % of 40 million a year where 5 % is needed (about 2.4 million more
    // over three years, 6 % of a year's revenue).
    let p = profile(
        Some("2015-01-01"),
        vec![
            year(2023, 40_000_000, 3, 100, 8, 70),
            year(2024, 40_000_000, 3, 100, 8, 70),
            year(2025, 40_000_000, 3, 100, 8, 70),
        ],
    );
    let r = clinic(&p);
    let ids: Vec<&str> = r
        .gaps
        .iter()
        .filter(|g| g.assessment == "hte")
        .map(|g| g.gap.condition.as_str())
        .collect();
    assert_eq!(ids, vec!["st_staff_ratio", "rd_ratio"], "{:?}", r.gaps);
    let efforts: Vec<i64> = r.gaps.iter().filter_map(|g| g.effort_e4).collect();
    assert!(efforts.windows(2).all(|w| w[0] <= w[1]), "{efforts:?}");
    assert_eq!(r.gaps[0].gap.amount, Some(3));
    assert!(
        r.actions.iter().any(|a| a.zh.contains("增加科技人员 3 人")),
        "{:?}",
        r.actions
    );
    assert!(
        r.actions.iter().any(|a| a.zh.starts_with("增加研发投入约")),
        "{:?}",
        r.actions
    );
}

#[test]
fn a_young_firm_is_told_how_many_days_remain() {
    let mut p = profile(Some("2025-09-01"), vec![year(2025, 5_000_000, 8, 20, 6, 80)]);
    p.as_of = d("2026-03-01");
    let r = clinic(&p);
    let worst = r.hte.as_ref().unwrap();
    assert!(worst.failed_conditions.contains(&HteCondition::RegisteredOneYear));
    let gap = r
        .gaps
        .iter()
        .find(|g| g.gap.condition == "registered_one_year")
        .unwrap();
    // 2025-09-01 + 365 days = 2026-09-01, 184 days after 2026-03-01.
    assert_eq!(gap.gap.amount, Some(184));
    assert!(!r.depends_on_answers.contains(&HteCondition::RegisteredOneYear));
}

#[test]
fn answers_narrow_what_depends_on_them() {
    let years = vec![
        year(2023, 30_000_000, 6, 90, 18, 70),
        year(2024, 35_000_000, 6, 95, 19, 70),
        year(2025, 40_000_000, 6, 100, 20, 70),
    ];
    let open = clinic(&profile(Some("2018-04-01"), years.clone()));
    let mut p = profile(Some("2018-04-01"), years);
    p.answers = Answers {
        field_in_catalogue: Some(true),
        commercializations_3y: Some(9),
        rd_management: Some(RdManagement {
            system: true,
            institution: true,
            incentive: false,
            talent: true,
        }),
        major_violation_last_year: Some(false),
        standards_participation: Some(false),
    };
    let r = clinic(&p);
    assert_eq!(
        r.depends_on_answers,
        vec![HteCondition::InnovationScore],
        "only the experts' grades remain"
    );
    let (before, after) = (open.innovation_score.unwrap(), r.innovation_score.unwrap());
    assert!(
        after.min > before.min && after.max < before.max,
        "{before:?} -> {after:?}"
    );
    // A firm that answers "not in the catalogue" fails on it in both cases.
    p.answers.field_in_catalogue = Some(false);
    let r = clinic(&p);
    assert!(
        r.hte_best
            .as_ref()
            .unwrap()
            .failed_conditions
            .contains(&HteCondition::Field)
    );
    assert!(!r.depends_on_answers.contains(&HteCondition::Field));
}
