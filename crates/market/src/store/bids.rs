//! Bids on 揭榜挂帅 challenges: a team's bid (one per account), changed or
//! withdrawn by its bidder while the challenge is open and before its
//! deadline. A bidder on the blacklist (`kechuang_credit::store`) is refused, on a
//! new bid and on a change alike. Every change is audited.

use crate::challenge::Bid;
use crate::store::prelude::*;
use chrono::NaiveDate;
use kechuang_credit::standing::Subject;
use kechuang_kernel::role::{Principal, Role};

use super::challenges::{BidRow, ChallengeRow};
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Db, Result, StoreError, now};

fn invalid(field: &'static str, m: impl Into<String>) -> StoreError {
    StoreError::invalid(field, m)
}

/// Whether `c` takes bids (and changes to them) on `today`.
fn open_for_bids(c: &ChallengeRow, today: NaiveDate) -> Result<()> {
    if c.status != "open" {
        return Err(invalid(
            "challenge",
            "榜单未在揭榜期 / the challenge is not open for bids",
        ));
    }
    if today.to_string() > c.deadline {
        return Err(invalid(
            "challenge",
            format!("揭榜已于 {} 截止 / bids closed on {}", c.deadline, c.deadline),
        ));
    }
    Ok(())
}

#[easy_ext::ext(BidStore)]
impl Db {
    /// A team's bid on an open challenge, by the deadline; one per account.
    pub async fn submit_bid(&self, actor: &Actor, challenge_id: i64, b: &Bid, today: NaiveDate) -> Result<i64> {
        let c = self.challenge(challenge_id).await?;
        open_for_bids(&c, today)?;
        let p = &actor.principal;
        let code = self.cleared_bidder(p, &b.team_name, today).await?.code;
        let t = now();
        with_tx!(self, |tx| {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO challenge_bids (challenge_id, team_name, team_kind, team_code, proposal, budget_fen, months, \
                 bidder, bidder_id, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, 1) \
                 RETURNING id",
            )
            .bind(challenge_id)
            .bind(b.team_name.clone())
            .bind(b.team_kind.clone())
            .bind(code.clone())
            .bind(b.proposal.clone())
            .bind(b.budget_fen)
            .bind(b.months)
            .bind(p.username.clone())
            .bind(p.user_id)
            .bind(t)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| StoreError::on_unique(e, "challenge", "已提交过揭榜方案 / you have already bid"))?;
            tx.audit(
                actor,
                Change::create(
                    "challenge_bid",
                    id,
                    Some(&c.region_path),
                    kechuang_kernel::audit::snapshot(b)?,
                ),
            )
            .await?;
            Ok(id)
        })
    }

    /// Replaces the acting account's bid with `b` (open challenge, before the deadline).
    pub async fn update_bid(
        &self,
        actor: &Actor,
        challenge_id: i64,
        bid_id: i64,
        b: &Bid,
        today: NaiveDate,
    ) -> Result<()> {
        let (c, before) = self.own_open_bid(actor, challenge_id, bid_id, today).await?;
        self.cleared_bidder(&actor.principal, &b.team_name, today).await?;
        let t = now();
        with_tx!(self, |tx| {
            sqlx::query(
                "UPDATE challenge_bids SET team_name = $1, team_kind = $2, proposal = $3, budget_fen = $4, months = $5, \
                 updated_at = $6, version = version + 1 WHERE id = $7",
            )
            .bind(b.team_name.clone())
            .bind(b.team_kind.clone())
            .bind(b.proposal.clone())
            .bind(b.budget_fen)
            .bind(b.months)
            .bind(t)
            .bind(bid_id)
            .execute(&mut *tx)
            .await?;
            tx.audit(
                actor,
                Change::update(
                    "challenge_bid",
                    bid_id,
                    Some(&c.region_path),
                    kechuang_kernel::audit::snapshot(&before)?,
                    kechuang_kernel::audit::snapshot(b)?,
                ),
            )
            .await?;
            Ok(())
        })
    }

    /// Withdraws the acting account's bid (open challenge, before the
    /// deadline); the account may bid again.
    pub async fn withdraw_bid(&self, actor: &Actor, challenge_id: i64, bid_id: i64, today: NaiveDate) -> Result<()> {
        let (c, before) = self.own_open_bid(actor, challenge_id, bid_id, today).await?;
        with_tx!(self, |tx| {
            sqlx::query("DELETE FROM challenge_bids WHERE id = $1")
                .bind(bid_id)
                .execute(&mut *tx)
                .await?;
            tx.audit(
                actor,
                Change::delete(
                    "challenge_bid",
                    bid_id,
                    Some(&c.region_path),
                    kechuang_kernel::audit::snapshot(&before)?,
                ),
            )
            .await?;
            Ok(())
        })
    }

    pub async fn bids_of(&self, challenge_id: i64) -> Result<Vec<BidRow>> {
        with_db!(self, |p| Ok(sqlx::query_as(
            "SELECT id, challenge_id, team_name, team_kind, team_code, proposal, budget_fen, months, bidder \
             FROM challenge_bids WHERE challenge_id = $1 ORDER BY id"
        )
        .bind(challenge_id)
        .fetch_all(p)
        .await?))
    }
}

