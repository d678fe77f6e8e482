//! Where a request came from, as far as the server may believe it: the client's address and
//! whether the browser spoke HTTPS. Worked out once per request from the connection and, for a
//! connection from a trusted reverse proxy ([`WebConfig::trusted_proxies`]), the proxy's
//! `X-Forwarded-For` and `X-Forwarded-Proto`; a header from anyone else is ignored, since any
//! client can send it.
//!
//! The layer also marks every cookie of the answer `Secure` when the request came over HTTPS,
//! so no handler can forget to (and none decides it).

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;
use crate::config::WebConfig;

const FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
const FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");

/// The client and the scheme of a request, in its extensions for handlers to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// The client's address; `None` when the request did not come over TCP (tests).
    pub client: Option<IpAddr>,
    /// Whether the browser spoke HTTPS (to this server or to the trusted proxy).
    pub https: bool,
}

impl Origin {
    /// The origin of a request from `peer` with these headers.
    pub fn of(config: &WebConfig, peer: Option<IpAddr>, headers: &HeaderMap) -> Origin {
        let trusted = |ip: IpAddr| config.trusted_proxies.iter().any(|n| n.contains(ip));
        let proxied = peer.is_some_and(trusted);
        let client = if proxied {
            forwarded_client(headers, &trusted).or(peer)
        } else {
            peer
        };
        let public_https = config
            .public_url
            .as_deref()
            .is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"));
        let forwarded_https = proxied
            && last_value(headers, &FORWARDED_PROTO)
                .is_some_and(|p| p.eq_ignore_ascii_case("https"));
        Origin {
            client,
            https: config.secure_cookies || public_https || forwarded_https,
        }
    }

    /// What the login limits and their audit entries call the client: an IPv4 address, or an
    /// IPv6 address's /64 network (one household's or office's line hands out a whole /64, so
    /// counting single IPv6 addresses would count nothing).
    pub fn source(&self) -> String {
        match self.client {
            Some(IpAddr::V4(ip)) => ip.to_string(),
            Some(IpAddr::V6(ip)) => match ip.to_ipv4_mapped() {
                Some(v4) => v4.to_string(),
                None => {
                    let net = u128::from(ip) & (u128::MAX << 64);
                    format!("{}/64", std::net::Ipv6Addr::from(net))
                }
            },
            None => "unknown".to_string(),
        }
    }
}

/// The client a trusted proxy forwarded: walking `X-Forwarded-For` from the right (the proxy
/// appends the address it saw), the first address that is not a trusted proxy. A value that is
/// not an address ends the walk without a client, so the proxy itself stands for it.
fn forwarded_client(headers: &HeaderMap, trusted: &impl Fn(IpAddr) -> bool) -> Option<IpAddr> {
    let hops: Vec<&str> = headers
        .get_all(&FORWARDED_FOR)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut last_trusted = None;
    for hop in hops.iter().rev() {
        let ip = hop
            .parse::<IpAddr>()
            .or_else(|_| hop.parse::<SocketAddr>().map(|s| s.ip()))
            .ok()?;
        if !trusted(ip) {
            return Some(ip);
        }
        last_trusted = Some(ip);
    }
    last_trusted
}

/// The last of a header's comma-separated values: the one the nearest proxy set.
fn last_value<'a>(headers: &'a HeaderMap, name: &HeaderName) -> Option<&'a str> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .next_back()
}

impl<S: Send + Sync> FromRequestParts<S> for Origin {
    type Rejection = std::convert::Infallible;

    /// The origin [`layer`] found; without the layer, the bare connection over plain HTTP.
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Origin>().copied().unwrap_or(Origin {
            client: parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
            https: false,
        }))
    }
}

/// Puts the request's [`Origin`] in its extensions, and marks the answer's cookies `Secure`
/// when it came over HTTPS.
pub async fn layer(State(app): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let origin = Origin::of(&app.config, peer, req.headers());
    req.extensions_mut().insert(origin);
    let mut res = next.run(req).await;
    if origin.https {
        secure_cookies(res.headers_mut());
    }
    res
}

