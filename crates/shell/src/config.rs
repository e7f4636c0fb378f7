//! Settings of the web service (the binary fills them from file, environment
//! and flags).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct WebConfig {
    /// Address to listen on, e.g. `127.0.0.1:8080`; port 0 picks a free one.
    pub bind: String,
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Lifetime of a browser session in hours.
    pub session_hours: i64,
    /// Failed sign-ins allowed per account within `login_window_minutes`.
    pub login_max_failures: i64,
    /// Failed sign-ins allowed per client address within the window.
    pub login_max_failures_per_ip: i64,
    pub login_window_minutes: i64,
    /// Take the client address from `X-Forwarded-For` (behind a proxy).
    pub trust_proxy: bool,
    /// Largest request body in bytes.
    pub max_body_bytes: usize,
    /// Directory of this instance's technology-market search index; none
    /// keeps it in memory (rebuilt from the database at start).
    pub index_dir: Option<std::path::PathBuf>,
    /// Memory the search index may use while indexing, in MiB.
    pub index_writer_mib: usize,
    /// Where to send e-mail copies of inbox messages; none sends no e-mail.
    pub smtp: Option<crate::mail::SmtpConfig>,
    /// This instance's data directory (set by the binary, not configured
    /// here): capabilities keep their local files below it.
    #[serde(skip)]
    pub data_dir: Option<std::path::PathBuf>,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            secure_cookies: false,
            session_hours: 12,
            login_max_failures: 5,
            login_max_failures_per_ip: 30,
            login_window_minutes: 15,
            trust_proxy: false,
            max_body_bytes: 64 * 1024 * 1024,
            index_dir: None,
            index_writer_mib: 64,
            smtp: None,
            data_dir: None,
        }
    }
}
