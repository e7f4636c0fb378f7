//! Repair of a capture artefact seen in web copies of policy documents: after a lost
//! byte, GBK-encoded text was decoded one byte out of step, producing "??" followed
//! by a run of unrelated characters (??萍夹椭行∑髽I for 科技型中小企業). The run is
//! re-encoded as GBK, shifted by one byte and decoded again; the result is kept only
//! when it reads as ordinary text and the original did not.

use encoding_rs::GBK;
use std::borrow::Cow;

/// Longest run (in characters) examined after a "??" marker.
const MAX_RUN: usize = 40;

/// A character among the 3755 most frequent hanzi (GB2312 level 1), in its
/// Simplified form.
fn is_common(c: char) -> bool {
    let s = kechuang_text::simplify_char(c).to_string();
    let (bytes, _, unmappable) = GBK.encode(&s);
    // GB2312 level-1 characters: the 3755 most frequent hanzi.
    !unmappable && bytes.len() == 2 && (0xB0..=0xD7).contains(&bytes[0]) && bytes[1] >= 0xA1
}

fn score(s: &str) -> f64 {
    let n = s.chars().count();
    if n == 0 {
        return 0.0;
    }
    s.chars().filter(|c| is_common(*c)).count() as f64 / n as f64
}

fn try_shift(run: &str) -> Option<String> {
    let (bytes, _, unmappable) = GBK.encode(run);
    if unmappable || bytes.len() < 3 {
        return None;
    }
    let (decoded, had_errors) = GBK.decode_without_bom_handling(&bytes[1..]);
    if had_errors {
        return None;
    }
    let candidate = decoded.into_owned();
    (score(&candidate) >= 0.85 && score(run) < 0.75).then_some(candidate)
}

/// Repairs byte-shifted GBK runs that follow "??" markers.
pub fn repair_shifted_gbk(text: &str) -> Cow<'_, str> {
    if !text.contains("??") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(i) = rest.find("??") {
        let after = i + 2;
        out.push_str(&rest[..after]);
        let tail = &rest[after..];
        let run_len: usize = tail
            .chars()
            .take(MAX_RUN)
            .take_while(|c| {
                !c.is_ascii_digit() && !c.is_whitespace() && !matches!(c, '?' | ',' | '。' | '，' | '、' | ';' | ':')
            })
            .map(char::len_utf8)
            .sum();
        let run = &tail[..run_len];
        match try_shift(run) {
            Some(fixed) => {
                out.push_str(&fixed);
                changed = true;
            }
            None => out.push_str(run),
        }
        rest = &tail[run_len..];
    }
    out.push_str(rest);
    if changed { Cow::Owned(out) } else { Cow::Borrowed(text) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_shifted_run() {
        let fixed = repair_shifted_gbk("創新主體迅速壯大??萍夹椭行∑髽I由8796家增長到1萬家");
        assert_eq!(fixed, "創新主體迅速壯大??技型中小企業由8796家增長到1萬家");
    }

    #[test]
    fn leaves_normal_text_alone() {
        for s in [
            "鼓勵國有企業設立??顚S?、獨立核算",
            "what?? nothing",
            "普通文本??高新技术企业达到600家",
        ] {
            assert_eq!(repair_shifted_gbk(s), s);
        }
    }
}
