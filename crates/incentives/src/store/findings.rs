//! Saving what the rules found: for each event, its new entitlements,
//! pending ones now computed, and 从高不重复 against what the subject already
//! has in the year. One call saves many events in one transaction (the
//! nightly run saves the whole registry in chunks); what is known already
//! ([`Known`], read once) is skipped without touching the database, so a run
//! over a registry that did not change writes nothing. A rule pays a subject
//! once (or once per event) whatever runs at the same time: the table's
//! unique key on (rule, once_key) decides, and the insert that loses changes
//! nothing.

use super::entitlements::{Finding, NewEntitlement};
use super::events::upsert_event;
use crate::rules::event::Event;
use crate::workflow::{EntitlementStatus, StackDecision, Stacked, stack};
use chrono::Datelike;
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Db, Result, now, with_db, with_tx};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;

/// One event with what the rules found for it.
#[derive(Debug, Clone)]
pub struct EventFindings {
    pub region_id: i64,
    pub region_path: String,
    pub event: Event,
    pub source: String,
    pub reference: String,
    pub findings: Vec<NewEntitlement>,
}

/// Entitlements already stored: (rule, once_key) → (id, status).
#[derive(Debug, Default)]
pub struct Known(HashMap<(String, String), (i64, EntitlementStatus)>);

impl Known {
    fn get(&self, rule: &str, key: &str) -> Option<(i64, EntitlementStatus)> {
        self.0.get(&(rule.to_owned(), key.to_owned())).copied()
    }

    /// Whether saving `item` would change nothing.
    fn settled(&self, item: &EventFindings) -> bool {
        item.findings.iter().all(|f| {
            let key = f.once_key(&item.event.subject.credit_code, &item.source, &item.reference);
            match self.get(&f.rule_id, &key) {
                None => false,
                Some((_, EntitlementStatus::Pending)) => !matches!(f.finding, Finding::Entitled(_)),
                Some(_) => true,
            }
        })
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What saving a finding did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "saved", rename_all = "snake_case")]
pub enum Saved {
    /// A new entitlement.
    Added { id: i64, rule: String, pending: bool },
    /// A pending entitlement now has its amount.
    Computed { id: i64, rule: String },
    /// The rule already gave this subject (or this event) an entitlement.
    Existing { id: i64, rule: String },
    /// 从高不重复: a higher entitlement of the group stands.
    Yielded { rule: String, to: String },
}

impl Saved {
    /// The id of an entitlement added or computed (to be told).
    pub fn fresh(&self) -> Option<i64> {
        match self {
            Saved::Added { id, pending: false, .. } | Saved::Computed { id, .. } => Some(*id),
            _ => None,
        }
    }
}

#[easy_ext::ext(FindingStore)]
impl Db {
    /// The entitlements stored, all of them or one subject's.
    pub async fn known_entitlements(&self, subject_code: Option<&str>) -> Result<Known> {
        let rows: Vec<(String, String, i64, EntitlementStatus)> = with_db!(self, |p| match subject_code {
            Some(c) =>
                sqlx::query_as(
                    "SELECT rule_id, once_key, id, status FROM incentive_entitlements WHERE subject_code = $1"
                )
                .bind(c.to_owned())
                .fetch_all(p)
                .await?,
            None =>
                sqlx::query_as("SELECT rule_id, once_key, id, status FROM incentive_entitlements")
                    .fetch_all(p)
                    .await?,
        });
        Ok(Known(rows.into_iter().map(|(r, k, id, s)| ((r, k), (id, s))).collect()))
    }

