//! Tech-SME evaluation (科技型中小企业评价).
//!
//! Sources: 《科技型中小企业评价办法》 (国科发政〔2017〕115号, "办法"): 第六条
//! (the five conditions), 第七条 (the indicators and their bands), 第八条
//! (direct confirmation); and 《科技型中小企业评价服务工作指引》
//! (国科火字〔2022〕67号, "2022指引"), which restates the conditions with a
//! wider 居民企业 wording (会计核算健全、实行查账征收、能准确归集研发费用) and
//! a longer list of disqualifying conduct (上一会计年度及当年; 严重弄虚作假).
//! The input's yes/no fields stand for those conditions as a whole; see
//! RULES.md for what each covers.
//!
//! The figures are those of the last accounting year.

mod gaps;
mod score;

use serde::{Deserialize, Serialize};

use crate::error::AssessError;
use crate::gap::Gap;
use crate::headcount::Headcount;
use crate::money::{Fraction, MAX_YUAN, Pct};

/// The lowest passing total score (不低于60分), 办法 第六条(五).
pub const PASS_SCORE: u32 = 60;
/// Size limits, 办法 第六条(二).
pub const MAX_EMPLOYEES: u32 = 500;
pub const MAX_REVENUE: i64 = 200_000_000;
pub const MAX_TOTAL_ASSETS: i64 = 200_000_000;

/// Everything the evaluation needs about one enterprise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TechSmeInput {
    /// The evaluation year; the figures are of the accounting year before it.
    pub year: i32,
    /// 第六条(一): a resident enterprise registered in mainland China (with the
    /// 2022指引's wording: sound accounts, tax assessed on the books, R&D
    /// collected accurately, paying enterprise income tax).
    pub resident_enterprise_mainland: bool,
    /// 第六条(三): products or services in the state's prohibited,
    /// restricted or eliminated categories (or an excluded industry).
    pub prohibited_restricted_or_eliminated: bool,
    /// 第六条(四): a major accident, serious environmental violation, serious
    /// fraud or research misconduct, or listed as abnormal or seriously
    /// dishonest, in the periods the rules name.
    pub violation_or_listed: bool,
    /// 职工总数.
    pub employees: Headcount,
    /// 科技人员.
    pub st_staff: Headcount,
    /// 销售收入 (main-business plus other-business revenue), yuan.
    pub revenue: i64,
    /// 资产总额, yuan.
    pub total_assets: i64,
    /// 研发费用总额, yuan.
    pub rd_expense: i64,
    /// 成本费用支出总额 (main and other business costs, selling,
    /// administrative and financial expenses), yuan.
    pub cost_total: i64,
    pub ip: TechSmeIp,
    pub direct: DirectRoutes,
}

/// Valid IP related to the main products, without dispute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TechSmeIp {
    pub class1_count: u32,
    pub class2_count: u32,
}

/// The four routes to direct confirmation, 办法 第八条.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectRoutes {
    /// (一) a valid high-tech enterprise certificate.
    pub hte_certificate_valid: bool,
    /// (二) a national S&T award in the last five years, among the first three
    /// winning organisations.
    pub national_st_award_top3_5y: bool,
    /// (三) a recognised R&D institution of provincial or ministerial level or above.
    pub provincial_rd_institution: bool,
    /// (四) led an international, national or industry standard in the last five years.
    pub led_standard_5y: bool,
}

/// The conditions, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TechSmeCondition {
    ResidentEnterprise,
    SizeLimits,
    ProhibitedIndustry,
    Violation,
    StStaffScoreZero,
    TotalScore,
}

/// The route by which the firm qualifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QualifiedVia {
    Score,
    Direct,
}

/// Which R&D ratio gave the R&D score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RdBasis {
    Revenue,
    Cost,
}

/// The three indicators' points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechSmeParts {
    pub st_staff: u32,
    pub rd: u32,
    pub ip: u32,
}

/// The result of a tech-SME evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechSmeReport {
    pub qualified: bool,
    pub qualified_via: Option<QualifiedVia>,
    /// Every unmet condition. The score conditions are left out when a
    /// direct route confirms the firm.
    pub failed_conditions: Vec<TechSmeCondition>,
    pub score: u32,
    pub score_parts: TechSmeParts,
    pub rd_basis: RdBasis,
    pub st_staff_pct: Option<Pct>,
    pub rd_revenue_pct: Option<Pct>,
    pub rd_cost_pct: Option<Pct>,
    /// The direct routes that apply, by input field name.
    pub direct_routes_met: Vec<String>,
    pub gaps: Vec<Gap>,
}

