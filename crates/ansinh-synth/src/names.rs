//! Vietnamese personal names: surnames, middle names and given names by sex, era and ethnic
//! group, and the one-letter slips that make near-duplicate records.
//!
//! Names are what officers search by and what the duplicate checker compares, so their
//! frequencies matter more than their variety: a realistic share of "Nguyễn" and "Thị" makes
//! folded-name blocks as large as in the real registry. Every string here is NFC and already in
//! the form `ansinh_core::name::normalize_name` produces (each word capitalised), so generated
//! names pass validation unchanged.

use ansinh_core::{Ethnicity, Sex};
use rand::Rng;

use crate::weighted::Table;

/// A family name as the father passes it on. Ordinary surnames are the same for sons and
/// daughters; the royal lineages of Huế give sons and daughters different forms (sons of the
/// Tôn Thất line are "Tôn Thất …", daughters "Tôn Nữ …").
#[derive(Debug, PartialEq, Eq)]
pub struct Lineage {
    pub male: &'static str,
    pub female: &'static str,
}

impl Lineage {
    const fn plain(name: &'static str) -> Lineage {
        Lineage {
            male: name,
            female: name,
        }
    }

    pub fn for_sex(&self, sex: Sex) -> &'static str {
        match sex {
            Sex::Male => self.male,
            Sex::Female => self.female,
        }
    }

    /// Royal lineages are written without a separate middle name for men.
    fn is_royal(&self) -> bool {
        self.male != self.female
    }
}

/// Kinh surnames with weights per 10 000 people. The big ones follow the national surveys
/// (Nguyễn ≈ 38 %, Trần ≈ 11 %, Lê ≈ 9.5 %, Phạm ≈ 7 %); Võ and Huỳnh outweigh Vũ and Hoàng as
/// they do in central Vietnam, and the Tôn Thất and Nguyễn Phúc lines of the Nguyễn dynasty are
/// far more common in Huế than anywhere else.
pub const KINH_SURNAMES: &[(Lineage, u32)] = &[
    (Lineage::plain("Nguyễn"), 3700),
    (Lineage::plain("Trần"), 1100),
    (Lineage::plain("Lê"), 950),
    (Lineage::plain("Phạm"), 650),
    (Lineage::plain("Phan"), 450),
    (Lineage::plain("Hoàng"), 300),
    (Lineage::plain("Võ"), 300),
    (Lineage::plain("Huỳnh"), 200),
    (Lineage::plain("Đặng"), 200),
    (Lineage::plain("Bùi"), 200),
    (Lineage::plain("Đỗ"), 140),
    (Lineage::plain("Hồ"), 130),
    (Lineage::plain("Ngô"), 130),
    (Lineage::plain("Vũ"), 100),
    (Lineage::plain("Dương"), 100),
    (
        Lineage {
            male: "Tôn Thất",
            female: "Tôn Nữ",
        },
        90,
    ),
    (Lineage::plain("Trương"), 80),
    (Lineage::plain("Trịnh"), 60),
    (Lineage::plain("Hà"), 60),
    (Lineage::plain("Đoàn"), 60),
    (
        Lineage {
            male: "Nguyễn Phúc",
            female: "Công Tôn Nữ",
        },
        50,
    ),
    (Lineage::plain("Lý"), 50),
    (Lineage::plain("Lương"), 40),
    (Lineage::plain("Mai"), 40),
    (Lineage::plain("Cao"), 40),
    (Lineage::plain("Đinh"), 40),
    (Lineage::plain("Văn"), 30),
    (Lineage::plain("Lâm"), 30),
    (Lineage::plain("Phùng"), 30),
    (Lineage::plain("Tô"), 25),
    (Lineage::plain("Châu"), 20),
    (Lineage::plain("Thái"), 20),
    (Lineage::plain("Lưu"), 20),
    (Lineage::plain("Triệu"), 20),
    (Lineage::plain("Chu"), 20),
    (Lineage::plain("Giang"), 20),
    (Lineage::plain("Lại"), 20),
    (Lineage::plain("Tạ"), 15),
    (Lineage::plain("Từ"), 15),
    (Lineage::plain("Kiều"), 15),
    (Lineage::plain("La"), 15),
    (Lineage::plain("Quách"), 15),
    (Lineage::plain("Tống"), 15),
    (Lineage::plain("Hứa"), 15),
    (Lineage::plain("Ông"), 15),
    (Lineage::plain("Thân"), 15),
    (Lineage::plain("Tăng"), 15),
    (Lineage::plain("Đàm"), 15),
    (Lineage::plain("Nghiêm"), 10),
    (Lineage::plain("Khúc"), 10),
    (Lineage::plain("Hàn"), 10),
    (Lineage::plain("Âu"), 10),
    (Lineage::plain("Mạc"), 10),
    (Lineage::plain("Nông"), 10),
    (Lineage::plain("Hầu"), 10),
    (Lineage::plain("Viên"), 10),
    (Lineage::plain("Khổng"), 10),
    (Lineage::plain("Bạch"), 10),
    (Lineage::plain("Diệp"), 10),
    (Lineage::plain("Quan"), 10),
];

