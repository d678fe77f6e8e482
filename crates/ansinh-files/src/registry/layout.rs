//! The spreadsheet layouts of the registry: the single source of truth for column headers,
//! which columns are required, how they are written and what the guide sheet says about them.
//!
//! Persons ("Nhân khẩu"):
//!
//! | Cột                | Bắt buộc | Nội dung                                              |
//! |--------------------|----------|-------------------------------------------------------|
//! | STT                | không    | số thứ tự, bỏ qua khi nhập                            |
//! | Số định danh       | không    | 12 chữ số; để trống với hồ sơ cũ chưa có số           |
//! | Họ và tên          | có       |                                                       |
//! | Giới tính          | có       | Nam / Nữ                                              |
//! | Ngày sinh          | có       | dd/mm/yyyy, mm/yyyy hoặc yyyy                         |
//! | Dân tộc            | không    | tên hoặc mã trong danh mục 54 dân tộc; trống = Kinh   |
//! | Mã xã/phường       | có       | mã số đơn vị hành chính, ví dụ 19900                  |
//! | Số điện thoại      | không    |                                                       |
//! | Ngày mất           | không    | dd/mm/yyyy                                            |
//! | Mã hộ              | không    | đi cùng Quan hệ với chủ hộ                            |
//! | Quan hệ với chủ hộ | không    | đi cùng Mã hộ                                         |
//!
//! Households ("Hộ gia đình"): STT | Mã hộ (bắt buộc) | Mã xã/phường (bắt buộc) |
//! Địa chỉ (bắt buộc) | Số định danh chủ hộ.
//!
//! Headers match whatever their case, diacritics, spacing or punctuation (they are compared
//! folded by [`ansinh_core::name::fold`]) and in any order. A few common alternative headers are
//! accepted too (see [`Column::aliases`]). The column "Lỗi" that [`crate::write_rejected`] adds is
//! ignored on reading, so an officer can fix the rejected rows in that file and import it again.

use ansinh_core::Relation;
use ansinh_core::ethnicity::ETHNIC_GROUPS;
use ansinh_core::name::fold;

use crate::error::FileError;

/// The two layouts the registry exchanges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    Persons,
    Households,
}

/// Every column of every layout. A column keeps its meaning across layouts (Mã xã/phường is
/// the same in both), which is why one enum serves both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    Stt,
    PersonalId,
    FullName,
    Sex,
    BirthDate,
    Ethnicity,
    Area,
    Phone,
    DeathDate,
    HouseholdCode,
    Relation,
    Address,
    HeadPersonalId,
}

/// One column of a layout with everything the reader, the writers and the guide sheet need.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub col: Col,
    /// The header as written in exports and templates.
    pub header: &'static str,
    /// Other headers officers commonly use for the same column.
    pub aliases: &'static [&'static str],
    pub required: bool,
    /// Width in Excel character units, so exported files open readable.
    pub width: f64,
    /// What the guide sheet of the template says about the column.
    pub guide: &'static str,
    /// The value of the template's example row.
    pub example: &'static str,
}

/// The header of the column that [`crate::write_rejected`] appends.
pub const ERROR_HEADER: &str = "Lỗi";

const STT: Column = Column {
    col: Col::Stt,
    header: "STT",
    aliases: &["số thứ tự", "TT"],
    required: false,
    width: 6.0,
    guide: "Số thứ tự dòng, chỉ để tiện theo dõi; khi nhập sẽ bỏ qua.",
    example: "1",
};

const AREA: Column = Column {
    col: Col::Area,
    header: "Mã xã/phường",
    aliases: &["mã xã phường", "mã đơn vị hành chính"],
    required: true,
    width: 14.0,
    guide: "Mã số xã/phường nơi cư trú theo danh mục đơn vị hành chính, ví dụ 19900 (Phường Thuận An).",
    example: "19900",
};

