//! Administrative units with history: provinces, districts (until 1/7/2025) and communes, each
//! valid over a half-open date range, and the successor mapping of the 2025 reorganisation.
//!
//! The shipped catalogue is parsed here from the CSV files in `data/areas/` (compiled in, so no
//! IO); the store copies it into the database, where the date queries run.

use chrono::NaiveDate;
use uuid::Uuid;

/// The day the two-level local government started (Nghị quyết 1675/NQ-UBTVQH15 and the Luật
/// Tổ chức chính quyền địa phương 2025): districts abolished, 133 communes of Huế became 40.
pub fn reorganisation_2025() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).expect("valid date")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AreaLevel {
    Province,
    District,
    Commune,
}

impl AreaLevel {
    pub fn code(self) -> &'static str {
        match self {
            AreaLevel::Province => "province",
            AreaLevel::District => "district",
            AreaLevel::Commune => "commune",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "province" => Some(AreaLevel::Province),
            "district" => Some(AreaLevel::District),
            "commune" => Some(AreaLevel::Commune),
            _ => None,
        }
    }
}

/// The legal type of a unit; it decides urban or rural for communes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AreaKind {
    /// thành phố trực thuộc trung ương
    CentralCity,
    /// tỉnh
    Province,
    /// quận
    UrbanDistrict,
    /// thị xã
    Town,
    /// huyện
    RuralDistrict,
    /// phường
    Ward,
    /// thị trấn
    Township,
    /// xã
    Commune,
}

impl AreaKind {
    pub fn code(self) -> &'static str {
        match self {
            AreaKind::CentralCity => "thanh_pho",
            AreaKind::Province => "tinh",
            AreaKind::UrbanDistrict => "quan",
            AreaKind::Town => "thi_xa",
            AreaKind::RuralDistrict => "huyen",
            AreaKind::Ward => "phuong",
            AreaKind::Township => "thi_tran",
            AreaKind::Commune => "xa",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        [
            AreaKind::CentralCity,
            AreaKind::Province,
            AreaKind::UrbanDistrict,
            AreaKind::Town,
            AreaKind::RuralDistrict,
            AreaKind::Ward,
            AreaKind::Township,
            AreaKind::Commune,
        ]
        .into_iter()
        .find(|k| k.code() == s)
    }

    /// Phường and thị trấn are urban (thành thị), xã is rural (nông thôn), which is how the
    /// poverty standard and the statistics office classify households.
    pub fn settlement(self) -> Settlement {
        match self {
            AreaKind::Commune | AreaKind::RuralDistrict | AreaKind::Province => Settlement::Rural,
            _ => Settlement::Urban,
        }
    }

    fn from_district_name(name: &str) -> AreaKind {
        if name.starts_with("Quận") {
            AreaKind::UrbanDistrict
        } else if name.starts_with("Thị xã") {
            AreaKind::Town
        } else {
            AreaKind::RuralDistrict
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Settlement {
    Urban,
    Rural,
}

impl Settlement {
    pub fn code(self) -> &'static str {
        match self {
            Settlement::Urban => "urban",
            Settlement::Rural => "rural",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "urban" => Some(Settlement::Urban),
            "rural" => Some(Settlement::Rural),
            _ => None,
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Settlement::Urban => "thành thị",
            Settlement::Rural => "nông thôn",
        }
    }
}

/// One unit over one period. The same code can name two units over time (a new commune keeps
/// the code of one of the communes it absorbed), so the key is derived from code and start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub level: AreaLevel,
    pub kind: AreaKind,
    pub parent_id: Option<Uuid>,
    /// First day in force; `None` means "since before the records begin".
    pub valid_from: Option<NaiveDate>,
    /// First day no longer in force (exclusive); `None` means still in force.
    pub valid_to: Option<NaiveDate>,
}

impl Area {
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= day) && self.valid_to.is_none_or(|t| day < t)
    }

    pub fn settlement(&self) -> Settlement {
        self.kind.settlement()
    }
}

/// A deterministic key for a unit, the same in every installation, so data from two provinces
/// or two servers can be merged without clashes (UUID v5 over level, code and start date).
pub fn area_id(level: AreaLevel, code: &str, valid_from: Option<NaiveDate>) -> Uuid {
    const NAMESPACE: Uuid = Uuid::from_u128(0x6a4e_2f1c_9b7d_4c3a_8e21_5d0f_a1b2_c3d4);
    let from = valid_from.map_or_else(|| "-".to_string(), |d| d.to_string());
    Uuid::new_v5(
        &NAMESPACE,
        format!("{}:{code}:{from}", level.code()).as_bytes(),
    )
}

