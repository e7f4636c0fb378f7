//! The classes of bug a probe of the running service found, kept closed:
//! text with control characters, invalid UTF-8 or over its length sent to
//! every write route; bodies over the limit; upload bombs; LIKE wildcards;
//! formula-leading cells in exports; security headers; the CSRF token never
//! in the URL; the OpenAPI document's error answers.

use crate::common::{Fixtures, TestApp};
use kechuang_kernel::access::allows;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::credit_code::CreditCode;
use kechuang_kernel::role::Role;
use kechuang_registry::store::prelude::*;
use kechuang_shell::testing::page;
use reqwest::StatusCode;
use std::io::Write;

kechuang_kernel::both_backends!(crate::common::app =>
    bad_text_is_refused_on_every_write_route,
    searches_match_wildcards_literally_and_exports_neutralise_formulas,
    concurrent_edits_from_one_version_succeed_once,
);

/// Twenty editors who read version 1 of a firm save at once: exactly one
/// save is taken, the others are told the record changed (409).
async fn concurrent_edits_from_one_version_succeed_once(app: TestApp) {
    let reg = app.registry_fixture().await;
    let code = CreditCode::parse(&reg.code).unwrap();
    let version = app
        .db
        .enterprise_by_code(&code)
        .await
        .unwrap()
        .unwrap()
        .version
        .to_string();
    let staff = app.user("staff", Role::BureauStaff, app.regions.city).await;
    let (s, csrf) = app.session(&staff).await;
    let saves = (0..20).map(|i| {
        let (s, csrf, version) = (s.clone(), csrf.clone(), version.clone());
        let url = app.url(&format!("/registry/enterprises/{}", reg.code));
        tokio::spawn(async move {
            s.post(url)
                .form(&[
                    ("_csrf", csrf.as_str()),
                    ("version", version.as_str()),
                    ("name", &format!("廊坊测试科技有限公司{i}")),
                    ("county_code", "131022"),
                ])
                .send()
                .await
                .unwrap()
                .status()
        })
    });
    let mut statuses = Vec::new();
    for t in saves {
        statuses.push(t.await.unwrap());
    }
    let ok = statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
    let conflicts = statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count();
    assert_eq!((ok, conflicts), (1, 19), "{statuses:?}");
    let after = app.db.enterprise_by_code(&code).await.unwrap().unwrap();
    assert_eq!(
        after.version.to_string(),
        (version.parse::<i64>().unwrap() + 1).to_string()
    );
}

/// A signed-in client for the first role allowed `permission`, per role.
struct Clients {
    by_role: Vec<(Role, reqwest::Client, String, String)>,
}

impl Clients {
    async fn new(app: &TestApp) -> Clients {
        let mut by_role = Vec::new();
        for role in Role::ASSIGNABLE {
            let region = if role == Role::CountyOfficer {
                app.regions.county
            } else {
                app.regions.city
            };
            let u = app
                .user(&format!("h{}", role.as_str().replace('_', "")), role, region)
                .await;
            let (c, csrf) = app.session(&u).await;
            let token = app.token(&u).await;
            by_role.push((role, c, csrf, token));
        }
        Clients { by_role }
    }

    fn allowed(
        &self,
        permission: kechuang_kernel::access::Permission,
    ) -> Option<&(Role, reqwest::Client, String, String)> {
        self.by_role.iter().find(|(r, ..)| allows(*r, permission))
    }
}

