//! PDF to text through the `pdf-extract` crate, for PDFs with a text layer. Lines
//! broken by the page layout are joined back into paragraphs.

use crate::parse::error::ParseError;
use crate::parse::headings::detect_marker;
use crate::parse::normalize::normalize;

/// Extracts the text layer of a PDF.
pub fn pdf_to_text(bytes: &[u8]) -> Result<String, ParseError> {
    // The PDF library may panic on malformed input; keep that from reaching callers.
    let owned = bytes.to_vec();
    let result = std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem(&owned));
    let text = match result {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => return Err(ParseError::Pdf(e.to_string())),
        Err(_) => return Err(ParseError::Pdf("the PDF could not be read".into())),
    };
    if text.trim().is_empty() {
        return Err(ParseError::PdfWithoutText);
    }
    Ok(join_wrapped_lines(&text))
}

/// Joins lines that a PDF layout wrapped in the middle of a paragraph: a line is
/// continued when it does not end a sentence and the next line is not a heading.
pub fn join_wrapped_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_open = false;
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            if prev_open {
                out.push('\n');
            }
            prev_open = false;
            continue;
        }
        let is_heading = detect_marker(&normalize(line)).is_some();
        if prev_open && !is_heading {
            out.push_str(line);
        } else {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(line);
        }
        let last = normalize(line).chars().next_back().unwrap_or('。');
        prev_open = !matches!(last, '。' | ':' | ';' | '!' | '?' | ')' | '】') && line.chars().count() >= 20;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_wrapped_paragraphs() {
        let text = "一、总体目标\n到2020年,全市高新技术企业达到600家,科技型中小\n企业达到9100家。\n二、主要任务\n";
        assert_eq!(
            join_wrapped_lines(text),
            "一、总体目标\n到2020年,全市高新技术企业达到600家,科技型中小企业达到9100家。\n二、主要任务"
        );
    }

    #[test]
    fn rejects_garbage() {
        assert!(pdf_to_text(b"%PDF-1.4 garbage").is_err());
    }
}
