//! The indicator catalogue: every indicator with its definition, unit,
//! source tables, formula and definition version. An indicator is either
//! counted from kechuang's records (a sum of [`Base`] quantities over the
//! regions of an area), entered with its source (GDP, population, fiscal
//! S&T spending from the statistics bureau), a ratio of two sums, or the
//! growth of another indicator over the year before. Ratios are always
//! formed from the sums, never averaged, so a group of counties and the
//! city add up the way the statistics bureau adds them.

use kechuang_kernel::vocab::Lang;

/// Declares the indicator keys with their names and definitions, and the
/// messages (`indicator.<code>`, `indicator.<code>.def`) the pages and plan
/// targets show them with.
macro_rules! keys {
    ($( $variant:ident => $code:literal, $zh:literal, $en:literal, $def_zh:literal, $def_en:literal; )+) => {
        /// An indicator of the catalogue.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum IndicatorKey { $( $variant, )+ }

        impl IndicatorKey {
            pub const ALL: &'static [IndicatorKey] = &[ $( Self::$variant, )+ ];

            /// The stable code, e.g. `hte_held`.
            pub fn as_str(self) -> &'static str {
                match self { $( Self::$variant => $code, )+ }
            }

            /// The key of a code, e.g. from a URL or a plan target.
            pub fn parse(code: &str) -> Option<Self> {
                match code.trim() { $( $code => Some(Self::$variant), )+ _ => None }
            }

            pub fn label(self, lang: Lang) -> &'static str {
                match (self, lang) { $( (Self::$variant, Lang::Zh) => $zh, (Self::$variant, Lang::En) => $en, )+ }
            }

            /// What is counted, over which dates.
            pub fn definition(self, lang: Lang) -> &'static str {
                match (self, lang) { $( (Self::$variant, Lang::Zh) => $def_zh, (Self::$variant, Lang::En) => $def_en, )+ }
            }

            /// The message key of the name.
            pub fn label_key(self) -> &'static str {
                match self { $( Self::$variant => concat!("indicator.", $code), )+ }
            }

            /// The message key of the definition.
            pub fn definition_key(self) -> &'static str {
                match self { $( Self::$variant => concat!("indicator.", $code, ".def"), )+ }
            }
        }

        /// The names and definitions as messages (key, Chinese, English).
        pub const TEXTS: &[(&str, &str, &str)] = &[
            $( (concat!("indicator.", $code), $zh, $en), (concat!("indicator.", $code, ".def"), $def_zh, $def_en), )+
        ];
    };
}

impl serde::Serialize for IndicatorKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

