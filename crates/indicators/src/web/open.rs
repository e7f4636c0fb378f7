//! Open data (开放数据), for anyone without signing in: the licence and the
//! datasets (`/open`), each dataset a page at a time as JSON with stable
//! identifiers (`/api/v1/open/{dataset}?after=&limit=`), and whole as CSV
//! or JSON (`/open/{dataset}.csv`). Every request counts against a limit
//! per address, kept in the database so that several instances share it.

use crate::catalogue::CATALOGUE;
use crate::figures::Area;
use crate::store::open::{Dataset, OpenStore};
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use kechuang_kernel::limits::Limit;
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::vocab::Lang;
use kechuang_sheets::table_to_csv;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::{AppError, ErrorBody};
use kechuang_shell::form::Query;
use kechuang_shell::page::{CSV, file_response};
use kechuang_shell::render;
use minijinja::context;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::IntoParams;

/// Requests to open data an address may make in a minute.
pub const PER_MINUTE: i64 = 120;
/// Items in one page of the API, at most.
pub const MAX_PAGE: i64 = 1000;
/// Rows in one bulk file, at most.
const MAX_ROWS: usize = 200_000;

/// The licence every dataset is published under.
pub const LICENCE: &str = "开放数据许可：可免费复制、传播和使用（含商业用途），须注明来源“科创开放数据”及获取日期；数据按现状提供，以原发布机关公布为准。 / Open data licence: free to copy, share and use (commercial use included) with attribution to \"kechuang open data\" and the date retrieved; provided as is, the issuing authority's publication prevails.";

async fn count_request(state: &AppState, ctx: &Ctx) -> Result<(), AppError> {
    let key = format!("open:{}", ctx.ip.as_deref().unwrap_or("-"));
    let limit = Limit {
        max: PER_MINUTE,
        window_secs: 60,
    };
    if state.db.take(&key, limit, kechuang_kernel::now()).await? {
        Ok(())
    } else {
        Err(AppError::TooManyRequests(format!(
            "开放数据每个地址每分钟至多{PER_MINUTE}次请求，请稍后再试 / at most {PER_MINUTE} requests a minute from one address; try again shortly"
        )))
    }
}

fn dataset(code: &str) -> Result<Dataset, AppError> {
    Dataset::from_code(code).ok_or(AppError::NotFound)
}

/// Which page.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct PageQuery {
    /// Items with an identifier (for `figures`: a position) after this one.
    #[serde(default)]
    pub after: Option<i64>,
    /// Items in the page, 1 to 1000 (default 100).
    #[serde(default)]
    pub limit: Option<i64>,
}

/// One page of a dataset.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OpenPage {
    pub dataset: String,
    pub licence: String,
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<Value>,
    /// Pass as `after` for the next page; absent on the last.
    pub next_after: Option<i64>,
    /// When the page was read (China time).
    pub retrieved_at: String,
}

/// The figures of every city and county, five years up to this one.
async fn figures(state: &AppState) -> Result<Vec<Value>, AppError> {
    let today = kechuang_kernel::clock::today();
    let years: Vec<i32> = (today.year() - 5..=today.year()).collect();
    let root = RegionPath::from_stored("/".into());
    let (book, _) = state
        .service::<super::view::Books>()?
        .get(&state.db, &root, &years, today)
        .await?;
    let mut out = Vec::new();
    for r in state.db.regions().await? {
        for s in CATALOGUE {
            for &y in &years[1..] {
                let f = book.figure(s.key, &Area::Region(r.id), y);
                out.push(serde_json::json!({
                    "region_code": r.code, "region": r.name, "year": y, "indicator": s.key.as_str(),
                    "name": s.key.label(Lang::Zh), "value": f.value, "unit": s.unit.label(Lang::Zh),
                    "definition_version": s.version,
                }));
            }
        }
    }
    Ok(out)
}