/// Surnames of the Cơ-tu of Nam Đông and the upland communes: clan names (Alăng, Bhling,
/// Zơrâm…) beside the Kinh-style surnames given at registration, Hồ above all.
pub const COTU_SURNAMES: &[(Lineage, u32)] = &[
    (Lineage::plain("Hồ"), 300),
    (Lineage::plain("Alăng"), 120),
    (Lineage::plain("Bhling"), 90),
    (Lineage::plain("Zơrâm"), 70),
    (Lineage::plain("Pơloong"), 60),
    (Lineage::plain("Clâu"), 50),
    (Lineage::plain("Coor"), 40),
    (Lineage::plain("Arất"), 40),
    (Lineage::plain("Bríu"), 40),
    (Lineage::plain("Nguyễn"), 60),
    (Lineage::plain("Lê"), 40),
    (Lineage::plain("Trần"), 30),
    (Lineage::plain("Đinh"), 20),
];

/// Surnames of the Tà-ôi (including the Pa Cô) and Bru-Vân Kiều of A Lưới, where most families
/// were registered as Hồ, Lê, Kăn or Quỳnh.
pub const TAOI_SURNAMES: &[(Lineage, u32)] = &[
    (Lineage::plain("Hồ"), 420),
    (Lineage::plain("Lê"), 110),
    (Lineage::plain("Kăn"), 90),
    (Lineage::plain("Quỳnh"), 70),
    (Lineage::plain("Nguyễn"), 70),
    (Lineage::plain("Trần"), 50),
    (Lineage::plain("Pả"), 30),
    (Lineage::plain("Nhâm"), 30),
];

/// Men's middle names of people born before 1980, when "Văn" was the default.
const MALE_MIDDLE_OLDER: &[(&str, u32)] = &[
    ("Văn", 560),
    ("Hữu", 70),
    ("Đức", 60),
    ("Quang", 50),
    ("Công", 50),
    ("Đình", 50),
    ("Ngọc", 30),
    ("Xuân", 30),
    ("Minh", 30),
    ("Thanh", 30),
    ("Trọng", 20),
    ("Viết", 20),
];

/// Men's middle names of people born from 1980: "Văn" gives way to Minh, Quang, Gia, Anh…
const MALE_MIDDLE_YOUNGER: &[(&str, u32)] = &[
    ("Văn", 200),
    ("Minh", 110),
    ("Quang", 80),
    ("Đức", 80),
    ("Hữu", 50),
    ("Gia", 60),
    ("Anh", 50),
    ("Nhật", 50),
    ("Bảo", 50),
    ("Thành", 40),
    ("Công", 40),
    ("Hoàng", 40),
    ("Thanh", 40),
    ("Xuân", 30),
    ("Trung", 30),
    ("Đăng", 30),
    ("Quốc", 30),
];

