//! Text analysis: scripts, widths and stop words do not change what matches.

use kechuang_market::text::{distinct_terms, normalize, title_key, to_simplified};

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

#[test]
fn titles_typed_differently_share_a_key() {
    let same = [
        ("生物滤池除臭技术", "生物濾池除臭技術"),
        ("锂电池湿法回收", "锂电池　湿法 回收"),
        ("LED驱动电源", "ｌｅｄ 驱动电源"),
        ("高锰钢锤头（堆焊）", "高锰钢锤头(堆焊)"),
    ];
    for (a, b) in same {
        assert_eq!(title_key(a), title_key(b), "{a} / {b}");
    }
    let different = [("锂电池湿法回收", "锂电池干法回收"), ("锤头堆焊", "锤头堆焊2")];
    for (a, b) in different {
        assert_ne!(title_key(a), title_key(b), "{a} / {b}");
    }
}
