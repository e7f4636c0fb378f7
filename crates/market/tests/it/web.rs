//! The technology market through HTTP on both backends: an enterprise posts
//! a demand and sees explained matches, marks one useful; staff push the
//! demand to an institution whose users see it; the achievement review
//! cycle; the API's matches, filters, script equivalence and errors;
//! notifications when a matching achievement is published.

use crate::harness::{TestApp, page};
use kechuang_kernel::audit::Actor;
use kechuang_kernel::role::Role;
use kechuang_market::store::prelude::*;
use kechuang_market::testing::{achievement, demand, wait_indexed};
use kechuang_registry::store::records::RecordFields;

kechuang_kernel::both_backends!(crate::harness::app =>
    enterprise_posts_a_demand_and_judges_matches,
    staff_push_demands_to_an_institution,
    achievements_go_through_review,
    api_matches_filter_and_explain,
    publishing_a_match_notifies_the_demand_owner,
    contracts_register_review_and_add_up,
);

async fn odour_supply(app: &TestApp) -> (i64, i64) {
    let a = achievement(
        app,
        [
            "生物滤池除臭技术",
            "除臭;硫化氢",
            "污水处理厂恶臭气体生物净化，硫化氢去除率95%",
            "environment",
            "industrialised",
            "",
        ],
    )
    .await;
    let b = achievement(
        app,
        [
            "锂电池湿法回收",
            "锂电池;回收",
            "废旧锂电池钴镍回收",
            "new_energy",
            "pilot",
            "",
        ],
    )
    .await;
    wait_indexed(app, "除臭 锂电池", 2).await;
    (a, b)
}

