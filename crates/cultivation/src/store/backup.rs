//! Cultivation's tables in a backup, in dependency order.

use kechuang_kernel::backup::Kind::*;
use kechuang_kernel::backup::TableSpec;

/// The tables, parents before children.
pub static TABLES: &[TableSpec] = &[
    TableSpec {
        name: "pool_members",
        columns: &[
            ("id", Int),
            ("pool", Text),
            ("enterprise_id", Int),
            ("status", Text),
            ("reason", Text),
            ("note", Text),
            ("decided_by", Text),
            ("created_at", Time),
            ("updated_at", Time),
            ("version", Int),
        ],
        identity: true,
    },
    TableSpec {
        name: "bank_consents",
        columns: &[
            ("id", Int),
            ("enterprise_id", Int),
            ("consented", Bool),
            ("decided_by", Text),
            ("created_at", Time),
            ("updated_at", Time),
            ("version", Int),
        ],
        identity: true,
    },
    TableSpec {
        name: "commissioner_assignments",
        columns: &[
            ("id", Int),
            ("enterprise_id", Int),
            ("expert_id", Int),
            ("started_on", Text),
            ("ended_on", Text),
            ("end_reason", Text),
            ("assigned_by", Text),
            ("created_at", Time),
            ("updated_at", Time),
            ("version", Int),
        ],
        identity: true,
    },
    TableSpec {
        name: "commissioner_visits",
        columns: &[
            ("id", Int),
            ("enterprise_id", Int),
            ("expert_id", Int),
            ("visited_on", Text),
            ("summary", Text),
            ("follow_up", Text),
            ("follow_up_due", Text),
            ("follow_up_done", Bool),
            ("recorded_by", Text),
            ("created_at", Time),
            ("updated_at", Time),
            ("version", Int),
        ],
        identity: true,
    },
    TableSpec {
        name: "clinic_answers",
        columns: &[
            ("id", Int),
            ("enterprise_id", Int),
            ("answers_json", Text),
            ("answered_by", Text),
            ("created_at", Time),
            ("updated_at", Time),
            ("version", Int),
        ],
        identity: true,
    },
];
