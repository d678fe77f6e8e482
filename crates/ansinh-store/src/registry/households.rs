//! Households and their members. Membership rows are the move-in / move-out history: a move
//! closes the current row (left_on) and opens a new one, never rewriting the past.

use ansinh_core::registry::RegistryError;
use ansinh_core::registry::household::{MoveReason, Relation, validate_household_code};
use ansinh_core::{PartialDate, Settlement};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::audit::Action;
use crate::error::{Result, StoreError, is_unique_violation};
use crate::registry::persons::AreaRef;
use crate::{Actor, Store, rows, today_vn};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Household {
    pub id: Uuid,
    pub code: String,
    pub area: AreaRef,
    /// Urban or rural, from the area's type (phường/thị trấn → urban, xã → rural).
    pub settlement: Settlement,
    pub address: String,
    pub head_id: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Household {
    fn snapshot(&self) -> String {
        json!({
            "code": self.code,
            "area_code": self.area.code,
            "address": self.address,
            "head_id": self.head_id,
        })
        .to_string()
    }
}

/// One stay of a person in a household.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub person_id: Uuid,
    pub full_name: String,
    pub personal_id: Option<String>,
    pub birth: PartialDate,
    pub relation: Relation,
    pub joined_on: NaiveDate,
    pub join_reason: MoveReason,
    pub left_on: Option<NaiveDate>,
    pub leave_reason: Option<MoveReason>,
}

#[derive(sqlx::FromRow)]
struct HouseholdRow {
    id: Uuid,
    code: String,
    area_id: Uuid,
    area_code: String,
    area_name: String,
    area_kind: String,
    address: String,
    head_id: Option<Uuid>,
    version: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

pub(crate) const HOUSEHOLD_SELECT: &str = "SELECT h.id, h.code, h.area_id, a.code AS area_code,
        a.name AS area_name, a.kind AS area_kind, h.address, h.head_id, h.version, h.created_at,
        h.updated_at
     FROM households h JOIN areas a ON a.id = h.area_id";

impl TryFrom<HouseholdRow> for Household {
    type Error = StoreError;

    fn try_from(r: HouseholdRow) -> Result<Household> {
        let kind = ansinh_core::AreaKind::from_code(&r.area_kind)
            .ok_or_else(|| StoreError::Corrupt(format!("area kind '{}'", r.area_kind)))?;
        Ok(Household {
            id: r.id,
            code: r.code,
            area: AreaRef {
                id: r.area_id,
                code: r.area_code,
                name: r.area_name,
            },
            settlement: kind.settlement(),
            address: r.address,
            head_id: r.head_id,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    person_id: Uuid,
    full_name: String,
    personal_id: Option<String>,
    birth_date: NaiveDate,
    birth_precision: String,
    relation: String,
    joined_on: NaiveDate,
    join_reason: String,
    left_on: Option<NaiveDate>,
    leave_reason: Option<String>,
}

fn reason(code: &str) -> Result<MoveReason> {
    MoveReason::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("move reason '{code}'")))
}

impl TryFrom<MemberRow> for Member {
    type Error = StoreError;

    fn try_from(r: MemberRow) -> Result<Member> {
        Ok(Member {
            person_id: r.person_id,
            full_name: r.full_name,
            personal_id: r.personal_id,
            birth: rows::birth(r.birth_date, &r.birth_precision)?,
            relation: Relation::from_code(&r.relation)
                .ok_or_else(|| StoreError::Corrupt(format!("relation '{}'", r.relation)))?,
            joined_on: r.joined_on,
            join_reason: reason(&r.join_reason)?,
            left_on: r.left_on,
            leave_reason: r.leave_reason.as_deref().map(reason).transpose()?,
        })
    }
}

impl Store {
    /// Opens a household in a commune in force today. The code must be new.
    pub async fn create_household(
        &self,
        actor: &Actor,
        code: &str,
        area_code: &str,
        address: &str,
    ) -> Result<Household> {
        let code = validate_household_code(code).map_err(|e| StoreError::Invalid(vec![e]))?;
        let address = address.trim();
        if address.is_empty() {
            return Err(StoreError::Invalid(vec![ansinh_core::FieldError::new(
                ansinh_core::Field::Address,
                "address.empty",
                "địa chỉ không được để trống",
            )]));
        }
        let area = self.commune_by_code(area_code, today_vn()).await?;
        let id = Uuid::now_v7();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            let now = Utc::now();
            let res = sqlx::query(
                "INSERT INTO households (id, code, area_id, address, head_id, version, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, NULL, 1, $5, $5)",
            )
            .bind(id)
            .bind(&code)
            .bind(area.id)
            .bind(address)
            .bind(now)
            .execute(&mut *tx)
            .await;
            match res {
                Err(e) if is_unique_violation(&e) => return Err(RegistryError::DuplicateHouseholdCode(code).into()),
                Err(e) => return Err(e.into()),
                Ok(_) => {}
            }
            let h: Household = sqlx::query_as::<_, HouseholdRow>(AssertSqlSafe(format!("{HOUSEHOLD_SELECT} WHERE h.id = $1")))
                .bind(id).fetch_one(&mut *tx).await?.try_into()?;
            audit_append!(&mut *tx, actor, Action::Create, crate::registry::HOUSEHOLD, Some(id), None::<String>,
                Some(h.snapshot()), None::<&str>)?;
            tx.commit().await?;
            Ok(h)
        })
    }

