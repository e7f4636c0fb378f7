//! The eight conditions of 办法 第十一条, each decided on exact figures.
//!
//! Readings of the 指引 "认定条件" used here (see RULES.md):
//! - "注册成立一年以上" is 365 calendar days or more (注册成立365个日历天数以上),
//!   counted as the days from the registration date to the application date.
//! - "当年", "最近一年" and "近一年" are the accounting year before the
//!   application year: the last entry of `years`.
//! - "近三个会计年度" are the three accounting years before the application
//!   year, or fewer for a younger firm (实际经营期不满三年的按实际经营时间计算).
//! - The R&D ratio is total R&D over total sales revenue of those years; the
//!   band (5 %, 4 %, 3 %) is chosen by the latest year's sales revenue; the
//!   in-China share is in-China R&D over all R&D of the same years.

use chrono::{Days, NaiveDate};
use serde_json::Value;
use std::collections::BTreeMap;

use super::input::HteInput;
use super::score::InnovationScore;
use super::{ConditionOutcome, HteCondition, PASS_SCORE};
use crate::headcount::Headcount;
use crate::money::{Fraction, Pct, saturate};

/// The revenue band of 办法 第十一条(五), by the latest year's sales revenue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RevenueBand {
    /// 小于5,000万元（含）: at least 5 %.
    AtMost50M,
    /// 5,000万元至2亿元（含）: at least 4 %.
    AtMost200M,
    /// 2亿元以上: at least 3 %.
    Above200M,
}

impl RevenueBand {
    pub fn of(latest_revenue: i128) -> RevenueBand {
        if latest_revenue <= 50_000_000 {
            RevenueBand::AtMost50M
        } else if latest_revenue <= 200_000_000 {
            RevenueBand::AtMost200M
        } else {
            RevenueBand::Above200M
        }
    }

    pub fn threshold_pct(self) -> i128 {
        match self {
            RevenueBand::AtMost50M => 5,
            RevenueBand::AtMost200M => 4,
            RevenueBand::Above200M => 3,
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            RevenueBand::AtMost50M => "at most 50 million yuan",
            RevenueBand::AtMost200M => "over 50 and at most 200 million yuan",
            RevenueBand::Above200M => "over 200 million yuan",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            RevenueBand::AtMost50M => "5,000万元（含）以下",
            RevenueBand::AtMost200M => "5,000万元至2亿元（含）",
            RevenueBand::Above200M => "2亿元以上",
        }
    }
}

/// The figures the conditions and the gaps are computed from.
#[derive(Debug, Clone)]
pub(crate) struct Figures {
    pub days_registered: i64,
    /// The first day the firm has been registered 365 days.
    pub earliest_application: Option<NaiveDate>,
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
    pub rd_total: i128,
    pub rd_in_china_total: i128,
    pub revenue_total: i128,
    pub latest_revenue: i128,
    pub band: RevenueBand,
    pub rd_ratio: Option<Fraction>,
    pub rd_in_china_share: Option<Fraction>,
    pub st_staff: Headcount,
    pub employees: Headcount,
    pub st_staff_share: Option<Fraction>,
    pub high_tech_revenue: i128,
    pub total_income: i128,
    pub high_tech_share: Option<Fraction>,
}

impl Figures {
    pub fn of(input: &HteInput) -> Figures {
        let sum = |f: fn(&super::HteYear) -> i64| input.years.iter().map(|y| i128::from(f(y))).sum::<i128>();
        let rd_total = sum(|y| y.rd_expense);
        let rd_in_china_total = sum(|y| y.rd_expense_in_china);
        let revenue_total = sum(|y| y.revenue);
        let latest = input.latest_year();
        let latest_revenue = latest.map_or(0, |y| i128::from(y.revenue));
        let st_staff = latest.map_or(Headcount::ZERO, |y| y.st_staff);
        let employees = latest.map_or(Headcount::ZERO, |y| y.employees);
        let high_tech_revenue = latest.map_or(0, |y| i128::from(y.high_tech_revenue));
        let total_income = latest.map_or(0, |y| i128::from(y.total_income));
        Figures {
            days_registered: (input.assessment_date - input.registration_date).num_days(),
            earliest_application: input.registration_date.checked_add_days(Days::new(365)),
            first_year: input.years.first().map(|y| y.year),
            last_year: latest.map(|y| y.year),
            rd_total,
            rd_in_china_total,
            revenue_total,
            latest_revenue,
            band: RevenueBand::of(latest_revenue),
            rd_ratio: Fraction::new(rd_total, revenue_total),
            rd_in_china_share: Fraction::new(rd_in_china_total, rd_total),
            st_staff,
            employees,
            st_staff_share: Fraction::new(i128::from(st_staff.units()), i128::from(employees.units())),
            high_tech_revenue,
            total_income,
            high_tech_share: Fraction::new(high_tech_revenue, total_income),
        }
    }

