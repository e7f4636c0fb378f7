//! Ranking gaps by how close they are to closing: each gap's amount is set
//! against the firm's own scale (yuan against the latest revenue, persons
//! against employees, days against a year, points against a hundred, items
//! against five), so "add 2 S&T staff in a firm of 40" comes before "add
//! 3 million yuan of R&D on 20 million of revenue". Integer arithmetic only.

use super::{Note, ProfileYear, RankedGap};
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

/// Ten-thousand yuan with two decimals, for actions.
fn wan(yuan: i64) -> String {
    let cents = i128::from(yuan) * 100 / 10_000;
    format!("{}.{:02}", cents / 100, (cents % 100).abs())
}

/// The short action that closes a gap (the gap itself says why).
pub(super) fn action(gap: &Gap) -> Option<Note> {
    let n = gap.amount.unwrap_or(0);
    let (zh, en) = match gap.condition.as_str() {
        "registered_one_year" => (
            format!("成立满一年后再申报高企（还需 {n} 天）"),
            format!("Apply for HTE recognition once registered a full year ({n} days to go)"),
        ),
        "core_ip" => (
            "围绕主营产品申请或受让发明专利、实用新型或软件著作权".to_owned(),
            "File or acquire invention patents, utility models or software copyrights for the main products".to_owned(),
        ),
        "st_staff_ratio" | "st_staff_score_zero" => (
            format!("增加科技人员 {n} 人（或将现有研发相关人员计入科技人员）"),
            format!("Add {n} S&T staff (or count existing R&D staff as such)"),
        ),
        "rd_ratio" => (
            format!("增加研发投入约 {} 万元，并按规定归集研发费用、设立辅助账", wan(n)),
            format!(
                "Raise R&D spending by about {} ten-thousand yuan and book it in an R&D ledger",
                wan(n)
            ),
        ),
        "rd_in_china_share" => (
            "提高境内研发费用的比重".to_owned(),
            "Incur a larger share of R&D in China".to_owned(),
        ),
        "high_tech_revenue_share" => (
            "提高高新技术产品（服务）收入占比，规范高新收入核算".to_owned(),
            "Raise the share of high-tech product and service revenue and account for it separately".to_owned(),
        ),
        "size_limits" => (
            "规模已超出科技型中小企业上限，可直接对标高新技术企业".to_owned(),
            "Too large for the tech-SME evaluation: aim at HTE recognition directly".to_owned(),
        ),
        "total_score" => (
            "提高科技型中小企业评价得分：增加科技人员、研发投入或知识产权（见差距）".to_owned(),
            "Raise the tech-SME score with more S&T staff, R&D or IP (see the gaps)".to_owned(),
        ),
        _ => return None,
    };
    Some(Note { zh, en })
}
