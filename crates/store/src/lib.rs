//! Storage of the capabilities on the kernel's `Db`: each module adds its
//! queries as extension traits (`use kechuang_store::prelude::*`).

#![allow(async_fn_in_trait)]

#[macro_use]
extern crate kechuang_kernel;

pub mod market;

pub mod prelude {
    //! The storage extension traits of every capability, for `use kechuang_store::prelude::*`.
    pub use crate::market::achievements::AchievementStore;
    pub use crate::market::bids::BidStore;
    pub use crate::market::challenges::ChallengeStore;
    pub use crate::market::changes::MarketChangeStore;
    pub use crate::market::contracts::ContractStore;
    pub use crate::market::demands::DemandStore;
    pub use crate::market::inbox::InboxStore;
    pub use crate::market::pushes::PushStore;
    pub use kechuang_credit::store::CreditStore;
    pub use kechuang_registry::store::prelude::*;

    pub(crate) use crate::market::reimport::ReimportStoreCrate;
}
