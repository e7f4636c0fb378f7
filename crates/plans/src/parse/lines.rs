//! Splitting a document into lines and recognising web-page chrome and junk lines
//! (breadcrumbs, navigation menus, view counters, share buttons, contact details,
//! spam) that surround policy documents captured from the web.

use crate::parse::normalize::Dual;
use regex::Regex;
use std::sync::OnceLock;

/// One non-empty line of the document, trimmed.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: Dual,
    pub junk: bool,
}

/// Splits text into trimmed, non-empty lines and flags junk lines.
pub fn split_lines(text: &str) -> Vec<Line> {
    text.split('\n')
        .map(Dual::new)
        .map(|d| d.trim())
        .filter(|d| !d.is_empty())
        .map(|text| {
            let junk = is_junk(&text.norm);
            Line { text, junk }
        })
        .collect::<Vec<_>>()
        .into_iter()
        .fold(Vec::new(), mark_signature)
}

fn date_line_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日|(?:19|20)\d{3,4})$")
            .unwrap_or_else(|e| unreachable!("static regex: {e}"))
    })
}

fn org_line_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\p{Han}{2,24}(人民政府|办公室|办公厅|委员会|管委会|局|厅|委)$")
            .unwrap_or_else(|e| unreachable!("static regex: {e}"))
    })
}

/// Signature blocks (issuing body, then a date on its own line) are not body text.
fn mark_signature(mut acc: Vec<Line>, mut line: Line) -> Vec<Line> {
    if date_line_re().is_match(line.text.norm.trim()) {
        line.junk = true;
        if let Some(prev) = acc.last_mut()
            && org_line_re().is_match(prev.text.norm.trim())
        {
            prev.junk = true;
        }
    }
    acc.push(line);
    acc
}

fn spam_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"无码|一区二区|人妻|精品|AV|国产|欧美|亚洲|视频在线|在线观看|成人|彩票|博彩|赌场|色情")
            .unwrap_or_else(|e| unreachable!("static regex: {e}"))
    })
}

fn chrome_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"^(您现在的位置|当前位置|您的位置|首页\s*>|首页>|网站首页|政务公开$|政策文件$|",
            r"浏览量|浏览次数|阅读次数|点击次数|访问量|字体[:：]?|字号|【?打印|关闭窗口|【?关闭|分享到|扫一扫|",
            r"上一篇|下一篇|相关链接|相关文件|相关阅读|责任编辑|编辑[:：]|来源[:：]|作者[:：]|",
            r"电子邮件[:：]|电子邮箱[:：]|邮寄地址[:：]|联系电话[:：]|联系人[:：]|传真[:：]|邮编[:：]|",
            r"政策解读[:：]|解读[:：]|附件[:：]?$|\(此件公开发布\)|版权所有|主办单位[:：]|网站标识码|ICP备)"
        ))
        .unwrap_or_else(|e| unreachable!("static regex: {e}"))
    })
}

/// True for lines that are not part of the policy text.
pub fn is_junk(norm: &str) -> bool {
    let t = norm.trim();
    if t.is_empty() {
        return true;
    }
    if spam_re().is_match(t) && !t.contains('。') {
        return true;
    }
    if chrome_re().is_match(t) {
        return true;
    }
    if t.ends_with(':') && t.chars().count() <= 8 {
        return true;
    }
    // Navigation menus: several short words separated by spaces, no sentence punctuation.
    let tokens: Vec<&str> = t.split_whitespace().collect();
    if tokens.len() >= 3 && tokens.iter().all(|w| w.chars().count() <= 8) && !t.contains(['。', ',', ';', ':']) {
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::normalize::normalize;

    #[test]
    fn recognises_chrome() {
        let junk = [
            "您现在的位置:首页>政务公开>政策文件",
            "浏览量:",
            "瀏覽量:",
            "本市動態 部門動態 區縣動態 社會民生 媒體關注 視頻新聞",
            "亚洲AV无码一区二区三区在线观看",
            "電子郵件:someone@example.com",
            "聯系電話:0316-5212183",
            "政策解读:《廊坊市加强创新能力开放合作实施方案》解读",
            "(此件公开发布)",
            "政务公开",
        ];
        for line in junk {
            assert!(is_junk(&normalize(line)), "{line}");
        }
    }

    #[test]
    fn keeps_policy_text() {
        let text = [
            "一、总体思路",
            "(一)加强组织领导。发挥市科技创新工作领导小组指导协调作用。",
            "廊坊市加强创新能力开放合作实施方案",
            "洛政〔2019〕16号",
            "2019年6月24日",
            "——创新主体数量增加。高新技术企业增长到700家。",
        ];
        for line in text {
            assert!(!is_junk(&normalize(line)), "{line}");
        }
    }
}
