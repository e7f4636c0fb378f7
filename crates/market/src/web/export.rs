//! Exports of the market: published achievements, published demands, and
//! (for those who may see them) the contracts in scope, as .xlsx or .csv with
//! the import templates' headers, so an export can be edited and imported
//! again. An export takes the filters of the list it is started from (the
//! browse pages' `q`, `field`, `status`; the contract register's `year`,
//! `contract_kind`, `pending`). Every export is audited.

use crate::store::prelude::*;
use std::collections::BTreeMap;

use crate::contract::CONTRACT_KINDS;
use crate::store::{ContractQuery, ListQuery, list_of};
use crate::vocab::{self, AREAS, COOPERATION_MODES, FIELDS, MATURITIES, TRANSFER_MODES};
use axum::extract::{Query, State};
use axum::response::Response;
use kechuang_kernel::access::allows;
use kechuang_kernel::audit::Change;
use kechuang_registry::export::Sheet;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::page::{CSV, XLSX, file_response, today};

/// Most rows one export holds.
pub const MAX_ROWS: i64 = 50_000;
const PAGE: i64 = 1000;

/// Every row `fetch(offset)` yields, page by page, up to [`MAX_ROWS`].
async fn paged<T, F, Fut>(mut fetch: F) -> Result<Vec<T>, AppError>
where
    F: FnMut(i64) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<T>, kechuang_kernel::StoreError>>,
{
    let mut rows = Vec::new();
    let mut offset = 0;
    while offset < MAX_ROWS {
        let page = fetch(offset).await?;
        let n = page.len() as i64;
        rows.extend(page);
        if n < PAGE {
            break;
        }
        offset += PAGE;
    }
    Ok(rows)
}

fn yuan(fen: Option<i64>) -> String {
    fen.map(|f| format!("{}", f as f64 / 100.0)).unwrap_or_default()
}

fn labels(vocab: &[vocab::Entry], codes: &[String]) -> String {
    codes.iter().map(|c| vocab::zh(vocab, c)).collect::<Vec<_>>().join("；")
}

/// The browse filters of `q` for `kind`; without a status, what is open now
/// (published achievements; published and in-talks demands).
fn item_query(ctx: &Ctx, q: &BTreeMap<String, String>, kind: &str) -> Result<ListQuery, AppError> {
    let (mut query, _) = super::browse::list_query(ctx, q, kind)?;
    if q.get("status").is_none_or(|s| s.trim().is_empty()) {
        query.statuses = match kind {
            "achievement" => vec!["published".into()],
            _ => vec!["published".into(), "in_talks".into()],
        };
    }
    Ok(query)
}

async fn achievements(state: &AppState, base: ListQuery) -> Result<Sheet, AppError> {
    let headers = [
        "成果名称",
        "成果简介",
        "技术领域",
        "关键词",
        "持有单位",
        "持有单位代码",
        "相关专利",
        "成熟度",
        "转化方式",
        "意向价格下限",
        "意向价格上限",
        "来源地区",
        "产业链",
    ];
    let list = paged(|offset| {
        let q = ListQuery {
            limit: PAGE,
            offset,
            ..base.clone()
        };
        async move { state.db.achievements(&q).await }
    })
    .await?;
    let rows: Vec<Vec<String>> = list
        .into_iter()
        .map(|a| {
            vec![
                a.title.clone(),
                a.summary.clone(),
                vocab::zh(FIELDS, &a.field).to_owned(),
                list_of(&a.keywords).join("；"),
                a.owner_name.clone(),
                a.owner_code.clone(),
                list_of(&a.patents).join("；"),
                a.trl
                    .map(|t| format!("TRL{t}"))
                    .unwrap_or_else(|| vocab::zh(MATURITIES, &a.maturity).to_owned()),
                labels(TRANSFER_MODES, &list_of(&a.transfer_modes)),
                yuan(a.price_min_fen),
                yuan(a.price_max_fen),
                vocab::zh(AREAS, &a.area).to_owned(),
                list_of(&a.chain_tags).join("；"),
            ]
        })
        .collect();
    Ok(Sheet {
        headers: headers.map(str::to_owned).to_vec(),
        rows,
    })
}

