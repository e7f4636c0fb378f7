//! Quantified targets: an indicator with a target value, unit, optional baseline
//! ("由…提高到…"), target year ("到2020年", the plan period, or the goal section's year)
//! and kind (level, annual increase, growth rate, share, increase).
//!
//! Sentences are split into clauses; each quantity in a clause is read either as
//! "indicator + verb + quantity" (高新技术企业达到600家) or as "verb + quantity +
//! object" (引进30名高层次人才). Sentences that grant money are left to the incentive
//! extractor, and safeguard sections carry resources rather than targets.

use crate::parse::headings::Outline;
use crate::parse::model::{Period, Target, TargetKind};
use crate::parse::normalize::Dual;
use crate::parse::quantity::{Quantity, UnitClass, find_quantities};
use crate::parse::sections;
use crate::parse::tasks::split_title;
use regex::Regex;
use std::sync::OnceLock;

macro_rules! static_re {
    ($name:ident, $pat:expr) => {
        fn $name() -> &'static Regex {
            static RE: OnceLock<Regex> = OnceLock::new();
            RE.get_or_init(|| Regex::new($pat).unwrap_or_else(|e| unreachable!("static regex: {e}")))
        }
    };
}

static_re!(year_re, r"((?:19|20)\d{2})\s*年(底|末)?");
static_re!(
    lead_year_re,
    r"^(?:力争到|力争|争取到|争取|预计到|到|至|截至|截止到|截止|在)?\s*(?:19|20)\d{2}\s*年(?:底|末)?"
);
static_re!(
    change_re,
    r"^(?:提高|增加|增长|提升|上升|下降|降低|减少|扩大|缩小|发展)(?:到|至)"
);
static_re!(grant_re, r"给予|予以|奖补|补贴|补助|资助|贴息|奖励");

/// Verbs that may stand between an indicator and its value, longest first.
const TRAILING_VERBS: &[&str] = &[
    "力争达到",
    "累计达到",
    "总数达到",
    "增长到",
    "增加到",
    "提高到",
    "提升到",
    "上升到",
    "发展到",
    "稳定在",
    "保持在",
    "年均增长",
    "年增长",
    "达到",
    "突破",
    "超过",
    "新增",
    "增长",
    "提高",
    "力争",
    "达",
];
/// Words that open a clause but are not part of an indicator.
const LEADING_WORDS: &[&str] = &[
    "其中", "同时", "每年", "均能", "确保", "力争", "争取", "全年", "新增", "并且", "并",
];
/// Verbs after which a bare number or a small Chinese numeral is still a target.
const STRONG_VERBS: &[&str] = &[
    "达到",
    "达",
    "增长到",
    "增加到",
    "提高到",
    "提升到",
    "稳定在",
    "保持在",
    "突破",
    "超过",
    "新增",
];

/// Whether a sentence grants money (handled as an incentive instead).
pub fn is_grant_sentence(norm: &str, quantities: &[Quantity]) -> bool {
    grant_re().is_match(norm)
        && quantities
            .iter()
            .any(|q| matches!(q.class, UnitClass::Money | UnitClass::Percent))
}

/// The year a clause refers to (the last year written in it, ignoring ranges and dates).
pub fn clause_year(norm: &str) -> Option<i32> {
    let mut found = None;
    for caps in year_re().captures_iter(norm) {
        let Some(m) = caps.get(0) else { continue };
        let before = norm[..m.start()].trim_end();
        let after = &norm[m.end()..];
        if before.ends_with(['-', '~']) || after.trim_start().starts_with(['-', '~']) {
            continue;
        }
        if after.starts_with(|c: char| c.is_ascii_digit()) || after.starts_with("以来") || after.starts_with("度") {
            continue;
        }
        found = caps.get(1).and_then(|y| y.as_str().parse().ok());
    }
    found
}

