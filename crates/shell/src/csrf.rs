//! CSRF protection for every state-changing request made with ambient
//! credentials (cookies). The client must echo its token in the
//! `X-CSRF-Token` header, in a `_csrf` form field (url-encoded forms), or in
//! a `_csrf` query parameter (multipart uploads). Bearer-token clients carry
//! no ambient authority and are exempt.

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

/// Middleware: rejects unsafe requests whose token does not match.
pub async fn guard(ctx: Ctx, req: Request, next: Next) -> Response {
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
    let query_token = req.uri().query().and_then(|q| field_from(q.as_bytes()));
    if let Some(t) = header_token.or(query_token) {
        return if !expected.is_empty() && constant_time_eq(&t, &expected) {
            next.run(req).await
        } else {
            AppError::Csrf.into_response()
        };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return AppError::Csrf.into_response();
    }
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, 1024 * 1024).await {
        Ok(b) => b,
        Err(_) => return AppError::invalid("body", "表单过大 / form too large").into_response(),
    };
    match field_from(&bytes) {
        Some(t) if !expected.is_empty() && constant_time_eq(&t, &expected) => {
            next.run(Request::from_parts(parts, Body::from(bytes))).await
        }
        _ => AppError::Csrf.into_response(),
    }
}

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