pub const PERSON_COLUMNS: [Column; 11] = [
    STT,
    Column {
        col: Col::PersonalId,
        header: "Số định danh",
        aliases: &["số định danh cá nhân", "số CCCD", "CCCD", "số căn cước"],
        required: false,
        width: 16.0,
        guide: "Số định danh cá nhân, đúng 12 chữ số (ví dụ 046185000123). Để trống nếu hồ sơ cũ chưa có số. Cột phải ở dạng Văn bản để Excel không làm mất số 0 ở đầu.",
        example: "046185000123",
    },
    Column {
        col: Col::FullName,
        header: "Họ và tên",
        aliases: &["họ tên"],
        required: true,
        width: 28.0,
        guide: "Họ và tên đầy đủ, có dấu. Không có chữ số hay ký hiệu.",
        example: "Nguyễn Thị Ái Vân",
    },
    Column {
        col: Col::Sex,
        header: "Giới tính",
        aliases: &[],
        required: true,
        width: 10.0,
        guide: "Nam hoặc Nữ.",
        example: "Nữ",
    },
    Column {
        col: Col::BirthDate,
        header: "Ngày sinh",
        aliases: &["ngày tháng năm sinh"],
        required: true,
        width: 12.0,
        guide: "Dạng dd/mm/yyyy (12/03/1985); nếu chỉ biết tháng và năm thì mm/yyyy (03/1985); nếu chỉ biết năm thì yyyy (1985). Không được ở tương lai hoặc trước năm 1900.",
        example: "12/03/1985",
    },
    Column {
        col: Col::Ethnicity,
        header: "Dân tộc",
        aliases: &[],
        required: false,
        width: 12.0,
        guide: "Tên hoặc mã dân tộc theo danh mục 54 dân tộc (xem cuối trang này). Để trống là Kinh.",
        example: "Kinh",
    },
    AREA,
    Column {
        col: Col::Phone,
        header: "Số điện thoại",
        aliases: &["điện thoại", "SĐT"],
        required: false,
        width: 14.0,
        guide: "10–11 chữ số, bắt đầu bằng 0 (chấp nhận +84). Có thể để trống.",
        example: "0905123456",
    },
    Column {
        col: Col::DeathDate,
        header: "Ngày mất",
        aliases: &[],
        required: false,
        width: 12.0,
        guide: "Chỉ ghi khi người đã mất, dạng dd/mm/yyyy đầy đủ ngày.",
        example: "",
    },
    Column {
        col: Col::HouseholdCode,
        header: "Mã hộ",
        aliases: &[],
        required: false,
        width: 16.0,
        guide: "Mã hộ gia đình (1–30 ký tự chữ, số, '-', '_', '/', '.'). Nếu ghi Mã hộ thì phải ghi Quan hệ với chủ hộ, và ngược lại.",
        example: "HO-19900-0001",
    },
    Column {
        col: Col::Relation,
        header: "Quan hệ với chủ hộ",
        aliases: &["quan hệ", "quan hệ chủ hộ"],
        required: false,
        width: 18.0,
        guide: "Một trong các giá trị: Chủ hộ, Vợ/chồng, Con, Con dâu/con rể, Cha/mẹ, Cha/mẹ vợ/chồng, Ông/bà, Cháu, Anh/chị/em, Khác. Mỗi hộ chỉ có một Chủ hộ.",
        example: "Chủ hộ",
    },
];

pub const HOUSEHOLD_COLUMNS: [Column; 5] = [
    STT,
    Column {
        col: Col::HouseholdCode,
        header: "Mã hộ",
        aliases: &[],
        required: true,
        width: 16.0,
        guide: "Mã hộ gia đình, không trùng trong tệp (1–30 ký tự chữ, số, '-', '_', '/', '.').",
        example: "HO-19900-0001",
    },
    AREA,
    Column {
        col: Col::Address,
        header: "Địa chỉ",
        aliases: &["địa chỉ thường trú"],
        required: true,
        width: 40.0,
        guide: "Số nhà, đường, tổ/thôn của hộ (không cần ghi lại xã/phường).",
        example: "12 Nguyễn Văn Tuyết, tổ 3",
    },
    Column {
        col: Col::HeadPersonalId,
        header: "Số định danh chủ hộ",
        aliases: &["CCCD chủ hộ", "số CCCD chủ hộ"],
        required: false,
        width: 20.0,
        guide: "Số định danh 12 chữ số của chủ hộ, chỉ khi người đó đã có trong sổ đăng ký. Với hộ mới, để trống và ghi \"Chủ hộ\" ở tệp nhân khẩu. Cột phải ở dạng Văn bản để Excel không làm mất số 0 ở đầu.",
        // Empty: a new household's head is named in the persons file, imported after this one.
        example: "",
    },
];

