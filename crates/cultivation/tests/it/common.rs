//! Builders shared by the integration tests: a firm that meets every
//! high-tech enterprise condition, and a tech-SME that passes on its score,
//! so each test changes only the figure it is about.

#![allow(dead_code)]

use chrono::NaiveDate;
use kechuang_cultivation::hte::{ExpertView, Grade, HteIp, HteYear, IpAcquisition, RdManagement};
use kechuang_cultivation::tech_sme::{DirectRoutes, TechSmeIp};
use kechuang_cultivation::{Headcount, HteInput, PointsMode, TechSmeInput};

pub fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn year(year: i32, revenue: i64, rd: i64) -> HteYear {
    HteYear {
        year,
        revenue,
        total_income: revenue,
        rd_expense: rd,
        rd_expense_in_china: rd,
        high_tech_revenue: revenue / 4 * 3,
        net_assets_end: 20_000_000,
        employees: Headcount::persons(100),
        st_staff: Headcount::persons(20),
    }
}

/// Registered 2015, assessed mid-2025 on 2022-2024: every condition met.
/// Sales revenue 40 million a year, R&D 6 %, high-tech revenue 75 %, S&T
/// staff 20 %, net assets growing 30 % a year; innovation score 75 at the
/// bottom of every band, 88 at the top.
pub fn hte_pass() -> HteInput {
    let mut years = vec![
        year(2022, 40_000_000, 2_400_000),
        year(2023, 40_000_000, 2_400_000),
        year(2024, 40_000_000, 2_400_000),
    ];
    for (y, net) in years.iter_mut().zip([20_000_000, 26_000_000, 33_800_000]) {
        y.net_assets_end = net;
    }
    HteInput {
        registration_date: date("2015-06-01"),
        assessment_date: date("2025-06-30"),
        years,
        ip: HteIp {
            class1_count: 2,
            class2_count: 5,
            owns_core_ip: true,
            acquisition: IpAcquisition::OwnRd,
            standards_participation: true,
        },
        field_in_catalogue: true,
        commercializations_3y: 15,
        rd_management: RdManagement {
            system: true,
            institution: true,
            incentive: true,
            talent: true,
        },
        major_violation_last_year: false,
        expert: ExpertView {
            tech_advancement: Grade::A,
            core_support: Grade::A,
            points: PointsMode::Min,
        },
    }
}

/// A firm registered on `registered` and assessed on `assessed`, with the
/// accounting years its age allows, otherwise as [`hte_pass`].
pub fn hte_dated(registered: &str, assessed: &str) -> HteInput {
    use chrono::Datelike;
    let mut input = hte_pass();
    input.registration_date = date(registered);
    input.assessment_date = date(assessed);
    let ay = input.assessment_date.year();
    let n = (ay - input.registration_date.year()).clamp(1, 3);
    input.years = (ay - n..ay).map(|y| year(y, 40_000_000, 2_400_000)).collect();
    input
}

/// Employees 100, S&T staff 30 (20 points), R&D 6 % of revenue (50), one
/// class-I IP (30): 100 points.
pub fn sme_pass() -> TechSmeInput {
    TechSmeInput {
        year: 2025,
        resident_enterprise_mainland: true,
        prohibited_restricted_or_eliminated: false,
        violation_or_listed: false,
        employees: Headcount::persons(100),
        st_staff: Headcount::persons(30),
        revenue: 10_000_000,
        total_assets: 20_000_000,
        rd_expense: 600_000,
        cost_total: 9_000_000,
        ip: TechSmeIp {
            class1_count: 1,
            class2_count: 0,
        },
        direct: DirectRoutes {
            hte_certificate_valid: false,
            national_st_award_top3_5y: false,
            provincial_rd_institution: false,
            led_standard_5y: false,
        },
    }
}
