//! Text decoding for CSV files: UTF-8 (with or without BOM), UTF-16 with BOM, else GBK/GB18030.

use std::borrow::Cow;

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// Decode `bytes` to text and name the encoding that was used; valid UTF-8
/// is borrowed, not copied.
pub(crate) fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest), "UTF-8 (BOM)");
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let name = if enc == UTF_16LE {
            "UTF-16LE"
        } else if enc == UTF_16BE {
            "UTF-16BE"
        } else {
            enc.name()
        };
        return (Cow::Owned(text.into_owned()), name);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (Cow::Borrowed(text), "UTF-8");
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    // GBK is a subset of GB18030, so the GB18030 decoder reads both.
    let enc = if guess == UTF_8 || guess == encoding_rs::GBK || guess == GB18030 {
        GB18030
    } else {
        guess
    };
    let (text, _, _) = enc.decode(bytes);
    let name = if enc == GB18030 { "GB18030" } else { enc.name() };
    (Cow::Owned(text.into_owned()), name)
}