/// Women's middle names of people born before 1980, overwhelmingly "Thị".
const FEMALE_MIDDLE_OLDER: &[(&str, u32)] = &[
    ("Thị", 800),
    ("Ngọc", 40),
    ("Thu", 30),
    ("Thanh", 30),
    ("Kim", 30),
    ("Xuân", 20),
    ("Hồng", 20),
    ("Bích", 15),
    ("Minh", 15),
];

/// Women's middle names of people born from 1980.
const FEMALE_MIDDLE_YOUNGER: &[(&str, u32)] = &[
    ("Thị", 300),
    ("Ngọc", 100),
    ("Bảo", 60),
    ("Thu", 60),
    ("Minh", 60),
    ("Thanh", 50),
    ("Kim", 50),
    ("Phương", 50),
    ("Khánh", 50),
    ("Hoài", 40),
    ("Diệu", 40),
    ("Bích", 30),
    ("Mai", 30),
    ("Quỳnh", 30),
    ("Hải", 30),
    ("Thùy", 30),
];

/// One-word men's given names; weights favour the common ones.
const MALE_GIVEN: &[(&str, u32)] = &[
    ("An", 3),
    ("Anh", 5),
    ("Bảo", 3),
    ("Bình", 4),
    ("Bách", 1),
    ("Cường", 4),
    ("Chiến", 2),
    ("Công", 2),
    ("Châu", 1),
    ("Dũng", 5),
    ("Duy", 3),
    ("Dương", 2),
    ("Đạt", 4),
    ("Đức", 4),
    ("Định", 1),
    ("Đông", 1),
    ("Giang", 1),
    ("Hải", 4),
    ("Hào", 1),
    ("Hậu", 2),
    ("Hiếu", 4),
    ("Hiển", 1),
    ("Hòa", 3),
    ("Hoàng", 3),
    ("Huy", 5),
    ("Hùng", 5),
    ("Hưng", 4),
    ("Khang", 2),
    ("Khánh", 2),
    ("Khoa", 3),
    ("Khôi", 2),
    ("Kiên", 2),
    ("Lâm", 2),
    ("Lân", 1),
    ("Lộc", 3),
    ("Lợi", 2),
    ("Long", 4),
    ("Luân", 1),
    ("Lực", 1),
    ("Mạnh", 2),
    ("Minh", 5),
    ("Nam", 4),
    ("Nghĩa", 3),
    ("Nguyên", 2),
    ("Nhân", 2),
    ("Nhật", 2),
    ("Phát", 2),
    ("Phong", 3),
    ("Phú", 2),
    ("Phúc", 3),
    ("Phước", 3),
    ("Quang", 3),
    ("Quân", 3),
    ("Quốc", 2),
    ("Quý", 2),
    ("Sang", 2),
    ("Sơn", 4),
    ("Tài", 3),
    ("Tâm", 3),
    ("Tân", 2),
    ("Thắng", 4),
    ("Thành", 4),
    ("Thiện", 2),
    ("Thịnh", 2),
    ("Thọ", 2),
    ("Thuận", 2),
    ("Tiến", 3),
    ("Toàn", 3),
    ("Trí", 3),
    ("Trung", 4),
    ("Tuấn", 5),
    ("Tùng", 3),
    ("Việt", 3),
    ("Vinh", 3),
    ("Vũ", 3),
    ("Xuân", 1),
];

