//! 揭榜挂帅 through HTTP on both backends: an enterprise lists a challenge and
//! opens it; an institution's team bids; an expert scores the bids with
//! reasons; the enterprise awards the best and follows its milestones.

use crate::harness::{TestApp, page};
use kechuang_kernel::role::Role;
use kechuang_market::store::prelude::*;

kechuang_kernel::both_backends!(crate::harness::app => a_challenge_from_listing_to_milestones);

async fn post(client: &reqwest::Client, url: String, form: &[(&str, &str)]) -> reqwest::Response {
    client.post(url).form(form).send().await.unwrap()
}

async fn a_challenge_from_listing_to_milestones(app: TestApp) {
    let deadline = (kechuang_market::testing::today() + chrono::Days::new(30)).to_string();
    let firm = app.user("firm1", Role::EnterpriseUser, app.regions.city).await;
    let (fc, fcsrf) = app.session(&firm).await;
    let resp = post(
        &fc,
        app.url("/market/challenges"),
        &[
            ("_csrf", &fcsrf),
            ("title", "高纯石英砂提纯关键技术"),
            ("task", "攻克4N5级高纯石英砂提纯工艺"),
            ("reward", "500万"),
            ("deadline", &deadline),
        ],
    )
    .await;
    assert_eq!(resp.status(), 303);
    let location = resp.headers()["location"].to_str().unwrap().to_owned();
    let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let anon = reqwest::Client::new();
    assert_eq!(
        anon.get(app.url(&location)).send().await.unwrap().status(),
        404,
        "a draft is not public"
    );
    let v = app.db.challenge(id).await.unwrap().version.to_string();
    assert_eq!(
        post(
            &fc,
            app.url(&format!("{location}/status")),
            &[("_csrf", &fcsrf), ("to", "open"), ("version", &v)]
        )
        .await
        .status(),
        303
    );
    assert!(
        page(&anon, &app.url("/market/challenges"))
            .await
            .contains("高纯石英砂提纯关键技术")
    );

    let tto = app.user("tto1", Role::InstitutionUser, app.regions.city).await;
    let (tc, tcsrf) = app.session(&tto).await;
    let bid = |team: &'static str, budget: &'static str| {
        vec![
            ("team_name", team),
            ("team_kind", "institution"),
            ("proposal", "酸浸—氯化焙烧—浮选联合工艺，在线杂质检测，目标纯度99.995%"),
            ("budget", budget),
            ("months", "18"),
        ]
    };
    let mut form = vec![("_csrf", tcsrf.as_str())];
    form.extend(bid("河北工业大学团队", "600万"));
    assert_eq!(
        post(&tc, app.url(&format!("{location}/bids")), &form).await.status(),
        422,
        "above the reward"
    );
    let mut form = vec![("_csrf", tcsrf.as_str())];
    form.extend(bid("河北工业大学团队", "300万"));
    assert_eq!(
        post(&tc, app.url(&format!("{location}/bids")), &form).await.status(),
        303
    );
    let expert = app.user("expert1", Role::Expert, app.regions.city).await;
    let (ec, ecsrf) = app.session(&expert).await;
    let mut form = vec![("_csrf", ecsrf.as_str())];
    form.extend(bid("专家团队", "200万"));
    form[2] = ("team_kind", "expert");
    assert_eq!(
        post(&ec, app.url(&format!("{location}/bids")), &form).await.status(),
        303
    );
    // a bidder sees its own bid only
    let html = page(&tc, &app.url(&location)).await;
    let table = html.split("data-testid=\"bids\"").nth(1).unwrap_or_default();
    assert!(
        table.contains("河北工业大学团队") && !table.contains("专家团队"),
        "{table}"
    );
    // until the deadline a bidder changes or withdraws its own bid, and only its own
    let mine = app.db.bids_of(id).await.unwrap()[1].id;
    let html = page(&ec, &app.url(&location)).await;
    assert!(html.contains("我的揭榜方案"), "{html}");
    let mut form = vec![("_csrf", ecsrf.as_str())];
    form.extend(bid("专家团队", "180万"));
    form[2] = ("team_kind", "expert");
    let edit = app.url(&format!("{location}/bids/{mine}"));
    assert_eq!(post(&ec, edit.clone(), &form).await.status(), 303);
    assert_eq!(app.db.bids_of(id).await.unwrap()[1].budget_fen, 180_000_000);
    let mut other = vec![("_csrf", tcsrf.as_str())];
    other.extend(bid("冒名修改", "1万"));
    assert_eq!(post(&tc, edit, &other).await.status(), 404, "not one's own bid");
    let withdraw = app.url(&format!("{location}/bids/{mine}/withdraw"));
    assert_eq!(post(&tc, withdraw.clone(), &[("_csrf", &tcsrf)]).await.status(), 404);
    assert_eq!(post(&ec, withdraw, &[("_csrf", &ecsrf)]).await.status(), 303);
    assert_eq!(app.db.bids_of(id).await.unwrap().len(), 1);
    assert_eq!(
        post(&ec, app.url(&format!("{location}/bids")), &form).await.status(),
        303,
        "a withdrawn bidder may bid again"
    );
    // bids close; the expert scores both with reasons
    let v = app.db.challenge(id).await.unwrap().version.to_string();
    assert_eq!(
        post(
            &fc,
            app.url(&format!("{location}/status")),
            &[("_csrf", &fcsrf), ("to", "reviewing"), ("version", &v)]
        )
        .await
        .status(),
        303
    );
    let bids = app.db.bids_of(id).await.unwrap();
    let (b1, b2) = (bids[0].id.to_string(), bids[1].id.to_string());
    assert_eq!(
        post(
            &ec,
            app.url(&format!("{location}/bids/{b2}/withdraw")),
            &[("_csrf", &ecsrf)]
        )
        .await
        .status(),
        422,
        "bids are fixed once they are under review"
    );
    assert_eq!(
        post(
            &ec,
            app.url(&format!("{location}/reviews")),
            &[("_csrf", &ecsrf), ("bid_id", &b1), ("score", "88"), ("reason", "")]
        )
        .await
        .status(),
        422,
        "a reason is required"
    );
    assert_eq!(
        post(
            &ec,
            app.url(&format!("{location}/reviews")),
            &[
                ("_csrf", &ecsrf),
                ("bid_id", &b1),
                ("score", "88"),
                ("reason", "工艺路线成熟，团队有中试经验")
            ]
        )
        .await
        .status(),
        303
    );
    assert_eq!(
        post(
            &ec,
            app.url(&format!("{location}/reviews")),
            &[
                ("_csrf", &ecsrf),
                ("bid_id", &b2),
                ("score", "61"),
                ("reason", "经费测算偏低，风险较大")
            ]
        )
        .await
        .status(),
        303
    );
    assert_eq!(
        post(
            &tc,
            app.url(&format!("{location}/reviews")),
            &[
                ("_csrf", &tcsrf),
                ("bid_id", &b2),
                ("score", "1"),
                ("reason", "对手方案不行")
            ]
        )
        .await
        .status(),
        403,
        "bidders do not review"
    );
    let html = page(&fc, &app.url(&location)).await;
    assert!(
        html.contains("88.00") && html.contains("工艺路线成熟"),
        "the issuer sees scores and reasons"
    );
    // award and milestones
    let v = app.db.challenge(id).await.unwrap().version.to_string();
    assert_eq!(
        post(
            &tc,
            app.url(&format!("{location}/award")),
            &[("_csrf", &tcsrf), ("bid_id", &b1), ("version", &v)]
        )
        .await
        .status(),
        403
    );
    assert_eq!(
        post(
            &fc,
            app.url(&format!("{location}/award")),
            &[("_csrf", &fcsrf), ("bid_id", &b1), ("version", &v)]
        )
        .await
        .status(),
        303
    );
    assert_eq!(
        post(
            &fc,
            app.url(&format!("{location}/milestones")),
            &[("_csrf", &fcsrf), ("title", "中试线建成"), ("due_on", "2027-06-30")]
        )
        .await
        .status(),
        303
    );
    let m = app.db.milestones_of(id).await.unwrap()[0].id.to_string();
    assert_eq!(
        post(
            &fc,
            app.url(&format!("{location}/milestones")),
            &[("_csrf", &fcsrf), ("done", &m), ("note", "提前完成")]
        )
        .await
        .status(),
        303
    );
    let html = page(&anon, &app.url(&location)).await;
    assert!(
        html.contains("data-testid=\"winner\"") && html.contains("已揭榜"),
        "{html}"
    );
    assert!(html.contains("提前完成"));
    // the contract that came out of it is registered and linked both ways
    let staff = app.user("staff1", Role::BureauStaff, app.regions.city).await;
    let (sc, scsrf) = app.session(&staff).await;
    let register = |number: &'static str, challenge: String| {
        let (sc, scsrf, app_url) = (sc.clone(), scsrf.clone(), app.url("/market/contracts"));
        async move {
            post(
                &sc,
                app_url,
                &[
                    ("_csrf", &scsrf),
                    ("number", number),
                    ("kind", "development"),
                    ("buyer_name", "廊坊测试科技有限公司"),
                    ("seller_name", "某研究院团队"),
                    ("amount", "480万"),
                    ("signed_on", "2026-01-15"),
                    ("challenge_id", &challenge),
                ],
            )
            .await
        }
    };
    let bad = register("JB-2", "999999".into()).await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("榜单"), "names the link");
    let resp = register("JB-1", id.to_string()).await;
    assert_eq!(resp.status(), 303);
    let contract = resp.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        page(&sc, &app.url(&contract))
            .await
            .contains(&format!("/market/challenges/{id}"))
    );
    let html = page(&sc, &app.url(&location)).await;
    assert!(
        html.contains("data-testid=\"challenge-contracts\"") && html.contains("JB-1") && !html.contains("JB-2"),
        "{html}"
    );
    assert!(
        !page(&anon, &app.url(&location)).await.contains("JB-1"),
        "contracts stay with those who may see them"
    );
}
