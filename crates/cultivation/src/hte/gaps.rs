//! The gap of every unmet high-tech enterprise condition, in Chinese and
//! English, with the smallest amount that meets it, other figures held.
//!
//! Shares are raised in the realistic way: extra in-China R&D also raises
//! total R&D; new high-tech revenue also raises total income; new S&T staff
//! also raise the head count. The alternatives (cut R&D abroad, reclassify
//! revenue, reassign staff) are named in the message.

use super::conditions::{Figures, shown};
use super::input::{HteInput, IpAcquisition};
use super::score::{COMMERCIALIZATION_GRADES, InnovationScore, commercialization_grade, period_years};
use super::{HteCondition, PASS_SCORE};
use crate::gap::{Gap, GapUnit};
use crate::headcount::Headcount;
use crate::money::{ceil_div, yuan_en, yuan_zh};
use crate::points::Points;

/// Whole persons covering `units` ten-thousandths of a person.
fn whole_persons(units: i128) -> i128 {
    ceil_div(units.max(0), i128::from(Headcount::UNITS_PER_PERSON))
}

fn span(p: Points) -> String {
    if p.is_exact() {
        p.min.to_string()
    } else {
        format!("{}-{}", p.min, p.max)
    }
}

pub(crate) fn gaps(input: &HteInput, f: &Figures, score: &InnovationScore, failed: &[HteCondition]) -> Vec<Gap> {
    failed
        .iter()
        .map(|c| match c {
            HteCondition::RegisteredOneYear => registered(f),
            HteCondition::CoreIp => core_ip(),
            HteCondition::Field => field(),
            HteCondition::StStaffRatio => st_staff(f),
            HteCondition::RdRatio => rd_ratio(f),
            HteCondition::RdInChinaShare => rd_in_china(f),
            HteCondition::HighTechRevenueShare => high_tech(f),
            HteCondition::InnovationScore => innovation(input, score),
            HteCondition::Violation => violation(),
        })
        .collect()
}

fn registered(f: &Figures) -> Gap {
    let missing = 365 - f.days_registered;
    let date = f.earliest_application.map_or_else(|| "-".to_owned(), |d| d.to_string());
    Gap::new(
        "registered_one_year",
        format!(
            "注册成立{}天，须满365个日历天数以上；最早可于{date}申请（还差{missing}天）。",
            f.days_registered
        ),
        format!(
            "Registered {} days; 365 calendar days or more are required. The firm can apply from {date} \
             ({missing} more days).",
            f.days_registered
        ),
        Some((i128::from(missing), GapUnit::Days)),
    )
}

fn core_ip() -> Gap {
    Gap::new(
        "core_ip",
        "未拥有对主要产品（服务）在技术上发挥核心支持作用的知识产权所有权：须通过自主研发、受让、受赠、并购等方式\
         取得至少1项Ⅰ类或Ⅱ类知识产权。"
            .to_owned(),
        "The firm does not own IP giving core technical support to its main products: it must obtain, by its own \
         R&D or by transfer, donation or merger, at least one class-I or class-II right (such as an invention \
         patent, a utility model or a software copyright)."
            .to_owned(),
        Some((1, GapUnit::Items)),
    )
}

fn field() -> Gap {
    Gap::new(
        "field",
        "对主要产品（服务）发挥核心支持作用的技术不属于《国家重点支持的高新技术领域》规定的范围；此项无法以数字弥补，\
         取决于主要产品（服务）核心技术所属领域。"
            .to_owned(),
        "The technology supporting the main products is not within 《国家重点支持的高新技术领域》 (the high-tech \
         fields under state support). No figure closes this gap: it depends on the field of the main products' \
         core technology."
            .to_owned(),
        None,
    )
}

fn st_staff(f: &Figures) -> Gap {
    let year = f.last_year.map_or_else(|| "-".to_owned(), |y| y.to_string());
    let e = i128::from(f.employees.units());
    let s = i128::from(f.st_staff.units());
    if e == 0 {
        return Gap::new(
            "st_staff_ratio",
            format!("{year}年职工总数为0，科技人员占比无法计算；科技人员须不低于职工总数的10%。"),
            format!("Employees in {year} are 0, so the S&T staff share cannot be computed; it must be at least 10 %."),
            None,
        );
    }
    // (s + x) / (e + x) >= 10 %  <=>  9x >= e - 10s.
    let hire = whole_persons(ceil_div(e - 10 * s, 9));
    // (s + y) / e >= 10 %  <=>  10y >= e - 10s.
    let reassign = whole_persons(ceil_div(e - 10 * s, 10));
    let pct = shown(f.st_staff_share);
    Gap::new(
        "st_staff_ratio",
        format!(
            "{year}年科技人员{}人，占职工总数{}人的{pct}%（全年月平均数），须不低于10%。须新增科技人员{hire}人\
             （新增人员同时计入职工总数），或将现有职工中{reassign}人转为从事研发和相关技术创新活动。",
            f.st_staff, f.employees
        ),
        format!(
            "In {year} S&T staff were {} of {} employees ({pct} %, annual monthly averages); at least 10 % is \
             required. Hire {hire} more S&T staff (they also count as employees), or move {reassign} existing \
             employee(s) to R&D and related innovation work.",
            f.st_staff, f.employees
        ),
        Some((hire, GapUnit::Persons)),
    )
}

