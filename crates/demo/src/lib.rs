//! Deterministic synthetic data for kechuang: a fictional city, 云州市, with
//! enterprises, their yearly facts and certificates, innovation platforms,
//! experts, institutions, service agencies and investors.
//!
//! Used two ways:
//! - [`generate_to_dir`] streams any number of enterprises (a million and
//!   more) to UTF-8 CSV files for benchmarks and import tests; memory does
//!   not grow with the count.
//! - [`demo_city`] builds a small city (a few hundred enterprises) in memory
//!   for a demo server.
//!
//! The same options always give byte-identical output: every entity has its
//! own seeded random stream and all dates are relative to a reference date
//! passed in, never the clock. Everything generated is synthetic and marked
//! so (合成演示数据).

mod certificates;
mod city;
mod codes;
mod context;
mod enterprises;
mod experts;
mod facts;
pub mod headers;
mod industries;
pub mod labels;
mod names;
mod organisations;
mod pipeline;
mod platforms;
mod random;
mod regions;
mod write;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

pub use certificates::DemoCertificate;
pub use city::{DemoCity, demo_city};
pub use codes::MAX_ENTERPRISES;
pub use enterprises::DemoEnterprise;
pub use experts::DemoExpert;
pub use facts::DemoFacts;
pub use industries::CHAINS;
pub use organisations::{DemoInstitution, DemoInvestor, DemoServiceAgency};
pub use platforms::DemoPlatform;
pub use regions::{CITY_CODE, CITY_NAME, DemoRegion, PROVINCE_CODE, demo_regions};

use context::Ctx;
use write::{Rows, Sheet};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Number of enterprises; the other entities scale with it (see [`Counts`]).
    pub enterprises: u64,
    /// Seed of all randomness.
    pub seed: u64,
    /// "Today" for the data: facts cover the three years before its year,
    /// certificates are valid or lapsed relative to it.
    pub reference_date: NaiveDate,
}

impl GenerateOptions {
    /// Options for `enterprises` enterprises with the default seed and
    /// reference date.
    pub fn new(enterprises: u64) -> GenerateOptions {
        GenerateOptions {
            enterprises,
            ..GenerateOptions::default()
        }
    }
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            enterprises: 300,
            seed: DEFAULT_SEED,
            reference_date: default_reference_date(),
        }
    }
}

/// Seed used when none is given.
pub const DEFAULT_SEED: u64 = 20_260_101;

/// The default reference date, 2026-01-01.
pub fn default_reference_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).expect("valid date")
}

/// How many of each other entity a city of `enterprises` enterprises has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub enterprises: u64,
    pub platforms: u64,
    pub experts: u64,
    pub institutions: u64,
    pub service_agencies: u64,
    pub investors: u64,
}

impl Counts {
    pub fn for_enterprises(enterprises: u64) -> Counts {
        Counts {
            enterprises,
            platforms: (enterprises / 8).max(12),
            experts: (enterprises / 5).max(40),
            institutions: organisations::FIXED_INSTITUTION_COUNT + enterprises / 5000,
            service_agencies: (enterprises / 40).max(10),
            investors: (enterprises / 80).max(8),
        }
    }
}

/// Rows written per file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenerateSummary {
    pub regions: u64,
    pub enterprises: u64,
    pub enterprise_facts: u64,
    pub certificates: u64,
    pub platforms: u64,
    pub experts: u64,
    pub institutions: u64,
    pub service_agencies: u64,
    pub investors: u64,
}

impl GenerateSummary {
    /// Total data rows over all files.
    pub fn total_rows(&self) -> u64 {
        self.regions
            + self.enterprises
            + self.enterprise_facts
            + self.certificates
            + self.platforms
            + self.experts
            + self.institutions
            + self.service_agencies
            + self.investors
    }
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("无效的生成参数：{0} / invalid options: {0}")]
    InvalidOptions(String),
    #[error("写入文件失败 / cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("写入 CSV 失败 / cannot write CSV {path}: {source}")]
    Csv {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
}

