//! Word lists and builders for fictional names, addresses and contacts.
//!
//! Firm names combine the fictional city name, a two-syllable brand drawn
//! from the lists below and an industry word, so they read like real
//! registrations without being any real firm. Phone numbers are random and
//! e-mail addresses use the reserved `.example` top-level domain.

use crate::industries::Industry;
use crate::random::{DemoRng, chance, int_between, pick};
use crate::regions::{CITY_NAME, CITY_SHORT, County};

/// First syllables of brand names.
const BRAND_FIRST: &[&str] = &[
    "华", "瑞", "博", "恒", "信", "达", "联", "智", "思", "远", "航", "泰", "康", "鼎", "盛", "宏", "昌", "锐", "晟",
    "睿", "德", "源", "天", "海", "星", "辰", "峰", "微", "光", "迈", "启", "明", "卓", "越", "凯", "润", "嘉", "祥",
    "安", "宇", "融", "耀", "腾", "泽", "诚", "拓", "领", "锦", "正", "弘",
];

/// Second syllables of brand names.
const BRAND_SECOND: &[&str] = &[
    "科", "创", "达", "通", "泰", "信", "源", "宇", "辰", "瑞", "邦", "丰", "盛", "隆", "昊", "晟", "航", "博", "拓",
    "远", "澜", "川", "岳", "芯", "联", "捷", "驰", "禾", "林", "和", "康", "坤", "璟", "韵", "睿", "凌", "翔", "锋",
    "越", "骏", "麟", "元", "图", "策", "尚", "卓", "立", "同", "衡", "朗",
];

/// Brand pairs that are well-known trade names; never generated.
const BLOCKED_BRANDS: &[&str] = &[
    "华润", "恒瑞", "康泰", "信达", "天宇", "海信", "宏达", "远航", "天和", "华通", "正泰", "德邦", "华联",
];

/// Common surnames with pinyin, most frequent first.
const SURNAMES: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("赵", "zhao"),
    ("黄", "huang"),
    ("周", "zhou"),
    ("吴", "wu"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("胡", "hu"),
    ("朱", "zhu"),
    ("高", "gao"),
    ("林", "lin"),
    ("何", "he"),
    ("郭", "guo"),
    ("马", "ma"),
    ("罗", "luo"),
    ("梁", "liang"),
    ("宋", "song"),
    ("郑", "zheng"),
    ("谢", "xie"),
    ("韩", "han"),
    ("唐", "tang"),
    ("冯", "feng"),
    ("于", "yu"),
    ("董", "dong"),
    ("萧", "xiao"),
    ("程", "cheng"),
    ("曹", "cao"),
    ("袁", "yuan"),
    ("邓", "deng"),
    ("许", "xu"),
    ("傅", "fu"),
    ("沈", "shen"),
    ("曾", "zeng"),
    ("彭", "peng"),
    ("吕", "lv"),
    ("苏", "su"),
    ("卢", "lu"),
    ("蒋", "jiang"),
    ("蔡", "cai"),
    ("贾", "jia"),
    ("丁", "ding"),
    ("魏", "wei"),
    ("薛", "xue"),
    ("叶", "ye"),
    ("阎", "yan"),
    ("余", "yu"),
    ("潘", "pan"),
    ("杜", "du"),
    ("戴", "dai"),
    ("夏", "xia"),
    ("钟", "zhong"),
    ("汪", "wang"),
    ("田", "tian"),
    ("任", "ren"),
    ("姜", "jiang"),
    ("范", "fan"),
    ("方", "fang"),
    ("石", "shi"),
    ("姚", "yao"),
    ("谭", "tan"),
    ("廖", "liao"),
    ("邹", "zou"),
    ("熊", "xiong"),
    ("金", "jin"),
    ("陆", "lu"),
    ("郝", "hao"),
    ("孔", "kong"),
    ("白", "bai"),
    ("崔", "cui"),
    ("康", "kang"),
    ("毛", "mao"),
    ("邱", "qiu"),
    ("秦", "qin"),
    ("江", "jiang"),
    ("史", "shi"),
    ("顾", "gu"),
    ("侯", "hou"),
    ("邵", "shao"),
    ("孟", "meng"),
    ("龙", "long"),
    ("万", "wan"),
    ("段", "duan"),
    ("雷", "lei"),
    ("钱", "qian"),
    ("汤", "tang"),
    ("尹", "yin"),
    ("黎", "li"),
    ("易", "yi"),
    ("常", "chang"),
    ("武", "wu"),
    ("乔", "qiao"),
    ("贺", "he"),
    ("赖", "lai"),
    ("龚", "gong"),
    ("文", "wen"),
];

