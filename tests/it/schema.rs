//! The schemas of all capabilities together: SQLite and PostgreSQL hold the
//! same tables, columns and nullability; every column is in the backups or
//! listed with the reason it is not, written as the kind its type is; and a
//! database made by a release before the capabilities owned their schemas is
//! brought to exactly the schema a new one gets.

use kechuang_kernel::backup::Kind;
use kechuang_kernel::testing::{Described, TestDb, describe};
use std::collections::{BTreeMap, BTreeSet};

async fn fresh(backend: &str) -> TestDb {
    TestDb::with(backend, &kechuang::schemas()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgres_hold_the_same_schema() {
    let (lite, pg) = (
        describe(&fresh("sqlite").await.db).await,
        describe(&fresh("postgres").await.db).await,
    );
    let names = |d: &Described| d.tables.keys().cloned().collect::<BTreeSet<_>>();
    assert_eq!(names(&lite), names(&pg), "tables differ");
    for (table, cols) in &lite.tables {
        let theirs = &pg.tables[table];
        let shape = |cs: &[kechuang_kernel::testing::Column]| {
            cs.iter().map(|c| (c.name.clone(), c.not_null)).collect::<Vec<_>>()
        };
        assert_eq!(shape(cols), shape(theirs), "columns or nullability of {table} differ");
    }
    let index_names = |d: &Described| d.indexes.keys().cloned().collect::<BTreeSet<_>>();
    assert_eq!(index_names(&lite), index_names(&pg), "indexes differ");
}

/// Whether a column of declared type `ty` is written as `kind`.
fn kind_fits(kind: Kind, ty: &str, backend: &str) -> bool {
    let ty = ty.to_lowercase();
    match kind {
        Kind::Int => ty.contains("int"),
        Kind::Bool => ty.contains("bool"),
        Kind::Bytes => ty == "blob" || ty == "bytea",
        Kind::Text => ty == "text",
        Kind::Time if backend == "sqlite" => ty == "text",
        Kind::Time => ty.starts_with("timestamp with time zone"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_column_is_backed_up_or_listed_with_a_reason() {
    let schemas = kechuang::schemas();
    let specs: BTreeMap<&str, &kechuang_kernel::backup::TableSpec> = schemas
        .iter()
        .flat_map(|s| s.tables.iter())
        .map(|t| (t.name, t))
        .collect();
    let left_out: BTreeMap<&str, &str> = schemas.iter().flat_map(|s| s.not_backed_up.iter().copied()).collect();
    for (_, reason) in &left_out {
        assert!(reason.len() > 10, "a reason, please: {reason:?}");
    }
    for backend in ["sqlite", "postgres"] {
        let d = describe(&fresh(backend).await.db).await;
        let mut problems = Vec::new();
        for (table, cols) in &d.tables {
            if left_out.contains_key(table.as_str()) {
                assert!(
                    !specs.contains_key(table.as_str()),
                    "{table} is both backed up and left out"
                );
                continue;
            }
            let Some(spec) = specs.get(table.as_str()) else {
                problems.push(format!("table {table} is neither backed up nor listed with a reason"));
                continue;
            };
            for c in cols {
                let key = format!("{table}.{}", c.name);
                match spec.columns.iter().find(|(n, _)| *n == c.name) {
                    Some((_, kind)) if !kind_fits(*kind, &c.ty, backend) => {
                        problems.push(format!("{key} is {} but backed up as {kind:?}", c.ty))
                    }
                    Some(_) => {}
                    None if left_out.contains_key(key.as_str()) => {}
                    None => problems.push(format!("{key} is neither backed up nor listed with a reason")),
                }
            }
            for (name, _) in spec.columns {
                if !cols.iter().any(|c| c.name == *name) {
                    problems.push(format!("{table}.{name} is backed up but not in the {backend} schema"));
                }
            }
        }
        for name in specs.keys() {
            if !d.tables.contains_key(*name) {
                problems.push(format!("backed-up table {name} is not in the {backend} schema"));
            }
        }
        assert!(problems.is_empty(), "{backend}:\n{}", problems.join("\n"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_of_an_earlier_release_gets_the_same_schema() {
    use kechuang_kernel::audit::Actor;
    use kechuang_kernel::region::{DivisionCode, RegionLevel};
    use kechuang_kernel::regions::NewRegion;
    for backend in ["sqlite", "postgres"] {
        let old = TestDb::empty(backend).await;
        old.db.migrate_legacy().await.unwrap();
        // data written by the earlier release stays
        old.db
            .create_region(
                &Actor::system(),
                NewRegion {
                    code: DivisionCode::parse("130000").unwrap(),
                    name: "河北省".into(),
                    name_en: String::new(),
                    level: RegionLevel::Province,
                    parent_id: None,
                },
            )
            .await
            .unwrap();
        old.db.migrate(&kechuang::schemas()).await.unwrap();
        // and again: nothing left to do
        old.db.migrate(&kechuang::schemas()).await.unwrap();
        let new = fresh(backend).await;
        assert_eq!(describe(&old.db).await, describe(&new.db).await, "{backend}");
        assert_eq!(old.db.regions().await.unwrap().len(), 1);
        assert_eq!(
            old.db.schema_version(&kechuang::schemas()),
            new.db.schema_version(&kechuang::schemas())
        );
    }
}
