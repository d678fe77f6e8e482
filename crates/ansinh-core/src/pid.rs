//! The 12-digit personal identification number (số định danh cá nhân), `PPP G YY RRRRRR`.
//!
//! Rules: Thông tư 07/2016/TT-BCA Điều 7 and Thông tư 59/2021/TT-BCA Điều 4 (RULES.md §5).
//! `PPP` is the province (or country) where the birth was registered, `G` encodes century and
//! sex, `YY` is the last two digits of the birth year and the last six digits are random.

use std::fmt;

use crate::registry::person::Sex;

/// Province codes of Phụ lục 1, TT 07/2016/TT-BCA (the 63 provinces before the 2025 mergers).
/// Numbers already issued keep these codes, so the list stays valid after 1/7/2025.
pub const PROVINCE_CODES: [(&str, &str); 63] = [
    ("001", "Hà Nội"),
    ("002", "Hà Giang"),
    ("004", "Cao Bằng"),
    ("006", "Bắc Kạn"),
    ("008", "Tuyên Quang"),
    ("010", "Lào Cai"),
    ("011", "Điện Biên"),
    ("012", "Lai Châu"),
    ("014", "Sơn La"),
    ("015", "Yên Bái"),
    ("017", "Hòa Bình"),
    ("019", "Thái Nguyên"),
    ("020", "Lạng Sơn"),
    ("022", "Quảng Ninh"),
    ("024", "Bắc Giang"),
    ("025", "Phú Thọ"),
    ("026", "Vĩnh Phúc"),
    ("027", "Bắc Ninh"),
    ("030", "Hải Dương"),
    ("031", "Hải Phòng"),
    ("033", "Hưng Yên"),
    ("034", "Thái Bình"),
    ("035", "Hà Nam"),
    ("036", "Nam Định"),
    ("037", "Ninh Bình"),
    ("038", "Thanh Hóa"),
    ("040", "Nghệ An"),
    ("042", "Hà Tĩnh"),
    ("044", "Quảng Bình"),
    ("045", "Quảng Trị"),
    ("046", "Thừa Thiên Huế"),
    ("048", "Đà Nẵng"),
    ("049", "Quảng Nam"),
    ("051", "Quảng Ngãi"),
    ("052", "Bình Định"),
    ("054", "Phú Yên"),
    ("056", "Khánh Hòa"),
    ("058", "Ninh Thuận"),
    ("060", "Bình Thuận"),
    ("062", "Kon Tum"),
    ("064", "Gia Lai"),
    ("066", "Đắk Lắk"),
    ("067", "Đắk Nông"),
    ("068", "Lâm Đồng"),
    ("070", "Bình Phước"),
    ("072", "Tây Ninh"),
    ("074", "Bình Dương"),
    ("075", "Đồng Nai"),
    ("077", "Bà Rịa–Vũng Tàu"),
    ("079", "Hồ Chí Minh"),
    ("080", "Long An"),
    ("082", "Tiền Giang"),
    ("083", "Bến Tre"),
    ("084", "Trà Vinh"),
    ("086", "Vĩnh Long"),
    ("087", "Đồng Tháp"),
    ("089", "An Giang"),
    ("091", "Kiên Giang"),
    ("092", "Cần Thơ"),
    ("093", "Hậu Giang"),
    ("094", "Sóc Trăng"),
    ("095", "Bạc Liêu"),
    ("096", "Cà Mau"),
];

/// The province name for a 3-digit code, if the code is on the official list.
pub fn province_name(code: &str) -> Option<&'static str> {
    PROVINCE_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| *name)
}

/// Why a personal ID was refused. Each variant names the one rule that failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PidError {
    #[error("số định danh phải có đúng 12 chữ số, nhận được {0} ký tự")]
    WrongLength(usize),
    #[error("số định danh chỉ gồm chữ số (0–9)")]
    NotDigits,
    #[error("mã tỉnh nơi đăng ký khai sinh '{0}' không có trong danh mục")]
    UnknownProvince(String),
    #[error(
        "chữ số thế kỷ/giới tính '{digit}' không khớp: người {sex} sinh năm {year} phải có '{expected}'"
    )]
    CenturySexMismatch {
        digit: u8,
        expected: u8,
        sex: &'static str,
        year: i32,
    },
    #[error("hai chữ số năm sinh '{digits:02}' không khớp với năm sinh {year}")]
    YearMismatch { digits: u8, year: i32 },
    #[error("năm sinh {0} nằm ngoài khoảng mà số định danh mã hóa được (1900–2399)")]
    YearOutOfRange(i32),
}

crate::coded! {
    PidError {
        WrongLength => "pid.length", Refusal,
        NotDigits => "pid.digits", Refusal,
        UnknownProvince => "pid.province", Refusal,
        CenturySexMismatch => "pid.century_sex", Refusal,
        YearMismatch => "pid.year", Refusal,
        YearOutOfRange => "pid.year_range", Refusal,
    }
}

/// A personal ID whose form and province code are valid. Consistency with a person's sex and
/// birth year is checked separately by [`PersonalId::check_person`], because an ID can be read
/// before the rest of the record is known.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonalId(String);

