//! Credit records: validation naming every bad field, when a record is in
//! force, and which blacklist record blocks whom.

use chrono::NaiveDate;
use kechuang_credit::record::CreditRecordInput;
use kechuang_credit::standing::{Standing, Subject, blocking};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn today() -> NaiveDate {
    d("2026-11-24")
}

fn input() -> CreditRecordInput {
    CreditRecordInput {
        subject_kind: "企业".into(),
        subject_name: "廊坊华晨新材料有限公司".into(),
        subject_code: "914403001922038216".into(),
        kind: "黑名单".into(),
        reason: "揭榜挂帅项目验收中伪造测试数据".into(),
        basis: "市科技局项目验收意见".into(),
        document_no: "廊科〔2026〕12号".into(),
        decided_on: "2026-06-01".into(),
        until: "2029-05-31".into(),
    }
}

#[test]
fn a_record_validates_with_labels_in_either_language() {
    let r = input().validate(today()).unwrap();
    assert_eq!((r.subject_kind.as_str(), r.kind.as_str()), ("enterprise", "blacklist"));
    assert_eq!(r.name_norm, "廊坊华晨新材料有限公司");
    assert_eq!(r.until, Some(d("2029-05-31")));
    let mut i = input();
    i.kind = "Commendation".into();
    i.until.clear();
    let r = i.validate(today()).unwrap();
    assert_eq!((r.kind.as_str(), r.until), ("commendation", None));
}

#[test]
fn every_bad_field_is_named() {
    let cases: &[(&str, fn(&mut CreditRecordInput))] = &[
        ("subject_kind", |i| i.subject_kind = "公司".into()),
        ("subject_name", |i| i.subject_name = "  ".into()),
        ("subject_code", |i| i.subject_code = "914403001922038217".into()),
        ("subject_code", |i| {
            i.subject_kind = "个人".into();
        }),
        ("kind", |i| i.kind = "红名单".into()),
        ("reason", |i| i.reason = "违规".into()),
        ("decided_on", |i| i.decided_on = "2026-13-01".into()),
        ("decided_on", |i| i.decided_on = "2027-01-01".into()),
        ("until", |i| i.until = "2026-05-31".into()),
        ("until", |i| i.until = "明年".into()),
    ];
    for (field, change) in cases {
        let mut i = input();
        change(&mut i);
        let errors = i.validate(today()).unwrap_err();
        assert!(errors.iter().any(|e| e.field == *field), "{field}: {errors:?}");
    }
    let all = CreditRecordInput::default().validate(today()).unwrap_err();
    let fields: Vec<_> = all.iter().map(|e| e.field).collect();
    for f in ["subject_kind", "subject_name", "kind", "reason", "decided_on"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
}

fn standing(kind: &str, decided: &str, until: Option<&str>, lifted: Option<&str>) -> Standing {
    Standing {
        kind: kind.into(),
        subject_code: "914403001922038216".into(),
        name_norm: "廊坊华晨新材料有限公司".into(),
        decided_on: d(decided),
        until: until.map(d),
        lifted_on: lifted.map(d),
    }
}

#[test]
fn a_record_is_in_force_from_its_decision_to_its_last_day_unless_lifted() {
    let cases = [
        (standing("blacklist", "2026-06-01", None, None), "2026-05-31", false),
        (standing("blacklist", "2026-06-01", None, None), "2026-06-01", true),
        (standing("blacklist", "2026-06-01", None, None), "2040-01-01", true),
        (
            standing("blacklist", "2026-06-01", Some("2027-05-31"), None),
            "2027-05-31",
            true,
        ),
        (
            standing("blacklist", "2026-06-01", Some("2027-05-31"), None),
            "2027-06-01",
            false,
        ),
        (
            standing("blacklist", "2026-06-01", None, Some("2026-09-01")),
            "2026-08-31",
            true,
        ),
        (
            standing("blacklist", "2026-06-01", None, Some("2026-09-01")),
            "2026-09-01",
            false,
        ),
    ];
    for (s, day, want) in cases {
        assert_eq!(s.in_force(d(day)), want, "{s:?} on {day}");
    }
}

#[test]
fn a_blacklist_record_in_force_blocks_its_subject_by_code_or_name() {
    let by_code = Subject {
        code: "914403001922038216".into(),
        names: vec!["另一个名字".into()],
    };
    let by_name = Subject {
        code: String::new(),
        names: vec!["某团队".into(), "廊坊華晨新材料 有限公司".into()],
    };
    let other_code = Subject {
        code: "91110108551385082Q".into(),
        names: vec!["廊坊华晨新材料有限公司".into()],
    };
    let records = [
        standing("dishonesty", "2026-01-01", None, None),
        standing("blacklist", "2026-01-01", Some("2026-03-01"), None),
        standing("blacklist", "2026-06-01", None, None),
    ];
    let s = |r: &Standing| r.clone();
    let hit = blocking(&records, &by_code, today(), s).unwrap();
    assert_eq!(hit.decided_on, d("2026-06-01"), "only the blacklist record in force");
    assert!(
        blocking(&records, &by_name, today(), s).is_some(),
        "Traditional, spaced name"
    );
    assert!(
        blocking(&records, &other_code, today(), s).is_none(),
        "two credit codes decide alone"
    );
    assert!(blocking(&records, &by_code, d("2026-05-01"), s).is_none());
    let mut kept_by_name = standing("blacklist", "2026-06-01", None, None);
    kept_by_name.subject_code.clear();
    assert!(blocking(&[kept_by_name], &other_code, today(), s).is_some());
}
