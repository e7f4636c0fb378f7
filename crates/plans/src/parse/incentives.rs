//! Incentives: awards, subsidies and grants with a beneficiary condition (对…的),
//! a fixed amount, a cap (最高不超过), a rate (按…50%予以贴息) and a city/county cost
//! share (市级、县级分别负担50%). Money is reported in integer yuan.

use crate::parse::headings::Outline;
use crate::parse::model::{CostShare, Incentive};
use crate::parse::normalize::Dual;
use crate::parse::numerals::money_to_yuan;
use crate::parse::quantity::{Quantity, UnitClass, find_quantities};
use crate::parse::tasks::split_title;
use regex::Regex;
use std::sync::OnceLock;

macro_rules! static_re {
    ($name:ident, $pat:expr) => {
        fn $name() -> &'static Regex {
            static RE: OnceLock<Regex> = OnceLock::new();
            RE.get_or_init(|| Regex::new($pat).unwrap_or_else(|e| unreachable!("static regex: {e}")))
        }
    };
}

static_re!(grant_verb_re, r"给予|予以|获得|奖励|奖补|补贴|补助|资助|贴息|扶持");
static_re!(give_re, r"给予|予以|贴息");
static_re!(cap_word_re, r"最高|不超过|不高于|封顶|上限");
static_re!(
    share_same_re,
    r"市(?:级)?(?:财政)?、县(?:级|\(市、区\)|\(区\)|区)?(?:财政)?分别(?:负担|承担|分担)(\d+(?:\.\d+)?)%"
);
static_re!(
    share_pair_re,
    r"市(?:级)?(?:财政)?(?:负担|承担)(\d+(?:\.\d+)?)%[,、;]?\s*县(?:级|\(市、区\)|区)?(?:财政)?(?:负担|承担)(\d+(?:\.\d+)?)%"
);
static_re!(
    share_ratio_re,
    r"市(?:级)?、县(?:级|\(市、区\)|区)?按(?:照)?(\d+):(\d+)(?:的)?比例(?:分担|负担|承担)"
);

/// Markers after which the beneficiary condition ends.
const BENEFICIARY_CUTS: &[&str] = &[
    ",按照",
    "按照",
    ",按",
    ",由",
    ",经",
    ",依据",
    ",采取",
    ",根据",
    ",在",
    "一次性",
    ",分别",
    "分别",
];
const BENEFICIARY_TRAILING: &[&str] = &["由市财政", "市财政", "市级", "县级", ",", " "];
const LEADING_NOISE: &[&str] = &["由市财政", "市财政", "一次性", "分别", "争取", "积极", "并", "再"];

fn cost_share(norm: &str) -> Option<(CostShare, std::ops::Range<usize>)> {
    if let Some(c) = share_same_re().captures(norm) {
        let v: f64 = c.get(1)?.as_str().parse().ok()?;
        return Some((
            CostShare {
                municipal_pct: v,
                county_pct: v,
            },
            c.get(0)?.range(),
        ));
    }
    if let Some(c) = share_pair_re().captures(norm) {
        let a: f64 = c.get(1)?.as_str().parse().ok()?;
        let b: f64 = c.get(2)?.as_str().parse().ok()?;
        return Some((
            CostShare {
                municipal_pct: a,
                county_pct: b,
            },
            c.get(0)?.range(),
        ));
    }
    let c = share_ratio_re().captures(norm)?;
    let a: f64 = c.get(1)?.as_str().parse().ok()?;
    let b: f64 = c.get(2)?.as_str().parse().ok()?;
    if a + b <= 0.0 {
        return None;
    }
    let m = (a / (a + b) * 10000.0).round() / 100.0;
    Some((
        CostShare {
            municipal_pct: m,
            county_pct: ((100.0 - m) * 100.0).round() / 100.0,
        },
        c.get(0)?.range(),
    ))
}

fn yuan(q: &Quantity) -> Option<i64> {
    money_to_yuan(q.value, q.unit?)
}

