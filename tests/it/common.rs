//! Test harness: a real kechuang server on a random port over a fresh
//! database (SQLite file or PostgreSQL schema), with helpers to create
//! regions, accounts, sessions and tokens.

#![allow(dead_code, async_fn_in_trait)]

pub use kechuang_shell::testing::*;

/// A server of every capability over a fresh database.
pub async fn app(backend: &str) -> TestApp {
    TestApp::spawn(backend, kechuang::CAPABILITIES).await
}

pub use kechuang_plans::testing::PlanFixture;

pub use kechuang_registry::testing::RegistryFixture;

/// Fixtures the route tests need.
pub trait Fixtures {
    async fn plan_fixture(&self) -> PlanFixture;
    async fn registry_fixture(&self) -> RegistryFixture;
}

impl Fixtures for TestApp {
    /// A published plan of the city (廊坊市) built from a short document.
    async fn plan_fixture(&self) -> PlanFixture {
        kechuang_plans::testing::fixture(&self.db, self.regions.city, self.regions.county).await
    }

    async fn registry_fixture(&self) -> RegistryFixture {
        kechuang_registry::testing::fixture(&self.db, self.regions.county).await
    }
}
