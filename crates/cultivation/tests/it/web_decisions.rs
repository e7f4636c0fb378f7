//! Cultivation decisions over a real server on both backends: reserve
//! pools proposed by the rules and confirmed by staff, the bank list of
//! consenting firms, commissioners assigned by the rules and their visits.

use crate::harness::Fixtures;

use crate::fixtures::{certify, expert, firm};
use crate::harness::{ENTERPRISE_CODE, TestApp, page, test_code};
use kechuang_cultivation::store::prelude::*;
use kechuang_kernel::role::Role;
use kechuang_registry::CertificateKind;
use reqwest::StatusCode;

kechuang_kernel::both_backends!(crate::harness::app =>
    pools_propose_and_staff_confirm,
    banks_see_only_consenting_firms_of_shared_kinds,
    commissioners_cover_every_hte_firm
);

/// The HTE reserve proposes firm A (a tech SME on its figures, R&D 6 %, no
/// HTE certificate); staff confirm it, it moves from the candidates to the
/// members, a county officer sees it but may not decide, and taking it out
/// needs a reason.
async fn pools_propose_and_staff_confirm(app: TestApp) {
    let r = &app.regions;
    app.registry_fixture().await;
    let a = ENTERPRISE_CODE.to_owned();
    firm(&app, &a, "廊坊甲科技有限公司", r.county).await;
    let staff = app.user("staff", Role::BureauStaff, r.city).await;
    let (c, csrf) = app.session(&staff).await;
    let url = app.url("/cultivation/pools?pool=hte_reserve");
    let html = page(&c, &url).await;
    let candidates = &html[html.find(r#"data-testid="pool-candidates""#).unwrap()..];
    assert!(candidates.contains(&format!(r#"data-code="{a}""#)), "{html}");
    let resp = c
        .post(app.url("/cultivation/pools/decide"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("pool", "hte_reserve"),
            ("code", a.as_str()),
            ("decision", "member"),
            ("reason", "科技型中小企业"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let html = page(&c, &url).await;
    let split = html.find(r#"data-testid="pool-candidates""#).unwrap();
    assert!(
        html[..split].contains(&format!(r#"data-code="{a}" data-status="member""#)),
        "{html}"
    );
    assert!(
        !html[split..].contains(&format!(r#"data-code="{a}""#)),
        "no longer a candidate"
    );
    let resp = c
        .post(app.url("/cultivation/pools/decide"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("pool", "hte_reserve"),
            ("code", a.as_str()),
            ("decision", "removed"),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        resp.status().is_client_error(),
        "a reason is required: {}",
        resp.status()
    );

    let officer = app.user("officer", Role::CountyOfficer, r.county).await;
    let (c, csrf) = app.session(&officer).await;
    let html = page(&c, &url).await;
    assert!(html.contains(&format!(r#"data-code="{a}" data-status="member""#)));
    assert!(!html.contains(r#"data-testid="pool-confirm""#), "no decision buttons");
    let resp = c
        .post(app.url("/cultivation/pools/decide"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("pool", "hte_reserve"),
            ("code", a.as_str()),
            ("decision", "removed"),
            ("note", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
}

/// Staff share HTE certificates; firm A consents, firm B does not: the bank
/// sees and exports A only, until A withdraws.
async fn banks_see_only_consenting_firms_of_shared_kinds(app: TestApp) {
    let r = &app.regions;
    app.registry_fixture().await;
    let a = ENTERPRISE_CODE.to_owned();
    let b = test_code(12);
    firm(&app, &a, "廊坊甲科技有限公司", r.county).await;
    firm(&app, &b, "廊坊乙科技有限公司", r.county).await;
    let today = kechuang_kernel::clock::today();
    let days = |n: i64| today + chrono::Duration::days(n);
    certify(
        &app,
        &a,
        CertificateKind::HighTechEnterprise,
        "GR-A",
        days(-100),
        days(900),
    )
    .await;
    certify(
        &app,
        &b,
        CertificateKind::HighTechEnterprise,
        "GR-B",
        days(-100),
        days(900),
    )
    .await;

    let staff = app.user("staff", Role::BureauStaff, r.city).await;
    let (c, csrf) = app.session(&staff).await;
    let resp = c
        .post(app.url("/cultivation/bank/settings"))
        .form(&[("_csrf", csrf.as_str()), ("kind", "high_tech_enterprise")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);

    let owner = app.user("owner", Role::EnterpriseUser, r.county).await;
    let (oc, ocsrf) = app.session(&owner).await;
    let own_page = page(&oc, &app.url(&format!("/registry/enterprises/{a}"))).await;
    assert!(
        own_page.contains(r#"data-testid="bank-consent-link""#),
        "the owner is asked"
    );
    let consent_page = page(&oc, &app.url("/cultivation/bank/consent")).await;
    assert!(consent_page.contains(r#"data-testid="bank-consent""#), "{consent_page}");
    let consent = |v: &'static str| {
        oc.post(app.url("/cultivation/bank/consent"))
            .form(&[("_csrf", ocsrf.as_str()), ("consent", v)])
            .send()
    };
    assert_eq!(consent("yes").await.unwrap().status(), StatusCode::SEE_OTHER);

    let bank = app.user("bank", Role::BankViewer, r.city).await;
    let (bc, bcsrf) = app.session(&bank).await;
    let html = page(&bc, &app.url("/cultivation/bank")).await;
    assert!(html.contains(&format!(r#"data-code="{a}""#)), "{html}");
    assert!(!html.contains(&b), "B did not consent");
    assert!(
        !html.contains(r#"data-testid="bank-settings""#),
        "banks do not choose what is shared"
    );
    let csv = bc
        .get(app.url("/cultivation/bank/export?format=csv"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let text = String::from_utf8_lossy(&csv);
    assert!(
        text.contains(&a) && text.contains("GR-A") && !text.contains(&b),
        "{text}"
    );
    let resp = bc
        .post(app.url("/cultivation/bank/settings"))
        .form(&[("_csrf", bcsrf.as_str()), ("kind", "gazelle")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);

    assert_eq!(consent("no").await.unwrap().status(), StatusCode::SEE_OTHER);
    let html = page(&bc, &app.url("/cultivation/bank")).await;
    assert!(!html.contains(&a), "withdrawn");
    let resp = oc.get(app.url("/cultivation/bank")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN, "enterprises do not see the list");
}

/// Two high-tech enterprises get a commissioner each (the county's own
/// expert first); when that expert is no longer available both move to the
/// other; a county officer records a visit and closes its follow-up.
async fn commissioners_cover_every_hte_firm(app: TestApp) {
    let r = &app.regions;
    app.registry_fixture().await;
    let (a, b) = (ENTERPRISE_CODE.to_owned(), test_code(13));
    firm(&app, &a, "廊坊甲科技有限公司", r.county).await;
    firm(&app, &b, "廊坊乙科技有限公司", r.county).await;
    let today = kechuang_kernel::clock::today();
    let days = |n: i64| today + chrono::Duration::days(n);
    certify(
        &app,
        &a,
        CertificateKind::HighTechEnterprise,
        "GR-A",
        days(-10),
        days(1000),
    )
    .await;
    certify(
        &app,
        &b,
        CertificateKind::HighTechEnterprise,
        "GR-B",
        days(-10),
        days(1000),
    )
    .await;
    let local = expert(&app, "EX-1", "本县特派员", r.county, true).await;
    let city_wide = expert(&app, "EX-2", "市级特派员", r.city, true).await;

    let staff = app.user("staff", Role::BureauStaff, r.city).await;
    let (c, csrf) = app.session(&staff).await;
    let html = page(&c, &app.url("/cultivation/commissioners")).await;
    assert!(html.contains("未配备 2"), "{html}");
    let assign = || {
        c.post(app.url("/cultivation/commissioners/assign"))
            .form(&[("_csrf", csrf.as_str())])
            .send()
    };
    assert_eq!(assign().await.unwrap().status(), StatusCode::SEE_OTHER);
    let db = &app.test_db.db;
    let of = |code: &str| {
        let code = kechuang_kernel::credit_code::CreditCode::parse(code).unwrap();
        async move {
            let e = db.enterprise_by_code(&code).await.unwrap().unwrap();
            db.commissioner_of(e.id).await.unwrap().map(|x| x.expert_id)
        }
    };
    assert_eq!(
        (of(&a).await, of(&b).await),
        (Some(local), Some(local)),
        "the county's own expert"
    );
    let html = page(&c, &app.url("/cultivation/commissioners")).await;
    assert!(html.contains("未配备 0"), "{html}");
    // Assigning again changes nothing.
    assert_eq!(assign().await.unwrap().status(), StatusCode::SEE_OTHER);
    assert_eq!(of(&a).await, Some(local));
    // The local expert is no longer available: both move to the other one.
    expert(&app, "EX-1", "本县特派员", r.county, false).await;
    assert_eq!(assign().await.unwrap().status(), StatusCode::SEE_OTHER);
    assert_eq!((of(&a).await, of(&b).await), (Some(city_wide), Some(city_wide)));

    let officer = app.user("officer", Role::CountyOfficer, r.county).await;
    let (oc, ocsrf) = app.session(&officer).await;
    let resp = oc
        .post(app.url("/cultivation/commissioners/assign"))
        .form(&[("_csrf", ocsrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = oc
        .post(app.url("/cultivation/visits"))
        .form(&[
            ("_csrf", ocsrf.as_str()),
            ("code", a.as_str()),
            ("visited_on", &today.to_string()),
            ("summary", "了解研发费用归集"),
            ("follow_up", "协助建立研发辅助账"),
            ("follow_up_due", &days(30).to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let html = page(&oc, &app.url(&format!("/cultivation/clinic/{a}"))).await;
    assert!(
        html.contains("市级特派员") && html.contains("了解研发费用归集") && html.contains("待跟进"),
        "{html}"
    );
    let visit = db
        .visits_of(
            db.enterprise_by_code(&kechuang_kernel::credit_code::CreditCode::parse(&a).unwrap())
                .await
                .unwrap()
                .unwrap()
                .id,
        )
        .await
        .unwrap()[0]
        .id;
    let resp = oc
        .post(app.url("/cultivation/visits/done"))
        .form(&[
            ("_csrf", ocsrf.as_str()),
            ("code", a.as_str()),
            ("visit_id", &visit.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let html = page(&oc, &app.url(&format!("/cultivation/clinic/{a}"))).await;
    assert!(html.contains("已完成") && !html.contains("待跟进"));
}
