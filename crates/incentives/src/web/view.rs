//! How incentives are shown on a page, in the page's language: amounts,
//! a rule's amount and conditions in words, statuses, and the checks every
//! handler shares (the viewer's firm, the scope a record must lie in).

use crate::rules::money::{show, show_rate};
use crate::rules::{Amount, Condition, Expected, RateSource, Rule, RuleSet, YearsSource};
use crate::service::Incentives;
use kechuang_kernel::vocab::{Coded, Lang};
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use minijinja::{Value, context};
use std::sync::Arc;

/// The incentives service.
pub fn service(state: &AppState) -> Result<Arc<Incentives>, AppError> {
    state.service::<Incentives>()
}

/// An amount in the page's language: 万元 in Chinese, yuan with
/// separators in English.
pub fn money(lang: Lang, fen: i64) -> String {
    match lang {
        Lang::Zh => show(fen),
        Lang::En => {
            let yuan = fen / 100;
            let cents = (fen % 100).abs();
            let digits = yuan.abs().to_string();
            let mut grouped = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            let sign = if fen < 0 { "-" } else { "" };
            if cents == 0 {
                format!("CNY {sign}{grouped}")
            } else {
                format!("CNY {sign}{grouped}.{cents:02}")
            }
        }
    }
}

/// A coded value's label in the page's language.
pub fn label<T: Coded>(lang: Lang, v: T) -> &'static str {
    v.label(lang)
}

/// What a rule pays, in words.
pub fn amount_text(lang: Lang, rule: &Rule) -> String {
    let zh = lang == Lang::Zh;
    let mut out = match &rule.amount {
        Amount::Fixed(f) => money(lang, *f),
        Amount::UpTo(f) => {
            if zh {
                format!("最高{}", money(lang, *f))
            } else {
                format!("up to {}", money(lang, *f))
            }
        }
        Amount::AtLeast(f) => {
            if zh {
                format!("不低于{}", money(lang, *f))
            } else {
                format!("at least {}", money(lang, *f))
            }
        }
        Amount::Tiers { fact, values } => values
            .iter()
            .map(|(k, v)| format!("{}: {}", code_label(lang, rule, fact, k), money(lang, *v)))
            .collect::<Vec<_>>()
            .join(if zh { "；" } else { "; " }),
        Amount::Rate {
            base,
            deduct,
            rate,
            at_most,
        } => {
            let r = match rate {
                RateSource::Fixed(r) => show_rate(*r),
                RateSource::Param(p) => {
                    if zh {
                        format!("比例（参数 {p}）")
                    } else {
                        format!("a rate (parameter {p})")
                    }
                }
            };
            let less = if deduct.is_empty() {
                String::new()
            } else if zh {
                format!(
                    "（扣除{}）",
                    deduct
                        .iter()
                        .map(|d| fact_label(lang, rule, d))
                        .collect::<Vec<_>>()
                        .join("、")
                )
            } else {
                format!(
                    " less {}",
                    deduct
                        .iter()
                        .map(|d| fact_label(lang, rule, d))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            match (zh, at_most) {
                (true, true) => format!("不超过{}{less}的{r}", fact_label(lang, rule, base)),
                (true, false) => format!("{}{less}的{r}", fact_label(lang, rule, base)),
                (false, true) => format!("at most {r} of {}{less}", fact_label(lang, rule, base)),
                (false, false) => format!("{r} of {}{less}", fact_label(lang, rule, base)),
            }
        }
        Amount::Interest { share, .. } => {
            if zh {
                format!("按贷款基准利率的{}贴息", show_rate(*share))
            } else {
                format!("interest subsidy at {} of the benchmark rate", show_rate(*share))
            }
        }
        Amount::PerYear { amount, years } => {
            let y = match years {
                YearsSource::Fixed(y) => y.to_string(),
                YearsSource::Param(p) => {
                    if zh {
                        format!("（参数 {p}）")
                    } else {
                        format!("(parameter {p})")
                    }
                }
            };
            if zh {
                format!("{}/年，{y}年", money(lang, *amount))
            } else {
                format!("{} a year for {y} years", money(lang, *amount))
            }
        }
        Amount::Matching { fact, ratio } => {
            if zh {
                format!("{}的{}", fact_label(lang, rule, fact), show_rate(*ratio))
            } else {
                format!("{} of {}", show_rate(*ratio), fact_label(lang, rule, fact))
            }
        }
    };
    if let Some(cap) = rule.cap {
        out.push_str(&if zh {
            format!("，最高{}", money(lang, cap))
        } else {
            format!(", at most {}", money(lang, cap))
        });
    }
    if let Some(floor) = rule.floor {
        out.push_str(&if zh {
            format!("，不低于{}", money(lang, floor))
        } else {
            format!(", at least {}", money(lang, floor))
        });
    }
    out
}

/// A fact's name in the page's language.
pub fn fact_label(lang: Lang, rule: &Rule, fact: &str) -> String {
    match (lang, rule.event.fact(fact)) {
        (Lang::Zh, Some(f)) => f.zh.to_owned(),
        _ => fact.replace('_', " "),
    }
}

/// A coded fact value in the page's language.
pub fn code_label(lang: Lang, rule: &Rule, fact: &str, code: &str) -> String {
    crate::rules::event::code_label(rule.event, fact, code, lang)
}

/// A condition as the policy says it (Chinese) or as a comparison
/// (English).
pub fn condition_text(lang: Lang, rule: &Rule, c: &Condition) -> String {
    if lang == Lang::Zh {
        return c.label.clone();
    }
    let v = match &c.expected {
        Expected::Fen(f) => money(lang, *f),
        Expected::Number(n) => n.normalize().to_string(),
        Expected::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        Expected::Code(s) => code_label(lang, rule, &c.fact, s),
        Expected::Codes(l) => l
            .iter()
            .map(|s| code_label(lang, rule, &c.fact, s))
            .collect::<Vec<_>>()
            .join(" or "),
    };
    format!("{} {} {v}", fact_label(lang, rule, &c.fact), c.op.symbol())
}

/// A rule for a template.
pub fn rule_view(lang: Lang, set: &RuleSet, rule: &Rule) -> Value {
    let stem = rule.id.rsplit('/').next().unwrap_or_default().to_owned();
    context! {
        id => rule.id, set => set.id, stem => stem, title => rule.title, clause => rule.clause,
        text => rule.text, cited => format!("{} {}", set.short, rule.clause),
        event => label(lang, rule.event), amount => amount_text(lang, rule),
        beneficiary => label(lang, rule.beneficiary), frequency => label(lang, rule.frequency),
        conditions => rule.conditions.iter().map(|c| condition_text(lang, rule, c)).collect::<Vec<_>>(),
        funders => rule.shares.iter().map(|(f, s)| format!("{} {}", label(lang, *f), show_rate(*s))).collect::<Vec<_>>(),
        budget_line => set.budget_lines.iter().find(|b| b.name == rule.budget_line).map(|b| b.label.clone()).unwrap_or_default(),
        without_application => rule.without_application, draft => rule.draft,
        stacking => rule.stacking, version => rule.version,
        period => format!("{} – {}", rule.effective_from, rule.effective_to),
    }
}

/// The firm of the viewer (an enterprise or institution account).
pub fn own_code(ctx: &Ctx) -> Result<String, AppError> {
    ctx.principal
        .enterprise_code
        .clone()
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            AppError::invalid(
                "enterprise_code",
                "账户未关联单位 / the account is not linked to a firm",
            )
        })
}

