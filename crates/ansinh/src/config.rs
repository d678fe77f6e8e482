//! The optional configuration file (`--config ansinh.toml` or `ANSINH_CONFIG`). Flags and
//! environment variables win over the file; the file wins over the defaults.
//!
//! ```toml
//! database_url = "postgres://ansinh@localhost/ansinh"   # or data_dir = "/var/lib/ansinh"
//! listen = "127.0.0.1:8080"
//!
//! [web]
//! session_ttl_minutes = 480
//! public_url = "https://ansinh.hue.gov.vn/"   # https: every cookie is Secure
//! trusted_proxies = ["127.0.0.1"]  # reverse proxies whose X-Forwarded-For/-Proto are believed
//! secure_cookies = false         # true: Secure cookies whatever the request says
//! max_upload_mb = 50
//! login_free_failures = 5        # per account and address, then a wait of 1 s, 2 s, 4 s, …
//! login_backoff_max_minutes = 15 # the longest wait
//! login_source_failures_per_minute = 30  # per address over all accounts (an office's NAT)
//! ```

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database_url: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub listen: Option<SocketAddr>,
    #[serde(default)]
    pub web: WebSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebSection {
    pub session_ttl_minutes: Option<u64>,
    pub secure_cookies: Option<bool>,
    pub public_url: Option<String>,
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
    pub max_upload_mb: Option<usize>,
    /// Once `login_attempts_per_minute`, of a limit that then locked the name for everyone.
    #[serde(alias = "login_attempts_per_minute")]
    pub login_free_failures: Option<u32>,
    pub login_backoff_max_minutes: Option<u64>,
    pub login_source_failures_per_minute: Option<u32>,
}

impl FileConfig {
    pub fn load(path: Option<&Path>) -> anyhow::Result<FileConfig> {
        let Some(path) = path else {
            return Ok(FileConfig::default());
        };
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("không đọc được tệp cấu hình {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("tệp cấu hình {} sai", path.display()))
    }

    /// The web settings: the file's values over the defaults.
    pub fn web(&self) -> anyhow::Result<ansinh_web::WebConfig> {
        let mut c = ansinh_web::WebConfig::default();
        if let Some(m) = self.web.session_ttl_minutes {
            c.session_ttl = Duration::from_secs(m * 60);
        }
        if let Some(s) = self.web.secure_cookies {
            c.secure_cookies = s;
        }
        if let Some(u) = &self.web.public_url {
            if !u.starts_with("https://") && !u.starts_with("http://") {
                anyhow::bail!("public_url '{u}' phải bắt đầu bằng https:// hoặc http://");
            }
            c.public_url = Some(u.clone());
        }
        c.trusted_proxies = self
            .web
            .trusted_proxies
            .iter()
            .map(|p| p.parse().map_err(|e: String| anyhow::anyhow!(e)))
            .collect::<anyhow::Result<_>>()
            .context("trusted_proxies trong tệp cấu hình")?;
        if let Some(mb) = self.web.max_upload_mb {
            c.max_upload_bytes = mb * 1024 * 1024;
        }
        if let Some(n) = self.web.login_free_failures {
            c.login_free_failures = n;
        }
        if let Some(m) = self.web.login_backoff_max_minutes {
            c.login_backoff_max = Duration::from_secs(m * 60);
        }
        if let Some(n) = self.web.login_source_failures_per_minute {
            c.login_source_failures_per_minute = n;
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() {
        let c: FileConfig = toml::from_str(
            "database_url = \"postgres://a@b/c\"\nlisten = \"127.0.0.1:9000\"\n[web]\nsession_ttl_minutes = 60\nsecure_cookies = true\nmax_upload_mb = 10\n",
        )
        .unwrap();
        assert_eq!(c.listen.unwrap().port(), 9000);
        let w = c.web().unwrap();
        assert_eq!(w.session_ttl, Duration::from_secs(3600));
        assert!(w.secure_cookies);
        assert_eq!(w.max_upload_bytes, 10 * 1024 * 1024);
        assert_eq!(w.login_free_failures, 5);
        assert_eq!(w.login_source_failures_per_minute, 30);
        assert!(w.public_url.is_none() && w.trusted_proxies.is_empty());
    }

    #[test]
    fn reads_the_public_address_and_the_trusted_proxies() {
        let c: FileConfig = toml::from_str(
            "[web]\npublic_url = \"https://ansinh.hue.gov.vn/\"\ntrusted_proxies = [\"127.0.0.1\", \"10.0.0.0/8\"]\n",
        )
        .unwrap();
        let w = c.web().unwrap();
        assert_eq!(w.public_url.as_deref(), Some("https://ansinh.hue.gov.vn/"));
        assert!(w.trusted_proxies[1].contains("10.1.2.3".parse().unwrap()));
        let bad: FileConfig =
            toml::from_str("[web]\ntrusted_proxies = [\"proxy.local\"]\n").unwrap();
        assert!(format!("{:#}", bad.web().unwrap_err()).contains("proxy.local"));
        let bad: FileConfig =
            toml::from_str("[web]\npublic_url = \"ansinh.hue.gov.vn\"\n").unwrap();
        assert!(bad.web().is_err());
    }

    #[test]
    fn reads_the_login_limits_and_the_old_name_of_the_free_failures() {
        let c: FileConfig = toml::from_str(
            "[web]\nlogin_free_failures = 3\nlogin_backoff_max_minutes = 5\nlogin_source_failures_per_minute = 100\n",
        )
        .unwrap();
        let w = c.web().unwrap();
        assert_eq!(w.login_free_failures, 3);
        assert_eq!(w.login_backoff_max, Duration::from_secs(300));
        assert_eq!(w.login_source_failures_per_minute, 100);
        let old: FileConfig = toml::from_str("[web]\nlogin_attempts_per_minute = 7\n").unwrap();
        assert_eq!(old.web().unwrap().login_free_failures, 7);
    }

    #[test]
    fn refuses_unknown_keys() {
        assert!(toml::from_str::<FileConfig>("lisen = \"x\"").is_err());
    }
}
