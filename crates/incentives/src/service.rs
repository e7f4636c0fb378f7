//! The incentives service: the rule sets in force (shipped, plus any a
//! bureau keeps in `<data_dir>/rules`), and what is done with them: an event
//! recorded runs the rules of the sets its city applies and saves what they
//! find; what is found is told to the firm (unless it is blacklisted); the
//! nightly run does the same over the whole registry; a draft previews its
//! cost; a stored entitlement is replayed against its rule version.

use crate::engine::{self, Params, RuleResult};
use crate::rules::event::Event;
use crate::rules::{Rule, RuleError, RuleSet, load_dir};
use crate::sources::{hte_event, platform_event};
use crate::store::entitlements::{EntitlementRow, Finding, NewEntitlement};
use crate::store::findings::{EventFindings, Saved};
use crate::store::prelude::*;
use crate::store::registry::Located;
use crate::store::setup::{EnactmentMode, EnactmentRow};
use crate::workflow::EntitlementStatus;
use chrono::NaiveDate;
use kechuang_credit::standing::Subject as CreditSubject;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::notifications::Notice;
use kechuang_kernel::{Db, Result, StoreError};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The kind of notice that tells a firm what it is entitled to.
pub const NOTICE_FOUND: &str = "incentives.entitlement_found";

/// Events saved per transaction by the nightly run.
const CHUNK: usize = 500;

/// The rule sets the service pays under.
#[derive(Debug, Clone)]
pub struct Incentives {
    sets: Arc<Vec<RuleSet>>,
}

/// A set as one city applies it, with its parameters.
#[derive(Debug, Clone)]
pub struct Applied {
    pub enactment: EnactmentRow,
    pub set: RuleSet,
    pub params: Params,
}

/// What running the rules over the registry did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunReport {
    pub events_read: usize,
    pub added: usize,
    pub computed: usize,
    pub yielded: usize,
    pub told: usize,
    pub withheld: usize,
}

/// What a draft would cost, per rule and county.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Preview {
    pub rows: Vec<PreviewRow>,
    pub subjects: usize,
    pub total_fen: i64,
    pub pending: usize,
    pub unknown: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PreviewRow {
    pub rule_id: String,
    pub county: String,
    pub count: usize,
    pub amount_fen: i64,
    pub upper_bound: bool,
}

/// A stored entitlement computed again under its rule version and inputs.
#[derive(Debug, Clone, Serialize)]
pub struct Replay {
    pub stored_fen: i64,
    pub replayed_fen: Option<i64>,
    pub stored_derivation: String,
    pub replayed_derivation: String,
    pub same: bool,
}

