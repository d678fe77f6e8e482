//! The search workload: queries drawn from the records actually loaded, so every kind has real
//! matches, in the proportions an officer would type them.

use ansinh_core::name::fold;
use ansinh_store::registry::search::SearchQuery;
use ansinh_synth::Batch;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use crate::query;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    /// The whole name as typed without diacritics: "nguyen thi ai van".
    FullName,
    /// Surname and middle name: "nguyen thi" (many matches; the first page must stay fast).
    NamePrefix,
    /// The given name alone: "van".
    GivenName,
    /// A full personal ID.
    PersonalId,
    /// A full name within one commune.
    NameInCommune,
}

impl QueryKind {
    pub const ALL: [QueryKind; 5] = [
        QueryKind::FullName,
        QueryKind::NamePrefix,
        QueryKind::GivenName,
        QueryKind::PersonalId,
        QueryKind::NameInCommune,
    ];

    pub fn name(self) -> &'static str {
        match self {
            QueryKind::FullName => "full_name",
            QueryKind::NamePrefix => "name_prefix",
            QueryKind::GivenName => "given_name",
            QueryKind::PersonalId => "personal_id",
            QueryKind::NameInCommune => "name_in_commune",
        }
    }
}

struct Sample {
    name: String,
    pid: Option<String>,
    area: Uuid,
}

/// Keeps a uniform sample of the loaded persons (every k-th, with a cap).
pub struct QuerySampler {
    rng: ChaCha8Rng,
    samples: Vec<Sample>,
    seen: usize,
}

const CAP: usize = 20_000;

impl QuerySampler {
    pub fn new(seed: u64) -> QuerySampler {
        QuerySampler {
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0xbe7c),
            samples: Vec::new(),
            seen: 0,
        }
    }

    /// Reservoir sampling, so the sample is uniform over everything loaded.
    pub fn observe(&mut self, batch: &Batch) {
        for p in &batch.persons {
            self.seen += 1;
            let s = Sample {
                name: p.full_name.clone(),
                pid: p.personal_id.as_ref().map(|x| x.as_str().to_string()),
                area: p.area_id,
            };
            if self.samples.len() < CAP {
                self.samples.push(s);
            } else {
                let j = self.rng.random_range(0..self.seen);
                if j < CAP {
                    self.samples[j] = s;
                }
            }
        }
    }

    pub fn queries(&self, kind: QueryKind, n: usize) -> Vec<SearchQuery> {
        let mut rng = ChaCha8Rng::seed_from_u64(kind as u64 + 1);
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let Some(s) = self.samples.choose(&mut rng) else {
                break;
            };
            let folded = fold(&s.name);
            let words: Vec<&str> = folded.split(' ').collect();
            let q = match kind {
                QueryKind::FullName => query(folded.clone(), None),
                QueryKind::NamePrefix => query(words[..words.len().min(2)].join(" "), None),
                QueryKind::GivenName => {
                    query(words.last().copied().unwrap_or("").to_string(), None)
                }
                QueryKind::PersonalId => match &s.pid {
                    Some(pid) => query(pid.clone(), None),
                    None => continue,
                },
                QueryKind::NameInCommune => query(folded.clone(), Some(s.area)),
            };
            out.push(q);
        }
        out
    }
}
