//! 揭榜挂帅 in the web UI: the list of challenges, the form to list one, and
//! its page: status actions for the issuer and staff, the bid form while it
//! is open, the bids with reviewers' scores and reasons and their standing,
//! the award, and the winner's milestones.

use crate::store::prelude::*;
use std::collections::BTreeMap;

use crate::challenge::{BIDDER_KINDS, BidInput, CHALLENGE_STATUSES, ChallengeInput, Score, check_review, standings};
use crate::store::{ChallengeRow, ContractQuery};
use crate::vocab::{self, FIELDS};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use kechuang_kernel::access::allows;
use kechuang_kernel::role::Role;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::page::{PAGE, keep_query, pages, today};
use kechuang_shell::render;
use kechuang_shell::ui::see_other;
use minijinja::{Value, context};

fn is_staff(ctx: &Ctx) -> bool {
    matches!(ctx.principal.role, Role::BureauAdmin | Role::BureauStaff)
}

fn is_issuer(ctx: &Ctx, c: &ChallengeRow) -> bool {
    ctx.principal.user_id.is_some() && ctx.principal.user_id == c.created_by_id
}

fn view(c: &ChallengeRow) -> Value {
    context! {
        c => Value::from_serialize(c), status => vocab::zh(CHALLENGE_STATUSES, &c.status),
        field => vocab::zh(FIELDS, &c.field), reward => super::wan(Some(c.reward_fen)),
    }
}

/// `GET /market/challenges`.
/// `GET /market/challenges?status=&page=`: the challenges everyone may
/// see (staff also drafts and cancelled ones) and the user's own, newest
/// first, a page at a time.
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let mut visible = vec!["open", "reviewing", "awarded", "completed"];
    if is_staff(&ctx) {
        visible.extend(["draft", "cancelled"]);
    }
    let statuses = match q.get("status").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => visible.clone(),
        Some(s) => {
            let code = vocab::parse(CHALLENGE_STATUSES, s).ok_or_else(|| {
                AppError::invalid(
                    "status",
                    format!(
                        "未知状态 / unknown status: {s}（{}）",
                        vocab::choices(CHALLENGE_STATUSES)
                    ),
                )
            })?;
            if !visible.contains(&code) {
                return Err(AppError::Forbidden);
            }
            vec![code]
        }
    };
    // with a status chosen, the user's own challenges of other statuses stay out
    let creator = if q.contains_key("status") {
        None
    } else {
        ctx.principal.user_id
    };
    let page = kechuang_shell::page::page_of(&q)?;
    let total = state.db.count_challenges(&statuses, creator).await?;
    let rows: Vec<Value> = state
        .db
        .challenges(&statuses, creator, PAGE, (page - 1) * PAGE)
        .await?
        .iter()
        .map(view)
        .collect();
    let options: Vec<(String, String)> = kechuang_shell::page::options(CHALLENGE_STATUSES)
        .into_iter()
        .filter(|(code, _)| visible.contains(&code.as_str()))
        .collect();
    let html = render(
        &ctx,
        "market_challenges.html",
        context! {
            rows => rows, can_post => allows(ctx.principal.role, crate::access::POST_CHALLENGE),
            statuses => options, filters => Value::from_serialize(&q),
            pages => pages(total, page), keep => keep_query(&q),
        },
    )?;
    Ok(html.into_response())
}

/// `GET /market/challenges/new`.
pub async fn new_form(ctx: Ctx) -> Result<Response, AppError> {
    Ok(render(
        &ctx,
        "market_challenge_new.html",
        context! { fields => kechuang_shell::page::options(FIELDS) },
    )?
    .into_response())
}

/// `POST /market/challenges`: lists a draft.
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<ChallengeInput>,
) -> Result<Response, AppError> {
    let c = f.validate(today()).map_err(super::invalid)?;
    let region = ctx
        .principal
        .region_id
        .ok_or_else(|| AppError::invalid("region_id", "账户未关联地区 / the account has no region"))?;
    let id = state.db.create_challenge(&ctx.actor(), region, &c).await?;
    Ok(see_other(&format!("/market/challenges/{id}")))
}

/// `GET /market/challenges/{id}`.
pub async fn page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let c = state.db.challenge(id).await?;
    let public = !matches!(c.status.as_str(), "draft" | "cancelled");
    if !public && !is_issuer(&ctx, &c) && !is_staff(&ctx) {
        return Err(AppError::NotFound);
    }
    let reviewer = allows(ctx.principal.role, crate::access::REVIEW_CHALLENGES);
    let sees_bids = is_issuer(&ctx, &c) || is_staff(&ctx) || reviewer;
    let bids = state.db.bids_of(id).await?;
    let reviews = state.db.reviews_of(id).await?;
    let scores: Vec<Score> = reviews
        .iter()
        .map(|r| Score {
            bid_id: r.bid_id,
            score: u8::try_from(r.score).unwrap_or(0),
        })
        .collect();
    let standing = standings(&scores);
    let mine = bids.iter().find(|b| b.bidder == ctx.principal.username).cloned();
    let shown: Vec<Value> = bids
        .iter()
        .filter(|b| sees_bids || b.bidder == ctx.principal.username || c.winning_bid_id == Some(b.id))
        .map(|b| {
            let s = standing.iter().find(|s| s.bid_id == b.id);
            let rs: Vec<_> = reviews.iter().filter(|r| sees_bids && r.bid_id == b.id).collect();
            context! {
                b => Value::from_serialize(b), kind => vocab::zh(BIDDER_KINDS, &b.team_kind),
                budget => super::wan(Some(b.budget_fen)),
                mean => s.map(|s| format!("{:.2}", s.mean_x100 as f64 / 100.0)),
                reviews => Value::from_serialize(&rs), winner => c.winning_bid_id == Some(b.id),
            }
        })
        .collect();
    let milestones = state.db.milestones_of(id).await?;
    let contracts: Vec<Value> = match &ctx.principal.scope {
        Some(scope) if allows(ctx.principal.role, crate::access::VIEW_CONTRACTS) => {
            let q = ContractQuery {
                scope_like: scope.like_pattern(),
                challenge_id: Some(id),
                limit: 100,
                ..Default::default()
            };
            state
                .db
                .contracts(&q)
                .await?
                .iter()
                .map(super::contracts::view)
                .collect()
        }
        _ => Vec::new(),
    };
    let manage = is_issuer(&ctx, &c) || is_staff(&ctx);
    let html = render(
        &ctx,
        "market_challenge.html",
        context! {
            item => view(&c), bids => shown, milestones => Value::from_serialize(&milestones), manage => manage,
            contracts => contracts,
            can_bid => allows(ctx.principal.role, crate::access::BID_CHALLENGES) && c.status == "open",
            mine => mine.as_ref().map(|b| context! {
                b => Value::from_serialize(b), budget => super::wan(Some(b.budget_fen)).trim_end_matches("万元").to_owned(),
            }),
            can_review => reviewer && c.status == "reviewing", kinds => kechuang_shell::page::options(BIDDER_KINDS),
            today => today().to_string(),
        },
    )?;
    Ok(html.into_response())
}

