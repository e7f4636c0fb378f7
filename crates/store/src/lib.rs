//! Storage of the capabilities on the kernel's `Db`: each module adds its
//! queries as extension traits (`use kechuang_store::prelude::*`).

#![allow(async_fn_in_trait)]

#[macro_use]
extern crate kechuang_kernel;

pub mod imports;
pub mod market;
pub mod plans;
pub mod records;
pub mod registry;

pub mod prelude {
    //! The storage extension traits of every capability, for `use kechuang_store::prelude::*`.
    pub use crate::imports::ImportRunStore;
    pub use crate::market::achievements::AchievementStore;
    pub use crate::market::bids::BidStore;
    pub use crate::market::challenges::ChallengeStore;
    pub use crate::market::changes::MarketChangeStore;
    pub use crate::market::contracts::ContractStore;
    pub use crate::market::demands::DemandStore;
    pub use crate::market::inbox::InboxStore;
    pub use crate::market::pushes::PushStore;
    pub use crate::plans::PlanStore;
    pub use crate::plans::assessments::AssessmentStore;
    pub use crate::plans::items::{IncentiveStore, TargetStore, TaskStore};
    pub use crate::plans::progress::ProgressStore;
    pub use crate::records::RecordStore;
    pub use crate::records::import::RecordImportStore;
    pub use crate::registry::EnterpriseStore;
    pub use crate::registry::bank::BankStore;
    pub use crate::registry::bulk::EnterpriseImportStore;
    pub use crate::registry::certificates::CertificateStore;
    pub use crate::registry::commissioners::CommissionerStore;
    pub use crate::registry::facts::FactStore;
    pub use crate::registry::merge::MergeStore;
    pub use crate::registry::pipeline::PipelineStore;
    pub use crate::registry::pools::PoolStore;
    pub use crate::registry::proposals::ProposalStore;
    pub use kechuang_credit::store::CreditStore;

    pub(crate) use crate::market::reimport::ReimportStoreCrate;
    pub(crate) use crate::plans::PlanStoreCrate;
    pub(crate) use crate::registry::bulk::EnterpriseImportStoreCrate;
}
