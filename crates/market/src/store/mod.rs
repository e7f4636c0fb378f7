//! Technology-market storage: achievements and demands (versioned, audited,
//! scoped by region), the change sequence that search indexes follow, demand
//! lists pushed to institutions, feedback on matches, the in-app inbox and
//! saved searches.
//!
//! Every write to an achievement or a demand appends a row to
//! `market_changes` in the same transaction. On PostgreSQL the writer first
//! takes a transaction-scoped advisory lock, so sequence numbers become
//! visible in commit order and a follower reading `seq > last` never skips a
//! change committed late; SQLite writers are serialised anyway.

pub mod achievements;
pub mod backup;
pub mod bids;
pub mod challenges;
pub mod changes;
pub mod contracts;
pub mod demands;
pub mod inbox;
pub mod pushes;
pub mod reimport;

pub use achievements::AchievementRow;
pub use challenges::{BidRow, ChallengeRow, MilestoneRow, ReviewRow};
pub use changes::{Change as MarketChange, MatchDoc};
pub use contracts::{ContractQuery, ContractRow};
pub use demands::DemandRow;
pub use inbox::{Feedback, FeedbackCount, SavedSearch};
pub use pushes::{Institution, Push};
pub use reimport::ImportCounts;

/// The market's storage traits and those of the capabilities it builds on.
pub mod prelude {
    pub use super::achievements::AchievementStore;
    pub use super::bids::BidStore;
    pub use super::challenges::ChallengeStore;
    pub use super::changes::MarketChangeStore;
    pub use super::contracts::ContractStore;
    pub use super::demands::DemandStore;
    pub use super::inbox::InboxStore;
    pub use super::pushes::PushStore;
    pub use kechuang_credit::store::CreditStore;
    pub use kechuang_registry::store::prelude::*;

    pub(crate) use super::reimport::ReimportStoreCrate;
}

use kechuang_kernel::role::{Principal, Role};

/// Lock key serialising writers of market changes on PostgreSQL (with the
/// schema as the second key, so databases sharing a server do not wait on
/// each other).
const CHANGE_LOCK: i32 = 0x6b63_6d6b;

/// Appends a change row for `($kind, $id)` inside transaction `$tx`.
macro_rules! log_change {
    ($tx:ident, $pg:expr, $kind:expr, $id:expr, $t:expr) => {{
        if $pg {
            sqlx::query("SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))")
                .bind($crate::store::CHANGE_LOCK)
                .execute(&mut *$tx)
                .await?;
        }
        sqlx::query("INSERT INTO market_changes (kind, item_id, at) VALUES ($1, $2, $3)")
            .bind($kind)
            .bind($id)
            .bind($t)
            .execute(&mut *$tx)
            .await?;
    }};
}
pub(crate) use log_change;

/// What a list of items shows.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Accepted statuses; empty = any.
    pub statuses: Vec<String>,
    pub field: String,
    /// Words looked for in the title (substring).
    pub q: String,
    /// Only items in this region path and below (`LIKE` pattern).
    pub scope_like: Option<String>,
    /// Only items created by this user.
    pub creator_id: Option<i64>,
    /// Only items of this enterprise (credit code) / owner code.
    pub party_code: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// Whether `p` may see an item in `status`, registered in `region_path`,
/// created by `creator_id`, belonging to `party_code` (enterprise credit code
/// or owner code) / owner institution `owner_institution`.
pub fn may_see(
    p: &Principal,
    public: bool,
    region_path: &str,
    creator_id: Option<i64>,
    party_code: &str,
    owner_institution: Option<i64>,
) -> bool {
    if public {
        return true;
    }
    may_edit(p, region_path, creator_id, party_code, owner_institution)
}

/// Whether `p` may change an item: its creator, the enterprise or institution
/// it belongs to, or bureau staff / county officers covering its region.
pub fn may_edit(
    p: &Principal,
    region_path: &str,
    creator_id: Option<i64>,
    party_code: &str,
    owner_institution: Option<i64>,
) -> bool {
    if p.user_id.is_some() && p.user_id == creator_id {
        return true;
    }
    match p.role {
        Role::BureauAdmin | Role::BureauStaff | Role::CountyOfficer => {
            p.scope.as_ref().is_some_and(|s| region_path.starts_with(s.as_str()))
        }
        Role::EnterpriseUser => p
            .enterprise_code
            .as_deref()
            .is_some_and(|c| !c.is_empty() && c == party_code),
        Role::InstitutionUser => p.institution_id.is_some() && p.institution_id == owner_institution,
        _ => false,
    }
}

fn json_list(v: &[String]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

/// Parses a JSON array of text, empty on bad data.
pub fn list_of(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}
