//! The steps of an application for the monthly allowance, their deadlines in working days and
//! who takes them, as data.
//!
//! Nghị định 20/2021/NĐ-CP Điều 8 khoản 1 sets the sequence: commune review (7 working days),
//! public posting (2), complaints if any (10), transfer to the district office (3), appraisal
//! (7), decision by the district chairman (3). Districts were abolished on 1/7/2025, so the
//! sequence is a value, not code: [`Procedure::nd20_district`] before that day,
//! [`Procedure::nd147_commune`] from it (Nghị định 147/2025/NĐ-CP Điều 5 khoản 1 gives the
//! decision to the commune chairman — known from a secondary source so far), and
//! [`Procedure::province_variant`] for a province that keeps the appraisal and decision at
//! province level. The deadlines of the post-2025 sequences are carried over from Điều 8 and
//! are not confirmed.
//!
//! Each step starts when the previous one is done (or, while it is not, when it is due) and is
//! due the given number of working days later (see `crate::calendar`).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::access::Role;
use crate::area::reorganisation_2025;
use crate::calendar::WorkCalendar;

/// Who takes a step, as the legal text names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    /// Công chức phụ trách lao động - thương binh và xã hội (văn hóa - xã hội) cấp xã.
    CommuneOfficer,
    /// Chủ tịch Ủy ban nhân dân cấp xã.
    CommuneChairman,
    /// Phòng chuyên môn của Ủy ban nhân dân cấp xã (Phòng Văn hóa - Xã hội), after 1/7/2025.
    CommuneOffice,
    /// Phòng Lao động - Thương binh và Xã hội cấp huyện, before 1/7/2025.
    DistrictOffice,
    /// Chủ tịch Ủy ban nhân dân cấp huyện, before 1/7/2025.
    DistrictChairman,
    /// The provincial department in charge of social protection.
    ProvinceDepartment,
    /// Chủ tịch Ủy ban nhân dân cấp tỉnh.
    ProvinceChairman,
}

impl Actor {
    pub fn code(self) -> &'static str {
        match self {
            Actor::CommuneOfficer => "commune_officer",
            Actor::CommuneChairman => "commune_chairman",
            Actor::CommuneOffice => "commune_office",
            Actor::DistrictOffice => "district_office",
            Actor::DistrictChairman => "district_chairman",
            Actor::ProvinceDepartment => "province_department",
            Actor::ProvinceChairman => "province_chairman",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Actor::CommuneOfficer => "Công chức văn hóa - xã hội cấp xã",
            Actor::CommuneChairman => "Chủ tịch UBND cấp xã",
            Actor::CommuneOffice => "Phòng Văn hóa - Xã hội cấp xã",
            Actor::DistrictOffice => "Phòng Lao động - Thương binh và Xã hội cấp huyện",
            Actor::DistrictChairman => "Chủ tịch UBND cấp huyện",
            Actor::ProvinceDepartment => "Sở phụ trách bảo trợ xã hội",
            Actor::ProvinceChairman => "Chủ tịch UBND cấp tỉnh",
        }
    }
}

/// One step of a procedure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Stable code: `REVIEW`, `POSTING`, `COMPLAINT`, `TRANSFER`, `APPRAISAL`, `DECISION`.
    pub code: String,
    pub name_vi: String,
    /// Deadline in working days from the step's start.
    pub days: u32,
    pub actor: Actor,
    /// The ansinh role that records the step.
    pub role: Role,
    /// Only when a complaint was lodged about the posted result.
    pub only_on_complaint: bool,
    pub legal_basis: String,
}

impl Step {
    /// The day the step is due when it starts on `started_on`.
    pub fn due_date(&self, started_on: NaiveDate, calendar: &WorkCalendar) -> NaiveDate {
        calendar.add_working_days(started_on, self.days)
    }
}

/// A sequence of steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Procedure {
    pub code: String,
    pub name_vi: String,
    pub steps: Vec<Step>,
    /// Whether the actors and deadlines are confirmed from a primary text.
    pub confirmed: bool,
}

fn step(code: &str, name_vi: &str, days: u32, actor: Actor, role: Role, legal_basis: &str) -> Step {
    Step {
        code: code.to_string(),
        name_vi: name_vi.to_string(),
        days,
        actor,
        role,
        only_on_complaint: code == "COMPLAINT",
        legal_basis: legal_basis.to_string(),
    }
}

