//! Merging an enterprise registered twice, and undoing the merge, on SQLite
//! and PostgreSQL: what moves, what the lists show, the audit trail.

use kechuang_kernel::Db;
use kechuang_kernel::audit::{Actor, AuditFilter};
use kechuang_kernel::credit_code::CreditCode;
use kechuang_kernel::region::{DivisionCode, RegionLevel, RegionPath};
use kechuang_kernel::regions::NewRegion;
use kechuang_kernel::testing::TestDb;
use kechuang_registry::store::prelude::*;
use kechuang_registry::store::{EnterpriseFields, EnterpriseFilter};
use kechuang_registry::{Certificate, CertificateKind, YearFacts};

kechuang_kernel::both_backends!(crate::harness::db => merge_moves_records_and_undo_restores_them);

fn facts(year: i32) -> YearFacts {
    YearFacts {
        year,
        employees: 40,
        st_staff: 8,
        revenue_fen: 2_000_000_00,
        high_tech_revenue_fen: 1_000_000_00,
        rd_expense_fen: 100_000_00,
        rd_expense_in_china_fen: 100_000_00,
        total_assets_fen: 3_000_000_00,
        net_assets_fen: 1_000_000_00,
        invention_patents: 1,
        utility_models: 2,
        software_copyrights: 0,
        pct_applications: 0,
    }
}

async fn merge_moves_records_and_undo_restores_them(t: TestDb) {
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
    let add = async |code: &str, name: &str| {
        let code = CreditCode::parse(code).unwrap();
        let fields = EnterpriseFields {
            name: name.into(),
            former_names: "[]".into(),
            chain_tags: "[]".into(),
            region_id: city,
            ..Default::default()
        };
        db.upsert_enterprise(&sys, &code, fields).await.unwrap().0
    };
    let kept = add("914403001922038216", "盘锦华晨药业股份有限公司").await;
    let dup = add("91110108551385082Q", "盤錦華晨藥業有限公司").await;
    let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let cert = Certificate {
        kind: CertificateKind::HighTechEnterprise,
        number: "GR2024211000009".into(),
        issued_on: d("2024-12-01"),
        expires_on: d("2027-11-30"),
    };
    db.add_certificate(&sys, &dup, &cert).await.unwrap();
    db.upsert_facts(&sys, &kept, &facts(2024)).await.unwrap();
    db.upsert_facts(&sys, &dup, &facts(2024)).await.unwrap();
    db.upsert_facts(&sys, &dup, &facts(2023)).await.unwrap();

    let m = db
        .merge_enterprises(&sys, kept.id, dup.id, "同一企业重复登记")
        .await
        .unwrap();
    assert_eq!((m.kept_code.as_str(), m.undone), (kept.credit_code.as_str(), false));
    let scope = RegionPath::from_stored("/211100/".into());
    let all = EnterpriseFilter {
        limit: 10,
        ..Default::default()
    };
    let (list, n) = db
        .enterprises(&kechuang_kernel::scope::Scope::of(&scope), &all)
        .await
        .unwrap();
    assert_eq!((n, list[0].id), (1, kept.id), "the merged record leaves the lists");
    let k = db.enterprise(kept.id).await.unwrap();
    assert!(k.former_names.contains("盤錦華晨藥業有限公司"));
    assert_eq!(db.certificates_of(kept.id).await.unwrap().len(), 1, "certificates move");
    let years: Vec<i64> = db.facts_of(kept.id).await.unwrap().iter().map(|f| f.year).collect();
    assert_eq!(years, vec![2023, 2024], "only the missing year moves");
    assert_eq!(db.facts_of(dup.id).await.unwrap().len(), 1);
    assert!(
        db.merge_enterprises(&sys, kept.id, dup.id, "again").await.is_err(),
        "no double merge"
    );

    db.undo_merge(&sys, m.id).await.unwrap();
    assert!(db.enterprise_merge(m.id).await.unwrap().undone);
    assert_eq!(
        db.enterprises(&kechuang_kernel::scope::Scope::of(&scope), &all)
            .await
            .unwrap()
            .1,
        2
    );
    assert_eq!(db.enterprise(kept.id).await.unwrap().former_names, "[]");
    assert_eq!(db.certificates_of(dup.id).await.unwrap().len(), 1);
    assert_eq!(db.facts_of(dup.id).await.unwrap().len(), 2);
    assert_eq!(db.facts_of(kept.id).await.unwrap().len(), 1);
    assert!(db.undo_merge(&sys, m.id).await.is_err(), "undone once");
    let trail = db
        .audit_entries(
            None,
            &AuditFilter {
                entity: Some("enterprise".into()),
                entity_id: Some(dup.credit_code.clone()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    assert!(
        actions.contains(&"merge") && actions.contains(&"unmerge"),
        "{actions:?}"
    );
}
