//! The movement reports (biểu "Diễn biến hộ nghèo" and "Diễn biến hộ cận nghèo"): how the
//! list at the start of the period became the list at its end.
//!
//! cuối kỳ = đầu kỳ − (thoát / chuyển sang danh sách kia / khác giảm)
//!                  + (từ danh sách kia / tái / phát sinh mới / khác tăng)      (RULES §2)
//!
//! Each household's [`Transition`] is its class at the start (the previous review's result)
//! and at the end (this review's), `None` when it was not in the area then, plus whether it was
//! on a list in any review before the start. For the poor list (the near-poor list is the
//! mirror image, with poor and near-poor swapped):
//! - **thoát nghèo**: poor at the start, in the area at the end, neither poor nor near-poor;
//! - **thành hộ cận nghèo**: poor at the start, near-poor at the end;
//! - **khác giảm**: poor at the start and gone at the end (moved out, dissolved, merged into
//!   another household);
//! - **từ hộ cận nghèo**: near-poor at the start, poor at the end;
//! - **tái nghèo**: in the area at the start on neither list, poor at the end, and poor in some
//!   review before the start;
//! - **phát sinh mới**: the same, never poor before;
//! - **khác tăng**: not in the area at the start (moved in, split off, newly formed) and poor at
//!   the end, whatever its history.
//!
//! Putting every arrival under "khác tăng" and every departure under "khác giảm" is ansinh's
//! convention; the official line definitions of Phụ lục VII are UNCONFIRMED. A household that
//! moves between two communes is two transitions, a departure from one and an arrival in the
//! other, so commune rows add up to the province row.
//!
//! Every line is counted from the transitions and the end count independently, so
//! [`Movement::check`] tests the identity rather than assuming it.

use super::by_area::ByArea;
use super::classify::Class;

/// The two lists a review keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PovertyList {
    Poor,
    NearPoor,
}

impl PovertyList {
    pub fn of(class: Class) -> Option<Self> {
        match class {
            Class::Poor => Some(PovertyList::Poor),
            Class::NearPoor => Some(PovertyList::NearPoor),
            _ => None,
        }
    }

    pub fn other(self) -> Self {
        match self {
            PovertyList::Poor => PovertyList::NearPoor,
            PovertyList::NearPoor => PovertyList::Poor,
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            PovertyList::Poor => "hộ nghèo",
            PovertyList::NearPoor => "hộ cận nghèo",
        }
    }

    /// The index 0–1, for arrays of per-list counters.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Whether the household was on a list in any review before the start of the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct History {
    pub ever_poor: bool,
    pub ever_near_poor: bool,
}

impl History {
    fn was_on(self, list: PovertyList) -> bool {
        match list {
            PovertyList::Poor => self.ever_poor,
            PovertyList::NearPoor => self.ever_near_poor,
        }
    }
}

/// One household over one period in one area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Transition {
    /// Class at the start; `None` when the household was not in the area (or did not exist).
    pub start: Option<Class>,
    /// Class at the end; `None` when it has left the area or no longer exists.
    pub end: Option<Class>,
    /// Lists it was on before the start.
    pub earlier: History,
}

/// The lines of a movement report, in the order of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MovementLine {
    Start,
    Escaped,
    ToOtherList,
    OtherDecrease,
    FromOtherList,
    Relapsed,
    New,
    OtherIncrease,
    End,
}

impl MovementLine {
    pub const ALL: [MovementLine; 9] = [
        MovementLine::Start,
        MovementLine::Escaped,
        MovementLine::ToOtherList,
        MovementLine::OtherDecrease,
        MovementLine::FromOtherList,
        MovementLine::Relapsed,
        MovementLine::New,
        MovementLine::OtherIncrease,
        MovementLine::End,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MovementLine::Start => "start",
            MovementLine::Escaped => "escaped",
            MovementLine::ToOtherList => "to_other_list",
            MovementLine::OtherDecrease => "other_decrease",
            MovementLine::FromOtherList => "from_other_list",
            MovementLine::Relapsed => "relapsed",
            MovementLine::New => "new",
            MovementLine::OtherIncrease => "other_increase",
            MovementLine::End => "end",
        }
    }

    pub fn label_vi(self, list: PovertyList) -> &'static str {
        use PovertyList::{NearPoor, Poor};
        match (self, list) {
            (MovementLine::Start, _) => "Số hộ đầu kỳ",
            (MovementLine::Escaped, Poor) => "Thoát nghèo",
            (MovementLine::Escaped, NearPoor) => "Thoát cận nghèo",
            (MovementLine::ToOtherList, Poor) => "Thành hộ cận nghèo",
            (MovementLine::ToOtherList, NearPoor) => "Thành hộ nghèo",
            (MovementLine::OtherDecrease, _) => "Giảm khác",
            (MovementLine::FromOtherList, Poor) => "Từ hộ cận nghèo",
            (MovementLine::FromOtherList, NearPoor) => "Từ hộ nghèo",
            (MovementLine::Relapsed, Poor) => "Tái nghèo",
            (MovementLine::Relapsed, NearPoor) => "Tái cận nghèo",
            (MovementLine::New, _) => "Phát sinh mới",
            (MovementLine::OtherIncrease, _) => "Tăng khác",
            (MovementLine::End, _) => "Số hộ cuối kỳ",
        }
    }
}

