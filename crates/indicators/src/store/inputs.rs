//! Figures entered with their source (GDP, population, fiscal S&T spending):
//! one per region, year and indicator, written under the version the clerk
//! saw, audited, and listed with who entered them and when.

use crate::catalogue::{Base, Formula, IndicatorKey, spec};
use crate::figures::{Entered, Entry};
use chrono::{DateTime, Utc};
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::scope::Scope;
use kechuang_kernel::{Db, Result, StoreError, now, with_db, with_tx};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::json;
use std::str::FromStr;

/// An entered figure as listed.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct InputRow {
    pub id: i64,
    pub region_id: i64,
    pub region_name: String,
    pub region_path: String,
    pub year: i64,
    pub indicator: String,
    pub value: String,
    pub source: String,
    pub note: String,
    pub entered_by: String,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A figure to enter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewInput {
    pub region_id: i64,
    pub year: i64,
    pub indicator: IndicatorKey,
    /// Decimal text in the indicator's unit.
    pub value: String,
    pub source: String,
    pub note: String,
    /// The version the clerk saw when changing an entry; `None` for a new one.
    pub version: Option<i64>,
}

/// The entered base of an indicator, or an error naming the field.
pub fn entered_base(key: IndicatorKey) -> Result<Base> {
    match spec(key).formula {
        Formula::Sum { base, .. } if base.is_entered() => Ok(base),
        _ => Err(StoreError::invalid(
            "indicator",
            format!(
                "“{}”由系统计算，不能录入 / {} is computed, not entered",
                key.label(kechuang_kernel::vocab::Lang::Zh),
                key.as_str()
            ),
        )),
    }
}

/// The value checked: a number from 0 with at most four decimals, below 10¹².
pub fn parse_value(text: &str) -> Result<Decimal> {
    let bad = || {
        StoreError::invalid(
            "value",
            "数值应为不小于0、至多4位小数的数字 / a number from 0 with at most 4 decimals",
        )
    };
    let plain = text.trim().replace([',', '，'], "");
    if plain.is_empty() || !plain.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(bad());
    }
    let d = Decimal::from_str(&plain).map_err(|_| bad())?;
    if d.is_sign_negative() || d.scale() > 4 || d >= Decimal::from(1_000_000_000_000i64) {
        return Err(bad());
    }
    Ok(d.normalize())
}

const SELECT: &str = "SELECT i.id, i.region_id, r.name AS region_name, r.path AS region_path, i.year, i.indicator, \
     i.value, i.source, i.note, i.entered_by, i.updated_at, i.version FROM indicator_inputs i \
     JOIN regions r ON r.id = i.region_id";

