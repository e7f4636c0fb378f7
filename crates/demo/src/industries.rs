//! Industries (GB/T 4754-2017 class codes) and industry chains used by the
//! generators, with the words that go into firm names for each.

use crate::random::{DemoRng, int_between, pick};

/// Industry chains (产业链) an enterprise can be tagged with.
pub const CHAINS: &[&str] = &[
    "新一代信息技术",
    "高端装备",
    "生物医药",
    "新材料",
    "新能源",
    "节能环保",
    "现代农业",
];

/// Broad sector, which drives typical magnitudes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sector {
    Agriculture,
    Manufacturing,
    Software,
    Energy,
    Services,
}

impl Sector {
    /// Typical revenue per employee in yuan.
    pub(crate) fn revenue_per_employee(self) -> f64 {
        match self {
            Sector::Agriculture => 380_000.0,
            Sector::Manufacturing => 720_000.0,
            Sector::Software => 420_000.0,
            Sector::Energy => 1_900_000.0,
            Sector::Services => 300_000.0,
        }
    }

    /// Whether firms of this sector count as industrial (工业) for the
    /// above-scale (规模以上) statistics.
    pub(crate) fn industrial(self) -> bool {
        matches!(self, Sector::Manufacturing | Sector::Energy)
    }
}

/// One industry class of GB/T 4754-2017.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Industry {
    /// Section letter plus four-digit class code, e.g. "C3963".
    pub code: &'static str,
    pub name: &'static str,
    /// Chains this industry belongs to; the first is the primary one.
    pub chains: &'static [&'static str],
    /// Words naming the business inside a firm name ("无人机", "药业").
    pub words: &'static [&'static str],
    /// Allowed name suffixes before the company form ("科技", "制造").
    pub suffixes: &'static [&'static str],
    /// Relative frequency among the city's tracked enterprises.
    pub weight: u32,
    pub sector: Sector,
}

use Sector::*;

const fn ind(
    code: &'static str,
    name: &'static str,
    chains: &'static [&'static str],
    words: &'static [&'static str],
    suffixes: &'static [&'static str],
    weight: u32,
    sector: Sector,
) -> Industry {
    Industry {
        code,
        name,
        chains,
        words,
        suffixes,
        weight,
        sector,
    }
}

const KJ: &[&str] = &["科技"];
const KJ_JS: &[&str] = &["科技", "技术"];
const KJ_ZZ: &[&str] = &["科技", "制造"];
const ALL3: &[&str] = &["科技", "技术", "制造"];

