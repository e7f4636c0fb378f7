pub mod account;
pub mod audit;
pub mod regions;
pub mod users;