keys! {
    HteHeld => "hte_held", "高新技术企业数", "High-tech enterprises",
        "年末（12月31日）持有有效高新技术企业证书的企业数，按企业所在县区计；当年截至今日；已合并的企业不计。",
        "Firms holding a high-tech enterprise certificate valid on 31 December (for the year under way, today), by the firm's county; merged records excluded.";
    HteNew => "hte_new", "新增高新技术企业数", "New high-tech enterprises",
        "本年取得高新技术企业证书、且上年12月31日未持有有效证书的企业数（首次认定或重新进入）；到期重新认定的不计。",
        "Firms certified in the year that held no valid certificate on 31 December of the year before (first or returning); renewals without a gap are not new.";
    TechSmeHeld => "tech_sme_held", "科技型中小企业数", "Tech-based SMEs",
        "年末（12月31日）持有有效科技型中小企业入库登记编号的企业数；当年截至今日。",
        "Firms holding a tech-based SME registration valid on 31 December (for the year under way, today).";
    TechSmeNew => "tech_sme_new", "新增科技型中小企业数", "New tech-based SMEs",
        "本年入库、且上年12月31日未在库的科技型中小企业数。",
        "Tech-based SMEs registered in the year that were not registered on 31 December of the year before.";
    Platforms => "platforms", "创新平台数", "Innovation platforms",
        "认定日期不晚于12月31日（当年截至今日）、当前运行中的各级创新平台数（已撤销、建设中的不计；未填认定日期的按登记日期）。",
        "Running platforms of every level recognised by 31 December (revoked and under construction excluded; without a recognition date, the date recorded).";
    PlatformsNew => "platforms_new", "新增创新平台数", "New innovation platforms",
        "认定日期在本年的创新平台数（含其后撤销的）；未填认定日期的不计。",
        "Platforms recognised in the year (including any revoked since); platforms without a recognition date are not counted.";
    PlatformsProvincial => "platforms_provincial", "省级以上创新平台数", "Provincial and national platforms",
        "年末运行中的省级、国家级创新平台数。",
        "Running provincial and national platforms on 31 December.";
    ContractTurnover => "contract_turnover", "技术合同成交额", "Technology contract turnover",
        "本年签订并在本地登记的技术合同成交额之和，按登记县区计；核查确认异常的合同不计。",
        "Contract amounts of technology contracts signed in the year and registered locally, by registering county; contracts whose flags were confirmed as problems are excluded.";
    ContractGrowth => "contract_growth", "技术合同成交额增长率", "Growth of technology contract turnover",
        "（本年技术合同成交额 − 上年）÷ 上年 × 100%；上年无数据或为零时不计算。",
        "(This year's turnover − last year's) ÷ last year's × 100%; not computed when last year has no figure or zero.";
    BeijingTianjinShare => "bt_share", "吸纳京津技术占比", "Share of absorbed technology from Beijing-Tianjin",
        "本地买方从京津卖方购买的技术交易额 ÷ 本地买方购买的技术交易额 × 100%。",
        "Technology amount local buyers bought from Beijing-Tianjin sellers ÷ technology amount local buyers bought × 100%.";
    AchievementsConverted => "achievements_converted", "转化科技成果数", "Achievements converted",
        "首份技术合同在本年登记的科技成果数：一项成果只计一次，计在其首份合同的年度和登记县区。",
        "Achievements whose first technology contract was registered in the year: each counted once, in the year and county of its first contract.";
    RdExpense => "rd_expense", "企业研发费用", "Enterprise R&D expenditure",
        "企业年度数据中本年研发费用之和（企业填报或导入的年度数据，非统计部门口径）。",
        "Sum of the R&D expenditure in the firms' yearly facts (as the firms reported or staff imported; not the statistics bureau's survey).";
    InventionPatents => "invention_patents", "企业发明专利拥有量", "Invention patents held by enterprises",
        "企业年度数据中本年发明专利拥有量之和（未区分高价值发明专利）。",
        "Sum of the invention patents held in the firms' yearly facts (high-value patents are not told apart).";
    AboveScaleRdShare => "above_scale_rd_share", "规上工业企业设立研发机构比例", "Above-scale industrial firms with an R&D institution",
        "依托建设运行中研发类平台（重点实验室、技术创新中心、工程研究中心、企业技术中心、新型研发机构、产业技术研究院、院士工作站）的规上工业企业 ÷ 规上工业企业 × 100%。规上标志只有当前值，故只计当年。",
        "Above-scale industrial firms hosting a running R&D platform (key lab, innovation or engineering centre, enterprise technology centre, new R&D institution, industrial institute, academician workstation) ÷ above-scale industrial firms × 100%. The above-scale flag is today's, so only the current year has a figure.";
    IncentivesPaid => "incentives_paid", "政策兑现资金", "Incentives paid",
        "本年（按支付日期，北京时间）已支付的政策兑现资金，按企业所在县区计。",
        "Incentives paid in the year (by payment date, China time), by the firm's county.";
    Gdp => "gdp", "地区生产总值", "Gross domestic product",
        "统计部门公布的地区生产总值，录入时注明来源；市的数值未录入时为各县区之和。",
        "GDP as the statistics bureau publishes it, entered with its source; a city without an entry sums its counties.";
    Population => "population", "常住人口", "Resident population",
        "统计部门公布的年末常住人口，录入时注明来源。",
        "Resident population at year end as the statistics bureau publishes it, entered with its source.";
    FiscalSt => "fiscal_st", "财政科技支出", "Fiscal S&T spending",
        "财政部门决算中的科学技术支出，录入时注明来源。",
        "Science and technology spending in the final fiscal accounts, entered with its source.";
    RdIntensity => "rd_intensity", "研发投入强度", "R&D intensity",
        "企业研发费用 ÷ 地区生产总值 × 100%。分子只含在册企业的研发费用，低于统计部门的全社会口径。",
        "Enterprise R&D expenditure ÷ GDP × 100%. The numerator holds only the registered firms' spending, below the statistics bureau's whole-society figure.";
    PatentsPer10k => "patents_per_10k", "每万人口发明专利拥有量", "Invention patents per 10,000 residents",
        "企业发明专利拥有量 ÷ 常住人口（万人）。只含在册企业的专利，未区分高价值发明专利。",
        "Invention patents held by firms ÷ resident population (10k). Only the registered firms' patents; high-value patents are not told apart.";
}

