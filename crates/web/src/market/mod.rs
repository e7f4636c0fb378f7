//! The technology market (技术市场) in the web UI and API: achievements and
//! demands (forms, life cycle, lists), matching in both directions with
//! explanations and feedback, the review queue, demand lists pushed to
//! institutions, saved searches and the inbox; paged lists to browse. Matching itself is
//! `kechuang_search::engine`; rules are `kechuang_market`.

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
mod pushes;

use std::sync::Arc;

use crate::access::{RouteSpec, route};
use crate::app::AppState;
use crate::config::WebConfig;
use crate::error::AppError;
use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};
use kechuang_kernel::Db;
use kechuang_kernel::access::Permission::*;
use kechuang_search::MarketIndex;
use kechuang_search::engine::Engine;

pub use api::openapi_routes;
pub(crate) use browse::page_of;

pub const ROUTES: &[RouteSpec] = &[
    route(Method::GET, "/market", ViewMarket),
    route(Method::GET, "/market/achievements/new", PostAchievement),
    route(Method::GET, "/market/achievements", ViewMarket),
    route(Method::POST, "/market/achievements", PostAchievement),
    route(Method::GET, "/market/achievements/{id}", ViewMarket),
    route(Method::POST, "/market/achievements/{id}", PostAchievement),
    route(Method::POST, "/market/achievements/{id}/status", PostAchievement),
    route(Method::GET, "/market/demands/new", PostDemand),
    route(Method::GET, "/market/demands", ViewMarket),
    route(Method::POST, "/market/demands", PostDemand),
    route(Method::GET, "/market/demands/{id}", ViewMarket),
    route(Method::POST, "/market/demands/{id}/status", PostDemand),
    route(Method::GET, "/market/export", ViewMarket),
    route(Method::GET, "/market/mine", UseMarketTools),
    route(Method::GET, "/market/review", ReviewMarket),
    route(Method::GET, "/market/push", PushDemands),
    route(Method::POST, "/market/push", PushDemands),
    route(Method::GET, "/market/pushed", ViewPushedDemands),
    route(Method::POST, "/market/feedback", UseMarketTools),
    route(Method::POST, "/market/saved", UseMarketTools),
    route(Method::POST, "/market/saved/{id}/delete", UseMarketTools),
    route(Method::GET, "/inbox", UseMarketTools),
    route(Method::POST, "/inbox/read", UseMarketTools),
    route(Method::GET, "/market/challenges", ViewMarket),
    route(Method::GET, "/market/challenges/new", PostChallenge),
    route(Method::POST, "/market/challenges", PostChallenge),
    route(Method::GET, "/market/challenges/{id}", ViewMarket),
    route(Method::POST, "/market/challenges/{id}/status", PostChallenge),
    route(Method::POST, "/market/challenges/{id}/bids", BidChallenges),
    route(Method::POST, "/market/challenges/{id}/bids/{bid}", BidChallenges),
    route(
        Method::POST,
        "/market/challenges/{id}/bids/{bid}/withdraw",
        BidChallenges,
    ),
    route(Method::POST, "/market/challenges/{id}/reviews", ReviewChallenges),
    route(Method::POST, "/market/challenges/{id}/award", PostChallenge),
    route(Method::POST, "/market/challenges/{id}/milestones", PostChallenge),
    route(Method::GET, "/market/contracts", ViewContracts),
    route(Method::GET, "/market/contracts/new", RegisterContracts),
    route(Method::POST, "/market/contracts", RegisterContracts),
    route(Method::GET, "/market/contracts/stats", ViewContracts),
    route(Method::GET, "/market/contracts/{id}", ViewContracts),
    route(Method::POST, "/market/contracts/{id}/review", ReviewMarket),
    route(Method::GET, "/api/v1/market/contracts/stats", ViewContracts),
    route(Method::GET, "/api/v1/market/match", ViewMarket),
    route(Method::GET, "/api/v1/market/achievements", ViewMarket),
    route(Method::GET, "/api/v1/market/demands", ViewMarket),
    route(Method::GET, "/api/v1/market/demands/{id}/matches", ViewMarket),
    route(Method::GET, "/api/v1/market/achievements/{id}/matches", ViewMarket),
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/market", get(home::page))
        .route("/market/achievements/new", get(achievements::new_form))
        .route(
            "/market/achievements",
            get(browse::achievements).post(achievements::create),
        )
        .route(
            "/market/achievements/{id}",
            get(achievements::page).post(achievements::edit),
        )
        .route("/market/achievements/{id}/status", post(achievements::status))
        .route("/market/demands/new", get(demands::new_form))
        .route("/market/demands", get(browse::demands).post(demands::create))
        .route("/market/demands/{id}", get(demands::page))
        .route("/market/demands/{id}/status", post(demands::status))
        .route("/market/export", get(export::export))
        .route("/market/mine", get(home::mine))
        .route("/market/review", get(home::review))
        .route("/market/push", get(pushes::page).post(pushes::push))
        .route("/market/pushed", get(pushes::pushed))
        .route("/market/feedback", post(inbox::feedback))
        .route("/market/saved", post(inbox::save_search))
        .route("/market/saved/{id}/delete", post(inbox::delete_search))
        .route("/inbox", get(inbox::page))
        .route("/inbox/read", post(inbox::read))
        .route("/market/challenges", get(challenges::list).post(challenges::create))
        .route("/market/challenges/new", get(challenges::new_form))
        .route("/market/challenges/{id}", get(challenges::page))
        .route("/market/challenges/{id}/status", post(challenges::status))
        .route("/market/challenges/{id}/bids", post(challenges::bid))
        .route("/market/challenges/{id}/bids/{bid}", post(challenges::edit_bid))
        .route(
            "/market/challenges/{id}/bids/{bid}/withdraw",
            post(challenges::withdraw_bid),
        )
        .route("/market/challenges/{id}/reviews", post(challenges::review))
        .route("/market/challenges/{id}/award", post(challenges::award))
        .route("/market/challenges/{id}/milestones", post(challenges::milestone))
        .route("/market/contracts", get(contracts::list).post(contracts::create))
        .route("/market/contracts/new", get(contracts::new_form))
        .route("/market/contracts/stats", get(contracts::stats_page))
        .route("/market/contracts/{id}", get(contracts::page))
        .route("/market/contracts/{id}/review", post(contracts::review))
}

/// Opens this instance's search index (in `config.index_dir`, or in
/// memory), brings it up to date with the database, and returns the engine.
pub async fn open_engine(config: &WebConfig, db: Db) -> anyhow::Result<Arc<Engine>> {
    let dir = config.index_dir.clone();
    let budget = config.index_writer_mib.max(16) * 1024 * 1024;
    let index = tokio::task::spawn_blocking(move || {
        kechuang_market::text::warm_up();
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

impl From<kechuang_search::engine::EngineError> for AppError {
    fn from(e: kechuang_search::engine::EngineError) -> Self {
        match e {
            kechuang_search::engine::EngineError::Store(s) => s.into(),
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// Maps item validation problems to one error naming the first field.
pub(crate) fn invalid(errors: Vec<kechuang_market::ItemError>) -> AppError {
    AppError::fields(errors.iter().map(|e| (e.field, e.message.as_str())))
}

/// Vocabulary entries as (code, label) pairs for templates.
pub(crate) fn options(vocab: &[kechuang_market::vocab::Entry]) -> Vec<(String, String)> {
    vocab.iter().map(|e| (e.0.to_owned(), e.1.to_owned())).collect()
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