impl Incentives {
    /// The shipped sets, with those under `extra` (a directory of set
    /// directories) added; a set there with a shipped set's id replaces it.
    pub fn load(extra: Option<&Path>) -> std::result::Result<Incentives, RuleError> {
        let mut sets = crate::shipped::sets()?;
        if let Some(dir) = extra.filter(|d| d.is_dir()) {
            for set in load_dir(dir)? {
                sets.retain(|s| s.id != set.id);
                sets.push(set);
            }
        }
        sets.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Incentives { sets: Arc::new(sets) })
    }

    /// A service over the given sets (tests, previews of uploaded drafts).
    pub fn with_sets(sets: Vec<RuleSet>) -> Incentives {
        Incentives { sets: Arc::new(sets) }
    }

    pub fn sets(&self) -> &[RuleSet] {
        &self.sets
    }

    pub fn set(&self, id: &str) -> Option<&RuleSet> {
        self.sets.iter().find(|s| s.id == id)
    }

    /// The rule `id` with its set.
    pub fn rule(&self, id: &str) -> Option<(&RuleSet, &Rule)> {
        let set_id = id.split('/').next()?;
        let set = self.set(set_id)?;
        Some((set, set.rule(id)?))
    }

    /// The sets applied in the city whose region path starts `path`, with
    /// the mode asked for.
    pub async fn applied(&self, db: &Db, path: &str, mode: EnactmentMode) -> Result<Vec<Applied>> {
        let mut out = Vec::new();
        for e in db.enactments().await? {
            if e.mode != mode || !path.starts_with(&e.region_path) {
                continue;
            }
            let (Some(set), Some((from, to))) = (self.set(&e.set_id), e.period()) else {
                continue;
            };
            let params = db.params(e.region_id, &set.id).await?;
            out.push(Applied {
                set: set.enacted(from, to),
                enactment: e,
                params,
            });
        }
        Ok(out)
    }

    /// Every set applied anywhere in force, with its city's path.
    async fn all_applied(&self, db: &Db) -> Result<Vec<Applied>> {
        let mut out = Vec::new();
        for e in db.enactments().await? {
            if e.mode != EnactmentMode::InForce {
                continue;
            }
            let (Some(set), Some((from, to))) = (self.set(&e.set_id), e.period()) else {
                continue;
            };
            let params = db.params(e.region_id, &set.id).await?;
            out.push(Applied {
                set: set.enacted(from, to),
                enactment: e,
                params,
            });
        }
        Ok(out)
    }

    /// Runs the applied sets over one event; the findings to save.
    pub fn findings(applied: &[Applied], region_path: &str, event: &Event) -> Vec<NewEntitlement> {
        let mut out = Vec::new();
        let mut all = Vec::new();
        for a in applied
            .iter()
            .filter(|a| region_path.starts_with(&a.enactment.region_path))
        {
            for r in a.set.rules.iter().filter(|r| r.event == event.kind) {
                all.push((a, r));
            }
        }
        if all.is_empty() {
            return out;
        }
        // Stacking across the sets of one city: the engine keeps the highest
        // of a group for one event; run it over all the rules at once, each
        // with its own set's parameters.
        let mut kept = std::collections::HashSet::new();
        {
            let mut groups: BTreeMap<&str, (i64, &str)> = BTreeMap::new();
            for (a, r) in &all {
                if let RuleResult::Entitled(e) = engine::evaluate(r, event, &a.params).result
                    && let Some(g) = &r.stacking
                {
                    let best = groups.entry(g.as_str()).or_insert((e.amount_fen, r.id.as_str()));
                    if e.amount_fen > best.0 {
                        *best = (e.amount_fen, r.id.as_str());
                    }
                }
            }
            for (_, (_, id)) in groups {
                kept.insert(id.to_owned());
            }
        }
        for (a, r) in all {
            let finding = match engine::evaluate(r, event, &a.params).result {
                RuleResult::Entitled(e) => {
                    if r.stacking.is_some() && !kept.contains(&r.id) {
                        continue;
                    }
                    Finding::Entitled(e)
                }
                RuleResult::Pending(p) => Finding::Pending(p),
                RuleResult::Refused(_) | RuleResult::Unknown(_) => continue,
            };
            if r.draft || !r.without_application {
                continue;
            }
            out.push(NewEntitlement::new(r, &a.set.id, finding, &a.params));
        }
        out
    }

    /// Records an event of a subject in `region_id` and runs the rules of
    /// the sets its city applies; the entitlements found are told at once.
    pub async fn record(
        &self,
        db: &Db,
        actor: &Actor,
        region_id: i64,
        event: &Event,
        source: &str,
        reference: &str,
    ) -> Result<Vec<Saved>> {
        if reference.trim().is_empty() {
            return Err(StoreError::invalid(
                "reference",
                "须填写凭证编号（合同、证书或文件编号） / give the reference",
            ));
        }
        if event.subject.credit_code.trim().is_empty() {
            return Err(StoreError::invalid(
                "credit_code",
                "须填写统一社会信用代码 / give the credit code",
            ));
        }
        let region = db.region(region_id).await?;
        let applied = self.applied(db, &region.path, EnactmentMode::InForce).await?;
        let findings = Self::findings(&applied, &region.path, event);
        let item = EventFindings {
            region_id,
            region_path: region.path.clone(),
            event: event.clone(),
            source: source.to_owned(),
            reference: reference.trim().to_owned(),
            findings,
        };
        if item.findings.is_empty() {
            db.record_incentive_event(actor, region_id, event, source, reference.trim())
                .await?;
            return Ok(Vec::new());
        }
        let mut known = db.known_entitlements(Some(&event.subject.credit_code)).await?;
        let saved = db.save_findings(actor, &[item], &mut known).await?;
        let fresh: Vec<i64> = saved.iter().filter_map(Saved::fresh).collect();
        self.tell(db, actor, &fresh).await?;
        Ok(saved)
    }

    /// Tells each firm what it was found entitled to (inbox; e-mail follows
    /// the inbox). A blacklisted firm is told nothing: its entitlement is
    /// withheld. A firm without an account stays untold (应享未享).
    pub async fn tell(&self, db: &Db, actor: &Actor, ids: &[i64]) -> Result<(usize, usize)> {
        let today = kechuang_kernel::clock::today();
        let (mut told, mut withheld) = (0, 0);
        for &id in ids {
            let e = db.entitlement(id).await?;
            if !matches!(e.status, EntitlementStatus::Found | EntitlementStatus::Withheld) {
                continue;
            }
            let subject = CreditSubject {
                code: e.subject_code.clone(),
                names: vec![e.subject_name.clone()],
            };
            if let Some(hit) = db.blacklist_hit(&subject, today).await? {
                if e.status == EntitlementStatus::Found {
                    db.withhold(
                        actor,
                        id,
                        &format!("失信黑名单（{}）：暂不告知、不予兑现", hit.document_no),
                    )
                    .await?;
                    withheld += 1;
                }
                continue;
            }
            let accounts = db.enterprise_accounts(&e.subject_code).await?;
            if accounts.is_empty() {
                continue;
            }
            let title = self
                .rule(&e.rule_id)
                .map(|(_, r)| r.title.clone())
                .unwrap_or_else(|| e.rule_id.clone());
            for user_id in accounts {
                db.notify(&Notice {
                    user_id,
                    kind: NOTICE_FOUND,
                    params: serde_json::json!({"id": e.id, "title": title,
                        "amount": crate::rules::money::show(e.amount_fen)}),
                    dedup_key: format!("incentive:{}", e.id),
                })
                .await?;
            }
            db.mark_told(actor, id).await?;
            told += 1;
        }
        Ok((told, withheld))
    }

    /// Runs every set applied in force over the whole registry (and the
    /// events recorded otherwise), saves what is new and tells the firms.
    /// Running it again over an unchanged registry writes nothing.
    pub async fn run_all(&self, db: &Db, actor: &Actor) -> Result<RunReport> {
        let applied = self.all_applied(db).await?;
        let mut report = RunReport::default();
        if applied.is_empty() {
            return Ok(report);
        }
        let mut known = db.known_entitlements(None).await?;
        let mut fresh = Vec::new();
        let mut chunk: Vec<EventFindings> = Vec::new();
        for city in cities(&applied) {
            let (from, to) = span(&applied, &city);
            let certs = db.hte_certificates(&city, from, to, None).await?;
            let platforms = db.hosted_platforms(&city, None).await?;
            let events = certs
                .into_iter()
                .map(|c| located(c, hte_event))
                .chain(platforms.into_iter().filter_map(|p| {
                    let (event, src) = platform_event(&p.item)?;
                    Some((p.region_id, p.region_path, event, src.source.to_owned(), src.reference))
                }));
            for (region_id, region_path, event, source, reference) in events {
                report.events_read += 1;
                let findings = Self::findings(&applied, &region_path, &event);
                if findings.is_empty() {
                    continue;
                }
                chunk.push(EventFindings {
                    region_id,
                    region_path,
                    event,
                    source,
                    reference,
                    findings,
                });
                if chunk.len() >= CHUNK {
                    tally(
                        &mut report,
                        &mut fresh,
                        db.save_findings(actor, &chunk, &mut known).await?,
                    );
                    chunk.clear();
                }
            }
        }
        for row in db.recorded_events().await? {
            report.events_read += 1;
            let Ok(event) = row.event() else { continue };
            let findings = Self::findings(&applied, &row.region_path, &event);
            if !findings.is_empty() {
                chunk.push(EventFindings {
                    region_id: row.region_id,
                    region_path: row.region_path.clone(),
                    event,
                    source: row.source.clone(),
                    reference: row.source_ref.clone(),
                    findings,
                });
            }
            if chunk.len() >= CHUNK {
                tally(
                    &mut report,
                    &mut fresh,
                    db.save_findings(actor, &chunk, &mut known).await?,
                );
                chunk.clear();
            }
        }
        if !chunk.is_empty() {
            tally(
                &mut report,
                &mut fresh,
                db.save_findings(actor, &chunk, &mut known).await?,
            );
        }
        // Tell what was found now, and what was found before but not told
        // (a firm that has since opened an account, a lifted blacklist).
        let mut untold = db.untold_entitlements().await?;
        untold.extend(fresh);
        untold.sort_unstable();
        untold.dedup();
        let (told, withheld) = self.tell(db, actor, &untold).await?;
        report.told = told;
        report.withheld = withheld;
        Ok(report)
    }

    /// What `set` (a draft, or a set as the bureau would apply it) would
    /// give the firms of `scope_path` over `from`..=`to`, read from the
    /// registry and the recorded events, without saving anything.
    pub async fn preview(
        &self,
        db: &Db,
        set: &RuleSet,
        scope_path: &str,
        from: NaiveDate,
        to: NaiveDate,
        params: &Params,
    ) -> Result<Preview> {
        let set = set.enacted(from, to);
        let certs = db.hte_certificates(scope_path, from, to, None).await?;
        let platforms = db.hosted_platforms(scope_path, None).await?;
        let mut events: Vec<(String, Event)> = Vec::new();
        for c in certs {
            let county = c.item.county.clone();
            events.push((county, hte_event(&c.item).0));
        }
        for p in platforms {
            if let Some((e, _)) = platform_event(&p.item) {
                events.push((p.item.county.clone(), e));
            }
        }
        for row in db.recorded_events().await? {
            if row.region_path.starts_with(scope_path)
                && let Ok(e) = row.event()
            {
                events.push((row.region_name.clone(), e));
            }
        }
        let mut rows: BTreeMap<(String, String), PreviewRow> = BTreeMap::new();
        let mut subjects = std::collections::HashSet::new();
        let mut once = std::collections::HashSet::new();
        let mut out = Preview::default();
        for (county, event) in &events {
            let outcome = engine::compute(&set.rules, event, params);
            for e in outcome.entitlements {
                let rule = set.rule(&e.rule);
                if rule.is_some_and(|r| r.frequency == crate::rules::Frequency::Once)
                    && !once.insert((e.rule.clone(), event.subject.credit_code.clone()))
                {
                    continue;
                }
                subjects.insert(event.subject.credit_code.clone());
                out.total_fen += e.amount_fen;
                let row = rows
                    .entry((e.rule.clone(), county.clone()))
                    .or_insert_with(|| PreviewRow {
                        rule_id: e.rule.clone(),
                        county: county.clone(),
                        ..PreviewRow::default()
                    });
                row.count += 1;
                row.amount_fen += e.amount_fen;
                row.upper_bound |= e.upper_bound;
            }
            out.pending += outcome.pending.len();
            for r in set.rules.iter().filter(|r| r.event == event.kind) {
                if matches!(engine::evaluate(r, event, params).result, RuleResult::Unknown(_)) {
                    out.unknown += 1;
                }
            }
        }
        out.rows = rows.into_values().collect();
        out.subjects = subjects.len();
        Ok(out)
    }

    /// Computes a stored entitlement again from the rule version and the
    /// inputs it was computed under.
    pub async fn replay(&self, db: &Db, e: &EntitlementRow) -> Result<Replay> {
        let source = db.rule_version_source(&e.rule_id, e.rule_version).await?;
        let set = self
            .set(&e.set_id)
            .ok_or_else(|| StoreError::invalid("set_id", format!("规则集 {} 已不存在 / the set is gone", e.set_id)))?;
        let stem = e.rule_id.rsplit('/').next().unwrap_or_default();
        let rule = crate::rules::check_rule(
            &Path::new("rules").join(&e.set_id).join(format!("{stem}.toml")),
            &source,
            set,
        )
        .map_err(|err| StoreError::invalid("rule", err.to_string()))?;
        let event = db.incentive_event(e.event_id).await?.event()?;
        let mut rule = rule;
        rule.effective_from = event.date;
        rule.effective_to = event.date;
        let params: Params = serde_json::from_str(&e.params).unwrap_or_default();
        let (replayed_fen, replayed_derivation) = match engine::evaluate(&rule, &event, &params).result {
            RuleResult::Entitled(x) => (Some(x.amount_fen), x.derivation),
            RuleResult::Pending(p) => (None, p.reason),
            RuleResult::Refused(r) | RuleResult::Unknown(r) => (None, r.reason),
        };
        Ok(Replay {
            stored_fen: e.amount_fen,
            same: replayed_fen == Some(e.amount_fen) && replayed_derivation == e.derivation,
            replayed_fen,
            stored_derivation: e.derivation.clone(),
            replayed_derivation,
        })
    }
}

