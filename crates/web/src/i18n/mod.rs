//! User-facing text, Chinese first with English. Templates call
//! `t("key")`; the language comes from the `kc_lang` cookie (default zh).

use serde::Serialize;
use std::collections::HashMap;
use std::sync::LazyLock;

mod credit;
mod cultivation;
mod market;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "zh" | "zh-CN" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// (key, Chinese, English)
static MESSAGES: &[(&str, &str, &str)] = &[
    ("app.name", "科创 · 科技创新服务平台", "Kechuang · Innovation Services"),
    ("app.short", "科创", "Kechuang"),
    ("nav.home", "工作台", "Workspace"),
    ("nav.regions", "行政区域", "Regions"),
    ("nav.users", "用户管理", "Users"),
    ("nav.audit", "审计日志", "Audit log"),
    ("nav.account", "我的账户", "My account"),
    ("nav.api", "接口文档", "API docs"),
    ("nav.login", "登录", "Sign in"),
    ("nav.logout", "退出", "Sign out"),
    ("nav.lang", "English", "中文"),
    (
        "demo.banner",
        "演示数据：本系统当前载入的是虚构的演示城市，数据均为合成，仅供体验。",
        "Demo data: this system holds a fictional demo city; all data is synthetic.",
    ),
    ("home.public_title", "科技创新服务平台", "Innovation services platform"),
    (
        "home.public_lead",
        "为市科技局、县(市、区)、企业、高校院所、专家和金融机构提供一体化的科技创新管理与服务。",
        "One place for the science and technology bureau, counties, enterprises, universities, experts and banks to run the city's innovation system.",
    ),
    ("home.welcome", "欢迎", "Welcome"),
    ("home.your_role", "角色", "Role"),
    ("home.your_scope", "管辖范围", "Scope"),
    ("home.capabilities", "功能", "Capabilities"),
    ("home.no_scope", "全部", "All"),
    ("home.enterprise", "所属企业", "Enterprise"),
    ("login.title", "登录", "Sign in"),
    ("login.username", "用户名", "Username"),
    ("login.password", "密码", "Password"),
    ("login.submit", "登录", "Sign in"),
    ("login.failed", "用户名或密码不正确", "Wrong username or password"),
    ("users.title", "用户管理", "User accounts"),
    ("users.new", "新建用户", "New user"),
    ("users.username", "用户名", "Username"),
    ("users.display_name", "姓名/单位", "Name"),
    ("users.role", "角色", "Role"),
    ("users.region", "所属区域", "Region"),
    (
        "users.enterprise_code",
        "企业统一社会信用代码",
        "Enterprise credit code",
    ),
    ("users.institution_id", "高校院所编号", "Institution id"),
    ("users.active", "启用", "Active"),
    ("users.unit", "所属单位", "Organisation"),
    ("users.password", "初始密码", "Initial password"),
    ("users.reset_password", "重置密码", "Reset password"),
    ("users.new_password", "新密码", "New password"),
    ("users.save", "保存", "Save"),
    ("users.create", "创建", "Create"),
    ("users.edit", "编辑", "Edit"),
    ("users.search", "搜索用户名或姓名", "Search name"),
    ("users.all_roles", "全部角色", "All roles"),
    ("users.filter", "筛选", "Filter"),
    ("users.total", "共", "Total"),
    ("users.history", "变更记录", "Change history"),
    ("users.yes", "是", "yes"),
    ("users.no", "否", "no"),
    ("audit.title", "审计日志", "Audit log"),
    ("audit.at", "时间", "Time"),
    ("audit.actor", "操作人", "Actor"),
    ("audit.action", "操作", "Action"),
    ("audit.entity", "对象", "Entity"),
    ("audit.before", "修改前", "Before"),
    ("audit.after", "修改后", "After"),
    ("audit.ip", "地址", "Address"),
    ("audit.export", "导出CSV", "Export CSV"),
    ("audit.since", "起始日期", "From"),
    ("audit.until", "截止日期", "Until"),
    ("audit.more", "更早的记录", "Older entries"),
    ("regions.title", "行政区域", "Regions"),
    ("regions.code", "区划代码", "Code"),
    ("regions.name", "名称", "Name"),
    ("regions.name_en", "英文名", "English name"),
    ("regions.level", "级别", "Level"),
    ("regions.parent", "上级区域", "Parent"),
    ("regions.new", "新增区域", "New region"),
    ("regions.none", "(无)", "(none)"),
    ("account.title", "我的账户", "My account"),
    ("account.change_password", "修改密码", "Change password"),
    ("account.email", "电子邮箱", "E-mail address"),
    (
        "account.email_hint",
        "填写后，站内消息（匹配提醒、订阅提醒、推送的需求）会同时发到此邮箱；清空即停止。",
        "Messages in your inbox (matches, saved-search alerts, pushed demands) are also sent here; clear it to stop.",
    ),
    (
        "account.email_off",
        "（本系统尚未配置邮件服务器，目前只有站内消息。）",
        "(No mail server is configured yet: messages stay in the inbox.)",
    ),
    ("account.save_email", "保存邮箱", "Save address"),
    ("account.current_password", "当前密码", "Current password"),
    ("account.new_password", "新密码", "New password"),
    (
        "account.must_change",
        "请先修改初始密码后继续使用。",
        "Please change your initial password to continue.",
    ),
    ("account.tokens", "接口令牌", "API tokens"),
    ("account.token_name", "令牌名称", "Token name"),
    (
        "account.token_days",
        "有效天数(留空为长期)",
        "Valid days (empty: no expiry)",
    ),
    ("account.token_create", "生成令牌", "Create token"),
    (
        "account.token_created",
        "新令牌如下，仅显示一次，请妥善保存：",
        "Your new token, shown only once:",
    ),
    ("account.token_revoke", "吊销", "Revoke"),
    ("account.token_revoked", "已吊销", "revoked"),
    (
        "account.password_changed",
        "密码已修改，请重新登录。",
        "Password changed; please sign in again.",
    ),
    ("action.create", "新增", "create"),
    ("action.update", "修改", "update"),
    ("action.delete", "删除", "delete"),
    ("action.login", "登录", "sign-in"),
    ("action.logout", "退出", "sign-out"),
    ("action.login_failed", "登录失败", "failed sign-in"),
    ("action.password", "密码变更", "password change"),
    ("action.export", "导出", "export"),
    ("action.revoke", "吊销", "revoke"),
    ("nav.plans", "规划督查", "Plans"),
    ("nav.assessments", "县域考核", "County assessment"),
    ("nav.registry", "创新主体库", "Registry"),
    ("registry.duplicates", "疑似重复企业", "Likely duplicates"),
    (
        "registry.duplicates_hint",
        "统一社会信用代码不同但名称（含曾用名，繁简体视为相同）高度相似的企业。合并后被合并记录的证书和缺少的年度数据转入保留记录，其名称记入曾用名；合并可撤销。",
        "Enterprises with different credit codes whose names (former names included, Traditional and Simplified alike) are very similar. A merge moves the other record's certificates and missing yearly facts to the kept one and records its name as a former name; every merge can be undone.",
    ),
    ("registry.similarity", "相似度", "Similarity"),
    ("registry.merge", "合并", "Merge"),
    ("registry.keep", "保留", "Keep"),
    ("registry.no_duplicates", "未发现疑似重复", "No likely duplicates found"),
    ("registry.merges", "合并记录", "Merges"),
    ("registry.kept", "保留记录", "Kept"),
    ("registry.merged", "被合并记录", "Merged"),
    ("registry.undone", "已撤销", "Undone"),
    ("registry.undo", "撤销合并", "Undo"),
    (
        "registry.proposals",
        "企业申报的年度数据",
        "Facts proposed by enterprises",
    ),
    (
        "registry.proposals_hint",
        "企业用户申报的数据经科技部门审核通过后才写入名录；退回需说明理由。",
        "Figures proposed by enterprise users reach the registry only when bureau staff approve them; a rejection needs a reason.",
    ),
    ("registry.now", "现为", "now"),
    ("registry.proposal_pending", "待审核", "Pending"),
    ("registry.proposal_approved", "已通过", "Approved"),
    ("registry.proposal_rejected", "已退回", "Rejected"),
    ("registry.decision_note", "审核意见", "Note"),
    ("registry.approve", "通过", "Approve"),
    ("registry.reject", "退回", "Reject"),
    ("registry.propose", "申报年度数据", "Propose yearly facts"),
    (
        "registry.propose_hint",
        "提交后由科技部门审核，通过后更新到名录。金额单位：元。",
        "Bureau staff review what you submit; approved figures update the registry. Amounts in yuan.",
    ),
    ("registry.note", "说明", "Note"),
    ("registry.submit_proposal", "提交审核", "Submit for review"),
    ("registry.agencies", "科技服务机构", "Service agencies"),
    ("registry.all", "全部", "All"),
    ("registry.by_category", "按类型与级别", "By kind and level"),
    ("registry.cancel", "取消", "Cancel"),
    ("registry.category", "类型", "Kind"),
    ("registry.cert_kind", "资质类型", "Certificate"),
    ("registry.cert_number", "证书编号", "Number"),
    ("registry.certificates", "资质证书", "Certificates"),
    ("registry.chain", "产业链", "Industry chain"),
    ("registry.change", "变更内容", "Change"),
    ("registry.check", "上传并检查", "Upload and check"),
    ("registry.column", "列", "Column"),
    ("registry.commit", "确认导入", "Import now"),
    (
        "registry.commit_hint",
        "整个文件一次写入：要么全部成功，要么不写入任何数据。",
        "The whole file is written at once: all of it or nothing.",
    ),
    ("registry.count", "数量", "Count"),
    ("registry.counts", "统计概览", "Counts"),
    (
        "registry.counts_hint",
        "资质按以下日期有效统计：",
        "Certificates counted as valid on",
    ),
    ("registry.created", "新增", "Created"),
    ("registry.created_by_import", "由导入批次创建", "Created by import"),
    ("registry.credit_code", "统一社会信用代码", "Credit code"),
    (
        "registry.download_report",
        "下载报告（Excel）",
        "Download report (Excel)",
    ),
    ("registry.edit", "编辑", "Edit"),
    ("registry.employees", "从业人员", "Employees"),
    ("registry.enterprises", "企业", "Enterprises"),
    ("registry.errors", "错误", "Errors"),
    ("registry.experts", "专家人才", "Experts"),
    ("registry.expired", "已失效", "Expired"),
    ("registry.expires_on", "有效期至", "Expires on"),
    ("registry.expiring", "即将到期", "Expiring soon"),
    ("registry.export_csv", "导出CSV", "Export CSV"),
    ("registry.export_xlsx", "导出Excel", "Export Excel"),
    ("registry.facts", "年度数据", "Yearly facts"),
    ("registry.filter", "筛选", "Filter"),
    (
        "registry.fix_hint",
        "文件有错误，未写入任何数据。请按下方报告修正后重新上传。",
        "The file has errors and nothing was written. Fix them as listed below and upload again.",
    ),
    (
        "registry.form_errors",
        "请修正标出的字段",
        "Please correct the marked fields",
    ),
    ("registry.founded", "成立日期", "Founded"),
    (
        "registry.high_tech_revenue",
        "高新技术产品收入（万元）",
        "High-tech revenue (10k yuan)",
    ),
    ("registry.history", "变更记录", "Change history"),
    ("registry.host", "依托单位", "Host"),
    ("registry.import", "批量导入", "Import"),
    ("registry.import_another", "导入其他文件", "Import another file"),
    (
        "registry.import_hint",
        "支持 .xlsx、.xls、.csv（UTF-8、GBK、GB18030）。先检查，后确认导入；同一文件重复导入不会产生变化。",
        "Accepts .xlsx, .xls and .csv (UTF-8, GBK, GB18030). Files are checked first, then imported; importing the same file again changes nothing.",
    ),
    ("registry.import_kind", "数据类型", "Data kind"),
    ("registry.industry", "行业", "Industry"),
    ("registry.institutions", "高校院所", "Universities and institutes"),
    ("registry.investors", "投资机构", "Investors"),
    ("registry.issued_on", "发证日期", "Issued on"),
    ("registry.kind", "主体类别", "Kind"),
    ("registry.level", "级别", "Level"),
    (
        "registry.list_hint",
        "多个值用“、”分隔",
        "Separate several values with 、",
    ),
    ("registry.money_unit", "金额单位：万元", "Amounts in 10,000 yuan"),
    ("registry.name", "名称", "Name"),
    ("registry.net_assets", "净资产（万元）", "Net assets (10k yuan)"),
    ("registry.new", "新增", "New"),
    ("registry.next", "下一页", "Next"),
    ("registry.no_history", "暂无变更记录", "No changes recorded"),
    ("registry.none", "暂无数据", "Nothing here yet"),
    (
        "registry.patents",
        "发明/实用新型/软著",
        "Inventions/utility models/software",
    ),
    ("registry.platforms", "创新平台", "Platforms"),
    ("registry.prev", "上一页", "Previous"),
    (
        "registry.private",
        "（仅科技部门及本单位可见）",
        "(visible to the bureau and the record's own users only)",
    ),
    ("registry.rd_expense", "研发费用（万元）", "R&D expense (10k yuan)"),
    ("registry.reason", "原因", "Reason"),
    ("registry.report", "检查报告", "Check report"),
    ("registry.revenue", "营业收入（万元）", "Revenue (10k yuan)"),
    ("registry.row", "行号", "Row"),
    ("registry.rows", "行数", "Rows"),
    ("registry.runs", "最近的导入", "Recent imports"),
    ("registry.save", "保存", "Save"),
    ("registry.search", "名称或代码", "Name or code"),
    ("registry.search_hint", "繁简体均可", "Simplified or Traditional"),
    ("registry.sort", "排序", "Sort"),
    ("registry.sort_code", "按代码", "By code"),
    ("registry.sort_founded", "按成立日期", "By founding date"),
    ("registry.sort_name", "按名称", "By name"),
    ("registry.sort_updated", "最近更新", "Recently updated"),
    ("registry.st_staff", "科技人员", "S&T staff"),
    ("registry.status_checked", "已检查，待确认", "Checked, not yet imported"),
    ("registry.status_running", "导入中", "Importing"),
    ("registry.status_committed", "已导入", "Imported"),
    (
        "registry.status_failed",
        "导入失败（未写入）",
        "Failed (nothing written)",
    ),
    ("registry.templates", "下载导入模板", "Download templates"),
    ("registry.tier", "梯次", "Tier"),
    ("registry.to_list", "查看名录", "Open the list"),
    ("registry.total", "共", "Total"),
    ("registry.unchanged", "未变", "Unchanged"),
    ("registry.updated", "更新", "Updated"),
    ("registry.valid", "有效", "Valid"),
    ("registry.value", "值", "Value"),
    ("registry.version", "版本", "Version"),
    ("registry.warnings", "警告", "Warnings"),
    ("registry.year", "年度", "Year"),
    ("plans.title", "规划与督查", "Plans and supervision"),
    ("plans.plan", "方案名称", "Plan"),
    ("plans.doc_number", "发文字号", "Document number"),
    ("plans.issuer", "发文单位", "Issuer"),
    ("plans.issued_on", "发文日期", "Issued on"),
    ("plans.period", "实施期", "Period"),
    ("plans.period_start", "实施期起始年", "Period start"),
    ("plans.period_end", "实施期末年", "Period end"),
    ("plans.status", "状态", "Status"),
    ("plans.status_draft", "待审核", "Draft"),
    ("plans.status_published", "已发布", "Published"),
    ("plans.review", "审核修正", "Review"),
    ("plans.none", "暂无记录", "Nothing yet"),
    ("plans.upload", "上传政策文件", "Upload a policy document"),
    (
        "plans.upload_hint",
        "支持 .txt、.html、.docx 和带文字层的 PDF；也可直接粘贴正文。系统自动提取目标、任务和奖补条款，审核修正后发布。",
        "Accepts .txt, .html, .docx and PDF with a text layer, or pasted text. Targets, tasks and incentives are extracted for review before publishing.",
    ),
    ("plans.file", "文件", "File"),
    ("plans.paste", "或粘贴正文", "Or paste the text"),
    ("plans.parse", "解析", "Parse"),
    ("plans.publish", "发布", "Publish"),
    ("plans.board", "督查看板", "Supervision board"),
    ("plans.source", "原文", "Source text"),
    ("plans.targets", "目标指标", "Targets"),
    ("plans.tasks", "重点任务", "Tasks"),
    ("plans.incentives", "奖补条款", "Incentives"),
    ("plans.indicator", "指标", "Indicator"),
    ("plans.kind", "类型", "Kind"),
    ("plans.baseline", "基期值", "Baseline"),
    ("plans.target_value", "目标值", "Target"),
    ("plans.unit", "单位", "Unit"),
    ("plans.target_year", "目标年", "Target year"),
    ("plans.delete", "删除", "Delete"),
    ("plans.add", "新增", "Add"),
    ("plans.numbering", "编号", "No."),
    ("plans.task", "任务", "Task"),
    ("plans.lead_units", "牵头单位", "Lead units"),
    ("plans.responsible_units", "责任单位", "Responsible units"),
    ("plans.due_on", "完成时限", "Due"),
    ("plans.beneficiary", "奖补对象", "Beneficiary"),
    ("plans.amount", "金额(元)", "Amount (yuan)"),
    ("plans.cap", "最高(元)", "Cap (yuan)"),
    ("plans.rate", "比例%", "Rate %"),
    ("plans.cost_share", "市县分担", "Cost share"),
    ("plans.as_of", "截至", "as of"),
    ("plans.export", "导出Excel", "Export to Excel"),
    ("plans.print", "打印版", "Print view"),
    ("plans.overdue_tasks", "逾期任务", "Overdue tasks"),
    ("plans.alerts", "滞后预警", "Behind schedule"),
    ("plans.current", "当前值", "Current"),
    ("plans.progress", "完成进度", "Progress"),
    ("plans.overdue", "逾期", "overdue"),
    ("plans.explanation", "说明", "Explanation"),
    ("plans.rollup", "汇总方式", "Roll-up"),
    ("plans.report", "填报进度", "Report progress"),
    ("plans.value", "数值", "Value"),
    ("plans.reported_on", "填报日期", "Date"),
    ("plans.source_of_data", "数据来源", "Source"),
    ("plans.note", "备注", "Note"),
    ("plans.attachment", "附件", "Attachment"),
    ("plans.submit_report", "提交", "Submit"),
    ("plans.reports", "填报记录", "Reports"),
    ("plans.update_task", "更新任务进展", "Update the task"),
    ("plans.evidence", "佐证材料说明", "Evidence"),
    ("plans.updates", "进展记录", "Updates"),
    ("status.achieved", "已完成", "Achieved"),
    ("status.on_track", "正常推进", "On track"),
    ("status.at_risk", "存在风险", "At risk"),
    ("status.behind", "滞后", "Behind"),
    ("status.no_data", "暂无数据", "No data"),
    ("task.not_started", "未开始", "Not started"),
    ("task.in_progress", "推进中", "In progress"),
    ("task.completed", "已完成", "Completed"),
    ("assess.title", "县(市、区)科技创新考核", "County assessment"),
    ("assess.name", "考核名称", "Name"),
    ("assess.year", "年度", "Year"),
    ("assess.new", "新建考核", "New assessment"),
    (
        "assess.indicators",
        "考核指标与权重(合计100分)",
        "Indicators and weights (total 100)",
    ),
    ("assess.weight", "权重", "Weight"),
    ("assess.custom", "自定义指标", "Custom indicator"),
    ("assess.custom_label", "指标名称", "Indicator name"),
    ("assess.lower_better", "越低越好", "Lower is better"),
    ("assess.ranking", "得分排名", "Ranking"),
    ("assess.rank", "名次", "Rank"),
    ("assess.county", "县(市、区)", "County"),
    ("assess.total", "总分", "Total"),
    (
        "assess.method",
        "计分方法：各指标在参评县之间按最优=满分、最差=0分线性折算，未填报计0分；总分为各指标得分之和。",
        "Method: per indicator, the best county gets the full weight and the worst 0, linearly in between; not reported scores 0; the total is the sum.",
    ),
    ("assess.values", "各县指标数值", "Values per county"),
    ("assess.save_score", "保存并计分", "Save and score"),
    ("error.title", "出错了", "Something went wrong"),
    ("error.back", "返回首页", "Back to the workspace"),
    ("common.prev", "上一页", "Previous"),
    ("common.next", "下一页", "Next"),
    ("common.actions", "操作", "Actions"),
    ("common.created_at", "创建时间", "Created"),
    ("common.version", "版本", "Version"),
];

