//! Persons: create, read, update, each change written to the audit log in the same
//! transaction.

use ansinh_core::name::{fold, given_first_key};
use ansinh_core::registry::RegistryError;
use ansinh_core::registry::person::ValidPerson;
use ansinh_core::{Ethnicity, PartialDate, Relation, Sex};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::audit::Action;
use crate::error::{Result, StoreError, is_unique_violation};
use crate::{Actor, Store, rows, today_vn};

/// A short reference to an area, as shown beside a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaRef {
    pub id: Uuid,
    pub code: String,
    pub name: String,
}

/// A person as the registry shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: Uuid,
    pub personal_id: Option<String>,
    pub full_name: String,
    pub sex: Sex,
    pub birth: PartialDate,
    pub ethnicity: Ethnicity,
    pub area: AreaRef,
    pub phone: Option<String>,
    pub death_date: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The household the person lives in now, with their relation to its head.
    pub household: Option<(Uuid, String, Relation)>,
}

impl Person {
    /// The snapshot written to the audit log. Only the registry's own fields; nothing derived.
    pub(crate) fn snapshot(&self) -> String {
        json!({
            "personal_id": self.personal_id,
            "full_name": self.full_name,
            "sex": self.sex.code(),
            "birth": self.birth.to_string(),
            "ethnicity": self.ethnicity.code(),
            "area_code": self.area.code,
            "phone": self.phone,
            "death_date": self.death_date.map(ansinh_core::date::format_vn),
        })
        .to_string()
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct PersonRow {
    id: Uuid,
    personal_id: Option<String>,
    full_name: String,
    sex: String,
    birth_date: NaiveDate,
    birth_precision: String,
    ethnicity: i16,
    area_id: Uuid,
    area_code: String,
    area_name: String,
    phone: Option<String>,
    death_date: Option<NaiveDate>,
    version: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    household_id: Option<Uuid>,
    household_code: Option<String>,
    relation: Option<String>,
}

/// The select list and joins that [`PersonRow`] reads; callers add WHERE and ORDER BY.
pub(crate) const PERSON_SELECT: &str =
    "SELECT p.id, p.personal_id, p.full_name, p.sex, p.birth_date,
        p.birth_precision, p.ethnicity, p.area_id, a.code AS area_code, a.name AS area_name,
        p.phone, p.death_date, p.version, p.created_at, p.updated_at,
        m.household_id, h.code AS household_code, m.relation
     FROM persons p
     JOIN areas a ON a.id = p.area_id
     LEFT JOIN household_members m ON m.person_id = p.id AND m.left_on IS NULL
     LEFT JOIN households h ON h.id = m.household_id";

impl TryFrom<PersonRow> for Person {
    type Error = StoreError;

    fn try_from(r: PersonRow) -> Result<Person> {
        let household = match (r.household_id, r.household_code, r.relation) {
            (Some(id), Some(code), Some(rel)) => Some((
                id,
                code,
                Relation::from_code(&rel)
                    .ok_or_else(|| StoreError::Corrupt(format!("relation '{rel}'")))?,
            )),
            _ => None,
        };
        Ok(Person {
            id: r.id,
            personal_id: r.personal_id,
            full_name: r.full_name,
            sex: rows::sex(&r.sex)?,
            birth: rows::birth(r.birth_date, &r.birth_precision)?,
            ethnicity: rows::ethnicity(r.ethnicity)?,
            area: AreaRef {
                id: r.area_id,
                code: r.area_code,
                name: r.area_name,
            },
            phone: r.phone,
            death_date: r.death_date,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
            household,
        })
    }
}

impl Store {
    /// Adds a person. The area code must name a commune in force today; a personal ID already
    /// in the registry is refused.
    pub async fn create_person(&self, actor: &Actor, p: &ValidPerson) -> Result<Person> {
        let area = self.commune_by_code(&p.area_code, today_vn()).await?;
        let id = Uuid::now_v7();
        let now = Utc::now();
        let folded = fold(&p.full_name);
        let pid = p.personal_id.as_ref().map(|x| x.as_str().to_string());
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            let res = sqlx::query(
                "INSERT INTO persons (id, personal_id, full_name, name_folded, given_key, sex,
                    birth_date, birth_precision, ethnicity, area_id, phone, death_date, version,
                    created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $13)",
            )
            .bind(id)
            .bind(&pid)
            .bind(&p.full_name)
            .bind(&folded)
            .bind(given_first_key(&folded))
            .bind(p.sex.code())
            .bind(p.birth.date)
            .bind(p.birth.precision.code())
            .bind(i16::from(p.ethnicity.code()))
            .bind(area.id)
            .bind(&p.phone)
            .bind(p.death_date)
            .bind(now)
            .execute(&mut *tx)
            .await;
            if let Err(e) = res {
                return Err(if is_unique_violation(&e) {
                    StoreError::from(RegistryError::DuplicatePid(pid.unwrap_or_default()))
                } else {
                    e.into()
                });
            }
            let person: Person = sqlx::query_as::<_, PersonRow>(AssertSqlSafe(format!("{PERSON_SELECT} WHERE p.id = $1")))
                .bind(id)
                .fetch_one(&mut *tx)
                .await?
                .try_into()?;
            audit_append!(&mut *tx, actor, Action::Create, crate::registry::PERSON, Some(id), None::<String>,
                Some(person.snapshot()), None::<&str>)?;
            tx.commit().await?;
            Ok(person)
        })
    }

    pub async fn person(&self, id: Uuid) -> Result<Person> {
        db_run!(&self.db, pool => {
            sqlx::query_as::<_, PersonRow>(AssertSqlSafe(format!("{PERSON_SELECT} WHERE p.id = $1")))
                .bind(id)
                .fetch_optional(pool)
                .await?
                .map(Person::try_from)
                .transpose()?
                .ok_or_else(|| StoreError::NotFound { entity: "nhân khẩu", key: id.to_string() })
        })
    }

    pub async fn person_by_pid(&self, pid: &str) -> Result<Option<Person>> {
        db_run!(&self.db, pool => {
            sqlx::query_as::<_, PersonRow>(AssertSqlSafe(format!("{PERSON_SELECT} WHERE p.personal_id = $1")))
                .bind(pid)
                .fetch_optional(pool)
                .await?
                .map(Person::try_from)
                .transpose()
        })
    }

    /// Replaces a person's fields. `expected_version` is the version the editor saw; if someone
    /// saved in between, the update is refused instead of silently overwriting their change.
    pub async fn update_person(
        &self,
        actor: &Actor,
        id: Uuid,
        expected_version: i32,
        p: &ValidPerson,
    ) -> Result<Person> {
        let before = self.person(id).await?;
        let area = if p.area_code == before.area.code {
            before.area.id
        } else {
            self.commune_by_code(&p.area_code, today_vn()).await?.id
        };
        let folded = fold(&p.full_name);
        let pid = p.personal_id.as_ref().map(|x| x.as_str().to_string());
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            let res = sqlx::query(
                "UPDATE persons SET personal_id = $1, full_name = $2, name_folded = $3,
                    given_key = $4, sex = $5, birth_date = $6, birth_precision = $7,
                    ethnicity = $8, area_id = $9, phone = $10, death_date = $11,
                    version = version + 1, updated_at = $12
                 WHERE id = $13 AND version = $14",
            )
            .bind(&pid)
            .bind(&p.full_name)
            .bind(&folded)
            .bind(given_first_key(&folded))
            .bind(p.sex.code())
            .bind(p.birth.date)
            .bind(p.birth.precision.code())
            .bind(i16::from(p.ethnicity.code()))
            .bind(area)
            .bind(&p.phone)
            .bind(p.death_date)
            .bind(Utc::now())
            .bind(id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await;
            match res {
                Err(e) if is_unique_violation(&e) => {
                    return Err(StoreError::from(RegistryError::DuplicatePid(pid.unwrap_or_default())))
                }
                Err(e) => return Err(e.into()),
                Ok(done) if done.rows_affected() == 0 => {
                    let found: i32 = sqlx::query_scalar("SELECT version FROM persons WHERE id = $1")
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await?;
                    return Err(StoreError::Conflict { expected: expected_version, found });
                }
                Ok(_) => {}
            }
            let after: Person = sqlx::query_as::<_, PersonRow>(AssertSqlSafe(format!("{PERSON_SELECT} WHERE p.id = $1")))
                .bind(id)
                .fetch_one(&mut *tx)
                .await?
                .try_into()?;
            audit_append!(&mut *tx, actor, Action::Update, crate::registry::PERSON, Some(id),
                Some(before.snapshot()), Some(after.snapshot()), None::<&str>)?;
            tx.commit().await?;
            Ok(after)
        })
    }

    /// Persons and households in a set of communes, or in the whole registry (`None`).
    pub async fn counts_within(&self, areas: Option<&[Uuid]>) -> Result<(i64, i64)> {
        let Some(areas) = areas else {
            return db_run!(&self.db, pool => {
                let persons: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM persons").fetch_one(pool).await?;
                let households: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM households").fetch_one(pool).await?;
                Ok((persons, households))
            });
        };
        if areas.is_empty() {
            return Ok((0, 0));
        }
        let marks: Vec<String> = (1..=areas.len()).map(|i| format!("${i}")).collect();
        let list = marks.join(", ");
        let persons_sql = format!("SELECT COUNT(*) FROM persons WHERE area_id IN ({list})");
        let households_sql = format!("SELECT COUNT(*) FROM households WHERE area_id IN ({list})");
        db_run!(&self.db, pool => {
            let mut q = sqlx::query_scalar::<_, i64>(AssertSqlSafe(persons_sql));
            for a in areas {
                q = q.bind(*a);
            }
            let persons = q.fetch_one(pool).await?;
            let mut q = sqlx::query_scalar::<_, i64>(AssertSqlSafe(households_sql));
            for a in areas {
                q = q.bind(*a);
            }
            Ok((persons, q.fetch_one(pool).await?))
        })
    }

    /// Counts of the registry, for the demo banner and `ansinh check`.
    pub async fn counts(&self) -> Result<RegistryCounts> {
        db_run!(&self.db, pool => {
            let persons: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM persons").fetch_one(pool).await?;
            let legacy: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM persons WHERE personal_id IS NULL")
                .fetch_one(pool).await?;
            let households: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM households").fetch_one(pool).await?;
            let areas: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM areas").fetch_one(pool).await?;
            let audit: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(pool).await?;
            Ok(RegistryCounts { persons, legacy_persons: legacy, households, areas, audit_entries: audit })
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegistryCounts {
    pub persons: i64,
    pub legacy_persons: i64,
    pub households: i64,
    pub areas: i64,
    pub audit_entries: i64,
}