/// Writes the whole data set to CSV files in `out` (created if missing):
/// `regions.csv`, `enterprises.csv`, `enterprise_facts.csv`,
/// `certificates.csv`, `platforms.csv`, `experts.csv`, `institutions.csv`,
/// `service_agencies.csv`, `investors.csv` (columns in [`headers`]) and a
/// `README.txt` saying the data is synthetic.
///
/// `progress` is called with the number of enterprises written so far,
/// every 5,000 and at the end. Generation uses up to four threads; the
/// output does not depend on how many.
pub fn generate_to_dir(
    opts: &GenerateOptions,
    out: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<GenerateSummary, DemoError> {
    if opts.enterprises > MAX_ENTERPRISES {
        return Err(DemoError::InvalidOptions(format!(
            "enterprises must be at most {MAX_ENTERPRISES}"
        )));
    }
    std::fs::create_dir_all(out).map_err(|source| DemoError::Io {
        path: out.to_path_buf(),
        source,
    })?;
    let counts = Counts::for_enterprises(opts.enterprises);
    let ctx = Ctx::new(opts.seed, opts.reference_date, opts.enterprises);
    let mut summary = GenerateSummary::default();

    let mut sheet = Sheet::create(out, "regions.csv", headers::REGIONS)?;
    let mut rows = Rows::new();
    for r in demo_regions() {
        rows.region(&r);
    }
    sheet.write(&rows.take())?;
    summary.regions = sheet.finish()?;

    let mut sheets = [
        Sheet::create(out, "enterprises.csv", headers::ENTERPRISES)?,
        Sheet::create(out, "enterprise_facts.csv", headers::ENTERPRISE_FACTS)?,
        Sheet::create(out, "certificates.csv", headers::CERTIFICATES)?,
    ];
    let fill = |i: u64, rows: &mut [Rows; 3]| {
        let e = enterprises::generate(&ctx, i);
        rows[0].enterprise(&e);
        rows[1].facts(&e);
        rows[2].certificates(&e);
    };
    pipeline::run(opts.enterprises, &mut sheets, fill, progress)?;
    let [ents, facts, certs] = sheets;
    summary.enterprises = ents.finish()?;
    summary.enterprise_facts = facts.finish()?;
    summary.certificates = certs.finish()?;
    if opts.enterprises == 0 {
        progress(0);
    }

    let institutions = counts.institutions;
    summary.platforms = write_all(out, "platforms.csv", headers::PLATFORMS, counts.platforms, |i, r| {
        r.platform(&platforms::platform(&ctx, i, institutions))
    })?;
    summary.experts = write_all(out, "experts.csv", headers::EXPERTS, counts.experts, |i, r| {
        r.expert(&experts::expert(&ctx, i, institutions))
    })?;
    summary.institutions = write_all(out, "institutions.csv", headers::INSTITUTIONS, institutions, |i, r| {
        r.institution(&organisations::institution(&ctx, i))
    })?;
    summary.service_agencies = write_all(
        out,
        "service_agencies.csv",
        headers::SERVICE_AGENCIES,
        counts.service_agencies,
        |i, r| r.service_agency(&organisations::service_agency(&ctx, i)),
    )?;
    summary.investors = write_all(out, "investors.csv", headers::INVESTORS, counts.investors, |i, r| {
        r.investor(&organisations::investor(&ctx, i))
    })?;

    let readme = out.join("README.txt");
    std::fs::write(&readme, readme_text(opts, &summary)).map_err(|source| DemoError::Io {
        path: readme.clone(),
        source,
    })?;
    Ok(summary)
}

/// Writes entities `0..count` of one kind to a new sheet; returns the rows.
fn write_all(
    dir: &Path,
    name: &str,
    headers: headers::Headers,
    count: u64,
    fill: impl Fn(u64, &mut Rows) + Sync,
) -> Result<u64, DemoError> {
    let mut sheets = [Sheet::create(dir, name, headers)?];
    pipeline::run(
        count,
        &mut sheets,
        |i, rows: &mut [Rows; 1]| fill(i, &mut rows[0]),
        &mut |_| {},
    )?;
    let [sheet] = sheets;
    sheet.finish()
}

/// The README written next to the CSV files.
fn readme_text(opts: &GenerateOptions, s: &GenerateSummary) -> String {
    let mut files = String::new();
    let rows = [
        s.regions,
        s.enterprises,
        s.enterprise_facts,
        s.certificates,
        s.platforms,
        s.experts,
        s.institutions,
        s.service_agencies,
        s.investors,
    ];
    for ((name, _), n) in headers::FILES.iter().zip(rows) {
        files.push_str(&format!("  {name}: {n} 行 / rows\n"));
    }
    format!(
        "合成演示数据 / SYNTHETIC DEMO DATA\n\
         \n\
         本目录中的全部数据均为程序生成的合成演示数据，仅用于演示和性能测试。\n\
         “云州市”及其县区、企业、机构、人员、地址、电话均为虚构，如有雷同纯属巧合；\n\
         统一社会信用代码格式与校验位有效，但行政区划码 1399xx 不属于任何真实地区；\n\
         电子邮箱使用保留域名 .example；请勿拨打其中的电话号码。\n\
         \n\
         Everything in this directory is generated synthetic demo data for\n\
         demonstrations and benchmarks. The city of Yunzhou (云州市), its\n\
         counties, firms, institutions, people, addresses and phone numbers are\n\
         fictional. Credit codes are well-formed with valid check characters, but\n\
         the 1399xx division codes belong to no real place. E-mail addresses use\n\
         the reserved .example domain. Do not call the phone numbers.\n\
         \n\
         企业数 / enterprises: {}\n\
         随机种子 / seed: {}\n\
         基准日期 / reference date: {}\n\
         编码 / encoding: UTF-8 with BOM; 列表值以“{}”分隔 / list cells separated by \"{}\"\n\
         \n\
         文件 / files:\n{files}",
        opts.enterprises,
        opts.seed,
        opts.reference_date,
        headers::LIST_SEPARATOR,
        headers::LIST_SEPARATOR,
    )
}
