//! The groups entitled to the monthly social allowance, Nghị định 20/2021/NĐ-CP Điều 5.

use std::fmt;

/// A beneficiary group: the khoản (and for the elderly the điểm) of Điều 5. The codes are
/// stable: they are stored, exported and used as rule keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// Khoản 1: child under 16 with no source of care (abandoned, orphaned, parents missing,
    /// in a care facility or in detention: points a–l).
    K1,
    /// Khoản 2: a khoản 1 beneficiary who turned 16 and is still in school or training, until
    /// the end of studies and at most until 22.
    K2,
    /// Khoản 3: child with HIV/AIDS in a poor household.
    K3,
    /// Khoản 4: poor or near-poor single parent raising a child under 16, or 16–22 and
    /// studying.
    K4,
    /// Khoản 5 điểm a: elderly person in a poor household with no one obliged to support them
    /// (or whose supporter is on the monthly allowance).
    K5A,
    /// Khoản 5 điểm b: aged 75 to 80 in a poor or near-poor household, living in an extremely
    /// disadvantaged ethnic-minority and mountain commune or village.
    K5B,
    /// Khoản 5 điểm c: aged 80 or over with no pension, monthly social insurance or monthly
    /// social allowance.
    K5C,
    /// Khoản 5 điểm d: poor elderly person with no supporter, qualifying for a care facility
    /// but cared for in the community.
    K5D,
    /// Khoản 6: severely or extremely severely disabled person.
    K6,
    /// Khoản 7: child under 3 in a poor or near-poor household in an extremely disadvantaged
    /// ethnic-minority and mountain area.
    K7,
    /// Khoản 8: person with HIV/AIDS in a poor household with no stable monthly income.
    K8,
}

impl Group {
    pub const ALL: [Group; 11] = [
        Group::K1,
        Group::K2,
        Group::K3,
        Group::K4,
        Group::K5A,
        Group::K5B,
        Group::K5C,
        Group::K5D,
        Group::K6,
        Group::K7,
        Group::K8,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Group::K1 => "K1",
            Group::K2 => "K2",
            Group::K3 => "K3",
            Group::K4 => "K4",
            Group::K5A => "K5A",
            Group::K5B => "K5B",
            Group::K5C => "K5C",
            Group::K5D => "K5D",
            Group::K6 => "K6",
            Group::K7 => "K7",
            Group::K8 => "K8",
        }
    }

    pub fn from_code(s: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.code() == s)
    }

    /// Where the group is defined.
    pub fn legal_basis(self) -> &'static str {
        match self {
            Group::K1 => "NĐ 20/2021/NĐ-CP Điều 5 khoản 1",
            Group::K2 => "NĐ 20/2021/NĐ-CP Điều 5 khoản 2",
            Group::K3 => "NĐ 20/2021/NĐ-CP Điều 5 khoản 3",
            Group::K4 => "NĐ 20/2021/NĐ-CP Điều 5 khoản 4",
            Group::K5A => "NĐ 20/2021/NĐ-CP Điều 5 khoản 5 điểm a",
            Group::K5B => "NĐ 20/2021/NĐ-CP Điều 5 khoản 5 điểm b",
            Group::K5C => "NĐ 20/2021/NĐ-CP Điều 5 khoản 5 điểm c",
            Group::K5D => "NĐ 20/2021/NĐ-CP Điều 5 khoản 5 điểm d",
            Group::K6 => "NĐ 20/2021/NĐ-CP Điều 5 khoản 6",
            Group::K7 => "NĐ 20/2021/NĐ-CP Điều 5 khoản 7",
            Group::K8 => "NĐ 20/2021/NĐ-CP Điều 5 khoản 8",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Group::K1 => "Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng",
            Group::K2 => "Người từ 16 đến 22 tuổi đang học (thuộc khoản 1)",
            Group::K3 => "Trẻ em nhiễm HIV/AIDS thuộc hộ nghèo",
            Group::K4 => "Người đơn thân nghèo đang nuôi con",
            Group::K5A => "Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng",
            Group::K5B => {
                "Người từ đủ 75 đến 80 tuổi thuộc hộ nghèo, cận nghèo ở vùng đặc biệt khó khăn"
            }
            Group::K5C => "Người từ đủ 80 tuổi không có lương hưu, trợ cấp hằng tháng",
            Group::K5D => {
                "Người cao tuổi nghèo không người phụng dưỡng được nhận chăm sóc tại cộng đồng"
            }
            Group::K6 => "Người khuyết tật nặng, đặc biệt nặng",
            Group::K7 => "Trẻ em dưới 3 tuổi thuộc hộ nghèo, cận nghèo ở vùng đặc biệt khó khăn",
            Group::K8 => "Người nhiễm HIV/AIDS thuộc hộ nghèo không có thu nhập ổn định",
        }
    }

    /// Khoản 5 (all four points), 6 and 8: the groups a poor single parent (khoản 4) is paid
    /// together with, instead of only the higher of the two (Điều 6 khoản 2).
    pub fn paid_with_single_parent(self) -> bool {
        matches!(
            self,
            Group::K5A | Group::K5B | Group::K5C | Group::K5D | Group::K6 | Group::K8
        )
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for g in Group::ALL {
            assert_eq!(Group::from_code(g.code()), Some(g));
        }
        let mut codes: Vec<&str> = Group::ALL.iter().map(|g| g.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Group::ALL.len());
        assert_eq!(Group::from_code("K5E"), None);
        assert_eq!(Group::from_code("k1"), None);
    }

    #[test]
    fn single_parent_pairs_with_khoan_5_6_8_only() {
        let paired: Vec<&str> = Group::ALL
            .iter()
            .filter(|g| g.paid_with_single_parent())
            .map(|g| g.code())
            .collect();
        assert_eq!(paired, ["K5A", "K5B", "K5C", "K5D", "K6", "K8"]);
    }
}
