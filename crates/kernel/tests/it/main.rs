//! The kernel's storage on both backends: regions and scope, versions,
//! audit, sessions and tokens, backup and restore, SQLite's memory.

mod sqlite_memory;
mod storage;