/// Adds `; Secure` to every `Set-Cookie` that lacks it.
fn secure_cookies(headers: &mut HeaderMap) {
    let cookies: Vec<HeaderValue> = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect();
    if cookies.is_empty() {
        return;
    }
    headers.remove(header::SET_COOKIE);
    for c in cookies {
        let secured = c
            .to_str()
            .ok()
            .filter(|s| {
                !s.split(';')
                    .any(|a| a.trim().eq_ignore_ascii_case("secure"))
            })
            .and_then(|s| HeaderValue::from_str(&format!("{s}; Secure")).ok());
        headers.append(header::SET_COOKIE, secured.unwrap_or(c));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(HeaderName::from_static(k), v.parse().unwrap());
        }
        h
    }

    fn behind_proxy() -> WebConfig {
        WebConfig {
            trusted_proxies: vec!["10.0.0.0/8".parse().unwrap()],
            ..WebConfig::default()
        }
    }

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn a_trusted_proxy_names_the_client() {
        let c = behind_proxy();
        let h = headers(&[("x-forwarded-for", "198.51.100.1, 203.0.113.7, 10.0.0.2")]);
        let o = Origin::of(&c, ip("10.0.0.1"), &h);
        assert_eq!(o.client, ip("203.0.113.7"), "the nearest untrusted hop");
        // Anyone else's header is ignored.
        let o = Origin::of(&c, ip("198.51.100.9"), &h);
        assert_eq!(o.client, ip("198.51.100.9"));
        // Several header lines; a port; nothing forwarded; garbage.
        let h = headers(&[
            ("x-forwarded-for", "198.51.100.1"),
            ("x-forwarded-for", "203.0.113.7:5000"),
        ]);
        assert_eq!(Origin::of(&c, ip("10.0.0.1"), &h).client, ip("203.0.113.7"));
        let empty = HeaderMap::new();
        assert_eq!(
            Origin::of(&c, ip("10.0.0.1"), &empty).client,
            ip("10.0.0.1")
        );
        let h = headers(&[("x-forwarded-for", "nonsense")]);
        assert_eq!(Origin::of(&c, ip("10.0.0.1"), &h).client, ip("10.0.0.1"));
        let h = headers(&[("x-forwarded-for", "10.0.0.7")]);
        assert_eq!(Origin::of(&c, ip("10.0.0.1"), &h).client, ip("10.0.0.7"));
    }

    #[test]
    fn https_is_believed_from_the_public_url_or_a_trusted_proxy() {
        let c = behind_proxy();
        let https = headers(&[("x-forwarded-proto", "https")]);
        assert!(Origin::of(&c, ip("10.0.0.1"), &https).https);
        assert!(!Origin::of(&c, ip("198.51.100.9"), &https).https);
        let chain = headers(&[("x-forwarded-proto", "https, http")]);
        assert!(
            !Origin::of(&c, ip("10.0.0.1"), &chain).https,
            "the nearest proxy's"
        );
        let public = WebConfig {
            public_url: Some("HTTPS://ansinh.example.vn".into()),
            ..WebConfig::default()
        };
        assert!(Origin::of(&public, None, &HeaderMap::new()).https);
        let forced = WebConfig {
            secure_cookies: true,
            ..WebConfig::default()
        };
        assert!(Origin::of(&forced, None, &HeaderMap::new()).https);
        assert!(!Origin::of(&WebConfig::default(), ip("127.0.0.1"), &https).https);
    }

    #[test]
    fn sources_group_ipv6_by_network() {
        let o = |s| Origin {
            client: ip(s),
            https: false,
        };
        assert_eq!(o("203.0.113.7").source(), "203.0.113.7");
        assert_eq!(o("2001:db8:1:2:aaaa::1").source(), "2001:db8:1:2::/64");
        assert_eq!(o("::ffff:203.0.113.7").source(), "203.0.113.7");
        let none = Origin {
            client: None,
            https: false,
        };
        assert_eq!(none.source(), "unknown");
    }

    #[test]
    fn cookies_become_secure_once() {
        let mut h = HeaderMap::new();
        h.append(header::SET_COOKIE, "a=1; Path=/".parse().unwrap());
        h.append(header::SET_COOKIE, "b=2; Path=/; Secure".parse().unwrap());
        secure_cookies(&mut h);
        let all: Vec<_> = h.get_all(header::SET_COOKIE).iter().collect();
        assert_eq!(all, ["a=1; Path=/; Secure", "b=2; Path=/; Secure"]);
    }
}
