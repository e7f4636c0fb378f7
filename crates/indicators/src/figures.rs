//! Evaluating indicators for an area and a year (pure): counted bases are
//! rolled up the region tree, entered figures are taken from the region's
//! own entry or summed from its children, groups of counties add their
//! members, ratios are formed from the sums and growth from the year
//! before. Every figure says what it was made of, or why it has no value.

use crate::catalogue::{Base, Formula, IndicatorKey, Spec, spec};
use crate::count::Bases;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A region as evaluation needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionNode {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
}

/// An entered figure with its source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub value: f64,
    pub source: String,
    pub entered_by: String,
    /// China date and time of the entry, as shown.
    pub entered_at: String,
}

/// Entered figures by (region id, year, base).
pub type Entered = BTreeMap<(i64, i32, Base), Entry>;

/// The area a figure is for: one region with everything below it, or a
/// named group of regions.
#[derive(Debug, Clone, PartialEq)]
pub enum Area {
    Region(i64),
    Group { name: String, members: Vec<i64> },
}

impl Area {
    fn members(&self) -> Vec<i64> {
        match self {
            Area::Region(id) => vec![*id],
            Area::Group { members, .. } => members.clone(),
        }
    }
}

/// An entered figure used in a value, with the region it was entered for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Used {
    pub region: String,
    pub year: i32,
    #[serde(flatten)]
    pub entry: Entry,
}

/// The value of an indicator for an area and year, and what it was made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Rounded to the unit's decimals; `None` when it cannot be formed.
    pub value: Option<f64>,
    /// Why there is no value, or which parts are missing.
    pub missing: Vec<String>,
    /// The entered figures it used.
    pub used: Vec<Used>,
}

/// The figures of a database at one moment: counted bases rolled up to every
/// region, and entered figures.
#[derive(Debug, Clone)]
pub struct Book {
    names: HashMap<i64, String>,
    children: HashMap<i64, Vec<i64>>,
    /// Counted bases of each region including everything below it.
    totals: Bases,
    /// (base, year) pairs with at least one record anywhere.
    covered: BTreeSet<(Base, i32)>,
    entered: Entered,
}

impl Book {
    /// Rolls `counted` (by the region each record belongs to) up the tree.
    pub fn new(regions: &[RegionNode], counted: &Bases, entered: Entered) -> Book {
        let parent: HashMap<i64, Option<i64>> = regions.iter().map(|r| (r.id, r.parent_id)).collect();
        let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
        for r in regions {
            if let Some(p) = r.parent_id {
                children.entry(p).or_default().push(r.id);
            }
        }
        let mut totals = Bases::new();
        let mut covered = BTreeSet::new();
        for (&(region, year, base), &v) in counted {
            covered.insert((base, year));
            let mut at = Some(region);
            let mut guard = 0;
            while let Some(id) = at {
                *totals.entry((id, year, base)).or_insert(0.0) += v;
                at = parent.get(&id).copied().flatten();
                guard += 1;
                if guard > 16 {
                    break;
                }
            }
        }
        Book {
            names: regions.iter().map(|r| (r.id, r.name.clone())).collect(),
            children,
            totals,
            covered,
            entered,
        }
    }

    fn name(&self, id: i64) -> String {
        self.names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"))
    }

    /// The entered figure of a region: its own entry, or the sum of its
    /// children's when every child has one.
    fn entered_of(&self, id: i64, year: i32, base: Base, used: &mut Vec<Used>) -> Result<f64, Vec<String>> {
        if let Some(e) = self.entered.get(&(id, year, base)) {
            used.push(Used {
                region: self.name(id),
                year,
                entry: e.clone(),
            });
            return Ok(e.value);
        }
        let kids = self.children.get(&id).map(Vec::as_slice).unwrap_or_default();
        if kids.is_empty() {
            return Err(vec![self.name(id)]);
        }
        let mut sum = 0.0;
        let mut missing = Vec::new();
        for &k in kids {
            match self.entered_of(k, year, base, used) {
                Ok(v) => sum += v,
                Err(m) => missing.extend(m),
            }
        }
        if missing.is_empty() { Ok(sum) } else { Err(missing) }
    }