impl Layout {
    pub fn columns(self) -> &'static [Column] {
        match self {
            Layout::Persons => &PERSON_COLUMNS,
            Layout::Households => &HOUSEHOLD_COLUMNS,
        }
    }

    /// The layout's name, also the name of the data sheet in XLSX files.
    pub fn name_vi(self) -> &'static str {
        match self {
            Layout::Persons => "Nhân khẩu",
            Layout::Households => "Hộ gia đình",
        }
    }

    pub fn column(self, col: Col) -> Option<&'static Column> {
        self.columns().iter().find(|c| c.col == col)
    }

    /// The header of a column of this layout; the header is what row errors name.
    pub fn header(self, col: Col) -> &'static str {
        self.column(col).map_or("", |c| c.header)
    }

    /// Lines of the guide sheet after the per-column rows: the allowed values that do not fit
    /// in one cell.
    pub fn guide_notes(self) -> Vec<String> {
        let mut notes = vec![
            "Ngày viết theo dạng dd/mm/yyyy (ví dụ 05/03/1950), mm/yyyy (03/1950) hoặc yyyy (1950).".to_string(),
            "Nên để các cột ở dạng Văn bản (Text) để Excel không tự đổi số định danh hay ngày tháng.".to_string(),
            "Dòng trống sẽ được bỏ qua. Không thêm cột khác ngoài các cột của mẫu.".to_string(),
        ];
        if self == Layout::Persons {
            let relations: Vec<&str> = Relation::ALL.iter().map(|r| r.label_vi()).collect();
            notes.push(format!("Quan hệ với chủ hộ: {}.", relations.join(", ")));
            let groups: Vec<String> = ETHNIC_GROUPS
                .iter()
                .map(|(code, name)| format!("{code} {name}"))
                .collect();
            notes.push(format!("Danh mục dân tộc (mã tên): {}.", groups.join(", ")));
        }
        notes
    }
}

/// Whether a header names a personal-ID column (of either layout). The XLSX reader needs this
/// to restore the leading zero that Excel drops when an ID is stored as a number, and must do
/// it there because only the reader still knows the cell was a number.
pub fn is_id_header(header: &str) -> bool {
    let key = fold(header);
    [PERSON_COLUMNS[1], HOUSEHOLD_COLUMNS[4]]
        .iter()
        .any(|c| matches_header(c, &key))
}

fn matches_header(column: &Column, folded: &str) -> bool {
    fold(column.header) == folded || column.aliases.iter().any(|a| fold(a) == folded)
}

/// Where each column of a layout is in one file.
#[derive(Debug, Clone)]
pub struct ColumnMap {
    layout: Layout,
    positions: Vec<(Col, usize)>,
}

impl ColumnMap {
    pub fn layout(&self) -> Layout {
        self.layout
    }

    pub fn has(&self, col: Col) -> bool {
        self.position(col).is_some()
    }

    pub fn position(&self, col: Col) -> Option<usize> {
        self.positions
            .iter()
            .find(|(c, _)| *c == col)
            .map(|(_, i)| *i)
    }

