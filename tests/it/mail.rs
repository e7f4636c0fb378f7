//! E-mail copies of inbox messages on both backends, against a test mail
//! server: an account sets its address on its account page (a bad one is
//! refused, naming the field), a notification reaches it by e-mail with an
//! absolute link, an account without an address gets none, and a refused
//! recipient is recorded and tried again later.

use std::time::{Duration, Instant};

use crate::common::{TestApp, page};
use kechuang_kernel::role::Role;
use kechuang_shell::mail::SmtpConfig;

/// The backend's name: the test builds its own server, with SMTP settings.
async fn named(backend: &'static str) -> &'static str {
    backend
}

kechuang_kernel::both_backends!(named => notifications_are_mailed_to_accounts_with_an_address);

async fn notifications_are_mailed_to_accounts_with_an_address(backend: &str) {
    let sink = crate::smtp::sink().await;
    let port = sink.port;
    let app = TestApp::spawn_with(backend, kechuang::CAPABILITIES, |c| {
        c.smtp = Some(SmtpConfig {
            host: "127.0.0.1".into(),
            port,
            security: "none".into(),
            from: "廊坊市科技局 <noreply@kjj.example.gov.cn>".into(),
            link_base: "https://kc.example.gov.cn/".into(),
            poll_seconds: 1,
            ..Default::default()
        })
    })
    .await;
    let tto = app.user("tto1", Role::InstitutionUser, app.regions.city).await;
    let (client, csrf) = app.session(&tto).await;
    let bad = client
        .post(app.url("/account/email"))
        .form(&[("_csrf", csrf.as_str()), ("email", "tto at hebut")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("电子邮箱格式不正确"));
    let ok = client
        .post(app.url("/account/email"))
        .form(&[("_csrf", csrf.as_str()), ("email", "tto@hebut.edu.cn")])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 303);
    assert!(page(&client, &app.url("/account")).await.contains("tto@hebut.edu.cn"));

    let quiet = app.user("quiet1", Role::EnterpriseUser, app.regions.city).await;
    let gone = app.user("gone1", Role::Expert, app.regions.city).await;
    let admin = kechuang_kernel::audit::Actor::system();
    let refused = kechuang_kernel::user::Email::parse("expert@refused.example.com").unwrap();
    app.db.set_email(&admin, gone.id, Some(&refused)).await.unwrap();

    let notify = |user: i64, key: &'static str| {
        let db = app.db.clone();
        async move {
            db.notify(&kechuang_kernel::notifications::Notice {
                user_id: user,
                kind: "market.demand_pushed",
                params: serde_json::json!({"title": "污水站除臭", "id": 7, "note": "匹配词：除臭、硫化氢"}),
                dedup_key: key.to_owned(),
            })
            .await
            .unwrap()
        }
    };
    notify(tto.id, "k1").await;
    notify(quiet.id, "k2").await;
    notify(gone.id, "k3").await;
    let start = Instant::now();
    while sink.received().is_empty() {
        assert!(start.elapsed() < Duration::from_secs(15), "no e-mail arrived");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let got = sink.received();
    assert_eq!(got.len(), 1, "only the account with a working address: {got:?}");
    let m = &got[0];
    assert_eq!(m.to, ["tto@hebut.edu.cn"]);
    assert!(m.headers.contains("noreply@kjj.example.gov.cn"), "{}", m.headers);
    assert!(
        m.body.contains("科技局推送了企业需求：污水站除臭") && m.body.contains("匹配词：除臭、硫化氢"),
        "{}",
        m.body
    );
    assert!(
        m.body.contains("https://kc.example.gov.cn/market/demands/7"),
        "{}",
        m.body
    );

    // the message is out; its outcome is recorded right after
    let sent = app.db.notifications(tto.id, 10).await.unwrap()[0].id;
    let start = Instant::now();
    while app.db.mail_state(sent).await.unwrap().0.is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the sending was not recorded"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut states = Vec::new();
    for user in [tto.id, quiet.id] {
        let n = app.db.notifications(user, 10).await.unwrap();
        states.push(app.db.mail_state(n[0].id).await.unwrap());
    }
    assert_eq!((states[0].0.as_str(), states[0].1), ("sent", 1));
    assert_eq!((states[1].0.as_str(), states[1].1), ("", 0), "no address, no attempt");
    let start = Instant::now();
    while app
        .db
        .mail_state(app.db.notifications(gone.id, 10).await.unwrap()[0].id)
        .await
        .unwrap()
        .1
        == 0
    {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the refused address was never tried"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let n = app.db.notifications(gone.id, 10).await.unwrap()[0].id;
    let (state, attempts, error) = app.db.mail_state(n).await.unwrap();
    assert_eq!((state.as_str(), attempts), ("", 1), "tried again later");
    assert!(error.contains("550") || error.contains("mailbox"), "{error}");
    // nothing is sent twice
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(sink.received().len(), 1);
}
