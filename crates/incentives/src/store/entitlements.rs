//! Entitlements as stored: saved once per rule and subject (or per rule and
//! event), listed by scope, and moved through their states one step at a
//! time, each step only from the state it starts from so that two clerks
//! acting at once cannot both succeed. Approving reserves the money in the
//! budgets (see `budgets`), in the same transaction.

use super::budgets::commit_budgets;
use super::regions::city_and_county;
use crate::engine::{Entitlement, Params, Pending};
use crate::rules::{Frequency, Rule};
use crate::workflow::{EntitlementStatus, EntitlementStep};
use chrono::{DateTime, Utc};
use kechuang_credit::standing::Subject as CreditSubject;
use kechuang_credit::store::CreditStore;
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::scope::Scope;
use kechuang_kernel::{Db, Result, StoreError, now, with_db, with_tx};
use serde::Serialize;
use serde_json::json;

/// A stored entitlement with its region.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct EntitlementRow {
    pub id: i64,
    pub event_id: i64,
    pub rule_id: String,
    pub rule_version: i64,
    pub set_id: String,
    pub region_id: i64,
    pub region_name: String,
    pub region_path: String,
    pub subject_code: String,
    pub subject_name: String,
    pub once_key: String,
    pub stacking: String,
    pub year: i64,
    pub status: EntitlementStatus,
    pub amount_fen: i64,
    pub city_fen: i64,
    pub county_fen: i64,
    pub province_fen: i64,
    pub upper_bound: bool,
    pub lower_bound: bool,
    pub years: i64,
    pub derivation: String,
    pub pending_on: String,
    pub params: String,
    pub application_id: Option<i64>,
    pub approved_fen: Option<i64>,
    pub bank_name: String,
    pub bank_account: String,
    pub batch_id: Option<i64>,
    pub payment_ref: String,
    pub note: String,
    pub told_at: Option<DateTime<Utc>>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub approved_at: Option<DateTime<Utc>>,
    pub paid_at: Option<DateTime<Utc>>,
    pub version: i64,
}

impl EntitlementRow {
    /// The amount that is (or would be) paid: the approved figure once
    /// approved, else the computed one.
    pub fn payable_fen(&self) -> i64 {
        self.approved_fen.unwrap_or(self.amount_fen)
    }
}

pub(crate) const SELECT_ENTITLEMENT: &str = "SELECT n.id, n.event_id, n.rule_id, n.rule_version, n.set_id, n.region_id, \
     r.name AS region_name, r.path AS region_path, n.subject_code, n.subject_name, n.once_key, n.stacking, n.year, \
     n.status, n.amount_fen, n.city_fen, n.county_fen, n.province_fen, n.upper_bound, n.lower_bound, n.years, \
     n.derivation, n.pending_on, n.params, n.application_id, n.approved_fen, n.bank_name, n.bank_account, n.batch_id, \
     n.payment_ref, n.note, n.told_at, n.confirmed_at, n.approved_at, n.paid_at, n.version \
     FROM incentive_entitlements n JOIN regions r ON r.id = n.region_id";

/// What one rule found for one event, ready to be saved.
#[derive(Debug, Clone)]
pub enum Finding {
    Entitled(Entitlement),
    Pending(Pending),
}

/// One finding with what it was computed under.
#[derive(Debug, Clone)]
pub struct NewEntitlement {
    pub rule_id: String,
    pub rule_version: u32,
    pub set_id: String,
    pub once: bool,
    pub stacking: String,
    pub finding: Finding,
    pub params: Params,
}

impl NewEntitlement {
    pub fn new(rule: &Rule, set_id: &str, finding: Finding, params: &Params) -> Self {
        let used: Params = params
            .iter()
            .filter(|(k, _)| rule_uses(rule, k))
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        NewEntitlement {
            rule_id: rule.id.clone(),
            rule_version: rule.version,
            set_id: set_id.to_owned(),
            once: rule.frequency == Frequency::Once,
            stacking: rule.stacking.clone().unwrap_or_default(),
            finding,
            params: used,
        }
    }

