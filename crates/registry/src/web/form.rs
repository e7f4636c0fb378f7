//! Create/edit forms of registry records, rendered from the field specs: a
//! text box, date, number, yes/no or option list per field, the county as a
//! list of the regions in scope, and every field's validation message in
//! place after a failed submit.

use std::collections::HashMap;

use crate::FieldIssue;
use crate::spec::{FieldType, KindSpec, Place};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kechuang_kernel::regions::Region;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::i18n::Lang;
use kechuang_shell::render;
use minijinja::{Value, context};

/// What the form page shows.
pub(crate) struct FormPage<'a> {
    pub spec: &'static KindSpec,
    pub title: String,
    pub action: String,
    pub back: String,
    pub values: HashMap<String, String>,
    pub issues: Vec<FieldIssue>,
    pub version: Option<i64>,
    /// The record key cannot change once created.
    pub key_locked: bool,
    pub regions: &'a [Region],
}

fn input_type(f: &crate::spec::FieldSpec) -> &'static str {
    match f.ty {
        FieldType::Date => "date",
        FieldType::Int => "number",
        FieldType::Bool => "bool",
        FieldType::Coded(_) => "select",
        _ => "text",
    }
}

pub(crate) fn render_form(ctx: &Ctx, page: FormPage<'_>) -> Result<Response, AppError> {
    let errors: HashMap<&str, &str> = page.issues.iter().map(|i| (i.key, i.reason.as_str())).collect();
    let en = ctx.lang == Lang::En;
    let fields: Vec<Value> = page
        .spec
        .fields
        .iter()
        .filter(|f| f.place != Place::RegionName)
        .map(|f| {
            let options: Vec<Value> = match (&f.ty, f.place) {
                (FieldType::Coded(v), _) => (v.options)()
                    .into_iter()
                    .map(|(code, zh)| context! { value => code, label => zh })
                    .collect(),
                (_, Place::RegionCode) => page
                    .regions
                    .iter()
                    .map(|r| context! { value => r.code, label => format!("{}{}", "　".repeat(r.path.matches('/').count().saturating_sub(3)), r.name) })
                    .collect(),
                _ => Vec::new(),
            };
            let kind = if f.place == Place::RegionCode { "select" } else { input_type(f) };
            let label = if en { format!("{} / {}", f.en, f.zh) } else { f.zh.to_owned() };
            let error = errors
                .get(f.key)
                .or_else(|| (f.place == Place::RegionCode).then(|| errors.get("county_name")).flatten());
            context! {
                key => f.key, label => label, kind => kind, options => options,
                value => page.values.get(f.key).cloned().unwrap_or_default(),
                required => f.required, error => error.map(|e| e.to_string()),
                private => f.place == Place::Contact,
                locked => page.key_locked && f.place == Place::Code,
                list => matches!(f.ty, FieldType::List),
            }
        })
        .collect();
    let status = if page.issues.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let html = render(
        ctx,
        "registry_form.html",
        context! {
            title => page.title, action => page.action, back => page.back, fields => fields,
            version => page.version, has_errors => !page.issues.is_empty(), error_count => page.issues.len(),
        },
    )?;
    Ok((status, html).into_response())
}

/// A form value as `get(key)` for the shared validators; the county comes
/// from the region list (by division code).
pub(crate) fn getter(values: &HashMap<String, String>) -> impl Fn(&str) -> String + '_ {
    move |key: &str| values.get(key).cloned().unwrap_or_default()
}