    /// The cell of a column in a row, "" when the file lacks the column or the row is short.
    pub fn cell<'a>(&self, cells: &'a [String], col: Col) -> &'a str {
        self.position(col)
            .and_then(|i| cells.get(i))
            .map_or("", |s| s.as_str())
    }

    /// Recognises the headers of a file as a layout's columns. Unknown headers are refused
    /// rather than ignored, because a file with foreign columns is most often the wrong file
    /// (a household list given to the person import); they are reported before missing
    /// columns for the same reason. `column_has_data` tells whether an untitled column holds
    /// anything, since an empty untitled column is harmless.
    pub fn new(
        layout: Layout,
        headers: &[String],
        column_has_data: impl Fn(usize) -> bool,
    ) -> Result<Self, FileError> {
        let mut positions: Vec<(Col, usize)> = Vec::new();
        let mut unknown = Vec::new();
        for (i, header) in headers.iter().enumerate() {
            let key = fold(header);
            if key.is_empty() {
                if column_has_data(i) {
                    unknown.push(format!("cột {} (không có tiêu đề)", column_letter(i)));
                }
                continue;
            }
            if key == fold(ERROR_HEADER) {
                continue;
            }
            match layout.columns().iter().find(|c| matches_header(c, &key)) {
                Some(c) => {
                    if positions.iter().any(|(p, _)| *p == c.col) {
                        return Err(FileError::HeaderDuplicate(c.header.to_string()));
                    }
                    positions.push((c.col, i));
                }
                None => unknown.push(header.trim().to_string()),
            }
        }
        if !unknown.is_empty() {
            return Err(FileError::HeaderUnknown {
                layout: layout.name_vi(),
                columns: unknown,
            });
        }
        let mut missing: Vec<&'static str> = layout
            .columns()
            .iter()
            .filter(|c| c.required && !positions.iter().any(|(p, _)| *p == c.col))
            .map(|c| c.header)
            .collect();
        // Mã hộ and Quan hệ với chủ hộ only mean something together, so one without the other
        // is a layout mistake best reported once for the file rather than on every row.
        if layout == Layout::Persons {
            let has = |col| positions.iter().any(|(p, _)| *p == col);
            match (has(Col::HouseholdCode), has(Col::Relation)) {
                (true, false) => missing.push(layout.header(Col::Relation)),
                (false, true) => missing.push(layout.header(Col::HouseholdCode)),
                _ => {}
            }
        }
        if !missing.is_empty() {
            return Err(FileError::HeaderMissing(missing));
        }
        Ok(ColumnMap { layout, positions })
    }
}

/// The spreadsheet letter of a 0-based column index (0 → A, 26 → AA), for messages.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(hs: &[&str]) -> Vec<String> {
        hs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn headers_match_loosely_and_in_any_order() {
        let map = ColumnMap::new(
            Layout::Persons,
            &headers(&["ma xa / PHUONG", "  HỌ   VÀ TÊN ", "ngay sinh", "Giới Tính"]),
            |_| false,
        )
        .unwrap();
        assert_eq!(map.position(Col::Area), Some(0));
        assert_eq!(map.position(Col::FullName), Some(1));
        assert_eq!(map.position(Col::Sex), Some(3));
        assert!(!map.has(Col::PersonalId));
    }

    #[test]
    fn household_pair_must_come_together() {
        let e = ColumnMap::new(
            Layout::Persons,
            &headers(&[
                "Họ và tên",
                "Giới tính",
                "Ngày sinh",
                "Mã xã/phường",
                "Mã hộ",
            ]),
            |_| false,
        )
        .unwrap_err();
        assert_eq!(e.code(), "file.header_missing");
        assert!(e.to_string().contains("Quan hệ với chủ hộ"));
    }

    #[test]
    fn untitled_columns_count_only_with_data() {
        let hs = headers(&["Mã hộ", "", "Mã xã/phường", "Địa chỉ"]);
        assert!(ColumnMap::new(Layout::Households, &hs, |_| false).is_ok());
        let e = ColumnMap::new(Layout::Households, &hs, |i| i == 1).unwrap_err();
        assert!(e.to_string().contains("cột B"), "{e}");
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn id_headers_are_recognised() {
        assert!(is_id_header("so dinh danh"));
        assert!(is_id_header("Số định danh chủ hộ"));
        assert!(is_id_header("Số CCCD"));
        assert!(!is_id_header("Số điện thoại"));
    }
}
