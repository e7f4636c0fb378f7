//! Property tests: arbitrary input (random strings and random mixes of CJK text,
//! digits, punctuation and heading markers) never panics and always serialises to
//! valid JSON; `extract_text` never panics on arbitrary bytes.

use proptest::prelude::*;

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("一、".to_string()),
        Just("（一）".to_string()),
        Just("(二)".to_string()),
        Just("1．".to_string()),
        Just("2.".to_string()),
        Just("（1）".to_string()),
        Just("①".to_string()),
        Just("第三章".to_string()),
        Just("\n".to_string()),
        Just("。".to_string()),
        Just("，".to_string()),
        Just("、".to_string()),
        Just("；".to_string()),
        Just("：".to_string()),
        Just("%".to_string()),
        Just("％".to_string()),
        Just("由".to_string()),
        Just("提高到".to_string()),
        Just("达到".to_string()),
        Just("每年新增".to_string()),
        Just("到2020年".to_string()),
        Just("对新认定的企业给予".to_string()),
        Just("最高不超过".to_string()),
        Just("万元".to_string()),
        Just("亿元".to_string()),
        Just("家".to_string()),
        Just("（牵头单位：市科技局；责任单位：".to_string()),
        Just("責任部門：".to_string()),
        Just("市级、县级分别负担".to_string()),
        Just("〔2019〕".to_string()),
        Just("??".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        "[0-9０-９.／/]{1,6}",
        "[一二两三四五六七八九十百千万亿零〇]{1,5}",
        "[\\u{4e00}-\\u{9fff}]{1,8}",
        "[ -~]{1,6}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        let plan = kechuang_plans::parse_plan(&s);
        let json = serde_json::to_string(&plan).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    }

    #[test]
    fn policy_like_mixes_never_panic(parts in prop::collection::vec(piece(), 0..60)) {
        let text: String = parts.concat();
        let plan = kechuang_plans::parse_plan(&text);
        let json = kechuang_plans::plan_to_json(&plan);
        let back: Result<kechuang_plans::Plan, _> = serde_json::from_str(&json);
        prop_assert!(back.is_ok(), "{json}");
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512), name in "[a-z]{1,5}\\.(txt|html|docx|pdf|doc)") {
        let _ = kechuang_plans::extract_text(&name, &bytes);
    }
}
