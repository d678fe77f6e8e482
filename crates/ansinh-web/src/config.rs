//! Settings of the web server that the binary may change; the defaults suit one province
//! served from a small machine on an office network.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct WebConfig {
    /// How long a login lasts without signing in again: a working day.
    pub session_ttl: Duration,
    /// Marks the session cookie `Secure`; turn on when the app is served over HTTPS, which a
    /// production deployment behind a reverse proxy should be.
    pub secure_cookies: bool,
    /// The largest upload (import files); the body limit of the import form follows it.
    pub max_upload_bytes: usize,
    /// Failed logins allowed per minute for one client address and for one user name.
    pub login_attempts_per_minute: u32,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            session_ttl: Duration::from_secs(8 * 3600),
            secure_cookies: false,
            max_upload_bytes: 50 * 1024 * 1024,
            login_attempts_per_minute: 5,
        }
    }
}