/// Items of `set` after `after`, at most `limit`, with the next `after`.
async fn items(state: &AppState, set: Dataset, after: i64, limit: i64) -> Result<(Vec<Value>, Option<i64>), AppError> {
    fn json<T: Serialize>(x: &T) -> Value {
        serde_json::to_value(x).unwrap_or_default()
    }
    let (rows, last): (Vec<Value>, Option<i64>) = match set {
        Dataset::Achievements => {
            let rows = state.db.open_achievements(after, limit).await?;
            let last = rows.last().map(|r| r.id);
            (rows.iter().map(json).collect(), last)
        }
        Dataset::Demands => {
            let rows = state.db.open_demands(after, limit).await?;
            let last = rows.last().map(|r| r.id);
            (rows.iter().map(json).collect(), last)
        }
        Dataset::Platforms => {
            let rows = state.db.open_platforms(after, limit).await?;
            let last = rows.last().map(|r| r.id);
            (rows.iter().map(json).collect(), last)
        }
        Dataset::Figures => {
            let all = figures(state).await?;
            let from = usize::try_from(after.max(0)).unwrap_or(usize::MAX);
            let page: Vec<Value> = all.iter().skip(from).take(limit as usize).cloned().collect();
            let last = (!page.is_empty()).then(|| after.max(0) + page.len() as i64);
            (page, last)
        }
    };
    let next = if (rows.len() as i64) < limit { None } else { last };
    Ok((rows, next))
}

/// One page of an open dataset (`achievements`, `demands`, `platforms`,
/// `figures`), in identifier order, with the licence.
#[utoipa::path(get, path = "/api/v1/open/{dataset}", tag = "open data",
    params(("dataset" = String, Path, description = "achievements, demands, platforms or figures"), PageQuery),
    responses((status = 200, body = OpenPage), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
              (status = 429, body = ErrorBody)))]
pub async fn api_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Json<OpenPage>, AppError> {
    count_request(&state, &ctx).await?;
    let set = dataset(&code)?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(AppError::invalid(
            "limit",
            format!("每页1到{MAX_PAGE}条 / 1 to {MAX_PAGE} items a page"),
        ));
    }
    let (items, next_after) = items(&state, set, q.after.unwrap_or(0), limit).await?;
    Ok(Json(OpenPage {
        dataset: set.as_str().to_owned(),
        licence: LICENCE.to_owned(),
        items,
        next_after,
        retrieved_at: kechuang_kernel::clock::china_time_text(kechuang_kernel::now()),
    }))
}

/// `GET /open`: the licence, the datasets and how to fetch them.
pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    count_request(&state, &ctx).await?;
    let sets: Vec<(String, String)> = Dataset::ALL
        .iter()
        .map(|d| (d.as_str().to_owned(), d.label(ctx.lang).to_owned()))
        .collect();
    let html = render(
        &ctx,
        "indicators_open.html",
        context! { sets => sets, licence => LICENCE, per_minute => PER_MINUTE, max_page => MAX_PAGE },
    )?;
    Ok(html.into_response())
}

/// `GET /open/{dataset}.csv` or `.json`: the whole dataset.
pub async fn download(State(state): State<AppState>, ctx: Ctx, Path(file): Path<String>) -> Result<Response, AppError> {
    count_request(&state, &ctx).await?;
    let (code, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let set = dataset(code)?;
    let mut rows: Vec<Value> = Vec::new();
    let mut after = 0;
    loop {
        let (page, next) = items(&state, set, after, MAX_PAGE).await?;
        rows.extend(page);
        match next {
            Some(n) if rows.len() < MAX_ROWS => after = n,
            _ => break,
        }
    }
    let name = format!("{}-{}.{ext}", set.as_str(), kechuang_kernel::clock::today());
    match ext {
        "json" => {
            let body = serde_json::json!({ "dataset": set.as_str(), "licence": LICENCE, "items": rows });
            let bytes = serde_json::to_vec(&body).map_err(|e| AppError::internal("open data", e))?;
            Ok(file_response(bytes, &name, "application/json"))
        }
        "csv" => {
            let headers: Vec<String> = rows
                .first()
                .and_then(Value::as_object)
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            let cell = |v: Option<&Value>| match v {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
            };
            let table = rows
                .iter()
                .map(|r| headers.iter().map(|h| cell(r.get(h))).collect::<Vec<_>>());
            let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
            let bytes = table_to_csv(&refs, table).map_err(|e| AppError::internal("open data", e))?;
            Ok(file_response(bytes, &name, CSV))
        }
        _ => Err(AppError::NotFound),
    }
}
