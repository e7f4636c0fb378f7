//! Helpers shared by the registry-record storage tests.
#![allow(dead_code, unused_imports)]

pub use kechuang_kernel::audit::{Actor, AuditFilter};
pub use kechuang_kernel::region::{DivisionCode, RegionLevel, RegionPath};
pub use kechuang_kernel::regions::NewRegion;
pub use kechuang_kernel::role::{Principal, Role};
pub use kechuang_kernel::testing::TestDb;
pub use kechuang_kernel::{Db, StoreError};
pub use kechuang_registry::store::Upsert;
use kechuang_registry::store::prelude::*;
pub use kechuang_registry::store::records::{NewRecordRow, RecordCount, RecordFields, RecordFilter, RecordSort};
pub use serde_json::json;
pub use std::sync::Mutex;

pub struct Regions {
    pub city: i64,
    pub county: i64,
    pub other: i64,
}

pub async fn regions(db: &Db) -> Regions {
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
        .unwrap()
        .id
    };
    let city = add("211100", "盘锦市", RegionLevel::City, None).await;
    let county = add("211122", "盘山县", RegionLevel::County, Some(city)).await;
    let other = add("211103", "兴隆台区", RegionLevel::County, Some(city)).await;
    Regions { city, county, other }
}

pub fn obj(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    v.as_object().unwrap().clone()
}

pub fn platform(name: &str, region_id: i64, category: &str, level: &str, chain: &[&str]) -> RecordFields {
    RecordFields {
        name: name.into(),
        region_id,
        category: category.into(),
        level: level.into(),
        status: "active".into(),
        chain_tags: chain.iter().map(|s| s.to_string()).collect(),
        host_code: "914403001922038216".into(),
        attrs: obj(json!({"approved_on": "2021-06-01", "field": "新材料"})),
        contact: obj(json!({"name": "李主任", "phone": "13900000000"})),
        ..Default::default()
    }
}

pub fn expert(name: &str, region_id: i64, area: &str) -> RecordFields {
    RecordFields {
        name: name.into(),
        region_id,
        area: area.into(),
        attrs: obj(json!({"title": "教授"})),
        ..Default::default()
    }
}

pub fn officer_of(db_region_path: RegionPath) -> Actor {
    let mut p = Principal::public();
    p.user_id = Some(99);
    p.role = Role::CountyOfficer;
    p.scope = Some(db_region_path);
    Actor::new(p, None)
}

pub async fn audit_actions(db: &Db, entity: &str) -> Vec<String> {
    db.audit_entries(
        None,
        &AuditFilter {
            entity: Some(entity.into()),
            limit: 1000,
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .into_iter()
    .map(|e| e.action)
    .collect()
}
