pub mod account;
pub mod audit;
pub mod inbox;
pub mod regions;
pub mod users;
