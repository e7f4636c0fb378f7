//! What the indicator pages share: the query (area and last year), the
//! areas a viewer may choose (the scope's region, each region below it,
//! the groups), the book of the scope and figures as shown.

use crate::catalogue::{IndicatorKey, spec};
use crate::figures::{Area, Book, Figure};
use crate::store::groups::Group;
use crate::store::prelude::*;
use chrono::NaiveDate;
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::vocab::Lang;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::ui::scope_of;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use utoipa::IntoParams;

/// How many years a page shows, ending with the chosen one.
pub const YEARS_SHOWN: i32 = 5;

/// Which area and years.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct AreaQuery {
    /// `r<id>` for a region at or below one's own, `g<id>` for a group;
    /// empty for one's own region.
    #[serde(default)]
    pub area: String,
    /// The last year shown (default: this year).
    #[serde(default)]
    pub year: Option<i32>,
}

/// An area one may choose, with its code in `AreaQuery::area`.
#[derive(Debug, Clone, Serialize)]
pub struct AreaChoice {
    pub code: String,
    pub name: String,
    #[serde(skip)]
    pub area: Area,
    /// A direct child of the scope's region (shown as a row of a breakdown).
    pub child: bool,
}

/// The scope's region, its regions and groups, and the book over them.
pub struct Scene {
    pub choices: Vec<AreaChoice>,
    pub chosen: AreaChoice,
    pub years: Vec<i32>,
    pub book: Arc<Book>,
    /// When the book was computed (China time), shown with every figure.
    pub computed_at: String,
    pub groups: Vec<Group>,
}

/// How long a computed book serves the pages of one instance: counting a
/// million firms takes seconds, and a clerk paging through indicators
/// should not wait each time. Entering a statistic clears them.
const BOOK_TTL: Duration = Duration::from_secs(300);

type BookKey = (String, Vec<i32>, NaiveDate);

/// The books this instance computed lately, with when (a service started
/// with the application, so each application and database has its own).
#[derive(Default)]
pub struct Books(Mutex<HashMap<BookKey, (Instant, String, Arc<Book>)>>);

impl Books {
    /// Forgets every book (after a statistic changed).
    pub fn forget(&self) {
        if let Ok(mut b) = self.0.lock() {
            b.clear();
        }
    }

    /// The book of `path` for `years`, computed at most [`BOOK_TTL`] ago,
    /// with the time it was computed.
    pub(crate) async fn get(
        &self,
        db: &kechuang_kernel::Db,
        path: &RegionPath,
        years: &[i32],
        today: NaiveDate,
    ) -> Result<(Arc<Book>, String), AppError> {
        let key = (path.as_str().to_owned(), years.to_vec(), today);
        if let Ok(mut cache) = self.0.lock() {
            cache.retain(|_, (at, _, _)| at.elapsed() < BOOK_TTL);
            if let Some((_, computed_at, book)) = cache.get(&key) {
                return Ok((book.clone(), computed_at.clone()));
            }
        }
        let book = Arc::new(db.book(path, years, today).await?);
        let computed_at = kechuang_kernel::clock::china_time_text(kechuang_kernel::now());
        if let Ok(mut cache) = self.0.lock() {
            cache.insert(key, (Instant::now(), computed_at.clone(), book.clone()));
        }
        Ok((book, computed_at))
    }
}

/// Starts indicators with the application: its cache of books.
pub fn start(
    _: kechuang_shell::capability::StartCtx,
) -> futures_util::future::BoxFuture<'static, anyhow::Result<kechuang_shell::capability::Started>> {
    Box::pin(async {
        let mut started = kechuang_shell::capability::Started::default();
        started.services.insert(Arc::new(Books::default()));
        Ok(started)
    })
}

/// Forgets the books of the application (after a statistic changed).
pub fn forget_books(state: &AppState) -> Result<(), AppError> {
    state.service::<Books>()?.forget();
    Ok(())
}

