//! Horizontal bar charts: structure, escaping, skipping, truncation and layout.

use crate::common::parse;
use kechuang_charts::{Bar, BarChart, horizontal_bars};

fn bar(label: &str, value: f64) -> Bar {
    Bar {
        label: label.to_string(),
        value,
        note: None,
        highlight: false,
    }
}

fn chart(bars: Vec<Bar>) -> BarChart {
    BarChart {
        title: "各区高新技术企业数量".into(),
        unit: "家".into(),
        bars,
        reference: None,
    }
}

#[test]
fn one_bar_per_finite_value_in_the_given_order() {
    let svg = horizontal_bars(&chart(vec![
        bar("东湖区", 320.0),
        bar("西湖区", 540.0),
        bar("南湖区", 12.0),
    ]));
    let doc = parse(&svg);
    let bars = doc.by_class("bar");
    assert_eq!(bars.len(), 3);
    // Rows keep the given order (not sorted by value) from top to bottom.
    assert!(bars[0].num("y") < bars[1].num("y") && bars[1].num("y") < bars[2].num("y"));
    assert!(bars[1].num("width") > bars[0].num("width") && bars[0].num("width") > bars[2].num("width"));
    let labels: Vec<&str> = doc.by_class("label").iter().map(|e| e.text.as_str()).collect();
    assert_eq!(labels, ["东湖区", "西湖区", "南湖区"]);
    let values: Vec<&str> = doc.by_class("value").iter().map(|e| e.text.as_str()).collect();
    assert_eq!(values, ["320", "540", "12"]);
    assert_eq!(doc.root().attr("aria-label"), Some("各区高新技术企业数量"));
    assert!(doc.texts().contains(&"单位：家"));
    assert!(svg.contains("viewBox=\"0 0 640 "));
}

#[test]
fn user_text_is_escaped() {
    let mut c = chart(vec![Bar {
        note: Some("备注 <b>\"重点\"</b>".into()),
        ..bar("R&D <投入> 'A'", 5.0)
    }]);
    c.title = "排名 <script>alert('x')</script> & \"more\"".into();
    c.unit = "万元&".into();
    let svg = horizontal_bars(&c);
    assert!(!svg.contains("<script>") && !svg.contains("<b>"));
    assert!(svg.contains("R&amp;D &lt;投入&gt; &#39;A&#39;"));
    let doc = parse(&svg);
    assert_eq!(doc.root().attr("aria-label"), Some(c.title.as_str()));
    assert!(doc.texts().contains(&"R&D <投入> 'A'"));
    assert!(
        doc.titles()
            .iter()
            .any(|t| t.contains("R&D <投入> 'A'：5万元&") && t.contains("备注 <b>\"重点\"</b>"))
    );
}

#[test]
fn non_finite_values_are_skipped() {
    let bars = vec![
        bar("a", 1.0),
        bar("b", f64::NAN),
        bar("c", f64::INFINITY),
        bar("d", f64::NEG_INFINITY),
        bar("e", 0.0),
    ];
    let svg = horizontal_bars(&chart(bars));
    let doc = parse(&svg);
    assert_eq!(doc.by_class("bar").len(), 2);
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
}

#[test]
fn empty_chart_shows_placeholder() {
    for bars in [vec![], vec![bar("x", f64::NAN)]] {
        let svg = horizontal_bars(&chart(bars));
        let doc = parse(&svg);
        assert_eq!(doc.by_class("bar").len(), 0);
        assert_eq!(doc.by_class("no-data")[0].text, "暂无数据 / no data");
        assert_eq!(doc.root().attr("aria-label"), Some("各区高新技术企业数量"));
    }
    let untitled = horizontal_bars(&BarChart::default());
    assert_eq!(parse(&untitled).root().attr("aria-label"), Some("图表"));
}

#[test]
fn long_labels_are_truncated_with_full_text_in_tooltip() {
    let long = "国家级科技企业孵化器与众创空间联合培育基地（示范）";
    let svg = horizontal_bars(&chart(vec![bar(long, 10.0), bar("short", 3.0)]));
    let doc = parse(&svg);
    let label = &doc.by_class("label")[0].text;
    assert!(
        label.ends_with('…') && label.chars().count() < long.chars().count(),
        "{label}"
    );
    assert!(kechuang_charts::text_units(label) <= 24);
    assert!(doc.titles().iter().any(|t| t.starts_with(long)));
}

