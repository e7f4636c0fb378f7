//! Events the registry already holds (pure): a high-tech enterprise
//! certificate is an `hte_certified` event (new when the firm held none
//! before, recertified when it did), an innovation platform recognised at a
//! level is a `platform_recognized` event of its host firm. These are what
//! entitlements are found from without an application (免申即享). What the
//! registry does not say (whether a platform was built jointly with outside
//! partners, whether a firm moved in whole) stays unknown, and a rule that
//! needs it asks the firm to apply.

use crate::rules::event::{Event, EventKind, Subject};
use chrono::NaiveDate;
use serde_json::json;
use std::collections::BTreeMap;

/// A high-tech enterprise certificate as the registry holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct HteCertificate {
    pub id: i64,
    pub credit_code: String,
    pub name: String,
    pub county: String,
    pub issued_on: NaiveDate,
    /// The firm held a high-tech enterprise certificate issued before this
    /// one.
    pub held_before: bool,
}

/// An innovation platform as the registry holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformRecord {
    pub id: i64,
    /// The registry's platform kind (`tech_innovation_center` …).
    pub category: String,
    /// `national`, `provincial`, `municipal` or `county`.
    pub level: String,
    pub status: String,
    pub host_code: String,
    pub host_name: String,
    pub county: String,
    pub recognised_on: Option<NaiveDate>,
}

/// Where an event came from, so recording it twice records it once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub source: &'static str,
    pub reference: String,
}

/// The event a certificate is.
pub fn hte_event(c: &HteCertificate) -> (Event, SourceRef) {
    let mode = if c.held_before { "recertified" } else { "new" };
    let event = Event {
        kind: EventKind::HteCertified,
        date: c.issued_on,
        subject: Subject {
            credit_code: c.credit_code.clone(),
            county: c.county.clone(),
            name: c.name.clone(),
        },
        facts: BTreeMap::from([("mode".to_owned(), json!(mode))]),
    };
    let source = SourceRef {
        source: "registry",
        reference: format!("certificate:{}", c.id),
    };
    (event, source)
}

/// The incentive kind of a registry platform kind: enterprise R&D
/// institutions (技术创新中心/工程技术研究中心, 工程研究中心/工程实验室,
/// 企业技术中心, the kinds 盘锦 2019 二(一)3 names), incubators and maker
/// spaces, and cooperation platforms. Other kinds (key laboratories,
/// institutes, zones …) trigger no rule.
pub fn platform_kind(category: &str) -> Option<&'static str> {
    Some(match category {
        "tech_innovation_center" | "engineering_research_center" | "enterprise_tech_center" => "rd_institution",
        "incubator" => "incubator",
        "maker_space" => "maker_space",
        "international_cooperation_base" => "platform",
        _ => return None,
    })
}

/// The event a platform's recognition is; none when it triggers no rule
/// (its kind, a county level, no host firm, no date, or revoked).
pub fn platform_event(p: &PlatformRecord) -> Option<(Event, SourceRef)> {
    let kind = platform_kind(&p.category)?;
    if !matches!(p.level.as_str(), "national" | "provincial" | "municipal")
        || p.host_code.is_empty()
        || p.status == "revoked"
    {
        return None;
    }
    let event = Event {
        kind: EventKind::PlatformRecognized,
        date: p.recognised_on?,
        subject: Subject {
            credit_code: p.host_code.clone(),
            county: p.county.clone(),
            name: p.host_name.clone(),
        },
        facts: BTreeMap::from([("kind".to_owned(), json!(kind)), ("level".to_owned(), json!(p.level))]),
    };
    let source = SourceRef {
        source: "registry",
        reference: format!("platform:{}", p.id),
    };
    Some((event, source))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::event::FactValue;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn certificates_are_new_or_recertified() {
        let mut c = HteCertificate {
            id: 7,
            credit_code: "91131000MA0A000001".into(),
            name: "云州甲科技有限公司".into(),
            county: "131002".into(),
            issued_on: day("2025-11-06"),
            held_before: false,
        };
        let (e, src) = hte_event(&c);
        assert_eq!(e.fact("mode"), Some(Ok(FactValue::Code("new".into()))));
        assert_eq!(src.reference, "certificate:7");
        c.held_before = true;
        assert_eq!(
            hte_event(&c).0.fact("mode"),
            Some(Ok(FactValue::Code("recertified".into())))
        );
    }

    #[test]
    fn platforms_map_by_kind_level_and_status() {
        let base = PlatformRecord {
            id: 3,
            category: "enterprise_tech_center".into(),
            level: "provincial".into(),
            status: "active".into(),
            host_code: "91131000MA0A000001".into(),
            host_name: "云州甲科技有限公司".into(),
            county: "131002".into(),
            recognised_on: Some(day("2025-03-01")),
        };
        let (e, _) = platform_event(&base).unwrap();
        assert_eq!(e.fact("kind"), Some(Ok(FactValue::Code("rd_institution".into()))));
        assert_eq!(e.fact("joint"), None, "the registry does not say");
        let table: &[(&str, PlatformRecord)] = &[
            (
                "key lab",
                PlatformRecord {
                    category: "key_lab".into(),
                    ..base.clone()
                },
            ),
            (
                "county level",
                PlatformRecord {
                    level: "county".into(),
                    ..base.clone()
                },
            ),
            (
                "no host",
                PlatformRecord {
                    host_code: String::new(),
                    ..base.clone()
                },
            ),
            (
                "revoked",
                PlatformRecord {
                    status: "revoked".into(),
                    ..base.clone()
                },
            ),
            (
                "no date",
                PlatformRecord {
                    recognised_on: None,
                    ..base.clone()
                },
            ),
        ];
        for (what, p) in table {
            assert!(platform_event(p).is_none(), "{what}");
        }
        let inc = PlatformRecord {
            category: "incubator".into(),
            ..base
        };
        assert_eq!(
            platform_event(&inc).unwrap().0.fact("kind"),
            Some(Ok(FactValue::Code("incubator".into())))
        );
    }
}
