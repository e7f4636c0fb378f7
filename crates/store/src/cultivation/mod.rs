//! Cultivation's storage: the pipeline's yearly figures, reserve pools and
//! clinic answers, bank consents and lists, commissioners and their visits.

pub mod bank;
pub mod commissioners;
pub mod pipeline;
pub mod pools;