#[rustfmt::skip]
pub(crate) const INDUSTRIES: &[Industry] = &[
    // 现代农业
    ind("A0141", "蔬菜种植", &["现代农业"], &["现代农业", "设施农业", "生态农业"], KJ, 10, Agriculture),
    ind("A0142", "食用菌种植", &["现代农业"], &["食用菌", "生物农业"], KJ, 5, Agriculture),
    ind("A0313", "猪的饲养", &["现代农业"], &["生态养殖", "畜牧"], KJ, 5, Agriculture),
    ind("A0511", "种子种苗培育活动", &["现代农业"], &["种业", "农业生物"], KJ_JS, 6, Agriculture),
    ind("M7511", "农林牧渔技术推广服务", &["现代农业"], &["智慧农业", "农业"], KJ, 6, Services),
    ind("C1391", "淀粉及淀粉制品制造", &["现代农业"], &["农产品", "食品"], KJ, 4, Manufacturing),
    ind("C1491", "营养食品制造", &["现代农业", "生物医药"], &["营养食品", "健康食品"], KJ, 5, Manufacturing),
    ind("C1495", "食品及饲料添加剂制造", &["现代农业", "生物医药"], &["生物工程", "饲料"], KJ_JS, 5, Manufacturing),
    // 新材料
    ind("C2614", "有机化学原料制造", &["新材料"], &["精细化工", "化工"], KJ_JS, 7, Manufacturing),
    ind("C2651", "初级形态塑料及合成树脂制造", &["新材料"], &["高分子材料", "新材料"], KJ_ZZ, 7, Manufacturing),
    ind("C2661", "化学试剂和助剂制造", &["新材料"], &["化学试剂", "助剂"], KJ, 4, Manufacturing),
    ind("C2666", "环境污染处理专用药剂材料制造", &["节能环保", "新材料"], &["环保材料", "水处理"], KJ_JS, 4, Manufacturing),
    ind("C3062", "玻璃纤维增强塑料制品制造", &["新材料"], &["复合材料", "玻璃钢"], KJ_ZZ, 5, Manufacturing),
    ind("C3091", "石墨及碳素制品制造", &["新材料"], &["碳材料", "石墨"], KJ_ZZ, 5, Manufacturing),
    ind("C3240", "有色金属合金制造", &["新材料"], &["合金材料", "金属材料"], KJ_ZZ, 5, Manufacturing),
    ind("C3252", "铝压延加工", &["新材料"], &["铝业", "轻合金"], KJ_ZZ, 4, Manufacturing),
    // 生物医药
    ind("C2710", "化学药品原料药制造", &["生物医药"], &["药业", "医药"], KJ, 5, Manufacturing),
    ind("C2720", "化学药品制剂制造", &["生物医药"], &["制药", "药业"], KJ, 5, Manufacturing),
    ind("C2740", "中成药生产", &["生物医药"], &["中药", "药业"], KJ, 4, Manufacturing),
    ind("C2761", "生物药品制造", &["生物医药"], &["生物医药", "生物制药"], KJ_JS, 4, Manufacturing),
    ind("C2770", "卫生材料及医药用品制造", &["生物医药"], &["医用材料", "医疗用品"], KJ_ZZ, 4, Manufacturing),
    ind("C3581", "医疗诊断、监护及治疗设备制造", &["生物医药", "高端装备"], &["医疗器械", "医疗设备"], KJ_JS, 6, Manufacturing),
    ind("C3586", "康复辅具制造", &["生物医药"], &["康复器械", "康复设备"], KJ_ZZ, 3, Manufacturing),
    ind("M7340", "医学研究和试验发展", &["生物医药"], &["生物", "医学"], KJ_JS, 3, Services),
    // 高端装备
    ind("C3421", "金属切削机床制造", &["高端装备"], &["数控机床", "精密机械"], KJ_ZZ, 7, Manufacturing),
    ind("C3491", "工业机器人制造", &["高端装备"], &["机器人", "智能装备"], ALL3, 7, Manufacturing),
    ind("C3493", "增材制造装备制造", &["高端装备"], &["增材制造", "激光"], KJ_JS, 3, Manufacturing),
    ind("C3572", "机械化农业及园艺机具制造", &["高端装备", "现代农业"], &["农业机械", "农机装备"], KJ_ZZ, 5, Manufacturing),
    ind("C3562", "半导体器件专用设备制造", &["新一代信息技术", "高端装备"], &["半导体装备", "电子装备"], KJ_JS, 3, Manufacturing),
    ind("C3612", "新能源车整车制造", &["新能源", "高端装备"], &["新能源汽车", "电动车"], KJ_ZZ, 1, Manufacturing),
    ind("C3670", "汽车零部件及配件制造", &["高端装备"], &["汽车零部件", "汽车电子"], KJ_ZZ, 9, Manufacturing),
    ind("C3744", "航空相关设备制造", &["高端装备"], &["航空装备", "航空设备"], KJ_ZZ, 2, Manufacturing),
    ind("C3963", "智能无人飞行器制造", &["高端装备", "新一代信息技术"], &["无人机", "智能飞行器"], KJ_JS, 3, Manufacturing),
    ind("C4011", "工业自动控制系统装置制造", &["高端装备", "新一代信息技术"], &["自动化", "智能控制"], KJ_JS, 6, Manufacturing),
    ind("C4014", "实验分析仪器制造", &["高端装备"], &["分析仪器", "精密仪器"], KJ_ZZ, 4, Manufacturing),
    // 新能源
    ind("C3811", "发电机及发电机组制造", &["新能源", "高端装备"], &["风电装备", "电机"], KJ_ZZ, 3, Manufacturing),
    ind("C3825", "光伏设备及元器件制造", &["新能源"], &["光伏", "光电"], KJ_ZZ, 5, Manufacturing),
    ind("C3841", "锂离子电池制造", &["新能源", "新材料"], &["储能", "电池", "新能源"], KJ_JS, 5, Manufacturing),
    ind("D4415", "风力发电", &["新能源"], &["风电", "新能源"], KJ, 2, Energy),
    ind("D4416", "太阳能发电", &["新能源"], &["光伏电力", "新能源"], KJ_JS, 3, Energy),
    // 新一代信息技术
    ind("C3832", "光纤制造", &["新一代信息技术", "新材料"], &["光纤", "光通信"], KJ_ZZ, 2, Manufacturing),
    ind("C3921", "通信系统设备制造", &["新一代信息技术"], &["通信", "网络"], KJ_JS, 4, Manufacturing),
    ind("C3973", "集成电路制造", &["新一代信息技术"], &["半导体", "集成电路"], KJ_ZZ, 2, Manufacturing),
    ind("C3976", "光电子器件制造", &["新一代信息技术"], &["光电", "光电子"], KJ_JS, 3, Manufacturing),
    ind("C3982", "电子电路制造", &["新一代信息技术"], &["电子", "电路"], KJ_ZZ, 5, Manufacturing),
    ind("C3983", "敏感元件及传感器制造", &["新一代信息技术", "高端装备"], &["传感器", "智能传感"], KJ_JS, 4, Manufacturing),
    ind("I6450", "互联网数据服务", &["新一代信息技术"], &["数据", "云计算"], KJ_JS, 4, Software),
    ind("I6511", "基础软件开发", &["新一代信息技术"], &["软件", "信息"], KJ_JS, 3, Software),
    ind("I6513", "应用软件开发", &["新一代信息技术"], &["软件", "信息", "数字"], KJ_JS, 14, Software),
    ind("I6520", "集成电路设计", &["新一代信息技术"], &["微电子", "芯片设计"], KJ_JS, 2, Software),
    ind("I6531", "信息系统集成服务", &["新一代信息技术"], &["信息", "智能", "数据"], KJ_JS, 8, Software),
    ind("I6532", "物联网技术服务", &["新一代信息技术"], &["物联网", "智联"], KJ_JS, 5, Software),
    // 节能环保 and technical services
    ind("N7721", "水污染治理", &["节能环保"], &["环保", "水务"], KJ_JS, 5, Services),
    ind("N7723", "固体废物治理", &["节能环保"], &["环境", "资源循环"], KJ_JS, 4, Services),
    ind("M7514", "节能技术推广服务", &["节能环保"], &["节能", "能源"], KJ_JS, 4, Services),
    ind("M7320", "工程和技术研究和试验发展", &["高端装备", "新材料"], &["工程", "研发"], KJ_JS, 4, Services),
    ind("M7452", "检测服务", &["高端装备", "新材料"], &["检测", "检验检测"], &["技术", "科技"], 4, Services),
];

