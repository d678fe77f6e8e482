//! A few seconds' memory of live sessions, so that a busy officer's requests do not each read
//! the session and the account from the database.
//!
//! What this process changes is forgotten at once: logout forgets its session, and a password
//! change, or an administrator disabling an account or setting a temporary password
//! (`routes/admin.rs`), forgets every session of the account. A change made elsewhere (the `ansinh user`
//! command disabling an account, or another server process) takes effect within [`TTL`].

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ansinh_store::accounts::Session;
use chrono::Utc;
use uuid::Uuid;

/// How long a session read from the database is trusted without reading it again.
pub const TTL: Duration = Duration::from_secs(5);

/// Above this many entries, stale ones are dropped on the next insert, which bounds memory
/// when many officers sign in.
const SWEEP_ABOVE: usize = 4096;

#[derive(Default)]
pub struct SessionCache {
    entries: Mutex<HashMap<String, (Session, Instant)>>,
}

impl SessionCache {
    /// The remembered session behind a cookie secret, if it was read less than [`TTL`] ago
    /// and has not expired since.
    pub fn get(&self, secret: &str) -> Option<Session> {
        let map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let (session, read_at) = map.get(secret)?;
        (read_at.elapsed() < TTL && session.expires_at > Utc::now()).then(|| session.clone())
    }

    pub fn put(&self, secret: &str, session: &Session) {
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= SWEEP_ABOVE {
            map.retain(|_, (_, read_at)| read_at.elapsed() < TTL);
        }
        map.insert(secret.to_string(), (session.clone(), Instant::now()));
    }

    pub fn forget(&self, secret: &str) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(secret);
    }

    /// Forgets every session of an account, after a change that ended them all.
    pub fn forget_user(&self, user: Uuid) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|_, (s, _)| s.user.id != user);
    }
}
