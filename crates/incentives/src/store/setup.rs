//! What a city set up to pay incentives: the rule sets it applies over which
//! period (施行), the parameters it set for numbers a text leaves open, and
//! the record of every rule version anything was computed under.

use crate::engine::Params;
use crate::rules::money::{parse_rate, show_rate};
use crate::rules::{ParamUnit, RuleSet, SetStatus};
use chrono::NaiveDate;
use kechuang_kernel::audit::{Actor, AuditWrite, Change, snapshot};
use kechuang_kernel::{Db, Result, StoreError, now, with_db, with_tx};
use rust_decimal::Decimal;
use serde::Serialize;
use sha2::{Digest, Sha256};

kechuang_kernel::coded_enum! {
    /// How a city applies a rule set.
    pub enum EnactmentMode: "mode" {
        InForce => "in_force", "施行", "In force";
        Preview => "preview", "仅测算", "Preview only";
    }
}

/// A rule set a city applies, over the period it applies it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct EnactmentRow {
    pub id: i64,
    pub region_id: i64,
    pub region_name: String,
    pub region_path: String,
    pub set_id: String,
    pub mode: EnactmentMode,
    pub period_from: String,
    pub period_to: String,
    pub notice: String,
    pub created_by: String,
    pub version: i64,
}

impl EnactmentRow {
    /// The period as dates (a stored row always holds valid ones).
    pub fn period(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((self.period_from.parse().ok()?, self.period_to.parse().ok()?))
    }
}

/// A parameter as a city set it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ParameterRow {
    pub region_id: i64,
    pub set_id: String,
    pub name: String,
    pub value: String,
    pub note: String,
    pub set_by: String,
    pub version: i64,
}

/// What an enactment records.
#[derive(Debug, Clone, Serialize)]
pub struct Enactment<'a> {
    pub set_id: &'a str,
    pub mode: EnactmentMode,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The city's document that applies (adopts, extends) the set.
    pub notice: &'a str,
}

const SELECT_ENACTMENT: &str = "SELECT e.id, e.region_id, r.name AS region_name, r.path AS region_path, e.set_id, \
     e.mode, e.period_from, e.period_to, e.notice, e.created_by, e.version \
     FROM incentive_enactments e JOIN regions r ON r.id = e.region_id";

/// The sha256 of a rule's file, in hex.
pub fn fingerprint(text: &str) -> String {
    fingerprint_bytes(text.as_bytes())
}