async fn demands(state: &AppState, base: ListQuery) -> Result<Sheet, AppError> {
    let headers = [
        "需求名称",
        "需求描述",
        "需求企业",
        "企业信用代码",
        "预期成果",
        "技术领域",
        "关键词",
        "预算下限",
        "预算上限",
        "截止日期",
        "合作方式",
        "产业链",
    ];
    let list = paged(|offset| {
        let q = ListQuery {
            limit: PAGE,
            offset,
            ..base.clone()
        };
        async move { state.db.demands(&q).await }
    })
    .await?;
    let rows: Vec<Vec<String>> = list
        .into_iter()
        .map(|d| {
            vec![
                d.title.clone(),
                d.description.clone(),
                d.enterprise_name.clone(),
                d.enterprise_code.clone(),
                d.expected.clone(),
                vocab::zh(FIELDS, &d.field).to_owned(),
                list_of(&d.keywords).join("；"),
                yuan(d.budget_min_fen),
                yuan(d.budget_max_fen),
                d.deadline.clone().unwrap_or_default(),
                vocab::zh(COOPERATION_MODES, &d.cooperation).to_owned(),
                list_of(&d.chain_tags).join("；"),
            ]
        })
        .collect();
    Ok(Sheet {
        headers: headers.map(str::to_owned).to_vec(),
        rows,
    })
}

async fn contracts(state: &AppState, ctx: &Ctx, q: &BTreeMap<String, String>) -> Result<Sheet, AppError> {
    if !allows(ctx.principal.role, crate::access::VIEW_CONTRACTS) {
        return Err(AppError::Forbidden);
    }
    let base = super::contracts::contract_query(ctx, q, "contract_kind")?;
    let headers = [
        "合同编号",
        "合同类型",
        "项目名称",
        "买方",
        "买方信用代码",
        "买方所在地",
        "卖方",
        "卖方信用代码",
        "卖方所在地",
        "合同金额",
        "技术交易额",
        "签订日期",
        "登记地区",
        "关联成果编号",
        "关联需求编号",
        "关联揭榜挂帅编号",
        "异常标记",
        "核查",
    ];
    let list = paged(|offset| {
        let q = ContractQuery {
            limit: PAGE,
            offset,
            ..base.clone()
        };
        async move { state.db.contracts(&q).await }
    })
    .await?;
    let rows: Vec<Vec<String>> = list
        .into_iter()
        .map(|c| {
            vec![
                c.number.clone(),
                vocab::zh(CONTRACT_KINDS, &c.kind).to_owned(),
                c.title.clone(),
                c.buyer_name.clone(),
                c.buyer_code.clone(),
                vocab::zh(AREAS, &c.buyer_area).to_owned(),
                c.seller_name.clone(),
                c.seller_code.clone(),
                vocab::zh(AREAS, &c.seller_area).to_owned(),
                yuan(Some(c.amount_fen)),
                yuan(Some(c.tech_amount_fen)),
                c.signed_on.clone(),
                c.region_name.clone(),
                c.achievement_id.map(|i| i.to_string()).unwrap_or_default(),
                c.demand_id.map(|i| i.to_string()).unwrap_or_default(),
                c.challenge_id.map(|i| i.to_string()).unwrap_or_default(),
                c.flags.clone(),
                c.review.clone(),
            ]
        })
        .collect();
    Ok(Sheet {
        headers: headers.map(str::to_owned).to_vec(),
        rows,
    })
}

/// `GET /market/export?kind=achievements|demands|contracts&format=xlsx|csv`
/// and the list's filters.
pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let kind = q.get("kind").map(String::as_str).unwrap_or("achievements");
    let (sheet, title) = match kind {
        "achievements" => (
            achievements(&state, item_query(&ctx, &q, "achievement")?).await?,
            "科技成果",
        ),
        "demands" => (demands(&state, item_query(&ctx, &q, "demand")?).await?, "技术需求"),
        "contracts" => (contracts(&state, &ctx, &q).await?, "技术合同"),
        _ => {
            return Err(AppError::invalid(
                "kind",
                "应为 achievements、demands 或 contracts / unknown kind",
            ));
        }
    };
    let csv = q.get("format").is_some_and(|f| f == "csv");
    let summary = serde_json::json!({"rows": sheet.rows.len(), "format": if csv { "csv" } else { "xlsx" }});
    let scope = ctx.principal.scope.as_ref().map(|s| s.as_str().to_owned());
    state
        .db
        .record_event(
            &ctx.actor(),
            Change::new("export", "market", kind, scope.as_deref(), None, Some(summary)),
        )
        .await?;
    let name = format!("{title}-{}", today());
    Ok(if csv {
        file_response(
            sheet.to_csv().map_err(|e| AppError::internal("building the CSV", e))?,
            &format!("{name}.csv"),
            CSV,
        )
    } else {
        let bytes = tokio::task::spawn_blocking(move || sheet.to_xlsx(title))
            .await
            .map_err(|e| AppError::internal("building the sheet", e))?
            .map_err(|e| AppError::internal("building the sheet", e))?;
        file_response(bytes, &format!("{name}.xlsx"), XLSX)
    })
}
