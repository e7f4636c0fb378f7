//! Tests of `credit_code`: tables of cases and properties.

use super::*;

/// Published codes of well-known enterprises (91 = 工商/企业).
const VALID: &[&str] = &[
    "914403001922038216",
    "91330100799655058B",
    "91110108551385082Q",
    "91110000802100433B",
    "91110000710926094P",
    "9144030071526726XG",
];

#[test]
fn accepts_valid_codes() {
    for code in VALID.iter().chain(GENERATED_VALID) {
        let parsed = CreditCode::parse(code).unwrap_or_else(|e| panic!("{code}: {e}"));
        assert_eq!(parsed.as_str(), *code);
        assert_eq!(parsed.to_string(), *code);
    }
}

#[test]
fn normalises_case_width_and_surrounding_whitespace() {
    let c = CreditCode::parse("  91330100799655058b\t").unwrap();
    assert_eq!(c.as_str(), "91330100799655058B");
    let c = CreditCode::parse("\u{3000}９１３３０１００７９９６５５０５８Ｂ").unwrap();
    assert_eq!(c.as_str(), "91330100799655058B");
}

#[test]
fn parts_and_names() {
    let c = CreditCode::parse("914403001922038216").unwrap();
    assert_eq!(c.authority_code(), '9');
    assert_eq!(c.category_code(), '1');
    assert_eq!(c.authority_name(), "工商");
    assert_eq!(c.category_name(), "企业");
    assert_eq!(c.division_code(), "440300");
    assert_eq!(c.organisation_code(), "192203821");
    assert!(c.is_enterprise());
}

#[test]
fn rejects_every_kind_of_invalid_code() {
    use CreditCodeError::*;
    let cases: &[(&str, CreditCodeError)] = &[
        ("", Length { actual: 0 }),
        ("91330100799655058", Length { actual: 17 }),
        ("91330100799655058BB", Length { actual: 19 }),
        (
            "913301007 99655058B",
            InvalidChar {
                position: 10,
                found: ' ',
            },
        ),
        (
            "91330100799655O58B",
            InvalidChar {
                position: 15,
                found: 'O',
            },
        ),
        (
            "91330100799655058I",
            InvalidChar {
                position: 18,
                found: 'I',
            },
        ),
        (
            "9133010079965505-B",
            InvalidChar {
                position: 17,
                found: '-',
            },
        ),
        (
            "9133010079965505５中",
            InvalidChar {
                position: 18,
                found: '中',
            },
        ),
        ("B1330100799655058B", UnknownAuthority { found: 'B' }),
        ("01330100799655058B", UnknownAuthority { found: '0' }),
        (
            "94330100799655058B",
            UnknownCategory {
                authority: '9',
                found: '4',
            },
        ),
        (
            "Y2330100799655058B",
            UnknownCategory {
                authority: 'Y',
                found: '2',
            },
        ),
        (
            "1A330100799655058B",
            UnknownCategory {
                authority: '1',
                found: 'A',
            },
        ),
        ("9133A100799655058B", DivisionNotDigits { found: "33A100".into() }),
        (
            "91330100799655059B",
            OrganisationCheckMismatch {
                expected: '8',
                found: '9',
            },
        ),
        (
            // the org code digits transposed: caught by the organisation check
            "91330100797955058B",
            OrganisationCheckMismatch {
                expected: '7',
                found: '8',
            },
        ),
        (
            "91110000100000589B",
            OrganisationCheckMismatch {
                expected: '5',
                found: '9',
            },
        ),
        (
            "91330100799655058C",
            CheckCharMismatch {
                expected: 'B',
                found: 'C',
            },
        ),
        (
            // another division: organisation code still fine, final check not
            "91330200799655058B",
            CheckCharMismatch {
                expected: 'G',
                found: 'B',
            },
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(CreditCode::parse(input).as_ref(), Err(expected), "input {input:?}");
    }
}

#[test]
fn error_messages_are_chinese_first() {
    let e = CreditCode::parse("91330100799655058C").unwrap_err();
    assert_eq!(
        e.to_string(),
        "统一社会信用代码第18位校验码应为B，实际为C / check character should be B, got C"
    );
    for input in ["1", "9133010079965505?B", "B1330100799655058B"] {
        let msg = CreditCode::parse(input).unwrap_err().to_string();
        assert!(msg.starts_with("统一社会信用代码"), "{msg}");
        assert!(msg.contains(" / "), "{msg}");
    }
}

#[test]
fn every_listed_authority_and_category_is_accepted() {
    for (authority, categories, _, names) in AUTHORITIES {
        assert_eq!(categories.chars().count(), names.len());
        for category in categories.chars() {
            let first16 = format!("{authority}{category}139902MA7K3P2W");
            let org = compute_organisation_check_char(&first16[8..16]).unwrap();
            let first17 = format!("{first16}{org}");
            let check = compute_check_char(&first17).unwrap();
            let code = format!("{first17}{check}");
            let parsed = CreditCode::parse(&code).unwrap_or_else(|e| panic!("{code}: {e}"));
            assert!(!parsed.category_name().is_empty());
        }
    }
}

#[test]
fn compute_check_char_matches_and_rejects_bad_input() {
    for code in VALID.iter().chain(GENERATED_VALID) {
        assert_eq!(compute_check_char(&code[..17]), code.chars().nth(17));
    }
    assert_eq!(
        compute_check_char("91330100799655058"),
        Some('B'),
        "lower-case accepted"
    );
    assert_eq!(compute_check_char("9133010079965505"), None);
    assert_eq!(compute_check_char("91330100799655058B"), None);
    assert_eq!(compute_check_char("9133010079965505O"), None);
    assert_eq!(compute_organisation_check_char("79965505"), Some('8'));
    assert_eq!(compute_organisation_check_char("7996550"), None);
}

#[test]
fn every_single_character_substitution_is_detected() {
    // The final check (mod 31 with distinct non-zero weights) catches
    // every single-character error anywhere in the code.
    let code = "91330100799655058B";
    for pos in 0..LEN {
        for sub in CHARSET.chars() {
            let mut chars: Vec<char> = code.chars().collect();
            if chars[pos] == sub {
                continue;
            }
            chars[pos] = sub;
            let s: String = chars.into_iter().collect();
            assert!(CreditCode::parse(&s).is_err(), "{s} accepted");
        }
    }
}

#[test]
fn serde_round_trip_validates() {
    let c = CreditCode::parse("91110108551385082Q").unwrap();
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(json, "\"91110108551385082Q\"");
    let back: CreditCode = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c);
    let lower: CreditCode = serde_json::from_str("\"91110108551385082q\"").unwrap();
    assert_eq!(lower, c);
    let err = serde_json::from_str::<CreditCode>("\"91110108551385082R\"").unwrap_err();
    assert!(err.to_string().contains("校验码应为Q"), "{err}");
    assert!(serde_json::from_str::<CreditCode>("42").is_err());
}

