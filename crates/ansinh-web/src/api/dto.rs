//! The JSON shapes of the API. Domain types carry no serde; these are mapped from them, so the
//! wire format changes only when this file does.

use ansinh_core::{Area, AreaLevel};
use ansinh_store::registry::households::{Household, Member};
use ansinh_store::registry::persons::{AreaRef, Person};
use ansinh_store::registry::search::{HouseholdHit, PersonHit};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};
use utoipa::{IntoParams, ToSchema};

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn moment(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An administrative unit with its validity range (half-open: `valid_to` is the first day no
/// longer in force).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AreaDto {
    #[schema(example = "19900")]
    pub code: String,
    pub name: String,
    /// `province`, `district` or `commune`.
    #[schema(example = "commune")]
    pub level: String,
    /// `thanh_pho`, `tinh`, `quan`, `thi_xa`, `huyen`, `phuong`, `thi_tran` or `xa`.
    #[schema(example = "phuong")]
    pub kind: String,
    /// `urban` or `rural`.
    pub settlement: String,
    /// ISO date; absent: since before the records begin.
    pub valid_from: Option<String>,
    /// ISO date (exclusive); absent: still in force.
    pub valid_to: Option<String>,
}

impl From<&Area> for AreaDto {
    fn from(a: &Area) -> Self {
        AreaDto {
            code: a.code.clone(),
            name: a.name.clone(),
            level: a.level.code().to_string(),
            kind: a.kind.code().to_string(),
            settlement: a.settlement().code().to_string(),
            valid_from: a.valid_from.map(iso),
            valid_to: a.valid_to.map(iso),
        }
    }
}

/// A unit as a record refers to it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AreaRefDto {
    pub code: String,
    pub name: String,
}

impl From<&AreaRef> for AreaRefDto {
    fn from(a: &AreaRef) -> Self {
        AreaRefDto {
            code: a.code.clone(),
            name: a.name.clone(),
        }
    }
}

/// One row of a person search.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PersonHitDto {
    pub id: String,
    pub full_name: String,
    pub personal_id: Option<String>,
    /// `M` or `F`.
    pub sex: String,
    /// `dd/mm/yyyy`, `mm/yyyy` or `yyyy` as precise as it is known.
    pub birth_date: String,
    pub area_code: String,
    pub area_name: String,
}

impl From<PersonHit> for PersonHitDto {
    fn from(h: PersonHit) -> Self {
        PersonHitDto {
            id: h.id.to_string(),
            full_name: h.full_name,
            personal_id: h.personal_id,
            sex: h.sex.code().to_string(),
            birth_date: h.birth.to_string(),
            area_code: h.area_code,
            area_name: h.area_name,
        }
    }
}

/// One page of persons; pass `next` as `after` for the following page.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PersonPage {
    pub items: Vec<PersonHitDto>,
    pub next: Option<String>,
}

/// The household a person lives in now.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct HouseholdLinkDto {
    pub id: String,
    pub code: String,
    /// Relation to the head: `head`, `spouse`, `child`, …
    pub relation: String,
}

/// A person's full record.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PersonDto {
    pub id: String,
    pub personal_id: Option<String>,
    pub full_name: String,
    pub sex: String,
    pub birth_date: String,
    /// The ethnic group's number (1 = Kinh).
    pub ethnicity: u8,
    pub ethnicity_name: String,
    pub area: AreaRefDto,
    pub phone: Option<String>,
    /// ISO date.
    pub death_date: Option<String>,
    /// Increases on every change (optimistic locking).
    pub version: i32,
    pub created_at: String,
    pub updated_at: String,
    pub household: Option<HouseholdLinkDto>,
}

impl From<&Person> for PersonDto {
    fn from(p: &Person) -> Self {
        PersonDto {
            id: p.id.to_string(),
            personal_id: p.personal_id.clone(),
            full_name: p.full_name.clone(),
            sex: p.sex.code().to_string(),
            birth_date: p.birth.to_string(),
            ethnicity: p.ethnicity.code(),
            ethnicity_name: p.ethnicity.name().to_string(),
            area: (&p.area).into(),
            phone: p.phone.clone(),
            death_date: p.death_date.map(iso),
            version: p.version,
            created_at: moment(p.created_at),
            updated_at: moment(p.updated_at),
            household: p
                .household
                .as_ref()
                .map(|(id, code, rel)| HouseholdLinkDto {
                    id: id.to_string(),
                    code: code.clone(),
                    relation: rel.code().to_string(),
                }),
        }
    }
}

