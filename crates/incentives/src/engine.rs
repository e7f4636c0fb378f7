//! The engine (pure): given rules, an event and the bureau's parameters,
//! what the subject is entitled to. For each rule triggered by the event's
//! kind: every condition is met, not met or unknown (a fact the event does
//! not give); when all are met, the amount is worked out in fen with the one
//! rounding rule (half up, once, at the end), bounded by the rule's cap and
//! floor, split between the funders to the fen, and written out as a
//! derivation a clerk can read and check by hand.

use crate::rules::event::{Event, FactValue};
use crate::rules::money::{round_fen, show, show_rate};
use crate::rules::{Amount, Condition, Expected, Funder, Op, RateSource, Rule, YearsSource};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use std::collections::BTreeMap;

/// Values the bureau set for the parameters rules name.
pub type Params = BTreeMap<String, Decimal>;

/// An amount a subject is entitled to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entitlement {
    pub rule: String,
    pub rule_version: u32,
    /// The total over all years.
    pub amount_fen: i64,
    pub city_fen: i64,
    pub county_fen: i64,
    pub province_fen: i64,
    /// The figure is a ceiling the amount paid may fall under, decided on
    /// review: "最高……" as the amount itself (`up_to`) or a rate "不超过……"
    /// (`at_most`). A computed figure bounded by a cap is exact (the cap is
    /// in the derivation).
    pub upper_bound: bool,
    /// The figure is a floor the amount paid may exceed ("不低于……",
    /// `at_least`).
    pub lower_bound: bool,
    pub derivation: String,
    /// Years the amount is paid over (1 for a one-off).
    pub years: u32,
}

/// A rule that would pay, but needs a figure the bureau has not set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pending {
    pub rule: String,
    pub parameter: String,
    pub reason: String,
}

/// A rule that does not pay, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Refusal {
    pub rule: String,
    pub reason: String,
}

/// Everything an event gives rise to.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Outcome {
    pub entitlements: Vec<Entitlement>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<Pending>,
    pub refused: Vec<Refusal>,
}

/// How one condition stands for an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Met,
    NotMet,
    /// The event does not give the fact.
    Unknown,
}

/// One condition with its verdict, for the policy calculator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checked {
    pub label: String,
    pub verdict: Verdict,
    /// What the event gave, as read.
    pub given: String,
}

/// One rule against one event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub rule: String,
    pub conditions: Vec<Checked>,
    pub result: RuleResult,
}

/// What one rule gives for one event.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum RuleResult {
    Entitled(Entitlement),
    Pending(Pending),
    Refused(Refusal),
    /// Conditions the data cannot decide: the subject may apply.
    Unknown(Refusal),
}

fn shown(v: &FactValue) -> String {
    match v {
        FactValue::Fen(f) => show(*f),
        FactValue::Number(n) => n.normalize().to_string(),
        FactValue::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        FactValue::Code(c) => c.clone(),
    }
}

fn check(cond: &Condition, event: &Event) -> Checked {
    let given = event.fact(&cond.fact);
    let verdict = match &given {
        None | Some(Err(_)) => Verdict::Unknown,
        Some(Ok(v)) => {
            let ord = match (v, &cond.expected) {
                (FactValue::Fen(a), Expected::Fen(b)) => Some(a.cmp(b)),
                (FactValue::Number(a), Expected::Number(b)) => Some(a.cmp(b)),
                (FactValue::Bool(a), Expected::Bool(b)) => Some(a.cmp(b)),
                (FactValue::Code(a), Expected::Code(b)) => Some(a.as_str().cmp(b.as_str())),
                _ => None,
            };
            let met = match (cond.op, ord, v, &cond.expected) {
                (Op::In, _, FactValue::Code(a), Expected::Codes(list)) => list.contains(a),
                (Op::Eq, Some(o), ..) => o.is_eq(),
                (Op::Ne, Some(o), ..) => o.is_ne(),
                (Op::Gt, Some(o), ..) => o.is_gt(),
                (Op::Ge, Some(o), ..) => o.is_ge(),
                (Op::Lt, Some(o), ..) => o.is_lt(),
                (Op::Le, Some(o), ..) => o.is_le(),
                _ => false,
            };
            if met { Verdict::Met } else { Verdict::NotMet }
        }
    };
    Checked {
        label: cond.label.clone(),
        verdict,
        given: match given {
            Some(Ok(v)) => shown(&v),
            Some(Err(e)) => e,
            None => String::new(),
        },
    }
}

