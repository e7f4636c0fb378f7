//! The 应享未享 funnel: per rule and county, how many subjects are eligible,
//! how many were told, confirmed and paid, and the money at each stage. The
//! counts come from the entitlements' states (see `workflow`): a stage
//! counts everything that reached it or went further.

use crate::workflow::EntitlementStatus;
use chrono::{DateTime, NaiveDate, Utc};
use kechuang_kernel::scope::Scope;
use kechuang_kernel::{Db, Result, with_db};
use serde::Serialize;
use std::collections::BTreeMap;

/// One row of the funnel: a rule in a county.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FunnelRow {
    pub set_id: String,
    pub rule_id: String,
    pub region_id: i64,
    pub region_name: String,
    /// Waiting for a parameter the bureau has not set.
    pub pending: i64,
    pub eligible: i64,
    pub eligible_fen: i64,
    /// Held back: the subject is blacklisted.
    pub withheld: i64,
    pub told: i64,
    pub confirmed: i64,
    pub approved: i64,
    pub paid: i64,
    pub paid_fen: i64,
    pub declined: i64,
}

impl FunnelRow {
    /// Eligible and not paid (应享未享), declined and clawed-back excluded.
    pub fn unpaid(&self) -> i64 {
        self.eligible - self.paid - self.declined
    }

    fn add(&mut self, status: EntitlementStatus, n: i64, fen: i64, paid_fen: i64) {
        use EntitlementStatus as S;
        match status {
            S::Pending => self.pending += n,
            S::Refused => {}
            _ => {
                self.eligible += n;
                self.eligible_fen += fen;
            }
        }
        if status == S::Withheld {
            self.withheld += n;
        }
        if status.told() {
            self.told += n;
        }
        if matches!(status, S::Confirmed | S::Approved | S::Paid | S::ClawedBack) {
            self.confirmed += n;
        }
        if matches!(status, S::Approved | S::Paid | S::ClawedBack) {
            self.approved += n;
        }
        if status == S::Paid {
            self.paid += n;
            self.paid_fen += paid_fen;
        }
        if matches!(status, S::Declined | S::ClawedBack) {
            self.declined += n;
        }
    }

    /// Adds another row's counts (for totals).
    pub fn merge(&mut self, o: &FunnelRow) {
        self.pending += o.pending;
        self.eligible += o.eligible;
        self.eligible_fen += o.eligible_fen;
        self.withheld += o.withheld;
        self.told += o.told;
        self.confirmed += o.confirmed;
        self.approved += o.approved;
        self.paid += o.paid;
        self.paid_fen += o.paid_fen;
        self.declined += o.declined;
    }
}

/// Which part of the funnel is counted.
#[derive(Debug, Clone)]
pub struct FunnelQuery {
    pub scope: Scope,
    pub set_id: Option<String>,
    pub year: Option<i64>,
}

#[easy_ext::ext(FunnelStore)]
impl Db {
    /// Money paid to subjects in the region with stored path `path` (and
    /// below) on the China-time days `from..=to`, in fen: the approved
    /// figure where review set one; clawed-back payments are not counted.
    pub async fn paid_between(&self, path: &str, from: NaiveDate, to: NaiveDate) -> Result<i64> {
        let sql = "SELECT n.paid_at, COALESCE(n.approved_fen, n.amount_fen) FROM incentive_entitlements n \
                   JOIN regions r ON r.id = n.region_id WHERE r.path LIKE $1 AND n.status = 'paid'";
        let rows: Vec<(Option<DateTime<Utc>>, i64)> = with_db!(self, |p| sqlx::query_as(sql)
            .bind(format!("{path}%"))
            .fetch_all(p)
            .await?);
        Ok(rows
            .into_iter()
            .filter_map(|(at, fen)| at.map(|at| (kechuang_kernel::clock::date_in_china(at), fen)))
            .filter(|(on, _)| (from..=to).contains(on))
            .map(|(_, fen)| fen)
            .sum())
    }

    /// The funnel of the scope, by rule and county.
    pub async fn funnel(&self, q: &FunnelQuery) -> Result<Vec<FunnelRow>> {
        let mut wh = vec!["r.path LIKE $1".to_owned()];
        if q.set_id.is_some() {
            wh.push("n.set_id = $2".into());
        }
        if q.year.is_some() {
            wh.push(format!("n.year = ${}", if q.set_id.is_some() { 3 } else { 2 }));
        }
        let sql = format!(
            "SELECT n.set_id, n.rule_id, n.region_id, r.name, n.status, COUNT(*), \
             CAST(COALESCE(SUM(n.amount_fen), 0) AS BIGINT), \
             CAST(COALESCE(SUM(COALESCE(n.approved_fen, n.amount_fen)), 0) AS BIGINT) \
             FROM incentive_entitlements n JOIN regions r ON r.id = n.region_id WHERE {} \
             GROUP BY n.set_id, n.rule_id, n.region_id, r.name, n.status",
            wh.join(" AND ")
        );
        let rows: Vec<(String, String, i64, String, EntitlementStatus, i64, i64, i64)> = with_db!(self, |p| {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(format!("{}%", q.scope.as_str()));
            if let Some(s) = &q.set_id {
                query = query.bind(s.clone());
            }
            if let Some(y) = q.year {
                query = query.bind(y);
            }
            query.fetch_all(p).await?
        });
        let mut out: BTreeMap<(String, String, String, i64), FunnelRow> = BTreeMap::new();
        for (set_id, rule_id, region_id, region_name, status, n, fen, paid_fen) in rows {
            let row = out
                .entry((set_id.clone(), rule_id.clone(), region_name.clone(), region_id))
                .or_insert_with(|| FunnelRow {
                    set_id,
                    rule_id,
                    region_id,
                    region_name,
                    ..FunnelRow::default()
                });
            row.add(status, n, fen, paid_fen);
        }
        Ok(out.into_values().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntitlementStatus as S;

    #[test]
    fn stages_count_what_reached_them() {
        let mut row = FunnelRow::default();
        for (s, n) in [
            (S::Pending, 1),
            (S::Found, 5),
            (S::Withheld, 1),
            (S::Told, 4),
            (S::Confirmed, 3),
            (S::Approved, 2),
            (S::Paid, 6),
            (S::Declined, 1),
            (S::Refused, 9),
        ] {
            row.add(s, n, n * 100, n * 100);
        }
        assert_eq!(row.pending, 1);
        assert_eq!(row.eligible, 5 + 1 + 4 + 3 + 2 + 6 + 1);
        assert_eq!(row.told, 4 + 3 + 2 + 6 + 1);
        assert_eq!(row.confirmed, 3 + 2 + 6);
        assert_eq!(row.approved, 2 + 6);
        assert_eq!(row.paid, 6);
        assert_eq!(row.paid_fen, 600);
        assert_eq!(row.withheld, 1);
        assert_eq!(row.unpaid(), 22 - 6 - 1);
    }
}
