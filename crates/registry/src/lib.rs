//! The registry of innovation actors (创新主体库) beyond storage: what each
//! kind of record holds ([`spec`], [`vocab`]), how a sheet row or a form is
//! validated into it ([`enterprise`], [`record`], [`value`]), checking a
//! whole sheet ([`mod@check`]), importing a file in one pass ([`stream`]),
//! running imports against the store ([`run`]) and exports of any list
//! ([`export`]).
//!
//! Validation is pure and shared: a sheet cell and a form input of the same
//! field follow the same rules and give the same Chinese-first messages.

pub mod access;
pub mod check;
pub mod enterprise;
pub mod export;
pub mod record;
pub mod regions;
pub mod run;
pub mod spec;
pub mod stream;
pub mod value;
pub mod vocab;

pub use check::{Checked, ImportKind, Rows, check};
pub use record::FieldIssue;
pub use regions::RegionIndex;
pub use spec::{KindSpec, RECORD_KINDS, kind_spec};
pub use stream::{ImportFileError, Imported, import_file};