/// A quantity that adds up over regions: counted from records, or entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Base {
    /// Firms holding a valid HTE certificate on 31 December.
    HteHeld,
    /// Firms certified HTE in the year without one valid on the 31 December before.
    HteNew,
    TechSmeHeld,
    TechSmeNew,
    /// Platforms running (not revoked, not under construction) recognised by 31 December.
    Platforms,
    /// Platforms recognised in the year.
    PlatformsNew,
    /// Platforms of provincial or national level running on 31 December.
    PlatformsProvincial,
    /// Contract amount (fen) of contracts registered in the year.
    ContractFen,
    /// Technology amount (fen) bought by local buyers.
    AbsorbedTechFen,
    /// Technology amount (fen) bought by local buyers from Beijing-Tianjin sellers.
    AbsorbedBtTechFen,
    /// Achievements whose first contract was registered in the year.
    AchievementsConverted,
    /// R&D expenditure (fen) from the yearly facts.
    RdFen,
    /// Invention patents held, from the yearly facts.
    InventionPatents,
    /// Above-scale industrial firms (today's flag).
    AboveScale,
    /// Of those, the ones hosting a running R&D platform.
    AboveScaleWithRd,
    /// Incentives paid (fen) in the year.
    PaidFen,
    /// Entered: GDP in 亿元.
    Gdp,
    /// Entered: population in 万人.
    Population,
    /// Entered: fiscal S&T spending in 万元.
    FiscalSt,
}

impl Base {
    /// Entered with a source rather than counted.
    pub fn is_entered(self) -> bool {
        matches!(self, Base::Gdp | Base::Population | Base::FiscalSt)
    }
}

/// How an indicator's value is formed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Formula {
    /// The sum of a base, multiplied by `factor` (e.g. fen → 万元).
    Sum { base: Base, factor: f64 },
    /// `sum(num) × factor / sum(den)`; no value when the denominator is 0.
    Ratio { num: Base, den: Base, factor: f64 },
    /// `(v(Y) − v(Y−1)) / v(Y−1) × 100` of another indicator; no value when
    /// the year before has none or is 0 (never across a missing year).
    Growth { of: IndicatorKey },
}

/// The unit a value is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Firms,
    Platforms,
    Items,
    Pieces,
    Wan,
    Yi,
    WanPeople,
    Percent,
    PerTenThousand,
}