/// A technology field: (name, industry chain, keywords).
pub(crate) type Field = (&'static str, &'static str, &'static [&'static str]);

/// A random field of `chain` (any field if the chain has none).
pub(crate) fn field_in_chain(rng: &mut DemoRng, chain: &str) -> &'static Field {
    let n = FIELDS.iter().filter(|f| f.1 == chain).count();
    if n == 0 {
        return pick(rng, FIELDS);
    }
    let k = int_between(rng, 0, n as u64 - 1) as usize;
    FIELDS.iter().filter(|f| f.1 == chain).nth(k).expect("k < n")
}

/// Technology fields used for experts and platforms, with keywords.
#[rustfmt::skip]
pub(crate) const FIELDS: &[Field] = &[
    ("人工智能", "新一代信息技术", &["机器学习", "计算机视觉", "自然语言处理", "知识图谱", "智能决策"]),
    ("软件与信息服务", "新一代信息技术", &["工业软件", "数据库", "信息安全", "云原生", "软件测试"]),
    ("集成电路", "新一代信息技术", &["芯片设计", "封装测试", "功率器件", "射频电路", "模拟电路"]),
    ("工业互联网", "新一代信息技术", &["边缘计算", "数字孪生", "工业大数据", "标识解析", "设备联网"]),
    ("智能装备", "高端装备", &["工业机器人", "数控系统", "机器视觉", "精密减速器", "智能产线"]),
    ("航空装备", "高端装备", &["无人机", "飞控系统", "航空材料", "适航认证", "复合材料结构"]),
    ("仪器仪表", "高端装备", &["光谱分析", "传感器", "计量校准", "在线检测", "色谱"]),
    ("化学药物", "生物医药", &["原料药", "仿制药一致性评价", "药物合成", "制剂工艺", "质量标准"]),
    ("生物制药", "生物医药", &["抗体药物", "疫苗", "细胞培养", "基因工程", "发酵工程"]),
    ("医疗器械", "生物医药", &["体外诊断", "医学影像", "康复器械", "植介入器械", "监护设备"]),
    ("中医药", "生物医药", &["中药材种植", "中药提取", "经典名方", "中药质量控制", "药食同源"]),
    ("高分子材料", "新材料", &["改性塑料", "功能膜材料", "特种橡胶", "树脂合成", "可降解材料"]),
    ("金属材料", "新材料", &["铝合金", "粉末冶金", "表面处理", "轻量化", "热处理"]),
    ("碳材料", "新材料", &["石墨烯", "碳纤维", "负极材料", "特种石墨", "炭黑"]),
    ("储能与电池", "新能源", &["锂电池", "储能系统", "电池管理", "钠离子电池", "电池回收"]),
    ("光伏与风电", "新能源", &["光伏组件", "逆变器", "风机叶片", "微电网", "功率预测"]),
    ("氢能", "新能源", &["制氢", "储氢", "燃料电池", "加氢站", "氢能装备"]),
    ("环境工程", "节能环保", &["污水处理", "大气治理", "固废资源化", "土壤修复", "环境监测"]),
    ("节能技术", "节能环保", &["余热回收", "能效诊断", "热泵", "合同能源管理", "电机节能"]),
    ("现代种业", "现代农业", &["育种", "分子标记", "种质资源", "良种繁育", "小麦育种"]),
    ("智慧农业", "现代农业", &["农业物联网", "精准施肥", "节水灌溉", "农机智能化", "设施园艺"]),
    ("畜牧兽医", "现代农业", &["动物疫病防控", "饲料营养", "养殖环境", "兽药", "种畜繁育"]),
    ("食品科学", "现代农业", &["食品安全", "功能食品", "农产品加工", "冷链", "发酵食品"]),
];
