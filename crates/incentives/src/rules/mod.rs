//! Rule sets: one directory per policy document (`rules/panjin-2019`), a
//! `set.toml` saying what the document is, and one TOML file per money
//! clause. Files are read and checked here; every problem names the file,
//! the line and the field. The format is documented in `RULES.md`.

pub mod event;
mod file;
pub mod money;

use chrono::NaiveDate;
use event::{EventKind, FactType};
use file::{AmountFile, RuleFile, SetFile};
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::{Path, PathBuf};

kechuang_kernel::coded_enum! {
    /// Who pays a share of an incentive.
    pub enum Funder: "funder" {
        City => "city", "市级", "City";
        County => "county", "县级", "County";
        Province => "province", "省级", "Province";
    }
}

kechuang_kernel::coded_enum! {
    /// Whether a rule set is in force or a draft for comment.
    pub enum SetStatus: "status" {
        InForce => "in_force", "施行", "In force";
        Draft => "draft", "征求意见稿", "Draft";
    }
}

kechuang_kernel::coded_enum! {
    /// How often a rule pays a subject.
    pub enum Frequency: "frequency" {
        Once => "once", "一次性", "Once";
        PerEvent => "per_event", "每次", "For each event";
    }
}

kechuang_kernel::coded_enum! {
    /// Who receives an incentive.
    pub enum Beneficiary: "beneficiary" {
        Enterprise => "enterprise", "企业", "Enterprise";
        Institution => "institution", "高校院所", "University or institute";
        Fund => "fund", "投资基金", "Investment fund";
        Bank => "bank", "银行", "Bank";
        Person => "person", "个人", "Person";
        Team => "team", "团队", "Team";
    }
}

/// A problem in a rule file, naming where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {field}: {message}", file.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct RuleError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub field: String,
    pub message: String,
}

/// A number the text leaves to the bureau.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameter {
    pub name: String,
    pub label: String,
    pub unit: ParamUnit,
    pub value: Option<Decimal>,
}

kechuang_kernel::coded_enum! {
    /// What a parameter is.
    pub enum ParamUnit: "unit" {
        Rate => "rate", "比例", "Rate";
        Years => "years", "年限", "Years";
    }
}

/// A budget line named by a set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetLineSpec {
    pub name: String,
    pub label: String,
    pub yearly_fen: Option<i64>,
}

/// A comparison in a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    In,
}

impl Op {
    fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "==" | "=" => Op::Eq,
            "!=" => Op::Ne,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            "<" => Op::Lt,
            "<=" => Op::Le,
            "in" => Op::In,
            _ => return None,
        })
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "≠",
            Op::Gt => ">",
            Op::Ge => "≥",
            Op::Lt => "<",
            Op::Le => "≤",
            Op::In => "∈",
        }
    }
}

/// The value a condition compares a fact with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Expected {
    Fen(i64),
    Number(Decimal),
    Bool(bool),
    Code(String),
    Codes(Vec<String>),
}

/// One condition of a rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Condition {
    pub fact: String,
    pub op: Op,
    pub expected: Expected,
    /// As the policy says it ("投资规模达到3000万元").
    pub label: String,
}

/// Where a rate comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum RateSource {
    Fixed(Decimal),
    Param(String),
}

/// Where a number of years comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum YearsSource {
    Fixed(u32),
    Param(String),
}

/// How a rule's amount is worked out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Amount {
    /// A fixed sum.
    Fixed(i64),
    /// A sum by the value of a fact (优先 / 重点 / 特别支持).
    Tiers { fact: String, values: Vec<(String, i64)> },
    /// A rate of a money fact, less other money facts.
    Rate {
        base: String,
        deduct: Vec<String>,
        rate: RateSource,
        /// The rate is a ceiling (不超过): the figure is a maximum.
        at_most: bool,
    },
    /// principal × benchmark rate × share × days / 365.
    Interest {
        principal: String,
        rate_pct: String,
        share: Decimal,
        days: String,
    },
    /// A sum per year, for a number of years.
    PerYear { amount: i64, years: YearsSource },
    /// A ratio of a money fact (1:1 配套).
    Matching { fact: String, ratio: Decimal },
    /// Up to a sum, the figure decided on review (最高……).
    UpTo(i64),
    /// At least a sum (不低于……).
    AtLeast(i64),
}

