//! Incentives storage on the kernel's `Db`, one extension trait per part:
//! what a city set up ([`setup`]), events ([`events`]), what the rules found
//! ([`findings`]), entitlements and their steps ([`entitlements`]), budgets
//! ([`budgets`]), payment batches and claw-backs ([`batches`]),
//! applications ([`applications`]), the funnel ([`funnel`]) and the
//! registry as the nightly run reads it ([`registry`]).

pub mod applications;
pub mod backup;
pub mod batches;
pub mod budgets;
pub mod entitlements;
pub mod events;
pub mod findings;
pub mod funnel;
pub mod regions;
pub mod registry;
pub mod setup;

/// Every storage trait of incentives.
pub mod prelude {
    pub use super::applications::ApplicationStore;
    pub use super::batches::BatchStore;
    pub use super::budgets::BudgetStore;
    pub use super::entitlements::EntitlementStore;
    pub use super::events::EventStore;
    pub use super::findings::FindingStore;
    pub use super::funnel::FunnelStore;
    pub use super::registry::RegistryReader;
    pub use super::setup::SetupStore;
    pub use kechuang_credit::store::CreditStore;
}
