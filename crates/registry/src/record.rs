//! Validating one record (platform, expert, institution, agency, investor)
//! from named text values — a sheet row or a submitted form — into the
//! fields the store keeps. Every problem is reported, not just the first.

use crate::store::records::RecordFields;

use crate::regions::RegionIndex;
use crate::spec::{KindSpec, Place};
use crate::value::{Value, read};

/// A problem with one field of one row or form.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldIssue {
    pub key: &'static str,
    /// The field's Chinese name (the sheet column).
    pub column: &'static str,
    pub value: String,
    pub reason: String,
}

/// Reads a record of `spec` from `get(key)`.
pub fn parse_record(
    spec: &KindSpec,
    get: &dyn Fn(&str) -> String,
    regions: &RegionIndex,
) -> Result<(String, RecordFields), Vec<FieldIssue>> {
    let mut issues = Vec::new();
    let mut out = RecordFields::default();
    let mut code = String::new();
    let (mut region_name, mut region_code) = (String::new(), String::new());
    for f in spec.fields {
        let raw = get(f.key);
        let v = match read(f, &raw) {
            Ok(v) => v,
            Err(reason) => {
                issues.push(FieldIssue {
                    key: f.key,
                    column: f.zh,
                    value: raw,
                    reason,
                });
                continue;
            }
        };
        match f.place {
            Place::Code => code = v.text().to_uppercase(),
            Place::Name => out.name = v.text(),
            Place::RegionName => region_name = raw,
            Place::RegionCode => region_code = raw,
            Place::Category => out.category = v.text(),
            Place::Level => out.level = v.text(),
            Place::Area => out.area = v.text(),
            Place::Status => out.status = v.text(),
            Place::Host => out.host_code = v.text(),
            Place::Chains => {
                if let Value::List(l) = v {
                    out.chain_tags = l;
                }
            }
            Place::Attr | Place::Contact => {
                if v != Value::Empty {
                    let map = if f.place == Place::Attr {
                        &mut out.attrs
                    } else {
                        &mut out.contact
                    };
                    map.insert(f.key.to_owned(), v.to_json());
                }
            }
        }
    }
    match regions.resolve(&region_name, &region_code) {
        Ok(id) => out.region_id = id,
        Err(reason) => {
            let f = spec.at(Place::RegionName).or(spec.at(Place::RegionCode));
            issues.push(FieldIssue {
                key: f.map_or("county_name", |f| f.key),
                column: f.map_or("所在县区", |f| f.zh),
                value: format!("{region_name}{region_code}"),
                reason,
            });
        }
    }
    if spec.kind == "platform" && out.status.is_empty() {
        out.status = "active".into();
    }
    if issues.is_empty() {
        Ok((code, out))
    } else {
        Err(issues)
    }
}

/// The text of a stored record's field, for forms and exports (the inverse
/// of [`parse_record`] up to formatting).
pub fn field_text(spec: &KindSpec, key: &str, r: &crate::store::records::Record, regions: &RegionIndex) -> String {
    let Some(f) = spec.field(key) else {
        return String::new();
    };
    let label = |code: &str| match &f.ty {
        crate::spec::FieldType::Coded(v) if !code.is_empty() => v.label(code),
        _ => code.to_owned(),
    };
    match f.place {
        Place::Code => r.code.clone(),
        Place::Name => r.name.clone(),
        Place::RegionName => regions.name_of(r.region_id).unwrap_or(&r.region_name).to_owned(),
        Place::RegionCode => r
            .region_path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_owned(),
        Place::Category => label(&r.category),
        Place::Level => label(&r.level),
        Place::Area => label(&r.area),
        Place::Status => label(&r.status),
        Place::Host => r.host_code.clone(),
        Place::Chains => r.chain_list().join("、"),
        Place::Attr | Place::Contact => {
            let map = if f.place == Place::Attr {
                r.attrs_map()
            } else {
                r.contact_map()
            };
            json_text(f, map.get(key))
        }
    }
}

/// A JSON attribute as the text a user types.
pub fn json_text(f: &crate::spec::FieldSpec, v: Option<&serde_json::Value>) -> String {
    use crate::spec::FieldType;
    use serde_json::Value as J;
    match (v, &f.ty) {
        (None | Some(J::Null), _) => String::new(),
        (Some(J::Bool(b)), _) => if *b { "是" } else { "否" }.to_owned(),
        (Some(J::Array(a)), _) => a.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join("、"),
        (Some(J::Number(n)), FieldType::Money) => {
            let fen = n.as_i64().unwrap_or(0);
            kechuang_kernel::money::Fen(fen).to_string()
        }
        (Some(J::String(s)), FieldType::Coded(v)) => v.label(s),
        (Some(J::String(s)), _) => s.clone(),
        (Some(other), _) => other.to_string(),
    }
}
