//! Inline progress bars: fill, expected tick, status colours, hatching and text.

use crate::common::{Doc, parse};
use kechuang_charts::progress_bar;

const TRACK: f64 = 120.0;

fn fill_width(doc: &Doc) -> f64 {
    doc.by_class("fill")[0].num("width")
}

fn label(doc: &Doc) -> String {
    doc.by_class("label")[0].text.clone()
}

#[test]
fn statuses_differ_in_colour_hatching_and_words() {
    let cases = [
        ("achieved", "#009E73", false, "已完成"),
        ("on_track", "#0072B2", false, "正常推进"),
        ("at_risk", "#E69F00", true, "存在风险"),
        ("behind", "#D55E00", true, "滞后"),
    ];
    let mut hatches = Vec::new();
    for (status, colour, hatched, word) in cases {
        let doc = parse(&progress_bar(50.0, Some(60.0), status));
        let root = doc.root();
        assert!(root.has_class(&format!("status-{status}")), "{status}");
        assert_eq!(doc.by_class("fill")[0].attr("fill"), Some(colour));
        assert_eq!(doc.by_class("hatch").len(), hatched as usize, "{status}");
        hatches.extend(doc.by_class("hatch").iter().map(|h| h.attr("d").unwrap().to_string()));
        assert_eq!(label(&doc), format!("50% {word}"));
        assert_eq!(
            root.attr("aria-label"),
            Some(format!("进度 50%，预期 60%，{word}").as_str())
        );
    }
    // At risk and behind use different hatching.
    assert_ne!(hatches[0], hatches[1]);
}

#[test]
fn fill_is_clamped_but_label_keeps_the_real_number() {
    let doc = parse(&progress_bar(135.0, Some(100.0), "achieved"));
    assert_eq!(fill_width(&doc), TRACK);
    assert_eq!(label(&doc), "135% 已完成");
    let doc = parse(&progress_bar(-20.0, None, "behind"));
    assert_eq!(fill_width(&doc), 0.0);
    assert_eq!(label(&doc), "-20% 滞后");
    let doc = parse(&progress_bar(42.25, None, "on_track"));
    assert!((fill_width(&doc) - TRACK * 0.4225).abs() < 0.01);
    assert_eq!(label(&doc), "42.3% 正常推进");
    let doc = parse(&progress_bar(1.5e12, None, "achieved"));
    assert_eq!(label(&doc), "1.5万亿% 已完成");
}

#[test]
fn expected_tick_position() {
    let doc = parse(&progress_bar(30.0, Some(75.0), "at_risk"));
    let tick = &doc.by_class("expected")[0];
    assert!((tick.num("x1") - (1.0 + TRACK * 0.75)).abs() < 0.01);
    assert!(doc.titles().contains(&"预期 75%"));
    let doc = parse(&progress_bar(30.0, Some(250.0), "at_risk"));
    assert!((doc.by_class("expected")[0].num("x1") - (1.0 + TRACK)).abs() < 0.01);
    for expected in [None, Some(f64::NAN), Some(f64::INFINITY)] {
        let doc = parse(&progress_bar(30.0, expected, "at_risk"));
        assert!(doc.by_class("expected").is_empty());
        assert_eq!(doc.root().attr("aria-label"), Some("进度 30%，存在风险"));
    }
}

#[test]
fn no_data_and_non_finite_progress() {
    for (progress, status) in [
        (50.0, "no_data"),
        (f64::NAN, "on_track"),
        (f64::INFINITY, "achieved"),
        (f64::NEG_INFINITY, ""),
    ] {
        let svg = progress_bar(progress, Some(40.0), status);
        let doc = parse(&svg);
        assert!(doc.root().has_class("status-no_data"), "{status}");
        assert!(doc.by_class("fill").is_empty());
        assert_eq!(doc.by_class("track")[0].attr("stroke-dasharray"), Some("3 2"));
        assert_eq!(label(&doc), "暂无数据");
        assert_eq!(doc.root().attr("aria-label"), Some("进度：暂无数据，预期 40%"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }
}

#[test]
fn unknown_status_is_neutral_and_status_text_is_normalised() {
    let doc = parse(&progress_bar(20.0, None, "<weird & \"status\">"));
    assert!(doc.root().has_class("status-unknown"));
    assert_eq!(label(&doc), "20%");
    assert_eq!(doc.by_class("fill")[0].attr("fill"), Some("#999999"));
    let doc = parse(&progress_bar(20.0, None, " On-Track "));
    assert!(doc.root().has_class("status-on_track"));
}

#[test]
fn fixed_size_for_table_columns() {
    let sizes: Vec<(f64, f64)> = [0.0, 50.0, 100.0, 1e9]
        .iter()
        .map(|&p| parse(&progress_bar(p, Some(50.0), "behind")).size())
        .collect();
    assert!(sizes.iter().all(|&s| s == (240.0, 20.0)), "{sizes:?}");
}
