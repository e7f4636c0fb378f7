//! The original document with the extracted items highlighted: each item's
//! source sentence is found in the text and wrapped in a `<mark>` that the
//! review page links to.

/// A passage to mark: its anchor id, the text to find, a CSS class.
pub struct Mark<'a> {
    pub anchor: String,
    pub needle: &'a str,
    pub class: &'static str,
}

fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Escaped HTML of `text` with the first occurrence of every mark's needle
/// wrapped; marks that overlap an earlier one or are not found are skipped.
pub fn highlight(text: &str, marks: &[Mark]) -> String {
    let mut spans: Vec<(usize, usize, &Mark)> = marks
        .iter()
        .filter(|m| m.needle.trim().chars().count() >= 2)
        .filter_map(|m| {
            let needle = m.needle.trim();
            text.find(needle).map(|start| (start, start + needle.len(), m))
        })
        .collect();
    spans.sort_by_key(|(s, e, _)| (*s, std::cmp::Reverse(*e)));
    let mut out = String::with_capacity(text.len() + spans.len() * 48);
    let mut pos = 0;
    for (start, end, m) in spans {
        if start < pos {
            continue;
        }
        escape(&text[pos..start], &mut out);
        out.push_str("<mark id=\"");
        escape(&m.anchor, &mut out);
        out.push_str("\" class=\"");
        out.push_str(m.class);
        out.push_str("\">");
        escape(&text[start..end], &mut out);
        out.push_str("</mark>");
        pos = end;
    }
    escape(&text[pos..], &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_escape_and_skip_overlaps() {
        let text = "一、<目标> 到2020年高新技术企业达到600家。研发投入强度达到2%。";
        let marks = [
            Mark {
                anchor: "t1".into(),
                needle: "高新技术企业达到600家",
                class: "target",
            },
            Mark {
                anchor: "t2".into(),
                needle: "企业达到600家。研发",
                class: "target",
            },
            Mark {
                anchor: "t3".into(),
                needle: "研发投入强度达到2%",
                class: "target",
            },
            Mark {
                anchor: "missing".into(),
                needle: "不存在的句子",
                class: "task",
            },
        ];
        let html = highlight(text, &marks);
        assert!(
            html.starts_with("一、&lt;目标&gt; 到2020年<mark id=\"t1\" class=\"target\">高新技术企业达到600家</mark>")
        );
        assert!(html.contains("<mark id=\"t3\" class=\"target\">研发投入强度达到2%</mark>"));
        assert!(!html.contains("t2") && !html.contains("missing"));
        assert_eq!(html.matches("<mark").count(), 2);
    }

    #[test]
    fn empty_and_multibyte_safe() {
        assert_eq!(highlight("", &[]), "");
        let marks = [Mark {
            anchor: "a".into(),
            needle: "萬家",
            class: "x",
        }];
        assert_eq!(
            highlight("增長到1萬家", &marks),
            "增長到1<mark id=\"a\" class=\"x\">萬家</mark>"
        );
    }
}
