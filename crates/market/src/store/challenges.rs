//! 揭榜挂帅 challenges: the listing, bids (one per bidder account), the
//! reviewers' scores with written reasons, the award, and the winner's
//! milestones (bids themselves are `super::bids`). Every change is audited;
//! the status follows `crate::challenge::challenge_step`.

use crate::challenge::{Challenge, challenge_step};
use crate::store::prelude::*;
use serde::Serialize;

use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Db, Result, StoreError, now};

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ChallengeRow {
    pub id: i64,
    pub region_id: i64,
    pub region_path: String,
    pub title: String,
    pub task: String,
    pub requirements: String,
    pub field: String,
    pub reward_fen: i64,
    pub deadline: String,
    pub issuer_kind: String,
    pub issuer_name: String,
    pub issuer_code: String,
    pub status: String,
    pub winning_bid_id: Option<i64>,
    pub created_by: String,
    pub created_by_id: Option<i64>,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct BidRow {
    pub id: i64,
    pub challenge_id: i64,
    pub team_name: String,
    pub team_kind: String,
    pub team_code: String,
    pub proposal: String,
    pub budget_fen: i64,
    pub months: i64,
    pub bidder: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ReviewRow {
    pub bid_id: i64,
    pub reviewer: String,
    pub score: i64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct MilestoneRow {
    pub id: i64,
    pub challenge_id: i64,
    pub title: String,
    pub due_on: String,
    pub done_on: Option<String>,
    pub note: String,
}

const SELECT: &str = "SELECT c.id, c.region_id, r.path AS region_path, c.title, c.task, c.requirements, c.field, \
     c.reward_fen, c.deadline, c.issuer_kind, c.issuer_name, c.issuer_code, c.status, c.winning_bid_id, c.created_by, \
     c.created_by_id, c.version FROM challenges c JOIN regions r ON r.id = c.region_id";

fn invalid(field: &'static str, m: impl Into<String>) -> StoreError {
    StoreError::invalid(field, m)
}

#[easy_ext::ext(ChallengeStore)]
impl Db {
    /// Lists a challenge as a draft; an enterprise user issues it for its
    /// firm, others for the bureau.
    pub async fn create_challenge(&self, actor: &Actor, region_id: i64, c: &Challenge) -> Result<i64> {
        let p = &actor.principal;
        let (kind, code) = match p.enterprise_code.clone().filter(|c| !c.is_empty()) {
            Some(code) => ("enterprise", code),
            None => ("bureau", String::new()),
        };
        let issuer = if c.issuer_name.is_empty() {
            p.display_name.clone()
        } else {
            c.issuer_name.clone()
        };
        let paths = self.region_paths(std::iter::once(region_id)).await?;
        let t = now();
        with_tx!(self, |tx| {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO challenges (region_id, title, task, requirements, field, reward_fen, deadline, issuer_kind, \
                 issuer_name, issuer_code, status, created_by, created_by_id, created_at, updated_at, version) VALUES ($1, \
                 $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', $11, $12, $13, $13, 1) RETURNING id",
            )
            .bind(region_id)
            .bind(c.title.clone())
            .bind(c.task.clone())
            .bind(c.requirements.clone())
            .bind(c.field.clone())
            .bind(c.reward_fen)
            .bind(c.deadline.clone())
            .bind(kind)
            .bind(issuer.clone())
            .bind(code.clone())
            .bind(p.username.clone())
            .bind(p.user_id)
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            let after = kechuang_kernel::audit::snapshot(c)?;
            tx.audit(
                actor,
                Change::create("challenge", id, paths.get(&region_id).map(String::as_str), after),
            )
            .await?;
            Ok(id)
        })
    }

    pub async fn challenge(&self, id: i64) -> Result<ChallengeRow> {
        let sql = format!("{SELECT} WHERE c.id = $1");
        let row: Option<ChallengeRow> = with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or_else(|| StoreError::NotFound {
            entity: "challenge",
            id: id.to_string(),
        })
    }

    /// A page of the challenges in any of `statuses`, plus (with `creator`)
    /// that user's own, newest first.
    pub async fn challenges(
        &self,
        statuses: &[&str],
        creator: Option<i64>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ChallengeRow>> {
        let sql = format!(
            "{SELECT} {} ORDER BY c.id DESC LIMIT {} OFFSET {}",
            challenge_where(statuses),
            limit.clamp(1, 1000),
            offset.max(0)
        );
        with_db!(self, |p| Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(creator.unwrap_or(-1))
            .fetch_all(p)
            .await?))
    }

    /// How many challenges [`Db::challenges`] pages through.
    pub async fn count_challenges(&self, statuses: &[&str], creator: Option<i64>) -> Result<i64> {
        let sql = format!("SELECT COUNT(*) FROM challenges c {}", challenge_where(statuses));
        let (n,): (i64,) = with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(creator.unwrap_or(-1))
            .fetch_one(p)
            .await?);
        Ok(n)
    }

    /// Moves a challenge (not to `awarded`: see [`Db::award_challenge`]).
    pub async fn set_challenge_status(&self, actor: &Actor, id: i64, version: i64, to: &str) -> Result<()> {
        let before = self.challenge(id).await?;
        if to == "awarded" {
            return Err(invalid("status", "请选择中榜团队 / choose the winning bid"));
        }
        challenge_step(&before.status, to).map_err(|m| invalid("status", m))?;
        self.challenge_change(actor, &before, version, to, None).await
    }

    /// Awards a reviewing challenge to one of its bids.
    pub async fn award_challenge(&self, actor: &Actor, id: i64, version: i64, bid_id: i64) -> Result<()> {
        let before = self.challenge(id).await?;
        challenge_step(&before.status, "awarded").map_err(|m| invalid("status", m))?;
        if !self.bids_of(id).await?.iter().any(|b| b.id == bid_id) {
            return Err(invalid(
                "bid_id",
                "该方案不属于本榜单 / the bid is not for this challenge",
            ));
        }
        self.challenge_change(actor, &before, version, "awarded", Some(bid_id))
            .await
    }

    /// Records (or replaces) the acting reviewer's score of a bid while the
    /// challenge is under review.
    pub async fn review_bid(&self, actor: &Actor, bid_id: i64, score: u8, reason: &str) -> Result<()> {
        let bid: Option<(i64,)> = with_db!(self, |p| sqlx::query_as(
            "SELECT challenge_id FROM challenge_bids WHERE id = $1"
        )
        .bind(bid_id)
        .fetch_optional(p)
        .await?);
        let Some((challenge_id,)) = bid else {
            return Err(StoreError::NotFound {
                entity: "challenge_bid",
                id: bid_id.to_string(),
            });
        };
        let c = self.challenge(challenge_id).await?;
        if c.status != "reviewing" {
            return Err(invalid("score", "榜单不在评审阶段 / the challenge is not under review"));
        }
        let t = now();
        let reviewer = actor.principal.username.clone();
        with_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO challenge_reviews (bid_id, reviewer, score, reason, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (bid_id, reviewer) DO UPDATE SET score = $3, reason = $4, \
                 updated_at = $5",
            )
            .bind(bid_id)
            .bind(reviewer.clone())
            .bind(i64::from(score))
            .bind(reason.trim().to_owned())
            .bind(t)
            .execute(&mut *tx)
            .await?;
            tx.audit(
                actor,
                Change::create(
                    "challenge_review",
                    format!("{bid_id}:{reviewer}"),
                    Some(&c.region_path),
                    serde_json::json!({"bid_id": bid_id, "score": score, "reason": reason.trim()}),
                ),
            )
            .await?;
            Ok(())
        })
    }

    pub async fn reviews_of(&self, challenge_id: i64) -> Result<Vec<ReviewRow>> {
        with_db!(self, |p| {
            Ok(sqlx::query_as(
            "SELECT r.bid_id, r.reviewer, r.score, r.reason FROM challenge_reviews r JOIN challenge_bids b ON b.id = r.bid_id \
             WHERE b.challenge_id = $1 ORDER BY r.bid_id, r.reviewer"
        )
        .bind(challenge_id)
        .fetch_all(p)
        .await?)
        })
    }

    /// Adds a milestone to an awarded challenge.
    pub async fn add_milestone(&self, actor: &Actor, challenge_id: i64, title: &str, due_on: &str) -> Result<i64> {
        let c = self.challenge(challenge_id).await?;
        if c.status != "awarded" {
            return Err(invalid("title", "揭榜后才能设置里程碑 / milestones follow the award"));
        }
        if title.trim().is_empty() || chrono::NaiveDate::parse_from_str(due_on, "%Y-%m-%d").is_err() {
            return Err(invalid(
                "due_on",
                "请填写里程碑名称和日期 / a title and a date are required",
            ));
        }
        let t = now();
        with_tx!(self, |tx| {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO challenge_milestones (challenge_id, title, due_on, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $4) RETURNING id",
            )
            .bind(challenge_id)
            .bind(title.trim().to_owned())
            .bind(due_on.to_owned())
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            tx.audit(
                actor,
                Change::create(
                    "challenge_milestone",
                    id,
                    Some(&c.region_path),
                    serde_json::json!({"title": title, "due_on": due_on}),
                ),
            )
            .await?;
            Ok(id)
        })
    }

    /// Marks a milestone reached on `on` with a note.
    pub async fn complete_milestone(&self, actor: &Actor, id: i64, on: &str, note: &str) -> Result<()> {
        let t = now();
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE challenge_milestones SET done_on = $1, note = $2, updated_at = $3 WHERE id = $4 AND done_on IS NULL",
            )
            .bind(on.to_owned())
            .bind(note.trim().to_owned())
            .bind(t)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(invalid("milestone", "里程碑不存在或已完成 / no such open milestone"));
            }
            tx.audit(
                actor,
                Change::update(
                    "challenge_milestone",
                    id,
                    None,
                    serde_json::json!({"done_on": null}),
                    serde_json::json!({"done_on": on, "note": note}),
                ),
            )
            .await?;
            Ok(())
        })
    }

    pub async fn milestones_of(&self, challenge_id: i64) -> Result<Vec<MilestoneRow>> {
        with_db!(self, |p| Ok(sqlx::query_as(
            "SELECT id, challenge_id, title, due_on, done_on, note FROM challenge_milestones WHERE challenge_id = $1 \
             ORDER BY due_on, id"
        )
        .bind(challenge_id)
        .fetch_all(p)
        .await?))
    }
}