#[test]
fn height_grows_with_rows() {
    let few = parse(&horizontal_bars(&chart((0..3).map(|i| bar("x", i as f64)).collect())))
        .size()
        .1;
    let many = parse(&horizontal_bars(&chart((0..20).map(|i| bar("x", i as f64)).collect())))
        .size()
        .1;
    assert!((many - few - 17.0 * 26.0).abs() < 0.01, "{few} {many}");
}

#[test]
fn negative_values_extend_left_of_zero() {
    let svg = horizontal_bars(&chart(vec![bar("增长", 30.0), bar("下降", -20.0)]));
    let doc = parse(&svg);
    let zero = doc.by_class("axis")[0].num("x1");
    let bars = doc.by_class("bar");
    assert!((bars[0].num("x") - zero).abs() < 0.01);
    assert!((bars[1].num("x") + bars[1].num("width") - zero).abs() < 0.01);
    assert_eq!(doc.by_class("value")[1].text, "-20");
    assert_eq!(doc.by_class("value")[1].attr("text-anchor"), Some("end"));
}

#[test]
fn all_negative_and_all_zero() {
    let doc = parse(&horizontal_bars(&chart(vec![bar("a", -5.0), bar("b", -0.5)])));
    assert_eq!(doc.by_class("bar").len(), 2);
    let doc = parse(&horizontal_bars(&chart(vec![bar("a", 0.0), bar("b", 0.0)])));
    assert!(doc.by_class("bar").iter().all(|b| b.num("width") == 0.0));
    let ticks: Vec<&str> = doc.by_class("tick").iter().map(|e| e.text.as_str()).collect();
    assert_eq!(ticks.first(), Some(&"0"));
}

#[test]
fn huge_and_tiny_values_are_formatted_compactly() {
    let doc = parse(&horizontal_bars(&chart(vec![
        bar("a", 1.2e12),
        bar("b", 3.5e8),
        bar("c", 12345.0),
    ])));
    let values: Vec<&str> = doc.by_class("value").iter().map(|e| e.text.as_str()).collect();
    assert_eq!(values, ["1.2万亿", "3.5亿", "1.23万"]);
    assert!(
        doc.by_class("tick")
            .iter()
            .all(|t| t.text.ends_with("万亿") || t.text == "0")
    );
    let doc = parse(&horizontal_bars(&chart(vec![bar("a", 0.00012), bar("b", 0.0003)])));
    let values: Vec<&str> = doc.by_class("value").iter().map(|e| e.text.as_str()).collect();
    assert_eq!(values, ["0.00012", "0.0003"]);
    // A tiny non-zero bar is still visible.
    let doc = parse(&horizontal_bars(&chart(vec![bar("a", 1e9), bar("b", 1.0)])));
    assert!(doc.by_class("bar")[1].num("width") >= 1.0);
}

#[test]
fn reference_line_is_dashed_and_labelled() {
    let mut c = chart(vec![bar("a", 320.0), bar("b", 540.0)]);
    c.reference = Some(("目标".into(), 600.0));
    let doc = parse(&horizontal_bars(&c));
    let reference = doc.by_class("reference");
    assert_eq!(reference.len(), 1);
    let lines = doc.by_name("line");
    let dashed: Vec<_> = lines.iter().filter(|l| l.attr("stroke-dasharray").is_some()).collect();
    assert_eq!(dashed.len(), 1);
    assert!(doc.texts().contains(&"目标 600"));
    // The axis reaches the reference even though no bar does.
    let ticks: Vec<f64> = doc.by_class("grid").iter().map(|e| e.num("x1")).collect();
    assert!(dashed[0].num("x1") <= ticks.iter().cloned().fold(0.0, f64::max));

    c.reference = Some(("目标".into(), f64::NAN));
    assert!(parse(&horizontal_bars(&c)).by_class("reference").is_empty());
}

#[test]
fn highlighted_bar_differs_beyond_colour() {
    let c = chart(vec![
        bar("a", 3.0),
        Bar {
            highlight: true,
            ..bar("本区", 4.0)
        },
    ]);
    let doc = parse(&horizontal_bars(&c));
    let bars = doc.by_class("bar");
    assert_ne!(bars[0].attr("fill"), bars[1].attr("fill"));
    assert!(bars[1].has_class("highlight"));
    assert_eq!(doc.by_class("label")[1].attr("font-weight"), Some("bold"));
    assert_eq!(doc.by_class("label")[0].attr("font-weight"), Some("normal"));
}

#[test]
fn output_is_deterministic() {
    let c = chart(
        (0..12)
            .map(|i| bar(&format!("区{i}"), (i * 37 % 11) as f64 * 1.37))
            .collect(),
    );
    assert_eq!(horizontal_bars(&c), horizontal_bars(&c.clone()));
}
