//! Helpers every capability's pages share: paging, downloads, the query
//! string of a filtered list, today's date.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use kechuang_kernel::paging::COUNT_CAP;

/// Content type of an .xlsx download.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// Content type of a CSV download.
pub const CSV: &str = "text/csv; charset=utf-8";

/// Rows on a page of a list.
pub const PAGE: i64 = 20;

/// Today in China (UTC+8).
pub fn today() -> chrono::NaiveDate {
    kechuang_kernel::clock::today()
}

/// A file download with a UTF-8 file name.
pub fn file_response(bytes: Vec<u8>, name: &str, content_type: &str) -> Response {
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename*=UTF-8''{encoded}"),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// Pagination links data for a list of `total` rows at `page` (1-based).
pub fn pages(total: i64, page: i64) -> minijinja::Value {
    let last = ((total + PAGE - 1) / PAGE).max(1);
    minijinja::context! {
        page => page, last => last, total => total,
        capped => total >= COUNT_CAP,
        prev => (page > 1).then_some(page - 1),
        next => (page < last).then_some(page + 1),
    }
}

/// The query string of a filter map without `page`, for links that keep
/// the filters (pagination, export).
pub fn keep_query(q: &std::collections::BTreeMap<String, String>) -> String {
    let kept: Vec<(&String, &String)> = q
        .iter()
        .filter(|(k, v)| k.as_str() != "page" && !v.is_empty())
        .collect();
    serde_urlencoded::to_string(kept).unwrap_or_default()
}

/// Largest page number a list accepts.
pub const MAX_PAGE: i64 = 10_000;

/// The `page` parameter of a list: 1 when absent, refused by name when it
/// is not a number from 1 to [`MAX_PAGE`].
pub fn page_of(q: &std::collections::BTreeMap<String, String>) -> Result<i64, crate::AppError> {
    match q.get("page").map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(1),
        Some(p) => p
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .ok_or_else(|| {
                crate::AppError::invalid("page", format!("页码应为 1–{MAX_PAGE} / page must be 1–{MAX_PAGE}"))
            }),
    }
}

/// A coded vocabulary's entries, (code, Chinese, English), as (code, label)
/// pairs for a select box.
pub fn options(vocab: &[(&'static str, &'static str, &'static str)]) -> Vec<(String, String)> {
    vocab.iter().map(|e| (e.0.to_owned(), e.1.to_owned())).collect()
}
