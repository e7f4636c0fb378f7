//! Pattern tests for incentive extraction.

use super::*;
use crate::parse::headings::build_outline;
use crate::parse::lines::split_lines;

fn run(body: &str) -> Vec<Incentive> {
    extract_incentives(&build_outline(&split_lines(&format!("一、支持政策\n{body}"))))
}

type Row = (Option<&'static str>, Option<i64>, Option<i64>, Option<f64>);
type Got = Vec<(Option<String>, Option<i64>, Option<i64>, Option<f64>)>;

fn rows(body: &str) -> Got {
    run(body)
        .into_iter()
        .map(|i| (i.beneficiary, i.amount_yuan, i.cap_yuan, i.rate_pct))
        .collect()
}

fn want(r: &[Row]) -> Got {
    r.iter()
        .map(|(b, a, c, p)| (b.map(str::to_string), *a, *c, *p))
        .collect()
}

#[test]
fn amounts_caps_rates() {
    let cases: &[(&str, &[Row])] = &[
        (
            "对新认定的高新技术企业给予20万元奖补。",
            &[(Some("新认定的高新技术企业"), Some(200_000), None, None)],
        ),
        (
            "对当年新获批的高新技术企业,一次性予以10万元奖励。",
            &[(Some("当年新获批的高新技术企业"), Some(100_000), None, None)],
        ),
        (
            "对重大项目给予1.5亿元资助。",
            &[(Some("重大项目"), Some(150_000_000), None, None)],
        ),
        (
            "对数字化转型的项目,按照投资额比例给予奖补,最高不超过200万元。",
            &[(Some("数字化转型的项目"), None, Some(2_000_000), None)],
        ),
        (
            "对企业以知识产权质押方式向银行成功贷款的,按贷款基准利率50%予以贴息,最高补贴50万元。",
            &[(
                Some("企业以知识产权质押方式向银行成功贷款的"),
                None,
                Some(500_000),
                Some(50.0),
            )],
        ),
        (
            "对海外人才项目,在创业初始阶段予以最高100万元的创业启动资金。",
            &[(Some("海外人才项目"), None, Some(1_000_000), None)],
        ),
        (
            "对符合条件的团队给予不低于1000万元资金支持。",
            &[(Some("符合条件的团队"), Some(10_000_000), None, None)],
        ),
        (
            "對新認定的企業給予二十萬元獎勵。",
            &[(Some("新認定的企業"), Some(200_000), None, None)],
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(rows(body), want(expected), "{body}");
    }
}

#[test]
fn distributed_amounts() {
    let got = rows("对新引进的顶尖人才、国家级领军人才,由市财政分别予以200万元、100万元资助。");
    assert_eq!(
        got,
        want(&[
            (Some("新引进的顶尖人才"), Some(2_000_000), None, None),
            (Some("国家级领军人才"), Some(1_000_000), None, None)
        ])
    );
    let got = rows("对联合建成的国家级平台给予100万元奖补资金,省级平台给予30万元奖补资金。");
    assert_eq!(
        got,
        want(&[
            (Some("联合建成的国家级平台"), Some(1_000_000), None, None),
            (Some("省级平台"), Some(300_000), None, None)
        ])
    );
    let got = rows("薪酬补贴标准为:国际级顶尖人才15万元/年,国家级领军人才10万元/年。");
    assert_eq!(
        got,
        want(&[
            (Some("国际级顶尖人才"), Some(150_000), None, None),
            (Some("国家级领军人才"), Some(100_000), None, None)
        ])
    );
}

#[test]
fn cost_shares() {
    let cases: &[(&str, f64, f64)] = &[
        (
            "对再次通过认定的企业给予20万元奖补(市级、县级分别负担50%)。",
            50.0,
            50.0,
        ),
        ("对新认定的企业给予10万元奖励,市级承担60%、县级承担40%。", 60.0, 40.0),
        ("对新认定的企业给予10万元奖励,市、县按1:1比例分担。", 50.0, 50.0),
    ];
    for (body, m, c) in cases {
        let got = run(body);
        assert_eq!(got.len(), 1, "{body}");
        assert_eq!(
            got[0].cost_share,
            Some(CostShare {
                municipal_pct: *m,
                county_pct: *c
            }),
            "{body}"
        );
        assert_eq!(got[0].rate_pct, None, "{body}");
    }
}

#[test]
fn not_incentives() {
    for body in [
        "对认定的工作站给予经费支持。",
        "通过技术转让所取得的净收入80%以上可用于科技人员奖励。",
        "每年安排预算资金2000万元。",
        "技术合同成交额达到50亿元。",
        "由市财政予以1:1的配套支持。",
    ] {
        assert!(run(body).is_empty(), "{body}");
    }
}