    pub async fn household(&self, id: Uuid) -> Result<Household> {
        db_run!(&self.db, pool => {
            sqlx::query_as::<_, HouseholdRow>(AssertSqlSafe(format!("{HOUSEHOLD_SELECT} WHERE h.id = $1")))
                .bind(id).fetch_optional(pool).await?
                .map(Household::try_from).transpose()?
                .ok_or_else(|| StoreError::NotFound { entity: "hộ", key: id.to_string() })
        })
    }

    pub async fn household_by_code(&self, code: &str) -> Result<Option<Household>> {
        db_run!(&self.db, pool => {
            sqlx::query_as::<_, HouseholdRow>(AssertSqlSafe(format!("{HOUSEHOLD_SELECT} WHERE h.code = $1")))
                .bind(code.trim()).fetch_optional(pool).await?
                .map(Household::try_from).transpose()
        })
    }

    /// Current and past members, current first, then by join date.
    pub async fn members(&self, household_id: Uuid) -> Result<Vec<Member>> {
        db_run!(&self.db, pool => {
            let rs = sqlx::query_as::<_, MemberRow>(
                "SELECT m.person_id, p.full_name, p.personal_id, p.birth_date, p.birth_precision,
                        m.relation, m.joined_on, m.join_reason, m.left_on, m.leave_reason
                 FROM household_members m JOIN persons p ON p.id = m.person_id
                 WHERE m.household_id = $1
                 ORDER BY CASE WHEN m.left_on IS NULL THEN 0 ELSE 1 END, m.joined_on, p.birth_date",
            )
            .bind(household_id)
            .fetch_all(pool)
            .await?;
            rs.into_iter().map(Member::try_from).collect()
        })
    }

