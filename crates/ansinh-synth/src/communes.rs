//! How many households each of Huế's 40 communes gets, of which sizes, and which ethnic mix.
//!
//! Everything that decides the *counts* lives here and uses no randomness: the number of
//! households and the exact histogram of household sizes follow from the scale alone, so
//! `Generator::expected_persons` is exact before a single record is drawn, and a scale always
//! yields the same counts whatever the seed.

use ansinh_core::{Area, Settlement};
use uuid::Uuid;

/// The population the weights below are scaled to at scale factor 1: Huế had about 1.17
/// million residents in 2024 (with the weights below this gives about 334 000 households).
pub const PERSONS_AT_SF1: f64 = 1_170_000.0;

/// The largest household generated. Larger ones exist, but are too rare to matter here.
pub const MAX_HOUSEHOLD_SIZE: usize = 10;

/// Share of records that are near-duplicate legacy copies of someone else in the commune.
pub const DUPLICATE_SHARE: f64 = 0.005;

/// The kind of place a commune is, which sets household sizes and some registry habits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Profile {
    /// The dense wards of the old city (Phú Xuân, Thuận Hóa, Vỹ Dạ…): small households.
    CityCore,
    /// The coastal and lowland wards and communes around it.
    Lowland,
    /// The western uplands (A Lưới, Nam Đông, Khe Tre, Long Quảng, Bình Điền): large
    /// households, many ethnic-minority families, more old paper records.
    Mountain,
}

/// The ethnic composition of a commune's households.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Mix {
    /// About 99.5 % Kinh, with a few Hoa and upland families.
    Kinh,
    /// A Lưới: mostly Tà-ôi (with the Pa Cô), then Kinh, Cơ-tu and Bru-Vân Kiều.
    ALuoi,
    /// Nam Đông and Long Quảng: mostly Cơ-tu.
    CoTu,
    /// Khe Tre: Cơ-tu and Kinh in similar numbers.
    KheTre,
    /// Bình Điền: a mostly Kinh upland commune with some Cơ-tu and Tà-ôi villages.
    BinhDien,
}

impl Mix {
    pub(crate) const ALL: [Mix; 5] = [Mix::Kinh, Mix::ALuoi, Mix::CoTu, Mix::KheTre, Mix::BinhDien];