async fn enterprise_posts_a_demand_and_judges_matches(app: TestApp) {
    let (odour, _) = odour_supply(&app).await;
    let firm = app.user("firm1", Role::EnterpriseUser, app.regions.city).await;
    let (client, csrf) = app.session(&firm).await;
    let resp = client
        .post(app.url("/market/demands"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("title", "污水站臭味治理"),
            ("description", "我司污水站硫化氢臭味大，周边投诉多"),
            ("field", "environment"),
            ("budget_min", "10万"),
            ("budget_max", "30万"),
            ("action", "publish"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let location = resp.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/market/demands/"), "{location}");
    let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let html = page(&client, &app.url(&location)).await;
    assert!(html.contains("生物滤池除臭技术"), "the matching achievement is listed");
    assert!(!html.contains("锂电池湿法回收"), "an unrelated one is not");
    assert!(
        html.contains("<mark>硫化氢</mark>") && html.contains("同一技术领域"),
        "explained"
    );
    assert!(html.contains("10 – 30万元"), "budget shown");

    let resp = client
        .post(app.url("/market/feedback"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("from_kind", "demand"),
            ("from_id", &id.to_string()),
            ("to_kind", "achievement"),
            ("to_id", &odour.to_string()),
            ("rank", "1"),
            ("useful", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let html = page(&client, &app.url(&location)).await;
    assert!(html.contains("data-testid=\"verdict\">有用"), "the verdict shows");
    let fb = app.db.feedback_of("firm1", "demand", id).await.unwrap();
    assert_eq!((fb[0].to_id, fb[0].useful, fb[0].rank), (odour, true, Some(1)));
    let staff = app.user("staff1", Role::BureauStaff, app.regions.city).await;
    let (sc, _) = app.session(&staff).await;
    let review = page(&sc, &app.url("/market/review")).await;
    assert!(
        review.contains("匹配反馈统计") && review.contains("<td>相关</td><td>1</td>"),
        "counted for reporting"
    );

    // the demand is the firm's own, linked by its credit code
    let d = app.db.demand(id).await.unwrap();
    assert_eq!(d.enterprise_code, "91130100MA07L3KP8X");
    // bad input names the field and writes nothing
    let resp = client
        .post(app.url("/market/demands"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("title", "x"),
            ("budget_min", "很多"),
            ("action", "publish"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422);
    assert!(resp.text().await.unwrap().contains("budget_min"));
}

async fn staff_push_demands_to_an_institution(app: TestApp) {
    let sys = Actor::system();
    let (inst, _) = app
        .db
        .upsert_record(
            &sys,
            "institution",
            "INST-1",
            RecordFields {
                name: "河北工业大学".into(),
                region_id: app.regions.city,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(inst.id, 1, "test institution users are bound to record 1");
    let d = demand(&app, "高强铝合金压铸气孔", "压铸件气孔多", "new_materials").await;
    let tto = app.user("tto1", Role::InstitutionUser, app.regions.city).await;
    let staff = app.user("staff1", Role::BureauStaff, app.regions.city).await;
    let (client, csrf) = app.session(&staff).await;
    let html = page(&client, &app.url("/market/push")).await;
    assert!(html.contains("高强铝合金压铸气孔") && html.contains("河北工业大学"));
    let resp = client
        .post(app.url("/market/push"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("demand", &d.to_string()),
            ("institution", &inst.id.to_string()),
            ("note", "请组织对接"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    assert!(resp.headers()["location"].to_str().unwrap().ends_with("pushed=1"));

    let (c2, _) = app.session(&tto).await;
    let html = page(&c2, &app.url("/market/pushed")).await;
    assert!(html.contains("高强铝合金压铸气孔") && html.contains("请组织对接"));
    let inbox = page(&c2, &app.url("/inbox")).await;
    assert!(inbox.contains("科技局推送了企业需求"), "{inbox}");
    // someone else's institution list stays empty; firms cannot push
    let firm = app.user("firm1", Role::EnterpriseUser, app.regions.city).await;
    let (c3, csrf3) = app.session(&firm).await;
    let resp = c3
        .post(app.url("/market/push"))
        .form(&[
            ("_csrf", csrf3.as_str()),
            ("demand", &d.to_string()),
            ("institution", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
}

async fn achievements_go_through_review(app: TestApp) {
    let expert = app.user("expert1", Role::Expert, app.regions.city).await;
    let (client, csrf) = app.session(&expert).await;
    let resp = client
        .post(app.url("/market/achievements"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("title", "石墨烯导热膜"),
            ("summary", "手机散热用石墨烯膜，导热系数1500W/mK"),
            ("field", "新材料"),
            ("maturity", "TRL6"),
            ("price_min", "80万"),
            ("action", "submit"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let location = resp.headers()["location"].to_str().unwrap().to_owned();
    let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let a = app.db.achievement(id).await.unwrap();
    assert_eq!(
        (a.status.as_str(), a.maturity.as_str(), a.trl),
        ("under_review", "pilot", Some(6))
    );
    // not public yet
    let anon = reqwest::Client::new();
    assert_eq!(anon.get(app.url(&location)).send().await.unwrap().status(), 404);
    // the author cannot approve it
    let resp = client
        .post(app.url(&format!("{location}/status")))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("to", "published"),
            ("version", &a.version.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);

    let staff = app.user("staff1", Role::BureauStaff, app.regions.city).await;
    let (sc, scsrf) = app.session(&staff).await;
    let queue = page(&sc, &app.url("/market/review")).await;
    assert!(queue.contains("石墨烯导热膜"));
    let resp = sc
        .post(app.url(&format!("{location}/status")))
        .form(&[
            ("_csrf", scsrf.as_str()),
            ("to", "draft"),
            ("version", &a.version.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422, "returning needs a reason");
    // a form without its version, or with a status that does not exist, is
    // refused naming the field, not taken as version 0 (a conflict)
    for (form, field) in [
        (vec![("_csrf", scsrf.as_str()), ("to", "published")], "version"),
        (
            vec![("_csrf", scsrf.as_str()), ("to", "approved"), ("version", "1")],
            "to",
        ),
    ] {
        let resp = sc
            .post(app.url(&format!("{location}/status")))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 422, "{field}");
        let body = resp.text().await.unwrap();
        assert!(body.contains(&format!("{field}：")), "{field}: {body}");
    }
    let resp = sc
        .post(app.url(&format!("{location}/status")))
        .form(&[
            ("_csrf", scsrf.as_str()),
            ("to", "published"),
            ("version", &a.version.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    assert_eq!(
        anon.get(app.url(&location)).send().await.unwrap().status(),
        200,
        "public once published"
    );
    wait_indexed(&app, "石墨烯散热", 1).await;
    let audit = app
        .db
        .audit_entries(
            None,
            &kechuang_kernel::audit::AuditFilter {
                entity: Some("achievement".into()),
                entity_id: Some(id.to_string()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(audit.len(), 2, "created and published, each audited");
}

async fn api_matches_filter_and_explain(app: TestApp) {
    let (odour, battery) = odour_supply(&app).await;
    let pilot = achievement(
        &app,
        [
            "污水站臭气等离子体处理装置",
            "臭气;等离子体",
            "小型污水站臭气处理",
            "environment",
            "pilot",
            "",
        ],
    )
    .await;
    wait_indexed(&app, "臭气", 1).await;
    let client = reqwest::Client::new();
    let get = |q: Vec<(&'static str, String)>| {
        let client = client.clone();
        let url = app.url("/api/v1/market/match");
        async move { client.get(url).query(&q).send().await.unwrap() }
    };
    let found: Vec<serde_json::Value> = get(vec![("text", "汙水站臭味 硫化氫".into())])
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<i64> = found.iter().map(|m| m["id"].as_i64().unwrap()).collect();
    assert_eq!(ids[0], odour, "Traditional text finds Simplified items: {found:?}");
    assert!(ids.contains(&pilot) && !ids.contains(&battery));
    assert!(
        found[0]["matched_terms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "硫化氢")
    );
    let found: Vec<serde_json::Value> = get(vec![
        ("text", "污水站臭气".into()),
        ("min_maturity", "small_batch".into()),
    ])
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["id"], odour);
    assert_eq!(get(vec![("text", "  ".into())]).await.status(), 422);
    assert_eq!(
        get(vec![("text", "除臭".into()), ("top", "0".into())]).await.status(),
        422
    );

    let d = demand(&app, "污水站臭味处理", "污水站硫化氢臭味大", "environment").await;
    let m: serde_json::Value = client
        .get(app.url(&format!("/api/v1/market/demands/{d}/matches")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<i64> = m["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "{m}");
    assert!(ids.contains(&odour) && ids.contains(&pilot), "{m}");
    assert_eq!(m["matches"][0]["shared_field"], "environment");
    assert_eq!(m["parties"][0]["name"], "某研究院");
    // the demand reaches the index within the follower's poll interval
    let start = std::time::Instant::now();
    loop {
        let m: serde_json::Value = client
            .get(app.url(&format!("/api/v1/market/achievements/{odour}/matches")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if m["matches"][0]["id"] == d {
            break;
        }
        assert!(start.elapsed().as_secs() < 10, "demand {d} not matched: {m}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn publishing_a_match_notifies_the_demand_owner(app: TestApp) {
    let firm = app.user("firm1", Role::EnterpriseUser, app.regions.city).await;
    let (client, csrf) = app.session(&firm).await;
    let resp = client
        .post(app.url("/market/demands"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("title", "污水站硫化氢臭味治理"),
            ("description", "污水处理站硫化氢恶臭气体浓度高，需要生物除臭设备"),
            ("field", "environment"),
            ("action", "publish"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let resp = client
        .post(app.url("/market/saved"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("kind", "achievement"),
            ("text", "锂电池 回收"),
            ("name", "锂电回收"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let home = page(&client, &app.url("/market")).await;
    assert!(
        home.contains("data-testid=\"saved-searches\"") && home.contains("text=%E9%94%82"),
        "the saved search is listed with its query in the link: {home}"
    );
    achievement(
        &app,
        [
            "生物滤池除臭设备",
            "除臭;硫化氢",
            "污水处理站恶臭气体生物净化，硫化氢去除率95%",
            "environment",
            "industrialised",
            "",
        ],
    )
    .await;
    achievement(
        &app,
        [
            "退役锂电池回收利用",
            "锂电池;回收",
            "储能梯次利用",
            "new_energy",
            "pilot",
            "",
        ],
    )
    .await;
    wait_indexed(&app, "除臭 锂电池", 2).await;
    let start = std::time::Instant::now();
    loop {
        let html = page(&client, &app.url("/inbox")).await;
        if html.contains("生物滤池除臭设备") && html.contains("订阅“锂电回收”有新内容") {
            break;
        }
        assert!(start.elapsed().as_secs() < 10, "no notifications: {html}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn contracts_register_review_and_add_up(app: TestApp) {
    kechuang_market::testing::contract(&app, "C-1", "北京某大学", "京津", "300万").await;
    kechuang_market::testing::contract(&app, "C-2", "廊坊某公司", "本地", "100万").await;
    let county = app.user("county1", Role::CountyOfficer, app.regions.county).await;
    let (client, csrf) = app.session(&county).await;
    let resp = client
        .post(app.url("/market/contracts"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("number", "C-1"),
            ("kind", "transfer"),
            ("buyer_name", "廊坊测试科技有限公司"),
            ("seller_name", "天津某研究院"),
            ("seller_area", "beijing_tianjin"),
            ("amount", "100万"),
            ("signed_on", "2025-06-01"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let location = resp.headers()["location"].to_str().unwrap().to_owned();
    let html = page(&client, &app.url(&location)).await;
    assert!(
        html.contains("合同编号重复") && html.contains("待核查"),
        "flagged: {html}"
    );
    let bad = client
        .post(app.url("/market/contracts"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("number", "C-9"),
            ("kind", "transfer"),
            ("buyer_name", "a"),
            ("seller_name", "b"),
            ("amount", "-5"),
            ("signed_on", "2025-06-01"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let pending = page(&client, &app.url("/market/contracts?pending=1")).await;
    assert_eq!(
        pending.matches("/market/contracts/").count()
            - pending.matches("/market/contracts/new").count()
            - pending.matches("/market/contracts/stats").count(),
        2,
        "both C-1 registrations await review"
    );

    let staff = app.user("staff1", Role::BureauStaff, app.regions.city).await;
    let (sc, scsrf) = app.session(&staff).await;
    let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let v = app.db.contract(id).await.unwrap().version;
    let resp = sc
        .post(app.url(&format!("/market/contracts/{id}/review")))
        .form(&[
            ("_csrf", scsrf.as_str()),
            ("verdict", "cleared"),
            ("note", "补充协议，另行登记"),
            ("version", &v.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    assert_eq!(app.db.contract(id).await.unwrap().review, "cleared");

    let stats: serde_json::Value = app
        .db
        .contract_stat_rows("/%")
        .await
        .map(|rows| serde_json::to_value(kechuang_market::contract::stats(&rows)).unwrap())
        .unwrap();
    assert_eq!(stats["total"]["contracts"], 3);
    let html = page(&sc, &app.url("/market/contracts/stats")).await;
    assert!(
        html.contains("<svg") && html.contains("80.0%"),
        "charts and the Beijing-Tianjin share (400 of 500万)"
    );
    let token = app.token(&staff).await;
    let api: serde_json::Value = reqwest::Client::new()
        .get(app.url("/api/v1/market/contracts/stats"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api["beijing_tianjin_share_permille"], 800);
    // exports: contracts for staff only; achievements re-import cleanly
    let csv = sc
        .get(app.url("/market/export?kind=contracts&format=csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    let text = csv.text().await.unwrap();
    assert!(text.contains("合同编号") && text.contains("C-1"), "{text}");
    let firm = app.user("firm1", Role::EnterpriseUser, app.regions.city).await;
    let (fc, _) = app.session(&firm).await;
    assert_eq!(
        fc.get(app.url("/market/export?kind=contracts"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    kechuang_market::testing::fixture(&app).await;
    let xlsx = fc
        .get(app.url("/market/export?kind=achievements&format=xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), 200);
    let bytes = xlsx.bytes().await.unwrap();
    let sheet = kechuang_market::sheet::read_achievements("a.xlsx", &bytes).unwrap();
    assert_eq!(sheet.rows[0].1.title, "生物滤池除臭技术");
    assert_eq!(sheet.rows[0].1.field, "environment");
    assert_eq!(api["by_year"]["2025"]["tech_amount_fen"], 100_000_000);
}