    /// The key that makes a rule pay a subject once, or once per event (the
    /// event named by its source).
    pub fn once_key(&self, subject_code: &str, source: &str, reference: &str) -> String {
        once_key(self.once, subject_code, source, reference)
    }

    pub(crate) fn amount_fen(&self) -> i64 {
        match &self.finding {
            Finding::Entitled(e) => e.amount_fen,
            Finding::Pending(_) => 0,
        }
    }
}

/// The key that makes a rule pay a subject once (`once`), or once per event.
pub fn once_key(once: bool, subject_code: &str, source: &str, reference: &str) -> String {
    if once {
        subject_code.to_owned()
    } else {
        format!("{subject_code}@{source}:{reference}")
    }
}

fn rule_uses(rule: &Rule, param: &str) -> bool {
    use crate::rules::{Amount, RateSource, YearsSource};
    match &rule.amount {
        Amount::Rate {
            rate: RateSource::Param(p),
            ..
        } => p == param,
        Amount::PerYear {
            years: YearsSource::Param(p),
            ..
        } => p == param,
        _ => false,
    }
}

/// What a list of entitlements shows.
#[derive(Debug, Clone)]
pub struct EntitlementQuery {
    pub scope: Scope,
    pub statuses: Vec<EntitlementStatus>,
    pub set_id: Option<String>,
    pub rule_id: Option<String>,
    pub subject_code: Option<String>,
    pub year: Option<i64>,
    pub batch_id: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

impl EntitlementQuery {
    pub fn new(scope: Scope) -> Self {
        EntitlementQuery {
            scope,
            statuses: Vec::new(),
            set_id: None,
            rule_id: None,
            subject_code: None,
            year: None,
            batch_id: None,
            limit: 50,
            offset: 0,
        }
    }

