//! Login limits in memory, keyed so that an attacker cannot lock an officer out and a commune
//! office behind one address is not locked out by one of its officers:
//!
//! - **per account and source** (the client's address, or its IPv6 /64; `origin.rs`): the
//!   first `free` failures cost nothing; after that each failure makes the next attempt of that
//!   account from that source wait, 1 s, then 2 s, 4 s, … up to `backoff_max`: a back-off,
//!   never a lock. The same account from another address has a count of its own, so an
//!   attacker elsewhere does not slow the officer down. A success from that source clears the
//!   count; so does an administrator's unlock of the account (its `login_unlocks`, raised on
//!   the admin page or by `ansinh user unlock`), from every source.
//! - **per source**, over every account: at most `per_source` failures a minute, a rate no
//!   office of officers mistyping reaches, which slows one address trying many names.
//!
//! A count is forgotten after a day without failures, and a restart forgets them all, which is
//! acceptable for waits measured in minutes. The maps are bounded.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};

/// More keys than this and the least recent are dropped, so a flood of invented names or
/// addresses cannot grow the maps without bound.
const MAX_KEYS: usize = 10_000;
/// The wait after the first failure past the free ones; each further failure doubles it.
const FIRST_WAIT: Duration = Duration::from_secs(1);
/// A count without a failure for this long starts again from nothing.
const FORGET_AFTER: Duration = Duration::from_secs(24 * 3600);
/// The window of the per-source limit.
const SOURCE_WINDOW: Duration = Duration::from_secs(60);
/// The part of a typed user name that keys its count (real names have at most 32 bytes).
const NAME_KEY_BYTES: usize = 64;

/// Whether an attempt may check its password now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Open,
    /// This account has failed too often from this source: not before `until`. `unlocks` is
    /// the account's unlock count the failures were counted under; a higher one now means an
    /// administrator cleared them.
    AccountWaits {
        until: DateTime<Utc>,
        unlocks: Option<i64>,
    },
    /// This source has failed too often this minute, over all accounts: not before `until`.
    SourceWaits {
        until: DateTime<Utc>,
    },
}

impl Verdict {
    /// The wait, whole seconds rounded up, for a `Retry-After` header; none when open.
    pub fn retry_after(&self, now: DateTime<Utc>) -> Option<u64> {
        let until = match self {
            Verdict::Open => return None,
            Verdict::AccountWaits { until, .. } | Verdict::SourceWaits { until } => *until,
        };
        let ms = (until - now).num_milliseconds().max(0);
        Some(u64::try_from(ms).unwrap_or(0).div_ceil(1000).max(1))
    }
}

/// Failures in a row of one account from one source.
#[derive(Debug, Clone, Copy)]
struct Streak {
    failures: u32,
    last: DateTime<Utc>,
    unlocks: Option<i64>,
}

#[derive(Debug, Default)]
struct State {
    streaks: HashMap<(String, String), Streak>,
    sources: HashMap<String, VecDeque<DateTime<Utc>>>,
}

#[derive(Debug)]
pub struct LoginLimiter {
    free: u32,
    backoff_max: Duration,
    per_source: usize,
    state: Mutex<State>,
}

