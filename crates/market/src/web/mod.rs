//! The technology market (技术市场) in the web UI and API: achievements and
//! demands (forms, life cycle, lists), matching in both directions with
//! explanations and feedback, the review queue, demand lists pushed to
//! institutions, saved searches; paged lists to browse. Matching itself is
//! `crate::search::engine`; rules are `kechuang_market`.

mod achievements;
mod api;
mod browse;
mod challenges;
mod contracts;
mod demands;
mod export;
mod home;
mod inbox;
mod list_api;
mod messages;
mod pushes;

use std::sync::Arc;

use crate::access::*;
use crate::search::MarketIndex;
use crate::search::engine::Engine;
use crate::store::prelude::*;
use kechuang_kernel::Db;
use kechuang_shell::WebConfig;
use kechuang_shell::error::AppError;
use kechuang_shell::{Capability, NavEntry, NoticeKind, Routes};
use utoipa_axum::routes;

/// The routes, each with the permission it needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/market", VIEW_MARKET, home::page)
        .get("/market/achievements/new", POST_ACHIEVEMENT, achievements::new_form)
        .get("/market/achievements", VIEW_MARKET, browse::achievements)
        .post("/market/achievements", POST_ACHIEVEMENT, achievements::create)
        .get("/market/achievements/{id}", VIEW_MARKET, achievements::page)
        .post("/market/achievements/{id}", POST_ACHIEVEMENT, achievements::edit)
        .post(
            "/market/achievements/{id}/status",
            POST_ACHIEVEMENT,
            achievements::status,
        )
        .get("/market/demands/new", POST_DEMAND, demands::new_form)
        .get("/market/demands", VIEW_MARKET, browse::demands)
        .post("/market/demands", POST_DEMAND, demands::create)
        .get("/market/demands/{id}", VIEW_MARKET, demands::page)
        .post("/market/demands/{id}/status", POST_DEMAND, demands::status)
        .get("/market/export", VIEW_MARKET, export::export)
        .get("/market/mine", USE_MARKET_TOOLS, home::mine)
        .get("/market/review", REVIEW_MARKET, home::review)
        .get("/market/push", PUSH_DEMANDS, pushes::page)
        .post("/market/push", PUSH_DEMANDS, pushes::push)
        .get("/market/pushed", VIEW_PUSHED_DEMANDS, pushes::pushed)
        .post("/market/feedback", USE_MARKET_TOOLS, inbox::feedback)
        .post("/market/saved", USE_MARKET_TOOLS, inbox::save_search)
        .post("/market/saved/{id}/delete", USE_MARKET_TOOLS, inbox::delete_search)
        .get("/market/challenges", VIEW_MARKET, challenges::list)
        .get("/market/challenges/new", POST_CHALLENGE, challenges::new_form)
        .post("/market/challenges", POST_CHALLENGE, challenges::create)
        .get("/market/challenges/{id}", VIEW_MARKET, challenges::page)
        .post("/market/challenges/{id}/status", POST_CHALLENGE, challenges::status)
        .post("/market/challenges/{id}/bids", BID_CHALLENGES, challenges::bid)
        .post(
            "/market/challenges/{id}/bids/{bid}",
            BID_CHALLENGES,
            challenges::edit_bid,
        )
        .post(
            "/market/challenges/{id}/bids/{bid}/withdraw",
            BID_CHALLENGES,
            challenges::withdraw_bid,
        )
        .post("/market/challenges/{id}/reviews", REVIEW_CHALLENGES, challenges::review)
        .post("/market/challenges/{id}/award", POST_CHALLENGE, challenges::award)
        .post(
            "/market/challenges/{id}/milestones",
            POST_CHALLENGE,
            challenges::milestone,
        )
        .get("/market/contracts", VIEW_CONTRACTS, contracts::list)
        .get("/market/contracts/new", REGISTER_CONTRACTS, contracts::new_form)
        .post("/market/contracts", REGISTER_CONTRACTS, contracts::create)
        .get("/market/contracts/stats", VIEW_CONTRACTS, contracts::stats_page)
        .get("/market/contracts/{id}", VIEW_CONTRACTS, contracts::page)
        .post("/market/contracts/{id}/review", REVIEW_MARKET, contracts::review)
        .api(VIEW_CONTRACTS, routes!(contracts::stats_api))
        .api(VIEW_MARKET, routes!(api::match_text))
        .api(VIEW_MARKET, routes!(list_api::list_achievements))
        .api(VIEW_MARKET, routes!(list_api::list_demands))
        .api(VIEW_MARKET, routes!(api::demand_matches))
        .api(VIEW_MARKET, routes!(api::achievement_matches))
}

/// The technology market as the shell registers it.
pub static CAPABILITY: Capability = Capability {
    name: "market",
    permissions: crate::access::ALL,
    schema: Some(&crate::schema::SCHEMA),
    routes,
    nav: &[
        NavEntry {
            href: "/market",
            label: "nav.market",
            permission: VIEW_MARKET,
        },
        NavEntry {
            href: "/market/contracts",
            label: "nav.contracts",
            permission: VIEW_CONTRACTS,
        },
    ],
    messages: messages::MESSAGES,
    templates: TEMPLATES,
    notices: &[
        NoticeKind {
            kind: "market.achievement_matches",
            text: "notice.achievement_matches",
            link: "/market/achievements/{id}",
        },
        NoticeKind {
            kind: "market.demand_matches",
            text: "notice.demand_matches",
            link: "/market/demands/{id}",
        },
        NoticeKind {
            kind: "market.saved_search",
            text: "notice.saved_search",
            link: "/market/{item}s/{id}",
        },
        NoticeKind {
            kind: "market.demand_pushed",
            text: "notice.demand_pushed",
            link: "/market/demands/{id}",
        },
    ],
    start: Some(start),
    cli: Some(&crate::cli::CLI),
    demo: Some(crate::demo::load),
    firm_panels: &[],
    metrics: &[],
};

