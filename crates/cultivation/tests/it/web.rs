//! Cultivation pages over a real server on both backends: an enterprise
//! user opens its own clinic report (and no other), a county officer
//! generates the reports of the county, staff of another city see none of
//! it, roles without the permission are refused; the pipeline's reminders
//! and 应评尽评 list.

use crate::harness::Fixtures;

use crate::fixtures::{certify, firm};
use crate::harness::{ENTERPRISE_CODE, TestApp, page, test_code};
use kechuang_cultivation::store::prelude::*;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::role::Role;
use kechuang_registry::CertificateKind;
use reqwest::StatusCode;

kechuang_kernel::both_backends!(crate::harness::app =>
    clinic_reports_follow_scope,
    pipeline_reminds_and_lists_firms_to_evaluate
);

async fn clinic_reports_follow_scope(app: TestApp) {
    let r = &app.regions;
    app.registry_fixture().await;
    firm(&app, ENTERPRISE_CODE, "廊坊测试科技有限公司", r.county).await;
    let other = test_code(7);
    firm(&app, &other, "保定另一科技有限公司", r.other_county).await;

    // Certified in the middle of last year: the tier history changes there.
    let last_year = chrono::Utc::now()
        .date_naive()
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap()
        - 1;
    let mid = chrono::NaiveDate::from_ymd_opt(last_year, 6, 30).unwrap();
    let until = chrono::NaiveDate::from_ymd_opt(last_year + 3, 6, 29).unwrap();
    certify(
        &app,
        ENTERPRISE_CODE,
        CertificateKind::HighTechEnterprise,
        "GR-MID",
        mid,
        until,
    )
    .await;
    // Experts of the same chain: one available for clinic tours, one not.
    for (code, name, available) in [("EX-1", "张问诊", true), ("EX-2", "李未约", false)] {
        let mut attrs = serde_json::Map::new();
        attrs.insert("clinic_available".into(), serde_json::Value::Bool(available));
        app.test_db
            .db
            .upsert_record(
                &Actor::system(),
                "expert",
                code,
                kechuang_registry::store::records::RecordFields {
                    name: name.into(),
                    region_id: r.county,
                    area: "local".into(),
                    chain_tags: vec!["新一代信息技术".into()],
                    attrs,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
    }
    let owner = app.user("owner", Role::EnterpriseUser, r.county).await;
    let (c, owner_csrf) = app.session(&owner).await;
    let resp = c
        .get(app.url(&format!("/cultivation/clinic/{ENTERPRISE_CODE}")))
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let html = resp.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("科技创新体检报告"), "{html}");
    assert!(html.contains(r#"data-testid="clinic-hte""#), "the HTE table is there");
    assert!(
        html.contains("数据达标，待补充材料与专家评价"),
        "figures pass, answers pending"
    );
    assert!(html.contains("研发费用占比 6.00%"), "a strength with its figure");
    assert!(html.contains(r#"data-testid="clinic-trend""#));
    assert!(
        html.contains(&format!(r#"data-testid="tier-{last_year}">高新技术企业"#)),
        "certified during last year: {html}"
    );
    assert!(
        html.contains(&format!(r#"data-testid="tier-{}">未入梯次"#, last_year - 2)),
        "not yet two years before"
    );
    let suggested = &html[html.find(r#"data-testid="clinic-suggestions""#).unwrap()..];
    assert!(
        suggested.contains("张问诊") && !suggested.contains("李未约"),
        "{suggested}"
    );
    let resp = c
        .get(app.url(&format!("/cultivation/clinic/{other}")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND, "only its own report");
    // The owner answers what the figures cannot tell: those conditions are
    // decided now, only the experts' grades remain a range.
    assert!(html.contains("属于国家重点支持的高新技术领域</td><td>待确认"));
    let resp = c
        .post(app.url(&format!("/cultivation/clinic/{ENTERPRISE_CODE}/answers")))
        .form(&[
            ("_csrf", owner_csrf.as_str()),
            ("field_in_catalogue", "yes"),
            ("commercializations_3y", "9"),
            ("rd", "answered"),
            ("rd_system", "on"),
            ("rd_institution", "on"),
            ("major_violation_last_year", "no"),
            ("standards_participation", "no"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let answered = page(&c, &app.url(&format!("/cultivation/clinic/{ENTERPRISE_CODE}"))).await;
    assert!(
        answered.contains("属于国家重点支持的高新技术领域</td><td>符合"),
        "{answered}"
    );
    assert!(answered.contains("近一年无重大安全、质量事故或严重环境违法</td><td>符合"));
    let bad = c
        .post(app.url(&format!("/cultivation/clinic/{ENTERPRISE_CODE}/answers")))
        .form(&[("_csrf", owner_csrf.as_str()), ("commercializations_3y", "很多")])
        .send()
        .await
        .unwrap();
    assert!(bad.status().is_client_error(), "{}", bad.status());
    let batch = page(&c, &app.url("/cultivation/clinic")).await;
    assert_eq!(batch.matches(r#"data-testid="clinic-report""#).count(), 1);

    let officer = app.user("officer", Role::CountyOfficer, r.county).await;
    let (c, _) = app.session(&officer).await;
    let batch = page(&c, &app.url("/cultivation/clinic")).await;
    assert!(batch.contains(&format!(r#"data-code="{ENTERPRISE_CODE}""#)));
    assert!(
        !batch.contains(&format!(r#"data-code="{other}""#)),
        "another city's firm stays out"
    );
    let resp = c
        .get(app.url(&format!("/cultivation/clinic/{other}")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);

    let baoding = app.user("bdstaff", Role::BureauStaff, r.other_city).await;
    let (c, _) = app.session(&baoding).await;
    let batch = page(
        &c,
        &app.url(&format!("/cultivation/clinic?region_id={}", r.other_county)),
    )
    .await;
    assert!(batch.contains(&format!(r#"data-code="{other}""#)));
    assert!(!batch.contains(ENTERPRISE_CODE));

    for role in [Role::BankViewer, Role::Expert, Role::InstitutionUser] {
        let u = app
            .user(&format!("x{}", role.as_str().replace('_', "")), role, r.county)
            .await;
        let (c, _) = app.session(&u).await;
        let resp = c.get(app.url("/cultivation/clinic")).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{role:?}");
    }
}

/// Firm A passes the tech-SME evaluation on last year's figures and holds
/// no registration: it is on the 应评尽评 list; its HTE certificate runs out
/// in 100 days: reminded. Firm B is registered and has renewed: neither.
async fn pipeline_reminds_and_lists_firms_to_evaluate(app: TestApp) {
    let r = &app.regions;
    app.registry_fixture().await;
    let a = ENTERPRISE_CODE.to_owned();
    let b = test_code(11);
    firm(&app, &a, "廊坊甲科技有限公司", r.county).await;
    firm(&app, &b, "廊坊乙科技有限公司", r.county).await;
    let today = kechuang_kernel::clock::today();
    let days = |n: i64| today + chrono::Duration::days(n);
    certify(
        &app,
        &a,
        CertificateKind::HighTechEnterprise,
        "GR-A-1",
        days(-995),
        days(100),
    )
    .await;
    certify(
        &app,
        &b,
        CertificateKind::HighTechEnterprise,
        "GR-B-1",
        days(-995),
        days(100),
    )
    .await;
    certify(
        &app,
        &b,
        CertificateKind::HighTechEnterprise,
        "GR-B-2",
        days(-5),
        days(1090),
    )
    .await;
    certify(&app, &b, CertificateKind::TechSme, "TS-B-1", days(-30), days(300)).await;

    let officer = app.user("officer", Role::CountyOfficer, r.county).await;
    let (c, _) = app.session(&officer).await;
    let resp = c.get(app.url("/cultivation/pipeline")).send().await.unwrap();
    let status = resp.status();
    let html = resp.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{html}");
    let section = |id: &str| {
        let start = html.find(&format!(r#"data-testid="{id}""#)).unwrap();
        let end = html[start..].find("</table>").unwrap() + start;
        html[start..end].to_owned()
    };
    let expiring = section("pipeline-expiring");
    assert!(expiring.contains("GR-A-1"), "{expiring}");
    assert!(!expiring.contains("GR-B-"), "B has renewed: {expiring}");
    let should = section("pipeline-should-apply");
    assert!(should.contains(&format!(r#"data-code="{a}""#)), "{should}");
    assert!(
        !should.contains(&format!(r#"data-code="{b}""#)),
        "B is registered: {should}"
    );
    let tiers = section("pipeline-tiers");
    assert!(tiers.contains("高新技术企业"), "{tiers}");

    let baoding = app.user("bdstaff", Role::BureauStaff, r.other_city).await;
    let (c, _) = app.session(&baoding).await;
    let html = page(&c, &app.url("/cultivation/pipeline")).await;
    assert!(
        !html.contains("GR-A-1") && !html.contains(&a),
        "another city sees none of it"
    );
    let owner = app.user("owner", Role::EnterpriseUser, r.county).await;
    let (c, _) = app.session(&owner).await;
    let resp = c.get(app.url("/cultivation/pipeline")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
}
