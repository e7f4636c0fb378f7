//! The fictional demo region: 云州市 (Yunzhou), a city placed under 河北省,
//! with six counties and districts. All names below the province are made
//! up; the 1399xx division codes are not used by any real place.

use serde::Serialize;

/// One node of the demo region tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoRegion {
    /// Six-digit administrative division code (GB/T 2260 shaped).
    pub code: &'static str,
    /// Chinese name, e.g. "云中区".
    pub name: &'static str,
    /// Pinyin name, e.g. "Yunzhong Qu".
    pub name_en: &'static str,
    /// "province" | "city" | "county".
    pub level: &'static str,
    /// Code of the parent region; `None` for the province.
    pub parent_code: Option<&'static str>,
}

/// Division code of the province the demo city belongs to.
pub const PROVINCE_CODE: &str = "130000";
/// Division code of the demo city.
pub const CITY_CODE: &str = "139900";
/// Name of the demo city.
pub const CITY_NAME: &str = "云州市";
/// Short name of the demo city as used at the start of firm names.
pub const CITY_SHORT: &str = "云州";

/// A county or district of the demo city with the data generators need.
#[derive(Debug, Clone, Copy)]
pub(crate) struct County {
    pub code: &'static str,
    pub name: &'static str,
    pub name_en: &'static str,
    /// Short name used inside other names ("栖泉", "北岭").
    pub short: &'static str,
    /// Relative share of the city's enterprises.
    pub enterprise_weight: u32,
    /// Whether the county is mainly rural (more agriculture, fewer labs).
    pub rural: bool,
}

pub(crate) const COUNTIES: &[County] = &[
    County {
        code: "139902",
        name: "云中区",
        name_en: "Yunzhong Qu",
        short: "云中",
        enterprise_weight: 30,
        rural: false,
    },
    County {
        code: "139903",
        name: "清河湾区",
        name_en: "Qinghewan Qu",
        short: "清河湾",
        enterprise_weight: 20,
        rural: false,
    },
    County {
        code: "139921",
        name: "栖泉县",
        name_en: "Qiquan Xian",
        short: "栖泉",
        enterprise_weight: 10,
        rural: true,
    },
    County {
        code: "139922",
        name: "北岭县",
        name_en: "Beiling Xian",
        short: "北岭",
        enterprise_weight: 8,
        rural: true,
    },
    County {
        code: "139923",
        name: "安澜县",
        name_en: "Anlan Xian",
        short: "安澜",
        enterprise_weight: 9,
        rural: true,
    },
    County {
        code: "139971",
        name: "云州高新技术产业开发区",
        name_en: "Yunzhou Gaoxin Jishu Chanye Kaifaqu",
        short: "高新区",
        enterprise_weight: 23,
        rural: false,
    },
];

/// The whole demo region tree: province, city, then its counties.
pub fn demo_regions() -> Vec<DemoRegion> {
    let mut out = vec![
        DemoRegion {
            code: PROVINCE_CODE,
            name: "河北省",
            name_en: "Hebei Sheng",
            level: "province",
            parent_code: None,
        },
        DemoRegion {
            code: CITY_CODE,
            name: CITY_NAME,
            name_en: "Yunzhou Shi",
            level: "city",
            parent_code: Some(PROVINCE_CODE),
        },
    ];
    out.extend(COUNTIES.iter().map(|c| DemoRegion {
        code: c.code,
        name: c.name,
        name_en: c.name_en,
        level: "county",
        parent_code: Some(CITY_CODE),
    }));
    out
}
