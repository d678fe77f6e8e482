//! Rows of the "Nhân khẩu" layout into validated persons, with every problem of every row
//! reported against its row number and column.

use std::collections::HashMap;

use ansinh_core::registry::PersonRow;
use ansinh_core::registry::household::validate_household_code;
use ansinh_core::registry::person::validate_person;
use ansinh_core::{Field, FieldError, PersonDraft, PersonalId, Relation, RowError};
use chrono::NaiveDate;

use crate::error::FileError;
use crate::read::Table;
use crate::registry::layout::{Col, ColumnMap, Layout};

fn field_col(field: Field) -> Col {
    match field {
        Field::PersonalId => Col::PersonalId,
        Field::FullName => Col::FullName,
        Field::Sex => Col::Sex,
        Field::BirthDate => Col::BirthDate,
        Field::Ethnicity => Col::Ethnicity,
        Field::Area => Col::Area,
        Field::Phone => Col::Phone,
        Field::DeathDate => Col::DeathDate,
        Field::HouseholdCode => Col::HouseholdCode,
        Field::Relation => Col::Relation,
        Field::Address => Col::Address,
        // Validation of a person never blames the file; STT is the harmless fallback.
        Field::File => Col::Stt,
    }
}

/// Collects one row's errors, naming columns by their layout header.
struct RowErrors<'a> {
    line: usize,
    layout: Layout,
    list: &'a mut Vec<(usize, RowError)>,
    found: bool,
}

impl RowErrors<'_> {
    fn push(&mut self, col: Col, code: &'static str, message: impl Into<String>) {
        let order = self
            .layout
            .columns()
            .iter()
            .position(|c| c.col == col)
            .unwrap_or(usize::MAX);
        self.list.push((
            order,
            RowError {
                line: self.line,
                column: self.layout.header(col).to_string(),
                code,
                message: message.into(),
            },
        ));
        self.found = true;
    }

    fn field(&mut self, e: FieldError) {
        self.push(field_col(e.field), e.code, e.message);
    }
}

/// Validates the rows of a persons table. Header problems refuse the whole file; row problems
/// only refuse their row, and every one of them is reported so the officer can fix the file in
/// one pass. Rows come back in file order; errors in row order, then column order.
pub fn parse_persons(
    table: &Table,
    today: NaiveDate,
) -> Result<(Vec<PersonRow>, Vec<RowError>), FileError> {
    let map = ColumnMap::new(Layout::Persons, &table.headers, |i| {
        table.column_has_data(i)
    })?;
    let mut rows = Vec::new();
    let mut errors: Vec<(usize, RowError)> = Vec::new();
    let mut first_line_of_id: HashMap<PersonalId, usize> = HashMap::new();
    let mut head_line_of_household: HashMap<String, usize> = HashMap::new();

    for row in &table.rows {
        let cell = |col| map.cell(&row.cells, col);
        let start = errors.len();
        let mut errs = RowErrors {
            line: row.line,
            layout: Layout::Persons,
            list: &mut errors,
            found: false,
        };
        let draft = PersonDraft {
            personal_id: cell(Col::PersonalId).to_string(),
            full_name: cell(Col::FullName).to_string(),
            sex: cell(Col::Sex).to_string(),
            birth_date: cell(Col::BirthDate).to_string(),
            ethnicity: cell(Col::Ethnicity).to_string(),
            area_code: cell(Col::Area).to_string(),
            phone: cell(Col::Phone).to_string(),
            death_date: cell(Col::DeathDate).to_string(),
        };
        let person = match validate_person(&draft, today) {
            Ok(p) => Some(p),
            Err(list) => {
                for mut e in list {
                    if e.field == Field::PersonalId && lost_leading_zero(&draft.personal_id) {
                        e.message.push_str(
                            " (có thể Excel đã làm mất số 0 ở đầu; hãy để cột ở dạng Văn bản và gõ lại)",
                        );
                    }
                    errs.field(e);
                }
                None
            }
        };

        // A duplicate is judged on the ID's form alone, so that it is caught even in a row that
        // is wrong for other reasons too.
        if let Ok(id) = PersonalId::parse(&draft.personal_id) {
            match first_line_of_id.get(&id) {
                Some(first) => errs.push(
                    Col::PersonalId,
                    "pid.duplicate_in_file",
                    format!("trùng số định danh với dòng {first}"),
                ),
                None => {
                    first_line_of_id.insert(id, row.line);
                }
            }
        }

        let membership = membership(cell(Col::HouseholdCode), cell(Col::Relation), &mut errs);
        if let Some((code, Relation::Head)) = &membership {
            match head_line_of_household.get(code) {
                Some(first) => errs.push(
                    Col::Relation,
                    "household.second_head",
                    format!("hộ {code} đã có chủ hộ ở dòng {first}"),
                ),
                None => {
                    head_line_of_household.insert(code.clone(), row.line);
                }
            }
        }

        let found = errs.found;
        if let (Some(person), false) = (person, found) {
            let (household_code, relation) = match membership {
                Some((code, relation)) => (Some(code), Some(relation)),
                None => (None, None),
            };
            rows.push(PersonRow {
                line: row.line,
                person,
                household_code,
                relation,
            });
        }
        errors[start..].sort_by_key(|(order, _)| *order);
    }
    Ok((rows, errors.into_iter().map(|(_, e)| e).collect()))
}

/// Checks Mã hộ and Quan hệ với chủ hộ, which must be given together.
fn membership(code: &str, relation: &str, errs: &mut RowErrors<'_>) -> Option<(String, Relation)> {
    match (code.trim().is_empty(), relation.trim().is_empty()) {
        (true, true) => None,
        (false, true) => {
            errs.push(
                Col::Relation,
                "relation.missing",
                "đã ghi Mã hộ thì phải ghi Quan hệ với chủ hộ",
            );
            None
        }
        (true, false) => {
            errs.push(
                Col::HouseholdCode,
                "household.code_missing",
                "đã ghi Quan hệ với chủ hộ thì phải ghi Mã hộ",
            );
            None
        }
        (false, false) => {
            let code = validate_household_code(code)
                .map_err(|e| errs.field(e))
                .ok();
            let relation = Relation::parse(relation).map_err(|e| errs.field(e)).ok();
            code.zip(relation)
        }
    }
}

/// An 11-digit ID that becomes valid with a leading 0 almost surely went through a number
/// cell; saying so saves the officer a puzzle.
fn lost_leading_zero(raw: &str) -> bool {
    let s = raw.trim();
    s.len() == 11
        && s.bytes().all(|b| b.is_ascii_digit())
        && PersonalId::parse(&format!("0{s}")).is_ok()
}
