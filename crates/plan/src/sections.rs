//! Classification of outline sections: guiding-thought and goal sections hold no
//! tasks, safeguard sections hold safeguard measures, and the goal horizon year.

use crate::headings::Outline;
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
        Regex::new(r"保障措施|组织保障|保障机制|组织实施|实施保障|工作保障|支撑保障")
            .unwrap_or_else(|e| unreachable!("static regex: {e}"))
    })
}

fn goal_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"目标").unwrap_or_else(|e| unreachable!("static regex: {e}")))
}

/// True when the node or one of its ancestors is a guiding-thought or goal section.
pub fn is_guideline(outline: &Outline, idx: usize) -> bool {
    outline.lineage(idx).iter().any(|n| guideline_re().is_match(n.title_norm()))
}

/// True when the node or one of its ancestors is a safeguard section.
pub fn is_safeguard(outline: &Outline, idx: usize) -> bool {
    outline.lineage(idx).iter().any(|n| safeguard_re().is_match(n.title_norm()))
}

/// True when the node or an ancestor is about goals.
pub fn is_goal(outline: &Outline, idx: usize) -> bool {
    outline.lineage(idx).iter().any(|n| goal_re().is_match(n.title_norm()))
}
