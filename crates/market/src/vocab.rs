//! Coded vocabularies of the technology market. Each entry is
//! `(code, Chinese label, English label)`; codes are what the database and the
//! API carry, labels what people read and type. [`parse`] accepts any of the
//! three (English case-insensitively, Chinese after Traditional → Simplified),
//! so a sheet may say 新材料, 新材料领域 is refused rather than guessed.

use crate::text::to_simplified;

/// One vocabulary entry: code, Chinese, English.
pub type Entry = (&'static str, &'static str, &'static str);

/// Technology fields (技术领域), after the eight fields of the national
/// high-tech-enterprise catalogue plus modern agriculture.
pub const FIELDS: &[Entry] = &[
    ("electronic_info", "电子信息", "Electronic information"),
    ("biomedicine", "生物与新医药", "Biotechnology and new medicine"),
    ("aerospace", "航空航天", "Aerospace"),
    ("new_materials", "新材料", "New materials"),
    ("tech_services", "高技术服务", "High-tech services"),
    ("new_energy", "新能源与节能", "New energy and energy saving"),
    ("environment", "资源与环境", "Resources and environment"),
    (
        "advanced_manufacturing",
        "先进制造与自动化",
        "Advanced manufacturing and automation",
    ),
    ("agriculture", "现代农业", "Modern agriculture"),
];

/// Maturity (成熟度) of an achievement, least mature first.
pub const MATURITIES: &[Entry] = &[
    ("lab", "实验室阶段", "Laboratory"),
    ("pilot", "中试阶段", "Pilot"),
    ("small_batch", "小批量生产", "Small-batch production"),
    ("industrialised", "产业化", "Industrialised"),
];

/// How an achievement may change hands (转化方式).
pub const TRANSFER_MODES: &[Entry] = &[
    ("transfer", "转让", "Transfer"),
    ("license", "许可", "Licence"),
    ("joint_development", "合作开发", "Joint development"),
    ("equity", "作价入股", "Equity"),
];

/// Where an achievement or a party comes from (来源地区).
pub const AREAS: &[Entry] = &[
    ("local", "本地", "Local"),
    ("beijing_tianjin", "京津", "Beijing-Tianjin"),
    ("elsewhere", "其他地区", "Elsewhere in China"),
    ("abroad", "境外", "Abroad"),
];

kechuang_kernel::coded_enum! {
    /// Life cycle of an achievement (see [`crate::lifecycle`]).
    pub enum AchievementStatus: "status" {
        Draft => "draft", "草稿", "Draft";
        UnderReview => "under_review", "审核中", "Under review";
        Published => "published", "已发布", "Published";
        Closed => "closed", "已关闭", "Closed";
        Expired => "expired", "已过期", "Expired";
    }
}

kechuang_kernel::coded_enum! {
    /// Life cycle of a demand (see [`crate::lifecycle`]).
    pub enum DemandStatus: "status" {
        Draft => "draft", "草稿", "Draft";
        Published => "published", "已发布", "Published";
        InTalks => "in_talks", "对接中", "In talks";
        Solved => "solved", "已解决", "Solved";
        Closed => "closed", "已关闭", "Closed";
    }
}

impl AchievementStatus {
    /// Whether an achievement in this status is shown to everyone.
    pub fn is_public(self) -> bool {
        self == Self::Published
    }
}

impl DemandStatus {
    /// Whether a demand in this status is shown to everyone.
    pub fn is_public(self) -> bool {
        matches!(self, Self::Published | Self::InTalks | Self::Solved)
    }
}

/// A status of either kind of item, as a list filter offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemStatus {
    pub code: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    /// Items in it are shown to everyone.
    pub public: bool,
}

/// The statuses of `kind` (`achievement` or `demand`), in life-cycle order.
pub fn item_statuses(kind: &str) -> Vec<ItemStatus> {
    if kind == "achievement" {
        AchievementStatus::ALL
            .iter()
            .map(|s| ItemStatus {
                code: s.as_str(),
                label_zh: s.label_zh(),
                label_en: s.label_en(),
                public: s.is_public(),
            })
            .collect()
    } else {
        DemandStatus::ALL
            .iter()
            .map(|s| ItemStatus {
                code: s.as_str(),
                label_zh: s.label_zh(),
                label_en: s.label_en(),
                public: s.is_public(),
            })
            .collect()
    }
}

/// The status of `kind` named by `input` (code or label).
pub fn parse_item_status(kind: &str, input: &str) -> Result<ItemStatus, kechuang_kernel::vocab::UnknownCode> {
    let code = if kind == "achievement" {
        AchievementStatus::parse(input)?.as_str()
    } else {
        DemandStatus::parse(input)?.as_str()
    };
    Ok(item_statuses(kind)
        .into_iter()
        .find(|s| s.code == code)
        .expect("a parsed status is among the statuses"))
}

/// How an enterprise wants to work on a demand (合作方式).
pub const COOPERATION_MODES: &[Entry] = &[
    ("transfer", "技术转让", "Technology transfer"),
    ("license", "技术许可", "Licence"),
    ("joint_development", "合作开发", "Joint development"),
    ("commissioned", "委托开发", "Commissioned development"),
    ("consulting", "技术咨询/服务", "Consulting or service"),
    ("talent", "人才引进", "Talent"),
];

/// Why a user marks a match not useful (反馈原因).
pub const FEEDBACK_REASONS: &[Entry] = &[
    ("relevant", "相关", "Relevant"),
    ("not_relevant", "不相关", "Not relevant"),
    ("too_early", "成熟度不够", "Too early stage"),
    ("price", "价格不合适", "Price"),
    ("region", "地区不合适", "Region"),
    ("already_known", "已了解", "Already known"),
    ("other", "其他", "Other"),
];

/// The Chinese label of `code`, or the code itself when unknown.
pub fn zh(vocab: &[Entry], code: &str) -> &'static str {
    vocab.iter().find(|e| e.0 == code).map(|e| e.1).unwrap_or("")
}

/// The code for `input` given as a code, a Chinese label or an English label.
pub fn parse(vocab: &[Entry], input: &str) -> Option<&'static str> {
    let t = input.trim();
    if t.is_empty() {
        return None;
    }
    let simplified = to_simplified(t);
    vocab
        .iter()
        .find(|(code, zh, en)| *code == t || *zh == simplified || en.eq_ignore_ascii_case(t))
        .map(|e| e.0)
}

/// Position of `code` in `vocab` (maturity order), if present.
pub fn rank_of(vocab: &[Entry], code: &str) -> Option<usize> {
    vocab.iter().position(|e| e.0 == code)
}

/// The codes of `vocab`, in order, joined for an error message.
pub fn choices(vocab: &[Entry]) -> String {
    vocab.iter().map(|e| e.1).collect::<Vec<_>>().join("、")
}

/// The maturity a technology readiness level (TRL 1–9) corresponds to:
/// 1–4 laboratory, 5–6 pilot, 7–8 small batch, 9 industrialised.
pub fn maturity_of_trl(trl: u8) -> Option<&'static str> {
    match trl {
        1..=4 => Some("lab"),
        5..=6 => Some("pilot"),
        7..=8 => Some("small_batch"),
        9 => Some("industrialised"),
        _ => None,
    }
}
