//! The test server with the plans capability, and its fixture.

#![allow(dead_code, async_fn_in_trait)]

pub use kechuang_plans::testing::PlanFixture;
pub use kechuang_shell::testing::*;

/// A server of plans and supervision over a fresh database.
pub async fn app(backend: &str) -> TestApp {
    TestApp::spawn(backend, &[&kechuang_plans::CAPABILITY]).await
}

/// The plan fixture of a running test server.
pub trait Fixtures {
    async fn plan_fixture(&self) -> PlanFixture;
}

impl Fixtures for TestApp {
    async fn plan_fixture(&self) -> PlanFixture {
        kechuang_plans::testing::fixture(&self.db, self.regions.city, self.regions.county).await
    }
}

/// A fresh database of `backend` with the schemas this capability needs.
pub async fn db(backend: &str) -> kechuang_kernel::testing::TestDb {
    kechuang_kernel::testing::TestDb::with(backend, kechuang_plans::schema::SCHEMAS).await
}
