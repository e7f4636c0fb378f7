//! The matching engine: the index kept in step with the database, and the
//! matching queries that read both.
//!
//! * [`Engine::catch_up`] applies the changes after the index's sequence
//!   number (every instance follows the same `market_changes` table, so all
//!   converge); an empty index is rebuilt from the items instead.
//! * [`Engine::run`] catches up whenever this instance wrote ([`Engine::poke`])
//!   and at least every [`POLL`], so changes made by other instances arrive
//!   within that interval.
//! * After a small batch of changes, newly published items notify the owners
//!   of strongly matching items and the users whose saved searches they meet;
//!   the inbox's deduplication key makes this safe when several instances do
//!   it.
//! * [`Engine::match_demand`], [`Engine::match_achievement`]: candidates from
//!   the index, facts from the database, order and explanations from
//!   [`crate::rank`].

use crate::store::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::lifecycle::matchable;
use crate::rank::{self, Candidate, Explanation, QueryFacts};
use crate::store::{AchievementRow, DemandRow, MatchDoc, list_of};
use crate::text;
use kechuang_kernel::Db;
use kechuang_kernel::notifications::Notice;
use serde::Serialize;
use serde_json::json;
use tokio::sync::{Mutex, Notify};

use crate::search::{Doc, MarketIndex, Search};

/// Longest wait before changes made elsewhere are picked up.
pub const POLL: Duration = Duration::from_millis(500);
/// Changes read per step.
const BATCH: i64 = 2000;
/// Candidates taken from the index before re-ranking.
pub const CANDIDATES: usize = 50;
/// Batches larger than this (imports, first builds) send no notifications.
const NOTIFY_LIMIT: usize = 200;

/// Errors of the engine.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] kechuang_kernel::StoreError),
    #[error(transparent)]
    Search(#[from] crate::search::SearchError),
}

pub type Result<T, E = EngineError> = std::result::Result<T, E>;

/// Filters on the supply side.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct Filters {
    pub field: Option<String>,
    pub area: Option<String>,
    /// Least acceptable maturity code.
    pub min_maturity: Option<String>,
    pub mode: Option<String>,
}

/// A matched achievement.
#[derive(Debug, Clone, Serialize)]
pub struct AchievementMatch {
    pub item: AchievementRow,
    pub score: f32,
    pub explanation: Explanation,
}

/// A matched demand.
#[derive(Debug, Clone, Serialize)]
pub struct DemandMatch {
    pub item: DemandRow,
    pub score: f32,
    pub explanation: Explanation,
}

/// An institution, expert or enterprise behind matching items.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PartyMatch {
    /// `institution`, `expert`, `enterprise`, or empty for an unregistered owner.
    pub kind: String,
    pub id: Option<i64>,
    pub name: String,
    pub score: f32,
    /// The matching items (id, title) that put it here.
    pub items: Vec<(i64, String)>,
}

/// The index and the database together.
pub struct Engine {
    pub db: Db,
    pub index: Arc<MarketIndex>,
    wake: Notify,
    step: Mutex<()>,
}

fn to_doc(d: MatchDoc) -> Doc {
    Doc {
        kind: d.kind,
        id: d.id,
        status: d.status,
        title: d.title,
        keywords: d.keywords.join(" "),
        body: d.body,
        field: d.field,
        area: d.area,
        maturity: d.maturity,
        modes: d.modes,
        chains: d.chains,
    }
}

fn maturities_from(min: Option<&str>) -> Vec<String> {
    use crate::vocab::{MATURITIES, rank_of};
    match min.and_then(|m| rank_of(MATURITIES, m)) {
        Some(i) => MATURITIES[i..].iter().map(|e| e.0.to_owned()).collect(),
        None => Vec::new(),
    }
}

impl Engine {
    pub fn new(db: Db, index: Arc<MarketIndex>) -> Arc<Self> {
        Arc::new(Self {
            db,
            index,
            wake: Notify::new(),
            step: Mutex::new(()),
        })
    }

