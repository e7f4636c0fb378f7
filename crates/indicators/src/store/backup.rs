//! The indicators tables in a backup.

use kechuang_kernel::backup::Kind::*;
use kechuang_kernel::backup::TableSpec;

/// The tables, parents before children.
pub static TABLES: &[TableSpec] = &[
    TableSpec {
        name: "indicator_inputs",
        columns: &[
            ("id", Int),
            ("region_id", Int),
            ("year", Int),
            ("indicator", Text),
            ("value", Text),
            ("source", Text),
            ("note", Text),
            ("entered_by", Text),
            ("created_at", Time),
            ("updated_at", Time),
            ("version", Int),
        ],
        identity: true,
    },
    TableSpec {
        name: "indicator_groups",
        columns: &[
            ("id", Int),
            ("region_id", Int),
            ("name", Text),
            ("members", Text),
            ("created_by", Text),
            ("created_at", Time),
            ("updated_at", Time),
            ("version", Int),
        ],
        identity: true,
    },
];
