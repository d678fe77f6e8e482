//! The 12 indicators of deprivation of basic social services (chỉ số đo lường mức độ thiếu hụt
//! dịch vụ xã hội cơ bản) of Nghị định 07/2021/NĐ-CP Điều 3, grouped in 6 dimensions, and the
//! set of indicators a household lacks as a 12-bit mask.
//!
//! The names and the grouping agree across sources (RULES §1.1). The threshold wording of every
//! indicator comes from a single secondary note and is to be checked against the Phụ lục of
//! ND 07/2021: [`Indicator::threshold_confirmed`] says so for each one.

use std::fmt;

/// The 6 basic social services (chiều thiếu hụt).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    Employment,
    Health,
    Education,
    Housing,
    WaterSanitation,
    Information,
}

impl Dimension {
    pub const ALL: [Dimension; 6] = [
        Dimension::Employment,
        Dimension::Health,
        Dimension::Education,
        Dimension::Housing,
        Dimension::WaterSanitation,
        Dimension::Information,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Dimension::Employment => "viec_lam",
            Dimension::Health => "y_te",
            Dimension::Education => "giao_duc",
            Dimension::Housing => "nha_o",
            Dimension::WaterSanitation => "nuoc_ve_sinh",
            Dimension::Information => "thong_tin",
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Dimension::Employment => "Việc làm",
            Dimension::Health => "Y tế",
            Dimension::Education => "Giáo dục",
            Dimension::Housing => "Nhà ở",
            Dimension::WaterSanitation => "Nước sinh hoạt và vệ sinh",
            Dimension::Information => "Thông tin",
        }
    }

    /// The two indicators of this dimension, in the official order.
    pub fn indicators(self) -> [Indicator; 2] {
        let first = Indicator::ALL[self as usize * 2];
        [first, Indicator::ALL[self as usize * 2 + 1]]
    }
}

/// One indicator, numbered 1–12 in the order of ND 07/2021 (which is also the order of the
/// report columns). The short codes are ansinh's own, stable for storage and file headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Indicator {
    /// 1. Việc làm
    Employment,
    /// 2. Người phụ thuộc trong hộ gia đình
    Dependants,
    /// 3. Dinh dưỡng
    Nutrition,
    /// 4. Bảo hiểm y tế
    HealthInsurance,
    /// 5. Trình độ giáo dục của người lớn
    AdultEducation,
    /// 6. Tình trạng đi học của trẻ em
    ChildSchooling,
    /// 7. Chất lượng nhà ở
    HousingQuality,
    /// 8. Diện tích nhà ở bình quân đầu người
    FloorArea,
    /// 9. Nguồn nước sinh hoạt
    Water,
    /// 10. Nhà tiêu hợp vệ sinh
    Toilet,
    /// 11. Sử dụng dịch vụ viễn thông
    Telecom,
    /// 12. Phương tiện phục vụ tiếp cận thông tin
    InformationDevices,
}

impl Indicator {
    pub const ALL: [Indicator; 12] = [
        Indicator::Employment,
        Indicator::Dependants,
        Indicator::Nutrition,
        Indicator::HealthInsurance,
        Indicator::AdultEducation,
        Indicator::ChildSchooling,
        Indicator::HousingQuality,
        Indicator::FloorArea,
        Indicator::Water,
        Indicator::Toilet,
        Indicator::Telecom,
        Indicator::InformationDevices,
    ];

