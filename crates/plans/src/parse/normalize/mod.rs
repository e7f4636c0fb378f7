//! Character-level normalisation used for matching, and the [`Dual`] text type that
//! keeps a normalised copy of a text aligned with the text as written.
//!
//! Normalisation maps every character to exactly one character: full-width ASCII
//! becomes ASCII, ideographic and non-breaking spaces become spaces, dash variants
//! become `-`, and Traditional characters become Simplified ones (`kechuang_text`).
//! Because the mapping is one-to-one, a match found in the normalised text can be cut
//! out of the source text at the same character positions, so extracted fields can be
//! reported exactly as the document wrote them.

use std::ops::Range;

/// Normalises one character for matching: folded and Simplified by the one
/// normaliser (`kechuang_text`), never more than one character.
pub fn normalize_char(c: char) -> char {
    kechuang_text::simplify_char(kechuang_text::fold_char(c))
}

/// Normalises a whole string (same number of characters as the input).
pub fn normalize(s: &str) -> String {
    s.chars().map(normalize_char).collect()
}

/// True when the text contains Traditional-only characters.
pub fn looks_traditional(s: &str) -> bool {
    kechuang_text::looks_traditional(s)
}

/// A text held twice: as written (`src`) and normalised (`norm`), with equal
/// character counts. All byte ranges taken by the parser refer to `norm`.
#[derive(Debug, Clone, Default)]
pub struct Dual {
    pub src: String,
    pub norm: String,
}

impl Dual {
    pub fn new(src: &str) -> Self {
        Dual {
            src: src.to_string(),
            norm: normalize(src),
        }
    }

    /// Joins parts with a separator placed in both forms.
    pub fn join(parts: &[Dual], sep: &str) -> Dual {
        let src = parts.iter().map(|p| p.src.as_str()).collect::<Vec<_>>().join(sep);
        let norm = parts
            .iter()
            .map(|p| p.norm.as_str())
            .collect::<Vec<_>>()
            .join(&normalize(sep));
        Dual { src, norm }
    }

    pub fn is_empty(&self) -> bool {
        self.norm.is_empty()
    }

    /// Converts a byte offset in `norm` into the byte offset of the same character
    /// position in `src`. Offsets that are not on a character boundary are rounded down.
    pub fn src_offset(&self, norm_byte: usize) -> usize {
        // Normalisation never widens a character, so equal lengths mean every character
        // kept its width and byte offsets coincide.
        if self.src.len() == self.norm.len() {
            return floor_boundary(&self.src, norm_byte.min(self.src.len()));
        }
        let mut chars_before = 0usize;
        for (i, _) in self.norm.char_indices() {
            if i >= norm_byte {
                break;
            }
            chars_before += 1;
        }
        if norm_byte >= self.norm.len() {
            chars_before = self.norm.chars().count();
        }
        self.src
            .char_indices()
            .nth(chars_before)
            .map(|(i, _)| i)
            .unwrap_or(self.src.len())
    }

    /// The part of the text covering `range` (bytes in `norm`).
    pub fn slice(&self, range: Range<usize>) -> Dual {
        let start = floor_boundary(&self.norm, range.start.min(self.norm.len()));
        let end = floor_boundary(&self.norm, range.end.min(self.norm.len())).max(start);
        let s0 = self.src_offset(start);
        let s1 = self.src_offset(end).max(s0);
        Dual {
            src: self.src[s0..s1].to_string(),
            norm: self.norm[start..end].to_string(),
        }
    }

    /// Removes leading and trailing whitespace from both forms.
    pub fn trim(&self) -> Dual {
        let trimmed_start = self.norm.len() - self.norm.trim_start().len();
        let end = self.norm.trim_end().len();
        if end <= trimmed_start {
            return Dual::default();
        }
        self.slice(trimmed_start..end)
    }

    /// Trims the given characters (in normalised form) from both ends.
    pub fn trim_matches(&self, set: &[char]) -> Dual {
        let start = self.norm.len()
            - self
                .norm
                .trim_start_matches(|c: char| set.contains(&c) || c.is_whitespace())
                .len();
        let end = self
            .norm
            .trim_end_matches(|c: char| set.contains(&c) || c.is_whitespace())
            .len();
        if end <= start {
            return Dual::default();
        }
        self.slice(start..end)
    }

    /// Splits on any of `seps` that is not inside brackets or quotes.
    pub fn split_outside_brackets(&self, seps: &[char]) -> Vec<Dual> {
        let mut parts = Vec::new();
        let mut depth: i32 = 0;
        let mut start = 0usize;
        for (i, c) in self.norm.char_indices() {
            match c {
                '(' | '[' | '【' | '《' | '“' | '〔' | '{' => depth += 1,
                ')' | ']' | '】' | '》' | '”' | '〕' | '}' => depth = (depth - 1).max(0),
                _ => {}
            }
            if depth == 0 && seps.contains(&c) {
                parts.push(self.slice(start..i));
                start = i + c.len_utf8();
            }
        }
        parts.push(self.slice(start..self.norm.len()));
        parts
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Dual {
    /// Splits into sentences on 。;!? (outside brackets), trimmed and non-empty.
    pub fn sentences(&self) -> Vec<Dual> {
        self.split_outside_brackets(&['。', ';', '!', '?', '\n'])
            .into_iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// Byte ranges of text inside quotation marks or title brackets (“…”, 《…》, "…").
/// Numbers inside them are names, not quantities.
pub fn quoted_ranges(norm: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for (i, c) in norm.char_indices() {
        match (open, c) {
            (None, '“') => open = Some(('”', i)),
            (None, '《') => open = Some(('》', i)),
            (None, '「') => open = Some(('」', i)),
            (Some((close, start)), c) if c == close => {
                out.push(start..i + c.len_utf8());
                open = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_width_space_and_script() {
        let cases = [
            ("（一）", "(一)"),
            ("１２３．５％", "123.5%"),
            ("牽頭單位：市科技局；", "牵头单位:市科技局;"),
            ("\u{3000}\u{a0}x", "  x"),
            ("2019—2021", "2019-2021"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), want, "{input}");
        }
    }

    #[test]
    fn dual_slices_stay_aligned() {
        let d = Dual::new("（牽頭單位：市科技局）");
        let start = d.norm.find("市科技局").unwrap_or(0);
        let part = d.slice(start..start + "市科技局".len());
        assert_eq!(part.src, "市科技局");
        let head = d.slice(0..d.norm.find(':').unwrap_or(0));
        assert_eq!(head.src, "（牽頭單位");
        assert_eq!(head.norm, "(牵头单位");
    }

    #[test]
    fn split_respects_brackets() {
        let d = Dual::new("市科技局、各县(市、区)政府,市财政局");
        let parts: Vec<String> = d
            .split_outside_brackets(&['、', ','])
            .into_iter()
            .map(|p| p.src)
            .collect();
        assert_eq!(parts, vec!["市科技局", "各县(市、区)政府", "市财政局"]);
    }

    #[test]
    fn detects_traditional_text() {
        assert!(looks_traditional("盤錦市人民政府辦公室"));
        assert!(!looks_traditional("盘锦市人民政府办公室"));
    }
}
