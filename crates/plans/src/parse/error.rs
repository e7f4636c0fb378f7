//! Errors raised while turning a file into plain text.

use thiserror::Error;

/// Why a file could not be turned into text.
#[derive(Debug, Error)]
pub enum ParseError {
    #[error("unsupported file format: {0}")]
    Unsupported(String),
    #[error("the file is empty")]
    Empty,
    #[error("cannot read the .docx archive: {0}")]
    Docx(String),
    #[error("cannot read the document XML: {0}")]
    Xml(String),
    #[error("cannot extract text from the PDF: {0}")]
    Pdf(String),
    #[error("the PDF has no text layer")]
    PdfWithoutText,
}
