//! Every shipped rule against the amounts its seed text implies, at the
//! boundaries: thresholds met exactly and missed by one yuan, periods'
//! first and last days, subsidies landing on their caps, shares adding up,
//! and 从高不重复.

use crate::harness::*;
use kechuang_incentives::engine::{Outcome, Params};
use kechuang_incentives::rules::event::EventKind::*;
use serde_json::json;

fn none() -> Params {
    Params::new()
}

fn refused(o: &Outcome, rule: &str) -> String {
    o.refused
        .iter()
        .find(|r| r.rule == rule)
        .map(|r| r.reason.clone())
        .unwrap_or_else(|| panic!("{rule} was not refused: {o:?}"))
}

#[test]
fn every_money_clause_of_the_checklist_has_a_rule() {
    let ids: Vec<&str> = sets()
        .iter()
        .flat_map(|s| s.rules.iter().map(|r| r.id.as_str()))
        .collect();
    for id in [
        "luoyang-2019/heluo-team",
        "luoyang-2019/joint-platform",
        "luoyang-2019/rd-institution",
        "langfang-2021/hte-new",
        "langfang-2021/hte-recertified",
        "langfang-2021/leading-enterprise-project",
        "langfang-2021/digital-transformation",
        "langfang-2021/tech-upgrade",
        "langfang-2021/loan-increment",
        "langfang-2021/equity-investment",
        "panjin-2019/rd-institution",
        "panjin-2019/hte-new",
        "panjin-2019/transfer-project",
        "panjin-2019/ip-pledge-interest",
        "panjin-2019/talent-grant",
        "panjin-2019/talent-matching",
        "panjin-2019/team-funding",
        "panjin-2019/overseas-startup",
        "panjin-2019/doctor-startup",
        "panjin-2019/salary-top",
        "panjin-2019/salary-national-leading",
        "panjin-2019/doctor-home",
        "panjin-2019/incubator",
    ] {
        assert!(ids.contains(&id), "{id} is missing");
    }
    for s in sets() {
        for r in &s.rules {
            assert!(
                !r.text.trim().is_empty() && !r.clause.is_empty(),
                "{} cites its clause",
                r.id
            );
        }
    }
    assert!(
        set("langfang-2021").rules.iter().all(|r| r.draft),
        "seed 003 is a draft"
    );
    assert!(!set("panjin-2019").rules.iter().any(|r| r.draft));
}

#[test]
fn high_tech_enterprises_in_panjin_and_langfang() {
    let e = |mode: &str, date: &str| event(HteCertified, date, &[("mode", json!(mode))]);
    let table: &[(&str, &str, &str, Option<i64>)] = &[
        ("panjin-2019", "new", "2020-11-06", Some(wan(10))),
        ("panjin-2019", "new", "2019-01-01", Some(wan(10))),
        ("panjin-2019", "new", "2021-12-31", Some(wan(10))),
        ("panjin-2019", "new", "2022-01-01", None),
        ("panjin-2019", "new", "2018-12-31", None),
        ("panjin-2019", "recertified", "2020-11-06", None),
        ("panjin-2019", "relocated", "2020-11-06", None),
        ("langfang-2021", "new", "2022-11-06", Some(wan(20))),
        ("langfang-2021", "relocated", "2022-11-06", Some(wan(20))),
        ("langfang-2021", "recertified", "2022-11-06", None),
    ];
    for (set_id, mode, date, want) in table {
        let o = under(set_id, &e(mode, date), &none());
        assert_eq!(
            amount(&o, &format!("{set_id}/hte-new")),
            *want,
            "{set_id} {mode} {date}"
        );
    }
    let o = under("langfang-2021", &e("recertified", "2023-11-06"), &none());
    let re = o
        .entitlements
        .iter()
        .find(|x| x.rule == "langfang-2021/hte-recertified")
        .unwrap();
    assert_eq!(
        (re.amount_fen, re.city_fen, re.county_fen, re.province_fen),
        (wan(20), wan(10), wan(10), 0)
    );
    assert!(re.derivation.contains("廊坊 2021 三(二)"), "{}", re.derivation);
    let out = under("panjin-2019", &e("new", "2022-01-01"), &none());
    assert!(refused(&out, "panjin-2019/hte-new").contains("施行期"));
}

