pub mod audit;
pub mod regions;
pub mod tokens;
pub mod users;
