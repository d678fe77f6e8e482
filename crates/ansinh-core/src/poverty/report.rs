//! Aggregates of a review for the report set of Phụ lục VII (Thông tư 07/2021/TT-BLĐTBXH, as
//! amended by Thông tư 02/2022/TT-BLĐTBXH): one pass over the classified households gives
//! every count per area and for the province.
//!
//! The report titles and their order follow RULES §2, taken from a third-party implementation
//! of the forms; the official numbering is UNCONFIRMED ([`ReportKind::numbering_confirmed`]).
//!
//! Rates are exact [`Ratio`]s, rounded only for display:
//! - poverty (near-poverty) rate = households in the class / all households of the area, so the
//!   rows must include every household reviewed, not only the poor;
//! - deprivation rate of an indicator = households of the class lacking it / households of the
//!   class. Whether the forms use that denominator or all households is UNCONFIRMED; the
//!   counts are there for either.

use crate::ethnicity::{ETHNIC_GROUPS, Ethnicity};

use super::by_area::ByArea;
use super::cause::{Cause, Causes};
use super::classify::Class;
use super::group::{GroupFacts, HouseholdGroup};
use super::indicator::{Deprivations, Dimension, Indicator};
use super::movement::PovertyList;
use super::number::Ratio;
use super::survey::ChildCounts;

/// The reports of the set, in the order of RULES §2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportKind {
    /// From [`AreaStats::count`] and [`AreaStats::rate`].
    Summary,
    /// From [`super::movement::movements_by_area`].
    PoorMovement,
    NearPoorMovement,
    /// From [`AreaStats::deprivation_count`] and [`AreaStats::deprivation_rate`].
    PoorDeprivationCounts,
    PoorDeprivationRates,
    NearPoorDeprivationCounts,
    NearPoorDeprivationRates,
    /// From [`AreaStats::group_count`].
    ByGroup,
    /// From [`AreaStats::ethnicity_count`].
    ByEthnicity,
    /// From [`AreaStats::cause_count`].
    ByCause,
    /// From [`AreaStats::children`]: the survey's child counts of poor and near-poor
    /// households. Its columns are ansinh's reading of the form (UNCONFIRMED).
    ChildDeprivations,
    /// From [`AreaStats`]: households, members, groups, and the households by how many
    /// indicators and which dimensions they lack. Columns UNCONFIRMED, as the numbering.
    PoorMultidimensionalSummary,
    NearPoorMultidimensionalSummary,
    /// The rows of the class, from [`detail_list`].
    NearPoorList,
    PoorList,
}

impl ReportKind {
    pub const ALL: [ReportKind; 15] = [
        ReportKind::Summary,
        ReportKind::PoorMovement,
        ReportKind::NearPoorMovement,
        ReportKind::PoorDeprivationCounts,
        ReportKind::PoorDeprivationRates,
        ReportKind::NearPoorDeprivationCounts,
        ReportKind::NearPoorDeprivationRates,
        ReportKind::ByGroup,
        ReportKind::ByEthnicity,
        ReportKind::ByCause,
        ReportKind::ChildDeprivations,
        ReportKind::PoorMultidimensionalSummary,
        ReportKind::NearPoorMultidimensionalSummary,
        ReportKind::NearPoorList,
        ReportKind::PoorList,
    ];

    /// Position 1–15 in the list of RULES §2 (not necessarily the official form number).
    pub fn sequence(self) -> u8 {
        self as u8 + 1
    }

    /// The official form numbers (Mẫu số …) were not found in a primary text.
    pub fn numbering_confirmed(self) -> bool {
        false
    }

