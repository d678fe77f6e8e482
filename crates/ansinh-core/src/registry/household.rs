//! Households (hộ gia đình): a code, an address in one commune, a head and members with their
//! relation to the head.

use crate::name::fold;
use crate::registry::person::{Field, FieldError};

/// Relation to the head of household, as written on household forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    Head,
    Spouse,
    Child,
    ChildInLaw,
    Parent,
    ParentInLaw,
    Grandparent,
    Grandchild,
    Sibling,
    Other,
}

impl Relation {
    pub const ALL: [Relation; 10] = [
        Relation::Head,
        Relation::Spouse,
        Relation::Child,
        Relation::ChildInLaw,
        Relation::Parent,
        Relation::ParentInLaw,
        Relation::Grandparent,
        Relation::Grandchild,
        Relation::Sibling,
        Relation::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Relation::Head => "head",
            Relation::Spouse => "spouse",
            Relation::Child => "child",
            Relation::ChildInLaw => "child_in_law",
            Relation::Parent => "parent",
            Relation::ParentInLaw => "parent_in_law",
            Relation::Grandparent => "grandparent",
            Relation::Grandchild => "grandchild",
            Relation::Sibling => "sibling",
            Relation::Other => "other",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Relation::Head => "Chủ hộ",
            Relation::Spouse => "Vợ/chồng",
            Relation::Child => "Con",
            Relation::ChildInLaw => "Con dâu/con rể",
            Relation::Parent => "Cha/mẹ",
            Relation::ParentInLaw => "Cha/mẹ vợ/chồng",
            Relation::Grandparent => "Ông/bà",
            Relation::Grandchild => "Cháu",
            Relation::Sibling => "Anh/chị/em",
            Relation::Other => "Khác",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Relation::ALL.into_iter().find(|r| r.code() == s)
    }

    /// Accepts the label or the common words officers type ("vợ", "chong", "con trai", "cháu
    /// nội"), without diacritics too.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let key = fold(raw);
        if let Some(r) = Relation::ALL
            .into_iter()
            .find(|r| fold(r.label_vi()) == key || r.code() == raw.trim())
        {
            return Ok(r);
        }
        let first = key.split(' ').next().unwrap_or("");
        let r = match (first, key.as_str()) {
            (_, "chu ho") => Relation::Head,
            (_, "con dau" | "con re") => Relation::ChildInLaw,
            (_, "bo vo" | "me vo" | "bo chong" | "me chong" | "cha vo" | "cha chong") => {
                Relation::ParentInLaw
            }
            ("vo" | "chong", _) => Relation::Spouse,
            ("con", _) => Relation::Child,
            ("cha" | "me" | "bo", _) => Relation::Parent,
            ("ong" | "ba", _) => Relation::Grandparent,
            ("chau", _) => Relation::Grandchild,
            ("anh" | "chi" | "em", _) => Relation::Sibling,
            ("khac", _) => Relation::Other,
            _ => {
                return Err(FieldError::new(
                    Field::Relation,
                    "relation.unknown",
                    format!("quan hệ với chủ hộ '{}' không rõ", raw.trim()),
                ));
            }
        };
        Ok(r)
    }
}

/// Checks a household code: 1–30 characters of letters, digits, '-', '_', '/' or '.'.
pub fn validate_household_code(raw: &str) -> Result<String, FieldError> {
    let code = raw.trim();
    let ok = !code.is_empty()
        && code.len() <= 30
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '.'));
    if ok {
        Ok(code.to_string())
    } else {
        Err(FieldError::new(
            Field::HouseholdCode,
            "household.code",
            format!("mã hộ '{code}' phải có 1–30 ký tự chữ, số, '-', '_', '/' hoặc '.'"),
        ))
    }
}

/// Why someone joined or left a household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MoveReason {
    Birth,
    MovedIn,
    Registered,
    MovedOut,
    Death,
    Split,
    Correction,
}

impl MoveReason {
    pub fn code(self) -> &'static str {
        match self {
            MoveReason::Birth => "birth",
            MoveReason::MovedIn => "moved_in",
            MoveReason::Registered => "registered",
            MoveReason::MovedOut => "moved_out",
            MoveReason::Death => "death",
            MoveReason::Split => "split",
            MoveReason::Correction => "correction",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        [
            MoveReason::Birth,
            MoveReason::MovedIn,
            MoveReason::Registered,
            MoveReason::MovedOut,
            MoveReason::Death,
            MoveReason::Split,
            MoveReason::Correction,
        ]
        .into_iter()
        .find(|r| r.code() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            MoveReason::Birth => "Sinh",
            MoveReason::MovedIn => "Chuyển đến",
            MoveReason::Registered => "Đăng ký ban đầu",
            MoveReason::MovedOut => "Chuyển đi",
            MoveReason::Death => "Chết",
            MoveReason::Split => "Tách hộ",
            MoveReason::Correction => "Sửa sai",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_typed_relations() {
        assert_eq!(Relation::parse("Chủ hộ").unwrap(), Relation::Head);
        assert_eq!(Relation::parse("vợ").unwrap(), Relation::Spouse);
        assert_eq!(Relation::parse("Con trai").unwrap(), Relation::Child);
        assert_eq!(Relation::parse("con dâu").unwrap(), Relation::ChildInLaw);
        assert_eq!(Relation::parse("Cháu nội").unwrap(), Relation::Grandchild);
        assert_eq!(Relation::parse("me chong").unwrap(), Relation::ParentInLaw);
        assert_eq!(Relation::parse("spouse").unwrap(), Relation::Spouse);
        assert_eq!(
            Relation::parse("hàng xóm").unwrap_err().code,
            "relation.unknown"
        );
    }

    #[test]
    fn household_codes() {
        assert_eq!(
            validate_household_code(" HO-19900-0001 ").unwrap(),
            "HO-19900-0001"
        );
        assert!(validate_household_code("").is_err());
        assert!(validate_household_code("mã hộ").is_err());
        assert!(validate_household_code(&"x".repeat(31)).is_err());
    }
}
