//! User-facing text, Chinese first with English. Every capability brings
//! its own messages (key, Chinese, English); the [`Catalogue`] holds them
//! all. Templates call `t("key")`; the language comes from the `kc_lang`
//! cookie (default Chinese).

use crate::capability::Message;
use std::collections::HashMap;

pub use kechuang_kernel::vocab::Lang;

/// (key, Chinese, English)
pub static MESSAGES: &[(&str, &str, &str)] = &[
    ("app.name", "科创 · 科技创新服务平台", "Kechuang · Innovation Services"),
    ("app.short", "科创", "Kechuang"),
    ("nav.home", "工作台", "Workspace"),
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
    (
        "login.password_changed",
        "密码已修改，请重新登录。",
        "Password changed; please sign in again.",
    ),
    ("login.failed", "用户名或密码不正确", "Wrong username or password"),
    ("error.title", "出错了", "Something went wrong"),
    ("error.back", "返回首页", "Back to the workspace"),
    ("action.create", "新增", "create"),
    ("action.update", "修改", "update"),
    ("action.delete", "删除", "delete"),
    ("action.login", "登录", "sign-in"),
    ("action.logout", "退出", "sign-out"),
    ("action.login_failed", "登录失败", "failed sign-in"),
    ("action.password", "密码变更", "password change"),
    ("action.export", "导出", "export"),
    ("action.revoke", "吊销", "revoke"),
    ("history.title", "变更记录", "Change history"),
    ("history.at", "时间", "Time"),
    ("history.actor", "操作人", "Actor"),
    ("history.action", "操作", "Action"),
    ("history.change", "变更内容", "Change"),
    ("history.none", "暂无变更记录", "No changes recorded"),
    ("home.regions", "行政区域", "Regions"),
    ("home.level", "级别", "Level"),
    ("common.none", "暂无数据", "Nothing here yet"),
    ("common.total", "共", "Total"),
    ("common.region", "所属区域", "Region"),
    ("common.save", "保存", "Save"),
    ("common.create", "创建", "Create"),
    ("common.status", "状态", "Status"),
    ("common.file", "文件", "File"),
    ("common.filter", "筛选", "Filter"),
    ("common.prev", "上一页", "Previous"),
    ("common.next", "下一页", "Next"),
    ("common.actions", "操作", "Actions"),
    ("common.created_at", "创建时间", "Created"),
    ("common.version", "版本", "Version"),
];

/// Every message of the registered capabilities, by key.
#[derive(Debug, Default)]
pub struct Catalogue {
    index: HashMap<&'static str, (&'static str, &'static str)>,
}

impl Catalogue {
    /// Builds the catalogue from message tables; a key given twice or a
    /// message missing a language is an error naming the key.
    pub fn new<'a>(tables: impl IntoIterator<Item = &'a [Message]>) -> Result<Catalogue, String> {
        let mut index = HashMap::new();
        for table in tables {
            for (k, zh, en) in table {
                if zh.is_empty() || en.is_empty() {
                    return Err(format!("message {k} lacks a language"));
                }
                if index.insert(*k, (*zh, *en)).is_some() {
                    return Err(format!("message key {k} is defined twice"));
                }
            }
        }
        Ok(Catalogue { index })
    }

    /// The text of `key` in `lang`; an unknown key is returned as itself (and
    /// a test checks that templates use only known keys).
    pub fn t(&self, lang: Lang, key: &str) -> String {
        match self.index.get(key) {
            Some((zh, en)) => match lang {
                Lang::Zh => (*zh).to_owned(),
                Lang::En => (*en).to_owned(),
            },
            None => key.to_owned(),
        }
    }

    pub fn has_key(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_and_refusals() {
        let c = Catalogue::new([MESSAGES]).unwrap();
        assert_eq!(c.t(Lang::En, "nav.home"), "Workspace");
        assert_eq!(c.t(Lang::Zh, "nav.home"), "工作台");
        assert_eq!(c.t(Lang::Zh, "no.such"), "no.such");
        let twice: &[Message] = &[("nav.home", "再", "again")];
        assert!(Catalogue::new([MESSAGES, twice]).unwrap_err().contains("nav.home"));
        let half: &[Message] = &[("x.y", "有", "")];
        assert!(Catalogue::new([half]).unwrap_err().contains("x.y"));
    }
}
