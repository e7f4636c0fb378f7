//! Decoding text bytes: byte-order marks, UTF-8, and otherwise a guess among legacy
//! encodings (GBK/GB18030 in practice) with chardetng, decoded by encoding_rs.

use encoding_rs::{Encoding, GB18030, UTF_8};

/// Decodes bytes into a string, never failing (undecodable bytes become U+FFFD).
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    if let Some(enc) = declared_charset(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return text.into_owned();
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Deny);
    // GB18030 is a superset of GBK and GB2312.
    let enc = if guess.name() == "GBK" || guess.name() == "gb18030" {
        GB18030
    } else {
        guess
    };
    let enc = if enc == UTF_8 { GB18030 } else { enc };
    let (text, _) = enc.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// A charset declared in an HTML/XML head (`charset=gbk`, `encoding="gb2312"`).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    for key in ["charset=", "encoding="] {
        if let Some(i) = head.find(key) {
            let rest = head[i + key.len()..].trim_start_matches(['"', '\'', ' ']);
            let label: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if let Some(enc) = Encoding::for_label(label.as_bytes()) {
                return Some(if enc.name() == "GBK" { GB18030 } else { enc });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_common_encodings() {
        let s = "廊坊市加强创新能力开放合作实施方案:到2020年高新技术企业达到600家。";
        let (gbk, _, _) = encoding_rs::GBK.encode(s);
        assert_eq!(decode_text(&gbk), s);
        let (gb18030, _, _) = GB18030.encode(s);
        assert_eq!(decode_text(&gb18030), s);
        assert_eq!(decode_text(s.as_bytes()), s);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode_text(&bom), s);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(s.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode_text(&utf16), s);
    }

    #[test]
    fn decodes_traditional_big5_or_gbk() {
        let s = "盤錦市人民政府辦公室關於推進科技創新的實施意見,到2021年高新技術企業達到140家。";
        let (gbk, _, _) = GB18030.encode(s);
        assert_eq!(decode_text(&gbk), s);
    }
}