    pub fn code(self) -> &'static str {
        match self {
            ReportKind::Summary => "tong_hop",
            ReportKind::PoorMovement => "dien_bien_ngheo",
            ReportKind::NearPoorMovement => "dien_bien_can_ngheo",
            ReportKind::PoorDeprivationCounts => "thieu_hut_ngheo_so_luong",
            ReportKind::PoorDeprivationRates => "thieu_hut_ngheo_ty_le",
            ReportKind::NearPoorDeprivationCounts => "thieu_hut_can_ngheo_so_luong",
            ReportKind::NearPoorDeprivationRates => "thieu_hut_can_ngheo_ty_le",
            ReportKind::ByGroup => "theo_nhom",
            ReportKind::ByEthnicity => "theo_dan_toc",
            ReportKind::ByCause => "theo_nguyen_nhan",
            ReportKind::ChildDeprivations => "thieu_hut_tre_em",
            ReportKind::PoorMultidimensionalSummary => "tong_hop_ngheo_da_chieu",
            ReportKind::NearPoorMultidimensionalSummary => "tong_hop_can_ngheo_da_chieu",
            ReportKind::NearPoorList => "danh_sach_can_ngheo",
            ReportKind::PoorList => "danh_sach_ngheo",
        }
    }

    pub fn title_vi(self) -> &'static str {
        match self {
            ReportKind::Summary => {
                "Tổng hợp kết quả chính thức rà soát hộ nghèo, hộ cận nghèo, hộ làm nông \
                 nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình"
            }
            ReportKind::PoorMovement => "Diễn biến hộ nghèo",
            ReportKind::NearPoorMovement => "Diễn biến hộ cận nghèo",
            ReportKind::PoorDeprivationCounts => {
                "Số hộ nghèo theo các chỉ số thiếu hụt dịch vụ xã hội cơ bản"
            }
            ReportKind::PoorDeprivationRates => {
                "Tỷ lệ hộ nghèo theo các chỉ số thiếu hụt dịch vụ xã hội cơ bản"
            }
            ReportKind::NearPoorDeprivationCounts => {
                "Số hộ cận nghèo theo các chỉ số thiếu hụt dịch vụ xã hội cơ bản"
            }
            ReportKind::NearPoorDeprivationRates => {
                "Tỷ lệ hộ cận nghèo theo các chỉ số thiếu hụt dịch vụ xã hội cơ bản"
            }
            ReportKind::ByGroup => {
                "Hộ nghèo, hộ cận nghèo theo nhóm đối tượng (dân tộc thiểu số, không có khả \
                 năng lao động, có người có công, khác)"
            }
            ReportKind::ByEthnicity => "Hộ nghèo, hộ cận nghèo theo dân tộc",
            ReportKind::ByCause => "Hộ nghèo, hộ cận nghèo theo nguyên nhân nghèo",
            ReportKind::ChildDeprivations => "Thiếu hụt của trẻ em",
            ReportKind::PoorMultidimensionalSummary => {
                "Tổng hợp kết quả rà soát hộ nghèo theo chuẩn nghèo đa chiều"
            }
            ReportKind::NearPoorMultidimensionalSummary => {
                "Tổng hợp kết quả rà soát hộ cận nghèo theo chuẩn nghèo đa chiều"
            }
            ReportKind::NearPoorList => "Danh sách chi tiết hộ cận nghèo",
            ReportKind::PoorList => "Danh sách chi tiết hộ nghèo",
        }
    }
}

/// One classified household of a review, as the reports need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReportRow<K> {
    pub area: K,
    pub class: Class,
    pub deprivations: Deprivations,
    /// Works in farming, forestry, fishery or salt making (nông, lâm, ngư, diêm nghiệp): the
    /// summary counts average-living-standard households of that kind (Thông tư 07/2021).
    pub farming: bool,
    pub groups: GroupFacts,
    /// Causes of poverty, recorded for poor and near-poor households.
    pub causes: Causes,
    /// Members of the household from its survey; `None` when it was not surveyed.
    pub members: Option<u16>,
    /// The head of the household is a woman.
    pub female_head: bool,
    /// The survey's child counts; `None` when not surveyed or not recorded.
    pub children: Option<ChildCounts>,
}

/// The children of a list's households in an area, for the child-deprivation report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChildTotals {
    /// Households whose survey recorded the child counts.
    pub households_recorded: u64,
    /// Of which with at least one child under 16.
    pub households_with_children: u64,
    /// Households of the list whose survey did not record them (surveys made before the
    /// counts were asked): the counts above leave them out, and the report says how many.
    pub households_not_recorded: u64,
    pub under_16: u64,
    pub malnourished: u64,
    pub without_health_insurance: u64,
    pub not_at_school_level: u64,
}

impl ChildTotals {
    fn record(&mut self, children: Option<ChildCounts>) {
        let Some(c) = children else {
            self.households_not_recorded += 1;
            return;
        };
        self.households_recorded += 1;
        if c.under_16 > 0 {
            self.households_with_children += 1;
        }
        self.under_16 += u64::from(c.under_16);
        self.malnourished += u64::from(c.malnourished);
        self.without_health_insurance += u64::from(c.without_health_insurance);
        self.not_at_school_level += u64::from(c.not_at_school_level);
    }

