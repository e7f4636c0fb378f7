//! The market capability's tests in one binary: item, text, ranking,
//! contract and challenge rules with property tests; the search index, the
//! matching engine and the relevance set; storage and re-imports on both
//! backends; the pages and API.

mod challenge;
mod contract;
mod harness;
mod item;
mod properties;
mod rank;
mod search_engine;
mod search_index;
mod search_relevance;
mod store;
mod store_reimport;
mod text;
mod web;
mod web_blacklist;
mod web_browse;
mod web_challenges;