/// Whether a record kept under `path` lies in the viewer's scope.
pub fn in_scope(ctx: &Ctx, path: &str) -> Result<(), AppError> {
    let scope = kechuang_shell::ui::scope_of(ctx)?;
    if path.starts_with(scope.as_str()) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// An event's facts as (name, value) pairs in the page's language: money
/// in 万元 or yuan, yes/no, coded values by their labels.
pub fn facts_view(lang: Lang, event: &crate::rules::event::Event) -> Vec<(String, String)> {
    use crate::rules::event::FactValue;
    event
        .kind
        .facts()
        .iter()
        .filter_map(|spec| {
            let v = event.fact(spec.name)?;
            let name = if lang == Lang::Zh {
                spec.zh.to_owned()
            } else {
                spec.name.replace('_', " ")
            };
            let shown = match v {
                Ok(FactValue::Fen(f)) => money(lang, f),
                Ok(FactValue::Number(n)) => n.normalize().to_string(),
                Ok(FactValue::Bool(b)) => match (lang, b) {
                    (Lang::Zh, true) => "是".into(),
                    (Lang::Zh, false) => "否".into(),
                    (Lang::En, true) => "yes".into(),
                    (Lang::En, false) => "no".into(),
                },
                Ok(FactValue::Code(c)) => crate::rules::event::code_label(event.kind, spec.name, &c, lang),
                Err(e) => e,
            };
            Some((name, shown))
        })
        .collect()
}
