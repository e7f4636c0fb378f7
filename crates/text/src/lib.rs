//! The one Chinese text normaliser of kechuang. Every place that compares
//! or searches text people typed (registry names, market titles and search,
//! plan units and parsing) goes through these functions, so a name typed in
//! Traditional characters, in full-width letters or with other spacing is
//! found the same way everywhere.
//!
//! * [`fold_char`]: width folding and punctuation variants (full-width ASCII
//!   to ASCII, ideographic and other spaces to a space, dash variants to `-`).
//! * [`simplify_char`]: one Traditional character to its Simplified form
//!   (OpenCC's character table), never changing the number of characters, for
//!   callers that keep positions aligned with the source text.
//! * [`to_simplified`]: Traditional to Simplified with OpenCC's phrase tables.
//! * [`normalize`]: the form text is searched in (folded, lower-case ASCII,
//!   Simplified); [`key`]: the same without whitespace, for comparing titles;
//!   [`name_key`]: letters and digits only, for comparing names.
//! * [`segment`]: jieba words in search mode (a long word also yields its
//!   dictionary sub-words: 机器人 → 机器, 机器人).
//!
//! The converter and the segmenter are built once per process (about 0.2 s);
//! [`warm_up`] builds them before the first request needs them.

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use jieba_rs::Jieba;
use std::collections::HashMap;
use std::sync::OnceLock;

fn converter() -> Option<&'static OpenCC> {
    static T2S: OnceLock<Option<OpenCC>> = OnceLock::new();
    T2S.get_or_init(|| OpenCC::from_config(BuiltinConfig::T2s).ok())
        .as_ref()
}

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Builds the converter, its character table and the segmenter now rather
/// than on first use.
pub fn warm_up() {
    let _ = segment(&normalize("预热 預熱"));
    let _ = simplify_char('預');
}

/// Whether `c` is a CJK ideograph (the unified blocks and compatibility
/// ideographs).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Width folding of one character: full-width ASCII becomes ASCII,
/// ideographic, non-breaking and other spaces become a space, dash variants
/// become `-`, half-width ideographic punctuation becomes full-width.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200B}' | '\u{202F}' | '\u{FEFF}' | '\t' | '\r' => ' ',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' => '-',
        '\u{301C}' => '~',
        '\u{FF61}' => '。',
        '\u{FF64}' => '、',
        '\u{2236}' => ':',
        _ => c,
    }
}

/// Regional variants OpenCC's Traditional → Simplified table leaves alone but
/// that name the same thing in firm names: Taiwan's 矽 (silicon) is the
/// mainland's 硅, 舖 (shop) is 铺.
const VARIANTS: &[(char, char)] = &[('矽', '硅'), ('舖', '铺')];

/// Every CJK character whose Simplified form is one other character, from
/// OpenCC's character table (the first candidate where there are several).
fn char_table() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let Some(c) = converter() else {
            return HashMap::new();
        };
        // One character per line, so that no phrase spans two characters.
        let chars: Vec<char> = ('\u{3400}'..='\u{4DBF}')
            .chain('\u{4E00}'..='\u{9FFF}')
            .chain('\u{F900}'..='\u{FAFF}')
            .collect();
        let joined: String = chars.iter().flat_map(|ch| [*ch, '\n']).collect();
        let converted = c.convert(&joined);
        let lines: Vec<&str> = converted.split('\n').collect();
        let mut table = HashMap::new();
        if lines.len() >= chars.len() {
            for (from, to) in chars.iter().zip(lines) {
                let mut it = to.chars();
                if let (Some(single), None) = (it.next(), it.next())
                    && single != *from
                {
                    table.insert(*from, single);
                }
            }
        }
        table.extend(VARIANTS.iter().copied());
        table
    })
}

/// One Traditional character as Simplified; any other character unchanged.
/// Never changes the number of characters of a text.
pub fn simplify_char(c: char) -> char {
    if !is_cjk(c) {
        return c;
    }
    char_table().get(&c).copied().unwrap_or(c)
}

/// True when the text contains at least two Traditional-only characters.
pub fn looks_traditional(s: &str) -> bool {
    s.chars().filter(|c| simplify_char(*c) != *c).take(2).count() >= 2
}

/// Traditional characters and phrases in `s` become Simplified (OpenCC's
/// phrase and character tables).
pub fn to_simplified(s: &str) -> String {
    match converter() {
        Some(c) if s.chars().any(|ch| !ch.is_ascii()) => c
            .convert(s)
            .chars()
            .map(|ch| VARIANTS.iter().find(|v| v.0 == ch).map_or(ch, |v| v.1))
            .collect(),
        _ => s.to_owned(),
    }
}

/// The form text is searched in: folded, ASCII lower-case, Simplified.
pub fn normalize(s: &str) -> String {
    let folded: String = s.chars().map(|c| fold_char(c).to_ascii_lowercase()).collect();
    to_simplified(&folded)
}

/// The form two titles are compared in to decide they name the same item:
/// [`normalize`]d without any whitespace.
pub fn key(s: &str) -> String {
    normalize(s).chars().filter(|c| !c.is_whitespace()).collect()
}

/// The form two names are compared in: folded, lower-case, Simplified, with
/// whitespace and punctuation (brackets included) removed.
pub fn name_key(s: &str) -> String {
    s.chars()
        .map(|c| simplify_char(fold_char(c).to_ascii_lowercase()))
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// One word of a text with its byte range in the text given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

/// The words of `normalized` (a text already passed through [`normalize`])
/// in order, with dictionary sub-words (jieba's search mode); whitespace
/// and segments without a letter, digit or CJK character are left out.
pub fn segment(normalized: &str) -> Vec<Word<'_>> {
    jieba()
        .cut_for_search(normalized, true)
        .into_iter()
        .map(|t| Word {
            text: t.word.trim(),
            start: t.byte_start,
            end: t.byte_end,
        })
        .filter(|w| w.text.chars().any(|c| c.is_ascii_alphanumeric() || is_cjk(c)))
        .collect()
}