    /// Asks the follower to catch up now (after a local write).
    pub fn poke(&self) {
        self.wake.notify_one();
    }

    /// Follows the change table until the task is dropped.
    pub async fn run(self: Arc<Self>) {
        loop {
            if let Err(e) = self.catch_up().await {
                tracing::warn!(error = %e, "search index catch-up failed");
            }
            let _ = tokio::time::timeout(POLL, self.wake.notified()).await;
        }
    }

    /// Replaces the index content with every item in the database; returns
    /// the number of documents.
    pub async fn rebuild(&self) -> Result<usize> {
        let _guard = self.step.lock().await;
        self.rebuild_locked().await
    }

    async fn rebuild_locked(&self) -> Result<usize> {
        let result = self.reload_all().await;
        if result.is_err() {
            self.index.abandon()?;
        }
        result
    }

    /// Loads every matchable item into the index in one commit.
    async fn reload_all(&self) -> Result<usize> {
        let seq = self.db.market_seq().await?;
        let index = self.index.clone();
        index.clear()?;
        let mut n = 0;
        for kind in ["achievement", "demand"] {
            let mut after = 0;
            loop {
                let page = self.db.match_docs_after(kind, after, 5000).await?;
                let Some(last) = page.last() else { break };
                after = last.id;
                let docs: Vec<Doc> = page
                    .into_iter()
                    .filter(|d| matchable(&d.kind, &d.status))
                    .map(to_doc)
                    .collect();
                n += docs.len();
                let index = index.clone();
                tokio::task::spawn_blocking(move || index.add(&docs))
                    .await
                    .map_err(|e| crate::search::SearchError::Directory(e.to_string()))??;
            }
        }
        let index = self.index.clone();
        tokio::task::spawn_blocking(move || index.finish(seq))
            .await
            .map_err(|e| crate::search::SearchError::Directory(e.to_string()))??;
        Ok(n)
    }

    /// Applies every change after the index's sequence number; returns how
    /// many were applied.
    pub async fn catch_up(&self) -> Result<usize> {
        if !self.index.writable() {
            return Ok(0);
        }
        let _guard = self.step.lock().await;
        if !self.index.built() {
            // a new index is filled from the database once, quietly: what it
            // holds was announced when it was published. Even an empty
            // database marks the index built, so that the first items
            // published afterwards are followed (and announced) one by one.
            self.rebuild_locked().await?;
            return Ok(0);
        }
        let mut seq = self.index.seq();
        let mut applied = 0;
        loop {
            let changes = self.db.market_changes(seq, BATCH).await?;
            let Some(last) = changes.last() else { break };
            let next = last.seq;
            let mut by_kind: HashMap<&str, Vec<i64>> = HashMap::new();
            for c in &changes {
                let kind = if c.kind == "demand" { "demand" } else { "achievement" };
                let ids = by_kind.entry(kind).or_default();
                if !ids.contains(&c.item_id) {
                    ids.push(c.item_id);
                }
            }
            let mut docs = Vec::new();
            let mut removed = Vec::new();
            for (kind, ids) in &by_kind {
                let found = self.db.match_docs(kind, ids).await?;
                for id in ids {
                    if !found.iter().any(|d| d.id == *id && matchable(&d.kind, &d.status)) {
                        removed.push((kind.to_string(), *id));
                    }
                }
                docs.extend(found.into_iter().filter(|d| matchable(&d.kind, &d.status)).map(to_doc));
            }
            let published: Vec<(String, i64)> = docs
                .iter()
                .filter(|d| d.status == "published")
                .map(|d| (d.kind.clone(), d.id))
                .collect();
            let index = self.index.clone();
            tokio::task::spawn_blocking(move || index.apply(&docs, &removed, next))
                .await
                .map_err(|e| crate::search::SearchError::Directory(e.to_string()))??;
            applied += changes.len();
            seq = next;
            if published.len() <= NOTIFY_LIMIT {
                for (kind, id) in published {
                    if let Err(e) = self.announce(&kind, id).await {
                        tracing::warn!(error = %e, kind, id, "match notifications failed");
                    }
                }
            }
        }
        Ok(applied)
    }

