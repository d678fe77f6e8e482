//! Search of persons and households without diacritics, by personal ID or household code, by
//! area, paged by key (never OFFSET).
//!
//! Names are matched as prefixes of two folded keys, each with its own B-tree index:
//! the full name ("nguyen thi ai van") and the given-name-first key ("van nguyen thi ai").
//! A search walks the full-name matches first (phase 1), then the given-name matches that
//! phase 1 did not already return (phase 2). Each page is one index range scan with a LIMIT,
//! so its cost does not grow with the page number or the size of the registry.

use ansinh_core::name::{fold, prefix_upper_bound};
use ansinh_core::registry::RegistryError;
use ansinh_core::{AreaCatalog, PartialDate, Sex};
use chrono::NaiveDate;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::error::{Result, StoreError};
use crate::{Store, rows};

/// The most rows one page may ask for.
pub const MAX_PAGE: u32 = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// A name (any case, with or without diacritics), a personal ID (or its start), or a
    /// household code.
    pub text: String,
    /// Only records of this area (a commune id).
    pub area_id: Option<Uuid>,
    /// Only records in these communes: the caller's scope. `None` means no restriction and is
    /// used only by system jobs; [`crate::scoped::Scoped`] always sets it.
    pub within: Option<Vec<Uuid>>,
    pub limit: u32,
    /// Where the previous page ended.
    pub after: Option<Cursor>,
}

impl SearchQuery {
    pub fn new(text: &str) -> SearchQuery {
        SearchQuery {
            text: text.to_string(),
            area_id: None,
            within: None,
            limit: 50,
            after: None,
        }
    }
}

/// The position after the last row of a page: the phase, that row's sort key and its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub phase: u8,
    pub key: String,
    pub id: Uuid,
}

impl Cursor {
    /// An opaque token for URLs: `phase.id.key` (the key is folded ASCII or an ID).
    pub fn to_token(&self) -> String {
        format!("{}.{}.{}", self.phase, self.id.simple(), self.key)
    }

