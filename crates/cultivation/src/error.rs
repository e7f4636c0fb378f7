//! Errors of the JSON interface. Each names the JSON field at fault, so a
//! person correcting an input file knows where to look.

/// Why an input could not be assessed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssessError {
    /// The text is not JSON of the expected shape (a missing, unknown or
    /// mistyped field). `path` is the field's location, e.g. `years[1].revenue`.
    #[error("invalid input at `{path}`: {message}")]
    Json { path: String, message: String },
    /// The JSON has the right shape but a value breaks a rule of the input
    /// format, e.g. in-China R&D larger than total R&D.
    #[error("invalid value of `{field}`: {reason}")]
    Invalid { field: String, reason: String },
    /// The report could not be written as JSON (should not happen).
    #[error("cannot write the report as JSON: {0}")]
    Output(String),
}

impl AssessError {
    pub(crate) fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        AssessError::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// The JSON field the error is about.
    pub fn field(&self) -> Option<&str> {
        match self {
            AssessError::Json { path, .. } => Some(path),
            AssessError::Invalid { field, .. } => Some(field),
            AssessError::Output(_) => None,
        }
    }
}
