//! Writing one enterprise: created, updated at the version its editor read,
//! or either (imports), with its audit entry, in one transaction.

use super::prelude::*;
use super::{Enterprise, EnterpriseFields, UPDATE_SQL, Upsert, bind_fields, name_key};
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::credit_code::CreditCode;
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::{Db, Result, StoreError, now};

/// Creates or updates an enterprise as `expect` says (see [`Expect`]).
pub(super) async fn save_enterprise(
    db: &Db,
    actor: &Actor,
    code: &CreditCode,
    fields: EnterpriseFields,
    expect: Expect,
) -> Result<(Enterprise, Upsert)> {
    fields.check()?;
    let region = db.region(fields.region_id).await?;
    if !actor.principal.covers(&region.region_path()) {
        return Err(StoreError::Forbidden);
    }
    let existing = db.enterprise_by_code(code).await?;
    let expected = match (expect, &existing) {
        (Expect::Version(v), None) => {
            return Err(StoreError::NotFound {
                entity: "enterprise",
                id: format!("{code} (version {v})"),
            });
        }
        (Expect::New, Some(_)) => {
            return Err(StoreError::Duplicate {
                field: "credit_code",
                message: format!("统一社会信用代码 {code} 已存在 / credit code already registered"),
            });
        }
        (Expect::Version(v), Some(_)) => Some(v),
        _ => None,
    };
    if let Some(e) = &existing {
        if !actor.principal.covers(&RegionPath::from_stored(e.region_path.clone())) {
            return Err(StoreError::Forbidden);
        }
        if let Some(v) = expected
            && v != e.version
        {
            return Err(StoreError::Conflict {
                entity: "enterprise",
                current: e.version,
                submitted: v,
            });
        }
        if e.fields() == fields {
            return Ok((e.clone(), Upsert::Unchanged));
        }
    }
    let t = now();
    let f = &fields;
    let outcome = with_tx!(db, |tx| {
        let (id, outcome) = match &existing {
            None => {
                let insert = sqlx::query_scalar(
                    "INSERT INTO enterprises (credit_code, name, name_norm, former_names, region_id, address, \
                     industry_code, industry_name, chain_tags, founded_on, listed, listing_reserve, contact_name, \
                     contact_phone, size, above_scale_industrial, legal_representative, created_at, updated_at, version) \
                     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$18,1) RETURNING id",
                )
                .bind(code.as_str().to_owned());
                let id: i64 = bind_fields!(insert, f).bind(t).fetch_one(&mut *tx).await.map_err(|e| {
                    StoreError::on_unique(
                        e,
                        "credit_code",
                        format!("统一社会信用代码 {code} 已存在 / credit code already registered"),
                    )
                })?;
                let after = kechuang_kernel::audit::snapshot(f)?;
                tx.audit(
                    actor,
                    Change::create("enterprise", code.as_str(), Some(&region.path), after),
                )
                .await?;
                (id, Upsert::Created)
            }
            Some(e) => {
                let version = expected.unwrap_or(e.version);
                let n = bind_fields!(sqlx::query(UPDATE_SQL), f)
                    .bind(t)
                    .bind(e.id)
                    .bind(version)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n == 0 {
                    return Err(StoreError::Conflict {
                        entity: "enterprise",
                        current: version + 1,
                        submitted: version,
                    });
                }
                let before = kechuang_kernel::audit::snapshot(e.fields())?;
                let after = kechuang_kernel::audit::snapshot(f)?;
                tx.audit(
                    actor,
                    Change::update("enterprise", code.as_str(), Some(&region.path), before, after),
                )
                .await?;
                (e.id, Upsert::Updated)
            }
        };
        Ok((id, outcome))
    })?;
    let e = db.enterprise_by_code(code).await?.ok_or(StoreError::NotFound {
        entity: "enterprise",
        id: code.to_string(),
    })?;
    debug_assert_eq!(e.id, outcome.0);
    Ok((e, outcome.1))
}

/// What a save expects to find.
#[derive(Debug, Clone, Copy)]
pub(super) enum Expect {
    /// Create or update (imports).
    Any,
    /// Create only.
    New,
    /// Update the record at this version only.
    Version(i64),
}
