//! End-to-end checks of the generated data: determinism, valid and unique
//! credit codes, CSV round trip, plausible proportions and clean names.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use kechuang_demo::headers::{self, FILES};
use kechuang_demo::labels::{self, CERTIFICATE_KINDS, code_of};
use kechuang_demo::{DemoCity, GenerateOptions, GenerateSummary, demo_city, generate_to_dir};
use kechuang_kernel::credit_code::CreditCode;

/// A fresh, empty directory under the system temp dir.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kechuang-demo-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn generate(n: u64, seed: u64, dir: &Path) -> GenerateSummary {
    let opts = GenerateOptions {
        enterprises: n,
        seed,
        ..GenerateOptions::default()
    };
    let mut last = 0;
    let summary = generate_to_dir(&opts, dir, &mut |done| {
        assert!(done >= last);
        last = done;
    })
    .unwrap();
    assert_eq!(last, n, "final progress call reports every enterprise");
    summary
}

/// Rows of a CSV file (header checked against the constants and skipped).
fn read_rows(dir: &Path, name: &str) -> Vec<csv::StringRecord> {
    let bytes = fs::read(dir.join(name)).unwrap();
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()), "{name} starts with a BOM");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header = reader.headers().unwrap().clone();
    let expected = FILES.iter().find(|f| f.0 == name).unwrap().1;
    let zh: Vec<&str> = expected.iter().map(|h| h.0).collect();
    assert_eq!(header.iter().collect::<Vec<_>>(), zh, "{name} header");
    reader.records().map(|r| r.unwrap()).collect()
}

fn column(name: &str, field: &str) -> usize {
    let headers = FILES.iter().find(|f| f.0 == name).unwrap().1;
    headers.iter().position(|h| h.1 == field).unwrap()
}

#[test]
fn same_seed_gives_byte_identical_files_and_other_seeds_differ() {
    let (a, b, c) = (temp_dir("det-a"), temp_dir("det-b"), temp_dir("det-c"));
    generate(3_000, 7, &a);
    generate(3_000, 7, &b);
    generate(3_000, 8, &c);
    for (name, _) in FILES.iter().chain([("README.txt", headers::REGIONS)].iter()) {
        let fa = fs::read(a.join(name)).unwrap();
        assert_eq!(fa, fs::read(b.join(name)).unwrap(), "{name} differs between runs");
        if *name == "enterprises.csv" {
            assert_ne!(fa, fs::read(c.join(name)).unwrap(), "seed has no effect");
        }
    }
    for d in [a, b, c] {
        fs::remove_dir_all(d).unwrap();
    }
}

#[test]
fn csv_files_round_trip_with_valid_unique_codes() {
    let dir = temp_dir("codes");
    let summary = generate(20_000, 1, &dir);
    let counts = [
        ("regions.csv", summary.regions),
        ("enterprises.csv", summary.enterprises),
        ("enterprise_facts.csv", summary.enterprise_facts),
        ("certificates.csv", summary.certificates),
        ("platforms.csv", summary.platforms),
        ("experts.csv", summary.experts),
        ("institutions.csv", summary.institutions),
        ("service_agencies.csv", summary.service_agencies),
        ("investors.csv", summary.investors),
    ];
    let mut rows = HashMap::new();
    for (name, n) in counts {
        let r = read_rows(&dir, name);
        assert_eq!(r.len() as u64, n, "{name} row count");
        let width = FILES.iter().find(|f| f.0 == name).unwrap().1.len();
        assert!(r.iter().all(|row| row.len() == width), "{name} row width");
        rows.insert(name, r);
    }
    assert_eq!(summary.enterprises, 20_000);

    // Every credit code of every organisation is valid and none repeats,
    // across enterprises, institutions, agencies and investors.
    let mut seen = HashSet::new();
    for name in [
        "enterprises.csv",
        "institutions.csv",
        "service_agencies.csv",
        "investors.csv",
    ] {
        let col = column(name, "credit_code");
        for row in &rows[name] {
            let code = CreditCode::parse(&row[col]).unwrap_or_else(|e| panic!("{}: {e}", &row[col]));
            assert_eq!(code.as_str(), &row[col], "codes are written canonical");
            assert!(seen.insert(code.organisation_code().to_string()), "duplicate {code}");
        }
    }
    // Facts, certificates and platform hosts refer to existing organisations.
    let enterprise_codes: HashSet<&str> = rows["enterprises.csv"].iter().map(|r| r.get(0).unwrap()).collect();
    for name in ["enterprise_facts.csv", "certificates.csv"] {
        assert!(rows[name].iter().all(|r| enterprise_codes.contains(&r[0])), "{name}");
    }
    let host = column("platforms.csv", "host_credit_code");
    for row in &rows["platforms.csv"] {
        CreditCode::parse(&row[host]).unwrap();
    }
    // Coded cells hold known labels.
    let kind = column("certificates.csv", "kind");
    assert!(
        rows["certificates.csv"]
            .iter()
            .all(|r| code_of(CERTIFICATE_KINDS, &r[kind]).is_some())
    );
    let kind = column("platforms.csv", "kind");
    assert!(
        rows["platforms.csv"]
            .iter()
            .all(|r| code_of(labels::PLATFORM_KINDS, &r[kind]).is_some())
    );
    let readme = fs::read_to_string(dir.join("README.txt")).unwrap();
    assert!(readme.contains("合成演示数据") && readme.contains("synthetic demo data"));
    fs::remove_dir_all(dir).unwrap();
}