/// The commune's three opening steps, the same before and after 1/7/2025.
fn commune_steps() -> Vec<Step> {
    vec![
        step(
            "REVIEW",
            "Rà soát hồ sơ, trình Chủ tịch UBND xã xét duyệt",
            7,
            Actor::CommuneOfficer,
            Role::CommuneOfficer,
            "NĐ 20/2021/NĐ-CP Điều 8 khoản 1 điểm b",
        ),
        step(
            "POSTING",
            "Niêm yết công khai kết quả xét duyệt",
            2,
            Actor::CommuneChairman,
            Role::CommuneOfficer,
            "NĐ 20/2021/NĐ-CP Điều 8 khoản 1 điểm b",
        ),
        step(
            "COMPLAINT",
            "Xem xét, kết luận khiếu nại",
            10,
            Actor::CommuneChairman,
            Role::Leader,
            "NĐ 20/2021/NĐ-CP Điều 8 khoản 1 điểm b",
        ),
    ]
}

impl Procedure {
    /// Điều 8 khoản 1 as written: the district office appraises and the district chairman
    /// decides. In force until 30/6/2025.
    pub fn nd20_district() -> Procedure {
        let mut steps = commune_steps();
        steps.extend([
            step(
                "TRANSFER",
                "Gửi văn bản đề nghị kèm hồ sơ lên Phòng LĐTBXH",
                3,
                Actor::CommuneChairman,
                Role::CommuneOfficer,
                "NĐ 20/2021/NĐ-CP Điều 8 khoản 1 điểm c",
            ),
            step(
                "APPRAISAL",
                "Thẩm định, trình Chủ tịch UBND huyện",
                7,
                Actor::DistrictOffice,
                Role::ProvinceOfficer,
                "NĐ 20/2021/NĐ-CP Điều 8 khoản 1 điểm d",
            ),
            step(
                "DECISION",
                "Quyết định trợ cấp xã hội hằng tháng",
                3,
                Actor::DistrictChairman,
                Role::Leader,
                "NĐ 20/2021/NĐ-CP Điều 8 khoản 1 điểm đ",
            ),
        ]);
        Procedure {
            code: "nd20_district".to_string(),
            name_vi: "Thủ tục theo NĐ 20/2021/NĐ-CP (cấp huyện quyết định)".to_string(),
            steps,
            confirmed: true,
        }
    }

    /// From 1/7/2025: the commune chairman decides (NĐ 147/2025/NĐ-CP Điều 5 khoản 1, from a
    /// secondary source), so there is no transfer; the commune's specialised office appraises.
    /// Deadlines carried over from Điều 8; unconfirmed.
    pub fn nd147_commune() -> Procedure {
        let mut steps = commune_steps();
        steps.extend([
            step(
                "APPRAISAL",
                "Thẩm định, trình Chủ tịch UBND xã",
                7,
                Actor::CommuneOffice,
                Role::CommuneOfficer,
                "NĐ 147/2025/NĐ-CP Điều 5 (chưa xác nhận); thời hạn theo NĐ 20/2021/NĐ-CP Điều 8 khoản 1 điểm d",
            ),
            step(
                "DECISION",
                "Quyết định trợ cấp xã hội hằng tháng",
                3,
                Actor::CommuneChairman,
                Role::Leader,
                "NĐ 147/2025/NĐ-CP Điều 5 khoản 1 (chưa xác nhận); thời hạn theo NĐ 20/2021/NĐ-CP Điều 8 khoản 1 điểm đ",
            ),
        ]);
        Procedure {
            code: "nd147_commune".to_string(),
            name_vi: "Thủ tục từ 01/7/2025 (cấp xã quyết định)".to_string(),
            steps,
            confirmed: false,
        }
    }

    /// A variant for a province that moved the district's steps to the province: the commune
    /// transfers to the provincial department, which appraises for the province chairman.
    pub fn province_variant() -> Procedure {
        let mut steps = commune_steps();
        steps.extend([
            step(
                "TRANSFER",
                "Gửi văn bản đề nghị kèm hồ sơ lên Sở",
                3,
                Actor::CommuneChairman,
                Role::CommuneOfficer,
                "Thời hạn theo NĐ 20/2021/NĐ-CP Điều 8 khoản 1 điểm c (chưa xác nhận sau 01/7/2025)",
            ),
            step(
                "APPRAISAL",
                "Thẩm định, trình Chủ tịch UBND tỉnh",
                7,
                Actor::ProvinceDepartment,
                Role::ProvinceOfficer,
                "Thời hạn theo NĐ 20/2021/NĐ-CP Điều 8 khoản 1 điểm d (chưa xác nhận sau 01/7/2025)",
            ),
            step(
                "DECISION",
                "Quyết định trợ cấp xã hội hằng tháng",
                3,
                Actor::ProvinceChairman,
                Role::Leader,
                "Thời hạn theo NĐ 20/2021/NĐ-CP Điều 8 khoản 1 điểm đ (chưa xác nhận sau 01/7/2025)",
            ),
        ]);
        Procedure {
            code: "province_variant".to_string(),
            name_vi: "Thủ tục cấp tỉnh quyết định (phương án)".to_string(),
            steps,
            confirmed: false,
        }
    }

