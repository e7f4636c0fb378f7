//! The credit-file pages over HTTP on both backends.

use kechuang_credit::record::CreditRecordInput;
use kechuang_credit::store::CreditStore;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::role::Role;
use kechuang_shell::testing::{TestApp, page};

async fn app(backend: &str) -> TestApp {
    TestApp::spawn(backend, &[&kechuang_credit::CAPABILITY]).await
}

kechuang_kernel::both_backends!(app => the_list_pages);

/// Puts an enterprise named `name` on the county's blacklist.
async fn blacklist(app: &TestApp, name: &str) -> i64 {
    let today = kechuang_kernel::clock::today();
    let r = CreditRecordInput {
        subject_kind: "enterprise".into(),
        subject_name: name.into(),
        kind: "blacklist".into(),
        reason: "项目验收中弄虚作假".into(),
        decided_on: today.to_string(),
        ..Default::default()
    }
    .validate(today)
    .unwrap();
    app.db
        .add_credit_record(&Actor::system(), app.regions.county, &r)
        .await
        .unwrap()
}

async fn the_list_pages(app: TestApp) {
    for i in 0..22 {
        blacklist(&app, &format!("失信测试企业{i:02}")).await;
    }
    let staff = app.user("staff", Role::BureauStaff, app.regions.city).await;
    let (c, _) = app.session(&staff).await;
    let count = |html: &str| html.matches("<tr><td><a href=\"/credit/").count();
    let first = page(&c, &app.url("/credit")).await;
    assert_eq!(count(&first), 20);
    assert!(first.contains("：22"));
    assert_eq!(count(&page(&c, &app.url("/credit?page=2")).await), 2);
    assert_eq!(count(&page(&c, &app.url("/credit?q=测试企业07")).await), 1);
    let resp = c.get(app.url("/credit?page=0")).send().await.unwrap();
    assert_eq!(resp.status(), 422);
}