fn fen_of(event: &Event, fact: &str) -> Result<i64, String> {
    match event.fact(fact) {
        Some(Ok(FactValue::Fen(f))) => Ok(f),
        _ => Err(fact.to_owned()),
    }
}

fn number_of(event: &Event, fact: &str) -> Result<Decimal, String> {
    match event.fact(fact) {
        Some(Ok(FactValue::Number(n))) => Ok(n),
        _ => Err(fact.to_owned()),
    }
}

/// What an amount works out to before cap and floor.
enum Worked {
    /// fen, the derivation so far, years, whether the figure is a ceiling or
    /// a floor by its nature.
    Sum(i64, String, u32, bool, bool),
    NeedsParam(String),
    MissingFact(String),
    /// Not payable for this event (no tier).
    NotPayable(String),
}

fn work(rule: &Rule, event: &Event, params: &Params) -> Worked {
    let missing = Worked::MissingFact;
    match &rule.amount {
        Amount::Fixed(f) => Worked::Sum(*f, show(*f), 1, false, false),
        Amount::UpTo(f) => Worked::Sum(*f, format!("最高{}", show(*f)), 1, true, false),
        Amount::AtLeast(f) => Worked::Sum(*f, format!("不低于{}", show(*f)), 1, false, true),
        Amount::Tiers { fact, values } => match event.fact(fact) {
            Some(Ok(FactValue::Code(code))) => match values.iter().find(|(k, _)| *k == code) {
                Some((_, f)) => Worked::Sum(*f, format!("{code}：{}", show(*f)), 1, false, false),
                None => Worked::NotPayable(format!("“{code}”档次本条不予支持 / no amount for tier {code}")),
            },
            _ => missing(fact.clone()),
        },
        Amount::Rate {
            base,
            deduct,
            rate,
            at_most,
        } => {
            let b = match fen_of(event, base) {
                Ok(b) => b,
                Err(f) => return missing(f),
            };
            let mut less = 0i64;
            let mut expr = show(b);
            for d in deduct {
                match fen_of(event, d) {
                    Ok(x) => {
                        less += x;
                        expr = format!("({expr} − {})", show(x));
                    }
                    Err(f) => return missing(f),
                }
            }
            let r = match rate {
                RateSource::Fixed(r) => *r,
                RateSource::Param(p) => match params.get(p) {
                    Some(r) => *r,
                    None => return Worked::NeedsParam(p.clone()),
                },
            };
            let net = (b - less).max(0);
            let fen = round_fen(Decimal::from(net) * r).unwrap_or(i64::MAX);
            let shown_rate = if *at_most {
                format!("不超过{}", show_rate(r))
            } else {
                show_rate(r)
            };
            Worked::Sum(
                fen,
                format!("{expr} × {shown_rate} = {}", show(fen)),
                1,
                *at_most,
                false,
            )
        }
        Amount::Interest {
            principal,
            rate_pct,
            share,
            days,
        } => {
            let (p, pct, d) = match (
                fen_of(event, principal),
                number_of(event, rate_pct),
                number_of(event, days),
            ) {
                (Ok(p), Ok(pct), Ok(d)) => (p, pct, d),
                (Err(f), ..) | (_, Err(f), _) | (.., Err(f)) => return missing(f),
            };
            let exact = Decimal::from(p) * pct / Decimal::from(100) * *share * d / Decimal::from(365);
            let fen = round_fen(exact).unwrap_or(i64::MAX);
            Worked::Sum(
                fen,
                format!(
                    "{} × {}% × {}/365 × {} = {}",
                    show(p),
                    pct.normalize(),
                    d.normalize(),
                    show_rate(*share),
                    show(fen)
                ),
                1,
                false,
                false,
            )
        }
        Amount::PerYear { amount, years } => {
            let y = match years {
                YearsSource::Fixed(y) => *y,
                YearsSource::Param(p) => match params.get(p).filter(|v| v.fract().is_zero()).and_then(|v| v.to_u32()) {
                    Some(y) if y > 0 => y,
                    _ => return Worked::NeedsParam(p.clone()),
                },
            };
            let fen = amount.saturating_mul(i64::from(y));
            Worked::Sum(
                fen,
                format!("{}/年 × {y}年 = {}", show(*amount), show(fen)),
                y,
                false,
                false,
            )
        }
        Amount::Matching { fact, ratio } => match fen_of(event, fact) {
            Ok(base) => {
                let fen = round_fen(Decimal::from(base) * *ratio).unwrap_or(i64::MAX);
                Worked::Sum(
                    fen,
                    format!("{} × {} = {}", show(base), show_rate(*ratio), show(fen)),
                    1,
                    false,
                    false,
                )
            }
            Err(f) => missing(f),
        },
    }
}