fn after(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    chrono::Duration::from_std(d)
        .ok()
        .and_then(|d| t.checked_add_signed(d))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

fn key(source: &str, username: &str) -> (String, String) {
    let mut end = username.len().min(NAME_KEY_BYTES);
    while !username.is_char_boundary(end) {
        end -= 1;
    }
    (source.to_string(), username[..end].to_string())
}

/// Drops the oldest tenth of a full map (by `age`), so room is made seldom and in bulk.
fn make_room<K: Clone + Eq + std::hash::Hash, V>(
    map: &mut HashMap<K, V>,
    age: impl Fn(&V) -> DateTime<Utc>,
) {
    if map.len() < MAX_KEYS {
        return;
    }
    let mut by_age: Vec<(DateTime<Utc>, K)> =
        map.iter().map(|(k, v)| (age(v), k.clone())).collect();
    by_age.sort_by_key(|(t, _)| *t);
    for (_, k) in by_age.into_iter().take(MAX_KEYS / 10) {
        map.remove(&k);
    }
}

impl LoginLimiter {
    pub fn new(free: u32, backoff_max: Duration, per_source_per_minute: u32) -> LoginLimiter {
        LoginLimiter {
            free,
            backoff_max,
            per_source: per_source_per_minute.max(1) as usize,
            state: Mutex::new(State::default()),
        }
    }

    /// The wait after `failures` failures in a row: none for the free ones, then 1 s doubling
    /// up to the longest.
    fn wait(&self, failures: u32) -> Duration {
        let free = self.free.max(1);
        if failures < free {
            return Duration::ZERO;
        }
        1u32.checked_shl(failures - free)
            .and_then(|n| FIRST_WAIT.checked_mul(n))
            .unwrap_or(self.backoff_max)
            .min(self.backoff_max)
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether this account may try its password from this source now.
    pub fn check(&self, source: &str, username: &str, now: DateTime<Utc>) -> Verdict {
        let mut st = self.state();
        if let Some(q) = st.sources.get_mut(source) {
            while q.front().is_some_and(|t| after(*t, SOURCE_WINDOW) <= now) {
                q.pop_front();
            }
            if q.len() >= self.per_source
                && let Some(oldest) = q.front()
            {
                return Verdict::SourceWaits {
                    until: after(*oldest, SOURCE_WINDOW),
                };
            }
        }
        if let Some(s) = st.streaks.get(&key(source, username)) {
            let until = after(s.last, self.wait(s.failures));
            if now < until {
                return Verdict::AccountWaits {
                    until,
                    unlocks: s.unlocks,
                };
            }
        }
        Verdict::Open
    }

    /// Counts a wrong password. `unlocks` is the account's unlock count (`None` for a name no
    /// account has): a count made before an unlock starts again.
    pub fn record_failure(
        &self,
        source: &str,
        username: &str,
        unlocks: Option<i64>,
        now: DateTime<Utc>,
    ) {
        let mut st = self.state();
        let k = key(source, username);
        if !st.streaks.contains_key(&k) {
            make_room(&mut st.streaks, |s| s.last);
        }
        let fresh = Streak {
            failures: 0,
            last: now,
            unlocks,
        };
        let s = st.streaks.entry(k).or_insert(fresh);
        if s.unlocks != unlocks || after(s.last, FORGET_AFTER) <= now {
            *s = fresh;
        }
        s.failures = s.failures.saturating_add(1);
        s.last = now;
        if !st.sources.contains_key(source) {
            make_room(&mut st.sources, |q| {
                q.back().copied().unwrap_or(DateTime::<Utc>::MIN_UTC)
            });
        }
        let q = st.sources.entry(source.to_string()).or_default();
        q.push_back(now);
        while q.len() > self.per_source {
            q.pop_front();
        }
    }

    /// Forgets the account's count from this source: after it signed in from there, or after
    /// an administrator cleared its back-off. The source's own count stays (one office may
    /// share an address, and a success does not prove the other attempts were honest).
    pub fn forget(&self, source: &str, username: &str) {
        self.state().streaks.remove(&key(source, username));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn waits(v: Verdict) -> bool {
        v != Verdict::Open
    }

    #[test]
    fn the_back_off_doubles_after_the_free_failures_up_to_its_longest() {
        let l = LoginLimiter::new(3, secs(60), 1000);
        let seconds: Vec<u64> = (0..12).map(|n| l.wait(n).as_secs()).collect();
        assert_eq!(seconds, [0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(l.wait(u32::MAX), secs(60));

        let t0 = Utc::now();
        for _ in 0..3 {
            assert_eq!(l.check("1.2.3.4", "an", t0), Verdict::Open);
            l.record_failure("1.2.3.4", "an", Some(0), t0);
        }
        let v = l.check("1.2.3.4", "an", t0);
        assert_eq!(
            v,
            Verdict::AccountWaits {
                until: after(t0, secs(1)),
                unlocks: Some(0)
            }
        );
        assert_eq!(v.retry_after(t0), Some(1));
        // Another account from there, and this account from elsewhere, do not wait.
        assert_eq!(l.check("1.2.3.4", "binh", t0), Verdict::Open);
        assert_eq!(l.check("5.6.7.8", "an", t0), Verdict::Open);
        // The next failure waits twice as long.
        let t1 = after(t0, secs(1));
        assert_eq!(l.check("1.2.3.4", "an", t1), Verdict::Open);
        l.record_failure("1.2.3.4", "an", Some(0), t1);
        assert!(waits(l.check("1.2.3.4", "an", after(t1, secs(1)))));
        assert_eq!(l.check("1.2.3.4", "an", after(t1, secs(2))), Verdict::Open);
        // A success there clears it.
        l.forget("1.2.3.4", "an");
        l.record_failure("1.2.3.4", "an", Some(0), t1);
        assert_eq!(l.check("1.2.3.4", "an", t1), Verdict::Open);
    }

    #[test]
    fn an_unlock_or_a_day_without_failures_starts_the_count_again() {
        let l = LoginLimiter::new(2, secs(900), 1000);
        let t = Utc::now();
        for _ in 0..2 {
            l.record_failure("a", "an", Some(0), t);
        }
        assert!(waits(l.check("a", "an", t)));
        // Failures counted before an unlock do not add up with those after it.
        l.record_failure("a", "an", Some(1), after(t, secs(5)));
        assert_eq!(l.check("a", "an", after(t, secs(5))), Verdict::Open);
        let later = after(t, FORGET_AFTER + secs(5));
        l.record_failure("a", "an", Some(1), later);
        assert_eq!(l.check("a", "an", later), Verdict::Open);
    }

    #[test]
    fn one_source_may_fail_so_often_a_minute_over_all_names() {
        let l = LoginLimiter::new(5, secs(900), 4);
        let t = Utc::now();
        for name in ["an", "binh", "chi", "dung"] {
            assert_eq!(l.check("office", name, t), Verdict::Open);
            l.record_failure("office", name, None, t);
        }
        assert_eq!(
            l.check("office", "em", t),
            Verdict::SourceWaits {
                until: after(t, SOURCE_WINDOW)
            }
        );
        assert_eq!(l.check("elsewhere", "em", t), Verdict::Open);
        assert_eq!(
            l.check("office", "em", after(t, SOURCE_WINDOW)),
            Verdict::Open
        );
    }

    #[test]
    fn the_maps_stay_bounded() {
        let l = LoginLimiter::new(5, secs(900), 5);
        let t = Utc::now();
        for i in 0..(MAX_KEYS + 50) {
            l.record_failure(&format!("s{i}"), &format!("n{i}"), None, t);
        }
        let st = l.state();
        assert!(st.streaks.len() <= MAX_KEYS && st.sources.len() <= MAX_KEYS);
        drop(st);
        let long = "x".repeat(10_000);
        l.record_failure("s", &long, None, t);
        assert!(
            l.state()
                .streaks
                .keys()
                .all(|(_, n)| n.len() <= NAME_KEY_BYTES)
        );
    }
}