/// One-word women's given names.
const FEMALE_GIVEN: &[(&str, u32)] = &[
    ("An", 2),
    ("Anh", 5),
    ("Ánh", 2),
    ("Bích", 2),
    ("Châu", 2),
    ("Chi", 3),
    ("Cúc", 1),
    ("Diệp", 1),
    ("Dung", 4),
    ("Duyên", 3),
    ("Đào", 1),
    ("Giang", 3),
    ("Hà", 5),
    ("Hạnh", 4),
    ("Hằng", 4),
    ("Hân", 3),
    ("Hiền", 4),
    ("Hoa", 5),
    ("Hồng", 4),
    ("Huệ", 3),
    ("Hương", 6),
    ("Hường", 2),
    ("Huyền", 4),
    ("Khanh", 2),
    ("Lài", 1),
    ("Lan", 5),
    ("Lệ", 2),
    ("Liên", 3),
    ("Linh", 5),
    ("Loan", 3),
    ("Mai", 5),
    ("Minh", 2),
    ("My", 3),
    ("Nga", 4),
    ("Ngân", 3),
    ("Ngọc", 3),
    ("Nguyệt", 2),
    ("Nhàn", 2),
    ("Nhi", 4),
    ("Nhung", 3),
    ("Oanh", 2),
    ("Phương", 5),
    ("Phượng", 2),
    ("Quyên", 2),
    ("Quỳnh", 3),
    ("Sen", 1),
    ("Tâm", 2),
    ("Thảo", 5),
    ("Thanh", 3),
    ("Thắm", 2),
    ("Thơ", 2),
    ("Thu", 3),
    ("Thủy", 4),
    ("Thúy", 3),
    ("Thư", 3),
    ("Trà", 2),
    ("Trang", 5),
    ("Trâm", 3),
    ("Trinh", 3),
    ("Tuyết", 2),
    ("Uyên", 3),
    ("Vân", 4),
    ("Vi", 2),
    ("Xuân", 3),
    ("Yến", 4),
];

/// Two-word men's given names, which became common for children born after 1990.
const MALE_GIVEN_TWO_WORDS: &[(&str, u32)] = &[
    ("Gia Huy", 3),
    ("Minh Khôi", 3),
    ("Anh Tuấn", 2),
    ("Đăng Khoa", 2),
    ("Bảo Long", 2),
    ("Hoàng Nam", 2),
    ("Quốc Bảo", 2),
    ("Nhật Minh", 2),
    ("Thanh Tùng", 2),
    ("Minh Quân", 2),
    ("Gia Bảo", 2),
    ("Đức Anh", 2),
    ("Trung Kiên", 1),
    ("Hữu Phước", 1),
    ("Thiên Ân", 1),
];

/// Two-word women's given names ("Ái Vân" in "Nguyễn Thị Ái Vân").
const FEMALE_GIVEN_TWO_WORDS: &[(&str, u32)] = &[
    ("Ái Vân", 2),
    ("Bảo Ngọc", 2),
    ("Minh Anh", 3),
    ("Khánh Linh", 3),
    ("Ngọc Hân", 2),
    ("Phương Thảo", 2),
    ("Thu Hà", 2),
    ("Diệu Linh", 2),
    ("Bảo Trâm", 2),
    ("Gia Hân", 2),
    ("Tường Vy", 1),
    ("Hoài Thương", 1),
    ("Như Ý", 1),
    ("Mỹ Duyên", 1),
    ("Thanh Tâm", 1),
    ("Kim Ngân", 1),
];

/// Given names of Tà-ôi, Cơ-tu and Bru-Vân Kiều men, in the spellings of local registers.
const MINORITY_MALE_GIVEN: &[(&str, u32)] = &[
    ("Ta", 3),
    ("Kray", 3),
    ("Blúp", 2),
    ("Căn", 3),
    ("Viết", 3),
    ("Ting", 2),
    ("Ngang", 2),
    ("Phu", 2),
    ("Xiu", 2),
    ("Bốc", 2),
    ("Ku", 2),
    ("Pố", 1),
    ("Ra", 2),
    ("Ngàn", 1),
    ("Thoong", 1),
    ("Bhiu", 1),
    ("Prăng", 1),
    ("Lin", 2),
    ("Kêr", 1),
    ("Lốc", 1),
    ("Vai", 1),
    ("Pác", 1),
    ("Cơi", 1),
    ("Hạnh", 2),
    ("Dũng", 2),
    ("Sơn", 2),
    ("Thêm", 1),
    ("Hùng", 2),
    ("Ơn", 1),
    ("Quyết", 1),
];