    /// Tells the owners of strongly matching items, and users whose saved
    /// searches the item meets, about a newly published item.
    async fn announce(&self, kind: &str, id: i64) -> Result<()> {
        let (title, text) = match kind {
            "achievement" => {
                let a = self.db.achievement(id).await?;
                (a.title.clone(), a.text())
            }
            _ => {
                let d = self.db.demand(id).await?;
                (d.title.clone(), d.text())
            }
        };
        let strong: Vec<(String, i64)> = if kind == "achievement" {
            self.match_achievement(id, 10)
                .await?
                .into_iter()
                .filter(|m| m.explanation.is_strong())
                .map(|m| ("demand".to_owned(), m.item.id))
                .collect()
        } else {
            self.match_demand(id, &Filters::default(), 10)
                .await?
                .into_iter()
                .filter(|m| m.explanation.is_strong())
                .map(|m| ("achievement".to_owned(), m.item.id))
                .collect()
        };
        let match_kind = if kind == "achievement" {
            "market.achievement_matches"
        } else {
            "market.demand_matches"
        };
        for (other_kind, other) in strong {
            for user in self.db.item_watchers(&other_kind, other).await? {
                self.db
                    .notify(&Notice {
                        user_id: user,
                        kind: match_kind,
                        params: json!({"title": title, "id": id}),
                        dedup_key: format!("match:{kind}:{id}>{other_kind}:{other}"),
                    })
                    .await?;
            }
        }
        for s in self.db.alerting_searches(kind).await? {
            if !s.field.is_empty() && !self.item_field_is(kind, id, &s.field).await? {
                continue;
            }
            if rank::alert_matches(&text::distinct_terms(&s.query), &text) {
                self.db
                    .notify(&Notice {
                        user_id: s.user_id,
                        kind: "market.saved_search",
                        params: json!({"search": s.name, "title": title, "item": kind, "id": id}),
                        dedup_key: format!("saved:{}:{kind}:{id}", s.id),
                    })
                    .await?;
            }
        }
        Ok(())
    }

    async fn item_field_is(&self, kind: &str, id: i64, field: &str) -> Result<bool> {
        Ok(match kind {
            "achievement" => self.db.achievement(id).await?.field == field,
            _ => self.db.demand(id).await?.field == field,
        })
    }

    fn search(&self, s: Search) -> Result<Vec<crate::search::Hit>> {
        Ok(self.index.search(&s)?)
    }

    /// Published achievements for free text (and optional facts), best first.
    pub async fn match_text(
        &self,
        query: &QueryFacts,
        filters: &Filters,
        exclude: Option<i64>,
        top: usize,
    ) -> Result<Vec<AchievementMatch>> {
        let hits = self.search(Search {
            kind: "achievement".into(),
            terms: query.terms.clone(),
            field: filters.field.clone(),
            area: filters.area.clone(),
            maturities: maturities_from(filters.min_maturity.as_deref()),
            mode: filters.mode.clone(),
            exclude_id: exclude,
            limit: CANDIDATES.max(top),
            ..Default::default()
        })?;
        let ids: Vec<i64> = hits.iter().map(|h| h.id).collect();
        let rows = self.db.achievements_by_ids(&ids).await?;
        let by_id: HashMap<i64, AchievementRow> = rows.into_iter().map(|r| (r.id, r)).collect();
        let candidates = hits
            .iter()
            .filter_map(|h| {
                by_id.get(&h.id).map(|r| Candidate {
                    id: r.id,
                    text_score: h.score,
                    text: r.text(),
                    field: r.field.clone(),
                    chain_tags: list_of(&r.chain_tags),
                    area: r.area.clone(),
                })
            })
            .collect();
        Ok(rank::rank(query, candidates, top)
            .into_iter()
            .filter_map(|r| {
                by_id.get(&r.id).map(|item| AchievementMatch {
                    item: item.clone(),
                    score: r.score,
                    explanation: r.explanation,
                })
            })
            .collect())
    }

