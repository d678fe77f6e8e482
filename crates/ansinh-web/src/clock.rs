//! The time the login limits and their audit windows count in: the system's, or one a test
//! moves by hand, so a back-off of minutes or a window of a quarter of an hour can be tested
//! without waiting.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// `None`: the system's clock.
    manual: Option<Arc<Mutex<DateTime<Utc>>>>,
}

impl Clock {
    /// The system's clock (the default).
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that stands at the present moment until [`Clock::advance`] moves it.
    pub fn manual() -> Clock {
        Clock {
            manual: Some(Arc::new(Mutex::new(Utc::now()))),
        }
    }

    /// Moves a manual clock forward; the system's clock cannot be moved.
    pub fn advance(&self, by: Duration) {
        if let Some(m) = &self.manual {
            let mut t = m.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(later) = chrono::Duration::from_std(by)
                .ok()
                .and_then(|d| t.checked_add_signed(d))
            {
                *t = later;
            }
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.manual {
            Some(m) => *m.lock().unwrap_or_else(|e| e.into_inner()),
            None => Utc::now(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let c = Clock::manual();
        let t = c.now();
        assert_eq!(c.now(), t);
        c.advance(Duration::from_secs(90));
        assert_eq!(c.now() - t, chrono::Duration::seconds(90));
        let shared = c.clone();
        shared.advance(Duration::from_secs(10));
        assert_eq!(c.now() - t, chrono::Duration::seconds(100));
    }
}
