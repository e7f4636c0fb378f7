//! .docx to text: reads `word/document.xml` from the archive and writes one line per
//! paragraph (`w:p`), keeping tabs and explicit line breaks.

use crate::parse::error::ParseError;
use quick_xml::Reader;
use quick_xml::events::Event;
use std::io::{Cursor, Read};

/// Largest document part read from an archive (guards against zip bombs).
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// Extracts the paragraphs of a .docx file.
pub fn docx_to_text(bytes: &[u8]) -> Result<String, ParseError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ParseError::Docx(e.to_string()))?;
    let file = archive
        .by_name("word/document.xml")
        .map_err(|_| ParseError::Docx("word/document.xml is missing".into()))?;
    let mut xml = String::new();
    // read one byte past the bound to tell a document at the bound from a
    // larger one, which is refused rather than silently cut
    file.take(MAX_XML_BYTES + 1)
        .read_to_string(&mut xml)
        .map_err(|e| ParseError::Docx(e.to_string()))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(ParseError::Docx(format!(
            "文档正文解压后超过{} MiB / the document unpacks to more than {} MiB",
            MAX_XML_BYTES >> 20,
            MAX_XML_BYTES >> 20
        )));
    }
    document_xml_to_text(&xml)
}

/// Converts WordprocessingML (`word/document.xml`) to text.
pub fn document_xml_to_text(xml: &str) -> Result<String, ParseError> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "t" => in_text = true,
                "tab" => out.push('\t'),
                "br" | "cr" => out.push('\n'),
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "tab" => out.push('\t'),
                "br" | "cr" => out.push('\n'),
                "p" => out.push('\n'),
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => out.push('\n'),
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                let raw: &str = t.as_ref();
                out.push_str(&unescape(raw));
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                let name: &str = r.as_ref();
                out.push_str(&unescape_ref(name));
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(ParseError::Xml(e.to_string())),
            _ => {}
        }
    }
    Ok(out)
}

fn unescape_ref(name: &str) -> String {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse().ok(),
        };
        return code.and_then(char::from_u32).map(String::from).unwrap_or_default();
    }
    unescape(&format!("&{name};"))
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_become_lines() {
        let xml = r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
            <w:p><w:r><w:t>一、总体目标</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">到2020年,</w:t></w:r><w:r><w:t>企业达到600家&amp;以上。</w:t></w:r></w:p>
            </w:body></w:document>"#;
        let text = document_xml_to_text(xml).unwrap_or_default();
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        assert_eq!(lines, ["一、总体目标", "到2020年,企业达到600家&以上。"]);
    }

    #[test]
    fn rejects_non_zip() {
        assert!(docx_to_text(b"not a zip").is_err());
    }
}
