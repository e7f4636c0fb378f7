//! Credit files through HTTP on both backends: staff put an enterprise on the
//! blacklist, its account can no longer bid on a 揭榜挂帅 challenge, a county
//! officer sees the record but cannot record one, staff lift the record with
//! a reason and the bid goes through; bad input names its field and writes
//! nothing; every change is audited; the list pages through every record.

use crate::harness::{TestApp, page};
use kechuang_kernel::audit::AuditFilter;
use kechuang_kernel::role::Role;
use kechuang_market::store::prelude::*;

kechuang_kernel::both_backends!(crate::harness::app => a_blacklisted_enterprise_cannot_bid_until_lifted);

const FIRM_CODE: &str = "91130100MA07L3KP8X";

async fn post(client: &reqwest::Client, url: String, form: &[(&str, &str)]) -> reqwest::Response {
    client.post(url).form(form).send().await.unwrap()
}

fn bid<'a>(csrf: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("_csrf", csrf),
        ("team_name", "华晨新材料攻关组"),
        ("team_kind", "enterprise"),
        (
            "proposal",
            "采用耐盐碱微生物菌剂与暗管排盐相结合的改良路线，三年内完成千亩示范",
        ),
        ("budget", "150万"),
        ("months", "24"),
    ]
}

async fn a_blacklisted_enterprise_cannot_bid_until_lifted(app: TestApp) {
    let challenge = kechuang_market::testing::open_challenge(&app).await;
    let staff = app.user("staff1", Role::BureauStaff, app.regions.city).await;
    let (sc, scsrf) = app.session(&staff).await;
    let today = kechuang_market::testing::today().to_string();
    let record = |code: &'static str| {
        vec![
            ("_csrf", scsrf.clone()),
            ("subject_kind", "enterprise".to_owned()),
            ("subject_name", "廊坊华晨新材料有限公司".to_owned()),
            ("subject_code", code.to_owned()),
            ("kind", "blacklist".to_owned()),
            ("reason", "揭榜挂帅项目验收中伪造检测报告".to_owned()),
            ("basis", "市科技局验收意见".to_owned()),
            ("decided_on", today.clone()),
        ]
    };
    // a bad credit code is refused, naming the field, and nothing is written
    let bad = sc
        .post(app.url("/credit"))
        .form(&record("91130100MA07L3KP8Y"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("subject_code"));
    assert!(!page(&sc, &app.url("/credit")).await.contains("廊坊华晨新材料有限公司"));
    let resp = sc
        .post(app.url("/credit"))
        .form(&record(FIRM_CODE))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let location = resp.headers()["location"].to_str().unwrap().to_owned();
    let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let html = page(&sc, &app.url(&location)).await;
    assert!(html.contains("黑名单") && html.contains("有效"), "{html}");

    // the firm's account is refused, with the reason
    let firm = app.user("firm1", Role::EnterpriseUser, app.regions.city).await;
    let (fc, fcsrf) = app.session(&firm).await;
    let bids = app.url(&format!("/market/challenges/{challenge}/bids"));
    let refused = post(&fc, bids.clone(), &bid(&fcsrf)).await;
    assert_eq!(refused.status(), 422);
    let text = refused.text().await.unwrap();
    assert!(text.contains("黑名单") && text.contains("伪造检测报告"), "{text}");
    assert!(app.db.bids_of(challenge).await.unwrap().is_empty(), "nothing written");

    // a county officer sees the file but does not record in it
    let officer = app.user("county1", Role::CountyOfficer, app.regions.county).await;
    let (oc, ocsrf) = app.session(&officer).await;
    let mut form = record(FIRM_CODE);
    form[0].1 = ocsrf.clone();
    assert_eq!(
        oc.post(app.url("/credit")).form(&form).send().await.unwrap().status(),
        403
    );
    assert!(
        page(&oc, &app.url("/credit")).await.contains(&format!("/credit/{id}")),
        "the city's blacklist is visible in its counties"
    );
    let listed = page(&sc, &app.url("/credit?kind=blacklist&in_force=1&q=華晨")).await;
    assert!(
        listed.contains(&format!("/credit/{id}")),
        "found by a Traditional part of the name"
    );

    // lifting needs a reason; then the bid goes through
    let v = app.db.credit_record(id).await.unwrap().version.to_string();
    let short = post(
        &sc,
        app.url(&format!("/credit/{id}/lift")),
        &[("_csrf", &scsrf), ("reason", "已整改"), ("version", &v)],
    )
    .await;
    assert_eq!(short.status(), 422);
    let lifted = post(
        &sc,
        app.url(&format!("/credit/{id}/lift")),
        &[
            ("_csrf", &scsrf),
            ("reason", "已完成整改并通过复核，准予信用修复"),
            ("version", &v),
        ],
    )
    .await;
    assert_eq!(lifted.status(), 303);
    assert!(page(&sc, &app.url(&location)).await.contains("已撤销"));
    assert!(
        !page(&sc, &app.url("/credit?in_force=1"))
            .await
            .contains(&format!("/credit/{id}")),
        "a lifted record is not in force"
    );
    assert_eq!(post(&fc, bids, &bid(&fcsrf)).await.status(), 303);

    let audit = app
        .db
        .audit_entries(
            None,
            &AuditFilter {
                entity: Some("credit_record".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let actions: Vec<_> = audit
        .iter()
        .map(|a| (a.action.as_str(), a.actor_name.as_str()))
        .collect();
    assert_eq!(actions, [("update", "staff1"), ("create", "staff1")]);
}