static TEMPLATES: &[kechuang_shell::capability::Template] = &[
    (
        "market_achievement.html",
        include_str!("../../templates/market_achievement.html"),
    ),
    (
        "market_achievement_new.html",
        include_str!("../../templates/market_achievement_new.html"),
    ),
    ("market_browse.html", include_str!("../../templates/market_browse.html")),
    (
        "market_challenge.html",
        include_str!("../../templates/market_challenge.html"),
    ),
    (
        "market_challenge_new.html",
        include_str!("../../templates/market_challenge_new.html"),
    ),
    (
        "market_challenges.html",
        include_str!("../../templates/market_challenges.html"),
    ),
    (
        "market_contract.html",
        include_str!("../../templates/market_contract.html"),
    ),
    (
        "market_contract_new.html",
        include_str!("../../templates/market_contract_new.html"),
    ),
    (
        "market_contract_stats.html",
        include_str!("../../templates/market_contract_stats.html"),
    ),
    (
        "market_contracts.html",
        include_str!("../../templates/market_contracts.html"),
    ),
    ("market_demand.html", include_str!("../../templates/market_demand.html")),
    (
        "market_demand_new.html",
        include_str!("../../templates/market_demand_new.html"),
    ),
    ("market_fields.html", include_str!("../../templates/market_fields.html")),
    ("market_home.html", include_str!("../../templates/market_home.html")),
    ("market_list.html", include_str!("../../templates/market_list.html")),
    ("market_push.html", include_str!("../../templates/market_push.html")),
    ("market_pushed.html", include_str!("../../templates/market_pushed.html")),
    ("market_why.html", include_str!("../../templates/market_why.html")),
];

/// Opens the search index, follows the database's changes and expires
/// listings past their date, for as long as the application runs.
fn start(
    ctx: kechuang_shell::StartCtx,
) -> futures_util::future::BoxFuture<'static, anyhow::Result<kechuang_shell::Started>> {
    Box::pin(async move {
        let engine = open_engine(&ctx.config, ctx.db.clone()).await?;
        let mut started = kechuang_shell::Started::default();
        started.services.insert(engine.clone());
        started.tasks.push(Box::pin(engine.clone().run()));
        started.tasks.push(Box::pin(expire_listings(ctx.db, engine)));
        Ok(started)
    })
}

/// Every hour, takes achievements whose listing period ended off the market.
async fn expire_listings(db: Db, engine: Arc<Engine>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        tick.tick().await;
        match db.expire_achievements(kechuang_kernel::clock::today()).await {
            Ok(n) if n > 0 => engine.poke(),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "expiring achievement listings failed"),
        }
    }
}

/// The index's folder in the data directory when none is configured.
pub const INDEX_DIR: &str = "market-index";

/// This instance's search index: `web.index_dir`, or [`INDEX_DIR`] in the
/// data directory; none (an index in memory) when neither is known.
pub fn index_dir(config: &WebConfig) -> Option<std::path::PathBuf> {
    config
        .index_dir
        .clone()
        .or_else(|| config.data_dir.as_ref().map(|d| d.join(INDEX_DIR)))
}

/// Opens this instance's search index (in `config.index_dir`, or in
/// memory), brings it up to date with the database, and returns the engine.
pub async fn open_engine(config: &WebConfig, db: Db) -> anyhow::Result<Arc<Engine>> {
    let dir = index_dir(config);
    let budget = config.index_writer_mib.max(16) * 1024 * 1024;
    let index = tokio::task::spawn_blocking(move || {
        crate::text::warm_up();
        MarketIndex::open(dir.as_deref(), budget)
    })
    .await??;
    let engine = Engine::new(db, Arc::new(index));
    engine
        .catch_up()
        .await
        .map_err(|e| anyhow::anyhow!("search index catch-up: {e}"))?;
    Ok(engine)
}

/// Maps item validation problems to one error naming the first field.
pub(crate) fn invalid(errors: Vec<crate::ItemError>) -> AppError {
    AppError::fields(errors.iter().map(|e| (e.field, e.message.as_str())))
}

/// Money in fen as 万元 text (`12.5万元`), empty when absent.
pub(crate) fn wan(fen: Option<i64>) -> String {
    match fen {
        None => String::new(),
        Some(f) => {
            let wan = f as f64 / 1_000_000.0;
            let s = format!("{wan:.2}");
            format!("{}万元", s.trim_end_matches('0').trim_end_matches('.'))
        }
    }
}

/// A range of money as `a–b万元`.
pub(crate) fn range(min: Option<i64>, max: Option<i64>) -> String {
    match (min, max) {
        (None, None) => String::new(),
        (Some(a), None) => format!("≥ {}", wan(Some(a))),
        (None, Some(b)) => format!("≤ {}", wan(Some(b))),
        (Some(a), Some(b)) => format!("{} – {}", wan(Some(a)).trim_end_matches("万元"), wan(Some(b))),
    }
}
