//! Chinese text analysis for matching. The index and the queries analyse text
//! the same way, so a word matches whatever script or width it was typed in:
//!
//! 1. [`normalize`]: Traditional → Simplified (OpenCC's character and phrase
//!    tables), full-width ASCII → half-width, ASCII lower-case;
//! 2. [`terms`]: jieba word segmentation in search mode (a long word also
//!    yields its dictionary sub-words: 机器人 → 机器, 机器人), keeping words
//!    with a letter, digit or CJK character and dropping [`STOP_WORDS`].
//!
//! The segmenter and the converter are built once per process (about 0.2 s).

use std::collections::HashSet;
use std::sync::OnceLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use jieba_rs::Jieba;

/// Words too common in achievement and demand texts to say anything about a
/// match: function words, and the boilerplate of both kinds of text.
pub const STOP_WORDS: &[&str] = &[
    "的",
    "了",
    "和",
    "与",
    "及",
    "或",
    "等",
    "在",
    "对",
    "为",
    "是",
    "有",
    "将",
    "把",
    "被",
    "从",
    "以",
    "于",
    "由",
    "其",
    "该",
    "并",
    "可",
    "能",
    "也",
    "都",
    "就",
    "而",
    "我",
    "我们",
    "本",
    "这",
    "那",
    "个",
    "一",
    "一种",
    "一个",
    "一套",
    "进行",
    "需要",
    "希望",
    "要求",
    "实现",
    "目前",
    "问题",
    "相关",
    "通过",
    "具有",
    "采用",
    "基于",
    "提供",
    "方面",
    "项目",
    "寻求",
    "合作",
    "解决",
    "公司",
    "企业",
    "我司",
    "本公司",
    "现有",
    "存在",
    "达到",
    "以上",
    "以下",
    "左右",
    "用于",
    "可以",
    "能够",
    "使用",
    "及其",
    "方法",
    "主要",
    "the",
    "of",
    "and",
    "a",
    "for",
    "with",
    "to",
    "in",
    "on",
    "is",
    "by",
];

fn converter() -> Option<&'static OpenCC> {
    static T2S: OnceLock<Option<OpenCC>> = OnceLock::new();
    T2S.get_or_init(|| OpenCC::from_config(BuiltinConfig::T2s).ok())
        .as_ref()
}

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

fn stop_words() -> &'static HashSet<&'static str> {
    static STOP: OnceLock<HashSet<&'static str>> = OnceLock::new();
    STOP.get_or_init(|| STOP_WORDS.iter().copied().collect())
}

/// Builds the segmenter and the converter now rather than on first use.
pub fn warm_up() {
    let _ = terms("预热 預熱");
}

/// Traditional characters and phrases in `s` become Simplified.
pub fn to_simplified(s: &str) -> String {
    match converter() {
        Some(c) if s.chars().any(|ch| !ch.is_ascii()) => c.convert(s),
        _ => s.to_owned(),
    }
}

/// The form text is analysed in: Simplified, half-width, ASCII lower-case.
pub fn normalize(s: &str) -> String {
    let folded: String = s
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .map(|c| c.to_ascii_lowercase())
        .collect();
    to_simplified(&folded)
}

/// The form two titles are compared in to decide they name the same item:
/// [`normalize`]d (Simplified, half-width, lower-case) without any spaces.
pub fn title_key(s: &str) -> String {
    normalize(s).chars().filter(|c| !c.is_whitespace()).collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Whether a segment is a word worth indexing.
fn is_word(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_alphanumeric() || is_cjk(c)) && !stop_words().contains(w)
}

/// One analysed word with its byte range in the normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// The words of `text` in order, with sub-words (search mode), after
/// [`normalize`]; offsets refer to the normalized text.
pub fn terms(text: &str) -> Vec<Term> {
    let norm = normalize(text);
    jieba()
        .cut_for_search(&norm, true)
        .into_iter()
        .map(|t| (t.word.trim(), t.byte_start, t.byte_end))
        .filter(|(w, _, _)| is_word(w))
        .map(|(w, start, end)| Term {
            text: w.to_owned(),
            start,
            end,
        })
        .collect()
}

/// The distinct words of `text`, first occurrence first.
pub fn distinct_terms(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    terms(text)
        .into_iter()
        .filter(|t| seen.insert(t.text.clone()))
        .map(|t| t.text)
        .collect()
}
