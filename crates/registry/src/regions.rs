//! Finding the region a row belongs to from a county name or division code.

use std::collections::HashMap;

use crate::normalize_name;
use kechuang_kernel::regions::Region;

/// The regions a sheet may name, looked up by code or (normalised) name.
#[derive(Debug, Clone)]
pub struct RegionIndex {
    by_code: HashMap<String, i64>,
    by_name: HashMap<String, i64>,
    names: HashMap<i64, String>,
    /// The region of rows that name none (the actor's own region).
    pub default_id: i64,
}

impl RegionIndex {
    /// Indexes `regions` (those in the actor's scope); rows without a
    /// county go to `default_id`.
    pub fn new(regions: &[Region], default_id: i64) -> Self {
        let mut by_code = HashMap::new();
        let mut by_name = HashMap::new();
        let mut names = HashMap::new();
        for r in regions {
            by_code.insert(r.code.clone(), r.id);
            by_name.insert(normalize_name(&r.name), r.id);
            names.insert(r.id, r.name.clone());
        }
        RegionIndex {
            by_code,
            by_name,
            names,
            default_id,
        }
    }

    pub fn name_of(&self, id: i64) -> Option<&str> {
        self.names.get(&id).map(String::as_str)
    }

    /// The region named by `code` or else `name`; both blank → the default.
    /// A code and a name that disagree are an error.
    pub fn resolve(&self, name: &str, code: &str) -> Result<i64, String> {
        let (name, code) = (name.trim(), code.trim());
        let by_code = (!code.is_empty()).then(|| self.by_code.get(code).copied());
        let by_name = (!name.is_empty()).then(|| self.by_name.get(&normalize_name(name)).copied());
        match (by_code, by_name) {
            (None, None) => Ok(self.default_id),
            (Some(Some(a)), Some(Some(b))) if a != b => Err(format!(
                "县区名称“{name}”与代码 {code} 不一致 / county name and code disagree"
            )),
            (Some(Some(id)), _) | (None, Some(Some(id))) => Ok(id),
            (Some(None), _) => Err(format!(
                "县区代码 {code} 不在您的管辖范围内或不存在 / unknown county code"
            )),
            (None, Some(None)) => Err(format!("县区“{name}”不在您的管辖范围内或不存在 / unknown county")),
        }
    }
}
