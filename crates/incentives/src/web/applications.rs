//! Applications for what data cannot decide: the form (the facts the rule
//! reads, the amount asked, the account), the list staff review, the page
//! with its decisions and attachments, county then city review, withdrawal
//! and correction.

use super::view::{in_scope, label, money, own_code, rule_view, service};
use crate::engine::{self, RuleResult};
use crate::rules::event::{Event, EventKind, FactType, Subject};
use crate::rules::money::parse_money;
use crate::rules::{Rule, RuleSet};
use crate::service::Incentives;
use crate::store::applications::{ApplicationInput, ApplicationRow, Approval};
use crate::store::prelude::*;
use crate::store::regions::city_and_county;
use crate::workflow::{ApplicationStatus, Decision, ReviewStep};
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use kechuang_kernel::access::allows;
use kechuang_kernel::role::Role;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::form::{Form, Query};
use kechuang_shell::page::{file_response, today};
use kechuang_shell::render;
use kechuang_shell::ui::see_other;
use minijinja::{Value, context};
use serde::Deserialize;
use std::collections::BTreeMap;

pub(super) fn application_view(ctx: &Ctx, svc: &Incentives, a: &ApplicationRow) -> Value {
    let title = svc
        .rule(&a.rule_id)
        .map(|(_, r)| r.title.clone())
        .unwrap_or_else(|| a.rule_id.clone());
    context! {
        a => Value::from_serialize(a), title => title, status => label(ctx.lang, a.status),
        requested => money(ctx.lang, a.requested_fen),
    }
}

/// The fields of a rule's event, for the form.
pub(super) fn fact_fields(ctx: &Ctx, kind: EventKind, given: &BTreeMap<String, serde_json::Value>) -> Vec<Value> {
    kind.facts()
        .iter()
        .map(|f| {
            let (ty, options): (&str, Vec<(String, String)>) = match f.ty {
                FactType::Money => ("money", vec![]),
                FactType::Number => ("number", vec![]),
                FactType::Bool => (
                    "choice",
                    vec![
                        ("true".into(), ctx.t("incentives.yes")),
                        ("false".into(), ctx.t("incentives.no")),
                    ],
                ),
                FactType::Code(codes) => (
                    "choice",
                    codes
                        .iter()
                        .map(|c| {
                            (
                                (*c).to_owned(),
                                crate::rules::event::code_label(kind, f.name, c, ctx.lang),
                            )
                        })
                        .collect(),
                ),
            };
            let value = match given.get(f.name) {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Bool(b)) => b.to_string(),
                Some(v) if !v.is_null() => v.to_string(),
                _ => String::new(),
            };
            let name = if ctx.lang == kechuang_kernel::vocab::Lang::Zh {
                f.zh.to_owned()
            } else {
                f.name.replace('_', " ")
            };
            context! { name => f.name, label => name, ty => ty, options => options, value => value }
        })
        .collect()
}

#[derive(Debug, Deserialize)]
pub struct RuleQuery {
    pub rule: String,
}

fn find<'a>(svc: &'a Incentives, id: &str) -> Result<(&'a RuleSet, &'a Rule), AppError> {
    svc.rule(id)
        .ok_or_else(|| AppError::invalid("rule", format!("没有政策条款“{id}” / no such rule")))
}

fn apply_form(ctx: &Ctx, set: &RuleSet, rule: &Rule, action: &str, firm: Option<&str>) -> Result<Response, AppError> {
    let html = render(
        ctx,
        "incentives_apply.html",
        context! { rule => rule_view(ctx.lang, set, rule), facts => fact_fields(ctx, rule.event, &BTreeMap::new()),
        today => today().to_string(), action => action, firm => firm },
    )?;
    Ok(html.into_response())
}

/// `GET /incentives/apply?rule=`: the firm applies.
pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<RuleQuery>,
) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let (set, rule) = find(&svc, &q.rule)?;
    apply_form(&ctx, set, rule, "/incentives/apply", None)
}

/// `GET /incentives/apply/{code}?rule=`: staff apply on behalf of a firm in
/// their scope (a firm without an account, or one that asked for help).
pub async fn new_form_for(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<RuleQuery>,
) -> Result<Response, AppError> {
    let e = kechuang_registry::web::visible_enterprise(&state, &ctx, &code).await?;
    let svc = service(&state)?;
    let (set, rule) = find(&svc, &q.rule)?;
    apply_form(
        &ctx,
        set,
        rule,
        &format!("/incentives/apply/{}", e.credit_code),
        Some(&e.name),
    )
}

