//! Building the clinic report from a registry profile.

use chrono::Datelike;

use super::rank::rank_gaps;
use super::{ClinicReport, Note, Profile, ProfileYear, TrendRow};
use crate::headcount::Headcount;
use crate::hte::{
    ExpertView, Grade, HteCondition, HteInput, HteIp, HteReport, HteYear, IpAcquisition, RdManagement, assess_hte,
};
use crate::money::{Fraction, MAX_YUAN};
use crate::points::{Points, PointsMode};
use crate::tech_sme::{DirectRoutes, TechSmeInput, TechSmeIp, assess_tech_sme};

fn note(zh: impl Into<String>, en: impl Into<String>) -> Note {
    Note {
        zh: zh.into(),
        en: en.into(),
    }
}

fn clamp(v: i64) -> i64 {
    v.clamp(-MAX_YUAN, MAX_YUAN)
}

fn hte_year(y: &ProfileYear) -> HteYear {
    HteYear {
        year: y.year,
        revenue: clamp(y.revenue.max(0)),
        total_income: clamp(y.revenue.max(0)),
        rd_expense: clamp(y.rd_expense.max(0)),
        rd_expense_in_china: clamp(y.rd_expense_in_china.clamp(0, y.rd_expense.max(0))),
        high_tech_revenue: clamp(y.high_tech_revenue.clamp(0, y.revenue.max(0))),
        net_assets_end: clamp(y.net_assets),
        employees: Headcount::persons(y.employees),
        st_staff: Headcount::persons(y.st_staff.min(y.employees)),
    }
}

/// The HTE input with every unknown at its least (`favourable = false`) or
/// most favourable value; answered items take their answer in both.
fn hte_input(p: &Profile, founded: chrono::NaiveDate, years: &[&ProfileYear], favourable: bool) -> HteInput {
    let last = years.last().copied();
    let class1 = last.map_or(0, |y| y.invention_patents);
    let class2 = last.map_or(0, |y| y.utility_models.saturating_add(y.software_copyrights));
    let grade = if favourable { Grade::A } else { Grade::E };
    let a = &p.answers;
    let all = |v: bool| RdManagement {
        system: v,
        institution: v,
        incentive: v,
        talent: v,
    };
    HteInput {
        registration_date: founded,
        assessment_date: p.as_of,
        years: years.iter().map(|y| hte_year(y)).collect(),
        ip: HteIp {
            class1_count: class1,
            class2_count: class2,
            owns_core_ip: class1 + class2 > 0,
            acquisition: IpAcquisition::OwnRd,
            standards_participation: a.standards_participation.unwrap_or(favourable),
        },
        field_in_catalogue: a.field_in_catalogue.unwrap_or(favourable),
        // Five a year is the top band (指引, 科技成果转化能力).
        commercializations_3y: a
            .commercializations_3y
            .unwrap_or(if favourable { 5 * years.len() as u32 } else { 0 }),
        rd_management: a.rd_management.unwrap_or(all(favourable)),
        major_violation_last_year: a.major_violation_last_year.unwrap_or(!favourable),
        expert: ExpertView {
            tech_advancement: grade,
            core_support: grade,
            points: if favourable { PointsMode::Max } else { PointsMode::Min },
        },
    }
}

fn trend_row(y: &ProfileYear) -> TrendRow {
    let pct = |num: i64, den: i64| Fraction::new(num.into(), den.into()).and_then(|f| f.percent_floor());
    TrendRow {
        year: y.year,
        revenue: y.revenue,
        rd_expense: y.rd_expense,
        rd_ratio_pct: pct(y.rd_expense, y.revenue),
        st_staff_pct: pct(y.st_staff.into(), y.employees.into()),
        high_tech_revenue_pct: pct(y.high_tech_revenue, y.revenue),
        ip_count: y
            .invention_patents
            .saturating_add(y.utility_models)
            .saturating_add(y.software_copyrights),
    }
}

