//! The supervision board of a plan: for every target the latest reports per
//! region, the city figure rolled up from the counties, and its status
//! against the straight-line trajectory; for every task whether it is
//! overdue. Storage rows in, domain rules applied, view rows out.

use crate::store::{Plan, ProgressReport, Target, Task, from_e4};
use crate::supervision::rollup::roll_up_with_unit;
use crate::supervision::{
    CountyValue, Direction, Observation, Progress, Status, TargetKind, TargetSpec, evaluate_with_unit, rollup_rule,
};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// One target on the board.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TargetRow {
    pub id: i64,
    pub indicator: String,
    pub kind: String,
    pub unit: String,
    pub baseline: Option<f64>,
    pub target_value: f64,
    pub target_year: Option<i64>,
    /// The city (or plan-region) figure used for the status.
    pub current: Option<f64>,
    pub current_on: Option<String>,
    pub expected_now: Option<f64>,
    pub progress_pct: Option<f64>,
    pub expected_pct: Option<f64>,
    /// `achieved`, `on_track`, `at_risk`, `behind` or `no_data`.
    pub status: String,
    pub status_label: String,
    pub explanation: String,
    pub rollup_note: String,
    /// The figure is computed from the records (the target is bound to a
    /// metric), not reported.
    pub computed: bool,
    pub counties_reported: usize,
    /// Latest value per region below the plan's region.
    pub by_region: Vec<RegionValue>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegionValue {
    pub region_id: i64,
    pub region: String,
    pub value: f64,
    pub on: String,
    pub status: String,
}

/// The period a target runs over: from the plan's first year (or the year
/// it was issued) to the end of the target year.
pub fn target_spec(plan: &Plan, t: &Target) -> Option<TargetSpec> {
    let kind = TargetKind::parse(&t.kind)?;
    let issued_year = plan
        .issued_on
        .as_deref()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse::<i32>().ok());
    let start_year = plan.period_start.map(|y| y as i32).or(issued_year)?;
    let end_year = t
        .target_year
        .or(plan.period_end)
        .map(|y| y as i32)
        .unwrap_or(start_year);
    Some(TargetSpec {
        kind,
        direction: Direction::parse(&t.direction).unwrap_or(Direction::Up),
        baseline: t.baseline_e4.map(from_e4),
        target_value: from_e4(t.target_e4),
        start: NaiveDate::from_ymd_opt(start_year, 1, 1)?,
        end: NaiveDate::from_ymd_opt(end_year.max(start_year), 12, 31)?,
    })
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Evaluates `target` with the reports visible to the viewer.
pub fn target_row(plan: &Plan, t: &Target, reports: &[ProgressReport], today: NaiveDate) -> TargetRow {
    let spec = target_spec(plan, t);
    // latest report per region
    let mut latest: BTreeMap<i64, &ProgressReport> = BTreeMap::new();
    for r in reports.iter().filter(|r| r.target_id == t.id) {
        let newer = latest
            .get(&r.region_id)
            .is_none_or(|old| (r.reported_on.as_str(), r.id) >= (old.reported_on.as_str(), old.id));
        if newer {
            latest.insert(r.region_id, r);
        }
    }
    let plan_level = latest.get(&plan.region_id).and_then(|r| {
        date(&r.reported_on).map(|on| Observation {
            value: from_e4(r.value_e4),
            on,
        })
    });
    let below: Vec<&ProgressReport> = latest
        .values()
        .copied()
        .filter(|r| r.region_id != plan.region_id)
        .collect();
    let county_values: Vec<CountyValue> = below
        .iter()
        .filter_map(|r| {
            date(&r.reported_on).map(|on| CountyValue {
                county: r.region_name.clone(),
                value: from_e4(r.value_e4),
                on,
            })
        })
        .collect();
    let kind = TargetKind::parse(&t.kind).unwrap_or(TargetKind::Level);
    let rolled = roll_up_with_unit(rollup_rule(kind, &t.unit), &county_values, plan_level.as_ref(), &t.unit);
    let current = match (rolled.value, rolled.on) {
        (Some(v), Some(on)) => Some(Observation { value: v, on }),
        _ => None,
    };
    let progress: Option<Progress> = spec
        .as_ref()
        .map(|s| evaluate_with_unit(s, current.as_ref(), today, &t.unit));
    let status = progress.as_ref().map(|p| p.status).unwrap_or(Status::NoData);
    let by_region = below
        .iter()
        .map(|r| RegionValue {
            region_id: r.region_id,
            region: r.region_name.clone(),
            value: from_e4(r.value_e4),
            on: r.reported_on.clone(),
            status: String::new(),
        })
        .collect();
    TargetRow {
        id: t.id,
        indicator: t.indicator.clone(),
        kind: t.kind.clone(),
        unit: t.unit.clone(),
        baseline: t.baseline_e4.map(from_e4),
        target_value: from_e4(t.target_e4),
        target_year: t.target_year,
        current: current.as_ref().map(|o| o.value),
        current_on: current.as_ref().map(|o| o.on.to_string()),
        expected_now: progress.as_ref().and_then(|p| p.expected_now),
        progress_pct: progress.as_ref().and_then(|p| p.progress_pct),
        expected_pct: progress.as_ref().and_then(|p| p.expected_pct),
        status: status.as_str().to_owned(),
        status_label: format!("{} / {}", status.label_zh(), status.label_en()),
        explanation: progress.map(|p| p.explanation).unwrap_or_else(|| {
            "缺少实施期或目标类型，无法判断进度 / no period or kind: progress cannot be judged".into()
        }),
        rollup_note: rolled.explanation,
        computed: false,
        counties_reported: rolled.counties_reported,
        by_region,
    }
}

