//! Ranking quality against graded relevance labels: nDCG@k (gain
//! `2^grade - 1`, log2 discount) and recall@k (share of the relevant items,
//! grade ≥ 1, found in the first k).

use std::collections::HashMap;

/// nDCG of `ranking` (ids, best first) cut at `k`, for `grades` (id → grade,
/// absent = 0). 0 when nothing is relevant.
pub fn ndcg_at(ranking: &[String], grades: &HashMap<String, u8>, k: usize) -> f64 {
    let gain = |g: u8| (2f64.powi(g as i32)) - 1.0;
    let dcg: f64 = ranking
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, id)| gain(grades.get(id).copied().unwrap_or(0)) / ((i + 2) as f64).log2())
        .sum();
    let mut ideal: Vec<u8> = grades.values().copied().filter(|g| *g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, g)| gain(*g) / ((i + 2) as f64).log2())
        .sum();
    if idcg == 0.0 { 0.0 } else { dcg / idcg }
}

/// Share of the relevant ids found in the first `k` of `ranking`.
pub fn recall_at(ranking: &[String], grades: &HashMap<String, u8>, k: usize) -> f64 {
    let relevant = grades.values().filter(|g| **g > 0).count();
    if relevant == 0 {
        return 0.0;
    }
    let found = ranking
        .iter()
        .take(k)
        .filter(|id| grades.get(*id).is_some_and(|g| *g > 0))
        .count();
    found as f64 / relevant as f64
}
