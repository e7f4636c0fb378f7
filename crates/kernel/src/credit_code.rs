//! The unified social credit code (统一社会信用代码) of GB 32100-2015.
//!
//! An 18-character identifier every legal entity and other organisation in
//! mainland China carries for life:
//!
//! | position | meaning |
//! |---|---|
//! | 1 | registration authority code (登记管理部门代码) |
//! | 2 | entity category code (机构类别代码), meaningful per authority |
//! | 3-8 | administrative division code of the registering office (GB/T 2260) |
//! | 9-17 | organisation code (主体标识码, GB 11714); its last character is a check character |
//! | 18 | check character over positions 1-17 (GB/T 17710, ISO 7064 style) |
//!
//! Only the 31 characters `0123456789ABCDEFGHJKLMNPQRTUWXY` are used (no I, O,
//! Z, S or V). [`CreditCode::parse`] trims the input, upper-cases it, accepts
//! full-width digits and letters as typed by Chinese input methods, and checks
//! every rule above; a [`CreditCode`] therefore always holds a valid,
//! canonical (upper-case, half-width) code.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Length of a unified social credit code in characters.
pub const LEN: usize = 18;

/// The 31 characters a credit code may contain, in check-value order: a
/// character's index in this string is its value for the final check.
pub const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1-17 for the final check character (3^(i-1) mod 31).
const CHECK_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Weights of the first eight organisation-code characters (GB 11714).
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Registration authorities and the entity categories each may issue
/// (GB 32100-2015 Table 1 with its amendments): `(authority, categories,
/// authority name, category names)`.
const AUTHORITIES: &[(char, &str, &str, &[&str])] = &[
    (
        '1',
        "1239",
        "机构编制",
        &["机关", "事业单位", "中央编办直接管理机构编制的群众团体", "其他"],
    ),
    ('2', "19", "外交", &["外国常驻新闻机构", "其他"]),
    (
        '3',
        "123459",
        "司法行政",
        &[
            "律师执业机构",
            "公证处",
            "基层法律服务所",
            "司法鉴定机构",
            "仲裁委员会",
            "其他",
        ],
    ),
    ('4', "19", "文化", &["外国在华文化中心", "其他"]),
    ('5', "1239", "民政", &["社会团体", "民办非企业单位", "基金会", "其他"]),
    (
        '6',
        "129",
        "旅游",
        &[
            "外国旅游部门常驻代表机构",
            "港澳台地区旅游部门常驻内地(大陆)代表机构",
            "其他",
        ],
    ),
    ('7', "129", "宗教", &["宗教活动场所", "宗教院校", "其他"]),
    ('8', "19", "工会", &["基层工会", "其他"]),
    ('9', "123", "工商", &["企业", "个体工商户", "农民专业合作社"]),
    ('A', "19", "中央军委改革和编制办公室", &["军队事业单位", "其他"]),
    (
        'N',
        "1239",
        "农业",
        &["组级集体经济组织", "村级集体经济组织", "乡镇级集体经济组织", "其他"],
    ),
    ('Y', "1", "其他", &["其他"]),
];