fn city() -> DemoCity {
    let opts = GenerateOptions::new(20_000);
    DemoCity::generate(&opts)
}

#[test]
fn proportions_and_magnitudes_are_plausible() {
    let city = city();
    let n = city.enterprises.len() as f64;
    let reference = city.reference_date;
    let valid_share = |kind: &str| {
        city.enterprises
            .iter()
            .filter(|e| {
                e.certificates
                    .iter()
                    .any(|c| c.kind == kind && c.expires_on >= reference)
            })
            .count() as f64
            / n
    };
    let within = |x: f64, lo: f64, hi: f64, what: &str| assert!((lo..=hi).contains(&x), "{what}: {x}");
    within(valid_share("tech_sme"), 0.25, 0.35, "tech SME share");
    within(valid_share("high_tech_enterprise"), 0.08, 0.13, "HTE share");
    within(valid_share("specialized_sme"), 0.01, 0.07, "specialised SME share");
    within(valid_share("gazelle"), 0.003, 0.03, "gazelle share");
    within(valid_share("little_giant"), 0.002, 0.03, "little giant share");
    within(valid_share("unicorn_seed"), 0.0005, 0.01, "unicorn seed share");
    let none = city.enterprises.iter().filter(|e| e.certificates.is_empty()).count() as f64 / n;
    within(none, 0.5, 0.75, "share without certificates");
    let listed = city.enterprises.iter().filter(|e| e.listed).count() as f64 / n;
    within(listed, 0.001, 0.02, "listed share");

    // Long-tailed sizes: most firms small, a few very large.
    let mut staff: Vec<u32> = city
        .enterprises
        .iter()
        .map(|e| e.facts.last().unwrap().employees)
        .collect();
    staff.sort_unstable();
    let median = staff[staff.len() / 2];
    within(median as f64, 10.0, 60.0, "median headcount");
    assert!(*staff.last().unwrap() >= 3000, "some very large firms");

    // R&D intensity mostly 1-8% among firms doing R&D.
    let ratios: Vec<f64> = city
        .enterprises
        .iter()
        .map(|e| e.facts.last().unwrap())
        .filter(|f| f.rd_expense_yuan > 0)
        .map(|f| f.rd_expense_yuan as f64 / f.revenue_yuan as f64)
        .collect();
    let typical = ratios.iter().filter(|r| (0.01..=0.08).contains(*r)).count() as f64 / ratios.len() as f64;
    within(typical, 0.6, 1.0, "share of R&D ratios within 1-8%");

    // Certificates agree with the facts and have the right validity.
    for e in &city.enterprises {
        assert!((1..=3).contains(&e.facts.len()));
        assert!(e.facts.windows(2).all(|w| w[1].year == w[0].year + 1));
        assert_eq!(e.facts.last().unwrap().year, 2025);
        for f in &e.facts {
            assert!(f.st_staff <= f.employees && f.rd_expense_in_china_yuan <= f.rd_expense_yuan);
            assert!(f.net_assets_yuan <= f.total_assets_yuan && f.high_tech_revenue_yuan <= f.revenue_yuan);
        }
        for c in &e.certificates {
            let years = match c.kind {
                "tech_sme" | "gazelle" | "unicorn_seed" => 1,
                _ => 3,
            };
            let expected = c
                .issued_on
                .checked_add_months(chrono::Months::new(12 * years))
                .unwrap()
                .pred_opt()
                .unwrap();
            assert_eq!(c.expires_on, expected, "{} validity", c.kind);
            if c.kind == "high_tech_enterprise" && c.expires_on >= reference {
                let f = e.facts.last().unwrap();
                let revenue = f.revenue_yuan as f64;
                assert!(f.rd_expense_yuan as f64 >= 0.03 * revenue, "{}", e.name);
                assert!(f.high_tech_revenue_yuan as f64 >= 0.6 * revenue, "{}", e.name);
                assert!(f.st_staff as f64 >= 0.1 * f.employees as f64, "{}", e.name);
            }
            if c.kind == "tech_sme" {
                assert!(e.facts.last().unwrap().employees <= 500);
            }
        }
    }
    let codes: HashSet<&str> = city.enterprises.iter().map(|e| e.credit_code.as_str()).collect();
    assert_eq!(codes.len(), city.enterprises.len());
}

