//! Set-based loading of many records at once (the synthetic generator, large imports):
//! multi-row INSERTs in chunks that stay under both backends' bind-parameter limits, one
//! transaction per call, one audit entry per call.

use ansinh_core::name::{fold, given_first_key};
use ansinh_core::registry::RegistryError;
use ansinh_core::registry::{HouseholdRecord, MemberRecord, PersonRecord};
use chrono::Utc;
use sqlx::{AssertSqlSafe, QueryBuilder};
use uuid::Uuid;

use crate::audit::Action;
use crate::error::{Result, StoreError, is_unique_violation};
use crate::{Actor, Store};

/// The search indexes on persons, as the latest migration creates them
/// (`0007_search_indexes_carry_the_page.sql`). A load into an empty registry drops them and
/// builds them once at the end, which is several times faster than updating the B-trees in
/// random order for every row. `Store::open` re-creates any that a crash left missing, so the
/// registry is never left without them.
const SEARCH_INDEXES: [(&str, &str); 2] = [
    (
        "persons_name",
        "persons (name_folded, id, area_id, full_name, personal_id, sex, birth_date, birth_precision)",
    ),
    (
        "persons_given",
        "persons (given_key, id, area_id, name_folded, full_name, personal_id, sex, birth_date, birth_precision)",
    ),
];

/// Rows per INSERT: 15 columns × 2 000 stays under SQLite's 32 766 parameters.
const CHUNK: usize = 2000;

/// What one call loads. Persons come first, then households (whose head is a person), then
/// memberships, then new heads of households that existed before.
#[derive(Debug, Clone, Copy, Default)]
pub struct BulkRecords<'a> {
    pub persons: &'a [PersonRecord],
    pub households: &'a [HouseholdRecord],
    pub members: &'a [MemberRecord],
    /// (household, person) pairs: the person becomes the head of an existing household.
    pub heads: &'a [(Uuid, Uuid)],
}

