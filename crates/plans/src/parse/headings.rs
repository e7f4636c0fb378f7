//! Heading detection (一、 / (一) / （一） / 1. / 1． / 1、 / (1) / ① / 第一章 / 第一条,
//! in half- or full-width forms) and the outline of numbered sections built from it.
//!
//! Heading styles are ranked by first appearance: the first style seen is the top
//! level, a new style opens a deeper level, and a style already on the stack closes
//! every deeper level. Numbering paths are written with ASCII parentheses, e.g.
//! `三(一)2`.

use crate::parse::lines::Line;
use crate::parse::normalize::Dual;
use regex::Regex;
use std::sync::OnceLock;

/// The numbering style of a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Chapter,
    Article,
    CnComma,
    ParenCn,
    Arabic,
    ParenArabic,
    Circled,
}

/// A heading marker found at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub style: Style,
    /// The label as it appears in a numbering path: `一`, `(一)`, `1`, `(1)`, `①`.
    pub label: String,
    /// Bytes of the normalised line taken by the marker and following spaces.
    pub len: usize,
}

fn marker_re() -> &'static [(Style, Regex)] {
    static RES: OnceLock<Vec<(Style, Regex)>> = OnceLock::new();
    RES.get_or_init(|| {
        let cn = "[一二三四五六七八九十]+";
        let specs = [
            (
                Style::Chapter,
                r"^(第[一二三四五六七八九十百零〇]+(?:章|部分|节))\s*".to_string(),
            ),
            (Style::Article, r"^(第[一二三四五六七八九十百零〇]+条)\s*".to_string()),
            (Style::CnComma, format!(r"^({cn})\s*[、.]\s*")),
            (Style::ParenCn, format!(r"^\(\s*({cn})\s*\)\s*")),
            (Style::Arabic, r"^(\d{1,3})\s*[.、]\s*".to_string()),
            (Style::ParenArabic, r"^\(\s*(\d{1,3})\s*\)\s*".to_string()),
            (Style::Circled, r"^([①-⑳])\s*".to_string()),
        ];
        specs
            .into_iter()
            .map(|(s, p)| (s, Regex::new(&p).unwrap_or_else(|e| unreachable!("static regex: {e}"))))
            .collect()
    })
}

/// Detects a heading marker at the start of a normalised, trimmed line.
pub fn detect_marker(norm: &str) -> Option<Marker> {
    for (style, re) in marker_re() {
        let Some(caps) = re.captures(norm) else {
            continue;
        };
        let (Some(all), Some(num)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let rest = &norm[all.end()..];
        let next = rest.chars().next()?;
        // "1.5亿元" or "2.3" is a number, not a heading.
        if *style == Style::Arabic && (next.is_ascii_digit() || next == '%') {
            continue;
        }
        if matches!(next, ')' | '、' | ',' | '.' | '%') {
            continue;
        }
        let n = num.as_str();
        let label = match style {
            Style::ParenCn | Style::ParenArabic => format!("({n})"),
            _ => n.to_string(),
        };
        return Some(Marker {
            style: *style,
            label,
            len: all.end(),
        });
    }
    None
}

/// A numbered section of the document.
#[derive(Debug, Clone)]
pub struct Node {
    pub style: Style,
    pub path: String,
    pub parent: Option<usize>,
    /// The heading line without its marker.
    pub heading: Dual,
    /// Lines that follow the heading up to the next heading.
    pub body: Vec<Dual>,
    pub children: Vec<usize>,
}

impl Node {
    /// The short heading: text up to the first 。 (or the whole heading when short).
    pub fn title_norm(&self) -> &str {
        let h = &self.heading.norm;
        match h.find('。') {
            Some(i) => &h[..i],
            None => h,
        }
    }
}

/// The outline of a document: lines before the first heading and the sections.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// Index (into the line list) of the first heading, or the number of lines.
    pub first_heading: usize,
    pub nodes: Vec<Node>,
}