    /// The default procedure for a dossier received on `received_on`.
    pub fn default_on(received_on: NaiveDate) -> Procedure {
        if received_on < reorganisation_2025() {
            Procedure::nd20_district()
        } else {
            Procedure::nd147_commune()
        }
    }

    /// Every shipped procedure (the web's messages name each one and each of its steps).
    pub fn shipped() -> [Procedure; 3] {
        [
            Procedure::nd20_district(),
            Procedure::nd147_commune(),
            Procedure::province_variant(),
        ]
    }

    /// The shipped procedure with this code, as stored on a dossier.
    pub fn by_code(code: &str) -> Option<Procedure> {
        Procedure::shipped().into_iter().find(|p| p.code == code)
    }

    pub fn step(&self, code: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.code == code)
    }

    /// The state of each step of a dossier received on `received_on`, given the days the
    /// finished steps were done. The complaint step is included only when `complaint` is true.
    pub fn track(
        &self,
        received_on: NaiveDate,
        done: &BTreeMap<String, NaiveDate>,
        complaint: bool,
        calendar: &WorkCalendar,
    ) -> Result<Vec<StepState>, DossierError> {
        let steps: Vec<&Step> = self
            .steps
            .iter()
            .filter(|s| complaint || !s.only_on_complaint)
            .collect();
        if let Some(unknown) = done.keys().find(|c| !steps.iter().any(|s| &s.code == *c)) {
            return Err(DossierError::UnknownStep(unknown.clone()));
        }
        let mut out: Vec<StepState> = Vec::with_capacity(steps.len());
        let mut start = received_on;
        let mut waiting: Option<&str> = None;
        for s in steps {
            let due_on = s.due_date(start, calendar);
            let done_on = done.get(&s.code).copied();
            if let Some(d) = done_on {
                if let Some(earlier) = waiting {
                    return Err(DossierError::OutOfOrder {
                        step: s.code.clone(),
                        earlier: earlier.to_string(),
                    });
                }
                if d < start {
                    return Err(DossierError::DoneBeforeStart {
                        step: s.code.clone(),
                        done: d,
                        start,
                    });
                }
            } else if waiting.is_none() {
                waiting = Some(&s.code);
            }
            out.push(StepState {
                code: s.code.clone(),
                actor: s.actor,
                started_on: start,
                due_on,
                done_on,
            });
            start = done_on.unwrap_or(due_on);
        }
        Ok(out)
    }
}

/// Where one step of one dossier stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepState {
    pub code: String,
    pub actor: Actor,
    /// When the previous step was done (or is due, while it is not).
    pub started_on: NaiveDate,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

impl StepState {
    /// Late: done after its due day, or still open after it.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        match self.done_on {
            Some(done) => done > self.due_on,
            None => today > self.due_on,
        }
    }
}