#[test]
fn the_higher_of_two_overlapping_awards_pays_not_both() {
    // a city applying both sets: one certificate, two clauses of one group
    let e = event(HteCertified, "2021-06-01", &[("mode", json!("new"))]);
    let rules = set("panjin-2019").rules.iter().chain(set("langfang-2021").rules.iter());
    let o = kechuang_incentives::engine::compute(rules, &e, &none());
    assert_eq!(amount(&o, "langfang-2021/hte-new"), Some(wan(20)));
    assert_eq!(amount(&o, "panjin-2019/hte-new"), None);
    assert!(refused(&o, "panjin-2019/hte-new").contains("从高不重复"));
}

#[test]
fn platforms_by_kind_and_level() {
    let p = |kind: &str, level: &str, joint: Option<bool>| {
        let mut facts = vec![("kind", json!(kind)), ("level", json!(level))];
        if let Some(j) = joint {
            facts.push(("joint", json!(j)));
        }
        event(PlatformRecognized, "2020-06-01", &facts)
    };
    let table: &[(&str, &str, &str, Option<bool>, &str, Option<i64>)] = &[
        (
            "panjin-2019",
            "rd_institution",
            "national",
            None,
            "rd-institution",
            Some(wan(100)),
        ),
        (
            "panjin-2019",
            "rd_institution",
            "provincial",
            None,
            "rd-institution",
            Some(wan(20)),
        ),
        (
            "panjin-2019",
            "rd_institution",
            "municipal",
            None,
            "rd-institution",
            None,
        ),
        ("panjin-2019", "incubator", "national", None, "incubator", Some(wan(20))),
        (
            "panjin-2019",
            "maker_space",
            "provincial",
            None,
            "incubator",
            Some(wan(10)),
        ),
        ("panjin-2019", "maker_space", "municipal", None, "incubator", None),
        ("panjin-2019", "rd_institution", "national", None, "incubator", None),
        (
            "luoyang-2019",
            "platform",
            "national",
            Some(true),
            "joint-platform",
            Some(wan(100)),
        ),
        (
            "luoyang-2019",
            "platform",
            "provincial",
            Some(true),
            "joint-platform",
            Some(wan(30)),
        ),
        (
            "luoyang-2019",
            "platform",
            "municipal",
            Some(true),
            "joint-platform",
            Some(wan(10)),
        ),
        (
            "luoyang-2019",
            "platform",
            "national",
            Some(false),
            "joint-platform",
            None,
        ),
        (
            "luoyang-2019",
            "rd_institution",
            "national",
            Some(true),
            "joint-platform",
            None,
        ),
    ];
    for (set_id, kind, level, joint, rule, want) in table {
        let o = under(set_id, &p(kind, level, *joint), &none());
        assert_eq!(
            amount(&o, &format!("{set_id}/{rule}")),
            *want,
            "{set_id} {kind} {level} {joint:?}"
        );
    }
    // whether it was built jointly is not in the registry: unknown, apply
    let rule = set("luoyang-2019").rule("luoyang-2019/joint-platform").unwrap();
    let ev = kechuang_incentives::engine::evaluate(rule, &p("platform", "national", None), &none());
    assert!(
        matches!(ev.result, kechuang_incentives::engine::RuleResult::Unknown(_)),
        "{ev:?}"
    );
}