/// One checked rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub version: u32,
    pub event: EventKind,
    pub beneficiary: Beneficiary,
    pub clause: String,
    pub text: String,
    pub effective_from: NaiveDate,
    pub effective_to: NaiveDate,
    /// The rule gives its own period (`effective`) rather than the set's.
    pub own_period: bool,
    pub conditions: Vec<Condition>,
    pub amount: Amount,
    pub cap: Option<i64>,
    pub floor: Option<i64>,
    /// Shares by funder, adding up to one.
    pub shares: Vec<(Funder, Decimal)>,
    pub budget_line: String,
    pub frequency: Frequency,
    pub stacking: Option<String>,
    pub without_application: bool,
    /// The set's short name, for citations ("盘锦 2019").
    pub cited_as: String,
    /// The set is a draft for comment.
    pub draft: bool,
    /// The file as written (what a version of the rule is).
    pub source_text: String,
}

/// A checked rule set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleSet {
    pub id: String,
    pub title: String,
    pub short: String,
    pub city: String,
    pub document: String,
    pub doc_number: String,
    pub seed: String,
    pub status: SetStatus,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub parameters: Vec<Parameter>,
    pub budget_lines: Vec<BudgetLineSpec>,
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// The set as a city applies it over `from`..=`to` (its enactment): the
    /// rules without a period of their own run over that period instead of
    /// the document's.
    pub fn enacted(&self, from: NaiveDate, to: NaiveDate) -> RuleSet {
        let mut out = self.clone();
        out.period_from = from;
        out.period_to = to;
        for r in out.rules.iter_mut().filter(|r| !r.own_period) {
            r.effective_from = from;
            r.effective_to = to;
        }
        out
    }

    /// The parameter `name`, if the set declares it.
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name == name)
    }

    /// The rule `id`, if the set has it.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// The line (1-based) of `key` in `text`: after the `nth` header `[table]`
/// or `[[table]]` when a table is given, else anywhere at the top level.
fn line_of(text: &str, table: Option<(&str, usize)>, key: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut start = 0;
    if let Some((t, nth)) = table {
        let headers: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                let l = l.trim();
                l == format!("[{t}]") || l == format!("[[{t}]]")
            })
            .map(|(i, _)| i)
            .collect();
        start = *headers.get(nth)?;
    }
    lines
        .iter()
        .enumerate()
        .skip(start)
        .find(|(i, l)| {
            let l = l.trim_start();
            (*i > start || table.is_none()) && (l.starts_with(&format!("{key} ")) || l.starts_with(&format!("{key}=")))
        })
        .map(|(i, _)| i + 1)
        .or(table.map(|_| start + 1))
}

struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Checker<'_> {
    fn err(&self, table: Option<(&str, usize)>, key: &str, field: &str, message: impl Into<String>) -> RuleError {
        RuleError {
            file: self.path.to_owned(),
            line: line_of(self.text, table, key),
            field: field.to_owned(),
            message: message.into(),
        }
    }

    fn date(&self, table: &str, key: &str, s: &str) -> Result<NaiveDate, RuleError> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            self.err(
                Some((table, 0)),
                key,
                &format!("{table}.{key}"),
                format!("“{s}”应为 YYYY-MM-DD / must be YYYY-MM-DD"),
            )
        })
    }

    fn money(&self, table: Option<(&str, usize)>, key: &str, field: &str, s: &str) -> Result<i64, RuleError> {
        money::parse_money(s).map_err(|m| self.err(table, key, field, m))
    }

    fn rate(&self, table: Option<(&str, usize)>, key: &str, field: &str, s: &str) -> Result<Decimal, RuleError> {
        money::parse_rate(s).map_err(|m| self.err(table, key, field, m))
    }
}

fn toml_error(path: &Path, text: &str, e: toml::de::Error) -> RuleError {
    let line = e
        .span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
    let message = e.message().to_owned();
    let field = message
        .split('`')
        .nth(1)
        .filter(|_| message.contains("field"))
        .unwrap_or("")
        .to_owned();
    RuleError {
        file: path.to_owned(),
        line,
        field,
        message,
    }
}