/// The items the registry cannot tell, stated once in every report.
fn assumptions() -> Vec<Note> {
    vec![
        note(
            "营业收入同时作为销售收入和总收入（收入总额减不征税收入）使用",
            "Operating revenue is used as both sales revenue and total income",
        ),
        note(
            "知识产权按最近一年的发明专利（Ⅰ类）与实用新型、软件著作权（Ⅱ类）计，均视为自主研发、对主要产品发挥核心支持作用",
            "IP is the latest year's invention patents (class I) and utility models and software copyrights (class II), taken as own R&D giving core support",
        ),
        note(
            "技术领域、科技成果转化、研发组织管理、违法记录未补充的，以及专家评分：高企评估按最不利与最有利两种情况给出区间",
            "Field, commercialisations, R&D management and violations not answered, and the experts' grades: the HTE assessment gives the least and the most favourable case",
        ),
        note(
            "科技型中小企业评价按居民企业、非禁止类行业、无失信记录计，研发投入按销售收入口径（成本费用总额未登记）",
            "The tech-SME evaluation assumes a resident firm in a permitted industry with a clean record, and uses the revenue basis for R&D (cost totals are not on record)",
        ),
    ]
}

fn strengths(
    hte: Option<&HteReport>,
    best: Option<&HteReport>,
    sme: Option<&crate::tech_sme::TechSmeReport>,
) -> Vec<Note> {
    let mut out = Vec::new();
    if let Some(h) = hte {
        for c in h.conditions.iter().filter(|c| c.passed) {
            let shown = match c.id {
                HteCondition::RdRatio => h.rd_ratio_pct.map(|v| {
                    note(
                        format!("研发费用占比 {v}%，达到 {}% 的要求", h.rd_threshold_pct),
                        format!("R&D ratio {v}% meets the {}% line", h.rd_threshold_pct),
                    )
                }),
                HteCondition::StStaffRatio => h.st_staff_pct.map(|v| {
                    note(
                        format!("科技人员占比 {v}%，达到 10% 的要求"),
                        format!("S&T staff {v}% of employees meets the 10% line"),
                    )
                }),
                HteCondition::HighTechRevenueShare => h.high_tech_revenue_pct.map(|v| {
                    note(
                        format!("高新技术产品（服务）收入占比 {v}%，达到 60% 的要求"),
                        format!("High-tech revenue {v}% of income meets the 60% line"),
                    )
                }),
                HteCondition::RdInChinaShare => h.rd_in_china_pct.map(|v| {
                    note(
                        format!("境内研发费用占比 {v}%，达到 60% 的要求"),
                        format!("R&D in China {v}% meets the 60% line"),
                    )
                }),
                HteCondition::CoreIp => Some(note("拥有知识产权", "Holds intellectual property")),
                _ => None,
            };
            out.extend(shown);
        }
        if let Some(b) = best
            && b.innovation_score.max >= crate::hte::PASS_SCORE
            && h.innovation_score.min < crate::hte::PASS_SCORE
        {
            out.push(note(
                format!(
                    "创新能力评价最高可得 {} 分，具备达到 71 分的空间",
                    b.innovation_score.max
                ),
                format!(
                    "The innovation score can reach {}, room to pass 71",
                    b.innovation_score.max
                ),
            ));
        }
    }
    if let Some(s) = sme
        && s.qualified
    {
        out.push(note(
            format!("符合科技型中小企业评价条件（{} 分）", s.score),
            format!("Meets the tech-SME evaluation ({} points)", s.score),
        ));
    }
    out
}

