//! Household addresses in the forms used in Huế: house number and street (often down a "kiệt",
//! the local word for an alley) with the tổ dân phố in the city; number, tổ and thôn in the
//! countryside.
//!
//! Addresses are free text in the registry, so only their look matters: officers and the
//! search screen see them, nothing parses them.

use std::fmt::Write;

use ansinh_core::Settlement;
use rand::Rng;

use crate::communes::Profile;
use crate::weighted::Table;

/// Streets of central Huế.
const STREETS: &[&str] = &[
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Huệ",
    "Hùng Vương",
    "Hai Bà Trưng",
    "Phan Đình Phùng",
    "Bà Triệu",
    "Nguyễn Sinh Cung",
    "Lê Duẩn",
    "Điện Biên Phủ",
    "Đống Đa",
    "Nguyễn Trãi",
    "Lý Thường Kiệt",
    "Phạm Văn Đồng",
    "Trường Chinh",
    "Mai Thúc Loan",
    "Đinh Tiên Hoàng",
    "Ngô Đức Kế",
    "Chi Lăng",
    "Kim Long",
    "Huỳnh Thúc Kháng",
    "Phan Bội Châu",
    "Tố Hữu",
    "Nguyễn Lộ Trạch",
    "Ngự Bình",
    "An Dương Vương",
    "Minh Mạng",
    "Lê Ngô Cát",
    "Bùi Thị Xuân",
    "Thanh Hải",
    "Nguyễn Văn Linh",
    "Võ Văn Kiệt",
    "Tôn Đức Thắng",
    "Lê Thánh Tôn",
    "Nguyễn Chí Thanh",
    "Trần Phú",
    "Hàn Mặc Tử",
    "Dương Văn An",
    "Hồ Đắc Di",
    "Nguyễn Khoa Chiêm",
];

/// Village and neighbourhood names of the lowlands, used for thôn and tổ dân phố alike.
const LOWLAND_PLACES: &[&str] = &[
    "An Lưu",
    "Vân Thê",
    "Lại Thế",
    "Dương Nỗ Đông",
    "Mỹ Lợi",
    "Hải Nhuận",
    "Thủy Dương",
    "An Bằng",
    "Lương Viện",
    "Phước Yên",
    "Thanh Hà",
    "La Chữ",
    "Sịa",
    "Bao La",
    "Mai Dương",
    "Hà Lạc",
    "Hòa Xuân",
    "Lộc Sơn",
    "Nam Phổ",
    "Thế Chí",
    "Bác Vọng",
    "Kim Đôi",
    "An Thuận",
    "Vĩnh Xương",
    "Ngũ Tây",
    "Trung Đồng",
    "Phú Khê",
    "Thuận Hòa",
    "Tân Mỹ",
    "Cự Lại",
    "Thai Dương",
    "Thủy Tú",
    "Phước Tích",
    "Mỹ Chánh",
];

/// Village names of the uplands.
const UPLAND_VILLAGES: &[&str] = &[
    "A Năm",
    "Pa Ring",
    "Ka Vá",
    "Tà Lương",
    "Căn Sâm",
    "Chi Lanh",
    "A Tin",
    "Ta Ay",
    "Ba Lạch",
    "Đông Lâm",
    "Hương Sơn",
    "Pa E",
    "A Ngo",
    "Tu Vay",
    "Ka Nôn",
    "Loah",
    "A Sáp",
    "Hồng Thủy",
    "Ta Lu",
    "Ra Loóc",
];

#[derive(Debug, Clone)]
pub(crate) struct Places {
    streets: Table<&'static str>,
    lowland: Table<&'static str>,
    upland: Table<&'static str>,
}

fn uniform(list: &'static [&'static str]) -> Table<&'static str> {
    Table::new(list.iter().map(|s| (*s, 1)))
}

impl Places {
    pub(crate) fn new() -> Self {
        Places {
            streets: uniform(STREETS),
            lowland: uniform(LOWLAND_PLACES),
            upland: uniform(UPLAND_VILLAGES),
        }
    }

    /// Writes an address into `out` (cleared by the caller).
    pub(crate) fn write<R: Rng + ?Sized>(
        &self,
        rng: &mut R,
        profile: Profile,
        settlement: Settlement,
        out: &mut String,
    ) {
        // `write!` into a String cannot fail.
        let number = rng.random_range(1..=180u32);
        match profile {
            Profile::CityCore => {
                let street = self.streets.pick(rng);
                let block = rng.random_range(1..=40u32);
                if rng.random_bool(0.55) {
                    let alley = rng.random_range(1..=160u32);
                    let _ = write!(
                        out,
                        "Số {number}, kiệt {alley} {street}, tổ dân phố {block}"
                    );
                } else {
                    let _ = write!(out, "Số {number} {street}, tổ dân phố {block}");
                }
            }
            Profile::Lowland => {
                let team = rng.random_range(1..=15u32);
                let place = self.lowland.pick(rng);
                let unit = match settlement {
                    Settlement::Urban => "tổ dân phố",
                    Settlement::Rural => "thôn",
                };
                let _ = write!(out, "Số {number}, tổ {team}, {unit} {place}");
            }
            Profile::Mountain => {
                let village = self.upland.pick(rng);
                let _ = write!(out, "Số {}, thôn {village}", number.div_ceil(2));
            }
        }
    }
}