#[test]
fn ip_pledge_interest_subsidy() {
    let loan = |principal: &str, rate: &str, days: &str| {
        event(
            IpPledgeLoan,
            "2020-05-18",
            &[
                ("principal_yuan", json!(principal)),
                ("benchmark_rate_pct", json!(rate)),
                ("days", json!(days)),
            ],
        )
    };
    let rule = "panjin-2019/ip-pledge-interest";
    let o = under("panjin-2019", &loan("10000000", "4.35", "365"), &none());
    let e = &o.entitlements[0];
    assert_eq!(e.amount_fen, 21_750_000);
    assert!(!e.upper_bound && !e.lower_bound, "computed exactly under a cap");
    assert_eq!(
        e.derivation,
        "1000万元 × 4.35% × 365/365 × 50% = 21.75万元，不超过上限50万元 · 盘锦 2019 二(四)13"
    );
    // half a year: 107,260.27397… yuan, half up to the fen
    assert_eq!(
        amount(&under("panjin-2019", &loan("10000000", "4.35", "180"), &none()), rule),
        Some(10_726_027)
    );
    // lands exactly on the cap: 2000万 × 5% × 50% = 50万
    let o = under("panjin-2019", &loan("20000000", "5", "365"), &none());
    assert_eq!(amount(&o, rule), Some(wan(50)));
    assert!(!o.entitlements[0].derivation.contains("按上限"));
    // one yuan more goes over, and is paid at the cap
    let o = under("panjin-2019", &loan("20000001", "5", "365"), &none());
    assert_eq!(amount(&o, rule), Some(wan(50)));
    assert!(o.entitlements[0].derivation.contains("超过上限50万元，按上限50万元"));
    // a loan of nothing is no loan
    assert_eq!(
        amount(&under("panjin-2019", &loan("0", "4.35", "365"), &none()), rule),
        None
    );
}

#[test]
fn equity_investment_reward() {
    let inv = |amount: &str, guidance: &str, held: &str| {
        event(
            EquityInvestment,
            "2023-03-01",
            &[
                ("amount_yuan", json!(amount)),
                ("guidance_fund_yuan", json!(guidance)),
                ("held_years", json!(held)),
            ],
        )
    };
    let rule = "langfang-2021/equity-investment";
    let o = under("langfang-2021", &inv("30000000", "5000000", "2"), &none());
    let e = &o.entitlements[0];
    assert_eq!((e.amount_fen, e.province_fen, e.city_fen), (wan(25), wan(25), 0));
    assert!(e.upper_bound, "不超过1%: a ceiling");
    assert!(
        e.derivation.contains("(3000万元 − 500万元) × 不超过1% = 25万元"),
        "{}",
        e.derivation
    );
    let table: &[(&str, &str, &str, Option<i64>)] = &[
        ("29999999", "0", "2", None),
        ("30000000", "0", "2", Some(wan(30))),
        ("30000000", "0", "1.99", None),
        ("30000000", "0", "5", Some(wan(30))),
        ("3000000000", "0", "3", Some(wan(2000))),
        ("2000000000", "0", "3", Some(wan(2000))),
        ("2000000100", "0", "3", Some(wan(2000))),
        ("30000000", "30000000", "2", None),
    ];
    for (amount_yuan, guidance, held, want) in table {
        let o = under("langfang-2021", &inv(amount_yuan, guidance, held), &none());
        assert_eq!(amount(&o, rule), *want, "{amount_yuan} less {guidance}, held {held}");
    }
}

