//! Certificates (资质证书 / 认定) an enterprise can hold, and the rules on their dates.
//!
//! A certificate is valid from its issue date through its expiry date, both
//! days included. How long a certificate runs depends on its kind:
//!
//! | kind | validity | basis |
//! |---|---|---|
//! | `tech_sme` 科技型中小企业 | through 31 December of the evaluation year | evaluated yearly (科技型中小企业评价办法) |
//! | `high_tech_enterprise` 高新技术企业 | 3 years from the issue date | 高新技术企业认定管理办法 |
//! | `specialized_sme` 专精特新中小企业 | 3 years | default; follows the provincial rules |
//! | `gazelle` 瞪羚企业 | 1 year | default; follows local rules (usually re-assessed yearly) |
//! | `unicorn_seed` 独角兽种子企业 | 1 year | default; follows local rules (usually re-assessed yearly) |
//! | `leading_enterprise` 科技领军企业 | 3 years | default; follows local rules |
//! | `little_giant` 科技小巨人 | 3 years | default; follows local rules |
//!
//! The defaults only propose an expiry date when a certificate is entered; the
//! date printed on the certificate is what is stored and what counts.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::RegistryError;

/// No certificate runs longer than this many years; a longer period is a typing error.
pub const MAX_VALIDITY_YEARS: u32 = 6;

kechuang_kernel::coded_enum! {
    /// The kind of a certificate, in the order of the cultivation pipeline, with
    /// the two designations (`specialized_sme`, `little_giant`) after it.
    pub enum CertificateKind: "certificate_kind" {
        TechSme => "tech_sme", "科技型中小企业", "Tech-based SME", "科技型企业", "科小";
        HighTechEnterprise => "high_tech_enterprise", "高新技术企业", "High-tech enterprise", "高企", "hte", "国家高新技术企业";
        SpecializedSme => "specialized_sme", "专精特新中小企业", "Specialised and innovative SME", "专精特新企业", "专精特新";
        Gazelle => "gazelle", "瞪羚企业", "Gazelle enterprise", "瞪羚";
        UnicornSeed => "unicorn_seed", "独角兽种子企业", "Unicorn seed", "独角兽种子";
        LeadingEnterprise => "leading_enterprise", "科技领军企业", "Leading tech enterprise", "领军企业";
        LittleGiant => "little_giant", "科技小巨人", "Little giant", "科技小巨人企业", "小巨人";
    }
}

/// How long a certificate runs by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    /// Valid through 31 December of the year it was issued (evaluated yearly).
    ThroughYearEnd,
    /// Valid for this many whole years from the issue date: issued on
    /// 2023-11-06 with 3 years, it is valid through 2026-11-05.
    Years(u32),
}

impl Validity {
    /// The last valid day of a certificate issued on `issued_on`.
    pub fn expiry_from(self, issued_on: NaiveDate) -> NaiveDate {
        match self {
            Self::ThroughYearEnd => NaiveDate::from_ymd_opt(issued_on.year(), 12, 31).unwrap_or(issued_on),
            // Count from the day before so that a certificate issued on 29 February
            // runs through 28 February, like one issued on 1 March.
            Self::Years(n) => issued_on
                .pred_opt()
                .and_then(|d| d.checked_add_months(Months::new(n.saturating_mul(12))))
                .unwrap_or(NaiveDate::MAX),
        }
    }
}

impl CertificateKind {
    /// The default validity of this kind (see the module table). Kinds other
    /// than `tech_sme` and `high_tech_enterprise` follow local rules; these
    /// defaults are what most provinces and cities use.
    pub fn default_validity(self) -> Validity {
        match self {
            Self::TechSme => Validity::ThroughYearEnd,
            Self::HighTechEnterprise => Validity::Years(3),
            Self::SpecializedSme => Validity::Years(3),
            Self::Gazelle => Validity::Years(1),
            Self::UnicornSeed => Validity::Years(1),
            Self::LeadingEnterprise => Validity::Years(3),
            Self::LittleGiant => Validity::Years(3),
        }
    }