#[easy_ext::ext(BidStoreInternal)]
impl Db {
    /// Who bids: the account's organisation (its credit code and name) and
    /// the team's name; an expert account bids in its holder's name too.
    async fn bidder(&self, p: &Principal, team: &str) -> Result<Subject> {
        let mut s = Subject {
            code: p.enterprise_code.clone().unwrap_or_default(),
            names: vec![team.to_owned()],
        };
        if !s.code.is_empty() {
            let name: Option<(String,)> = with_db!(self, |pool| sqlx::query_as(
                "SELECT name FROM enterprises WHERE credit_code = $1"
            )
            .bind(s.code.clone())
            .fetch_optional(pool)
            .await?);
            s.names.extend(name.map(|n| n.0));
        }
        if let Some(id) = p.institution_id {
            let row: Option<(String, String)> = with_db!(self, |pool| sqlx::query_as(
                "SELECT code, name FROM registry_records WHERE id = $1"
            )
            .bind(id)
            .fetch_optional(pool)
            .await?);
            if let Some((code, name)) = row {
                if s.code.is_empty() {
                    s.code = code;
                }
                s.names.push(name);
            }
        }
        if p.role == Role::Expert {
            s.names.push(p.display_name.clone());
        }
        Ok(s)
    }

    /// The bidder as a credit subject, refused when blacklisted on `today`.
    async fn cleared_bidder(&self, p: &Principal, team: &str, today: NaiveDate) -> Result<Subject> {
        let subject = self.bidder(p, team).await?;
        if let Some(r) = self.blacklist_hit(&subject, today).await? {
            let until = r.until.as_deref().unwrap_or("撤销为止");
            return Err(invalid(
                "team_name",
                format!(
                    "揭榜主体“{}”已列入黑名单（{}，至{}），不能揭榜 / the bidder is blacklisted and cannot bid",
                    r.subject_name, r.reason, until
                ),
            ));
        }
        Ok(subject)
    }

    /// The acting account's own bid `bid_id` on `challenge_id`, while the
    /// challenge still takes bids.
    async fn own_open_bid(
        &self,
        actor: &Actor,
        challenge_id: i64,
        bid_id: i64,
        today: NaiveDate,
    ) -> Result<(ChallengeRow, BidRow)> {
        let c = self.challenge(challenge_id).await?;
        let bid = self
            .bids_of(challenge_id)
            .await?
            .into_iter()
            .find(|b| b.id == bid_id && b.bidder == actor.principal.username)
            .ok_or(StoreError::NotFound {
                entity: "challenge_bid",
                id: bid_id.to_string(),
            })?;
        open_for_bids(&c, today)?;
        Ok((c, bid))
    }
}