    fn sql(&self, select: &str) -> (String, Vec<String>, Vec<i64>) {
        let mut texts = vec![format!("{}%", self.scope.as_str())];
        let mut ints = Vec::new();
        let mut wh = vec!["r.path LIKE $1".to_owned()];
        if !self.statuses.is_empty() {
            let list: Vec<String> = self.statuses.iter().map(|s| format!("'{}'", s.as_str())).collect();
            wh.push(format!("n.status IN ({})", list.join(", ")));
        }
        for (col, v) in [
            ("n.set_id", &self.set_id),
            ("n.rule_id", &self.rule_id),
            ("n.subject_code", &self.subject_code),
        ] {
            if let Some(v) = v {
                texts.push(v.clone());
                wh.push(format!("{col} = ${}", texts.len()));
            }
        }
        let n = texts.len();
        for (col, v) in [("n.year", self.year), ("n.batch_id", self.batch_id)] {
            if let Some(v) = v {
                ints.push(v);
                wh.push(format!("{col} = ${}", n + ints.len()));
            }
        }
        (format!("{select} WHERE {}", wh.join(" AND ")), texts, ints)
    }
}

/// Whether `amount` may be approved for `e`: at most a ceiling, at least a
/// floor, exactly a fixed figure.
pub fn check_approved_amount(e: &EntitlementRow, amount: i64) -> std::result::Result<(), String> {
    check_amount(e.amount_fen, e.upper_bound, e.lower_bound, amount)
}

/// Whether `amount` may be approved where the rules computed `computed`,
/// a ceiling (`upper`), a floor (`lower`) or a fixed figure.
pub fn check_amount(computed: i64, upper: bool, lower: bool, amount: i64) -> std::result::Result<(), String> {
    let shown = crate::rules::money::show;
    if amount <= 0 {
        return Err("核准金额应大于0 / the approved amount must be above zero".into());
    }
    if upper && !lower && amount > computed {
        return Err(format!(
            "核准金额不得超过上限{} / at most {}",
            shown(computed),
            shown(computed)
        ));
    }
    if lower && !upper && amount < computed {
        return Err(format!(
            "核准金额不得低于{} / at least {}",
            shown(computed),
            shown(computed)
        ));
    }
    if !upper && !lower && amount != computed {
        return Err(format!(
            "本条为定额{}，核准金额须与之相同 / a fixed sum of {}",
            shown(computed),
            shown(computed)
        ));
    }
    Ok(())
}

/// Splits an approved amount as the computed one was split.
pub fn split_like(e: &EntitlementRow, amount: i64) -> (i64, i64, i64) {
    if amount == e.amount_fen || e.amount_fen == 0 {
        return (e.city_fen, e.county_fen, e.province_fen);
    }
    let part = |x: i64| {
        ((i128::from(x) * i128::from(amount) * 2 + i128::from(e.amount_fen)) / (2 * i128::from(e.amount_fen))) as i64
    };
    let city = part(e.city_fen);
    let county = if e.province_fen == 0 {
        amount - city
    } else {
        part(e.county_fen)
    };
    (city, county, amount - city - county)
}

fn snapshot_of(e: &EntitlementRow) -> serde_json::Value {
    json!({"status": e.status, "amount_fen": e.amount_fen, "approved_fen": e.approved_fen,
           "bank_name": e.bank_name, "bank_account": e.bank_account, "batch_id": e.batch_id,
           "payment_ref": e.payment_ref, "note": e.note})
}

#[easy_ext::ext(EntitlementStore)]
impl Db {
    /// Entitlements found but not told: to tell (again) after a firm opened
    /// an account or its blacklisting was lifted.
    pub async fn untold_entitlements(&self) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = with_db!(self, |p| sqlx::query_as(
            "SELECT id FROM incentive_entitlements WHERE status IN ('found', 'withheld') ORDER BY id"
        )
        .fetch_all(p)
        .await?);
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    pub async fn entitlement(&self, id: i64) -> Result<EntitlementRow> {
        let sql = format!("{SELECT_ENTITLEMENT} WHERE n.id = $1");
        let row: Option<EntitlementRow> = with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or_else(|| StoreError::NotFound {
            entity: "incentive_entitlement",
            id: id.to_string(),
        })
    }

    /// Entitlements in the query's scope, newest first.
    pub async fn entitlements(&self, q: &EntitlementQuery) -> Result<Vec<EntitlementRow>> {
        let (sql, texts, ints) = q.sql(SELECT_ENTITLEMENT);
        let sql = format!(
            "{sql} ORDER BY n.id DESC LIMIT {} OFFSET {}",
            q.limit.clamp(1, 10_000),
            q.offset.max(0)
        );
        Ok(with_db!(self, |p| {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
            for t in &texts {
                query = query.bind(t.clone());
            }
            for i in &ints {
                query = query.bind(*i);
            }
            query.fetch_all(p).await?
        }))
    }

    pub async fn count_entitlements(&self, q: &EntitlementQuery) -> Result<i64> {
        let (sql, texts, ints) =
            q.sql("SELECT COUNT(*) FROM incentive_entitlements n JOIN regions r ON r.id = n.region_id");
        let (n,): (i64,) = with_db!(self, |p| {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
            for t in &texts {
                query = query.bind(t.clone());
            }
            for i in &ints {
                query = query.bind(*i);
            }
            query.fetch_one(p).await?
        });
        Ok(n)
    }

