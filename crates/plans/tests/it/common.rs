//! Shared evaluation code for the fixture tests: loads hand-written expectations,
//! pairs expected and extracted items, and computes precision and recall per field.

#![allow(dead_code)]

use kechuang_plans::Plan;
use kechuang_plans::parse::normalize::normalize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures")
}

pub fn load_expected(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

/// Normalised form used to compare texts: Simplified script, ASCII, no punctuation.
pub fn key(s: &str) -> String {
    normalize(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

fn longest_common_substring(a: &[char], b: &[char]) -> usize {
    let mut best = 0;
    let mut prev = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        let mut cur = vec![0usize; b.len() + 1];
        for j in 1..=b.len() {
            if a[i - 1] == b[j - 1] {
                cur[j] = prev[j - 1] + 1;
                best = best.max(cur[j]);
            }
        }
        prev = cur;
    }
    best
}

/// Indicator match: normalised equality, containment either way, or a long common part.
pub fn fuzzy_eq(a: &str, b: &str) -> bool {
    let (ka, kb) = (key(a), key(b));
    if ka.is_empty() || kb.is_empty() {
        return false;
    }
    if ka == kb || ka.contains(&kb) || kb.contains(&ka) {
        return true;
    }
    let (ca, cb): (Vec<char>, Vec<char>) = (ka.chars().collect(), kb.chars().collect());
    let shorter = ca.len().min(cb.len());
    shorter >= 4 && longest_common_substring(&ca, &cb) * 4 >= shorter * 3
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn num_eq(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() < 0.005,
        _ => false,
    }
}

fn str_of(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn units_of(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_array()
        .map(|a| a.iter().filter_map(|x| x.as_str().map(key)).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// Counts for one field: true positives, predicted non-null, expected non-null.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub tp: usize,
    pub predicted: usize,
    pub expected: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            1.0
        } else {
            self.tp as f64 / self.predicted as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.tp as f64 / self.expected as f64
        }
    }
    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.predicted += other.predicted;
        self.expected += other.expected;
    }
}

/// Field name -> counts, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub fields: BTreeMap<String, Counts>,
    pub misses: Vec<String>,
}

impl Report {
    fn field(&mut self, name: &str) -> &mut Counts {
        self.fields.entry(name.to_string()).or_default()
    }

    fn count(&mut self, name: &str, predicted: bool, expected: bool, hit: bool) {
        let c = self.field(name);
        c.predicted += predicted as usize;
        c.expected += expected as usize;
        c.tp += (predicted && expected && hit) as usize;
    }

    pub fn merge(&mut self, other: &Report) {
        for (k, v) in &other.fields {
            self.field(k).add(*v);
        }
        self.misses.extend(other.misses.iter().cloned());
    }

    pub fn get(&self, name: &str) -> Counts {
        self.fields.get(name).copied().unwrap_or_default()
    }

    pub fn table(&self, title: &str) -> String {
        let mut s = format!(
            "\n{title}\n{:<28} {:>6} {:>6} {:>6} {:>9} {:>9}\n",
            "field", "tp", "pred", "exp", "precision", "recall"
        );
        for (k, c) in &self.fields {
            s.push_str(&format!(
                "{:<28} {:>6} {:>6} {:>6} {:>8.1}% {:>8.1}%\n",
                k,
                c.tp,
                c.predicted,
                c.expected,
                c.precision() * 100.0,
                c.recall() * 100.0
            ));
        }
        s
    }
}

/// Compares one plan with its expectation.
pub fn evaluate(name: &str, plan: &Plan, expected: &Value) -> Report {
    let actual = serde_json::to_value(plan).unwrap_or(Value::Null);
    let mut r = Report::default();
    evaluate_metadata(name, &actual, expected, &mut r);
    evaluate_targets(name, &actual, expected, &mut r);
    evaluate_tasks(name, &actual, expected, &mut r);
    evaluate_incentives(name, &actual, expected, &mut r);
    r
}

fn evaluate_metadata(name: &str, actual: &Value, expected: &Value, r: &mut Report) {
    for field in ["title", "doc_number", "issued_on", "issuer"] {
        let a = str_of(&actual[field]);
        let e = str_of(&expected[field]);
        let hit = match (&a, &e) {
            (Some(x), Some(y)) => key(x) == key(y),
            (None, None) => true,
            _ => false,
        };
        r.count(&format!("meta.{field}"), true, true, hit);
        if !hit {
            r.misses.push(format!("{name} meta.{field}: got {a:?}, want {e:?}"));
        }
    }
    let hit = actual["period"]["start_year"] == expected["period"]["start_year"]
        && actual["period"]["end_year"] == expected["period"]["end_year"];
    r.count("meta.period", true, true, hit);
    if !hit {
        r.misses.push(format!(
            "{name} meta.period: got {}, want {}",
            actual["period"], expected["period"]
        ));
    }
}

fn arr(v: &Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_default()
}

