//! Links between capabilities over a real server: a plan target bound to a
//! figure incentives computes (money paid) is judged on the payment records;
//! the clinic report of a firm lists the incentives it could claim; staff
//! read a firm's policy calculator and apply on its behalf.

use crate::common::{Fixtures, TestApp};
use kechuang_incentives::store::prelude::*;
use kechuang_kernel::role::Role;
use kechuang_plans::store::prelude::*;
use kechuang_shell::testing::{ENTERPRISE_CODE, page};

kechuang_kernel::both_backends!(crate::common::app =>
    a_target_bound_to_incentives_paid_reads_the_payments,
    the_clinic_lists_what_the_firm_could_claim,
);

async fn a_target_bound_to_incentives_paid_reads_the_payments(app: TestApp) {
    let fx = app.plan_fixture().await;
    app.registry_fixture().await;
    // pays 21.75万元 to the test firm today
    kechuang_incentives::testing::fixture(&app).await;
    let staff = app.user("staff", Role::BureauAdmin, app.regions.city).await;
    let (s, csrf) = app.session(&staff).await;
    let url = app.url(&format!("/plans/{}/items/targets/{}", fx.plan, fx.target));
    let save = |metric: &'static str, version: i64| {
        let version = version.to_string();
        let csrf = csrf.clone();
        let s = s.clone();
        let url = url.clone();
        async move {
            s.post(url)
                .form(&[
                    ("_csrf", csrf.as_str()),
                    ("version", version.as_str()),
                    ("indicator", "兑现奖补资金"),
                    ("kind", "level"),
                    ("direction", "up"),
                    ("target_value", "100"),
                    ("unit", "万元"),
                    ("target_year", "2026"),
                    ("metric", metric),
                    ("action", "save"),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let version = app.db.plan_target(fx.target).await.unwrap().version;
    let bad = save("incentives.nonsense", version).await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("incentives.nonsense"));
    assert_eq!(
        app.db.plan_target(fx.target).await.unwrap().version,
        version,
        "nothing written"
    );
    let ok = save("incentives.paid", version).await;
    assert_eq!(ok.status(), 303, "{}", ok.text().await.unwrap());
    let t = app.db.plan_target(fx.target).await.unwrap();
    assert_eq!(t.metric, "incentives.paid");
    // the board reads the payments, not the county's typed-in report
    let board = page(&s, &app.url(&format!("/plans/{}", fx.plan))).await;
    assert!(board.contains("21.75 万元") && board.contains("系统计算"), "{board}");
    let target = page(&s, &app.url(&format!("/plans/{}/targets/{}", fx.plan, fx.target))).await;
    assert!(target.contains("追回的不计"), "the page says what is counted");
    // unbound again: back to the reports
    let unbound = save("", t.version).await;
    assert_eq!(unbound.status(), 303);
    let board = page(&s, &app.url(&format!("/plans/{}", fx.plan))).await;
    assert!(!board.contains("21.75 万元") && !board.contains("系统计算"), "{board}");
}

async fn the_clinic_lists_what_the_firm_could_claim(app: TestApp) {
    app.registry_fixture().await;
    kechuang_incentives::testing::fixture(&app).await;
    let clinic = format!("/cultivation/clinic/{ENTERPRISE_CODE}");
    // the firm: its own panel, linking to its calculator
    let firm = app.user("firm", Role::EnterpriseUser, app.regions.county).await;
    let (f, _) = app.session(&firm).await;
    let html = page(&f, &app.url(&clinic)).await;
    assert!(html.contains("data-testid=\"incentives-panel\""), "{html}");
    assert!(html.contains("href=\"/incentives/calculator\""));
    assert!(html.contains("还差什么"), "what it would take to qualify for more");
    // staff: the same panel, linking to the firm's calculator, which offers
    // to apply on the firm's behalf
    let staff = app.user("staff", Role::BureauStaff, app.regions.city).await;
    let (s, scsrf) = app.session(&staff).await;
    let html = page(&s, &app.url(&clinic)).await;
    let calculator = format!("/incentives/calculator/{ENTERPRISE_CODE}");
    assert!(html.contains(&format!("href=\"{calculator}\"")), "{html}");
    let resp = s.get(app.url(&calculator)).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let html = resp.text().await.unwrap();
    assert!(html.contains("廊坊测试科技有限公司") && html.contains("data-testid=\"calculator\""));
    let form = app.url(&format!(
        "/incentives/apply/{ENTERPRISE_CODE}?rule=panjin-2019/doctor-home"
    ));
    let html = page(&s, &form).await;
    assert!(html.contains("data-testid=\"on-behalf\""), "{html}");
    let today = kechuang_kernel::clock::today().to_string();
    let resp = s
        .post(app.url(&format!("/incentives/apply/{ENTERPRISE_CODE}")))
        .form(&[
            ("_csrf", scsrf.as_str()),
            ("rule", "panjin-2019/doctor-home"),
            ("occurred_on", today.as_str()),
            ("fact.price_yuan", "135万元"),
            ("fact.first_home", "true"),
            ("fact.employed_locally", "true"),
            ("requested", "12万元"),
            ("bank_name", "盘锦银行"),
            ("bank_account", "6217000012345678"),
            ("statement", "企业委托区科技局代为申报"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303, "{}", resp.text().await.unwrap());
    let id: i64 = resp.headers()["location"]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let a = app.db.application(id).await.unwrap();
    assert_eq!(a.subject_code, ENTERPRISE_CODE, "filed for the firm");
    // a firm outside an officer's county is not found
    let other = app.user("other", Role::CountyOfficer, app.regions.other_county).await;
    let (o, _) = app.session(&other).await;
    let resp = o.get(app.url(&calculator)).send().await.unwrap();
    assert_eq!(resp.status(), 404);
}