    /// The sum of `base` over the area in `year`.
    fn base(&self, area: &Area, year: i32, base: Base, used: &mut Vec<Used>) -> Result<f64, Vec<String>> {
        if base.is_entered() {
            let mut sum = 0.0;
            let mut missing = Vec::new();
            for id in area.members() {
                match self.entered_of(id, year, base, used) {
                    Ok(v) => sum += v,
                    Err(m) => missing.extend(m),
                }
            }
            return if missing.is_empty() {
                Ok(sum)
            } else {
                Err(missing
                    .into_iter()
                    .map(|n| format!("{n}{year}年未录入 / no {year} entry for {n}"))
                    .collect())
            };
        }
        if !self.covered.contains(&(base, year)) {
            return Err(vec![format!("{year}年无记录 / no records for {year}")]);
        }
        Ok(area
            .members()
            .iter()
            .map(|&id| self.totals.get(&(id, year, base)).copied().unwrap_or(0.0))
            .sum())
    }

    /// The unrounded value of `spec`.
    fn raw(&self, s: &Spec, area: &Area, year: i32, used: &mut Vec<Used>) -> Result<f64, Vec<String>> {
        match s.formula {
            Formula::Sum { base, factor } => self.base(area, year, base, used).map(|v| v * factor),
            Formula::Ratio { num, den, factor } => {
                let n = self.base(area, year, num, used);
                let d = self.base(area, year, den, used);
                match (n, d) {
                    (Ok(_), Ok(d)) if d == 0.0 => Err(vec!["分母为零 / the denominator is zero".into()]),
                    (Ok(n), Ok(d)) => Ok(n * factor / d),
                    (n, d) => Err(n.err().into_iter().chain(d.err()).flatten().collect()),
                }
            }
            Formula::Growth { of } => {
                let inner = spec(of);
                let now = self.raw(inner, area, year, used)?;
                match self.raw(inner, area, year - 1, used) {
                    Ok(before) if before != 0.0 => Ok((now - before) / before * 100.0),
                    Ok(_) => Err(vec![format!("{}年为零 / zero in {}", year - 1, year - 1)]),
                    Err(_) => Err(vec![format!("{}年无数据 / no figure for {}", year - 1, year - 1)]),
                }
            }
        }
    }

    /// The figure of `key` for `area` in `year`.
    pub fn figure(&self, key: IndicatorKey, area: &Area, year: i32) -> Figure {
        let s = spec(key);
        let mut used = Vec::new();
        match self.raw(s, area, year, &mut used) {
            Ok(v) if v.is_finite() => Figure {
                value: Some(round(v, s.unit.decimals())),
                missing: vec![],
                used,
            },
            Ok(_) => Figure {
                value: None,
                missing: vec!["无法计算 / not computable".into()],
                used,
            },
            Err(missing) => Figure {
                value: None,
                missing,
                used,
            },
        }
    }
}

/// `v` rounded half away from zero to `decimals` places.
pub fn round(v: f64, decimals: usize) -> f64 {
    let f = 10f64.powi(decimals as i32);
    (v * f).round() / f
}

#[cfg(test)]
mod tests {
    use super::*;
    use IndicatorKey::*;

    fn regions() -> Vec<RegionNode> {
        let r = |id, parent, name: &str| RegionNode {
            id,
            parent_id: parent,
            name: name.into(),
        };
        vec![
            r(1, None, "市"),
            r(2, Some(1), "甲县"),
            r(3, Some(1), "乙县"),
            r(4, Some(1), "丙县"),
        ]
    }

    fn entry(v: f64) -> Entry {
        Entry {
            value: v,
            source: "统计公报".into(),
            entered_by: "clerk".into(),
            entered_at: "2026-03-01 09:00".into(),
        }
    }

    fn book(counted: &[((i64, i32, Base), f64)], entered: &[((i64, i32, Base), f64)]) -> Book {
        Book::new(
            &regions(),
            &counted.iter().copied().collect(),
            entered.iter().map(|&(k, v)| (k, entry(v))).collect(),
        )
    }

    #[test]
    fn counts_roll_up_to_the_city_and_groups_add_members() {
        let b = book(
            &[
                ((2, 2025, Base::HteHeld), 10.0),
                ((3, 2025, Base::HteHeld), 5.0),
                ((1, 2025, Base::HteHeld), 1.0),
            ],
            &[],
        );
        assert_eq!(b.figure(HteHeld, &Area::Region(1), 2025).value, Some(16.0));
        assert_eq!(b.figure(HteHeld, &Area::Region(4), 2025).value, Some(0.0));
        let g = Area::Group {
            name: "示范区".into(),
            members: vec![2, 4],
        };
        assert_eq!(b.figure(HteHeld, &g, 2025).value, Some(10.0));
        let none = b.figure(HteHeld, &Area::Region(1), 2024);
        assert_eq!(none.value, None);
        assert!(none.missing[0].contains("2024"));
    }

