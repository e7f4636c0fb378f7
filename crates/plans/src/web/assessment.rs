//! County assessment (考核): staff choose indicators and weights, enter the
//! counties' values, and see them scored, ranked and explained.

use crate::store::prelude::*;
use crate::store::{Assessment, AssessmentFields};
use crate::supervision::{AssessmentInput, CountyScore, Indicator, score_counties, standard_indicators};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use kechuang_charts::{Bar, BarChart, horizontal_bars};
use kechuang_kernel::access::allows;
use kechuang_kernel::regions::Region;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::render;
use kechuang_shell::ui::{region_options, scope_of, see_other};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// An indicator as stored with an assessment.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct StoredIndicator {
    pub key: String,
    pub label: String,
    pub weight: f64,
    pub higher_is_better: bool,
    /// The computed figure (a capability's `Metric`) the counties' values
    /// are read from; empty when they are typed in.
    #[serde(default)]
    pub metric: String,
}

/// The computed figures the standard indicators are bound to when the
/// service has them.
const STANDARD_METRICS: &[(&str, &str)] = &[
    ("new_hte", "indicators.hte_new"),
    ("new_tech_sme", "indicators.tech_sme_new"),
    ("rd_intensity", "indicators.rd_intensity"),
    ("contract_turnover_growth", "indicators.contract_growth"),
    ("new_platforms", "indicators.platforms_new"),
];

fn standard_metric(ctx: &Ctx, key: &str) -> String {
    STANDARD_METRICS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, m)| *m)
        .filter(|m| ctx.site.metric(m).is_some())
        .unwrap_or_default()
        .to_owned()
}

/// The values the bound indicators compute for each county over the
/// assessment's year (to today for the year under way), keyed like the
/// typed-in values (`<county id>:<indicator key>`).
pub(crate) async fn computed(
    state: &AppState,
    ctx: &Ctx,
    a: &Assessment,
    counties: &[Region],
) -> Result<BTreeMap<String, f64>, AppError> {
    let mut out = BTreeMap::new();
    let year = i32::try_from(a.year).map_err(|_| AppError::invalid("year", "年度超出范围 / year out of range"))?;
    let (Some(from), Some(end)) = (
        chrono::NaiveDate::from_ymd_opt(year, 1, 1),
        chrono::NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Ok(out);
    };
    let to = end.min(kechuang_shell::page::today());
    if to < from {
        return Ok(out);
    }
    for i in indicators_of(a) {
        let Some(metric) = ctx.site.metric(&i.metric) else {
            continue;
        };
        for c in counties {
            if let Some(v) = (metric.compute)(&state.db, &c.path, from, to).await? {
                out.insert(format!("{}:{}", c.id, i.key), v);
            }
        }
    }
    Ok(out)
}

pub(crate) fn indicators_of(a: &Assessment) -> Vec<StoredIndicator> {
    serde_json::from_str(&a.indicators).unwrap_or_default()
}

fn values_of(a: &Assessment) -> BTreeMap<String, f64> {
    serde_json::from_str(&a.values_json).unwrap_or_default()
}

/// The counties of the assessment's region (its children).
pub(crate) async fn counties(state: &AppState, a: &Assessment) -> Result<Vec<Region>, AppError> {
    Ok(state
        .db
        .regions()
        .await?
        .into_iter()
        .filter(|r| r.parent_id == Some(a.region_id))
        .collect())
}

/// Scores of an assessment, or the rule's complaint (e.g. weights not 100).
/// A typed-in value overrides the computed one.
pub(crate) fn scores(
    a: &Assessment,
    counties: &[Region],
    computed: &BTreeMap<String, f64>,
) -> Result<Vec<CountyScore>, AppError> {
    let inds = indicators_of(a);
    let values = values_of(a);
    let mut map = BTreeMap::new();
    for c in counties {
        for i in &inds {
            let key = format!("{}:{}", c.id, i.key);
            if let Some(v) = values.get(&key).or_else(|| computed.get(&key)) {
                map.insert((c.name.clone(), i.key.clone()), *v);
            }
        }
    }
    let input = AssessmentInput {
        indicators: inds
            .iter()
            .map(|i| Indicator {
                key: i.key.clone(),
                label: i.label.clone(),
                weight: i.weight,
                higher_is_better: i.higher_is_better,
            })
            .collect(),
        counties: counties.iter().map(|c| c.name.clone()).collect(),
        values: map,
    };
    score_counties(&input).map_err(|e| AppError::invalid("weights", e.to_string()))
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    list_page(&state, &ctx, None).await
}

