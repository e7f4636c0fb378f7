//! Test harness: a real kechuang server on a random port over a fresh
//! database (SQLite file or PostgreSQL schema), with helpers to create
//! regions, accounts, sessions and tokens.

#![allow(dead_code)]

pub mod cultivation;
pub mod market;
pub mod smtp;

use kechuang_kernel::Db;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::region::{DivisionCode, RegionLevel};
use kechuang_kernel::regions::NewRegion;
use kechuang_kernel::role::Role;
use kechuang_kernel::testing::TestDb;
use kechuang_kernel::user::{DisplayName, Username};
use kechuang_kernel::users::{NewUser, User};
use kechuang_shell::{Application, WebConfig};
use kechuang_store::prelude::*;
use std::net::SocketAddr;

/// Generates one `#[tokio::test]` per backend for each async fn listed.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name(super::common::TestApp::spawn("sqlite").await).await } )* }
        mod postgres { $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name(super::common::TestApp::spawn("postgres").await).await } )* }
    };
}

pub const PASSWORD: &str = "correct-horse-42";

pub struct Regions {
    pub province: i64,
    pub city: i64,
    pub county: i64,
    pub other_city: i64,
    pub other_county: i64,
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: Db,
    pub regions: Regions,
    pub test_db: TestDb,
    /// Routes, templates and messages of the running application.
    pub site: std::sync::Arc<kechuang_shell::site::Site>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl TestApp {
    pub async fn spawn(backend: &str) -> TestApp {
        Self::spawn_with(backend, |_| {}).await
    }

    /// [`Self::spawn`] with settings changed by `configure`.
    pub async fn spawn_with(backend: &str, configure: impl FnOnce(&mut WebConfig)) -> TestApp {
        let test_db = TestDb::new(backend).await;
        let db = test_db.db.clone();
        let regions = regions(&db).await;
        let mut config = WebConfig {
            bind: "127.0.0.1:0".into(),
            ..WebConfig::default()
        };
        configure(&mut config);
        let app = Application::build(config, db.clone(), kechuang_web::ALL)
            .await
            .expect("build app");
        let addr = app.local_addr();
        let site = app.state().site.clone();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(app.run_until(async move {
            let _ = rx.await;
        }));
        TestApp {
            addr,
            db,
            regions,
            test_db,
            site,
            shutdown: Some(tx),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Creates an account with `role` in region `region_id` (password
    /// [`PASSWORD`], no forced change).
    pub async fn user(&self, name: &str, role: Role, region_id: i64) -> User {
        let hash = kechuang_shell::hash_password(PASSWORD.into()).await.expect("hash");
        let new = NewUser {
            username: Username::parse(name).expect("username"),
            display_name: DisplayName::parse(name).expect("name"),
            password_hash: hash,
            role,
            region_id,
            enterprise_code: (role == Role::EnterpriseUser).then(|| "91130100MA07L3KP8X".to_owned()),
            institution_id: (role == Role::InstitutionUser).then_some(1),
            unit: None,
            must_change_password: false,
        };
        self.db.create_user(&Actor::system(), new).await.expect("create user")
    }

    /// A browser-like client holding a fresh session of `user`; returns the
    /// client and its CSRF token.
    pub async fn session(&self, user: &User) -> (reqwest::Client, String) {
        let (token, s) = self
            .db
            .create_session(
                &Actor::new(user.principal(), None),
                user,
                chrono::Duration::hours(1),
                None,
            )
            .await
            .expect("session");
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        jar.add_cookie_str(
            &format!("kc_session={token}; Path=/"),
            &self.url("/").parse().expect("url"),
        );
        (client(Some(jar)), s.csrf_token)
    }

    /// A bearer token of `user`.
    pub async fn token(&self, user: &User) -> String {
        self.db
            .create_token(&Actor::new(user.principal(), None), "test", None)
            .await
            .expect("token")
            .0
    }

    /// An anonymous browser client with its pre-session CSRF token.
    pub async fn anonymous(&self) -> (reqwest::Client, String) {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let c = client(Some(jar));
        let page = c
            .get(self.url("/login"))
            .send()
            .await
            .expect("login page")
            .text()
            .await
            .expect("body");
        (c, csrf_from(&page))
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A client that does not follow redirects (tests look at them).
pub fn client(jar: Option<std::sync::Arc<reqwest::cookie::Jar>>) -> reqwest::Client {
    let mut b = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
    if let Some(j) = jar {
        b = b.cookie_provider(j);
    }
    b.build().expect("client")
}

/// The CSRF token embedded in a page.
/// The body of a GET as text.
pub async fn page(client: &reqwest::Client, url: &str) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}

pub fn csrf_from(html: &str) -> String {
    let marker = "name=\"csrf-token\" content=\"";
    let start = html.find(marker).expect("csrf meta") + marker.len();
    html[start..].split('"').next().expect("token").to_owned()
}

/// Ids of a published plan with one target, one task, one progress report
/// (with an attachment) and an assessment, for route tests.
pub struct PlanFixture {
    pub plan: i64,
    pub target: i64,
    pub task: i64,
    pub report: i64,
    pub assessment: i64,
}

impl TestApp {
    /// A published plan of the city (廊坊市) built from a short document.
    pub async fn plan_fixture(&self) -> PlanFixture {
        use kechuang_store::plans::{
            AssessmentFields, NewPlan, NewProgressReport, PlanFields, TargetFields, TaskFields,
        };
        let sys = Actor::system();
        let new = NewPlan {
            region_id: self.regions.city,
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
        let plan = self.db.create_plan(&sys, new).await.expect("plan");
        let plan = self
            .db
            .publish_plan(&sys, plan.id, plan.version)
            .await
            .expect("publish");
        let target = self.db.plan_targets(plan.id).await.unwrap()[0].id;
        let task = self.db.plan_tasks(plan.id).await.unwrap()[0].id;
        let report = self
            .db
            .add_progress_report(
                &Actor::new(
                    kechuang_kernel::role::Principal::system(Some(kechuang_kernel::region::RegionPath::from_stored(
                        "/130000/".into(),
                    ))),
                    None,
                ),
                NewProgressReport {
                    target_id: target,
                    region_id: self.regions.county,
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
        let assessment = self
            .db
            .create_assessment(
                &sys,
                self.regions.city,
                AssessmentFields {
                    name: "2025年度考核".into(),
                    year: 2025,
                    indicators:
                        r#"[{"key":"new_hte","label":"新增高新技术企业","weight":100,"higher_is_better":true}]"#.into(),
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
}

async fn regions(db: &Db) -> Regions {
    let sys = Actor::system();
    let add = async |code: &str, name: &str, level, parent| {
        db.create_region(
            &sys,
            NewRegion {
                code: DivisionCode::parse(code).unwrap(),
                name: name.into(),
                name_en: String::new(),
                level,
                parent_id: parent,
            },
        )
        .await
        .expect("region")
        .id
    };
    let province = add("130000", "河北省", RegionLevel::Province, None).await;
    let city = add("131000", "廊坊市", RegionLevel::City, Some(province)).await;
    let county = add("131022", "固安县", RegionLevel::County, Some(city)).await;
    let other_city = add("130600", "保定市", RegionLevel::City, Some(province)).await;
    let other_county = add("130681", "涿州市", RegionLevel::County, Some(other_city)).await;
    Regions {
        province,
        city,
        county,
        other_city,
        other_county,
    }
}

/// Registry records for route tests: the enterprise of the test enterprise
/// user, a platform and an import run, all in the county.
pub struct RegistryFixture {
    pub code: String,
    pub record: i64,
    pub run: i64,
}

/// The credit code of the test enterprise user's enterprise.
pub const ENTERPRISE_CODE: &str = "91130100MA07L3KP8X";

impl TestApp {
    pub async fn registry_fixture(&self) -> RegistryFixture {
        use kechuang_kernel::audit::Actor;
        use kechuang_store::records::RecordFields;
        use kechuang_store::registry::EnterpriseFields;
        let sys = Actor::system();
        let db = &self.test_db.db;
        let code = kechuang_kernel::credit_code::CreditCode::parse(ENTERPRISE_CODE).expect("code");
        db.upsert_enterprise(
            &sys,
            &code,
            EnterpriseFields {
                name: "廊坊测试科技有限公司".into(),
                former_names: "[]".into(),
                chain_tags: "[\"新一代信息技术\"]".into(),
                region_id: self.regions.county,
                ..Default::default()
            },
        )
        .await
        .expect("enterprise");
        let (record, _) = db
            .upsert_record(
                &sys,
                "platform",
                "PT-0001",
                RecordFields {
                    name: "廊坊市新材料重点实验室".into(),
                    region_id: self.regions.county,
                    category: "key_lab".into(),
                    level: "municipal".into(),
                    status: "active".into(),
                    ..Default::default()
                },
            )
            .await
            .expect("platform");
        let run = db
            .create_import_run(
                &sys,
                kechuang_store::imports::NewRun {
                    kind: "enterprises".into(),
                    file_name: "企业.csv".into(),
                    sha256: "0".repeat(64),
                    total_rows: 1,
                    error_count: 1,
                    warning_count: 0,
                    report_json: "[]".into(),
                    bytes: b"x".to_vec(),
                },
            )
            .await
            .expect("run");
        RegistryFixture {
            code: ENTERPRISE_CODE.into(),
            record: record.id,
            run: run.id,
        }
    }
}

/// A valid credit code for test firm `n`.
pub fn test_code(n: u32) -> String {
    use kechuang_kernel::credit_code::{compute_check_char, compute_organisation_check_char};
    let org8 = format!("{:08}", 20_000_000 + n);
    let org = format!("{org8}{}", compute_organisation_check_char(&org8).unwrap());
    let first17 = format!("91131022{org}");
    format!("{first17}{}", compute_check_char(&first17).unwrap())
}
