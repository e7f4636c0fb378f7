//! Demo data: `kechuang demo generate` (synthetic CSV data sets of any size)
//! and the demo city that `serve --demo` loads into an empty database.

use crate::cli::DemoCommand;
use anyhow::Context;
use kechuang_demo::{GenerateOptions, demo_regions};
use kechuang_kernel::Db;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::region::{DivisionCode, RegionLevel};
use kechuang_kernel::regions::NewRegion;
use kechuang_kernel::role::Role;
use kechuang_kernel::settings::DEMO_KEY;
use kechuang_kernel::user::{DisplayName, Username};
use kechuang_kernel::users::NewUser;
use kechuang_plans::store::prelude::*;
use std::collections::HashMap;

/// Password of every demo account (demo data only).
pub const DEMO_PASSWORD: &str = "kechuang-demo";
/// Enterprises of the demo city.
const DEMO_ENTERPRISES: usize = 300;

pub async fn command(cmd: DemoCommand) -> anyhow::Result<()> {
    match cmd {
        DemoCommand::Generate { enterprises, out, seed } => {
            let mut opts = GenerateOptions::new(enterprises);
            if let Some(s) = seed {
                opts.seed = s;
            }
            let bar = indicatif::ProgressBar::new(enterprises);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} enterprises {per_sec} eta {eta}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let started = std::time::Instant::now();
            let out2 = out.clone();
            let summary = tokio::task::spawn_blocking(move || {
                kechuang_demo::generate_to_dir(&opts, &out2, &mut |n| bar.set_position(n))
            })
            .await??;
            println!(
                "已生成合成演示数据 / wrote synthetic data set to {} in {:.1} s: {:?}",
                out.display(),
                started.elapsed().as_secs_f64(),
                summary
            );
            Ok(())
        }
    }
}

/// Loads the demo city (regions, accounts for every role) if the database
/// has no users yet. Returns the text listing the demo sign-ins.
pub async fn load_if_empty(db: &Db) -> anyhow::Result<Option<String>> {
    if db.user_count().await? > 0 {
        return Ok(db.setting(DEMO_KEY).await?.map(|_| logins_text()));
    }
    let sys = Actor::system();
    let mut ids: HashMap<&str, i64> = HashMap::new();
    for r in demo_regions() {
        let level = RegionLevel::parse(r.level).context("demo region level")?;
        let parent_id = r.parent_code.and_then(|c| ids.get(c).copied());
        let new = NewRegion {
            code: DivisionCode::parse(r.code)?,
            name: r.name.into(),
            name_en: r.name_en.into(),
            level,
            parent_id,
        };
        let created = match db.region_by_code(r.code).await? {
            Some(existing) => existing,
            None => db.create_region(&sys, new).await?,
        };
        ids.insert(r.code, created.id);
    }
    let city = kechuang_demo::demo_city(DEMO_ENTERPRISES, kechuang_demo::DEFAULT_SEED);
    let city_id = ids[kechuang_demo::CITY_CODE];
    let first_county = city
        .regions
        .iter()
        .find(|r| r.level == "county")
        .map(|r| ids[r.code])
        .unwrap_or(city_id);
    let county_code = city
        .regions
        .iter()
        .find(|r| r.level == "county")
        .map(|r| r.code)
        .unwrap_or_default();
    let enterprise = city
        .enterprises
        .iter()
        .find(|e| e.county_code == county_code)
        .map(|e| e.credit_code.clone());
    let hash = kechuang_shell::hash_password(DEMO_PASSWORD.into()).await?;
    for (username, name, role, region, unit) in demo_accounts(city_id, first_county) {
        let new = NewUser {
            username: Username::parse(username)?,
            display_name: DisplayName::parse(name)?,
            password_hash: hash.clone(),
            role,
            region_id: region,
            enterprise_code: (role == Role::EnterpriseUser).then(|| enterprise.clone()).flatten(),
            institution_id: (role == Role::InstitutionUser).then_some(1),
            unit: Some(unit.to_owned()),
            must_change_password: false,
        };
        db.create_user(&sys, new).await?;
    }
    load_demo_plan(db, city_id, &ids).await?;
    load_demo_registry(db).await?;
    let city_path = db.region(city_id).await?.path;
    let firms: Vec<String> = city.enterprises.iter().map(|e| e.credit_code.clone()).collect();
    super::demo_market::load(db, city_id, &city_path, &firms, enterprise.as_deref()).await?;
    super::demo_deals::load(db, &city, &ids, city_id).await?;
    db.set_setting(DEMO_KEY, &format!("{}（演示 / demo）", kechuang_demo::CITY_NAME))
        .await?;
    Ok(Some(logins_text()))
}

