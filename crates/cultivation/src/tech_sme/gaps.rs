//! The gap of every unmet tech-SME condition, in Chinese and English, with
//! the smallest amount that meets it, other figures held.

use super::score::{Bands, RD_COST_BANDS, RD_REVENUE_BANDS, ST_STAFF_BANDS, next_band};
use super::{
    MAX_EMPLOYEES, MAX_REVENUE, MAX_TOTAL_ASSETS, PASS_SCORE, RdBasis, TechSmeCondition, TechSmeInput, TechSmeParts,
};
use crate::gap::{Gap, GapUnit};
use crate::headcount::Headcount;
use crate::money::{ceil_div, yuan_en, yuan_zh};

fn whole_persons(units: i128) -> i128 {
    ceil_div(units.max(0), i128::from(Headcount::UNITS_PER_PERSON))
}

/// Whole persons to hire so that S&T staff reach `pct` % of employees, the
/// new staff counting as employees too: (s + x) / (e + x) >= pct / 100.
fn hires_for(input: &TechSmeInput, pct: i128) -> i128 {
    let e = i128::from(input.employees.units());
    let s = i128::from(input.st_staff.units());
    whole_persons(ceil_div(pct * e - 100 * s, 100 - pct))
}

pub(crate) fn gaps(
    input: &TechSmeInput,
    parts: &TechSmeParts,
    basis: RdBasis,
    score: u32,
    failed: &[TechSmeCondition],
) -> Vec<Gap> {
    let mut out = Vec::new();
    for c in failed {
        match c {
            TechSmeCondition::ResidentEnterprise => out.push(Gap::new(
                "resident_enterprise",
                "不是在中国境内（不包括港、澳、台地区）注册、会计核算健全、实行查账征收的居民企业，不符合评价条件。"
                    .to_owned(),
                "The firm is not a resident enterprise registered in mainland China (excluding Hong Kong, Macao and \
                 Taiwan) with sound accounts and tax assessed on its books, so it cannot be evaluated."
                    .to_owned(),
                None,
            )),
            TechSmeCondition::SizeLimits => size_limits(input, &mut out),
            TechSmeCondition::ProhibitedIndustry => out.push(Gap::new(
                "prohibited_industry",
                "企业提供的产品和服务属于国家规定的禁止、限制和淘汰类，不符合评价条件。".to_owned(),
                "The firm's products or services are in the state's prohibited, restricted or eliminated \
                 categories, so it cannot be evaluated."
                    .to_owned(),
                None,
            )),
            TechSmeCondition::Violation => out.push(Gap::new(
                "violation",
                "上一会计年度或当年发生过重大安全、重大质量事故、严重环境违法、严重弄虚作假或科研严重失信行为，\
                 或被列入经营异常名录、严重违法失信企业名单，不符合评价条件。"
                    .to_owned(),
                "In the last accounting year or this year the firm had a major safety or quality accident, a \
                 serious environmental violation, serious fraud or research misconduct, or was listed as \
                 abnormal or seriously dishonest, so it cannot be evaluated."
                    .to_owned(),
                None,
            )),
            TechSmeCondition::StStaffScoreZero => out.push(st_staff_zero(input)),
            TechSmeCondition::TotalScore => out.push(total_score(input, parts, basis, score)),
        }
    }
    out
}

fn size_limits(input: &TechSmeInput, out: &mut Vec<Gap>) {
    let limit = Headcount::persons(MAX_EMPLOYEES);
    if input.employees > limit {
        let over = whole_persons(i128::from(input.employees.units() - limit.units()));
        out.push(Gap::new(
            "size_limits",
            format!("职工总数{}人，超过500人的上限{over}人。", input.employees),
            format!("Employees are {}, {over} over the limit of 500.", input.employees),
            Some((over, GapUnit::Persons)),
        ));
    }
    for (value, max, zh, en) in [
        (input.revenue, MAX_REVENUE, "年销售收入", "Annual sales revenue"),
        (input.total_assets, MAX_TOTAL_ASSETS, "资产总额", "Total assets"),
    ] {
        if value > max {
            let over = i128::from(value) - i128::from(max);
            out.push(Gap::new(
                "size_limits",
                format!("{zh}{}，超过2亿元上限{}。", yuan_zh(value.into()), yuan_zh(over)),
                format!(
                    "{en} of {} is {} over the limit of 200 million yuan.",
                    yuan_en(value.into()),
                    yuan_en(over)
                ),
                Some((over, GapUnit::Yuan)),
            ));
        }
    }
}