    /// The default expiry date of a certificate of this kind issued on `issued_on`.
    pub fn default_expiry(self, issued_on: NaiveDate) -> NaiveDate {
        self.default_validity().expiry_from(issued_on)
    }
}

/// One certificate held by an enterprise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub kind: CertificateKind,
    /// The certificate or registration number (证书编号 / 入库登记编号).
    pub number: String,
    pub issued_on: NaiveDate,
    /// The last day the certificate is valid.
    pub expires_on: NaiveDate,
}

impl Certificate {
    /// Checks the number is not blank, the expiry date is after the issue
    /// date, and the period is at most [`MAX_VALIDITY_YEARS`] years.
    pub fn validate(&self) -> Result<(), RegistryError> {
        if self.number.trim().is_empty() {
            return Err(RegistryError::Empty { field: "number" });
        }
        if self.expires_on <= self.issued_on {
            return Err(RegistryError::ExpiryNotAfterIssue {
                issued_on: self.issued_on,
                expires_on: self.expires_on,
            });
        }
        let limit = self
            .issued_on
            .checked_add_months(Months::new(MAX_VALIDITY_YEARS * 12))
            .unwrap_or(NaiveDate::MAX);
        if self.expires_on > limit {
            return Err(RegistryError::ValidityTooLong {
                issued_on: self.issued_on,
                expires_on: self.expires_on,
                max_years: MAX_VALIDITY_YEARS,
            });
        }
        Ok(())
    }

