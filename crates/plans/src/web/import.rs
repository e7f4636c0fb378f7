//! Turns the parser's output into a draft plan for storage: values to
//! fixed point, money to fen, unit lists to JSON, direction inferred from
//! baseline and target.

use crate::store::{IncentiveFields, NewPlan, PlanFields, TargetFields, TaskFields, to_e4};
use crate::{Plan as Parsed, TargetKind as ParsedKind, TaskCategory};

fn kind(k: ParsedKind) -> &'static str {
    match k {
        ParsedKind::Level => "level",
        ParsedKind::AnnualIncrease => "annual_increase",
        ParsedKind::Increase => "increase",
        ParsedKind::GrowthRate => "growth_rate",
        ParsedKind::Share => "share",
    }
}

/// The draft plan for `parsed`, kept with its source text and the parser's
/// JSON so corrections can be compared with the original extraction.
pub fn new_plan(region_id: i64, source_name: &str, source_text: String, parsed: &Parsed) -> NewPlan {
    let period_end = parsed.period.end_year.map(i64::from);
    let targets = parsed
        .targets
        .iter()
        .filter_map(|t| {
            let target_e4 = to_e4(t.target_value)?;
            let baseline_e4 = t.baseline.and_then(to_e4);
            let direction = match baseline_e4 {
                Some(b) if b > target_e4 => "down",
                _ => "up",
            };
            Some(TargetFields {
                indicator: t.indicator.clone(),
                kind: kind(t.kind).to_owned(),
                direction: direction.to_owned(),
                baseline_e4,
                target_e4,
                unit: t.unit.clone().unwrap_or_default(),
                target_year: t.target_year.map(i64::from).or(period_end),
                section: t.section.clone(),
                source_text: t.source_text.clone(),
                metric: String::new(),
            })
        })
        .collect();
    let tasks = parsed
        .tasks
        .iter()
        .map(|t| TaskFields {
            numbering: t.numbering.clone(),
            title: t.title.clone().unwrap_or_else(|| t.body.chars().take(40).collect()),
            body: t.body.clone(),
            lead_units: serde_json::to_string(&t.lead_units).unwrap_or_else(|_| "[]".into()),
            responsible_units: serde_json::to_string(&t.responsible_units).unwrap_or_else(|_| "[]".into()),
            category: match t.category {
                TaskCategory::Task => "task".into(),
                TaskCategory::Safeguard => "safeguard".into(),
            },
            due_on: period_end.map(|y| format!("{y}-12-31")),
            status: "not_started".into(),
        })
        .collect();
    let incentives = parsed
        .incentives
        .iter()
        .map(|i| IncentiveFields {
            beneficiary: i.beneficiary.clone().unwrap_or_default(),
            amount_fen: i.amount_yuan.and_then(|y| y.checked_mul(100)),
            cap_fen: i.cap_yuan.and_then(|y| y.checked_mul(100)),
            rate_e4: i.rate_pct.and_then(to_e4),
            cost_share: i
                .cost_share
                .map(|c| format!("市级{}% / 县级{}%", c.municipal_pct, c.county_pct))
                .unwrap_or_default(),
            source_text: i.source_text.clone(),
        })
        .collect();
    let title = parsed
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| {
            source_name
                .rsplit_once('.')
                .map(|(a, _)| a)
                .unwrap_or(source_name)
                .to_owned()
        });
    NewPlan {
        region_id,
        fields: PlanFields {
            title,
            doc_number: parsed.doc_number.clone(),
            issuer: parsed.issuer.clone(),
            issued_on: parsed.issued_on.clone(),
            period_start: parsed.period.start_year.map(i64::from),
            period_end,
        },
        source_name: source_name.to_owned(),
        source_text,
        parsed_json: crate::plan_to_json(parsed),
        targets,
        tasks,
        incentives,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_plan_maps_to_draft() {
        let text = include_str!("../../tests/fixtures/seeds/002_2c1d7a2fca281c92.txt");
        let parsed = crate::parse_plan(text);
        let new = new_plan(7, "002.txt", text.to_owned(), &parsed);
        assert_eq!(new.region_id, 7);
        assert_eq!(new.targets.len(), parsed.targets.len());
        assert_eq!(new.tasks.len(), parsed.tasks.len());
        assert!(new.targets.iter().all(|t| t.check().is_ok()));
        assert!(new.tasks.iter().all(|t| t.check().is_ok()));
        assert_eq!(new.fields.period_end, Some(2020));
    }

    #[test]
    fn decreasing_targets_point_down() {
        let parsed = crate::parse_plan("到2020年，万元GDP能耗由0.8吨标准煤降低到0.6吨标准煤。");
        let new = new_plan(1, "x.txt", String::new(), &parsed);
        if let Some(t) = new.targets.first() {
            assert_eq!(t.direction, "down");
        }
    }
}
