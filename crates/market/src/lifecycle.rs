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
pub fn achievement_step(from: &str, to: &str, who: Actor) -> Result<(), String> {
    use Actor::*;
    let ok = match (from, to) {
        ("draft", "under_review") => who != System,
        ("under_review", "published") | ("under_review", "draft") => who == Reviewer,
        ("published", "closed") => who != System,
        ("published", "expired") => who == System,
        ("expired", "published") => who != System,
        ("closed", "draft") => who != System,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("不能从“{from}”变为“{to}” / cannot go from {from} to {to}"))
    }
}

/// Whether a demand may go from `from` to `to`.
pub fn demand_step(from: &str, to: &str, who: Actor) -> Result<(), String> {
    let ok = who != Actor::System
        && matches!(
            (from, to),
            ("draft", "published")
                | ("published", "in_talks")
                | ("in_talks", "solved")
                | ("published", "solved")
                | ("published", "closed")
                | ("in_talks", "closed")
                | ("closed", "draft")
        );
    if ok {
        Ok(())
    } else {
        Err(format!("不能从“{from}”变为“{to}” / cannot go from {from} to {to}"))
    }
}

/// Whether an item in `status` may be offered as a match: published
/// achievements, demands that are published or in talks. Nothing else is
/// searchable, so the search index holds only these.
pub fn matchable(kind: &str, status: &str) -> bool {
    match kind {
        "achievement" => status == "published",
        "demand" => matches!(status, "published" | "in_talks"),
        _ => false,
    }
}
