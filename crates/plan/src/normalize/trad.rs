//! Character table mapping Traditional Chinese characters to their Simplified forms.
//!
//! The table covers the Traditional characters that occur in municipal science and
//! technology policy documents (organisation names, indicators, units, grant wording)
//! plus common function words. Only one-to-one character mappings are listed, so that
//! normalising a text never changes its length in characters. Characters whose
//! Simplified form depends on context (for example 乾, 著, 覆) are deliberately left
//! out and stay unchanged.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Pairs of (Traditional, Simplified) written as two strings of equal length per row.
const ROWS: &[(&str, &str)] = &[
    (
        "來個們側備傳債傾價儀億償優儲內兩冊凈別則創劃動務勞勢勵匯區協參員問啟單國圍園圖團執堅報",
        "来个们侧备传债倾价仪亿偿优储内两册净别则创划动务劳势励汇区协参员问启单国围园图团执坚报",
    ),
    (
        "場壓壯學實寧審寬將專對導屆層屬崗帥師帶幫庫廠廣廳強徑從徹態憂應戰戶掛揮撐擁擔據擴擺敗數斷",
        "场压壮学实宁审宽将专对导届层属岗帅师带帮库厂广厅强径从彻态忧应战户挂挥撑拥担据扩摆败数断",
    ),
    (
        "時暢書會東桿條業極構標機檔檢權歷決況測準溝滿潛潤濟瀏灣為無營爭牽獎獨獲獸獻現環產畢當療發",
        "时畅书会东杆条业极构标机档检权历决况测准沟满潜润济浏湾为无营争牵奖独获兽献现环产毕当疗发",
    ),
    (
        "盡監盤眾確礎稅種稱積穩競節篩簽籌納紓級細組結絡給統經綜綠維網緊線編縣總績織繞繪續義習聞聯",
        "尽监盘众确础税种称积稳竞节筛签筹纳纾级细组结络给统经综绿维网紧线编县总绩织绕绘续义习闻联",
    ),
    (
        "職聽脈臨臺與興舉華萬蓋藝蘇號術補裝見規視親覽訂計討訓記訪設許訴診評詢試話認語誤課調談請論",
        "职听脉临台与兴举华万盖艺苏号术补装见规视亲览订计讨训记访设许诉诊评询试话认语误课调谈请论",
    ),
    (
        "謀講證識議護讀變讓豐負財貫責買貸費貼資賦質購賽踐蹤躋躍車軍軟較載輔輪轉辦農連進運過達遠適",
        "谋讲证识议护读变让丰负财贯责买贷费贴资赋质购赛践踪跻跃车军软较载辅轮转办农连进运过达远适",
    ),
    (
        "遷選遼郵醫釋針銀銜鋪錄錦錯鍵鏈長門開間關隊階際險雙雛離難電靈頂項預領頭頸頻題額類顯風飛養",
        "迁选辽邮医释针银衔铺录锦错键链长门开间关队阶际险双雏离难电灵顶项预领头颈频题额类显风飞养",
    ),
    (
        "饋驅驗體鷹點黨龍於並後裡裏這還爲沒處幾氣鎖閉陽陰隨雜順須顏飯馬鬥魚鳥麥黃齊剛劑勁厲嚴圓壞",
        "馈驱验体鹰点党龙于并后里里这还为没处几气锁闭阳阴随杂顺须颜饭马斗鱼鸟麦黄齐刚剂劲厉严圆坏",
    ),
    (
        "夥奮婦孫寶尋嶺島幣廢張彈復複徵懷戲搶擇擬攜攝敵樓樞樣樹橋歸殘漢濱煙熱燈築簡糧罰鄉鎮範畫鐵",
        "伙奋妇孙宝寻岭岛币废张弹复复征怀戏抢择拟携摄敌楼枢样树桥归残汉滨烟热灯筑简粮罚乡镇范画铁",
    ),
    (
        "鋼礦輛藥漁減鄰歲邊廈滬閩贛魯晉陝貴雲瓊腦鑑鑒該覺說説寫謝繫係轄賣銷貿輸碼頁週齡壽館樂歡愛",
        "钢矿辆药渔减邻岁边厦沪闽赣鲁晋陕贵云琼脑鉴鉴该觉说说写谢系系辖卖销贸输码页周龄寿馆乐欢爱",
    ),
    (
        "衛災貧脫顧幹僱懲違紀憑錢貳陸虧損餘撥誠譽鐘紅藍綫縮紹終約純紛紡練緒緣縱聲聰膽臉艱莊葉蔭蘭",
        "卫灾贫脱顾干雇惩违纪凭钱贰陆亏损余拨诚誉钟红蓝线缩绍终约纯纷纺练绪缘纵声聪胆脸艰庄叶荫兰",
    ),
    (
        "虛衝襲覓觀訊訣詞詳誌誕諮謂譯豎貨貶賓賠賢賬贊趨蹟軌輯輿轟辭遞遺邁鄭醞鈞銳鍊鍛鏡鑄閱闊闡陣",
        "虚冲袭觅观讯诀词详志诞咨谓译竖货贬宾赔贤账赞趋迹轨辑舆轰辞递遗迈郑酝钧锐炼锻镜铸阅阔阐阵",
    ),
    (
        "隱雞靜韌韓響頒頗顛飾駐騰驟鬆麗黴齒佈併侖倉倫偉傑傷僅儘兇剋劍勳匱卻厭叢啓喪喚嗎夢夾奧媽寢",
        "隐鸡静韧韩响颁颇颠饰驻腾骤松丽霉齿布并仑仓伦伟杰伤仅尽凶克剑勋匮却厌丛启丧唤吗梦夹奥妈寝",
    ),
    (
        "屍幟廟廬彎彙恆悅惡惱慣慮慶憲懇懸戀拋挾捨掃揚換摯撫擊擋擠擾攔敘斂晝暫曉曬棄棟楊榮槍樁歐殺",
        "尸帜庙庐弯汇恒悦恶恼惯虑庆宪恳悬恋抛挟舍扫扬换挚抚击挡挤扰拦叙敛昼暂晓晒弃栋杨荣枪桩欧杀",
    ),
    (
        "毀氫涼淨湧滅滯滲漲潔澤濃濕灑烏爐牆犧狀獄獵瑣璽畝異癥盜盞睜碩礙禍禮窮竊筆箋籃籤紐絕絲綁綱",
        "毁氢凉净涌灭滞渗涨洁泽浓湿洒乌炉墙牺状狱猎琐玺亩异症盗盏睁硕碍祸礼穷窃笔笺篮签纽绝丝绑纲",
    ),
    (
        "綴緩緯縫繳纖罷羅聖肅脅腳臟艙蘋蟲製褲襪覈觸託詐詣誘誰諸諾謊譜讚貝貞貢販貪貯賀賃賄賜賞賴贈",
        "缀缓纬缝缴纤罢罗圣肃胁脚脏舱苹虫制裤袜核触托诈诣诱谁诸诺谎谱赞贝贞贡贩贪贮贺赁贿赐赏赖赠",
    ),
    (
        "贏趕趙躉軀軸輕輩迴遊遲邏醜釀鈕鉛銅鋁錫錶鍋鎊鏟鑰閃閒閣闆陳隸雖霧韋頓顆願颱飄飢飲飽餅餓餵",
        "赢赶赵趸躯轴轻辈回游迟逻丑酿钮铅铜铝锡表锅镑铲钥闪闲阁板陈隶虽雾韦顿颗愿台飘饥饮饱饼饿喂",
    ),
    (
        "饑馮駕騎騙驚髒鬧鮮鳴鴻鵝鹽麵龐龜擬墊墾壇學燦爛稟穫縷蟬",
        "饥冯驾骑骗惊脏闹鲜鸣鸿鹅盐面庞龟拟垫垦坛学灿烂禀获缕蝉",
    ),
];

