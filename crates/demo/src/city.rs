//! A small demo city held in memory (for a demo server): the same entities
//! [`crate::generate_to_dir`] writes for the same seed and count.

use chrono::NaiveDate;
use serde::Serialize;

use crate::context::Ctx;
use crate::{
    Counts, DemoEnterprise, DemoExpert, DemoInstitution, DemoInvestor, DemoPlatform, DemoRegion, DemoServiceAgency,
    GenerateOptions, demo_regions, enterprises, experts, organisations, platforms,
};

/// Every entity of a generated city.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoCity {
    pub seed: u64,
    pub reference_date: NaiveDate,
    pub regions: Vec<DemoRegion>,
    pub enterprises: Vec<DemoEnterprise>,
    pub platforms: Vec<DemoPlatform>,
    pub experts: Vec<DemoExpert>,
    pub institutions: Vec<DemoInstitution>,
    pub service_agencies: Vec<DemoServiceAgency>,
    pub investors: Vec<DemoInvestor>,
}

impl DemoCity {
    /// Generates the city described by `opts` in memory. Meant for small
    /// counts; use [`crate::generate_to_dir`] for large ones.
    pub fn generate(opts: &GenerateOptions) -> DemoCity {
        let counts = Counts::for_enterprises(opts.enterprises);
        let ctx = Ctx::new(opts.seed, opts.reference_date, opts.enterprises);
        DemoCity {
            seed: opts.seed,
            reference_date: opts.reference_date,
            regions: demo_regions(),
            enterprises: (0..counts.enterprises)
                .map(|i| enterprises::generate(&ctx, i))
                .collect(),
            platforms: (0..counts.platforms)
                .map(|i| platforms::platform(&ctx, i, counts.institutions))
                .collect(),
            experts: (0..counts.experts)
                .map(|i| experts::expert(&ctx, i, counts.institutions))
                .collect(),
            institutions: (0..counts.institutions)
                .map(|i| organisations::institution(&ctx, i))
                .collect(),
            service_agencies: (0..counts.service_agencies)
                .map(|i| organisations::service_agency(&ctx, i))
                .collect(),
            investors: (0..counts.investors)
                .map(|i| organisations::investor(&ctx, i))
                .collect(),
        }
    }
}

/// A demo city of `enterprises` enterprises (about 300 suits a demo) with
/// the default reference date 2026-01-01.
pub fn demo_city(enterprises: usize, seed: u64) -> DemoCity {
    DemoCity::generate(&GenerateOptions {
        enterprises: enterprises as u64,
        seed,
        ..GenerateOptions::default()
    })
}