/// Given names of Tà-ôi, Cơ-tu and Bru-Vân Kiều women.
const MINORITY_FEMALE_GIVEN: &[(&str, u32)] = &[
    ("Ăm", 2),
    ("Pi", 2),
    ("Nhân", 2),
    ("Thim", 2),
    ("Ria", 2),
    ("Bhoong", 1),
    ("Diếp", 1),
    ("Thút", 1),
    ("Sa", 2),
    ("Ngôn", 1),
    ("Cơ", 1),
    ("Tăng", 1),
    ("Hiên", 2),
    ("Blúp", 1),
    ("Kray", 1),
    ("Plâu", 1),
    ("Xuân", 2),
    ("Hoa", 2),
    ("Mai", 2),
    ("Lan", 2),
    ("Loan", 1),
    ("Nhơn", 1),
    ("Pơ", 1),
    ("Chiêm", 1),
    ("Hương", 2),
];

/// The name tables, built once per generator.
#[derive(Debug, Clone)]
pub(crate) struct Names {
    kinh_surnames: Table<&'static Lineage>,
    cotu_surnames: Table<&'static Lineage>,
    taoi_surnames: Table<&'static Lineage>,
    male_middle_older: Table<&'static str>,
    male_middle_younger: Table<&'static str>,
    female_middle_older: Table<&'static str>,
    female_middle_younger: Table<&'static str>,
    male_given: Table<&'static str>,
    female_given: Table<&'static str>,
    male_given_two: Table<&'static str>,
    female_given_two: Table<&'static str>,
    minority_male: Table<&'static str>,
    minority_female: Table<&'static str>,
}

fn table<T: Copy + 'static>(entries: &'static [(T, u32)]) -> Table<T> {
    Table::new(entries.iter().map(|(t, w)| (*t, *w)))
}

