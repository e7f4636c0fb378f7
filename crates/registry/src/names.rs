//! Enterprise names (企业名称): normalisation for search, and spotting the same firm
//! registered twice under different credit codes (renamed, moved, or typed in
//! Traditional characters).
//!
//! * [`normalize_name`] makes two spellings of one name equal: full-width letters
//!   and digits become half-width, ASCII letters lower-case, Traditional
//!   characters common in firm names become Simplified, and whitespace and
//!   punctuation (including brackets) are dropped.
//! * [`core_name`] also drops what varies between registrations of one firm: a
//!   leading region (河北省, 廊坊市, 三河市 …), a region in brackets
//!   (华夏科技（廊坊）有限公司), and legal-form suffixes (有限公司, 股份有限公司,
//!   集团 …).
//! * [`similarity`] compares core names by the Dice coefficient of their character
//!   bigrams; at or above [`LIKELY_SAME`] two enterprises are shown to staff as
//!   probably the same firm. It only proposes: staff decide.

use std::collections::HashMap;

/// Similarity at or above which two names are flagged as probably the same firm.
///
/// Chosen from the table in the tests: a name that only gains or loses a region
/// or a legal form scores 1; a leading place name without 市 kept in one name only
/// (廊坊华夏新材料科技 / 华夏新材料科技) 0.86; one changed character in a
/// ten-character name 0.78; one extra word after a four-character name
/// (华夏科技 / 华夏科技发展) 0.75. Different firms of one place and trade
/// (廊坊新奥能源 / 廊坊新奥燃气) score 0.6, firms sharing only a generic word like
/// 科技 0.5 or less.
pub const LIKELY_SAME: f64 = 0.75;

/// Pairs of a Traditional character and its Simplified form, for the characters
/// common in Chinese firm and place names. Characters written alike in both
/// scripts (技, 科, 金 …) are not listed.

/// Region names (without 省/市/县/区) dropped from the start of a name when
/// followed by one of those suffixes: provinces, major cities, and the cities
/// and counties of the seed places (Langfang, Luoyang, Baoding, Panjin).
const REGIONS: &[&str] = &[
    // Provinces and municipalities directly under the central government.
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古自治",
    "广西壮族自治",
    "西藏自治",
    "宁夏回族自治",
    "新疆维吾尔自治",
    // Hebei.
    "石家庄",
    "唐山",
    "秦皇岛",
    "邯郸",
    "邢台",
    "保定",
    "张家口",
    "承德",
    "沧州",
    "廊坊",
    "衡水",
    // Henan.
    "郑州",
    "开封",
    "洛阳",
    "平顶山",
    "安阳",
    "鹤壁",
    "新乡",
    "焦作",
    "濮阳",
    "许昌",
    "漯河",
    "三门峡",
    "南阳",
    "商丘",
    "信阳",
    "周口",
    "驻马店",
    "济源",
    // Liaoning.
    "沈阳",
    "大连",
    "鞍山",
    "抚顺",
    "本溪",
    "丹东",
    "锦州",
    "营口",
    "阜新",
    "辽阳",
    "盘锦",
    "铁岭",
    "朝阳",
    "葫芦岛",
    // Other large cities.
    "广州",
    "深圳",
    "杭州",
    "南京",
    "苏州",
    "无锡",
    "宁波",
    "武汉",
    "成都",
    "西安",
    "长沙",
    "合肥",
    "济南",
    "青岛",
    "福州",
    "厦门",
    "南昌",
    "太原",
    "呼和浩特",
    "长春",
    "哈尔滨",
    "南宁",
    "海口",
    "贵阳",
    "昆明",
    "拉萨",
    "兰州",
    "西宁",
    "银川",
    "乌鲁木齐",
    "佛山",
    "东莞",
    // Langfang: cities and counties.
    "三河",
    "霸州",
    "固安",
    "永清",
    "香河",
    "大城",
    "文安",
    "大厂回族自治",
    "广阳",
    "安次",
    // Luoyang.
    "偃师",
    "孟津",
    "新安",
    "栾川",
    "嵩",
    "汝阳",
    "宜阳",
    "洛宁",
    "伊川",
    "涧西",
    "西工",
    "老城",
    "瀍河",
    "洛龙",
    // Baoding.
    "竞秀",
    "莲池",
    "满城",
    "清苑",
    "徐水",
    "涿州",
    "定州",
    "安国",
    "高碑店",
    "雄",
    "容城",
    "安新",
    "雄安新",
    // Panjin.
    "双台子",
    "兴隆台",
    "大洼",
    "盘山",
];