    /// Whether the certificate is valid on `d`: from the issue date through the
    /// expiry date, both included.
    pub fn is_valid_on(&self, d: NaiveDate) -> bool {
        self.issued_on <= d && d <= self.expires_on
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn cert(kind: CertificateKind, issued: &str, expires: &str) -> Certificate {
        Certificate {
            kind,
            number: "GR202313000123".to_owned(),
            issued_on: date(issued),
            expires_on: date(expires),
        }
    }

    #[test]
    fn codes_and_labels() {
        use CertificateKind::*;
        let table = [
            (TechSme, "tech_sme", "科技型中小企业"),
            (HighTechEnterprise, "high_tech_enterprise", "高新技术企业"),
            (SpecializedSme, "specialized_sme", "专精特新中小企业"),
            (Gazelle, "gazelle", "瞪羚企业"),
            (UnicornSeed, "unicorn_seed", "独角兽种子企业"),
            (LeadingEnterprise, "leading_enterprise", "科技领军企业"),
            (LittleGiant, "little_giant", "科技小巨人"),
        ];
        assert_eq!(table.len(), CertificateKind::ALL.len());
        for (kind, code, zh) in table {
            assert_eq!(kind.as_str(), code);
            assert_eq!(kind.label_zh(), zh);
            assert_eq!(CertificateKind::parse(code), Ok(kind));
            assert_eq!(CertificateKind::parse(zh), Ok(kind));
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{code}\""));
            assert_eq!(kind.to_string(), code);
        }
    }

    #[test]
    fn parse_accepts_aliases_and_rejects_unknown() {
        use CertificateKind::*;
        let table: &[(&str, Option<CertificateKind>)] = &[
            ("高企", Some(HighTechEnterprise)),
            ("  高新技术企业 ", Some(HighTechEnterprise)),
            ("HTE", Some(HighTechEnterprise)),
            ("High_Tech_Enterprise", Some(HighTechEnterprise)),
            ("专精特新", Some(SpecializedSme)),
            ("瞪羚", Some(Gazelle)),
            ("小巨人", Some(LittleGiant)),
            ("独角兽企业", None),
            ("", None),
            ("tech sme", None),
        ];
        for (input, want) in table {
            match want {
                Some(kind) => assert_eq!(CertificateKind::parse(input), Ok(*kind), "{input}"),
                None => {
                    let err = CertificateKind::parse(input).unwrap_err();
                    assert!(err.to_string().starts_with("certificate_kind：无法识别"), "{err}");
                }
            }
        }
    }

    #[test]
    fn default_expiry() {
        use CertificateKind::*;
        let table = [
            (TechSme, "2024-05-20", "2024-12-31"),
            (TechSme, "2024-12-31", "2024-12-31"),
            (HighTechEnterprise, "2023-11-06", "2026-11-05"),
            (HighTechEnterprise, "2024-02-29", "2027-02-28"),
            (HighTechEnterprise, "2024-03-01", "2027-02-28"),
            (SpecializedSme, "2022-01-01", "2024-12-31"),
            (Gazelle, "2024-07-01", "2025-06-30"),
            (UnicornSeed, "2024-07-01", "2025-06-30"),
            (LeadingEnterprise, "2024-07-01", "2027-06-30"),
            (LittleGiant, "2024-07-01", "2027-06-30"),
        ];
        for (kind, issued, want) in table {
            assert_eq!(kind.default_expiry(date(issued)), date(want), "{kind} issued {issued}");
        }
        for &kind in CertificateKind::ALL {
            let issued = date("2024-06-15");
            let c = Certificate {
                kind,
                number: "X-1".to_owned(),
                issued_on: issued,
                expires_on: kind.default_expiry(issued),
            };
            assert_eq!(c.validate(), Ok(()), "{kind}");
        }
    }

    #[test]
    fn validate() {
        use CertificateKind::HighTechEnterprise as H;
        let ok = cert(H, "2023-11-06", "2026-11-05");
        assert_eq!(ok.validate(), Ok(()));

        let blank = Certificate {
            number: "  ".to_owned(),
            ..ok.clone()
        };
        assert_eq!(blank.validate(), Err(RegistryError::Empty { field: "number" }));

        let table: &[(&str, &str, bool)] = &[
            ("2023-11-06", "2023-11-07", true),
            ("2023-11-06", "2023-11-06", false),
            ("2023-11-06", "2023-11-05", false),
            ("2023-11-06", "2029-11-06", true),
            ("2023-11-06", "2029-11-07", false),
            ("2024-02-29", "2030-02-28", true),
            ("2024-02-29", "2030-03-01", false),
        ];
        for (issued, expires, valid) in table {
            let c = cert(H, issued, expires);
            assert_eq!(
                c.validate().is_ok(),
                *valid,
                "{issued} .. {expires}: {:?}",
                c.validate()
            );
        }
        let err = cert(H, "2023-11-06", "2023-11-06").validate().unwrap_err();
        assert!(err.to_string().starts_with("expires_on："), "{err}");
        let err = cert(H, "2023-11-06", "2035-01-01").validate().unwrap_err();
        assert!(matches!(err, RegistryError::ValidityTooLong { max_years: 6, .. }));
    }

    #[test]
    fn valid_on_includes_both_ends() {
        let c = cert(CertificateKind::Gazelle, "2024-07-01", "2025-06-30");
        let table = [
            ("2024-06-30", false),
            ("2024-07-01", true),
            ("2025-01-01", true),
            ("2025-06-30", true),
            ("2025-07-01", false),
        ];
        for (d, want) in table {
            assert_eq!(c.is_valid_on(date(d)), want, "{d}");
        }
    }

    #[test]
    fn serde_round_trip() {
        let c = cert(CertificateKind::TechSme, "2024-05-20", "2024-12-31");
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["kind"], "tech_sme");
        assert_eq!(json["issued_on"], "2024-05-20");
        let back: Certificate = serde_json::from_value(json).unwrap();
        assert_eq!(back, c);
        assert_eq!(serde_json::to_string(&Validity::Years(3)).unwrap(), r#"{"years":3}"#);
    }
}
