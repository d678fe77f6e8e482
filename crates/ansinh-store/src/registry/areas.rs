//! Areas with history: loading the shipped catalogue and the date queries.

use ansinh_core::registry::RegistryError;
use std::sync::Arc;

use ansinh_core::area::{Area, AreaCatalog, AreaLevel};
use chrono::NaiveDate;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::Store;
use crate::error::{Result, StoreError};
use crate::rows::AreaRow;

/// The columns every area query selects, as [`AreaRow`] reads them.
pub(crate) const AREA_COLUMNS: &str =
    "a.id, a.code, a.name, a.level, a.kind, a.parent_id, a.valid_from, a.valid_to";

impl Store {
    /// Inserts the shipped units and successor pairs that are not there yet. Existing rows are
    /// left alone (their keys are deterministic), so this runs on every start.
    pub(crate) async fn seed_areas(&self) -> Result<()> {
        let catalog = AreaCatalog::shipped().map_err(|e| StoreError::Corrupt(e.to_string()))?;
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            let present: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM areas")
                .fetch_one(&mut *tx)
                .await?;
            if present as usize >= catalog.areas.len() {
                return Ok(());
            }
            // Parents first, so the foreign key holds at every insert.
            let mut ordered: Vec<&Area> = catalog.areas.iter().collect();
            ordered.sort_by_key(|a| match a.level {
                AreaLevel::Province => 0,
                AreaLevel::District => 1,
                AreaLevel::Commune => 2,
            });
            for a in ordered {
                sqlx::query(
                    "INSERT INTO areas (id, code, name, level, kind, parent_id, valid_from, valid_to)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING",
                )
                .bind(a.id)
                .bind(&a.code)
                .bind(&a.name)
                .bind(a.level.code())
                .bind(a.kind.code())
                .bind(a.parent_id)
                .bind(a.valid_from)
                .bind(a.valid_to)
                .execute(&mut *tx)
                .await?;
            }
            for (old, new) in &catalog.successors {
                sqlx::query(
                    "INSERT INTO area_successors (old_id, new_id) VALUES ($1, $2)
                     ON CONFLICT (old_id, new_id) DO NOTHING",
                )
                .bind(old)
                .bind(new)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Reads the area tables into the in-memory catalogue that every area query answers from.
    pub(crate) async fn reload_areas(&self) -> Result<()> {
        let sql = format!("SELECT {AREA_COLUMNS} FROM areas a ORDER BY a.code");
        let (rows, successors) = db_run!(&self.db, pool => {
            let rows = sqlx::query_as::<_, AreaRow>(AssertSqlSafe(sql)).fetch_all(pool).await?;
            let successors: Vec<(Uuid, Uuid)> =
                sqlx::query_as("SELECT old_id, new_id FROM area_successors").fetch_all(pool).await?;
            Ok::<_, StoreError>((rows, successors))
        })?;
        let areas = rows
            .into_iter()
            .map(Area::try_from)
            .collect::<Result<Vec<_>>>()?;
        let catalog = Arc::new(AreaCatalog { areas, successors });
        *self.areas.write().unwrap_or_else(|e| e.into_inner()) = catalog;
        Ok(())
    }

    /// The area catalogue as loaded from the database.
    pub fn area_catalog(&self) -> Arc<AreaCatalog> {
        self.areas.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Units of a level in force on a day, ordered by code.
    pub async fn areas_in_force(&self, level: AreaLevel, on: NaiveDate) -> Result<Vec<Area>> {
        Ok(self
            .area_catalog()
            .in_force(level, on)
            .into_iter()
            .cloned()
            .collect())
    }

    /// Huế's communes (or any province's, once loaded) in force on a day.
    pub async fn communes_on(&self, on: NaiveDate) -> Result<Vec<Area>> {
        self.areas_in_force(AreaLevel::Commune, on).await
    }

    pub async fn area(&self, id: Uuid) -> Result<Area> {
        self.area_catalog()
            .by_id(id)
            .cloned()
            .ok_or_else(|| StoreError::NotFound {
                entity: "địa bàn",
                key: id.to_string(),
            })
    }

    /// The unit with this code in force on a day.
    pub async fn area_by_code(&self, code: &str, on: NaiveDate) -> Result<Area> {
        self.area_catalog()
            .by_code_on(code, on)
            .cloned()
            .ok_or_else(|| {
                RegistryError::UnknownArea {
                    code: code.to_string(),
                    on: ansinh_core::date::format_vn(on),
                }
                .into()
            })
    }

    /// The commune with this code in force on a day: where persons and households live. A
    /// province or district code is refused, so that every record sits in a commune and a scope
    /// that covers every commune covers the whole registry.
    pub async fn commune_by_code(&self, code: &str, on: NaiveDate) -> Result<Area> {
        let area = self.area_by_code(code, on).await?;
        if area.level != AreaLevel::Commune {
            return Err(RegistryError::UnknownArea {
                code: code.to_string(),
                on: format!("{} (không phải cấp xã)", ansinh_core::date::format_vn(on)),
            }
            .into());
        }
        Ok(area)
    }

    /// The unit(s) that an old unit became on the reorganisation, following successors until
    /// reaching units in force on `on`. A commune merged whole has exactly one.
    pub async fn current_of(&self, old: Uuid, on: NaiveDate) -> Result<Vec<Area>> {
        let catalog = self.area_catalog();
        let mut frontier = vec![self.area(old).await?];
        // Chains are short (one reorganisation so far); the bound guards against a cycle.
        for _ in 0..8 {
            if frontier.iter().all(|a| a.in_force_on(on)) {
                return Ok(frontier);
            }
            let mut next = Vec::new();
            for a in frontier {
                if a.in_force_on(on) {
                    next.push(a);
                    continue;
                }
                next.extend(catalog.successors_of(a.id).into_iter().cloned());
            }
            next.sort_by(|x, y| x.code.cmp(&y.code));
            next.dedup_by_key(|a| a.id);
            frontier = next;
        }
        Err(StoreError::Corrupt("successor chain too long".into()))
    }

    /// All old units that formed a new one, ordered by code.
    pub async fn predecessors_of(&self, new: Uuid) -> Result<Vec<Area>> {
        Ok(self
            .area_catalog()
            .predecessors_of(new)
            .into_iter()
            .cloned()
            .collect())
    }
}