/// Splits `total` between the funders by their shares, to the fen: each
/// funder gets the difference of the running totals rounded half up, so the
/// parts are never negative and add up to the total exactly.
pub fn split(total: i64, shares: &[(Funder, Decimal)]) -> BTreeMap<Funder, i64> {
    let mut out = BTreeMap::new();
    let mut cumulative = Decimal::ZERO;
    let mut given = 0i64;
    for (i, (funder, share)) in shares.iter().enumerate() {
        cumulative += *share;
        let upto = if i + 1 == shares.len() {
            total
        } else {
            round_fen(Decimal::from(total) * cumulative).unwrap_or(total).min(total)
        };
        *out.entry(*funder).or_insert(0) += upto - given;
        given = upto;
    }
    out
}

/// One rule against one event.
pub fn evaluate(rule: &Rule, event: &Event, params: &Params) -> Evaluation {
    let conditions: Vec<Checked> = rule.conditions.iter().map(|c| check(c, event)).collect();
    let cite = format!("{} {}", rule.cited_as, rule.clause);
    let refuse = |reason: String| Refusal {
        rule: rule.id.clone(),
        reason,
    };
    let result = if event.kind != rule.event {
        RuleResult::Refused(refuse(format!(
            "本条适用于“{}”，不适用于“{}” / applies to {}, not {}",
            rule.event.label_zh(),
            event.kind.label_zh(),
            rule.event,
            event.kind
        )))
    } else if event.date < rule.effective_from || event.date > rule.effective_to {
        RuleResult::Refused(refuse(format!(
            "{} 不在本条施行期 {} 至 {} 内 / not in force on {}",
            event.date, rule.effective_from, rule.effective_to, event.date
        )))
    } else if let Some(c) = conditions.iter().find(|c| c.verdict == Verdict::NotMet) {
        RuleResult::Refused(refuse(format!(
            "不符合“{}”（实为 {}） / condition not met: {} (given {})",
            c.label, c.given, c.label, c.given
        )))
    } else if let Some(c) = conditions.iter().find(|c| c.verdict == Verdict::Unknown) {
        RuleResult::Unknown(refuse(format!(
            "无法判断“{}”：缺少相关数据 / cannot tell whether {}: the fact is missing",
            c.label, c.label
        )))
    } else {
        match work(rule, event, params) {
            Worked::MissingFact(f) => RuleResult::Unknown(refuse(format!(
                "缺少计算所需的 {f} / the fact {f} needed for the amount is missing"
            ))),
            Worked::NotPayable(reason) => RuleResult::Refused(refuse(reason)),
            Worked::NeedsParam(p) => RuleResult::Pending(Pending {
                rule: rule.id.clone(),
                parameter: p.clone(),
                reason: format!(
                    "原文未定比例或年限，待科技局设定参数“{p}”后计算 / the text leaves {p} to the bureau, which has not set it"
                ),
            }),
            Worked::Sum(fen, _, _, _, _) if fen <= 0 && rule.floor.is_none() => {
                RuleResult::Refused(refuse("按本条计算金额为零 / the amount works out to zero".to_owned()))
            }
            Worked::Sum(fen, mut derivation, years, upper, lower) => {
                let mut amount = fen;
                if let Some(cap) = rule.cap {
                    if amount > cap {
                        derivation = format!("{derivation}，超过上限{}，按上限{}", show(cap), show(cap));
                        amount = cap;
                    } else if !matches!(rule.amount, Amount::UpTo(_)) {
                        derivation = format!("{derivation}，不超过上限{}", show(cap));
                    }
                }
                if let Some(floor) = rule.floor {
                    if amount < floor {
                        derivation = format!("{derivation}，低于下限{}，按下限{}", show(floor), show(floor));
                        amount = floor;
                    }
                }
                let parts = split(amount, &rule.shares);
                let part = |f: Funder| parts.get(&f).copied().unwrap_or(0);
                if rule.shares.len() > 1 {
                    let shares: Vec<String> = rule
                        .shares
                        .iter()
                        .map(|(f, s)| format!("{}{} {}", f.label_zh(), show_rate(*s), show(part(*f))))
                        .collect();
                    derivation = format!("{derivation}（{}）", shares.join("、"));
                }
                RuleResult::Entitled(Entitlement {
                    rule: rule.id.clone(),
                    rule_version: rule.version,
                    amount_fen: amount,
                    city_fen: part(Funder::City),
                    county_fen: part(Funder::County),
                    province_fen: part(Funder::Province),
                    upper_bound: upper,
                    lower_bound: lower,
                    derivation: format!("{derivation} · {cite}"),
                    years,
                })
            }
        }
    };
    Evaluation {
        rule: rule.id.clone(),
        conditions,
        result,
    }
}