#[easy_ext::ext(InputStore)]
impl Db {
    /// Enters or changes a figure of a region in scope.
    pub async fn set_input(&self, actor: &Actor, scope: &Scope, input: &NewInput) -> Result<i64> {
        entered_base(input.indicator)?;
        if !(2000..=2100).contains(&input.year) {
            return Err(StoreError::invalid(
                "year",
                "年度应在2000到2100之间 / a year from 2000 to 2100",
            ));
        }
        let value = parse_value(&input.value)?.to_string();
        let source = input.source.trim();
        if source.is_empty() || source.chars().count() > 200 {
            return Err(StoreError::invalid(
                "source",
                "请注明来源（如“2025年统计公报”），至多200字 / name the source, at most 200 characters",
            ));
        }
        let note = input.note.trim();
        if note.chars().count() > 500 {
            return Err(StoreError::invalid(
                "note",
                "说明至多500字 / a note of at most 500 characters",
            ));
        }
        let region = self.region(input.region_id).await?;
        if !RegionPath::from_stored(region.path.clone()).is_within(scope.path()) {
            return Err(StoreError::Forbidden);
        }
        let key = input.indicator.as_str();
        let t = now();
        let after = json!({"region_id": input.region_id, "year": input.year, "indicator": key,
                           "value": value, "source": source, "note": note});
        with_tx!(self, |tx| {
            let before: Option<(i64, String, String, i64)> = sqlx::query_as(
                "SELECT id, value, source, version FROM indicator_inputs WHERE region_id = $1 AND year = $2 AND indicator = $3",
            )
            .bind(input.region_id)
            .bind(input.year)
            .bind(key)
            .fetch_optional(&mut *tx)
            .await?;
            match before {
                Some((id, old_value, old_source, current)) => {
                    let submitted = input.version.unwrap_or(0);
                    let n = sqlx::query(
                        "UPDATE indicator_inputs SET value = $1, source = $2, note = $3, entered_by = $4, updated_at = $5, \
                         version = version + 1 WHERE id = $6 AND version = $7",
                    )
                    .bind(&value)
                    .bind(source)
                    .bind(note)
                    .bind(&actor.principal.username)
                    .bind(t)
                    .bind(id)
                    .bind(submitted)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if n != 1 {
                        return Err(StoreError::Conflict {
                            entity: "indicator_input",
                            current,
                            submitted,
                        });
                    }
                    tx.audit(
                        actor,
                        Change::update(
                            "indicator_input",
                            id,
                            Some(&region.path),
                            json!({"value": old_value, "source": old_source}),
                            after,
                        ),
                    )
                    .await?;
                    Ok(id)
                }
                None => {
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO indicator_inputs (region_id, year, indicator, value, source, note, entered_by, \
                         created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 1) RETURNING id",
                    )
                    .bind(input.region_id)
                    .bind(input.year)
                    .bind(key)
                    .bind(&value)
                    .bind(source)
                    .bind(note)
                    .bind(&actor.principal.username)
                    .bind(t)
                    .fetch_one(&mut *tx)
                    .await?;
                    tx.audit(actor, Change::create("indicator_input", id, Some(&region.path), after))
                        .await?;
                    Ok(id)
                }
            }
        })
    }

    /// Removes an entered figure of a region in scope.
    pub async fn delete_input(&self, actor: &Actor, scope: &Scope, id: i64, version: i64) -> Result<()> {
        let row = self.input(id).await?;
        if !RegionPath::from_stored(row.region_path.clone()).is_within(scope.path()) {
            return Err(StoreError::Forbidden);
        }
        with_tx!(self, |tx| {
            let n = sqlx::query("DELETE FROM indicator_inputs WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n != 1 {
                return Err(StoreError::Conflict {
                    entity: "indicator_input",
                    current: row.version,
                    submitted: version,
                });
            }
            tx.audit(
                actor,
                Change::delete(
                    "indicator_input",
                    id,
                    Some(&row.region_path),
                    kechuang_kernel::audit::snapshot(&row)?,
                ),
            )
            .await?;
            Ok(())
        })
    }

    /// One entered figure.
    pub async fn input(&self, id: i64) -> Result<InputRow> {
        let sql = format!("{SELECT} WHERE i.id = $1");
        let row: Option<InputRow> = with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or(StoreError::NotFound {
            entity: "indicator_input",
            id: id.to_string(),
        })
    }

    /// The entered figures of the scope, newest year first.
    pub async fn inputs(&self, scope: &Scope) -> Result<Vec<InputRow>> {
        let sql = format!("{SELECT} WHERE r.path LIKE $1 ORDER BY i.year DESC, r.path, i.indicator");
        Ok(with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(scope.like_pattern())
            .fetch_all(p)
            .await?))
    }

    /// The entered figures under a region path pattern, for evaluation.
    pub async fn entered(&self, like: &str) -> Result<Entered> {
        let sql = format!("{SELECT} WHERE r.path LIKE $1");
        let rows: Vec<InputRow> = with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(like)
            .fetch_all(p)
            .await?);
        let mut out = Entered::new();
        for r in rows {
            let (Some(key), Ok(value)) = (IndicatorKey::parse(&r.indicator), r.value.parse::<f64>()) else {
                continue;
            };
            let Ok(base) = entered_base(key) else { continue };
            out.insert(
                (r.region_id, r.year as i32, base),
                Entry {
                    value,
                    source: r.source,
                    entered_by: r.entered_by,
                    entered_at: kechuang_kernel::clock::china_time_text(r.updated_at),
                },
            );
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked() {
        assert_eq!(parse_value("1,234.50").unwrap().to_string(), "1234.5");
        assert_eq!(parse_value(" 0 ").unwrap().to_string(), "0");
        for bad in ["-1", "abc", "", "1.23456", "1e3", "1000000000000"] {
            assert!(parse_value(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_entered_indicators_are_entered() {
        assert_eq!(entered_base(IndicatorKey::Gdp).unwrap(), Base::Gdp);
        let err = entered_base(IndicatorKey::HteHeld).unwrap_err();
        assert!(err.to_string().contains("计算"));
    }
}
