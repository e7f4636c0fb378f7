//! Innovation-capability score (企业创新能力评价), 办法 第十一条(七) and the
//! tables of 指引 "企业创新能力评价": IP ≤30, commercialisation ≤30, R&D
//! organisation and management ≤20, growth ≤20; whole points, pass above 70.
//!
//! Items an expert picks inside a band carry the band and the points the
//! input's [`PointsMode`] keeps of it. Counted facts (IP counts, yearly
//! commercialisations, growth rates) choose the band exactly.

use serde::{Deserialize, Serialize};

use super::growth::GrowthOutcome;
use super::input::{Grade, HteInput, IpAcquisition};
use crate::points::{Points, PointsMode};

/// The four parts of the evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScorePart {
    Ip,
    Commercialization,
    RdManagement,
    Growth,
}

/// One scored item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreItem {
    pub part: ScorePart,
    /// e.g. `tech_advancement`, `ip_count`, `net_assets`.
    pub item: String,
    /// The 指引's grade letter, where the item has grades.
    pub grade: Option<String>,
    /// The whole band the grade allows.
    pub band: Points,
    /// The points kept of the band under the input's `points` mode.
    pub points: Points,
    /// The points inside the band are an expert's judgment.
    pub judgment: bool,
    /// What chose the band, in English.
    pub decided_by: String,
}

/// The four parts' points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct InnovationParts {
    pub ip: Points,
    pub commercialization: Points,
    pub rd_management: Points,
    pub growth: Points,
}

/// The whole evaluation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct InnovationScore {
    pub total: Points,
    pub parts: InnovationParts,
    pub items: Vec<ScoreItem>,
    pub net_assets_growth: GrowthOutcome,
    pub revenue_growth: GrowthOutcome,
}

/// Band of the expert-graded IP items (技术的先进程度; 核心支持作用):
/// A 7-8, B 5-6, C 3-4, D 1-2, E 0.
pub(crate) fn grade_band(g: Grade) -> Points {
    match g {
        Grade::A => Points::band(7, 8),
        Grade::B => Points::band(5, 6),
        Grade::C => Points::band(3, 4),
        Grade::D => Points::band(1, 2),
        Grade::E => Points::ZERO,
    }
}

fn letter(g: Grade) -> &'static str {
    match g {
        Grade::A => "A",
        Grade::B => "B",
        Grade::C => "C",
        Grade::D => "D",
        Grade::E => "E",
    }
}

/// 知识产权数量 (≤8): A ≥1 class I (7-8); B ≥5 class II (5-6); C 3-4 class II
/// (3-4); D 1-2 class II (1-2); E none (0).
pub(crate) fn ip_count_grade(class1: u32, class2: u32) -> (&'static str, Points) {
    match (class1, class2) {
        (1.., _) => ("A", Points::band(7, 8)),
        (0, 5..) => ("B", Points::band(5, 6)),
        (0, 3..=4) => ("C", Points::band(3, 4)),
        (0, 1..=2) => ("D", Points::band(1, 2)),
        (0, 0) => ("E", Points::ZERO),
    }
}

/// The commercialisation grades: yearly average at least 5, 4, 3, 2, 1
/// (A 25-30, B 19-24, C 13-18, D 7-12, E 1-6), F none (0).
pub(crate) const COMMERCIALIZATION_GRADES: [(u32, &str, Points); 5] = [
    (5, "A", Points { min: 25, max: 30 }),
    (4, "B", Points { min: 19, max: 24 }),
    (3, "C", Points { min: 13, max: 18 }),
    (2, "D", Points { min: 7, max: 12 }),
    (1, "E", Points { min: 1, max: 6 }),
];

/// The grade of `count` commercialisations over `years` years. The table
/// leaves a yearly average between 0 and 1 ungraded; any commercialisation
/// is read as grade E (转化能力弱), none as F.
pub(crate) fn commercialization_grade(count: u32, years: u32) -> (&'static str, Points) {
    let years = years.max(1);
    for (per_year, grade, band) in COMMERCIALIZATION_GRADES {
        if u64::from(count) >= u64::from(per_year) * u64::from(years) {
            return (grade, band);
        }
    }
    if count > 0 {
        ("E", Points::band(1, 6))
    } else {
        ("F", Points::ZERO)
    }
}

/// The years the averages are taken over: the years given (实际经营期).
pub(crate) fn period_years(input: &HteInput) -> u32 {
    match input.years.len() {
        0 => 3,
        n => n as u32,
    }
}