/// Given-name characters more common for men, with pinyin.
const GIVEN_MALE: &[(&str, &str)] = &[
    ("伟", "wei"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("勇", "yong"),
    ("杰", "jie"),
    ("涛", "tao"),
    ("斌", "bin"),
    ("超", "chao"),
    ("明", "ming"),
    ("刚", "gang"),
    ("平", "ping"),
    ("辉", "hui"),
    ("鹏", "peng"),
    ("华", "hua"),
    ("飞", "fei"),
    ("鑫", "xin"),
    ("波", "bo"),
    ("宇", "yu"),
    ("浩", "hao"),
    ("凯", "kai"),
    ("健", "jian"),
    ("俊", "jun"),
    ("帆", "fan"),
    ("旭", "xu"),
    ("宁", "ning"),
    ("龙", "long"),
    ("阳", "yang"),
    ("建", "jian"),
    ("国", "guo"),
    ("志", "zhi"),
    ("文", "wen"),
    ("海", "hai"),
    ("振", "zhen"),
    ("立", "li"),
    ("德", "de"),
    ("峰", "feng"),
    ("博", "bo"),
    ("哲", "zhe"),
    ("晨", "chen"),
    ("泽", "ze"),
    ("铭", "ming"),
    ("昊", "hao"),
    ("嘉", "jia"),
    ("卫", "wei"),
];

/// Given-name characters more common for women, with pinyin.
const GIVEN_FEMALE: &[(&str, &str)] = &[
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("艳", "yan"),
    ("娟", "juan"),
    ("霞", "xia"),
    ("秀", "xiu"),
    ("玲", "ling"),
    ("婷", "ting"),
    ("雪", "xue"),
    ("慧", "hui"),
    ("颖", "ying"),
    ("琳", "lin"),
    ("洁", "jie"),
    ("倩", "qian"),
    ("佳", "jia"),
    ("欣", "xin"),
    ("悦", "yue"),
    ("璐", "lu"),
    ("梅", "mei"),
    ("燕", "yan"),
    ("红", "hong"),
    ("萍", "ping"),
    ("瑶", "yao"),
    ("雅", "ya"),
    ("晴", "qing"),
    ("蕾", "lei"),
    ("楠", "nan"),
    ("晓", "xiao"),
    ("文", "wen"),
    ("宁", "ning"),
    ("嘉", "jia"),
    ("思", "si"),
];

/// Fictional street names of the demo city.
const STREETS: &[&str] = &[
    "科创大道",
    "云中路",
    "兴业街",
    "明德路",
    "长泰路",
    "望岳大街",
    "湖光路",
    "创新大道",
    "振兴路",
    "学府路",
    "锦程路",
    "富强街",
    "泉水路",
    "滨河路",
    "光明街",
    "工业园路",
    "团结路",
    "建设大街",
    "迎宾大道",
    "天元路",
    "翠屏路",
    "云台路",
    "丰收路",
    "育才街",
    "百川路",
    "瑞祥街",
    "青松路",
    "北环路",
    "南环路",
    "朝阳大街",
];

/// Kinds of business park an address may name.
const PARKS: &[&str] = &[
    "科技园",
    "创业园",
    "智能制造产业园",
    "软件园",
    "生物医药产业园",
    "新材料产业园",
    "孵化基地",
];

/// A person's generated name.
pub(crate) struct Person {
    pub name: String,
    /// Lower-case pinyin without separators, e.g. "zhangwei".
    pub pinyin: String,
    /// "男" or "女".
    pub gender: &'static str,
}

/// A two-syllable fictional brand, e.g. "瑞川".
pub(crate) fn brand(rng: &mut DemoRng) -> String {
    loop {
        let a = *pick(rng, BRAND_FIRST);
        let b = *pick(rng, BRAND_SECOND);
        if a == b {
            continue;
        }
        let mut s = String::with_capacity(6);
        s.push_str(a);
        s.push_str(b);
        if !BLOCKED_BRANDS.contains(&s.as_str()) {
            return s;
        }
    }
}

/// A firm name such as "云州瑞川智能装备科技有限公司".
///
/// `joint_stock` selects 股份有限公司 (used for larger and listed firms).
pub(crate) fn firm_name(rng: &mut DemoRng, industry: &Industry, joint_stock: bool) -> String {
    let mut s = String::with_capacity(48);
    s.push_str(CITY_SHORT);
    s.push_str(&brand(rng));
    s.push_str(pick::<&str>(rng, industry.words));
    s.push_str(pick::<&str>(rng, industry.suffixes));
    s.push_str(if joint_stock {
        "股份有限公司"
    } else {
        "有限公司"
    });
    s
}

/// A person's name: a common surname and a one- or two-character given name.
pub(crate) fn person(rng: &mut DemoRng) -> Person {
    // The ten commonest surnames weigh 6, the next twenty 3, the rest 1.
    let x = int_between(rng, 0, 60 + 60 + (SURNAMES.len() as u64 - 30) - 1) as usize;
    let (surname, sp) = SURNAMES[match x {
        0..60 => x / 6,
        60..120 => 10 + (x - 60) / 3,
        _ => 30 + (x - 120),
    }];
    let female = chance(rng, 0.42);
    let pool = if female { GIVEN_FEMALE } else { GIVEN_MALE };
    let mut name = String::with_capacity(9);
    let mut pinyin = String::with_capacity(16);
    name.push_str(surname);
    pinyin.push_str(sp);
    let given = if chance(rng, 0.68) { 2 } else { 1 };
    for _ in 0..given {
        let (c, p) = *pick(rng, pool);
        name.push_str(c);
        pinyin.push_str(p);
    }
    Person {
        name,
        pinyin,
        gender: if female { "女" } else { "男" },
    }
}

/// A random mainland-style mobile number (11 digits, starting 13-19).
pub(crate) fn mobile(rng: &mut DemoRng) -> String {
    const SECOND: &[u8] = b"3356789";
    let mut s = String::with_capacity(11);
    s.push('1');
    s.push(*pick(rng, SECOND) as char);
    push_digits(&mut s, int_between(rng, 0, 999_999_999), 9);
    s
}

/// A fixed-line number with the demo city's (unassigned) area code 0399.
pub(crate) fn landline(rng: &mut DemoRng) -> String {
    let mut s = String::with_capacity(12);
    s.push_str("0399-");
    s.push(char::from(b'2' + int_between(rng, 0, 6) as u8));
    push_digits(&mut s, int_between(rng, 0, 999_999), 6);
    s
}

/// A street address inside `county`, e.g. "云州市云中区科创大道128号".
pub(crate) fn address(rng: &mut DemoRng, county: &County) -> String {
    let mut s = String::with_capacity(64);
    s.push_str(CITY_NAME);
    s.push_str(county.name);
    s.push_str(pick::<&str>(rng, STREETS));
    s.push_str(&int_between(rng, 1, 399).to_string());
    s.push('号');
    if !county.rural && chance(rng, 0.35) {
        s.push_str(pick::<&str>(rng, PARKS));
        s.push_str(&int_between(rng, 1, 12).to_string());
        s.push_str("号楼");
    }
    s
}

/// Appends `value` as exactly `width` zero-padded decimal digits.
pub(crate) fn push_digits(s: &mut String, value: u64, width: usize) {
    let digits = value.to_string();
    for _ in digits.len()..width {
        s.push('0');
    }
    s.push_str(&digits);
}