/// Reads one rule set directory.
pub fn load_set(dir: &Path) -> Result<RuleSet, RuleError> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| RuleError {
            file: p.to_owned(),
            line: None,
            field: String::new(),
            message: format!("无法读取 / cannot read: {e}"),
        })
    };
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| RuleError {
            file: dir.to_owned(),
            line: None,
            field: String::new(),
            message: format!("无法读取目录 / cannot read the directory: {e}"),
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    let mut files = Vec::new();
    for name in names {
        let text = read(&dir.join(&name))?;
        files.push((name, text));
    }
    load_set_from(dir, &files)
}

/// Reads one rule set from its files' names and texts (`set.toml` among
/// them); `dir` names where they came from in errors.
pub fn load_set_from(dir: &Path, files: &[(String, String)]) -> Result<RuleSet, RuleError> {
    let set_path = dir.join("set.toml");
    let set_text = files
        .iter()
        .find(|(n, _)| n == "set.toml")
        .map(|(_, t)| t.as_str())
        .ok_or_else(|| RuleError {
            file: set_path.clone(),
            line: None,
            field: String::new(),
            message: "缺少 set.toml / set.toml is missing".into(),
        })?;
    let set: SetFile = toml::from_str(set_text).map_err(|e| toml_error(&set_path, set_text, e))?;
    let c = Checker {
        path: &set_path,
        text: set_text,
    };
    let status = SetStatus::from_code(&set.status).ok_or_else(|| {
        c.err(
            None,
            "status",
            "status",
            "应为 in_force 或 draft / must be in_force or draft",
        )
    })?;
    let period_from = c.date("period", "from", &set.period.from)?;
    let period_to = c.date("period", "to", &set.period.to)?;
    if period_to < period_from {
        return Err(c.err(
            Some(("period", 0)),
            "to",
            "period.to",
            "早于起始日 / before period.from",
        ));
    }
    let mut parameters = Vec::new();
    for (i, p) in set.parameter.iter().enumerate() {
        let unit = ParamUnit::from_code(&p.unit).ok_or_else(|| {
            c.err(
                Some(("parameter", i)),
                "unit",
                &format!("parameter[{i}].unit"),
                "应为 rate 或 years / must be rate or years",
            )
        })?;
        let value = match &p.value {
            None => None,
            Some(v) if unit == ParamUnit::Rate => {
                Some(c.rate(Some(("parameter", i)), "value", &format!("parameter[{i}].value"), v)?)
            }
            Some(v) => Some(v.trim().parse::<Decimal>().map_err(|_| {
                c.err(
                    Some(("parameter", i)),
                    "value",
                    &format!("parameter[{i}].value"),
                    "应为年数 / must be a number of years",
                )
            })?),
        };
        parameters.push(Parameter {
            name: p.name.clone(),
            label: p.label.clone(),
            unit,
            value,
        });
    }
    let mut budget_lines = Vec::new();
    for (i, b) in set.budget_line.iter().enumerate() {
        let yearly_fen = match &b.yearly {
            Some(y) => Some(c.money(
                Some(("budget_line", i)),
                "yearly",
                &format!("budget_line[{i}].yearly"),
                y,
            )?),
            None => None,
        };
        budget_lines.push(BudgetLineSpec {
            name: b.name.clone(),
            label: b.label.clone(),
            yearly_fen,
        });
    }
    let mut out = RuleSet {
        id: set.id.clone(),
        title: set.title,
        short: set.short,
        city: set.city,
        document: set.document,
        doc_number: set.doc_number,
        seed: set.seed,
        status,
        period_from,
        period_to,
        parameters,
        budget_lines,
        rules: Vec::new(),
    };
    let mut rules: Vec<&(String, String)> = files
        .iter()
        .filter(|(n, _)| n.ends_with(".toml") && n != "set.toml")
        .collect();
    rules.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, text) in rules {
        let path = dir.join(name);
        let rule = check_rule(&path, text, &out)?;
        if out.rules.iter().any(|r| r.id == rule.id) {
            return Err(RuleError {
                file: path.clone(),
                line: line_of(text, None, "id"),
                field: "id".into(),
                message: format!("规则编号重复 / rule {} is defined twice", rule.id),
            });
        }
        out.rules.push(rule);
    }
    Ok(out)
}

