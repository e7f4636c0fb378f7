//! Storage behaviour, run against both SQLite and PostgreSQL: scopes,
//! optimistic concurrency, audit, append-only log, sessions, tokens, backup.

use kechuang_kernel::audit::{Actor, AuditFilter, Change};
use kechuang_kernel::region::{DivisionCode, RegionLevel};
use kechuang_kernel::regions::NewRegion;
use kechuang_kernel::role::{Principal, Role};
use kechuang_kernel::testing::TestDb;
use kechuang_kernel::user::{DisplayName, Username};
use kechuang_kernel::users::{NewUser, UserFilter, UserPatch};
use kechuang_kernel::{Db, StoreError};

kechuang_kernel::both_backends!(
    region_tree_and_scope,
    stale_update_is_a_conflict_and_changes_nothing,
    every_change_is_audited_and_log_is_append_only,
    sessions_and_tokens,
    backup_restore_round_trip,
    user_listing_filters,
    concurrent_takes_never_pass_a_limit,
);

struct Fixture {
    province: i64,
    city: i64,
    county: i64,
    other_city: i64,
    other_county: i64,
}

fn region(code: &str, name: &str, level: RegionLevel, parent: Option<i64>) -> NewRegion {
    NewRegion {
        code: DivisionCode::parse(code).unwrap(),
        name: name.into(),
        name_en: String::new(),
        level,
        parent_id: parent,
    }
}

async fn tree(db: &Db) -> Fixture {
    let sys = Actor::system();
    let p = db
        .create_region(&sys, region("130000", "河北省", RegionLevel::Province, None))
        .await
        .unwrap();
    let c = db
        .create_region(&sys, region("131000", "廊坊市", RegionLevel::City, Some(p.id)))
        .await
        .unwrap();
    let k = db
        .create_region(&sys, region("131022", "固安县", RegionLevel::County, Some(c.id)))
        .await
        .unwrap();
    let oc = db
        .create_region(&sys, region("130600", "保定市", RegionLevel::City, Some(p.id)))
        .await
        .unwrap();
    let ok = db
        .create_region(&sys, region("130681", "涿州市", RegionLevel::County, Some(oc.id)))
        .await
        .unwrap();
    Fixture {
        province: p.id,
        city: c.id,
        county: k.id,
        other_city: oc.id,
        other_county: ok.id,
    }
}

fn new_user(name: &str, role: Role, region_id: i64) -> NewUser {
    NewUser {
        username: Username::parse(name).unwrap(),
        display_name: DisplayName::parse(name).unwrap(),
        password_hash: "$argon2id$test".into(),
        role,
        region_id,
        enterprise_code: (role == Role::EnterpriseUser).then(|| "91131022MA0000000X".to_owned()),
        institution_id: (role == Role::InstitutionUser).then_some(1),
        unit: None,
        must_change_password: false,
    }
}

async fn admin_of(db: &Db, name: &str, region_id: i64) -> Actor {
    let u = db
        .create_user(&Actor::system(), new_user(name, Role::BureauAdmin, region_id))
        .await
        .unwrap();
    Actor::new(u.principal(), Some("127.0.0.1".into()))
}