#[test]
fn rates_the_text_leaves_open_wait_for_the_bureau() {
    let up = |amount: &str| {
        event(
            TechUpgradeInvestment,
            "2022-08-01",
            &[
                ("amount_yuan", json!(amount)),
                ("filed", json!(true)),
                ("direct_reporting", json!(true)),
            ],
        )
    };
    let o = under("langfang-2021", &up("5000000"), &none());
    assert!(o.entitlements.is_empty());
    assert_eq!(o.pending[0].parameter, "upgrade_rate");
    let p = params(&[("upgrade_rate", "10%"), ("digital_rate", "20%"), ("loan_rate", "10%")]);
    let table: &[(&str, Option<i64>)] = &[
        ("5000000", Some(wan(50))),
        ("4999999", None),
        ("60000000", Some(wan(500))),
        ("50000000", Some(wan(500))),
    ];
    for (amount_yuan, want) in table {
        assert_eq!(
            amount(
                &under("langfang-2021", &up(amount_yuan), &p),
                "langfang-2021/tech-upgrade"
            ),
            *want,
            "{amount_yuan}"
        );
    }
    let unfiled = event(
        TechUpgradeInvestment,
        "2022-08-01",
        &[
            ("amount_yuan", json!("9000000")),
            ("filed", json!(false)),
            ("direct_reporting", json!(true)),
        ],
    );
    assert!(refused(&under("langfang-2021", &unfiled, &p), "langfang-2021/tech-upgrade").contains("依规备案"));
    let digital = |yuan: &str| {
        event(
            DigitalTransformation,
            "2022-08-01",
            &[("equipment_software_yuan", json!(yuan))],
        )
    };
    assert_eq!(
        amount(
            &under("langfang-2021", &digital("6000000"), &p),
            "langfang-2021/digital-transformation"
        ),
        Some(wan(120))
    );
    assert_eq!(
        amount(
            &under("langfang-2021", &digital("15000000"), &p),
            "langfang-2021/digital-transformation"
        ),
        Some(wan(200))
    );
    let loans = event(LoanIncrement, "2022-12-31", &[("increment_yuan", json!("30000000"))]);
    let o = under("langfang-2021", &loans, &p);
    assert_eq!(
        (o.entitlements[0].amount_fen, o.entitlements[0].province_fen),
        (wan(300), wan(300))
    );
    let loans = event(LoanIncrement, "2022-12-31", &[("increment_yuan", json!("80000000"))]);
    assert_eq!(
        amount(&under("langfang-2021", &loans, &p), "langfang-2021/loan-increment"),
        Some(wan(500))
    );
}

#[test]
fn talent_clauses() {
    let talent = |tier: &str, full: bool, years: &str| {
        event(
            TalentIntroduced,
            "2020-03-01",
            &[
                ("tier", json!(tier)),
                ("full_time", json!(full)),
                ("contract_years", json!(years)),
            ],
        )
    };
    let three = params(&[("salary_years", "3")]);
    let o = under("panjin-2019", &talent("top", true, "3"), &three);
    assert_eq!(amount(&o, "panjin-2019/talent-grant"), Some(wan(200)));
    assert_eq!(amount(&o, "panjin-2019/salary-top"), Some(wan(45)));
    assert_eq!(
        o.entitlements
            .iter()
            .find(|e| e.rule == "panjin-2019/salary-top")
            .unwrap()
            .years,
        3
    );
    assert_eq!(amount(&o, "panjin-2019/salary-national-leading"), None);
    let o = under("panjin-2019", &talent("national_leading", true, "5"), &three);
    assert_eq!(amount(&o, "panjin-2019/talent-grant"), Some(wan(100)));
    assert_eq!(amount(&o, "panjin-2019/salary-national-leading"), Some(wan(30)));
    // the duration of the salary subsidy is not in the text
    let o = under("panjin-2019", &talent("top", true, "3"), &none());
    assert!(
        o.pending
            .iter()
            .any(|p| p.rule == "panjin-2019/salary-top" && p.parameter == "salary_years")
    );
    assert!(
        amount(
            &under("panjin-2019", &talent("top", true, "2"), &three),
            "panjin-2019/salary-top"
        )
        .is_none()
    );
    assert!(
        amount(
            &under("panjin-2019", &talent("top", false, "5"), &three),
            "panjin-2019/salary-top"
        )
        .is_none()
    );
    let doctor = |years: &str, first: bool| {
        event(
            DoctorStartup,
            "2020-09-01",
            &[
                ("years_since_graduation", json!(years)),
                ("first_startup", json!(first)),
            ],
        )
    };
    let table: &[(&str, bool, Option<i64>)] = &[
        ("0", true, Some(36_000 * 100 * 3)),
        ("5", true, Some(36_000 * 100 * 3)),
        ("5.5", true, None),
        ("6", true, None),
        ("2", false, None),
    ];
    for (years, first, want) in table {
        assert_eq!(
            amount(
                &under("panjin-2019", &doctor(years, *first), &none()),
                "panjin-2019/doctor-startup"
            ),
            *want,
            "{years} {first}"
        );
    }
    let matched = event(
        TalentMatched,
        "2020-09-01",
        &[("provincial_award_yuan", json!("350000"))],
    );
    assert_eq!(
        amount(&under("panjin-2019", &matched, &none()), "panjin-2019/talent-matching"),
        Some(wan(35))
    );
    let home = event(
        DoctorHomePurchase,
        "2020-09-01",
        &[
            ("price_yuan", json!("1200000")),
            ("first_home", json!(true)),
            ("employed_locally", json!(true)),
        ],
    );
    let o = under("panjin-2019", &home, &none());
    assert_eq!(amount(&o, "panjin-2019/doctor-home"), Some(wan(12)));
    assert!(o.entitlements[0].upper_bound);
}