async fn list_page(state: &AppState, ctx: &Ctx, error: Option<AppError>) -> Result<Response, AppError> {
    let scope = scope_of(ctx)?;
    let items = state.db.assessments(&scope).await?;
    let regions: Vec<Region> = state.db.regions().await?;
    let cities: Vec<Region> = regions
        .iter()
        .filter(|r| r.level == "city" && ctx.principal.covers(&r.region_path()))
        .cloned()
        .collect();
    let standard: Vec<StoredIndicator> = standard_indicators()
        .into_iter()
        .map(|i| StoredIndicator {
            metric: standard_metric(ctx, &i.key),
            key: i.key,
            label: i.label,
            weight: i.weight,
            higher_is_better: i.higher_is_better,
        })
        .collect();
    let status = error.as_ref().map(|e| e.status()).unwrap_or(axum::http::StatusCode::OK);
    let html = render(
        ctx,
        "assessments.html",
        context! {
            items => Value::from_serialize(&items), cities => region_options(&cities, None),
            standard => Value::from_serialize(&standard), year => kechuang_shell::page::today().format("%Y").to_string(),
            can_manage => allows(ctx.principal.role, crate::access::MANAGE_PLANS), form_error => error.map(|e| e.to_string()),
        },
    )?;
    Ok((status, html).into_response())
}

fn parse_indicators(ctx: &Ctx, form: &HashMap<String, String>) -> Result<Vec<StoredIndicator>, AppError> {
    let mut out = Vec::new();
    let standard = standard_indicators();
    for i in &standard {
        if form.get(&format!("use_{}", i.key)).is_none() {
            continue;
        }
        let w = weight(form, &i.key)?;
        out.push(StoredIndicator {
            key: i.key.clone(),
            label: i.label.clone(),
            weight: w,
            higher_is_better: i.higher_is_better,
            metric: standard_metric(ctx, &i.key),
        });
    }
    for n in 1..=3 {
        let label = form
            .get(&format!("custom_label_{n}"))
            .map(|s| s.trim().to_owned())
            .unwrap_or_default();
        if label.is_empty() {
            continue;
        }
        let key = format!("custom_{n}");
        let w = weight(form, &key)?;
        let lower = form.get(&format!("lower_{key}")).is_some();
        out.push(StoredIndicator {
            key,
            label,
            weight: w,
            higher_is_better: !lower,
            metric: String::new(),
        });
    }
    Ok(out)
}

fn weight(form: &HashMap<String, String>, key: &str) -> Result<f64, AppError> {
    let raw = form
        .get(&format!("w_{key}"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    raw.parse::<f64>()
        .ok()
        .filter(|w| w.is_finite() && *w > 0.0)
        .ok_or_else(|| {
            AppError::invalid(
                "weights",
                format!("权重须为正数 / weight of {key} must be a positive number: {raw:?}"),
            )
        })
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let result = async {
        let region_id: i64 = form
            .get("region_id")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| AppError::invalid("region_id", "请选择城市 / choose a city"))?;
        let year: i64 = form
            .get("year")
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| AppError::invalid("year", "请输入年度 / enter the year"))?;
        let indicators = parse_indicators(&ctx, &form)?;
        let fields = AssessmentFields {
            name: form.get("name").cloned().unwrap_or_default(),
            year,
            indicators: serde_json::to_string(&indicators).unwrap_or_default(),
            values_json: "{}".into(),
        };
        check_weights(&indicators)?;
        Ok::<_, AppError>(state.db.create_assessment(&ctx.actor(), region_id, fields).await?)
    }
    .await;
    match result {
        Ok(a) => Ok(see_other(&format!("/assessments/{}", a.id))),
        Err(e @ AppError::Invalid { .. }) => list_page(&state, &ctx, Some(e)).await,
        Err(e) => Err(e),
    }
}

