//! What incentives start with the application: the service (the rule sets,
//! checked, their versions recorded) and two background tasks. Every few
//! minutes the registry's certificates and platforms are compared with what
//! was last seen, and when they changed the rules run over the registry, so
//! a certificate recorded by a form or an import is found within minutes;
//! every night at one o'clock (China time) one instance (the one that claims
//! the day) runs them whatever changed, for parameters set and blacklists
//! lifted.

use crate::service::{Incentives, RunReport};
use futures_util::future::BoxFuture;
use kechuang_kernel::Db;
use kechuang_kernel::audit::Actor;
use kechuang_shell::{StartCtx, Started};
use std::sync::Arc;
use std::time::Duration;

/// The folder of a bureau's own rule sets in the data directory.
pub const RULES_DIR: &str = "rules";
/// Where the last run's report is kept.
pub const LAST_RUN: &str = "incentives.last_run";
/// How often the registry is checked for changes.
const POLL: Duration = Duration::from_secs(300);

pub fn start(ctx: StartCtx) -> BoxFuture<'static, anyhow::Result<Started>> {
    Box::pin(async move {
        let extra = ctx.config.data_dir.as_ref().map(|d| d.join(RULES_DIR));
        let service = Incentives::load(extra.as_deref()).map_err(|e| anyhow::anyhow!("incentive rules: {e}"))?;
        ctx.db
            .record_rule_versions(service.sets())
            .await
            .map_err(|e| anyhow::anyhow!("incentive rules: {e}"))?;
        let service = Arc::new(service);
        let mut started = Started::default();
        started.services.insert(service.clone());
        started.tasks.push(Box::pin(poll(ctx.db.clone(), service.clone())));
        started.tasks.push(Box::pin(nightly(ctx.db, service)));
        Ok(started)
    })
}

use crate::store::setup::SetupStore;

/// Runs the rules over the registry and keeps the report.
pub async fn run_and_keep(db: &Db, service: &Incentives, actor: &Actor) -> kechuang_kernel::Result<RunReport> {
    let started = kechuang_kernel::now();
    let report = service.run_all(db, actor).await?;
    let kept = serde_json::json!({"at": kechuang_kernel::clock::china_time_text(started),
        "by": actor.principal.username, "report": report});
    db.set_setting(LAST_RUN, &kept.to_string()).await?;
    Ok(report)
}

async fn registry_mark(db: &Db) -> kechuang_kernel::Result<String> {
    use kechuang_kernel::with_db;
    let (a, b, c, d): (i64, Option<String>, i64, Option<String>) = with_db!(db, |p| sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM certificates WHERE kind = 'high_tech_enterprise'), \
         (SELECT CAST(MAX(updated_at) AS TEXT) FROM certificates WHERE kind = 'high_tech_enterprise'), \
         (SELECT COUNT(*) FROM registry_records WHERE kind = 'platform'), \
         (SELECT CAST(MAX(updated_at) AS TEXT) FROM registry_records WHERE kind = 'platform')"
    )
    .fetch_one(p)
    .await?);
    Ok(format!("{a}/{}/{c}/{}", b.unwrap_or_default(), d.unwrap_or_default()))
}

async fn poll(db: Db, service: Arc<Incentives>) {
    let mut seen = String::new();
    let mut tick = tokio::time::interval(POLL);
    loop {
        tick.tick().await;
        match registry_mark(&db).await {
            Ok(mark) if mark != seen => {
                if !seen.is_empty()
                    && let Err(e) = run_and_keep(&db, &service, &Actor::system()).await
                {
                    tracing::warn!(error = %e, "running the incentive rules failed");
                    continue;
                }
                seen = mark;
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "reading the registry for incentives failed"),
        }
    }
}

async fn nightly(db: Db, service: Arc<Incentives>) {
    loop {
        let now = kechuang_kernel::now().with_timezone(&kechuang_kernel::clock::china());
        let next = (now.date_naive() + chrono::Days::new(1))
            .and_hms_opt(1, 0, 0)
            .and_then(|t| t.and_local_timezone(kechuang_kernel::clock::china()).single());
        let wait = next
            .map(|n| (n - now).to_std().unwrap_or(Duration::from_secs(60)))
            .unwrap_or(Duration::from_secs(3600));
        tokio::time::sleep(wait).await;
        let day = kechuang_kernel::clock::today();
        match db.claim_setting(&format!("incentives.nightly.{day}"), "claimed").await {
            Ok(true) => {
                if let Err(e) = run_and_keep(&db, &service, &Actor::system()).await {
                    tracing::warn!(error = %e, "the nightly incentive run failed");
                }
            }
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "claiming the nightly incentive run failed"),
        }
    }
}
