//! Input formats through the public API: a PDF with a text layer built here, format
//! detection, decoding of GBK text, and the example shown in SCHEMA.md.

use kechuang_plans::parse::extract::{Format, detect_format};
use kechuang_plans::{ParseError, TargetKind, extract_text, parse_plan};

/// Builds a one-page PDF whose text layer holds `lines` (ASCII, Helvetica).
fn build_pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 12 Tf 72 720 Td 14 TL\n");
    for l in lines {
        content.push_str(&format!("({l}) Tj T*\n"));
    }
    content.push_str("ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1));
    for off in offsets {
        pdf.push_str(&format!("{off:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}

#[test]
fn pdf_text_layer_is_extracted() {
    let bytes = build_pdf(&["Plan 2021-2025", "1. Target 600 units."]);
    let text = extract_text("plan.pdf", &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains("Plan 2021-2025"), "{text:?}");
    assert!(text.contains("Target 600 units."), "{text:?}");
}

#[test]
fn formats_are_detected() {
    let cases: &[(&str, &[u8], Format)] = &[
        ("a.pdf", b"%PDF-1.7", Format::Pdf),
        ("a.bin", b"PK\x03\x04rest", Format::Docx),
        ("a.html", "<p>一、总则</p>".as_bytes(), Format::Html),
        ("a", b"<!DOCTYPE html><html>", Format::Html),
        ("a.txt", "一、总则".as_bytes(), Format::Text),
    ];
    for (name, bytes, want) in cases {
        assert_eq!(detect_format(name, bytes).ok(), Some(*want), "{name}");
    }
    assert!(matches!(
        detect_format("a.doc", b"\xD0\xCF\x11\xE0"),
        Err(ParseError::Unsupported(_))
    ));
    assert!(matches!(extract_text("a.txt", b""), Err(ParseError::Empty)));
}

#[test]
fn schema_example_holds() {
    let text = "某市科技创新行动计划(2021-2023年)\n一、主要目标\n到2023年,高新技术企业由300家增加到500家,研发经费投入占GDP比重达到2.5%。\n二、重点任务\n(一)培育创新主体。每年新增科技型中小企业200家。对新认定的高新技术企业给予20万元奖励(市级、县级分别负担50%)。(牵头单位:市科技局;责任单位:市财政局、各县(市、区)政府)";
    let plan = parse_plan(text);
    assert_eq!(plan.title.as_deref(), Some("某市科技创新行动计划(2021-2023年)"));
    assert_eq!((plan.period.start_year, plan.period.end_year), (Some(2021), Some(2023)));
    let t = &plan.targets[0];
    assert_eq!(
        (t.indicator.as_str(), t.baseline, t.target_value, t.unit.as_deref()),
        ("高新技术企业", Some(300.0), 500.0, Some("家"))
    );
    assert_eq!(
        (t.target_year, t.kind, t.section.as_str()),
        (Some(2023), TargetKind::Level, "一")
    );
    assert_eq!(plan.targets.len(), 3);
    assert_eq!(plan.targets[2].kind, TargetKind::AnnualIncrease);
    let task = &plan.tasks[0];
    assert_eq!(task.numbering, "二(一)");
    assert_eq!(task.title.as_deref(), Some("培育创新主体"));
    assert_eq!(task.lead_units, ["市科技局"]);
    assert_eq!(task.responsible_units, ["市财政局", "各县(市、区)政府"]);
    let inc = &plan.incentives[0];
    assert_eq!(
        (inc.beneficiary.as_deref(), inc.amount_yuan),
        (Some("新认定的高新技术企业"), Some(200_000))
    );
    assert_eq!(
        inc.cost_share.map(|c| (c.municipal_pct, c.county_pct)),
        Some((50.0, 50.0))
    );
    println!("{}", kechuang_plans::plan_to_json(&plan));
}