/// Why a string is not a valid unified social credit code.
///
/// Positions are 1-based, counted after trimming, as printed on a licence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    /// Not 18 characters long after trimming.
    #[error("统一社会信用代码应为18位，实际为{actual}位 / credit code must be 18 characters, got {actual}")]
    Length { actual: usize },
    /// A character outside the 31-character set (or inner whitespace).
    #[error(
        "统一社会信用代码第{position}位字符“{found}”无效，只能使用数字和除I、O、Z、S、V以外的大写字母 / invalid character {found:?} at position {position}"
    )]
    InvalidChar { position: usize, found: char },
    /// Position 1 is not a registration authority code.
    #[error("统一社会信用代码第1位登记管理部门代码“{found}”不存在 / unknown registration authority code {found:?}")]
    UnknownAuthority { found: char },
    /// Position 2 is not an entity category of the authority in position 1.
    #[error(
        "统一社会信用代码第2位机构类别代码“{found}”不属于登记管理部门“{authority}” / unknown entity category {found:?} for registration authority {authority:?}"
    )]
    UnknownCategory { authority: char, found: char },
    /// Positions 3-8 are not six digits.
    #[error(
        "统一社会信用代码第3-8位行政区划码“{found}”应为6位数字 / administrative division code must be 6 digits, got {found:?}"
    )]
    DivisionNotDigits { found: String },
    /// Position 17, the organisation code's own check character, is wrong.
    #[error(
        "统一社会信用代码第17位（组织机构代码校验码）应为{expected}，实际为{found} / organisation-code check character should be {expected}, got {found}"
    )]
    OrganisationCheckMismatch { expected: char, found: char },
    /// Position 18, the check character, is wrong.
    #[error(
        "统一社会信用代码第18位校验码应为{expected}，实际为{found} / check character should be {expected}, got {found}"
    )]
    CheckCharMismatch { expected: char, found: char },
}

/// A validated unified social credit code in canonical form (upper-case,
/// half-width, no whitespace).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CreditCode(String);

impl CreditCode {
    /// Validates `input` and returns it in canonical form.
    ///
    /// Surrounding whitespace is ignored, lower-case letters and full-width
    /// digits and letters are accepted; inner whitespace is rejected.
    pub fn parse(input: &str) -> Result<CreditCode, CreditCodeError> {
        let trimmed = input.trim();
        let chars: Vec<char> = trimmed.chars().map(normalise_char).collect();
        if let Some(pos) = chars.iter().position(|c| c.is_whitespace()) {
            return Err(CreditCodeError::InvalidChar {
                position: pos + 1,
                found: chars[pos],
            });
        }
        if chars.len() != LEN {
            return Err(CreditCodeError::Length { actual: chars.len() });
        }
        let mut values = [0u32; LEN];
        for (i, &c) in chars.iter().enumerate() {
            values[i] = char_value(c).ok_or(CreditCodeError::InvalidChar {
                position: i + 1,
                found: c,
            })?;
        }

        let (authority, category) = (chars[0], chars[1]);
        match AUTHORITIES.iter().find(|a| a.0 == authority) {
            None => return Err(CreditCodeError::UnknownAuthority { found: authority }),
            Some(a) if !a.1.contains(category) => {
                return Err(CreditCodeError::UnknownCategory {
                    authority,
                    found: category,
                });
            }
            Some(_) => {}
        }

        if !chars[2..8].iter().all(char::is_ascii_digit) {
            return Err(CreditCodeError::DivisionNotDigits {
                found: chars[2..8].iter().collect(),
            });
        }

        let org_expected = org_check(&chars[8..16]).expect("charset checked above");
        if chars[16] != org_expected {
            return Err(CreditCodeError::OrganisationCheckMismatch {
                expected: org_expected,
                found: chars[16],
            });
        }

        let expected = check_from_values(&values[..17]);
        if chars[17] != expected {
            return Err(CreditCodeError::CheckCharMismatch {
                expected,
                found: chars[17],
            });
        }

        Ok(CreditCode(chars.into_iter().collect()))
    }

    /// The canonical 18-character code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code as one number (base 31 over [`CHARSET`]): distinct codes give
    /// distinct numbers, so sets of a million codes fit in 16 bytes each.
    pub fn packed(&self) -> u128 {
        self.0.bytes().fold(0u128, |acc, b| {
            let digit = CHARSET.bytes().position(|c| c == b).unwrap_or(0) as u128;
            acc * 31 + digit
        })
    }

    /// Registration authority code (position 1), e.g. `'9'` for 工商.
    pub fn authority_code(&self) -> char {
        self.0.as_bytes()[0] as char
    }

    /// Entity category code (position 2), e.g. `'1'` for 企业 under 工商.
    pub fn category_code(&self) -> char {
        self.0.as_bytes()[1] as char
    }

