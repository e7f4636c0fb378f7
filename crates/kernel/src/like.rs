//! `LIKE` patterns from user text, decided once: `%`, `_` and the escape
//! character itself match literally, on both backends. Every pattern made
//! here is used with `LIKE … ESCAPE '\'` ([`ESCAPE`]), so `q=%` finds names
//! holding a percent sign instead of listing everything.

/// The clause to follow every `LIKE` whose pattern comes from here.
pub const ESCAPE: &str = " ESCAPE '\\'";

/// `text` with the pattern characters escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A pattern matching text that contains `text`.
pub fn contains(text: &str) -> String {
    format!("%{}%", escape(text))
}

/// A pattern matching text that starts with `text`.
pub fn starts_with(text: &str) -> String {
    format!("{}%", escape(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_characters_match_literally() {
        assert_eq!(contains("科技"), "%科技%");
        assert_eq!(contains("%"), "%\\%%");
        assert_eq!(contains("a_b\\c"), "%a\\_b\\\\c%");
        assert_eq!(starts_with("C39"), "C39%");
        assert_eq!(ESCAPE, " ESCAPE '\\'");
    }
}
