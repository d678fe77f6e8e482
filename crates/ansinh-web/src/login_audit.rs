//! Refused logins in the audit log, bounded. Anyone can post the login form, so one audit row
//! per refusal let a visitor who never signed in grow the database at will and bury the real
//! events. The audit log is append-only (triggers refuse UPDATE), so the counting is done here,
//! in memory, per **key**: the source (the client's address, an IPv6 /64) and the account the
//! name belongs to, or none for every name that is no account's (a typed name is never
//! written: it may be a password typed into the wrong box).
//!
//! Per window of [`WINDOW`] from the first refusal after the last one closed:
//! - a key's first refusal is written at once, so an attack shows in the log while it runs;
//! - when the window closes (at the next refusal after it, or the server's sweep each minute,
//!   or at shutdown), each key with more than that one refusal gets one row with its totals:
//!   wrong passwords, attempts the login limits made wait, and forms without their token;
//! - past [`MAX_KEYS`] keys in a window, further keys are added into one row of their own
//!   (source `*`), so a window writes at most `2 × MAX_KEYS + 1` rows however many sources
//!   and accounts an attack uses.
//!
//! A restart forgets a window's counts except at a graceful shutdown, which writes them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use ansinh_store::accounts::{LoginAccount, RefusedLogins};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// How long the refusals of one key are added up into one row.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// The keys of a window that get rows of their own.
pub const MAX_KEYS: usize = 100;

/// Why a login was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A wrong password, an unknown name or a disabled account.
    Failed,
    /// The login limits made it wait; no password was checked.
    Waited,
    /// The form had no valid CSRF token; no password was checked.
    Forged,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    source: String,
    account: Option<(Uuid, String)>,
}

#[derive(Debug, Clone, Copy)]
struct Tally {
    failed: u64,
    waited: u64,
    forged: u64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
}

impl Tally {
    fn new(at: DateTime<Utc>) -> Tally {
        Tally {
            failed: 0,
            waited: 0,
            forged: 0,
            from: at,
            to: at,
        }
    }

    fn add(&mut self, r: Refusal, at: DateTime<Utc>) {
        let n = match r {
            Refusal::Failed => &mut self.failed,
            Refusal::Waited => &mut self.waited,
            Refusal::Forged => &mut self.forged,
        };
        *n = n.saturating_add(1);
        self.to = at;
    }

    fn total(&self) -> u64 {
        self.failed
            .saturating_add(self.waited)
            .saturating_add(self.forged)
    }

    fn entry(&self, key: &Key, summary: bool) -> RefusedLogins {
        RefusedLogins {
            source: key.source.clone(),
            account: key.account.clone(),
            failed: self.failed,
            waited: self.waited,
            forged: self.forged,
            from: self.from,
            to: self.to,
            summary,
        }
    }
}

#[derive(Debug, Default)]
struct Window {
    start: Option<DateTime<Utc>>,
    keys: HashMap<Key, Tally>,
    /// The keys past [`MAX_KEYS`], added up.
    others: Option<Tally>,
}

impl Window {
    /// The rows of the window's totals, and a fresh window.
    fn close(&mut self) -> Vec<RefusedLogins> {
        let mut out: Vec<RefusedLogins> = self
            .keys
            .iter()
            .filter(|(_, t)| t.total() > 1)
            .map(|(k, t)| t.entry(k, true))
            .collect();
        out.sort_by(|a, b| (a.from, &a.source).cmp(&(b.from, &b.source)));
        if let Some(t) = self.others {
            let key = Key {
                source: "*".into(),
                account: None,
            };
            out.push(t.entry(&key, true));
        }
        *self = Window::default();
        out
    }

    fn ended(&self, now: DateTime<Utc>) -> bool {
        self.start
            .is_some_and(|s| chrono::Duration::from_std(WINDOW).is_ok_and(|w| now >= s + w))
    }
}

#[derive(Debug, Default)]
pub struct LoginAudit {
    window: Mutex<Window>,
}