/// How a load is written to the audit log.
#[derive(Debug, Clone, Copy)]
pub enum AuditMode<'a> {
    /// One entry for the whole call (generated data).
    Summary(&'a str),
    /// One entry per created person and household (imports of real records); the note names
    /// the source file.
    PerRecord(&'a str),
}

fn person_snapshot(p: &PersonRecord) -> String {
    serde_json::json!({
        "personal_id": p.personal_id.as_ref().map(|x| x.as_str()),
        "full_name": p.full_name,
        "sex": p.sex.code(),
        "birth": p.birth.to_string(),
        "ethnicity": p.ethnicity.code(),
        "area_id": p.area_id,
        "phone": p.phone,
        "death_date": p.death_date.map(ansinh_core::date::format_vn),
    })
    .to_string()
}

fn household_snapshot(h: &HouseholdRecord) -> String {
    serde_json::json!({"code": h.code, "area_id": h.area_id, "address": h.address, "head_id": h.head_id})
        .to_string()
}

impl Store {
    /// Before a large load: drops the search indexes if the registry is empty (and says
    /// whether it did). Call [`Store::ensure_search_indexes`] after the load.
    pub async fn prepare_bulk_load(&self) -> Result<bool> {
        db_run!(&self.db, pool => {
            let persons: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM persons").fetch_one(pool).await?;
            if persons > 0 {
                return Ok(false);
            }
            for (name, _) in SEARCH_INDEXES {
                sqlx::query(AssertSqlSafe(format!("DROP INDEX IF EXISTS {name}"))).execute(pool).await?;
            }
            Ok(true)
        })
    }

    /// Creates whichever search indexes are missing (a no-op when all exist).
    pub async fn ensure_search_indexes(&self) -> Result<()> {
        db_run!(&self.db, pool => {
            for (name, on) in SEARCH_INDEXES {
                sqlx::query(AssertSqlSafe(format!("CREATE INDEX IF NOT EXISTS {name} ON {on}")))
                    .execute(pool)
                    .await?;
            }
            Ok(())
        })
    }

    /// Loads the records in one transaction: all or nothing. A personal ID or household code
    /// that already exists aborts the whole call with a clear error.
    pub async fn bulk_load(
        &self,
        actor: &Actor,
        r: BulkRecords<'_>,
        audit: AuditMode<'_>,
    ) -> Result<()> {
        let now = Utc::now();
        // Per-record audit rows: (id, entity, entity id, after JSON).
        let per_record: Vec<(Uuid, &str, Uuid, String)> = match audit {
            AuditMode::Summary(_) => Vec::new(),
            AuditMode::PerRecord(_) => r
                .persons
                .iter()
                .map(|p| (Uuid::now_v7(), "person", p.id, person_snapshot(p)))
                .chain(
                    r.households
                        .iter()
                        .map(|h| (Uuid::now_v7(), "household", h.id, household_snapshot(h))),
                )
                .collect(),
        };
        let folded: Vec<String> = r.persons.iter().map(|p| fold(&p.full_name)).collect();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            for (chunk, names) in r.persons.chunks(CHUNK).zip(folded.chunks(CHUNK)) {
                let mut qb = QueryBuilder::new(
                    "INSERT INTO persons (id, personal_id, full_name, name_folded, given_key, sex,
                        birth_date, birth_precision, ethnicity, area_id, phone, death_date, version,
                        created_at, updated_at) ",
                );
                qb.push_values(chunk.iter().zip(names), |mut b, (p, name)| {
                    b.push_bind(p.id)
                        .push_bind(p.personal_id.as_ref().map(|x| x.as_str().to_string()))
                        .push_bind(p.full_name.clone())
                        .push_bind(name.clone())
                        .push_bind(given_first_key(name))
                        .push_bind(p.sex.code())
                        .push_bind(p.birth.date)
                        .push_bind(p.birth.precision.code())
                        .push_bind(i16::from(p.ethnicity.code()))
                        .push_bind(p.area_id)
                        .push_bind(p.phone.clone())
                        .push_bind(p.death_date)
                        .push_bind(1i32)
                        .push_bind(now)
                        .push_bind(now);
                });
                qb.build().execute(&mut *tx).await.map_err(|e| unique_as(e, "persons"))?;
            }
            for chunk in r.households.chunks(CHUNK) {
                let mut qb = QueryBuilder::new(
                    "INSERT INTO households (id, code, area_id, address, head_id, version, created_at, updated_at) ",
                );
                qb.push_values(chunk, |mut b, h| {
                    b.push_bind(h.id)
                        .push_bind(h.code.clone())
                        .push_bind(h.area_id)
                        .push_bind(h.address.clone())
                        .push_bind(h.head_id)
                        .push_bind(1i32)
                        .push_bind(now)
                        .push_bind(now);
                });
                qb.build().execute(&mut *tx).await.map_err(|e| unique_as(e, "households"))?;
            }
            for chunk in r.members.chunks(CHUNK) {
                let mut qb = QueryBuilder::new(
                    "INSERT INTO household_members (household_id, person_id, relation, joined_on, join_reason) ",
                );
                qb.push_values(chunk, |mut b, m| {
                    b.push_bind(m.household_id)
                        .push_bind(m.person_id)
                        .push_bind(m.relation.code())
                        .push_bind(m.joined_on)
                        .push_bind(m.join_reason.code());
                });
                qb.build().execute(&mut *tx).await.map_err(|e| unique_as(e, "household_members"))?;
            }
            for (household, person) in r.heads {
                sqlx::query("UPDATE households SET head_id = $1, version = version + 1, updated_at = $2 WHERE id = $3")
                    .bind(person).bind(now).bind(household).execute(&mut *tx).await?;
            }
            match audit {
                AuditMode::Summary(note) => {
                    let summary = format!(
                        "{note}: {} nhân khẩu, {} hộ, {} quan hệ thành viên",
                        r.persons.len(),
                        r.households.len(),
                        r.members.len()
                    );
                    audit_append!(&mut *tx, actor, Action::BulkLoad, crate::registry::REGISTRY, None::<Uuid>,
                        None::<String>, None::<String>, Some(summary.as_str()))?;
                }
                AuditMode::PerRecord(note) => {
                    for chunk in per_record.chunks(CHUNK) {
                        let mut qb = QueryBuilder::new(
                            "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before_json, after_json, note) ",
                        );
                        qb.push_values(chunk, |mut b, (id, entity, entity_id, after)| {
                            b.push_bind(*id)
                                .push_bind(now)
                                .push_bind(actor.0.as_str())
                                .push_bind(Action::Import.code())
                                .push_bind(*entity)
                                .push_bind(*entity_id)
                                .push_bind(None::<String>)
                                .push_bind(after.as_str())
                                .push_bind(note);
                        });
                        qb.build().execute(&mut *tx).await?;
                    }
                }
            }
            tx.commit().await?;
            Ok(())
        })
    }
}

fn unique_as(e: sqlx::Error, table: &str) -> StoreError {
    if is_unique_violation(&e) {
        RegistryError::BulkDuplicate {
            table: table.to_string(),
            detail: e.to_string(),
        }
        .into()
    } else {
        e.into()
    }
}
