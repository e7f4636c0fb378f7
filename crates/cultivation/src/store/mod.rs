//! Cultivation's storage on the kernel's `Db`: the pipeline's yearly
//! figures of a scope, reserve pools and clinic answers, bank consents and
//! the list banks see, commissioners and their visits.

pub mod backup;
pub mod bank;
pub mod commissioners;
pub mod pipeline;
pub mod pools;

/// Cultivation's storage traits and the registry's it builds on.
pub mod prelude {
    pub use super::bank::BankStore;
    pub use super::commissioners::CommissionerStore;
    pub use super::pipeline::PipelineStore;
    pub use super::pools::PoolStore;
    pub use kechuang_registry::store::prelude::*;
}
