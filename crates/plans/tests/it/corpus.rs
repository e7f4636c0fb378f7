//! Accuracy of the parser on the five seed documents against hand-checked
//! expectations: prints a precision/recall table per field and requires at least 95%
//! precision and recall on targets and tasks over the whole corpus.

use crate::common::{Report, evaluate, fixtures_dir, load_expected};

const SEEDS: &[&str] = &[
    "000_e84bb350eafca406",
    "001_2765f1bceae594eb",
    "002_2c1d7a2fca281c92",
    "003_95574dca455f0a31",
    "004_4e90a411367dfbcd",
];

#[test]
fn seed_corpus_precision_and_recall() {
    let dir = fixtures_dir();
    let mut total = Report::default();
    for stem in SEEDS {
        let text = std::fs::read_to_string(dir.join("seeds").join(format!("{stem}.txt")))
            .unwrap_or_else(|e| panic!("{stem}: {e}"));
        let expected = load_expected(&dir.join(format!("{stem}.expected.json")));
        let plan = kechuang_plans::parse_plan(&text);
        let report = evaluate(stem, &plan, &expected);
        total.merge(&report);
    }
    println!("{}", total.table("Seed corpus (5 documents)"));
    for m in &total.misses {
        println!("  {m}");
    }
    for field in [
        "target (indicator+value+unit)",
        "target.indicator",
        "target.value",
        "target.unit",
        "target.year",
        "target.baseline",
        "task (all fields)",
        "task.numbering",
        "task.title",
        "task.lead_units",
        "task.responsible_units",
    ] {
        let c = total.get(field);
        assert!(
            c.precision() >= 0.95,
            "{field}: precision {:.3} below 0.95",
            c.precision()
        );
        assert!(c.recall() >= 0.95, "{field}: recall {:.3} below 0.95", c.recall());
    }
}
