//! The figures incentives computes for plan targets: money paid under the
//! policies, so a target such as "兑现奖补资金5000万元" is judged on what
//! finance actually paid rather than on a typed-in report.

use crate::store::funnel::FunnelStore;
use chrono::NaiveDate;
use futures_util::future::BoxFuture;
use kechuang_kernel::{Db, Result};
use kechuang_shell::Metric;

/// Fen in one 万元.
const FEN_PER_WAN: f64 = 1_000_000.0;

/// The metrics of this capability.
pub static METRICS: [Metric; 1] = [Metric {
    key: "incentives.paid",
    label: "metric.incentives_paid",
    definition: "metric.incentives_paid_def",
    unit: "万元",
    compute: paid,
}];

fn paid<'a>(db: &'a Db, path: &'a str, from: NaiveDate, to: NaiveDate) -> BoxFuture<'a, Result<Option<f64>>> {
    Box::pin(async move { Ok(Some(db.paid_between(path, from, to).await? as f64 / FEN_PER_WAN)) })
}
