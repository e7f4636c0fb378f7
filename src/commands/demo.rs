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
use kechuang_shell::DemoCtx;
use std::collections::HashMap;
use std::sync::Arc;

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
    let city_path = db.region(city_id).await?.path;
    let ctx = DemoCtx {
        db: db.clone(),
        city: Arc::new(city),
        regions: Arc::new(ids.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()),
        city_id,
        city_path,
        enterprise,
        enterprises: DEMO_ENTERPRISES,
    };
    for c in kechuang::CAPABILITIES {
        if let Some(load) = c.demo {
            load(ctx.clone())
                .await
                .with_context(|| format!("demo data of {}", c.name))?;
        }
    }
    db.set_setting(DEMO_KEY, &format!("{}（演示 / demo）", kechuang_demo::CITY_NAME))
        .await?;
    Ok(Some(logins_text()))
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