/// Reads every rule set under `dir`: the directory itself when it holds a
/// `set.toml`, otherwise each subdirectory that does.
pub fn load_dir(dir: &Path) -> Result<Vec<RuleSet>, RuleError> {
    if dir.join("set.toml").exists() {
        return Ok(vec![load_set(dir)?]);
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| RuleError {
            file: dir.to_owned(),
            line: None,
            field: String::new(),
            message: format!("无法读取目录 / cannot read the directory: {e}"),
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("set.toml").exists())
        .collect();
    dirs.sort();
    dirs.iter().map(|d| load_set(d)).collect()
}

/// Reads and checks one rule file of `set` (also what a replay reads an
/// earlier version of a rule with).
pub fn check_rule(path: &Path, text: &str, set: &RuleSet) -> Result<Rule, RuleError> {
    let f: RuleFile = toml::from_str(text).map_err(|e| toml_error(path, text, e))?;
    let c = Checker { path, text };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if f.id != format!("{}/{stem}", set.id) {
        return Err(c.err(
            None,
            "id",
            "id",
            format!("应为“{}/{stem}”（规则集/文件名） / must be {}/{stem}", set.id, set.id),
        ));
    }
    let event = EventKind::from_code(&f.event).ok_or_else(|| {
        let kinds: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        c.err(
            None,
            "event",
            "event",
            format!("未知事件 / unknown event; one of {}", kinds.join(", ")),
        )
    })?;
    let beneficiary = Beneficiary::from_code(&f.beneficiary)
        .ok_or_else(|| c.err(None, "beneficiary", "beneficiary", "未知受益对象 / unknown beneficiary"))?;
    let frequency = Frequency::from_code(&f.frequency).ok_or_else(|| {
        c.err(
            None,
            "frequency",
            "frequency",
            "应为 once 或 per_event / must be once or per_event",
        )
    })?;
    let (effective_from, effective_to) = match &f.effective {
        Some(p) => (c.date("effective", "from", &p.from)?, c.date("effective", "to", &p.to)?),
        None => (set.period_from, set.period_to),
    };
    if f.source.text.trim().is_empty() || f.source.clause.trim().is_empty() {
        return Err(c.err(
            Some(("source", 0)),
            "text",
            "source",
            "须引用条款及原文 / cite the clause and its text",
        ));
    }
    let mut conditions = Vec::new();
    for (i, cond) in f.condition.iter().enumerate() {
        let table = Some(("condition", i));
        let field = |k: &str| format!("condition[{i}].{k}");
        let spec = event.fact(&cond.fact).ok_or_else(|| {
            let facts: Vec<&str> = event.facts().iter().map(|f| f.name).collect();
            c.err(
                table,
                "fact",
                &field("fact"),
                format!(
                    "“{}”不是 {} 事件的事实 / not a fact of {event}; one of {}",
                    cond.fact,
                    event,
                    facts.join(", ")
                ),
            )
        })?;
        let op = Op::parse(&cond.op).ok_or_else(|| {
            c.err(
                table,
                "op",
                &field("op"),
                "应为 == != > >= < <= in / unknown comparison",
            )
        })?;
        let bad = |m: &str| c.err(table, "value", &field("value"), m.to_owned());
        let expected = match (spec.ty, &cond.value, op) {
            (FactType::Money, toml::Value::String(s), _) if op != Op::In => {
                Expected::Fen(money::parse_money(s).map_err(|m| bad(&m))?)
            }
            (FactType::Money, toml::Value::Integer(n), _) if op != Op::In => Expected::Fen(n.saturating_mul(100)),
            (FactType::Number, toml::Value::Integer(n), _) if op != Op::In => Expected::Number(Decimal::from(*n)),
            (FactType::Number, toml::Value::Float(x), _) if op != Op::In => {
                Expected::Number(Decimal::try_from(*x).map_err(|_| bad("不是数 / not a number"))?)
            }
            (FactType::Bool, toml::Value::Boolean(b), Op::Eq | Op::Ne) => Expected::Bool(*b),
            (FactType::Code(codes), toml::Value::String(s), Op::Eq | Op::Ne) if codes.contains(&s.as_str()) => {
                Expected::Code(s.clone())
            }
            (FactType::Code(codes), toml::Value::Array(items), Op::In) => {
                let mut out = Vec::new();
                for it in items {
                    match it.as_str() {
                        Some(s) if codes.contains(&s) => out.push(s.to_owned()),
                        _ => {
                            return Err(bad(&format!(
                                "应为 {} 之一 / must be among {}",
                                codes.join("、"),
                                codes.join(", ")
                            )));
                        }
                    }
                }
                Expected::Codes(out)
            }
            _ => {
                return Err(bad(
                    "与事实的类型或比较不符 / does not fit the fact's type or the comparison",
                ));
            }
        };
        if cond.label.trim().is_empty() {
            return Err(c.err(
                table,
                "label",
                &field("label"),
                "须写明条件 / say what the condition is",
            ));
        }
        conditions.push(Condition {
            fact: cond.fact.clone(),
            op,
            expected,
            label: cond.label.clone(),
        });
    }
    let (amount, cap, floor) = check_amount(&c, &f.amount, event, set)?;
    let mut shares = Vec::new();
    let mut sum = Decimal::ZERO;
    for (funder, pct) in &f.funding.shares {
        let who = Funder::from_code(funder).ok_or_else(|| {
            c.err(
                Some(("funding", 0)),
                "shares",
                &format!("funding.shares.{funder}"),
                "应为 city、county 或 province / must be city, county or province",
            )
        })?;
        let share = c.rate(Some(("funding", 0)), "shares", &format!("funding.shares.{funder}"), pct)?;
        sum += share;
        shares.push((who, share));
    }
    if shares.is_empty() {
        shares.push((Funder::City, Decimal::ONE));
    } else if sum != Decimal::ONE {
        return Err(c.err(
            Some(("funding", 0)),
            "shares",
            "funding.shares",
            format!(
                "合计应为100%，实为 {} / shares must add up to 100%",
                money::show_rate(sum)
            ),
        ));
    }
    shares.sort_by_key(|(f, _)| *f);
    if !f.funding.budget_line.is_empty() && !set.budget_lines.iter().any(|b| b.name == f.funding.budget_line) {
        return Err(c.err(
            Some(("funding", 0)),
            "budget_line",
            "funding.budget_line",
            format!(
                "规则集未列出预算科目“{}” / not a budget line of the set",
                f.funding.budget_line
            ),
        ));
    }
    Ok(Rule {
        id: f.id,
        title: f.title,
        version: f.version,
        event,
        beneficiary,
        clause: f.source.clause,
        text: f.source.text,
        effective_from,
        effective_to,
        own_period: f.effective.is_some(),
        conditions,
        amount,
        cap,
        floor,
        shares,
        budget_line: f.funding.budget_line,
        frequency,
        stacking: f.stacking,
        without_application: f.without_application,
        cited_as: set.short.clone(),
        draft: set.status == SetStatus::Draft,
        source_text: text.to_owned(),
    })
}

fn check_amount(
    c: &Checker<'_>,
    a: &AmountFile,
    event: EventKind,
    set: &RuleSet,
) -> Result<(Amount, Option<i64>, Option<i64>), RuleError> {
    let table = Some(("amount", 0));
    let money_fact = |key: &str, field: &str, name: &str| -> Result<String, RuleError> {
        match event.fact(name) {
            Some(s) if s.ty == FactType::Money => Ok(name.to_owned()),
            _ => Err(c.err(
                table,
                key,
                field,
                format!("“{name}”不是 {event} 事件的金额事实 / not a money fact of {event}"),
            )),
        }
    };
    let number_fact = |key: &str, field: &str, name: &str| -> Result<String, RuleError> {
        match event.fact(name) {
            Some(s) if s.ty == FactType::Number => Ok(name.to_owned()),
            _ => Err(c.err(
                table,
                key,
                field,
                format!("“{name}”不是 {event} 事件的数值事实 / not a number fact of {event}"),
            )),
        }
    };
    let param = |key: &str, field: &str, name: &str, unit: ParamUnit| -> Result<String, RuleError> {
        match set.parameters.iter().find(|p| p.name == name) {
            Some(p) if p.unit == unit => Ok(name.to_owned()),
            _ => Err(c.err(
                table,
                key,
                field,
                format!(
                    "规则集未定义参数“{name}”（{}） / the set declares no such parameter",
                    unit.as_str()
                ),
            )),
        }
    };
    let mut kinds = Vec::new();
    if let Some(v) = &a.fixed {
        kinds.push(Amount::Fixed(c.money(table, "fixed", "amount.fixed", v)?));
    }
    if let Some(t) = &a.tiers {
        let spec = event.fact(&t.fact);
        let Some(FactType::Code(codes)) = spec.map(|s| s.ty) else {
            return Err(c.err(
                table,
                "tiers",
                "amount.tiers.fact",
                format!("“{}”不是分档事实 / not a coded fact", t.fact),
            ));
        };
        let mut values = Vec::new();
        for (k, v) in &t.values {
            if !codes.contains(&k.as_str()) {
                return Err(c.err(
                    table,
                    "tiers",
                    &format!("amount.tiers.values.{k}"),
                    format!("应为 {} 之一 / must be among {}", codes.join("、"), codes.join(", ")),
                ));
            }
            values.push((
                k.clone(),
                c.money(table, "tiers", &format!("amount.tiers.values.{k}"), v)?,
            ));
        }
        kinds.push(Amount::Tiers {
            fact: t.fact.clone(),
            values,
        });
    }
    if let Some(r) = &a.rate {
        let base = money_fact("rate", "amount.rate.base", &r.base)?;
        let deduct = r
            .deduct
            .iter()
            .map(|d| money_fact("rate", "amount.rate.deduct", d))
            .collect::<Result<Vec<_>, _>>()?;
        let rate = match (&r.rate, &r.rate_param) {
            (Some(v), None) => RateSource::Fixed(c.rate(table, "rate", "amount.rate.rate", v)?),
            (None, Some(p)) => RateSource::Param(param("rate", "amount.rate.rate_param", p, ParamUnit::Rate)?),
            _ => {
                return Err(c.err(
                    table,
                    "rate",
                    "amount.rate",
                    "须给出 rate 或 rate_param 之一 / give rate or rate_param",
                ));
            }
        };
        kinds.push(Amount::Rate {
            base,
            deduct,
            rate,
            at_most: r.at_most,
        });
    }
    if let Some(i) = &a.interest {
        kinds.push(Amount::Interest {
            principal: money_fact("interest", "amount.interest.principal", &i.principal)?,
            rate_pct: number_fact("interest", "amount.interest.rate_pct", &i.rate_pct)?,
            share: c.rate(table, "interest", "amount.interest.share", &i.share)?,
            days: number_fact("interest", "amount.interest.days", &i.days)?,
        });
    }
    if let Some(p) = &a.per_year {
        let years = match (p.years, &p.years_param) {
            (Some(y), None) if y > 0 => YearsSource::Fixed(y),
            (None, Some(name)) => YearsSource::Param(param(
                "per_year",
                "amount.per_year.years_param",
                name,
                ParamUnit::Years,
            )?),
            _ => {
                return Err(c.err(
                    table,
                    "per_year",
                    "amount.per_year",
                    "须给出 years（大于0）或 years_param 之一 / give years or years_param",
                ));
            }
        };
        kinds.push(Amount::PerYear {
            amount: c.money(table, "per_year", "amount.per_year.amount", &p.amount)?,
            years,
        });
    }
    if let Some(m) = &a.matching {
        kinds.push(Amount::Matching {
            fact: money_fact("matching", "amount.matching.fact", &m.fact)?,
            ratio: c.rate(table, "matching", "amount.matching.ratio", &m.ratio)?,
        });
    }
    if let Some(v) = &a.up_to {
        kinds.push(Amount::UpTo(c.money(table, "up_to", "amount.up_to", v)?));
    }
    if let Some(v) = &a.at_least {
        kinds.push(Amount::AtLeast(c.money(table, "at_least", "amount.at_least", v)?));
    }
    if kinds.len() != 1 {
        return Err(c.err(
            table,
            "fixed",
            "amount",
            format!(
                "须恰好给出一种金额（fixed、tiers、rate、interest、per_year、matching、up_to、at_least），实为 {} 种 / give exactly one way to work out the amount",
                kinds.len()
            ),
        ));
    }
    let cap = a
        .cap
        .as_deref()
        .map(|v| c.money(table, "cap", "amount.cap", v))
        .transpose()?;
    let floor = a
        .floor
        .as_deref()
        .map(|v| c.money(table, "floor", "amount.floor", v))
        .transpose()?;
    if let (Some(cap), Some(floor)) = (cap, floor)
        && floor > cap
    {
        return Err(c.err(table, "floor", "amount.floor", "高于上限 / above the cap"));
    }
    Ok((kinds.remove(0), cap, floor))
}

#[cfg(test)]
mod tests;