impl Unit {
    /// The unit as plan targets write it.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Unit::Firms, Lang::Zh) => "家",
            (Unit::Firms, Lang::En) => "firms",
            (Unit::Platforms, Lang::Zh) => "个",
            (Unit::Platforms, Lang::En) => "platforms",
            (Unit::Items, Lang::Zh) => "项",
            (Unit::Items, Lang::En) => "items",
            (Unit::Pieces, Lang::Zh) => "件",
            (Unit::Pieces, Lang::En) => "patents",
            (Unit::Wan, Lang::Zh) => "万元",
            (Unit::Wan, Lang::En) => "10k yuan",
            (Unit::Yi, Lang::Zh) => "亿元",
            (Unit::Yi, Lang::En) => "100m yuan",
            (Unit::WanPeople, Lang::Zh) => "万人",
            (Unit::WanPeople, Lang::En) => "10k people",
            (Unit::Percent, _) => "%",
            (Unit::PerTenThousand, Lang::Zh) => "件/万人",
            (Unit::PerTenThousand, Lang::En) => "per 10k people",
        }
    }

    /// Decimal places a value in this unit is rounded to.
    pub fn decimals(self) -> usize {
        match self {
            Unit::Firms | Unit::Platforms | Unit::Items | Unit::Pieces => 0,
            Unit::Wan | Unit::Yi | Unit::WanPeople | Unit::Percent | Unit::PerTenThousand => 2,
        }
    }
}

/// One indicator of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub key: IndicatorKey,
    pub formula: Formula,
    pub unit: Unit,
    /// The tables its figures come from (for the lineage).
    pub sources: &'static [&'static str],
    /// The version of the definition; a change of definition gets a new one.
    pub version: &'static str,
    pub higher_is_better: bool,
}

impl Spec {
    /// Entered with its source (not counted from records).
    pub fn is_entered(&self) -> bool {
        matches!(self.formula, Formula::Sum { base, .. } if base.is_entered())
    }

    /// The bases its value is formed from.
    pub fn bases(&self) -> Vec<Base> {
        match self.formula {
            Formula::Sum { base, .. } => vec![base],
            Formula::Ratio { num, den, .. } => vec![num, den],
            Formula::Growth { of } => spec(of).bases(),
        }
    }
}

const FEN_TO_WAN: f64 = 1.0 / 1_000_000.0;
const CERTS: &[&str] = &["certificates", "enterprises"];
const PLATFORMS: &[&str] = &["registry_records"];
const CONTRACTS: &[&str] = &["tech_contracts"];
const FACTS: &[&str] = &["enterprise_facts", "enterprises"];
const ENTERED: &[&str] = &["indicator_inputs"];