fn lineages(entries: &'static [(Lineage, u32)]) -> Table<&'static Lineage> {
    Table::new(entries.iter().map(|(l, w)| (l, *w)))
}

const COTU: u8 = 26;
const TAOI: u8 = 31;
const BRU_VAN_KIEU: u8 = 23;

/// Whether a group gets the upland naming patterns; everyone else is named the Kinh way (the
/// few Hoa, Tày or Mường people of Huế carry Vietnamese-form names in the registry).
fn upland(ethnicity: Ethnicity) -> bool {
    matches!(ethnicity.code(), COTU | TAOI | BRU_VAN_KIEU)
}

impl Names {
    pub(crate) fn new() -> Self {
        Names {
            kinh_surnames: lineages(KINH_SURNAMES),
            cotu_surnames: lineages(COTU_SURNAMES),
            taoi_surnames: lineages(TAOI_SURNAMES),
            male_middle_older: table(MALE_MIDDLE_OLDER),
            male_middle_younger: table(MALE_MIDDLE_YOUNGER),
            female_middle_older: table(FEMALE_MIDDLE_OLDER),
            female_middle_younger: table(FEMALE_MIDDLE_YOUNGER),
            male_given: table(MALE_GIVEN),
            female_given: table(FEMALE_GIVEN),
            male_given_two: table(MALE_GIVEN_TWO_WORDS),
            female_given_two: table(FEMALE_GIVEN_TWO_WORDS),
            minority_male: table(MINORITY_MALE_GIVEN),
            minority_female: table(MINORITY_FEMALE_GIVEN),
        }
    }

    /// A family name for someone of this group.
    pub(crate) fn surname<R: Rng + ?Sized>(
        &self,
        rng: &mut R,
        ethnicity: Ethnicity,
    ) -> &'static Lineage {
        match ethnicity.code() {
            COTU => self.cotu_surnames.pick(rng),
            TAOI | BRU_VAN_KIEU => self.taoi_surnames.pick(rng),
            _ => self.kinh_surnames.pick(rng),
        }
    }

    /// Writes a full name into `out` (which the caller has cleared). The surname comes from the
    /// person's lineage; middle and given names depend on sex and on the birth year, since
    /// naming fashions changed a lot after 1980.
    pub(crate) fn full_name<R: Rng + ?Sized>(
        &self,
        rng: &mut R,
        out: &mut String,
        ethnicity: Ethnicity,
        sex: Sex,
        lineage: &Lineage,
        birth_year: i32,
    ) {
        if upland(ethnicity) {
            self.upland_name(rng, out, sex, lineage, birth_year);
        } else {
            self.kinh_name(rng, out, sex, lineage, birth_year);
        }
    }

    fn kinh_name<R: Rng + ?Sized>(
        &self,
        rng: &mut R,
        out: &mut String,
        sex: Sex,
        lineage: &Lineage,
        birth_year: i32,
    ) {
        let younger = birth_year >= 1980;
        let two_word_share = if birth_year >= 1995 {
            0.25
        } else if younger {
            0.12
        } else {
            0.04
        };
        let given = if rng.random_bool(two_word_share) {
            match sex {
                Sex::Male => self.male_given_two.pick(rng),
                Sex::Female => self.female_given_two.pick(rng),
            }
        } else {
            match sex {
                Sex::Male => self.male_given.pick(rng),
                Sex::Female => self.female_given.pick(rng),
            }
        };
        out.push_str(lineage.for_sex(sex));
        if lineage.is_royal() {
            // "Tôn Thất Bách", "Tôn Nữ Thị Ninh": the lineage stands in for the middle name.
            if sex == Sex::Female && rng.random_bool(0.5) {
                out.push_str(" Thị");
            }
        } else {
            let table = match (sex, younger) {
                (Sex::Male, false) => &self.male_middle_older,
                (Sex::Male, true) => &self.male_middle_younger,
                (Sex::Female, false) => &self.female_middle_older,
                (Sex::Female, true) => &self.female_middle_younger,
            };
            let mut middle = table.pick(rng);
            // "Nguyễn Minh Minh" is not a name anyone gives; draw again (twice at most, so the
            // number of random draws stays bounded).
            let repeats = |m: &str| given.split(' ').any(|w| w == m);
            for _ in 0..2 {
                if !repeats(middle) {
                    break;
                }
                middle = table.pick(rng);
            }
            let generic = middle == "Thị" || middle == "Văn";
            // A two-word given name usually replaces a decorative middle name ("Trần Bảo Ngọc"
            // rather than "Trần Minh Bảo Ngọc"), but keeps Thị/Văn ("Nguyễn Thị Ái Vân").
            let skip = given.contains(' ') && !generic && rng.random_bool(0.8);
            if !skip && !repeats(middle) {
                out.push(' ');
                out.push_str(middle);
            }
        }
        out.push(' ');
        out.push_str(given);
    }

    /// Upland names mix three habits: a registered surname with Văn/Thị ("Hồ Văn Ta"), a clan
    /// name with a given name ("Alăng Hiên"), and, mostly among older people, a single name
    /// ("Kray") or the male prefix A ("A Viết").
    fn upland_name<R: Rng + ?Sized>(
        &self,
        rng: &mut R,
        out: &mut String,
        sex: Sex,
        lineage: &Lineage,
        birth_year: i32,
    ) {
        let given = match sex {
            Sex::Male => self.minority_male.pick(rng),
            Sex::Female => self.minority_female.pick(rng),
        };
        let single_share = if birth_year < 1970 { 0.28 } else { 0.05 };
        let r: f64 = rng.random();
        if r < single_share {
            out.push_str(given);
        } else if sex == Sex::Male && r < single_share + 0.08 {
            out.push_str("A ");
            out.push_str(given);
        } else {
            out.push_str(lineage.for_sex(sex));
            if rng.random_bool(0.7) {
                out.push_str(match sex {
                    Sex::Male => " Văn",
                    Sex::Female => " Thị",
                });
            }
            out.push(' ');
            out.push_str(given);
        }
    }
}

