//! Classification of outline sections: guiding-thought and goal sections hold no
//! tasks, safeguard sections hold safeguard measures, and the goal horizon year.

use crate::parse::headings::Outline;
use regex::Regex;
use std::sync::OnceLock;

fn guideline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"指导思想|总体思路|总体要求|基本原则|工作原则|总体目标|主要目标|行动目标|发展目标|工作目标|目标任务|^目标$|^任务目标|编制依据|背景|重要意义|适用范围|发展基础|面临形势")
            .unwrap_or_else(|e| unreachable!("static regex: {e}"))
    })
}

fn safeguard_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:保障措施|组织保障|保障机制|实施保障|工作保障|支撑保障|保障)$|^组织实施$")
            .unwrap_or_else(|e| unreachable!("static regex: {e}"))
    })
}

fn goal_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"目标").unwrap_or_else(|e| unreachable!("static regex: {e}")))
}

/// Section headings longer than this are item titles, not section names.
const MAX_SECTION_NAME_CHARS: usize = 15;

fn short_title(title: &str) -> Option<&str> {
    (title.chars().count() <= MAX_SECTION_NAME_CHARS).then_some(title)
}

/// True when the node or one of its ancestors is a guiding-thought or goal section.
pub fn is_guideline(outline: &Outline, idx: usize) -> bool {
    outline
        .lineage(idx)
        .iter()
        .filter_map(|n| short_title(n.title_norm()))
        .any(|t| guideline_re().is_match(t))
}

/// True when the node or one of its ancestors is a safeguard section.
pub fn is_safeguard(outline: &Outline, idx: usize) -> bool {
    outline
        .lineage(idx)
        .iter()
        .filter_map(|n| short_title(n.title_norm()))
        .any(|t| safeguard_re().is_match(t))
}

/// True when the node or an ancestor is about goals.
pub fn is_goal(outline: &Outline, idx: usize) -> bool {
    outline.lineage(idx).iter().any(|n| goal_re().is_match(n.title_norm()))
}