/// Every indicator, in the order pages list them.
pub static CATALOGUE: &[Spec] = &[
    Spec {
        key: IndicatorKey::HteHeld,
        formula: Formula::Sum {
            base: Base::HteHeld,
            factor: 1.0,
        },
        unit: Unit::Firms,
        sources: CERTS,
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::HteNew,
        formula: Formula::Sum {
            base: Base::HteNew,
            factor: 1.0,
        },
        unit: Unit::Firms,
        sources: CERTS,
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::TechSmeHeld,
        formula: Formula::Sum {
            base: Base::TechSmeHeld,
            factor: 1.0,
        },
        unit: Unit::Firms,
        sources: CERTS,
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::TechSmeNew,
        formula: Formula::Sum {
            base: Base::TechSmeNew,
            factor: 1.0,
        },
        unit: Unit::Firms,
        sources: CERTS,
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::Platforms,
        formula: Formula::Sum {
            base: Base::Platforms,
            factor: 1.0,
        },
        unit: Unit::Platforms,
        sources: PLATFORMS,
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::PlatformsNew,
        formula: Formula::Sum {
            base: Base::PlatformsNew,
            factor: 1.0,
        },
        unit: Unit::Platforms,
        sources: PLATFORMS,
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::PlatformsProvincial,
        formula: Formula::Sum {
            base: Base::PlatformsProvincial,
            factor: 1.0,
        },
        unit: Unit::Platforms,
        sources: PLATFORMS,
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::ContractTurnover,
        formula: Formula::Sum {
            base: Base::ContractFen,
            factor: FEN_TO_WAN,
        },
        unit: Unit::Wan,
        sources: CONTRACTS,
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::ContractGrowth,
        formula: Formula::Growth {
            of: IndicatorKey::ContractTurnover,
        },
        unit: Unit::Percent,
        sources: CONTRACTS,
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::BeijingTianjinShare,
        formula: Formula::Ratio {
            num: Base::AbsorbedBtTechFen,
            den: Base::AbsorbedTechFen,
            factor: 100.0,
        },
        unit: Unit::Percent,
        sources: CONTRACTS,
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::AchievementsConverted,
        formula: Formula::Sum {
            base: Base::AchievementsConverted,
            factor: 1.0,
        },
        unit: Unit::Items,
        sources: &["tech_contracts", "achievements"],
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::RdExpense,
        formula: Formula::Sum {
            base: Base::RdFen,
            factor: FEN_TO_WAN,
        },
        unit: Unit::Wan,
        sources: FACTS,
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::InventionPatents,
        formula: Formula::Sum {
            base: Base::InventionPatents,
            factor: 1.0,
        },
        unit: Unit::Pieces,
        sources: FACTS,
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::AboveScaleRdShare,
        formula: Formula::Ratio {
            num: Base::AboveScaleWithRd,
            den: Base::AboveScale,
            factor: 100.0,
        },
        unit: Unit::Percent,
        sources: &["enterprises", "registry_records"],
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::IncentivesPaid,
        formula: Formula::Sum {
            base: Base::PaidFen,
            factor: FEN_TO_WAN,
        },
        unit: Unit::Wan,
        sources: &["incentive_entitlements"],
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::Gdp,
        formula: Formula::Sum {
            base: Base::Gdp,
            factor: 1.0,
        },
        unit: Unit::Yi,
        sources: ENTERED,
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::Population,
        formula: Formula::Sum {
            base: Base::Population,
            factor: 1.0,
        },
        unit: Unit::WanPeople,
        sources: ENTERED,
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::FiscalSt,
        formula: Formula::Sum {
            base: Base::FiscalSt,
            factor: 1.0,
        },
        unit: Unit::Wan,
        sources: ENTERED,
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::RdIntensity,
        formula: Formula::Ratio {
            num: Base::RdFen,
            den: Base::Gdp,
            factor: 100.0 / 100_000_000_00.0,
        },
        unit: Unit::Percent,
        sources: &["enterprise_facts", "indicator_inputs"],
        version: "2026.1",
        higher_is_better: true,
    },
    Spec {
        key: IndicatorKey::PatentsPer10k,
        formula: Formula::Ratio {
            num: Base::InventionPatents,
            den: Base::Population,
            factor: 1.0,
        },
        unit: Unit::PerTenThousand,
        sources: &["enterprise_facts", "indicator_inputs"],
        version: "2026.1",
        higher_is_better: true,
    },
];

/// The catalogue entry of `key`.
pub fn spec(key: IndicatorKey) -> &'static Spec {
    CATALOGUE
        .iter()
        .find(|s| s.key == key)
        .expect("every indicator has a catalogue entry (checked by a test)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_one_entry_in_order() {
        assert_eq!(CATALOGUE.len(), IndicatorKey::ALL.len());
        for (s, k) in CATALOGUE.iter().zip(IndicatorKey::ALL) {
            assert_eq!(s.key, *k);
            assert!(!k.definition(Lang::Zh).is_empty() && !k.definition(Lang::En).is_empty());
            assert_eq!(IndicatorKey::parse(k.as_str()), Some(*k));
            assert!(!s.sources.is_empty());
        }
    }

    #[test]
    fn growth_refers_to_a_sum() {
        for s in CATALOGUE {
            if let Formula::Growth { of } = s.formula {
                assert!(matches!(spec(of).formula, Formula::Sum { .. }), "{:?}", s.key);
            }
        }
    }

    #[test]
    fn rd_intensity_factor_turns_fen_over_yi_into_percent() {
        // 1 亿元 of R&D over 100 亿元 of GDP is 1 %.
        let Formula::Ratio { factor, .. } = spec(IndicatorKey::RdIntensity).formula else {
            panic!()
        };
        let fen = 100_000_000.0 * 100.0;
        assert!((fen * factor / 100.0 - 1.0).abs() < 1e-12);
    }
}
