//! What a bureau sets up: which rule sets its city applies and over which
//! period (施行, by its own notice), the parameters a text leaves open,
//! running the rules now, recording an event the registry does not hold (a
//! loan, an investment, a talent), and the cost preview of a set (a draft
//! above all) over the registry before it is issued.

use super::tasks::{LAST_RUN, run_and_keep};
use super::view::{in_scope, label, money, service};
use crate::rules::event::{Event, EventKind, Subject};
use crate::rules::money::show_rate;
use crate::rules::{ParamUnit, SetStatus};
use crate::store::prelude::*;
use crate::store::setup::{Enactment, EnactmentMode};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use kechuang_kernel::audit::Actor;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::form::{Form, Query};
use kechuang_shell::page::today;
use kechuang_shell::render;
use kechuang_shell::ui::{scope_of, see_other};
use minijinja::{Value, context};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The city of the viewer (a bureau account works in its city).
async fn city_of(state: &AppState, ctx: &Ctx) -> Result<kechuang_kernel::regions::Region, AppError> {
    let id = ctx
        .principal
        .region_id
        .ok_or_else(|| AppError::invalid("region_id", "账户未关联地区 / the account has no region"))?;
    let region = state.db.region(id).await?;
    if region.level != "city" {
        return Err(AppError::invalid(
            "region_id",
            "政策由市级施行 / a city applies policies",
        ));
    }
    Ok(region)
}

/// `GET /incentives/setup`.
pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let city = city_of(&state, &ctx).await?;
    let enactments = state.db.enactments().await?;
    let mut sets = Vec::new();
    for s in svc.sets() {
        let mine = enactments.iter().find(|e| e.region_id == city.id && e.set_id == s.id);
        let params = state.db.parameters(city.id, &s.id).await?;
        let parameters: Vec<Value> = s
            .parameters
            .iter()
            .map(|p| {
                let set = params.iter().find(|x| x.name == p.name);
                context! { name => p.name, label => p.label, unit => label(ctx.lang, p.unit),
                value => set.map(|x| x.value.clone()), note => set.map(|x| x.note.clone()),
                by => set.map(|x| x.set_by.clone()) }
            })
            .collect();
        sets.push(context! {
            id => s.id, title => s.title, document => s.document, draft => s.status == SetStatus::Draft,
            period_from => s.period_from.to_string(), period_to => s.period_to.to_string(),
            enactment => mine.map(|e| context! { mode => e.mode.as_str(), mode_label => label(ctx.lang, e.mode),
                from => e.period_from, to => e.period_to, notice => e.notice }),
            parameters => parameters,
        });
    }
    let last: Option<serde_json::Value> = state
        .db
        .setting(LAST_RUN)
        .await?
        .and_then(|s| serde_json::from_str(&s).ok());
    let html = render(
        &ctx,
        "incentives_setup.html",
        context! { city => city.name, sets => sets, last => last.map(|v| Value::from_serialize(&v)) },
    )?;
    Ok(html.into_response())
}

#[derive(Debug, Deserialize)]
pub struct EnactForm {
    pub set: String,
    pub mode: String,
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub notice: String,
}

fn date(field: &str, s: &str) -> Result<chrono::NaiveDate, AppError> {
    s.trim()
        .parse()
        .map_err(|_| AppError::invalid(field, "日期应为 YYYY-MM-DD / a date YYYY-MM-DD"))
}

/// `POST /incentives/setup/enact`.
pub async fn enact(State(state): State<AppState>, ctx: Ctx, Form(f): Form<EnactForm>) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let city = city_of(&state, &ctx).await?;
    let set = svc
        .set(&f.set)
        .ok_or_else(|| AppError::invalid("set", "没有该规则集 / no such rule set"))?;
    let mode = EnactmentMode::from_code(&f.mode)
        .ok_or_else(|| AppError::invalid("mode", "应为 in_force 或 preview / in_force or preview"))?;
    state
        .db
        .enact(
            &ctx.actor(),
            city.id,
            set,
            &Enactment {
                set_id: &set.id,
                mode,
                from: date("from", &f.from)?,
                to: date("to", &f.to)?,
                notice: f.notice.trim(),
            },
        )
        .await?;
    Ok(see_other("/incentives/setup"))
}

#[derive(Debug, Deserialize)]
pub struct ParameterForm {
    pub set: String,
    pub name: String,
    pub value: String,
    #[serde(default)]
    pub note: String,
}

/// `POST /incentives/setup/parameter`: sets a parameter; entitlements
/// waiting for it are computed by the next run.
pub async fn parameter(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<ParameterForm>,
) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let city = city_of(&state, &ctx).await?;
    let set = svc
        .set(&f.set)
        .ok_or_else(|| AppError::invalid("set", "没有该规则集 / no such rule set"))?;
    state
        .db
        .set_parameter(&ctx.actor(), city.id, set, &f.name, &f.value, f.note.trim())
        .await?;
    Ok(see_other("/incentives/setup"))
}

/// `POST /incentives/setup/run`: runs the rules over the registry in the
/// background; the set-up page shows the report when it is done.
pub async fn run(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let db = state.db.clone();
    let actor: Actor = ctx.actor();
    tokio::spawn(async move {
        if let Err(e) = run_and_keep(&db, &svc, &actor).await {
            tracing::warn!(error = %e, "running the incentive rules failed");
        }
    });
    Ok(see_other("/incentives/setup?ran=1"))
}

