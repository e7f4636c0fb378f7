//! Which status changes an achievement or a demand may make, and who may make
//! them. Editors are the item's creator, its owner (the enterprise or
//! institution) and officers covering its region; reviewers are bureau staff.
//!
//! Achievement: draft → under_review (submit) → published (approve) or back
//! to draft (return with a note); published → closed; published → expired
//! when its listing period ends, expired → published again (renew, one more
//! period); closed → draft (reopen for editing).
//!
//! Demand: draft → published (the enterprise posts its own need); published
//! → in_talks → solved; published / in_talks → closed; closed → draft.

use crate::vocab::{AchievementStatus, DemandStatus};

/// Days a published achievement stays listed before it expires.
pub const LISTING_DAYS: i64 = 365;

/// Who is asking for a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Editor,
    Reviewer,
    /// The scheduled expiry of listings.
    System,
}

/// Whether an achievement may go from `from` to `to` at the hands of `who`;
/// the error is a bilingual reason.
pub fn achievement_step(from: AchievementStatus, to: AchievementStatus, who: Actor) -> Result<(), String> {
    use AchievementStatus::*;
    use Actor::*;
    let ok = match (from, to) {
        (Draft, UnderReview) => who != System,
        (UnderReview, Published) | (UnderReview, Draft) => who == Reviewer,
        (Published, Closed) => who != System,
        (Published, Expired) => who == System,
        (Expired, Published) => who != System,
        (Closed, Draft) => who != System,
        _ => false,
    };
    step_result(ok, from.label_zh(), to.label_zh(), from.as_str(), to.as_str())
}

fn step_result(ok: bool, from_zh: &str, to_zh: &str, from: &str, to: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!(
            "不能从“{from_zh}”变为“{to_zh}” / cannot go from {from} to {to}"
        ))
    }
}

/// Whether a demand may go from `from` to `to`.
pub fn demand_step(from: DemandStatus, to: DemandStatus, who: Actor) -> Result<(), String> {
    use DemandStatus::*;
    let ok = who != Actor::System
        && matches!(
            (from, to),
            (Draft, Published)
                | (Published, InTalks)
                | (InTalks, Solved)
                | (Published, Solved)
                | (Published, Closed)
                | (InTalks, Closed)
                | (Closed, Draft)
        );
    step_result(ok, from.label_zh(), to.label_zh(), from.as_str(), to.as_str())
}

/// Whether an item in `status` may be offered as a match: published
/// achievements, demands that are published or in talks. Nothing else is
/// searchable, so the search index holds only these.
pub fn matchable(kind: &str, status: &str) -> bool {
    match kind {
        "achievement" => AchievementStatus::from_code(status) == Some(AchievementStatus::Published),
        "demand" => matches!(
            DemandStatus::from_code(status),
            Some(DemandStatus::Published | DemandStatus::InTalks)
        ),
        _ => false,
    }
}
