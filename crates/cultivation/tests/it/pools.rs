//! Reserve-pool proposals at their lines: R&D exactly 3 % (in) and just
//! below (out), revenue growth exactly 1.44× over two years, the size lines
//! of leading firms and listing candidates, and what each pool excludes.

use chrono::NaiveDate;
use kechuang_cultivation::clinic::ProfileYear;
use kechuang_cultivation::clinic::pools::{Pool, PoolFacts, proposals};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn year(y: i32, revenue: i64, rd: i64) -> ProfileYear {
    ProfileYear {
        year: y,
        employees: 100,
        st_staff: 30,
        revenue,
        high_tech_revenue: revenue * 7 / 10,
        rd_expense: rd,
        rd_expense_in_china: rd,
        total_assets: revenue,
        net_assets: revenue / 2,
        invention_patents: 1,
        utility_models: 4,
        software_copyrights: 0,
    }
}

fn pools(f: &PoolFacts) -> Vec<Pool> {
    proposals(f, d("2026-06-01")).into_iter().map(|(p, _)| p).collect()
}

#[test]
fn hte_reserve_needs_three_percent_rd_and_a_tech_sme() {
    let base = PoolFacts {
        founded_on: Some(d("2010-01-01")),
        years: vec![year(2025, 40_000_000, 1_200_000)], // exactly 3 %
        tech_sme_valid: true,
        ..Default::default()
    };
    assert_eq!(pools(&base), vec![Pool::HteReserve]);
    let below = PoolFacts {
        years: vec![year(2025, 40_000_000, 1_199_999)],
        ..base.clone()
    };
    assert!(pools(&below).is_empty(), "2.99999 % is below the line");
    let already = PoolFacts {
        hte_valid: true,
        ..base.clone()
    };
    assert!(
        !pools(&already).contains(&Pool::HteReserve),
        "already a high-tech enterprise"
    );
    // Not registered, but last year's figures pass the tech-SME evaluation.
    let evaluated = PoolFacts {
        tech_sme_valid: false,
        ..base.clone()
    };
    assert_eq!(pools(&evaluated), vec![Pool::HteReserve]);
    let no_year = PoolFacts {
        years: vec![year(2024, 40_000_000, 4_000_000)],
        ..base
    };
    assert!(pools(&no_year).is_empty(), "no figures for last year: nothing proposed");
}

#[test]
fn gazelles_grow_twenty_percent_a_year() {
    let f = |founded: &str, first: i64, last: i64| PoolFacts {
        founded_on: Some(d(founded)),
        years: vec![year(2023, first, 0), year(2024, first, 0), year(2025, last, 0)],
        ..Default::default()
    };
    // 10 million → 14.4 million: exactly 1.44×.
    assert_eq!(pools(&f("2018-05-01", 10_000_000, 14_400_000)), vec![Pool::Gazelle]);
    assert!(pools(&f("2018-05-01", 10_000_000, 14_399_999)).is_empty());
    assert!(
        pools(&f("2014-05-01", 10_000_000, 20_000_000)).is_empty(),
        "older than ten years"
    );
    assert!(
        pools(&f("2018-05-01", 6_000_000, 9_999_999)).is_empty(),
        "below 10 million"
    );
    let held = PoolFacts {
        gazelle_valid: true,
        ..f("2018-05-01", 10_000_000, 20_000_000)
    };
    assert!(pools(&held).is_empty(), "already a gazelle");
}

#[test]
fn leading_and_listing_candidates_are_large_high_tech_firms() {
    let big = PoolFacts {
        founded_on: Some(d("2005-01-01")),
        years: vec![year(2024, 480_000_000, 0), year(2025, 500_000_000, 15_000_000)],
        hte_valid: true,
        ..Default::default()
    };
    assert_eq!(pools(&big), vec![Pool::Leading, Pool::ListingReserve]);
    let listed = PoolFacts {
        listed: true,
        leading_valid: true,
        ..big.clone()
    };
    assert!(pools(&listed).is_empty());
    let shrinking = PoolFacts {
        years: vec![year(2024, 520_000_000, 0), year(2025, 500_000_000, 15_000_000)],
        ..big.clone()
    };
    assert_eq!(pools(&shrinking), vec![Pool::Leading], "listing needs growth");
    let small = PoolFacts {
        years: vec![year(2024, 90_000_000, 0), year(2025, 99_999_999, 5_000_000)],
        ..big
    };
    assert!(pools(&small).is_empty(), "below 100 million");
}

#[test]
fn pool_names_round_trip() {
    for p in Pool::ALL {
        assert_eq!(Pool::parse(p.as_str()), Some(p));
        assert!(!p.label_zh().is_empty());
    }
    assert_eq!(Pool::parse("unknown"), None);
}