/// Loads the demo city's enterprises, facts, certificates, platforms,
/// experts, institutions, agencies and investors through the same sheet
/// import a bureau uses (the generator writes the sheets).
async fn load_demo_registry(db: &Db) -> anyhow::Result<()> {
    use kechuang_registry::run::{region_index, write_rows};
    let dir = std::env::temp_dir().join(format!("kechuang-demo-{}", std::process::id()));
    let opts = GenerateOptions::new(DEMO_ENTERPRISES as u64);
    let out = dir.clone();
    tokio::task::spawn_blocking(move || kechuang_demo::generate_to_dir(&opts, &out, &mut |_| {})).await??;
    let sys = Actor::system();
    let regions = region_index(db, &sys).await?;
    let files = [
        ("enterprises.csv", "enterprises"),
        ("enterprise_facts.csv", "facts"),
        ("certificates.csv", "certificates"),
        ("platforms.csv", "platforms"),
        ("experts.csv", "experts"),
        ("institutions.csv", "institutions"),
        ("service_agencies.csv", "agencies"),
        ("investors.csv", "investors"),
    ];
    let result = async {
        for (file, kind) in files {
            let kind = kechuang_registry::ImportKind::parse(kind).context("import kind")?;
            let bytes = std::fs::read(dir.join(file))?;
            let checked = kechuang_registry::check(kind, file, &bytes, &regions, &mut |_| {})?;
            if let Some(first) = checked
                .report
                .issues
                .iter()
                .find(|i| i.severity == kechuang_sheets::Severity::Error)
            {
                anyhow::bail!("demo sheet {file}: row {}: {}", first.line, first.reason);
            }
            write_rows(db, &sys, None, checked.rows, &|_| {}).await?;
        }
        Ok(())
    }
    .await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// A fictional plan of the demo city, published, with a year and a half of
/// county progress reports, so the supervision board has something to show.
async fn load_demo_plan(db: &Db, city_id: i64, ids: &HashMap<&str, i64>) -> anyhow::Result<()> {
    use kechuang_plans::store::{NewProgressReport, to_e4};
    let text = include_str!("demo_data/yunzhou_plan.txt");
    let parsed = kechuang_plans::parse_plan(text);
    let sys = Actor::system();
    let plan = db
        .create_plan(
            &sys,
            kechuang_plans::draft_plan(city_id, "云州市科技创新三年行动方案.txt", text.to_owned(), &parsed),
        )
        .await?;
    let plan = db.publish_plan(&sys, plan.id, plan.version).await?;
    let counties: Vec<i64> = demo_regions()
        .iter()
        .filter(|r| r.level == "county")
        .filter_map(|r| ids.get(r.code).copied())
        .collect();
    for (idx, target) in db.plan_targets(plan.id).await?.into_iter().enumerate() {
        let (Some(base), Some(goal)) = (target.baseline_e4, Some(target.target_e4)) else {
            continue;
        };
        let summed = target.unit != "%";
        for (k, on) in ["2025-06-30", "2025-12-31", "2026-06-30"].iter().enumerate() {
            // by mid-2026 some targets are ahead of the straight line, some near it, some behind
            let share = [0.3, 0.65, 1.0][k] * [0.52, 0.62, 0.72][idx % 3];
            let value = base as f64 + (goal - base) as f64 * share;
            let reports: Vec<(i64, f64)> = if summed {
                let n = counties.len().max(1) as f64;
                counties
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (*c, value / n * (0.7 + 0.1 * i as f64) / (0.7 + 0.05 * (n - 1.0))))
                    .collect()
            } else {
                vec![(city_id, value)]
            };
            for (region_id, v) in reports {
                let value_e4 = to_e4(v / 10_000.0).unwrap_or(0);
                db.add_progress_report(
                    &sys,
                    NewProgressReport {
                        target_id: target.id,
                        region_id,
                        value_e4,
                        reported_on: (*on).to_owned(),
                        source: "演示数据 / demo".into(),
                        note: String::new(),
                        attachment: None,
                    },
                )
                .await?;
            }
        }
    }
    Ok(())
}

fn demo_accounts(city: i64, county: i64) -> Vec<(&'static str, &'static str, Role, i64, &'static str)> {
    vec![
        ("admin", "云州市科技局管理员", Role::BureauAdmin, city, "市科技局"),
        ("staff", "云州市科技局科员", Role::BureauStaff, city, "市科技局"),
        ("county", "云中区科技局", Role::CountyOfficer, county, "云中区科技局"),
        ("enterprise", "演示企业用户", Role::EnterpriseUser, county, "演示企业"),
        (
            "university",
            "云州理工学院技术转移中心",
            Role::InstitutionUser,
            city,
            "云州理工学院",
        ),
        ("expert", "演示专家", Role::Expert, city, "云州理工学院"),
        ("bank", "演示银行", Role::BankViewer, city, "演示银行"),
    ]
}

fn logins_text() -> String {
    let mut s = String::from("演示账号 / demo sign-ins (password / 密码: ");
    s.push_str(DEMO_PASSWORD);
    s.push_str(")\n");
    for (u, name, role, _, _) in demo_accounts(0, 0) {
        s.push_str(&format!("  {u:<12} {} · {name}\n", role.label_zh()));
    }
    s
}