/// The domain rules refuse weights that do not add up to 100; say so before
/// anything is stored.
fn check_weights(indicators: &[StoredIndicator]) -> Result<(), AppError> {
    let input = AssessmentInput {
        indicators: indicators
            .iter()
            .map(|i| Indicator {
                key: i.key.clone(),
                label: i.label.clone(),
                weight: i.weight,
                higher_is_better: i.higher_is_better,
            })
            .collect(),
        counties: vec!["-".into()],
        values: BTreeMap::new(),
    };
    score_counties(&input)
        .map(|_| ())
        .map_err(|e| AppError::invalid("weights", e.to_string()))
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    view(&state, &ctx, id, None).await
}

async fn view(state: &AppState, ctx: &Ctx, id: i64, error: Option<AppError>) -> Result<Response, AppError> {
    let scope = scope_of(ctx)?;
    let a = state.db.assessment(&scope, id).await?;
    let counties = counties(state, &a).await?;
    let values = values_of(&a);
    let indicators = indicators_of(&a);
    let computed = computed(state, ctx, &a, &counties).await?;
    let grid: Vec<Value> = counties
        .iter()
        .map(|c| {
            let cells: Vec<Value> = indicators
                .iter()
                .map(|i| {
                    let key = format!("{}:{}", c.id, i.key);
                    context! { name => format!("v_{}_{}", c.id, i.key), value => values.get(&key),
                    computed => computed.get(&key), bound => !i.metric.is_empty() }
                })
                .collect();
            context! { id => c.id, name => c.name, cells => cells }
        })
        .collect();
    let (scored, score_error) = match scores(&a, &counties, &computed) {
        Ok(s) => (s, None),
        Err(e) => (Vec::new(), Some(e.to_string())),
    };
    let chart = horizontal_bars(&BarChart {
        title: format!("{} · 得分排名 / ranking", a.name),
        unit: "分".into(),
        bars: scored
            .iter()
            .map(|s| Bar {
                label: format!("{}. {}", s.rank, s.county),
                value: s.total,
                note: None,
                highlight: s.rank == 1,
            })
            .collect(),
        reference: None,
    });
    let status = error.as_ref().map(|e| e.status()).unwrap_or(axum::http::StatusCode::OK);
    let html = render(
        ctx,
        "assessment.html",
        context! {
            a => Value::from_serialize(&a), indicators => Value::from_serialize(&indicators), grid => grid,
            scores => Value::from_serialize(&scored), chart => Value::from_safe_string(chart),
            can_manage => allows(ctx.principal.role, crate::access::MANAGE_PLANS) && ctx.principal.covers(&kechuang_kernel::region::RegionPath::from_stored(a.region_path.clone())),
            form_error => error.map(|e| e.to_string()).or(score_error),
        },
    )?;
    Ok((status, html).into_response())
}

/// Saves weights and the value grid.
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let result = async {
        let scope = scope_of(&ctx)?;
        let a = state.db.assessment(&scope, id).await?;
        let version: i64 = form
            .get("version")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| AppError::invalid("version", "缺少版本号 / version missing"))?;
        let mut indicators = indicators_of(&a);
        for i in indicators.iter_mut() {
            if form.contains_key(&format!("w_{}", i.key)) {
                i.weight = weight(&form, &i.key)?;
            }
        }
        check_weights(&indicators)?;
        let counties = counties(&state, &a).await?;
        let mut values = BTreeMap::new();
        for c in &counties {
            for i in &indicators {
                let key = format!("v_{}_{}", c.id, i.key);
                let raw = form
                    .get(&key)
                    .map(|v| v.trim().replace([',', '，'], ""))
                    .unwrap_or_default();
                if raw.is_empty() {
                    continue;
                }
                let v: f64 = raw.parse().ok().filter(|v: &f64| v.is_finite()).ok_or_else(|| {
                    AppError::invalid(
                        "values",
                        format!("{} · {}：请输入数字 / not a number: {raw}", c.name, i.label),
                    )
                })?;
                values.insert(format!("{}:{}", c.id, i.key), v);
            }
        }
        let fields = AssessmentFields {
            name: a.name.clone(),
            year: a.year,
            indicators: serde_json::to_string(&indicators).unwrap_or_default(),
            values_json: serde_json::to_string(&values).unwrap_or_default(),
        };
        Ok::<_, AppError>(state.db.update_assessment(&ctx.actor(), id, version, fields).await?)
    }
    .await;
    match result {
        Ok(_) => Ok(see_other(&format!("/assessments/{id}"))),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => view(&state, &ctx, id, Some(e)).await,
        Err(e) => Err(e),
    }
}
