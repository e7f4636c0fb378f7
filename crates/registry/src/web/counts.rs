//! Registry counts: enterprises by county and by valid certificate, and
//! platforms and other actors by kind and level, as tables and charts. The
//! same numbers come from `GET /api/v1/registry/counts` and feed plan
//! targets ("高新技术企业达到600家").

use crate::store::prelude::*;
use kechuang_kernel::scope::Scope;
use std::collections::BTreeMap;

use crate::CertificateKind;
use crate::RECORD_KINDS;
use crate::spec::{FieldType, Place};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use kechuang_charts::{Bar, BarChart, horizontal_bars};
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::page::today;
use kechuang_shell::render;
use kechuang_shell::ui::scope_of;
use minijinja::{Value, context};
use serde::Serialize;

/// Counts of one region.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegionCounts {
    pub region_id: i64,
    pub region_name: String,
    /// Enterprises in the registry.
    pub enterprises: i64,
    /// Enterprises holding a valid certificate, by certificate kind.
    pub certified: BTreeMap<String, i64>,
    /// Records by kind (platform, expert …).
    pub records: BTreeMap<String, i64>,
}

/// One cell of a kind × category × level table.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CategoryCount {
    pub kind: String,
    pub category: String,
    pub category_label: String,
    pub level: String,
    pub level_label: String,
    pub count: i64,
}

/// Everything the counts page and API show.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegistryCounts {
    /// The date certificates are judged valid on.
    pub on: String,
    pub regions: Vec<RegionCounts>,
    pub categories: Vec<CategoryCount>,
}

pub(crate) async fn collect(state: &AppState, scope: &Scope) -> Result<RegistryCounts, AppError> {
    let on = today().to_string();
    let mut regions: BTreeMap<i64, RegionCounts> = BTreeMap::new();
    let mut categories = Vec::new();
    let ent = state.db.enterprise_counts(scope, &on).await?;
    let mut rec = Vec::new();
    for spec in RECORD_KINDS {
        rec.push((spec, state.db.record_counts(spec.kind, scope).await?));
    }
    let mut add = |id: i64, name: &str, f: &mut dyn FnMut(&mut RegionCounts)| {
        let r = regions.entry(id).or_insert_with(|| RegionCounts {
            region_id: id,
            region_name: name.to_owned(),
            enterprises: 0,
            certified: BTreeMap::new(),
            records: BTreeMap::new(),
        });
        f(r);
    };
    for c in &ent {
        add(c.region_id, &c.region_name, &mut |r| {
            if c.kind == "total" {
                r.enterprises += c.count;
            } else {
                *r.certified.entry(c.kind.clone()).or_default() += c.count;
            }
        });
    }
    for (spec, counts) in &rec {
        let label = |place: Place, code: &str| match spec.at(place).map(|f| &f.ty) {
            Some(FieldType::Coded(v)) if !code.is_empty() => v.label(code),
            _ => code.to_owned(),
        };
        let mut by_cat: BTreeMap<(String, String), i64> = BTreeMap::new();
        for c in counts {
            add(c.region_id, &c.region_name, &mut |r| {
                *r.records.entry(spec.kind.to_owned()).or_default() += c.count;
            });
            *by_cat.entry((c.category.clone(), c.level.clone())).or_default() += c.count;
        }
        categories.extend(by_cat.into_iter().map(|((category, level), count)| CategoryCount {
            kind: spec.kind.to_owned(),
            category_label: label(Place::Category, &category),
            level_label: label(Place::Level, &level),
            category,
            level,
            count,
        }));
    }
    Ok(RegistryCounts {
        on,
        regions: regions.into_values().collect(),
        categories,
    })
}

/// `GET /registry`: the registry's landing page is its counts.
pub async fn home(state: State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    page(state, ctx).await
}

pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    let counts = collect(&state, &scope).await?;
    let kinds: Vec<Value> = CertificateKind::ALL
        .iter()
        .map(|k| context! { code => k.as_str(), label => k.label_zh() })
        .collect();
    let records: Vec<Value> = RECORD_KINDS
        .iter()
        .map(|k| context! { code => k.kind, plural => k.plural, label => k.zh })
        .collect();
    let chart_of = |title: &str, value: &dyn Fn(&RegionCounts) -> i64| {
        horizontal_bars(&BarChart {
            title: title.to_owned(),
            unit: "家".into(),
            bars: counts
                .regions
                .iter()
                .map(|r| Bar {
                    label: r.region_name.clone(),
                    value: value(r) as f64,
                    ..Default::default()
                })
                .collect(),
            reference: None,
        })
    };
    let enterprises_chart = chart_of("企业数 / enterprises by county", &|r| r.enterprises);
    let hte_chart = chart_of("高新技术企业 / high-tech enterprises", &|r| {
        r.certified.get("high_tech_enterprise").copied().unwrap_or(0)
    });
    let platform_chart = horizontal_bars(&BarChart {
        title: "创新平台（按类型）/ platforms by kind".into(),
        unit: "个".into(),
        bars: {
            let mut by: BTreeMap<String, i64> = BTreeMap::new();
            for c in counts.categories.iter().filter(|c| c.kind == "platform") {
                *by.entry(c.category_label.clone()).or_default() += c.count;
            }
            by.into_iter()
                .map(|(label, n)| Bar {
                    label,
                    value: n as f64,
                    ..Default::default()
                })
                .collect()
        },
        reference: None,
    });
    let html = render(
        &ctx,
        "registry_counts.html",
        context! {
            counts => Value::from_serialize(&counts), kinds => kinds, records => records,
            enterprises_chart => Value::from_safe_string(enterprises_chart),
            hte_chart => Value::from_safe_string(hte_chart),
            platform_chart => Value::from_safe_string(platform_chart),
        },
    )?;
    Ok(html.into_response())
}
