//! The household groups of the report by group: ethnic minority, no working capacity, with a
//! person of merit, and the others.
//!
//! The groups overlap (an ethnic-minority household can also have a person of merit), so a
//! household is counted in every group it belongs to and "khác" holds only households in none;
//! the group columns can add up to more than the households. A household is an ethnic-minority
//! household when its head is not Kinh. Both conventions are ansinh's: the form's own
//! definitions are UNCONFIRMED.

use crate::ethnicity::Ethnicity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HouseholdGroup {
    EthnicMinority,
    NoWorkingCapacity,
    PersonOfMerit,
    Other,
}

impl HouseholdGroup {
    pub const ALL: [HouseholdGroup; 4] = [
        HouseholdGroup::EthnicMinority,
        HouseholdGroup::NoWorkingCapacity,
        HouseholdGroup::PersonOfMerit,
        HouseholdGroup::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            HouseholdGroup::EthnicMinority => "dan_toc_thieu_so",
            HouseholdGroup::NoWorkingCapacity => "khong_co_kha_nang_lao_dong",
            HouseholdGroup::PersonOfMerit => "co_nguoi_co_cong",
            HouseholdGroup::Other => "khac",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            HouseholdGroup::EthnicMinority => "Hộ dân tộc thiểu số",
            HouseholdGroup::NoWorkingCapacity => "Hộ không có khả năng lao động",
            HouseholdGroup::PersonOfMerit => "Hộ có thành viên là người có công với cách mạng",
            HouseholdGroup::Other => "Hộ khác",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// The facts that place a household in groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GroupFacts {
    /// The ethnicity of the head of household.
    pub head_ethnicity: Ethnicity,
    /// No member can work (hộ không có khả năng lao động).
    pub no_working_capacity: bool,
    /// A member is a person with meritorious services (người có công với cách mạng).
    pub person_of_merit: bool,
}

impl GroupFacts {
    /// Calls `f` for each group the household is in, without allocating.
    pub fn for_each_group(&self, mut f: impl FnMut(HouseholdGroup)) {
        let minority = self.head_ethnicity.is_minority();
        if minority {
            f(HouseholdGroup::EthnicMinority);
        }
        if self.no_working_capacity {
            f(HouseholdGroup::NoWorkingCapacity);
        }
        if self.person_of_merit {
            f(HouseholdGroup::PersonOfMerit);
        }
        if !minority && !self.no_working_capacity && !self.person_of_merit {
            f(HouseholdGroup::Other);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(f: GroupFacts) -> Vec<HouseholdGroup> {
        let mut out = Vec::new();
        f.for_each_group(|g| out.push(g));
        out
    }

    #[test]
    fn groups_overlap_and_other_means_none() {
        let ta_oi = Ethnicity::from_code(31).unwrap();
        assert_eq!(
            groups(GroupFacts {
                head_ethnicity: ta_oi,
                no_working_capacity: false,
                person_of_merit: true
            }),
            [
                HouseholdGroup::EthnicMinority,
                HouseholdGroup::PersonOfMerit
            ]
        );
        assert_eq!(
            groups(GroupFacts {
                head_ethnicity: Ethnicity::KINH,
                no_working_capacity: false,
                person_of_merit: false
            }),
            [HouseholdGroup::Other]
        );
        assert_eq!(
            groups(GroupFacts {
                head_ethnicity: Ethnicity::KINH,
                no_working_capacity: true,
                person_of_merit: false
            }),
            [HouseholdGroup::NoWorkingCapacity]
        );
    }
}
