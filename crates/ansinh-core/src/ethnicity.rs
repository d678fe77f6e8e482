//! The 54 ethnic groups of Vietnam with their official codes (Danh mục các dân tộc Việt Nam,
//! Quyết định 121-TCTK/PPCĐ of the General Statistics Office, still used by the population
//! database).

use crate::name::fold;

/// Code and name of each group, in the order of the official list.
pub const ETHNIC_GROUPS: [(u8, &str); 54] = [
    (1, "Kinh"),
    (2, "Tày"),
    (3, "Thái"),
    (4, "Hoa"),
    (5, "Khơ-me"),
    (6, "Mường"),
    (7, "Nùng"),
    (8, "Hmông"),
    (9, "Dao"),
    (10, "Gia-rai"),
    (11, "Ngái"),
    (12, "Ê-đê"),
    (13, "Ba-na"),
    (14, "Xơ-đăng"),
    (15, "Sán Chay"),
    (16, "Cơ-ho"),
    (17, "Chăm"),
    (18, "Sán Dìu"),
    (19, "Hrê"),
    (20, "Mnông"),
    (21, "Ra-glai"),
    (22, "Xtiêng"),
    (23, "Bru-Vân Kiều"),
    (24, "Thổ"),
    (25, "Giáy"),
    (26, "Cơ-tu"),
    (27, "Gié-Triêng"),
    (28, "Mạ"),
    (29, "Khơ-mú"),
    (30, "Co"),
    (31, "Tà-ôi"),
    (32, "Chơ-ro"),
    (33, "Kháng"),
    (34, "Xinh-mun"),
    (35, "Hà Nhì"),
    (36, "Chu-ru"),
    (37, "Lào"),
    (38, "La Chí"),
    (39, "La Ha"),
    (40, "Phù Lá"),
    (41, "La Hủ"),
    (42, "Lự"),
    (43, "Lô Lô"),
    (44, "Chứt"),
    (45, "Mảng"),
    (46, "Pà Thẻn"),
    (47, "Cơ Lao"),
    (48, "Cống"),
    (49, "Bố Y"),
    (50, "Si La"),
    (51, "Pu Péo"),
    (52, "Brâu"),
    (53, "Ơ Đu"),
    (54, "Rơ-măm"),
];

/// One of the 54 groups, by its official code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ethnicity(u8);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dân tộc '{0}' không có trong danh mục 54 dân tộc")]
pub struct UnknownEthnicity(pub String);

impl Ethnicity {
    pub const KINH: Ethnicity = Ethnicity(1);

    pub fn from_code(code: u8) -> Option<Self> {
        (1..=54).contains(&code).then_some(Ethnicity(code))
    }

    /// Accepts the code ("1", "01") or the name with or without diacritics and hyphens
    /// ("Tà Ôi", "ta-oi", "cotu").
    pub fn parse(raw: &str) -> Result<Self, UnknownEthnicity> {
        let s = raw.trim();
        if let Ok(code) = s.parse::<u8>() {
            return Ethnicity::from_code(code).ok_or_else(|| UnknownEthnicity(s.to_string()));
        }
        let key = compact(s);
        ETHNIC_GROUPS
            .iter()
            .find(|(_, name)| compact(name) == key)
            .map(|(code, _)| Ethnicity(*code))
            .ok_or_else(|| UnknownEthnicity(s.to_string()))
    }

    pub fn code(self) -> u8 {
        self.0
    }

    pub fn name(self) -> &'static str {
        ETHNIC_GROUPS[usize::from(self.0) - 1].1
    }

    pub fn is_minority(self) -> bool {
        self != Ethnicity::KINH
    }
}

fn compact(s: &str) -> String {
    fold(s).replace(' ', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_complete_and_ordered() {
        for (i, (code, _)) in ETHNIC_GROUPS.iter().enumerate() {
            assert_eq!(usize::from(*code), i + 1);
        }
    }

    #[test]
    fn parses_codes_and_names_loosely() {
        assert_eq!(Ethnicity::parse("01").unwrap(), Ethnicity::KINH);
        assert_eq!(Ethnicity::parse("Tà Ôi").unwrap().code(), 31);
        assert_eq!(Ethnicity::parse("co tu").unwrap().name(), "Cơ-tu");
        assert_eq!(Ethnicity::parse("Bru - Vân Kiều").unwrap().code(), 23);
        assert!(Ethnicity::parse("55").is_err());
        assert!(Ethnicity::parse("0").is_err());
        assert!(Ethnicity::parse("Elf").is_err());
    }
}
