//! Ranking: text relevance first, shared facts as bounded boosts, and an
//! explanation for every result.

use std::collections::HashMap;

use kechuang_market::eval::{ndcg_at, recall_at};
use kechuang_market::rank::{Candidate, Explanation, QueryFacts, matched_terms, rank};

fn candidate(id: i64, score: f32, text: &str, field: &str, chains: &[&str], area: &str) -> Candidate {
    Candidate {
        id,
        text_score: score,
        text: text.into(),
        field: field.into(),
        chain_tags: chains.iter().map(|s| s.to_string()).collect(),
        area: area.into(),
    }
}

#[test]
fn shared_facts_lift_a_close_text_match_but_not_a_weak_one() {
    let q = QueryFacts::from_text("铝合金压铸件气孔缺陷", "new_materials", &["汽车零部件".into()]);
    let ranked = rank(
        &q,
        vec![
            candidate(1, 10.0, "铝合金压铸气孔控制", "", &[], "elsewhere"),
            candidate(
                2,
                9.0,
                "铝合金压铸件缺陷检测",
                "new_materials",
                &["汽车零部件"],
                "local",
            ),
            candidate(3, 3.0, "铝合金门窗", "new_materials", &["汽车零部件"], "local"),
        ],
        10,
    );
    let ids: Vec<i64> = ranked.iter().map(|r| r.id).collect();
    assert_eq!(ids, [2, 1, 3]);
    let e = &ranked[0].explanation;
    assert_eq!(e.shared_field.as_deref(), Some("new_materials"));
    assert_eq!(e.shared_chains, ["汽车零部件"]);
    assert_eq!(e.area.as_deref(), Some("local"));
    assert!((e.boost - 0.35).abs() < 1e-6, "{}", e.boost);
    assert!((ranked[1].score - 1.0).abs() < 1e-6);
}

#[test]
fn ties_keep_id_order_and_top_cuts() {
    let q = QueryFacts::from_text("焊接", "", &[]);
    let ranked = rank(
        &q,
        (1..=5).rev().map(|i| candidate(i, 1.0, "焊接", "", &[], "")).collect(),
        3,
    );
    assert_eq!(ranked.iter().map(|r| r.id).collect::<Vec<_>>(), [1, 2, 3]);
}

#[test]
fn matched_terms_name_the_longest_shared_words_in_any_script() {
    let q = QueryFacts::from_text("工業機器人焊接", "", &[]);
    assert_eq!(
        matched_terms(&q.terms, "弧焊机器人离线编程与焊接工艺"),
        ["机器人", "焊接"]
    );
    assert!(matched_terms(&q.terms, "水处理").is_empty());
}

#[test]
fn strong_matches_need_several_words_or_a_shared_field() {
    let e = |n: usize, field: bool| Explanation {
        matched_terms: (0..n).map(|i| i.to_string()).collect(),
        shared_field: field.then(|| "x".into()),
        ..Default::default()
    };
    let cases = [(2, true, false), (3, false, false), (3, true, true), (4, false, true)];
    for (n, field, strong) in cases {
        assert_eq!(e(n, field).is_strong(), strong, "{n} {field}");
    }
}

#[test]
fn ndcg_and_recall_on_known_rankings() {
    let grades: HashMap<String, u8> = [("a", 3), ("b", 2), ("c", 1)]
        .iter()
        .map(|(k, g)| (k.to_string(), *g))
        .collect();
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!((ndcg_at(&ids(&["a", "b", "c"]), &grades, 10) - 1.0).abs() < 1e-12);
    let reversed = ndcg_at(&ids(&["c", "b", "a"]), &grades, 10);
    assert!(reversed < 1.0 && reversed > 0.5, "{reversed}");
    assert_eq!(ndcg_at(&ids(&["x", "y"]), &grades, 10), 0.0);
    assert!((recall_at(&ids(&["a", "x", "c"]), &grades, 10) - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(recall_at(&ids(&["x", "a"]), &grades, 1), 0.0);
    assert_eq!(recall_at(&ids(&["a"]), &HashMap::new(), 10), 0.0);
}
