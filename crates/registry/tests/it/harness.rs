//! The test server with the registry capability, and its fixture.

#![allow(dead_code, async_fn_in_trait)]

pub use kechuang_registry::testing::RegistryFixture;
pub use kechuang_shell::testing::*;

/// A server of the registry over a fresh database of `backend`.
pub async fn app(backend: &str) -> TestApp {
    TestApp::spawn(backend, &[&kechuang_registry::CAPABILITY]).await
}

/// The registry fixture of a running test server.
pub trait Fixtures {
    async fn registry_fixture(&self) -> RegistryFixture;
}

impl Fixtures for TestApp {
    async fn registry_fixture(&self) -> RegistryFixture {
        kechuang_registry::testing::fixture(&self.db, self.regions.county).await
    }
}

/// A fresh database of `backend` with the schemas this capability needs.
pub async fn db(backend: &str) -> kechuang_kernel::testing::TestDb {
    kechuang_kernel::testing::TestDb::with(backend, kechuang_registry::schema::SCHEMAS).await
}