#[derive(Debug, Default, Deserialize)]
pub struct PreviewQuery {
    #[serde(default)]
    pub set: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(flatten)]
    pub params: BTreeMap<String, String>,
}

/// `GET /incentives/preview?set=&from=&to=&param.<name>=`: what a set
/// would give the firms of the viewer's scope over a period.
pub async fn preview(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<PreviewQuery>,
) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let scope = scope_of(&ctx)?;
    let sets: Vec<(String, String, bool)> = svc
        .sets()
        .iter()
        .map(|s| (s.id.clone(), s.title.clone(), s.status == SetStatus::Draft))
        .collect();
    let mut result = None;
    let mut params_view = Vec::new();
    if let Some(set) = svc.set(&q.set) {
        let to = if q.to.is_empty() { today() } else { date("to", &q.to)? };
        let from = if q.from.is_empty() {
            to - chrono::Days::new(364)
        } else {
            date("from", &q.from)?
        };
        if to < from {
            return Err(AppError::invalid(
                "to",
                "结束日早于开始日 / the period ends before it starts",
            ));
        }
        let mut params = crate::engine::Params::new();
        for p in &set.parameters {
            let text = q
                .params
                .get(&format!("param.{}", p.name))
                .map(|s| s.trim())
                .unwrap_or("");
            if !text.is_empty() {
                let v = match p.unit {
                    ParamUnit::Rate => {
                        crate::rules::money::parse_rate(text).map_err(|m| AppError::invalid(&p.name, m))?
                    }
                    ParamUnit::Years => text
                        .parse()
                        .map_err(|_| AppError::invalid(&p.name, "年限应为整数 / whole years"))?,
                };
                params.insert(p.name.clone(), v);
            }
            params_view.push(context! { name => p.name, label => p.label, value => text });
        }
        let preview = svc.preview(&state.db, set, scope.as_str(), from, to, &params).await?;
        let title_of = |id: &str| set.rule(id).map(|r| r.title.clone()).unwrap_or_default();
        let rows: Vec<Value> = preview
            .rows
            .iter()
            .map(|r| context! { r => Value::from_serialize(r), title => title_of(&r.rule_id), amount => money(ctx.lang, r.amount_fen) })
            .collect();
        result = Some(context! {
            rows => rows, total => money(ctx.lang, preview.total_fen), subjects => preview.subjects,
            pending => preview.pending, unknown => preview.unknown, from => from.to_string(), to => to.to_string(),
            draft => set.status == SetStatus::Draft,
            rates => set.parameters.iter().filter_map(|p| params.get(&p.name).map(|v| format!("{} = {}", p.name, show_rate(*v)))).collect::<Vec<_>>(),
        });
    }
    let html = render(
        &ctx,
        "incentives_preview.html",
        context! { sets => sets, chosen => q.set, result => result, params => params_view },
    )?;
    Ok(html.into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct KindQuery {
    #[serde(default)]
    pub kind: String,
}

/// `GET /incentives/events/new?kind=`.
pub async fn event_form(
    State(_state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<KindQuery>,
) -> Result<Response, AppError> {
    let kind = EventKind::from_code(&q.kind);
    let html = render(
        &ctx,
        "incentives_event.html",
        context! {
            kinds => EventKind::ALL.iter().map(|k| (k.as_str(), label(ctx.lang, *k))).collect::<Vec<_>>(),
            kind => kind.map(|k| k.as_str()),
            facts => kind.map(|k| super::applications::fact_fields(&ctx, k, &BTreeMap::new())),
            today => today().to_string(),
        },
    )?;
    Ok(html.into_response())
}

#[derive(Debug, Deserialize)]
pub struct EventForm {
    pub kind: String,
    pub credit_code: String,
    pub occurred_on: String,
    /// The contract, certificate or document number the event is recorded
    /// under (recording it twice records it once).
    pub reference: String,
    #[serde(flatten)]
    pub rest: BTreeMap<String, String>,
}

/// `POST /incentives/events`: records an event for a firm in scope and runs
/// the rules at once; the page of the first entitlement found, else the
/// list.
pub async fn record_event(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<EventForm>,
) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let kind =
        EventKind::from_code(&f.kind).ok_or_else(|| AppError::invalid("kind", "请选择事件类型 / choose a kind"))?;
    let code = f.credit_code.trim().to_ascii_uppercase();
    let (region_id, path, county, name) = state.db.enterprise_place(&code).await?.ok_or_else(|| {
        AppError::invalid(
            "credit_code",
            "名录中没有该统一社会信用代码 / no firm with this credit code",
        )
    })?;
    in_scope(&ctx, &path)?;
    let date = date("occurred_on", &f.occurred_on)?;
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
    let facts = Event::facts_from_form(kind, &fields).map_err(|(field, m)| AppError::invalid(&field, m))?;
    let event = Event {
        kind,
        date,
        subject: Subject {
            credit_code: code.clone(),
            county,
            name,
        },
        facts,
    };
    let saved = svc
        .record(&state.db, &ctx.actor(), region_id, &event, "form", &f.reference)
        .await?;
    let first = saved.iter().find_map(|s| match s {
        crate::store::findings::Saved::Added { id, .. }
        | crate::store::findings::Saved::Computed { id, .. }
        | crate::store::findings::Saved::Existing { id, .. } => Some(*id),
        _ => None,
    });
    Ok(match first {
        Some(id) => see_other(&format!("/incentives/entitlements/{id}")),
        None => see_other(&format!("/incentives/entitlements?code={code}")),
    })
}
