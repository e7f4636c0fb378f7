//! `kechuang import achievements|demands`, `kechuang match` and
//! `kechuang index` end to end on an embedded database: a file with errors
//! writes nothing, a clean one is searchable at once, matches come back as
//! JSON with explanations, the index can be rebuilt.

use crate::support::{kechuang, run_ok};

const ACHIEVEMENTS: &str = "成果名称,成果简介,技术领域,关键词,持有单位,成熟度\n\
生物滤池除臭技术,污水处理厂恶臭气体生物净化，硫化氢去除率95%,资源与环境,除臭;硫化氢,河北工业大学,产业化\n\
锂电池湿法回收,废旧锂电池中钴镍锂的回收,新能源与节能,锂电池;回收,某研究院,中试阶段\n\
石墨烯導熱膜,手機散熱用石墨烯膜,新材料,石墨烯,某大学,TRL6\n";

const DEMANDS: &str = "需求名称,需求描述,需求企业,技术领域\n\
污水站臭味治理,污水站硫化氢臭味大，周边投诉,廊坊某化工公司,资源与环境\n";

#[test]
fn import_match_and_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let d = data.to_str().unwrap();
    let generated = dir.path().join("gen");
    run_ok(&[
        "demo",
        "generate",
        "--enterprises",
        "10",
        "--out",
        generated.to_str().unwrap(),
    ]);
    run_ok(&[
        "--data-dir",
        d,
        "import",
        "regions",
        generated.join("regions.csv").to_str().unwrap(),
    ]);

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, format!("{ACHIEVEMENTS},玄学,,,,\n")).unwrap();
    let out = kechuang()
        .args(["--data-dir", d, "import", "achievements", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("第 5 行") && stdout.contains("成果名称"), "{stdout}");
    let status = run_ok(&["--data-dir", d, "index", "status"]);
    assert!(status.contains("成果 / achievements: 0"), "nothing written: {status}");

    let good = dir.path().join("achievements.csv");
    std::fs::write(&good, ACHIEVEMENTS).unwrap();
    let out = run_ok(&["--data-dir", d, "import", "achievements", good.to_str().unwrap()]);
    assert!(out.contains("新增并发布 3 项，更新 0 项，未变 0 项"), "{out}");
    // the same file again adds nothing; a changed row updates its item
    let out = run_ok(&["--data-dir", d, "import", "achievements", good.to_str().unwrap()]);
    assert!(out.contains("新增并发布 0 项，更新 0 项，未变 3 项"), "{out}");
    std::fs::write(&good, ACHIEVEMENTS.replace("硫化氢去除率95%", "硫化氢去除率98%")).unwrap();
    let out = run_ok(&["--data-dir", d, "import", "achievements", good.to_str().unwrap()]);
    assert!(out.contains("新增并发布 0 项，更新 1 项，未变 2 项"), "{out}");
    let status = run_ok(&["--data-dir", d, "index", "status"]);
    assert!(status.contains("成果 / achievements: 3"), "{status}");
    let demands = dir.path().join("demands.csv");
    std::fs::write(&demands, DEMANDS).unwrap();
    run_ok(&["--data-dir", d, "import", "demands", demands.to_str().unwrap()]);
    let out = run_ok(&["--data-dir", d, "import", "demands", demands.to_str().unwrap()]);
    assert!(out.contains("新增并发布 0 项，更新 0 项，未变 1 项"), "{out}");

    let out = run_ok(&[
        "--data-dir",
        d,
        "match",
        "demand",
        "--text",
        "汙水站臭味 硫化氫",
        "--top",
        "5",
        "--format",
        "json",
    ]);
    let found: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(found[0]["title"], "生物滤池除臭技术", "{out}");
    assert!(
        found[0]["matched_terms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "硫化氢")
    );
    assert!(found.iter().all(|m| m["title"] != "锂电池湿法回收"));
    let id = found[0]["id"].as_i64().unwrap().to_string();
    let out = run_ok(&["--data-dir", d, "match", "achievement", "--id", &id, "--format", "json"]);
    let demands: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(demands[0]["title"], "污水站臭味治理");
    let out = run_ok(&[
        "--data-dir",
        d,
        "match",
        "demand",
        "--text",
        "石墨烯散热",
        "--min-maturity",
        "small_batch",
    ]);
    assert!(out.contains("暂无匹配"), "a pilot-stage item is filtered out: {out}");

    let contracts = dir.path().join("contracts.csv");
    std::fs::write(
        &contracts,
        "合同编号,合同类型,买方,卖方,卖方所在地,合同金额,技术交易额,签订日期\n\
         C-1,技术开发,廊坊某化工公司,北京某大学,京津,120万,100万,2026-03-01\n\
         C-2,技术服务,廊坊某化工公司,廊坊某化工公司,本地,10万,,2026-04-01\n",
    )
    .unwrap();
    let out = run_ok(&["--data-dir", d, "import", "contracts", contracts.to_str().unwrap()]);
    assert!(out.contains("已登记 2 份合同，其中 1 份有异常标记"), "{out}");
    let bad = dir.path().join("bad_contracts.csv");
    std::fs::write(
        &bad,
        "合同编号,合同类型,买方,卖方,合同金额,签订日期\nC-3,技术开发,a,b,十万,2026-03-01\n",
    )
    .unwrap();
    let out = kechuang()
        .args(["--data-dir", d, "import", "contracts", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stdout).contains("合同金额"));

    let out = run_ok(&["--data-dir", d, "index", "rebuild"]);
    assert!(out.contains("4 项"), "{out}");
    let out = kechuang().args(["--data-dir", d, "match", "demand"]).output().unwrap();
    assert!(!out.status.success(), "--text or --id is required");
}
