//! The indicators tables: migrations per backend (in `migrations/`) and the
//! tables its backups hold.

use kechuang_kernel::schema::Schema;
use sqlx::migrate::Migrator;

static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

/// This capability's schema.
pub static SCHEMA: Schema = Schema {
    name: "indicators",
    sqlite: &SQLITE,
    postgres: &POSTGRES,
    tables: crate::store::backup::TABLES,
    not_backed_up: &[],
};

/// The schemas a database for this capability needs: those it reads, then
/// its own.
pub static SCHEMAS: &[&Schema] = &[
    &kechuang_kernel::schema::SCHEMA,
    &kechuang_registry::schema::SCHEMA,
    &kechuang_credit::schema::SCHEMA,
    &kechuang_market::schema::SCHEMA,
    &kechuang_incentives::schema::SCHEMA,
    &SCHEMA,
];
