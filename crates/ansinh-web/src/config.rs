//! Settings of the web server that the binary may change; the defaults suit one province
//! served from a small machine on an office network.

use std::net::IpAddr;
use std::str::FromStr;
use std::time::Duration;

pub use crate::clock::Clock;

#[derive(Debug, Clone)]
pub struct WebConfig {
    /// How long a login lasts without signing in again: a working day.
    pub session_ttl: Duration,
    /// Marks every cookie `Secure` whatever the request says: for a server reached over HTTPS
    /// only. Without it cookies are `Secure` when the request came over HTTPS as
    /// [`WebConfig::public_url`] or a trusted proxy tells.
    pub secure_cookies: bool,
    /// The address officers open (`https://ansinh.hue.gov.vn/`). One starting with `https://`
    /// says that every request came over HTTPS, so every cookie is `Secure`.
    pub public_url: Option<String>,
    /// The reverse proxies whose `X-Forwarded-Proto` and `X-Forwarded-For` are believed
    /// (addresses or networks such as `127.0.0.1` or `10.0.0.0/8`): a request from one of them
    /// with `X-Forwarded-Proto: https` came over HTTPS, and its client is the last address of
    /// `X-Forwarded-For` that is not one of them. A request from anywhere else is judged by
    /// its own connection, whatever headers it carries.
    pub trusted_proxies: Vec<IpNet>,
    /// The largest upload (import files); the body limit of the import form follows it.
    pub max_upload_bytes: usize,
    /// Failed logins of one account from one address before each further attempt from there
    /// waits: 1 s after the next failure, then 2 s, 4 s, … up to
    /// [`WebConfig::login_backoff_max`] (`limit.rs`). Other addresses are not slowed down.
    pub login_free_failures: u32,
    /// The longest wait of the back-off.
    pub login_backoff_max: Duration,
    /// Failed logins one address may make per minute over all accounts: more than a commune
    /// office behind one address ever makes, few enough to slow an address trying many names.
    pub login_source_failures_per_minute: u32,
    /// The clock of the login limits and their audit windows: the system's, or a test's.
    pub clock: Clock,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            session_ttl: Duration::from_secs(8 * 3600),
            secure_cookies: false,
            public_url: None,
            trusted_proxies: Vec::new(),
            max_upload_bytes: 50 * 1024 * 1024,
            login_free_failures: 5,
            login_backoff_max: Duration::from_secs(15 * 60),
            login_source_failures_per_minute: 30,
            clock: Clock::system(),
        }
    }
}

/// An address or a network of addresses (`10.0.0.0/8`, `fd00::/8`; a bare address is itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            // An IPv4 client seen through an IPv6 socket (`::ffff:10.0.0.1`).
            (IpAddr::V4(_), IpAddr::V6(ip)) => ip
                .to_ipv4_mapped()
                .is_some_and(|v4| self.contains(IpAddr::V4(v4))),
            (IpAddr::V6(_), IpAddr::V4(_)) => false,
        }
    }
}

impl FromStr for IpNet {
    type Err = String;

    fn from_str(s: &str) -> Result<IpNet, String> {
        let bad = || format!("'{s}' không phải địa chỉ IP hay mạng (như 10.0.0.0/8)");
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s.trim(), None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| bad())?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?,
            None => max,
        };
        Ok(IpNet { addr, prefix })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn networks_contain_their_addresses() {
        let lan: IpNet = "10.0.0.0/8".parse().unwrap();
        assert!(lan.contains(ip("10.20.30.40")) && !lan.contains(ip("11.0.0.1")));
        assert!(
            lan.contains(ip("::ffff:10.0.0.1")),
            "IPv4 through an IPv6 socket"
        );
        let one: IpNet = "127.0.0.1".parse().unwrap();
        assert!(one.contains(ip("127.0.0.1")) && !one.contains(ip("127.0.0.2")));
        let all: IpNet = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.9")));
        let v6: IpNet = "fd00::/8".parse().unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        assert!(!v6.contains(ip("10.0.0.1")));
        for bad in ["", "10.0.0.0/33", "localhost", "10.0.0/8", "::/129"] {
            assert!(bad.parse::<IpNet>().is_err(), "{bad}");
        }
    }
}
