//! Plans and supervision over a real server on both backends: parsing an
//! uploaded document, publishing with optimistic concurrency, progress
//! reports with scope rules and roll-up, task updates by lead units, county
//! assessment scores, and backup of the plan tables.

use crate::harness::Fixtures;

use crate::harness::TestApp;
use kechuang_kernel::audit::{Actor, AuditFilter};
use kechuang_kernel::role::Role;
use kechuang_plans::store::TargetFields;
use kechuang_plans::store::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

kechuang_kernel::both_backends!(crate::harness::app =>
    upload_publish_and_board,
    progress_reports_follow_scope_and_roll_up,
    corrections_are_versioned_and_audited,
    tasks_are_updated_by_their_lead_units,
    county_assessment_scores_and_ranks,
    plans_survive_backup_and_restore,
    incentives_are_added_with_money_in_fen,
);

const SEED_002: &str = include_str!("../fixtures/seeds/002_2c1d7a2fca281c92.txt");

async fn staff_token(app: &TestApp, unit: Option<&str>) -> (reqwest::Client, String) {
    let u = app.user("planner", Role::BureauStaff, app.regions.city).await;
    if let Some(unit) = unit {
        let patch = kechuang_kernel::users::UserPatch {
            unit: Some(Some(unit.into())),
            ..Default::default()
        };
        app.db
            .update_user(&Actor::system(), u.id, u.version, patch)
            .await
            .unwrap();
    }
    (crate::harness::client(None), app.token(&u).await)
}

