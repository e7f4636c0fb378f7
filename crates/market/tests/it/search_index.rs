//! The search index: Chinese words in either script, filters, replacement of
//! changed items, the sequence watermark across reopening, rebuild.

use kechuang_market::search::{Doc, MarketIndex, Search};
use kechuang_market::text::distinct_terms;

fn doc(id: i64, title: &str, body: &str, field: &str, maturity: &str) -> Doc {
    Doc {
        kind: "achievement".into(),
        id,
        status: "published".into(),
        title: title.into(),
        body: body.into(),
        field: field.into(),
        area: "local".into(),
        maturity: maturity.into(),
        modes: vec!["transfer".into()],
        ..Default::default()
    }
}

fn search(text: &str) -> Search {
    Search {
        kind: "achievement".into(),
        terms: distinct_terms(text),
        limit: 10,
        ..Default::default()
    }
}

fn ids(index: &MarketIndex, s: &Search) -> Vec<i64> {
    index.search(s).unwrap().into_iter().map(|h| h.id).collect()
}

fn sample() -> Vec<Doc> {
    vec![
        doc(
            1,
            "锂电池正极材料回收技术",
            "废旧锂电池中钴镍锂的湿法回收",
            "new_energy",
            "pilot",
        ),
        doc(
            2,
            "弧焊机器人离线编程系统",
            "焊接机器人轨迹规划",
            "advanced_manufacturing",
            "industrialised",
        ),
        doc(3, "医用植入电池", "心脏起搏器电池", "biomedicine", "lab"),
        doc(4, "工業廢水生物除臭技術", "惡臭氣體處理", "environment", "pilot"),
    ]
}

#[test]
fn finds_words_in_either_script_best_first() {
    let index = MarketIndex::open(None, 0).unwrap();
    index.apply(&sample(), &[], 4).unwrap();
    assert_eq!(ids(&index, &search("鋰電池回收")), [1, 3]);
    assert_eq!(ids(&index, &search("废水除臭")), [4]);
    assert_eq!(ids(&index, &search("焊接機器人")), [2]);
    assert!(ids(&index, &search("的 了 需要")).is_empty());
    assert_eq!(index.count("achievement").unwrap(), 4);
}

#[test]
fn filters_restrict_and_exclude() {
    let index = MarketIndex::open(None, 0).unwrap();
    index.apply(&sample(), &[], 4).unwrap();
    let mut s = search("电池");
    s.field = Some("biomedicine".into());
    assert_eq!(ids(&index, &s), [3]);
    let mut s = search("电池");
    s.maturities = vec!["pilot".into(), "industrialised".into()];
    assert_eq!(ids(&index, &s), [1]);
    let mut s = search("电池");
    s.exclude_id = Some(1);
    assert_eq!(ids(&index, &s), [3]);
    let mut s = search("电池");
    s.mode = Some("equity".into());
    assert!(ids(&index, &s).is_empty());
    let mut s = search("电池");
    s.kind = "demand".into();
    assert!(ids(&index, &s).is_empty());
    let mut s = search("电池");
    s.statuses = vec!["in_talks".into()];
    assert!(ids(&index, &s).is_empty());
    s.statuses.push("published".into());
    assert_eq!(
        ids(&index, &s),
        ids(&index, &search("电池")),
        "a filter every hit passes changes nothing"
    );
    assert_eq!(ids(&index, &s).len(), 2);
    let mut s = search("电池");
    s.kind = "expert".into();
    assert!(ids(&index, &s).is_empty(), "an unknown kind finds nothing");
}

#[test]
fn an_item_of_an_unknown_kind_is_refused_and_nothing_is_written() {
    let index = MarketIndex::open(None, 0).unwrap();
    let mut docs = sample();
    docs[1].kind = "expert".into();
    let err = index.apply(&docs, &[], 4).unwrap_err();
    assert!(err.to_string().contains("expert"), "{err}");
    assert_eq!(index.seq(), 0);
    assert_eq!(index.count("achievement").unwrap(), 0);
    // a rebuild that meets a bad item half-way leaves the old content
    index.apply(&sample(), &[], 4).unwrap();
    assert!(index.rebuild(docs, 9).is_err());
    assert_eq!((index.seq(), index.count("achievement").unwrap()), (4, 4));
    index.apply(&[], &[], 5).unwrap();
    assert_eq!(index.count("achievement").unwrap(), 4, "nothing was left pending");
}

#[test]
fn a_changed_item_replaces_its_old_words_and_a_removed_one_goes() {
    let index = MarketIndex::open(None, 0).unwrap();
    index.apply(&sample(), &[], 4).unwrap();
    let mut changed = doc(3, "血糖监测贴片", "无创血糖", "biomedicine", "lab");
    changed.status = "published".into();
    index.apply(&[changed], &[("achievement".into(), 1)], 6).unwrap();
    assert!(ids(&index, &search("电池")).is_empty());
    assert_eq!(ids(&index, &search("血糖")), [3]);
    index.apply(&[], &[("achievement".into(), 2)], 7).unwrap();
    assert!(ids(&index, &search("焊接机器人")).is_empty());
    assert_eq!(index.seq(), 7);
}

#[test]
fn the_sequence_survives_reopening_and_rebuild_replaces_everything() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = MarketIndex::open(Some(dir.path()), 0).unwrap();
        assert_eq!(index.seq(), 0);
        index.apply(&sample(), &[], 42).unwrap();
    }
    let index = MarketIndex::open(Some(dir.path()), 0).unwrap();
    assert_eq!(index.seq(), 42);
    assert_eq!(ids(&index, &search("除臭")), [4]);
    let n = index.rebuild(vec![doc(9, "除臭菌剂", "", "", "")], 50).unwrap();
    assert_eq!(n, 1);
    assert_eq!(ids(&index, &search("除臭")), [9]);
    assert_eq!(index.seq(), 50);
}

#[test]
fn a_second_process_opens_a_busy_index_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let first = MarketIndex::open(Some(dir.path()), 0).unwrap();
    first.apply(&sample(), &[], 3).unwrap();
    let second = MarketIndex::open(Some(dir.path()), 0).unwrap();
    assert!(first.writable() && !second.writable());
    assert_eq!(ids(&second, &search("除臭")), [4], "reads work");
    assert!(matches!(
        second.apply(&sample(), &[], 4),
        Err(kechuang_market::search::SearchError::ReadOnly)
    ));
}
