//! Test harness: a real kechuang server on a random port over a fresh
//! database (SQLite file or PostgreSQL schema), with helpers to create
//! regions, accounts, sessions and tokens.

#![allow(dead_code)]

use kechuang_domain::region::{DivisionCode, RegionLevel};
use kechuang_domain::role::Role;
use kechuang_domain::user::{DisplayName, Username};
use kechuang_store::Db;
use kechuang_store::audit::Actor;
use kechuang_store::regions::NewRegion;
use kechuang_store::testing::TestDb;
use kechuang_store::users::{NewUser, User};
use kechuang_web::{Application, WebConfig};
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
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl TestApp {
    pub async fn spawn(backend: &str) -> TestApp {
        let test_db = TestDb::new(backend).await;
        let db = test_db.db.clone();
        let regions = regions(&db).await;
        let config = WebConfig {
            bind: "127.0.0.1:0".into(),
            ..WebConfig::default()
        };
        let app = Application::build(config, db.clone()).await.expect("build app");
        let addr = app.local_addr();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(app.run_until(async move {
            let _ = rx.await;
        }));
        TestApp {
            addr,
            db,
            regions,
            test_db,
            shutdown: Some(tx),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Creates an account with `role` in region `region_id` (password
    /// [`PASSWORD`], no forced change).
    pub async fn user(&self, name: &str, role: Role, region_id: i64) -> User {
        let hash = kechuang_web::hash_password(PASSWORD.into()).await.expect("hash");
        let new = NewUser {
            username: Username::parse(name).expect("username"),
            display_name: DisplayName::parse(name).expect("name"),
            password_hash: hash,
            role,
            region_id,
            enterprise_code: (role == Role::EnterpriseUser).then(|| "91130100MA07L3KP0B".to_owned()),
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
pub fn csrf_from(html: &str) -> String {
    let marker = "name=\"csrf-token\" content=\"";
    let start = html.find(marker).expect("csrf meta") + marker.len();
    html[start..].split('"').next().expect("token").to_owned()
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
