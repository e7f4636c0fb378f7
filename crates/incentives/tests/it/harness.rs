//! What the tests share: the shipped rules, events to run them on, and a
//! database with this capability's schemas.

use chrono::NaiveDate;
use kechuang_incentives::engine::{Outcome, Params, compute};
use kechuang_incentives::rules::event::{Event, EventKind, Subject};
use kechuang_incentives::rules::{RuleSet, money::parse_rate};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The shipped rule sets, read once.
pub fn sets() -> &'static [RuleSet] {
    static SETS: OnceLock<Vec<RuleSet>> = OnceLock::new();
    SETS.get_or_init(|| kechuang_incentives::shipped::sets().expect("the shipped sets load"))
}

pub fn set(id: &str) -> &'static RuleSet {
    sets().iter().find(|s| s.id == id).expect("a shipped set")
}

pub fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

/// An event of `kind` on `date` with the given facts.
pub fn event(kind: EventKind, date: &str, facts: &[(&str, Value)]) -> Event {
    Event {
        kind,
        date: day(date),
        subject: Subject {
            credit_code: "91211100MA0Y000017".into(),
            county: "双台子区".into(),
            name: "盘锦甲科技有限公司".into(),
        },
        facts: facts
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
    }
}

/// Parameters from (name, value) pairs ("10%" or a number of years).
pub fn params(pairs: &[(&str, &str)]) -> Params {
    pairs
        .iter()
        .map(|(k, v)| {
            let value = if v.ends_with('%') {
                parse_rate(v).unwrap()
            } else {
                v.parse().unwrap()
            };
            ((*k).to_owned(), value)
        })
        .collect()
}

/// What `event` gives under the rules of set `id` alone.
pub fn under(id: &str, event: &Event, params: &Params) -> Outcome {
    compute(&set(id).rules, event, params)
}

/// The amount rule `rule` gives for `event` (none when it does not pay).
pub fn amount(outcome: &Outcome, rule: &str) -> Option<i64> {
    outcome
        .entitlements
        .iter()
        .find(|e| e.rule == rule)
        .map(|e| e.amount_fen)
}

/// Fen in `wan` 万元.
pub const fn wan(w: i64) -> i64 {
    w * 10_000 * 100
}

/// A fresh database of `backend` with the schemas incentives need.
pub async fn db(backend: &str) -> kechuang_kernel::testing::TestDb {
    kechuang_kernel::testing::TestDb::with(backend, kechuang_incentives::schema::SCHEMAS).await
}

/// An enterprise account of firm `code` in `region`; its id.
pub async fn firm_user(db: &kechuang_kernel::Db, username: &str, region: i64, code: &str) -> i64 {
    use kechuang_kernel::user::{DisplayName, Username};
    use kechuang_kernel::users::NewUser;
    db.create_user(
        &kechuang_kernel::audit::Actor::system(),
        NewUser {
            username: Username::parse(username).unwrap(),
            display_name: DisplayName::parse("企业用户").unwrap(),
            password_hash: "x".into(),
            role: kechuang_kernel::role::Role::EnterpriseUser,
            region_id: region,
            enterprise_code: Some(code.into()),
            institution_id: None,
            unit: None,
            must_change_password: false,
        },
    )
    .await
    .unwrap()
    .id
}
