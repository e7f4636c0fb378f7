//! The test server with the registry and cultivation capabilities, and the
//! registry's fixture.

#![allow(dead_code, async_fn_in_trait)]

pub use kechuang_registry::testing::RegistryFixture;
pub use kechuang_shell::testing::*;

/// A server of the registry and cultivation over a fresh database.
pub async fn app(backend: &str) -> TestApp {
    TestApp::spawn(
        backend,
        &[&kechuang_registry::CAPABILITY, &kechuang_cultivation::CAPABILITY],
    )
    .await
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
    kechuang_kernel::testing::TestDb::with(backend, kechuang_cultivation::schema::SCHEMAS).await
}
