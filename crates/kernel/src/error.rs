//! The storage layer's error type.

/// What can go wrong in storage. The HTTP layer maps each variant to a
/// status code in one place.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("记录不存在 / {entity} {id} not found")]
    NotFound { entity: &'static str, id: String },
    #[error(
        "记录已被他人修改（当前版本 {current}，提交版本 {submitted}），请刷新后重试 / {entity} was changed by someone else (version {current}, you sent {submitted}); reload and retry"
    )]
    Conflict {
        entity: &'static str,
        current: i64,
        submitted: i64,
    },
    #[error("{message}")]
    Duplicate { field: &'static str, message: String },
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    #[error("无权访问该记录 / not allowed for this record")]
    Forbidden,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("backup file error: {0}")]
    Backup(String),
    /// A record that cannot be written into the audit log as JSON.
    #[error("audit snapshot failed: {0}")]
    Snapshot(String),
}

impl StoreError {
    /// Whether the database refused the text it was given (PostgreSQL:
    /// U+0000 or an untranslatable character). Input is checked before it
    /// gets here; this is the backstop, answered as bad input, not as a
    /// server error.
    pub fn is_bad_text(&self) -> bool {
        match self {
            StoreError::Database(e) => e
                .as_database_error()
                .and_then(|d| d.code())
                .is_some_and(|c| matches!(c.as_ref(), "22021" | "22P05")),
            _ => false,
        }
    }

    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            message: message.into(),
        }
    }

    /// Maps a unique-constraint violation to [`StoreError::Duplicate`] naming
    /// the field; other errors pass through.
    pub fn on_unique(err: sqlx::Error, field: &'static str, message: impl Into<String>) -> Self {
        if let sqlx::Error::Database(db) = &err
            && db.is_unique_violation()
        {
            return Self::Duplicate {
                field,
                message: message.into(),
            };
        }
        Self::Database(err)
    }
}
