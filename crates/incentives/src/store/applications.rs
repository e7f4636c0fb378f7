//! Applications for what data cannot decide: the firm (or staff for it)
//! applies under a rule with the facts and attachments; the county reviews,
//! then the city; a returned application is corrected and resubmitted; the
//! applicant may withdraw until the city decides. The city's approval
//! records the event, the entitlement (approved, at the figure decided) and
//! the budget commitment in one transaction.

use super::budgets::commit_budgets;
use super::entitlements::EntitlementStore;
use super::events::upsert_event;
use super::regions::city_and_county;
use crate::engine::Entitlement;
use crate::rules::event::Event;
use crate::workflow::{ApplicationStatus, Decision, ReviewStep};
use chrono::{DateTime, Datelike, Utc};
use kechuang_kernel::audit::{Actor, AuditWrite, Change, snapshot};
use kechuang_kernel::scope::Scope;
use kechuang_kernel::{Db, Result, StoreError, now, with_db, with_tx};
use serde::Serialize;
use serde_json::json;

/// Largest attachment accepted.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;
/// At most this many attachments per application.
pub const MAX_ATTACHMENTS: i64 = 20;

/// A stored application with its region.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ApplicationRow {
    pub id: i64,
    pub rule_id: String,
    pub set_id: String,
    pub region_id: i64,
    pub region_name: String,
    pub region_path: String,
    pub subject_code: String,
    pub subject_name: String,
    pub occurred_on: String,
    pub facts: String,
    pub requested_fen: i64,
    pub statement: String,
    pub bank_name: String,
    pub bank_account: String,
    pub status: ApplicationStatus,
    pub entitlement_id: Option<i64>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

/// A decision as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct DecisionRow {
    pub id: i64,
    pub step: ReviewStep,
    pub decision: Decision,
    pub reason: String,
    pub amount_fen: Option<i64>,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
}

/// An attachment without its bytes.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct AttachmentRow {
    pub id: i64,
    pub application_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
}

/// What an applicant submits (checked by the service against the rule).
#[derive(Debug, Clone, Serialize)]
pub struct ApplicationInput {
    pub rule_id: String,
    pub set_id: String,
    pub region_id: i64,
    pub event: Event,
    pub requested_fen: i64,
    pub statement: String,
    pub bank_name: String,
    pub bank_account: String,
}

const SELECT_APPLICATION: &str = "SELECT a.id, a.rule_id, a.set_id, a.region_id, r.name AS region_name, \
     r.path AS region_path, a.subject_code, a.subject_name, a.occurred_on, a.facts, a.requested_fen, a.statement, \
     a.bank_name, a.bank_account, a.status, a.entitlement_id, a.created_by, a.created_at, a.version \
     FROM incentive_applications a JOIN regions r ON r.id = a.region_id";

fn facts_json(e: &Event) -> String {
    serde_json::Value::Object(e.facts.clone().into_iter().collect()).to_string()
}

/// What the city's approval creates.
#[derive(Debug, Clone)]
pub struct Approval<'a> {
    /// The application's event, as the rule reads it.
    pub event: &'a Event,
    pub entitlement: &'a Entitlement,
    pub rule_version: u32,
    pub once: bool,
    pub stacking: &'a str,
    pub budget_line: &'a str,
    pub amount_fen: i64,
    pub reason: &'a str,
}