/// Cleans the text in front of a value into an indicator, and reports the verb removed.
fn clean_indicator(raw: &str) -> (String, Option<&'static str>) {
    let mut s = raw.replace("力争", "").replace("占到", "占");
    let mut verb = None;
    let mut leading_new = false;
    loop {
        let before = s.clone();
        s = s
            .trim_start_matches([' ', '、', ',', '和', '及', '与', '-', ':', ';'])
            .to_string();
        if let Some(m) = lead_year_re().find(&s) {
            s = s[m.end()..].to_string();
        }
        for w in LEADING_WORDS {
            if let Some(rest) = s.strip_prefix(w) {
                if *w == "新增" {
                    leading_new = true;
                }
                s = rest.to_string();
            }
        }
        s = s.trim_end_matches([' ', '、', ',', ':', '的']).to_string();
        for v in TRAILING_VERBS {
            if let Some(rest) = s.strip_suffix(v) {
                verb = verb.or(Some(*v));
                s = rest.to_string();
                break;
            }
        }
        if s == before {
            break;
        }
    }
    if verb.is_none() && leading_new {
        verb = Some("新增");
    }
    (s.trim().to_string(), verb)
}

/// The object written after a number ("30名高层次人才" -> 高层次人才).
fn object_indicator(np: &str) -> String {
    let np = np.trim().trim_end_matches(['、', '和', '及', '与', ',', ' ']);
    if let Some(i) = np.rfind('的') {
        let tail = &np[i + '的'.len_utf8()..];
        if tail.chars().count() >= 2 {
            return tail.to_string();
        }
    }
    np.to_string()
}

fn followed_by_separator(after: &str) -> bool {
    let a = after.trim_start();
    a.is_empty() || a.starts_with(['、', '和', '及', '与', ',', ';', ')'])
}

fn acceptable(q: &Quantity, before: &str, value_final: bool) -> bool {
    let strong = STRONG_VERBS.iter().any(|v| before.trim_end().ends_with(v));
    match q.class {
        UnitClass::None => strong && value_final && q.value.to_integer().is_some_and(|v| !(1900..=2100).contains(&v)),
        UnitClass::Percent | UnitClass::Money => value_final,
        UnitClass::Count => !q.chinese || q.chinese_large || strong,
    }
}

struct SentenceState {
    annual: bool,
    year: Option<i32>,
    prev_indicator: Option<String>,
    prev_clause: Option<String>,
}

/// Extracts targets from every non-safeguard section.
pub fn extract_targets(outline: &Outline, period: Period) -> Vec<Target> {
    let horizon = period.end_year.or_else(|| goal_year(outline));
    let mut out = Vec::new();
    for (idx, node) in outline.nodes.iter().enumerate() {
        if sections::is_safeguard(outline, idx) {
            continue;
        }
        let (_, rest) = split_title(&node.heading, !node.body.is_empty());
        let mut node_year: Option<i32> = None;
        let paragraphs = std::iter::once(rest).chain(node.body.iter().cloned());
        for para in paragraphs {
            for sentence in para.sentences() {
                scan_sentence(&sentence, &node.path, &mut node_year, horizon, &mut out);
            }
        }
    }
    out
}

fn goal_year(outline: &Outline) -> Option<i32> {
    outline
        .nodes
        .iter()
        .enumerate()
        .filter(|(i, _)| sections::is_goal(outline, *i))
        .find_map(|(_, n)| {
            std::iter::once(&n.heading)
                .chain(n.body.iter())
                .find_map(|d| clause_year(&d.norm))
        })
}