    /// (ethnic code, weight per 10 000 households).
    pub(crate) fn weights(self) -> &'static [(u8, u32)] {
        match self {
            Mix::Kinh => &[(1, 9950), (4, 20), (31, 10), (26, 10), (6, 5), (2, 5)],
            Mix::ALuoi => &[(31, 5700), (1, 2000), (26, 1200), (23, 1100)],
            Mix::CoTu => &[(26, 6000), (1, 3600), (31, 400)],
            Mix::KheTre => &[(26, 5200), (1, 4400), (31, 400)],
            Mix::BinhDien => &[(1, 8800), (26, 700), (31, 500)],
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// The 40 communes in force from 1/7/2025 with a relative population weight (roughly thousands
/// of residents) and a profile. The weights are hand-set estimates, not official figures: the
/// merged old-city wards are the largest, lowland units are mid-sized and each upland commune
/// holds about 7–13 thousand people. Only their shares matter; replace them with census counts
/// when those are loaded.
const COMMUNES: [(&str, u32, Profile, Mix); 40] = [
    ("19753", 95, Profile::CityCore, Mix::Kinh), // Phú Xuân
    ("19789", 90, Profile::CityCore, Mix::Kinh), // Thuận Hóa
    ("19815", 70, Profile::CityCore, Mix::Kinh), // An Cựu
    ("19777", 68, Profile::CityCore, Mix::Kinh), // Vỹ Dạ
    ("19774", 52, Profile::CityCore, Mix::Kinh), // Kim Long
    ("19813", 42, Profile::CityCore, Mix::Kinh), // Thủy Xuân
    ("19804", 40, Profile::CityCore, Mix::Kinh), // Hương An
    ("19909", 20, Profile::Lowland, Mix::Kinh),  // Dương Nỗ
    ("19900", 45, Profile::Lowland, Mix::Kinh),  // Thuận An
    ("20014", 34, Profile::Lowland, Mix::Kinh),  // Hóa Châu
    ("19930", 33, Profile::Lowland, Mix::Kinh),  // Mỹ Thượng
    ("19996", 33, Profile::Lowland, Mix::Kinh),  // Hương Trà
    ("20017", 28, Profile::Lowland, Mix::Kinh),  // Kim Trà
    ("19969", 32, Profile::Lowland, Mix::Kinh),  // Thanh Thủy
    ("19975", 30, Profile::Lowland, Mix::Kinh),  // Hương Thủy
    ("19960", 38, Profile::Lowland, Mix::Kinh),  // Phú Bài
    ("19819", 28, Profile::Lowland, Mix::Kinh),  // Phong Điền
    ("19858", 24, Profile::Lowland, Mix::Kinh),  // Phong Thái
    ("19831", 22, Profile::Lowland, Mix::Kinh),  // Phong Dinh
    ("19828", 22, Profile::Lowland, Mix::Kinh),  // Phong Phú
    ("19873", 23, Profile::Lowland, Mix::Kinh),  // Phong Quảng
    ("19885", 30, Profile::Lowland, Mix::Kinh),  // Đan Điền
    ("19867", 36, Profile::Lowland, Mix::Kinh),  // Quảng Điền
    ("19945", 32, Profile::Lowland, Mix::Kinh),  // Phú Vinh
    ("19918", 28, Profile::Lowland, Mix::Kinh),  // Phú Hồ
    ("19942", 35, Profile::Lowland, Mix::Kinh),  // Phú Vang
    ("20122", 26, Profile::Lowland, Mix::Kinh),  // Vinh Lộc
    ("20131", 24, Profile::Lowland, Mix::Kinh),  // Hưng Lộc
    ("20140", 30, Profile::Lowland, Mix::Kinh),  // Lộc An
    ("20107", 36, Profile::Lowland, Mix::Kinh),  // Phú Lộc
    ("20137", 34, Profile::Lowland, Mix::Kinh),  // Chân Mây - Lăng Cô
    ("20035", 11, Profile::Mountain, Mix::BinhDien), // Bình Điền
    ("20182", 7, Profile::Mountain, Mix::CoTu),  // Long Quảng
    ("20179", 11, Profile::Mountain, Mix::CoTu), // Nam Đông
    ("20161", 12, Profile::Mountain, Mix::KheTre), // Khe Tre
    ("20056", 9, Profile::Mountain, Mix::ALuoi), // A Lưới 1
    ("20044", 13, Profile::Mountain, Mix::ALuoi), // A Lưới 2
    ("20071", 10, Profile::Mountain, Mix::ALuoi), // A Lưới 3
    ("20101", 9, Profile::Mountain, Mix::ALuoi), // A Lưới 4
    ("20050", 8, Profile::Mountain, Mix::ALuoi), // A Lưới 5
];

/// Weight of a commune missing from the table (a later catalogue change): a mid-sized one.
const DEFAULT_WEIGHT: u32 = 25;

/// Household size distributions (sizes 1..=10, per 1000 households). The city is close to the
/// national urban pattern of the 2019 census (one in eight people alone, few households above
/// five); the lowlands have more three-generation homes; the uplands larger families still.
/// Mean sizes: 3.32, 3.55 and 4.17.
const SIZE_DISTRIBUTION: [[u32; MAX_HOUSEHOLD_SIZE]; 3] = [
    [130, 210, 225, 235, 110, 50, 22, 10, 5, 3],
    [100, 190, 215, 250, 130, 65, 28, 12, 6, 4],
    [60, 130, 180, 250, 170, 100, 55, 30, 15, 10],
];

impl Profile {
    fn sizes(self) -> &'static [u32; MAX_HOUSEHOLD_SIZE] {
        &SIZE_DISTRIBUTION[match self {
            Profile::CityCore => 0,
            Profile::Lowland => 1,
            Profile::Mountain => 2,
        }]
    }

    /// The mean household size of the profile's distribution.
    pub fn mean_household_size(self) -> f64 {
        let d = self.sizes();
        let total: u32 = d.iter().sum();
        let persons: u32 = d.iter().enumerate().map(|(i, w)| (i as u32 + 1) * w).sum();
        f64::from(persons) / f64::from(total)
    }
}

/// The profile of a commune by its code; unknown codes fall back on urban/rural.
pub fn commune_profile(code: &str, settlement: Settlement) -> Profile {
    COMMUNES
        .iter()
        .find(|c| c.0 == code)
        .map(|c| c.2)
        .unwrap_or(match settlement {
            Settlement::Urban => Profile::CityCore,
            Settlement::Rural => Profile::Lowland,
        })
}

/// What one commune will get.
#[derive(Debug, Clone)]
pub(crate) struct CommunePlan {
    pub area_id: Uuid,
    pub code: String,
    pub settlement: Settlement,
    pub profile: Profile,
    pub mix: Mix,
    pub households: u32,
    /// `size_counts[i]` households of `i + 1` persons.
    pub size_counts: [u32; MAX_HOUSEHOLD_SIZE],
    /// Extra near-duplicate records, each added to a different household.
    pub duplicates: u32,
}

impl CommunePlan {
    /// Persons in the commune, duplicates included.
    pub(crate) fn persons(&self) -> u64 {
        let regular: u64 = self
            .size_counts
            .iter()
            .enumerate()
            .map(|(i, &n)| (i as u64 + 1) * u64::from(n))
            .sum();
        regular + u64::from(self.duplicates)
    }