/// A task on the board.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TaskRow {
    pub id: i64,
    pub numbering: String,
    pub title: String,
    pub lead_units: Vec<String>,
    pub responsible_units: Vec<String>,
    pub category: String,
    pub status: String,
    pub due_on: Option<String>,
    pub overdue: bool,
}

impl TaskRow {
    /// The units answerable for the task: its lead units, or its responsible
    /// units when the document names no lead (e.g. only 责任单位).
    pub fn accountable_units(&self) -> &[String] {
        if self.lead_units.is_empty() {
            &self.responsible_units
        } else {
            &self.lead_units
        }
    }
}

pub fn task_row(t: &Task, today: NaiveDate) -> TaskRow {
    let due = t.due_on.as_deref().and_then(date);
    TaskRow {
        id: t.id,
        numbering: t.numbering.clone(),
        title: t.title.clone(),
        lead_units: serde_json::from_str(&t.lead_units).unwrap_or_default(),
        responsible_units: serde_json::from_str(&t.responsible_units).unwrap_or_default(),
        category: t.category.clone(),
        status: t.status.clone(),
        due_on: t.due_on.clone(),
        overdue: t.status != "completed" && due.is_some_and(|d| d < today),
    }
}

/// Counts of targets per status, for the board header.
pub fn status_counts(rows: &[TargetRow]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for r in rows {
        *m.entry(r.status.clone()).or_insert(0) += 1;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn plan() -> Plan {
        Plan {
            id: 1,
            region_id: 2,
            region_path: "/130000/131000/".into(),
            region_name: "廊坊市".into(),
            title: "t".into(),
            doc_number: None,
            issuer: None,
            issued_on: Some("2018-03-01".into()),
            period_start: Some(2018),
            period_end: Some(2020),
            status: "published".into(),
            source_name: "x".into(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            published_at: None,
            version: 1,
        }
    }

    fn target(unit: &str, kind: &str) -> Target {
        Target {
            id: 10,
            plan_id: 1,
            seq: 1,
            indicator: "高新技术企业".into(),
            kind: kind.into(),
            direction: "up".into(),
            baseline_e4: Some(300 * 10_000),
            target_e4: 600 * 10_000,
            unit: unit.into(),
            target_year: Some(2020),
            section: String::new(),
            source_text: String::new(),
            metric: String::new(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
        }
    }

    fn report(id: i64, region_id: i64, name: &str, value: f64, on: &str) -> ProgressReport {
        ProgressReport {
            id,
            target_id: 10,
            region_id,
            region_name: name.into(),
            region_path: String::new(),
            region_level: "county".into(),
            value_e4: (value * 10_000.0) as i64,
            reported_on: on.into(),
            source: String::new(),
            note: String::new(),
            attachment_name: None,
            created_by: None,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn counties_roll_up_to_the_city() {
        let reports = [
            report(1, 3, "固安县", 100.0, "2019-06-30"),
            report(2, 4, "永清县", 150.0, "2019-06-30"),
            report(3, 3, "固安县", 250.0, "2019-12-31"), // newer: replaces 100
        ];
        let today = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let row = target_row(&plan(), &target("家", "level"), &reports, today);
        assert_eq!(row.current, Some(400.0));
        assert_eq!(row.counties_reported, 2);
        assert_eq!(row.by_region.len(), 2);
        // two thirds of the way at the start of 2020: 500 expected, 400 actual
        assert_eq!(row.status, "behind");
    }

    #[test]
    fn ratios_need_a_city_report() {
        let reports = [report(1, 3, "固安县", 2.0, "2019-06-30")];
        let today = NaiveDate::from_ymd_opt(2019, 7, 1).unwrap();
        let row = target_row(&plan(), &target("%", "share"), &reports, today);
        assert_eq!(row.current, None);
        assert_eq!(row.status, "no_data");
        let reports = [
            report(1, 3, "固安县", 2.0, "2019-06-30"),
            report(2, 2, "廊坊市", 550.0, "2019-06-30"),
        ];
        let row = target_row(&plan(), &target("%", "share"), &reports, today);
        assert_eq!(row.current, Some(550.0));
    }

    #[test]
    fn overdue_tasks() {
        let t = Task {
            id: 1,
            plan_id: 1,
            seq: 1,
            numbering: "一(一)".into(),
            title: "x".into(),
            body: String::new(),
            lead_units: "[\"市科技局\"]".into(),
            responsible_units: "[]".into(),
            category: "task".into(),
            due_on: Some("2020-12-31".into()),
            status: "in_progress".into(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
        };
        assert!(!task_row(&t, NaiveDate::from_ymd_opt(2020, 12, 31).unwrap()).overdue);
        assert!(task_row(&t, NaiveDate::from_ymd_opt(2021, 1, 1).unwrap()).overdue);
        let done = Task {
            status: "completed".into(),
            ..t
        };
        assert!(!task_row(&done, NaiveDate::from_ymd_opt(2021, 1, 1).unwrap()).overdue);
    }
}
