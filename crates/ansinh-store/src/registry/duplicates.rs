//! Probable duplicates: recomputed from the whole registry on each run and stored in
//! `duplicate_candidates` (the old list is replaced, never added to), for officers to review.
//!
//! One scan reads every person's identifying fields; pairs are proposed by two blocking keys
//! (folded name + full birth date; commune + birth year) and scored by
//! [`ansinh_core::registry::duplicate::score`].

use ansinh_core::registry::RegistryError;
use std::collections::HashMap;
use std::time::Instant;

use ansinh_core::registry::duplicate::{DupKey, DupMatch, score};
use ansinh_core::{DatePrecision, PartialDate};
use chrono::{Datelike, NaiveDate, Utc};
use futures_util::TryStreamExt;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::audit::Action;
use crate::error::{Result, StoreError};
use crate::registry::search::PersonHit;
use crate::{Actor, Store, rows};

#[derive(sqlx::FromRow)]
struct DupRow {
    id: Uuid,
    name_folded: String,
    sex: String,
    birth_date: NaiveDate,
    birth_precision: String,
    area_id: Uuid,
    personal_id: Option<String>,
}

struct Scanned {
    id: Uuid,
    name: String,
    sex: ansinh_core::Sex,
    birth: PartialDate,
    area: Uuid,
    has_pid: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateSummary {
    pub persons_scanned: usize,
    pub pairs: usize,
    pub seconds: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DuplicatePair {
    pub a: PersonHit,
    pub b: PersonHit,
    pub score: i16,
    pub reason: String,
}

/// Groups larger than this are not compared pairwise within the commune + year block: such a
/// block would mean the blocking key is broken, and we would rather say so than hang.
const MAX_BLOCK: usize = 20_000;

impl Store {
    /// Recomputes the candidate list from scratch and replaces the stored one.
    pub async fn recompute_duplicates(&self, actor: &Actor) -> Result<DuplicateSummary> {
        let started = Instant::now();
        let scanned = self.scan_for_duplicates().await?;
        let pairs = find_pairs(&scanned)?;
        let now = Utc::now();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM duplicate_candidates").execute(&mut *tx).await?;
            for chunk in pairs.chunks(5000) {
                let mut qb = QueryBuilder::new(
                    "INSERT INTO duplicate_candidates (person_a, person_b, score, reason, computed_at) ",
                );
                qb.push_values(chunk, |mut b, (x, y, m)| {
                    b.push_bind(*x)
                        .push_bind(*y)
                        .push_bind(i16::from(m.score))
                        .push_bind(m.reason.code())
                        .push_bind(now);
                });
                qb.build().execute(&mut *tx).await?;
            }
            let note = format!("{} nhân khẩu, {} cặp nghi trùng", scanned.len(), pairs.len());
            audit_append!(&mut *tx, actor, Action::DuplicateCheck, crate::registry::REGISTRY, None::<Uuid>,
                None::<String>, None::<String>, Some(note.as_str()))?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        Ok(DuplicateSummary {
            persons_scanned: scanned.len(),
            pairs: pairs.len(),
            seconds: started.elapsed().as_secs_f64(),
        })
    }

    async fn scan_for_duplicates(&self) -> Result<Vec<Scanned>> {
        db_run!(&self.db, pool => {
            let mut out = Vec::new();
            let mut stream = sqlx::query_as::<_, DupRow>(
                "SELECT id, name_folded, sex, birth_date, birth_precision, area_id, personal_id
                 FROM persons WHERE death_date IS NULL",
            )
            .fetch(pool);
            while let Some(r) = stream.try_next().await? {
                out.push(Scanned {
                    id: r.id,
                    birth: rows::birth(r.birth_date, &r.birth_precision)?,
                    sex: rows::sex(&r.sex)?,
                    name: r.name_folded,
                    area: r.area_id,
                    has_pid: r.personal_id.is_some(),
                });
            }
            Ok(out)
        })
    }

    /// The stored candidates, best first; optionally only those touching one commune.
    pub async fn duplicate_candidates(
        &self,
        area: Option<Uuid>,
        limit: i64,
    ) -> Result<Vec<DuplicatePair>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            person_a: Uuid,
            person_b: Uuid,
            score: i16,
            reason: String,
        }
        let rows: Vec<Row> = db_run!(&self.db, pool => {
            match area {
                Some(area) => sqlx::query_as::<_, Row>(
                    "SELECT d.person_a, d.person_b, d.score, d.reason FROM duplicate_candidates d
                     JOIN persons pa ON pa.id = d.person_a JOIN persons pb ON pb.id = d.person_b
                     WHERE pa.area_id = $1 OR pb.area_id = $1
                     ORDER BY d.score DESC, d.person_a, d.person_b LIMIT $2",
                )
                .bind(area).bind(limit).fetch_all(pool).await?,
                None => sqlx::query_as::<_, Row>(
                    "SELECT person_a, person_b, score, reason FROM duplicate_candidates
                     ORDER BY score DESC, person_a, person_b LIMIT $1",
                )
                .bind(limit).fetch_all(pool).await?,
            }
        });
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(DuplicatePair {
                a: self.person(r.person_a).await?.into(),
                b: self.person(r.person_b).await?.into(),
                score: r.score,
                reason: r.reason,
            });
        }
        Ok(out)
    }
}

