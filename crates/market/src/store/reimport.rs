//! Importing a market sheet again: a row whose title and owner
//! (achievements) or title and enterprise (demands) match an item already
//! stored replaces that item's content when something changed and is left
//! alone otherwise, so importing the same file twice adds nothing. Titles
//! are compared by their key (Simplified, half-width, lower-case, no
//! spaces), owners as stored; the sheet reader has already refused two rows
//! with the same key in one file.

use std::collections::HashMap;

use crate::item::{Achievement, Demand};
use crate::text::title_key;
use serde::Serialize;

use super::json_list;
use super::{AchievementRow, DemandRow};
use kechuang_kernel::{Db, Result};

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// The items of the rows written (created or updated), in row order.
    pub ids: Vec<i64>,
}

/// Parties looked up per query.
const CHUNK: usize = 500;

#[easy_ext::ext(ReimportStoreCrate)]
impl Db {
    /// Ids of stored items of `table` (`achievements` or `demands`) keyed by
    /// (title key, the `party` column), for the parties named in `keys`
    /// (title key, party): every stored item of those parties is read and its
    /// title reduced to its key ([`title_key`]), so a title typed again in
    /// full width, in Traditional characters or with other spacing still finds
    /// its item.
    pub(crate) async fn ids_by_title_key(
        &self,
        table: &str,
        party: &str,
        keys: &[(String, String)],
    ) -> Result<HashMap<(String, String), i64>> {
        let mut parties: Vec<&String> = keys.iter().map(|k| &k.1).collect();
        parties.sort();
        parties.dedup();
        let mut found = HashMap::new();
        for chunk in parties.chunks(CHUNK) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT id, title, {party} FROM {table} WHERE {party} IN ({}) ORDER BY id",
                marks.join(", ")
            );
            let rows: Vec<(i64, String, String)> = with_db!(self, |p| {
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
                for t in chunk {
                    q = q.bind((*t).clone());
                }
                q.fetch_all(p).await?
            });
            for (id, title, who) in rows {
                // the oldest item with the key is the one kept up to date
                found.entry((title_key(&title), who)).or_insert(id);
            }
        }
        Ok(found)
    }
}
/// Whether stored `row` already holds `a` with owner `owner` (kind, id, name).
pub(super) fn achievement_same(row: &AchievementRow, a: &Achievement, owner: &(String, Option<i64>, String)) -> bool {
    row.title == a.title
        && row.summary == a.summary
        && row.field == a.field
        && row.keywords == json_list(&a.keywords)
        && row.patents == json_list(&a.patents)
        && row.maturity == a.maturity
        && row.trl == a.trl.map(i64::from)
        && row.transfer_modes == json_list(&a.transfer_modes)
        && row.price_min_fen == a.price_min_fen
        && row.price_max_fen == a.price_max_fen
        && (row.owner_kind.as_str(), row.owner_id, row.owner_name.as_str())
            == (owner.0.as_str(), owner.1, owner.2.as_str())
        && row.owner_code == a.owner_code
        && row.area == a.area
        && row.chain_tags == json_list(&a.chain_tags)
}

/// Whether stored `row` already holds `d`.
pub(super) fn demand_same(row: &DemandRow, d: &Demand) -> bool {
    row.title == d.title
        && row.description == d.description
        && row.expected == d.expected
        && row.field == d.field
        && row.keywords == json_list(&d.keywords)
        && row.budget_min_fen == d.budget_min_fen
        && row.budget_max_fen == d.budget_max_fen
        && row.deadline == d.deadline
        && row.cooperation == d.cooperation
        && row.chain_tags == json_list(&d.chain_tags)
        && row.enterprise_code == d.enterprise_code
}