fn rd_ratio(f: &Figures) -> Gap {
    let period = f.period();
    let t = f.band.threshold_pct();
    if f.revenue_total == 0 {
        return Gap::new(
            "rd_ratio",
            format!("{period}年销售收入合计为0，研究开发费用占比无法计算；比例须不低于{t}%。"),
            format!(
                "Sales revenue over {period} totals 0, so the R&D ratio cannot be computed; it must be at least {t} %."
            ),
            None,
        );
    }
    let need = ceil_div(t * f.revenue_total, 100) - f.rd_total;
    let pct = shown(f.rd_ratio);
    Gap::new(
        "rd_ratio",
        format!(
            "{period}年研究开发费用合计{}，占同期销售收入合计{}的{pct}%；最近一年销售收入{}，属{}一档，比例须不低于{t}%。\
             期间研究开发费用须增加{}。",
            yuan_zh(f.rd_total),
            yuan_zh(f.revenue_total),
            yuan_zh(f.latest_revenue),
            f.band.label_zh(),
            yuan_zh(need)
        ),
        format!(
            "R&D expense over {period} totals {}, {pct} % of sales revenue of {}. Latest-year sales revenue of {} \
             falls in the band {}, so the ratio must be at least {t} %. R&D expense must rise by {} over the period.",
            yuan_en(f.rd_total),
            yuan_en(f.revenue_total),
            yuan_en(f.latest_revenue),
            f.band.label_en(),
            yuan_en(need)
        ),
        Some((need, GapUnit::Yuan)),
    )
}

fn rd_in_china(f: &Figures) -> Gap {
    let period = f.period();
    if f.rd_total == 0 {
        return Gap::new(
            "rd_in_china_share",
            format!("{period}年研究开发费用合计为0，境内研究开发费用占比无法计算；须不低于60%。"),
            format!(
                "R&D expense over {period} totals 0, so the in-China share cannot be computed; it must be at least 60 %."
            ),
            None,
        );
    }
    let (c, r) = (f.rd_in_china_total, f.rd_total);
    // (c + x) / (r + x) >= 60 %  <=>  2x >= 3r - 5c.
    let add = ceil_div(3 * r - 5 * c, 2);
    // c / (r - y) >= 60 %  <=>  r - y <= 5c / 3.
    let cut = r - (5 * c).div_euclid(3);
    let pct = shown(f.rd_in_china_share);
    Gap::new(
        "rd_in_china_share",
        format!(
            "{period}年境内研究开发费用{}，占全部研究开发费用{}的{pct}%，须不低于60%。须在境内增加研究开发费用{}，\
             或减少境外研究开发费用{}。",
            yuan_zh(c),
            yuan_zh(r),
            yuan_zh(add),
            yuan_zh(cut)
        ),
        format!(
            "R&D incurred in China over {period} is {}, {pct} % of all R&D of {}; at least 60 % is required. Add \
             {} of R&D in China, or cut R&D abroad by {}.",
            yuan_en(c),
            yuan_en(r),
            yuan_en(add),
            yuan_en(cut)
        ),
        Some((add, GapUnit::Yuan)),
    )
}

fn high_tech(f: &Figures) -> Gap {
    let year = f.last_year.map_or_else(|| "-".to_owned(), |y| y.to_string());
    if f.total_income == 0 {
        return Gap::new(
            "high_tech_revenue_share",
            format!("{year}年总收入为0，高新技术产品（服务）收入占比无法计算；须不低于60%。"),
            format!(
                "Total income in {year} is 0, so the high-tech revenue share cannot be computed; it must be at least 60 %."
            ),
            None,
        );
    }
    let (h, t) = (f.high_tech_revenue, f.total_income);
    // (h + x) / (t + x) >= 60 %  <=>  2x >= 3t - 5h.
    let add = ceil_div(3 * t - 5 * h, 2);
    let reach = ceil_div(60 * t, 100) - h;
    let pct = shown(f.high_tech_share);
    Gap::new(
        "high_tech_revenue_share",
        format!(
            "{year}年高新技术产品（服务）收入{}，占总收入{}的{pct}%，须不低于60%。须增加高新技术产品（服务）收入{}\
             （同时计入总收入）；或在总收入不变时，使高新技术产品（服务）收入增加{}。",
            yuan_zh(h),
            yuan_zh(t),
            yuan_zh(add),
            yuan_zh(reach)
        ),
        format!(
            "High-tech product and service revenue in {year} is {}, {pct} % of total income of {}; at least 60 % is \
             required. Add {} of high-tech revenue (which also adds to total income), or, at unchanged total \
             income, raise high-tech revenue by {}.",
            yuan_en(h),
            yuan_en(t),
            yuan_en(add),
            yuan_en(reach)
        ),
        Some((add, GapUnit::Yuan)),
    )
}