fn scan_sentence(
    sentence: &Dual,
    section: &str,
    node_year: &mut Option<i32>,
    horizon: Option<i32>,
    out: &mut Vec<Target>,
) {
    let all_q = find_quantities(&sentence.norm);
    let grant_sentence = is_grant_sentence(&sentence.norm, &all_q);
    // In a sentence that grants money, the 对… condition, the grant clauses and any
    // list after "标准为:" belong to the incentive; other clauses may still hold targets.
    let mut in_grant = false;
    let mut st = SentenceState {
        annual: false,
        year: None,
        prev_indicator: None,
        prev_clause: None,
    };
    for clause in sentence.split_outside_brackets(&[',']) {
        let cn = clause.norm.as_str();
        if grant_sentence {
            let has_grant = grant_re().is_match(cn)
                || ["最高", "不超过", "负担", "承担", "分担"]
                    .iter()
                    .any(|w| cn.contains(w));
            if cn.starts_with('对') || has_grant {
                in_grant = !has_grant || cn.contains(':');
                continue;
            }
            if in_grant {
                continue;
            }
        }
        if let Some(y) = clause_year(cn) {
            st.year = Some(y);
            *node_year = Some(y);
            st.annual = false;
        }
        if cn.contains("每年") {
            st.annual = true;
        }
        let qs = find_quantities(cn);
        let mut seg_start = 0usize;
        let mut baseline: Option<(f64, String)> = None;
        for (qi, q) in qs.iter().enumerate() {
            if q.num_range.start < seg_start {
                continue;
            }
            let before = &cn[seg_start..q.num_range.start];
            let after = &cn[q.range.end..];
            if change_re().is_match(after)
                && let Some(k) = before.rfind(['由', '从'])
            {
                let (ind, _) = clean_indicator(&before[..k]);
                baseline = Some((q.value_f64(), ind));
                seg_start = q.range.end;
                continue;
            }
            let value_final = followed_by_separator(after);
            if !acceptable(q, before, value_final) {
                if q.unit.is_some() {
                    seg_start = q.range.end;
                }
                continue;
            }
            let (indicator, verb) = if value_final {
                match baseline.take() {
                    Some((b, ind)) => {
                        let (_, verb) = clean_indicator(before);
                        emit(
                            &mut st,
                            q,
                            ind,
                            Some(b),
                            verb,
                            section,
                            sentence,
                            *node_year,
                            horizon,
                            out,
                        );
                        seg_start = q.range.end;
                        continue;
                    }
                    None => clean_indicator(before),
                }
            } else {
                let np_end = qs.get(qi + 1).map(|n| n.num_range.start).unwrap_or(cn.len());
                let ind = object_indicator(&cn[q.range.end..np_end]);
                seg_start = np_end;
                let verb = if before.trim_end().ends_with("新增") {
                    Some("新增")
                } else {
                    clean_indicator(before).1
                };
                emit(&mut st, q, ind, None, verb, section, sentence, *node_year, horizon, out);
                continue;
            };
            seg_start = q.range.end;
            emit(
                &mut st, q, indicator, None, verb, section, sentence, *node_year, horizon, out,
            );
        }
        if qs.is_empty() {
            st.prev_clause = Some(clean_indicator(cn).0).filter(|s| !s.is_empty());
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn emit(
    st: &mut SentenceState,
    q: &Quantity,
    indicator: String,
    baseline: Option<f64>,
    verb: Option<&'static str>,
    section: &str,
    sentence: &Dual,
    node_year: Option<i32>,
    horizon: Option<i32>,
    out: &mut Vec<Target>,
) {
    let indicator = if indicator.is_empty() {
        match st.prev_indicator.clone().or_else(|| st.prev_clause.clone()) {
            Some(i) => i,
            None => return,
        }
    } else {
        indicator
    };
    let growth_verb = matches!(verb, Some("年均增长" | "年增长" | "增长"));
    let kind = if q.class == UnitClass::Percent {
        if growth_verb || indicator.ends_with("增长率") || indicator.ends_with("增速") || indicator.ends_with("增幅")
        {
            TargetKind::GrowthRate
        } else {
            TargetKind::Share
        }
    } else if q.per_year || st.annual {
        TargetKind::AnnualIncrease
    } else if verb == Some("新增") {
        TargetKind::Increase
    } else {
        TargetKind::Level
    };
    st.prev_indicator = Some(indicator.clone());
    out.push(Target {
        indicator,
        baseline,
        target_value: q.value_f64(),
        unit: q.unit.map(str::to_string),
        target_year: st.year.or(node_year).or(horizon),
        kind,
        qualifier: q.qualifier.map(|x| x.as_str().to_string()),
        section: section.to_string(),
        source_text: sentence.src.trim().to_string(),
    });
}

#[cfg(test)]
#[path = "targets_tests.rs"]
mod tests;