/// Every write route, as a role allowed to use it: a field holding U+0000,
/// ESC, invalid UTF-8 or a million characters is refused with a 422 naming
/// the field (JSON for the API), before any handler runs; nothing answers
/// 5xx.
async fn bad_text_is_refused_on_every_write_route(app: TestApp) {
    let clients = Clients::new(&app).await;
    // a megabyte of text: within the form's size, far over a field's length
    let long = "a".repeat(1_000_001);
    let bodies: [(&str, Vec<u8>); 4] = [
        ("NUL", b"name=a%00b".to_vec()),
        ("ESC", b"name=a%1Bb".to_vec()),
        ("invalid UTF-8", b"name=%FF%FE".to_vec()),
        ("a million characters", format!("name={long}").into_bytes()),
    ];
    let mut checked = 0;
    let mut failures = Vec::new();
    for spec in app.site.routes.clone() {
        if matches!(spec.method.as_str(), "GET" | "HEAD") {
            continue;
        }
        let Some((role, client, csrf, token)) = clients.allowed(spec.permission) else {
            continue;
        };
        let path = spec
            .path
            .replace("{code}", kechuang_shell::testing::ENTERPRISE_CODE)
            .replace("{kind}", "targets")
            .replace("{set}", "panjin-2019")
            .replace("{rule}", "ip-pledge-interest")
            .replace("{name}", "x");
        let path = regex_lite::Regex::new(r"\{[a-z_]+\}")
            .unwrap()
            .replace_all(&path, "1")
            .into_owned();
        let is_api = path.starts_with("/api/v1");
        for (what, body) in &bodies {
            let method = reqwest::Method::from_bytes(spec.method.as_str().as_bytes()).unwrap();
            let req = client.request(method.clone(), app.url(&path));
            let resp = if is_api {
                let text = match *what {
                    "NUL" => "a\u{0}b".to_owned(),
                    "ESC" => "a\u{1b}b".to_owned(),
                    "invalid UTF-8" => continue,
                    _ => long.clone(),
                };
                crate::common::client(None)
                    .request(method, app.url(&path))
                    .bearer_auth(token)
                    .json(&serde_json::json!({ "name": text }))
                    .send()
                    .await
                    .unwrap()
            } else {
                let mut b = format!("_csrf={csrf}&").into_bytes();
                b.extend_from_slice(body);
                req.header("content-type", "application/x-www-form-urlencoded")
                    .body(b)
                    .send()
                    .await
                    .unwrap()
            };
            let status = resp.status();
            let text = resp.text().await.unwrap_or_default();
            let named = if is_api {
                text.contains("\"field\":\"name\"")
            } else {
                text.contains("name")
            };
            if status != StatusCode::UNPROCESSABLE_ENTITY || !named {
                failures.push(format!("{role:?} {} {path} ({what}) -> {status}", spec.method));
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 100, "only {checked} requests");
}

async fn searches_match_wildcards_literally_and_exports_neutralise_formulas(app: TestApp) {
    let reg = app.registry_fixture().await;
    let code = CreditCode::parse(&reg.code).unwrap();
    let e = app.db.enterprise_by_code(&code).await.unwrap().unwrap();
    let fields = kechuang_registry::store::EnterpriseFields {
        legal_representative: "=HYPERLINK(\"http://example.com\",\"点击\")".into(),
        ..e.fields()
    };
    app.db.upsert_enterprise(&Actor::system(), &code, fields).await.unwrap();
    let staff = app.user("staff", Role::BureauStaff, app.regions.city).await;
    let (s, _) = app.session(&staff).await;
    for q in ["%25", "_", "%5C"] {
        let html = page(&s, &app.url(&format!("/registry/enterprises?q={q}"))).await;
        assert!(!html.contains("廊坊测试科技有限公司"), "q={q} matched everything");
    }
    let html = page(&s, &app.url("/registry/enterprises?q=%E6%B5%8B%E8%AF%95")).await;
    assert!(html.contains("廊坊测试科技有限公司"), "a plain search still finds it");
    let csv = page(&s, &app.url("/registry/enterprises/export?format=csv")).await;
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(!csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"), "{csv}");
}

/// Headers on pages, API answers and errors; no CSRF token in the URL for
/// uploads; 413 for a form over the limit; the OpenAPI document's errors.
#[tokio::test]
async fn headers_csrf_limits_and_the_api_document() {
    let app = crate::common::app("sqlite").await;
    let anon = crate::common::client(None);
    for path in ["/login", "/api/v1/openapi.json", "/no-such-page", "/assets/app.css"] {
        let resp = anon.get(app.url(path)).send().await.unwrap();
        let h = resp.headers();
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{path}"
        );
    }
    let staff = app.user("staff", Role::BureauStaff, app.regions.city).await;
    let (s, csrf) = app.session(&staff).await;
    // an upload with the token only in the URL is refused; as a field it passes
    let form = || {
        reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("企业.csv"),
        )
    };
    let in_url = s
        .post(app.url(&format!("/registry/import?_csrf={csrf}")))
        .multipart(form())
        .send()
        .await
        .unwrap();
    assert_eq!(in_url.status(), StatusCode::FORBIDDEN);
    let as_field = s
        .post(app.url("/registry/import"))
        .multipart(form().text("_csrf", csrf.clone()))
        .send()
        .await
        .unwrap();
    assert_ne!(as_field.status(), StatusCode::FORBIDDEN);
    assert!(!as_field.status().is_server_error());
    // a url-encoded form over its limit is 413, not 422
    let big = format!("_csrf={csrf}&note={}", "a".repeat(3 * 1024 * 1024));
    let resp = s
        .post(app.url("/account/email"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // the API document: every operation answers 403 and 422 in the error
    // shape; those naming a record 404; those not open to anonymous callers 401
    let doc: serde_json::Value = anon
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut ops = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let r = &op["responses"];
            for status in ["403", "422"] {
                assert!(r.get(status).is_some(), "{method} {path} lacks {status}");
            }
            if path.contains('{') {
                assert!(r.get("404").is_some(), "{method} {path} lacks 404");
            }
            ops += 1;
        }
    }
    assert!(ops > 20);
    // the list and search operations document their query parameters
    for path in [
        "/api/v1/enterprises",
        "/api/v1/registry/{kind}",
        "/api/v1/market/achievements",
        "/api/v1/market/demands",
        "/api/v1/market/match",
        "/api/v1/users",
        "/api/v1/audit",
    ] {
        let params = doc["paths"][path]["get"]["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(
            params.iter().any(|p| p["in"] == "query"),
            "{path} documents no query parameter"
        );
    }
}

/// Writes an .xlsx-shaped archive whose `entry` holds `size` bytes of
/// `fill` repeated between `prefix` and `suffix`, compressed.
fn archive(entry: &str, prefix: &str, fill: &[u8], size: usize, suffix: &str) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(size > u32::MAX as usize / 2);
        zip.start_file("[Content_Types].xml", opts).unwrap();
        zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
        zip.start_file(entry, opts).unwrap();
        zip.write_all(prefix.as_bytes()).unwrap();
        let chunk: Vec<u8> = fill.iter().copied().cycle().take(1 << 20).collect();
        let mut left = size;
        while left > 0 {
            let n = left.min(chunk.len());
            zip.write_all(&chunk[..n]).unwrap();
            left -= n;
        }
        zip.write_all(suffix.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    out.into_inner()
}

/// Upload bombs are refused with a clear message and no server error: a
/// shared string of 100 MiB (packed into about 100 KB), an archive that
/// unpacks past 512 MiB, and a .docx whose text unpacks past 64 MiB.
#[tokio::test]
async fn upload_bombs_are_refused() {
    let app = crate::common::app("sqlite").await;
    let staff = app.user("staff", Role::BureauAdmin, app.regions.city).await;
    let (s, csrf) = app.session(&staff).await;
    let bombs = [
        (
            "/registry/import",
            "企业.xlsx",
            archive(
                "xl/sharedStrings.xml",
                "<sst><si><t>",
                b"A",
                100 << 20,
                "</t></si></sst>",
            ),
            "32767",
        ),
        (
            "/registry/import",
            "企业.xlsx",
            archive(
                "xl/worksheets/sheet1.xml",
                "<worksheet><sheetData>",
                b"<row/>",
                530 << 20,
                "</sheetData></worksheet>",
            ),
            "512 MiB",
        ),
        (
            "/plans",
            "规划.docx",
            archive(
                "word/document.xml",
                "<w:document><w:body>",
                b"<w:p/>",
                70 << 20,
                "</w:body></w:document>",
            ),
            "64 MiB",
        ),
    ];
    for (route, name, bytes, says) in bombs {
        assert!(
            bytes.len() < 4 << 20,
            "{name}: the fixture packs small ({} bytes)",
            bytes.len()
        );
        let mut form = reqwest::multipart::Form::new().text("_csrf", csrf.clone());
        form = if route == "/plans" {
            form.text("region_id", app.regions.city.to_string())
        } else {
            form.text("kind", "enterprises")
        };
        let form = form.part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
        let resp = s.post(app.url(route)).multipart(form).send().await.unwrap();
        let status = resp.status();
        let body = resp.text().await.unwrap();
        assert!(status.is_client_error(), "{route} {name}: {status}");
        assert!(body.contains(says), "{route} {name}: {body}");
    }
}