fn assert_clean(text: &str, allow_digits: bool) {
    assert!(!text.is_empty());
    for c in text.chars() {
        let ok = !c.is_ascii() || (allow_digits && c.is_ascii_digit());
        assert!(ok, "unexpected {c:?} in {text:?}");
    }
}

#[test]
fn names_are_clean_chinese() {
    let city = demo_city(2_000, 3);
    for e in &city.enterprises {
        assert_clean(&e.name, false);
        assert!(e.name.starts_with("云州") && e.name.ends_with("有限公司"), "{}", e.name);
        assert_clean(&e.address, true);
        assert_clean(&e.legal_representative, false);
        assert_clean(&e.contact_name, false);
        assert!(e.contact_phone.len() == 11 && e.contact_phone.starts_with('1'));
    }
    for p in &city.platforms {
        assert_clean(&p.name, false);
        assert_clean(&p.host_name, false);
    }
    for x in &city.experts {
        assert_clean(&x.name, false);
        assert_clean(&x.affiliation, false);
        assert!(x.email.ends_with(".example"));
    }
    for i in &city.institutions {
        assert_clean(&i.name, false);
    }
    for a in &city.service_agencies {
        assert_clean(&a.name, false);
    }
    for v in &city.investors {
        assert_clean(&v.name, false);
    }
    let names: HashSet<&str> = city.enterprises.iter().map(|e| e.name.as_str()).collect();
    assert!(
        names.len() as f64 > 0.95 * city.enterprises.len() as f64,
        "names mostly distinct"
    );
}

#[test]
fn demo_city_is_small_consistent_and_serialisable() {
    let small = demo_city(300, 42);
    assert_eq!(small.enterprises.len(), 300);
    assert_eq!(small.regions.len(), 8);
    assert_eq!(small.regions.iter().filter(|r| r.level == "county").count(), 6);
    assert!(!small.platforms.is_empty() && !small.experts.is_empty());
    assert!(!small.institutions.is_empty() && !small.service_agencies.is_empty());
    assert!(!small.investors.is_empty());
    // Enterprise i does not depend on the city size.
    let larger = demo_city(400, 42);
    assert_eq!(small.enterprises[..], larger.enterprises[..300]);
    assert_eq!(small, demo_city(300, 42));
    // Every county has enterprises and platforms live in known counties.
    let counties: HashSet<&str> = small.enterprises.iter().map(|e| e.county_code).collect();
    assert_eq!(counties.len(), 6);
    let json = serde_json::to_string(&small).unwrap();
    assert!(json.contains("\"credit_code\""));
    assert_eq!(labels::label(labels::LEVELS, "provincial"), "省级");
}

#[test]
fn zero_enterprises_still_gives_a_complete_city() {
    let dir = temp_dir("zero");
    let summary = generate(0, 5, &dir);
    assert_eq!(summary.enterprises, 0);
    assert!(summary.platforms > 0 && summary.experts > 0 && summary.institutions > 0);
    assert_eq!(read_rows(&dir, "platforms.csv").len() as u64, summary.platforms);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn rejects_too_many_enterprises() {
    let opts = GenerateOptions::new(kechuang_demo::MAX_ENTERPRISES + 1);
    let dir = temp_dir("too-many");
    assert!(generate_to_dir(&opts, &dir, &mut |_| {}).is_err());
    fs::remove_dir_all(dir).unwrap();
}
