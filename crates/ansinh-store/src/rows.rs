//! Raw rows as both backends return them, and their conversion to domain types. Decoding
//! through `FromRow` structs of plain column types keeps one code path for both databases.

use ansinh_core::area::{Area, AreaKind, AreaLevel};
use ansinh_core::{DatePrecision, Ethnicity, PartialDate, Sex};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::error::StoreError;

#[derive(sqlx::FromRow)]
pub(crate) struct AreaRow {
    id: Uuid,
    code: String,
    name: String,
    level: String,
    kind: String,
    parent_id: Option<Uuid>,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
}

impl TryFrom<AreaRow> for Area {
    type Error = StoreError;

    fn try_from(r: AreaRow) -> Result<Area, StoreError> {
        Ok(Area {
            id: r.id,
            level: AreaLevel::from_code(&r.level)
                .ok_or_else(|| StoreError::Corrupt(format!("area level '{}'", r.level)))?,
            kind: AreaKind::from_code(&r.kind)
                .ok_or_else(|| StoreError::Corrupt(format!("area kind '{}'", r.kind)))?,
            code: r.code,
            name: r.name,
            parent_id: r.parent_id,
            valid_from: r.valid_from,
            valid_to: r.valid_to,
        })
    }
}

pub(crate) fn sex(code: &str) -> Result<Sex, StoreError> {
    Sex::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("sex '{code}'")))
}

pub(crate) fn birth(date: NaiveDate, precision: &str) -> Result<PartialDate, StoreError> {
    let precision = DatePrecision::from_code(precision)
        .ok_or_else(|| StoreError::Corrupt(format!("date precision '{precision}'")))?;
    Ok(PartialDate { date, precision })
}

pub(crate) fn ethnicity(code: i16) -> Result<Ethnicity, StoreError> {
    u8::try_from(code)
        .ok()
        .and_then(Ethnicity::from_code)
        .ok_or_else(|| StoreError::Corrupt(format!("ethnicity {code}")))
}
