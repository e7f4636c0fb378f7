//! Open data: the published, non-private records anyone may copy —
//! published achievements and demands, innovation platforms — read with
//! their stable identifiers, a page at a time in identifier order. Each
//! dataset names its fields here, one by one; contacts, credit codes of
//! people, review notes, drafts and anything unpublished never leave.

use kechuang_kernel::{Db, Result, with_db};
use serde::Serialize;

kechuang_kernel::coded_enum! {
    /// An open dataset (`dataset`).
    pub enum Dataset: "dataset" {
        Achievements => "achievements", "科技成果", "Achievements";
        Demands => "demands", "技术需求", "Technology demands";
        Platforms => "platforms", "创新平台", "Innovation platforms";
        Figures => "figures", "分县区指标", "Indicators by region and year";
    }
}

/// A published achievement as open data publishes it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct OpenAchievement {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub field: String,
    /// JSON array of keywords.
    pub keywords: String,
    pub maturity: String,
    pub trl: Option<i64>,
    /// JSON array of transfer modes.
    pub transfer_modes: String,
    pub price_min_fen: Option<i64>,
    pub price_max_fen: Option<i64>,
    pub owner_name: String,
    pub region_code: String,
    pub region: String,
    /// JSON array of industry chains.
    pub chain_tags: String,
    pub published_on: Option<String>,
    pub expires_on: Option<String>,
}

/// A published demand as open data publishes it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct OpenDemand {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub expected: String,
    pub field: String,
    pub keywords: String,
    pub budget_min_fen: Option<i64>,
    pub budget_max_fen: Option<i64>,
    pub deadline: Option<String>,
    pub cooperation: String,
    pub enterprise_name: String,
    pub region_code: String,
    pub region: String,
    pub chain_tags: String,
    pub published_on: Option<String>,
}

/// An innovation platform as open data publishes it (its contact is not).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct OpenPlatform {
    pub id: i64,
    /// The platform's number as registered.
    pub code: String,
    pub name: String,
    pub kind: String,
    pub level: String,
    pub status: String,
    pub host_name: String,
    pub field: String,
    pub recognised_on: String,
    pub region_code: String,
    pub region: String,
    pub chain_tags: String,
}

const ACHIEVEMENTS: &str = "SELECT a.id, a.title, a.summary, a.field, a.keywords, a.maturity, a.trl, a.transfer_modes, \
     a.price_min_fen, a.price_max_fen, a.owner_name, r.code AS region_code, r.name AS region, a.chain_tags, \
     a.published_on, a.expires_on FROM achievements a JOIN regions r ON r.id = a.region_id \
     WHERE a.status = 'published' AND a.id > $1 ORDER BY a.id LIMIT $2";

const DEMANDS: &str = "SELECT d.id, d.title, d.description, d.expected, d.field, d.keywords, d.budget_min_fen, \
     d.budget_max_fen, d.deadline, d.cooperation, d.enterprise_name, r.code AS region_code, r.name AS region, \
     d.chain_tags, d.published_on FROM demands d JOIN regions r ON r.id = d.region_id \
     WHERE d.status = 'published' AND d.id > $1 ORDER BY d.id LIMIT $2";

/// A platform's row as read; only the public fields of `attrs` are kept.
#[derive(sqlx::FromRow)]
struct PlatformRecord {
    id: i64,
    code: String,
    name: String,
    kind: String,
    level: String,
    status: String,
    attrs: String,
    chain_tags: String,
    region_code: String,
    region: String,
}

fn attr(attrs: &serde_json::Value, key: &str) -> String {
    attrs.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_owned()
}

#[easy_ext::ext(OpenStore)]
impl Db {
    /// Published achievements with an identifier after `after`, at most `limit`.
    pub async fn open_achievements(&self, after: i64, limit: i64) -> Result<Vec<OpenAchievement>> {
        Ok(with_db!(self, |p| sqlx::query_as(ACHIEVEMENTS)
            .bind(after)
            .bind(limit)
            .fetch_all(p)
            .await?))
    }

    /// Published demands with an identifier after `after`, at most `limit`.
    pub async fn open_demands(&self, after: i64, limit: i64) -> Result<Vec<OpenDemand>> {
        Ok(with_db!(self, |p| sqlx::query_as(DEMANDS)
            .bind(after)
            .bind(limit)
            .fetch_all(p)
            .await?))
    }

    /// Platforms with an identifier after `after`, at most `limit`.
    pub async fn open_platforms(&self, after: i64, limit: i64) -> Result<Vec<OpenPlatform>> {
        let rows: Vec<PlatformRecord> = with_db!(self, |p| sqlx::query_as(
            "SELECT g.id, g.code, g.name, g.category AS kind, g.level, g.status, g.attrs, g.chain_tags, \
             r.code AS region_code, r.name AS region FROM registry_records g JOIN regions r ON r.id = g.region_id \
             WHERE g.kind = 'platform' AND g.id > $1 ORDER BY g.id LIMIT $2"
        )
        .bind(after)
        .bind(limit)
        .fetch_all(p)
        .await?);
        Ok(rows
            .into_iter()
            .map(|r| {
                let attrs: serde_json::Value = serde_json::from_str(&r.attrs).unwrap_or_default();
                OpenPlatform {
                    id: r.id,
                    code: r.code,
                    name: r.name,
                    kind: r.kind,
                    level: r.level,
                    status: r.status,
                    host_name: attr(&attrs, "host_name"),
                    field: attr(&attrs, "field"),
                    recognised_on: attr(&attrs, "recognised_on"),
                    region_code: r.region_code,
                    region: r.region,
                    chain_tags: r.chain_tags,
                }
            })
            .collect())
    }
}
