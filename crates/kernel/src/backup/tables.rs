//! How a table is written in a backup: its columns and how each is written;
//! and the foundation's own tables.

/// How a column's values are written to and read from the backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Text,
    Bool,
    Time,
    /// Binary data, base64 in the file.
    Bytes,
}

/// A table included in backups, with its columns in order.
#[derive(Debug, Clone, Copy)]
pub struct TableSpec {
    pub name: &'static str,
    pub columns: &'static [(&'static str, Kind)],
    /// Whether the first column is generated (its sequence is reset after restore).
    pub identity: bool,
}

use Kind::*;

/// The foundation's tables in dependency order. Sessions are not backed up:
/// a restore signs everyone out.
pub static FOUNDATION: &[TableSpec] = &[
    TableSpec {
        name: "regions",
        columns: &[
            ("id", Int),
            ("code", Text),
            ("name", Text),
            ("name_en", Text),
            ("level", Text),
            ("parent_id", Int),
            ("path", Text),
            ("created_at", Time),
            ("updated_at", Time),
            ("version", Int),
        ],
        identity: true,
    },
    TableSpec {
        name: "users",
        columns: &[
            ("id", Int),
            ("username", Text),
            ("display_name", Text),
            ("password_hash", Text),
            ("role", Text),
            ("region_id", Int),
            ("enterprise_code", Text),
            ("institution_id", Int),
            ("unit", Text),
            ("email", Text),
            ("active", Bool),
            ("must_change_password", Bool),
            ("created_at", Time),
            ("updated_at", Time),
            ("version", Int),
        ],
        identity: true,
    },
    TableSpec {
        name: "api_tokens",
        columns: &[
            ("id", Int),
            ("user_id", Int),
            ("name", Text),
            ("prefix", Text),
            ("token_hash", Text),
            ("created_at", Time),
            ("expires_at", Time),
            ("last_used_at", Time),
            ("revoked_at", Time),
            ("version", Int),
        ],
        identity: true,
    },
    TableSpec {
        name: "audit_log",
        columns: &[
            ("id", Int),
            ("at", Time),
            ("actor_id", Int),
            ("actor_name", Text),
            ("actor_role", Text),
            ("action", Text),
            ("entity", Text),
            ("entity_id", Text),
            ("region_path", Text),
            ("before_json", Text),
            ("after_json", Text),
            ("ip", Text),
        ],
        identity: true,
    },
    TableSpec {
        name: "settings",
        columns: &[("key", Text), ("value", Text), ("updated_at", Time)],
        identity: false,
    },
    TableSpec {
        name: "notifications",
        columns: &[
            ("id", Int),
            ("user_id", Int),
            ("kind", Text),
            ("title", Text),
            ("body", Text),
            ("link", Text),
            ("dedup_key", Text),
            ("created_at", Time),
            ("read_at", Time),
            ("mail_state", Text),
            ("mail_attempts", Int),
            ("mail_error", Text),
            ("params", Text),
        ],
        identity: true,
    },
];