impl Scene {
    pub async fn load(state: &AppState, ctx: &Ctx, q: &AreaQuery) -> Result<Scene, AppError> {
        let scope = scope_of(ctx)?;
        let today = kechuang_kernel::clock::today();
        let this_year = chrono::Datelike::year(&today);
        let last = q.year.unwrap_or(this_year);
        if !(2000..=2100).contains(&last) {
            return Err(AppError::invalid(
                "year",
                "年度应在2000到2100之间 / a year from 2000 to 2100",
            ));
        }
        let years: Vec<i32> = (last - YEARS_SHOWN + 1..=last).collect();
        let regions = state.db.regions().await?;
        let root = regions
            .iter()
            .find(|r| r.path == scope.path().as_str())
            .ok_or(AppError::NotFound)?;
        let mut choices = vec![AreaChoice {
            code: String::new(),
            name: root.name.clone(),
            area: Area::Region(root.id),
            child: false,
        }];
        for r in regions
            .iter()
            .filter(|r| r.id != root.id && RegionPath::from_stored(r.path.clone()).is_within(scope.path()))
        {
            choices.push(AreaChoice {
                code: format!("r{}", r.id),
                name: r.name.clone(),
                area: Area::Region(r.id),
                child: r.parent_id == Some(root.id),
            });
        }
        let groups = state.db.groups(&scope).await?;
        for g in &groups {
            choices.push(AreaChoice {
                code: format!("g{}", g.id),
                name: g.name.clone(),
                area: Area::Group {
                    name: g.name.clone(),
                    members: g.members.clone(),
                },
                child: false,
            });
        }
        let chosen = choices
            .iter()
            .find(|c| c.code == q.area.trim())
            .cloned()
            .ok_or_else(|| AppError::invalid("area", "没有该地区或分组 / no such region or group in your scope"))?;
        // the year before the first shown, for growth rates
        let counted_years: Vec<i32> = (last - YEARS_SHOWN..=last).collect();
        let (book, computed_at) = state
            .service::<Books>()?
            .get(&state.db, scope.path(), &counted_years, today)
            .await?;
        Ok(Scene {
            choices,
            chosen,
            years,
            book,
            computed_at,
            groups,
        })
    }

    /// The direct children of the scope's region, then the groups.
    pub fn breakdown(&self) -> Vec<&AreaChoice> {
        self.choices
            .iter()
            .filter(|c| c.child || matches!(c.area, Area::Group { .. }))
            .collect()
    }
}

/// A figure as a cell shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub year: i32,
    /// The value in its unit, rounded, or `—`.
    pub text: String,
    pub value: Option<f64>,
    /// Why there is no value or what is missing, one line each.
    pub note: String,
    /// Entered (not counted).
    pub entered: bool,
    pub figure: Figure,
}

/// `v` with the unit's decimals and thousands separators.
pub fn show(v: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    if v < 0.0 && text.chars().any(|c| c != '0' && c != '.') {
        out.insert(0, '-');
    }
    out
}

/// The cell of `key` for `area` in `year`.
pub fn cell(book: &Book, key: IndicatorKey, area: &Area, year: i32) -> Cell {
    let s = spec(key);
    let figure = book.figure(key, area, year);
    Cell {
        year,
        text: figure
            .value
            .map_or_else(|| "—".to_owned(), |v| show(v, s.unit.decimals())),
        value: figure.value,
        note: figure.missing.join("\n"),
        entered: !figure.used.is_empty(),
        figure,
    }
}

/// The unit label of `key`.
pub fn unit(key: IndicatorKey, lang: Lang) -> &'static str {
    spec(key).unit.label(lang)
}

#[cfg(test)]
mod tests {
    use super::show;

    #[test]
    fn numbers_are_grouped_and_rounded() {
        assert_eq!(show(1234567.0, 0), "1,234,567");
        assert_eq!(show(1234.5, 2), "1,234.50");
        assert_eq!(show(-0.001, 2), "0.00");
        assert_eq!(show(-12.5, 1), "-12.5");
        assert_eq!(show(999.0, 0), "999");
    }
}
