//! The change sequence of matchable items and what the search index reads:
//! changes after a sequence number, the items as index documents (one batch
//! by id or a whole kind page by page), and the list-filter builder shared by
//! the item lists.

use serde::Serialize;

use super::{ListQuery, list_of};
use kechuang_kernel::{Db, Result};

/// One change: the item kind and id, in commit order.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Change {
    pub seq: i64,
    pub kind: String,
    pub item_id: i64,
}

/// An item as the search index needs it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MatchDoc {
    pub kind: String,
    pub id: i64,
    pub status: String,
    pub title: String,
    pub keywords: Vec<String>,
    pub body: String,
    pub field: String,
    pub area: String,
    pub maturity: String,
    pub modes: Vec<String>,
    pub chains: Vec<String>,
}

type DocRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

const ACHIEVEMENT_DOCS: &str = "SELECT id, status, title, keywords, summary, field, area, maturity, transfer_modes, \
     chain_tags FROM achievements";
const DEMAND_DOCS: &str = "SELECT d.id, d.status, d.title, d.keywords, d.description || ' ' || d.expected, d.field, \
     'local', '', d.cooperation, d.chain_tags FROM demands d";

fn doc(kind: &str, r: DocRow) -> MatchDoc {
    let modes = if kind == "demand" {
        if r.8.is_empty() { Vec::new() } else { vec![r.8] }
    } else {
        list_of(&r.8)
    };
    MatchDoc {
        kind: kind.to_owned(),
        id: r.0,
        status: r.1,
        title: r.2,
        keywords: list_of(&r.3),
        body: r.4,
        field: r.5,
        area: r.6,
        maturity: r.7,
        modes,
        chains: list_of(&r.9),
    }
}

fn docs_sql(kind: &str) -> Option<&'static str> {
    match kind {
        "achievement" => Some(ACHIEVEMENT_DOCS),
        "demand" => Some(DEMAND_DOCS),
        _ => None,
    }
}

/// `WHERE` conditions and their text binds for a list of items aliased `t`.
pub(super) fn conditions(q: &ListQuery, t: &str, party: &str) -> (String, Vec<String>) {
    let mut cond = vec!["1 = 1".to_owned()];
    let mut binds: Vec<String> = Vec::new();
    let bind = |v: String, binds: &mut Vec<String>| {
        binds.push(v);
        format!("${}", binds.len())
    };
    if !q.statuses.is_empty() {
        let list: Vec<String> = q.statuses.iter().map(|s| bind(s.clone(), &mut binds)).collect();
        cond.push(format!("{t}.status IN ({})", list.join(", ")));
    }
    if !q.field.is_empty() {
        cond.push(format!("{t}.field = {}", bind(q.field.clone(), &mut binds)));
    }
    if !q.q.trim().is_empty() {
        let pattern = kechuang_kernel::like::contains(q.q.trim());
        cond.push(format!("{t}.title LIKE {} ESCAPE '\\'", bind(pattern, &mut binds)));
    }
    if let Some(scope) = &q.scope_like {
        cond.push(format!("r.path LIKE {}", bind(scope.clone(), &mut binds)));
    }
    if let Some(id) = q.creator_id {
        cond.push(format!("{t}.created_by_id = {id}"));
    }
    if let Some(code) = &q.party_code {
        cond.push(format!("{party} = {}", bind(code.clone(), &mut binds)));
    }
    (cond.join(" AND "), binds)
}

#[easy_ext::ext(MarketChangeStore)]
impl Db {
    /// How many achievements (`kind` "achievement") or demands meet `q`,
    /// counted up to [`kechuang_registry::store::COUNT_CAP`] (limit and offset are
    /// ignored).
    pub async fn count_market_items(&self, kind: &str, q: &ListQuery) -> Result<i64> {
        let (table, t, party) = if kind == "demand" {
            ("demands", "d", "d.enterprise_code")
        } else {
            ("achievements", "a", "a.owner_code")
        };
        let (cond, binds) = conditions(q, t, party);
        let cap = kechuang_registry::store::COUNT_CAP;
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM {table} {t} JOIN regions r ON r.id = {t}.region_id \
             WHERE {cond} LIMIT {cap}) c"
        );
        let (n,): (i64,) = with_db!(self, |p| {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for b in binds {
                query = query.bind(b);
            }
            query.fetch_one(p).await?
        });
        Ok(n)
    }

    /// The last change sequence number (0 when none).
    pub async fn market_seq(&self) -> Result<i64> {
        let (seq,): (Option<i64>,) = with_db!(self, |p| sqlx::query_as("SELECT MAX(seq) FROM market_changes")
            .fetch_one(p)
            .await?);
        Ok(seq.unwrap_or(0))
    }

    /// Up to `limit` changes after `seq`, in order.
    pub async fn market_changes(&self, seq: i64, limit: i64) -> Result<Vec<Change>> {
        with_db!(self, |p| Ok(sqlx::query_as(
            "SELECT seq, kind, item_id FROM market_changes WHERE seq > $1 ORDER BY seq LIMIT $2"
        )
        .bind(seq)
        .bind(limit)
        .fetch_all(p)
        .await?))
    }

    /// Index documents of `kind` with these ids (missing ids are absent).
    pub async fn match_docs(&self, kind: &str, ids: &[i64]) -> Result<Vec<MatchDoc>> {
        let Some(base) = docs_sql(kind) else {
            return Ok(Vec::new());
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let alias = if kind == "demand" { "d." } else { "" };
        let sql = format!("{base} WHERE {alias}id IN ({list})");
        let rows: Vec<DocRow> = with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(p).await?);
        Ok(rows.into_iter().map(|r| doc(kind, r)).collect())
    }

    /// Up to `limit` index documents of `kind` with id above `after`, by id
    /// (a rebuild reads page by page).
    pub async fn match_docs_after(&self, kind: &str, after: i64, limit: i64) -> Result<Vec<MatchDoc>> {
        let Some(base) = docs_sql(kind) else {
            return Ok(Vec::new());
        };
        let alias = if kind == "demand" { "d." } else { "" };
        let sql = format!("{base} WHERE {alias}id > $1 ORDER BY {alias}id LIMIT $2");
        let rows: Vec<DocRow> = with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(after)
            .bind(limit)
            .fetch_all(p)
            .await?);
        Ok(rows.into_iter().map(|r| doc(kind, r)).collect())
    }
}
