//! Ranking quality on the labelled relevance set in
//! `crates/market/relevance` (50 enterprise demands, 1,062 achievements,
//! graded judgements; how it was made is in its README): nDCG@10 and
//! recall@10 of kechuang's matching against a plain substring (SQL `LIKE
//! '%word%'`) search over the same achievements. Prints the table recorded in
//! BENCHMARKS.md and fails if kechuang stops beating the baseline clearly.

use std::collections::HashMap;
use std::path::PathBuf;

use kechuang_market::eval::{ndcg_at, recall_at};
use kechuang_market::item::split_list;
use kechuang_market::rank::{Candidate, QueryFacts, rank};
use kechuang_market::search::engine::CANDIDATES;
use kechuang_market::search::{Doc, MarketIndex, Search};

struct Item {
    id: String,
    title: String,
    summary: String,
    field: String,
    keywords: Vec<String>,
    maturity: String,
}

struct Demand {
    id: String,
    title: String,
    description: String,
    field: String,
    keywords: Vec<String>,
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../market/relevance")
}

fn rows(name: &str) -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_path(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    r.records().map(|x| x.unwrap()).collect()
}

fn load() -> (Vec<Item>, Vec<Demand>, HashMap<String, HashMap<String, u8>>) {
    let mut items = Vec::new();
    let mut demands = Vec::new();
    let mut qrels: HashMap<String, HashMap<String, u8>> = HashMap::new();
    for half in ["a", "b"] {
        for r in rows(&format!("achievements_{half}.csv")) {
            items.push(Item {
                id: r[0].into(),
                title: r[1].into(),
                summary: r[2].into(),
                field: r[3].into(),
                keywords: split_list(&r[4]),
                maturity: r[6].into(),
            });
        }
        for r in rows(&format!("demands_{half}.csv")) {
            demands.push(Demand {
                id: r[0].into(),
                title: r[1].into(),
                description: r[2].into(),
                field: r[3].into(),
                keywords: split_list(&r[4]),
            });
        }
        for r in rows(&format!("qrels_{half}.csv")) {
            qrels
                .entry(r[0].into())
                .or_default()
                .insert(r[1].into(), r[2].parse().unwrap());
        }
    }
    (items, demands, qrels)
}

/// The baseline: each word the enterprise typed (its keywords, else its
/// title) as `LIKE '%word%'` over title, keywords and summary; items ranked by
/// how many words they contain, then by id (insertion order).
fn like_baseline(items: &[Item], d: &Demand) -> Vec<String> {
    let words = if d.keywords.is_empty() {
        vec![d.title.clone()]
    } else {
        d.keywords.clone()
    };
    let mut scored: Vec<(usize, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let hay = format!("{} {} {}", it.title, it.keywords.join(" "), it.summary);
            (words.iter().filter(|w| hay.contains(w.as_str())).count(), i)
        })
        .filter(|(n, _)| *n > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| items[i].id.clone()).collect()
}

/// kechuang's ranking for `text` with the demand's field as a shared fact.
fn kechuang(index: &MarketIndex, items: &[Item], text: &str, field: &str) -> Vec<String> {
    let q = QueryFacts::from_text(text, field, &[]);
    let hits = index
        .search(&Search {
            kind: "achievement".into(),
            terms: q.terms.clone(),
            statuses: vec!["published".into()],
            limit: CANDIDATES,
            ..Default::default()
        })
        .unwrap();
    let candidates = hits
        .iter()
        .map(|h| {
            let it = &items[h.id as usize];
            Candidate {
                id: h.id,
                text_score: h.score,
                text: format!("{}\n{}\n{}", it.title, it.keywords.join(" "), it.summary),
                field: it.field.clone(),
                chain_tags: Vec::new(),
                area: String::new(),
            }
        })
        .collect();
    rank(&q, candidates, 10)
        .into_iter()
        .map(|r| items[r.id as usize].id.clone())
        .collect()
}

#[test]
fn matching_beats_substring_search() {
    let (items, demands, qrels) = load();
    assert!(
        items.len() >= 1000 && demands.len() >= 50,
        "{} items, {} demands",
        items.len(),
        demands.len()
    );
    let index = MarketIndex::open(None, 0).unwrap();
    let docs: Vec<Doc> = items
        .iter()
        .enumerate()
        .map(|(i, it)| Doc {
            kind: "achievement".into(),
            id: i as i64,
            status: "published".into(),
            title: it.title.clone(),
            keywords: it.keywords.join(" "),
            body: it.summary.clone(),
            field: it.field.clone(),
            maturity: it.maturity.clone(),
            ..Default::default()
        })
        .collect();
    index.rebuild(docs, 1).unwrap();

    let mut sums: HashMap<&str, (f64, f64)> = HashMap::new();
    let runs: [(&str, &dyn Fn(&Demand) -> Vec<String>); 3] = [
        ("LIKE baseline (keywords or title)", &|d| like_baseline(&items, d)),
        ("kechuang, same words as the baseline", &|d| {
            let words = if d.keywords.is_empty() {
                d.title.clone()
            } else {
                d.keywords.join(" ")
            };
            kechuang(&index, &items, &words, "")
        }),
        ("kechuang, demand page (full text + field)", &|d| {
            let text = format!("{}\n{}\n{}", d.title, d.keywords.join(" "), d.description);
            kechuang(&index, &items, &text, &d.field)
        }),
    ];
    for d in &demands {
        let grades = qrels.get(&d.id).cloned().unwrap_or_default();
        assert!(!grades.is_empty(), "{} has no judgements", d.id);
        for (name, run) in &runs {
            let ranking = run(d);
            let e = sums.entry(name).or_default();
            e.0 += ndcg_at(&ranking, &grades, 10);
            e.1 += recall_at(&ranking, &grades, 10);
        }
    }
    let n = demands.len() as f64;
    println!("| ranking | nDCG@10 | recall@10 |\n|---|---|---|");
    for (name, _) in &runs {
        let (ndcg, recall) = sums[name];
        println!("| {name} | {:.3} | {:.3} |", ndcg / n, recall / n);
    }
    let base = sums[runs[0].0].0 / n;
    let same = sums[runs[1].0].0 / n;
    let full = sums[runs[2].0].0 / n;
    assert!(same > base + 0.05, "same words: {same:.3} vs baseline {base:.3}");
    assert!(full > base + 0.2, "demand page: {full:.3} vs baseline {base:.3}");
}
