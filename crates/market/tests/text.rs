//! Text analysis: scripts, widths and stop words do not change what matches.

use kechuang_market::text::{distinct_terms, normalize, to_simplified};

#[test]
fn traditional_and_simplified_analyse_to_the_same_words() {
    let cases = [
        ("鋰電池正極材料回收技術", "锂电池正极材料回收技术"),
        ("智慧農業物聯網監測系統", "智慧农业物联网监测系统"),
        ("廢水處理與資源化利用", "废水处理与资源化利用"),
        ("機器人焊接離線編程", "机器人焊接离线编程"),
    ];
    for (traditional, simplified) in cases {
        assert_eq!(to_simplified(traditional), simplified, "{traditional}");
        assert_eq!(distinct_terms(traditional), distinct_terms(simplified), "{traditional}");
    }
}

#[test]
fn width_and_case_are_folded() {
    assert_eq!(normalize("ＰＬＣ控制　５Ｇ"), "plc控制 5g");
    assert_eq!(distinct_terms("PLC 控制"), distinct_terms("ｐｌｃ控制"));
}

#[test]
fn search_mode_keeps_sub_words_and_drops_stop_words() {
    let terms = distinct_terms("我们需要一种工业机器人的焊接方法");
    for w in ["工业", "机器", "机器人", "焊接"] {
        assert!(terms.contains(&w.to_owned()), "{w} missing from {terms:?}");
    }
    for w in ["我们", "需要", "一种", "的", "方法"] {
        assert!(!terms.contains(&w.to_owned()), "{w} kept in {terms:?}");
    }
}

#[test]
fn punctuation_and_blank_text_give_no_words() {
    assert!(distinct_terms("，。；！ ...").is_empty());
    assert!(distinct_terms("").is_empty());
}