    /// Takes `step` on entitlement `id` if it is still in `from`, setting
    /// the given columns; the entitlement after the step.
    pub async fn step_entitlement(
        &self,
        actor: &Actor,
        id: i64,
        step: EntitlementStep,
        set: &[(&'static str, Value)],
    ) -> Result<EntitlementRow> {
        let before = self.entitlement(id).await?;
        let to = before.status.after(step).ok_or_else(|| {
            StoreError::invalid(
                "status",
                format!(
                    "{}状态的兑现事项不能{} / cannot {} an entitlement that is {}",
                    before.status.label_zh(),
                    step.label_zh(),
                    step.label_en().to_lowercase(),
                    before.status.label_en().to_lowercase()
                ),
            )
        })?;
        let t = now();
        let mut cols = String::new();
        for (i, (c, _)) in set.iter().enumerate() {
            cols.push_str(&format!(", {c} = ${}", i + 5));
        }
        let sql = format!(
            "UPDATE incentive_entitlements SET status = $1, updated_at = $2, version = version + 1{cols} \
             WHERE id = $3 AND status = $4"
        );
        with_tx!(self, |tx| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(to)
                .bind(t)
                .bind(id)
                .bind(before.status);
            for (_, v) in set {
                q = match v {
                    Value::Text(s) => q.bind(s.clone()),
                    Value::Int(i) => q.bind(*i),
                    Value::OptInt(i) => q.bind(*i),
                    Value::Now => q.bind(t),
                };
            }
            if q.execute(&mut *tx).await?.rows_affected() != 1 {
                return Err(StoreError::Conflict {
                    entity: "incentive_entitlement",
                    current: before.version + 1,
                    submitted: before.version,
                });
            }
            let mut after = snapshot_of(&before);
            after["status"] = json!(to);
            for (c, v) in set {
                after[*c] = v.json();
            }
            tx.audit(
                actor,
                Change::new(
                    step.as_str(),
                    "incentive_entitlement",
                    id,
                    Some(&before.region_path),
                    Some(snapshot_of(&before)),
                    Some(after),
                ),
            )
            .await?;
            Ok(())
        })?;
        self.entitlement(id).await
    }

    /// Marks an entitlement told (its firm was sent the notice).
    pub async fn mark_told(&self, actor: &Actor, id: i64) -> Result<EntitlementRow> {
        self.step_entitlement(actor, id, EntitlementStep::Tell, &[("told_at", Value::Now)])
            .await
    }

    /// Holds an entitlement back from its blacklisted subject.
    pub async fn withhold(&self, actor: &Actor, id: i64, reason: &str) -> Result<EntitlementRow> {
        self.step_entitlement(
            actor,
            id,
            EntitlementStep::Withhold,
            &[("note", Value::Text(reason.to_owned()))],
        )
        .await
    }

    /// The firm confirms an entitlement and the account it is paid to.
    pub async fn confirm_entitlement(
        &self,
        actor: &Actor,
        id: i64,
        bank_name: &str,
        bank_account: &str,
    ) -> Result<EntitlementRow> {
        let e = self.entitlement(id).await?;
        let bank_name = bank_name.trim();
        let account: String = bank_account
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if bank_name.is_empty() {
            return Err(StoreError::invalid("bank_name", "须填写开户银行 / give the bank"));
        }
        if account.len() < 8 || account.len() > 32 || !account.chars().all(|c| c.is_ascii_digit()) {
            return Err(StoreError::invalid(
                "bank_account",
                "银行账号应为8到32位数字 / an account number is 8 to 32 digits",
            ));
        }
        self.refuse_blacklisted(&e).await?;
        self.step_entitlement(
            actor,
            id,
            EntitlementStep::Confirm,
            &[
                ("bank_name", Value::Text(bank_name.to_owned())),
                ("bank_account", Value::Text(account)),
                ("confirmed_at", Value::Now),
            ],
        )
        .await
    }

    /// The firm declines an entitlement.
    pub async fn decline_entitlement(&self, actor: &Actor, id: i64, reason: &str) -> Result<EntitlementRow> {
        self.step_entitlement(
            actor,
            id,
            EntitlementStep::Decline,
            &[("note", Value::Text(reason.trim().to_owned()))],
        )
        .await
    }

    /// Staff refuse an entitlement, with the reason.
    pub async fn refuse_entitlement(&self, actor: &Actor, id: i64, reason: &str) -> Result<EntitlementRow> {
        if reason.trim().chars().count() < 4 {
            return Err(StoreError::invalid("reason", "须写明不予兑现的理由 / give the reason"));
        }
        self.step_entitlement(
            actor,
            id,
            EntitlementStep::Refuse,
            &[("note", Value::Text(reason.trim().to_owned()))],
        )
        .await
    }

    /// Errors when the entitlement's subject is blacklisted today.
    pub async fn refuse_blacklisted(&self, e: &EntitlementRow) -> Result<()> {
        self.refuse_blacklisted_subject(&e.subject_code, &e.subject_name).await
    }

    /// Errors when the subject (by credit code or name) is blacklisted
    /// today: the one check every path of incentives asks (telling,
    /// applying, confirming, approving).
    pub async fn refuse_blacklisted_subject(&self, code: &str, name: &str) -> Result<()> {
        let subject = CreditSubject {
            code: code.to_owned(),
            names: vec![name.to_owned()],
        };
        if let Some(hit) = self.blacklist_hit(&subject, kechuang_kernel::clock::today()).await? {
            return Err(StoreError::invalid(
                "subject",
                format!(
                    "{name}在失信黑名单中（{}），不能申报或兑现 / the subject is blacklisted ({})",
                    hit.document_no, hit.reason
                ),
            ));
        }
        Ok(())
    }

    /// Approves entitlement `id` for `amount` (the computed figure when
    /// none), paid from budget line `line` of its rule: reserves the city's and the county's parts in their budgets
    /// and moves it to approved, in one transaction, only from confirmed.
    /// Twenty clerks approving at once approve it once; a budget is never
    /// committed past its amount.
    pub async fn approve_entitlement(
        &self,
        actor: &Actor,
        id: i64,
        amount: Option<i64>,
        line: &str,
    ) -> Result<EntitlementRow> {
        let e = self.entitlement(id).await?;
        if e.status.after(EntitlementStep::Approve).is_none() {
            return Err(StoreError::invalid(
                "status",
                format!(
                    "{}状态的兑现事项不能核准 / only a confirmed entitlement is approved",
                    e.status.label_zh()
                ),
            ));
        }
        let amount = amount.unwrap_or(e.amount_fen);
        check_approved_amount(&e, amount).map_err(|m| StoreError::invalid("amount", m))?;
        self.refuse_blacklisted(&e).await?;
        let (city_fen, county_fen, _) = split_like(&e, amount);
        let (city, county) = city_and_county(self, &e.region_path).await?;
        if line.is_empty() {
            return Err(StoreError::invalid(
                "budget_line",
                "本条未指定预算科目 / the rule names no budget line",
            ));
        }
        let t = now();
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE incentive_entitlements SET status = 'approved', approved_fen = $1, approved_at = $2, \
                 updated_at = $2, version = version + 1 WHERE id = $3 AND status = 'confirmed'",
            )
            .bind(amount)
            .bind(t)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n != 1 {
                return Err(StoreError::Conflict {
                    entity: "incentive_entitlement",
                    current: e.version + 1,
                    submitted: e.version,
                });
            }
            let parts = [(city, city_fen), (county, county_fen)];
            commit_budgets!(tx, id, &e.set_id, line, e.year, &parts, t);
            tx.audit(
                actor,
                Change::new(
                    "approve",
                    "incentive_entitlement",
                    id,
                    Some(&e.region_path),
                    Some(snapshot_of(&e)),
                    Some(json!({"status": "approved", "approved_fen": amount, "city_fen": city_fen, "county_fen": county_fen})),
                ),
            )
            .await?;
            Ok(())
        })?;
        self.entitlement(id).await
    }
}

/// A value a step sets in a column.
#[derive(Debug, Clone)]
pub enum Value {
    Text(String),
    Int(i64),
    OptInt(Option<i64>),
    /// The time of the step.
    Now,
}

impl Value {
    fn json(&self) -> serde_json::Value {
        match self {
            Value::Text(s) => json!(s),
            Value::Int(i) => json!(i),
            Value::OptInt(i) => json!(i),
            Value::Now => json!(now()),
        }
    }
}