impl LoginAudit {
    fn window(&self) -> std::sync::MutexGuard<'_, Window> {
        self.window.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts a refused login of `source` for `account` (none: the name is no account's) and
    /// returns the rows to write now: the totals of a window that has just ended, and this
    /// key's first row if it is its first refusal of the window.
    pub fn count(
        &self,
        source: &str,
        account: Option<&LoginAccount>,
        refusal: Refusal,
        now: DateTime<Utc>,
    ) -> Vec<RefusedLogins> {
        let mut w = self.window();
        let mut out = if w.ended(now) { w.close() } else { Vec::new() };
        w.start.get_or_insert(now);
        let key = Key {
            source: source.to_string(),
            account: account.map(|a| (a.id, a.username.clone())),
        };
        let full = w.keys.len() >= MAX_KEYS;
        if let Some(t) = w.keys.get_mut(&key) {
            t.add(refusal, now);
        } else if !full {
            let mut t = Tally::new(now);
            t.add(refusal, now);
            out.push(t.entry(&key, false));
            w.keys.insert(key, t);
        } else {
            w.others.get_or_insert(Tally::new(now)).add(refusal, now);
        }
        out
    }

    /// The totals of the window if it has ended by `now` (the server's sweep), or, with
    /// `force`, of the window so far (at shutdown).
    pub fn close(&self, now: DateTime<Utc>, force: bool) -> Vec<RefusedLogins> {
        let mut w = self.window();
        if force || w.ended(now) {
            w.close()
        } else {
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account() -> LoginAccount {
        LoginAccount {
            id: Uuid::now_v7(),
            username: "canbo.xa".into(),
            login_unlocks: 0,
        }
    }

    fn later(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
        t + chrono::Duration::from_std(d).unwrap()
    }

    #[test]
    fn a_key_writes_its_first_refusal_then_its_totals() {
        let a = LoginAudit::default();
        let officer = account();
        let t = Utc::now();
        let first = a.count("1.2.3.4", Some(&officer), Refusal::Failed, t);
        assert_eq!(first.len(), 1);
        assert!(!first[0].summary && first[0].failed == 1);
        assert_eq!(first[0].account, Some((officer.id, "canbo.xa".into())));
        for i in 1..200u64 {
            let r = if i % 2 == 0 {
                Refusal::Failed
            } else {
                Refusal::Waited
            };
            let at = later(t, Duration::from_secs(i));
            assert!(a.count("1.2.3.4", Some(&officer), r, at).is_empty());
        }
        // A single refusal elsewhere says it all in its first row: no totals for it.
        assert_eq!(a.count("5.6.7.8", None, Refusal::Forged, t).len(), 1);
        assert!(a.close(later(t, Duration::from_secs(60)), false).is_empty());
        let totals = a.close(later(t, WINDOW), false);
        assert_eq!(totals.len(), 1);
        let s = &totals[0];
        assert!(s.summary && s.source == "1.2.3.4");
        assert_eq!((s.failed, s.waited, s.forged), (100, 100, 0));
        assert_eq!((s.from, s.to), (t, later(t, Duration::from_secs(199))));
        // The next refusal opens a new window with a first row again.
        let next = a.count("1.2.3.4", Some(&officer), Refusal::Failed, later(t, WINDOW));
        assert_eq!(next.len(), 1);
        assert!(!next[0].summary);
    }

    #[test]
    fn the_next_refusal_after_a_window_writes_its_totals() {
        let a = LoginAudit::default();
        let t = Utc::now();
        a.count("1.2.3.4", None, Refusal::Failed, t);
        a.count("1.2.3.4", None, Refusal::Failed, t);
        let rows = a.count("9.9.9.9", None, Refusal::Failed, later(t, WINDOW));
        assert_eq!(rows.len(), 2);
        assert!(rows[0].summary && rows[0].failed == 2 && rows[0].source == "1.2.3.4");
        assert!(!rows[1].summary && rows[1].source == "9.9.9.9");
        // At shutdown the open window is written as it is.
        a.count("9.9.9.9", None, Refusal::Failed, later(t, WINDOW));
        assert_eq!(a.close(later(t, WINDOW), true).len(), 1);
    }

    #[test]
    fn a_window_writes_a_bounded_number_of_rows() {
        let a = LoginAudit::default();
        let t = Utc::now();
        let mut rows = 0;
        for i in 0..(3 * MAX_KEYS) {
            for _ in 0..3 {
                rows += a
                    .count(
                        &format!("10.0.{}.{}", i / 256, i % 256),
                        None,
                        Refusal::Failed,
                        t,
                    )
                    .len();
            }
        }
        assert_eq!(rows, MAX_KEYS, "first rows of the first keys only");
        let totals = a.close(t, true);
        assert_eq!(totals.len(), MAX_KEYS + 1);
        let others = totals.last().unwrap();
        assert_eq!(
            (others.source.as_str(), others.failed),
            ("*", (2 * MAX_KEYS * 3) as u64)
        );
        let all: u64 = totals.iter().map(|r| r.failed).sum();
        assert_eq!(all, (3 * MAX_KEYS * 3) as u64, "every refusal is counted");
    }
}
