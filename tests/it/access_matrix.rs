//! Walks every declared route with every role and checks that the server
//! allows exactly what the access policy says, then checks row-level scope
//! (a county officer of one city trying another city's data).

use crate::common::Fixtures;

use crate::common::TestApp;
use kechuang_kernel::access::allows;
use kechuang_kernel::role::Role;
use reqwest::{Method, StatusCode};

kechuang_kernel::both_backends!(crate::common::app => every_role_against_every_route, county_officer_cannot_reach_another_city);

async fn every_role_against_every_route(app: TestApp) {
    let r = &app.regions;
    // a target account and token to address in `{id}` routes
    let target = app.user("target", Role::Expert, r.county).await;
    let fx = app.plan_fixture().await;
    let reg = app.registry_fixture().await;
    let market = kechuang_market::testing::fixture(&app).await;
    let credit = kechuang_market::testing::blacklist(&app, "team", "某失信团队", "").await;
    let incentives = kechuang_incentives::testing::fixture(&app).await;
    let mut principals = Vec::new();
    for role in Role::ASSIGNABLE {
        let region = if role == Role::CountyOfficer { r.county } else { r.city };
        let user = app
            .user(&format!("u{}", role.as_str().replace('_', "")), role, region)
            .await;
        principals.push((role, Some(user)));
    }
    principals.push((Role::Public, None));
    let mut checked = 0;
    let mut failures = Vec::new();
    for spec in app.site.routes.clone().iter() {
        let registry = spec.path.starts_with("/registry")
            || spec.path.contains("/enterprises")
            || spec.path.contains("/registry/");
        let id = if spec.path.starts_with("/incentives/entitlements/") || spec.path.starts_with("/incentives/mine/") {
            incentives.entitlement
        } else if spec.path.starts_with("/incentives/applications/") {
            incentives.application
        } else if spec.path.starts_with("/incentives/attachments/") {
            incentives.attachment
        } else if spec.path.starts_with("/incentives/batches/") {
            incentives.batch
        } else if spec.path.starts_with("/credit/") {
            credit
        } else if spec.path.contains("/market/challenges/") {
            market.challenge
        } else if spec.path.contains("/market/contracts/") {
            market.contract
        } else if spec.path.contains("/market/achievements/") {
            market.achievement
        } else if spec.path.contains("/market/demands/") {
            market.demand
        } else if spec.path.contains("/imports/") {
            reg.run
        } else if registry {
            reg.record
        } else if spec.path.contains("regions") {
            r.county
        } else if spec.path.contains("/plans") {
            fx.plan
        } else if spec.path.contains("/assessments") {
            fx.assessment
        } else {
            target.id
        };
        let item = if spec.path.contains("/tasks/") {
            fx.task
        } else if spec.path.contains("/reports/") {
            fx.report
        } else {
            fx.target
        };
        let path = spec
            .path
            .replace("{name}", "app.css")
            .replace("{id}", &id.to_string())
            .replace("{kind}", if registry { "platforms" } else { "targets" })
            .replace("{code}", &reg.code)
            .replace("{set}", "panjin-2019")
            .replace("{key}", "hte_held")
            .replace("{file}", "platforms.csv")
            .replace("{dataset}", "platforms")
            .replace("{rule}", "ip-pledge-interest")
            .replace("{item}", &item.to_string());
        let is_api = path.starts_with("/api/v1");
        for (role, user) in &principals {
            // fresh credentials per request: sign-out must not leak into the next
            let (client, csrf, bearer) = match user {
                Some(u) if is_api => (crate::common::client(None), String::new(), Some(app.token(u).await)),
                Some(u) => {
                    let (c, t) = app.session(u).await;
                    (c, t, None)
                }
                None => {
                    let (c, t) = app.anonymous().await;
                    (c, t, None)
                }
            };
            let method = Method::from_bytes(spec.method.as_str().as_bytes()).unwrap();
            let mut req = client.request(method.clone(), app.url(&path));
            if let Some(b) = &bearer {
                req = req.bearer_auth(b);
            }
            if method != Method::GET {
                req = if is_api {
                    req.header("x-csrf-token", &csrf).json(&serde_json::json!({}))
                } else {
                    req.form(&[("_csrf", csrf.as_str())])
                };
            }
            let resp = req.send().await.expect("request");
            let status = resp.status();
            let location = resp
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            let denied = status == StatusCode::FORBIDDEN
                || status == StatusCode::UNAUTHORIZED
                || (status == StatusCode::SEE_OTHER && location.starts_with("/login"));
            let expect_allowed = allows(*role, spec.permission);
            if expect_allowed == denied || status == StatusCode::NOT_FOUND && !path.contains("tokens") {
                failures.push(format!(
                    "{:?} {} {} -> {} (expected {})",
                    role,
                    spec.method,
                    path,
                    status,
                    if expect_allowed { "allow" } else { "deny" }
                ));
            }
            checked += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "access matrix mismatches:\n{}",
        failures.join("\n")
    );
    assert_eq!(checked, app.site.routes.len() * 8);
}

async fn county_officer_cannot_reach_another_city(app: TestApp) {
    let r = &app.regions;
    let langfang = app.user("lf.officer", Role::CountyOfficer, r.county).await;
    let neighbour = app.user("lf.expert", Role::Expert, r.county).await;
    let baoding = app.user("bd.expert", Role::Expert, r.other_county).await;
    let bd_city_user = app.user("bd.staff", Role::BureauStaff, r.other_city).await;
    let token = app.token(&langfang).await;
    let c = crate::common::client(None);
    let get = |path: String| c.get(app.url(&path)).bearer_auth(&token).send();
    assert_eq!(
        get(format!("/api/v1/users/{}", neighbour.id)).await.unwrap().status(),
        StatusCode::OK
    );
    for other in [&baoding, &bd_city_user] {
        let resp = get(format!("/api/v1/users/{}", other.id)).await.unwrap();
        assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{}", other.username);
        let body: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(body["code"], "forbidden");
    }
    let list: serde_json::Value = get("/api/v1/users?limit=100".into())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["lf.expert", "lf.officer"]);
    // the browser page applies the same scope
    let (browser, _) = app.session(&langfang).await;
    let page = browser
        .get(app.url(&format!("/admin/users/{}", baoding.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    assert!(page.text().await.unwrap().contains("无权"));
    // and the county officer cannot change accounts at all, even in its county
    let resp = c
        .patch(app.url(&format!("/api/v1/users/{}", neighbour.id)))
        .bearer_auth(&token)
        .json(&serde_json::json!({"version": 1, "active": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
}
