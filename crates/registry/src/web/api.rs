//! Registry API: enterprises (filtered list, one by credit code with tier,
//! certificates and facts), the other kinds of records, and the counts.
//! Contacts are omitted for viewers who may not see them.

use crate::store::prelude::*;
use std::collections::BTreeMap;

use super::counts::{RegistryCounts, collect};
use super::{enterprises, records, sees_contacts};
use crate::kind_spec;
use crate::store::records::Record;
use crate::store::{Enterprise, StoredCertificate, StoredFacts};
use crate::tier_on;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum_extra::extract::WithRejection;
use kechuang_kernel::credit_code::CreditCode;
use kechuang_kernel::region::RegionPath;
use kechuang_shell::AppState;
use kechuang_shell::api::ApiPath;
use kechuang_shell::api::Page;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::{AppError, ErrorBody};
use kechuang_shell::page::today;
use kechuang_shell::ui::scope_of;
use serde::Serialize;
use utoipa::ToSchema;

fn strip(mut e: Enterprise, private: bool) -> Enterprise {
    if !private {
        e.contact_name.clear();
        e.contact_phone.clear();
    }
    e
}

/// Enterprises in the caller's scope. Query parameters: `q` (name or code;
/// Traditional and Simplified match), `region_id`, `industry` (code prefix),
/// `chain`, `certificate` (kind valid today), `size`, `listed`, `sort`
/// (name, code, updated, founded), `page` (20 per page).
#[utoipa::path(get, path = "/api/v1/enterprises", tag = "registry",
    params(
        ("q" = Option<String>, Query, description = "Name or credit code (Traditional and Simplified match)"),
        ("region_id" = Option<i64>, Query, description = "Only this region and below"),
        ("industry" = Option<String>, Query, description = "Industry code prefix"),
        ("chain" = Option<String>, Query, description = "Industry-chain tag"),
        ("certificate" = Option<String>, Query, description = "Certificate kind valid today"),
        ("size" = Option<String>, Query, description = "Enterprise size"),
        ("listed" = Option<bool>, Query, description = "Listed companies only"),
        ("sort" = Option<String>, Query, description = "name, code, updated or founded"),
        ("page" = Option<i64>, Query, description = "Page from 1, 20 per page"),
    ),
    responses((status = 200, body = Page<Enterprise>)))]
pub async fn list_enterprises(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Json<Page<Enterprise>>, AppError> {
    let f = enterprises::filter_of(&ctx, &q);
    let (items, total) = enterprises::find(&state, &scope_of(&ctx)?, &f).await?;
    let private = sees_contacts(&ctx);
    Ok(Json(Page {
        total,
        items: items.into_iter().map(|e| strip(e, private)).collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct EnterpriseDetail {
    pub enterprise: Enterprise,
    /// The tier today, derived from valid certificates.
    pub tier: String,
    pub certificates: Vec<StoredCertificate>,
    pub facts: Vec<StoredFacts>,
}

/// One enterprise by its unified social credit code.
#[utoipa::path(get, path = "/api/v1/enterprises/{code}", tag = "registry",
    params(("code" = String, Path, description = "统一社会信用代码")),
    responses((status = 200, body = EnterpriseDetail), (status = 404, body = ErrorBody)))]
pub async fn enterprise(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Path(code), _): ApiPath<String>,
) -> Result<Json<EnterpriseDetail>, AppError> {
    let code = CreditCode::parse(&code).map_err(|e| AppError::invalid("code", e.to_string()))?;
    let e = state.db.enterprise_by_code(&code).await?.ok_or(AppError::NotFound)?;
    let own = ctx.principal.enterprise_code.as_deref() == Some(e.credit_code.as_str());
    let enterprise_user = ctx.principal.role == kechuang_kernel::role::Role::EnterpriseUser;
    if !ctx.principal.covers(&RegionPath::from_stored(e.region_path.clone())) || (enterprise_user && !own) {
        return Err(AppError::NotFound);
    }
    let certificates = state.db.certificates_of(e.id).await?;
    let domain: Vec<_> = certificates.iter().filter_map(|c| c.certificate()).collect();
    let facts = state.db.facts_of(e.id).await?;
    Ok(Json(EnterpriseDetail {
        tier: tier_on(&domain, today()).as_str().to_owned(),
        enterprise: strip(e, sees_contacts(&ctx) || own),
        certificates,
        facts,
    }))
}

/// Counts by county, valid certificate, and record kind, category and level.
#[utoipa::path(get, path = "/api/v1/registry/counts", tag = "registry",
    responses((status = 200, body = RegistryCounts)))]
pub async fn counts(State(state): State<AppState>, ctx: Ctx) -> Result<Json<RegistryCounts>, AppError> {
    Ok(Json(collect(&state, &scope_of(&ctx)?).await?))
}

/// Records of one kind (`platforms`, `experts`, `institutions`, `agencies`,
/// `investors`). Query parameters: `q`, `region_id`, `category`, `level`,
/// `area`, `status`, `chain`, `sort`, `page`.
#[utoipa::path(get, path = "/api/v1/registry/{kind}", tag = "registry",
    params(
        ("kind" = String, Path, description = "platforms, experts, institutions, agencies or investors"),
        ("q" = Option<String>, Query, description = "Name or code"),
        ("region_id" = Option<i64>, Query, description = "Only this region and below"),
        ("category" = Option<String>, Query, description = "Category of the kind"),
        ("level" = Option<String>, Query, description = "national, provincial or municipal"),
        ("area" = Option<String>, Query, description = "Technical area"),
        ("status" = Option<String>, Query, description = "Record status"),
        ("chain" = Option<String>, Query, description = "Industry-chain tag"),
        ("sort" = Option<String>, Query, description = "Sort order"),
        ("page" = Option<i64>, Query, description = "Page from 1"),
    ),
    responses((status = 200, body = Page<Record>), (status = 404, body = ErrorBody)))]
pub async fn list_records(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Path(kind), _): ApiPath<String>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Json<Page<Record>>, AppError> {
    let spec = kind_spec(&kind).ok_or(AppError::NotFound)?;
    let f = records::filter_of(&q);
    let (mut items, total) = state.db.records(spec.kind, &scope_of(&ctx)?, &f).await?;
    if !sees_contacts(&ctx) {
        for r in &mut items {
            r.contact = "{}".into();
        }
    }
    Ok(Json(Page { total, items }))
}
