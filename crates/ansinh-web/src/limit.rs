//! Login rate limiting in memory: failed attempts per client address and per user name within
//! a sliding minute. Guessing passwords is then slow whether one machine tries many names or
//! many machines try one name. A restart forgets the counts, which is acceptable for a limit
//! measured in minutes.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// More keys than this and idle ones are dropped, so a flood of invented names cannot grow
/// the map without bound.
const MAX_KEYS: usize = 10_000;

#[derive(Debug)]
pub struct LoginLimiter {
    max_failures: usize,
    window: Duration,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginLimiter {
    pub fn new(per_minute: u32) -> LoginLimiter {
        LoginLimiter {
            max_failures: per_minute.max(1) as usize,
            window: Duration::from_secs(60),
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn keys(ip: &str, username: &str) -> [String; 2] {
        [
            format!("ip:{ip}"),
            format!("user:{}", username.trim().to_lowercase()),
        ]
    }

    /// Whether this address or this name has used up its failures for the window.
    pub fn blocked(&self, ip: &str, username: &str) -> bool {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        Self::keys(ip, username).iter().any(|k| {
            map.get_mut(k).is_some_and(|q| {
                while q
                    .front()
                    .is_some_and(|t| now.duration_since(*t) > self.window)
                {
                    q.pop_front();
                }
                q.len() >= self.max_failures
            })
        })
    }

    pub fn record_failure(&self, ip: &str, username: &str) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_KEYS {
            map.retain(|_, q| {
                q.back()
                    .is_some_and(|t| now.duration_since(*t) <= self.window)
            });
        }
        for k in Self::keys(ip, username) {
            let q = map.entry(k).or_default();
            q.push_back(now);
            if q.len() > self.max_failures {
                q.pop_front();
            }
        }
    }

    /// A successful login clears the name's count (not the address's: one office may share
    /// an address, and a success does not prove the other attempts were honest).
    pub fn record_success(&self, username: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&format!("user:{}", username.trim().to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_allowed_failures() {
        let l = LoginLimiter::new(3);
        for _ in 0..3 {
            assert!(!l.blocked("1.2.3.4", "an"));
            l.record_failure("1.2.3.4", "an");
        }
        assert!(l.blocked("1.2.3.4", "an"));
        // The same name from elsewhere is blocked too; another name from elsewhere is not.
        assert!(l.blocked("5.6.7.8", "AN"));
        assert!(!l.blocked("5.6.7.8", "binh"));
        l.record_success("an");
        assert!(l.blocked("1.2.3.4", "binh"), "the address keeps its count");
    }
}
