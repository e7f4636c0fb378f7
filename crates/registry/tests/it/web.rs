//! The registry over a real server on both backends: sheet import with a
//! dry-run report, a commit in the background, search across scripts,
//! forms with field messages, private contacts, scope, exports, counts and
//! stale edits.

use crate::harness::Fixtures;

use crate::harness::{ENTERPRISE_CODE, TestApp, csrf_from, test_code as code};
use kechuang_kernel::role::Role;
use kechuang_registry::store::prelude::*;
use reqwest::StatusCode;
use serde_json::Value;

kechuang_kernel::both_backends!(crate::harness::app =>
    import_report_commit_and_search,
    forms_validate_and_edits_are_versioned,
    contacts_scope_exports_and_counts,
);

async fn upload(client: &reqwest::Client, app: &TestApp, csrf: &str, kind: &str, name: &str, body: &str) -> String {
    let form = reqwest::multipart::Form::new().text("kind", kind.to_owned()).part(
        "file",
        reqwest::multipart::Part::bytes(body.as_bytes().to_vec()).file_name(name.to_owned()),
    );
    let resp = client
        .post(app.url("/registry/import"))
        .header("x-csrf-token", csrf)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER, "redirected to the run page");
    location(&resp)
}

fn location(resp: &reqwest::Response) -> String {
    resp.headers()["location"].to_str().unwrap().to_owned()
}