/// Suffixes that close a region name.
const REGION_SUFFIXES: [char; 4] = ['省', '市', '县', '区'];

/// Legal-form and organisation suffixes dropped from the end, longest first so
/// that 股份有限公司 goes before 有限公司.
const LEGAL_FORMS: &[&str] = &[
    "个人独资企业",
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "普通合伙企业",
    "有限合伙企业",
    "股份公司",
    "有限公司",
    "合伙企业",
    "有限合伙",
    "普通合伙",
    "分公司",
    "总公司",
    "公司",
    "集团",
];

/// The name in canonical form for search and comparison: trimmed, half-width,
/// lower-case ASCII, Simplified, with whitespace and punctuation removed.
pub fn normalize_name(s: &str) -> String {
    kechuang_text::name_key(s)
}

/// `s` (already normalised) with a known region at its start removed, if a
/// region and its suffix are all there is before some remaining text.
fn strip_region_prefix(s: &str) -> Option<&str> {
    REGIONS.iter().find_map(|region| {
        let rest = s.strip_prefix(region)?;
        let rest = rest.strip_prefix(REGION_SUFFIXES)?;
        (!rest.is_empty()).then_some(rest)
    })
}

/// Whether a bracketed part of a name is only a region (廊坊, 廊坊市, 北京).
fn is_region(s: &str) -> bool {
    let n = normalize_name(s);
    let bare = n.strip_suffix(REGION_SUFFIXES).unwrap_or(&n);
    REGIONS.contains(&bare)
}