/// The movement report of one list in one area (or the province).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Movement {
    pub list: PovertyList,
    pub start: u64,
    pub escaped: u64,
    pub to_other_list: u64,
    pub other_decrease: u64,
    pub from_other_list: u64,
    pub relapsed: u64,
    pub new: u64,
    pub other_increase: u64,
    pub end: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "diễn biến {}: cuối kỳ {end} khác đầu kỳ {start} − giảm {decreases} + tăng {increases}",
    list.label_vi()
)]
pub struct MovementError {
    pub list: PovertyList,
    pub start: u64,
    pub decreases: u64,
    pub increases: u64,
    pub end: u64,
}

impl MovementError {
    pub fn code(&self) -> &'static str {
        "poverty.movement_unbalanced"
    }
}

impl Movement {
    pub fn new(list: PovertyList) -> Self {
        Movement {
            list,
            start: 0,
            escaped: 0,
            to_other_list: 0,
            other_decrease: 0,
            from_other_list: 0,
            relapsed: 0,
            new: 0,
            other_increase: 0,
            end: 0,
        }
    }

    /// Counts one household.
    pub fn record(&mut self, t: &Transition) {
        let list = self.list;
        let on = |c: Option<Class>| c.and_then(PovertyList::of) == Some(list);
        let on_other = |c: Option<Class>| c.and_then(PovertyList::of) == Some(list.other());
        let (was, is) = (on(t.start), on(t.end));
        self.start += u64::from(was);
        self.end += u64::from(is);
        match (was, is) {
            (true, false) => {
                if t.end.is_none() {
                    self.other_decrease += 1;
                } else if on_other(t.end) {
                    self.to_other_list += 1;
                } else {
                    self.escaped += 1;
                }
            }
            (false, true) => {
                if t.start.is_none() {
                    self.other_increase += 1;
                } else if on_other(t.start) {
                    self.from_other_list += 1;
                } else if t.earlier.was_on(list) {
                    self.relapsed += 1;
                } else {
                    self.new += 1;
                }
            }
            _ => {}
        }
    }

    pub fn decreases(&self) -> u64 {
        self.escaped + self.to_other_list + self.other_decrease
    }

    pub fn increases(&self) -> u64 {
        self.from_other_list + self.relapsed + self.new + self.other_increase
    }

    /// Checks cuối kỳ = đầu kỳ − giảm + tăng.
    pub fn check(&self) -> Result<(), MovementError> {
        if self.start + self.increases() == self.end + self.decreases() {
            Ok(())
        } else {
            Err(MovementError {
                list: self.list,
                start: self.start,
                decreases: self.decreases(),
                increases: self.increases(),
                end: self.end,
            })
        }
    }

    pub fn get(&self, line: MovementLine) -> u64 {
        match line {
            MovementLine::Start => self.start,
            MovementLine::Escaped => self.escaped,
            MovementLine::ToOtherList => self.to_other_list,
            MovementLine::OtherDecrease => self.other_decrease,
            MovementLine::FromOtherList => self.from_other_list,
            MovementLine::Relapsed => self.relapsed,
            MovementLine::New => self.new,
            MovementLine::OtherIncrease => self.other_increase,
            MovementLine::End => self.end,
        }
    }

    /// The report's lines in form order.
    pub fn lines(&self) -> [(MovementLine, u64); 9] {
        MovementLine::ALL.map(|l| (l, self.get(l)))
    }
}

/// Both movement reports of one area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Movements {
    pub poor: Movement,
    pub near_poor: Movement,
}

impl Default for Movements {
    fn default() -> Self {
        Movements {
            poor: Movement::new(PovertyList::Poor),
            near_poor: Movement::new(PovertyList::NearPoor),
        }
    }
}

impl Movements {
    pub fn record(&mut self, t: &Transition) {
        self.poor.record(t);
        self.near_poor.record(t);
    }

    pub fn get(&self, list: PovertyList) -> &Movement {
        match list {
            PovertyList::Poor => &self.poor,
            PovertyList::NearPoor => &self.near_poor,
        }
    }

    pub fn check(&self) -> Result<(), MovementError> {
        self.poor.check()?;
        self.near_poor.check()
    }
}

