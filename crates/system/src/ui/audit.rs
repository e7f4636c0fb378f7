//! The audit log browser and its CSV export (UTF-8 with BOM for Excel).

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use kechuang_kernel::audit::{AuditEntry, AuditFilter, Change};
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::render;
use kechuang_shell::ui::{opt, scope_of};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize, Default)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    #[serde(skip_serializing)]
    pub before_id: Option<i64>,
}

/// Start of a calendar day in China (UTC+8), as UTC.
fn day_start(s: &str, field: &str) -> Result<DateTime<Utc>, AppError> {
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, format!("日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD: {s}")))?;
    let local = d.and_hms_opt(0, 0, 0).expect("midnight exists");
    Ok(DateTime::<Utc>::from_naive_utc_and_offset(local, Utc) - chrono::Duration::hours(8))
}

impl AuditQuery {
    pub fn filter(&self, limit: i64) -> Result<AuditFilter, AppError> {
        Ok(AuditFilter {
            actor_name: opt(&self.actor),
            action: opt(&self.action),
            entity: opt(&self.entity),
            entity_id: opt(&self.entity_id),
            since: opt(&self.since).map(|s| day_start(&s, "since")).transpose()?,
            until: opt(&self.until)
                .map(|s| day_start(&s, "until").map(|d| d + chrono::Duration::days(1)))
                .transpose()?,
            before_id: self.before_id,
            limit,
        })
    }
}

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Html<String>, AppError> {
    let scope = scope_of(&ctx)?;
    const PAGE: i64 = 100;
    let entries = state.db.audit_entries(Some(&scope), &q.filter(PAGE)?).await?;
    let older = (entries.len() as i64 == PAGE)
        .then(|| entries.last().map(|e| e.id))
        .flatten();
    let query = serde_urlencoded::to_string(&q).unwrap_or_default();
    render(
        &ctx,
        "audit.html",
        context! { entries => Value::from_serialize(&entries), f => Value::from_serialize(&q), query => query, older => older },
    )
}

/// Writes entries as CSV with a UTF-8 byte-order mark.
pub fn to_csv(entries: &[AuditEntry]) -> Result<Vec<u8>, AppError> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let head = [
            "编号 id",
            "时间 at",
            "操作人 actor",
            "角色 role",
            "操作 action",
            "对象 entity",
            "对象编号 entity_id",
            "区域 region",
            "修改前 before",
            "修改后 after",
            "地址 ip",
        ];
        w.write_record(head)
            .map_err(|e| AppError::internal("writing the CSV", e))?;
        for e in entries {
            let row = [
                e.id.to_string(),
                e.at.to_rfc3339(),
                e.actor_name.clone(),
                e.actor_role.clone(),
                e.action.clone(),
                e.entity.clone(),
                e.entity_id.clone(),
                e.region_path.clone().unwrap_or_default(),
                e.before_json.clone().unwrap_or_default(),
                e.after_json.clone().unwrap_or_default(),
                e.ip.clone().unwrap_or_default(),
            ];
            w.write_record(row.iter().map(|c| kechuang_sheets::csv_safe(c).into_owned()))
                .map_err(|e| AppError::internal("writing the CSV", e))?;
        }
        w.flush().map_err(|e| AppError::internal("writing the CSV", e))?;
    }
    Ok(out)
}

/// Exports up to 100,000 entries matching the filter; the export itself is
/// recorded in the log.
pub async fn export_entries(state: &AppState, ctx: &Ctx, q: &AuditQuery) -> Result<Response, AppError> {
    let scope = scope_of(ctx)?;
    let entries = state.db.audit_entries(Some(&scope), &q.filter(100_000)?).await?;
    let body = to_csv(&entries)?;
    let detail =
        serde_json::json!({"rows": entries.len(), "filter": serde_urlencoded::to_string(q).unwrap_or_default()});
    state
        .db
        .record_event(
            &ctx.actor(),
            Change::new("export", "audit_log", "csv", Some(scope.as_str()), None, Some(detail)),
        )
        .await?;
    let name = format!(
        "attachment; filename=\"audit-{}.csv\"",
        Utc::now().format("%Y%m%d-%H%M%S")
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, name),
        ],
        body,
    )
        .into_response())
}

pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    export_entries(&state, &ctx, &q).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_china_days() {
        let d = day_start("2026-11-23", "since").unwrap();
        assert_eq!(d.to_rfc3339(), "2026-11-22T16:00:00+00:00");
        assert!(day_start("23/11/2026", "since").is_err());
    }
}