    /// Saves `items` in one transaction; what each finding did, in order.
    pub async fn save_findings(&self, actor: &Actor, items: &[EventFindings], known: &mut Known) -> Result<Vec<Saved>> {
        let todo: Vec<&EventFindings> = items.iter().filter(|i| !known.settled(i)).collect();
        let mut out: Vec<Saved> = Vec::new();
        if todo.is_empty() {
            for item in items {
                for f in &item.findings {
                    let key = f.once_key(&item.event.subject.credit_code, &item.source, &item.reference);
                    if let Some((id, _)) = known.get(&f.rule_id, &key) {
                        out.push(Saved::Existing {
                            id,
                            rule: f.rule_id.clone(),
                        });
                    }
                }
            }
            return Ok(out);
        }
        let t = now();
        let pg = matches!(self, Db::Postgres(_));
        let by = actor.principal.username.clone();
        let (saved, added) = with_tx!(self, |tx| {
            let mut saved = Vec::new();
            let mut added: Vec<(String, String, i64, EntitlementStatus)> = Vec::new();
            for item in &todo {
                let subject = &item.event.subject.credit_code;
                let year = i64::from(item.event.date.year());
                let (event_id, new_event) =
                    upsert_event!(tx, &by, item.region_id, &item.event, &item.source, &item.reference, t);
                if new_event {
                    tx.audit(
                        actor,
                        Change::create(
                            "incentive_event",
                            event_id,
                            Some(&item.region_path),
                            kechuang_kernel::audit::snapshot(&item.event)?,
                        ),
                    )
                    .await?;
                }
                for f in &item.findings {
                    let once_key = f.once_key(subject, &item.source, &item.reference);
                    if let Some((id, status)) = known.get(&f.rule_id, &once_key) {
                        if let (Finding::Entitled(e), EntitlementStatus::Pending) = (&f.finding, status) {
                            let n = sqlx::query(
                                "UPDATE incentive_entitlements SET status = 'found', amount_fen = $1, city_fen = $2, \
                                 county_fen = $3, province_fen = $4, upper_bound = $5, lower_bound = $6, years = $7, \
                                 derivation = $8, pending_on = '', params = $9, updated_at = $10, version = version + 1 \
                                 WHERE id = $11 AND status = 'pending'",
                            )
                            .bind(e.amount_fen)
                            .bind(e.city_fen)
                            .bind(e.county_fen)
                            .bind(e.province_fen)
                            .bind(e.upper_bound)
                            .bind(e.lower_bound)
                            .bind(i64::from(e.years))
                            .bind(&e.derivation)
                            .bind(serde_json::to_string(&f.params).unwrap_or_default())
                            .bind(t)
                            .bind(id)
                            .execute(&mut *tx)
                            .await?
                            .rows_affected();
                            if n == 1 {
                                tx.audit(
                                    actor,
                                    Change::update(
                                        "incentive_entitlement",
                                        id,
                                        Some(&item.region_path),
                                        json!({"status": "pending"}),
                                        json!({"status": "found", "amount_fen": e.amount_fen, "derivation": e.derivation}),
                                    ),
                                )
                                .await?;
                                added.push((f.rule_id.clone(), once_key.clone(), id, EntitlementStatus::Found));
                                saved.push(Saved::Computed {
                                    id,
                                    rule: f.rule_id.clone(),
                                });
                                continue;
                            }
                        }
                        saved.push(Saved::Existing {
                            id,
                            rule: f.rule_id.clone(),
                        });
                        continue;
                    }
                    if !f.stacking.is_empty() {
                        if pg {
                            sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                                .bind(format!("incentives:{subject}"))
                                .execute(&mut *tx)
                                .await?;
                        }
                        let rows: Vec<(i64, String, i64, EntitlementStatus)> = sqlx::query_as(
                            "SELECT id, rule_id, amount_fen, status FROM incentive_entitlements \
                             WHERE subject_code = $1 AND stacking = $2 AND year = $3",
                        )
                        .bind(subject)
                        .bind(&f.stacking)
                        .bind(year)
                        .fetch_all(&mut *tx)
                        .await?;
                        let others: Vec<Stacked> = rows
                            .into_iter()
                            .map(|(id, rule, amount_fen, status)| Stacked {
                                id,
                                rule,
                                amount_fen,
                                status,
                            })
                            .collect();
                        match stack(&others, f.amount_fen()) {
                            StackDecision::Stands => {}
                            StackDecision::Yields { to } => {
                                saved.push(Saved::Yielded {
                                    rule: f.rule_id.clone(),
                                    to,
                                });
                                continue;
                            }
                            StackDecision::Replaces(ids) => {
                                for id in ids {
                                    let note = format!(
                                        "从高不重复：按较高的 {} 兑现 / the higher {} applies",
                                        f.rule_id, f.rule_id
                                    );
                                    sqlx::query(
                                        "UPDATE incentive_entitlements SET status = 'refused', note = $1, updated_at = $2, \
                                         version = version + 1 WHERE id = $3 AND status NOT IN ('approved', 'paid')",
                                    )
                                    .bind(&note)
                                    .bind(t)
                                    .bind(id)
                                    .execute(&mut *tx)
                                    .await?;
                                    tx.audit(
                                        actor,
                                        Change::update(
                                            "incentive_entitlement",
                                            id,
                                            Some(&item.region_path),
                                            json!({}),
                                            json!({"status": "refused", "note": note}),
                                        ),
                                    )
                                    .await?;
                                }
                            }
                        }
                    }
                    let (status, e, pending_on, derivation) = match &f.finding {
                        Finding::Entitled(e) => {
                            (EntitlementStatus::Found, Some(e), String::new(), e.derivation.clone())
                        }
                        Finding::Pending(p) => {
                            (EntitlementStatus::Pending, None, p.parameter.clone(), p.reason.clone())
                        }
                    };
                    let row: Option<(i64,)> = sqlx::query_as(
                        "INSERT INTO incentive_entitlements (event_id, rule_id, rule_version, set_id, region_id, \
                         subject_code, subject_name, once_key, stacking, year, status, amount_fen, city_fen, county_fen, \
                         province_fen, upper_bound, lower_bound, years, derivation, pending_on, params, created_at, \
                         updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
                         $16, $17, $18, $19, $20, $21, $22, $22, 1) ON CONFLICT (rule_id, once_key) DO NOTHING RETURNING id",
                    )
                    .bind(event_id)
                    .bind(&f.rule_id)
                    .bind(i64::from(f.rule_version))
                    .bind(&f.set_id)
                    .bind(item.region_id)
                    .bind(subject)
                    .bind(&item.event.subject.name)
                    .bind(&once_key)
                    .bind(&f.stacking)
                    .bind(year)
                    .bind(status)
                    .bind(e.map_or(0, |e| e.amount_fen))
                    .bind(e.map_or(0, |e| e.city_fen))
                    .bind(e.map_or(0, |e| e.county_fen))
                    .bind(e.map_or(0, |e| e.province_fen))
                    .bind(e.is_some_and(|e| e.upper_bound))
                    .bind(e.is_some_and(|e| e.lower_bound))
                    .bind(e.map_or(1, |e| i64::from(e.years)))
                    .bind(&derivation)
                    .bind(&pending_on)
                    .bind(serde_json::to_string(&f.params).unwrap_or_default())
                    .bind(t)
                    .fetch_optional(&mut *tx)
                    .await?;
                    let Some((id,)) = row else {
                        let (id,): (i64,) = sqlx::query_as(
                            "SELECT id FROM incentive_entitlements WHERE rule_id = $1 AND once_key = $2",
                        )
                        .bind(&f.rule_id)
                        .bind(&once_key)
                        .fetch_one(&mut *tx)
                        .await?;
                        saved.push(Saved::Existing {
                            id,
                            rule: f.rule_id.clone(),
                        });
                        continue;
                    };
                    tx.audit(
                        actor,
                        Change::create(
                            "incentive_entitlement",
                            id,
                            Some(&item.region_path),
                            json!({"rule": f.rule_id, "rule_version": f.rule_version, "subject": subject,
                                   "event_id": event_id, "status": status, "amount_fen": e.map_or(0, |e| e.amount_fen),
                                   "derivation": derivation, "params": f.params}),
                        ),
                    )
                    .await?;
                    added.push((f.rule_id.clone(), once_key, id, status));
                    saved.push(Saved::Added {
                        id,
                        rule: f.rule_id.clone(),
                        pending: status == EntitlementStatus::Pending,
                    });
                }
            }
            Ok((saved, added))
        })?;
        for (rule, key, id, status) in added {
            known.0.insert((rule, key), (id, status));
        }
        out.extend(saved);
        Ok(out)
    }
}
