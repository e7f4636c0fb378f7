//! Turning an input file into plain text: plain text in UTF-8/GBK/GB18030/UTF-16,
//! HTML, .docx and PDF with a text layer. The format is chosen from magic bytes
//! first and the file extension second.

mod docx;
mod html;
mod pdf;
mod text;

pub use docx::docx_to_text;
pub use html::html_to_text;
pub use pdf::pdf_to_text;
pub use text::decode_text;

use crate::parse::error::ParseError;

/// Input formats understood by [`extract_text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Docx,
    Pdf,
}

/// Guesses the format of a file from its bytes and name.
pub fn detect_format(file_name: &str, bytes: &[u8]) -> Result<Format, ParseError> {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"%PDF") {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok(Format::Docx);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ParseError::Unsupported(
            "legacy .doc/.wps (OLE) files; convert to .docx".into(),
        ));
    }
    match ext.as_str() {
        "pdf" => return Ok(Format::Pdf),
        "docx" => return Ok(Format::Docx),
        "htm" | "html" | "shtml" | "xhtml" => return Ok(Format::Html),
        "doc" | "wps" | "xls" | "xlsx" | "ppt" | "pptx" | "zip" => {
            return Err(ParseError::Unsupported(format!(".{ext} files")));
        }
        _ => {}
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<body")
        || head.contains("<p>")
        || head.contains("<div")
    {
        return Ok(Format::Html);
    }
    Ok(Format::Text)
}

/// Extracts plain text from a file, dispatching on its format.
pub fn extract_text(file_name: &str, bytes: &[u8]) -> Result<String, ParseError> {
    if bytes.is_empty() {
        return Err(ParseError::Empty);
    }
    match detect_format(file_name, bytes)? {
        Format::Pdf => pdf_to_text(bytes),
        Format::Docx => docx_to_text(bytes),
        Format::Html => Ok(html_to_text(&decode_text(bytes))),
        Format::Text => Ok(decode_text(bytes)),
    }
}