    fn add(&mut self, o: &ChildTotals) {
        self.households_recorded += o.households_recorded;
        self.households_with_children += o.households_with_children;
        self.households_not_recorded += o.households_not_recorded;
        self.under_16 += o.under_16;
        self.malnourished += o.malnourished;
        self.without_health_insurance += o.without_health_insurance;
        self.not_at_school_level += o.not_at_school_level;
    }
}

/// Every counter of the report set for one area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaStats {
    /// All households reviewed in the area: the denominator of the poverty rates.
    pub households: u64,
    by_class: [u64; 4],
    average_farming: u64,
    /// Per list (poor, near-poor), then per indicator / group / cause / ethnic group.
    deprivations: [[u64; 12]; 2],
    groups: [[u64; 4]; 2],
    causes: [[u64; 12]; 2],
    ethnicities: [[u64; ETHNIC_GROUPS.len()]; 2],
    /// All households of the area whose head is of an ethnic minority: the denominator of the
    /// poverty rate among minority households.
    minority_households: u64,
    members: [u64; 2],
    female_head: [u64; 2],
    /// Households by the number of indicators they lack, 0–12.
    lacking: [[u64; 13]; 2],
    dimensions: [[u64; 6]; 2],
    children: [ChildTotals; 2],
}

impl Default for AreaStats {
    fn default() -> Self {
        AreaStats {
            households: 0,
            by_class: [0; 4],
            average_farming: 0,
            deprivations: [[0; 12]; 2],
            groups: [[0; 4]; 2],
            causes: [[0; 12]; 2],
            ethnicities: [[0; ETHNIC_GROUPS.len()]; 2],
            minority_households: 0,
            members: [0; 2],
            female_head: [0; 2],
            lacking: [[0; 13]; 2],
            dimensions: [[0; 6]; 2],
            children: [ChildTotals::default(); 2],
        }
    }
}

impl AreaStats {
    /// Counts one household. Integer increments only: no allocation.
    pub fn record<K>(&mut self, row: &ReportRow<K>) {
        self.households += 1;
        self.by_class[row.class.index()] += 1;
        if row.class == Class::AverageLivingStandard && row.farming {
            self.average_farming += 1;
        }
        if row.groups.head_ethnicity.is_minority() {
            self.minority_households += 1;
        }
        let Some(list) = PovertyList::of(row.class) else {
            return;
        };
        let l = list.index();
        self.members[l] += row.members.map_or(0, u64::from);
        if row.female_head {
            self.female_head[l] += 1;
        }
        self.lacking[l][usize::from(row.deprivations.count())] += 1;
        for d in Dimension::ALL {
            if d.indicators().iter().any(|i| row.deprivations.contains(*i)) {
                self.dimensions[l][d as usize] += 1;
            }
        }
        self.children[l].record(row.children);
        let mut bits = row.deprivations.bits();
        while bits != 0 {
            self.deprivations[l][bits.trailing_zeros() as usize] += 1;
            bits &= bits - 1;
        }
        let mut bits = row.causes.bits();
        while bits != 0 {
            self.causes[l][bits.trailing_zeros() as usize] += 1;
            bits &= bits - 1;
        }
        row.groups
            .for_each_group(|g| self.groups[l][g.index()] += 1);
        self.ethnicities[l][usize::from(row.groups.head_ethnicity.code()) - 1] += 1;
    }

    /// Adds another area's counters (to build a higher level from lower ones).
    pub fn add(&mut self, other: &AreaStats) {
        fn add_all<const N: usize>(a: &mut [u64; N], b: &[u64; N]) {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        }
        self.households += other.households;
        add_all(&mut self.by_class, &other.by_class);
        self.average_farming += other.average_farming;
        self.minority_households += other.minority_households;
        add_all(&mut self.members, &other.members);
        add_all(&mut self.female_head, &other.female_head);
        for l in 0..2 {
            add_all(&mut self.deprivations[l], &other.deprivations[l]);
            add_all(&mut self.groups[l], &other.groups[l]);
            add_all(&mut self.causes[l], &other.causes[l]);
            add_all(&mut self.ethnicities[l], &other.ethnicities[l]);
            add_all(&mut self.lacking[l], &other.lacking[l]);
            add_all(&mut self.dimensions[l], &other.dimensions[l]);
            self.children[l].add(&other.children[l]);
        }
    }

