//! Uploaded import files kept in memory between the dry run and the confirmation, for 30
//! minutes, each under a random id and tied to the session that uploaded it, so nobody else
//! can confirm or download it even with the id.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ansinh_core::RowError;
use ansinh_files::Format;

/// How long an upload waits for its confirmation.
pub const TTL: Duration = Duration::from_secs(30 * 60);
/// Uploads one session may keep at once; older ones are dropped first.
const PER_SESSION: usize = 4;
/// The bytes all sessions together may hold in memory: the oldest uploads, whoever's, are
/// dropped first to stay under it (five uploads at the 50 MiB limit), so many sessions
/// uploading at once cannot exhaust the server's memory.
const MAX_HELD_BYTES: usize = 256 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Persons,
    Households,
}

impl Kind {
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Persons => "nhan-khau",
            Kind::Households => "ho",
        }
    }

    pub fn from_slug(s: &str) -> Option<Kind> {
        match s {
            "nhan-khau" => Some(Kind::Persons),
            "ho" => Some(Kind::Households),
            _ => None,
        }
    }
}

/// What an import run wrote, kept so a repeated confirmation shows it instead of importing
/// the file twice.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub written: bool,
    pub created: usize,
    pub elapsed: Duration,
}

#[derive(Debug)]
pub struct Upload {
    /// The CSRF token of the session that uploaded: unique to that session.
    pub session: String,
    pub kind: Kind,
    pub format: Format,
    pub file_name: String,
    pub bytes: Arc<Vec<u8>>,
    pub rows_total: usize,
    pub errors: Vec<RowError>,
    pub outcome: Option<Outcome>,
    /// A confirmation is importing it now: a second one (a double click, a second tab, a
    /// retry) must not import it again meanwhile.
    running: bool,
    created: Instant,
}

/// What a confirmation finds when it claims an upload.
#[derive(Debug)]
pub enum Claim<'a> {
    /// Gone, expired or another session's.
    Missing,
    /// Another confirmation is importing it at this moment.
    Running,
    /// Imported already: what was written, and the rows and errors of that run.
    Done {
        outcome: Outcome,
        rows_total: usize,
        errors: Vec<RowError>,
        file_name: String,
        kind: Kind,
    },
    /// Claimed for this request, which imports it; the claim ends when the guard is dropped.
    Mine(ClaimGuard<'a>),
}

/// An upload claimed by one confirmation. Dropping it frees the upload for another
/// confirmation (after an import that wrote nothing, or an error); [`ClaimGuard::finish`]
/// records what a run wrote.
#[derive(Debug)]
pub struct ClaimGuard<'a> {
    uploads: &'a Uploads,
    id: String,
    session: String,
    pub kind: Kind,
    pub format: Format,
    pub file_name: String,
    pub bytes: Arc<Vec<u8>>,
}

impl ClaimGuard<'_> {
    /// Records the run's rows and errors and, when it wrote, its outcome: later
    /// confirmations then show it instead of importing again.
    pub fn finish(&self, rows_total: usize, errors: Vec<RowError>, outcome: Option<Outcome>) {
        self.uploads.with(&self.id, &self.session, |u| {
            u.rows_total = rows_total;
            u.errors = errors;
            if outcome.is_some() {
                u.outcome = outcome;
            }
        });
    }
}

impl Drop for ClaimGuard<'_> {
    fn drop(&mut self) {
        self.uploads
            .with(&self.id, &self.session, |u| u.running = false);
    }
}

#[derive(Debug, Default)]
pub struct Uploads {
    items: Mutex<HashMap<String, Upload>>,
}

impl Uploads {
    fn purge(map: &mut HashMap<String, Upload>) {
        map.retain(|_, u| u.created.elapsed() < TTL);
    }

    /// Keeps an upload and returns its id.
    #[allow(clippy::too_many_arguments)]
    pub fn insert(
        &self,
        session: &str,
        kind: Kind,
        format: Format,
        file_name: String,
        bytes: Arc<Vec<u8>>,
        rows_total: usize,
        errors: Vec<RowError>,
    ) -> String {
        let (id, _) = ansinh_store::accounts::new_secret();
        let mut map = self.items.lock().unwrap_or_else(|e| e.into_inner());
        Self::purge(&mut map);
        let mut mine: Vec<(Instant, String)> = map
            .iter()
            .filter(|(_, u)| u.session == session)
            .map(|(k, u)| (u.created, k.clone()))
            .collect();
        mine.sort();
        while mine.len() >= PER_SESSION {
            let (_, oldest) = mine.remove(0);
            map.remove(&oldest);
        }
        Self::make_room(&mut map, bytes.len(), MAX_HELD_BYTES);
        map.insert(
            id.clone(),
            Upload {
                session: session.to_string(),
                kind,
                format,
                file_name,
                bytes,
                rows_total,
                errors,
                outcome: None,
                running: false,
                created: Instant::now(),
            },
        );
        id
    }