impl PersonalId {
    /// Parses the form of an ID: 12 ASCII digits with a known province code. Surrounding spaces
    /// are ignored, inner ones are not (a real ID is never written with spaces inside).
    pub fn parse(raw: &str) -> Result<Self, PidError> {
        let s = raw.trim();
        if !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(PidError::NotDigits);
        }
        if s.len() != 12 {
            return Err(PidError::WrongLength(s.chars().count()));
        }
        let province = &s[..3];
        if province_name(province).is_none() {
            return Err(PidError::UnknownProvince(province.to_string()));
        }
        Ok(PersonalId(s.to_string()))
    }

    /// Checks the century/sex digit and the year digits against the person's record.
    pub fn check_person(&self, sex: Sex, birth_year: i32) -> Result<(), PidError> {
        let expected = century_sex_digit(sex, birth_year)?;
        let digit = self.century_sex_digit();
        if digit != expected {
            return Err(PidError::CenturySexMismatch {
                digit,
                expected,
                sex: sex.label_vi(),
                year: birth_year,
            });
        }
        let digits = self.year_digits();
        if i32::from(digits) != birth_year.rem_euclid(100) {
            return Err(PidError::YearMismatch {
                digits,
                year: birth_year,
            });
        }
        Ok(())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn province_code(&self) -> &str {
        &self.0[..3]
    }

    pub fn century_sex_digit(&self) -> u8 {
        self.0.as_bytes()[3] - b'0'
    }

    pub fn year_digits(&self) -> u8 {
        let b = self.0.as_bytes();
        (b[4] - b'0') * 10 + (b[5] - b'0')
    }

    /// The sex the ID encodes (even digit: male, odd: female).
    pub fn sex(&self) -> Sex {
        if self.century_sex_digit().is_multiple_of(2) {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The birth year the ID encodes.
    pub fn birth_year(&self) -> i32 {
        1900 + 100 * i32::from(self.century_sex_digit() / 2) + i32::from(self.year_digits())
    }

    /// Builds an ID from its parts; used by the synthetic generator and by tests.
    pub fn compose(
        province: &str,
        sex: Sex,
        birth_year: i32,
        serial: u32,
    ) -> Result<Self, PidError> {
        let g = century_sex_digit(sex, birth_year)?;
        let raw = format!(
            "{province}{g}{:02}{:06}",
            birth_year.rem_euclid(100),
            serial % 1_000_000
        );
        PersonalId::parse(&raw)
    }
}

impl fmt::Display for PersonalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The digit `G` for a sex and birth year: 1900s male 0 / female 1, 2000s 2/3, 2100s 4/5,
/// 2200s 6/7, 2300s 8/9.
pub fn century_sex_digit(sex: Sex, birth_year: i32) -> Result<u8, PidError> {
    if !(1900..=2399).contains(&birth_year) {
        return Err(PidError::YearOutOfRange(birth_year));
    }
    let century = u8::try_from((birth_year - 1900) / 100).expect("range checked above");
    Ok(century * 2 + u8::from(sex == Sex::Female))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_rules_example_layout() {
        // 046 (Thừa Thiên Huế), 1 = female born 1900–1999, 85 = 1985.
        let id = PersonalId::parse("046185000123").unwrap();
        assert_eq!(id.province_code(), "046");
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(id.birth_year(), 1985);
        id.check_person(Sex::Female, 1985).unwrap();
    }

    #[test]
    fn century_digits_follow_the_table() {
        assert_eq!(century_sex_digit(Sex::Male, 1999).unwrap(), 0);
        assert_eq!(century_sex_digit(Sex::Female, 1900).unwrap(), 1);
        assert_eq!(century_sex_digit(Sex::Male, 2000).unwrap(), 2);
        assert_eq!(century_sex_digit(Sex::Female, 2099).unwrap(), 3);
        assert_eq!(century_sex_digit(Sex::Male, 2100).unwrap(), 4);
        assert_eq!(century_sex_digit(Sex::Female, 2250).unwrap(), 7);
        assert_eq!(century_sex_digit(Sex::Male, 2300).unwrap(), 8);
        assert_eq!(
            century_sex_digit(Sex::Male, 1899),
            Err(PidError::YearOutOfRange(1899))
        );
    }

    #[test]
    fn refuses_each_malformed_form() {
        assert_eq!(
            PersonalId::parse("04618500012"),
            Err(PidError::WrongLength(11))
        );
        assert_eq!(
            PersonalId::parse("0461850001234"),
            Err(PidError::WrongLength(13))
        );
        assert_eq!(PersonalId::parse("04618500012A"), Err(PidError::NotDigits));
        assert_eq!(
            PersonalId::parse("046 185 000123"),
            Err(PidError::NotDigits)
        );
        assert_eq!(PersonalId::parse(""), Err(PidError::WrongLength(0)));
        assert_eq!(
            PersonalId::parse("003185000123"),
            Err(PidError::UnknownProvince("003".into()))
        );
        assert_eq!(
            PersonalId::parse("100185000123"),
            Err(PidError::UnknownProvince("100".into()))
        );
    }

    #[test]
    fn refuses_sex_and_year_inconsistent_with_the_person() {
        let id = PersonalId::parse("046185000123").unwrap();
        assert!(matches!(
            id.check_person(Sex::Male, 1985),
            Err(PidError::CenturySexMismatch {
                digit: 1,
                expected: 0,
                ..
            })
        ));
        assert!(matches!(
            id.check_person(Sex::Female, 2085),
            Err(PidError::CenturySexMismatch {
                digit: 1,
                expected: 3,
                ..
            })
        ));
        assert_eq!(
            id.check_person(Sex::Female, 1986),
            Err(PidError::YearMismatch {
                digits: 85,
                year: 1986
            })
        );
    }

    #[test]
    fn compose_round_trips() {
        let id = PersonalId::compose("046", Sex::Male, 2007, 42).unwrap();
        assert_eq!(id.as_str(), "046207000042");
        id.check_person(Sex::Male, 2007).unwrap();
        assert_eq!(id.birth_year(), 2007);
    }

    #[test]
    fn trims_outer_spaces() {
        assert_eq!(
            PersonalId::parse(" 046185000123 ").unwrap().as_str(),
            "046185000123"
        );
    }
}
