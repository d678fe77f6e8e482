//! Rows for export files, in the same layout as the import templates, so an exported file can
//! be corrected and imported again.

use ansinh_core::registry::{HouseholdExport, PersonExport, sex_label};
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::db::in_list;
use crate::error::Result;
use crate::registry::persons::{PERSON_SELECT, Person, PersonRow};
use crate::{Store, StoreError};

impl Store {
    /// Persons of the given communes (or all), ordered by commune, household and name.
    pub async fn export_persons(&self, areas: Option<&[Uuid]>) -> Result<Vec<PersonExport>> {
        let filter = in_list("p.area_id", areas);
        let sql = format!("{PERSON_SELECT} {filter} ORDER BY a.code, h.code, p.name_folded, p.id");
        let rows: Vec<PersonRow> = db_run!(&self.db, pool => {
            let mut q = sqlx::query_as::<_, PersonRow>(AssertSqlSafe(sql));
            for a in areas.unwrap_or_default() {
                q = q.bind(*a);
            }
            q.fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|r| {
                let p = Person::try_from(r)?;
                Ok(PersonExport {
                    personal_id: p.personal_id.unwrap_or_default(),
                    full_name: p.full_name,
                    sex: sex_label(p.sex).to_string(),
                    birth: p.birth,
                    ethnicity: p.ethnicity.name().to_string(),
                    area_code: p.area.code,
                    phone: p.phone.unwrap_or_default(),
                    death_date: p.death_date,
                    household_code: p
                        .household
                        .as_ref()
                        .map(|h| h.1.clone())
                        .unwrap_or_default(),
                    relation: p
                        .household
                        .map(|h| h.2.label_vi().to_string())
                        .unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()
    }

    /// Households of the given communes (or all), ordered by commune and code.
    pub async fn export_households(&self, areas: Option<&[Uuid]>) -> Result<Vec<HouseholdExport>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            code: String,
            area_code: String,
            address: String,
            head_pid: Option<String>,
        }
        let filter = in_list("h.area_id", areas);
        let sql = format!(
            "SELECT h.code, a.code AS area_code, h.address, p.personal_id AS head_pid
             FROM households h JOIN areas a ON a.id = h.area_id
             LEFT JOIN persons p ON p.id = h.head_id
             {filter} ORDER BY a.code, h.code"
        );
        let rows: Vec<Row> = db_run!(&self.db, pool => {
            let mut q = sqlx::query_as::<_, Row>(AssertSqlSafe(sql));
            for a in areas.unwrap_or_default() {
                q = q.bind(*a);
            }
            q.fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|r| HouseholdExport {
                code: r.code,
                area_code: r.area_code,
                address: r.address,
                head_personal_id: r.head_pid.unwrap_or_default(),
            })
            .collect())
    }
}