async fn managed(state: &AppState, ctx: &Ctx, id: i64) -> Result<ChallengeRow, AppError> {
    let c = state.db.challenge(id).await?;
    if !(is_issuer(ctx, &c) || is_staff(ctx)) {
        return Err(AppError::Forbidden);
    }
    Ok(c)
}

fn version(f: &BTreeMap<String, String>) -> i64 {
    f.get("version").and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// `POST /market/challenges/{id}/status`: `to`, `version` (issuer or staff).
pub async fn status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let to = f.get("to").map(String::as_str).unwrap_or("");
    if !CHALLENGE_STATUSES.iter().any(|e| e.0 == to) {
        return Err(AppError::invalid("to", "未知的状态 / unknown status"));
    }
    managed(&state, &ctx, id).await?;
    state.db.set_challenge_status(&ctx.actor(), id, version(&f), to).await?;
    Ok(see_other(&format!("/market/challenges/{id}")))
}

/// `POST /market/challenges/{id}/bids`.
pub async fn bid(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<BidInput>,
) -> Result<Response, AppError> {
    let c = state.db.challenge(id).await?;
    let b = f.validate(c.reward_fen).map_err(super::invalid)?;
    state.db.submit_bid(&ctx.actor(), id, &b, today()).await?;
    Ok(see_other(&format!("/market/challenges/{id}")))
}

/// `POST /market/challenges/{id}/bids/{bid}`: the bidder changes its bid.
pub async fn edit_bid(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, bid)): Path<(i64, i64)>,
    Form(f): Form<BidInput>,
) -> Result<Response, AppError> {
    let c = state.db.challenge(id).await?;
    let b = f.validate(c.reward_fen).map_err(super::invalid)?;
    state.db.update_bid(&ctx.actor(), id, bid, &b, today()).await?;
    Ok(see_other(&format!("/market/challenges/{id}")))
}

/// `POST /market/challenges/{id}/bids/{bid}/withdraw`.
pub async fn withdraw_bid(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, bid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    state.db.withdraw_bid(&ctx.actor(), id, bid, today()).await?;
    Ok(see_other(&format!("/market/challenges/{id}")))
}

/// `POST /market/challenges/{id}/reviews`: `bid_id`, `score`, `reason`.
pub async fn review(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let score = check_review(&get("score"), &get("reason")).map_err(super::invalid)?;
    let bid: i64 = get("bid_id")
        .parse()
        .map_err(|_| AppError::invalid("bid_id", "bid_id"))?;
    if !state.db.bids_of(id).await?.iter().any(|b| b.id == bid) {
        return Err(AppError::NotFound);
    }
    state.db.review_bid(&ctx.actor(), bid, score, &get("reason")).await?;
    Ok(see_other(&format!("/market/challenges/{id}")))
}

/// `POST /market/challenges/{id}/award`: `bid_id`, `version`.
pub async fn award(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let bid: i64 = f
        .get("bid_id")
        .and_then(|b| b.parse().ok())
        .ok_or_else(|| AppError::invalid("bid_id", "请选择中榜方案 / choose the winning bid"))?;
    managed(&state, &ctx, id).await?;
    state.db.award_challenge(&ctx.actor(), id, version(&f), bid).await?;
    Ok(see_other(&format!("/market/challenges/{id}")))
}

/// `POST /market/challenges/{id}/milestones`: `title`, `due_on`; or with
/// `done` = milestone id, `note`: marks it reached today.
pub async fn milestone(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    if get("title").trim().is_empty() && get("done").is_empty() {
        return Err(AppError::invalid("title", "请填写里程碑 / a milestone is required"));
    }
    managed(&state, &ctx, id).await?;
    match get("done").parse::<i64>() {
        Ok(m) => {
            if !state.db.milestones_of(id).await?.iter().any(|x| x.id == m) {
                return Err(AppError::NotFound);
            }
            state
                .db
                .complete_milestone(&ctx.actor(), m, &today().to_string(), &get("note"))
                .await?;
        }
        Err(_) => {
            state
                .db
                .add_milestone(&ctx.actor(), id, &get("title"), &get("due_on"))
                .await?;
        }
    }
    Ok(see_other(&format!("/market/challenges/{id}")))
}
