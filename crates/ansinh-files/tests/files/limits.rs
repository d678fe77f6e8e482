//! Hostile files: an .xlsx that inflates a thousand times over, cells no spreadsheet could
//! hold, rows padded to thousands of columns. Each is refused with its code, quickly, before
//! it costs memory.

use std::io::{Cursor, Write};
use std::sync::OnceLock;

use ansinh_files::{Format, Limits, read_table};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::read;

const SHEET: &str = "xl/worksheets/sheet1.xml";

/// A minimal valid .xlsx whose one sheet holds one inline-string cell A1 of `len` times 'A'
/// and `cells` more small cells, deflated, written in pieces so the test holds none of it.
fn bomb(len: u64, cells: usize) -> Vec<u8> {
    book(|zip| {
        zip.write_all(
            br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"#,
        )
        .unwrap();
        let chunk = vec![b'A'; 1 << 20];
        let mut left = len;
        while left > 0 {
            let n = left.min(chunk.len() as u64);
            zip.write_all(&chunk[..n as usize]).unwrap();
            left -= n;
        }
        zip.write_all(b"</t></is></c></row>").unwrap();
        for r in 0..cells {
            write!(
                zip,
                r#"<row r="{0}"><c r="A{0}"><v>{0}</v></c></row>"#,
                r + 2
            )
            .unwrap();
        }
        zip.write_all(b"</sheetData></worksheet>").unwrap();
    })
}

/// A minimal .xlsx whose one sheet `sheet` writes.
fn book(sheet: impl FnOnce(&mut ZipWriter<Cursor<Vec<u8>>>)) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Nhân khẩu" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, deflated).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.start_file(SHEET, deflated).unwrap();
    sheet(&mut zip);
    zip.finish().unwrap().into_inner()
}

/// The probe's file: one cell of 1 GiB of one letter, about 1 MB on disk (built once, in ~3 s).
fn gibibyte_bomb() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(|| bomb(1 << 30, 0))
}

