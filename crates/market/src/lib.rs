//! The technology market (技术市场): achievements (科技成果) and demands
//! (技术需求), matching in both directions with explanations, demand lists
//! pushed to universities, saved searches, 揭榜挂帅 challenges with bids,
//! reviews, awards and milestones, and technology contracts (技术合同登记)
//! with their flags and statistics.
//!
//! Pure rules (no IO):
//! * [`vocab`]: the coded vocabularies with Chinese and English labels;
//! * [`item`]: validation of an achievement or a demand from a form or a
//!   sheet ([`sheet`]); [`lifecycle`]: their statuses;
//! * [`text`]: the market's text analysis (the shared normaliser plus stop
//!   words); [`rank`]: text relevance and shared facts combined into one
//!   score with its explanation; [`eval`]: nDCG@k and recall@k for the
//!   labelled relevance set in `relevance/`;
//! * [`challenge`], [`contract`]: bids and contract checks, statistics.
//!
//! With IO: [`search`] (the tantivy index and the matching engine that
//! follows the database's changes and produces notices), [`store`] (the
//! market's tables on the kernel's `Db`), [`web`] (pages and API, and
//! [`CAPABILITY`] for the shell). The market builds on the registry (owners
//! and enterprises) and the credit files (the blacklist).

#![allow(async_fn_in_trait)]

#[macro_use]
extern crate kechuang_kernel;

pub mod access;
pub mod challenge;
pub mod cli;
pub mod contract;
pub mod demo;
pub mod eval;
pub mod item;
pub mod lifecycle;
pub mod rank;
pub mod schema;
pub mod search;
pub mod sheet;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;
pub mod text;
pub mod vocab;
pub mod web;

pub use item::{AchievementInput, DemandInput, ItemError};
pub use rank::{Candidate, Explanation, QueryFacts, Ranked, rank};
pub use web::CAPABILITY;
