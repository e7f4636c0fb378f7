//! Lists pushed to banks (推送银行): each enterprise's consent, given or
//! withdrawn by the enterprise itself; the certificate kinds the bureau
//! shares; and the list a bank sees: consenting firms holding a shared
//! certificate valid on the day asked.

use chrono::{DateTime, Utc};
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::scope::Scope;
use serde::Serialize;

use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Db, Result, StoreError, now};
use kechuang_registry::store::Enterprise;

/// The setting that holds the shared certificate kinds (a JSON array).
pub const SHARED_KINDS_KEY: &str = "bank_shared_kinds";

/// A firm on the bank list, with the shared certificates it holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BankListed {
    pub credit_code: String,
    pub name: String,
    pub region_name: String,
    pub industry_name: String,
    /// (kind, number, expires_on) of every shared certificate held.
    pub certificates: Vec<(String, String, String)>,
}

#[derive(sqlx::FromRow)]
struct Row {
    enterprise_id: i64,
    credit_code: String,
    name: String,
    region_name: String,
    industry_name: String,
    kind: String,
    number: String,
    expires_on: String,
}

/// An enterprise's consent as stored.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct BankConsent {
    pub consented: bool,
    pub decided_by: String,
    pub updated_at: DateTime<Utc>,
}

#[easy_ext::ext(BankStore)]
impl Db {
    /// The consent of one enterprise, if it ever decided.
    pub async fn bank_consent(&self, enterprise_id: i64) -> Result<Option<BankConsent>> {
        with_db!(self, |p| Ok(sqlx::query_as(
            "SELECT consented, decided_by, updated_at FROM bank_consents WHERE enterprise_id = $1"
        )
        .bind(enterprise_id)
        .fetch_optional(p)
        .await?))
    }

    /// Gives or withdraws `enterprise`'s consent (audited). Only the
    /// enterprise's own users may decide, which the caller checks; here the
    /// record must lie in the actor's scope.
    pub async fn set_bank_consent(&self, actor: &Actor, enterprise: &Enterprise, consented: bool) -> Result<()> {
        let region = RegionPath::from_stored(enterprise.region_path.clone());
        if !actor.principal.covers(&region) {
            return Err(StoreError::Forbidden);
        }
        let before = self.bank_consent(enterprise.id).await?.map(|c| c.consented);
        let t = now();
        with_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO bank_consents (enterprise_id, consented, decided_by, created_at, updated_at, version) \
                 VALUES ($1, $2, $3, $4, $4, 1) ON CONFLICT (enterprise_id) DO UPDATE SET \
                 consented = excluded.consented, decided_by = excluded.decided_by, \
                 updated_at = excluded.updated_at, version = bank_consents.version + 1",
            )
            .bind(enterprise.id)
            .bind(consented)
            .bind(actor.principal.username.clone())
            .bind(t)
            .execute(&mut *tx)
            .await?;
            let after = serde_json::json!({ "consented": consented });
            let change = match before {
                None => Change::create("bank_consent", &enterprise.credit_code, Some(region.as_str()), after),
                Some(b) => Change::update(
                    "bank_consent",
                    &enterprise.credit_code,
                    Some(region.as_str()),
                    serde_json::json!({ "consented": b }),
                    after,
                ),
            };
            tx.audit(actor, change).await?;
            Ok(())
        })
    }

    /// The certificate kinds the bureau shares with banks.
    pub async fn bank_shared_kinds(&self) -> Result<Vec<String>> {
        Ok(self
            .setting(SHARED_KINDS_KEY)
            .await?
            .and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default())
    }

    /// Sets the shared kinds (audited, in one transaction with the change).
    pub async fn set_bank_shared_kinds(&self, actor: &Actor, kinds: &[String]) -> Result<()> {
        let before = self.bank_shared_kinds().await?;
        let value = serde_json::to_string(kinds).unwrap_or_else(|_| "[]".into());
        let scope = actor.principal.scope.as_ref().map(|s| s.as_str().to_owned());
        let t = now();
        with_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            )
            .bind(SHARED_KINDS_KEY)
            .bind(value.clone())
            .bind(t)
            .execute(&mut *tx)
            .await?;
            tx.audit(
                actor,
                Change::update(
                    "setting",
                    SHARED_KINDS_KEY,
                    scope.as_deref(),
                    serde_json::json!(before),
                    serde_json::json!(kinds),
                ),
            )
            .await?;
            Ok(())
        })
    }

    /// Consenting firms in `scope` holding a certificate of one of `kinds`
    /// valid on `on` (ISO date), in name order.
    pub async fn bank_list(&self, scope: &Scope, kinds: &[String], on: &str) -> Result<Vec<BankListed>> {
        if kinds.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (0..kinds.len()).map(|i| format!("${}", i + 3)).collect();
        let sql = format!(
            "SELECT e.id AS enterprise_id, e.credit_code, e.name, r.name AS region_name, e.industry_name, c.kind, \
             c.number, c.expires_on \
             FROM bank_consents b JOIN enterprises e ON e.id = b.enterprise_id JOIN regions r ON r.id = e.region_id \
             JOIN certificates c ON c.enterprise_id = e.id \
             WHERE b.consented AND e.merged_into IS NULL AND r.path LIKE $1 AND c.issued_on <= $2 \
             AND c.expires_on >= $2 AND c.kind IN ({}) ORDER BY e.name_norm, e.id, c.kind",
            marks.join(",")
        );
        let rows: Vec<Row> = with_db!(self, |p| {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(scope.like_pattern())
                .bind(on.to_owned());
            for k in kinds {
                q = q.bind(k.clone());
            }
            q.fetch_all(p).await?
        });
        let mut out: Vec<BankListed> = Vec::new();
        let mut last = None;
        for r in rows {
            if last != Some(r.enterprise_id) {
                out.push(BankListed {
                    credit_code: r.credit_code,
                    name: r.name,
                    region_name: r.region_name,
                    industry_name: r.industry_name,
                    certificates: Vec::new(),
                });
                last = Some(r.enterprise_id);
            }
            if let Some(l) = out.last_mut() {
                l.certificates.push((r.kind, r.number, r.expires_on));
            }
        }
        Ok(out)
    }
}
