//! A person of the registry: the validation of what an officer or a file supplies.

use chrono::NaiveDate;

use crate::date::{DateError, PartialDate, parse_full_date};
use crate::ethnicity::Ethnicity;
use crate::name::{fold, normalize_name};
use crate::pid::PersonalId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// Storage code: M or F.
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "M",
            Sex::Female => "F",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "M" => Some(Sex::Male),
            "F" => Some(Sex::Female),
            _ => None,
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Sex::Male => "nam",
            Sex::Female => "nữ",
        }
    }

    /// Accepts "Nam"/"Nữ" with or without diacritics, and M/F.
    pub fn parse(raw: &str) -> Option<Self> {
        match fold(raw).as_str() {
            "nam" | "m" | "male" => Some(Sex::Male),
            "nu" | "f" | "female" => Some(Sex::Female),
            _ => None,
        }
    }
}

/// The fields of a record, named for error reports (the import report and the form both
/// show `Field::label_vi`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    PersonalId,
    FullName,
    Sex,
    BirthDate,
    Ethnicity,
    Area,
    Phone,
    DeathDate,
    HouseholdCode,
    Address,
    Relation,
    File,
}

impl Field {
    pub fn label_vi(self) -> &'static str {
        match self {
            Field::PersonalId => "Số định danh",
            Field::FullName => "Họ và tên",
            Field::Sex => "Giới tính",
            Field::BirthDate => "Ngày sinh",
            Field::Ethnicity => "Dân tộc",
            Field::Area => "Mã xã/phường",
            Field::Phone => "Số điện thoại",
            Field::DeathDate => "Ngày mất",
            Field::HouseholdCode => "Mã hộ",
            Field::Address => "Địa chỉ",
            Field::Relation => "Quan hệ với chủ hộ",
            Field::File => "Tệp",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Field::PersonalId => "personal_id",
            Field::FullName => "full_name",
            Field::Sex => "sex",
            Field::BirthDate => "birth_date",
            Field::Ethnicity => "ethnicity",
            Field::Area => "area_code",
            Field::Phone => "phone",
            Field::DeathDate => "death_date",
            Field::HouseholdCode => "household_code",
            Field::Address => "address",
            Field::Relation => "relation",
            Field::File => "file",
        }
    }
}

/// One thing wrong with one field, with a stable code and a Vietnamese message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub code: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: Field, code: &'static str, message: impl Into<String>) -> Self {
        FieldError {
            field,
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field.label_vi(), self.message)
    }
}

/// What a form or an import row supplies, as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonDraft {
    pub personal_id: String,
    pub full_name: String,
    pub sex: String,
    pub birth_date: String,
    pub ethnicity: String,
    pub area_code: String,
    pub phone: String,
    pub death_date: String,
}

/// A person whose every field passed its rules. The area code is checked against the
/// database by the store, which knows which units are in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPerson {
    /// `None` for legacy records without an ID; those are flagged and matched by
    /// name + birth date + area instead.
    pub personal_id: Option<PersonalId>,
    pub full_name: String,
    pub sex: Sex,
    pub birth: PartialDate,
    pub ethnicity: Ethnicity,
    pub area_code: String,
    pub phone: Option<String>,
    pub death_date: Option<NaiveDate>,
}

impl ValidPerson {
    pub fn name_folded(&self) -> String {
        fold(&self.full_name)
    }
}

fn date_error(field: Field, e: DateError) -> FieldError {
    FieldError::new(field, e.code(), e.to_string())
}

/// Normalises a Vietnamese phone number to its domestic form (0 + 9 or 10 digits); accepts
/// +84/84 prefixes and the usual separators.
pub fn normalize_phone(raw: &str) -> Result<String, FieldError> {
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let digits = if let Some(rest) = digits.strip_prefix("+84") {
        format!("0{rest}")
    } else if digits.starts_with("84") && digits.len() == 11 {
        format!("0{}", &digits[2..])
    } else {
        digits
    };
    if !digits.bytes().all(|b| b.is_ascii_digit())
        || !digits.starts_with('0')
        || !(10..=11).contains(&digits.len())
    {
        return Err(FieldError::new(
            Field::Phone,
            "phone.format",
            format!(
                "số điện thoại '{}' không hợp lệ (cần 10–11 chữ số, bắt đầu bằng 0)",
                raw.trim()
            ),
        ));
    }
    Ok(digits)
}

