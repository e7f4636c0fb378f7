//! API behaviour over a real server: optimistic concurrency (409), audit of
//! every change, CSRF, sign-in and its rate limit, error shape, operations
//! endpoints.

use crate::common::{PASSWORD, TestApp};
use kechuang_kernel::role::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

kechuang_kernel::both_backends!(crate::common::app =>
    stale_update_returns_409_and_changes_nothing,
    changes_are_audited_and_the_log_cannot_be_edited,
    csrf_is_required_for_cookie_sessions,
    sign_in_is_rate_limited,
    concurrent_sign_ins_cannot_get_around_the_limit,
    redirects_stay_on_the_site,
    errors_have_one_shape,
    operations_endpoints,
);

async fn admin(app: &TestApp) -> (reqwest::Client, String) {
    let a = app.user("admin", Role::BureauAdmin, app.regions.city).await;
    (crate::common::client(None), app.token(&a).await)
}

async fn stale_update_returns_409_and_changes_nothing(app: TestApp) {
    let (c, token) = admin(&app).await;
    let created: Value = c
        .post(app.url("/api/v1/users"))
        .bearer_auth(&token)
        .json(&json!({"username": "officer", "display_name": "固安县科技局", "role": "county_officer", "region_id": app.regions.county, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["id"].as_i64().expect("id");
    assert_eq!(created["version"], 1);
    let patch = |name: &str, version: i64| {
        c.patch(app.url(&format!("/api/v1/users/{id}")))
            .bearer_auth(&token)
            .json(&json!({"version": version, "display_name": name}))
            .send()
    };
    let first = patch("第一次修改", 1).await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let second = patch("基于旧版本的修改", 1).await.unwrap();
    assert_eq!(second.status(), StatusCode::CONFLICT);
    let body: Value = second.json().await.unwrap();
    assert_eq!(body["code"], "conflict");
    assert!(body["message"].as_str().unwrap().contains("刷新"), "{body}");
    let now: Value = c
        .get(app.url(&format!("/api/v1/users/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(now["display_name"], "第一次修改");
    assert_eq!(now["version"], 2);
}

async fn changes_are_audited_and_the_log_cannot_be_edited(app: TestApp) {
    let (c, token) = admin(&app).await;
    let resp = c
        .post(app.url("/api/v1/regions"))
        .bearer_auth(&token)
        .json(&json!({"code": "131023", "name": "永清县", "level": "county", "parent_id": app.regions.city}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let region: Value = resp.json().await.unwrap();
    let rid = region["id"].as_i64().unwrap();
    let resp = c
        .patch(app.url(&format!("/api/v1/regions/{rid}")))
        .bearer_auth(&token)
        .json(&json!({"version": 1, "name": "永清县(改)"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let entries: Vec<Value> = c
        .get(app.url(&format!("/api/v1/audit?entity=region&entity_id={rid}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["update", "create"]);
    assert_eq!(entries[0]["actor_name"], "admin");
    assert!(entries[0]["before_json"].as_str().unwrap().contains("永清县"));
    assert!(entries[0]["after_json"].as_str().unwrap().contains("永清县(改)"));
    assert_eq!(entries[0]["ip"], "127.0.0.1");
    // no route writes, edits or deletes the log
    for method in [
        reqwest::Method::POST,
        reqwest::Method::PUT,
        reqwest::Method::PATCH,
        reqwest::Method::DELETE,
    ] {
        for path in ["/api/v1/audit", &format!("/api/v1/audit/{}", entries[0]["id"])] {
            let s = c
                .request(method.clone(), app.url(path))
                .bearer_auth(&token)
                .json(&json!({}))
                .send()
                .await
                .unwrap()
                .status();
            let resp = c
                .request(method.clone(), app.url(path))
                .bearer_auth(&token)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            let body = resp.text().await.unwrap();
            assert!(
                s == StatusCode::METHOD_NOT_ALLOWED || s == StatusCode::NOT_FOUND,
                "{method} {path} -> {s} {body}"
            );
        }
    }
    // export is CSV with a BOM, and is itself recorded
    let csv = c
        .get(app.url("/api/v1/audit/export?entity=region"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = csv.bytes().await.unwrap();
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
    assert!(String::from_utf8_lossy(&bytes).contains("永清县(改)"));
    let exports: Vec<Value> = c
        .get(app.url("/api/v1/audit?action=export"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(exports.len(), 1);
}

async fn csrf_is_required_for_cookie_sessions(app: TestApp) {
    let staff = app.user("staff", Role::BureauStaff, app.regions.city).await;
    let (browser, csrf) = app.session(&staff).await;
    let body = json!({"name": "脚本"});
    let no_token = browser
        .post(app.url("/api/v1/tokens"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    assert_eq!(no_token.json::<Value>().await.unwrap()["code"], "csrf");
    let wrong = browser
        .post(app.url("/api/v1/tokens"))
        .header("x-csrf-token", "forged")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let ok = browser
        .post(app.url("/api/v1/tokens"))
        .header("x-csrf-token", &csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::CREATED);
    // html forms: the hidden field
    let form_no = browser
        .post(app.url("/logout"))
        .form(&[("x", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(form_no.status(), StatusCode::FORBIDDEN);
    let form_ok = browser
        .post(app.url("/logout"))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(form_ok.status(), StatusCode::SEE_OTHER);
    // the session is gone after sign-out
    let me: Value = browser
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["authenticated"], false);
    // bearer clients carry no cookie authority and need no token
    let token = app.token(&staff).await;
    let resp = crate::common::client(None)
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
}

async fn sign_in_is_rate_limited(app: TestApp) {
    app.user("officer", Role::CountyOfficer, app.regions.county).await;
    let (browser, csrf) = app.anonymous().await;
    let login = |password: &'static str| {
        browser
            .post(app.url("/login"))
            .form(&[
                ("_csrf", csrf.as_str()),
                ("username", "officer"),
                ("password", password),
                ("next", "/"),
            ])
            .send()
    };
    // the sign-in form itself needs the pre-session token
    let forged = crate::common::client(None)
        .post(app.url("/login"))
        .form(&[("_csrf", "forged"), ("username", "officer"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    for _ in 0..5 {
        let r = login("wrong-password-1").await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert!(r.text().await.unwrap().contains("用户名或密码不正确"));
    }
    let blocked = login(PASSWORD).await.unwrap();
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    // another account from elsewhere is not affected
    app.user("other", Role::Expert, app.regions.county).await;
    let ok = browser
        .post(app.url("/login"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("username", "other"),
            ("password", PASSWORD),
            ("next", "/account"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(ok.headers()["location"], "/account");
    let cookie = ok
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("kc_session="))
        .expect("session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    // failures were audited
    let since = kechuang_kernel::now() - chrono::Duration::minutes(5);
    assert_eq!(
        app.db
            .count_recent_events("login_failed", Some("officer"), None, since)
            .await
            .unwrap(),
        5
    );
}

/// Forty wrong passwords at once for one account: at most five are checked
/// (401), the rest refused (429); a hundred concurrent attempts then, one
/// holding the right password, are all refused.
async fn concurrent_sign_ins_cannot_get_around_the_limit(app: TestApp) {
    app.user("target", Role::CountyOfficer, app.regions.county).await;
    let (browser, csrf) = app.anonymous().await;
    let attempt = |password: &'static str| {
        let browser = browser.clone();
        let csrf = csrf.clone();
        let url = app.url("/login");
        tokio::spawn(async move {
            browser
                .post(url)
                .form(&[("_csrf", csrf.as_str()), ("username", "target"), ("password", password)])
                .send()
                .await
                .unwrap()
                .status()
        })
    };
    let wrong: Vec<_> = (0..40).map(|_| attempt("wrong-password-1")).collect();
    let mut statuses = Vec::new();
    for t in wrong {
        statuses.push(t.await.unwrap());
    }
    let checked = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    // never more than the account's five are checked; one of them may also be
    // refused by the address's limit (30), taken in whatever order the
    // concurrent requests reach it
    assert!((1..=5).contains(&checked), "{statuses:?}");
    assert_eq!(checked + refused, 40, "{statuses:?}");
    let right: Vec<_> = (0..100)
        .map(|i| attempt(if i == 50 { PASSWORD } else { "wrong-password-2" }))
        .collect();
    for t in right {
        assert_eq!(t.await.unwrap(), StatusCode::TOO_MANY_REQUESTS);
    }
}

/// Every redirect target is a local path: after sign-in, `next` pointing at
/// another host (through a tab, slashes or a newline) goes home, and a
/// newline never breaks the response.
async fn redirects_stay_on_the_site(app: TestApp) {
    app.user("walker", Role::CountyOfficer, app.regions.county).await;
    for next in [
        "/%09/example.com",
        "//example.com",
        "/\\example.com",
        "/a%0Ab",
        "https://example.com/",
        "/ok%0D%0ASet-Cookie:x=1",
    ] {
        let (browser, csrf) = app.anonymous().await;
        let body = format!(
            "_csrf={}&username=walker&password={}&next={next}",
            csrf,
            PASSWORD.replace('!', "%21")
        );
        let resp = browser
            .post(app.url("/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{next}");
        assert_eq!(resp.headers()["location"], "/", "{next}");
        let page = browser
            .get(app.url(&format!("/login?next={next}")))
            .send()
            .await
            .unwrap();
        assert!(
            page.status().is_redirection() || page.status().is_success(),
            "{next}: {}",
            page.status()
        );
    }
}

async fn errors_have_one_shape(app: TestApp) {
    let (c, token) = admin(&app).await;
    let cases = [
        (
            json!({"username": "x", "display_name": "n", "role": "expert", "region_id": app.regions.county, "password": PASSWORD}),
            "username",
        ),
        (
            json!({"username": "good.name", "display_name": "n", "role": "root", "region_id": app.regions.county, "password": PASSWORD}),
            "role",
        ),
        (
            json!({"username": "good.name", "display_name": "n", "role": "expert", "region_id": app.regions.county, "password": "short"}),
            "password",
        ),
        (
            json!({"username": "good.name", "display_name": "n", "role": "enterprise_user", "region_id": app.regions.county, "password": PASSWORD, "enterprise_code": "91110000600037341X"}),
            "enterprise_code",
        ),
    ];
    for (body, field) in cases {
        let resp = c
            .post(app.url("/api/v1/users"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let e: Value = resp.json().await.unwrap();
        assert_eq!(e["code"], "invalid");
        assert_eq!(e["field"], field, "{e}");
        assert!(!e["message"].as_str().unwrap().is_empty());
    }
    let bad_json = c
        .post(app.url("/api/v1/users"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_json.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_json.json::<Value>().await.unwrap()["code"], "invalid");
    let missing = c
        .get(app.url("/api/v1/users/999999"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(missing.json::<Value>().await.unwrap()["code"], "not_found");
    let bad_id = c
        .get(app.url("/api/v1/users/abc"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(bad_id.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // nothing was half-written
    let list: Value = c
        .get(app.url("/api/v1/users"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1);
}

async fn operations_endpoints(app: TestApp) {
    let c = crate::common::client(None);
    assert_eq!(
        c.get(app.url("/healthz")).send().await.unwrap().text().await.unwrap(),
        "ok"
    );
    assert_eq!(c.get(app.url("/readyz")).send().await.unwrap().status(), StatusCode::OK);
    let metrics = c.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(
        metrics.contains("kechuang_http_requests_total{method=\"GET\",route=\"/readyz\",status=\"200\"} 1"),
        "{metrics}"
    );
    let spec: Value = c
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(
        spec["paths"]["/api/v1/users/{id}"]["patch"]["x-permission"],
        "manage_users"
    );
    let css = c.get(app.url("/assets/app.css")).send().await.unwrap();
    assert!(css.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
    // readiness follows the database
    app.db.close().await;
    assert_eq!(
        c.get(app.url("/readyz")).send().await.unwrap().status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
}
