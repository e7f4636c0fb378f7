//! The messages of the indicator pages (key, Chinese, English); the names
//! and definitions of the indicators come from the catalogue.

use kechuang_shell::capability::Message;

const PAGE: &[Message] = &[
    ("nav.indicators", "指标", "Indicators"),
    ("indicators.title", "创新指标", "Innovation indicators"),
    (
        "indicators.intro",
        "指标由系统从登记、市场、培育和兑现记录计算，或由统计部门数据录入并注明来源。每个数值都可查看口径、来源和计算时间。",
        "Indicators are computed from the registry, market, cultivation and incentive records, or entered from the statistics bureau's figures with their source. Every figure shows its definition, source and time of computation.",
    ),
    ("indicators.area", "地区或分组", "Region or group"),
    ("indicators.year", "截至年度", "Up to year"),
    ("indicators.indicator", "指标", "Indicator"),
    ("indicators.unit", "单位", "Unit"),
    ("indicators.computed", "系统计算", "Computed"),
    ("indicators.entered", "录入", "Entered"),
    ("indicators.computed_at", "计算时间", "Computed at"),
    ("indicators.definition", "口径", "Definition"),
    ("indicators.version", "口径版本", "Definition version"),
    ("indicators.sources", "数据来源（表）", "Source tables"),
    ("indicators.breakdown", "分县区与分组", "By region and group"),
    (
        "indicators.lineage",
        "录入数据的来源",
        "Where the entered figures came from",
    ),
    (
        "indicators.no_entries",
        "该地区未使用录入数据。",
        "No entered figure is used for this area.",
    ),
    ("indicators.export", "导出 Excel", "Export (.xlsx)"),
    ("indicators.enter", "录入统计数据", "Enter statistics"),
    ("indicators.inputs", "录入的统计数据", "Entered statistics"),
    (
        "indicators.inputs_intro",
        "地区生产总值、常住人口、财政科技支出等由统计、财政部门公布的数据在此录入，每条须注明来源。市未录入时按各县区之和计算；任一县区缺失则不计算。",
        "GDP, population and fiscal S&T spending as the statistics and finance bureaus publish them are entered here, each with its source. A city without an entry sums its counties; if any county is missing there is no figure.",
    ),
    ("indicators.value", "数值", "Value"),
    ("indicators.source", "来源", "Source"),
    (
        "indicators.source_hint",
        "如：2025年国民经济和社会发展统计公报",
        "e.g. 2025 statistical communiqué",
    ),
    ("indicators.note", "说明", "Note"),
    ("indicators.entered_by", "录入人", "Entered by"),
    ("indicators.entered_at", "录入时间", "Entered at"),
    ("indicators.groups", "县区分组", "Groups of regions"),
    (
        "indicators.groups_intro",
        "分组（如示范区四县）的指标为成员县区之和；比率按分子、分母之和计算，不取平均。",
        "A group's figure (e.g. a demonstration zone's four counties) adds its members; ratios are formed from the summed parts, never averaged.",
    ),
    ("indicators.group_name", "分组名称", "Group name"),
    ("indicators.members", "成员", "Members"),
    ("indicators.new_group", "新建分组", "New group"),
    (
        "indicators.metric_note",
        "计划目标和县域考核可绑定此指标，按系统计算值判断进度和评分。",
        "Plan targets and county assessments can bind to this indicator and be judged and scored on the computed figure.",
    ),
    ("indicators.missing", "缺失说明", "What is missing"),
    ("indicators.back", "返回指标", "Back to indicators"),
    ("indicators.delete", "删除", "Delete"),
    ("nav.open_data", "开放数据", "Open data"),
    (
        "report.title_suffix",
        "年度科技创新指标报告",
        " innovation indicators, yearly report",
    ),
    ("report.open", "年度报告", "Yearly report"),
    (
        "report.note",
        "数值由系统按各指标口径从登记、市场和兑现记录计算，统计数据为录入值并注明来源；“—”表示该年无数据，原因见指标页。",
        "Figures are computed from the registry, market and incentive records under each indicator's definition; statistics are entered values with their source; \"—\" means no figure for the year, with the reason on the indicator's page.",
    ),
    ("report.summary", "主要指标", "Indicators"),
    ("report.change", "同比", "Change"),
    ("report.trends", "近五年走势", "Five-year trends"),
    ("report.definitions", "指标口径", "Definitions"),
    ("report.pdf", "下载 PDF", "Download PDF"),
    ("report.print", "打印", "Print"),
    ("bulletin.open", "季度简报", "Quarterly bulletin"),
    ("bulletin.title_suffix", "科技创新简报", " innovation bulletin"),
    ("bulletin.quarter", "季度", "Quarter"),
    ("bulletin.now", "本期", "This quarter"),
    ("bulletin.before", "上年同期", "Same quarter last year"),
    ("bulletin.yearly", "年度口径", "yearly figure"),
    (
        "bulletin.note",
        "企业、平台和合同按季度计算（存量为季末或今日，增量为本季度内）；标“年度口径”的指标只有年度数值，显示本年与上年。",
        "Firms, platforms and contracts are counted for the quarter (stocks on its last day or today, new ones within it); indicators marked yearly exist only by the year and show this year and last.",
    ),
    ("open.title", "开放数据", "Open data"),
    (
        "open.intro",
        "已发布的科技成果、技术需求、创新平台和分县区指标向社会开放，无需登录。每条记录有稳定编号；接口按编号分页，批量文件一次下载全部。联系人、电话、信用记录、银行授权、草稿和未发布内容不在开放之列。",
        "Published achievements, technology demands, innovation platforms and indicators by region are open to anyone, without signing in. Every record has a stable identifier; the API pages by identifier and the bulk files hold everything. Contacts, phone numbers, credit records, bank consents, drafts and unpublished items are never opened.",
    ),
    ("open.licence", "许可", "Licence"),
    ("open.dataset", "数据集", "Dataset"),
    ("open.api", "接口（JSON，分页）", "API (JSON, paged)"),
    ("open.bulk", "批量下载", "Bulk download"),
    ("open.limits", "使用限制", "Limits"),
    (
        "open.limits_text",
        "每个地址每分钟至多 {n} 次请求；接口每页至多 {m} 条，用返回的 next_after 取下一页。",
        "At most {n} requests a minute from one address; at most {m} items a page, the next page from the next_after returned.",
    ),
];

const N: usize = crate::catalogue::TEXTS.len() + PAGE.len();

/// Every message of indicators: the catalogue's names and definitions, then
/// the pages'.
pub static MESSAGES: [Message; N] = concat(crate::catalogue::TEXTS, PAGE);

const fn concat<const N: usize>(a: &[Message], b: &[Message]) -> [Message; N] {
    let mut out = [("", "", ""); N];
    let mut i = 0;
    while i < a.len() {
        out[i] = a[i];
        i += 1;
    }
    let mut j = 0;
    while j < b.len() {
        out[a.len() + j] = b[j];
        j += 1;
    }
    out
}
