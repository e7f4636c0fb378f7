//! The normaliser on tables of cases and arbitrary input.

use kechuang_text::*;
use proptest::prelude::*;

#[test]
fn traditional_and_simplified_meet() {
    let cases = [
        ("盤錦", "盘锦"),
        ("廊坊市科學技術局", "廊坊市科学技术局"),
        ("洛陽", "洛阳"),
        ("保定國家高新技術產業開發區", "保定国家高新技术产业开发区"),
        ("縣(市、區)", "县(市、区)"),
        ("洛陽中矽高科技", "洛阳中硅高科技"),
    ];
    for (trad, simp) in cases {
        assert_eq!(to_simplified(trad), simp, "{trad}");
        let by_char: String = trad.chars().map(simplify_char).collect();
        assert_eq!(by_char, simp, "{trad} by character");
        assert_eq!(name_key(trad), name_key(simp));
        assert_eq!(key(trad), key(simp));
    }
}

#[test]
fn width_and_case_fold() {
    assert_eq!(normalize("ＡＢＣ１２３　Ｘ"), "abc123 x");
    assert_eq!(key("Ｌｉｔｈｉｕｍ  电池"), "lithium电池");
    assert_eq!(name_key("华夏科技（廊坊）有限公司"), "华夏科技廊坊有限公司");
    assert_eq!(fold_char('—'), '-');
    assert_eq!(fold_char('：'), ':');
}

#[test]
fn context_dependent_characters_stay() {
    // Simplified and ASCII text is unchanged, character by character.
    for s in ["盘锦市科技局", "abc-123", "乾隆", "著作"] {
        let by_char: String = s.chars().map(simplify_char).collect();
        assert_eq!(by_char.chars().count(), s.chars().count());
    }
    assert!(looks_traditional("盤錦市科學技術局"));
    assert!(!looks_traditional("盘锦市科学技术局"));
}

#[test]
fn segmentation_in_search_mode() {
    let norm = normalize("工业机器人视觉检测");
    let words: Vec<&str> = segment(&norm).iter().map(|w| w.text).collect();
    assert!(words.contains(&"机器人"), "{words:?}");
    assert!(words.contains(&"机器"), "{words:?}");
    let norm = normalize("锂电池 隔膜");
    for w in segment(&norm) {
        assert_eq!(&norm[w.start..w.end].trim(), &w.text);
    }
}

proptest! {
    #[test]
    fn simplify_char_keeps_length(s in "\\PC{0,40}") {
        let out: String = s.chars().map(|c| simplify_char(fold_char(c))).collect();
        prop_assert_eq!(out.chars().count(), s.chars().count());
    }

    #[test]
    fn keys_are_idempotent(s in "\\PC{0,40}") {
        prop_assert_eq!(name_key(&name_key(&s)), name_key(&s));
        prop_assert_eq!(key(&key(&s)), key(&s));
    }
}