/// The sha256 of some bytes, in hex.
pub fn fingerprint_bytes(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[easy_ext::ext(SetupStore)]
impl Db {
    /// Applies `set` in the city `region_id` as `e` says; a second call for
    /// the same set changes the period, the mode or the notice.
    pub async fn enact(&self, actor: &Actor, region_id: i64, set: &RuleSet, e: &Enactment<'_>) -> Result<i64> {
        if e.to < e.from {
            return Err(StoreError::invalid(
                "period_to",
                "结束日早于开始日 / the period ends before it starts",
            ));
        }
        if e.mode == EnactmentMode::InForce && set.status == SetStatus::Draft {
            return Err(StoreError::invalid(
                "mode",
                format!(
                    "“{}”是征求意见稿，只能测算，不能施行 / {} is a draft: preview only",
                    set.short, set.id
                ),
            ));
        }
        let region = self.region(region_id).await?;
        if region.level != "city" {
            return Err(StoreError::invalid(
                "region_id",
                "政策由市级施行 / a city enacts a policy",
            ));
        }
        let t = now();
        let by = actor.principal.username.clone();
        with_tx!(self, |tx| {
            let before: Option<(i64, String, String, String, String)> = sqlx::query_as(
                "SELECT id, mode, period_from, period_to, notice FROM incentive_enactments \
                 WHERE region_id = $1 AND set_id = $2",
            )
            .bind(region_id)
            .bind(e.set_id)
            .fetch_optional(&mut *tx)
            .await?;
            let id = match &before {
                Some((id, ..)) => {
                    sqlx::query(
                        "UPDATE incentive_enactments SET mode = $1, period_from = $2, period_to = $3, notice = $4, \
                         updated_at = $5, version = version + 1 WHERE id = $6",
                    )
                    .bind(e.mode)
                    .bind(e.from.to_string())
                    .bind(e.to.to_string())
                    .bind(e.notice)
                    .bind(t)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    *id
                }
                None => {
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO incentive_enactments (region_id, set_id, mode, period_from, period_to, notice, \
                         created_by, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 1) \
                         RETURNING id",
                    )
                    .bind(region_id)
                    .bind(e.set_id)
                    .bind(e.mode)
                    .bind(e.from.to_string())
                    .bind(e.to.to_string())
                    .bind(e.notice)
                    .bind(&by)
                    .bind(t)
                    .fetch_one(&mut *tx)
                    .await?;
                    id
                }
            };
            let after = snapshot(e)?;
            let change = match before {
                Some((_, mode, from, to, notice)) => Change::update(
                    "incentive_enactment",
                    id,
                    Some(&region.path),
                    serde_json::json!({"mode": mode, "from": from, "to": to, "notice": notice}),
                    after,
                ),
                None => Change::create("incentive_enactment", id, Some(&region.path), after),
            };
            tx.audit(actor, change).await?;
            Ok(id)
        })
    }

    /// Every enactment, city by city.
    pub async fn enactments(&self) -> Result<Vec<EnactmentRow>> {
        let sql = format!("{SELECT_ENACTMENT} ORDER BY r.path, e.set_id");
        Ok(with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_all(p)
            .await?))
    }

    /// Sets parameter `name` of `set` for the city `region_id`, checked
    /// against what the set declares.
    pub async fn set_parameter(
        &self,
        actor: &Actor,
        region_id: i64,
        set: &RuleSet,
        name: &str,
        value: &str,
        note: &str,
    ) -> Result<()> {
        let Some(spec) = set.parameter(name) else {
            return Err(StoreError::invalid(
                "name",
                format!("规则集未定义参数“{name}” / no such parameter"),
            ));
        };
        let stored = match spec.unit {
            ParamUnit::Rate => {
                let r = parse_rate(value).map_err(|m| StoreError::invalid("value", m))?;
                if r <= Decimal::ZERO || r > Decimal::ONE {
                    return Err(StoreError::invalid(
                        "value",
                        "比例应在0%到100%之间 / a rate is above 0% and at most 100%",
                    ));
                }
                show_rate(r)
            }
            ParamUnit::Years => match value.trim().parse::<u32>() {
                Ok(y) if (1..=20).contains(&y) => y.to_string(),
                _ => {
                    return Err(StoreError::invalid(
                        "value",
                        "年限应为1到20的整数 / years: a whole number from 1 to 20",
                    ));
                }
            },
        };
        let region = self.region(region_id).await?;
        let t = now();
        with_tx!(self, |tx| {
            let before: Option<(String,)> = sqlx::query_as(
                "SELECT value FROM incentive_parameters WHERE region_id = $1 AND set_id = $2 AND name = $3",
            )
            .bind(region_id)
            .bind(&set.id)
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO incentive_parameters (region_id, set_id, name, value, note, set_by, updated_at, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 1) ON CONFLICT (region_id, set_id, name) DO UPDATE SET \
                 value = excluded.value, note = excluded.note, set_by = excluded.set_by, updated_at = excluded.updated_at, \
                 version = incentive_parameters.version + 1",
            )
            .bind(region_id)
            .bind(&set.id)
            .bind(name)
            .bind(&stored)
            .bind(note)
            .bind(&actor.principal.username)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            let key = format!("{}:{}:{name}", region_id, set.id);
            let after = serde_json::json!({"set": set.id, "name": name, "value": stored, "note": note});
            let change = match before {
                Some((v,)) => Change::update(
                    "incentive_parameter",
                    key,
                    Some(&region.path),
                    serde_json::json!({"value": v}),
                    after,
                ),
                None => Change::create("incentive_parameter", key, Some(&region.path), after),
            };
            tx.audit(actor, change).await?;
            Ok(())
        })
    }

    /// The parameters the city `region_id` set for `set_id`.
    pub async fn parameters(&self, region_id: i64, set_id: &str) -> Result<Vec<ParameterRow>> {
        Ok(with_db!(self, |p| sqlx::query_as(
            "SELECT region_id, set_id, name, value, note, set_by, version FROM incentive_parameters \
             WHERE region_id = $1 AND set_id = $2 ORDER BY name"
        )
        .bind(region_id)
        .bind(set_id)
        .fetch_all(p)
        .await?))
    }

    /// The parameters as the engine takes them.
    pub async fn params(&self, region_id: i64, set_id: &str) -> Result<Params> {
        let mut out = Params::new();
        for row in self.parameters(region_id, set_id).await? {
            let v = parse_rate(&row.value).or_else(|_| row.value.parse::<Decimal>().map_err(|e| e.to_string()));
            if let Ok(v) = v {
                out.insert(row.name, v);
            }
        }
        Ok(out)
    }

    /// Records the version of every rule of `sets`. A rule whose file
    /// changed while its version did not is refused, naming it: what was
    /// computed under a version must stay reproducible.
    pub async fn record_rule_versions(&self, sets: &[RuleSet]) -> Result<()> {
        let t = now();
        with_tx!(self, |tx| {
            for set in sets {
                for r in &set.rules {
                    let sha = fingerprint(&r.source_text);
                    sqlx::query(
                        "INSERT INTO incentive_rule_versions (rule_id, version, set_id, sha256, source, recorded_at) \
                         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (rule_id, version) DO NOTHING",
                    )
                    .bind(&r.id)
                    .bind(i64::from(r.version))
                    .bind(&set.id)
                    .bind(&sha)
                    .bind(&r.source_text)
                    .bind(t)
                    .execute(&mut *tx)
                    .await?;
                    let (stored,): (String,) = sqlx::query_as(
                        "SELECT sha256 FROM incentive_rule_versions WHERE rule_id = $1 AND version = $2",
                    )
                    .bind(&r.id)
                    .bind(i64::from(r.version))
                    .fetch_one(&mut *tx)
                    .await?;
                    if stored != sha {
                        return Err(StoreError::invalid(
                            "version",
                            format!(
                                "规则 {} 的文件已修改但版本号仍为 {}：请提高 version / rule {} changed without raising its version ({})",
                                r.id, r.version, r.id, r.version
                            ),
                        ));
                    }
                }
            }
            Ok(())
        })
    }

    /// The file of rule `rule_id` as it was at `version`.
    pub async fn rule_version_source(&self, rule_id: &str, version: i64) -> Result<String> {
        let row: Option<(String,)> = with_db!(self, |p| sqlx::query_as(
            "SELECT source FROM incentive_rule_versions WHERE rule_id = $1 AND version = $2"
        )
        .bind(rule_id)
        .bind(version)
        .fetch_optional(p)
        .await?);
        row.map(|(s,)| s).ok_or_else(|| StoreError::NotFound {
            entity: "incentive_rule_version",
            id: format!("{rule_id}@{version}"),
        })
    }
}
