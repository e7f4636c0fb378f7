//! Templates and header mapping: Chinese names, English keys and aliases, compared loosely.

use std::collections::HashMap;

use crate::{Issue, RawTable, Severity};

/// One expected column of an import template.
#[derive(Debug, Clone)]
pub struct Column {
    /// English field name.
    pub key: &'static str,
    /// Chinese header as printed in the downloadable template.
    pub zh: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// The columns an import of one kind (enterprises, experts …) expects.
#[derive(Debug, Clone)]
pub struct Template {
    pub kind: &'static str,
    pub columns: Vec<Column>,
}

/// Where each template column was found in a table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeaderMap {
    /// Column key → index in the row cells.
    pub index: HashMap<&'static str, usize>,
    /// Number of leading data rows that were used as a second header row (0 or 1).
    pub header_rows_in_data: usize,
    /// Warnings (unknown headers) found while mapping.
    pub warnings: Vec<Issue>,
}

impl HeaderMap {
    /// The index of `key`, if the column was found.
    pub fn get(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }

    /// The data rows of `t`, skipping any row consumed as a header.
    pub fn data_rows<'a>(&self, t: &'a RawTable) -> &'a [crate::RawRow] {
        &t.rows[self.header_rows_in_data.min(t.rows.len())..]
    }
}

/// Normalise a header for comparison: full-width to half-width, drop whitespace and a
/// bracketed unit such as "（元）", lowercase.
pub fn normalize_header(s: &str) -> String {
    let half: String = s
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    let mut out = String::new();
    let mut depth = 0usize;
    for c in half.chars() {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            _ if depth > 0 || c.is_whitespace() || c == '_' || c == '-' || c == '*' => {}
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn lookup(tpl: &Template) -> HashMap<String, usize> {
    let mut names = HashMap::new();
    for (i, col) in tpl.columns.iter().enumerate() {
        for name in [col.key, col.zh].iter().chain(col.aliases.iter()) {
            names.entry(normalize_header(name)).or_insert(i);
        }
    }
    names
}

fn count_required(headers: &[String], tpl: &Template, names: &HashMap<String, usize>) -> usize {
    let mut found = vec![false; tpl.columns.len()];
    for h in headers {
        if let Some(&i) = names.get(&normalize_header(h)) {
            found[i] = true;
        }
    }
    tpl.columns.iter().zip(found).filter(|(c, f)| c.required && *f).count()
}

/// Map the table's headers to the template's columns.
///
/// Handles a two-row header (a group row over merged cells, then the field row): when the
/// first data row maps at least half of the required columns and more than the header row
/// does, it is used as the header row, with blanks filled from the group row above it.
/// Blank header cells left by merged cells are filled from the cell to their left only when
/// that yields a template column that is otherwise missing.
pub fn map_headers(t: &RawTable, tpl: &Template) -> Result<HeaderMap, Vec<Issue>> {
    let names = lookup(tpl);
    let required = tpl.columns.iter().filter(|c| c.required).count();
    let mut headers = t.headers.clone();
    let mut skip = 0;
    if let Some(second) = t.rows.first() {
        let here = count_required(&headers, tpl, &names);
        let there = count_required(&second.cells, tpl, &names);
        if there * 2 >= required && there > here {
            let width = second.cells.len().max(headers.len());
            headers = (0..width)
                .map(|i| match second.cells.get(i).filter(|s| !s.is_empty()) {
                    Some(s) => s.clone(),
                    None => headers.get(i).cloned().unwrap_or_default(),
                })
                .collect();
            skip = 1;
        }
    }
    let mut map = HeaderMap {
        header_rows_in_data: skip,
        ..HeaderMap::default()
    };
    let mut errors = Vec::new();
    let line = if skip == 1 {
        t.rows[0].line
    } else {
        t.header_line.max(1)
    };
    let mut blanks = Vec::new();
    for (idx, h) in headers.iter().enumerate() {
        if h.is_empty() {
            blanks.push(idx);
            continue;
        }
        match names.get(&normalize_header(h)) {
            Some(&ci) => {
                let key = tpl.columns[ci].key;
                if map.index.contains_key(key) {
                    errors.push(Issue::error(
                        line,
                        h,
                        h,
                        format!("重复的表头 / duplicate header for column {key}"),
                    ));
                } else {
                    map.index.insert(key, idx);
                }
            }
            None => map.warnings.push(Issue {
                line,
                column: h.clone(),
                value: h.clone(),
                reason: "未识别的表头，该列将被忽略 / unknown header, the column is ignored".into(),
                severity: Severity::Warning,
            }),
        }
    }
    // Blank header from a merged cell: borrow the left neighbour's name if that fills a gap.
    for idx in blanks {
        let Some(left) = headers[..idx].iter().rev().find(|h| !h.is_empty()) else {
            continue;
        };
        if let Some(&ci) = names.get(&normalize_header(left)) {
            let key = tpl.columns[ci].key;
            if !map.index.contains_key(key) {
                map.index.insert(key, idx);
            }
        }
    }
    for col in tpl.columns.iter().filter(|c| c.required) {
        if !map.index.contains_key(col.key) {
            errors.push(Issue::error(
                line,
                col.zh,
                "",
                format!("缺少必填列「{}」/ missing required column {}", col.zh, col.key),
            ));
        }
    }
    if errors.is_empty() {
        Ok(map)
    } else {
        Err(errors.into_iter().chain(map.warnings).collect())
    }
}
