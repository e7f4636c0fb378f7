//! The one error type of the web layer and its mapping to HTTP: JSON
//! `{code, message, field}` for the API, an error page for the UI.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kechuang_kernel::StoreError;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("请先登录 / please sign in")]
    Unauthorized,
    #[error("无权执行此操作 / you are not allowed to do this")]
    Forbidden,
    #[error("页面或记录不存在 / not found")]
    NotFound,
    #[error("不支持该请求方法 / method not allowed")]
    MethodNotAllowed,
    #[error("{message}")]
    Invalid { field: Option<String>, message: String },
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooManyRequests(String),
    /// The request body is over the limit.
    #[error("{0}")]
    TooLarge(String),
    #[error("安全校验失败，请刷新页面后重试 / security token missing or invalid; reload the page and retry")]
    Csrf,
    /// Something failed that the client cannot mend; the source error is
    /// kept for the log and never shown.
    #[error("internal error: {context}")]
    Internal {
        context: String,
        #[source]
        source: Option<BoxError>,
    },
}

/// Any error kept as the source of an internal one.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The JSON body of every API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `conflict`.
    pub code: &'static str,
    /// Human-readable message, Chinese first.
    pub message: String,
    /// The input field the error is about, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl AppError {
    /// An internal error while doing `context`, keeping its source.
    pub fn internal(context: impl Into<String>, source: impl Into<BoxError>) -> Self {
        Self::Internal {
            context: context.into(),
            source: Some(source.into()),
        }
    }

    /// An internal error with no underlying error (a broken invariant).
    pub fn bug(context: impl Into<String>) -> Self {
        Self::Internal {
            context: context.into(),
            source: None,
        }
    }

    /// A request body over the limit (in bytes, when known).
    pub fn too_large(limit: Option<usize>) -> Self {
        Self::TooLarge(match limit {
            Some(n) => format!(
                "请求内容超过上限（{} MiB）/ the request is larger than the limit of {} MiB",
                n / (1024 * 1024),
                n / (1024 * 1024)
            ),
            None => "请求内容超过上限 / the request is larger than the limit".into(),
        })
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: Some(field.to_owned()),
            message: message.into(),
        }
    }

    /// One error for several problems `(field, message)`: it names the
    /// first field and lists every problem.
    pub fn fields<'a>(problems: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut field = None;
        let mut parts = Vec::new();
        for (f, m) in problems {
            field.get_or_insert_with(|| f.to_owned());
            parts.push(format!("{f}：{m}"));
        }
        Self::Invalid {
            field,
            message: parts.join("；"),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::Csrf => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Invalid { .. } => "invalid",
            Self::Conflict(_) => "conflict",
            Self::TooManyRequests(_) => "too_many_requests",
            Self::TooLarge(_) => "too_large",
            Self::Csrf => "csrf",
            Self::Internal { .. } => "internal",
        }
    }

    /// The message shown to users: internal details stay in the log.
    pub fn public_message(&self) -> String {
        match self {
            Self::Internal { .. } => "服务器内部错误，请稍后重试 / internal server error".into(),
            other => other.to_string(),
        }
    }

    pub fn field(&self) -> Option<String> {
        match self {
            Self::Invalid { field, .. } => field.clone(),
            _ => None,
        }
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            code: self.code(),
            message: self.public_message(),
            field: self.field(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => Self::NotFound,
            StoreError::Conflict { .. } => Self::Conflict(e.to_string()),
            StoreError::Duplicate { field, message } | StoreError::Invalid { field, message } => Self::Invalid {
                field: Some(field.to_owned()),
                message,
            },
            StoreError::Forbidden => Self::Forbidden,
            e if e.is_bad_text() => Self::invalid(
                "body",
                "内容含有数据库无法保存的字符（如 U+0000）/ the text holds a character the database cannot store (such as U+0000)",
            ),
            other => Self::internal("storage", other),
        }
    }
}

impl From<kechuang_kernel::user::UserError> for AppError {
    fn from(e: kechuang_kernel::user::UserError) -> Self {
        Self::invalid(e.field(), e.to_string())
    }
}

impl IntoResponse for AppError {
    /// API-shaped response; UI handlers render [`crate::ui::error_page`]
    /// instead (the error middleware picks by path).
    fn into_response(self) -> Response {
        if let Self::Internal { context, source } = &self {
            let mut chain = String::new();
            let mut next = source.as_deref().map(|e| e as &(dyn std::error::Error + 'static));
            while let Some(e) = next {
                chain.push_str(": ");
                chain.push_str(&e.to_string());
                next = e.source();
            }
            tracing::error!(%context, cause = %chain, "request failed");
        }
        let status = self.status();
        let mut resp = (status, axum::Json(self.body())).into_response();
        resp.extensions_mut().insert(ErrorMarker(self.body()));
        resp
    }
}

/// Attached to error responses so the UI layer can render them as a page.
#[derive(Debug, Clone)]
pub struct ErrorMarker(pub ErrorBody);

impl Clone for ErrorBody {
    fn clone(&self) -> Self {
        Self {
            code: self.code,
            message: self.message.clone(),
            field: self.field.clone(),
        }
    }
}
