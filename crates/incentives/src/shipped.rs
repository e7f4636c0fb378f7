//! The rule sets shipped with kechuang (the directories of `rules/` at the
//! repository root), compiled into the binary so a server needs no files to
//! pay under them. A test checks this list against the directories.

use crate::rules::{RuleError, RuleSet, load_set_from};
use std::path::Path;

/// (set directory, file name, text) of every shipped file.
pub static FILES: &[(&str, &str, &str)] = &[
    (
        "langfang-2021",
        "digital-transformation.toml",
        include_str!("../../../rules/langfang-2021/digital-transformation.toml"),
    ),
    (
        "langfang-2021",
        "equity-investment.toml",
        include_str!("../../../rules/langfang-2021/equity-investment.toml"),
    ),
    (
        "langfang-2021",
        "hte-new.toml",
        include_str!("../../../rules/langfang-2021/hte-new.toml"),
    ),
    (
        "langfang-2021",
        "hte-recertified.toml",
        include_str!("../../../rules/langfang-2021/hte-recertified.toml"),
    ),
    (
        "langfang-2021",
        "leading-enterprise-project.toml",
        include_str!("../../../rules/langfang-2021/leading-enterprise-project.toml"),
    ),
    (
        "langfang-2021",
        "loan-increment.toml",
        include_str!("../../../rules/langfang-2021/loan-increment.toml"),
    ),
    (
        "langfang-2021",
        "set.toml",
        include_str!("../../../rules/langfang-2021/set.toml"),
    ),
    (
        "langfang-2021",
        "tech-upgrade.toml",
        include_str!("../../../rules/langfang-2021/tech-upgrade.toml"),
    ),
    (
        "luoyang-2019",
        "heluo-team.toml",
        include_str!("../../../rules/luoyang-2019/heluo-team.toml"),
    ),
    (
        "luoyang-2019",
        "joint-platform.toml",
        include_str!("../../../rules/luoyang-2019/joint-platform.toml"),
    ),
    (
        "luoyang-2019",
        "rd-institution.toml",
        include_str!("../../../rules/luoyang-2019/rd-institution.toml"),
    ),
    (
        "luoyang-2019",
        "set.toml",
        include_str!("../../../rules/luoyang-2019/set.toml"),
    ),
    (
        "panjin-2019",
        "doctor-home.toml",
        include_str!("../../../rules/panjin-2019/doctor-home.toml"),
    ),
    (
        "panjin-2019",
        "doctor-startup.toml",
        include_str!("../../../rules/panjin-2019/doctor-startup.toml"),
    ),
    (
        "panjin-2019",
        "hte-new.toml",
        include_str!("../../../rules/panjin-2019/hte-new.toml"),
    ),
    (
        "panjin-2019",
        "incubator.toml",
        include_str!("../../../rules/panjin-2019/incubator.toml"),
    ),
    (
        "panjin-2019",
        "ip-pledge-interest.toml",
        include_str!("../../../rules/panjin-2019/ip-pledge-interest.toml"),
    ),
    (
        "panjin-2019",
        "overseas-startup.toml",
        include_str!("../../../rules/panjin-2019/overseas-startup.toml"),
    ),
    (
        "panjin-2019",
        "rd-institution.toml",
        include_str!("../../../rules/panjin-2019/rd-institution.toml"),
    ),
    (
        "panjin-2019",
        "salary-national-leading.toml",
        include_str!("../../../rules/panjin-2019/salary-national-leading.toml"),
    ),
    (
        "panjin-2019",
        "salary-top.toml",
        include_str!("../../../rules/panjin-2019/salary-top.toml"),
    ),
    (
        "panjin-2019",
        "set.toml",
        include_str!("../../../rules/panjin-2019/set.toml"),
    ),
    (
        "panjin-2019",
        "talent-grant.toml",
        include_str!("../../../rules/panjin-2019/talent-grant.toml"),
    ),
    (
        "panjin-2019",
        "talent-matching.toml",
        include_str!("../../../rules/panjin-2019/talent-matching.toml"),
    ),
    (
        "panjin-2019",
        "team-funding.toml",
        include_str!("../../../rules/panjin-2019/team-funding.toml"),
    ),
    (
        "panjin-2019",
        "transfer-project.toml",
        include_str!("../../../rules/panjin-2019/transfer-project.toml"),
    ),
];

/// The shipped sets, read and checked.
pub fn sets() -> Result<Vec<RuleSet>, RuleError> {
    let mut dirs: Vec<&str> = FILES.iter().map(|(d, _, _)| *d).collect();
    dirs.dedup();
    dirs.iter()
        .map(|d| {
            let files: Vec<(String, String)> = FILES
                .iter()
                .filter(|(dir, _, _)| dir == d)
                .map(|(_, n, t)| ((*n).to_owned(), (*t).to_owned()))
                .collect();
            load_set_from(&Path::new("rules").join(d), &files)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_under_rules_is_shipped() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
        let mut on_disk = Vec::new();
        for d in std::fs::read_dir(&root).unwrap() {
            let d = d.unwrap().path();
            if !d.is_dir() {
                continue;
            }
            for f in std::fs::read_dir(&d).unwrap() {
                let f = f.unwrap().path();
                if f.extension().is_some_and(|x| x == "toml") {
                    let dir = d.file_name().unwrap().to_string_lossy().into_owned();
                    on_disk.push((dir, f.file_name().unwrap().to_string_lossy().into_owned()));
                }
            }
        }
        on_disk.sort();
        let mut shipped: Vec<(String, String)> = FILES
            .iter()
            .map(|(d, n, _)| ((*d).to_owned(), (*n).to_owned()))
            .collect();
        shipped.sort();
        assert_eq!(
            shipped, on_disk,
            "src/shipped.rs must list every rule file under rules/"
        );
    }

    #[test]
    fn the_shipped_sets_load() {
        let sets = sets().unwrap();
        let ids: Vec<&str> = sets.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["langfang-2021", "luoyang-2019", "panjin-2019"]);
        for s in &sets {
            assert!(!s.rules.is_empty(), "{}", s.id);
        }
    }
}