/// The archive with the uncompressed size of `entry` declared as `size` in both of its
/// headers: a lie that the zip format cannot catch before inflating.
fn declare(mut bytes: Vec<u8>, entry: &str, size: u32) -> Vec<u8> {
    let name = entry.as_bytes();
    let mut patched = 0;
    for i in 0..bytes.len().saturating_sub(46) {
        // The size's offset and the name's in a local and in a central directory header.
        let (at, name_at) = match &bytes[i..i + 4] {
            b"PK\x03\x04" => (22, 30),
            b"PK\x01\x02" => (24, 46),
            _ => continue,
        };
        if bytes[i + name_at..].starts_with(name) {
            bytes[i + at..i + at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "both headers of {entry}");
    bytes
}

#[test]
fn zip_bomb_xlsx_is_refused_before_inflating() {
    // Refused on the sizes the archive declares, before anything is inflated (a refusal while
    // inflating would name the limit the same way, but only after 768 MiB).
    let bytes = gibibyte_bomb();
    assert!(bytes.len() < 2 << 20, "{} bytes", bytes.len());
    let e = read(bytes, Format::Xlsx).unwrap_err();
    assert_eq!(e.code(), "file.too_large_inflated", "{e}");
    assert!(e.to_string().contains("768 MB"), "{e}");
    assert!(e.to_string().contains(SHEET), "{e}");
}

#[test]
fn zip_bomb_xlsx_that_lies_about_its_size_is_stopped_while_inflating() {
    let bytes = gibibyte_bomb();
    // Declared as 1 KB: the zip reader fails the part past its declared size, here and in
    // calamine, so the file is refused as damaged after 1 KB.
    let e = read(&declare(bytes.to_vec(), SHEET, 1000), Format::Xlsx).unwrap_err();
    assert_eq!(e.code(), "file.not_xlsx", "{e}");
    // Declared truly but under a higher limit: the cell's run is stopped at 1 MiB of XML.
    let limits = Limits {
        max_inflated_bytes: 2 << 30,
        ..Limits::default()
    };
    let e = read_table(bytes, Format::Xlsx, &limits).unwrap_err();
    assert_eq!(e.code(), "file.cell_too_long", "{e}");
    assert!(e.to_string().contains("32767 ký tự"), "{e}");
}

#[test]
fn many_small_cells_count_against_the_inflated_limit() {
    let limits = Limits {
        max_inflated_bytes: 1 << 20,
        ..Limits::default()
    };
    let bytes = bomb(10, 40_000);
    let e = read_table(&bytes, Format::Xlsx, &limits).unwrap_err();
    assert_eq!(e.code(), "file.too_large_inflated", "{e}");
    assert!(e.to_string().contains("1 MB"), "{e}");
    // The same file within the default limits reads.
    let table = read(&bytes, Format::Xlsx).unwrap();
    assert_eq!(table.headers, vec!["AAAAAAAAAA"]);
    assert_eq!(table.rows.len(), 40_000);
}

#[test]
fn xlsx_cell_longer_than_excel_allows_is_refused_with_its_place() {
    let e = read(&bomb(40_000, 1), Format::Xlsx).unwrap_err();
    assert_eq!(e.code(), "file.cell_too_long", "{e}");
    assert!(e.to_string().contains("dòng 1, cột A"), "{e}");
    assert!(read(&bomb(32_767, 1), Format::Xlsx).is_ok());
}

#[test]
fn csv_cell_of_a_megabyte_is_refused_with_its_place() {
    let mut csv = "Mã hộ,Mã xã/phường,Địa chỉ\nHO-1,19900,".to_string();
    csv.push_str(&"Ấ".repeat(1 << 20));
    csv.push('\n');
    let e = read(csv.as_bytes(), Format::Csv).unwrap_err();
    assert_eq!(e.code(), "file.cell_too_long", "{e}");
    assert!(e.to_string().contains("dòng 2, cột C"), "{e}");
    assert!(e.to_string().contains("32767"), "{e}");
}

#[test]
fn rows_wider_than_the_column_limit_are_refused_but_trailing_commas_are_not() {
    let header = "Mã hộ,Mã xã/phường,Địa chỉ";
    let mut csv = format!("{header}\nHO-1,19900,Số 1{}\n", ",".repeat(100_000));
    assert_eq!(
        read(csv.as_bytes(), Format::Csv).unwrap().rows[0]
            .cells
            .len(),
        3
    );
    // 64 columns are allowed, data in a 65th (BM) is not.
    csv = format!("{header}\nHO-1,19900,Số 1{}x\n", ",".repeat(61));
    assert_eq!(
        read(csv.as_bytes(), Format::Csv).unwrap().rows[0]
            .cells
            .len(),
        64
    );
    csv = format!("{header}\nHO-1,19900,Số 1{}x\n", ",".repeat(62));
    let e = read(csv.as_bytes(), Format::Csv).unwrap_err();
    assert_eq!(e.code(), "file.too_many_columns", "{e}");
    assert!(
        e.to_string().contains("dòng 2") && e.to_string().contains("BM"),
        "{e}"
    );
}

#[test]
fn references_past_the_grid_are_refused_before_calamine_overflows_on_them() {
    // Found by the fuzzing harness: calamine computes a position past the grid with arithmetic
    // that overflows (a panic, turned into "damaged" by the reader's guard, in a debug build; a
    // wrong position in a release build) and a dimension's size by subtracting its start from
    // its end.
    let sheet = |body: &str| {
        let body = body.to_string();
        book(move |zip| {
            write!(
                zip,
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{body}</worksheet>"#
            )
            .unwrap();
        })
    };
    let cell = |r: &str| {
        format!(
            r#"<sheetData><row r="1"><c r="{r}" t="inlineStr"><is><t>Mã hộ</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row></sheetData>"#
        )
    };
    for (body, shown) in [
        (cell("A4294967296"), "A4294967296"),
        (cell("XFE1"), "XFE1"),
        (cell("A1048577"), "A1048577"),
        (
            format!(r#"<dimension ref="B2:A1"/>{}"#, cell("A1")),
            "B2:A1",
        ),
        (
            r#"<sheetData><row r="99999999999"><c><v>1</v></c></row></sheetData>"#.to_string(),
            "99999999999",
        ),
    ] {
        let e = read(&sheet(&body), Format::Xlsx).unwrap_err();
        assert_eq!(e.code(), "file.not_xlsx", "{body}");
        assert!(
            e.to_string().contains(shown) && e.to_string().contains("XFD"),
            "{e}"
        );
    }
    // The last cell of the grid is in it.
    let table = read(
        &sheet(&format!(
            r#"<dimension ref="A1:XFD1048576"/>{}"#,
            cell("XFD1048576")
        )),
        Format::Xlsx,
    );
    assert_ne!(table.map_err(|e| e.code()), Err("file.not_xlsx"));
}

#[test]
fn rows_out_of_order_are_refused_rather_than_given_one_line_twice() {
    // Found by the fuzzing harness: row 2, then row 1, then row 2 again made a table with two
    // rows at line 2, so a refused row named a line that could be either.
    let bytes = book(|zip| {
        zip.write_all(
            br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>2</v></c></row><row r="2"><c r="A2"><v>3</v></c></row></sheetData></worksheet>"#,
        )
        .unwrap();
    });
    let e = read(&bytes, Format::Xlsx).unwrap_err();
    assert_eq!(e.code(), "file.not_xlsx");
    assert!(e.to_string().contains("dòng 1 đứng sau dòng 2"), "{e}");
}
