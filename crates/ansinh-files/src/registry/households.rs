//! Rows of the "Hộ gia đình" layout into checked households.

use std::collections::HashMap;

use ansinh_core::registry::HouseholdRow;
use ansinh_core::registry::household::validate_household_code;
use ansinh_core::{PersonalId, RowError};

use crate::error::FileError;
use crate::read::Table;
use crate::registry::layout::{Col, ColumnMap, Layout};

/// The longest address accepted; longer text is almost always several cells pasted together.
pub const MAX_ADDRESS_CHARS: usize = 300;

/// Validates the rows of a households table: header problems refuse the file, row problems
/// their row. A household code repeated in the file is refused on its second and later rows.
pub fn parse_households(table: &Table) -> Result<(Vec<HouseholdRow>, Vec<RowError>), FileError> {
    let layout = Layout::Households;
    let map = ColumnMap::new(layout, &table.headers, |i| table.column_has_data(i))?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut first_line_of_code: HashMap<String, usize> = HashMap::new();

    for row in &table.rows {
        let cell = |col| map.cell(&row.cells, col);
        let before = errors.len();
        let mut err = |col: Col, code: &'static str, message: String| {
            errors.push(RowError {
                line: row.line,
                column: layout.header(col).to_string(),
                code,
                message,
            });
        };

        let code = match validate_household_code(cell(Col::HouseholdCode)) {
            Ok(code) => match first_line_of_code.get(&code) {
                Some(first) => {
                    err(
                        Col::HouseholdCode,
                        "household.duplicate_in_file",
                        format!("trùng mã hộ với dòng {first}"),
                    );
                    None
                }
                None => {
                    first_line_of_code.insert(code.clone(), row.line);
                    Some(code)
                }
            },
            Err(e) => {
                err(Col::HouseholdCode, e.code, e.message);
                None
            }
        };

        let area_code = cell(Col::Area).trim().to_string();
        // The same form rule as for persons; whether the code names a commune in force is the
        // store's question.
        if area_code.is_empty() || !area_code.bytes().all(|b| b.is_ascii_digit()) {
            err(
                Col::Area,
                "area.format",
                format!("mã xã/phường '{area_code}' phải là mã số (ví dụ 19900)"),
            );
        }

        let address = cell(Col::Address)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if address.is_empty() {
            err(
                Col::Address,
                "address.empty",
                "địa chỉ không được để trống".to_string(),
            );
        } else if address.chars().count() > MAX_ADDRESS_CHARS {
            err(
                Col::Address,
                "address.too_long",
                format!("địa chỉ dài quá {MAX_ADDRESS_CHARS} ký tự"),
            );
        }

        let head = cell(Col::HeadPersonalId);
        let head_personal_id = if head.trim().is_empty() {
            None
        } else {
            match PersonalId::parse(head) {
                Ok(id) => Some(id),
                Err(e) => {
                    err(Col::HeadPersonalId, e.code(), e.to_string());
                    None
                }
            }
        };

        if errors.len() == before
            && let Some(code) = code
        {
            rows.push(HouseholdRow {
                line: row.line,
                code,
                area_code,
                address,
                head_personal_id,
            });
        }
    }
    Ok((rows, errors))
}
