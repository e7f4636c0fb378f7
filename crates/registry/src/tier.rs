//! The tier (梯次) of an enterprise in the cultivation pipeline, derived on a date
//! from its valid certificates and never stored.
//!
//! The pipeline is 科技型中小企业 → 高新技术企业 → 瞪羚企业 → 独角兽种子企业 →
//! 科技领军企业; an enterprise's tier is the highest step for which it holds a
//! certificate valid on the date asked about. When a certificate lapses the tier
//! drops by itself, with nothing to update.
//!
//! 专精特新中小企业 (`specialized_sme`) and 科技小巨人 (`little_giant`) are not
//! tiers but designations, shown as tags beside the tier: they come from other
//! ladders (the industry and information technology departments' 专精特新 ladder,
//! and local 小巨人 programmes) with criteria that do not build on the previous
//! step here. A 专精特新 firm may or may not be an HTE, and a 小巨人 may be
//! a gazelle or not, so putting either between two steps would misstate one of
//! them. [`designations_on`] lists every valid kind, tiers and tags alike.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::certificate::{Certificate, CertificateKind};

/// A step of the cultivation pipeline, lowest first (`Ord` follows the pipeline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// No valid certificate of the pipeline.
    None,
    TechSme,
    HighTechEnterprise,
    Gazelle,
    UnicornSeed,
    LeadingEnterprise,
}

impl Tier {
    pub const ALL: [Tier; 6] = [
        Self::None,
        Self::TechSme,
        Self::HighTechEnterprise,
        Self::Gazelle,
        Self::UnicornSeed,
        Self::LeadingEnterprise,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::TechSme => "tech_sme",
            Self::HighTechEnterprise => "high_tech_enterprise",
            Self::Gazelle => "gazelle",
            Self::UnicornSeed => "unicorn_seed",
            Self::LeadingEnterprise => "leading_enterprise",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::None => "未入梯次",
            Self::TechSme => "科技型中小企业",
            Self::HighTechEnterprise => "高新技术企业",
            Self::Gazelle => "瞪羚企业",
            Self::UnicornSeed => "独角兽种子企业",
            Self::LeadingEnterprise => "科技领军企业",
        }
    }

    /// The tier a certificate kind stands for, or `None` for a designation.
    pub fn of_kind(kind: CertificateKind) -> Option<Tier> {
        match kind {
            CertificateKind::TechSme => Some(Self::TechSme),
            CertificateKind::HighTechEnterprise => Some(Self::HighTechEnterprise),
            CertificateKind::Gazelle => Some(Self::Gazelle),
            CertificateKind::UnicornSeed => Some(Self::UnicornSeed),
            CertificateKind::LeadingEnterprise => Some(Self::LeadingEnterprise),
            CertificateKind::SpecializedSme | CertificateKind::LittleGiant => None,
        }
    }
}

/// The highest tier among the certificates valid on `d`; [`Tier::None`] if none is.
pub fn tier_on(certs: &[Certificate], d: NaiveDate) -> Tier {
    certs
        .iter()
        .filter(|c| c.is_valid_on(d))
        .filter_map(|c| Tier::of_kind(c.kind))
        .max()
        .unwrap_or(Tier::None)
}

