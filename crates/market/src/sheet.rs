//! Reading achievement and demand sheets (.xlsx, .xls, .csv in any of the
//! encodings Chinese offices use) with the registry's rules: headers in
//! Chinese or English with aliases, every problem reported by row and column,
//! and nothing accepted unless the whole file is clean.

use kechuang_sheets::{Column, DuplicateFinder, Issue, Report, Template, map_headers, read_table};

use crate::contract::{Contract, ContractInput};
use crate::item::{Achievement, AchievementInput, Demand, DemandInput};

const fn col(key: &'static str, zh: &'static str, aliases: &'static [&'static str], required: bool) -> Column {
    Column {
        key,
        zh,
        aliases,
        required,
    }
}

/// Columns of an achievements sheet.
pub fn achievement_template() -> Template {
    Template {
        kind: "achievements",
        columns: vec![
            col("title", "成果名称", &["title", "名称", "项目名称", "成果"], true),
            col(
                "summary",
                "成果简介",
                &["summary", "简介", "成果描述", "内容简介"],
                false,
            ),
            col("field", "技术领域", &["field", "领域", "所属领域"], false),
            col("keywords", "关键词", &["keywords", "关键字"], false),
            col(
                "owner_name",
                "持有单位",
                &["owner", "成果持有人", "完成单位", "所有人"],
                false,
            ),
            col(
                "owner_code",
                "持有单位代码",
                &["owner_code", "统一社会信用代码", "信用代码"],
                false,
            ),
            col("patents", "相关专利", &["patents", "专利", "专利号"], false),
            col(
                "maturity",
                "成熟度",
                &["maturity", "技术成熟度", "trl", "成果阶段"],
                false,
            ),
            col(
                "transfer_modes",
                "转化方式",
                &["transfer_modes", "合作方式", "交易方式"],
                false,
            ),
            col(
                "price_min",
                "意向价格下限",
                &["price_min", "价格下限", "意向价格"],
                false,
            ),
            col("price_max", "意向价格上限", &["price_max", "价格上限"], false),
            col("area", "来源地区", &["area", "来源", "地区"], false),
            col("chain_tags", "产业链", &["chain_tags", "chains", "所属产业链"], false),
        ],
    }
}

/// Columns of a demands sheet.
pub fn demand_template() -> Template {
    Template {
        kind: "demands",
        columns: vec![
            col("title", "需求名称", &["title", "名称", "需求"], true),
            col(
                "description",
                "需求描述",
                &["description", "需求内容", "技术难题", "问题描述"],
                false,
            ),
            col(
                "enterprise_name",
                "需求企业",
                &["enterprise", "企业名称", "单位名称"],
                false,
            ),
            col(
                "enterprise_code",
                "企业信用代码",
                &["enterprise_code", "统一社会信用代码", "信用代码"],
                false,
            ),
            col("expected", "预期成果", &["expected", "预期目标", "预期效果"], false),
            col("field", "技术领域", &["field", "领域", "所属领域"], false),
            col("keywords", "关键词", &["keywords", "关键字"], false),
            col("budget_min", "预算下限", &["budget_min", "预算", "拟投入资金"], false),
            col("budget_max", "预算上限", &["budget_max"], false),
            col("deadline", "截止日期", &["deadline", "截止时间", "完成时限"], false),
            col("cooperation", "合作方式", &["cooperation", "合作模式"], false),
            col("chain_tags", "产业链", &["chain_tags", "chains", "所属产业链"], false),
        ],
    }
}

/// Columns of a technology-contract sheet (the registration ledger).
pub fn contract_template() -> Template {
    Template {
        kind: "contracts",
        columns: vec![
            col("number", "合同编号", &["number", "合同登记号", "登记号"], true),
            col("kind", "合同类型", &["kind", "type", "类型"], true),
            col("title", "项目名称", &["title", "合同名称"], false),
            col("buyer_name", "买方", &["buyer", "委托方", "受让方", "买方名称"], true),
            col("buyer_code", "买方信用代码", &["buyer_code"], false),
            col("buyer_area", "买方所在地", &["buyer_area"], false),
            col("seller_name", "卖方", &["seller", "受托方", "让与方", "卖方名称"], true),
            col("seller_code", "卖方信用代码", &["seller_code"], false),
            col("seller_area", "卖方所在地", &["seller_area"], false),
            col("amount", "合同金额", &["amount", "合同成交额"], true),
            col("tech_amount", "技术交易额", &["tech_amount", "技术交易金额"], false),
            col("signed_on", "签订日期", &["signed_on", "签订时间"], true),
            col("region", "登记地区", &["region", "登记机构所在地", "县区"], false),
            col("achievement_id", "关联成果编号", &["achievement_id"], false),
            col("demand_id", "关联需求编号", &["demand_id"], false),
            col(
                "challenge_id",
                "关联揭榜挂帅编号",
                &["challenge_id", "关联榜单编号"],
                false,
            ),
        ],
    }
}

