//! Commissioner assignments and visits on SQLite and PostgreSQL: the HTE
//! firms and the experts available for clinic tours, a plan applied in one
//! audited transaction, the database refusing a second commissioner for a
//! firm, and visits with follow-ups.

use kechuang_cultivation::store::commissioners::NewVisit;
use kechuang_cultivation::store::prelude::*;
use kechuang_kernel::audit::{Actor, AuditFilter};
use kechuang_kernel::credit_code::CreditCode;
use kechuang_kernel::region::{DivisionCode, RegionLevel, RegionPath};
use kechuang_kernel::regions::NewRegion;
use kechuang_kernel::testing::TestDb;
use kechuang_kernel::{Db, StoreError};
use kechuang_registry::store::EnterpriseFields;
use kechuang_registry::store::records::RecordFields;
use kechuang_registry::{Certificate, CertificateKind};

kechuang_kernel::both_backends!(crate::harness::db => assignments_and_visits);

async fn assignments_and_visits(t: TestDb) {
    let db: &Db = &t.db;
    let sys = Actor::system();
    let city = db
        .create_region(
            &sys,
            NewRegion {
                code: DivisionCode::parse("211100").unwrap(),
                name: "盘锦市".into(),
                name_en: String::new(),
                level: RegionLevel::City,
                parent_id: None,
            },
        )
        .await
        .unwrap()
        .id;
    let code = CreditCode::parse("914403001922038216").unwrap();
    let fields = EnterpriseFields {
        name: "盘锦华晨科技有限公司".into(),
        former_names: "[]".into(),
        chain_tags: "[\"石化及精细化工\"]".into(),
        region_id: city,
        ..Default::default()
    };
    let e = db.upsert_enterprise(&sys, &code, fields).await.unwrap().0;
    let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let cert = Certificate {
        kind: CertificateKind::HighTechEnterprise,
        number: "GR1".into(),
        issued_on: d("2024-12-01"),
        expires_on: d("2027-11-30"),
    };
    db.add_certificate(&sys, &e, &cert).await.unwrap();
    let mut experts = Vec::new();
    for (code, available) in [("EX-1", true), ("EX-2", false), ("EX-3", true)] {
        let mut attrs = serde_json::Map::new();
        attrs.insert("clinic_available".into(), serde_json::Value::Bool(available));
        let (r, _) = db
            .upsert_record(
                &sys,
                "expert",
                code,
                RecordFields {
                    name: format!("专家{code}"),
                    region_id: city,
                    chain_tags: vec!["石化及精细化工".into()],
                    attrs,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        experts.push(r.id);
    }
    let scope = RegionPath::from_stored("/211100/".into());
    assert_eq!(
        db.hte_firms(&kechuang_kernel::scope::Scope::of(&scope), "2026-06-01")
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        db.hte_firms(&kechuang_kernel::scope::Scope::of(&scope), "2028-01-01")
            .await
            .unwrap()
            .is_empty(),
        "expired"
    );
    let pool: Vec<i64> = db
        .commissioner_pool(&kechuang_kernel::scope::Scope::of(&scope))
        .await
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(
        pool,
        vec![experts[0], experts[2]],
        "only experts available for clinic tours"
    );
    let below = RegionPath::from_stored("/211100/211122/".into());
    let pool: Vec<i64> = db
        .commissioner_pool(&kechuang_kernel::scope::Scope::of(&below))
        .await
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(
        pool,
        vec![experts[0], experts[2]],
        "a city's experts serve its counties too"
    );
    let elsewhere = RegionPath::from_stored("/130000/".into());
    assert!(
        db.commissioner_pool(&kechuang_kernel::scope::Scope::of(&elsewhere))
            .await
            .unwrap()
            .is_empty(),
        "not another province"
    );

    db.apply_commissioner_plan(&sys, &[], &[(e.id, experts[0])], "2026-06-01")
        .await
        .unwrap();
    let err = db
        .apply_commissioner_plan(&sys, &[], &[(e.id, experts[2])], "2026-06-02")
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Duplicate { .. }),
        "one commissioner per firm: {err:?}"
    );
    let now = db
        .active_assignments(&kechuang_kernel::scope::Scope::of(&scope))
        .await
        .unwrap();
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].expert_id, experts[0]);
    // The commissioner leaves: end and reassign in one step.
    db.apply_commissioner_plan(
        &sys,
        &[(now[0].id, "commissioner_left")],
        &[(e.id, experts[2])],
        "2026-07-01",
    )
    .await
    .unwrap();
    let current = db.commissioner_of(e.id).await.unwrap().unwrap();
    assert_eq!(
        (current.expert_id, current.started_on.as_str()),
        (experts[2], "2026-07-01")
    );

    let bad = NewVisit {
        visited_on: "6月1日".into(),
        summary: "走访".into(),
        ..Default::default()
    };
    let err = db.add_visit(&sys, &e, &bad).await.unwrap_err();
    assert!(matches!(
        err,
        StoreError::Invalid {
            field: "visited_on",
            ..
        }
    ));
    let id = db
        .add_visit(
            &sys,
            &e,
            &NewVisit {
                expert_id: Some(experts[2]),
                visited_on: "2026-07-10".into(),
                summary: "了解研发费用归集情况".into(),
                follow_up: "协助建立研发辅助账".into(),
                follow_up_due: Some("2026-08-10".into()),
            },
        )
        .await
        .unwrap();
    db.complete_follow_up(&sys, &e, id).await.unwrap();
    assert!(db.complete_follow_up(&sys, &e, id).await.is_err(), "already done");
    let visits = db.visits_of(e.id).await.unwrap();
    assert_eq!(visits.len(), 1);
    assert!(visits[0].follow_up_done);
    let audit = db
        .audit_entries(
            None,
            &AuditFilter {
                entity: Some("commissioner_assignment".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(audit.len(), 3, "assigned, ended, assigned");
}