/// Every kind with a certificate valid on `d`, each once, in [`CertificateKind`] order.
pub fn designations_on(certs: &[Certificate], d: NaiveDate) -> Vec<CertificateKind> {
    let mut kinds: Vec<CertificateKind> = certs.iter().filter(|c| c.is_valid_on(d)).map(|c| c.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// Certificates valid on `d` whose last valid day is within `days` days of `d`
/// (`d` itself included), soonest first: the ones to remind the enterprise about.
///
/// A certificate already replaced by a later one of the same kind (valid the day
/// after this one expires) is left out: there is nothing to renew.
pub fn expiring_within(certs: &[Certificate], d: NaiveDate, days: u32) -> Vec<&Certificate> {
    let horizon = d.checked_add_days(Days::new(u64::from(days))).unwrap_or(NaiveDate::MAX);
    let mut out: Vec<&Certificate> = certs
        .iter()
        .filter(|c| c.is_valid_on(d) && c.expires_on <= horizon)
        .filter(|c| {
            let next = c.expires_on.succ_opt();
            !certs
                .iter()
                .any(|o| o.kind == c.kind && next.is_some_and(|n| o.is_valid_on(n)))
        })
        .collect();
    out.sort_by_key(|c| (c.expires_on, c.kind));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use CertificateKind::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn cert(kind: CertificateKind, issued: &str, expires: &str) -> Certificate {
        Certificate {
            kind,
            number: format!("{}-{issued}", kind.as_str()),
            issued_on: date(issued),
            expires_on: date(expires),
        }
    }

    #[test]
    fn order_follows_the_pipeline() {
        let mut sorted = Tier::ALL;
        sorted.sort();
        assert_eq!(sorted, Tier::ALL);
        assert!(Tier::None < Tier::TechSme);
        assert!(Tier::HighTechEnterprise < Tier::Gazelle);
        assert!(Tier::UnicornSeed < Tier::LeadingEnterprise);
        for t in Tier::ALL {
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{}\"", t.as_str()));
            if t != Tier::None {
                let kind = CertificateKind::parse(t.as_str()).unwrap();
                assert_eq!(Tier::of_kind(kind), Some(t));
                assert_eq!(kind.label_zh(), t.label_zh());
            }
        }
        assert_eq!(Tier::of_kind(SpecializedSme), None);
        assert_eq!(Tier::of_kind(LittleGiant), None);
    }

    #[test]
    fn tier_and_designations_on_a_date() {
        let hte = cert(HighTechEnterprise, "2023-11-06", "2026-11-05");
        let sme = cert(TechSme, "2026-04-01", "2026-12-31");
        let gazelle = cert(Gazelle, "2025-07-01", "2026-06-30");
        let tag = cert(SpecializedSme, "2024-01-01", "2026-12-31");
        let giant = cert(LittleGiant, "2024-01-01", "2026-12-31");
        let all = vec![hte.clone(), sme.clone(), gazelle.clone(), tag.clone(), giant.clone()];

        // (case, certificates, date, tier, designations)
        type Case<'a> = (&'a str, &'a [Certificate], &'a str, Tier, &'a [CertificateKind]);
        let table: &[Case] = &[
            ("none at all", &[], "2026-01-01", Tier::None, &[]),
            (
                "before issue",
                std::slice::from_ref(&hte),
                "2023-11-05",
                Tier::None,
                &[],
            ),
            (
                "on issue day",
                std::slice::from_ref(&hte),
                "2023-11-06",
                Tier::HighTechEnterprise,
                &[HighTechEnterprise],
            ),
            (
                "on expiry day",
                std::slice::from_ref(&hte),
                "2026-11-05",
                Tier::HighTechEnterprise,
                &[HighTechEnterprise],
            ),
            (
                "day after expiry",
                std::slice::from_ref(&hte),
                "2026-11-06",
                Tier::None,
                &[],
            ),
            (
                "designation only",
                std::slice::from_ref(&tag),
                "2025-01-01",
                Tier::None,
                &[SpecializedSme],
            ),
            (
                "overlapping, gazelle highest",
                &all,
                "2026-06-30",
                Tier::Gazelle,
                &[TechSme, HighTechEnterprise, SpecializedSme, Gazelle, LittleGiant],
            ),
            (
                "gazelle lapsed, back to HTE",
                &all,
                "2026-07-01",
                Tier::HighTechEnterprise,
                &[TechSme, HighTechEnterprise, SpecializedSme, LittleGiant],
            ),
            (
                "HTE lapsed, tech SME left",
                &all,
                "2026-11-06",
                Tier::TechSme,
                &[TechSme, SpecializedSme, LittleGiant],
            ),
            ("everything lapsed", &all, "2027-01-01", Tier::None, &[]),
            (
                "same kind twice, listed once",
                &[hte.clone(), cert(HighTechEnterprise, "2026-10-20", "2029-10-19")],
                "2026-11-01",
                Tier::HighTechEnterprise,
                &[HighTechEnterprise],
            ),
            (
                "leading enterprise beats the rest",
                &[
                    sme.clone(),
                    cert(LeadingEnterprise, "2026-01-01", "2028-12-31"),
                    cert(UnicornSeed, "2026-01-01", "2026-12-31"),
                ],
                "2026-05-01",
                Tier::LeadingEnterprise,
                &[TechSme, UnicornSeed, LeadingEnterprise],
            ),
        ];
        for (name, certs, d, tier, kinds) in table {
            assert_eq!(tier_on(certs, date(d)), *tier, "{name}");
            assert_eq!(designations_on(certs, date(d)), kinds.to_vec(), "{name}");
        }
    }

    #[test]
    fn expiring_for_reminders() {
        let hte = cert(HighTechEnterprise, "2023-11-06", "2026-11-05");
        let gazelle = cert(Gazelle, "2025-07-01", "2026-06-30");
        let sme = cert(TechSme, "2026-04-01", "2026-12-31");
        let certs = vec![sme.clone(), hte.clone(), gazelle.clone()];

        let numbers = |v: Vec<&Certificate>| v.into_iter().map(|c| c.number.clone()).collect::<Vec<_>>();
        // (case, certificates, date, days ahead, reminders)
        type Case<'a> = (&'a str, &'a [Certificate], &'a str, u32, Vec<&'a Certificate>);
        let table: &[Case] = &[
            ("nothing soon", &certs, "2026-01-01", 90, vec![]),
            ("gazelle at 90 days", &certs, "2026-04-01", 90, vec![&gazelle]),
            ("gazelle one day short", &certs, "2026-03-31", 90, vec![]),
            ("on the expiry day itself", &certs, "2026-06-30", 0, vec![&gazelle]),
            ("day after expiry", &certs, "2026-07-01", 0, vec![]),
            ("soonest first", &certs, "2026-06-01", 365, vec![&gazelle, &hte, &sme]),
            ("none", &[], "2026-06-01", 365, vec![]),
            (
                "renewed HTE is not reminded",
                &[hte.clone(), cert(HighTechEnterprise, "2026-10-20", "2029-10-19")],
                "2026-10-01",
                60,
                vec![],
            ),
        ];
        for (name, certs, d, days, want) in table {
            let got = expiring_within(certs, date(d), *days);
            assert_eq!(numbers(got), numbers(want.clone()), "{name}");
        }
    }
}
