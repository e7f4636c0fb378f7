//! Ranking gaps by how close they are to closing: each gap's amount is set
//! against the firm's own scale (yuan against the latest revenue, persons
//! against employees, days against a year, points against a hundred, items
//! against five), so "add 2 S&T staff in a firm of 40" comes before "add
//! 3 million yuan of R&D on 20 million of revenue". Integer arithmetic only.

use super::{ProfileYear, RankedGap};
use crate::gap::{Gap, GapUnit};
use crate::hte::HteReport;
use crate::tech_sme::TechSmeReport;

/// The gap's size in ten-thousandths of the firm's scale.
fn effort_e4(gap: &Gap, latest: Option<&ProfileYear>) -> Option<i64> {
    let amount = i128::from(gap.amount?.max(0));
    let scale: i128 = match gap.unit? {
        GapUnit::Yuan => latest.map(|y| y.revenue).filter(|r| *r > 0)?.into(),
        GapUnit::Persons => latest.map(|y| y.employees).filter(|e| *e > 0)?.into(),
        GapUnit::Days => 365,
        GapUnit::Points => 100,
        GapUnit::Items => 5,
    };
    i64::try_from(amount * 10_000 / scale).ok()
}

/// Every gap of both assessments, the easiest first; gaps that cannot be
/// sized come last in their original order.
pub(super) fn rank_gaps(
    hte: Option<&HteReport>,
    tech_sme: Option<&TechSmeReport>,
    latest: Option<&ProfileYear>,
) -> Vec<RankedGap> {
    let tagged = hte.into_iter().flat_map(|h| h.gaps.iter().map(|g| ("hte", g))).chain(
        tech_sme
            .into_iter()
            .flat_map(|s| s.gaps.iter().map(|g| ("tech_sme", g))),
    );
    let mut out: Vec<RankedGap> = tagged
        .map(|(assessment, gap)| RankedGap {
            assessment: assessment.to_owned(),
            effort_e4: effort_e4(gap, latest),
            gap: gap.clone(),
        })
        .collect();
    // Stable: equal efforts keep the order of the rules.
    out.sort_by_key(|g| (g.effort_e4.is_none(), g.effort_e4.unwrap_or(0)));
    out
}