/// Removes bracketed parts that only name a region: 华夏科技（廊坊）有限公司.
fn drop_bracketed_regions(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find(['(', '（']) {
        let after = &rest[open..];
        let inner_start = after.chars().next().map_or(1, char::len_utf8);
        match after[inner_start..].find([')', '）']) {
            Some(close) => {
                let inner = &after[inner_start..inner_start + close];
                let close_len = after[inner_start + close..].chars().next().map_or(1, char::len_utf8);
                let end = open + inner_start + close + close_len;
                if is_region(inner) {
                    out.push_str(&rest[..open]);
                } else {
                    out.push_str(&rest[..end]);
                }
                rest = &rest[end..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// The distinctive part of a name: [`normalize_name`] without leading regions,
/// bracketed regions or trailing legal forms. Never strips a name to nothing:
/// what would leave it empty is kept.
pub fn core_name(s: &str) -> String {
    let mut n = normalize_name(&drop_bracketed_regions(s));
    while let Some(rest) = strip_region_prefix(&n) {
        n = rest.to_owned();
    }
    loop {
        let stripped = LEGAL_FORMS
            .iter()
            .find_map(|form| n.strip_suffix(form).filter(|rest| !rest.is_empty()));
        match stripped {
            Some(rest) => n = rest.to_owned(),
            None => break,
        }
    }
    n
}

/// Character bigrams of `s`, with their counts.
fn bigrams(s: &str) -> HashMap<(char, char), usize> {
    let chars: Vec<char> = s.chars().collect();
    let mut counts = HashMap::new();
    for w in chars.windows(2) {
        *counts.entry((w[0], w[1])).or_insert(0) += 1;
    }
    counts
}

/// How alike two enterprise names are, from 0 (nothing in common) to 1 (the
/// same core name): the Dice coefficient of the character bigrams of their
/// [`core_name`]s, counting repeated bigrams. Names of one character compare
/// as equal or not.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (core_name(a), core_name(b));
    if a == b {
        return 1.0;
    }
    let (ga, gb) = (bigrams(&a), bigrams(&b));
    let total: usize = ga.values().sum::<usize>() + gb.values().sum::<usize>();
    if total == 0 {
        return 0.0;
    }
    let common: usize = ga.iter().map(|(g, &n)| n.min(gb.get(g).copied().unwrap_or(0))).sum();
    (2 * common) as f64 / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation() {
        let table = [
            ("盤錦", "盘锦"),
            ("  盘锦 ", "盘锦"),
            ("華夏電子科技有限公司", "华夏电子科技有限公司"),
            ("廊坊市 华夏科技（集团）有限公司", "廊坊市华夏科技集团有限公司"),
            ("ＡＢＣ科技１２３", "abc科技123"),
            ("A.B-C　Tech, Co.,Ltd.", "abctechcoltd"),
            ("洛陽·東方“醫藥”裝備製造", "洛阳东方医药装备制造"),
            ("資訊網絡機械發展廣東", "资讯网络机械发展广东"),
            ("", ""),
            ("（）、。", ""),
        ];
        for (input, want) in table {
            assert_eq!(normalize_name(input), want, "{input}");
        }
        assert_eq!(normalize_name("盤錦遼河油田"), normalize_name("盘锦辽河油田"));
    }

    #[test]
    fn core_names() {
        let table = [
            ("廊坊市华夏科技有限公司", "华夏科技"),
            ("华夏科技股份有限公司", "华夏科技"),
            ("河北省廊坊市三河市华夏科技集团股份有限公司", "华夏科技"),
            ("华夏科技（廊坊）有限公司", "华夏科技"),
            ("华夏科技(廊坊市)有限公司", "华夏科技"),
            ("华夏科技（北京）有限责任公司", "华夏科技"),
            ("华夏（研发）科技有限公司", "华夏研发科技"),
            ("盤錦市遼河油田裕隆實業有限公司", "辽河油田裕隆实业"),
            ("洛阳栾川县钼业集团", "洛阳栾川县钼业"),
            ("栾川县钼业集团", "钼业"),
            ("内蒙古自治区草原牧业有限公司", "草原牧业"),
            ("盘锦", "盘锦"),
            ("盘锦市", "盘锦市"),
            ("有限公司", "有限"),
            ("朝阳科技有限公司", "朝阳科技"),
            ("华夏科技有限公司廊坊分公司", "华夏科技有限公司廊坊"),
        ];
        for (input, want) in table {
            assert_eq!(core_name(input), want, "{input}");
        }
    }

    #[test]
    fn similarity_table() {
        // (a, b, likely the same firm)
        let table = [
            ("盤錦華夏科技有限公司", "盘锦华夏科技有限公司", true),
            ("廊坊市华夏科技有限公司", "华夏科技股份有限公司", true),
            ("华夏科技（廊坊）有限公司", "华夏科技有限公司", true),
            ("廊坊华夏新材料科技有限公司", "华夏新材料科技有限公司", true),
            ("华夏科技有限公司", "华夏科技发展有限公司", true),
            ("盘锦辽河油田裕隆实业有限公司", "盘锦辽河油田裕龙实业有限公司", true),
            ("洛阳中硅高科技有限公司", "洛阳中矽高科技有限公司", true),
            ("华夏科技有限公司", "华夏生物科技有限公司", false),
            ("华夏科技有限公司", "中原科技有限公司", false),
            ("廊坊新奥能源有限公司", "廊坊新奥燃气有限公司", false),
            ("洛阳轴承集团", "保定天威集团", false),
            ("盘锦辽河油田裕隆实业有限公司", "华夏科技有限公司", false),
        ];
        for (a, b, same) in table {
            let s = similarity(a, b);
            assert!((0.0..=1.0).contains(&s), "{a} / {b}: {s}");
            assert_eq!(s, similarity(b, a), "symmetric");
            assert_eq!(s >= LIKELY_SAME, same, "{a} / {b}: {s}");
        }
        let exact = [
            ("盤錦", "盘锦", 1.0),
            ("廊坊市华夏科技有限公司", "华夏科技股份有限公司", 1.0),
            ("华夏科技", "华夏生物科技", 0.5),
            ("华夏科技", "华夏科技发展", 0.75),
            ("洛阳轴承", "保定天威", 0.0),
            ("甲", "乙", 0.0),
            ("甲", "甲", 1.0),
            ("", "", 1.0),
            ("", "华夏", 0.0),
            ("啊啊啊", "啊啊", 2.0 / 3.0),
        ];
        for (a, b, want) in exact {
            assert!(
                (similarity(a, b) - want).abs() < 1e-9,
                "{a} / {b}: {}",
                similarity(a, b)
            );
        }
    }
}
