//! Events as recorded: what happened to whom, from where. Recording the same
//! source twice (a certificate read again, a loan entered twice with its
//! contract number) gives the event already recorded.

use crate::rules::event::{Event, EventKind, Subject};
use kechuang_kernel::audit::{Actor, AuditWrite, Change, snapshot};
use kechuang_kernel::{Db, Result, StoreError, now, with_db, with_tx};
use serde::Serialize;

/// A recorded event.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub region_id: i64,
    pub region_name: String,
    pub region_path: String,
    pub kind: EventKind,
    pub occurred_on: String,
    pub subject_code: String,
    pub subject_name: String,
    pub facts: String,
    pub source: String,
    pub source_ref: String,
    pub created_by: String,
}

impl EventRow {
    /// The event as the engine reads it.
    pub fn event(&self) -> Result<Event> {
        let facts = serde_json::from_str(&self.facts).map_err(|e| {
            StoreError::invalid(
                "facts",
                format!("事件 {} 的事实无法读取 / unreadable facts: {e}", self.id),
            )
        })?;
        Ok(Event {
            kind: self.kind,
            date: self
                .occurred_on
                .parse()
                .map_err(|_| StoreError::invalid("occurred_on", "日期无效 / not a date"))?,
            subject: Subject {
                credit_code: self.subject_code.clone(),
                county: self.region_name.clone(),
                name: self.subject_name.clone(),
            },
            facts,
        })
    }
}

pub(crate) const SELECT_EVENT: &str = "SELECT v.id, v.region_id, r.name AS region_name, r.path AS region_path, v.kind, \
     v.occurred_on, v.subject_code, v.subject_name, v.facts, v.source, v.source_ref, v.created_by \
     FROM incentive_events v JOIN regions r ON r.id = v.region_id";

/// Inserts `event` unless its source was recorded already; the event's id
/// either way. Runs inside the caller's transaction.
macro_rules! upsert_event {
    ($tx:ident, $by:expr, $region_id:expr, $event:expr, $source:expr, $reference:expr, $t:expr) => {{
        let facts = serde_json::Value::Object($event.facts.clone().into_iter().collect()).to_string();
        let row: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO incentive_events (region_id, kind, occurred_on, subject_code, subject_name, facts, source, \
             source_ref, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (source, source_ref) DO NOTHING RETURNING id",
        )
        .bind($region_id)
        .bind($event.kind)
        .bind($event.date.to_string())
        .bind($event.subject.credit_code.clone())
        .bind($event.subject.name.clone())
        .bind(facts)
        .bind($source)
        .bind($reference)
        .bind($by)
        .bind($t)
        .fetch_optional(&mut *$tx)
        .await?;
        match row {
            Some((id,)) => (id, true),
            None => {
                let (id,): (i64,) =
                    sqlx::query_as("SELECT id FROM incentive_events WHERE source = $1 AND source_ref = $2")
                        .bind($source)
                        .bind($reference)
                        .fetch_one(&mut *$tx)
                        .await?;
                (id, false)
            }
        }
    }};
}
pub(crate) use upsert_event;

#[easy_ext::ext(EventStore)]
impl Db {
    /// Records `event` of a subject in region `region_id`, from `source`
    /// (`registry`, `form`, `import`, `application`) under `reference`;
    /// returns its id and whether it is new.
    pub async fn record_incentive_event(
        &self,
        actor: &Actor,
        region_id: i64,
        event: &Event,
        source: &str,
        reference: &str,
    ) -> Result<(i64, bool)> {
        if reference.trim().is_empty() {
            return Err(StoreError::invalid(
                "reference",
                "须填写凭证编号（合同、证书或文件编号） / give the reference",
            ));
        }
        let region = self.region(region_id).await?;
        let t = now();
        let by = actor.principal.username.clone();
        with_tx!(self, |tx| {
            let (id, new) = upsert_event!(tx, &by, region_id, event, source, reference, t);
            if new {
                tx.audit(
                    actor,
                    Change::create("incentive_event", id, Some(&region.path), snapshot(event)?),
                )
                .await?;
            }
            Ok((id, new))
        })
    }

    pub async fn incentive_event(&self, id: i64) -> Result<EventRow> {
        let sql = format!("{SELECT_EVENT} WHERE v.id = $1");
        let row: Option<EventRow> = with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or_else(|| StoreError::NotFound {
            entity: "incentive_event",
            id: id.to_string(),
        })
    }

    /// Events recorded other than from the registry (forms, imports,
    /// applications): the nightly run reads them with the registry.
    pub async fn recorded_events(&self) -> Result<Vec<EventRow>> {
        let sql = format!("{SELECT_EVENT} WHERE v.source <> 'registry' ORDER BY v.id");
        Ok(with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_all(p)
            .await?))
    }

    /// Events whose entitlements wait for a parameter of `set_id`.
    pub async fn events_pending_on(&self, set_id: &str) -> Result<Vec<EventRow>> {
        let sql = format!(
            "{SELECT_EVENT} WHERE v.id IN (SELECT event_id FROM incentive_entitlements WHERE set_id = $1 AND status = 'pending') \
             ORDER BY v.id"
        );
        Ok(with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(set_id)
            .fetch_all(p)
            .await?))
    }
}