impl From<crate::registry::persons::Person> for PersonHit {
    fn from(p: crate::registry::persons::Person) -> PersonHit {
        PersonHit {
            id: p.id,
            full_name: p.full_name,
            personal_id: p.personal_id,
            sex: p.sex,
            birth: p.birth,
            area_code: p.area.code,
            area_name: p.area.name,
        }
    }
}

/// Proposes and scores pairs. Each unordered pair is scored once and appears at most once,
/// as (smaller id, larger id).
fn find_pairs(people: &[Scanned]) -> Result<Vec<(Uuid, Uuid, DupMatch)>> {
    let area_keys: HashMap<Uuid, String> = people
        .iter()
        .map(|p| (p.area, p.area.simple().to_string()))
        .collect();
    fn key<'a>(p: &'a Scanned, areas: &'a HashMap<Uuid, String>) -> DupKey<'a> {
        DupKey {
            name_folded: &p.name,
            sex: p.sex,
            birth: p.birth,
            commune: areas[&p.area].as_str(),
            has_pid: p.has_pid,
        }
    }
    let mut found: HashMap<(Uuid, Uuid), DupMatch> = HashMap::new();
    let mut consider = |a: &Scanned, b: &Scanned| {
        if a.id == b.id || (a.has_pid && b.has_pid) {
            return;
        }
        let pair = if a.id < b.id {
            (a.id, b.id)
        } else {
            (b.id, a.id)
        };
        if found.contains_key(&pair) {
            return;
        }
        if let Some(m) = score(&key(a, &area_keys), &key(b, &area_keys)) {
            found.insert(pair, m);
        }
    };

    let mut by_name_date: HashMap<(&str, NaiveDate), Vec<usize>> = HashMap::new();
    let mut by_area_year: HashMap<(Uuid, i32), Vec<usize>> = HashMap::new();
    for (i, p) in people.iter().enumerate() {
        if p.birth.precision == DatePrecision::Day {
            by_name_date
                .entry((&p.name, p.birth.date))
                .or_default()
                .push(i);
        }
        by_area_year
            .entry((p.area, p.birth.date.year()))
            .or_default()
            .push(i);
    }
    for group in by_name_date.values().filter(|g| g.len() > 1) {
        for (x, &i) in group.iter().enumerate() {
            for &j in &group[x + 1..] {
                consider(&people[i], &people[j]);
            }
        }
    }
    // Within a commune and birth year only records without an ID can be duplicates of
    // anything, so compare each of those against the whole block.
    for ((_, year), group) in &by_area_year {
        if group.len() > MAX_BLOCK {
            return Err(RegistryError::DuplicateBlockTooLarge {
                year: *year,
                size: group.len(),
            }
            .into());
        }
        for &i in group.iter().filter(|&&i| !people[i].has_pid) {
            for &j in group {
                consider(&people[i], &people[j]);
            }
        }
    }
    let mut pairs: Vec<_> = found.into_iter().map(|((a, b), m)| (a, b, m)).collect();
    pairs.sort_by_key(|(a, b, _)| (*a, *b));
    Ok(pairs)
}
