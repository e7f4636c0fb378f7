//! Likely duplicates among enterprises registered under different credit
//! codes: the same firm typed twice, renamed, or written in Traditional
//! characters. Names are grouped by their core (region prefix and legal form
//! removed, see [`super::core_name`]), earlier names included, and each pair
//! in a group is scored by [`super::similarity`].

use std::collections::HashMap;

use super::names::{LIKELY_SAME, core_name, similarity};

/// One enterprise as the duplicate search sees it.
#[derive(Debug, Clone)]
pub struct NamedFirm<'a> {
    pub id: i64,
    pub name: &'a str,
    pub former_names: &'a [String],
}

/// A likely duplicate pair: ids (lower first), the score (0–1) and the two
/// names that matched best.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicatePair {
    pub a: i64,
    pub b: i64,
    pub score: f64,
    pub matched: (String, String),
}

/// Pairs of different firms whose names (or earlier names) share a core and
/// score at least [`LIKELY_SAME`], best first. Groups larger than
/// `max_group` (a core as common as "科技") are skipped.
pub fn duplicate_pairs(firms: &[NamedFirm<'_>], max_group: usize) -> Vec<DuplicatePair> {
    let mut groups: HashMap<String, Vec<(usize, &str)>> = HashMap::new();
    for (i, f) in firms.iter().enumerate() {
        for name in std::iter::once(f.name).chain(f.former_names.iter().map(String::as_str)) {
            let core = core_name(name);
            if core.chars().count() >= 2 {
                groups.entry(core).or_default().push((i, name));
            }
        }
    }
    let mut best: HashMap<(i64, i64), DuplicatePair> = HashMap::new();
    for members in groups.values().filter(|m| m.len() > 1 && m.len() <= max_group) {
        for (x, &(i, name_i)) in members.iter().enumerate() {
            for &(j, name_j) in &members[x + 1..] {
                let (fi, fj) = (&firms[i], &firms[j]);
                if fi.id == fj.id {
                    continue;
                }
                let score = similarity(name_i, name_j);
                if score < LIKELY_SAME {
                    continue;
                }
                let key = (fi.id.min(fj.id), fi.id.max(fj.id));
                let better = best.get(&key).is_none_or(|p| score > p.score);
                if better {
                    best.insert(
                        key,
                        DuplicatePair {
                            a: key.0,
                            b: key.1,
                            score,
                            matched: (name_i.to_owned(), name_j.to_owned()),
                        },
                    );
                }
            }
        }
    }
    let mut out: Vec<DuplicatePair> = best.into_values().collect();
    out.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.a.cmp(&y.a)).then(x.b.cmp(&y.b)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_renamed_and_traditional_twins_only() {
        let former = vec!["盘锦华晨药业有限公司".to_owned()];
        let none: Vec<String> = Vec::new();
        let firms = [
            NamedFirm {
                id: 1,
                name: "盘锦华晨药业有限公司",
                former_names: &none,
            },
            NamedFirm {
                id: 2,
                name: "盤錦華晨藥業股份有限公司",
                former_names: &none,
            },
            NamedFirm {
                id: 3,
                name: "辽河精工新材料科技有限公司",
                former_names: &former,
            },
            NamedFirm {
                id: 4,
                name: "盘锦辽河油田机械有限公司",
                former_names: &none,
            },
            NamedFirm {
                id: 5,
                name: "盘锦智造科技有限公司",
                former_names: &none,
            },
        ];
        let pairs = duplicate_pairs(&firms, 50);
        let ids: Vec<(i64, i64)> = pairs.iter().map(|p| (p.a, p.b)).collect();
        assert!(
            ids.contains(&(1, 2)),
            "Traditional spelling and another legal form: {pairs:?}"
        );
        assert!(
            ids.contains(&(1, 3)),
            "a firm renamed, its former name recorded: {pairs:?}"
        );
        assert!(
            !ids.iter().any(|&(a, b)| a == 4 || b == 4 || a == 5 || b == 5),
            "{pairs:?}"
        );
        assert!(pairs.windows(2).all(|w| w[0].score >= w[1].score));
    }

    #[test]
    fn oversized_groups_and_one_firm_are_skipped() {
        let none: Vec<String> = Vec::new();
        let same = NamedFirm {
            id: 7,
            name: "云州华晨药业有限公司",
            former_names: &none,
        };
        assert!(
            duplicate_pairs(&[same.clone(), same.clone()], 50).is_empty(),
            "the same firm twice is no pair"
        );
        let firms: Vec<NamedFirm> = (0..5)
            .map(|i| NamedFirm {
                id: i,
                name: "云州华晨药业有限公司",
                former_names: &none,
            })
            .collect();
        assert!(duplicate_pairs(&firms, 4).is_empty());
        assert_eq!(duplicate_pairs(&firms, 5).len(), 10);
    }
}
