//! Enterprise pages: the filtered, sorted, paged list; the detail page with
//! tier, certificates, yearly facts and change history; create and edit
//! forms validated by the same rules as imports; exports of any filtered list.

use crate::store::prelude::*;
use kechuang_kernel::scope::Scope;
use std::collections::{BTreeMap, HashMap};

use super::form::{FormPage, getter, render_form};
use super::sees_contacts;
use crate::enterprise::{ENTERPRISE, parse_enterprise};
use crate::export::{Sheet, enterprise_row, headers};
use crate::run::region_index;
use crate::store::{Enterprise, EnterpriseFilter, EnterpriseSort};
use crate::{CertificateKind, tier_on};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use kechuang_kernel::access::allows;
use kechuang_kernel::audit::{AuditFilter, Change};
use kechuang_kernel::credit_code::CreditCode;
use kechuang_kernel::region::RegionPath;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::page::{CSV, PAGE, XLSX, file_response, keep_query, pages, today};
use kechuang_shell::render;
use kechuang_shell::ui::{region_options, scope_of, see_other};
use minijinja::{Value, context};

/// The list filter from query parameters.
pub fn filter_of(ctx: &Ctx, q: &BTreeMap<String, String>) -> EnterpriseFilter {
    let get = |k: &str| q.get(k).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let page = get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1).max(1);
    EnterpriseFilter {
        query: get("q"),
        region_id: get("region_id").and_then(|v| v.parse().ok()),
        industry_code: get("industry"),
        chain: get("chain"),
        certificate: get("certificate"),
        on: None,
        size: get("size"),
        listed: get("listed").map(|v| v == "1"),
        listing_reserve: get("listing_reserve").map(|v| v == "1"),
        only_code: own_code(ctx),
        sort: match get("sort").as_deref() {
            Some("code") => EnterpriseSort::Code,
            Some("updated") => EnterpriseSort::UpdatedDesc,
            Some("founded") => EnterpriseSort::FoundedDesc,
            _ => EnterpriseSort::Name,
        },
        offset: (page - 1) * PAGE,
        limit: PAGE,
    }
}

/// An enterprise user's own credit code: such a user sees only that record.
fn own_code(ctx: &Ctx) -> Option<String> {
    (ctx.principal.role == kechuang_kernel::role::Role::EnterpriseUser)
        .then(|| ctx.principal.enterprise_code.clone().unwrap_or_else(|| "-".into()))
}

/// Tier labels of `list` today, by enterprise id.
async fn tiers(state: &AppState, list: &[Enterprise]) -> Result<HashMap<i64, &'static str>, AppError> {
    let ids: Vec<i64> = list.iter().map(|e| e.id).collect();
    let mut certs: HashMap<i64, Vec<_>> = HashMap::new();
    for c in state.db.certificates_for(&ids).await? {
        if let Some(cert) = c.certificate() {
            certs.entry(c.enterprise_id).or_default().push(cert);
        }
    }
    let d = today();
    Ok(ids
        .iter()
        .map(|id| (*id, tier_on(certs.get(id).map_or(&[][..], Vec::as_slice), d).label_zh()))
        .collect())
}

/// A page of enterprises for `f` in `scope`: a plain name search goes
/// through the in-memory name index, everything else through the database.
pub(crate) async fn find(
    state: &AppState,
    scope: &Scope,
    f: &EnterpriseFilter,
) -> Result<(Vec<Enterprise>, i64), AppError> {
    let name_query = f
        .query
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty() && !(q.len() >= 2 && q.bytes().all(|b| b.is_ascii_alphanumeric())));
    let plain = f.industry_code.is_none()
        && f.chain.is_none()
        && f.certificate.is_none()
        && f.size.is_none()
        && f.listed.is_none()
        && f.listing_reserve.is_none()
        && f.only_code.is_none()
        && f.sort == EnterpriseSort::Name;
    let Some(q) = name_query.filter(|_| plain) else {
        return Ok(state.db.enterprises(scope, f).await?);
    };
    let regions = state.db.regions().await?;
    let within = match f.region_id {
        Some(id) => scope
            .narrow(&state.db.region(id).await?.region_path())
            .ok_or(AppError::Forbidden)?,
        None => scope.clone(),
    };
    let ids = state
        .service::<super::names::NameIndex>()?
        .search(&state.db, q, &super::names::region_ids(&regions, &within))
        .await?;
    let start = (f.offset.max(0) as usize).min(ids.len());
    let end = (start + f.limit.clamp(1, 1000) as usize).min(ids.len());
    let page = state.db.enterprises_by_ids(&ids[start..end]).await?;
    Ok((page, ids.len() as i64))
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    let f = filter_of(&ctx, &q);
    let (list, total) = find(&state, &scope, &f).await?;
    let tier = tiers(&state, &list).await?;
    let rows: Vec<Value> = list
        .iter()
        .map(|e| {
            let chains: Vec<String> = serde_json::from_str(&e.chain_tags).unwrap_or_default();
            context! { e => Value::from_serialize(e), tier => tier.get(&e.id).copied().unwrap_or(""), chains => chains }
        })
        .collect();
    let regions = state.db.regions().await?;
    let certs: Vec<Value> = CertificateKind::ALL
        .iter()
        .map(|k| context! { value => k.as_str(), label => k.label_zh() })
        .collect();
    let html = render(
        &ctx,
        "registry_enterprises.html",
        context! {
            rows => rows, q => q, pages => pages(total, f.offset / PAGE + 1), keep => keep_query(&q),
            regions => region_options(&regions, Some(&scope)), certificates => certs,
            can_manage => allows(ctx.principal.role, crate::access::MANAGE_REGISTRY),
        },
    )?;
    Ok(html.into_response())
}

