//! The technology market (技术市场) as pure rules, without IO:
//!
//! * [`vocab`]: the coded vocabularies (technology field, maturity, transfer
//!   mode, source area, statuses, cooperation mode, contract type) with their
//!   Chinese and English labels;
//! * [`item`]: validation of an achievement (科技成果) or a demand (技术需求)
//!   typed into a form or read from a sheet;
//! * [`text`]: Chinese text analysis shared by the search index and the
//!   explanations: Traditional → Simplified, width folding, word segmentation
//!   (jieba, search mode) and stop words;
//! * [`rank`]: how text relevance and shared facts (field, industry chain,
//!   area) combine into one score, and the explanation each result carries;
//! * [`eval`]: nDCG@k and recall@k for the labelled relevance set.

pub mod access;
pub mod challenge;
pub mod contract;
pub mod eval;
pub mod item;
pub mod lifecycle;
pub mod rank;
pub mod sheet;
pub mod text;
pub mod vocab;

pub use item::{AchievementInput, DemandInput, ItemError};
pub use rank::{Candidate, Explanation, QueryFacts, Ranked, rank};