fn st_staff_zero(input: &TechSmeInput) -> Gap {
    if input.employees == Headcount::ZERO {
        return Gap::new(
            "st_staff_score_zero",
            "职工总数为0，科技人员指标得0分；科技人员须不低于职工总数的10%。".to_owned(),
            "Employees are 0, so the S&T staff indicator scores 0; S&T staff must be at least 10 % of employees."
                .to_owned(),
            None,
        );
    }
    let hire = hires_for(input, 10);
    Gap::new(
        "st_staff_score_zero",
        format!(
            "科技人员{}人，占职工总数{}人的比例低于10%，科技人员指标得0分（不得为0分）。须新增科技人员{hire}人。",
            input.st_staff, input.employees
        ),
        format!(
            "S&T staff ({} of {} employees) are under 10 %, so the S&T staff indicator scores 0, which \
             disqualifies. Hire {hire} more S&T staff (they also count as employees).",
            input.st_staff, input.employees
        ),
        Some((hire, GapUnit::Persons)),
    )
}

/// Extra R&D to reach `pct` on a basis: on revenue the base stays; on cost
/// the extra R&D also adds to the cost total.
fn rd_needed(input: &TechSmeInput, basis: RdBasis, pct: i128) -> Option<i128> {
    let rd = i128::from(input.rd_expense);
    match basis {
        RdBasis::Revenue if input.revenue > 0 => Some(ceil_div(pct * i128::from(input.revenue), 100) - rd),
        RdBasis::Cost if input.cost_total > 0 => {
            Some(ceil_div(pct * i128::from(input.cost_total) - 100 * rd, 100 - pct))
        }
        _ => None,
    }
}

fn total_score(input: &TechSmeInput, parts: &TechSmeParts, basis: RdBasis, score: u32) -> Gap {
    let need = PASS_SCORE.saturating_sub(score);
    let mut zh_items = Vec::new();
    let mut en_items = Vec::new();
    if let Some((pct, pts)) = next_band(parts.st_staff, &ST_STAFF_BANDS) {
        let hire = hires_for(input, pct);
        zh_items.push(format!(
            "新增科技人员{hire}人，科技人员占比达{pct}%，该项由{}分升至{pts}分",
            parts.st_staff
        ));
        en_items.push(format!(
            "{hire} more S&T staff reach {pct} % and lift that indicator from {} to {pts}",
            parts.st_staff
        ));
    }
    let options: [(RdBasis, &Bands, &str, &str); 2] = [
        (RdBasis::Revenue, &RD_REVENUE_BANDS, "销售收入", "sales revenue"),
        (RdBasis::Cost, &RD_COST_BANDS, "成本费用支出总额", "total costs"),
    ];
    let cheapest = options
        .iter()
        .filter_map(|(b, bands, zh, en)| {
            let (pct, pts) = next_band(parts.rd, bands)?;
            Some((rd_needed(input, *b, pct)?, pct, pts, *zh, *en))
        })
        .min_by_key(|(amount, ..)| *amount);
    if let Some((amount, pct, pts, zh, en)) = cheapest {
        zh_items.push(format!(
            "研发费用增加{}，占{zh}比例达{pct}%，研发投入指标由{}分升至{pts}分",
            yuan_zh(amount),
            parts.rd
        ));
        en_items.push(format!(
            "{} more R&D expense reaches {pct} % of {en} and lifts R&D input from {} to {pts}",
            yuan_en(amount),
            parts.rd
        ));
    }
    let ip = input.ip;
    if ip.class1_count == 0 {
        zh_items.push(format!("取得1项Ⅰ类知识产权，科技成果指标由{}分升至30分", parts.ip));
        en_items.push(format!("one class-I IP lifts S&T results from {} to 30", parts.ip));
        if ip.class2_count < 4 {
            let next = super::score::ip_points(0, ip.class2_count + 1);
            zh_items.push(format!("或再取得1项Ⅱ类知识产权，该项升至{next}分"));
            en_items.push(format!("or one more class-II IP lifts it to {next}"));
        }
    }
    let basis_zh = match basis {
        RdBasis::Revenue => "销售收入",
        RdBasis::Cost => "成本费用支出总额",
    };
    let basis_en = match basis {
        RdBasis::Revenue => "sales revenue",
        RdBasis::Cost => "total costs",
    };
    let mut zh = format!(
        "综合评价得分{score}分（科技人员{}分、研发投入{}分（按{basis_zh}计）、科技成果{}分），须不低于60分，还差{need}分。",
        parts.st_staff, parts.rd, parts.ip
    );
    let mut en = format!(
        "The score is {score} (S&T staff {}, R&D input {} on {basis_en}, S&T results {}); at least 60 is required, \
         so {need} more points are needed.",
        parts.st_staff, parts.rd, parts.ip
    );
    if !zh_items.is_empty() {
        zh.push_str(&format!("可提分项：{}。", zh_items.join("；")));
        en.push_str(&format!(" Ways to add points: {}.", en_items.join("; ")));
    }
    Gap::new("total_score", zh, en, Some((i128::from(need), GapUnit::Points)))
}