    /// Reads back exactly what [`Cursor::to_token`] writes: a one-digit phase, the id as 32 hex
    /// digits, then the key (the API documents this shape as a pattern).
    pub fn from_token(token: &str) -> Result<Cursor> {
        let bad = || StoreError::from(RegistryError::BadCursor(token.to_string()));
        let mut parts = token.splitn(3, '.');
        let phase = parts
            .next()
            .filter(|p| p.len() == 1)
            .and_then(|p| p.parse().ok())
            .ok_or_else(bad)?;
        let id = parts
            .next()
            .filter(|p| p.len() == 32)
            .and_then(|p| Uuid::parse_str(p).ok())
            .ok_or_else(bad)?;
        let key = parts.next().ok_or_else(bad)?.to_string();
        Ok(Cursor { phase, key, id })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonHit {
    pub id: Uuid,
    pub full_name: String,
    pub personal_id: Option<String>,
    pub sex: Sex,
    pub birth: PartialDate,
    pub area_code: String,
    pub area_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdHit {
    pub id: Uuid,
    pub code: String,
    pub address: String,
    pub head_name: Option<String>,
    pub area_code: String,
    pub area_name: String,
}

#[derive(sqlx::FromRow)]
struct PersonHitRow {
    id: Uuid,
    full_name: String,
    personal_id: Option<String>,
    sex: String,
    birth_date: NaiveDate,
    birth_precision: String,
    area_id: Uuid,
    sort_key: String,
}

#[derive(sqlx::FromRow)]
struct HouseholdHitRow {
    id: Uuid,
    code: String,
    address: String,
    head_name: Option<String>,
    area_id: Uuid,
    sort_key: String,
}

/// How one phase of a search matches: the sort/match column and an optional exclusion.
struct Phase {
    number: u8,
    column: &'static str,
    exclude: Option<&'static str>,
}

const PID_PHASE: Phase = Phase {
    number: 0,
    column: "p.personal_id",
    exclude: None,
};
const NAME_PHASES: [Phase; 2] = [
    Phase {
        number: 1,
        column: "p.name_folded",
        exclude: None,
    },
    Phase {
        number: 2,
        column: "p.given_key",
        exclude: Some("p.name_folded"),
    },
];
const CODE_PHASE: Phase = Phase {
    number: 0,
    column: "h.code",
    exclude: None,
};

/// The WHERE clause of one phase: `col` in the prefix range, outside the excluded range, in
/// the area (`area_col`), after the cursor (on `(col, id_col)`). Placeholders: $1 prefix,
/// $2 upper bound, then area, then cursor; returns the clause and the last number used.
fn where_clause(
    phase: &Phase,
    id_col: &str,
    area_col: &str,
    area: bool,
    within: usize,
    cursor: bool,
) -> (String, usize) {
    let col = phase.column;
    let mut sql = format!("{col} >= $1 AND {col} < $2");
    if let Some(ex) = phase.exclude {
        sql.push_str(&format!(" AND NOT ({ex} >= $1 AND {ex} < $2)"));
    }
    let mut n = 2;
    if area {
        n += 1;
        sql.push_str(&format!(" AND {area_col} = ${n}"));
    }
    if within > 0 {
        let list: Vec<String> = (n + 1..=n + within).map(|i| format!("${i}")).collect();
        sql.push_str(&format!(" AND {area_col} IN ({})", list.join(", ")));
        n += within;
    }
    if cursor {
        sql.push_str(&format!(
            " AND ({col}, {id_col}) > (${a}, ${b})",
            a = n + 1,
            b = n + 2
        ));
        n += 2;
    }
    (sql, n)
}

fn looks_like_id(text: &str) -> bool {
    text.len() >= 3 && text.bytes().all(|b| b.is_ascii_digit())
}

impl Store {
    /// One page of persons matching the query, in (phase, key, id) order.
    pub async fn search_persons(&self, q: &SearchQuery) -> Result<Page<PersonHit>> {
        let text = q.text.trim();
        let (prefix, phases): (String, &'static [Phase]) = if looks_like_id(text) {
            (text.to_string(), std::slice::from_ref(&PID_PHASE))
        } else {
            (fold(text), &NAME_PHASES)
        };
        let prefix = prefix.as_str();
        let catalog = self.area_catalog();
        let catalog = &catalog;
        page_through(q, phases, |phase, cursor, want| async move {
            let rows = self
                .person_phase(phase, prefix, q, cursor.as_ref(), want)
                .await?;
            rows.into_iter()
                .map(|r| {
                    let (area_code, area_name) = area_label(catalog, r.area_id)?;
                    let hit = PersonHit {
                        id: r.id,
                        full_name: r.full_name,
                        personal_id: r.personal_id,
                        sex: rows::sex(&r.sex)?,
                        birth: rows::birth(r.birth_date, &r.birth_precision)?,
                        area_code,
                        area_name,
                    };
                    Ok((r.sort_key, r.id, hit))
                })
                .collect()
        })
        .await
    }

    async fn person_phase(
        &self,
        phase: &Phase,
        prefix: &str,
        q: &SearchQuery,
        cursor: Option<&Cursor>,
        limit: usize,
    ) -> Result<Vec<PersonHitRow>> {
        let area = q.area_id;
        let within = q.within.as_deref().unwrap_or_default();
        let (clause, n) = where_clause(
            phase,
            "p.id",
            "p.area_id",
            area.is_some(),
            within.len(),
            cursor.is_some(),
        );
        // The inner query reads only the covering search index (it carries the page's
        // columns, migration 0007), in order, and stops at the limit; the persons table is not
        // read at all. Written without the subquery, PostgreSQL chose a bitmap scan and a sort
        // of the whole range for mid-sized prefixes ("nguyen quang": 40 ms at SF1).
        let sql = format!(
            "SELECT s.id, s.full_name, s.personal_id, s.sex, s.birth_date, s.birth_precision,
                    s.area_id, s.sort_key
             FROM (SELECT p.id, p.full_name, p.personal_id, p.sex, p.birth_date,
                          p.birth_precision, p.area_id, {col} AS sort_key FROM persons p
                   WHERE {clause}
                   ORDER BY {col}, p.id LIMIT ${l}) s
             ORDER BY s.sort_key, s.id",
            col = phase.column,
            l = n + 1
        );
        let upper = prefix_upper_bound(prefix);
        db_run!(&self.db, pool => {
            let mut query = sqlx::query_as::<_, PersonHitRow>(AssertSqlSafe(sql)).bind(prefix).bind(&upper);
            if let Some(a) = area {
                query = query.bind(a);
            }
            for w in within {
                query = query.bind(*w);
            }
            if let Some(c) = cursor {
                query = query.bind(&c.key).bind(c.id);
            }
            Ok(query.bind(limit as i64).fetch_all(pool).await?)
        })
    }

    /// One page of households: by code when the text has a digit, else by the head's name.
    pub async fn search_households(&self, q: &SearchQuery) -> Result<Page<HouseholdHit>> {
        let text = q.text.trim();
        let by_code = text.bytes().any(|b| b.is_ascii_digit());
        let (prefix, phases): (String, &'static [Phase]) = if by_code {
            (text.to_uppercase(), std::slice::from_ref(&CODE_PHASE))
        } else {
            (fold(text), &NAME_PHASES)
        };
        let prefix = prefix.as_str();
        let catalog = self.area_catalog();
        let catalog = &catalog;
        page_through(q, phases, |phase, cursor, want| async move {
            let rows = self
                .household_phase(phase, prefix, q, cursor.as_ref(), want)
                .await?;
            rows.into_iter()
                .map(|r| {
                    let (area_code, area_name) = area_label(catalog, r.area_id)?;
                    let hit = HouseholdHit {
                        id: r.id,
                        code: r.code,
                        address: r.address,
                        head_name: r.head_name,
                        area_code,
                        area_name,
                    };
                    Ok((r.sort_key, r.id, hit))
                })
                .collect()
        })
        .await
    }

    async fn household_phase(
        &self,
        phase: &Phase,
        prefix: &str,
        q: &SearchQuery,
        cursor: Option<&Cursor>,
        limit: usize,
    ) -> Result<Vec<HouseholdHitRow>> {
        // Households are filtered on their own area and paged on their own id; the person
        // alias `p` is the head.
        let area = q.area_id;
        let within = q.within.as_deref().unwrap_or_default();
        let (clause, n) = where_clause(
            phase,
            "h.id",
            "h.area_id",
            area.is_some(),
            within.len(),
            cursor.is_some(),
        );
        let from = if phase.column.starts_with("h.") {
            "households h LEFT JOIN persons p ON p.id = h.head_id"
        } else {
            "persons p JOIN households h ON h.head_id = p.id"
        };
        let sql = format!(
            "SELECT h.id, h.code, h.address, p.full_name AS head_name, h.area_id,
                    {col} AS sort_key
             FROM {from}
             WHERE {clause}
             ORDER BY {col}, h.id LIMIT ${l}",
            col = phase.column,
            l = n + 1
        );
        let upper = prefix_upper_bound(prefix);
        db_run!(&self.db, pool => {
            let mut query = sqlx::query_as::<_, HouseholdHitRow>(AssertSqlSafe(sql)).bind(prefix).bind(&upper);
            if let Some(a) = area {
                query = query.bind(a);
            }
            for w in within {
                query = query.bind(*w);
            }
            if let Some(c) = cursor {
                query = query.bind(&c.key).bind(c.id);
            }
            Ok(query.bind(limit as i64).fetch_all(pool).await?)
        })
    }
}

/// The code and name shown beside a hit, from the in-memory catalogue rather than a join: a
/// page of 50 hits then reads no area rows.
fn area_label(catalog: &AreaCatalog, id: Uuid) -> Result<(String, String)> {
    let area = catalog.by_id(id).ok_or_else(|| {
        StoreError::Corrupt(format!("area {id} of a record is not in the catalogue"))
    })?;
    Ok((area.code.clone(), area.name.clone()))
}

/// Walks the phases of a search from the cursor on, asking `fetch` for one more row than it
/// still needs (to know whether more follow), until the page is full or the phases end.
/// `fetch` gets owned arguments (phases are constants, the cursor is cloned), so the future it
/// returns borrows only the caller's data and stays `Send` for the web server.
async fn page_through<T, F, Fut>(
    q: &SearchQuery,
    phases: &'static [Phase],
    fetch: F,
) -> Result<Page<T>>
where
    F: Fn(&'static Phase, Option<Cursor>, usize) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<(String, Uuid, T)>>>,
{
    // A scope with no communes sees nothing (not everything).
    if q.within.as_ref().is_some_and(|w| w.is_empty()) {
        return Ok(Page {
            items: Vec::new(),
            next: None,
        });
    }
    let limit = q.limit.clamp(1, MAX_PAGE) as usize;
    let mut items = Vec::new();
    let mut next = None;
    for phase in phases {
        if q.after.as_ref().is_some_and(|c| c.phase > phase.number) {
            continue;
        }
        let cursor = q.after.clone().filter(|c| c.phase == phase.number);
        let want = limit - items.len();
        let rows = fetch(phase, cursor, want + 1).await?;
        let more = rows.len() > want;
        for (key, id, hit) in rows.into_iter().take(want) {
            next = Some(Cursor {
                phase: phase.number,
                key,
                id,
            });
            items.push(hit);
        }
        if more || items.len() == limit {
            // A full page: there may be more in this phase or the next one.
            return Ok(Page { items, next });
        }
    }
    Ok(Page { items, next: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_exactly_what_it_writes() {
        let c = Cursor {
            phase: 2,
            key: "nguyen.van an".into(),
            id: Uuid::now_v7(),
        };
        assert_eq!(Cursor::from_token(&c.to_token()).unwrap(), c);
        let simple = c.id.simple().to_string();
        let hyphenated = c.id.hyphenated().to_string();
        for bad in [
            String::new(),
            "rac".into(),
            format!("2.{simple}"),
            format!("12.{simple}.k"),
            format!("+2.{simple}.k"),
            format!("2.{hyphenated}.k"),
            format!("2.{{{simple}}}.k"),
        ] {
            assert!(Cursor::from_token(&bad).is_err(), "{bad}");
        }
    }
}
