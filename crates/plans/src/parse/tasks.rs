//! Tasks: the leaf numbered items outside guiding-thought and goal sections, with
//! their numbering path, short title, body and lead/responsible units.

use crate::parse::headings::Outline;
use crate::parse::model::{Task, TaskCategory};
use crate::parse::normalize::Dual;
use crate::parse::sections;
use crate::parse::units::extract_units;

/// Longest heading (in characters) that is taken as a title when it has no 。.
const MAX_TITLE_CHARS: usize = 60;
/// Longest lead-in (in characters) before a colon that is taken as a title.
const MAX_LEAD_IN_CHARS: usize = 30;

/// Splits a heading into its short title and the remaining text.
pub fn split_title(heading: &Dual, has_body: bool) -> (Option<Dual>, Dual) {
    let norm = &heading.norm;
    if let Some(i) = norm.find('。') {
        if norm[..i].chars().count() <= MAX_TITLE_CHARS {
            let title = heading.slice(0..i).trim();
            let rest = heading.slice(i + '。'.len_utf8()..norm.len()).trim();
            return (Some(title), rest);
        }
        return (None, heading.clone());
    }
    // "1.建设创新平台:支持…" — a short lead-in before a colon is the title.
    if let Some(i) = norm.find(':') {
        let head = &norm[..i];
        if head.chars().count() <= MAX_LEAD_IN_CHARS
            && !head.contains(',')
            && !head.ends_with("单位")
            && !head.ends_with("部门")
        {
            let title = heading.slice(0..i).trim();
            let rest = heading.slice(i + 1..norm.len()).trim();
            return (Some(title), rest);
        }
    }
    // A heading line without 。 is a title when short or followed by its own paragraphs.
    let stripped = strip_trailing_units(heading);
    if has_body || stripped.norm.chars().count() <= MAX_TITLE_CHARS {
        return (
            Some(stripped.trim_matches(&[':', ';', ','])),
            heading.slice(stripped.norm.len()..norm.len()),
        );
    }
    (None, heading.clone())
}

fn strip_trailing_units(heading: &Dual) -> Dual {
    let units = extract_units(heading);
    match units.annotation {
        Some(r) if r.start > 0 && r.end >= heading.norm.trim_end().len() => heading.slice(0..r.start).trim(),
        _ => heading.clone(),
    }
}

/// Extracts the tasks of a document.
pub fn extract_tasks(outline: &Outline) -> Vec<Task> {
    let mut tasks = Vec::new();
    for (idx, node) in outline.nodes.iter().enumerate() {
        if !node.children.is_empty() || sections::is_guideline(outline, idx) {
            continue;
        }
        let (title, rest) = split_title(&node.heading, !node.body.is_empty());
        let mut parts: Vec<Dual> = Vec::new();
        if !rest.is_empty() {
            parts.push(rest);
        }
        parts.extend(node.body.iter().cloned());
        let full = Dual::join(&parts, "\n");
        let units = extract_units(&full);
        let body = match &units.annotation {
            Some(r) => {
                let before = full.slice(0..r.start);
                let after = full.slice(r.end..full.norm.len());
                Dual::join(&[before.trim(), after.trim()], "").trim()
            }
            None => full.trim(),
        };
        tasks.push(Task {
            numbering: node.path.clone(),
            title: title.map(|t| t.src.trim().to_string()).filter(|t| !t.is_empty()),
            body: body.src,
            lead_units: units.lead,
            responsible_units: units.responsible,
            category: if sections::is_safeguard(outline, idx) {
                TaskCategory::Safeguard
            } else {
                TaskCategory::Task
            },
        });
    }
    tasks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::headings::build_outline;
    use crate::parse::lines::split_lines;

    #[test]
    fn leaf_items_become_tasks() {
        let text = "一、总体目标\n到2020年,达到100家。\n二、主要任务\n(一)第一组\n1.强化合作。推动合作。(牵头单位:市科技局,责任单位:市发改委)\n2.培育企业。培育。(责任单位:市财政局)\n三、保障措施\n(一)加强组织领导。成立领导小组。";
        let tasks = extract_tasks(&build_outline(&split_lines(text)));
        let got: Vec<(&str, Option<&str>)> = tasks
            .iter()
            .map(|t| (t.numbering.as_str(), t.title.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("二(一)1", Some("强化合作")),
                ("二(一)2", Some("培育企业")),
                ("三(一)", Some("加强组织领导"))
            ]
        );
        assert_eq!(tasks[0].lead_units, ["市科技局"]);
        assert_eq!(tasks[0].body, "推动合作。");
        assert_eq!(tasks[2].category, TaskCategory::Safeguard);
    }

    #[test]
    fn title_before_colon() {
        let heading = Dual::new("建设创新平台：支持企业建设研发机构，到2025年达到100家");
        let (title, rest) = split_title(&heading, false);
        assert_eq!(title.map(|t| t.src).as_deref(), Some("建设创新平台"));
        assert_eq!(rest.src, "支持企业建设研发机构，到2025年达到100家");
    }

    #[test]
    fn heading_on_its_own_line() {
        let text = "一、重点任务\n（一）推进平台建设\n建设一批平台。\n责任单位：市科技局、市发改委\n（二）优化环境\n优化环境。";
        let tasks = extract_tasks(&build_outline(&split_lines(text)));
        assert_eq!(tasks.len(), 2);
        assert_eq!(tasks[0].title.as_deref(), Some("推进平台建设"));
        assert_eq!(tasks[0].responsible_units, ["市科技局", "市发改委"]);
        assert_eq!(tasks[0].body, "建设一批平台。");
    }
}
