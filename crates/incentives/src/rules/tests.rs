//! Loading rule sets: good files load, and every kind of mistake is named by
//! file, line and field.

use super::*;
use std::fs;

const SET: &str = r#"
id = "demo-2020"
title = "示例"
short = "示例 2020"
city = "131000"
document = "示例文件"
status = "in_force"
period = { from = "2020-01-01", to = "2022-12-31" }

[[parameter]]
name = "upgrade_rate"
label = "技改补贴比例"
unit = "rate"

[[budget_line]]
name = "fund"
label = "专项资金"
yearly = "2000万元"
"#;

const RULE: &str = r#"
id = "demo-2020/equity"
title = "股权投资奖励"
event = "equity_investment"
beneficiary = "fund"

[source]
clause = "四(四)15"
text = "投资规模达到3000万元、期限满两年(含)以上的,按照不超过实际投资额1%的比例给予一次性奖励(扣除政府引导基金),奖励金额最高不超过2000万元。"

[[condition]]
fact = "amount_yuan"
op = ">="
value = "3000万元"
label = "投资规模达到3000万元"

[[condition]]
fact = "held_years"
op = ">="
value = 2
label = "期限满两年(含)以上"

[amount]
rate = { base = "amount_yuan", deduct = ["guidance_fund_yuan"], rate = "1%" }
cap = "2000万元"

[funding]
shares = { province = "100%" }
budget_line = "fund"
"#;

fn write(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn a_good_set_loads() {
    let d = write(&[("set.toml", SET), ("equity.toml", RULE)]);
    let set = load_set(d.path()).unwrap();
    assert_eq!(set.rules.len(), 1);
    let r = &set.rules[0];
    assert_eq!(r.event, event::EventKind::EquityInvestment);
    assert_eq!(r.cap, Some(2_000_000_000));
    assert_eq!(r.conditions[0].expected, Expected::Fen(3_000_000_000));
    assert_eq!(r.shares, vec![(Funder::Province, Decimal::ONE)]);
    assert_eq!(set.budget_lines[0].yearly_fen, Some(2_000_000_000));
    assert_eq!(r.cited_as, "示例 2020");
}

/// Each mistake and the (line, field) it must be reported at.
#[test]
fn mistakes_name_file_line_and_field() {
    let cases: Vec<(String, usize, &str)> = vec![
        (
            RULE.replace("event = \"equity_investment\"", "event = \"equity\""),
            4,
            "event",
        ),
        (
            RULE.replace("fact = \"held_years\"", "fact = \"years_held\""),
            18,
            "condition[1].fact",
        ),
        (
            RULE.replace("op = \">=\"\nvalue = 2", "op = \"~\"\nvalue = 2"),
            19,
            "condition[1].op",
        ),
        (
            RULE.replace("value = \"3000万元\"", "value = \"三千万\""),
            14,
            "condition[0].value",
        ),
        (RULE.replace("cap = \"2000万元\"", "cap = \"两千万\""), 25, "amount.cap"),
        (
            RULE.replace("shares = { province = \"100%\" }", "shares = { province = \"60%\" }"),
            28,
            "funding.shares",
        ),
        (
            RULE.replace("budget_line = \"fund\"", "budget_line = \"other\""),
            29,
            "funding.budget_line",
        ),
        (
            RULE.replace("rate = \"1%\" }", "rate_param = \"nope\" }"),
            24,
            "amount.rate.rate_param",
        ),
        (
            RULE.replace("id = \"demo-2020/equity\"", "id = \"demo-2020/other\""),
            2,
            "id",
        ),
        (
            RULE.replace("beneficiary = \"fund\"", "beneficiary = \"fund\"\nunknown_key = 1"),
            6,
            "unknown_key",
        ),
    ];
    for (text, line, field) in cases {
        let d = write(&[("set.toml", SET), ("equity.toml", &text)]);
        let err = load_set(d.path()).unwrap_err();
        assert!(err.file.ends_with("equity.toml"), "{err}");
        assert_eq!((err.line, err.field.as_str()), (Some(line), field), "{err}");
        assert!(err.to_string().contains("equity.toml:"), "{err}");
    }
}

#[test]
fn an_amount_needs_exactly_one_way() {
    let text = RULE.replace(
        "rate = { base = \"amount_yuan\", deduct = [\"guidance_fund_yuan\"], rate = \"1%\" }",
        "fixed = \"20万元\"\nup_to = \"30万元\"",
    );
    let d = write(&[("set.toml", SET), ("equity.toml", &text)]);
    let err = load_set(d.path()).unwrap_err();
    assert_eq!(err.field, "amount");
    assert!(err.message.contains("2"), "{err}");
}

#[test]
fn a_bad_set_file_is_named() {
    let d = write(&[("set.toml", &SET.replace("status = \"in_force\"", "status = \"maybe\""))]);
    let err = load_set(d.path()).unwrap_err();
    assert!(err.file.ends_with("set.toml"));
    assert_eq!((err.line, err.field.as_str()), (Some(7), "status"));
}