/// Everything `event` gives rise to under `rules`: each rule triggered by
/// the event's kind pays, waits for a parameter, or is refused with the
/// reason; of rules in one stacking group only the highest pays (从高不重复).
pub fn compute<'a>(rules: impl IntoIterator<Item = &'a Rule>, event: &Event, params: &Params) -> Outcome {
    let mut out = Outcome::default();
    let mut groups: BTreeMap<String, Vec<(usize, i64)>> = BTreeMap::new();
    for rule in rules.into_iter().filter(|r| r.event == event.kind) {
        match evaluate(rule, event, params).result {
            RuleResult::Entitled(e) => {
                if let Some(g) = &rule.stacking {
                    groups
                        .entry(g.clone())
                        .or_default()
                        .push((out.entitlements.len(), e.amount_fen));
                }
                out.entitlements.push(e);
            }
            RuleResult::Pending(p) => out.pending.push(p),
            RuleResult::Refused(r) | RuleResult::Unknown(r) => out.refused.push(r),
        }
    }
    let mut dropped = Vec::new();
    for (group, members) in groups {
        let Some(&(best, _)) = members.iter().max_by_key(|(i, fen)| (*fen, std::cmp::Reverse(*i))) else {
            continue;
        };
        for &(i, _) in &members {
            if i != best {
                dropped.push((i, group.clone(), out.entitlements[best].rule.clone()));
            }
        }
    }
    dropped.sort_by_key(|d| std::cmp::Reverse(d.0));
    for (i, group, kept) in dropped {
        let e = out.entitlements.remove(i);
        out.refused.push(Refusal {
            rule: e.rule,
            reason: format!(
                "从高不重复（{group}）：已按较高的“{kept}”计算 / the higher award of group {group}, {kept}, applies instead"
            ),
        });
    }
    out
}
