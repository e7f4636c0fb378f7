//! Property tests: arbitrary input (NaN, infinities, huge, tiny and negative numbers,
//! empty lists, hostile or long strings) never panics and always yields well-formed
//! SVG with one bar or marker per finite input.

use crate::common::parse;
use kechuang_charts::scale::{format_value, nice_ticks};
use kechuang_charts::{Bar, BarChart, LineChart, LineStyle, Series, horizontal_bars, line_chart, progress_bar};
use proptest::prelude::*;

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -1e4..1e4f64,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(0.0),
        1 => Just(-0.0),
        1 => Just(f64::MAX),
        1 => Just(f64::MIN),
        1 => Just(f64::MIN_POSITIVE),
        1 => Just(1e12),
        1 => Just(-3.5e8),
        1 => Just(1e-9),
        2 => any::<f64>(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[<>&\"' a-zA-Z0-9高新技术企业研发投入…]{0,12}",
        1 => "[<>&\"'高新技术企业研发投入 ]{30,80}",
        1 => any::<String>(),
        1 => Just(String::new()),
    ]
}

fn bar() -> impl Strategy<Value = Bar> {
    (text(), number(), proptest::option::of(text()), any::<bool>()).prop_map(|(label, value, note, highlight)| Bar {
        label,
        value,
        note,
        highlight,
    })
}

fn bar_chart() -> impl Strategy<Value = BarChart> {
    (
        text(),
        text(),
        proptest::collection::vec(bar(), 0..25),
        proptest::option::of((text(), number())),
    )
        .prop_map(|(title, unit, bars, reference)| BarChart {
            title,
            unit,
            bars,
            reference,
        })
}

fn series() -> impl Strategy<Value = Series> {
    (
        text(),
        proptest::collection::vec((number(), number()), 0..20),
        any::<bool>(),
    )
        .prop_map(|(name, points, dashed)| Series {
            name,
            points,
            style: if dashed { LineStyle::Dashed } else { LineStyle::Solid },
        })
}

fn line_chart_input() -> impl Strategy<Value = LineChart> {
    (
        text(),
        text(),
        proptest::collection::vec((number(), text()), 0..15),
        proptest::collection::vec(series(), 0..6),
    )
        .prop_map(|(title, unit, x_labels, series)| LineChart {
            title,
            unit,
            x_labels,
            series,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn bars_are_well_formed(chart in bar_chart()) {
        let svg = horizontal_bars(&chart);
        let doc = parse(&svg);
        let finite = chart.bars.iter().filter(|b| b.value.is_finite()).count();
        prop_assert_eq!(doc.by_class("bar").len(), finite);
        prop_assert_eq!(doc.by_class("no-data").len(), (finite == 0) as usize);
        prop_assert_eq!(svg.clone(), horizontal_bars(&chart));
    }

    #[test]
    fn lines_are_well_formed(chart in line_chart_input()) {
        let svg = line_chart(&chart);
        let doc = parse(&svg);
        let finite = chart
            .series
            .iter()
            .flat_map(|s| &s.points)
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .count();
        prop_assert_eq!(doc.by_class("point").len(), finite);
        prop_assert_eq!(doc.by_class("no-data").len(), (finite == 0) as usize);
        prop_assert_eq!(svg.clone(), line_chart(&chart));
    }

    #[test]
    fn progress_is_well_formed(progress in number(), expected in proptest::option::of(number()), status in prop_oneof![
        Just("achieved".to_string()),
        Just("on_track".to_string()),
        Just("at_risk".to_string()),
        Just("behind".to_string()),
        Just("no_data".to_string()),
        text(),
    ]) {
        let svg = progress_bar(progress, expected, &status);
        let doc = parse(&svg);
        prop_assert_eq!(doc.by_class("fill").len(), progress.is_finite() as usize * (status.trim() != "no_data") as usize);
        prop_assert!(!svg.contains("NaN"));
    }

    #[test]
    fn ticks_cover_the_range(a in number(), b in number(), intervals in 0usize..30) {
        let ticks = nice_ticks(a, b, intervals);
        prop_assert!(ticks.values.len() >= 2 && ticks.values.len() <= 60, "{:?}", ticks);
        prop_assert!(ticks.values.iter().all(|v| v.is_finite()));
        prop_assert!(ticks.values.windows(2).all(|w| w[1] > w[0]));
        prop_assert!(ticks.max > ticks.min);
        for v in [a, b] {
            if v.is_finite() && v.abs() <= 1e300 && v.abs() >= 1e-250 {
                // Within floating-point noise of a step.
                let slack = ticks.step * 1e-6;
                prop_assert!(ticks.min - slack <= v && v <= ticks.max + slack, "{} not in {:?}", v, ticks);
            }
        }
        let mantissa = ticks.step / 10f64.powf(ticks.step.log10().floor());
        prop_assert!([1.0, 2.0, 5.0, 10.0].iter().any(|m| (mantissa - m).abs() < 1e-6), "step {}", ticks.step);
        let labels = ticks.labels();
        prop_assert_eq!(labels.len(), ticks.values.len());
        for label in &labels {
            prop_assert!(!label.contains("NaN") && !label.contains("inf") && !label.is_empty());
        }
    }

    #[test]
    fn values_never_print_nan(v in number()) {
        let text = format_value(v);
        prop_assert!(!text.contains("NaN") && !text.contains("inf") && !text.is_empty());
        prop_assert!(text.chars().count() <= 14, "{}", text);
    }
}