/// A new person. Every field is checked and all errors are returned together (a missing
/// required field too, as an error of that field), so a body the schema admits may still be
/// refused with 422: the personal ID's digits must agree with the sex and the year of birth,
/// the birth date must be past, the commune must be in force today.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct NewPersonDto {
    /// 12-digit personal ID; empty for a legacy record without one.
    #[schema(example = "046185000123")]
    pub personal_id: String,
    #[schema(required = true, min_length = 1, example = "Nguyễn Thị Ái Vân")]
    pub full_name: String,
    /// `M`/`F` (or Nam/Nữ).
    #[schema(required = true, min_length = 1, example = "F")]
    pub sex: String,
    /// `dd/mm/yyyy`, `mm/yyyy` or `yyyy`.
    #[schema(required = true, min_length = 1, example = "03/04/1985")]
    pub birth_date: String,
    /// The ethnic group's number or name; empty means Kinh.
    #[schema(example = "1")]
    pub ethnicity: String,
    /// Code of a commune in force today, inside the token's scope.
    #[schema(required = true, min_length = 1, example = "19900")]
    pub area_code: String,
    /// Empty when not known.
    #[schema(example = "0905123456")]
    pub phone: String,
}

/// One row of a household search.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct HouseholdHitDto {
    pub id: String,
    pub code: String,
    pub address: String,
    pub head_name: Option<String>,
    pub area_code: String,
    pub area_name: String,
}

impl From<HouseholdHit> for HouseholdHitDto {
    fn from(h: HouseholdHit) -> Self {
        HouseholdHitDto {
            id: h.id.to_string(),
            code: h.code,
            address: h.address,
            head_name: h.head_name,
            area_code: h.area_code,
            area_name: h.area_name,
        }
    }
}

/// One page of households; pass `next` as `after` for the following page.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct HouseholdPage {
    pub items: Vec<HouseholdHitDto>,
    pub next: Option<String>,
}

/// A member of a household, current (no `left_on`) or past.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MemberDto {
    pub person_id: String,
    pub full_name: String,
    pub personal_id: Option<String>,
    pub birth_date: String,
    pub relation: String,
    pub joined_on: String,
    pub join_reason: String,
    pub left_on: Option<String>,
    pub leave_reason: Option<String>,
}

impl From<&Member> for MemberDto {
    fn from(m: &Member) -> Self {
        MemberDto {
            person_id: m.person_id.to_string(),
            full_name: m.full_name.clone(),
            personal_id: m.personal_id.clone(),
            birth_date: m.birth.to_string(),
            relation: m.relation.code().to_string(),
            joined_on: iso(m.joined_on),
            join_reason: m.join_reason.code().to_string(),
            left_on: m.left_on.map(iso),
            leave_reason: m.leave_reason.map(|r| r.code().to_string()),
        }
    }
}

/// A household with its members.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct HouseholdDto {
    pub id: String,
    pub code: String,
    pub area: AreaRefDto,
    /// `urban` or `rural`.
    pub settlement: String,
    pub address: String,
    pub head_id: Option<String>,
    pub version: i32,
    pub created_at: String,
    pub updated_at: String,
    pub members: Vec<MemberDto>,
}

impl HouseholdDto {
    pub fn of(h: &Household, members: &[Member]) -> Self {
        HouseholdDto {
            id: h.id.to_string(),
            code: h.code.clone(),
            area: (&h.area).into(),
            settlement: h.settlement.code().to_string(),
            address: h.address.clone(),
            head_id: h.head_id.map(|i| i.to_string()),
            version: h.version,
            created_at: moment(h.created_at),
            updated_at: moment(h.updated_at),
            members: members.iter().map(MemberDto::from).collect(),
        }
    }
}

/// One problem with one field of a request body.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FieldErrorDto {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// The body of every error.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub code: String,
    /// In Vietnamese.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldErrorDto>>,
    /// The `x-request-id` of the request, for support.
    pub request_id: String,
}

/// `{"error": {...}}`
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ErrorResponse {
    pub error: ErrorBody,
}

/// Query of the area list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AreaQuery {
    /// Day (YYYY-MM-DD); today in Vietnam when absent.
    #[param(format = Date)]
    pub ngay: Option<String>,
    #[param(schema_with = area_level)]
    pub level: Option<String>,
}

/// The levels `AreaQuery::level` takes: the core's codes.
const AREA_LEVELS: [AreaLevel; 3] = [AreaLevel::Province, AreaLevel::District, AreaLevel::Commune];

fn area_level() -> Object {
    one_of(
        "`province`, `district` or `commune` (default)",
        &AREA_LEVELS.map(AreaLevel::code),
    )
}

/// A string that is one of `values`, as a parameter's schema (utoipa takes a `schema_with`
/// parameter's description from the schema, not from the field's comment).
pub fn one_of(description: &str, values: &[&str]) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .enum_values(Some(values.iter().copied()))
        .build()
}

/// Query of the predecessors of a unit.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DayQuery {
    /// Day on which the code is looked up (YYYY-MM-DD); today when absent.
    #[param(format = Date)]
    pub ngay: Option<String>,
}

/// Query of a search.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// A name with or without diacritics, a personal ID (or its start), or a household code.
    pub q: Option<String>,
    /// Only this commune (code in force today); it must be inside the token's scope.
    pub area: Option<String>,
    /// The `next` cursor of the previous page (empty: the first page).
    #[param(pattern = r"^$|^[0-9]\.[0-9a-fA-F]{32}\.")]
    pub after: Option<String>,
    /// Rows per page (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}
