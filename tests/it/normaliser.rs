//! One normaliser everywhere: a name typed in Traditional characters (盤錦)
//! finds what was stored in Simplified (盘锦) in registry names, market
//! search and plan units alike.

use crate::common::{TestApp, page};
use kechuang_kernel::audit::Actor;
use kechuang_kernel::role::Role;
use kechuang_registry::store::EnterpriseFields;
use kechuang_registry::store::prelude::*;

kechuang_kernel::both_backends!(crate::common::app => traditional_finds_simplified_everywhere);

async fn traditional_finds_simplified_everywhere(app: TestApp) {
    // registry names
    let code = kechuang_kernel::credit_code::CreditCode::parse(&crate::common::test_code(7)).unwrap();
    app.db
        .upsert_enterprise(
            &Actor::system(),
            &code,
            EnterpriseFields {
                name: "盘锦辽河油田新材料有限公司".into(),
                former_names: "[]".into(),
                chain_tags: "[]".into(),
                region_id: app.regions.county,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let staff = app.user("staff", Role::BureauStaff, app.regions.city).await;
    let (c, _) = app.session(&staff).await;
    let list = page(&c, &app.url("/registry/enterprises?q=盤錦遼河")).await;
    assert!(list.contains("盘锦辽河油田新材料有限公司"), "registry name search");

    // market search
    kechuang_market::testing::achievement(
        &app,
        [
            "盘锦稠油降粘开采技术",
            "稠油;降粘",
            "盘锦地区稠油开采的化学降粘工艺",
            "new_energy",
            "pilot",
            "",
        ],
    )
    .await;
    kechuang_market::testing::wait_indexed(&app, "盤錦稠油", 1).await;

    // plan units: an account of 盤錦市科學技術局 updates a task led by 盘锦市科学技术局
    let leads = vec!["盘锦市科学技术局".to_owned()];
    assert!(kechuang_plans::lead_units::may_update_task(
        Role::BureauStaff,
        Some("盤錦市科學技術局"),
        &leads
    ));
    assert!(!kechuang_plans::lead_units::may_update_task(
        Role::BureauStaff,
        Some("盤錦市財政局"),
        &leads
    ));
}
