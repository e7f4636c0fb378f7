//! Charts as self-contained SVG, drawn by our own code so pages work on an intranet
//! without any CDN and print cleanly.
//!
//! Three chart types cover the product's needs:
//!
//! * [`horizontal_bars`]: ranking charts, one row per [`Bar`] in the given order,
//!   with an optional dashed reference line (e.g. a target);
//! * [`line_chart`]: trends, e.g. actual progress (solid, [`LineStyle::Solid`])
//!   against the straight-line trajectory to a target ([`LineStyle::Dashed`]);
//! * [`progress_bar`]: a small inline bar for table cells, coloured and hatched by
//!   status.
//!
//! Every function is pure and returns a complete `<svg>` element (SVG 1.1, XML
//! well-formed) that can be inlined into HTML: width 100 %, height following from
//! the `viewBox`, an accessible name (`role="img"`, `aria-label`, `<title>`), a CJK
//! font stack, and no element ids, so any number of charts can share one page.
//! Output is deterministic; coordinates have at most two decimals. Non-finite
//! numbers are skipped, never printed, and a chart without data shows
//! "暂无数据 / no data". User text is XML-escaped; long labels are shortened with
//! "…" to a width measured in Latin-width units (a CJK character counts as two)
//! and keep their full text in a tooltip.
//!
//! Numbers are printed by [`scale::format_value`] in a compact Chinese style
//! (`1,234`, `1.23万`, `3.5亿`, `1.2万亿`); see [`scale`] for the rules.
//!
//! ```
//! use kechuang_charts::{Bar, BarChart, horizontal_bars, progress_bar};
//!
//! let svg = horizontal_bars(&BarChart {
//!     title: "各区高新技术企业数量".into(),
//!     unit: "家".into(),
//!     bars: vec![Bar { label: "东湖区".into(), value: 640.0, note: None, highlight: true }],
//!     reference: Some(("目标".into(), 600.0)),
//! });
//! assert!(svg.starts_with("<svg ") && svg.contains("<title>各区高新技术企业数量</title>"));
//! assert!(progress_bar(112.5, Some(80.0), "achieved").contains("112.5% 已完成"));
//! ```

mod bars;
mod lines;
mod marks;
mod progress;
pub mod scale;
mod svg;
mod text;

pub use bars::{Bar, BarChart, horizontal_bars};
pub use lines::{LineChart, LineStyle, Series, line_chart};
pub use progress::progress_bar;
pub use text::{text_units, truncate_units};

/// Compiles and runs the examples in `README.md`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
