//! The market's front page (search achievements or demands by free text,
//! with filters; the newest items otherwise), the user's own items, and the
//! review queue of submitted achievements.

use crate::store::prelude::*;
use std::collections::BTreeMap;

use super::api::{filters_of, top_of};
use super::{achievements, demands};
use crate::rank::QueryFacts;
use crate::store::ListQuery;
use crate::vocab::{self, AREAS, FEEDBACK_REASONS, FIELDS, MATURITIES, TRANSFER_MODES};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use kechuang_kernel::access::allows;
use kechuang_kernel::role::Role;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::page::options;
use kechuang_shell::render;
use kechuang_shell::ui::scope_of;
use minijinja::{Value, context};

/// `GET /market?kind=achievement|demand&text=&field=&min_maturity=&area=&mode=`.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let kind = if q.get("kind").map(String::as_str) == Some("demand") {
        "demand"
    } else {
        "achievement"
    };
    let text = q.get("text").map(|s| s.trim().to_owned()).unwrap_or_default();
    let filters = filters_of(&q);
    let top = top_of(&q).unwrap_or(20).max(20);
    let mut results: Vec<Value> = Vec::new();
    let mut latest: Vec<Value> = Vec::new();
    if !text.is_empty() {
        let facts = QueryFacts::from_text(&text, filters.field.as_deref().unwrap_or(""), &[]);
        if kind == "achievement" {
            for m in state
                .service::<crate::search::engine::Engine>()?
                .match_text(&facts, &filters, None, top)
                .await?
            {
                results.push(context! {
                    item => achievements::view(&m.item), score => format!("{:.2}", m.score),
                    x => Value::from_serialize(&m.explanation),
                });
            }
        } else {
            for m in state
                .service::<crate::search::engine::Engine>()?
                .find_demands(&facts, filters.field.clone(), top)
                .await?
            {
                results.push(context! {
                    item => demands::view(&m.item), score => format!("{:.2}", m.score),
                    x => Value::from_serialize(&m.explanation),
                });
            }
        }
    } else {
        let list = ListQuery {
            statuses: vec!["published".into()],
            field: filters.field.clone().unwrap_or_default(),
            limit: 20,
            ..Default::default()
        };
        if kind == "achievement" {
            latest = state
                .db
                .achievements(&list)
                .await?
                .iter()
                .map(achievements::view)
                .collect();
        } else {
            latest = state.db.demands(&list).await?.iter().map(demands::view).collect();
        }
    }
    let saved = match ctx.principal.user_id {
        Some(uid) if allows(ctx.principal.role, crate::access::USE_MARKET_TOOLS) => {
            state.db.saved_searches(uid).await?
        }
        _ => Vec::new(),
    };
    let html = render(
        &ctx,
        "market_home.html",
        context! {
            kind => kind, text => text, results => results, latest => latest, searched => !text.is_empty(),
            filters => Value::from_serialize(&q),
            fields => options(FIELDS), maturities => options(MATURITIES), areas => options(AREAS),
            modes => options(TRANSFER_MODES), saved => Value::from_serialize(&saved),
            can_post_achievement => allows(ctx.principal.role, crate::access::POST_ACHIEVEMENT),
            can_post_demand => allows(ctx.principal.role, crate::access::POST_DEMAND),
            can_review => allows(ctx.principal.role, crate::access::REVIEW_MARKET),
            can_push => allows(ctx.principal.role, crate::access::PUSH_DEMANDS),
            can_see_pushed => ctx.principal.role == Role::InstitutionUser,
            can_save => allows(ctx.principal.role, crate::access::USE_MARKET_TOOLS),
        },
    )?;
    Ok(html.into_response())
}

/// `GET /market/mine`: the achievements and demands the user created or
/// that belong to the user's enterprise.
pub async fn mine(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let base = ListQuery {
        limit: 200,
        ..Default::default()
    };
    let by_me = ListQuery {
        creator_id: Some(ctx.principal.user_id.unwrap_or(-1)),
        ..base.clone()
    };
    let mut achievements = state.db.achievements(&by_me).await?;
    let mut demands = state.db.demands(&by_me).await?;
    if let Some(code) = ctx.principal.enterprise_code.clone().filter(|c| !c.is_empty()) {
        let firm = ListQuery {
            party_code: Some(code),
            ..base.clone()
        };
        for a in state.db.achievements(&firm).await? {
            if !achievements.iter().any(|x| x.id == a.id) {
                achievements.push(a);
            }
        }
        for d in state.db.demands(&firm).await? {
            if !demands.iter().any(|x| x.id == d.id) {
                demands.push(d);
            }
        }
    }
    let html = render(
        &ctx,
        "market_list.html",
        context! {
            title => "我的成果与需求 / My achievements and demands",
            achievements => achievements.iter().map(achievements::view).collect::<Vec<_>>(),
            demands => demands.iter().map(demands::view).collect::<Vec<_>>(),
        },
    )?;
    Ok(html.into_response())
}

/// `GET /market/review`: achievements submitted in the reviewer's scope, and
/// how users judged the proposed matches (for reporting and evaluation).
pub async fn review(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    let q = ListQuery {
        statuses: vec!["under_review".into()],
        scope_like: Some(scope.like_pattern()),
        limit: 500,
        ..Default::default()
    };
    let list = state.db.achievements(&q).await?;
    let feedback: Vec<Value> = state
        .db
        .feedback_counts()
        .await?
        .iter()
        .map(|f| context! { useful => f.useful, reason => vocab::zh(FEEDBACK_REASONS, &f.reason), n => f.n })
        .collect();
    let html = render(
        &ctx,
        "market_list.html",
        context! {
            title => "待审核成果 / Achievements awaiting review",
            achievements => list.iter().map(achievements::view).collect::<Vec<_>>(),
            demands => Vec::<Value>::new(), review => true, feedback => feedback,
        },
    )?;
    Ok(html.into_response())
}
