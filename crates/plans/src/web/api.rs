//! Plans API: list, upload (parse) a document, the board of a plan, publish,
//! report progress, assessment scores.

use super::assessment::{counties, scores};
use super::board::{TargetRow, TaskRow, task_row};
use super::import::new_plan;
use super::supervise::target_rows;
use crate::store::prelude::*;
use crate::store::{Incentive, NewProgressReport, Plan, ProgressReport, to_e4};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum_extra::extract::WithRejection;
use base64::Engine;
use kechuang_shell::AppState;
use kechuang_shell::api::{ApiJson, ApiPath};
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::{AppError, ErrorBody};
use kechuang_shell::ui::scope_of;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Plans visible to the caller.
#[utoipa::path(get, path = "/api/v1/plans", tag = "plans", responses((status = 200, body = Vec<Plan>)))]
pub async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Vec<Plan>>, AppError> {
    Ok(Json(state.db.plans(&scope_of(&ctx)?).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct UploadBody {
    /// Region (city or county) the plan belongs to.
    pub region_id: i64,
    /// File name; its extension selects the format (.txt, .html, .docx, .pdf).
    pub file_name: String,
    /// The file, base64-encoded; or give `text` instead.
    pub content_base64: Option<String>,
    pub text: Option<String>,
}

/// Parses a policy document into a draft plan.
#[utoipa::path(post, path = "/api/v1/plans", tag = "plans", request_body = UploadBody,
    responses((status = 201, body = Plan), (status = 422, body = ErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Json(b), _): ApiJson<UploadBody>,
) -> Result<(StatusCode, Json<Plan>), AppError> {
    let source = match (&b.content_base64, &b.text) {
        (Some(c), _) => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(c.trim())
                .map_err(|_| AppError::invalid("content_base64", "不是有效的base64 / not valid base64"))?;
            crate::extract_text(&b.file_name, &bytes).map_err(|e| {
                AppError::invalid(
                    "content_base64",
                    format!("无法读取文档 / cannot read the document: {e}"),
                )
            })?
        }
        (None, Some(t)) if !t.trim().is_empty() => t.clone(),
        _ => {
            return Err(AppError::invalid(
                "text",
                "请提供文件内容或文本 / give content_base64 or text",
            ));
        }
    };
    let parsed = crate::parse_plan(&source);
    let plan = state
        .db
        .create_plan(&ctx.actor(), new_plan(b.region_id, &b.file_name, source, &parsed))
        .await?;
    Ok((StatusCode::CREATED, Json(plan)))
}

#[derive(Serialize, ToSchema)]
pub struct PlanDetail {
    pub plan: Plan,
    pub targets: Vec<TargetRow>,
    pub tasks: Vec<TaskRow>,
    pub incentives: Vec<Incentive>,
}

/// A plan with its supervision board (target status, task status).
#[utoipa::path(get, path = "/api/v1/plans/{id}", tag = "plans", params(("id" = i64, Path)),
    responses((status = 200, body = PlanDetail), (status = 404, body = ErrorBody)))]
pub async fn detail(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Path(id), _): ApiPath<i64>,
) -> Result<Json<PlanDetail>, AppError> {
    let plan = state.db.plan(&scope_of(&ctx)?, id).await?;
    let targets = target_rows(&state, &ctx, &plan).await?;
    let tasks = state
        .db
        .plan_tasks(id)
        .await?
        .iter()
        .map(|t| task_row(t, kechuang_shell::page::today()))
        .collect();
    let incentives = state.db.plan_incentives(id).await?;
    Ok(Json(PlanDetail {
        plan,
        targets,
        tasks,
        incentives,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct VersionBody {
    pub version: i64,
}

/// Publishes a reviewed draft.
#[utoipa::path(post, path = "/api/v1/plans/{id}/publish", tag = "plans", params(("id" = i64, Path)), request_body = VersionBody,
    responses((status = 200, body = Plan), (status = 409, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Path(id), _): ApiPath<i64>,
    WithRejection(Json(b), _): ApiJson<VersionBody>,
) -> Result<Json<Plan>, AppError> {
    Ok(Json(state.db.publish_plan(&ctx.actor(), id, b.version).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct ReportBody {
    pub region_id: i64,
    pub value: f64,
    /// YYYY-MM-DD
    pub reported_on: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub note: String,
}

/// Reports progress on a target for a region in the caller's scope.
#[utoipa::path(post, path = "/api/v1/plans/{id}/targets/{item}/reports", tag = "plans",
    params(("id" = i64, Path), ("item" = i64, Path)), request_body = ReportBody,
    responses((status = 201, body = ProgressReport), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn report(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Path((id, item)), _): ApiPath<(i64, i64)>,
    WithRejection(Json(b), _): ApiJson<ReportBody>,
) -> Result<(StatusCode, Json<ProgressReport>), AppError> {
    if state.db.plan_target(item).await?.plan_id != id {
        return Err(AppError::NotFound);
    }
    let value_e4 = to_e4(b.value).ok_or_else(|| AppError::invalid("value", "数值无效 / invalid value"))?;
    let new = NewProgressReport {
        target_id: item,
        region_id: b.region_id,
        value_e4,
        reported_on: b.reported_on,
        source: b.source,
        note: b.note,
        attachment: None,
    };
    Ok((
        StatusCode::CREATED,
        Json(state.db.add_progress_report(&ctx.actor(), new).await?),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct ScoreRow {
    pub rank: usize,
    pub county: String,
    pub total: f64,
    pub parts: Vec<ScorePartRow>,
}

#[derive(Serialize, ToSchema)]
pub struct ScorePartRow {
    pub indicator: String,
    pub value: Option<f64>,
    pub normalized: f64,
    pub points: f64,
    pub note: String,
}

/// Scores and ranking of a county assessment, with the explanation of every part.
#[utoipa::path(get, path = "/api/v1/assessments/{id}/scores", tag = "plans", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ScoreRow>), (status = 422, body = ErrorBody)))]
pub async fn assessment_scores(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Path(id), _): ApiPath<i64>,
) -> Result<Json<Vec<ScoreRow>>, AppError> {
    let a = state.db.assessment(&scope_of(&ctx)?, id).await?;
    let counties = counties(&state, &a).await?;
    let computed = super::assessment::computed(&state, &ctx, &a, &counties).await?;
    let rows = scores(&a, &counties, &computed)?
        .into_iter()
        .map(|s| ScoreRow {
            rank: s.rank,
            county: s.county,
            total: s.total,
            parts: s
                .parts
                .into_iter()
                .map(|p| ScorePartRow {
                    indicator: p.indicator,
                    value: p.value,
                    normalized: p.normalized,
                    points: p.points,
                    note: p.note,
                })
                .collect(),
        })
        .collect();
    Ok(Json(rows))
}
