//! What a bank sees: a firm only as the entry of its consented list. Every
//! page and API a bank account may open (every GET route without a path
//! parameter its role is allowed) is fetched, and none names a firm that did
//! not consent, nor its legal representative; the registry's lists and
//! exports are refused outright.

use crate::common::{Fixtures, TestApp};
use kechuang_kernel::access::allows;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::credit_code::CreditCode;
use kechuang_kernel::role::Role;
use kechuang_registry::store::prelude::*;
use reqwest::StatusCode;

kechuang_kernel::both_backends!(crate::common::app =>
    a_bank_sees_no_firm_that_did_not_consent,
);

async fn a_bank_sees_no_firm_that_did_not_consent(app: TestApp) {
    let reg = app.registry_fixture().await;
    let code = CreditCode::parse(&reg.code).unwrap();
    let e = app.db.enterprise_by_code(&code).await.unwrap().unwrap();
    let fields = kechuang_registry::store::EnterpriseFields {
        legal_representative: "司马未同意".into(),
        ..e.fields()
    };
    app.db.upsert_enterprise(&Actor::system(), &code, fields).await.unwrap();
    let bank = app.user("bank", Role::BankViewer, app.regions.city).await;
    let (b, _) = app.session(&bank).await;
    for refused in [
        "/registry/enterprises",
        "/registry/enterprises/export?format=csv",
        "/registry/enterprises/export?format=xlsx",
        &format!("/registry/enterprises/{}", reg.code),
        "/api/v1/enterprises",
    ] {
        let resp = b.get(app.url(refused)).send().await.unwrap();
        assert!(
            matches!(resp.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
            "{refused}: {}",
            resp.status()
        );
    }
    let mut opened = 0;
    for spec in app.site.routes.clone() {
        if spec.method.as_str() != "GET" || spec.path.contains('{') || !allows(Role::BankViewer, spec.permission) {
            continue;
        }
        let resp = b.get(app.url(&spec.path)).send().await.unwrap();
        let status = resp.status();
        assert!(!status.is_server_error(), "{}: {status}", spec.path);
        let bytes = resp.bytes().await.unwrap();
        let body = String::from_utf8_lossy(&bytes);
        for secret in ["廊坊测试科技有限公司", reg.code.as_str(), "司马未同意"] {
            assert!(!body.contains(secret), "{} shows {secret}", spec.path);
        }
        opened += 1;
    }
    assert!(opened >= 5, "only {opened} pages checked");
}