async fn import_report_commit_and_search(app: TestApp) {
    let staff = app.user("staff", Role::BureauStaff, app.regions.city).await;
    let (client, csrf) = app.session(&staff).await;
    let (good, bad) = (code(1), code(2));
    let broken = format!("{}{}", &bad[..17], if bad.ends_with('0') { '1' } else { '0' });
    let sheet = format!(
        "统一社会信用代码,企业名称,所在县区,成立日期\n{good},廊坊華晨藥業有限公司,固安县,2015-03-01\n{broken},廊坊新材料有限公司,固安县,2018-01-01\n{},廊坊智造有限公司,火星区,2020-13-01\n",
        code(3)
    );
    let run = upload(&client, &app, &csrf, "enterprises", "企业.csv", &sheet).await;
    let page = client.get(app.url(&run)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("data-testid=\"fix-hint\""), "errors block the commit");
    assert!(!page.contains("data-testid=\"commit-form\""));
    for expected in ["统一社会信用代码", "所在县区", "成立日期", ">3<", ">4<"] {
        assert!(page.contains(expected), "report shows {expected}");
    }
    let report = client.get(app.url(&format!("{run}/report"))).send().await.unwrap();
    assert_eq!(report.status(), StatusCode::OK);
    assert_eq!(&report.bytes().await.unwrap()[..2], b"PK", "report is an .xlsx");
    let run_id: i64 = run.rsplit('/').next().unwrap().parse().unwrap();
    let commit = client
        .post(app.url(&format!("{run}/commit")))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        commit.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a file with errors is never written"
    );
    assert_eq!(app.db.import_run(run_id).await.unwrap().status, "checked");

    // the fixed file: GBK-encoded, as Excel on Chinese Windows saves it
    let fixed = format!(
        "统一社会信用代码,企业名称,所在县区,成立日期\n{good},廊坊華晨藥業有限公司,固安县,2015-03-01\n{bad},廊坊新材料有限公司,固安县,2018-01-01\n"
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&fixed);
    let form = reqwest::multipart::Form::new().text("kind", "enterprises").part(
        "file",
        reqwest::multipart::Part::bytes(gbk.to_vec()).file_name("企业.csv"),
    );
    let resp = client
        .post(app.url("/registry/import"))
        .header("x-csrf-token", &csrf)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let run = location(&resp);
    let page = client.get(app.url(&run)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("data-testid=\"commit-form\""), "{page}");
    let resp = client
        .post(app.url(&format!("{run}/commit")))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let mut status = Value::Null;
    for _ in 0..100 {
        status = client
            .get(app.url(&format!("{run}/status")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if status["status"] == "committed" || status["status"] == "failed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(status["status"], "committed", "{status}");
    assert_eq!(
        (status["created"].as_i64(), status["unchanged"].as_i64()),
        (Some(2), Some(0))
    );
    // a second commit of the same run is refused
    let again = client
        .post(app.url(&format!("{run}/commit")))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
    // Simplified search finds the Traditional name
    let list = client
        .get(app.url("/registry/enterprises?q=廊坊华晨药业"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        list.contains("廊坊華晨藥業有限公司") && !list.contains("廊坊新材料有限公司"),
        "{list}"
    );
    let detail = client
        .get(app.url(&format!("/registry/enterprises/{good}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        detail.contains("由导入批次创建") && detail.contains("企业.csv"),
        "history leads to the file"
    );
}

async fn forms_validate_and_edits_are_versioned(app: TestApp) {
    let staff = app.user("staff", Role::BureauStaff, app.regions.city).await;
    let (client, csrf) = app.session(&staff).await;
    let form = client
        .get(app.url("/registry/enterprises/new"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf_form = csrf_from(&form);
    let bad = client
        .post(app.url("/registry/enterprises"))
        .form(&[
            ("_csrf", csrf_form.as_str()),
            ("credit_code", "91131022MA0000000X"),
            ("name", ""),
            ("founded_on", "2020-02-30"),
            ("county_code", "131022"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = bad.text().await.unwrap();
    for key in ["error-credit_code", "error-name", "error-founded_on"] {
        assert!(html.contains(key), "field message for {key}");
    }
    assert!(html.contains("必填项不能为空"), "messages are Chinese first");
    let good = code(7);
    let created = client
        .post(app.url("/registry/enterprises"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("credit_code", good.as_str()),
            ("name", "固安精工机械有限公司"),
            ("county_code", "131022"),
            ("size", "small"),
            ("contact_phone", "13900000000"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    assert!(location(&created).ends_with(&good));
    let edit = |version: &'static str, name: &'static str| {
        let client = client.clone();
        let csrf = csrf.clone();
        let url = app.url(&format!("/registry/enterprises/{good}"));
        async move {
            client
                .post(url)
                .form(&[
                    ("_csrf", csrf.as_str()),
                    ("version", version),
                    ("name", name),
                    ("county_code", "131022"),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(edit("1", "固安精工机械股份有限公司").await, StatusCode::SEE_OTHER);
    assert_eq!(edit("1", "旧页面提交").await, StatusCode::CONFLICT, "stale version");
    let e = app
        .db
        .enterprise_by_code(&kechuang_kernel::credit_code::CreditCode::parse(&good).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((e.name.as_str(), e.version), ("固安精工机械股份有限公司", 2));
    let detail = client
        .get(app.url(&format!("/registry/enterprises/{good}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        detail.contains("固安精工机械有限公司"),
        "history shows the earlier name"
    );
    // the name index follows the edit at once
    let found = client
        .get(app.url("/registry/enterprises?q=精工机械股份"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(found.contains(&good), "a renamed firm is found by its new name");
    let gone = client
        .get(app.url("/registry/enterprises?q=精工机械有限"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!gone.contains(&good), "… and no longer by the old one");
    // a platform through the generic form
    let created = client
        .post(app.url("/registry/platforms"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("id", "GA-001"),
            ("name", "固安县众创空间"),
            ("kind", "众创空间"),
            ("level", "county"),
            ("county_code", "131022"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let list = client
        .get(app.url("/registry/platforms?category=maker_space"))
        .send()
        .await
        .unwrap();
    assert!(list.text().await.unwrap().contains("固安县众创空间"));
}

async fn contacts_scope_exports_and_counts(app: TestApp) {
    let fx = app.registry_fixture().await;
    let sys = kechuang_kernel::audit::Actor::system();
    let c = kechuang_kernel::credit_code::CreditCode::parse(&fx.code).unwrap();
    let mut fields = app.db.enterprise_by_code(&c).await.unwrap().unwrap().fields();
    fields.contact_phone = "13811112222".into();
    app.db.upsert_enterprise(&sys, &c, fields).await.unwrap();
    let other = code(9);
    let other_code = kechuang_kernel::credit_code::CreditCode::parse(&other).unwrap();
    app.db
        .upsert_enterprise(
            &sys,
            &other_code,
            kechuang_registry::store::EnterpriseFields {
                name: "涿州外市企业有限公司".into(),
                former_names: "[]".into(),
                chain_tags: "[]".into(),
                region_id: app.regions.other_county,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let get = |client: reqwest::Client, path: String| async move {
        let r = client.get(path).send().await.unwrap();
        (r.status(), r.text().await.unwrap())
    };
    let detail = app.url(&format!("/registry/enterprises/{}", fx.code));
    let staff = app.user("staff", Role::BureauStaff, app.regions.city).await;
    let (s, _) = app.session(&staff).await;
    assert!(
        get(s.clone(), detail.clone()).await.1.contains("13811112222"),
        "bureau sees contacts"
    );
    let bank = app.user("bank", Role::BankViewer, app.regions.city).await;
    let (b, _) = app.session(&bank).await;
    let (status, html) = get(b.clone(), detail.clone()).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a bank sees firms only on its consented list"
    );
    assert!(!html.contains("13811112222"), "a bank does not see contacts");
    let owner = app.user("firm", Role::EnterpriseUser, app.regions.county).await;
    let (o, _) = app.session(&owner).await;
    assert!(
        get(o.clone(), detail.clone()).await.1.contains("13811112222"),
        "the firm sees its own"
    );
    let (_, list) = get(o.clone(), app.url("/registry/platforms")).await;
    assert!(list.contains("廊坊市新材料重点实验室"));
    let (_, list) = get(o, app.url("/registry/enterprises")).await;
    assert!(list.contains(ENTERPRISE_CODE) && !list.contains(&other));
    // another city's firm is not found for this city's staff
    let (status, _) = get(s.clone(), app.url(&format!("/registry/enterprises/{other}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // exports: CSV with BOM, the filters applied, contacts for the bureau only
    let csv = s
        .get(app.url("/registry/enterprises/export?format=csv"))
        .send()
        .await
        .unwrap();
    let bytes = csv.bytes().await.unwrap();
    assert!(bytes.starts_with("\u{FEFF}统一社会信用代码".as_bytes()));
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(text.contains("13811112222") && !text.contains(&other));
    let bank_csv = b
        .get(app.url("/registry/enterprises/export?format=csv"))
        .send()
        .await
        .unwrap();
    assert!(!bank_csv.text().await.unwrap().contains("13811112222"));
    let xlsx = s
        .get(app.url("/registry/platforms/export?format=xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(&xlsx.bytes().await.unwrap()[..2], b"PK");
    // counts, from the API with a token
    let token = app.token(&staff).await;
    let counts: Value = crate::harness::client(None)
        .get(app.url("/api/v1/registry/counts"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let county = counts["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region_name"] == "固安县")
        .unwrap();
    assert_eq!(
        (county["enterprises"].as_i64(), county["records"]["platform"].as_i64()),
        (Some(1), Some(1))
    );
    let resp = crate::harness::client(None)
        .get(app.url("/api/v1/enterprises?q=廊坊测试"))
        .bearer_auth(&app.token(&bank).await)
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status(),
        StatusCode::FORBIDDEN,
        "a bank reads no registry through the API either"
    );
}