    /// Achievements for demand `id`.
    pub async fn match_demand(&self, id: i64, filters: &Filters, top: usize) -> Result<Vec<AchievementMatch>> {
        let d = self.db.demand(id).await?;
        Ok(self.for_demand(&d, filters, top, 0).await?.0)
    }

    /// Open demands for achievement `id`.
    pub async fn match_achievement(&self, id: i64, top: usize) -> Result<Vec<DemandMatch>> {
        let a = self.db.achievement(id).await?;
        Ok(self.for_achievement(&a, top, 0).await?.0)
    }

    /// For a demand already read: its best `top` achievements, and the
    /// institutions and experts behind the candidates (at most
    /// `parties_top`), from one search.
    pub async fn for_demand(
        &self,
        d: &DemandRow,
        filters: &Filters,
        top: usize,
        parties_top: usize,
    ) -> Result<(Vec<AchievementMatch>, Vec<PartyMatch>)> {
        let q = QueryFacts::from_text(&d.text(), &d.field, &list_of(&d.chain_tags));
        let mut matches = self.match_text(&q, filters, None, CANDIDATES.max(top)).await?;
        let owners = owners_of(&matches, parties_top);
        matches.truncate(top);
        Ok((matches, owners))
    }

    /// For an achievement already read: its best `top` open demands, and the
    /// enterprises behind the candidates (at most `parties_top`), from one
    /// search.
    pub async fn for_achievement(
        &self,
        a: &AchievementRow,
        top: usize,
        parties_top: usize,
    ) -> Result<(Vec<DemandMatch>, Vec<PartyMatch>)> {
        let q = QueryFacts::from_text(&a.text(), &a.field, &list_of(&a.chain_tags));
        let mut matches = self.find_demands(&q, None, CANDIDATES.max(top)).await?;
        let firms = firms_of(&matches, parties_top);
        matches.truncate(top);
        Ok((matches, firms))
    }

    /// Open demands (published or in talks) for free text, best first.
    pub async fn find_demands(&self, q: &QueryFacts, field: Option<String>, top: usize) -> Result<Vec<DemandMatch>> {
        let hits = self.search(Search {
            kind: "demand".into(),
            terms: q.terms.clone(),
            field,
            limit: CANDIDATES.max(top),
            ..Default::default()
        })?;
        let ids: Vec<i64> = hits.iter().map(|h| h.id).collect();
        let by_id: HashMap<i64, DemandRow> = self
            .db
            .demands_by_ids(&ids)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        let candidates = hits
            .iter()
            .filter_map(|h| {
                by_id.get(&h.id).map(|r| Candidate {
                    id: r.id,
                    text_score: h.score,
                    text: r.text(),
                    field: r.field.clone(),
                    chain_tags: list_of(&r.chain_tags),
                    area: "local".into(),
                })
            })
            .collect();
        Ok(rank::rank(q, candidates, top)
            .into_iter()
            .filter_map(|r| {
                by_id.get(&r.id).map(|item| DemandMatch {
                    item: item.clone(),
                    score: r.score,
                    explanation: r.explanation,
                })
            })
            .collect())
    }

    /// Institutions and experts owning the achievements that match demand
    /// `id`, by the summed score of their items.
    pub async fn owners_for_demand(&self, id: i64, top: usize) -> Result<Vec<PartyMatch>> {
        let d = self.db.demand(id).await?;
        Ok(self.for_demand(&d, &Filters::default(), 0, top).await?.1)
    }