impl Outline {
    /// Headings of the node and all its ancestors, innermost first.
    pub fn lineage(&self, idx: usize) -> Vec<&Node> {
        let mut out = Vec::new();
        let mut cur = Some(idx);
        while let Some(i) = cur {
            let Some(node) = self.nodes.get(i) else { break };
            out.push(node);
            cur = node.parent;
        }
        out
    }
}

/// Builds the outline from the document lines (junk lines are skipped).
pub fn build_outline(lines: &[Line]) -> Outline {
    let mut outline = Outline {
        first_heading: lines.len(),
        nodes: Vec::new(),
    };
    let mut stack: Vec<usize> = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        if line.junk {
            continue;
        }
        if let Some(marker) = detect_marker(&line.text.norm) {
            if outline.nodes.is_empty() {
                outline.first_heading = li;
            }
            if let Some(pos) = stack.iter().position(|&n| outline.nodes[n].style == marker.style) {
                stack.truncate(pos);
            }
            let parent = stack.last().copied();
            let parent_path = parent.map(|p| outline.nodes[p].path.clone()).unwrap_or_default();
            let heading = line.text.slice(marker.len..line.text.norm.len()).trim();
            let idx = outline.nodes.len();
            outline.nodes.push(Node {
                style: marker.style,
                path: format!("{parent_path}{}", marker.label),
                parent,
                heading,
                body: Vec::new(),
                children: Vec::new(),
            });
            if let Some(p) = parent {
                outline.nodes[p].children.push(idx);
            }
            stack.push(idx);
        } else if let Some(&top) = stack.last() {
            outline.nodes[top].body.push(line.text.clone());
        }
    }
    outline
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lines::split_lines;
    use crate::parse::normalize::normalize;

    #[test]
    fn heading_markers() {
        let cases: &[(&str, Option<(Style, &str)>)] = &[
            ("一、总体思路", Some((Style::CnComma, "一"))),
            ("十二、保障措施", Some((Style::CnComma, "十二"))),
            ("(一)发挥优势", Some((Style::ParenCn, "(一)"))),
            ("（十一）积极开展", Some((Style::ParenCn, "(十一)"))),
            ("(五) 强化督查考核。", Some((Style::ParenCn, "(五)"))),
            ("1.强化协同", Some((Style::Arabic, "1"))),
            ("1．强化协同", Some((Style::Arabic, "1"))),
            ("26. 实施工程", Some((Style::Arabic, "26"))),
            ("３、全角数字", Some((Style::Arabic, "3"))),
            ("(1)细化任务", Some((Style::ParenArabic, "(1)"))),
            ("（２）全角括号", Some((Style::ParenArabic, "(2)"))),
            ("①第一项", Some((Style::Circled, "①"))),
            ("第三章 保障措施", Some((Style::Chapter, "第三章"))),
            ("第五条 申报条件", Some((Style::Article, "第五条"))),
            ("1.8%的比重", None),
            ("2018年到2020年,是关键时期", None),
            ("(此件公开发布)", None),
            ("一批企业", None),
        ];
        for (line, want) in cases {
            let got = detect_marker(&normalize(line)).map(|m| (m.style, m.label));
            let want = want.map(|(s, l)| (s, l.to_string()));
            assert_eq!(got, want, "{line}");
        }
    }

    #[test]
    fn outline_paths() {
        let text = "标题\n一、总体\n正文\n二、任务\n(一)第一组\n1.甲。内容\n2.乙。内容\n(二)第二组\n3.丙。内容\n三、保障\n(一)组织。";
        let outline = build_outline(&split_lines(text));
        let paths: Vec<&str> = outline.nodes.iter().map(|n| n.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "一",
                "二",
                "二(一)",
                "二(一)1",
                "二(一)2",
                "二(二)",
                "二(二)3",
                "三",
                "三(一)"
            ]
        );
        assert_eq!(outline.first_heading, 1);
        assert_eq!(outline.nodes[0].body.len(), 1);
    }
}
