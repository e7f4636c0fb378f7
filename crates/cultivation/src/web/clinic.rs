//! Clinic report pages: one enterprise (an enterprise user sees only its
//! own), and a county's enterprises one after another for printing, a page
//! of firms at a time.

use crate::store::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::clinic::{Answers, ClinicReport, Profile, ProfileYear, clinic};
use crate::hte::RdManagement;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use kechuang_kernel::access::allows;
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::scope::Scope;
use kechuang_registry::store::Enterprise;
use kechuang_registry::store::facts::StoredFacts;
use kechuang_registry::store::records::{Record, RecordFilter};
use kechuang_registry::web::{filter_of, visible_enterprise};
use kechuang_registry::{Certificate, CertificateKind, tier_on};
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::page::{PAGE, keep_query, pages, today};
use kechuang_shell::render;
use kechuang_shell::ui::{region_options, scope_of};
use minijinja::{Value, context};

/// Whole yuan from fen, cut toward zero.
fn yuan(fen: i64) -> i64 {
    fen / 100
}

fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// The clinic's view of one year of registry figures.
pub(crate) fn profile_year(f: &kechuang_registry::YearFacts) -> ProfileYear {
    ProfileYear {
        year: f.year,
        employees: count(f.employees),
        st_staff: count(f.st_staff),
        revenue: yuan(f.revenue_fen),
        high_tech_revenue: yuan(f.high_tech_revenue_fen),
        rd_expense: yuan(f.rd_expense_fen),
        rd_expense_in_china: yuan(f.rd_expense_in_china_fen),
        total_assets: yuan(f.total_assets_fen),
        net_assets: yuan(f.net_assets_fen),
        invention_patents: count(f.invention_patents),
        utility_models: count(f.utility_models),
        software_copyrights: count(f.software_copyrights),
    }
}

/// The clinic's view of an enterprise's registry record.
pub(crate) fn profile_of(
    e: &Enterprise,
    facts: &[StoredFacts],
    certs: &[Certificate],
    answers: Answers,
    as_of: chrono::NaiveDate,
) -> Profile {
    Profile {
        founded_on: e
            .founded_on
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        as_of,
        years: facts.iter().map(|s| profile_year(&s.facts())).collect(),
        hte_certificate_valid: certs
            .iter()
            .any(|c| c.kind == CertificateKind::HighTechEnterprise && c.is_valid_on(as_of)),
        answers,
    }
}

/// The stored answers of a firm (none when never answered or unreadable).
async fn answers_of(state: &AppState, enterprise_id: i64) -> Result<Answers, AppError> {
    Ok(state
        .db
        .clinic_answers(enterprise_id)
        .await?
        .and_then(|a| serde_json::from_str(&a.answers_json).ok())
        .unwrap_or_default())
}

/// One report with what the template needs beside it.
fn report_value(e: &Enterprise, certs: &[Certificate], report: &ClinicReport, as_of: chrono::NaiveDate) -> Value {
    // The tier history: the tier held at the end of every year of the trend.
    let tiers: Vec<&str> = report
        .trend
        .iter()
        .map(|y| {
            chrono::NaiveDate::from_ymd_opt(y.year, 12, 31).map_or("", |end| tier_on(certs, end.min(as_of)).label_zh())
        })
        .collect();
    context! {
        e => Value::from_serialize(e),
        tier => tier_on(certs, as_of).label_zh(),
        tiers => tiers,
        r => Value::from_serialize(report),
    }
}

async fn report_of(state: &AppState, e: &Enterprise, as_of: chrono::NaiveDate) -> Result<Value, AppError> {
    let facts = state.db.facts_of(e.id).await?;
    let certs: Vec<Certificate> = state
        .db
        .certificates_of(e.id)
        .await?
        .iter()
        .filter_map(|c| c.certificate())
        .collect();
    let answers = answers_of(state, e.id).await?;
    let report = clinic(&profile_of(e, &facts, &certs, answers, as_of));
    Ok(report_value(e, &certs, &report, as_of))
}

/// At most this many experts and platforms are suggested.
const SUGGESTIONS: usize = 5;

/// Experts available for clinic tours and active platforms that share an
/// industry-chain tag with `e`, in its province; those of its own county
/// first, then by name.
async fn suggestions(state: &AppState, e: &Enterprise) -> Result<(Vec<Record>, Vec<Record>), AppError> {
    let chains: Vec<String> = serde_json::from_str(&e.chain_tags).unwrap_or_default();
    let province: String = e.region_path.split('/').take(2).collect::<Vec<_>>().join("/") + "/";
    // suggestions come from the province's experts and platforms, whoever
    // reads the report: the firm's own scope may be a single county
    let scope = Scope::everything()
        .narrow(&RegionPath::from_stored(province))
        .ok_or_else(|| AppError::bug("a province path lies within the whole tree"))?;
    let mut out = (Vec::new(), Vec::new());
    for (kind, list) in [("expert", &mut out.0), ("platform", &mut out.1)] {
        let mut seen = HashSet::new();
        for chain in chains.iter().take(3) {
            let f = RecordFilter {
                chain: Some(chain.clone()),
                limit: 200,
                ..Default::default()
            };
            for r in state.db.records(kind, &scope, &f).await?.0 {
                let attrs: serde_json::Value = serde_json::from_str(&r.attrs).unwrap_or_default();
                let fits = match kind {
                    "expert" => attrs.get("clinic_available") == Some(&serde_json::Value::Bool(true)),
                    _ => r.status != "revoked",
                };
                if fits && seen.insert(r.id) {
                    list.push(r);
                }
            }
        }
        list.sort_by(|a, b| (a.region_id != e.region_id, &a.name).cmp(&(b.region_id != e.region_id, &b.name)));
        list.truncate(SUGGESTIONS);
    }
    Ok(out)
}

