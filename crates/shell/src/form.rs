//! Typed forms and queries: `Form<T>` and `Query<T>` read a request into a
//! struct, and a field that is missing or cannot be read is refused with a
//! 422 naming it (`version`), never taken as empty or zero.

use crate::error::AppError;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// A form body (`application/x-www-form-urlencoded`) read into `T`.
#[derive(Debug, Clone)]
pub struct Form<T>(pub T);

/// A query string read into `T`.
#[derive(Debug, Clone)]
pub struct Query<T>(pub T);

/// Reads `bytes` (URL-encoded pairs) into `T`, naming the field that failed.
pub fn read<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(bytes));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        // a missing field is reported by serde at the struct, not the field
        let field = match inner.strip_prefix("missing field `") {
            Some(rest) => rest.trim_end_matches('`').to_owned(),
            None if path != "." => path,
            None => String::new(),
        };
        let message = if inner.starts_with("missing field") {
            format!("{field}：必填 / {field} is required")
        } else {
            format!("{field}：{inner} / {field} cannot be read: {inner}")
        };
        AppError::Invalid {
            field: (!field.is_empty()).then_some(field),
            message,
        }
    })
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::too_large(None)
            } else {
                AppError::invalid("body", format!("请求体无法读取 / the body cannot be read: {e}"))
            }
        })?;
        read(&bytes).map(Form)
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        read(parts.uri.query().unwrap_or_default().as_bytes()).map(Query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct StatusForm {
        to: String,
        version: i64,
        #[serde(default)]
        note: String,
    }

    #[test]
    fn fields_are_named() {
        let ok: StatusForm = read(b"to=published&version=3").unwrap();
        assert_eq!((ok.to.as_str(), ok.version, ok.note.as_str()), ("published", 3, ""));
        let missing = read::<StatusForm>(b"to=published").unwrap_err();
        assert_eq!(missing.field().as_deref(), Some("version"));
        assert_eq!(missing.status(), axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        let bad = read::<StatusForm>(b"to=published&version=abc").unwrap_err();
        assert_eq!(bad.field().as_deref(), Some("version"), "{bad}");
    }
}