    #[test]
    fn growth_is_not_formed_across_a_missing_year() {
        let b = book(
            &[
                ((2, 2023, Base::ContractFen), 1_000_000.0),
                ((2, 2025, Base::ContractFen), 3_000_000.0),
                ((2, 2026, Base::ContractFen), 4_500_000.0),
            ],
            &[],
        );
        let g = b.figure(ContractGrowth, &Area::Region(1), 2025);
        assert_eq!(g.value, None);
        assert!(g.missing[0].contains("2024"), "{:?}", g.missing);
        assert_eq!(b.figure(ContractGrowth, &Area::Region(1), 2026).value, Some(50.0));
        assert_eq!(b.figure(ContractTurnover, &Area::Region(2), 2026).value, Some(4.5));
        // a county with nothing in the year before but records elsewhere: zero, no growth
        let z = b.figure(ContractGrowth, &Area::Region(3), 2026);
        assert_eq!(z.value, None);
    }

    #[test]
    fn entered_figures_come_from_the_region_or_all_its_children() {
        let b = book(
            &[((2, 2025, Base::RdFen), 2.0e10), ((3, 2025, Base::RdFen), 1.0e10)],
            &[
                ((2, 2025, Base::Gdp), 200.0),
                ((3, 2025, Base::Gdp), 100.0),
                ((4, 2025, Base::Gdp), 300.0),
            ],
        );
        let city = b.figure(Gdp, &Area::Region(1), 2025);
        assert_eq!(city.value, Some(600.0));
        assert_eq!(city.used.len(), 3);
        // R&D 3 亿 over GDP 600 亿 = 0.5 %
        assert_eq!(b.figure(RdIntensity, &Area::Region(1), 2025).value, Some(0.5));
        // the city's own entry wins over the sum of its counties
        let b2 = book(&[], &[((1, 2025, Base::Gdp), 650.0), ((2, 2025, Base::Gdp), 200.0)]);
        assert_eq!(b2.figure(Gdp, &Area::Region(1), 2025).value, Some(650.0));
        // a county without an entry: no sum, and the page says which
        let b3 = book(&[], &[((2, 2025, Base::Gdp), 200.0)]);
        let f = b3.figure(Gdp, &Area::Region(1), 2025);
        assert_eq!(f.value, None);
        assert_eq!(f.missing.len(), 2);
        assert!(f.missing.iter().any(|m| m.contains("乙县")));
    }

    #[test]
    fn ratios_are_formed_from_sums_not_averaged() {
        let b = book(
            &[
                ((2, 2026, Base::AboveScale), 10.0),
                ((2, 2026, Base::AboveScaleWithRd), 1.0),
                ((3, 2026, Base::AboveScale), 30.0),
                ((3, 2026, Base::AboveScaleWithRd), 15.0),
            ],
            &[],
        );
        // (1 + 15) / (10 + 30) = 40 %, not the mean of 10 % and 50 %
        assert_eq!(b.figure(AboveScaleRdShare, &Area::Region(1), 2026).value, Some(40.0));
        let zero = b.figure(AboveScaleRdShare, &Area::Region(4), 2026);
        assert_eq!(zero.value, None);
        assert!(zero.missing[0].contains("分母"));
    }

    #[test]
    fn a_province_is_the_sum_of_its_cities() {
        let r = |id, parent, name: &str| RegionNode {
            id,
            parent_id: parent,
            name: name.into(),
        };
        let regions = vec![
            r(100, None, "省"),
            r(1, Some(100), "甲市"),
            r(2, Some(1), "甲县"),
            r(10, Some(100), "乙市"),
            r(11, Some(10), "乙县"),
        ];
        let counted: Bases = [((2, 2025, Base::HteHeld), 4.0), ((11, 2025, Base::HteHeld), 6.0)]
            .into_iter()
            .collect();
        let entered: Entered = [
            ((1, 2025, Base::Population), entry(300.0)),
            ((11, 2025, Base::Population), entry(200.0)),
        ]
        .into_iter()
        .collect();
        let b = Book::new(&regions, &counted, entered);
        assert_eq!(b.figure(HteHeld, &Area::Region(100), 2025).value, Some(10.0));
        // 甲市 entered its own figure, 乙市 is the sum of its one county
        let pop = b.figure(Population, &Area::Region(100), 2025);
        assert_eq!(pop.value, Some(500.0));
        assert_eq!(pop.used.len(), 2);
    }

    #[test]
    fn rounding_follows_the_unit() {
        let b = book(&[((2, 2025, Base::ContractFen), 12_345_678.0)], &[]);
        assert_eq!(b.figure(ContractTurnover, &Area::Region(2), 2025).value, Some(12.35));
        assert_eq!(round(2.5, 0), 3.0);
        assert_eq!(round(-2.5, 0), -3.0);
    }
}
