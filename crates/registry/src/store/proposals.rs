//! Yearly facts an enterprise proposes for its own record. An enterprise
//! user files them; bureau staff approve (the facts are then written, in the
//! same transaction, audited as the reviewer's change with the proposal
//! named) or reject them with a note. Nothing reaches the registry unreviewed.

use crate::YearFacts;
use crate::store::prelude::*;
use chrono::{DateTime, Utc};
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::role::Role;
use kechuang_kernel::scope::Scope;
use serde::Serialize;

use super::Enterprise;
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Db, Result, StoreError, now};

/// A proposal with its enterprise's name and code.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Proposal {
    pub id: i64,
    pub enterprise_id: i64,
    pub credit_code: String,
    pub enterprise_name: String,
    pub kind: String,
    pub payload_json: String,
    pub note: String,
    pub status: String,
    pub proposed_by: String,
    pub decided_by: Option<String>,
    pub decision_note: String,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

impl Proposal {
    /// The proposed facts.
    pub fn facts(&self) -> Option<YearFacts> {
        serde_json::from_str(&self.payload_json).ok()
    }
}

const SELECT: &str = "SELECT p.id, p.enterprise_id, e.credit_code, e.name AS enterprise_name, p.kind, p.payload_json, \
     p.note, p.status, p.proposed_by, p.decided_by, p.decision_note, p.created_at, p.version \
     FROM enterprise_proposals p JOIN enterprises e ON e.id = p.enterprise_id JOIN regions r ON r.id = e.region_id";