/// A one-letter slip in a name, as an officer copying an old register makes it: a doubled, a
/// dropped or two swapped letters in one word, never the first letter (so capitalisation and
/// the first letter, which people check, stay right). The result is still NFC: the names hold
/// only precomposed letters, and moving those around cannot create a composable pair.
pub(crate) fn typo<R: Rng + ?Sized>(rng: &mut R, name: &str) -> String {
    let words: Vec<&str> = name.split(' ').collect();
    let len = |w: &str| w.chars().count();
    // Prefer the given name (last word), then any word long enough to change.
    let target = (0..words.len())
        .rev()
        .find(|&i| len(words[i]) >= 3)
        .or_else(|| (0..words.len()).rev().find(|&i| len(words[i]) >= 2))
        .unwrap_or(words.len() - 1);
    let mut chars: Vec<char> = words[target].chars().collect();
    if chars.len() < 2 {
        // A one-letter word ("A"): the only slip left is to repeat it in lower case.
        chars.push(chars[0].to_lowercase().next().unwrap_or('a'));
    } else {
        let pos = rng.random_range(1..chars.len());
        match rng.random_range(0..3u8) {
            1 if chars.len() >= 3 => {
                chars.remove(pos);
            }
            2 if pos >= 2 && chars[pos] != chars[pos - 1] => chars.swap(pos, pos - 1),
            _ => chars.insert(pos, chars[pos]),
        }
    }
    let changed: String = chars.into_iter().collect();
    let mut out = String::with_capacity(name.len() + 2);
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(if i == target { &changed } else { w });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ansinh_core::name::normalize_name;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn all_words() -> Vec<&'static str> {
        let mut words = Vec::new();
        for (l, _) in KINH_SURNAMES
            .iter()
            .chain(COTU_SURNAMES)
            .chain(TAOI_SURNAMES)
        {
            words.push(l.male);
            words.push(l.female);
        }
        for list in [
            MALE_MIDDLE_OLDER,
            MALE_MIDDLE_YOUNGER,
            FEMALE_MIDDLE_OLDER,
            FEMALE_MIDDLE_YOUNGER,
            MALE_GIVEN,
            FEMALE_GIVEN,
            MALE_GIVEN_TWO_WORDS,
            FEMALE_GIVEN_TWO_WORDS,
            MINORITY_MALE_GIVEN,
            MINORITY_FEMALE_GIVEN,
        ] {
            words.extend(list.iter().map(|(w, _)| *w));
        }
        words
    }

    #[test]
    fn every_table_entry_is_already_normalised() {
        for w in all_words() {
            assert_eq!(normalize_name(w).unwrap(), w);
            assert!(unicode_normalization::is_nfc(w), "{w}");
        }
    }

    #[test]
    fn given_name_lists_are_rich() {
        assert!(MALE_GIVEN.len() >= 60);
        assert!(FEMALE_GIVEN.len() >= 60);
        let mut seen = std::collections::HashSet::new();
        for (w, _) in MALE_GIVEN.iter().chain(FEMALE_GIVEN.iter()) {
            // The same name may serve both sexes, but not twice in one list.
            seen.insert(*w);
        }
        assert!(seen.len() > 100);
    }

    #[test]
    fn kinh_names_follow_the_usual_shape() {
        let names = Names::new();
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut out = String::new();
        let mut thi = 0;
        for _ in 0..2000 {
            out.clear();
            let lineage = names.surname(&mut rng, Ethnicity::KINH);
            names.full_name(
                &mut rng,
                &mut out,
                Ethnicity::KINH,
                Sex::Female,
                lineage,
                1960,
            );
            assert_eq!(normalize_name(&out).unwrap(), out);
            assert!(out.split(' ').count() >= 2, "{out}");
            if out.contains(" Thị ") {
                thi += 1;
            }
        }
        assert!(thi > 1400, "older women are mostly Thị: {thi}");
    }

    #[test]
    fn typos_change_one_letter_and_stay_normalised() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        for name in [
            "Nguyễn Thị Ái Vân",
            "Hồ Văn Ta",
            "Kray",
            "A Viết",
            "Lê Văn Ba",
        ] {
            for _ in 0..50 {
                let t = typo(&mut rng, name);
                assert_ne!(t, name);
                assert_eq!(normalize_name(&t).unwrap(), t, "{t}");
                let diff = t.chars().count() as i64 - name.chars().count() as i64;
                assert!(diff.abs() <= 1, "{name} → {t}");
            }
        }
    }
}
