//! Pure domain rules of plan supervision (no IO).

pub mod supervision;
pub mod units;