/// The R&D management items with their caps.
pub(crate) fn rd_management_items(input: &HteInput) -> [(&'static str, bool, u32); 4] {
    let m = input.rd_management;
    [
        ("system", m.system, 6),
        ("institution", m.institution, 6),
        ("incentive", m.incentive, 4),
        ("talent", m.talent, 4),
    ]
}

struct Builder {
    mode: PointsMode,
    items: Vec<ScoreItem>,
}

impl Builder {
    fn push(&mut self, part: ScorePart, item: &str, grade: Option<&str>, band: Points, decided_by: String) {
        self.items.push(ScoreItem {
            part,
            item: item.to_owned(),
            grade: grade.map(str::to_owned),
            band,
            points: self.mode.pick(band),
            judgment: !band.is_exact(),
            decided_by,
        });
    }

    fn part(&self, part: ScorePart) -> Points {
        self.items.iter().filter(|i| i.part == part).map(|i| i.points).sum()
    }
}

/// Scores the evaluation for `input`.
pub(crate) fn innovation_score(input: &HteInput) -> InnovationScore {
    let mut b = Builder {
        mode: input.expert.points,
        items: Vec::new(),
    };
    let ip = &input.ip;

    // 1. 知识产权 (≤30).
    let e = input.expert;
    b.push(
        ScorePart::Ip,
        "tech_advancement",
        Some(letter(e.tech_advancement)),
        grade_band(e.tech_advancement),
        format!("expert grade {}", letter(e.tech_advancement)),
    );
    b.push(
        ScorePart::Ip,
        "core_support",
        Some(letter(e.core_support)),
        grade_band(e.core_support),
        format!("expert grade {}", letter(e.core_support)),
    );
    let (g, band) = ip_count_grade(ip.class1_count, ip.class2_count);
    b.push(
        ScorePart::Ip,
        "ip_count",
        Some(g),
        band,
        format!("{} class-I and {} class-II IP", ip.class1_count, ip.class2_count),
    );
    if ip.class1_count == 0 && ip.class2_count == 0 {
        b.push(ScorePart::Ip, "acquisition", None, Points::ZERO, "no IP".to_owned());
    } else {
        match ip.acquisition {
            IpAcquisition::OwnRd => b.push(
                ScorePart::Ip,
                "acquisition",
                Some("A"),
                Points::band(1, 6),
                "own R&D".to_owned(),
            ),
            IpAcquisition::AcquiredOnly => b.push(
                ScorePart::Ip,
                "acquisition",
                Some("B"),
                Points::band(1, 3),
                "only transferred, donated or merged-in IP".to_owned(),
            ),
        }
    }
    if ip.standards_participation {
        b.push(
            ScorePart::Ip,
            "standards",
            Some("A"),
            Points::band(1, 2),
            "took part in standards".to_owned(),
        );
    } else {
        b.push(
            ScorePart::Ip,
            "standards",
            Some("B"),
            Points::ZERO,
            "no standards".to_owned(),
        );
    }

    // 2. 科技成果转化能力 (≤30), by the yearly average over the period.
    let years = period_years(input);
    let (g, band) = commercialization_grade(input.commercializations_3y, years);
    let hundredths = u64::from(input.commercializations_3y) * 100 / u64::from(years);
    b.push(
        ScorePart::Commercialization,
        "per_year",
        Some(g),
        band,
        format!(
            "{} commercialisations over {years} year(s), {}.{:02} a year",
            input.commercializations_3y,
            hundredths / 100,
            hundredths % 100
        ),
    );

    // 3. 研究开发组织管理水平 (≤20): the 指引 gives caps, no bands; an item
    // in place is scored at its cap, an absent one 0.
    for (name, in_place, cap) in rd_management_items(input) {
        let (band, why) = if in_place {
            (Points::exact(cap), "in place")
        } else {
            (Points::ZERO, "not in place")
        };
        b.push(ScorePart::RdManagement, name, None, band, why.to_owned());
    }

    // 4. 企业成长性 (≤20).
    let net: Vec<i64> = input.years.iter().map(|y| y.net_assets_end).collect();
    let rev: Vec<i64> = input.years.iter().map(|y| y.revenue).collect();
    let net_assets_growth = GrowthOutcome::of(&net);
    let revenue_growth = GrowthOutcome::of(&rev);
    for (name, what, g) in [
        ("net_assets", "net-asset", net_assets_growth),
        ("revenue", "sales-revenue", revenue_growth),
    ] {
        let grade = g.grade();
        b.push(
            ScorePart::Growth,
            name,
            Some(grade.letter()),
            grade.band(),
            g.describe(what),
        );
    }

    let parts = InnovationParts {
        // 加分后"知识产权"总分不超过30分.
        ip: b.part(ScorePart::Ip).capped(30),
        commercialization: b.part(ScorePart::Commercialization),
        rd_management: b.part(ScorePart::RdManagement),
        growth: b.part(ScorePart::Growth),
    };
    InnovationScore {
        total: parts.ip + parts.commercialization + parts.rd_management + parts.growth,
        parts,
        items: b.items,
        net_assets_growth,
        revenue_growth,
    }
}