/// The enterprise with `code` if the viewer may see it.
pub async fn visible(state: &AppState, ctx: &Ctx, code: &str) -> Result<Enterprise, AppError> {
    let code = CreditCode::parse(code).map_err(|_| AppError::NotFound)?;
    let e = state.db.enterprise_by_code(&code).await?.ok_or(AppError::NotFound)?;
    let in_scope = ctx.principal.covers(&RegionPath::from_stored(e.region_path.clone()));
    let own = own_code(ctx);
    if !in_scope || own.is_some_and(|c| c != e.credit_code) {
        return Err(AppError::NotFound);
    }
    Ok(e)
}

pub async fn detail(State(state): State<AppState>, ctx: Ctx, Path(code): Path<String>) -> Result<Response, AppError> {
    let e = visible(&state, &ctx, &code).await?;
    let private = sees_contacts(&ctx) || own_code(&ctx).is_some();
    let d = today();
    let certs = state.db.certificates_of(e.id).await?;
    let domain: Vec<_> = certs.iter().filter_map(|c| c.certificate()).collect();
    let cert_rows: Vec<Value> = certs
        .iter()
        .map(|c| {
            let valid = c.certificate().is_some_and(|x| x.is_valid_on(d));
            let soon = c
                .certificate()
                .is_some_and(|x| x.is_valid_on(d) && x.expires_on <= d + chrono::Days::new(90));
            let label = CertificateKind::parse(&c.kind).map_or(c.kind.clone(), |k| k.label_zh().to_owned());
            context! { c => Value::from_serialize(c), label => label, valid => valid, soon => soon }
        })
        .collect();
    let facts = state.db.facts_of(e.id).await?;
    let mut history = Vec::new();
    let scope = scope_of(&ctx).ok();
    for (entity, id) in std::iter::once(("enterprise", e.credit_code.clone())).chain(
        facts
            .iter()
            .map(|f| ("enterprise_facts", format!("{}:{}", e.credit_code, f.year))),
    ) {
        let filter = AuditFilter {
            entity: Some(entity.into()),
            entity_id: Some(id),
            limit: 50,
            ..Default::default()
        };
        history.extend(state.db.audit_entries(scope.as_deref(), &filter).await?);
    }
    if let Some(run) = e.import_run_id {
        let filter = AuditFilter {
            entity: Some("enterprise_import".into()),
            entity_id: Some(run.to_string()),
            limit: 1,
            ..Default::default()
        };
        history.extend(state.db.audit_entries(scope.as_deref(), &filter).await?);
    }
    history.sort_by(|a, b| b.at.cmp(&a.at));
    if !private {
        super::redact_history(&mut history);
    }
    let created_by = match e.import_run_id {
        Some(id) => state.db.import_run(id).await.ok(),
        None => None,
    };
    let fields: Vec<Value> = ENTERPRISE
        .fields
        .iter()
        .zip(enterprise_row(&e, true))
        .filter(|(f, _)| private || f.place != crate::spec::Place::Contact)
        .map(|(f, v)| context! { label => f.zh, en => f.en, value => v })
        .collect();
    let own = own_code(&ctx).is_some_and(|c| c == e.credit_code);
    let proposals: Vec<Value> = if own || allows(ctx.principal.role, crate::access::REVIEW_REGISTRY) {
        let scope = scope_of(&ctx)?;
        state
            .db
            .proposals(&scope, Some(e.id))
            .await?
            .iter()
            .map(|p| context! { p => Value::from_serialize(p), year => p.facts().map(|f| f.year) })
            .collect()
    } else {
        Vec::new()
    };
    let html = render(
        &ctx,
        "registry_enterprise.html",
        context! {
            e => Value::from_serialize(&e), fields => fields, tier => tier_on(&domain, d).label_zh(),
            certificates => cert_rows, facts => Value::from_serialize(&facts),
            history => Value::from_serialize(&history), created_by => Value::from_serialize(&created_by),
            can_edit => allows(ctx.principal.role, crate::access::MANAGE_REGISTRY),
            own => own,
            proposal_fields => own.then(super::proposals::form_fields), proposals => proposals,
        },
    )?;
    Ok(html.into_response())
}

