//! What the tests share: a database with this capability's schemas.

/// A fresh database of `backend` with the schemas this capability needs.
pub async fn db(backend: &str) -> kechuang_kernel::testing::TestDb {
    kechuang_kernel::testing::TestDb::with(backend, kechuang_credit::schema::SCHEMAS).await
}