/// The tech-SME evaluation of one year's figures, as the registry holds
/// them: a resident firm in a permitted industry with a clean record, R&D on
/// the revenue basis (cost totals are not on record), the HTE certificate as
/// the only direct route it can know of.
pub fn tech_sme_of(y: &ProfileYear, hte_certificate_valid: bool) -> crate::tech_sme::TechSmeReport {
    assess_tech_sme(&TechSmeInput {
        year: (y.year + 1).clamp(2017, 2100),
        resident_enterprise_mainland: true,
        prohibited_restricted_or_eliminated: false,
        violation_or_listed: false,
        employees: Headcount::persons(y.employees),
        st_staff: Headcount::persons(y.st_staff.min(y.employees)),
        revenue: clamp(y.revenue.max(0)),
        total_assets: clamp(y.total_assets.max(0)),
        rd_expense: clamp(y.rd_expense.max(0)),
        cost_total: 0,
        ip: TechSmeIp {
            class1_count: y.invention_patents,
            class2_count: y.utility_models.saturating_add(y.software_copyrights),
        },
        direct: DirectRoutes {
            hte_certificate_valid,
            national_st_award_top3_5y: false,
            provincial_rd_institution: false,
            led_standard_5y: false,
        },
    })
}

/// The clinic report of one enterprise.
pub fn clinic(p: &Profile) -> ClinicReport {
    let mut years: Vec<&ProfileYear> = p.years.iter().filter(|y| y.year < p.as_of.year()).collect();
    years.sort_by_key(|y| y.year);
    years.dedup_by_key(|y| y.year);
    let trend: Vec<TrendRow> = years.iter().map(|y| trend_row(y)).collect();

    // HTE: the completed accounting years before the assessment year, at
    // most three, none before the founding year.
    let (mut hte, mut hte_best, mut missing_years) = (None, None, Vec::new());
    if let Some(founded) = p.founded_on {
        let last = p.as_of.year() - 1;
        let first = (last - 2).max(founded.year());
        let needed: Vec<&ProfileYear> = (first..=last)
            .filter_map(|y| {
                let found = years.iter().find(|f| f.year == y).copied();
                if found.is_none() {
                    missing_years.push(y);
                }
                found
            })
            .collect();
        if missing_years.is_empty() && !needed.is_empty() {
            hte = Some(assess_hte(&hte_input(p, founded, &needed, false)));
            hte_best = Some(assess_hte(&hte_input(p, founded, &needed, true)));
        }
    }
    let depends_on_answers = match (&hte, &hte_best) {
        (Some(w), Some(b)) => w
            .conditions
            .iter()
            .zip(&b.conditions)
            .filter(|(w, b)| w.passed != b.passed)
            .map(|(w, _)| w.id)
            .collect(),
        _ => Vec::new(),
    };
    let innovation_score = match (&hte, &hte_best) {
        (Some(w), Some(b)) => Some(Points {
            min: w.innovation_score.min,
            max: b.innovation_score.max,
        }),
        _ => None,
    };

    // Tech-SME: the latest year on record before the evaluation year.
    let latest = years.last().copied();
    let tech_sme = latest.map(|y| tech_sme_of(y, p.hte_certificate_valid));

    // Gaps that remain even in the most favourable case are what the data
    // itself says must change.
    let gaps = rank_gaps(hte_best.as_ref(), tech_sme.as_ref(), latest);
    let mut actions: Vec<Note> = Vec::new();
    for g in &gaps {
        if let Some(a) = super::rank::action(&g.gap)
            && !actions.contains(&a)
        {
            actions.push(a);
        }
    }
    if !depends_on_answers.is_empty() {
        actions.push(note(
            "补充技术领域、成果转化、研发管理制度等情况，由专家评估创新能力得分",
            "Provide the field, commercialisations and R&D management, and have experts grade the innovation evaluation",
        ));
    }
    ClinicReport {
        missing_founding_date: p.founded_on.is_none(),
        missing_years,
        strengths: strengths(hte.as_ref(), hte_best.as_ref(), tech_sme.as_ref()),
        hte,
        hte_best,
        innovation_score,
        depends_on_answers,
        tech_sme_year: latest.map(|y| y.year),
        tech_sme,
        gaps,
        actions,
        assumptions: assumptions(),
        trend,
    }
}
