//! The JSON interface: the example files under `examples/` (each
//! `NAME.input.json` with its `NAME.expected.json`), and errors that name the
//! field at fault. Run with `UPDATE_EXAMPLES=1` to rewrite the expected files
//! after a deliberate change, then review the diff.

use kechuang_cultivation::{AssessError, assess_hte_json, assess_tech_sme_json};
use std::path::PathBuf;

fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples")
}

#[test]
fn example_files_give_their_expected_reports() {
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(examples_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".input.json") else {
            continue;
        };
        let input = std::fs::read_to_string(&path).unwrap();
        let output = if stem.starts_with("hte-") {
            assess_hte_json(&input)
        } else if stem.starts_with("tech-sme-") {
            assess_tech_sme_json(&input)
        } else {
            panic!("{name}: an example's name starts with hte- or tech-sme-");
        }
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected_path = examples_dir().join(format!("{stem}.expected.json"));
        if std::env::var_os("UPDATE_EXAMPLES").is_some() {
            std::fs::write(&expected_path, format!("{output}\n")).unwrap();
        }
        let expected: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&expected_path).unwrap())
            .unwrap_or_else(|e| panic!("{stem}.expected.json: {e}"));
        let actual: serde_json::Value = serde_json::from_str(&output).unwrap();
        assert_eq!(actual, expected, "{stem}: the report differs from {stem}.expected.json");
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} examples found");
}

fn hte_example() -> serde_json::Value {
    let text = std::fs::read_to_string(examples_dir().join("hte-qualified.input.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn hte_error(edit: impl FnOnce(&mut serde_json::Value)) -> AssessError {
    let mut v = hte_example();
    edit(&mut v);
    assess_hte_json(&v.to_string()).unwrap_err()
}

#[test]
fn errors_name_the_json_field() {
    let e = hte_error(|v| v["years"][1]["revenue"] = serde_json::json!("46.5万"));
    assert_eq!(e.field(), Some("years[1].revenue"), "{e}");
    assert!(e.to_string().contains("years[1].revenue"));

    let e = hte_error(|v| v["years"][0]["revenue"] = serde_json::json!(1.5));
    assert_eq!(e.field(), Some("years[0].revenue"), "{e}");

    let e = hte_error(|v| {
        v.as_object_mut().unwrap().remove("expert");
    });
    assert!(e.to_string().contains("expert"), "{e}");

    let e = hte_error(|v| v["ip"]["class_1_count"] = serde_json::json!(1));
    assert!(e.to_string().contains("class_1_count"), "{e}");

    let e = hte_error(|v| v["expert"]["points"] = serde_json::json!("average"));
    assert_eq!(e.field(), Some("expert.points"), "{e}");

    let e = hte_error(|v| v["years"][2]["employees"] = serde_json::json!(-3));
    assert_eq!(e.field(), Some("years[2].employees"), "{e}");

    let e = hte_error(|v| v["years"][2]["rd_expense_in_china"] = serde_json::json!(9_000_000));
    assert_eq!(e.field(), Some("years[2].rd_expense_in_china"), "{e}");

    let e = hte_error(|v| v["years"][1]["year"] = serde_json::json!(2021));
    assert_eq!(e.field(), Some("years[1].year"), "{e}");

    let e = hte_error(|v| {
        v["years"].as_array_mut().unwrap().remove(0);
    });
    assert_eq!(e.field(), Some("years"), "{e}");
    assert!(e.to_string().contains("2022-2024"), "{e}");

    let e = hte_error(|v| v["registration_date"] = serde_json::json!("2016-02-30"));
    assert_eq!(e.field(), Some("registration_date"), "{e}");

    assert!(matches!(assess_hte_json("{} trailing"), Err(AssessError::Json { .. })));
    assert!(matches!(assess_hte_json("[]"), Err(AssessError::Json { .. })));

    let e = assess_tech_sme_json(r#"{"year": 2025}"#).unwrap_err();
    assert!(e.to_string().contains("resident_enterprise_mainland"), "{e}");
}

#[test]
fn a_younger_firm_must_give_exactly_the_years_it_has() {
    // Registered 2023: two accounting years (2023, 2024) before 2025.
    let text = std::fs::read_to_string(examples_dir().join("hte-young-firm.input.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["registration_date"] = serde_json::json!("2021-01-04");
    let e = assess_hte_json(&v.to_string()).unwrap_err();
    assert_eq!(e.field(), Some("years"), "{e}");
    assert!(e.to_string().contains("2022-2024"), "{e}");
    v["registration_date"] = serde_json::json!("2024-01-04");
    let e = assess_hte_json(&v.to_string()).unwrap_err();
    assert_eq!(e.field(), Some("years"), "{e}");
}
