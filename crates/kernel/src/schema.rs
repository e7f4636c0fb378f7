//! Schemas: each capability owns its tables, as migrations per backend and
//! as the tables its backups hold. [`Db::migrate`] applies the migrations of
//! the schemas it is given as one sequence ordered by version, so a
//! capability's migrations (numbered from its own thousand: the kernel 1001…,
//! the registry 2001…) run after those of the capabilities it builds on.
//!
//! Databases made by releases before capabilities owned their schemas carry
//! migrations 1–21 of one shared sequence (kept in `migrations/legacy`). Such
//! a database is brought to the end of that sequence and then recorded as
//! holding the baselines ([`SQUASHED`]) that reproduce it, so it continues with
//! the capabilities' own migrations.

use crate::backup::TableSpec;
use crate::{Db, Result, StoreError};
use sqlx::migrate::{Migration, Migrator};

/// One capability's part of the database.
#[derive(Debug)]
pub struct Schema {
    pub name: &'static str,
    pub sqlite: &'static Migrator,
    pub postgres: &'static Migrator,
    /// Its tables in backups, parents before children.
    pub tables: &'static [TableSpec],
    /// Tables (`table`) or columns (`table.column`) of its schema left out of
    /// backups, each with the reason.
    pub not_backed_up: &'static [(&'static str, &'static str)],
}

static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");
static LEGACY_SQLITE: Migrator = sqlx::migrate!("./migrations/legacy/sqlite");
static LEGACY_POSTGRES: Migrator = sqlx::migrate!("./migrations/legacy/postgres");

/// The foundation's schema.
pub static SCHEMA: Schema = Schema {
    name: "kernel",
    sqlite: &SQLITE,
    postgres: &POSTGRES,
    tables: crate::backup::FOUNDATION,
    not_backed_up: &[
        ("sessions", "a restore signs everyone out"),
        ("rate_limits", "counters of the current minutes, not records"),
        (
            "notifications.mail_claimed_by",
            "a mail lease of the instance that wrote the backup",
        ),
        (
            "notifications.mail_claimed_until",
            "a mail lease of the instance that wrote the backup",
        ),
    ],
};

/// The baselines that reproduce the legacy sequence 1–21, by version.
pub const SQUASHED: &[i64] = &[1001, 2001, 3001, 4001, 5001, 6001];

/// The last migration of the legacy sequence.
const LEGACY_LAST: i64 = 21;

/// The migrations of `schemas` for `db`'s backend, as one sequence; a
/// version claimed by two schemas is an error naming both.
pub fn migrator(db: &Db, schemas: &[&Schema]) -> Result<Migrator> {
    let mut all: Vec<Migration> = Vec::new();
    let mut owner: Vec<(i64, &str)> = Vec::new();
    for s in schemas {
        let m = match db {
            Db::Sqlite(_) => s.sqlite,
            Db::Postgres(_) => s.postgres,
        };
        for mig in m.iter() {
            if let Some((_, other)) = owner.iter().find(|(v, _)| *v == mig.version) {
                return Err(StoreError::invalid(
                    "migrations",
                    format!("migration {} belongs to both {other} and {}", mig.version, s.name),
                ));
            }
            owner.push((mig.version, s.name));
            all.push(mig.clone());
        }
    }
    Ok(Migrator::with_migrations(all))
}

impl Db {
    /// Applies the pending migrations of `schemas` (a database of an earlier
    /// release is first brought to the end of the legacy sequence and
    /// recorded as holding its baselines).
    pub async fn migrate(&self, schemas: &[&Schema]) -> Result<()> {
        let merged = migrator(self, schemas)?;
        self.adopt_legacy(&merged).await?;
        with_db!(self, |p| merged.run(p).await?);
        Ok(())
    }

    /// The newest migration version of `schemas`.
    pub fn schema_version(&self, schemas: &[&Schema]) -> i64 {
        migrator(self, schemas)
            .map(|m| m.iter().map(|m| m.version).max().unwrap_or(0))
            .unwrap_or(0)
    }

    async fn adopt_legacy(&self, merged: &Migrator) -> Result<()> {
        let exists: bool = match self {
            Db::Sqlite(p) => {
                sqlx::query_scalar::<_, i64>(
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
                )
                .fetch_one(p)
                .await?
                    > 0
            }
            Db::Postgres(p) => {
                sqlx::query_scalar::<_, bool>("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
                    .fetch_one(p)
                    .await?
            }
        };
        if !exists {
            return Ok(());
        }
        let legacy: i64 = with_db!(self, |p| sqlx::query_scalar(
            "SELECT COUNT(*) FROM _sqlx_migrations WHERE version <= $1"
        )
        .bind(LEGACY_LAST)
        .fetch_one(p)
        .await?);
        if legacy == 0 {
            return Ok(());
        }
        tracing::info!("bringing a database of an earlier release to the capabilities' schemas");
        match self {
            Db::Sqlite(p) => LEGACY_SQLITE.run(p).await?,
            Db::Postgres(p) => LEGACY_POSTGRES.run(p).await?,
        }
        let baselines: Vec<&Migration> = merged.iter().filter(|m| SQUASHED.contains(&m.version)).collect();
        with_tx!(self, |tx| {
            for m in &baselines {
                sqlx::query(
                    "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
                     VALUES ($1, $2, TRUE, $3, 0)",
                )
                .bind(m.version)
                .bind(m.description.to_string())
                .bind(m.checksum.to_vec())
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query("DELETE FROM _sqlx_migrations WHERE version <= $1")
                .bind(LEGACY_LAST)
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }
}

#[cfg(feature = "testing")]
impl Db {
    /// Applies the legacy sequence only, as a release before the
    /// capabilities' schemas would have (for tests of the upgrade).
    pub async fn migrate_legacy(&self) -> Result<()> {
        match self {
            Db::Sqlite(p) => LEGACY_SQLITE.run(p).await?,
            Db::Postgres(p) => LEGACY_POSTGRES.run(p).await?,
        }
        Ok(())
    }
}
