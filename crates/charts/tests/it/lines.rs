//! Line charts: points, styles, legend, gaps, axes and edge cases.

use crate::common::parse;
use kechuang_charts::{LineChart, LineStyle, Series, line_chart};

fn series(name: &str, points: &[(f64, f64)], style: LineStyle) -> Series {
    Series {
        name: name.to_string(),
        points: points.to_vec(),
        style,
    }
}

fn years() -> Vec<(f64, String)> {
    (2021..=2025).map(|y| (y as f64, format!("{y}年"))).collect()
}

fn progress_chart() -> LineChart {
    LineChart {
        title: "研发投入强度".into(),
        unit: "%".into(),
        x_labels: years(),
        series: vec![
            series(
                "实际",
                &[(2021.0, 2.1), (2022.0, 2.3), (2023.0, 2.35)],
                LineStyle::Solid,
            ),
            series("目标轨迹", &[(2021.0, 2.1), (2025.0, 3.0)], LineStyle::Dashed),
        ],
    }
}

#[test]
fn actual_and_trajectory() {
    let svg = line_chart(&progress_chart());
    let doc = parse(&svg);
    assert_eq!(doc.by_class("point").len(), 5);
    let solid = doc.by_class("solid");
    let dashed = doc.by_class("dashed");
    assert_eq!((solid.len(), dashed.len()), (1, 1));
    assert_eq!(solid[0].attr("stroke-dasharray"), Some("none"));
    assert_eq!(dashed[0].attr("stroke-dasharray"), Some("6 4"));
    assert_ne!(solid[0].attr("stroke"), dashed[0].attr("stroke"));
    // Solid series have filled markers, dashed ones hollow markers of another shape.
    let points = doc.by_class("point");
    assert_eq!(points[0].name, "circle");
    assert_eq!(points[0].attr("fill"), points[0].attr("stroke"));
    assert_eq!(points[3].attr("fill"), Some("#ffffff"));
    assert_ne!(points[3].name, "circle");
    // Legend with both names.
    assert_eq!(doc.by_class("legend-item").len(), 2);
    let texts = doc.texts();
    assert!(texts.contains(&"实际") && texts.contains(&"目标轨迹"));
    for year in 2021..=2025 {
        assert!(texts.contains(&format!("{year}年").as_str()), "{year}");
    }
    assert!(texts.contains(&"单位：%"));
    // Tooltips name the series, the x label and the value.
    assert!(doc.titles().contains(&"实际：2022年 2.3%"));
    assert!(doc.titles().contains(&"目标轨迹：2025年 3%"));
    // Later years are further right, higher values further up.
    assert!(points[1].num("cx") > points[0].num("cx") && points[1].num("cy") < points[0].num("cy"));
}

#[test]
fn x_axis_spans_labels_beyond_the_data() {
    let doc = parse(&line_chart(&progress_chart()));
    let points = doc.by_class("point");
    // The actual series stops at 2023 while the axis runs to 2025.
    let (first, last_actual) = (points[0].num("cx"), points[2].num("cx"));
    let target_end = points[4].num("x") + points[4].num("width") / 2.0;
    assert!(((last_actual - first) / (target_end - first) - 0.5).abs() < 0.01);
}

#[test]
fn non_finite_points_are_skipped_and_break_the_line() {
    let mut chart = progress_chart();
    chart.series[0].points = vec![
        (2021.0, 2.1),
        (2022.0, f64::NAN),
        (2023.0, 2.4),
        (f64::INFINITY, 2.0),
        (2024.0, 2.5),
        (2025.0, -f64::INFINITY),
    ];
    let svg = line_chart(&chart);
    let doc = parse(&svg);
    assert_eq!(doc.by_class("point").len(), 3 + 2);
    let d = doc.by_class("solid")[0].attr("d").unwrap().to_string();
    // Three runs: 2021 | 2023 | 2024; a run of one point is drawn by its marker only.
    assert_eq!(d.matches('M').count(), 3, "{d}");
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
}

#[test]
fn no_finite_points_shows_placeholder() {
    let empty = LineChart {
        title: "趋势".into(),
        ..Default::default()
    };
    for chart in [
        empty.clone(),
        LineChart {
            series: vec![series("a", &[], LineStyle::Solid)],
            ..empty.clone()
        },
        LineChart {
            series: vec![series("a", &[(f64::NAN, 1.0), (1.0, f64::NAN)], LineStyle::Solid)],
            ..empty
        },
    ] {
        let doc = parse(&line_chart(&chart));
        assert!(doc.by_class("point").is_empty());
        assert_eq!(doc.by_class("no-data").len(), 1);
        assert_eq!(doc.root().attr("aria-label"), Some("趋势"));
    }
}

