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
use std::sync::OnceLock;

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
const TRADITIONAL_TO_SIMPLIFIED: &str = concat!(
    "並并來来係系倉仓個个們们偉伟傑杰備备傳传價价儀仪億亿優优儲储兒儿凍冻凱凯則则剛刚創创劃划劇剧劉刘劍剑",
    "劑剂動动務务勝胜勢势勵励匯汇區区協协參参吳吴員员問问單单嚴严國国圍围園园圓圆圖图團团報报場场塊块塗涂",
    "塵尘壇坛壓压壩坝壽寿夢梦妝妆婦妇嬰婴孫孙學学宮宫實实寧宁審审寵宠寶宝將将專专對对導导層层屬属岡冈島岛",
    "嶺岭嶽岳師师幣币庫库廈厦廠厂廢废廣广廳厅張张強强彈弹後后從从復复態态慶庆應应戰战戲戏戶户採采換换撫抚",
    "擁拥擇择擔担據据擺摆數数斷断於于時时晉晋書书會会東东條条棄弃棗枣楊杨楓枫業业極极構构槓杠樂乐樓楼標标",
    "樹树樺桦橋桥機机檢检檯台櫃柜櫻樱權权歡欢殼壳氣气氫氢汙污決决淨净淵渊減减測测湯汤準准溫温滄沧滙汇滬沪",
    "滷卤滿满漁渔漢汉漿浆潔洁潛潜潤润澗涧澤泽濕湿濟济濤涛濰潍濱滨濾滤瀋沈瀏浏瀾澜灣湾灤滦災灾為为烏乌無无",
    "煉炼煙烟熱热燈灯燒烧營营爐炉獅狮獎奖獸兽現现瑩莹環环產产畫画異异當当療疗癒愈發发盜盗監监盤盘盧卢眾众",
    "矽硅碩硕確确碼码磚砖礎础礦矿稅税種种稱称穀谷積积穎颖窯窑節节範范築筑簽签簾帘糧粮紀纪約约紅红紋纹納纳",
    "純纯紗纱紙纸級级紡纺紮扎細细紳绅紹绍終终組组結结絡络給给絨绒統统絲丝經经綜综綠绿綢绸維维綱纲網网綿绵",
    "緊紧線线緞缎緣缘編编練练縣县縫缝縮缩縱纵總总績绩織织繞绕繡绣繩绳繪绘繫系繭茧繼继續续纏缠纖纤纜缆羅罗",
    "義义習习聯联聰聪聲声聽听脈脉腎肾腦脑膚肤膠胶臟脏臨临臺台與与興兴舉举舖铺艙舱艦舰莊庄華华萬万葉叶葦苇",
    "蓮莲蔣蒋蕩荡蕪芜蕭萧藍蓝藝艺藥药蘆芦蘇苏蘊蕴蘭兰處处號号蝦虾蟲虫蠅蝇蠍蝎蠶蚕衆众術术衛卫裏里補补裝装",
    "裡里製制複复褲裤襪袜規规視视觀观觸触訂订計计訊讯訓训記记設设許许診诊評评詢询試试認认語语說说調调論论",
    "諧谐諮咨謝谢證证識识譜谱譯译議议護护讀读變变讓让豈岂豐丰豬猪貓猫貝贝財财貨货貴贵買买貸贷貼贴貿贸賃赁",
    "資资賣卖質质賴赖購购贛赣趙赵躍跃車车軌轨軍军軟软軸轴載载輛辆輥辊輪轮輯辑輸输轄辖轉转辦办農农這这進进",
    "遊游運运過过達达遙遥遞递遠远適适遷迁選选遼辽邁迈還还邊边邏逻郵邮鄉乡鄖郧鄧邓鄭郑鄰邻鄲郸醫医醬酱釀酿",
    "釩钒鈉钠鈞钧鈣钙鈦钛鈮铌鈷钴鉀钾鉛铅鉬钼鉭钽鉻铬銀银銅铜銘铭銦铟銳锐銷销鋁铝鋅锌鋒锋鋪铺鋯锆鋰锂鋸锯",
    "鋼钢錄录錢钱錦锦錨锚錫锡錳锰錶表鍋锅鍍镀鍛锻鍵键鍺锗鍾钟鎂镁鎖锁鎢钨鎮镇鎳镍鎵镓鏈链鏡镜鐘钟鐳镭鐵铁",
    "鑄铸鑑鉴鑒鉴鑰钥鑼锣鑽钻長长門门開开間间閘闸閣阁閥阀閩闽關关陝陕陣阵陳陈陸陆陽阳隊队際际險险雙双雜杂",
    "雞鸡雲云電电靈灵韌韧韓韩響响頁页頂顶項项順顺頌颂預预領领頤颐頭头頻频題题額额願愿顧顾顯显風风飛飞飯饭",
    "飲饮飼饲飾饰養养餘余館馆馬马馮冯駐驻駝驼騰腾驅驱驗验驢驴體体髮发鬱郁魚鱼魯鲁鮮鲜鳥鸟鳳凤鴨鸭鴻鸿鴿鸽",
    "鵝鹅鵬鹏鶴鹤鷹鹰鹵卤鹼碱鹽盐麗丽麥麦麵面麼么黃黄點点齊齐齒齿齡龄龍龙龔龚",
);

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

fn traditional_map() -> &'static HashMap<char, char> {
    static MAP: OnceLock<HashMap<char, char>> = OnceLock::new();
    MAP.get_or_init(|| {
        let chars: Vec<char> = TRADITIONAL_TO_SIMPLIFIED.chars().collect();
        chars.chunks_exact(2).map(|p| (p[0], p[1])).collect()
    })
}

/// One character in canonical form: half-width, lower-case, Simplified.
fn canonical_char(c: char) -> char {
    let c = match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    let c = c.to_ascii_lowercase();
    traditional_map().get(&c).copied().unwrap_or(c)
}

/// The name in canonical form for search and comparison: trimmed, half-width,
/// lower-case ASCII, Simplified, with whitespace and punctuation removed.
pub fn normalize_name(s: &str) -> String {
    s.trim()
        .chars()
        .map(canonical_char)
        .filter(|c| c.is_alphanumeric())
        .collect()
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
    fn table_is_well_formed() {
        let chars: Vec<char> = TRADITIONAL_TO_SIMPLIFIED.chars().collect();
        assert_eq!(chars.len() % 2, 0);
        let map = traditional_map();
        assert_eq!(map.len() * 2, chars.len(), "a Traditional character is listed twice");
        assert!(map.len() >= 300, "{}", map.len());
        for (t, s) in map {
            assert_ne!(t, s);
            assert!(
                !map.contains_key(s),
                "{s} is both Simplified and Traditional in the table"
            );
        }
    }

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
