//! The JSON interface: text in, text out, for `kechuang assess hte FILE.json`
//! and `kechuang assess tech-sme FILE.json`.
//!
//! Parsing reports the path of the field at fault (`years[1].revenue`);
//! unknown fields are refused so a misspelt name does not pass unnoticed.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AssessError;
use crate::hte::{HteInput, assess_hte};
use crate::tech_sme::{TechSmeInput, assess_tech_sme};

/// Parses `input` as a `T`, naming the field at fault on error.
pub fn parse<T: DeserializeOwned>(input: &str) -> Result<T, AssessError> {
    let mut de = serde_json::Deserializer::from_str(input);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        AssessError::Json {
            path: if path == "." { "(document)".to_owned() } else { path },
            message: e.inner().to_string(),
        }
    })?;
    de.end().map_err(|e| AssessError::Json {
        path: "(document)".to_owned(),
        message: e.to_string(),
    })?;
    Ok(value)
}

fn write<T: Serialize>(report: &T) -> Result<String, AssessError> {
    serde_json::to_string_pretty(report).map_err(|e| AssessError::Output(e.to_string()))
}

/// Assesses a high-tech enterprise input given as JSON; returns the report as JSON.
pub fn assess_hte_json(input: &str) -> Result<String, AssessError> {
    let parsed: HteInput = parse(input)?;
    parsed.validate()?;
    write(&assess_hte(&parsed))
}

/// Evaluates a tech-SME input given as JSON; returns the report as JSON.
pub fn assess_tech_sme_json(input: &str) -> Result<String, AssessError> {
    let parsed: TechSmeInput = parse(input)?;
    parsed.validate()?;
    write(&assess_tech_sme(&parsed))
}
