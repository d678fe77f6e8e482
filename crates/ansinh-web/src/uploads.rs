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
    created: Instant,
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
                created: Instant::now(),
            },
        );
        id
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