/// Codes built for this table: one per authority/category pair family,
/// then a check character of '0' and organisation checks of 'X' and '0'.
const GENERATED_VALID: &[&str] = &[
    "11330106MACL12TH2T",
    "121399021XG612DD24",
    "13139902HD1TJ3Y75T",
    "19139900MAC171HU4A",
    "211301004H3J9HTM4T",
    "31130100JL6B3HN21D",
    "32139900MAFMHDQAXU",
    "33310115MAEB97R53K",
    "341101089GFWAPE96F",
    "35139902D5QA4XFD34",
    "41139900MA2QHJRW2X",
    "51330106BKFJRE2T3R",
    "52139902MAFNM21P1W",
    "53440300MAMTE9NC97",
    "59330106EB5K3F162N",
    "614403007CCXUF255C",
    "623101158W4TDUH859",
    "71120116MAMWCY7412",
    "721399027M70FTJ57P",
    "814403004DHBKJAY0A",
    "91130100MAGYKLMP8T",
    "92139900UQYUMRHC2F",
    "931201163FLC1626X2",
    "A1310115AK130J4H7E",
    "N2139902MAK02U6K8T",
    "Y11201168YBKBF335B",
    "N21399029GYJ6C8770",
    "41310115RK2G6CQ5X3",
    "32139902U5EK8QQM0J",
];

#[test]
fn packed_codes_differ_when_codes_differ() {
    let a = CreditCode::parse("91130100MA07L3KP8X").unwrap();
    assert_eq!(a.packed(), a.clone().packed());
    let mut seen = std::collections::HashSet::new();
    for code in ["91130100MA07L3KP8X", "91350100M000100Y43", "11100000000013127D"] {
        let c = CreditCode::parse(code).unwrap();
        assert!(seen.insert(c.packed()), "{code}");
    }
    // The largest code (18 × 'Y') still fits: 31^18 < 2^128.
    assert!(31u128.checked_pow(18).is_some());
}