    pub fn count(&self, class: Class) -> u64 {
        self.by_class[class.index()]
    }

    /// Households of the list over all households of the area.
    pub fn rate(&self, list: PovertyList) -> Ratio {
        Ratio::new(self.list_count(list), self.households)
    }

    /// Average-living-standard households that farm, fish, or make salt (the summary's
    /// third column).
    pub fn average_farming(&self) -> u64 {
        self.average_farming
    }

    pub fn list_count(&self, list: PovertyList) -> u64 {
        match list {
            PovertyList::Poor => self.count(Class::Poor),
            PovertyList::NearPoor => self.count(Class::NearPoor),
        }
    }

    pub fn deprivation_count(&self, list: PovertyList, indicator: Indicator) -> u64 {
        self.deprivations[list.index()][indicator.index()]
    }

    /// Households of the list lacking the indicator over households of the list.
    pub fn deprivation_rate(&self, list: PovertyList, indicator: Indicator) -> Ratio {
        Ratio::new(
            self.deprivation_count(list, indicator),
            self.list_count(list),
        )
    }

    pub fn group_count(&self, list: PovertyList, group: HouseholdGroup) -> u64 {
        self.groups[list.index()][group.index()]
    }

    pub fn cause_count(&self, list: PovertyList, cause: Cause) -> u64 {
        self.causes[list.index()][cause.index()]
    }

    pub fn ethnicity_count(&self, list: PovertyList, ethnicity: Ethnicity) -> u64 {
        self.ethnicities[list.index()][usize::from(ethnicity.code()) - 1]
    }

    /// All households of the area whose head is of an ethnic minority.
    pub fn minority_households(&self) -> u64 {
        self.minority_households
    }

    /// Minority households of the list over all minority households of the area.
    pub fn minority_rate(&self, list: PovertyList) -> Ratio {
        Ratio::new(
            self.group_count(list, HouseholdGroup::EthnicMinority),
            self.minority_households,
        )
    }

    /// Members of the list's households (from their surveys).
    pub fn members(&self, list: PovertyList) -> u64 {
        self.members[list.index()]
    }

    /// Households of the list headed by a woman.
    pub fn female_head(&self, list: PovertyList) -> u64 {
        self.female_head[list.index()]
    }

    /// Households of the list lacking exactly `n` indicators.
    pub fn lacking_exactly(&self, list: PovertyList, n: u8) -> u64 {
        self.lacking[list.index()]
            .get(usize::from(n))
            .copied()
            .unwrap_or(0)
    }

    /// Households of the list lacking `n` indicators or more.
    pub fn lacking_at_least(&self, list: PovertyList, n: u8) -> u64 {
        self.lacking[list.index()].iter().skip(usize::from(n)).sum()
    }

    /// Households of the list lacking at least one indicator of the dimension.
    pub fn dimension_count(&self, list: PovertyList, dimension: Dimension) -> u64 {
        self.dimensions[list.index()][dimension as usize]
    }

    /// The children of the list's households.
    pub fn children(&self, list: PovertyList) -> &ChildTotals {
        &self.children[list.index()]
    }

    /// The ethnic groups with at least one household of the list, in official order.
    pub fn ethnicities_present(&self, list: PovertyList) -> impl Iterator<Item = (Ethnicity, u64)> {
        self.ethnicities[list.index()]
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .filter_map(|(i, n)| Some((Ethnicity::from_code(u8::try_from(i + 1).ok()?)?, *n)))
    }
}

/// Every counter per area and for the province, in one pass over the rows.
pub fn aggregate<'a, K: Ord + Clone + 'a>(
    rows: impl IntoIterator<Item = &'a ReportRow<K>>,
) -> ByArea<K, AreaStats> {
    let mut table = ByArea::new();
    for row in rows {
        table.record(&row.area, |s: &mut AreaStats| s.record(row));
    }
    table
}