/// `GET /cultivation/clinic/{code}`: the clinic report of one enterprise,
/// with experts and platforms it could turn to.
pub async fn page(State(state): State<AppState>, ctx: Ctx, Path(code): Path<String>) -> Result<Response, AppError> {
    let e = visible_enterprise(&state, &ctx, &code).await?;
    let as_of = today();
    let report = report_of(&state, &e, as_of).await?;
    let (experts, platforms) = suggestions(&state, &e).await?;
    let commissioner = state.db.commissioner_of(e.id).await?;
    let visits = state.db.visits_of(e.id).await?;
    // what other capabilities say of the firm (the incentives it could claim)
    let panels = ctx.site.firm_panels(&state, &ctx, &e.credit_code).await?;
    let html = render(
        &ctx,
        "cultivation_clinic.html",
        context! {
            reports => vec![report], as_of => as_of.to_string(), single => true,
            experts => Value::from_serialize(&experts), platforms => Value::from_serialize(&platforms),
            commissioner => Value::from_serialize(&commissioner), visits => Value::from_serialize(&visits),
            code => e.credit_code.clone(), panels => panels,
            can_visit => allows(ctx.principal.role, crate::access::RECORD_VISITS),
            can_answer => allows(ctx.principal.role, crate::access::ANSWER_CLINIC),
            answers => Value::from_serialize(answers_of(&state, e.id).await?),
        },
    )?;
    Ok(html.into_response())
}

/// `GET /cultivation/clinic?region_id=…&page=…`: the reports of a page of
/// enterprises in the viewer's scope (a county officer's county by default),
/// one after another, for printing.
pub async fn batch(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    let f = filter_of(&ctx, &q);
    let as_of = today();
    let (list, total) = state.db.enterprises(&scope, &f).await?;
    let ids: Vec<i64> = list.iter().map(|e| e.id).collect();
    let mut certs: HashMap<i64, Vec<Certificate>> = HashMap::new();
    for c in state.db.certificates_for(&ids).await? {
        if let Some(x) = c.certificate() {
            certs.entry(c.enterprise_id).or_default().push(x);
        }
    }
    let mut reports = Vec::with_capacity(list.len());
    for e in &list {
        let facts = state.db.facts_of(e.id).await?;
        let held = certs.remove(&e.id).unwrap_or_default();
        let answers = answers_of(&state, e.id).await?;
        let report = clinic(&profile_of(e, &facts, &held, answers, as_of));
        reports.push(report_value(e, &held, &report, as_of));
    }
    let regions = state.db.regions().await?;
    let html = render(
        &ctx,
        "cultivation_clinic.html",
        context! {
            reports => reports, as_of => as_of.to_string(), single => false, q => q.clone(),
            regions => region_options(&regions, Some(&scope)), total => total,
            pages => pages(total, f.offset / PAGE + 1), keep => keep_query(&q),
        },
    )?;
    Ok(html.into_response())
}

/// The answers form: `yes` / `no` / empty for unanswered.
#[derive(serde::Deserialize)]
pub struct AnswersForm {
    #[serde(default)]
    pub field_in_catalogue: String,
    #[serde(default)]
    pub commercializations_3y: String,
    #[serde(default)]
    pub rd: String,
    #[serde(default)]
    pub rd_system: Option<String>,
    #[serde(default)]
    pub rd_institution: Option<String>,
    #[serde(default)]
    pub rd_incentive: Option<String>,
    #[serde(default)]
    pub rd_talent: Option<String>,
    #[serde(default)]
    pub major_violation_last_year: String,
    #[serde(default)]
    pub standards_participation: String,
}

fn yes_no(field: &str, v: &str) -> Result<Option<bool>, AppError> {
    match v.trim() {
        "" => Ok(None),
        "yes" => Ok(Some(true)),
        "no" => Ok(Some(false)),
        _ => Err(AppError::invalid(field, "请选择是、否或未知 / yes, no or unknown")),
    }
}

/// `POST /cultivation/clinic/{code}/answers`.
pub async fn answer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    axum::Form(f): axum::Form<AnswersForm>,
) -> Result<Response, AppError> {
    let e = visible_enterprise(&state, &ctx, &code).await?;
    let commercializations_3y = match f.commercializations_3y.trim() {
        "" => None,
        n => Some(n.parse::<u32>().ok().filter(|n| *n <= 1000).ok_or_else(|| {
            AppError::invalid(
                "commercializations_3y",
                "请填写 0 到 1000 之间的整数 / a whole number from 0 to 1000",
            )
        })?),
    };
    let answers = Answers {
        field_in_catalogue: yes_no("field_in_catalogue", &f.field_in_catalogue)?,
        commercializations_3y,
        rd_management: (f.rd == "answered").then(|| RdManagement {
            system: f.rd_system.is_some(),
            institution: f.rd_institution.is_some(),
            incentive: f.rd_incentive.is_some(),
            talent: f.rd_talent.is_some(),
        }),
        major_violation_last_year: yes_no("major_violation_last_year", &f.major_violation_last_year)?,
        standards_participation: yes_no("standards_participation", &f.standards_participation)?,
    };
    let json = serde_json::to_string(&answers).map_err(|e| AppError::internal("encoding the answers", e))?;
    state.db.set_clinic_answers(&ctx.actor(), &e, &json).await?;
    Ok(kechuang_shell::ui::see_other(&format!(
        "/cultivation/clinic/{}",
        e.credit_code
    )))
}