fn evaluate_targets(name: &str, actual: &Value, expected: &Value, r: &mut Report) {
    let acts = arr(&actual["targets"]);
    let exps = arr(&expected["targets"]);
    let mut used = vec![false; acts.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (ei, e) in exps.iter().enumerate() {
        let ind = e["indicator"].as_str().unwrap_or("");
        let mut best: Option<(f64, usize)> = None;
        for (ai, a) in acts.iter().enumerate() {
            if used[ai] || !fuzzy_eq(ind, a["indicator"].as_str().unwrap_or("")) {
                continue;
            }
            let score = 4.0 * num_eq(num(&a["target_value"]), num(&e["target_value"])) as u8 as f64
                + 2.0 * (a["section"] == e["section"]) as u8 as f64
                + (a["unit"] == e["unit"]) as u8 as f64
                + 0.5 * (a["target_year"] == e["target_year"]) as u8 as f64
                + if key(ind) == key(a["indicator"].as_str().unwrap_or("")) {
                    0.25
                } else {
                    0.0
                };
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, ai));
            }
        }
        match best {
            Some((_, ai)) => {
                used[ai] = true;
                pairs.push((ei, ai));
            }
            None => r.misses.push(format!(
                "{name} target missing: {} = {} {}",
                ind, e["target_value"], e["unit"]
            )),
        }
    }
    for (ai, a) in acts.iter().enumerate() {
        if !used[ai] {
            r.misses.push(format!(
                "{name} target extra: {} = {} {} [{}]",
                a["indicator"], a["target_value"], a["unit"], a["section"]
            ));
        }
    }
    let n_act = acts.len();
    let n_exp = exps.len();
    let mut record_tp = 0;
    let mut field_tp: BTreeMap<&str, usize> = BTreeMap::new();
    for &(ei, ai) in &pairs {
        let (e, a) = (&exps[ei], &acts[ai]);
        let value_ok = num_eq(num(&a["target_value"]), num(&e["target_value"]));
        let unit_ok = a["unit"] == e["unit"];
        let checks = [
            ("target.value", value_ok),
            ("target.unit", unit_ok),
            ("target.year", a["target_year"] == e["target_year"]),
            ("target.kind", a["kind"] == e["kind"]),
            ("target.section", a["section"] == e["section"]),
        ];
        for (f, ok) in checks {
            let json_key = field_key(f);
            *field_tp.entry(f).or_default() += (ok && !e[json_key].is_null()) as usize;
            if !ok {
                r.misses.push(format!(
                    "{name} {f} wrong for {}: got {} {} {} {} {}",
                    e["indicator"], a["target_value"], a["unit"], a["target_year"], a["kind"], a["section"]
                ));
            }
        }
        if value_ok && unit_ok {
            record_tp += 1;
        }
    }
    let c = r.field("target (indicator+value+unit)");
    c.tp += record_tp;
    c.predicted += n_act;
    c.expected += n_exp;
    let c = r.field("target.indicator");
    c.tp += pairs.len();
    c.predicted += n_act;
    c.expected += n_exp;
    for f in [
        "target.value",
        "target.unit",
        "target.year",
        "target.kind",
        "target.section",
    ] {
        let json_key = field_key(f);
        let c = r.field(f);
        c.tp += field_tp.get(f).copied().unwrap_or(0);
        c.predicted += acts.iter().filter(|a| !a[json_key].is_null()).count();
        c.expected += exps.iter().filter(|e| !e[json_key].is_null()).count();
    }
    // Baselines: counted only where written.
    let c_pred = acts.iter().filter(|a| !a["baseline"].is_null()).count();
    let c_exp = exps.iter().filter(|e| !e["baseline"].is_null()).count();
    let tp = pairs
        .iter()
        .filter(|&&(ei, ai)| {
            !exps[ei]["baseline"].is_null() && num_eq(num(&acts[ai]["baseline"]), num(&exps[ei]["baseline"]))
        })
        .count();
    let c = r.field("target.baseline");
    c.tp += tp;
    c.predicted += c_pred;
    c.expected += c_exp;
}

fn field_key(f: &str) -> &'static str {
    match f {
        "target.value" => "target_value",
        "target.unit" => "unit",
        "target.year" => "target_year",
        "target.kind" => "kind",
        _ => "section",
    }
}