#[easy_ext::ext(ProposalStore)]
impl Db {
    /// Files yearly facts for the actor's own enterprise.
    pub async fn propose_facts(
        &self,
        actor: &Actor,
        e: &Enterprise,
        facts: &YearFacts,
        note: &str,
    ) -> Result<Proposal> {
        let own = actor.principal.role == Role::EnterpriseUser
            && actor.principal.enterprise_code.as_deref() == Some(e.credit_code.as_str());
        if !own {
            return Err(StoreError::Forbidden);
        }
        if let Some(first) = facts.validate().first() {
            return Err(StoreError::invalid(first.field, first.message.clone()));
        }
        let payload = serde_json::to_string(facts).unwrap_or_default();
        let t = now();
        let id = with_tx!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO enterprise_proposals (enterprise_id, kind, payload_json, note, status, proposed_by, \
                 decision_note, created_at, updated_at, version) VALUES ($1,'facts',$2,$3,'pending',$4,'',$5,$5,1) RETURNING id",
            )
            .bind(e.id)
            .bind(payload.clone())
            .bind(note.trim().to_owned())
            .bind(actor.principal.username.clone())
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            let after = serde_json::json!({"enterprise": e.credit_code, "facts": facts, "note": note});
            tx.audit(
                actor,
                Change::create("enterprise_proposal", id, Some(&e.region_path), after),
            )
            .await?;
            Ok(id)
        })?;
        self.proposal(id).await
    }

    pub async fn proposal(&self, id: i64) -> Result<Proposal> {
        let sql = format!("{SELECT} WHERE p.id = $1");
        let found = with_db!(self, |p| sqlx::query_as::<_, Proposal>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?);
        found.ok_or(StoreError::NotFound {
            entity: "enterprise_proposal",
            id: id.to_string(),
        })
    }

    /// Proposals of enterprises in `scope`, pending first, newest first.
    pub async fn proposals(&self, scope: &Scope, enterprise_id: Option<i64>) -> Result<Vec<Proposal>> {
        let sql = format!(
            "{SELECT} WHERE r.path LIKE $1 AND ($2 = 0 OR p.enterprise_id = $2) \
             ORDER BY CASE WHEN p.status = 'pending' THEN 0 ELSE 1 END, p.id DESC LIMIT 200"
        );
        with_db!(self, |p| Ok(sqlx::query_as::<_, Proposal>(sqlx::AssertSqlSafe(sql))
            .bind(scope.like_pattern())
            .bind(enterprise_id.unwrap_or(0))
            .fetch_all(p)
            .await?))
    }

    /// Approves (writing the facts) or rejects a pending proposal.
    pub async fn decide_proposal(
        &self,
        actor: &Actor,
        id: i64,
        version: i64,
        approve: bool,
        note: &str,
    ) -> Result<Proposal> {
        let p = self.proposal(id).await?;
        let e = self.enterprise(p.enterprise_id).await?;
        if !actor.principal.covers(&RegionPath::from_stored(e.region_path.clone())) {
            return Err(StoreError::Forbidden);
        }
        if p.status != "pending" {
            return Err(StoreError::invalid(
                "proposal",
                "该申报已处理 / this proposal was already decided",
            ));
        }
        if !approve && note.trim().is_empty() {
            return Err(StoreError::invalid(
                "note",
                "退回时请说明理由 / give a reason when rejecting",
            ));
        }
        let facts = p
            .facts()
            .ok_or_else(|| StoreError::invalid("proposal", "申报内容无法读取 / unreadable proposal"))?;
        let before = self
            .facts_of(e.id)
            .await?
            .into_iter()
            .find(|f| f.year == facts.year as i64);
        let t = now();
        let values = super::facts::fact_values(&facts);
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE enterprise_proposals SET status = $1, decided_by = $2, decision_note = $3, updated_at = $4, \
                 version = version + 1 WHERE id = $5 AND version = $6 AND status = 'pending'",
            )
            .bind(if approve { "approved" } else { "rejected" })
            .bind(actor.principal.username.clone())
            .bind(note.trim().to_owned())
            .bind(t)
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict {
                    entity: "enterprise_proposal",
                    current: p.version,
                    submitted: version,
                });
            }
            if approve {
                let sql = format!(
                    "INSERT INTO enterprise_facts (enterprise_id, year, {}, created_at, updated_at, version) \
                     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$15,1) \
                     ON CONFLICT (enterprise_id, year) DO UPDATE SET employees = excluded.employees, \
                     st_staff = excluded.st_staff, revenue_fen = excluded.revenue_fen, \
                     high_tech_revenue_fen = excluded.high_tech_revenue_fen, rd_expense_fen = excluded.rd_expense_fen, \
                     rd_expense_in_china_fen = excluded.rd_expense_in_china_fen, total_assets_fen = excluded.total_assets_fen, \
                     net_assets_fen = excluded.net_assets_fen, invention_patents = excluded.invention_patents, \
                     utility_models = excluded.utility_models, software_copyrights = excluded.software_copyrights, \
                     pct_applications = excluded.pct_applications, updated_at = excluded.updated_at, \
                     version = enterprise_facts.version + 1",
                    super::facts::FACT_COLS
                );
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(e.id).bind(facts.year as i64);
                for v in values {
                    q = q.bind(v);
                }
                q.bind(t).execute(&mut *tx).await?;
                let entity_id = format!("{}:{}", e.credit_code, facts.year);
                let mut after = kechuang_kernel::audit::snapshot(&facts)?;
                after["proposal"] = serde_json::json!(id);
                let change = match &before {
                    None => Change::create("enterprise_facts", &entity_id, Some(&e.region_path), after),
                    Some(b) => Change::update(
                        "enterprise_facts",
                        &entity_id,
                        Some(&e.region_path),
                        kechuang_kernel::audit::snapshot(b.facts())?,
                        after,
                    ),
                };
                tx.audit(actor, change).await?;
            }
            let decision = serde_json::json!({"approved": approve, "note": note});
            tx.audit(
                actor,
                Change::new(
                    "decide",
                    "enterprise_proposal",
                    id,
                    Some(&e.region_path),
                    None,
                    Some(decision),
                ),
            )
            .await?;
            Ok(())
        })?;
        self.proposal(id).await
    }
}