async fn region_tree_and_scope(t: TestDb) {
    let db = &t.db;
    let f = tree(db).await;
    let paths: Vec<String> = db.regions().await.unwrap().into_iter().map(|r| r.path).collect();
    assert_eq!(paths[0], "/130000/");
    assert!(paths.contains(&"/130000/131000/131022/".to_owned()));
    // a county under a province is refused
    let err = db
        .create_region(
            &Actor::system(),
            region("139999", "错", RegionLevel::County, Some(f.province)),
        )
        .await;
    assert!(
        matches!(err, Err(StoreError::Invalid { field: "parent_id", .. })),
        "{err:?}"
    );
    // duplicate code
    let err = db
        .create_region(
            &Actor::system(),
            region("131022", "重复", RegionLevel::County, Some(f.city)),
        )
        .await;
    assert!(
        matches!(err, Err(StoreError::Duplicate { field: "code", .. })),
        "{err:?}"
    );
    // a city admin creates users in its counties but not in another city
    let city_admin = admin_of(db, "lfadmin", f.city).await;
    db.create_user(&city_admin, new_user("guan", Role::CountyOfficer, f.county))
        .await
        .unwrap();
    let err = db
        .create_user(&city_admin, new_user("zhuozhou", Role::CountyOfficer, f.other_county))
        .await;
    assert!(matches!(err, Err(StoreError::Forbidden)), "{err:?}");
    // non-admins cannot create accounts at all
    let staff = db
        .create_user(&Actor::system(), new_user("staff1", Role::BureauStaff, f.city))
        .await
        .unwrap();
    let err = db
        .create_user(
            &Actor::new(staff.principal(), None),
            new_user("x1y", Role::Expert, f.county),
        )
        .await;
    assert!(matches!(err, Err(StoreError::Forbidden)), "{err:?}");
    // listing is scoped
    let (in_city, n) = db
        .users(
            city_admin.principal.scope.as_ref(),
            &UserFilter {
                limit: 100,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(n, 3);
    assert!(
        in_city
            .iter()
            .all(|u| { u.region_path.as_deref().unwrap().starts_with("/130000/131000/") })
    );
    let bd_admin = admin_of(db, "bdadmin", f.other_city).await;
    let (in_bd, _) = db
        .users(
            bd_admin.principal.scope.as_ref(),
            &UserFilter {
                limit: 100,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        in_bd.iter().map(|u| u.username.as_str()).collect::<Vec<_>>(),
        ["bdadmin"]
    );
    // and editing across cities is refused
    let guan = db.user_for_login("guan").await.unwrap().unwrap().0;
    let err = db
        .update_user(
            &bd_admin,
            guan.id,
            guan.version,
            UserPatch {
                active: Some(false),
                ..Default::default()
            },
        )
        .await;
    assert!(matches!(err, Err(StoreError::Forbidden)), "{err:?}");
}

async fn stale_update_is_a_conflict_and_changes_nothing(t: TestDb) {
    let db = &t.db;
    let f = tree(db).await;
    let admin = admin_of(db, "admin", f.province).await;
    let u = db
        .create_user(&admin, new_user("officer", Role::CountyOfficer, f.county))
        .await
        .unwrap();
    let patch = |name: &str| UserPatch {
        display_name: Some(DisplayName::parse(name).unwrap()),
        ..Default::default()
    };
    let v2 = db.update_user(&admin, u.id, 1, patch("第一次")).await.unwrap();
    assert_eq!(v2.version, 2);
    let audit_before = db
        .audit_entries(
            None,
            &AuditFilter {
                limit: 1000,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .len();
    let err = db.update_user(&admin, u.id, 1, patch("过期的修改")).await.unwrap_err();
    match err {
        StoreError::Conflict { current, submitted, .. } => assert_eq!((current, submitted), (2, 1)),
        other => panic!("expected conflict, got {other:?}"),
    }
    let now = db.user(u.id).await.unwrap();
    assert_eq!((now.display_name.as_str(), now.version), ("第一次", 2));
    let audit_after = db
        .audit_entries(
            None,
            &AuditFilter {
                limit: 1000,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .len();
    assert_eq!(audit_before, audit_after, "a refused change writes no audit entry");
    // region rename uses the same rule
    let r = db.region(f.county).await.unwrap();
    db.rename_region(&admin, r.id, r.version, "固安县(新)", "Gu'an")
        .await
        .unwrap();
    assert!(matches!(
        db.rename_region(&admin, r.id, r.version, "再改", "").await,
        Err(StoreError::Conflict { .. })
    ));
}

async fn every_change_is_audited_and_log_is_append_only(t: TestDb) {
    let db = &t.db;
    let f = tree(db).await;
    let admin = admin_of(db, "admin", f.city).await;
    let u = db
        .create_user(&admin, new_user("officer", Role::CountyOfficer, f.county))
        .await
        .unwrap();
    db.update_user(
        &admin,
        u.id,
        1,
        UserPatch {
            active: Some(false),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    db.set_password(&admin, u.id, "$argon2id$new", true).await.unwrap();
    let filter = AuditFilter {
        entity: Some("user".into()),
        entity_id: Some(u.id.to_string()),
        limit: 10,
        ..Default::default()
    };
    let entries = db.audit_entries(admin.principal.scope.as_ref(), &filter).await.unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["password", "update", "create"]);
    let upd = &entries[1];
    assert_eq!(upd.actor_name, "admin");
    assert_eq!(upd.ip.as_deref(), Some("127.0.0.1"));
    assert!(upd.before_json.as_deref().unwrap().contains("\"active\":true"));
    assert!(upd.after_json.as_deref().unwrap().contains("\"active\":false"));
    assert!(
        !entries[0].after_json.as_deref().unwrap().contains("argon2"),
        "hashes never reach the log"
    );
    // a county-scoped admin of another city sees none of it
    let bd_admin = admin_of(db, "bdadmin", f.other_city).await;
    let seen = db
        .audit_entries(bd_admin.principal.scope.as_ref(), &filter)
        .await
        .unwrap();
    assert!(seen.is_empty());
    // the database itself refuses edits and deletes of the log
    let (upd_sql, del_sql) = ("UPDATE audit_log SET actor_name = 'x'", "DELETE FROM audit_log");
    match db {
        Db::Sqlite(p) => {
            assert!(sqlx::query(upd_sql).execute(p).await.is_err());
            assert!(sqlx::query(del_sql).execute(p).await.is_err());
        }
        Db::Postgres(p) => {
            assert!(sqlx::query(upd_sql).execute(p).await.is_err());
            assert!(sqlx::query(del_sql).execute(p).await.is_err());
        }
    }
    // events count for rate limiting
    let since = kechuang_kernel::now() - chrono::Duration::minutes(15);
    for _ in 0..3 {
        db.record_event(
            &Actor::new(Principal::public(), Some("10.0.0.9".into())),
            Change::new("login_failed", "user", "nobody", None, None, None),
        )
        .await
        .unwrap();
    }
    assert_eq!(
        db.count_recent_events("login_failed", Some("nobody"), None, since)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        db.count_recent_events("login_failed", None, Some("10.0.0.9"), since)
            .await
            .unwrap(),
        3
    );
}

async fn sessions_and_tokens(t: TestDb) {
    let db = &t.db;
    let f = tree(db).await;
    let u = db
        .create_user(&Actor::system(), new_user("staff", Role::BureauStaff, f.city))
        .await
        .unwrap();
    let actor = Actor::new(u.principal(), None);
    let (cookie, s) = db
        .create_session(&actor, &u, chrono::Duration::hours(8), Some("test".into()))
        .await
        .unwrap();
    let found = db.session(&cookie).await.unwrap().unwrap();
    assert_eq!(found.user.id, u.id);
    assert_eq!(found.csrf_token, s.csrf_token);
    assert!(db.session("forged").await.unwrap().is_none());
    let (secret, tok) = db.create_token(&actor, "报表脚本", None).await.unwrap();
    assert!(secret.starts_with("kc_"));
    assert_eq!(db.user_for_token(&secret).await.unwrap().unwrap().id, u.id);
    assert_eq!(db.tokens_of(u.id).await.unwrap().len(), 1);
    db.revoke_token(&actor, tok.id).await.unwrap();
    assert!(db.user_for_token(&secret).await.unwrap().is_none());
    // changing one's own password keeps one's tokens; a reset by an
    // administrator revokes them
    let (kept, _) = db.create_token(&actor, "同步脚本", None).await.unwrap();
    db.set_password(&actor, u.id, "$argon2id$own", false).await.unwrap();
    assert!(db.user_for_token(&kept).await.unwrap().is_some());
    let admin = admin_of(db, "admin", f.province).await;
    db.set_password(&admin, u.id, "$argon2id$reset", true).await.unwrap();
    assert!(
        db.user_for_token(&kept).await.unwrap().is_none(),
        "reset revokes tokens"
    );
    let u = db.user(u.id).await.unwrap();
    let (cookie, _) = db
        .create_session(&actor, &u, chrono::Duration::hours(8), None)
        .await
        .unwrap();
    assert!(db.session(&cookie).await.unwrap().is_some());
    // disabling the account ends its sessions
    db.update_user(
        &admin,
        u.id,
        u.version,
        UserPatch {
            active: Some(false),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(db.session(&cookie).await.unwrap().is_none());
    // expired sessions are purged
    let u2 = db
        .create_user(&admin, new_user("staff2", Role::BureauStaff, f.city))
        .await
        .unwrap();
    let (c2, _) = db
        .create_session(&actor, &u2, chrono::Duration::seconds(-1), None)
        .await
        .unwrap();
    assert!(db.session(&c2).await.unwrap().is_none());
    assert!(db.purge_expired_sessions().await.unwrap() >= 1);
}

async fn backup_restore_round_trip(t: TestDb) {
    let db = &t.db;
    let f = tree(db).await;
    let admin = admin_of(db, "admin", f.province).await;
    db.create_user(&admin, new_user("ent", Role::EnterpriseUser, f.county))
        .await
        .unwrap();
    db.set_setting("demo_dataset", "云州市").await.unwrap();
    let mut buf = Vec::new();
    let schemas = [&kechuang_kernel::schema::SCHEMA];
    let counts = db.backup(&mut buf, &schemas).await.unwrap();
    assert_eq!(counts["regions"], 5);
    assert_eq!(counts["users"], 2);
    // restore into both backends: same data comes back
    for target in [TestDb::new("sqlite").await, TestDb::new("postgres").await] {
        let restored = target.db.restore(&mut buf.as_slice(), &schemas).await.unwrap();
        assert_eq!(restored.get("users"), Some(&2));
        assert_eq!(target.db.regions().await.unwrap(), db.regions().await.unwrap());
        let a = db
            .audit_entries(
                None,
                &AuditFilter {
                    limit: 1000,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let b = target
            .db
            .audit_entries(
                None,
                &AuditFilter {
                    limit: 1000,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        // the restored history, then one entry recording the restore itself
        assert_eq!(b[0].action, "restore");
        assert_eq!(a, b[1..]);
        assert_eq!(
            target.db.setting("demo_dataset").await.unwrap().as_deref(),
            Some("云州市")
        );
        // ids continue after the restored ones
        let next = target
            .db
            .create_region(
                &Actor::system(),
                region("131023", "永清县", RegionLevel::County, Some(f.city)),
            )
            .await
            .unwrap();
        assert!(next.id > f.other_county);
        // a second restore into a non-empty database is refused and writes nothing
        assert!(target.db.restore(&mut buf.as_slice(), &schemas).await.is_err());
        assert_eq!(target.db.user_count().await.unwrap(), 2);
    }
    // a truncated file restores nothing
    let target = TestDb::new("sqlite").await;
    let mut broken = buf.clone();
    broken.truncate(buf.len() - 20);
    assert!(target.db.restore(&mut broken.as_slice(), &schemas).await.is_err());
    assert_eq!(target.db.user_count().await.unwrap(), 0);
    assert!(target.db.regions().await.unwrap().is_empty());
}

async fn user_listing_filters(t: TestDb) {
    let db = &t.db;
    let f = tree(db).await;
    let admin = admin_of(db, "admin", f.province).await;
    for (name, role) in [
        ("zhang", Role::Expert),
        ("liu", Role::BankViewer),
        ("wang", Role::Expert),
    ] {
        db.create_user(&admin, new_user(name, role, f.county)).await.unwrap();
    }
    let (experts, n) = db
        .users(
            None,
            &UserFilter {
                role: Some(Role::Expert),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(n, 2);
    assert_eq!(
        experts.iter().map(|u| u.username.as_str()).collect::<Vec<_>>(),
        ["wang", "zhang"]
    );
    let (found, n) = db
        .users(
            None,
            &UserFilter {
                query: Some("an".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(n, 2, "{found:?}"); // zhang, wang
    let (page, total) = db
        .users(
            None,
            &UserFilter {
                limit: 2,
                offset: 2,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!((page.len(), total), (2, 4));
    assert!(matches!(
        db.create_user(&admin, new_user("zhang", Role::Expert, f.county)).await,
        Err(StoreError::Duplicate { field: "username", .. })
    ));
}

/// Forty concurrent takes of a limit of five: exactly five pass; a new
/// window opens after the old one; a unit given back can be taken again.
async fn concurrent_takes_never_pass_a_limit(t: TestDb) {
    use kechuang_kernel::limits::Limit;
    let db = &t.db;
    let limit = Limit {
        max: 5,
        window_secs: 900,
    };
    let now = kechuang_kernel::now();
    let takes = (0..40).map(|_| {
        let db = db.clone();
        tokio::spawn(async move { db.take("login:user:alice", limit, now).await.unwrap() })
    });
    let mut passed = 0;
    for t in takes {
        passed += usize::from(t.await.unwrap());
    }
    assert_eq!(passed, 5);
    assert_eq!(db.used("login:user:alice", limit, now).await.unwrap(), 40);
    assert!(!db.take("login:user:alice", limit, now).await.unwrap());
    assert!(
        db.take("login:user:bob", limit, now).await.unwrap(),
        "keys are separate"
    );
    let later = now + chrono::Duration::seconds(901);
    assert_eq!(db.used("login:user:alice", limit, later).await.unwrap(), 0);
    assert!(db.take("login:user:alice", limit, later).await.unwrap(), "a new window");
    for _ in 0..4 {
        assert!(db.take("login:user:alice", limit, later).await.unwrap());
    }
    // five used: a unit given back can be taken again, and no more
    db.give_back("login:user:alice").await.unwrap();
    assert!(db.take("login:user:alice", limit, later).await.unwrap(), "given back");
    assert!(!db.take("login:user:alice", limit, later).await.unwrap());
}