fn table() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::with_capacity(800);
        for (trad, simp) in ROWS {
            for (t, s) in trad.chars().zip(simp.chars()) {
                if t != s {
                    map.insert(t, s);
                }
            }
        }
        map
    })
}

/// Returns the Simplified form of `c`, or `c` itself when it is not a known
/// Traditional-only character.
pub fn to_simplified(c: char) -> char {
    if (c as u32) < 0x4E00 {
        return c;
    }
    table().get(&c).copied().unwrap_or(c)
}

/// True when `c` is a Traditional character listed in the table.
pub fn is_traditional(c: char) -> bool {
    (c as u32) >= 0x4E00 && table().contains_key(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_have_equal_lengths() {
        for (t, s) in ROWS {
            assert_eq!(t.chars().count(), s.chars().count(), "row starting {t:.8}");
        }
    }

    #[test]
    fn maps_policy_vocabulary() {
        let cases = [
            ("牽頭單位", "牵头单位"),
            ("責任部門", "责任部门"),
            ("高新技術企業", "高新技术企业"),
            ("盤政辦發", "盘政办发"),
            ("萬元", "万元"),
            ("億元", "亿元"),
            ("覆蓋率", "覆盖率"),
        ];
        for (trad, simp) in cases {
            let got: String = trad.chars().map(to_simplified).collect();
            assert_eq!(got, simp);
        }
    }
}