/// The shipped catalogue: all units and the old → new successor pairs.
#[derive(Debug, Clone)]
pub struct AreaCatalog {
    pub areas: Vec<Area>,
    /// (old unit, new unit) pairs of the 2025 reorganisation.
    pub successors: Vec<(Uuid, Uuid)>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dữ liệu địa bàn {file} dòng {line}: {reason}")]
pub struct CatalogError {
    pub file: &'static str,
    pub line: usize,
    pub reason: String,
}

const PROVINCES_BEFORE: &str = include_str!("../../../data/areas/provinces-before-2025-07.csv");
const PROVINCES_AFTER: &str = include_str!("../../../data/areas/provinces-2025.csv");
const HUE_BEFORE: &str = include_str!("../../../data/areas/hue-units-before-2025-07.csv");
const HUE_AFTER: &str = include_str!("../../../data/areas/hue-communes-2025.csv");
const HUE_MERGES: &str = include_str!("../../../data/areas/hue-merges-2025.csv");

/// Splits simple CSV (no quoted fields: the shipped files have none) into rows after the header,
/// checking the column count.
fn rows(
    file: &'static str,
    text: &'static str,
    columns: usize,
) -> Result<Vec<(usize, Vec<&'static str>)>, CatalogError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').collect();
        if fields.len() != columns {
            return Err(CatalogError {
                file,
                line: i + 1,
                reason: format!("cần {columns} cột, có {}", fields.len()),
            });
        }
        out.push((i + 1, fields));
    }
    Ok(out)
}

impl AreaCatalog {
    /// Parses the shipped files into the catalogue. Provinces have one version before and one
    /// after 1/7/2025 (the 63 → 34 merger); Huế's districts and old communes end on that day
    /// and its 40 new communes start on it.
    pub fn shipped() -> Result<AreaCatalog, CatalogError> {
        let cut = reorganisation_2025();
        let mut areas = Vec::new();
        let mut successors = Vec::new();

        let province = |code: &str, name: &str, from, to, kind| Area {
            id: area_id(AreaLevel::Province, code, from),
            code: code.to_string(),
            name: name.to_string(),
            level: AreaLevel::Province,
            kind,
            parent_id: None,
            valid_from: from,
            valid_to: to,
        };
        for (_, f) in rows("provinces-before-2025-07.csv", PROVINCES_BEFORE, 2)? {
            let kind = if f[1].starts_with("Thành phố") {
                AreaKind::CentralCity
            } else {
                AreaKind::Province
            };
            areas.push(province(f[0], f[1], None, Some(cut), kind));
        }
        for (line, f) in rows("provinces-2025.csv", PROVINCES_AFTER, 3)? {
            let kind = match f[2] {
                "thanh_pho" => AreaKind::CentralCity,
                "tinh" => AreaKind::Province,
                other => {
                    return Err(CatalogError {
                        file: "provinces-2025.csv",
                        line,
                        reason: format!("loại '{other}' không rõ"),
                    });
                }
            };
            areas.push(province(f[0], f[1], Some(cut), None, kind));
        }
        let hue_old = area_id(AreaLevel::Province, "46", None);
        let hue_new = area_id(AreaLevel::Province, "46", Some(cut));
        successors.push((hue_old, hue_new));

        let mut districts_seen = std::collections::HashSet::new();
        for (line, f) in rows("hue-units-before-2025-07.csv", HUE_BEFORE, 5)? {
            let district_id = area_id(AreaLevel::District, f[0], None);
            if districts_seen.insert(f[0]) {
                areas.push(Area {
                    id: district_id,
                    code: f[0].to_string(),
                    name: f[1].to_string(),
                    level: AreaLevel::District,
                    kind: AreaKind::from_district_name(f[1]),
                    parent_id: Some(hue_old),
                    valid_from: None,
                    valid_to: Some(cut),
                });
            }
            let kind = AreaKind::from_code(f[4]).ok_or_else(|| CatalogError {
                file: "hue-units-before-2025-07.csv",
                line,
                reason: format!("loại '{}' không rõ", f[4]),
            })?;
            areas.push(Area {
                id: area_id(AreaLevel::Commune, f[2], None),
                code: f[2].to_string(),
                name: f[3].to_string(),
                level: AreaLevel::Commune,
                kind,
                parent_id: Some(district_id),
                valid_from: None,
                valid_to: Some(cut),
            });
        }
        for (line, f) in rows("hue-communes-2025.csv", HUE_AFTER, 4)? {
            let kind = AreaKind::from_code(f[2]).ok_or_else(|| CatalogError {
                file: "hue-communes-2025.csv",
                line,
                reason: format!("loại '{}' không rõ", f[2]),
            })?;
            areas.push(Area {
                id: area_id(AreaLevel::Commune, f[0], Some(cut)),
                code: f[0].to_string(),
                name: f[1].to_string(),
                level: AreaLevel::Commune,
                kind,
                parent_id: Some(area_id(AreaLevel::Province, f[3], Some(cut))),
                valid_from: Some(cut),
                valid_to: None,
            });
        }
        for (line, f) in rows("hue-merges-2025.csv", HUE_MERGES, 5)? {
            let new = area_id(AreaLevel::Commune, f[0], Some(cut));
            let old = area_id(AreaLevel::Commune, f[2], None);
            for (id, what) in [(new, f[0]), (old, f[2])] {
                if !areas.iter().any(|a| a.id == id) {
                    return Err(CatalogError {
                        file: "hue-merges-2025.csv",
                        line,
                        reason: format!("mã {what} không có trong danh mục"),
                    });
                }
            }
            successors.push((old, new));
        }
        Ok(AreaCatalog { areas, successors })
    }