    /// The official position, 1–12.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    /// The index 0–11, for arrays of per-indicator counters.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The short storage code.
    pub fn code(self) -> &'static str {
        match self {
            Indicator::Employment => "VL",
            Indicator::Dependants => "NPT",
            Indicator::Nutrition => "DD",
            Indicator::HealthInsurance => "BHYT",
            Indicator::AdultEducation => "TDGD",
            Indicator::ChildSchooling => "DHTE",
            Indicator::HousingQuality => "CLNO",
            Indicator::FloorArea => "DTNO",
            Indicator::Water => "NUOC",
            Indicator::Toilet => "NTIEU",
            Indicator::Telecom => "VT",
            Indicator::InformationDevices => "TTIN",
        }
    }

    /// Accepts the code (any case) or the number 1–12.
    pub fn from_code(raw: &str) -> Option<Self> {
        let s = raw.trim();
        if let Ok(n) = s.parse::<usize>() {
            return (1..=12).contains(&n).then(|| Indicator::ALL[n - 1]);
        }
        Indicator::ALL
            .into_iter()
            .find(|i| i.code().eq_ignore_ascii_case(s))
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Indicator::Employment => "Việc làm",
            Indicator::Dependants => "Người phụ thuộc trong hộ gia đình",
            Indicator::Nutrition => "Dinh dưỡng",
            Indicator::HealthInsurance => "Bảo hiểm y tế",
            Indicator::AdultEducation => "Trình độ giáo dục của người lớn",
            Indicator::ChildSchooling => "Tình trạng đi học của trẻ em",
            Indicator::HousingQuality => "Chất lượng nhà ở",
            Indicator::FloorArea => "Diện tích nhà ở bình quân đầu người",
            Indicator::Water => "Nguồn nước sinh hoạt",
            Indicator::Toilet => "Nhà tiêu hợp vệ sinh",
            Indicator::Telecom => "Sử dụng dịch vụ viễn thông",
            Indicator::InformationDevices => "Phương tiện phục vụ tiếp cận thông tin",
        }
    }

    pub fn dimension(self) -> Dimension {
        Dimension::ALL[self as usize / 2]
    }

    /// When a household counts as lacking this indicator, in Vietnamese. See
    /// [`Indicator::threshold_confirmed`] before relying on the wording.
    pub fn threshold_vi(self) -> &'static str {
        match self {
            Indicator::Employment => {
                "Hộ có ít nhất một thành viên không có việc làm thường xuyên, ổn định"
            }
            Indicator::Dependants => "Hơn một nửa số thành viên của hộ là người phụ thuộc",
            Indicator::Nutrition => "Hộ có ít nhất một trẻ em dưới 16 tuổi bị suy dinh dưỡng",
            Indicator::HealthInsurance => {
                "Hộ có ít nhất một người từ đủ 6 tuổi trở lên không có bảo hiểm y tế"
            }
            Indicator::AdultEducation => {
                "Hộ có ít nhất một người từ 16 đến 30 tuổi không tham gia đào tạo và không đạt \
                 trình độ giáo dục, đào tạo phù hợp với độ tuổi"
            }
            Indicator::ChildSchooling => {
                "Hộ có ít nhất một trẻ em từ 3 đến dưới 16 tuổi không được học đúng bậc, cấp học \
                 phù hợp với độ tuổi"
            }
            Indicator::HousingQuality => {
                "Hộ ở nhà không bền chắc: ít nhất 2 trong 3 kết cấu chính (tường, cột, mái) làm \
                 bằng vật liệu không bền chắc"
            }
            Indicator::FloorArea => "Diện tích nhà ở bình quân đầu người dưới 8 m²",
            Indicator::Water => {
                "Hộ không dùng nguồn nước sạch (nước máy, giếng khoan, giếng đào được bảo vệ, \
                 khe/mó được bảo vệ, nước mưa, nước đóng bình)"
            }
            Indicator::Toilet => "Hộ không có nhà tiêu hợp vệ sinh",
            Indicator::Telecom => "Hộ không có thành viên nào sử dụng dịch vụ viễn thông",
            Indicator::InformationDevices => {
                "Hộ không có phương tiện nào phục vụ tiếp cận thông tin"
            }
        }
    }

    /// Whether the threshold wording was found in a primary text. None was: RULES §1.1 gives
    /// every threshold from one secondary note (and none at all for indicators 11 and 12), so
    /// all are UNCONFIRMED until checked against the Phụ lục of ND 07/2021.
    pub fn threshold_confirmed(self) -> bool {
        false
    }

    /// The bit of this indicator in a [`Deprivations`] mask.
    pub fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for Indicator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The indicators a household lacks, one bit per indicator (bit 0 = indicator 1). A plain
/// `Copy` value so classifying hundreds of thousands of households allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Deprivations(u16);

impl Deprivations {
    pub const NONE: Deprivations = Deprivations(0);
    pub const ALL: Deprivations = Deprivations((1 << 12) - 1);