/// Validates every field and returns all that are wrong, so a form or import report can show
/// them together. `today` bounds birth and death dates (the core reads no clock).
pub fn validate_person(d: &PersonDraft, today: NaiveDate) -> Result<ValidPerson, Vec<FieldError>> {
    let mut errors = Vec::new();

    let full_name = normalize_name(&d.full_name)
        .map_err(|e| errors.push(FieldError::new(Field::FullName, e.code(), e.to_string())))
        .ok();
    let sex = Sex::parse(&d.sex);
    if sex.is_none() {
        errors.push(FieldError::new(
            Field::Sex,
            "sex.unknown",
            format!("giới tính '{}' phải là Nam hoặc Nữ", d.sex.trim()),
        ));
    }
    let birth = if d.birth_date.trim().is_empty() {
        errors.push(FieldError::new(
            Field::BirthDate,
            "date.missing",
            "ngày sinh không được để trống (ghi ít nhất năm sinh)",
        ));
        None
    } else {
        PartialDate::parse(&d.birth_date)
            .and_then(|b| b.check_past(today))
            .map_err(|e| errors.push(date_error(Field::BirthDate, e)))
            .ok()
    };
    let ethnicity = if d.ethnicity.trim().is_empty() {
        Some(Ethnicity::KINH)
    } else {
        Ethnicity::parse(&d.ethnicity)
            .map_err(|e| {
                errors.push(FieldError::new(
                    Field::Ethnicity,
                    "ethnicity.unknown",
                    e.to_string(),
                ))
            })
            .ok()
    };
    let area_code = d.area_code.trim().to_string();
    if area_code.is_empty() || !area_code.bytes().all(|b| b.is_ascii_digit()) {
        errors.push(FieldError::new(
            Field::Area,
            "area.format",
            format!("mã xã/phường '{area_code}' phải là mã số (ví dụ 19900)"),
        ));
    }
    let phone = if d.phone.trim().is_empty() {
        None
    } else {
        normalize_phone(&d.phone).map_err(|e| errors.push(e)).ok()
    };
    let death_date = if d.death_date.trim().is_empty() {
        None
    } else {
        parse_full_date(&d.death_date)
            .and_then(|x| PartialDate::day(x).check_past(today).map(|p| p.date))
            .map_err(|e| errors.push(date_error(Field::DeathDate, e)))
            .ok()
    };
    if let (Some(b), Some(death)) = (birth, death_date)
        && death < b.date
    {
        errors.push(FieldError::new(
            Field::DeathDate,
            "date.death_before_birth",
            format!(
                "ngày mất {} trước ngày sinh {b}",
                crate::date::format_vn(death)
            ),
        ));
    }
    let personal_id = if d.personal_id.trim().is_empty() {
        None
    } else {
        match PersonalId::parse(&d.personal_id) {
            Ok(id) => {
                if let (Some(sex), Some(birth)) = (sex, birth)
                    && let Err(e) = id.check_person(sex, birth.year())
                {
                    errors.push(FieldError::new(Field::PersonalId, e.code(), e.to_string()));
                }
                Some(id)
            }
            Err(e) => {
                errors.push(FieldError::new(Field::PersonalId, e.code(), e.to_string()));
                None
            }
        }
    };

    match (full_name, sex, birth, ethnicity) {
        (Some(full_name), Some(sex), Some(birth), Some(ethnicity)) if errors.is_empty() => {
            Ok(ValidPerson {
                personal_id,
                full_name,
                sex,
                birth,
                ethnicity,
                area_code,
                phone,
                death_date,
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::DatePrecision;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn draft() -> PersonDraft {
        PersonDraft {
            personal_id: "046185000123".into(),
            full_name: "nguyễn thị ái vân".into(),
            sex: "Nữ".into(),
            birth_date: "12/03/1985".into(),
            ethnicity: "Kinh".into(),
            area_code: "19900".into(),
            phone: "+84 905 123 456".into(),
            death_date: String::new(),
        }
    }

    #[test]
    fn accepts_a_good_record_and_normalises_it() {
        let p = validate_person(&draft(), today()).unwrap();
        assert_eq!(p.full_name, "Nguyễn Thị Ái Vân");
        assert_eq!(p.phone.as_deref(), Some("0905123456"));
        assert_eq!(p.birth.precision, DatePrecision::Day);
        assert_eq!(p.name_folded(), "nguyen thi ai van");
    }

    #[test]
    fn legacy_record_without_id_and_with_year_only_is_allowed() {
        let mut d = draft();
        d.personal_id.clear();
        d.birth_date = "1942".into();
        let p = validate_person(&d, today()).unwrap();
        assert!(p.personal_id.is_none());
        assert_eq!(p.birth.precision, DatePrecision::Year);
    }

    #[test]
    fn reports_every_bad_field_at_once() {
        let d = PersonDraft {
            personal_id: "046085000123".into(),
            full_name: "  ".into(),
            sex: "Nữ".into(),
            birth_date: "31/02/1985".into(),
            ethnicity: "Elf".into(),
            area_code: "".into(),
            phone: "12345".into(),
            death_date: "01/01/2030".into(),
        };
        let errors = validate_person(&d, today()).unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![
                Field::FullName,
                Field::BirthDate,
                Field::Ethnicity,
                Field::Area,
                Field::Phone,
                Field::DeathDate
            ]
        );
    }

    #[test]
    fn id_must_match_sex_and_birth_year() {
        let mut d = draft();
        d.sex = "Nam".into();
        let e = validate_person(&d, today()).unwrap_err();
        assert_eq!(e[0].code, "pid.century_sex");
        let mut d = draft();
        d.birth_date = "1986".into();
        let e = validate_person(&d, today()).unwrap_err();
        assert_eq!(e[0].code, "pid.year");
    }

    #[test]
    fn death_before_birth_is_refused() {
        let mut d = draft();
        d.death_date = "01/01/1980".into();
        let e = validate_person(&d, today()).unwrap_err();
        assert_eq!(e[0].code, "date.death_before_birth");
    }

    #[test]
    fn sex_parses_with_and_without_diacritics() {
        assert_eq!(Sex::parse("NỮ"), Some(Sex::Female));
        assert_eq!(Sex::parse("nu"), Some(Sex::Female));
        assert_eq!(Sex::parse(" Nam "), Some(Sex::Male));
        assert_eq!(Sex::parse("x"), None);
    }
}
