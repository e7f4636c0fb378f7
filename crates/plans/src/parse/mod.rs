//! The parser that turns a municipal science-and-technology policy document (方案, 意见,
//! 计划 …) into a structured [`Plan`]: metadata, quantified targets, numbered tasks
//! with their lead and responsible units, and monetary incentives.
//!
//! The parser is pure: no IO, no network. [`extract_text`] turns file bytes (plain
//! text in UTF-8/GBK/GB18030, HTML, .docx, PDF with a text layer) into text, and
//! [`parse_plan`] turns text into a plan. Simplified and Traditional script, full-width
//! digits and punctuation, and web-page chrome around the document are handled.
//!
//! Matching runs on a normalised copy of the text (ASCII digits and punctuation,
//! Simplified characters) that is aligned character by character with the source, so
//! titles, task bodies, units, beneficiaries and source sentences are reported as
//! written, while `indicator` and `unit` of targets are reported in normalised
//! (Simplified) form.

pub mod error;
pub mod extract;
mod headings;
mod incentives;
mod lines;
mod metadata;
pub mod model;
pub mod normalize;
pub mod numerals;
mod quantity;
mod repair;
mod sections;
mod targets;
mod tasks;
mod units;

pub use error::ParseError;
pub use extract::extract_text;
pub use model::{CostShare, Incentive, Period, Plan, Target, TargetKind, Task, TaskCategory};

/// Parses the text of a policy document into a plan. Never panics.
pub fn parse_plan(text: &str) -> Plan {
    let text = repair::repair_shifted_gbk(text);
    let text = text.as_ref();
    let lines = lines::split_lines(text);
    let outline = headings::build_outline(&lines);
    let meta = metadata::extract(&lines, outline.first_heading);
    let targets = targets::extract_targets(&outline, meta.period);
    let tasks = tasks::extract_tasks(&outline);
    let incentives = incentives::extract_incentives(&outline);
    Plan {
        title: meta.title,
        doc_number: meta.doc_number,
        issued_on: meta.issued_on,
        issuer: meta.issuer,
        period: meta.period,
        traditional_script: normalize::looks_traditional(text),
        targets,
        tasks,
        incentives,
    }
}

/// Extracts the text of a file and parses it.
pub fn parse_file(file_name: &str, bytes: &[u8]) -> Result<Plan, ParseError> {
    Ok(parse_plan(&extract_text(file_name, bytes)?))
}

/// Serialises a plan as pretty-printed JSON.
pub fn plan_to_json(plan: &Plan) -> String {
    serde_json::to_string_pretty(plan).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