/// Cuts a 对… condition down to the beneficiary.
fn cut_beneficiary(d: &Dual) -> Option<Dual> {
    let mut d = d.trim();
    if d.norm.starts_with('对') {
        d = d.slice('对'.len_utf8()..d.norm.len());
    }
    let cut = BENEFICIARY_CUTS.iter().filter_map(|m| d.norm.find(m)).min();
    if let Some(c) = cut {
        d = d.slice(0..c);
    }
    loop {
        let before = d.norm.len();
        for t in BENEFICIARY_TRAILING {
            if d.norm.ends_with(t) {
                d = d.slice(0..d.norm.len() - t.len());
            }
        }
        if d.norm.len() == before {
            break;
        }
    }
    let d = d.trim_matches(&[',', ':', ';', '、']);
    (d.norm.chars().count() >= 2).then_some(d)
}

fn strip_leading_noise(d: &Dual) -> Dual {
    let mut d = d.trim();
    loop {
        let before = d.norm.len();
        for w in LEADING_NOISE {
            if d.norm.starts_with(w) {
                d = d.slice(w.len()..d.norm.len()).trim();
            }
        }
        if d.norm.len() == before {
            return d;
        }
    }
}

struct Draft {
    beneficiary: Option<Dual>,
    amount: Option<i64>,
    cap: Option<i64>,
    rate: Option<f64>,
    share: Option<CostShare>,
}

impl Draft {
    fn has_value(&self) -> bool {
        self.amount.is_some() || self.cap.is_some() || self.rate.is_some()
    }
}

/// Extracts incentives from all sections.
pub fn extract_incentives(outline: &Outline) -> Vec<Incentive> {
    let mut out = Vec::new();
    for node in &outline.nodes {
        let (_, rest) = split_title(&node.heading, !node.body.is_empty());
        for para in std::iter::once(rest).chain(node.body.iter().cloned()) {
            for sentence in para.sentences() {
                scan_sentence(&sentence, &node.path, &mut out);
            }
        }
    }
    out
}

