//! The test server with the market and the capabilities it builds on.

#![allow(dead_code)]

pub use kechuang_shell::testing::*;

/// A server of the registry, credit files, the market and the system pages
/// (the inbox) over a fresh database.
pub async fn app(backend: &str) -> TestApp {
    TestApp::spawn(
        backend,
        &[
            &kechuang_registry::CAPABILITY,
            &kechuang_credit::CAPABILITY,
            &kechuang_market::CAPABILITY,
            &kechuang_system::CAPABILITY,
        ],
    )
    .await
}

/// A fresh database of `backend` with the schemas this capability needs.
pub async fn db(backend: &str) -> kechuang_kernel::testing::TestDb {
    kechuang_kernel::testing::TestDb::with(backend, kechuang_market::schema::SCHEMAS).await
}