/// Ways to add points through counted items, as (Chinese, English).
fn score_suggestions(input: &HteInput, score: &InnovationScore) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let ip = &input.ip;
    if ip.class1_count == 0 {
        let now = score
            .items
            .iter()
            .find(|i| i.item == "ip_count")
            .map_or(Points::ZERO, |i| i.band);
        out.push((
            format!(
                "取得1项Ⅰ类知识产权（如发明专利），知识产权数量升至A档7-8分（现为{}分）",
                span(now)
            ),
            format!(
                "one class-I IP (such as an invention patent) lifts the IP count to grade A, 7-8 points (now {})",
                span(now)
            ),
        ));
    }
    if ip.class1_count + ip.class2_count > 0 && ip.acquisition == IpAcquisition::AcquiredOnly {
        out.push((
            "取得自主研发的知识产权，获得方式一项由1-3分升至1-6分".to_owned(),
            "IP from the firm's own R&D lifts the acquisition item from 1-3 to 1-6 points".to_owned(),
        ));
    }
    if !ip.standards_participation {
        out.push((
            "参与编制国家标准、行业标准、检测方法或技术规范，加1-2分".to_owned(),
            "taking part in drafting national or industry standards, test methods or specifications adds 1-2 points"
                .to_owned(),
        ));
    }
    let years = period_years(input);
    let count = input.commercializations_3y;
    let (now, band) = commercialization_grade(count, years);
    if let Some((per_year, grade, next)) = COMMERCIALIZATION_GRADES
        .iter()
        .rev()
        .find(|(k, _, _)| u64::from(*k) * u64::from(years) > u64::from(count))
    {
        let more = u64::from(*per_year) * u64::from(years) - u64::from(count);
        out.push((
            format!(
                "{years}年内再实现{more}项科技成果转化，成果转化能力由{now}档（{}分）升至{grade}档（{}分）",
                span(band),
                span(*next)
            ),
            format!(
                "{more} more commercialisation(s) over the {years} year(s) lift commercialisation from grade {now} \
                 ({} points) to grade {grade} ({} points)",
                span(band),
                span(*next)
            ),
        ));
    }
    let names = [
        (
            "system",
            "研发组织管理制度、研发投入核算体系和研发费用辅助账",
            "R&D management rules, R&D cost accounting and auxiliary ledgers",
        ),
        (
            "institution",
            "内部研究开发机构及产学研合作",
            "an internal R&D institution and industry-university-research cooperation",
        ),
        (
            "incentive",
            "成果转化组织实施与激励奖励制度、开放式创新创业平台",
            "commercialisation and incentive rules and an open innovation platform",
        ),
        (
            "talent",
            "人才培养、引进及绩效评价奖励制度",
            "training, recruitment and performance-reward rules for staff",
        ),
    ];
    for (name, in_place, cap) in super::score::rd_management_items(input) {
        if !in_place && let Some((_, zh, en)) = names.iter().find(|(n, _, _)| *n == name) {
            out.push((
                format!("建立{zh}（最高{cap}分）"),
                format!("putting in place {en} (up to {cap} points)"),
            ));
        }
    }
    out
}

fn innovation(input: &HteInput, score: &InnovationScore) -> Gap {
    let total = score.total;
    let need = PASS_SCORE.saturating_sub(total.min);
    let mut zh = format!(
        "创新能力评价得分{}分（按最低分判断），须达到{PASS_SCORE}分（70分以上，不含70分），至少还差{need}分。",
        span(total)
    );
    let mut en = format!(
        "The innovation score is {} (judged at its minimum); {PASS_SCORE} (above 70) is required, so at least {need} \
         more points are needed.",
        span(total)
    );
    if !total.is_exact() && total.max >= PASS_SCORE {
        zh.push_str(&format!("若专家在各档内给最高分，可达{}分而通过。", total.max));
        en.push_str(&format!(
            " If the experts give the top of every band the score reaches {} and passes.",
            total.max
        ));
    }
    let suggestions = score_suggestions(input, score);
    if !suggestions.is_empty() {
        let (zs, es): (Vec<String>, Vec<String>) = suggestions.into_iter().unzip();
        zh.push_str(&format!("可计数提分项：{}。", zs.join("；")));
        en.push_str(&format!(" Counted items that add points: {}.", es.join("; ")));
    }
    Gap::new("innovation_score", zh, en, Some((i128::from(need), GapUnit::Points)))
}

fn violation() -> Gap {
    Gap::new(
        "violation",
        "申请认定前一年内（365天内）发生过重大安全、重大质量事故或严重环境违法行为；须待其发生满365天后方可申请。"
            .to_owned(),
        "A major safety or quality accident or a serious environmental violation occurred within the 365 days \
         before applying; the firm may apply only once 365 days have passed since it."
            .to_owned(),
        None,
    )
}