/// The steps of a dossier that are late on `today`.
pub fn overdue(states: &[StepState], today: NaiveDate) -> Vec<&StepState> {
    states.iter().filter(|s| s.overdue(today)).collect()
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DossierError {
    #[error("bước '{0}' không có trong thủ tục")]
    UnknownStep(String),
    #[error("bước {step} đã xong nhưng bước trước đó {earlier} chưa xong")]
    OutOfOrder { step: String, earlier: String },
    #[error("bước {step} ghi xong ngày {}, trước ngày bắt đầu {}", crate::date::format_vn(*.done), crate::date::format_vn(*.start))]
    DoneBeforeStart {
        step: String,
        done: NaiveDate,
        start: NaiveDate,
    },
}

crate::coded! {
    DossierError {
        UnknownStep => "dossier.unknown_step", Refusal,
        OutOfOrder => "dossier.out_of_order", Refusal,
        DoneBeforeStart => "dossier.done_before_start", Refusal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal() -> WorkCalendar {
        WorkCalendar::shipped().unwrap()
    }

    fn codes(p: &Procedure) -> Vec<&str> {
        p.steps.iter().map(|s| s.code.as_str()).collect()
    }

    #[test]
    fn the_sequences_and_their_deadlines() {
        let nd20 = Procedure::nd20_district();
        assert_eq!(
            codes(&nd20),
            [
                "REVIEW",
                "POSTING",
                "COMPLAINT",
                "TRANSFER",
                "APPRAISAL",
                "DECISION"
            ]
        );
        let days: Vec<u32> = nd20.steps.iter().map(|s| s.days).collect();
        assert_eq!(days, [7, 2, 10, 3, 7, 3]);
        assert_eq!(
            nd20.step("DECISION").unwrap().actor,
            Actor::DistrictChairman
        );

        let after = Procedure::nd147_commune();
        assert_eq!(
            codes(&after),
            ["REVIEW", "POSTING", "COMPLAINT", "APPRAISAL", "DECISION"]
        );
        assert_eq!(
            after.step("DECISION").unwrap().actor,
            Actor::CommuneChairman
        );
        assert!(!after.confirmed);
        let province = Procedure::province_variant();
        assert_eq!(
            province.step("DECISION").unwrap().actor,
            Actor::ProvinceChairman
        );

        assert_eq!(Procedure::default_on(d(2025, 6, 30)).code, "nd20_district");
        assert_eq!(Procedure::default_on(d(2025, 7, 1)).code, "nd147_commune");
    }

    #[test]
    fn schedules_a_dossier_without_complaint() {
        // Received Monday 01/07/2024. Review 7 working days → Wed 10/07; posting 2 → Fri
        // 12/07; transfer 3 → Wed 17/07; appraisal 7 → Fri 26/07; decision 3 → Wed 31/07.
        let states = Procedure::nd20_district()
            .track(d(2024, 7, 1), &BTreeMap::new(), false, &cal())
            .unwrap();
        let due: Vec<(&str, NaiveDate)> =
            states.iter().map(|s| (s.code.as_str(), s.due_on)).collect();
        assert_eq!(
            due,
            [
                ("REVIEW", d(2024, 7, 10)),
                ("POSTING", d(2024, 7, 12)),
                ("TRANSFER", d(2024, 7, 17)),
                ("APPRAISAL", d(2024, 7, 26)),
                ("DECISION", d(2024, 7, 31)),
            ]
        );
        // With a complaint, 10 more working days after posting: Fri 26/07.
        let with = Procedure::nd20_district()
            .track(d(2024, 7, 1), &BTreeMap::new(), true, &cal())
            .unwrap();
        assert_eq!(with[2].code, "COMPLAINT");
        assert_eq!(with[2].due_on, d(2024, 7, 26));
    }

    #[test]
    fn a_late_step_is_overdue_and_shifts_the_next() {
        // The review was done on Fri 12/07/2024, two working days late.
        let done = BTreeMap::from([("REVIEW".to_string(), d(2024, 7, 12))]);
        let states = Procedure::nd20_district()
            .track(d(2024, 7, 1), &done, false, &cal())
            .unwrap();
        assert!(states[0].overdue(d(2024, 7, 12)));
        assert_eq!(states[1].started_on, d(2024, 7, 12));
        assert_eq!(states[1].due_on, d(2024, 7, 16));
        assert!(!states[1].overdue(d(2024, 7, 16)));
        assert!(states[1].overdue(d(2024, 7, 17)));
        let late: Vec<&str> = overdue(&states, d(2024, 7, 17))
            .iter()
            .map(|s| s.code.as_str())
            .collect();
        assert_eq!(late, ["REVIEW", "POSTING"]);
    }

    #[test]
    fn refuses_inconsistent_progress() {
        let p = Procedure::nd147_commune();
        let c = cal();
        let at = d(2025, 8, 4);
        let unknown = BTreeMap::from([("TRANSFER".to_string(), at)]);
        assert_eq!(
            p.track(at, &unknown, false, &c).unwrap_err().code(),
            "dossier.unknown_step"
        );
        let skipped = BTreeMap::from([("POSTING".to_string(), at)]);
        let err = p.track(at, &skipped, false, &c).unwrap_err();
        assert_eq!(err.code(), "dossier.out_of_order");
        assert_eq!(
            err.to_string(),
            "bước POSTING đã xong nhưng bước trước đó REVIEW chưa xong"
        );
        let early = BTreeMap::from([("REVIEW".to_string(), d(2025, 8, 1))]);
        let err = p.track(at, &early, false, &c).unwrap_err();
        assert_eq!(err.code(), "dossier.done_before_start");
        assert_eq!(
            err.to_string(),
            "bước REVIEW ghi xong ngày 01/08/2025, trước ngày bắt đầu 04/08/2025"
        );
    }
}
