//! High-tech enterprise (高新技术企业) self-assessment.
//!
//! Sources: 《高新技术企业认定管理办法》 (国科发火〔2016〕32号, "办法"),
//! article 11 (第十一条), and 《高新技术企业认定管理工作指引》
//! (国科发火〔2016〕195号, "指引"), part 认定条件 and its innovation
//! evaluation tables (企业创新能力评价). The 2008 rules they replaced are
//! not used anywhere.
//!
//! [`assess_hte`] checks the eight conditions of article 11, scores the
//! innovation evaluation as a `[min, max]` range, and states each gap.

mod conditions;
mod gaps;
mod growth;
mod input;
mod score;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use input::{ExpertView, Grade, HteInput, HteIp, HteYear, IpAcquisition, RdManagement};
pub use score::{InnovationParts, ScoreItem, ScorePart};

use crate::gap::Gap;
use crate::money::Pct;
use crate::points::{Points, PointsMode};

/// The lowest passing innovation score: 综合得分达到70分以上（不含70分）,
/// and every score is a whole number (各级指标均按整数打分), 指引
/// "企业创新能力评价".
pub const PASS_SCORE: u32 = 71;

/// The conditions of 办法 article 11, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HteCondition {
    /// 第十一条(一): registered 365 calendar days or more.
    RegisteredOneYear,
    /// 第十一条(二): owns IP giving core support to the main products.
    CoreIp,
    /// 第十一条(三): technology within the catalogue of supported fields.
    Field,
    /// 第十一条(四): S&T staff at least 10 % of employees.
    StStaffRatio,
    /// 第十一条(五): R&D expense ratio by revenue band.
    RdRatio,
    /// 第十一条(五): at least 60 % of R&D incurred in China.
    RdInChinaShare,
    /// 第十一条(六): high-tech revenue at least 60 % of total income.
    HighTechRevenueShare,
    /// 第十一条(七): innovation score above 70.
    InnovationScore,
    /// 第十一条(八): no major violation in the year before applying.
    Violation,
}

impl HteCondition {
    /// The id as written in JSON.
    pub fn id(self) -> &'static str {
        match self {
            HteCondition::RegisteredOneYear => "registered_one_year",
            HteCondition::CoreIp => "core_ip",
            HteCondition::Field => "field",
            HteCondition::StStaffRatio => "st_staff_ratio",
            HteCondition::RdRatio => "rd_ratio",
            HteCondition::RdInChinaShare => "rd_in_china_share",
            HteCondition::HighTechRevenueShare => "high_tech_revenue_share",
            HteCondition::InnovationScore => "innovation_score",
            HteCondition::Violation => "violation",
        }
    }
}

/// One condition's outcome and the figures it was decided on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConditionOutcome {
    pub id: HteCondition,
    pub passed: bool,
    /// Where the rule is written.
    pub clause: String,
    /// The figures used, by name (money in yuan, shares in percent).
    pub figures: BTreeMap<String, serde_json::Value>,
}

/// The result of a high-tech enterprise self-assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HteReport {
    /// Every condition passes, the innovation score at its minimum.
    pub qualified: bool,
    /// With `points: "range"` only: every condition passes when the experts
    /// give the top of every band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualified_if_experts_favourable: Option<bool>,
    /// Every unmet condition (the innovation score judged at its minimum).
    pub failed_conditions: Vec<HteCondition>,
    pub days_registered: i64,
    /// Total R&D over total sales revenue of the years given.
    pub rd_ratio_pct: Option<Pct>,
    /// 5, 4 or 3, by the latest year's sales revenue.
    pub rd_threshold_pct: Pct,
    pub rd_in_china_pct: Option<Pct>,
    pub st_staff_pct: Option<Pct>,
    pub high_tech_revenue_pct: Option<Pct>,
    pub net_assets_growth_pct: Option<Pct>,
    pub revenue_growth_pct: Option<Pct>,
    /// `[min, max]`; equal ends unless `points` is `"range"`.
    pub innovation_score: Points,
    pub innovation_parts: InnovationParts,
    /// Every scored item: its grade, band, points and what decided it.
    pub innovation_items: Vec<ScoreItem>,
    /// Every condition in the order of 办法 article 11.
    pub conditions: Vec<ConditionOutcome>,
    pub gaps: Vec<Gap>,
}

/// Assesses one enterprise. Meant for an input that passes
/// [`HteInput::validate`]; any input gives a report without panicking.
pub fn assess_hte(input: &HteInput) -> HteReport {
    let figures = conditions::Figures::of(input);
    let score = score::innovation_score(input);
    let conditions = conditions::evaluate(input, &figures, &score);
    let failed_conditions: Vec<HteCondition> = conditions.iter().filter(|c| !c.passed).map(|c| c.id).collect();
    let qualified_if_experts_favourable = (input.expert.points == PointsMode::Range).then(|| {
        conditions.iter().all(|c| match c.id {
            HteCondition::InnovationScore => score.total.max >= PASS_SCORE,
            _ => c.passed,
        })
    });
    let gaps = gaps::gaps(input, &figures, &score, &failed_conditions);
    HteReport {
        qualified: failed_conditions.is_empty(),
        qualified_if_experts_favourable,
        failed_conditions,
        days_registered: figures.days_registered,
        rd_ratio_pct: figures.rd_ratio.and_then(|f| f.percent_floor()),
        rd_threshold_pct: Pct::whole(figures.band.threshold_pct() as i64),
        rd_in_china_pct: figures.rd_in_china_share.and_then(|f| f.percent_floor()),
        st_staff_pct: figures.st_staff_share.and_then(|f| f.percent_floor()),
        high_tech_revenue_pct: figures.high_tech_share.and_then(|f| f.percent_floor()),
        net_assets_growth_pct: score.net_assets_growth.pct(),
        revenue_growth_pct: score.revenue_growth.pct(),
        innovation_score: score.total,
        innovation_parts: score.parts,
        innovation_items: score.items.clone(),
        conditions,
        gaps,
    }
}