    /// The mask from its stored bits; `None` if a bit above the 12th is set.
    pub fn from_bits(bits: u16) -> Option<Self> {
        (bits & !Self::ALL.0 == 0).then_some(Deprivations(bits))
    }

    pub fn bits(self) -> u16 {
        self.0
    }

    pub fn of(indicators: &[Indicator]) -> Self {
        indicators
            .iter()
            .fold(Deprivations::NONE, |d, &i| d.with(i))
    }

    #[must_use]
    pub fn with(self, indicator: Indicator) -> Self {
        Deprivations(self.0 | indicator.bit())
    }

    pub fn set(&mut self, indicator: Indicator, deprived: bool) {
        if deprived {
            self.0 |= indicator.bit();
        } else {
            self.0 &= !indicator.bit();
        }
    }

    pub fn contains(self, indicator: Indicator) -> bool {
        self.0 & indicator.bit() != 0
    }

    /// Only the indicators that are also in `set` (a standard counts only its own indicators).
    #[must_use]
    pub fn within(self, set: Deprivations) -> Self {
        Deprivations(self.0 & set.0)
    }

    pub fn count(self) -> u8 {
        // At most 12 bits are set, so the count fits a u8.
        self.0.count_ones() as u8
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The indicators in the mask, in official order.
    pub fn iter(self) -> impl Iterator<Item = Indicator> {
        Indicator::ALL
            .into_iter()
            .filter(move |i| self.contains(*i))
    }

    /// Parses codes separated by spaces, commas or semicolons ("VL NPT DD"); an empty string is
    /// the empty set. Returns the first unknown code on failure.
    pub fn parse_codes(raw: &str) -> Result<Self, String> {
        raw.split([' ', ',', ';'])
            .filter(|s| !s.is_empty())
            .try_fold(Deprivations::NONE, |d, code| {
                Indicator::from_code(code)
                    .map(|i| d.with(i))
                    .ok_or_else(|| code.to_string())
            })
    }
}

/// Codes separated by spaces, in official order: "VL DD DTNO".
impl fmt::Display for Deprivations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, i) in self.iter().enumerate() {
            if n > 0 {
                f.write_str(" ")?;
            }
            f.write_str(i.code())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_numbers_are_unique_and_round_trip() {
        for (n, i) in Indicator::ALL.into_iter().enumerate() {
            assert_eq!(usize::from(i.number()), n + 1);
            assert_eq!(Indicator::from_code(i.code()), Some(i));
            assert_eq!(Indicator::from_code(&i.number().to_string()), Some(i));
            assert_eq!(Indicator::from_code(&i.code().to_lowercase()), Some(i));
        }
        assert_eq!(Indicator::from_code("0"), None);
        assert_eq!(Indicator::from_code("13"), None);
        assert_eq!(Indicator::from_code("XYZ"), None);
    }

    #[test]
    fn six_dimensions_of_two_indicators_each() {
        for d in Dimension::ALL {
            for i in d.indicators() {
                assert_eq!(i.dimension(), d);
            }
        }
        assert_eq!(Indicator::Dependants.dimension(), Dimension::Employment);
        assert_eq!(Indicator::Toilet.dimension(), Dimension::WaterSanitation);
        assert_eq!(
            Indicator::InformationDevices.dimension(),
            Dimension::Information
        );
    }

    #[test]
    fn mask_counts_iterates_and_parses() {
        let d = Deprivations::of(&[Indicator::Water, Indicator::Employment]);
        assert_eq!(d.count(), 2);
        assert_eq!(
            d.iter().collect::<Vec<_>>(),
            [Indicator::Employment, Indicator::Water]
        );
        assert_eq!(d.to_string(), "VL NUOC");
        assert_eq!(Deprivations::parse_codes("nuoc, VL").unwrap(), d);
        assert_eq!(Deprivations::parse_codes("").unwrap(), Deprivations::NONE);
        assert_eq!(Deprivations::parse_codes("VL X").unwrap_err(), "X");
        assert_eq!(Deprivations::ALL.count(), 12);
        assert_eq!(Deprivations::from_bits(1 << 12), None);
        assert_eq!(Deprivations::from_bits(d.bits()), Some(d));
        let mut e = d;
        e.set(Indicator::Water, false);
        assert_eq!(e, Deprivations::of(&[Indicator::Employment]));
    }
}
