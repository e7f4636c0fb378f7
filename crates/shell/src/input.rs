//! Text input, decided once for every route and both backends: a query
//! string, a url-encoded form or a JSON body whose text is not valid UTF-8,
//! holds a control character (U+0000 and the rest of C0 and C1 except tab,
//! line feed and carriage return, which PostgreSQL refuses or a page would
//! hide), or is longer than its field's maximum is refused with a 422 naming
//! the field, before any handler runs. The maxima are documented in
//! `SECURITY.md`; capabilities may check tighter ones (a region name, a
//! credit code). Multipart uploads are files: their text is cleaned and
//! bounded by the sheet and document readers.

use crate::app::AppState;
use crate::error::AppError;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// Most characters a field holds unless listed below.
pub const DEFAULT_MAX_CHARS: usize = 2_000;
/// Fields holding prose (descriptions, reasons, statements): at most this.
pub const LONG_MAX_CHARS: usize = 100_000;
/// The pasted text of a plan document.
pub const DOCUMENT_MAX_CHARS: usize = 1_000_000;

/// Fields that hold prose, by name.
const LONG_FIELDS: &[&str] = &[
    "abstract",
    "body",
    "comment",
    "description",
    "evidence",
    "expected",
    "message",
    "note",
    "proposal",
    "reason",
    "requirements",
    "source_text",
    "statement",
    "summary",
    "task",
];

/// The most characters field `name` may hold.
pub fn max_chars(name: &str) -> usize {
    let leaf = name.rsplit(['.', '[']).next().unwrap_or(name).trim_end_matches(']');
    if leaf == "text" {
        DOCUMENT_MAX_CHARS
    } else if LONG_FIELDS.contains(&leaf) {
        LONG_MAX_CHARS
    } else {
        DEFAULT_MAX_CHARS
    }
}

/// Whether `c` is refused in text: control characters other than tab, line
/// feed and carriage return.
fn refused(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Checks one field's text.
pub fn check_text(field: &str, value: &str) -> Result<(), AppError> {
    if let Some(c) = value.chars().find(|c| refused(*c)) {
        return Err(AppError::invalid(
            field,
            format!(
                "{field}：含有不可见的控制字符 U+{:04X} / {field} holds the control character U+{:04X}",
                c as u32, c as u32
            ),
        ));
    }
    let max = max_chars(field);
    if value.len() > max && value.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("{field}：不能超过{max}个字符 / {field} is longer than {max} characters"),
        ));
    }
    Ok(())
}

fn decode(part: &str) -> Result<String, Vec<u8>> {
    let plus = part.replace('+', " ");
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(&plus).collect();
    String::from_utf8(bytes).map_err(|e| e.into_bytes())
}

/// Checks URL-encoded pairs (a query string or a form body).
pub fn check_pairs(encoded: &[u8]) -> Result<(), AppError> {
    let text = std::str::from_utf8(encoded)
        .map_err(|_| AppError::invalid("body", "请求不是有效的UTF-8文本 / the request is not valid UTF-8"))?;
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = decode(k)
            .map_err(|_| AppError::invalid("body", "字段名不是有效的UTF-8文本 / a field name is not valid UTF-8"))?;
        let shown: String = key.chars().filter(|c| !refused(*c)).take(64).collect();
        check_text("field", &key)
            .map_err(|_| AppError::invalid(&shown, format!("字段名无效 / invalid field name {shown:?}")))?;
        let value = decode(v).map_err(|_| {
            AppError::invalid(
                &shown,
                format!("{shown}：不是有效的UTF-8文本 / {shown} is not valid UTF-8"),
            )
        })?;
        check_text(&shown, &value)?;
    }
    Ok(())
}

/// Checks every string of a JSON document, naming the key that holds it.
pub fn check_json(value: &Value, key: &str) -> Result<(), AppError> {
    match value {
        Value::String(s) => check_text(if key.is_empty() { "body" } else { key }, s),
        Value::Array(items) => items.iter().try_for_each(|v| check_json(v, key)),
        Value::Object(map) => map.iter().try_for_each(|(k, v)| {
            check_text("field", k).map_err(|_| AppError::invalid("body", "字段名无效 / invalid field name"))?;
            check_json(v, k)
        }),
        _ => Ok(()),
    }
}

/// Middleware: refuses requests whose text breaks the rules above; the
/// body it read is handed on unchanged.
pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if let Some(q) = req.uri().query()
        && let Err(e) = check_pairs(q.as_bytes())
    {
        return e.into_response();
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let form = content_type.starts_with("application/x-www-form-urlencoded");
    let json = content_type.starts_with("application/json");
    if !form && !json {
        return next.run(req).await;
    }
    let limit = state.config.max_body_bytes;
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, limit).await {
        Ok(b) => b,
        Err(_) => return AppError::too_large(Some(limit)).into_response(),
    };
    if form && bytes.len() > crate::csrf::FORM_LIMIT {
        return AppError::too_large(Some(crate::csrf::FORM_LIMIT)).into_response();
    }
    let checked = if form {
        check_pairs(&bytes)
    } else {
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(v) => check_json(&v, ""),
            Err(_) if std::str::from_utf8(&bytes).is_err() => Err(AppError::invalid(
                "body",
                "请求不是有效的UTF-8文本 / the request is not valid UTF-8",
            )),
            // unreadable JSON is the handler's to report
            Err(_) => Ok(()),
        }
    };
    match checked {
        Ok(()) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_lengths() {
        let cases: &[(&str, &[u8], Option<&str>)] = &[
            ("plain", b"name=%E7%A7%91%E6%8A%80&q=a+b", None),
            ("tab and newlines kept", b"note=a%09b%0D%0Ac", None),
            ("NUL", b"name=a%00b", Some("name")),
            ("escape", b"name=a%1Bb", Some("name")),
            ("C1", b"name=a%C2%85b", Some("name")),
            ("DEL", b"name=a%7Fb", Some("name")),
            ("invalid UTF-8", b"name=%FF%FE", Some("name")),
            ("NUL in a key", b"na%00me=x", Some("name")),
        ];
        for (what, input, field) in cases {
            let got = check_pairs(input).err().and_then(|e| e.field());
            assert_eq!(got.as_deref(), *field, "{what}");
        }
        let long = format!("name={}", "科".repeat(DEFAULT_MAX_CHARS + 1));
        assert_eq!(
            check_pairs(long.as_bytes()).unwrap_err().field().as_deref(),
            Some("name")
        );
        let ok = format!("name={}", "科".repeat(DEFAULT_MAX_CHARS));
        assert!(check_pairs(ok.as_bytes()).is_ok());
        let prose = format!("description={}", "科".repeat(DEFAULT_MAX_CHARS + 1));
        assert!(check_pairs(prose.as_bytes()).is_ok());
        assert_eq!(max_chars("fact.note"), LONG_MAX_CHARS);
        assert_eq!(max_chars("text"), DOCUMENT_MAX_CHARS);
    }

    #[test]
    fn json_strings_are_checked_by_their_key() {
        let v: Value = serde_json::json!({"name": "ok", "tags": ["a", "b\u{0}"]});
        assert_eq!(check_json(&v, "").unwrap_err().field().as_deref(), Some("tags"));
        let v: Value = serde_json::json!({"items": [{"title": "x\u{7}"}]});
        assert_eq!(check_json(&v, "").unwrap_err().field().as_deref(), Some("title"));
        assert!(check_json(&serde_json::json!({"n": 1, "s": "科技\n"}), "").is_ok());
    }
}