/// A clean sheet: the items with their row numbers, and warnings.
#[derive(Debug, Clone)]
pub struct Sheet<T> {
    pub rows: Vec<(usize, T)>,
    pub report: Report,
}

fn header_name(tpl: &Template, key: &str) -> String {
    tpl.columns
        .iter()
        .find(|c| c.key == key)
        .map(|c| c.zh.to_owned())
        .unwrap_or_else(|| key.to_owned())
}

/// Reads `bytes` as a sheet of `tpl`'s columns, turning each row into a
/// value with `row_fn(get) -> Result<T, Vec<ItemError>>`; every problem
/// becomes an issue; rows repeating a `key_fn` are errors.
fn read<T>(
    tpl: &Template,
    file_name: &str,
    bytes: &[u8],
    row_fn: impl Fn(&dyn Fn(&str) -> String) -> Result<T, Vec<crate::ItemError>>,
    key_fn: impl Fn(&T) -> String,
) -> Result<Sheet<T>, Report> {
    let table = read_table(file_name, bytes).map_err(|e| Report {
        issues: vec![Issue::error(0, "", file_name, e.to_string())],
        ..Default::default()
    })?;
    let map = map_headers(&table, tpl).map_err(|issues| Report {
        issues,
        ..Default::default()
    })?;
    let mut report = Report {
        issues: map.warnings.clone(),
        ..Default::default()
    };
    let mut rows = Vec::new();
    let mut dups = DuplicateFinder::default();
    for raw in map.data_rows(&table) {
        report.rows += 1;
        let get = |key: &str| map.get(key).map(|i| raw.cell(i).to_owned()).unwrap_or_default();
        match row_fn(&get) {
            Ok(item) => {
                dups.add(raw.line, &key_fn(&item));
                rows.push((raw.line, item));
                report.ok_rows += 1;
            }
            Err(errors) => {
                for e in errors {
                    report.issues.push(Issue::error(
                        raw.line,
                        header_name(tpl, e.field),
                        get(e.field),
                        e.message,
                    ));
                }
            }
        }
    }
    report.issues.extend(dups.issues());
    let errors = report
        .issues
        .iter()
        .any(|i| i.severity == kechuang_sheets::Severity::Error);
    if errors {
        Err(report)
    } else {
        Ok(Sheet { rows, report })
    }
}

/// Reads an achievements sheet; the same title from the same owner twice is
/// an error.
pub fn read_achievements(file_name: &str, bytes: &[u8]) -> Result<Sheet<Achievement>, Report> {
    read(
        &achievement_template(),
        file_name,
        bytes,
        |get| {
            AchievementInput {
                title: get("title"),
                summary: get("summary"),
                field: get("field"),
                keywords: get("keywords"),
                patents: get("patents"),
                maturity: get("maturity"),
                transfer_modes: get("transfer_modes"),
                price_min: get("price_min"),
                price_max: get("price_max"),
                owner_name: get("owner_name"),
                owner_code: get("owner_code"),
                area: get("area"),
                chain_tags: get("chain_tags"),
            }
            .validate()
        },
        |a| format!("{}|{}", crate::text::title_key(&a.title), a.owner_name),
    )
}

/// Reads a demands sheet; deadlines must not be before `today`.
pub fn read_demands(file_name: &str, bytes: &[u8], today: chrono::NaiveDate) -> Result<Sheet<Demand>, Report> {
    read(
        &demand_template(),
        file_name,
        bytes,
        |get| {
            DemandInput {
                title: get("title"),
                description: get("description"),
                expected: get("expected"),
                field: get("field"),
                keywords: get("keywords"),
                budget_min: get("budget_min"),
                budget_max: get("budget_max"),
                deadline: get("deadline"),
                cooperation: get("cooperation"),
                enterprise_name: get("enterprise_name"),
                enterprise_code: get("enterprise_code"),
                chain_tags: get("chain_tags"),
            }
            .validate(today)
        },
        |d| format!("{}|{}", crate::text::title_key(&d.title), d.enterprise_name),
    )
}

/// Reads a contract sheet; a contract number twice in one file is an error
/// (a number already registered is flagged, not refused). The registering
/// region is returned as typed, for the caller to resolve.
pub fn read_contracts(
    file_name: &str,
    bytes: &[u8],
    today: chrono::NaiveDate,
) -> Result<Sheet<(Contract, String)>, Report> {
    read(
        &contract_template(),
        file_name,
        bytes,
        |get| {
            let c = ContractInput {
                number: get("number"),
                kind: get("kind"),
                title: get("title"),
                buyer_name: get("buyer_name"),
                buyer_code: get("buyer_code"),
                buyer_area: get("buyer_area"),
                seller_name: get("seller_name"),
                seller_code: get("seller_code"),
                seller_area: get("seller_area"),
                amount: get("amount"),
                tech_amount: get("tech_amount"),
                signed_on: get("signed_on"),
                achievement_id: get("achievement_id"),
                demand_id: get("demand_id"),
                challenge_id: get("challenge_id"),
            }
            .validate(today)?;
            Ok((c, get("region")))
        },
        |(c, _)| c.number.clone(),
    )
}