    /// The unit with this code in force on `day`, if any.
    pub fn by_code_on(&self, code: &str, day: NaiveDate) -> Option<&Area> {
        self.areas
            .iter()
            .find(|a| a.code == code && a.in_force_on(day))
    }

    /// The unit with this key, in force or not.
    pub fn by_id(&self, id: Uuid) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id)
    }

    /// Units of a level in force on a day, ordered by code.
    pub fn in_force(&self, level: AreaLevel, day: NaiveDate) -> Vec<&Area> {
        let mut out: Vec<&Area> = self
            .areas
            .iter()
            .filter(|a| a.level == level && a.in_force_on(day))
            .collect();
        out.sort_by(|x, y| x.code.cmp(&y.code));
        out
    }

    /// The units an old unit was merged into, ordered by code.
    pub fn successors_of(&self, old: Uuid) -> Vec<&Area> {
        self.linked(|(o, n)| (*o == old).then_some(*n))
    }

    /// The old units that formed a new one, ordered by code.
    pub fn predecessors_of(&self, new: Uuid) -> Vec<&Area> {
        self.linked(|(o, n)| (*n == new).then_some(*o))
    }

    fn linked(&self, pick: impl Fn(&(Uuid, Uuid)) -> Option<Uuid>) -> Vec<&Area> {
        let mut out: Vec<&Area> = self
            .successors
            .iter()
            .filter_map(pick)
            .filter_map(|id| self.by_id(id))
            .collect();
        out.sort_by(|x, y| x.code.cmp(&y.code));
        out.dedup_by_key(|a| a.id);
        out
    }

    /// Every commune-level unit, past and present: the set a scope must cover to see the whole
    /// registry.
    pub fn commune_ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.areas
            .iter()
            .filter(|a| a.level == AreaLevel::Commune)
            .map(|a| a.id)
    }

    /// Huế's communes in force on a day.
    pub fn hue_communes_on(&self, day: NaiveDate) -> Vec<&Area> {
        self.areas
            .iter()
            .filter(|a| a.level == AreaLevel::Commune && a.in_force_on(day))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn shipped_catalogue_has_the_official_counts() {
        let cat = AreaCatalog::shipped().unwrap();
        let count = |level, day| {
            cat.areas
                .iter()
                .filter(|a| a.level == level && a.in_force_on(day))
                .count()
        };
        assert_eq!(count(AreaLevel::Province, d(2025, 6, 30)), 63);
        assert_eq!(count(AreaLevel::Province, d(2025, 7, 1)), 34);
        assert_eq!(count(AreaLevel::District, d(2025, 6, 30)), 9);
        assert_eq!(count(AreaLevel::District, d(2025, 7, 1)), 0);
        assert_eq!(count(AreaLevel::Commune, d(2024, 1, 1)), 133);
        assert_eq!(count(AreaLevel::Commune, d(2026, 1, 1)), 40);
        // 133 old communes each map to exactly one new one, plus the province itself.
        assert_eq!(cat.successors.len(), 134);
    }

    #[test]
    fn same_code_names_two_units_over_time() {
        let cat = AreaCatalog::shipped().unwrap();
        let old = cat.by_code_on("19900", d(2024, 12, 31)).unwrap();
        let new = cat.by_code_on("19900", d(2025, 7, 1)).unwrap();
        assert_ne!(old.id, new.id);
        assert_eq!(new.name, "Phường Thuận An");
        assert_eq!(new.settlement(), Settlement::Urban);
        let a_luoi = cat.by_code_on("20056", d(2026, 1, 1)).unwrap();
        assert_eq!(a_luoi.settlement(), Settlement::Rural);
    }

    #[test]
    fn ids_are_deterministic() {
        assert_eq!(
            area_id(AreaLevel::Commune, "19900", None),
            area_id(AreaLevel::Commune, "19900", None)
        );
        assert_ne!(
            area_id(AreaLevel::Commune, "19900", None),
            area_id(AreaLevel::Commune, "19900", Some(reorganisation_2025()))
        );
    }
}
