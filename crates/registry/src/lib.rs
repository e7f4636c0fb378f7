//! The registry of innovation actors (创新主体库): enterprises keyed by the
//! unified social credit code with their certificates and yearly facts,
//! platforms, experts, institutions, agencies and investors.
//!
//! Pure rules (no IO, no clock: the caller passes the date):
//! * [`certificate`] names the certificates an enterprise can hold (科技型中小企业,
//!   高新技术企业, 专精特新, 瞪羚 …) and checks one certificate's dates;
//! * [`tier`] derives an enterprise's tier on a date from its valid
//!   certificates (never stored, so it cannot go stale);
//! * [`facts`] checks the yearly figures an enterprise reports;
//! * [`names`] and [`duplicates`] find the same firm registered twice;
//! * [`platform`] and [`expert`] hold coded vocabularies;
//! * [`spec`], [`vocab`], [`enterprise`], [`record`], [`value`]: what each kind
//!   of record holds and how a sheet row or a form is validated into it (the
//!   same rules and messages for both); [`mod@check`] checks a whole sheet.
//!
//! With IO: [`store`] (the registry's tables on the kernel's `Db`, as
//! extension traits), [`stream`] and [`run`] (importing a file in one pass),
//! [`export`], and [`web`] (pages and API, and [`CAPABILITY`] for the shell).

#![allow(async_fn_in_trait)]

#[macro_use]
extern crate kechuang_kernel;

pub mod access;
pub mod certificate;
pub mod check;
pub mod cli;
pub mod demo;
pub mod duplicates;
pub mod enterprise;
pub mod expert;
pub mod export;
pub mod facts;
pub mod names;
pub mod platform;
pub mod record;
pub mod regions;
pub mod run;
pub mod schema;
pub mod spec;
pub mod store;
pub mod stream;
#[cfg(feature = "testing")]
pub mod testing;
pub mod tier;
pub mod value;
pub mod vocab;
pub mod web;

pub use certificate::{Certificate, CertificateKind, MAX_VALIDITY_YEARS, Validity};
pub use duplicates::{DuplicatePair, NamedFirm, duplicate_pairs};
pub use expert::ExpertRegion;
pub use facts::{FieldError, YearFacts};
pub use names::{LIKELY_SAME, core_name, normalize_name, similarity};
pub use platform::{Level, PlatformKind, PlatformStatus};
pub use tier::{Tier, designations_on, expiring_within, tier_on};

pub use check::{Checked, ImportKind, Rows, check};
pub use record::FieldIssue;
pub use regions::RegionIndex;
pub use spec::{KindSpec, RECORD_KINDS, kind_spec};
pub use stream::{ImportFileError, Imported, import_file};
pub use web::CAPABILITY;

/// Why a registry value is rejected. Messages are Chinese first, then English,
/// and name the field concerned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    /// A code or label that is not in the vocabulary of its field.
    #[error(transparent)]
    UnknownCode(#[from] kechuang_kernel::vocab::UnknownCode),
    /// A required text field is empty.
    #[error("{field}：不能为空 / {field}: must not be empty")]
    Empty { field: &'static str },
    /// The expiry date is on or before the issue date.
    #[error(
        "expires_on：有效期截止日{expires_on}应晚于发证日期{issued_on} / expires_on: {expires_on} must be after issued_on {issued_on}"
    )]
    ExpiryNotAfterIssue {
        issued_on: chrono::NaiveDate,
        expires_on: chrono::NaiveDate,
    },
    /// The validity period is longer than any certificate runs.
    #[error(
        "expires_on：有效期截止日{expires_on}距发证日期{issued_on}超过{max_years}年 / expires_on: {expires_on} is more than {max_years} years after issued_on {issued_on}"
    )]
    ValidityTooLong {
        issued_on: chrono::NaiveDate,
        expires_on: chrono::NaiveDate,
        max_years: u32,
    },
}
