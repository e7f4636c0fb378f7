//! Input of the high-tech enterprise (高新技术企业) self-assessment, and the
//! checks an input must pass before it is assessed.
//!
//! Money is in whole yuan, dates are ISO (`2025-06-30`), head counts are
//! annual monthly averages (全年月平均数, 指引 "企业科技人员占比").

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::AssessError;
use crate::headcount::Headcount;
use crate::money::MAX_YUAN;
use crate::points::PointsMode;

/// Everything the self-assessment needs about one enterprise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HteInput {
    /// Date of registration (注册成立日期).
    pub registration_date: NaiveDate,
    /// Date of the (intended) application.
    pub assessment_date: NaiveDate,
    /// The completed accounting years before the assessment year, oldest
    /// first: three, or fewer when the firm is younger (实际经营期).
    pub years: Vec<HteYear>,
    pub ip: HteIp,
    /// The technology supporting the main products is within
    /// 《国家重点支持的高新技术领域》.
    pub field_in_catalogue: bool,
    /// Commercialisations of S&T achievements (科技成果转化) over the years given.
    pub commercializations_3y: u32,
    pub rd_management: RdManagement,
    /// A major safety or quality accident or a serious environmental
    /// violation in the 365 days before applying.
    pub major_violation_last_year: bool,
    pub expert: ExpertView,
}

/// One accounting year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HteYear {
    pub year: i32,
    /// 销售收入: main-business plus other-business revenue.
    pub revenue: i64,
    /// 总收入: 收入总额 less 不征税收入.
    pub total_income: i64,
    /// R&D expense (研究开发费用), collected per the 指引.
    pub rd_expense: i64,
    /// The part of `rd_expense` incurred in China (境内).
    pub rd_expense_in_china: i64,
    /// Revenue from high-tech products and services (高新技术产品（服务）收入).
    pub high_tech_revenue: i64,
    /// Net assets (资产总额 - 负债总额) at the year's end; may be negative.
    pub net_assets_end: i64,
    /// 职工总数, annual monthly average.
    pub employees: Headcount,
    /// 科技人员, annual monthly average.
    pub st_staff: Headcount,
}

/// Intellectual property (知识产权).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HteIp {
    /// Class I: invention patents, plant varieties, national new drugs,
    /// class-I protected TCM, IC layout designs (指引 "知识产权").
    pub class1_count: u32,
    /// Class II: utility models, designs, software copyrights (not trademarks).
    pub class2_count: u32,
    /// The firm owns IP giving core technical support to its main products.
    pub owns_core_ip: bool,
    pub acquisition: IpAcquisition,
    /// Took part in drafting national or industry standards, test methods or
    /// technical specifications.
    pub standards_participation: bool,
}

/// How the IP was obtained (知识产权获得方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IpAcquisition {
    /// Some IP comes from the firm's own R&D (有自主研发).
    OwnRd,
    /// Only transferred, donated or merged-in IP (仅有受让、受赠和并购等).
    AcquiredOnly,
}

/// The four items of 研究开发组织管理水平.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RdManagement {
    /// R&D management rules, R&D cost accounting and auxiliary ledgers (≤6).
    pub system: bool,
    /// An internal R&D institution and industry-university-research cooperation (≤6).
    pub institution: bool,
    /// Commercialisation organisation and incentive rules, open innovation platform (≤4).
    pub incentive: bool,
    /// Training, talent recruitment and performance reward rules (≤4).
    pub talent: bool,
}

/// The experts' grades that no figure decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpertView {
    /// 技术的先进程度.
    pub tech_advancement: Grade,
    /// 对主要产品（服务）在技术上发挥核心支持作用.
    pub core_support: Grade,
    /// Where the experts' points fall inside every judgment band.
    pub points: PointsMode,
}

/// A grade A (best) to E (none) of the 指引's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
    E,
}

fn check_amount(field: String, value: i64, may_be_negative: bool) -> Result<(), AssessError> {
    if !may_be_negative && value < 0 {
        return Err(AssessError::invalid(
            field,
            format!("must not be negative, got {value}"),
        ));
    }
    if value.unsigned_abs() > MAX_YUAN as u64 {
        return Err(AssessError::invalid(
            field,
            format!("above the accepted {MAX_YUAN} yuan, got {value}"),
        ));
    }
    Ok(())
}

impl HteInput {
    /// The most recent accounting year (近一年 / 当年 / 最近一年 in the 指引).
    pub fn latest_year(&self) -> Option<&HteYear> {
        self.years.last()
    }

    /// Checks the input against the format's rules; the JSON interface runs
    /// this before assessing. The typed [`crate::assess_hte`] accepts any
    /// input but is only meaningful for one that passes.
    pub fn validate(&self) -> Result<(), AssessError> {
        if self.assessment_date < self.registration_date {
            return Err(AssessError::invalid("assessment_date", "is before registration_date"));
        }
        let assessment_year = self.assessment_date.year();
        let registration_year = self.registration_date.year();
        let expected = (assessment_year - registration_year).clamp(0, 3) as usize;
        if expected == 0 {
            return Err(AssessError::invalid(
                "years",
                format!(
                    "the firm was registered in {registration_year}, the assessment year, so it has no completed \
                     accounting year and cannot yet have been registered 365 days"
                ),
            ));
        }
        let n = self.years.len();
        if !(1..=3).contains(&n) {
            return Err(AssessError::invalid(
                "years",
                format!("must hold 1 to 3 accounting years, got {n}"),
            ));
        }
        for (i, y) in self.years.iter().enumerate() {
            let want = assessment_year - (n - i) as i32;
            if y.year != want {
                return Err(AssessError::invalid(
                    format!("years[{i}].year"),
                    format!(
                        "expected {want}: years are consecutive, oldest first, and end with {}, the year before \
                         the assessment year",
                        assessment_year - 1
                    ),
                ));
            }
        }
        if n < expected {
            return Err(AssessError::invalid(
                "years",
                format!(
                    "the firm was registered in {registration_year}, so the {expected} accounting years {}-{} are \
                     required",
                    assessment_year - expected as i32,
                    assessment_year - 1
                ),
            ));
        }
        if n > expected {
            return Err(AssessError::invalid(
                "years",
                format!("the firm was registered in {registration_year}: no accounting year before it may be given"),
            ));
        }
        for (i, y) in self.years.iter().enumerate() {
            let f = |name: &str| format!("years[{i}].{name}");
            check_amount(f("revenue"), y.revenue, false)?;
            check_amount(f("total_income"), y.total_income, false)?;
            check_amount(f("rd_expense"), y.rd_expense, false)?;
            check_amount(f("rd_expense_in_china"), y.rd_expense_in_china, false)?;
            check_amount(f("high_tech_revenue"), y.high_tech_revenue, false)?;
            check_amount(f("net_assets_end"), y.net_assets_end, true)?;
            if y.rd_expense_in_china > y.rd_expense {
                return Err(AssessError::invalid(
                    f("rd_expense_in_china"),
                    "is larger than rd_expense",
                ));
            }
            if y.high_tech_revenue > y.total_income {
                return Err(AssessError::invalid(
                    f("high_tech_revenue"),
                    "is larger than total_income",
                ));
            }
            if y.st_staff > y.employees {
                return Err(AssessError::invalid(f("st_staff"), "is larger than employees"));
            }
        }
        Ok(())
    }
}
