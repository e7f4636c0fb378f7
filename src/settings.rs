//! Effective configuration: built-in defaults, then `kechuang.toml`, then
//! `KECHUANG_*` environment variables, then command-line flags (later wins).

use crate::cli::GlobalArgs;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use kechuang_shell::WebConfig;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub data_dir: PathBuf,
    /// PostgreSQL URL; empty means the embedded SQLite file in `data_dir`.
    pub database_url: Option<String>,
    pub log_level: String,
    /// `text` or `json`.
    pub log_format: String,
    pub web: WebConfig,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("data"),
            database_url: None,
            log_level: "info,sqlx=warn,tower_http=info".into(),
            log_format: "text".into(),
            web: WebConfig::default(),
        }
    }
}

impl Settings {
    pub fn load(args: &GlobalArgs) -> anyhow::Result<Settings> {
        let mut fig = Figment::from(Serialized::defaults(Settings::default()));
        match &args.config {
            Some(path) => {
                if !path.exists() {
                    anyhow::bail!("config file {} not found", path.display());
                }
                fig = fig.merge(Toml::file(path));
            }
            None => fig = fig.merge(Toml::file("kechuang.toml")),
        }
        fig = fig.merge(Env::prefixed("KECHUANG_").split("__").ignore(&["config"]));
        if let Some(d) = &args.data_dir {
            fig = fig.merge(Serialized::default("data_dir", d));
        }
        if let Some(u) = &args.database_url {
            fig = fig.merge(Serialized::default("database_url", u));
        }
        let mut s: Settings = fig.extract()?;
        if s.database_url.as_deref().is_some_and(|u| u.trim().is_empty()) {
            s.database_url = None;
        }
        Ok(s)
    }

    /// The database this configuration names.
    pub fn database_target(&self) -> String {
        match &self.database_url {
            Some(u) => u.clone(),
            None => self.data_dir.join("kechuang.db").display().to_string(),
        }
    }

    /// The configuration as TOML with the database password masked.
    pub fn masked_toml(&self) -> String {
        let mut copy = self.clone();
        copy.database_url = copy.database_url.map(|u| mask_url(&u));
        let value = serde_json::to_value(&copy).unwrap_or_default();
        let mut out = String::new();
        write_toml(&mut out, "", &value);
        out
    }
}

/// Replaces the password in `scheme://user:password@host/...` with `****`.
pub fn mask_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((creds, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match creds.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:****@{host}"),
        None => url.to_owned(),
    }
}

fn write_toml(out: &mut String, prefix: &str, v: &serde_json::Value) {
    let Some(map) = v.as_object() else { return };
    for (k, val) in map {
        if !val.is_object() && !val.is_null() {
            out.push_str(&format!("{k} = {val}\n"));
        }
    }
    for (k, val) in map {
        if val.is_object() {
            let name = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            out.push_str(&format!("\n[{name}]\n"));
            write_toml(out, &name, val);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_passwords() {
        assert_eq!(
            mask_url("postgres://kc:secret@db:5432/kc"),
            "postgres://kc:****@db:5432/kc"
        );
        assert_eq!(mask_url("postgres://kc@db/kc"), "postgres://kc@db/kc");
        assert_eq!(mask_url("data/kechuang.db"), "data/kechuang.db");
    }

    #[test]
    fn precedence_file_env_flags() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "kechuang.toml",
                "data_dir = \"from-file\"\nlog_level = \"warn\"\n[web]\nbind = \"0.0.0.0:9000\"\nsession_hours = 4\n",
            )?;
            let s = Settings::load(&GlobalArgs::default()).expect("load");
            assert_eq!(s.data_dir, PathBuf::from("from-file"));
            assert_eq!(s.web.bind, "0.0.0.0:9000");
            jail.set_env("KECHUANG_DATA_DIR", "from-env");
            jail.set_env("KECHUANG_WEB__SESSION_HOURS", "2");
            let s = Settings::load(&GlobalArgs::default()).expect("load");
            assert_eq!(s.data_dir, PathBuf::from("from-env"));
            assert_eq!(s.web.session_hours, 2);
            assert_eq!(s.log_level, "warn");
            let args = GlobalArgs {
                data_dir: Some("from-flag".into()),
                ..Default::default()
            };
            let s = Settings::load(&args).expect("load");
            assert_eq!(s.data_dir, PathBuf::from("from-flag"));
            Ok(())
        });
    }
}
