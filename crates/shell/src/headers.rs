//! Security headers, set once for every response: no framing by other
//! sites, no content sniffing, no full referrer to other origins, and a
//! content security policy that allows only the binary's own scripts,
//! styles and images (there is no inline script or style, and no CDN).

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The content security policy of every page.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The headers and their values.
pub const HEADERS: &[(HeaderName, &str)] = &[
    (header::CONTENT_SECURITY_POLICY, CSP),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "same-origin"),
];

/// Middleware: adds the headers a handler did not set itself.
pub async fn add(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    for (name, value) in HEADERS {
        if !h.contains_key(name) {
            h.insert(name.clone(), HeaderValue::from_static(value));
        }
    }
    resp
}