    /// Drops the oldest uploads until `incoming` more bytes fit under `cap`; one being
    /// imported at this moment is kept.
    fn make_room(map: &mut HashMap<String, Upload>, incoming: usize, cap: usize) {
        let mut held: usize = map.values().map(|u| u.bytes.len()).sum();
        if held + incoming <= cap {
            return;
        }
        let mut by_age: Vec<(Instant, String)> = map
            .iter()
            .filter(|(_, u)| !u.running)
            .map(|(k, u)| (u.created, k.clone()))
            .collect();
        by_age.sort();
        for (_, id) in by_age {
            if held + incoming <= cap {
                break;
            }
            if let Some(u) = map.remove(&id) {
                held -= u.bytes.len();
            }
        }
    }

    /// Claims an upload for one confirmation, atomically: of any number of concurrent
    /// confirmations of one upload, one gets [`Claim::Mine`] and the others `Running` (or
    /// `Done` once it has written).
    pub fn claim(&self, id: &str, session: &str) -> Claim<'_> {
        let mut map = self.items.lock().unwrap_or_else(|e| e.into_inner());
        Self::purge(&mut map);
        let Some(u) = map.get_mut(id).filter(|u| u.session == session) else {
            return Claim::Missing;
        };
        if let Some(outcome) = &u.outcome {
            return Claim::Done {
                outcome: outcome.clone(),
                rows_total: u.rows_total,
                errors: u.errors.clone(),
                file_name: u.file_name.clone(),
                kind: u.kind,
            };
        }
        if u.running {
            return Claim::Running;
        }
        u.running = true;
        Claim::Mine(ClaimGuard {
            uploads: self,
            id: id.to_string(),
            session: session.to_string(),
            kind: u.kind,
            format: u.format,
            file_name: u.file_name.clone(),
            bytes: u.bytes.clone(),
        })
    }

    /// Runs `f` on the upload if it exists, is fresh and belongs to this session.
    pub fn with<R>(&self, id: &str, session: &str, f: impl FnOnce(&mut Upload) -> R) -> Option<R> {
        let mut map = self.items.lock().unwrap_or_else(|e| e.into_inner());
        Self::purge(&mut map);
        map.get_mut(id).filter(|u| u.session == session).map(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_belong_to_their_session() {
        let u = Uploads::default();
        let id = u.insert(
            "s1",
            Kind::Persons,
            Format::Csv,
            "a.csv".into(),
            Arc::new(vec![1]),
            1,
            vec![],
        );
        assert_eq!(
            u.with(&id, "s1", |x| x.file_name.clone()).as_deref(),
            Some("a.csv")
        );
        assert!(u.with(&id, "s2", |_| ()).is_none());
        assert!(u.with("nope", "s1", |_| ()).is_none());
    }

    #[test]
    fn one_confirmation_claims_an_upload_at_a_time() {
        let u = Uploads::default();
        let id = u.insert(
            "s",
            Kind::Persons,
            Format::Csv,
            "a.csv".into(),
            Arc::new(vec![1]),
            1,
            vec![],
        );
        let Claim::Mine(first) = u.claim(&id, "s") else {
            panic!("the first claim is this request's")
        };
        assert!(matches!(u.claim(&id, "s"), Claim::Running));
        assert!(matches!(u.claim(&id, "other"), Claim::Missing));
        // A run that wrote nothing frees the upload for another try.
        first.finish(1, vec![], None);
        drop(first);
        let Claim::Mine(second) = u.claim(&id, "s") else {
            panic!("free again after a run that wrote nothing")
        };
        let outcome = Outcome {
            written: true,
            created: 1,
            elapsed: Duration::ZERO,
        };
        second.finish(1, vec![], Some(outcome));
        drop(second);
        assert!(matches!(u.claim(&id, "s"), Claim::Done { .. }));
    }

    #[test]
    fn all_sessions_together_hold_a_bounded_number_of_bytes() {
        let mut map = HashMap::new();
        let u = Uploads::default();
        for i in 0..3 {
            let id = u.insert(
                &format!("s{i}"),
                Kind::Persons,
                Format::Csv,
                i.to_string(),
                Arc::new(vec![0; 100]),
                1,
                vec![],
            );
            std::thread::sleep(Duration::from_millis(2));
            let taken = u.items.lock().unwrap().remove(&id).unwrap();
            map.insert(id, taken);
        }
        let oldest = map
            .iter()
            .min_by_key(|(_, x)| x.created)
            .map(|(k, _)| k.clone())
            .unwrap();
        // 300 held, 150 more under a cap of 400: the oldest goes, the others stay.
        Uploads::make_room(&mut map, 150, 400);
        assert_eq!(map.len(), 2);
        assert!(!map.contains_key(&oldest));
        // Room enough: nothing goes.
        Uploads::make_room(&mut map, 100, 400);
        assert_eq!(map.len(), 2);
    }

    #[test]
    fn a_session_keeps_a_few_uploads() {
        let u = Uploads::default();
        let first = u.insert(
            "s",
            Kind::Households,
            Format::Csv,
            "1".into(),
            Arc::default(),
            0,
            vec![],
        );
        for i in 0..PER_SESSION {
            u.insert(
                "s",
                Kind::Households,
                Format::Csv,
                i.to_string(),
                Arc::default(),
                0,
                vec![],
            );
        }
        assert!(u.with(&first, "s", |_| ()).is_none());
    }
}