fn located<T>(
    l: Located<T>,
    f: impl Fn(&T) -> (Event, crate::sources::SourceRef),
) -> (i64, String, Event, String, String) {
    let (event, src) = f(&l.item);
    (l.region_id, l.region_path, event, src.source.to_owned(), src.reference)
}

fn tally(report: &mut RunReport, fresh: &mut Vec<i64>, saved: Vec<Saved>) {
    for s in saved {
        match &s {
            Saved::Added { pending: false, .. } => report.added += 1,
            Saved::Added { pending: true, .. } => report.added += 1,
            Saved::Computed { .. } => report.computed += 1,
            Saved::Yielded { .. } => report.yielded += 1,
            Saved::Existing { .. } => {}
        }
        if let Some(id) = s.fresh() {
            fresh.push(id);
        }
    }
}

/// The cities with applied sets (their region paths).
fn cities(applied: &[Applied]) -> Vec<String> {
    let mut out: Vec<String> = applied.iter().map(|a| a.enactment.region_path.clone()).collect();
    out.sort();
    out.dedup();
    out
}

/// The dates the sets applied in `city` cover, first to last.
fn span(applied: &[Applied], city: &str) -> (NaiveDate, NaiveDate) {
    let mine = applied.iter().filter(|a| a.enactment.region_path == city);
    let from = mine.clone().map(|a| a.set.period_from).min().unwrap_or(NaiveDate::MIN);
    let to = mine.map(|a| a.set.period_to).max().unwrap_or(NaiveDate::MAX);
    (from, to)
}
