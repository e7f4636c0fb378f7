//! The credit files' tables in a backup.

use kechuang_kernel::backup::Kind::*;
use kechuang_kernel::backup::TableSpec;

/// The tables, parents before children.
pub static TABLES: &[TableSpec] = &[TableSpec {
    name: "credit_records",
    columns: &[
        ("id", Int),
        ("region_id", Int),
        ("subject_kind", Text),
        ("subject_name", Text),
        ("subject_code", Text),
        ("name_norm", Text),
        ("kind", Text),
        ("reason", Text),
        ("basis", Text),
        ("document_no", Text),
        ("decided_on", Text),
        ("until", Text),
        ("lifted_on", Text),
        ("lift_reason", Text),
        ("lifted_by", Text),
        ("created_by", Text),
        ("created_at", Time),
        ("updated_at", Time),
        ("version", Int),
    ],
    identity: true,
}];
