//! Test harness for capability crates: a real kechuang server on a random
//! port over a fresh database (SQLite file or PostgreSQL schema) serving the
//! capabilities given, with helpers to create accounts, sessions, tokens and
//! browser-like clients. Five regions are created first: a province, a city
//! with one county, and another city with one county.

use crate::capability::Capability;
use crate::site::Site;
use crate::{Application, WebConfig};
use kechuang_kernel::Db;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::region::{DivisionCode, RegionLevel};
use kechuang_kernel::regions::NewRegion;
use kechuang_kernel::role::Role;
use kechuang_kernel::testing::TestDb;
use kechuang_kernel::user::{DisplayName, Username};
use kechuang_kernel::users::{NewUser, User};
use std::net::SocketAddr;
use std::sync::Arc;

/// The credit code of the test enterprise user's enterprise.
pub const ENTERPRISE_CODE: &str = "91130100MA07L3KP8X";

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
    pub site: Arc<Site>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl TestApp {
    /// A server of `capabilities` over a fresh database of `backend`
    /// (`"sqlite"` or `"postgres"`).
    pub async fn spawn(backend: &str, capabilities: &[&'static Capability]) -> TestApp {
        Self::spawn_with(backend, capabilities, |_| {}).await
    }

    /// [`Self::spawn`] with settings changed by `configure`.
    pub async fn spawn_with(
        backend: &str,
        capabilities: &[&'static Capability],
        configure: impl FnOnce(&mut WebConfig),
    ) -> TestApp {
        let mut schemas = vec![&kechuang_kernel::schema::SCHEMA];
        schemas.extend(capabilities.iter().filter_map(|c| c.schema));
        let test_db = TestDb::with(backend, &schemas).await;
        let db = test_db.db.clone();
        let regions = regions(&db).await;
        let mut config = WebConfig {
            bind: "127.0.0.1:0".into(),
            ..WebConfig::default()
        };
        configure(&mut config);
        let app = Application::build(config, db.clone(), capabilities)
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
        let hash = crate::hash_password(PASSWORD.into()).await.expect("hash");
        let new = NewUser {
            username: Username::parse(name).expect("username"),
            display_name: DisplayName::parse(name).expect("name"),
            password_hash: hash,
            role,
            region_id,
            enterprise_code: (role == Role::EnterpriseUser).then(|| ENTERPRISE_CODE.to_owned()),
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

/// The body of a GET as text.
pub async fn page(client: &reqwest::Client, url: &str) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
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

/// A valid credit code for test firm `n`.
pub fn test_code(n: u32) -> String {
    use kechuang_kernel::credit_code::{compute_check_char, compute_organisation_check_char};
    let org8 = format!("{:08}", 20_000_000 + n);
    let org = format!("{org8}{}", compute_organisation_check_char(&org8).unwrap());
    let first17 = format!("91131022{org}");
    format!("{first17}{}", compute_check_char(&first17).unwrap())
}
