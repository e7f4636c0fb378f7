//! Lists pushed to banks (推送银行): a bank user sees, and exports, only the
//! firms that consented and hold a certificate of a kind the bureau shares;
//! staff choose the kinds; an enterprise user gives or withdraws its own
//! firm's consent. Every change and every export is audited.

use crate::store::prelude::*;
use std::collections::BTreeMap;

use crate::store::bank::BankListed;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use kechuang_kernel::access::allows;
use kechuang_kernel::audit::Change;
use kechuang_registry::CertificateKind;
use kechuang_registry::export::Sheet;
use kechuang_registry::web::visible_enterprise;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::page::{CSV, XLSX, file_response, today};
use kechuang_shell::render;
use kechuang_shell::ui::{scope_of, see_other};
use minijinja::{Value, context};

fn kind_label(kind: &str) -> String {
    CertificateKind::parse(kind).map_or_else(|_| kind.to_owned(), |k| k.label_zh().to_owned())
}

async fn listed(state: &AppState, ctx: &Ctx) -> Result<(Vec<String>, Vec<BankListed>), AppError> {
    let scope = scope_of(ctx)?;
    let kinds = state.db.bank_shared_kinds().await?;
    let list = state.db.bank_list(&scope, &kinds, &today().to_string()).await?;
    Ok((kinds, list))
}

/// `GET /cultivation/bank`.
pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let (kinds, list) = listed(&state, &ctx).await?;
    let rows: Vec<Value> = list
        .iter()
        .map(|f| {
            let certs: Vec<String> = f
                .certificates
                .iter()
                .map(|(k, n, until)| format!("{}（{n}，至 {until}）", kind_label(k)))
                .collect();
            context! { f => Value::from_serialize(f), certs => certs }
        })
        .collect();
    let options: Vec<Value> = CertificateKind::ALL
        .iter()
        .map(|k| context! { key => k.as_str(), label => k.label_zh(), shared => kinds.iter().any(|s| s == k.as_str()) })
        .collect();
    let shared: Vec<String> = kinds.iter().map(|k| kind_label(k)).collect();
    let html = render(
        &ctx,
        "cultivation_bank.html",
        context! {
            rows => rows, options => options, shared => shared,
            can_manage => allows(ctx.principal.role, crate::access::MANAGE_BANK_SHARING),
        },
    )?;
    Ok(html.into_response())
}

/// `GET /cultivation/bank/export?format=csv|xlsx`: the list as a file.
pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let (kinds, list) = listed(&state, &ctx).await?;
    let sheet = Sheet {
        headers: ["统一社会信用代码", "企业名称", "所在县区", "行业", "证书"]
            .map(str::to_owned)
            .to_vec(),
        rows: list
            .iter()
            .map(|f| {
                let certs: Vec<String> = f
                    .certificates
                    .iter()
                    .map(|(k, n, until)| format!("{} {n} 至{until}", kind_label(k)))
                    .collect();
                vec![
                    f.credit_code.clone(),
                    f.name.clone(),
                    f.region_name.clone(),
                    f.industry_name.clone(),
                    certs.join("；"),
                ]
            })
            .collect(),
    };
    let csv = q.get("format").is_some_and(|f| f == "csv");
    let scope = scope_of(&ctx)?;
    let summary =
        serde_json::json!({"rows": sheet.rows.len(), "kinds": kinds, "format": if csv { "csv" } else { "xlsx" }});
    state
        .db
        .record_event(
            &ctx.actor(),
            Change::new("export", "bank_list", "list", Some(scope.as_str()), None, Some(summary)),
        )
        .await?;
    let name = format!("银行推送名单-{}", today());
    Ok(if csv {
        file_response(
            sheet.to_csv().map_err(|e| AppError::internal("building the CSV", e))?,
            &format!("{name}.csv"),
            CSV,
        )
    } else {
        let bytes = tokio::task::spawn_blocking(move || sheet.to_xlsx("银行推送名单"))
            .await
            .map_err(|e| AppError::internal("building the sheet", e))?
            .map_err(|e| AppError::internal("building the sheet", e))?;
        file_response(bytes, &format!("{name}.xlsx"), XLSX)
    })
}

/// `POST /cultivation/bank/settings`: the shared kinds (checkboxes `kind`).
pub async fn settings(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut kinds: Vec<String> = Vec::new();
    for (k, v) in form.into_iter().filter(|(k, _)| k == "kind") {
        let kind = CertificateKind::parse(&v).map_err(|_| AppError::invalid(&k, "未知的证书类型 / unknown kind"))?;
        if !kinds.iter().any(|x| x == kind.as_str()) {
            kinds.push(kind.as_str().to_owned());
        }
    }
    state.db.set_bank_shared_kinds(&ctx.actor(), &kinds).await?;
    Ok(see_other("/cultivation/bank"))
}

#[derive(serde::Deserialize)]
pub struct Consent {
    pub consent: String,
}

/// `POST /cultivation/bank/consent`: an enterprise user's own firm.
pub async fn consent(State(state): State<AppState>, ctx: Ctx, Form(c): Form<Consent>) -> Result<Response, AppError> {
    let code = ctx.principal.enterprise_code.clone().ok_or(AppError::Forbidden)?;
    let e = visible_enterprise(&state, &ctx, &code).await?;
    let consented = match c.consent.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(AppError::invalid(
                "consent",
                "请选择同意或撤回 / give or withdraw consent",
            ));
        }
    };
    state.db.set_bank_consent(&ctx.actor(), &e, consented).await?;
    Ok(see_other("/cultivation/bank/consent"))
}

/// The enterprise user's own consent to be shown to banks.
pub async fn consent_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let code = ctx.principal.enterprise_code.clone().ok_or(AppError::Forbidden)?;
    let e = visible_enterprise(&state, &ctx, &code).await?;
    let consented = state.db.bank_consent(e.id).await?.is_some_and(|c| c.consented);
    Ok(render(
        &ctx,
        "cultivation_bank_consent.html",
        context! { firm => context! { name => e.name, credit_code => e.credit_code }, consented => consented },
    )?
    .into_response())
}
