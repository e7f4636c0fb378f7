//! How a match is scored and explained. The search index proposes candidates
//! with a text score (BM25 over jieba words of title, keywords and summary);
//! this module turns each into a final score and an explanation:
//!
//! * text relevance is the candidate's text score over the best text score of
//!   the query, so the best text match counts 1;
//! * facts shared with the query raise it: the same technology field
//!   ([`FIELD_BOOST`]), each shared industry chain ([`CHAIN_BOOST`], at most
//!   two), a local or Beijing-Tianjin source ([`AREA_BOOST`], the plans ask to
//!   absorb Beijing-Tianjin technology);
//! * the explanation lists the query words found in the candidate (a word
//!   contained in a longer matched word is not repeated), the shared field and
//!   chains, and the parts of the score.

use std::collections::HashSet;

use serde::Serialize;

use crate::text;

/// Added to the relative text score when the fields are the same.
pub const FIELD_BOOST: f32 = 0.2;
/// Added per shared industry chain, for at most two chains.
pub const CHAIN_BOOST: f32 = 0.1;
/// Added when the candidate comes from the city itself or Beijing-Tianjin.
pub const AREA_BOOST: f32 = 0.05;
/// Matched words that make a match strong enough to notify about.
pub const STRONG_TERMS: usize = 4;

/// What the query side brings besides its words.
#[derive(Debug, Clone, Default)]
pub struct QueryFacts {
    /// The distinct analysed words of the query text ([`text::distinct_terms`]).
    pub terms: Vec<String>,
    pub field: String,
    pub chain_tags: Vec<String>,
}

impl QueryFacts {
    pub fn from_text(text: &str, field: &str, chain_tags: &[String]) -> Self {
        Self {
            terms: text::distinct_terms(text),
            field: field.to_owned(),
            chain_tags: chain_tags.to_vec(),
        }
    }
}

/// One candidate proposed by the index.
#[derive(Debug, Clone, Default)]
pub struct Candidate {
    pub id: i64,
    pub text_score: f32,
    /// The candidate's matching text (title, keywords, summary).
    pub text: String,
    pub field: String,
    pub chain_tags: Vec<String>,
    pub area: String,
}

/// Why a candidate ranks where it does.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Explanation {
    /// Query words found in the candidate, in query order.
    pub matched_terms: Vec<String>,
    /// The shared technology field, if any.
    pub shared_field: Option<String>,
    pub shared_chains: Vec<String>,
    /// The candidate's source area when it earned the area boost.
    pub area: Option<String>,
    /// Text relevance relative to the best candidate (0–1).
    pub text: f32,
    /// Everything added for shared facts.
    pub boost: f32,
}

impl Explanation {
    /// Strong enough to notify the owner of the other side.
    pub fn is_strong(&self) -> bool {
        let n = self.matched_terms.len();
        n >= STRONG_TERMS || (n + 1 >= STRONG_TERMS && self.shared_field.is_some())
    }
}

/// A ranked candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    pub id: i64,
    pub score: f32,
    pub explanation: Explanation,
}

/// Query words found in `candidate_text`, dropping a word contained in a
/// longer matched word (机器 when 机器人 matched).
pub fn matched_terms(query_terms: &[String], candidate_text: &str) -> Vec<String> {
    let words: HashSet<String> = text::terms(candidate_text).into_iter().map(|t| t.text).collect();
    let found: Vec<&String> = query_terms.iter().filter(|t| words.contains(*t)).collect();
    found
        .iter()
        .filter(|t| !found.iter().any(|o| o.len() > t.len() && o.contains(t.as_str())))
        .map(|t| (*t).clone())
        .collect()
}

/// Scores, explains and orders `candidates` (best first, ties by id), keeping
/// the first `top`. Only the kept candidates are re-analysed for their
/// matched words.
pub fn rank(query: &QueryFacts, candidates: Vec<Candidate>, top: usize) -> Vec<Ranked> {
    let best = candidates.iter().map(|c| c.text_score).fold(0.0f32, f32::max);
    let mut scored: Vec<(Ranked, String)> = candidates
        .into_iter()
        .map(|c| {
            let rel = if best > 0.0 { c.text_score / best } else { 0.0 };
            let shared_field = (!c.field.is_empty() && c.field == query.field).then(|| c.field.clone());
            let shared_chains: Vec<String> = c
                .chain_tags
                .iter()
                .filter(|t| query.chain_tags.contains(t))
                .cloned()
                .collect();
            let area = matches!(c.area.as_str(), "local" | "beijing_tianjin").then(|| c.area.clone());
            let boost = if shared_field.is_some() { FIELD_BOOST } else { 0.0 }
                + CHAIN_BOOST * shared_chains.len().min(2) as f32
                + if area.is_some() { AREA_BOOST } else { 0.0 };
            let ranked = Ranked {
                id: c.id,
                score: rel * (1.0 + boost),
                explanation: Explanation {
                    matched_terms: Vec::new(),
                    shared_field,
                    shared_chains,
                    area,
                    text: rel,
                    boost,
                },
            };
            (ranked, c.text)
        })
        .collect();
    scored.sort_by(|a, b| b.0.score.total_cmp(&a.0.score).then(a.0.id.cmp(&b.0.id)));
    scored.truncate(top);
    scored
        .into_iter()
        .map(|(mut r, text)| {
            r.explanation.matched_terms = matched_terms(&query.terms, &text);
            r
        })
        .collect()
}

/// Whether an item's text meets a saved search: at least half of the
/// search's words (a word inside a longer matched word not counted twice),
/// and at least one.
pub fn alert_matches(query_terms: &[String], item_text: &str) -> bool {
    let matched = matched_terms(query_terms, item_text).len();
    let wanted: Vec<&String> = query_terms
        .iter()
        .filter(|t| !query_terms.iter().any(|o| o.len() > t.len() && o.contains(t.as_str())))
        .collect();
    matched > 0 && matched * 2 >= wanted.len()
}
