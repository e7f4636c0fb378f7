//! Accuracy on fixtures written in the styles of other municipal plans: full-width
//! digits and punctuation with units on their own line, a Traditional-script web page
//! (HTML input), a .docx built here from WordprocessingML, and a GBK-encoded notice
//! with (1) sub-items. Each goes through `extract_text` like a user's file would.

use crate::common::{Report, evaluate, fixtures_dir, load_expected};
use std::io::Write;

/// Packs a WordprocessingML body into a minimal .docx archive.
fn build_docx(document_xml: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
        let parts = [
            ("[Content_Types].xml", content_types),
            ("word/document.xml", document_xml),
        ];
        for (name, body) in parts {
            zip.start_file(name, opts).unwrap_or_else(|e| panic!("zip {name}: {e}"));
            zip.write_all(body.as_bytes())
                .unwrap_or_else(|e| panic!("zip {name}: {e}"));
        }
        zip.finish().unwrap_or_else(|e| panic!("zip finish: {e}"));
    }
    buf.into_inner()
}

fn input(file: &str) -> (String, Vec<u8>) {
    let path = fixtures_dir().join("extra").join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if let Some(stem) = file.strip_suffix(".xml") {
        let xml = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        return (format!("{stem}.docx"), build_docx(&xml));
    }
    (file.to_string(), bytes)
}

const FIXTURES: &[(&str, &str)] = &[
    ("a_fullwidth_plan.txt", "a_fullwidth_plan"),
    ("b_traditional_page.html", "b_traditional_page"),
    ("c_word_document.xml", "c_word_document"),
    ("d_gbk_notice.txt", "d_gbk_notice"),
];

#[test]
fn extra_fixtures_precision_and_recall() {
    let mut total = Report::default();
    for (file, stem) in FIXTURES {
        let (name, bytes) = input(file);
        let plan = kechuang_plans::parse_file(&name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected = load_expected(&fixtures_dir().join("extra").join(format!("{stem}.expected.json")));
        total.merge(&evaluate(stem, &plan, &expected));
    }
    println!("{}", total.table("Additional fixtures (4 documents, 4 input formats)"));
    for m in &total.misses {
        println!("  {m}");
    }
    for field in [
        "target (indicator+value+unit)",
        "target.indicator",
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

#[test]
fn docx_and_html_give_the_same_text_lines() {
    let (name, bytes) = input("c_word_document.xml");
    let text = kechuang_plans::extract_text(&name, &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.lines().any(|l| l.trim() == "二、主要任务"), "{text}");
    let (name, bytes) = input("b_traditional_page.html");
    let text = kechuang_plans::extract_text(&name, &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert!(!text.contains("_hmt"), "script kept: {text}");
    assert!(text.lines().any(|l| l.trim() == "嘉政發〔2020〕8號"), "{text}");
}
