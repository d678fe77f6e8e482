//! Causes of poverty (nguyên nhân nghèo) as reviewers record them for poor and near-poor
//! households, for the report by cause.
//!
//! The list is the one in common use on review forms; its official wording and order in the
//! Phụ lục of Thông tư 07/2021/TT-BLĐTBXH are UNCONFIRMED ([`CAUSES_CONFIRMED`]). A household can
//! have several causes, kept as a bit mask.

use std::fmt;

/// Whether the list below was checked against a primary text: it was not.
pub const CAUSES_CONFIRMED: bool = false;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cause {
    LackOfCapital,
    LackOfLand,
    LackOfMeans,
    LackOfLabour,
    LackOfSkills,
    NoJob,
    IllnessOrAccident,
    ManyDependants,
    Disaster,
    SocialEvils,
    Idleness,
    Other,
}

impl Cause {
    pub const ALL: [Cause; 12] = [
        Cause::LackOfCapital,
        Cause::LackOfLand,
        Cause::LackOfMeans,
        Cause::LackOfLabour,
        Cause::LackOfSkills,
        Cause::NoJob,
        Cause::IllnessOrAccident,
        Cause::ManyDependants,
        Cause::Disaster,
        Cause::SocialEvils,
        Cause::Idleness,
        Cause::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Cause::LackOfCapital => "thieu_von",
            Cause::LackOfLand => "thieu_dat",
            Cause::LackOfMeans => "thieu_phuong_tien",
            Cause::LackOfLabour => "thieu_lao_dong",
            Cause::LackOfSkills => "thieu_kien_thuc",
            Cause::NoJob => "khong_viec_lam",
            Cause::IllnessOrAccident => "om_dau",
            Cause::ManyDependants => "dong_nguoi_an_theo",
            Cause::Disaster => "rui_ro_thien_tai",
            Cause::SocialEvils => "te_nan_xa_hoi",
            Cause::Idleness => "luoi_lao_dong",
            Cause::Other => "khac",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Cause::ALL.into_iter().find(|c| c.code() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Cause::LackOfCapital => "Thiếu vốn sản xuất, kinh doanh",
            Cause::LackOfLand => "Thiếu đất sản xuất",
            Cause::LackOfMeans => "Thiếu phương tiện sản xuất, kinh doanh",
            Cause::LackOfLabour => "Thiếu lao động",
            Cause::LackOfSkills => "Thiếu kiến thức, kỹ năng sản xuất, kinh doanh",
            Cause::NoJob => "Có lao động nhưng không có việc làm",
            Cause::IllnessOrAccident => "Có người ốm đau, bệnh tật nặng, tai nạn",
            Cause::ManyDependants => "Đông người ăn theo",
            Cause::Disaster => "Gặp rủi ro, thiên tai",
            Cause::SocialEvils => "Mắc tệ nạn xã hội",
            Cause::Idleness => "Lười lao động",
            Cause::Other => "Nguyên nhân khác",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// The causes recorded for a household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Causes(u16);

impl Causes {
    pub const NONE: Causes = Causes(0);

    pub fn from_bits(bits: u16) -> Option<Self> {
        (bits >> Cause::ALL.len() == 0).then_some(Causes(bits))
    }

    pub fn bits(self) -> u16 {
        self.0
    }

    pub fn of(causes: &[Cause]) -> Self {
        causes.iter().fold(Causes::NONE, |c, &x| c.with(x))
    }

    #[must_use]
    pub fn with(self, cause: Cause) -> Self {
        Causes(self.0 | cause.bit())
    }

    pub fn contains(self, cause: Cause) -> bool {
        self.0 & cause.bit() != 0
    }

    pub fn iter(self) -> impl Iterator<Item = Cause> {
        Cause::ALL.into_iter().filter(move |c| self.contains(*c))
    }
}

impl fmt::Display for Causes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, c) in self.iter().enumerate() {
            if n > 0 {
                f.write_str("; ")?;
            }
            f.write_str(c.label_vi())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_masks_hold_several_causes() {
        for c in Cause::ALL {
            assert_eq!(Cause::from_code(c.code()), Some(c));
        }
        let c = Causes::of(&[Cause::LackOfLand, Cause::LackOfCapital]);
        assert_eq!(
            c.iter().collect::<Vec<_>>(),
            [Cause::LackOfCapital, Cause::LackOfLand]
        );
        assert_eq!(
            c.to_string(),
            "Thiếu vốn sản xuất, kinh doanh; Thiếu đất sản xuất"
        );
        assert_eq!(Causes::from_bits(c.bits()), Some(c));
        assert_eq!(Causes::from_bits(1 << 12), None);
    }
}
