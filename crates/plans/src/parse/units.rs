//! Lead and responsible units attached to a task: labelled annotations such as
//! （牵头单位：市科技局；责任单位：市财政局、各县（市、区）政府）, 责任部门：…,
//! 配合单位：…, markers like 市科技局（牵头）, and unlabelled forms such as
//! （市科技局牵头，市财政局配合）. Lists are split on 、，,；; outside brackets.

use crate::parse::normalize::Dual;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

fn label_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(牵头单位|牵头部门|主责单位|主责部门|主办单位|责任单位|责任部门|配合单位|配合部门|协办单位|参与单位|承办单位|实施单位)\s*:")
            .unwrap_or_else(|e| unreachable!("static regex: {e}"))
    })
}

/// Units found in a task text, with the byte range (in `norm`) of the annotation so
/// that it can be removed from the body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Units {
    pub lead: Vec<String>,
    pub responsible: Vec<String>,
    pub annotation: Option<Range<usize>>,
}

fn is_lead_label(label: &str) -> bool {
    label.starts_with("牵头") || label.starts_with("主责") || label.starts_with("主办")
}

/// Splits a list of units, returning them as written.
pub fn split_units(list: &Dual) -> Vec<String> {
    list.split_outside_brackets(&['、', ',', ';', '，', '；'])
        .into_iter()
        .map(|p| p.trim_matches(&['。', '.', ' ']))
        .filter(|p| !p.is_empty())
        .map(|p| {
            if p.norm.ends_with('等') && p.norm.chars().count() > 3 {
                p.slice(0..p.norm.len() - '等'.len_utf8()).src
            } else {
                p.src
            }
        })
        .collect()
}

/// Finds the unit annotation in a task text.
pub fn extract_units(text: &Dual) -> Units {
    let norm = &text.norm;
    let labels: Vec<_> = label_re()
        .captures_iter(norm)
        .filter_map(|c| Some((c.get(0)?, c.get(1)?)))
        .collect();
    if labels.is_empty() {
        return unlabelled(text);
    }
    let mut units = Units::default();
    let first_start = labels[0].0.start();
    // The annotation starts at an opening bracket right before the first label, if any.
    let before = norm[..first_start].trim_end();
    let open = before.chars().next_back().filter(|c| matches!(c, '(' | '[' | '【'));
    let ann_start = match open {
        Some(c) => before.len() - c.len_utf8(),
        None => first_start,
    };
    let mut ann_end = norm.len();
    for (k, (whole, label)) in labels.iter().enumerate() {
        let value_start = whole.end();
        let limit = labels.get(k + 1).map(|(w, _)| w.start()).unwrap_or(norm.len());
        let mut depth = 0i32;
        let mut value_end = limit;
        for (i, c) in norm[value_start..limit].char_indices() {
            match c {
                '(' | '[' | '【' => depth += 1,
                ')' | ']' | '】' if depth == 0 => {
                    value_end = value_start + i;
                    break;
                }
                ')' | ']' | '】' => depth -= 1,
                '。' | '\n' if depth == 0 => {
                    value_end = value_start + i;
                    break;
                }
                _ => {}
            }
        }
        if k + 1 == labels.len() {
            ann_end = norm[value_end..]
                .char_indices()
                .find(|(_, c)| !matches!(c, ')' | ']' | '】' | '。' | ' '))
                .map(|(i, _)| value_end + i)
                .unwrap_or(norm.len());
            if open.is_none() {
                ann_end = value_end;
            }
        }
        let value = text.slice(value_start..value_end).trim_matches(&[',', ';', '。']);
        let items = split_units(&value);
        for item in items {
            let d = crate::parse::normalize::Dual::new(&item);
            if d.norm.ends_with("(牵头)") {
                let cut = d.norm.len() - "(牵头)".len();
                units.lead.push(d.slice(0..cut).src);
            } else if is_lead_label(label.as_str()) {
                units.lead.push(item);
            } else {
                units.responsible.push(item);
            }
        }
    }
    units.annotation = Some(ann_start..ann_end);
    units
}

/// Handles a final bracket such as （市科技局牵头，市财政局、市发改委配合）.
fn unlabelled(text: &Dual) -> Units {
    let norm = text.norm.trim_end_matches(['。', ' ']);
    let Some(close) = norm.chars().next_back().filter(|c| matches!(c, ')' | '】')) else {
        return Units::default();
    };
    let open_char = if close == ')' { '(' } else { '【' };
    let end = norm.len() - close.len_utf8();
    let Some(start) = norm[..end].rfind(open_char) else {
        return Units::default();
    };
    let inner = text.slice(start + open_char.len_utf8()..end);
    if !(inner.norm.contains("牵头") || inner.norm.contains("配合") || inner.norm.contains("负责")) {
        return Units::default();
    }
    let mut units = Units::default();
    for part in inner.split_outside_brackets(&[',', ';']) {
        let p = part.trim();
        let (role_len, lead) = if p.norm.ends_with("牵头") {
            ("牵头".len(), true)
        } else if p.norm.ends_with("配合") || p.norm.ends_with("负责") || p.norm.ends_with("参与") {
            ("配合".len(), false)
        } else {
            return Units::default();
        };
        let list = p.slice(0..p.norm.len() - role_len);
        let items = split_units(&list);
        if lead {
            units.lead.extend(items)
        } else {
            units.responsible.extend(items)
        }
    }
    units.annotation = Some(start..text.norm.len());
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> (Vec<String>, Vec<String>) {
        let u = extract_units(&Dual::new(s));
        (u.lead, u.responsible)
    }

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn labelled_annotations() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "推动合作。(牵头单位:市科技局,责任单位:市发改委、市人社局)",
                &["市科技局"],
                &["市发改委", "市人社局"],
            ),
            (
                "做好服务。(责任单位:市科技局、市发展改革委,各县(市、区)政府)",
                &[],
                &["市科技局", "市发展改革委", "各县(市、区)政府"],
            ),
            (
                "加快建设。(牽頭單位:市科技局;責任單位:各縣區政府、經濟區管委會)",
                &["市科技局"],
                &["各縣區政府", "經濟區管委會"],
            ),
            (
                "落实政策。(責任部門:市科技局、市工業和信息化局、市稅務局)",
                &[],
                &["市科技局", "市工業和信息化局", "市稅務局"],
            ),
            (
                "落实政策。（牵头单位：市科技局；配合单位：市财政局，市税务局）",
                &["市科技局"],
                &["市财政局", "市税务局"],
            ),
            (
                "开展活动。责任单位:市科技局(牵头)、市财政局",
                &["市科技局"],
                &["市财政局"],
            ),
            ("开展活动。【责任单位:市科技局等】", &[], &["市科技局"]),
            ("没有单位的任务。", &[], &[]),
        ];
        for (text, lead, resp) in cases {
            assert_eq!(run(text), (v(lead), v(resp)), "{text}");
        }
    }

    #[test]
    fn unlabelled_roles() {
        let (lead, resp) = run("完善机制。(市科技局牵头,市财政局、市发改委配合)");
        assert_eq!(lead, v(&["市科技局"]));
        assert_eq!(resp, v(&["市财政局", "市发改委"]));
    }

    #[test]
    fn annotation_range_covers_brackets() {
        let d = Dual::new("推动合作。(牵头单位:市科技局)");
        let u = extract_units(&d);
        let r = u.annotation.unwrap_or(0..0);
        assert_eq!(&d.norm[r], "(牵头单位:市科技局)");
    }
}