#[test]
fn names_and_labels_are_escaped() {
    let chart = LineChart {
        title: "A&B <趋势>".into(),
        unit: "\"亿元\"".into(),
        x_labels: vec![(1.0, "Q1 <'x'>".into())],
        series: vec![series("<实际> & 'plan'", &[(1.0, 5.0)], LineStyle::Solid)],
    };
    let svg = line_chart(&chart);
    assert!(svg.contains("&lt;实际&gt; &amp; &#39;plan&#39;"));
    let doc = parse(&svg);
    assert!(doc.texts().contains(&"<实际> & 'plan'"));
    assert!(doc.texts().contains(&"Q1 <'x'>"));
    assert!(doc.titles().contains(&"<实际> & 'plan'：Q1 <'x'> 5\"亿元\""));
}

#[test]
fn single_point_negative_huge_and_tiny_values() {
    let cases: Vec<Vec<(f64, f64)>> = vec![
        vec![(3.0, 7.0)],
        vec![(0.0, -5.0), (1.0, -50.0), (2.0, -0.5)],
        vec![(0.0, 1e12), (1.0, 3e12)],
        vec![(0.0, 1e-9), (1.0, 4e-9)],
        vec![(0.0, 0.0), (1.0, 0.0)],
        vec![(-f64::MAX, f64::MAX), (f64::MAX, -f64::MAX)],
        vec![(1e15, 1.0), (1e15 + 1.0, 2.0)],
    ];
    for points in cases {
        let chart = LineChart {
            series: vec![series("s", &points, LineStyle::Solid)],
            ..Default::default()
        };
        let svg = line_chart(&chart);
        let doc = parse(&svg);
        assert_eq!(doc.by_class("point").len(), points.len(), "{points:?}");
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{points:?}");
        assert!(doc.by_class("tick").len() >= 2, "{points:?}");
    }
}

#[test]
fn numeric_x_ticks_without_labels() {
    let chart = LineChart {
        series: vec![series("", &[(0.0, 1.0), (10.0, 2.0), (20.0, 3.0)], LineStyle::Solid)],
        ..Default::default()
    };
    let doc = parse(&line_chart(&chart));
    let ticks: Vec<&str> = doc.by_class("tick").iter().map(|e| e.text.as_str()).collect();
    assert!(ticks.contains(&"0") && ticks.contains(&"20"), "{ticks:?}");
    // Unnamed series get a numbered name.
    assert!(doc.texts().contains(&"系列 1"));
}

#[test]
fn crowded_x_labels_are_thinned() {
    let x_labels: Vec<(f64, String)> = (0..120)
        .map(|i| (i as f64, format!("2024-{:02}-{:02}", i / 28 + 1, i % 28 + 1)))
        .collect();
    let chart = LineChart {
        x_labels,
        series: vec![series(
            "s",
            &(0..120).map(|i| (i as f64, (i as f64).sin())).collect::<Vec<_>>(),
            LineStyle::Solid,
        )],
        ..Default::default()
    };
    let doc = parse(&line_chart(&chart));
    let shown: Vec<f64> = doc
        .by_class("tick")
        .iter()
        .filter(|e| e.text.starts_with("2024-"))
        .map(|e| e.num("x"))
        .collect();
    assert!(shown.len() > 3 && shown.len() < 12, "{}", shown.len());
    assert!(shown.windows(2).all(|w| w[1] - w[0] > 60.0));
}

#[test]
fn legend_wraps_and_height_follows() {
    let one = LineChart {
        series: vec![series("s", &[(0.0, 1.0)], LineStyle::Solid)],
        ..Default::default()
    };
    let many = LineChart {
        series: (0..12)
            .map(|i| series(&format!("第{i}个区县的实际进度"), &[(0.0, i as f64)], LineStyle::Solid))
            .collect(),
        ..Default::default()
    };
    let (h1, h2) = (parse(&line_chart(&one)).size().1, parse(&line_chart(&many)).size().1);
    assert!(h2 > h1 + 18.0, "{h1} {h2}");
}

#[test]
fn output_is_deterministic() {
    let chart = progress_chart();
    assert_eq!(line_chart(&chart), line_chart(&chart.clone()));
}