/// The form values of a stored enterprise, by field key.
fn values_of(e: &Enterprise) -> HashMap<String, String> {
    ENTERPRISE
        .fields
        .iter()
        .zip(enterprise_row(e, true))
        .map(|(f, v)| (f.key.to_owned(), v))
        .collect()
}

async fn form(
    state: &AppState,
    ctx: &Ctx,
    existing: Option<&Enterprise>,
    values: HashMap<String, String>,
    issues: Vec<crate::FieldIssue>,
) -> Result<Response, AppError> {
    let scope = scope_of(ctx)?;
    let regions: Vec<_> = state
        .db
        .regions()
        .await?
        .into_iter()
        .filter(|r| r.region_path().is_within(&scope))
        .collect();
    let (title, action, back) = match existing {
        Some(e) => (
            format!("编辑企业 / Edit: {}", e.name),
            format!("/registry/enterprises/{}", e.credit_code),
            format!("/registry/enterprises/{}", e.credit_code),
        ),
        None => (
            "新增企业 / New enterprise".to_owned(),
            "/registry/enterprises".to_owned(),
            "/registry/enterprises".to_owned(),
        ),
    };
    render_form(
        ctx,
        FormPage {
            spec: &ENTERPRISE,
            title,
            action,
            back,
            values,
            issues,
            version: existing.map(|e| e.version),
            key_locked: existing.is_some(),
            regions: &regions,
        },
    )
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    form(&state, &ctx, None, HashMap::new(), Vec::new()).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let e = visible(&state, &ctx, &code).await?;
    form(&state, &ctx, Some(&e), values_of(&e), Vec::new()).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let actor = ctx.actor();
    let regions = region_index(&state.db, &actor).await?;
    let parsed = parse_enterprise(&getter(&values), &regions);
    let (code, fields) = match parsed {
        Ok(ok) => ok,
        Err(issues) => return form(&state, &ctx, None, values, issues).await,
    };
    if state.db.enterprise_by_code(&code).await?.is_some() {
        let issue = crate::FieldIssue {
            key: "credit_code",
            column: "统一社会信用代码",
            value: code.to_string(),
            reason: "该统一社会信用代码已登记 / this credit code is already registered".into(),
        };
        return form(&state, &ctx, None, values, vec![issue]).await;
    }
    // a concurrent creation of the same code is refused by the insert
    state.db.create_enterprise(&actor, &code, fields).await?;
    Ok(see_other(&format!("/registry/enterprises/{code}")))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(mut values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let e = visible(&state, &ctx, &code).await?;
    let submitted: i64 = values
        .get("version")
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| AppError::invalid("version", "version：必填 / version is required"))?;
    values.insert("credit_code".into(), e.credit_code.clone());
    let actor = ctx.actor();
    let regions = region_index(&state.db, &actor).await?;
    let parsed = parse_enterprise(&getter(&values), &regions);
    let (code, fields) = match parsed {
        Ok(ok) => ok,
        Err(issues) => return form(&state, &ctx, Some(&e), values, issues).await,
    };
    // the version the editor read is checked in the update itself
    state.db.update_enterprise(&actor, &code, fields, submitted).await?;
    Ok(see_other(&format!("/registry/enterprises/{code}")))
}

pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    let private = sees_contacts(&ctx);
    let f = filter_of(&ctx, &q);
    let mut sheet = Sheet {
        headers: headers(&ENTERPRISE, private),
        rows: Vec::new(),
    };
    state
        .db
        .for_each_enterprise(&scope, &f, &mut |e| {
            sheet.rows.push(enterprise_row(e, private));
            Ok(())
        })
        .await?;
    let csv = q.get("format").is_some_and(|f| f == "csv");
    let summary = serde_json::json!({"rows": sheet.rows.len(), "format": if csv { "csv" } else { "xlsx" },
        "filters": keep_query(&q), "contacts": private});
    state
        .db
        .record_event(
            &ctx.actor(),
            Change::new(
                "export",
                "enterprise",
                "list",
                Some(scope.as_str()),
                None,
                Some(summary),
            ),
        )
        .await?;
    let name = format!("企业名录-{}", today());
    Ok(if csv {
        file_response(
            sheet.to_csv().map_err(|e| AppError::internal("building the CSV", e))?,
            &format!("{name}.csv"),
            CSV,
        )
    } else {
        let bytes = tokio::task::spawn_blocking(move || sheet.to_xlsx("企业名录"))
            .await
            .map_err(|e| AppError::internal("building the sheet", e))?
            .map_err(|e| AppError::internal("building the sheet", e))?;
        file_response(bytes, &format!("{name}.xlsx"), XLSX)
    })
}
