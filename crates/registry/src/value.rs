//! Reading one field's text by its [`FieldType`]: the same rules for a sheet
//! cell and a form input, with Chinese-first reasons.

use chrono::NaiveDate;
use kechuang_kernel::credit_code::CreditCode;

use crate::spec::{FieldSpec, FieldType};

/// A field's typed value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    List(Vec<String>),
    Int(i64),
    Date(NaiveDate),
    Bool(bool),
    /// Fen.
    Money(i64),
    Code(&'static str),
}

impl Value {
    /// The value as stored in a JSON attribute map.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Empty => J::Null,
            Value::Text(s) => J::String(s.clone()),
            Value::List(v) => J::Array(v.iter().cloned().map(J::String).collect()),
            Value::Int(i) | Value::Money(i) => J::from(*i),
            Value::Date(d) => J::String(d.to_string()),
            Value::Bool(b) => J::Bool(*b),
            Value::Code(c) => J::String((*c).to_owned()),
        }
    }

    pub fn text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Code(c) => (*c).to_owned(),
            Value::Date(d) => d.to_string(),
            Value::Int(i) | Value::Money(i) => i.to_string(),
            Value::List(v) => v.join("、"),
            Value::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
            Value::Empty => String::new(),
        }
    }
}

/// Splits a list cell on 、 , ， ; ； / and newlines, dropping blanks and repeats.
pub fn split_list(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in s.split(['、', ',', '，', ';', '；', '/', '\n']) {
        let p = part.trim();
        if !p.is_empty() && !out.iter().any(|o| o == p) {
            out.push(p.to_owned());
        }
    }
    out
}

/// Reads `raw` as the field's type. A blank value is `Empty`, or an error
/// when the field is required.
pub fn read(spec: &FieldSpec, raw: &str) -> Result<Value, String> {
    let s = raw.trim();
    if s.is_empty() {
        return if spec.required {
            Err("必填项不能为空 / required".into())
        } else {
            Ok(Value::Empty)
        };
    }
    Ok(match &spec.ty {
        FieldType::Text => {
            if s.chars().count() > 500 {
                return Err("内容过长（最多500字）/ too long (at most 500 characters)".into());
            }
            Value::Text(s.to_owned())
        }
        FieldType::List => Value::List(split_list(s)),
        FieldType::Int => {
            let n = kechuang_sheets::parse_int(s)?;
            if n < 0 {
                return Err(format!("不能为负数：{s} / must not be negative: {s}"));
            }
            Value::Int(n)
        }
        FieldType::Date => Value::Date(kechuang_sheets::parse_date(s)?),
        FieldType::Bool => Value::Bool(kechuang_sheets::parse_bool(s)?),
        FieldType::Money => {
            let fen = kechuang_sheets::parse_decimal_to_fen(s)?;
            if fen < 0 {
                return Err(format!("金额不能为负：{s} / amount must not be negative: {s}"));
            }
            Value::Money(fen)
        }
        FieldType::CreditCode => Value::Text(CreditCode::parse(s).map_err(|e| e.to_string())?.as_str().to_owned()),
        FieldType::Coded(v) => match (v.parse)(s) {
            Some(code) => Value::Code(code),
            None => {
                let allowed: Vec<&str> = (v.options)().into_iter().map(|(_, zh)| zh).collect();
                return Err(format!(
                    "无法识别“{s}”，可选：{} / unknown value \"{s}\"",
                    allowed.join("、")
                ));
            }
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{EXPERT, INVESTOR, PLATFORM};

    #[test]
    fn reads_by_type() {
        let p = |key: &str| PLATFORM.field(key).unwrap();
        let table: &[(&FieldSpec, &str, Result<Value, &str>)] = &[
            (
                p("name"),
                "  市新材料重点实验室 ",
                Ok(Value::Text("市新材料重点实验室".into())),
            ),
            (p("name"), " ", Err("必填项不能为空 / required")),
            (p("field"), "", Ok(Value::Empty)),
            (p("kind"), "众创空间", Ok(Value::Code("maker_space"))),
            (p("level"), "Provincial", Ok(Value::Code("provincial"))),
            (
                p("recognised_on"),
                "2021/6/1",
                Ok(Value::Date(NaiveDate::from_ymd_opt(2021, 6, 1).unwrap())),
            ),
            (
                p("chain"),
                "新材料、 高端装备，新材料",
                Ok(Value::List(vec!["新材料".into(), "高端装备".into()])),
            ),
            (EXPERT.field("academician").unwrap(), "是", Ok(Value::Bool(true))),
            (EXPERT.field("birth_year").unwrap(), "1,975", Ok(Value::Int(1975))),
            (
                INVESTOR.field("managed_capital_yuan").unwrap(),
                "1.5亿",
                Ok(Value::Money(150_000_000_00)),
            ),
            (
                INVESTOR.field("credit_code").unwrap(),
                "91110108551385082Q",
                Ok(Value::Text("91110108551385082Q".into())),
            ),
        ];
        for (spec, raw, want) in table {
            let got = read(spec, raw);
            match want {
                Ok(v) => assert_eq!(got.as_ref(), Ok(v), "{} {raw}", spec.key),
                Err(m) => assert_eq!(got.unwrap_err(), *m, "{} {raw}", spec.key),
            }
        }
        assert!(read(p("kind"), "实验室").unwrap_err().contains("可选：重点实验室"));
        assert!(read(INVESTOR.field("credit_code").unwrap(), "91110108551385082A").is_err());
        assert!(read(EXPERT.field("birth_year").unwrap(), "-3").is_err());
    }
}