#[easy_ext::ext(ChallengeStoreInternal)]
impl Db {
    async fn challenge_change(
        &self,
        actor: &Actor,
        before: &ChallengeRow,
        version: i64,
        to: &str,
        winner: Option<i64>,
    ) -> Result<()> {
        let t = now();
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE challenges SET status = $1, winning_bid_id = COALESCE($2, winning_bid_id), updated_at = $3, \
                 version = version + 1 WHERE id = $4 AND version = $5",
            )
            .bind(to.to_owned())
            .bind(winner)
            .bind(t)
            .bind(before.id)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict {
                    entity: "challenge",
                    current: before.version,
                    submitted: version,
                });
            }
            tx.audit(
                actor,
                Change::update(
                    "challenge",
                    before.id,
                    Some(&before.region_path),
                    serde_json::json!({"status": before.status}),
                    serde_json::json!({"status": to, "winning_bid_id": winner}),
                ),
            )
            .await?;
            Ok(())
        })
    }
}
/// Challenges in `statuses` (quoted in, never bound: they are status codes)
/// or created by the user bound as $1.
fn challenge_where(statuses: &[&str]) -> String {
    let list = statuses
        .iter()
        .map(|s| format!("'{}'", s.replace('\'', "")))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "WHERE c.status IN ({}) OR c.created_by_id = $1",
        if list.is_empty() { "''".to_owned() } else { list }
    )
}