async fn upload_publish_and_board(app: TestApp) {
    let (c, token) = staff_token(&app, None).await;
    let resp = c
        .post(app.url("/api/v1/plans"))
        .bearer_auth(&token)
        .json(&json!({"region_id": app.regions.city, "file_name": "002.txt", "text": SEED_002}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let plan: Value = resp.json().await.unwrap();
    let id = plan["id"].as_i64().unwrap();
    assert_eq!(plan["status"], "draft");
    assert_eq!(plan["period_end"], 2020);
    let detail: Value = c
        .get(app.url(&format!("/api/v1/plans/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let targets = detail["targets"].as_array().unwrap();
    assert!(targets.len() >= 15, "{}", targets.len());
    assert!(
        targets
            .iter()
            .any(|t| t["indicator"].as_str().unwrap().contains("高新技术企业") && t["unit"] == "家")
    );
    // seed 002 names only 责任单位: they are kept as the responsible units
    let with_units = detail["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["responsible_units"].as_array().is_some_and(|l| !l.is_empty()))
        .count();
    assert!(with_units >= 25, "{with_units}");
    // publish needs the current version
    let publish = |version: i64| {
        c.post(app.url(&format!("/api/v1/plans/{id}/publish")))
            .bearer_auth(&token)
            .json(&json!({"version": version}))
            .send()
    };
    let stale = publish(0).await.unwrap();
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let ok = publish(1).await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let again = publish(2).await.unwrap();
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // the board page and the exports render
    let (browser, _) = app
        .session(&app.db.user_for_login("planner").await.unwrap().unwrap().0)
        .await;
    let board = browser.get(app.url(&format!("/plans/{id}"))).send().await.unwrap();
    assert_eq!(board.status(), StatusCode::OK);
    assert!(board.text().await.unwrap().contains("board-targets"));
    let xlsx = browser
        .get(app.url(&format!("/plans/{id}/export")))
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert_eq!(&xlsx.bytes().await.unwrap()[..2], b"PK");
    let print = browser
        .get(app.url(&format!("/plans/{id}/print")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(print.contains("<svg"), "progress bars are inline SVG");
    // an empty upload is refused with the field named
    let bad = c
        .post(app.url("/api/v1/plans"))
        .bearer_auth(&token)
        .json(&json!({"region_id": app.regions.city, "file_name": "x.txt", "text": "  "}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json::<Value>().await.unwrap()["field"], "text");
}

async fn progress_reports_follow_scope_and_roll_up(app: TestApp) {
    let fx = app.plan_fixture().await;
    let second = second_county(&app).await;
    let officer = app.user("guan.officer", Role::CountyOfficer, app.regions.county).await;
    let token = app.token(&officer).await;
    let c = crate::harness::client(None);
    let url = app.url(&format!("/api/v1/plans/{}/targets/{}/reports", fx.plan, fx.target));
    let report = |region: i64, value: f64| {
        c.post(&url)
            .bearer_auth(&token)
            .json(&json!({"region_id": region, "value": value, "reported_on": "2025-12-31", "source": "县统计"}))
            .send()
    };
    assert_eq!(
        report(app.regions.county, 380.0).await.unwrap().status(),
        StatusCode::CREATED
    );
    // not for the neighbouring county, not for the city, not for another city
    assert_eq!(report(second.id, 10.0).await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(
        report(app.regions.city, 10.0).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        report(app.regions.other_county, 10.0).await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // a bad date names the field
    let bad = c
        .post(&url)
        .bearer_auth(&token)
        .json(&json!({"region_id": app.regions.county, "value": 1, "reported_on": "31/12/2025"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.json::<Value>().await.unwrap()["field"], "reported_on");
    // city staff report for the other county; the city figure is the sum of the latest county reports
    let (sc, st) = staff_token(&app, None).await;
    let r = sc
        .post(&url)
        .bearer_auth(&st)
        .json(&json!({"region_id": second.id, "value": 120, "reported_on": "2025-12-31"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let detail: Value = sc
        .get(app.url(&format!("/api/v1/plans/{}", fx.plan)))
        .bearer_auth(&st)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let t = &detail["targets"][0];
    assert_eq!(t["current"], 500.0, "380 (replacing the fixture's 320) + 120: {t}");
    assert_eq!(t["counties_reported"], 2);
    assert!(["on_track", "at_risk", "behind", "achieved"].contains(&t["status"].as_str().unwrap()));
    assert!(!t["explanation"].as_str().unwrap().is_empty());
    // the county officer's board view only holds what it may see
    let mine: Value = c
        .get(app.url(&format!("/api/v1/plans/{}", fx.plan)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let regions: Vec<&str> = mine["targets"][0]["by_region"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["region"].as_str().unwrap())
        .collect();
    assert_eq!(regions, ["固安县"]);
}

async fn corrections_are_versioned_and_audited(app: TestApp) {
    let fx = app.plan_fixture().await;
    let staff = app.user("corrector", Role::BureauStaff, app.regions.city).await;
    let actor = Actor::new(staff.principal(), None);
    let t = app.db.plan_target(fx.target).await.unwrap();
    let fields = TargetFields {
        target_e4: 650 * 10_000,
        ..t.fields()
    };
    let updated = app
        .db
        .update_target(&actor, t.id, t.version, fields.clone())
        .await
        .unwrap();
    assert_eq!(updated.version, t.version + 1);
    let stale = app.db.update_target(&actor, t.id, t.version, fields.clone()).await;
    assert!(
        matches!(stale, Err(kechuang_kernel::StoreError::Conflict { .. })),
        "{stale:?}"
    );
    let bad = app
        .db
        .update_target(
            &actor,
            t.id,
            updated.version,
            TargetFields {
                kind: "nonsense".into(),
                ..fields
            },
        )
        .await;
    assert!(matches!(
        bad,
        Err(kechuang_kernel::StoreError::Invalid { field: "kind", .. })
    ));
    let log = app
        .db
        .audit_entries(
            None,
            &AuditFilter {
                entity: Some("plan_target".into()),
                entity_id: Some(t.id.to_string()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    assert!(log[0].before_json.as_deref().unwrap().contains("6000000"));
    assert!(log[0].after_json.as_deref().unwrap().contains("6500000"));
    // a county officer cannot correct the city's plan
    let officer = app.user("officer", Role::CountyOfficer, app.regions.county).await;
    let denied = app
        .db
        .update_target(
            &Actor::new(officer.principal(), None),
            t.id,
            updated.version,
            updated.fields(),
        )
        .await;
    assert!(matches!(denied, Err(kechuang_kernel::StoreError::Forbidden)));
}

async fn tasks_are_updated_by_their_lead_units(app: TestApp) {
    let fx = app.plan_fixture().await;
    let post_update = |client: reqwest::Client, csrf: String, status: &'static str, evidence: &'static str| {
        let url = app.url(&format!("/plans/{}/tasks/{}/updates", fx.plan, fx.task));
        async move {
            // the token as the first field, as the page's form sends it
            let form = reqwest::multipart::Form::new()
                .text("_csrf", csrf)
                .text("status", status)
                .text("evidence", evidence);
            client.post(url).multipart(form).send().await.unwrap()
        }
    };
    // 市发改委 does not lead this task
    let other = app.user("ndrc", Role::BureauStaff, app.regions.city).await;
    let patch = kechuang_kernel::users::UserPatch {
        unit: Some(Some("市发改委".into())),
        ..Default::default()
    };
    let other = app
        .db
        .update_user(&Actor::system(), other.id, other.version, patch)
        .await
        .unwrap();
    let (c, csrf) = app.session(&other).await;
    assert_eq!(
        post_update(c, csrf, "in_progress", "").await.status(),
        StatusCode::FORBIDDEN
    );
    // 市科技局 does; completing needs evidence
    let sti = app.user("sti", Role::BureauStaff, app.regions.city).await;
    let patch = kechuang_kernel::users::UserPatch {
        unit: Some(Some("市科技局".into())),
        ..Default::default()
    };
    let sti = app
        .db
        .update_user(&Actor::system(), sti.id, sti.version, patch)
        .await
        .unwrap();
    let (c, csrf) = app.session(&sti).await;
    let no_evidence = post_update(c.clone(), csrf.clone(), "completed", "").await;
    assert_eq!(no_evidence.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_evidence.text().await.unwrap().contains("佐证"));
    let ok = post_update(c.clone(), csrf.clone(), "completed", "已认定高企120家，见附件名单").await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.db.plan_task(fx.task).await.unwrap().status, "completed");
    let updates = app.db.task_updates(fx.task).await.unwrap();
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0].created_by_name.as_deref(), Some("sti"));
}

async fn county_assessment_scores_and_ranks(app: TestApp) {
    let fx = app.plan_fixture().await;
    let staff = app.user("assessor", Role::BureauStaff, app.regions.city).await;
    let actor = Actor::new(staff.principal(), None);
    let second = second_county(&app).await;
    let a = app
        .db
        .assessment(
            &kechuang_kernel::scope::Scope::of(&kechuang_kernel::region::RegionPath::from_stored("/130000/".into())),
            fx.assessment,
        )
        .await
        .unwrap();
    let fields = kechuang_plans::store::AssessmentFields {
        name: a.name.clone(),
        year: a.year,
        indicators: r#"[{"key":"new_hte","label":"新增高企","weight":60,"higher_is_better":true},{"key":"rd","label":"研发强度","weight":40,"higher_is_better":true}]"#.into(),
        values_json: serde_json::to_string(&json!({
            format!("{}:new_hte", app.regions.county): 30, format!("{}:rd", app.regions.county): 1.5,
            format!("{}:new_hte", second.id): 10, format!("{}:rd", second.id): 2.5,
        }))
        .unwrap(),
    };
    app.db.update_assessment(&actor, a.id, a.version, fields).await.unwrap();
    let token = app.token(&staff).await;
    let scores: Vec<Value> = crate::harness::client(None)
        .get(app.url(&format!("/api/v1/assessments/{}/scores", a.id)))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(scores.len(), 2);
    assert_eq!(
        (scores[0]["county"].as_str(), scores[0]["total"].as_f64()),
        (Some("固安县"), Some(60.0))
    );
    assert_eq!(
        (scores[1]["county"].as_str(), scores[1]["total"].as_f64()),
        (Some("永清县"), Some(40.0))
    );
    assert_eq!(scores[0]["rank"], 1);
    // weights must add up to 100: the UI refuses and stores nothing
    let (c, csrf) = app.session(&staff).await;
    let current = app
        .db
        .assessment(
            &kechuang_kernel::scope::Scope::of(&kechuang_kernel::region::RegionPath::from_stored("/130000/".into())),
            a.id,
        )
        .await
        .unwrap();
    let resp = c
        .post(app.url(&format!("/assessments/{}", a.id)))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("version", &current.version.to_string()),
            ("w_new_hte", "70"),
            ("w_rd", "40"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.text().await.unwrap().contains("100"));
    let xlsx = c
        .get(app.url(&format!("/assessments/{}/export", a.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(&xlsx.bytes().await.unwrap()[..2], b"PK");
}

async fn plans_survive_backup_and_restore(app: TestApp) {
    let fx = app.plan_fixture().await;
    let mut buf = Vec::new();
    let counts = app.db.backup(&mut buf, kechuang_plans::schema::SCHEMAS).await.unwrap();
    assert_eq!(counts["plans"], 1);
    assert_eq!(counts["progress_reports"], 1);
    let target = crate::harness::db("sqlite").await;
    target
        .db
        .restore(&mut buf.as_slice(), kechuang_plans::schema::SCHEMAS)
        .await
        .unwrap();
    assert_eq!(
        target.db.plan_targets(fx.plan).await.unwrap(),
        app.db.plan_targets(fx.plan).await.unwrap()
    );
    assert_eq!(
        target.db.progress_attachment(fx.report).await.unwrap().map(|a| a.1),
        Some(b"evidence".to_vec())
    );
}

async fn incentives_are_added_with_money_in_fen(app: TestApp) {
    let fx = app.plan_fixture().await;
    let staff = app.user("clerk", Role::BureauStaff, app.regions.city).await;
    let (c, csrf) = app.session(&staff).await;
    let url = app.url(&format!("/plans/{}/items/incentives", fx.plan));
    let ok = c
        .post(&url)
        .form(&[
            ("_csrf", csrf.as_str()),
            ("beneficiary", "新认定的高新技术企业"),
            ("amount", "20万"),
            ("cap", "1,000,000.50"),
            ("cost_share", "市级、县级各50%"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let items = app.db.plan_incentives(fx.plan).await.unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(
        (items[0].amount_fen, items[0].cap_fen),
        (Some(20_000_000), Some(100_000_050))
    );
    let bad = c
        .post(&url)
        .form(&[("_csrf", csrf.as_str()), ("beneficiary", "x"), ("amount", "二十万")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().await.unwrap().contains("金额格式不正确"));
    assert_eq!(
        app.db.plan_incentives(fx.plan).await.unwrap().len(),
        1,
        "nothing half-written"
    );
}

/// A second county (永清县) of the fixture city.
async fn second_county(app: &TestApp) -> kechuang_kernel::regions::Region {
    let new = kechuang_kernel::regions::NewRegion {
        code: kechuang_kernel::region::DivisionCode::parse("131023").unwrap(),
        name: "永清县".into(),
        name_en: String::new(),
        level: kechuang_kernel::region::RegionLevel::County,
        parent_id: Some(app.regions.city),
    };
    app.db.create_region(&Actor::system(), new).await.unwrap()
}