    /// Enterprises whose open demands match achievement `id`.
    pub async fn enterprises_for_achievement(&self, id: i64, top: usize) -> Result<Vec<PartyMatch>> {
        let a = self.db.achievement(id).await?;
        Ok(self.for_achievement(&a, 0, top).await?.1)
    }
}

/// The owners (institutions, experts, firms) of matched achievements.
fn owners_of(matches: &[AchievementMatch], top: usize) -> Vec<PartyMatch> {
    parties(
        matches.iter().map(|m| {
            (
                m.item.owner_kind.clone(),
                m.item.owner_id,
                m.item.owner_name.clone(),
                m.score,
                m.item.id,
                m.item.title.clone(),
            )
        }),
        top,
    )
}

/// The enterprises behind matched demands.
fn firms_of(matches: &[DemandMatch], top: usize) -> Vec<PartyMatch> {
    parties(
        matches.iter().map(|m| {
            let kind = if m.item.enterprise_id.is_some() {
                "enterprise"
            } else {
                ""
            };
            (
                kind.to_owned(),
                m.item.enterprise_id,
                m.item.enterprise_name.clone(),
                m.score,
                m.item.id,
                m.item.title.clone(),
            )
        }),
        top,
    )
}

fn parties(
    items: impl Iterator<Item = (String, Option<i64>, String, f32, i64, String)>,
    top: usize,
) -> Vec<PartyMatch> {
    let mut out: Vec<PartyMatch> = Vec::new();
    for (kind, id, name, score, item, title) in items {
        if name.is_empty() {
            continue;
        }
        match out.iter_mut().find(|p| p.kind == kind && p.id == id && p.name == name) {
            Some(p) => {
                p.score += score;
                p.items.push((item, title));
            }
            None => out.push(PartyMatch {
                kind,
                id,
                name,
                score,
                items: vec![(item, title)],
            }),
        }
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.name.cmp(&b.name)));
    out.truncate(top);
    out
}

/// One match as the API and the command line give it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MatchView {
    /// `achievement` or `demand`.
    pub kind: String,
    pub id: i64,
    pub title: String,
    /// Owner of an achievement, enterprise of a demand.
    pub party: String,
    pub field: String,
    pub status: String,
    pub score: f32,
    /// Query words found in the item.
    pub matched_terms: Vec<String>,
    pub shared_field: Option<String>,
    pub shared_chains: Vec<String>,
    pub area: Option<String>,
    pub url: String,
}

impl From<&AchievementMatch> for MatchView {
    fn from(m: &AchievementMatch) -> Self {
        Self {
            kind: "achievement".into(),
            id: m.item.id,
            title: m.item.title.clone(),
            party: m.item.owner_name.clone(),
            field: m.item.field.clone(),
            status: m.item.status.as_str().to_owned(),
            score: m.score,
            matched_terms: m.explanation.matched_terms.clone(),
            shared_field: m.explanation.shared_field.clone(),
            shared_chains: m.explanation.shared_chains.clone(),
            area: m.explanation.area.clone(),
            url: format!("/market/achievements/{}", m.item.id),
        }
    }
}

impl From<&DemandMatch> for MatchView {
    fn from(m: &DemandMatch) -> Self {
        Self {
            kind: "demand".into(),
            id: m.item.id,
            title: m.item.title.clone(),
            party: m.item.enterprise_name.clone(),
            field: m.item.field.clone(),
            status: m.item.status.as_str().to_owned(),
            score: m.score,
            matched_terms: m.explanation.matched_terms.clone(),
            shared_field: m.explanation.shared_field.clone(),
            shared_chains: m.explanation.shared_chains.clone(),
            area: m.explanation.area.clone(),
            url: format!("/market/demands/{}", m.item.id),
        }
    }
}

impl From<EngineError> for kechuang_shell::AppError {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::Store(s) => s.into(),
            other => kechuang_shell::AppError::internal("search engine", other),
        }
    }
}