#[easy_ext::ext(ApplicationStore)]
impl Db {
    /// Records a submitted application.
    pub async fn submit_application(&self, actor: &Actor, a: &ApplicationInput) -> Result<i64> {
        let region = self.region(a.region_id).await?;
        self.refuse_blacklisted_subject(&a.event.subject.credit_code, &a.event.subject.name)
            .await?;
        let t = now();
        with_tx!(self, |tx| {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO incentive_applications (rule_id, set_id, region_id, subject_code, subject_name, occurred_on, \
                 facts, requested_fen, statement, bank_name, bank_account, status, created_by, created_at, updated_at, \
                 version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'submitted', $12, $13, $13, 1) RETURNING id",
            )
            .bind(&a.rule_id)
            .bind(&a.set_id)
            .bind(a.region_id)
            .bind(&a.event.subject.credit_code)
            .bind(&a.event.subject.name)
            .bind(a.event.date.to_string())
            .bind(facts_json(&a.event))
            .bind(a.requested_fen)
            .bind(&a.statement)
            .bind(&a.bank_name)
            .bind(&a.bank_account)
            .bind(&actor.principal.username)
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            tx.audit(
                actor,
                Change::create("incentive_application", id, Some(&region.path), snapshot(a)?),
            )
            .await?;
            Ok(id)
        })
    }

    /// Corrects a returned application and submits it again.
    pub async fn correct_application(&self, actor: &Actor, id: i64, a: &ApplicationInput, version: i64) -> Result<()> {
        let before = self.application(id).await?;
        if !before.status.correctable() {
            return Err(StoreError::invalid(
                "status",
                "只有退回的申请可以修改 / only a returned application is corrected",
            ));
        }
        let t = now();
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE incentive_applications SET occurred_on = $1, facts = $2, requested_fen = $3, statement = $4, \
                 bank_name = $5, bank_account = $6, status = 'submitted', updated_at = $7, version = version + 1 \
                 WHERE id = $8 AND status = 'returned' AND version = $9",
            )
            .bind(a.event.date.to_string())
            .bind(facts_json(&a.event))
            .bind(a.requested_fen)
            .bind(&a.statement)
            .bind(&a.bank_name)
            .bind(&a.bank_account)
            .bind(t)
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n != 1 {
                return Err(StoreError::Conflict {
                    entity: "incentive_application",
                    current: before.version,
                    submitted: version,
                });
            }
            tx.audit(
                actor,
                Change::update(
                    "incentive_application",
                    id,
                    Some(&before.region_path),
                    snapshot(&before)?,
                    snapshot(a)?,
                ),
            )
            .await?;
            Ok(())
        })
    }

    /// The applicant withdraws an application the city has not decided.
    pub async fn withdraw_application(&self, actor: &Actor, id: i64) -> Result<()> {
        let before = self.application(id).await?;
        if !before.status.withdrawable() {
            return Err(StoreError::invalid(
                "status",
                "该申请已办结，不能撤回 / the application is closed",
            ));
        }
        let t = now();
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE incentive_applications SET status = 'withdrawn', updated_at = $1, version = version + 1 \
                 WHERE id = $2 AND status IN ('submitted', 'returned', 'county_approved')",
            )
            .bind(t)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n != 1 {
                return Err(StoreError::invalid(
                    "status",
                    "该申请已办结，不能撤回 / the application is closed",
                ));
            }
            tx.audit(
                actor,
                Change::new(
                    "withdraw",
                    "incentive_application",
                    id,
                    Some(&before.region_path),
                    Some(json!({"status": before.status})),
                    Some(json!({"status": "withdrawn"})),
                ),
            )
            .await?;
            Ok(())
        })
    }

    /// Records a county decision, or a city decision other than approval.
    pub async fn decide_application(
        &self,
        actor: &Actor,
        id: i64,
        step: ReviewStep,
        decision: Decision,
        reason: &str,
    ) -> Result<ApplicationStatus> {
        let before = self.application(id).await?;
        let to = before.status.decide(step, decision).ok_or_else(|| {
            StoreError::invalid(
                "status",
                format!(
                    "该申请{}，不在{}环节 / the application is not at {}",
                    before.status.label_zh(),
                    step.label_zh(),
                    step
                ),
            )
        })?;
        if to == ApplicationStatus::Approved {
            return Err(StoreError::invalid(
                "decision",
                "市级批准须核定金额 / the city approves with an amount",
            ));
        }
        if decision != Decision::Approve && reason.trim().chars().count() < 4 {
            return Err(StoreError::invalid(
                "reason",
                "退回或不同意须写明理由 / give the reason",
            ));
        }
        let t = now();
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE incentive_applications SET status = $1, updated_at = $2, version = version + 1 \
                 WHERE id = $3 AND status = $4",
            )
            .bind(to)
            .bind(t)
            .bind(id)
            .bind(before.status)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n != 1 {
                return Err(StoreError::Conflict {
                    entity: "incentive_application",
                    current: before.version + 1,
                    submitted: before.version,
                });
            }
            sqlx::query(
                "INSERT INTO incentive_decisions (application_id, step, decision, reason, amount_fen, decided_by, decided_at) \
                 VALUES ($1, $2, $3, $4, NULL, $5, $6)",
            )
            .bind(id)
            .bind(step)
            .bind(decision)
            .bind(reason.trim())
            .bind(&actor.principal.username)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            tx.audit(
                actor,
                Change::new(
                    decision.as_str(),
                    "incentive_application",
                    id,
                    Some(&before.region_path),
                    Some(json!({"status": before.status})),
                    Some(json!({"status": to, "step": step, "reason": reason.trim()})),
                ),
            )
            .await?;
            Ok(to)
        })
    }

    /// The city approves application `id`: in one transaction the
    /// application is approved, its event recorded, the entitlement created
    /// approved at `ap.amount_fen` and the budgets committed. Only one of
    /// any number of simultaneous approvals succeeds.
    pub async fn approve_application(&self, actor: &Actor, id: i64, ap: &Approval<'_>) -> Result<i64> {
        let a = self.application(id).await?;
        if a.status != ApplicationStatus::CountyApproved {
            return Err(StoreError::invalid(
                "status",
                format!(
                    "该申请{}，不在市级审核环节 / the application is not at city review",
                    a.status.label_zh()
                ),
            ));
        }
        self.refuse_blacklisted_subject(&a.subject_code, &a.subject_name)
            .await?;
        let (city, county) = city_and_county(self, &a.region_path).await?;
        let e = ap.entitlement;
        let amount = ap.amount_fen;
        let (city_fen, county_fen, province_fen) = if amount == e.amount_fen || e.amount_fen == 0 {
            (e.city_fen, e.county_fen, e.province_fen)
        } else {
            let part = |x: i64| {
                ((i128::from(x) * i128::from(amount) * 2 + i128::from(e.amount_fen)) / (2 * i128::from(e.amount_fen)))
                    as i64
            };
            let c = part(e.city_fen);
            let k = if e.province_fen == 0 {
                amount - c
            } else {
                part(e.county_fen)
            };
            (c, k, amount - c - k)
        };
        let event = ap.event;
        let year = i64::from(event.date.year());
        let t = now();
        let by = actor.principal.username.clone();
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE incentive_applications SET status = 'approved', updated_at = $1, version = version + 1 \
                 WHERE id = $2 AND status = 'county_approved'",
            )
            .bind(t)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n != 1 {
                return Err(StoreError::Conflict {
                    entity: "incentive_application",
                    current: a.version + 1,
                    submitted: a.version,
                });
            }
            let reference = format!("application:{id}");
            let (event_id, _) = upsert_event!(tx, &by, a.region_id, event, "application", &reference, t);
            let once_key = super::entitlements::once_key(ap.once, &a.subject_code, "application", &reference);
            let taken: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM incentive_entitlements WHERE rule_id = $1 AND once_key = $2")
                    .bind(&a.rule_id)
                    .bind(&once_key)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some((other,)) = taken {
                return Err(StoreError::invalid(
                    "rule_id",
                    format!(
                        "该单位已享受本条政策（兑现编号 {other}），不重复兑现 / already entitled under this rule (#{other})"
                    ),
                ));
            }
            let (ent,): (i64,) = sqlx::query_as(
                "INSERT INTO incentive_entitlements (event_id, rule_id, rule_version, set_id, region_id, subject_code, \
                 subject_name, once_key, stacking, year, status, amount_fen, city_fen, county_fen, province_fen, \
                 upper_bound, lower_bound, years, derivation, pending_on, params, application_id, approved_fen, bank_name, \
                 bank_account, confirmed_at, approved_at, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, \
                 $7, $8, $9, $10, 'approved', $11, $12, $13, $14, $15, $16, $17, $18, '', '{}', $19, $20, $21, $22, $23, \
                 $23, $23, $23, 1) RETURNING id",
            )
            .bind(event_id)
            .bind(&a.rule_id)
            .bind(i64::from(ap.rule_version))
            .bind(&a.set_id)
            .bind(a.region_id)
            .bind(&a.subject_code)
            .bind(&a.subject_name)
            .bind(&once_key)
            .bind(ap.stacking)
            .bind(year)
            .bind(e.amount_fen)
            .bind(e.city_fen)
            .bind(e.county_fen)
            .bind(e.province_fen)
            .bind(e.upper_bound)
            .bind(e.lower_bound)
            .bind(i64::from(e.years))
            .bind(&e.derivation)
            .bind(id)
            .bind(amount)
            .bind(&a.bank_name)
            .bind(&a.bank_account)
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            let _ = province_fen;
            let parts = [(city, city_fen), (county, county_fen)];
            commit_budgets!(tx, ent, &a.set_id, ap.budget_line, year, &parts, t);
            sqlx::query("UPDATE incentive_applications SET entitlement_id = $1 WHERE id = $2")
                .bind(ent)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO incentive_decisions (application_id, step, decision, reason, amount_fen, decided_by, decided_at) \
                 VALUES ($1, 'city', 'approve', $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(ap.reason.trim())
            .bind(amount)
            .bind(&by)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            tx.audit(
                actor,
                Change::new(
                    "approve",
                    "incentive_application",
                    id,
                    Some(&a.region_path),
                    Some(json!({"status": a.status})),
                    Some(
                        json!({"status": "approved", "entitlement_id": ent, "approved_fen": amount,
                                "derivation": e.derivation}),
                    ),
                ),
            )
            .await?;
            Ok(ent)
        })
    }

    pub async fn application(&self, id: i64) -> Result<ApplicationRow> {
        let sql = format!("{SELECT_APPLICATION} WHERE a.id = $1");
        let row: Option<ApplicationRow> = with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or_else(|| StoreError::NotFound {
            entity: "incentive_application",
            id: id.to_string(),
        })
    }

    /// Applications of a scope (optionally one subject's, or those in some
    /// states), newest first.
    pub async fn applications(
        &self,
        scope: &Scope,
        subject_code: Option<&str>,
        statuses: &[ApplicationStatus],
    ) -> Result<Vec<ApplicationRow>> {
        let mut wh = vec!["r.path LIKE $1".to_owned()];
        if subject_code.is_some() {
            wh.push("a.subject_code = $2".into());
        }
        if !statuses.is_empty() {
            let list: Vec<String> = statuses.iter().map(|s| format!("'{}'", s.as_str())).collect();
            wh.push(format!("a.status IN ({})", list.join(", ")));
        }
        let sql = format!(
            "{SELECT_APPLICATION} WHERE {} ORDER BY a.id DESC LIMIT 500",
            wh.join(" AND ")
        );
        Ok(with_db!(self, |p| {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(format!("{}%", scope.as_str()));
            if let Some(c) = subject_code {
                q = q.bind(c.to_owned());
            }
            q.fetch_all(p).await?
        }))
    }

    pub async fn decisions(&self, application_id: i64) -> Result<Vec<DecisionRow>> {
        Ok(with_db!(self, |p| sqlx::query_as(
            "SELECT id, step, decision, reason, amount_fen, decided_by, decided_at FROM incentive_decisions \
             WHERE application_id = $1 ORDER BY id"
        )
        .bind(application_id)
        .fetch_all(p)
        .await?))
    }

    /// Adds an attachment to an application still open to the applicant.
    pub async fn add_attachment(
        &self,
        actor: &Actor,
        application_id: i64,
        file_name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Result<i64> {
        let a = self.application(application_id).await?;
        if !matches!(a.status, ApplicationStatus::Submitted | ApplicationStatus::Returned) {
            return Err(StoreError::invalid(
                "status",
                "审核中的申请不能再加附件 / the application is under review",
            ));
        }
        let name = file_name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(StoreError::invalid(
                "file",
                "文件名应为1到200个字符 / a file name of 1 to 200 characters",
            ));
        }
        if bytes.is_empty() || bytes.len() > MAX_ATTACHMENT_BYTES {
            return Err(StoreError::invalid(
                "file",
                "附件应在1字节到10MB之间 / an attachment of 1 byte to 10 MB",
            ));
        }
        let sha = super::setup::fingerprint_bytes(bytes);
        let t = now();
        with_tx!(self, |tx| {
            let (count,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM incentive_attachments WHERE application_id = $1")
                    .bind(application_id)
                    .fetch_one(&mut *tx)
                    .await?;
            if count >= MAX_ATTACHMENTS {
                return Err(StoreError::invalid("file", "附件最多20个 / at most 20 attachments"));
            }
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO incentive_attachments (application_id, file_name, content_type, size, sha256, bytes, \
                 uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(application_id)
            .bind(name)
            .bind(content_type)
            .bind(bytes.len() as i64)
            .bind(&sha)
            .bind(bytes)
            .bind(&actor.principal.username)
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            tx.audit(
                actor,
                Change::create(
                    "incentive_attachment",
                    id,
                    Some(&a.region_path),
                    json!({"application_id": application_id, "file_name": name, "size": bytes.len(), "sha256": sha}),
                ),
            )
            .await?;
            Ok(id)
        })
    }

    pub async fn attachments(&self, application_id: i64) -> Result<Vec<AttachmentRow>> {
        Ok(with_db!(self, |p| sqlx::query_as(
            "SELECT id, application_id, file_name, content_type, size, sha256, uploaded_by FROM incentive_attachments \
             WHERE application_id = $1 ORDER BY id"
        )
        .bind(application_id)
        .fetch_all(p)
        .await?))
    }

    /// An attachment with its bytes.
    pub async fn attachment(&self, id: i64) -> Result<(AttachmentRow, Vec<u8>)> {
        let row: Option<(i64, i64, String, String, i64, String, String, Vec<u8>)> = with_db!(self, |p| sqlx::query_as(
            "SELECT id, application_id, file_name, content_type, size, sha256, uploaded_by, bytes \
             FROM incentive_attachments WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(p)
        .await?);
        let (id, application_id, file_name, content_type, size, sha256, uploaded_by, bytes) =
            row.ok_or_else(|| StoreError::NotFound {
                entity: "incentive_attachment",
                id: id.to_string(),
            })?;
        Ok((
            AttachmentRow {
                id,
                application_id,
                file_name,
                content_type,
                size,
                sha256,
                uploaded_by,
            },
            bytes,
        ))
    }
}