impl TechSmeInput {
    /// Checks the input against the format's rules; the JSON interface runs
    /// this before assessing.
    pub fn validate(&self) -> Result<(), AssessError> {
        if !(2017..=2100).contains(&self.year) {
            return Err(AssessError::invalid(
                "year",
                format!("the evaluation began in 2017; got {}", self.year),
            ));
        }
        for (field, v) in [
            ("revenue", self.revenue),
            ("total_assets", self.total_assets),
            ("rd_expense", self.rd_expense),
            ("cost_total", self.cost_total),
        ] {
            if v < 0 {
                return Err(AssessError::invalid(field, format!("must not be negative, got {v}")));
            }
            if v > MAX_YUAN {
                return Err(AssessError::invalid(
                    field,
                    format!("above the accepted {MAX_YUAN} yuan, got {v}"),
                ));
            }
        }
        if self.st_staff > self.employees {
            return Err(AssessError::invalid("st_staff", "is larger than employees"));
        }
        Ok(())
    }

    pub(crate) fn st_staff_share(&self) -> Option<Fraction> {
        Fraction::new(i128::from(self.st_staff.units()), i128::from(self.employees.units()))
    }

    pub(crate) fn rd_revenue_share(&self) -> Option<Fraction> {
        Fraction::new(i128::from(self.rd_expense), i128::from(self.revenue))
    }

    pub(crate) fn rd_cost_share(&self) -> Option<Fraction> {
        Fraction::new(i128::from(self.rd_expense), i128::from(self.cost_total))
    }

    pub(crate) fn direct_routes(&self) -> Vec<String> {
        let d = self.direct;
        [
            ("hte_certificate_valid", d.hte_certificate_valid),
            ("national_st_award_top3_5y", d.national_st_award_top3_5y),
            ("provincial_rd_institution", d.provincial_rd_institution),
            ("led_standard_5y", d.led_standard_5y),
        ]
        .into_iter()
        .filter(|(_, met)| *met)
        .map(|(name, _)| name.to_owned())
        .collect()
    }
}

/// The scored parts and the R&D basis that gave the higher R&D score.
pub(crate) fn score_parts(input: &TechSmeInput) -> (TechSmeParts, RdBasis) {
    let st_staff = score::band_points(input.st_staff_share(), &score::ST_STAFF_BANDS);
    // 第七条 2: 企业从（1）、（2）两项指标中选择一个指标进行评分 — the firm
    // chooses, so the higher of the two counts (revenue on a tie).
    let on_revenue = score::band_points(input.rd_revenue_share(), &score::RD_REVENUE_BANDS);
    let on_cost = score::band_points(input.rd_cost_share(), &score::RD_COST_BANDS);
    let (rd, basis) = if on_cost > on_revenue {
        (on_cost, RdBasis::Cost)
    } else {
        (on_revenue, RdBasis::Revenue)
    };
    let ip = score::ip_points(input.ip.class1_count, input.ip.class2_count);
    (TechSmeParts { st_staff, rd, ip }, basis)
}

/// Evaluates one enterprise. Meant for an input that passes
/// [`TechSmeInput::validate`]; any input gives a report without panicking.
pub fn assess_tech_sme(input: &TechSmeInput) -> TechSmeReport {
    let (parts, rd_basis) = score_parts(input);
    let score = parts.st_staff + parts.rd + parts.ip;

    // 办法 第六条(一)-(四).
    let mut basic = Vec::new();
    if !input.resident_enterprise_mainland {
        basic.push(TechSmeCondition::ResidentEnterprise);
    }
    // 第六条(二): 不超过 — each limit includes its value.
    if input.employees > Headcount::persons(MAX_EMPLOYEES)
        || input.revenue > MAX_REVENUE
        || input.total_assets > MAX_TOTAL_ASSETS
    {
        basic.push(TechSmeCondition::SizeLimits);
    }
    if input.prohibited_restricted_or_eliminated {
        basic.push(TechSmeCondition::ProhibitedIndustry);
    }
    if input.violation_or_listed {
        basic.push(TechSmeCondition::Violation);
    }
    // 第六条(五): 不低于60分，且科技人员指标得分不得为0分.
    let mut scored = Vec::new();
    if parts.st_staff == 0 {
        scored.push(TechSmeCondition::StStaffScoreZero);
    }
    if score < PASS_SCORE {
        scored.push(TechSmeCondition::TotalScore);
    }
    let direct_routes_met = input.direct_routes();
    let qualified_via = match (basic.is_empty(), scored.is_empty(), direct_routes_met.is_empty()) {
        (true, true, _) => Some(QualifiedVia::Score),
        // 第八条: meeting (一)-(四) and one route confirms the firm directly.
        (true, false, false) => Some(QualifiedVia::Direct),
        _ => None,
    };
    let mut failed_conditions = basic;
    if qualified_via != Some(QualifiedVia::Direct) {
        failed_conditions.extend(scored);
    }
    let gaps = gaps::gaps(input, &parts, rd_basis, score, &failed_conditions);
    TechSmeReport {
        qualified: qualified_via.is_some(),
        qualified_via,
        failed_conditions,
        score,
        score_parts: parts,
        rd_basis,
        st_staff_pct: input.st_staff_share().and_then(|f| f.percent_floor()),
        rd_revenue_pct: input.rd_revenue_share().and_then(|f| f.percent_floor()),
        rd_cost_pct: input.rd_cost_share().and_then(|f| f.percent_floor()),
        direct_routes_met,
        gaps,
    }
}
