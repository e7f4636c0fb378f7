//! The demo city's technology market: the 1,062 achievements of the
//! relevance set published in the city, a dozen demands of demo firms (two of
//! them the demo enterprise account's own), three of them pushed to the demo
//! university, whose account is bound to the first registered institution.

use crate::store::prelude::*;
use anyhow::Context;
use kechuang_kernel::Db;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::users::{UserFilter, UserPatch};
use kechuang_registry::store::records::RecordFilter;

const ACHIEVEMENTS: [(&str, &str); 2] = [
    ("achievements_a.csv", include_str!("../../relevance/achievements_a.csv")),
    ("achievements_b.csv", include_str!("../../relevance/achievements_b.csv")),
];
const DEMANDS: [(&str, &str); 2] = [
    ("demands_a.csv", include_str!("../../relevance/demands_a.csv")),
    ("demands_b.csv", include_str!("../../relevance/demands_b.csv")),
];
/// Demands of the relevance set loaded as demo demands (every fourth).
const DEMAND_STEP: usize = 4;

pub async fn load(
    db: &Db,
    city_id: i64,
    city_path: &str,
    firms: &[String],
    own_firm: Option<&str>,
) -> anyhow::Result<()> {
    let sys = Actor::system();
    let today = kechuang_kernel::clock::today();
    for (name, text) in ACHIEVEMENTS {
        let sheet = crate::sheet::read_achievements(name, text.as_bytes())
            .map_err(|r| anyhow::anyhow!("demo sheet {name}: {:?}", r.issues.first()))?;
        let rows: Vec<_> = sheet.rows.into_iter().map(|(_, a)| (city_id, a)).collect();
        db.import_achievements(&sys, &rows, crate::vocab::AchievementStatus::Published, None)
            .await?;
    }
    let mut demands = Vec::new();
    for (name, text) in DEMANDS {
        let sheet = crate::sheet::read_demands(name, text.as_bytes(), today)
            .map_err(|r| anyhow::anyhow!("demo sheet {name}: {:?}", r.issues.first()))?;
        demands.extend(sheet.rows.into_iter().map(|(_, d)| d));
    }
    let mut rows = Vec::new();
    for (i, mut d) in demands.into_iter().step_by(DEMAND_STEP).enumerate() {
        d.enterprise_code = match (i, own_firm) {
            (0 | 1, Some(code)) => code.to_owned(),
            _ => firms.get(i * 7 % firms.len().max(1)).cloned().unwrap_or_default(),
        };
        rows.push((city_id, d));
    }
    let ids = db
        .create_demands(&sys, &rows, crate::vocab::DemandStatus::Published, None, today)
        .await?;

    let scope = kechuang_kernel::scope::Scope::everything()
        .narrow(&RegionPath::from_stored(city_path.to_owned()))
        .context("the demo city lies within the tree")?;
    let filter = RecordFilter {
        limit: 1,
        ..Default::default()
    };
    let (institutions, _) = db.records("institution", &scope, &filter).await?;
    let institution = institutions.first().context("the demo city has no institution")?;
    let (users, _) = db
        .users(
            None,
            &UserFilter {
                query: Some("university".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await?;
    if let Some(u) = users.iter().find(|u| u.username.as_str() == "university") {
        let patch = UserPatch {
            institution_id: Some(Some(institution.id)),
            ..Default::default()
        };
        db.update_user(&sys, u.id, u.version, patch).await?;
    }
    db.push_demands(
        &sys,
        &ids[2..5.min(ids.len())],
        &[institution.id],
        "请组织专家对接 / please arrange a meeting",
    )
    .await?;
    Ok(())
}
