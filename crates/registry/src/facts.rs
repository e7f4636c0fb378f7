//! Yearly facts (年度数据) an enterprise reports: staff, revenue, R&D expense,
//! assets and intellectual property. Amounts are in fen (分), like all money here.

use serde::{Deserialize, Serialize};

/// The years a report may be about.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// One enterprise's figures for one year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearFacts {
    pub year: i32,
    /// 职工总数
    pub employees: i64,
    /// 科技人员数
    pub st_staff: i64,
    /// 营业收入
    pub revenue_fen: i64,
    /// 高新技术产品（服务）收入
    pub high_tech_revenue_fen: i64,
    /// 研发费用总额
    pub rd_expense_fen: i64,
    /// 其中境内研发费用
    pub rd_expense_in_china_fen: i64,
    /// 资产总额
    pub total_assets_fen: i64,
    /// 净资产 (may be negative when liabilities exceed assets)
    pub net_assets_fen: i64,
    /// 发明专利
    pub invention_patents: i64,
    /// 实用新型专利
    pub utility_models: i64,
    /// 软件著作权
    pub software_copyrights: i64,
    /// PCT 国际专利申请
    pub pct_applications: i64,
}

/// One problem with one field of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: &'static str,
    /// Chinese first, then " / " and English.
    pub message: String,
}

impl FieldError {
    fn new(field: &'static str, zh: &str, en: &str) -> FieldError {
        FieldError {
            field,
            message: format!("{zh} / {en}"),
        }
    }
}

impl YearFacts {
    /// Every problem found, in field order; empty when the figures are consistent.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if !YEARS.contains(&self.year) {
            errors.push(FieldError::new(
                "year",
                &format!("年度{}应在{}至{}之间", self.year, YEARS.start(), YEARS.end()),
                &format!("year {} must be within {}..={}", self.year, YEARS.start(), YEARS.end()),
            ));
        }
        let non_negative: [(&'static str, &str, i64); 11] = [
            ("employees", "职工总数", self.employees),
            ("st_staff", "科技人员数", self.st_staff),
            ("revenue_fen", "营业收入", self.revenue_fen),
            (
                "high_tech_revenue_fen",
                "高新技术产品（服务）收入",
                self.high_tech_revenue_fen,
            ),
            ("rd_expense_fen", "研发费用总额", self.rd_expense_fen),
            ("rd_expense_in_china_fen", "境内研发费用", self.rd_expense_in_china_fen),
            ("total_assets_fen", "资产总额", self.total_assets_fen),
            ("invention_patents", "发明专利数", self.invention_patents),
            ("utility_models", "实用新型专利数", self.utility_models),
            ("software_copyrights", "软件著作权数", self.software_copyrights),
            ("pct_applications", "PCT专利申请数", self.pct_applications),
        ];
        for (field, zh, value) in non_negative {
            if value < 0 {
                errors.push(FieldError::new(
                    field,
                    &format!("{zh}不能为负数"),
                    &format!("{field} must not be negative, got {value}"),
                ));
            }
        }
        let parts: [(&'static str, &str, i64, &str, &'static str, i64); 3] = [
            (
                "st_staff",
                "科技人员数",
                self.st_staff,
                "职工总数",
                "employees",
                self.employees,
            ),
            (
                "high_tech_revenue_fen",
                "高新技术产品（服务）收入",
                self.high_tech_revenue_fen,
                "营业收入",
                "revenue_fen",
                self.revenue_fen,
            ),
            (
                "rd_expense_in_china_fen",
                "境内研发费用",
                self.rd_expense_in_china_fen,
                "研发费用总额",
                "rd_expense_fen",
                self.rd_expense_fen,
            ),
        ];
        for (field, zh, part, whole_zh, whole, total) in parts {
            // A negative figure is already reported above; comparing it would only repeat that.
            if part >= 0 && total >= 0 && part > total {
                errors.push(FieldError::new(
                    field,
                    &format!("{zh}不能超过{whole_zh}"),
                    &format!("{field} ({part}) must not exceed {whole} ({total})"),
                ));
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> YearFacts {
        YearFacts {
            year: 2024,
            employees: 120,
            st_staff: 30,
            revenue_fen: 80_000_000 * 100,
            high_tech_revenue_fen: 60_000_000 * 100,
            rd_expense_fen: 5_000_000 * 100,
            rd_expense_in_china_fen: 4_800_000 * 100,
            total_assets_fen: 120_000_000 * 100,
            net_assets_fen: 50_000_000 * 100,
            invention_patents: 6,
            utility_models: 20,
            software_copyrights: 4,
            pct_applications: 1,
        }
    }

    #[test]
    fn table() {
        type Edit = fn(&mut YearFacts);
        let table: &[(&str, Edit, &[&str])] = &[
            ("consistent", |_| {}, &[]),
            (
                "all zero",
                |f| {
                    *f = YearFacts {
                        year: 2024,
                        ..YearFacts::default()
                    }
                },
                &[],
            ),
            ("negative net assets allowed", |f| f.net_assets_fen = -1_000 * 100, &[]),
            (
                "parts equal to wholes",
                |f| {
                    f.st_staff = f.employees;
                    f.high_tech_revenue_fen = f.revenue_fen;
                    f.rd_expense_in_china_fen = f.rd_expense_fen;
                },
                &[],
            ),
            ("year 1990 and 2100 allowed", |f| f.year = 1990, &[]),
            ("year too early", |f| f.year = 1989, &["year"]),
            ("year too late", |f| f.year = 2101, &["year"]),
            ("negative employees", |f| f.employees = -1, &["employees"]),
            ("negative revenue", |f| f.revenue_fen = -5, &["revenue_fen"]),
            (
                "negative patents",
                |f| {
                    f.invention_patents = -1;
                    f.utility_models = -2;
                    f.software_copyrights = -3;
                    f.pct_applications = -4;
                },
                &[
                    "invention_patents",
                    "utility_models",
                    "software_copyrights",
                    "pct_applications",
                ],
            ),
            (
                "negative total assets",
                |f| f.total_assets_fen = -1,
                &["total_assets_fen"],
            ),
            ("more S&T staff than employees", |f| f.st_staff = 121, &["st_staff"]),
            (
                "high-tech revenue above revenue",
                |f| f.high_tech_revenue_fen = f.revenue_fen + 1,
                &["high_tech_revenue_fen"],
            ),
            (
                "domestic R&D above total",
                |f| f.rd_expense_in_china_fen = f.rd_expense_fen + 1,
                &["rd_expense_in_china_fen"],
            ),
            (
                "negative R&D",
                |f| {
                    f.rd_expense_fen = -1;
                    f.rd_expense_in_china_fen = 0;
                },
                &["rd_expense_fen"],
            ),
        ];
        for (name, edit, want) in table {
            let mut f = good();
            edit(&mut f);
            let fields: Vec<&str> = f.validate().iter().map(|e| e.field).collect();
            assert_eq!(fields, want.to_vec(), "{name}");
        }
        let mut f = good();
        f.year = 2100;
        assert!(f.validate().is_empty());
    }

    #[test]
    fn messages_are_chinese_first() {
        let mut f = good();
        f.st_staff = 200;
        f.invention_patents = -1;
        let errors = f.validate();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].field, "invention_patents");
        assert!(
            errors[0].message.starts_with("发明专利数不能为负数 / "),
            "{}",
            errors[0].message
        );
        assert_eq!(
            errors[1].message,
            "科技人员数不能超过职工总数 / st_staff (200) must not exceed employees (120)"
        );
        let json = serde_json::to_value(&errors[1]).unwrap();
        assert_eq!(json["field"], "st_staff");
    }
}