fn evaluate_tasks(name: &str, actual: &Value, expected: &Value, r: &mut Report) {
    let acts = arr(&actual["tasks"]);
    let exps = arr(&expected["tasks"]);
    let mut record_tp = 0;
    let mut numbering_tp = 0;
    let mut title_tp = 0;
    let mut lead_tp = 0;
    let mut resp_tp = 0;
    let mut used = vec![false; acts.len()];
    for e in &exps {
        let Some(ai) = acts
            .iter()
            .enumerate()
            .position(|(i, a)| !used[i] && a["numbering"] == e["numbering"])
        else {
            r.misses.push(format!("{name} task missing: {}", e["numbering"]));
            continue;
        };
        used[ai] = true;
        let a = &acts[ai];
        numbering_tp += 1;
        let title_ok = key(a["title"].as_str().unwrap_or("")) == key(e["title"].as_str().unwrap_or(""));
        let lead_ok = units_of(&a["lead_units"]) == units_of(&e["lead_units"]);
        let resp_ok = units_of(&a["responsible_units"]) == units_of(&e["responsible_units"]);
        let cat_ok = a["category"].as_str().unwrap_or("task") == e["category"].as_str().unwrap_or("task");
        title_tp += title_ok as usize;
        lead_tp += (lead_ok && !units_of(&e["lead_units"]).is_empty()) as usize;
        resp_tp += (resp_ok && !units_of(&e["responsible_units"]).is_empty()) as usize;
        if title_ok && lead_ok && resp_ok && cat_ok {
            record_tp += 1;
        } else {
            r.misses.push(format!(
                "{name} task {} differs: title {} / {}, lead {} / {}, resp {} / {}, category {}",
                e["numbering"],
                a["title"],
                e["title"],
                a["lead_units"],
                e["lead_units"],
                a["responsible_units"],
                e["responsible_units"],
                a["category"]
            ));
        }
    }
    for (ai, a) in acts.iter().enumerate() {
        if !used[ai] {
            r.misses
                .push(format!("{name} task extra: {} {}", a["numbering"], a["title"]));
        }
    }
    let nonempty = |v: &Vec<Value>, f: &str| v.iter().filter(|t| !units_of(&t[f]).is_empty()).count();
    let rows = [
        ("task (all fields)", record_tp, acts.len(), exps.len()),
        ("task.numbering", numbering_tp, acts.len(), exps.len()),
        (
            "task.title",
            title_tp,
            acts.iter().filter(|a| !a["title"].is_null()).count(),
            exps.iter().filter(|e| !e["title"].is_null()).count(),
        ),
        (
            "task.lead_units",
            lead_tp,
            nonempty(&acts, "lead_units"),
            nonempty(&exps, "lead_units"),
        ),
        (
            "task.responsible_units",
            resp_tp,
            nonempty(&acts, "responsible_units"),
            nonempty(&exps, "responsible_units"),
        ),
    ];
    for (f, tp, p, e) in rows {
        let c = r.field(f);
        c.tp += tp;
        c.predicted += p;
        c.expected += e;
    }
}

fn evaluate_incentives(name: &str, actual: &Value, expected: &Value, r: &mut Report) {
    let acts = arr(&actual["incentives"]);
    let exps = arr(&expected["incentives"]);
    let mut used = vec![false; acts.len()];
    let mut record_tp = 0;
    let mut ben_tp = 0;
    for e in &exps {
        let money_eq = |a: &Value| a["amount_yuan"] == e["amount_yuan"] && a["cap_yuan"] == e["cap_yuan"];
        let ben_eq = |a: &Value| match (a["beneficiary"].as_str(), e["beneficiary"].as_str()) {
            (Some(x), Some(y)) => fuzzy_eq(x, y),
            (None, None) => true,
            _ => false,
        };
        let pick = acts
            .iter()
            .enumerate()
            .position(|(i, a)| !used[i] && money_eq(a) && ben_eq(a))
            .or_else(|| acts.iter().enumerate().position(|(i, a)| !used[i] && money_eq(a)));
        let Some(ai) = pick else {
            r.misses.push(format!(
                "{name} incentive missing: {} {} {}",
                e["beneficiary"], e["amount_yuan"], e["cap_yuan"]
            ));
            continue;
        };
        used[ai] = true;
        let a = &acts[ai];
        let b_ok = ben_eq(a);
        let rate_ok =
            num_eq(num(&a["rate_pct"]), num(&e["rate_pct"])) || (a["rate_pct"].is_null() && e["rate_pct"].is_null());
        let share_ok = a["cost_share"] == e["cost_share"]
            || num_eq(
                num(&a["cost_share"]["municipal_pct"]),
                num(&e["cost_share"]["municipal_pct"]),
            );
        ben_tp += b_ok as usize;
        if b_ok && rate_ok && share_ok {
            record_tp += 1;
        } else {
            r.misses.push(format!(
                "{name} incentive differs: {} / {} rate {} / {} share {} / {}",
                a["beneficiary"], e["beneficiary"], a["rate_pct"], e["rate_pct"], a["cost_share"], e["cost_share"]
            ));
        }
    }
    for (ai, a) in acts.iter().enumerate() {
        if !used[ai] {
            r.misses.push(format!(
                "{name} incentive extra: {} {} {}",
                a["beneficiary"], a["amount_yuan"], a["cap_yuan"]
            ));
        }
    }
    let paired = used.iter().filter(|u| **u).count();
    for (f, tp) in [
        ("incentive (all fields)", record_tp),
        ("incentive.money", paired),
        ("incentive.beneficiary", ben_tp),
    ] {
        let c = r.field(f);
        c.tp += tp;
        c.predicted += acts.len();
        c.expected += exps.len();
    }
}
