//! Registry review over a real server on both backends: likely duplicates
//! merged and restored by staff, and yearly facts proposed by an enterprise
//! and decided by staff.

use crate::harness::Fixtures;

use crate::harness::{TestApp, test_code as code};
use kechuang_kernel::role::Role;
use kechuang_registry::store::prelude::*;
use reqwest::StatusCode;

kechuang_kernel::both_backends!(crate::harness::app =>
    duplicates_are_merged_and_restored,
    enterprise_proposes_facts_and_staff_decide
);

async fn duplicates_are_merged_and_restored(app: TestApp) {
    let sys = kechuang_kernel::audit::Actor::system();
    let mut ids = Vec::new();
    for (n, name) in [
        (11, "廊坊华晨药业有限公司"),
        (12, "廊坊華晨藥業股份有限公司"),
        (13, "固安精密机械有限公司"),
    ] {
        let c = kechuang_kernel::credit_code::CreditCode::parse(&code(n)).unwrap();
        let fields = kechuang_registry::store::EnterpriseFields {
            name: name.into(),
            former_names: "[]".into(),
            chain_tags: "[]".into(),
            region_id: app.regions.county,
            ..Default::default()
        };
        ids.push(app.db.upsert_enterprise(&sys, &c, fields).await.unwrap().0.id);
    }
    let staff = app.user("staff", Role::BureauStaff, app.regions.city).await;
    let (client, csrf) = app.session(&staff).await;
    let page = client
        .get(app.url("/registry/duplicates"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("廊坊華晨藥業股份有限公司") && !page.contains("固安精密机械有限公司"),
        "{page}"
    );
    let (a, b) = (ids[0].to_string(), ids[1].to_string());
    let no_reason = client
        .post(app.url("/registry/duplicates"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("kept", a.as_str()),
            ("a", a.as_str()),
            ("b", b.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        no_reason.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a merge needs a reason"
    );
    let merged = client
        .post(app.url("/registry/duplicates"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("kept", a.as_str()),
            ("a", a.as_str()),
            ("b", b.as_str()),
            ("reason", "同一企业重复登记"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(merged.status(), StatusCode::SEE_OTHER);
    let list = client
        .get(app.url("/registry/enterprises"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!list.contains("廊坊華晨藥業股份有限公司") && list.contains("廊坊华晨药业有限公司"));
    let scope = kechuang_kernel::region::RegionPath::from_stored("/130000/".into());
    let merge = app
        .db
        .enterprise_merges(&kechuang_kernel::scope::Scope::of(&scope))
        .await
        .unwrap()[0]
        .id
        .to_string();
    let undone = client
        .post(app.url("/registry/duplicates/undo"))
        .form(&[("_csrf", csrf.as_str()), ("merge_id", merge.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(undone.status(), StatusCode::SEE_OTHER);
    let list = client
        .get(app.url("/registry/enterprises"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("廊坊華晨藥業股份有限公司"), "the merge is undone");
    let officer = app.user("officer", Role::CountyOfficer, app.regions.county).await;
    let (o, _) = app.session(&officer).await;
    let denied = o.get(app.url("/registry/duplicates")).send().await.unwrap();
    assert_eq!(denied.status(), StatusCode::FORBIDDEN, "merges are for bureau staff");
}

async fn enterprise_proposes_facts_and_staff_decide(app: TestApp) {
    let fx = app.registry_fixture().await;
    let firm = app.user("firm", Role::EnterpriseUser, app.regions.county).await;
    let (f, csrf) = app.session(&firm).await;
    let url = app.url(&format!("/registry/enterprises/{}/proposals", fx.code));
    let page = f
        .get(app.url(&format!("/registry/enterprises/{}", fx.code)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-testid=\"proposal-form\""));
    let facts = |employees: &'static str, st: &'static str| {
        vec![
            ("_csrf", csrf.clone()),
            ("year", "2025".to_owned()),
            ("employees", employees.to_owned()),
            ("st_staff", st.to_owned()),
            ("revenue_yuan", "3000万".to_owned()),
            ("rd_expense_yuan", "150万".to_owned()),
            ("note", "2025年报数据".to_owned()),
        ]
    };
    let bad = f.post(&url).form(&facts("10", "20")).send().await.unwrap();
    assert_eq!(
        bad.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "S&T staff above employees is refused"
    );
    assert!(bad.text().await.unwrap().contains("科技"));
    let ok = f.post(&url).form(&facts("80", "20")).send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let e = app
        .db
        .enterprise_by_code(&kechuang_kernel::credit_code::CreditCode::parse(&fx.code).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(
        app.db.facts_of(e.id).await.unwrap().is_empty(),
        "nothing is written before review"
    );
    // another firm's user cannot propose for this one
    let other = app.user("other", Role::EnterpriseUser, app.regions.county).await;
    let patch = kechuang_kernel::users::UserPatch {
        enterprise_code: Some(Some(code(77))),
        ..Default::default()
    };
    let other = app
        .db
        .update_user(&kechuang_kernel::audit::Actor::system(), other.id, other.version, patch)
        .await
        .unwrap();
    let (o, ocsrf) = app.session(&other).await;
    let denied = o
        .post(&url)
        .form(&[("_csrf", ocsrf.as_str()), ("year", "2025")])
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status(), StatusCode::NOT_FOUND);
    let staff = app.user("staff", Role::BureauStaff, app.regions.city).await;
    let (s, scsrf) = app.session(&staff).await;
    let list = s
        .get(app.url("/registry/proposals"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("廊坊测试科技有限公司") && list.contains("2025年报数据"));
    let scope = kechuang_kernel::region::RegionPath::from_stored("/130000/".into());
    let p = app
        .db
        .proposals(&kechuang_kernel::scope::Scope::of(&scope), None)
        .await
        .unwrap()
        .remove(0);
    let (id, version) = (p.id.to_string(), p.version.to_string());
    let reject = s
        .post(app.url("/registry/proposals/decide"))
        .form(&[
            ("_csrf", scsrf.as_str()),
            ("proposal_id", id.as_str()),
            ("version", version.as_str()),
            ("decision", "reject"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        reject.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a rejection needs a reason"
    );
    let approve = s
        .post(app.url("/registry/proposals/decide"))
        .form(&[
            ("_csrf", scsrf.as_str()),
            ("proposal_id", id.as_str()),
            ("version", version.as_str()),
            ("decision", "approve"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(approve.status(), StatusCode::SEE_OTHER);
    let stored = app.db.facts_of(e.id).await.unwrap();
    assert_eq!(
        (stored.len(), stored[0].employees, stored[0].revenue_fen),
        (1, 80, 30_000_000_00)
    );
    let again = s
        .post(app.url("/registry/proposals/decide"))
        .form(&[
            ("_csrf", scsrf.as_str()),
            ("proposal_id", id.as_str()),
            ("version", version.as_str()),
            ("decision", "approve"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY, "decided once");
}
