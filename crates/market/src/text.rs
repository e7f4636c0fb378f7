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

fn stop_words() -> &'static HashSet<&'static str> {
    static STOP: OnceLock<HashSet<&'static str>> = OnceLock::new();
    STOP.get_or_init(|| STOP_WORDS.iter().copied().collect())
}

/// Builds the segmenter and the converter now rather than on first use.
pub fn warm_up() {
    kechuang_text::warm_up();
}

pub use kechuang_text::{normalize, to_simplified};

/// The form two titles are compared in to decide they name the same item:
/// [`normalize`]d (Simplified, half-width, lower-case) without any spaces.
pub fn title_key(s: &str) -> String {
    kechuang_text::key(s)
}

/// One analysed word with its byte range in the normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// The words of `text` in order, with sub-words (search mode), after
/// [`normalize`], without [`STOP_WORDS`]; offsets refer to the normalized text.
pub fn terms(text: &str) -> Vec<Term> {
    let norm = normalize(text);
    kechuang_text::segment(&norm)
        .into_iter()
        .filter(|w| !stop_words().contains(w.text))
        .map(|w| Term {
            text: w.text.to_owned(),
            start: w.start,
            end: w.end,
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