/// Every message: the foundation's above, then each capability's own table.
fn all() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    MESSAGES
        .iter()
        .chain(cultivation::MESSAGES)
        .chain(market::MESSAGES)
        .chain(credit::MESSAGES)
}

static INDEX: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> =
    LazyLock::new(|| all().map(|(k, zh, en)| (*k, (*zh, *en))).collect());

/// The text of `key` in `lang`; an unknown key is returned as itself (and a
/// test checks that templates use only known keys).
pub fn t(lang: Lang, key: &str) -> String {
    match INDEX.get(key) {
        Some((zh, en)) => match lang {
            Lang::Zh => (*zh).to_owned(),
            Lang::En => (*en).to_owned(),
        },
        None => key.to_owned(),
    }
}

#[cfg(test)]
pub fn has_key(key: &str) -> bool {
    INDEX.contains_key(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_translated() {
        assert_eq!(INDEX.len(), all().count(), "duplicate message keys");
        for (k, zh, en) in all() {
            assert!(!zh.is_empty() && !en.is_empty(), "{k}");
        }
        assert_eq!(t(Lang::En, "nav.home"), "Workspace");
        assert_eq!(t(Lang::Zh, "nav.home"), "工作台");
        assert_eq!(t(Lang::Zh, "no.such"), "no.such");
    }

    #[test]
    fn templates_use_known_keys() {
        let re = regex_lite::Regex::new(r#"t\(["']([a-z_.]+)["']\)"#).unwrap();
        for (name, src) in crate::templates::SOURCES {
            for cap in re.captures_iter(src) {
                assert!(has_key(&cap[1]), "template {name} uses unknown key {}", &cap[1]);
            }
        }
    }
}