/// The rows of one list (the detail lists, reports 14 and 15), in the order given.
pub fn detail_list<'a, K: 'a>(
    rows: impl IntoIterator<Item = &'a ReportRow<K>>,
    list: PovertyList,
) -> impl Iterator<Item = &'a ReportRow<K>> {
    rows.into_iter()
        .filter(move |r| PovertyList::of(r.class) == Some(list))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(area: &'static str, class: Class, lacks: &[Indicator]) -> ReportRow<&'static str> {
        ReportRow {
            area,
            class,
            deprivations: Deprivations::of(lacks),
            farming: false,
            groups: GroupFacts {
                head_ethnicity: Ethnicity::KINH,
                no_working_capacity: false,
                person_of_merit: false,
            },
            causes: Causes::NONE,
            members: Some(4),
            female_head: false,
            children: None,
        }
    }

    #[test]
    fn counts_and_rates_per_area_and_total() {
        use Indicator::{Employment, Water};
        let ta_oi = Ethnicity::from_code(31).unwrap();
        let mut minority_poor = row("A Lưới 1", Class::Poor, &[Employment, Water]);
        minority_poor.groups.head_ethnicity = ta_oi;
        minority_poor.groups.person_of_merit = true;
        minority_poor.causes = Causes::of(&[Cause::LackOfLand, Cause::LackOfCapital]);
        let mut farming = row("A Lưới 1", Class::AverageLivingStandard, &[]);
        farming.farming = true;
        let rows = [
            minority_poor,
            row("A Lưới 1", Class::Poor, &[Employment]),
            row("A Lưới 1", Class::NotPoor, &[Water]),
            farming,
            row("Thuận An", Class::NearPoor, &[Water]),
            row("Thuận An", Class::NotPoor, &[]),
            row("Thuận An", Class::AverageLivingStandard, &[]),
        ];
        let t = aggregate(&rows);
        let a = &t.areas["A Lưới 1"];
        assert_eq!(a.households, 4);
        assert_eq!(a.count(Class::Poor), 2);
        assert_eq!(a.rate(PovertyList::Poor).percent_vi(2), "50,00%");
        assert_eq!(a.average_farming(), 1);
        assert_eq!(a.deprivation_count(PovertyList::Poor, Employment), 2);
        // The not-poor household lacking water is not in the poor list's counts.
        assert_eq!(a.deprivation_count(PovertyList::Poor, Water), 1);
        assert_eq!(
            a.deprivation_rate(PovertyList::Poor, Water).basis_points(),
            Some(5_000)
        );
        assert_eq!(
            a.group_count(PovertyList::Poor, HouseholdGroup::EthnicMinority),
            1
        );
        assert_eq!(
            a.group_count(PovertyList::Poor, HouseholdGroup::PersonOfMerit),
            1
        );
        assert_eq!(a.group_count(PovertyList::Poor, HouseholdGroup::Other), 1);
        assert_eq!(a.cause_count(PovertyList::Poor, Cause::LackOfLand), 1);
        assert_eq!(a.ethnicity_count(PovertyList::Poor, ta_oi), 1);
        assert_eq!(
            a.ethnicities_present(PovertyList::Poor).collect::<Vec<_>>(),
            [(Ethnicity::KINH, 1), (ta_oi, 1)]
        );
        let total = &t.total;
        assert_eq!(total.households, 7);
        assert_eq!(total.rate(PovertyList::NearPoor), Ratio::new(1, 7));
        assert_eq!(total.rate(PovertyList::NearPoor).percent_vi(2), "14,29%");
        assert_eq!(
            t.areas["Thuận An"]
                .deprivation_rate(PovertyList::Poor, Water)
                .percent_vi(2),
            "-"
        );
        assert_eq!(
            detail_list(&rows, PovertyList::NearPoor)
                .map(|r| r.area)
                .collect::<Vec<_>>(),
            ["Thuận An"]
        );
    }

    #[test]
    fn summary_and_child_counters_of_the_multidimensional_forms() {
        use Indicator::{ChildSchooling, Employment, Nutrition, Telecom, Toilet, Water};
        let ta_oi = Ethnicity::from_code(31).unwrap();
        let mut poor = row(
            "A",
            Class::Poor,
            &[Employment, Nutrition, ChildSchooling, Water],
        );
        poor.groups.head_ethnicity = ta_oi;
        poor.female_head = true;
        poor.members = Some(6);
        poor.children = Some(ChildCounts {
            under_16: 3,
            malnourished: 1,
            without_health_insurance: 0,
            not_at_school_level: 2,
        });
        let mut poor_old_survey = row("A", Class::Poor, &[Employment, Water, Toilet]);
        poor_old_survey.members = Some(2);
        let mut near = row("A", Class::NearPoor, &[Telecom]);
        near.children = Some(ChildCounts::default());
        let mut minority_not_poor = row("A", Class::NotPoor, &[]);
        minority_not_poor.groups.head_ethnicity = ta_oi;
        minority_not_poor.members = None;
        let t = aggregate(&[poor, poor_old_survey, near, minority_not_poor]);
        let a = &t.areas["A"];
        let p = PovertyList::Poor;
        assert_eq!(a.members(p), 8);
        assert_eq!(a.female_head(p), 1);
        assert_eq!(a.minority_households(), 2);
        assert_eq!(a.minority_rate(p).percent_vi(2), "50,00%");
        assert_eq!((a.lacking_exactly(p, 3), a.lacking_exactly(p, 4)), (1, 1));
        assert_eq!(a.lacking_at_least(p, 3), 2);
        assert_eq!(a.lacking_at_least(p, 5), 0);
        assert_eq!(a.lacking_exactly(PovertyList::NearPoor, 1), 1);
        assert_eq!(a.lacking_exactly(p, 13), 0);
        // Two poor households lack employment; only one lacks anything in education.
        assert_eq!(a.dimension_count(p, Dimension::Employment), 2);
        assert_eq!(a.dimension_count(p, Dimension::Education), 1);
        assert_eq!(a.dimension_count(p, Dimension::Health), 1);
        assert_eq!(a.dimension_count(p, Dimension::WaterSanitation), 2);
        assert_eq!(
            *a.children(p),
            ChildTotals {
                households_recorded: 1,
                households_with_children: 1,
                households_not_recorded: 1,
                under_16: 3,
                malnourished: 1,
                without_health_insurance: 0,
                not_at_school_level: 2,
            }
        );
        let n = a.children(PovertyList::NearPoor);
        assert_eq!((n.households_recorded, n.households_with_children), (1, 0));
    }

    #[test]
    fn report_titles_are_numbered_in_rules_order() {
        for (n, k) in ReportKind::ALL.into_iter().enumerate() {
            assert_eq!(usize::from(k.sequence()), n + 1);
            assert!(!k.numbering_confirmed());
            assert!(!k.title_vi().is_empty());
        }
        assert_eq!(ReportKind::PoorMovement.title_vi(), "Diễn biến hộ nghèo");
        assert_eq!(ReportKind::PoorList.sequence(), 15);
    }

    /// A deterministic spread of households over 40 communes (an LCG, so no test dependency).
    fn spread(n: usize) -> Vec<ReportRow<u16>> {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            x >> 33
        };
        (0..n)
            .map(|_| ReportRow {
                area: (next() % 40) as u16,
                class: Class::ALL[(next() % 4) as usize],
                deprivations: Deprivations::from_bits((next() & 0xFFF) as u16).unwrap(),
                farming: next() % 2 == 0,
                groups: GroupFacts {
                    head_ethnicity: Ethnicity::from_code((next() % 54 + 1) as u8).unwrap(),
                    no_working_capacity: next() % 5 == 0,
                    person_of_merit: next() % 7 == 0,
                },
                causes: Causes::from_bits((next() & 0xFFF) as u16).unwrap(),
                members: Some((next() % 8 + 1) as u16),
                female_head: next() % 3 == 0,
                children: (next() % 4 != 0).then(|| {
                    let under_16 = (next() % 4) as u16;
                    ChildCounts {
                        under_16,
                        malnourished: under_16.min((next() % 2) as u16),
                        without_health_insurance: under_16.min((next() % 2) as u16),
                        not_at_school_level: under_16.min((next() % 3) as u16),
                    }
                }),
            })
            .collect()
    }

    #[test]
    fn communes_add_up_to_the_province_total() {
        let rows = spread(20_000);
        let t = aggregate(&rows);
        assert_eq!(t.areas.len(), 40);
        let mut sum = AreaStats::default();
        t.areas.values().for_each(|a| sum.add(a));
        assert_eq!(sum, t.total);
        assert_eq!(t.total.households, 20_000);
        let classes: u64 = Class::ALL.iter().map(|c| t.total.count(*c)).sum();
        assert_eq!(classes, 20_000);
        for list in [PovertyList::Poor, PovertyList::NearPoor] {
            let by_ethnicity: u64 = t.total.ethnicities_present(list).map(|(_, n)| n).sum();
            assert_eq!(by_ethnicity, t.total.list_count(list));
            // Every household of the list has a number of indicators lacked.
            assert_eq!(t.total.lacking_at_least(list, 0), t.total.list_count(list));
            let c = t.total.children(list);
            assert_eq!(
                c.households_recorded + c.households_not_recorded,
                t.total.list_count(list)
            );
        }
    }
}