/// The form of an application: the rule, the date, the amount asked, the
/// account, a statement and the facts (named `fact.<name>`).
#[derive(Debug, Deserialize)]
pub struct ApplyForm {
    pub rule: String,
    pub occurred_on: String,
    pub requested: String,
    pub bank_name: String,
    pub bank_account: String,
    #[serde(default)]
    pub statement: String,
    #[serde(default)]
    pub version: Option<i64>,
    #[serde(flatten)]
    pub rest: BTreeMap<String, String>,
}

async fn read_application(
    state: &AppState,
    svc: &Incentives,
    f: &ApplyForm,
    code: String,
) -> Result<ApplicationInput, AppError> {
    let (set, rule) = find(svc, &f.rule)?;
    let (region_id, _, county, name) =
        state.db.enterprise_place(&code).await?.ok_or_else(|| {
            AppError::invalid("enterprise_code", "名录中没有本单位 / the firm is not in the registry")
        })?;
    let date: chrono::NaiveDate = f
        .occurred_on
        .trim()
        .parse()
        .map_err(|_| AppError::invalid("occurred_on", "日期应为 YYYY-MM-DD / a date YYYY-MM-DD"))?;
    if date > today() {
        return Err(AppError::invalid(
            "occurred_on",
            "日期不能晚于今天 / the date is in the future",
        ));
    }
    let fields: BTreeMap<String, String> = f
        .rest
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("fact.").map(|n| (n.to_owned(), v.clone())))
        .collect();
    let facts = Event::facts_from_form(rule.event, &fields).map_err(|(field, m)| AppError::invalid(&field, m))?;
    let requested = parse_money(&f.requested).map_err(|m| AppError::invalid("requested", m))?;
    if requested <= 0 {
        return Err(AppError::invalid(
            "requested",
            "申请金额应大于0 / ask for more than zero",
        ));
    }
    let account: String = f.bank_account.chars().filter(|c| c.is_ascii_digit()).collect();
    if f.bank_name.trim().is_empty() || account.len() < 8 || account.len() > 32 {
        return Err(AppError::invalid(
            "bank_account",
            "须填写开户银行和8到32位账号 / give the bank and an 8 to 32 digit account",
        ));
    }
    if f.statement.chars().count() > 4000 {
        return Err(AppError::invalid(
            "statement",
            "说明不超过4000字 / at most 4,000 characters",
        ));
    }
    let event = Event {
        kind: rule.event,
        date,
        subject: Subject {
            credit_code: code,
            county,
            name,
        },
        facts,
    };
    Ok(ApplicationInput {
        rule_id: rule.id.clone(),
        set_id: set.id.clone(),
        region_id,
        event,
        requested_fen: requested,
        statement: f.statement.trim().to_owned(),
        bank_name: f.bank_name.trim().to_owned(),
        bank_account: account,
    })
}

/// `POST /incentives/apply`.
pub async fn create(State(state): State<AppState>, ctx: Ctx, Form(f): Form<ApplyForm>) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let input = read_application(&state, &svc, &f, own_code(&ctx)?).await?;
    let id = state.db.submit_application(&ctx.actor(), &input).await?;
    Ok(see_other(&format!("/incentives/applications/{id}")))
}

/// `POST /incentives/apply/{code}`: staff submit an application on behalf
/// of a firm in their scope; the audit log names who submitted it, and it
/// is reviewed like any other.
pub async fn create_for(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(f): Form<ApplyForm>,
) -> Result<Response, AppError> {
    let e = kechuang_registry::web::visible_enterprise(&state, &ctx, &code).await?;
    let svc = service(&state)?;
    let input = read_application(&state, &svc, &f, e.credit_code).await?;
    let id = state.db.submit_application(&ctx.actor(), &input).await?;
    Ok(see_other(&format!("/incentives/applications/{id}")))
}

/// `POST /incentives/applications/{id}/correct`: a returned application,
/// corrected and submitted again.
pub async fn correct(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<ApplyForm>,
) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let a = state.db.application(id).await?;
    if a.subject_code != own_code(&ctx)? || a.rule_id != f.rule {
        return Err(AppError::NotFound);
    }
    let input = read_application(&state, &svc, &f, a.subject_code.clone()).await?;
    let version = f
        .version
        .ok_or_else(|| AppError::invalid("version", "version：必填 / version is required"))?;
    state.db.correct_application(&ctx.actor(), id, &input, version).await?;
    Ok(see_other(&format!("/incentives/applications/{id}")))
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub status: String,
}

/// `GET /incentives/applications?status=`.
pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let scope = kechuang_shell::ui::scope_of(&ctx)?;
    let statuses: Vec<ApplicationStatus> = ApplicationStatus::from_code(&q.status).into_iter().collect();
    let rows: Vec<Value> = state
        .db
        .applications(&scope, None, &statuses)
        .await?
        .iter()
        .map(|a| application_view(&ctx, &svc, a))
        .collect();
    let html = render(
        &ctx,
        "incentives_applications.html",
        context! { rows => rows, status => q.status,
        statuses => ApplicationStatus::ALL.iter().map(|s| (s.as_str(), label(ctx.lang, *s))).collect::<Vec<_>>() },
    )?;
    Ok(html.into_response())
}

