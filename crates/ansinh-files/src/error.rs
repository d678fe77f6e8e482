//! What can go wrong with a whole file. What can go wrong with one row is
//! [`ansinh_core::RowError`], shared with the store.

/// A problem with the file as a whole: nothing of it can be imported. Messages are Vietnamese
/// because they are shown to officers as they are; `code()` is for programs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error(
        "không nhận tệp dạng '{0}': chỉ nhận tệp Excel .xlsx hoặc .csv (UTF-8); tệp .xls cũ hãy mở bằng Excel và lưu lại dạng .xlsx"
    )]
    UnsupportedFormat(String),
    /// The text says why: renamed file, old .xls, password, damaged archive.
    #[error("{0}")]
    NotXlsx(String),
    #[error("tệp nặng {size} byte, vượt giới hạn {max} byte; hãy chia nhỏ tệp")]
    TooLarge { size: u64, max: u64 },
    #[error("tệp có hơn {max} dòng dữ liệu, vượt giới hạn; hãy chia nhỏ tệp")]
    TooManyRows { max: usize },
    /// An XLSX file is a zip archive; this one inflates (or says it would) beyond the limit.
    #[error(
        "tệp .xlsx khi giải nén ra hơn {max_mb} MB (ở phần '{entry}'), vượt giới hạn: tệp bị hỏng hoặc bị cố ý làm phình to; hãy mở bằng Excel, kiểm tra nội dung rồi lưu lại, hoặc chia nhỏ tệp"
    )]
    TooLargeInflated { entry: String, max_mb: u64 },
    /// `place` names the cell ("ô ở dòng 5, cột C") when it is known.
    #[error(
        "{place} dài hơn {max} ký tự, vượt giới hạn của một ô (Excel cũng chỉ cho phép chừng ấy); hãy rút gọn nội dung ô đó"
    )]
    CellTooLong { place: String, max: usize },
    #[error(
        "dòng {line} có dữ liệu ở cột {column}, vượt giới hạn {max} cột; hãy xóa các cột thừa ở bên phải bảng"
    )]
    TooManyColumns {
        line: usize,
        column: String,
        max: usize,
    },
    #[error("tệp không có dữ liệu: {0}")]
    Empty(&'static str),
    #[error(
        "tệp CSV không ở mã UTF-8 (lỗi ở byte {0}); hãy mở bằng Excel và chọn Lưu thành → 'CSV UTF-8 (Comma delimited)'"
    )]
    Encoding(usize),
    #[error("tệp CSV không đọc được: {0}")]
    Malformed(String),
    #[error("tệp thiếu cột bắt buộc: {}", .0.join(", "))]
    HeaderMissing(Vec<&'static str>),
    #[error(
        "tệp có cột không thuộc mẫu {layout}: {}; có thể đã chọn nhầm tệp hoặc nhầm mẫu",
        .columns.join(", ")
    )]
    HeaderUnknown {
        layout: &'static str,
        columns: Vec<String>,
    },
    #[error("cột '{0}' xuất hiện hai lần trong dòng tiêu đề")]
    HeaderDuplicate(String),
    #[error("không ghi được tệp: {0}")]
    Write(String),
}

ansinh_core::coded! {
    FileError {
        UnsupportedFormat => "file.format", Refusal,
        NotXlsx => "file.not_xlsx", Refusal,
        TooLarge => "file.too_large", Refusal,
        TooManyRows => "file.too_many_rows", Refusal,
        TooLargeInflated => "file.too_large_inflated", Refusal,
        CellTooLong => "file.cell_too_long", Refusal,
        TooManyColumns => "file.too_many_columns", Refusal,
        Empty => "file.empty", Refusal,
        Encoding => "file.encoding", Refusal,
        Malformed => "file.malformed", Refusal,
        HeaderMissing => "file.header_missing", Refusal,
        HeaderUnknown => "file.header_unknown", Refusal,
        HeaderDuplicate => "file.header_duplicate", Refusal,
        Write => "file.write", Failure,
    }
}

impl From<rust_xlsxwriter::XlsxError> for FileError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        FileError::Write(e.to_string())
    }
}

impl From<csv::Error> for FileError {
    fn from(e: csv::Error) -> Self {
        FileError::Write(e.to_string())
    }
}
