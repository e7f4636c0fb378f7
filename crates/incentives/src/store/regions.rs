//! The city and the county a region lies in, from its path: the city pays
//! the city's part of an incentive from its budget, the county the county's.

use kechuang_kernel::{Db, Result, StoreError, with_db};

/// The ids of the city and the county (the city again for a region directly
/// under it) a region with `path` lies in.
pub async fn city_and_county(db: &Db, path: &str) -> Result<(i64, i64)> {
    let rows: Vec<(i64, String)> = with_db!(db, |p| {
        sqlx::query_as(
        "SELECT id, level FROM regions WHERE $1 LIKE path || '%' AND level IN ('city', 'county') ORDER BY length(path)"
    )
    .bind(path)
    .fetch_all(p)
    .await?
    });
    let city = rows
        .iter()
        .find(|(_, l)| l == "city")
        .map(|(id, _)| *id)
        .ok_or_else(|| StoreError::invalid("region_id", "该地区不属于任何市 / the region lies in no city"))?;
    let county = rows.iter().find(|(_, l)| l == "county").map_or(city, |(id, _)| *id);
    Ok((city, county))
}
