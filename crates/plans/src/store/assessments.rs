//! County assessments (考核): a named, yearly set of indicators with weights
//! and the values per county, scored by the pure rules in
//! `crate::supervision::assessment`.

use chrono::{DateTime, Utc};
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::scope::Scope;
use kechuang_kernel::{Db, Result, StoreError, now};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, PartialEq, utoipa::ToSchema)]
pub struct Assessment {
    pub id: i64,
    pub region_id: i64,
    pub region_path: String,
    pub region_name: String,
    pub name: String,
    pub year: i64,
    /// JSON array of indicators `{key, label, weight, higher_is_better}`.
    pub indicators: String,
    /// JSON object `{"<region id>:<indicator key>": value}`.
    pub values_json: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct AssessmentFields {
    pub name: String,
    pub year: i64,
    pub indicators: String,
    pub values_json: String,
}

impl AssessmentFields {
    fn check(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(StoreError::invalid("name", "考核名称不能为空 / name must not be empty"));
        }
        if !(1990..=2100).contains(&self.year) {
            return Err(StoreError::invalid("year", "年度无效 / implausible year"));
        }
        if serde_json::from_str::<Vec<serde_json::Value>>(&self.indicators).is_err() {
            return Err(StoreError::invalid(
                "indicators",
                "指标格式错误 / indicators must be a JSON array",
            ));
        }
        if serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&self.values_json).is_err() {
            return Err(StoreError::invalid(
                "values_json",
                "数值格式错误 / values must be a JSON object",
            ));
        }
        Ok(())
    }
}

const SELECT: &str = "SELECT a.id, a.region_id, r.path AS region_path, r.name AS region_name, a.name, a.year, \
     a.indicators, a.values_json, a.created_at, a.updated_at, a.version FROM assessments a JOIN regions r ON r.id = a.region_id";

#[easy_ext::ext(AssessmentStore)]
impl Db {
    /// Assessments of regions in or above `scope`, newest first.
    pub async fn assessments(&self, scope: &Scope) -> Result<Vec<Assessment>> {
        let sql = format!("{SELECT} ORDER BY a.year DESC, a.id DESC");
        let all: Vec<Assessment> = with_db!(self, |p| sqlx::query_as::<_, Assessment>(sqlx::AssertSqlSafe(sql))
            .fetch_all(p)
            .await?);
        Ok(all
            .into_iter()
            .filter(|a| super::plan_visible(scope, &RegionPath::from_stored(a.region_path.clone())))
            .collect())
    }

    pub async fn assessment(&self, scope: &Scope, id: i64) -> Result<Assessment> {
        let sql = format!("{SELECT} WHERE a.id = $1");
        let a = with_db!(self, |p| sqlx::query_as::<_, Assessment>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?)
        .ok_or(StoreError::NotFound {
            entity: "assessment",
            id: id.to_string(),
        })?;
        if !super::plan_visible(scope, &RegionPath::from_stored(a.region_path.clone())) {
            return Err(StoreError::Forbidden);
        }
        Ok(a)
    }

    pub async fn create_assessment(&self, actor: &Actor, region_id: i64, f: AssessmentFields) -> Result<Assessment> {
        f.check()?;
        let region = self.region(region_id).await?;
        if !actor.principal.covers(&region.region_path()) {
            return Err(StoreError::Forbidden);
        }
        let t = now();
        let id = with_tx!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO assessments (region_id, name, year, indicators, values_json, created_at, updated_at, version) \
                 VALUES ($1,$2,$3,$4,$5,$6,$6,1) RETURNING id",
            )
            .bind(region_id)
            .bind(f.name.trim().to_owned())
            .bind(f.year)
            .bind(f.indicators.clone())
            .bind(f.values_json.clone())
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            tx.audit(
                actor,
                Change::create(
                    "assessment",
                    id,
                    Some(&region.path),
                    kechuang_kernel::audit::snapshot(&f)?,
                ),
            )
            .await?;
            Ok(id)
        })?;
        self.assessment(&actor.scope()?, id).await
    }

    pub async fn update_assessment(
        &self,
        actor: &Actor,
        id: i64,
        version: i64,
        f: AssessmentFields,
    ) -> Result<Assessment> {
        f.check()?;
        let scope = actor.scope()?;
        let before = self.assessment(&scope, id).await?;
        let path = RegionPath::from_stored(before.region_path.clone());
        if !actor.principal.covers(&path) {
            return Err(StoreError::Forbidden);
        }
        if before.version != version {
            return Err(StoreError::Conflict {
                entity: "assessment",
                current: before.version,
                submitted: version,
            });
        }
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE assessments SET name = $1, year = $2, indicators = $3, values_json = $4, updated_at = $5, \
                 version = version + 1 WHERE id = $6 AND version = $7",
            )
            .bind(f.name.trim().to_owned())
            .bind(f.year)
            .bind(f.indicators.clone())
            .bind(f.values_json.clone())
            .bind(now())
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict {
                    entity: "assessment",
                    current: version + 1,
                    submitted: version,
                });
            }
            let before_v = json!({"name": before.name, "year": before.year, "indicators": before.indicators, "values_json": before.values_json});
            tx.audit(
                actor,
                Change::update(
                    "assessment",
                    id,
                    Some(&before.region_path),
                    before_v,
                    kechuang_kernel::audit::snapshot(&f)?,
                ),
            )
            .await?;
            Ok(())
        })?;
        self.assessment(&scope, id).await
    }
}