/// The application if the viewer may see it: its firm, or staff whose
/// scope holds it.
async fn visible(state: &AppState, ctx: &Ctx, id: i64) -> Result<ApplicationRow, AppError> {
    let a = state.db.application(id).await?;
    let own = ctx.principal.enterprise_code.as_deref() == Some(a.subject_code.as_str());
    if !own {
        if !allows(ctx.principal.role, crate::access::VIEW_INCENTIVES) {
            return Err(AppError::NotFound);
        }
        in_scope(ctx, &a.region_path)?;
    }
    Ok(a)
}

/// The review step the viewer may take on `a`, if any.
async fn step_for(state: &AppState, ctx: &Ctx, a: &ApplicationRow) -> Result<Option<ReviewStep>, AppError> {
    let Some(step) = a.status.awaiting() else {
        return Ok(None);
    };
    if !allows(ctx.principal.role, crate::access::REVIEW_INCENTIVES) || in_scope(ctx, &a.region_path).is_err() {
        return Ok(None);
    }
    let bureau = matches!(ctx.principal.role, Role::BureauAdmin | Role::BureauStaff);
    let (city, county) = city_and_county(&state.db, &a.region_path).await?;
    Ok(match step {
        ReviewStep::County if ctx.principal.role == Role::CountyOfficer => Some(step),
        // a firm directly under the city has no county to review it
        ReviewStep::County if bureau && city == county => Some(step),
        ReviewStep::City if bureau => Some(step),
        _ => None,
    })
}

/// `GET /incentives/applications/{id}`.
pub async fn page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let a = visible(&state, &ctx, id).await?;
    let facts: BTreeMap<String, serde_json::Value> = serde_json::from_str(&a.facts).unwrap_or_default();
    let rule = svc.rule(&a.rule_id);
    let (rule_v, fields, computed) = match rule {
        Some((set, r)) => {
            let event = Event {
                kind: r.event,
                date: a.occurred_on.parse().unwrap_or_else(|_| today()),
                subject: Subject {
                    credit_code: a.subject_code.clone(),
                    county: a.region_name.clone(),
                    name: a.subject_name.clone(),
                },
                facts: facts.clone(),
            };
            let params = state
                .db
                .params(city_and_county(&state.db, &a.region_path).await?.0, &set.id)
                .await?;
            let ev = engine::evaluate(r, &event, &params);
            let computed = match &ev.result {
                RuleResult::Entitled(e) => context! { ok => true, amount => money(ctx.lang, e.amount_fen),
                derivation => e.derivation, upper => e.upper_bound, lower => e.lower_bound },
                RuleResult::Pending(p) => context! { ok => false, reason => p.reason },
                RuleResult::Refused(r) | RuleResult::Unknown(r) => context! { ok => false, reason => r.reason },
            };
            (
                Some(rule_view(ctx.lang, set, r)),
                fact_fields(&ctx, r.event, &facts),
                Some(context! { conditions => Value::from_serialize(&ev.conditions), result => computed }),
            )
        }
        None => (None, vec![], None),
    };
    let own = ctx.principal.enterprise_code.as_deref() == Some(a.subject_code.as_str());
    let html = render(
        &ctx,
        "incentives_application.html",
        context! {
            item => application_view(&ctx, &svc, &a), rule => rule_v, facts => fields, computed => computed,
            decisions => Value::from_serialize(state.db.decisions(id).await?),
            attachments => Value::from_serialize(state.db.attachments(id).await?),
            step => step_for(&state, &ctx, &a).await?.map(|s| (s.as_str(), label(ctx.lang, s))),
            own => own, can_withdraw => own && a.status.withdrawable(), can_correct => own && a.status.correctable(),
            can_attach => own && matches!(a.status, ApplicationStatus::Submitted | ApplicationStatus::Returned),
        },
    )?;
    Ok(html.into_response())
}

#[derive(Debug, Deserialize)]
pub struct ReviewForm {
    pub decision: String,
    #[serde(default)]
    pub reason: String,
    /// The amount the city approves (as written, "50万元" or yuan).
    #[serde(default)]
    pub amount: String,
}

