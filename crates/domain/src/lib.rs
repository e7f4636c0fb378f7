//! Pure domain rules of the registry and of plan supervision (no IO). The
//! foundation types (regions, roles, access, money, credit codes) live in
//! `kechuang-kernel`.

pub mod registry;
pub mod supervision;
pub mod units;