    /// "2022-2024", or "2024" for a single year.
    pub fn period(&self) -> String {
        match (self.first_year, self.last_year) {
            (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
            (Some(a), _) => a.to_string(),
            _ => "-".to_owned(),
        }
    }
}

fn money(v: i128) -> Value {
    Value::from(saturate(v))
}

fn pct(f: Option<Fraction>) -> Value {
    f.and_then(|f| f.percent_floor())
        .map_or(Value::Null, |p| serde_json::to_value(p).unwrap_or(Value::Null))
}

fn persons(h: Headcount) -> Value {
    serde_json::to_value(h).unwrap_or(Value::Null)
}

fn outcome(id: HteCondition, passed: bool, clause: &str, figures: Vec<(&str, Value)>) -> ConditionOutcome {
    let figures: BTreeMap<String, Value> = figures.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    ConditionOutcome {
        id,
        passed,
        clause: clause.to_owned(),
        figures,
    }
}

/// Decides every condition, in the order of 办法 第十一条.
pub(crate) fn evaluate(input: &HteInput, f: &Figures, score: &InnovationScore) -> Vec<ConditionOutcome> {
    let threshold = f.band.threshold_pct();
    vec![
        // 办法 第十一条(一); 指引 认定条件 "年限": 注册成立365个日历天数以上.
        outcome(
            HteCondition::RegisteredOneYear,
            f.days_registered >= 365,
            "办法 第十一条(一); 指引 认定条件·年限 (365个日历天数以上)",
            vec![
                ("registration_date", Value::from(input.registration_date.to_string())),
                ("assessment_date", Value::from(input.assessment_date.to_string())),
                ("days_registered", Value::from(f.days_registered)),
                ("days_required", Value::from(365)),
            ],
        ),
        // 办法 第十一条(二); 指引 认定条件 "知识产权". Core IP must be a
        // class-I or class-II right the firm owns.
        outcome(
            HteCondition::CoreIp,
            input.ip.owns_core_ip && (input.ip.class1_count > 0 || input.ip.class2_count > 0),
            "办法 第十一条(二); 指引 认定条件·知识产权",
            vec![
                ("owns_core_ip", Value::from(input.ip.owns_core_ip)),
                ("class1_count", Value::from(input.ip.class1_count)),
                ("class2_count", Value::from(input.ip.class2_count)),
            ],
        ),
        // 办法 第十一条(三); 《国家重点支持的高新技术领域》.
        outcome(
            HteCondition::Field,
            input.field_in_catalogue,
            "办法 第十一条(三); 《国家重点支持的高新技术领域》",
            vec![("field_in_catalogue", Value::from(input.field_in_catalogue))],
        ),
        // 办法 第十一条(四): 不低于10%; 指引 认定条件 "企业科技人员占比":
        // 当年 staff as 全年月平均数.
        outcome(
            HteCondition::StStaffRatio,
            f.st_staff_share.is_some_and(|s| s.at_least_percent(10)),
            "办法 第十一条(四); 指引 认定条件·企业科技人员占比",
            vec![
                ("year", f.last_year.map_or(Value::Null, Value::from)),
                ("st_staff", persons(f.st_staff)),
                ("employees", persons(f.employees)),
                ("st_staff_pct", pct(f.st_staff_share)),
                ("required_pct", Value::from(10)),
            ],
        ),
        // 办法 第十一条(五)1-3; 指引 认定条件 "企业研究开发费用占比".
        outcome(
            HteCondition::RdRatio,
            f.rd_ratio.is_some_and(|r| r.at_least_percent(threshold)),
            "办法 第十一条(五); 指引 认定条件·企业研究开发费用占比",
            vec![
                ("period", Value::from(f.period())),
                ("rd_expense_total", money(f.rd_total)),
                ("revenue_total", money(f.revenue_total)),
                ("latest_year_revenue", money(f.latest_revenue)),
                ("rd_ratio_pct", pct(f.rd_ratio)),
                ("required_pct", Value::from(saturate(threshold))),
            ],
        ),
        // 办法 第十一条(五) 其中…境内…不低于60%.
        outcome(
            HteCondition::RdInChinaShare,
            f.rd_in_china_share.is_some_and(|s| s.at_least_percent(60)),
            "办法 第十一条(五); 指引 认定条件·企业研究开发费用占比 (境内研究开发费用)",
            vec![
                ("period", Value::from(f.period())),
                ("rd_expense_in_china_total", money(f.rd_in_china_total)),
                ("rd_expense_total", money(f.rd_total)),
                ("rd_in_china_pct", pct(f.rd_in_china_share)),
                ("required_pct", Value::from(60)),
            ],
        ),
        // 办法 第十一条(六); 指引 认定条件 "高新技术产品（服务）收入占比":
        // 总收入 = 收入总额 - 不征税收入.
        outcome(
            HteCondition::HighTechRevenueShare,
            f.high_tech_share.is_some_and(|s| s.at_least_percent(60)),
            "办法 第十一条(六); 指引 认定条件·高新技术产品（服务）收入占比",
            vec![
                ("year", f.last_year.map_or(Value::Null, Value::from)),
                ("high_tech_revenue", money(f.high_tech_revenue)),
                ("total_income", money(f.total_income)),
                ("high_tech_revenue_pct", pct(f.high_tech_share)),
                ("required_pct", Value::from(60)),
            ],
        ),
        // 办法 第十一条(七); 指引 "企业创新能力评价": above 70, judged at the
        // score's minimum.
        outcome(
            HteCondition::InnovationScore,
            score.total.min >= PASS_SCORE,
            "办法 第十一条(七); 指引 企业创新能力评价 (70分以上，不含70分)",
            vec![
                ("score_min", Value::from(score.total.min)),
                ("score_max", Value::from(score.total.max)),
                ("required", Value::from(PASS_SCORE)),
            ],
        ),
        // 办法 第十一条(八); 指引: 申请认定前一年内 is the 365 days before applying.
        outcome(
            HteCondition::Violation,
            !input.major_violation_last_year,
            "办法 第十一条(八)",
            vec![(
                "major_violation_last_year",
                Value::from(input.major_violation_last_year),
            )],
        ),
    ]
}

/// A percentage for messages, or "-" when it cannot be computed.
pub(crate) fn shown(f: Option<Fraction>) -> String {
    f.and_then(|f| f.percent_floor())
        .map_or_else(|| "-".to_owned(), |p: Pct| p.to_string())
}
