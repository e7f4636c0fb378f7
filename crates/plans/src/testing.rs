//! Fixtures for tests of this and other capabilities: a published plan.

use crate::store::prelude::*;
use kechuang_kernel::Db;
use kechuang_kernel::audit::Actor;

/// Ids of a published plan with one target, one task, one progress report
/// (with an attachment) and an assessment, for route tests.
pub struct PlanFixture {
    pub plan: i64,
    pub target: i64,
    pub task: i64,
    pub report: i64,
    pub assessment: i64,
}

/// A published plan of the city (its three-year plan built from a short
/// document), with a report from the county.
pub async fn fixture(db: &Db, city: i64, county: i64) -> PlanFixture {
    use crate::store::{AssessmentFields, NewPlan, NewProgressReport, PlanFields, TargetFields, TaskFields};
    let sys = Actor::system();
    let new = NewPlan {
        region_id: city,
        fields: PlanFields {
            title: "科技创新三年行动计划".into(),
            period_start: Some(2024),
            period_end: Some(2026),
            ..Default::default()
        },
        source_name: "plan.txt".into(),
        source_text: "到2026年，高新技术企业由300家增加到600家。".into(),
        parsed_json: "{}".into(),
        targets: vec![TargetFields {
            indicator: "高新技术企业".into(),
            kind: "level".into(),
            direction: "up".into(),
            baseline_e4: Some(300 * 10_000),
            target_e4: 600 * 10_000,
            unit: "家".into(),
            target_year: Some(2026),
            section: "二".into(),
            source_text: "高新技术企业由300家增加到600家".into(),
            metric: String::new(),
        }],
        tasks: vec![TaskFields {
            numbering: "三(一)1".into(),
            title: "培育高新技术企业".into(),
            body: String::new(),
            lead_units: "[\"市科技局\"]".into(),
            responsible_units: "[\"各县(市、区)政府\"]".into(),
            category: "task".into(),
            due_on: Some("2026-12-31".into()),
            status: "not_started".into(),
        }],
        incentives: vec![],
    };
    let plan = db.create_plan(&sys, new).await.expect("plan");
    let plan = db.publish_plan(&sys, plan.id, plan.version).await.expect("publish");
    let target = db.plan_targets(plan.id).await.unwrap()[0].id;
    let task = db.plan_tasks(plan.id).await.unwrap()[0].id;
    let report = db
        .add_progress_report(
            &Actor::new(
                kechuang_kernel::role::Principal::system(Some(kechuang_kernel::region::RegionPath::from_stored(
                    "/130000/".into(),
                ))),
                None,
            ),
            NewProgressReport {
                target_id: target,
                region_id: county,
                value_e4: 320 * 10_000,
                reported_on: "2025-06-30".into(),
                source: "统计".into(),
                note: String::new(),
                attachment: Some(("证明.txt".into(), b"evidence".to_vec())),
            },
        )
        .await
        .expect("report")
        .id;
    let assessment = db
        .create_assessment(
            &sys,
            city,
            AssessmentFields {
                name: "2025年度考核".into(),
                year: 2025,
                indicators: r#"[{"key":"new_hte","label":"新增高新技术企业","weight":100,"higher_is_better":true}]"#
                    .into(),
                values_json: "{}".into(),
            },
        )
        .await
        .expect("assessment")
        .id;
    PlanFixture {
        plan: plan.id,
        target,
        task,
        report,
        assessment,
    }
}