/// `POST /incentives/applications/{id}/review`: the county's or the
/// city's decision, whichever the application waits for.
pub async fn review(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let a = visible(&state, &ctx, id).await?;
    let step = step_for(&state, &ctx, &a)
        .await?
        .ok_or_else(|| AppError::invalid("step", "该申请不在您可审核的环节 / not at a step you review"))?;
    let decision = Decision::from_code(&f.decision)
        .ok_or_else(|| AppError::invalid("decision", "应为 approve、return 或 reject / approve, return or reject"))?;
    if !(step == ReviewStep::City && decision == Decision::Approve) {
        state
            .db
            .decide_application(&ctx.actor(), id, step, decision, &f.reason)
            .await?;
        return Ok(see_other(&format!("/incentives/applications/{id}")));
    }
    let (set, rule) = find(&svc, &a.rule_id)?;
    let event = Event {
        kind: rule.event,
        date: a
            .occurred_on
            .parse()
            .map_err(|_| AppError::invalid("occurred_on", "日期无效 / not a date"))?,
        subject: Subject {
            credit_code: a.subject_code.clone(),
            county: a.region_name.clone(),
            name: a.subject_name.clone(),
        },
        facts: serde_json::from_str(&a.facts).unwrap_or_default(),
    };
    let applied = svc
        .applied(&state.db, &a.region_path, crate::store::setup::EnactmentMode::InForce)
        .await?;
    let Some(applied) = applied.iter().find(|x| x.set.id == set.id) else {
        return Err(AppError::invalid(
            "rule",
            "本市未施行该政策 / the city does not apply this policy",
        ));
    };
    let enacted = applied.set.rule(&rule.id).ok_or(AppError::NotFound)?;
    let entitlement = match engine::evaluate(enacted, &event, &applied.params).result {
        RuleResult::Entitled(e) => e,
        RuleResult::Pending(p) => return Err(AppError::invalid("rule", p.reason)),
        RuleResult::Refused(r) | RuleResult::Unknown(r) => return Err(AppError::invalid("facts", r.reason)),
    };
    let amount = if f.amount.trim().is_empty() {
        entitlement.amount_fen
    } else {
        parse_money(&f.amount).map_err(|m| AppError::invalid("amount", m))?
    };
    crate::store::entitlements::check_amount(
        entitlement.amount_fen,
        entitlement.upper_bound,
        entitlement.lower_bound,
        amount,
    )
    .map_err(|m| AppError::invalid("amount", m))?;
    if amount > a.requested_fen && entitlement.upper_bound {
        return Err(AppError::invalid(
            "amount",
            "核定金额不得超过申请金额 / above the amount asked for",
        ));
    }
    state
        .db
        .approve_application(
            &ctx.actor(),
            id,
            &Approval {
                event: &event,
                entitlement: &entitlement,
                rule_version: enacted.version,
                once: enacted.frequency == crate::rules::Frequency::Once,
                stacking: enacted.stacking.as_deref().unwrap_or(""),
                budget_line: &enacted.budget_line,
                amount_fen: amount,
                reason: &f.reason,
            },
        )
        .await?;
    Ok(see_other(&format!("/incentives/applications/{id}")))
}

/// `POST /incentives/applications/{id}/withdraw`.
pub async fn withdraw(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let a = state.db.application(id).await?;
    if a.subject_code != own_code(&ctx)? {
        return Err(AppError::NotFound);
    }
    state.db.withdraw_application(&ctx.actor(), id).await?;
    Ok(see_other(&format!("/incentives/applications/{id}")))
}

const ACCEPTED: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("png", "image/png"),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("ofd", "application/ofd"),
];

/// `POST /incentives/applications/{id}/attachments` (multipart `file`).
pub async fn attach(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let a = state.db.application(id).await?;
    if a.subject_code != own_code(&ctx)? {
        return Err(AppError::NotFound);
    }
    let mut saved = false;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| AppError::invalid("file", format!("上传无法读取 / the upload cannot be read: {e}")))?
    {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let ext = name.rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
        let Some((_, content_type)) = ACCEPTED.iter().find(|(e, _)| *e == ext) else {
            return Err(AppError::invalid(
                "file",
                "附件须为 PDF、OFD、图片、xlsx 或 docx / PDF, OFD, image, xlsx or docx",
            ));
        };
        let bytes = field
            .bytes()
            .await
            .map_err(|e| AppError::invalid("file", format!("上传无法读取 / the upload cannot be read: {e}")))?;
        state
            .db
            .add_attachment(&ctx.actor(), id, &name, content_type, &bytes)
            .await?;
        saved = true;
    }
    if !saved {
        return Err(AppError::invalid("file", "请选择文件 / choose a file"));
    }
    Ok(see_other(&format!("/incentives/applications/{id}")))
}

/// `GET /incentives/attachments/{id}`.
pub async fn download(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (att, bytes) = state.db.attachment(id).await?;
    visible(&state, &ctx, att.application_id).await?;
    Ok(file_response(bytes, &att.file_name, &att.content_type))
}