    /// The index of the household that receives the `j`-th duplicate: spread evenly over the
    /// commune and never the first household, so there is always an earlier one to copy from.
    pub(crate) fn duplicate_position(&self, j: u32) -> u32 {
        debug_assert!(j < self.duplicates);
        let gaps = u64::from(self.households - 1);
        1 + (u64::from(j) * gaps / u64::from(self.duplicates)) as u32
    }
}

/// Splits `total` into parts proportional to `weights`, exactly, by largest remainder (ties to
/// the smaller index), so the histogram is deterministic and sums to `total`.
fn apportion(total: u32, weights: &[u32; MAX_HOUSEHOLD_SIZE]) -> [u32; MAX_HOUSEHOLD_SIZE] {
    let sum: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    let mut counts = [0u32; MAX_HOUSEHOLD_SIZE];
    let mut remainders = [(0u64, 0usize); MAX_HOUSEHOLD_SIZE];
    for (i, &w) in weights.iter().enumerate() {
        let q = u64::from(total) * u64::from(w);
        counts[i] = (q / sum) as u32;
        remainders[i] = (q % sum, i);
    }
    let left = total - counts.iter().sum::<u32>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in remainders.iter().take(left as usize) {
        counts[i] += 1;
    }
    counts
}

/// Plans every commune, sorted by code so the output does not depend on the order in which the
/// caller lists them.
pub(crate) fn plan(communes: &[Area], scale: f64) -> Vec<CommunePlan> {
    assert!(
        scale.is_finite() && scale >= 0.0,
        "scale factor must be a finite non-negative number, got {scale}"
    );
    let mut sorted: Vec<&Area> = communes.iter().collect();
    sorted.sort_by(|a, b| a.code.cmp(&b.code).then(a.id.cmp(&b.id)));
    let known = |code: &str| COMMUNES.iter().find(|c| c.0 == code);
    let weight = |a: &Area| known(&a.code).map_or(DEFAULT_WEIGHT, |c| c.1);
    let total_weight: u32 = sorted.iter().map(|a| weight(a)).sum();
    sorted
        .into_iter()
        .map(|area| {
            let profile = commune_profile(&area.code, area.settlement());
            let mix = known(&area.code).map_or(Mix::Kinh, |c| c.3);
            let persons =
                f64::from(weight(area)) / f64::from(total_weight) * PERSONS_AT_SF1 * scale;
            let mut households = (persons / profile.mean_household_size()).round() as u32;
            if scale > 0.0 {
                // Every commune keeps at least one household, so tiny scales still cover all.
                households = households.max(1);
            }
            let size_counts = apportion(households, profile.sizes());
            let regular: u64 = size_counts
                .iter()
                .enumerate()
                .map(|(i, &n)| (i as u64 + 1) * u64::from(n))
                .sum();
            let duplicates = ((regular as f64 * DUPLICATE_SHARE).round() as u32)
                .min(households.saturating_sub(1));
            CommunePlan {
                area_id: area.id,
                code: area.code.clone(),
                settlement: area.settlement(),
                profile,
                mix,
                households,
                size_counts,
                duplicates,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_is_exact() {
        for total in [0, 1, 7, 999, 12_345] {
            let counts = apportion(total, &SIZE_DISTRIBUTION[1]);
            assert_eq!(counts.iter().sum::<u32>(), total);
        }
        assert_eq!(apportion(1000, &SIZE_DISTRIBUTION[0]), SIZE_DISTRIBUTION[0]);
    }

    #[test]
    fn table_matches_the_shipped_catalogue() {
        let cat = ansinh_core::AreaCatalog::shipped().unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let communes = cat.hue_communes_on(day);
        assert_eq!(communes.len(), COMMUNES.len());
        for c in COMMUNES {
            let area = communes.iter().find(|a| a.code == c.0).expect(c.0);
            // Every upland commune is a xã; the old-city wards are all phường.
            match c.2 {
                Profile::CityCore => assert_eq!(area.settlement(), Settlement::Urban),
                Profile::Mountain => assert_eq!(area.settlement(), Settlement::Rural),
                Profile::Lowland => {}
            }
        }
    }

    #[test]
    fn mean_sizes_are_as_documented() {
        let means: Vec<f64> = [Profile::CityCore, Profile::Lowland, Profile::Mountain]
            .iter()
            .map(|p| p.mean_household_size())
            .collect();
        assert!((means[0] - 3.32).abs() < 0.01, "{means:?}");
        assert!((means[1] - 3.55).abs() < 0.01, "{means:?}");
        assert!((means[2] - 4.17).abs() < 0.01, "{means:?}");
    }
}
