//! CSRF protection for every state-changing request made with ambient
//! credentials (cookies). The client must echo its token in the
//! `X-CSRF-Token` header or in a `_csrf` form field (url-encoded forms and
//! multipart uploads alike; never in the URL, where logs and referrers would
//! keep it). Bearer-token clients carry no ambient authority and are exempt.

use crate::ctx::{AuthVia, Ctx};
use crate::error::AppError;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub const HEADER: &str = "x-csrf-token";
pub const FIELD: &str = "_csrf";

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn field_from(pairs: &[u8]) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(pairs)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == FIELD)
        .map(|(_, v)| v)
}

/// The `_csrf` field of a multipart body, read from the parts before it.
async fn multipart_field(content_type: &str, bytes: axum::body::Bytes) -> Option<String> {
    let boundary = multer::parse_boundary(content_type).ok()?;
    let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(bytes) });
    let mut parts = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = parts.next_field().await {
        if field.name() == Some(FIELD) {
            return field.text().await.ok();
        }
    }
    None
}

/// Middleware: rejects unsafe requests whose token does not match.
pub async fn guard(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    ctx: Ctx,
    req: Request,
    next: Next,
) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || ctx.via == AuthVia::Token {
        return next.run(req).await;
    }
    let expected = ctx.csrf.clone();
    let header_token = req
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if let Some(t) = header_token {
        return if !expected.is_empty() && constant_time_eq(&t, &expected) {
            next.run(req).await
        } else {
            AppError::Csrf.into_response()
        };
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let multipart = content_type.starts_with("multipart/form-data");
    if !multipart && !content_type.starts_with("application/x-www-form-urlencoded") {
        return AppError::Csrf.into_response();
    }
    // a form is read whole here and handed on; it is read to the body
    // limit even when over the form limit, so the client hears the 413
    // instead of a reset connection
    let limit = state.config.max_body_bytes;
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, limit).await {
        Ok(b) => b,
        Err(_) => return AppError::too_large(Some(limit)).into_response(),
    };
    if !multipart && bytes.len() > FORM_LIMIT {
        return AppError::too_large(Some(FORM_LIMIT)).into_response();
    }
    let token = if multipart {
        multipart_field(&content_type, bytes.clone()).await
    } else {
        field_from(&bytes)
    };
    match token {
        Some(t) if !expected.is_empty() && constant_time_eq(&t, &expected) => {
            next.run(Request::from_parts(parts, Body::from(bytes))).await
        }
        _ => AppError::Csrf.into_response(),
    }
}

/// Largest url-encoded form (a pasted plan included): 2 MiB.
pub const FORM_LIMIT: usize = 2 * 1024 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_tokens() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
        assert_eq!(field_from(b"a=1&_csrf=tok%2B&b=2").as_deref(), Some("tok+"));
        assert_eq!(field_from(b"a=1"), None);
    }
}