fn scan_sentence(sentence: &Dual, section: &str, out: &mut Vec<Incentive>) {
    let mut pending: Vec<Dual> = Vec::new();
    let mut drafts: Vec<Draft> = Vec::new();
    let mut current: Option<usize> = None;
    let mut list_mode = false;
    for clause in sentence.split_outside_brackets(&[',']) {
        let clause = clause.trim();
        let n = clause.norm.as_str();
        let starts_dui = n.starts_with('对');
        if starts_dui {
            pending.clear();
            current = None;
        }
        let qs = find_quantities(n);
        let share = cost_share(n);
        let grant = grant_verb_re().find(n);
        let gives = give_re().is_match(n);
        // Start of the part of the clause that describes the grant.
        let grant_from = match (starts_dui, grant) {
            (true, Some(g)) => {
                let head = clause.slice(0..g.start());
                let cut = BENEFICIARY_CUTS
                    .iter()
                    .filter_map(|m| head.norm.find(m))
                    .min()
                    .unwrap_or(g.start());
                cut.min(g.start())
            }
            (true, None) => n.len(),
            _ => 0,
        };
        let in_share = |q: &Quantity| share.as_ref().is_some_and(|(_, r)| r.contains(&q.num_range.start));
        let money: Vec<&Quantity> = qs
            .iter()
            .filter(|q| q.class == UnitClass::Money && q.num_range.start >= grant_from)
            .collect();
        let rate = qs
            .iter()
            .find(|q| q.unit == Some("%") && q.num_range.start >= grant_from && !in_share(q) && gives)
            .map(|q| q.value_f64());
        let colon = n.find(':');
        if let Some(k) = colon
            && (grant_verb_re().is_match(&n[..k]) || n[..k].contains("标准"))
        {
            list_mode = true;
        }
        let is_cap_clause = cap_word_re().is_match(n) && !gives && !starts_dui && money.len() == 1;
        if let (true, Some(ci)) = (is_cap_clause, current)
            && let Some(d) = drafts.get_mut(ci)
            && d.cap.is_none()
        {
            d.cap = money.first().and_then(|q| yuan(q));
            continue;
        }
        if list_mode && !starts_dui && money.len() == 1 && (grant.is_none() || colon.is_some()) {
            let from = colon.map(|k| k + 1).unwrap_or(0);
            let ben = clause.slice(from..money[0].num_range.start);
            let ben = strip_leading_noise(&ben).trim_matches(&[',', ':']);
            drafts.push(Draft {
                beneficiary: (ben.norm.chars().count() >= 2).then_some(ben),
                amount: yuan(money[0]),
                cap: None,
                rate: None,
                share: None,
            });
            current = Some(drafts.len() - 1);
            continue;
        }
        if let (Some((cs, _)), Some(ci), None) = (share.clone(), current, grant)
            && let Some(d) = drafts.get_mut(ci)
        {
            d.share = d.share.or(Some(cs));
            continue;
        }
        let fires = grant.is_some() && (!money.is_empty() || rate.is_some() || gives);
        if !fires {
            if starts_dui || !pending.is_empty() {
                pending.push(clause.clone());
            }
            continue;
        }
        let g = grant.map(|m| m.start()).unwrap_or(0);
        let beneficiary = if starts_dui {
            cut_beneficiary(&clause.slice(0..g))
        } else if !pending.is_empty() {
            cut_beneficiary(&Dual::join(&pending, ","))
        } else {
            let head = strip_leading_noise(&clause.slice(0..g));
            let head = head.trim_matches(&[',', ':']);
            (head.norm.chars().count() >= 2 && !head.norm.contains("按")).then_some(head)
        };
        pending.clear();
        // A clause that only adds the rate or amount to a grant announced just before
        // (对企业研发投入给予后补助,按照增量的10%给予补助).
        if !starts_dui
            && beneficiary.is_none()
            && money.len() <= 1
            && let Some(d) = current.and_then(|ci| drafts.get_mut(ci)).filter(|d| !d.has_value())
        {
            let v = money.first().and_then(|q| yuan(q));
            let is_cap = money
                .first()
                .is_some_and(|q| cap_word_re().is_match(&n[..q.num_range.start]));
            if is_cap {
                d.cap = v
            } else {
                d.amount = v
            }
            d.rate = d.rate.or(rate);
            continue;
        }
        let amounts: Vec<(bool, Option<i64>)> = money
            .iter()
            .map(|q| {
                let lead = &n[grant_from.min(q.num_range.start)..q.num_range.start];
                let tail: String = lead
                    .chars()
                    .rev()
                    .take(8)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                (cap_word_re().is_match(&tail), yuan(q))
            })
            .collect();
        if amounts.len() > 1 && n.contains("分别") {
            let names: Vec<Option<Dual>> = match &beneficiary {
                Some(b) => {
                    let parts = b.split_outside_brackets(&['、']);
                    if parts.len() == amounts.len() {
                        parts.into_iter().map(Some).collect()
                    } else {
                        vec![Some(b.clone()); amounts.len()]
                    }
                }
                None => vec![None; amounts.len()],
            };
            for ((is_cap, v), name) in amounts.into_iter().zip(names) {
                let (amount, cap) = if is_cap { (None, v) } else { (v, None) };
                drafts.push(Draft {
                    beneficiary: name,
                    amount,
                    cap,
                    rate,
                    share: share.as_ref().map(|s| s.0),
                });
            }
        } else {
            let (mut amount, mut cap) = (None, None);
            for (is_cap, v) in amounts {
                if is_cap { cap = cap.or(v) } else { amount = amount.or(v) }
            }
            drafts.push(Draft {
                beneficiary,
                amount,
                cap,
                rate,
                share: share.as_ref().map(|s| s.0),
            });
        }
        current = Some(drafts.len() - 1);
    }
    for d in drafts.into_iter().filter(Draft::has_value) {
        out.push(Incentive {
            beneficiary: d.beneficiary.map(|b| b.src.trim().to_string()),
            amount_yuan: d.amount,
            cap_yuan: d.cap,
            rate_pct: d.rate,
            cost_share: d.share,
            section: section.to_string(),
            source_text: sentence.src.trim().to_string(),
        });
    }
}

#[cfg(test)]
#[path = "incentives_tests.rs"]
mod tests;