    /// Chinese name of the registration authority, e.g. "工商".
    pub fn authority_name(&self) -> &'static str {
        self.authority_entry().2
    }

    /// Chinese name of the entity category, e.g. "企业".
    pub fn category_name(&self) -> &'static str {
        let entry = self.authority_entry();
        let idx = entry.1.find(self.category_code()).expect("validated on parse");
        entry.3[idx]
    }

    /// Administrative division code of the registering office (positions 3-8).
    pub fn division_code(&self) -> &str {
        &self.0[2..8]
    }

    /// Organisation code (主体标识码, positions 9-17) including its check character.
    pub fn organisation_code(&self) -> &str {
        &self.0[8..17]
    }

    /// Whether the code was issued to an enterprise by market regulation (91).
    pub fn is_enterprise(&self) -> bool {
        self.0.starts_with("91")
    }

    fn authority_entry(&self) -> &'static (char, &'static str, &'static str, &'static [&'static str]) {
        let a = self.authority_code();
        AUTHORITIES.iter().find(|e| e.0 == a).expect("validated on parse")
    }
}

/// Computes the check character (position 18) for the first 17 characters.
///
/// Returns `None` unless `first17` is exactly 17 characters from [`CHARSET`]
/// (lower-case letters are accepted). Only the character set is checked, not
/// the other rules of [`CreditCode::parse`].
pub fn compute_check_char(first17: &str) -> Option<char> {
    let mut values = [0u32; 17];
    let mut n = 0;
    for c in first17.chars() {
        if n == 17 {
            return None;
        }
        values[n] = char_value(c.to_ascii_uppercase())?;
        n += 1;
    }
    (n == 17).then(|| check_from_values(&values))
}

/// Computes the GB 11714 organisation-code check character for its first
/// eight characters (digits and upper- or lower-case ASCII letters).
///
/// The result is a digit or `'X'`. A code for use inside a credit code must
/// also keep to [`CHARSET`]; this function does not require that.
pub fn compute_organisation_check_char(first8: &str) -> Option<char> {
    let chars: Vec<char> = first8.chars().map(|c| c.to_ascii_uppercase()).collect();
    if chars.len() != 8 {
        return None;
    }
    org_check(&chars)
}

/// Maps full-width ASCII (U+FF01..U+FF5E) and the ideographic space to their
/// half-width forms, then upper-cases ASCII letters.
fn normalise_char(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    c.to_ascii_uppercase()
}

/// Value of a character in [`CHARSET`], or `None` if it is not in the set.
fn char_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        'A'..='Z' => CHARSET[10..].find(c).map(|i| i as u32 + 10),
        _ => None,
    }
}

fn check_from_values(values: &[u32]) -> char {
    let sum: u32 = values.iter().zip(CHECK_WEIGHTS).map(|(v, w)| v * w).sum();
    let idx = (31 - sum % 31) % 31;
    CHARSET.as_bytes()[idx as usize] as char
}

/// GB 11714: C9 = 11 - (sum of Ci * Wi mod 11), 10 -> 'X', 11 -> '0', where
/// digits count as themselves and letters A..Z as 10..35.
fn org_check(first8: &[char]) -> Option<char> {
    let mut sum = 0u32;
    for (&c, w) in first8.iter().zip(ORG_WEIGHTS) {
        let v = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            _ => return None,
        };
        sum += v * w;
    }
    Some(match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10).expect("0..=9"),
    })
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for CreditCode {
    type Err = CreditCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CreditCode::parse(s)
    }
}

impl TryFrom<&str> for CreditCode {
    type Error = CreditCodeError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        CreditCode::parse(s)
    }
}

impl TryFrom<String> for CreditCode {
    type Error = CreditCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        CreditCode::parse(&s)
    }
}

impl AsRef<str> for CreditCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<CreditCode> for String {
    fn from(code: CreditCode) -> String {
        code.0
    }
}

impl Serialize for CreditCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for CreditCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        CreditCode::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests;