#[test]
fn teams_projects_and_institutions() {
    let team = |tier: &str, date: &str| event(TeamSupported, date, &[("tier", json!(tier))]);
    for (tier, want) in [
        ("priority", Some(wan(20))),
        ("key", Some(wan(50))),
        ("special", Some(wan(100))),
        ("heluo", None),
    ] {
        assert_eq!(
            amount(
                &under("panjin-2019", &team(tier, "2020-01-01"), &none()),
                "panjin-2019/team-funding"
            ),
            want,
            "{tier}"
        );
    }
    let o = under("luoyang-2019", &team("heluo", "2024-01-01"), &none());
    let e = &o.entitlements[0];
    assert_eq!(e.amount_fen, wan(1000));
    assert!(e.lower_bound && !e.upper_bound, "不低于: a floor");
    let inst = event(RdInstitutionEstablished, "2025-12-31", &[("registered", json!(true))]);
    let o = under("luoyang-2019", &inst, &none());
    assert_eq!(amount(&o, "luoyang-2019/rd-institution"), Some(wan(1000)));
    assert!(o.entitlements[0].lower_bound);
    let late = event(RdInstitutionEstablished, "2026-01-01", &[("registered", json!(true))]);
    assert_eq!(
        amount(&under("luoyang-2019", &late, &none()), "luoyang-2019/rd-institution"),
        None
    );
    let transfer = |approved: &str, partner: bool| {
        event(
            TransferProject,
            "2021-04-01",
            &[
                ("approved_yuan", json!(approved)),
                ("university_partner", json!(partner)),
                ("piloted_or_industrialised", json!(true)),
            ],
        )
    };
    let table: &[(&str, bool, Option<i64>)] = &[
        ("300000", true, Some(wan(30))),
        ("500000", true, Some(wan(50))),
        ("600000", true, Some(wan(50))),
        ("300000", false, None),
    ];
    for (approved, partner, want) in table {
        assert_eq!(
            amount(
                &under("panjin-2019", &transfer(approved, *partner), &none()),
                "panjin-2019/transfer-project"
            ),
            *want
        );
    }
    let overseas = event(OverseasTalentProject, "2021-04-01", &[("startup_stage", json!(true))]);
    let o = under("panjin-2019", &overseas, &none());
    assert_eq!(
        (o.entitlements[0].amount_fen, o.entitlements[0].upper_bound),
        (wan(100), true)
    );
    let major = |leading: bool| {
        event(
            MajorProjectApproved,
            "2023-04-01",
            &[("leading_enterprise", json!(leading))],
        )
    };
    let o = under("langfang-2021", &major(true), &none());
    assert_eq!(
        (o.entitlements[0].amount_fen, o.entitlements[0].province_fen),
        (wan(1000), wan(1000))
    );
    assert!(under("langfang-2021", &major(false), &none()).entitlements.is_empty());
}