    /// Moves a person into a household on a date. If they live in another household now, that
    /// stay is closed on the same date (moved out), so nobody is in two households at once.
    /// Joining as head makes them the head; the previous head stays a member.
    pub async fn move_into(
        &self,
        actor: &Actor,
        household_id: Uuid,
        person_id: Uuid,
        relation: Relation,
        on: NaiveDate,
        join_reason: MoveReason,
    ) -> Result<()> {
        let household = self.household(household_id).await?;
        let person = self.person(person_id).await?;
        if on < person.birth.date {
            return Err(RegistryError::JoinBeforeBirth {
                on,
                name: person.full_name,
            }
            .into());
        }
        if let Some((current, _, _)) = &person.household
            && *current == household_id
        {
            return Err(RegistryError::AlreadyMember {
                name: person.full_name,
                household: household.code,
            }
            .into());
        }
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            if let Some((old, old_code, _)) = &person.household {
                let joined: NaiveDate = sqlx::query_scalar(
                    "SELECT joined_on FROM household_members WHERE person_id = $1 AND left_on IS NULL",
                )
                .bind(person_id).fetch_one(&mut *tx).await?;
                if on < joined {
                    return Err(RegistryError::MoveBeforeJoin {
                        on, household: old_code.clone(), joined,
                    }.into());
                }
                sqlx::query(
                    "UPDATE household_members SET left_on = $1, leave_reason = $2
                     WHERE person_id = $3 AND left_on IS NULL",
                )
                .bind(on).bind(MoveReason::MovedOut.code()).bind(person_id)
                .execute(&mut *tx).await?;
                sqlx::query("UPDATE households SET head_id = NULL, version = version + 1, updated_at = $1 WHERE id = $2 AND head_id = $3")
                    .bind(Utc::now()).bind(old).bind(person_id).execute(&mut *tx).await?;
                let note = format!("chuyển sang hộ {}", household.code);
                audit_append!(&mut *tx, actor, Action::MoveOut, crate::registry::HOUSEHOLD, Some(*old),
                    Some(json!({"person_id": person_id}).to_string()), None::<String>, Some(note.as_str()))?;
                audit_append!(&mut *tx, actor, Action::MoveOut, crate::registry::PERSON, Some(person_id),
                    Some(json!({"household": old_code}).to_string()), None::<String>, Some(note.as_str()))?;
            }
            sqlx::query(
                "INSERT INTO household_members (household_id, person_id, relation, joined_on, join_reason)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(household_id).bind(person_id).bind(relation.code()).bind(on).bind(join_reason.code())
            .execute(&mut *tx).await?;
            if relation == Relation::Head {
                if let Some(prev) = household.head_id {
                    sqlx::query("UPDATE household_members SET relation = $1 WHERE person_id = $2 AND household_id = $3 AND left_on IS NULL")
                        .bind(Relation::Other.code()).bind(prev).bind(household_id).execute(&mut *tx).await?;
                }
                sqlx::query("UPDATE households SET head_id = $1, version = version + 1, updated_at = $2 WHERE id = $3")
                    .bind(person_id).bind(Utc::now()).bind(household_id).execute(&mut *tx).await?;
            }
            // The move is written under the person too, so their own history shows it.
            audit_append!(&mut *tx, actor, Action::MoveIn, crate::registry::PERSON, Some(person_id), None::<String>,
                Some(json!({"household": household.code, "relation": relation.code(),
                    "joined_on": ansinh_core::date::format_vn(on)}).to_string()),
                None::<&str>)?;
            audit_append!(&mut *tx, actor, Action::MoveIn, crate::registry::HOUSEHOLD, Some(household_id), None::<String>,
                Some(json!({"person_id": person_id, "relation": relation.code(),
                    "joined_on": ansinh_core::date::format_vn(on), "reason": join_reason.code()}).to_string()),
                None::<&str>)?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Ends a person's stay in their current household (moved away, died, …).
    pub async fn move_out(
        &self,
        actor: &Actor,
        person_id: Uuid,
        on: NaiveDate,
        why: MoveReason,
    ) -> Result<()> {
        let person = self.person(person_id).await?;
        let Some((household_id, code, _)) = person.household else {
            return Err(RegistryError::NotInHousehold(person.full_name).into());
        };
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(
                "UPDATE household_members SET left_on = $1, leave_reason = $2
                 WHERE person_id = $3 AND left_on IS NULL AND joined_on <= $1",
            )
            .bind(on).bind(why.code()).bind(person_id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(RegistryError::LeaveBeforeJoin { on, household: code.clone() }.into());
            }
            sqlx::query("UPDATE households SET head_id = NULL, version = version + 1, updated_at = $1 WHERE id = $2 AND head_id = $3")
                .bind(Utc::now()).bind(household_id).bind(person_id).execute(&mut *tx).await?;
            audit_append!(&mut *tx, actor, Action::MoveOut, crate::registry::PERSON, Some(person_id),
                Some(json!({"household": code}).to_string()),
                Some(json!({"left_on": ansinh_core::date::format_vn(on), "reason": why.code()}).to_string()),
                None::<&str>)?;
            audit_append!(&mut *tx, actor, Action::MoveOut, crate::registry::HOUSEHOLD, Some(household_id),
                Some(json!({"person_id": person_id}).to_string()),
                Some(json!({"left_on": ansinh_core::date::format_vn(on), "reason": why.code()}).to_string()),
                None::<&str>)?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Changes the address of a household (the area stays; moving commune is a new household).
    pub async fn update_household_address(
        &self,
        actor: &Actor,
        id: Uuid,
        expected_version: i32,
        address: &str,
    ) -> Result<Household> {
        let before = self.household(id).await?;
        let address = address.trim();
        if address.is_empty() {
            return Err(StoreError::Invalid(vec![ansinh_core::FieldError::new(
                ansinh_core::Field::Address,
                "address.empty",
                "địa chỉ không được để trống",
            )]));
        }
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            let done = sqlx::query("UPDATE households SET address = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4")
                .bind(address).bind(Utc::now()).bind(id).bind(expected_version)
                .execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::Conflict { expected: expected_version, found: before.version });
            }
            let after: Household = sqlx::query_as::<_, HouseholdRow>(AssertSqlSafe(format!("{HOUSEHOLD_SELECT} WHERE h.id = $1")))
                .bind(id).fetch_one(&mut *tx).await?.try_into()?;
            audit_append!(&mut *tx, actor, Action::Update, crate::registry::HOUSEHOLD, Some(id),
                Some(before.snapshot()), Some(after.snapshot()), None::<&str>)?;
            tx.commit().await?;
            Ok(after)
        })
    }
}
