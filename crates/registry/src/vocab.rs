//! Coded vocabularies of the registry as `(code, 中文)` options with a
//! parser that accepts the code, the Chinese label or a common alias. The
//! platform and expert vocabularies come from the domain; the kinds of
//! institutions, agencies and investors and the size classes are here.

use crate::{ExpertRegion, Level, PlatformKind, PlatformStatus};

/// A closed list of values.
pub struct Vocabulary {
    pub name: &'static str,
    pub options: fn() -> Vec<(&'static str, &'static str)>,
    pub parse: fn(&str) -> Option<&'static str>,
}

impl Vocabulary {
    /// The Chinese label of `code` (the code itself when unknown).
    pub fn label(&self, code: &str) -> String {
        (self.options)()
            .into_iter()
            .find(|(c, _)| *c == code)
            .map_or_else(|| code.to_owned(), |(_, l)| l.to_owned())
    }
}

macro_rules! from_enum {
    ($const:ident, $name:literal, $ty:ty) => {
        pub static $const: Vocabulary = Vocabulary {
            name: $name,
            options: || <$ty>::ALL.iter().map(|v| (v.as_str(), v.label_zh())).collect(),
            parse: |s| <$ty>::parse(s).ok().map(|v| v.as_str()),
        };
    };
}

macro_rules! from_table {
    ($const:ident, $name:literal, [$(($code:literal, $zh:literal $(, $alias:literal)*)),+ $(,)?]) => {
        pub static $const: Vocabulary = Vocabulary {
            name: $name,
            options: || vec![$(($code, $zh)),+],
            parse: |s| {
                let s = s.trim();
                $(
                    if s.eq_ignore_ascii_case($code) || s == $zh $(|| s == $alias)* {
                        return Some($code);
                    }
                )+
                None
            },
        };
    };
}

from_enum!(PLATFORM_KIND, "platform_kind", PlatformKind);
from_enum!(LEVEL, "level", Level);
from_enum!(PLATFORM_STATUS, "platform_status", PlatformStatus);
from_enum!(EXPERT_REGION, "expert_region", ExpertRegion);

from_table!(
    INSTITUTION_KIND,
    "institution_kind",
    [
        ("university", "高等学校", "高校", "大学"),
        ("research_institute", "科研院所", "科研机构", "研究院所"),
        ("new_rd_institution", "新型研发机构"),
    ]
);

from_table!(
    AGENCY_KIND,
    "agency_kind",
    [
        ("tech_transfer", "技术转移", "技术转移机构"),
        ("ip", "知识产权", "知识产权服务"),
        ("testing", "检验检测", "检测"),
        ("consulting", "科技咨询", "咨询"),
        ("finance", "科技金融", "金融"),
        ("incubation", "创业孵化", "孵化"),
    ]
);

from_table!(
    INVESTOR_KIND,
    "investor_kind",
    [
        ("angel", "天使投资"),
        ("venture_capital", "创业投资", "风险投资", "创投"),
        ("private_equity", "私募股权投资", "私募股权"),
        ("guidance_fund", "政府引导基金", "引导基金"),
        ("bank", "科技信贷银行", "银行"),
    ]
);

from_table!(
    SIZE,
    "size",
    [
        ("large", "大型"),
        ("medium", "中型"),
        ("small", "小型"),
        ("micro", "微型"),
    ]
);

from_table!(GENDER, "gender", [("male", "男"), ("female", "女")]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_labels_and_aliases_parse() {
        let table: &[(&Vocabulary, &str, Option<&str>)] = &[
            (&PLATFORM_KIND, "众创空间", Some("maker_space")),
            (&PLATFORM_KIND, "工程技术研究中心", Some("tech_innovation_center")),
            (&PLATFORM_STATUS, "培育中", Some("under_construction")),
            (&LEVEL, "省级", Some("provincial")),
            (&EXPERT_REGION, "京津", Some("beijing_tianjin")),
            (&INSTITUTION_KIND, "高校", Some("university")),
            (&AGENCY_KIND, " 检验检测 ", Some("testing")),
            (&INVESTOR_KIND, "CREATE", None),
            (&SIZE, "SMALL", Some("small")),
            (&SIZE, "特大型", None),
        ];
        for (v, input, want) in table {
            assert_eq!((v.parse)(input), *want, "{} {input}", v.name);
        }
        for v in [
            &PLATFORM_KIND,
            &LEVEL,
            &PLATFORM_STATUS,
            &EXPERT_REGION,
            &INSTITUTION_KIND,
            &AGENCY_KIND,
            &INVESTOR_KIND,
            &SIZE,
        ] {
            for (code, zh) in (v.options)() {
                assert_eq!((v.parse)(zh), Some(code));
                assert_eq!(v.label(code), zh);
            }
        }
    }
}