/// Both movement reports per area and for the province, in one pass over the transitions.
pub fn movements_by_area<'a, K: Ord + Clone + 'a>(
    transitions: impl IntoIterator<Item = &'a (K, Transition)>,
) -> ByArea<K, Movements> {
    let mut table = ByArea::new();
    for (area, t) in transitions {
        table.record(area, |m: &mut Movements| m.record(t));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(start: Option<Class>, end: Option<Class>) -> Transition {
        Transition {
            start,
            end,
            earlier: History::default(),
        }
    }

    use Class::{AverageLivingStandard as Avg, NearPoor, NotPoor, Poor};

    #[test]
    fn each_line_has_its_case() {
        let ever_poor = History {
            ever_poor: true,
            ever_near_poor: false,
        };
        let ts = [
            t(Some(Poor), Some(Poor)),     // stays
            t(Some(Poor), Some(Avg)),      // thoát nghèo
            t(Some(Poor), Some(NotPoor)),  // thoát nghèo
            t(Some(Poor), Some(NearPoor)), // thành cận nghèo
            t(Some(Poor), None),           // khác giảm
            t(Some(NearPoor), Some(Poor)), // từ cận nghèo
            Transition {
                earlier: ever_poor,
                ..t(Some(NotPoor), Some(Poor))
            }, // tái nghèo
            t(Some(Avg), Some(Poor)),      // phát sinh mới
            Transition {
                earlier: ever_poor,
                ..t(None, Some(Poor))
            }, // khác tăng, history aside
        ];
        let mut m = Movements::default();
        ts.iter().for_each(|x| m.record(x));
        let p = m.poor;
        assert_eq!(
            p.lines().map(|(_, n)| n),
            [5, 2, 1, 1, 1, 1, 1, 1, 5],
            "{p:?}"
        );
        p.check().unwrap();
        // The mirror image for the near-poor list.
        let n = m.near_poor;
        assert_eq!(
            (n.start, n.to_other_list, n.from_other_list, n.end),
            (1, 1, 1, 1)
        );
        n.check().unwrap();
    }

    #[test]
    fn near_poor_relapse_needs_near_poor_history() {
        let mut m = Movement::new(PovertyList::NearPoor);
        m.record(&Transition {
            earlier: History {
                ever_poor: true,
                ever_near_poor: false,
            },
            ..t(Some(NotPoor), Some(NearPoor))
        });
        m.record(&Transition {
            earlier: History {
                ever_poor: false,
                ever_near_poor: true,
            },
            ..t(Some(NotPoor), Some(NearPoor))
        });
        assert_eq!((m.new, m.relapsed, m.end), (1, 1, 2));
        assert_eq!(MovementLine::Relapsed.label_vi(m.list), "Tái cận nghèo");
    }

    #[test]
    fn an_unbalanced_report_is_caught() {
        let mut m = Movement::new(PovertyList::Poor);
        m.start = 10;
        m.escaped = 2;
        m.new = 1;
        m.end = 8;
        let e = m.check().unwrap_err();
        assert_eq!(e.code(), "poverty.movement_unbalanced");
        assert_eq!(
            e.to_string(),
            "diễn biến hộ nghèo: cuối kỳ 8 khác đầu kỳ 10 − giảm 2 + tăng 1"
        );
    }

    fn class() -> impl Strategy<Value = Option<Class>> {
        prop::option::of(prop::sample::select(Class::ALL.to_vec()))
    }

    fn transition() -> impl Strategy<Value = (u8, Transition)> {
        (0u8..5, class(), class(), any::<bool>(), any::<bool>()).prop_map(
            |(area, start, end, ever_poor, ever_near_poor)| {
                (
                    area,
                    Transition {
                        start,
                        end,
                        earlier: History {
                            ever_poor,
                            ever_near_poor,
                        },
                    },
                )
            },
        )
    }

    proptest! {
        #[test]
        fn movements_always_add_up(ts in prop::collection::vec(transition(), 0..300)) {
            let table = movements_by_area(&ts);
            for m in table.areas.values().chain([&table.total]) {
                prop_assert!(m.check().is_ok(), "{:?}", m);
            }
            // The start and end lines are the list sizes, and communes add up to the total.
            for list in [PovertyList::Poor, PovertyList::NearPoor] {
                let on = |c: Option<Class>| c.and_then(PovertyList::of) == Some(list);
                let total = table.total.get(list);
                prop_assert_eq!(total.start, ts.iter().filter(|(_, t)| on(t.start)).count() as u64);
                prop_assert_eq!(total.end, ts.iter().filter(|(_, t)| on(t.end)).count() as u64);
                for line in MovementLine::ALL {
                    let sum: u64 = table.areas.values().map(|m| m.get(list).get(line)).sum();
                    prop_assert_eq!(sum, total.get(line));
                }
            }
        }
    }
}
