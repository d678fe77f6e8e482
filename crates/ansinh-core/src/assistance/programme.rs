//! Social assistance as a payroll [`Programme`]: the monthly allowance of Điều 5–6, paid by the
//! generic engine in `crate::payroll`.

use super::entitlement::entitlement;
use super::error::AssistanceError;
use super::facts::Facts;
use super::group::Group;
use super::rules::RuleBook;
use crate::payroll::{Due, Month, Programme};

/// The monthly social allowance of one province.
#[derive(Debug, Clone, Default)]
pub struct SocialAssistance {
    /// The province code whose local rule rows (a higher base level) apply; `None` for the
    /// national rules only.
    pub area: Option<String>,
}

impl Programme for SocialAssistance {
    type Facts = Facts;
    type Rules = RuleBook;
    type Group = Group;
    type Error = AssistanceError;

    fn due(
        &self,
        facts: &Facts,
        month: Month,
        rules: &RuleBook,
    ) -> Result<Vec<Due<Group>>, AssistanceError> {
        entitlement(facts, month, rules, self.area.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::*;
    use crate::assistance::entitlement::{check, coefficient, start_month};
    use crate::assistance::error::Ineligible;
    use crate::assistance::facts::{Child, DisabilityCertificate, Grant, Household, Severity};
    use crate::date::PartialDate;
    use crate::payroll::{Line, LineKind, Run, compute, totals, totals_by_group};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn m(y: i32, mo: u32) -> Month {
        Month::new(y, mo).unwrap()
    }

    fn born(y: i32, mo: u32, day: u32) -> PartialDate {
        PartialDate::day(d(y, mo, day))
    }

    fn rules() -> RuleBook {
        RuleBook::shipped().unwrap()
    }

    fn grant(group: Group, decided_on: NaiveDate) -> Grant {
        Grant {
            group,
            dossier_on: decided_on,
            decided_on,
            ended_on: None,
            coefficient: None,
        }
    }

    /// What is due, as (group, coefficient, amount) per component.
    fn due(facts: &Facts, month: Month) -> Vec<(Group, i32, i64)> {
        SocialAssistance::default()
            .due(facts, month, &rules())
            .unwrap()
            .into_iter()
            .map(|d| (d.group, d.coefficient, d.amount))
            .collect()
    }

    fn run(
        facts: &Facts,
        month: Month,
        paid: &BTreeMap<Month, i64>,
        from: Option<Month>,
    ) -> Vec<Line<Group>> {
        let run = Run {
            month,
            paid,
            recalc_from: from,
        };
        compute(&SocialAssistance::default(), facts, &rules(), &run).unwrap()
    }

    fn summary(lines: &[Line<Group>]) -> Vec<(LineKind, String, i64)> {
        lines
            .iter()
            .map(|l| (l.kind, l.for_month.format_vn(), l.amount))
            .collect()
    }

    fn elderly_5a(birth: PartialDate, decided_on: NaiveDate) -> Facts {
        let mut f = Facts::new(birth);
        f.household = Household::Poor;
        f.grants.push(grant(Group::K5A, decided_on));
        f
    }

    fn disabled(severity: Severity, certified: NaiveDate, decided_on: NaiveDate) -> Facts {
        let mut f = Facts::new(born(1980, 5, 5));
        f.disability.push(DisabilityCertificate {
            issued_on: certified,
            severity,
        });
        f.grants.push(grant(Group::K6, decided_on));
        f
    }

    #[test]
    fn group_5c_starts_in_the_month_of_turning_80() {
        // Điều 5 khoản 5 điểm c, Điều 8 khoản 1: born 15/08/1943, turns 80 in 08/2023, so the
        // allowance starts 08/2023 at 360,000 × 1.0 = 360,000, whatever the decision month.
        let mut f = Facts::new(born(1943, 8, 15));
        f.grants.push(Grant {
            group: Group::K5C,
            dossier_on: d(2023, 9, 20),
            decided_on: d(2023, 10, 10),
            ended_on: None,
            coefficient: Some(100),
        });
        assert_eq!(start_month(&f.grants[0], &f), m(2023, 8));
        assert_eq!(due(&f, m(2023, 7)), []);
        assert_eq!(due(&f, m(2023, 8)), [(Group::K5C, 100, 360_000)]);
        assert!(check(&f, &rules(), None).is_ok());
        // The October run, the first after the decision, pays August and September as
        // arrears.
        let lines = run(&f, m(2023, 10), &BTreeMap::new(), Some(m(2023, 8)));
        assert_eq!(
            summary(&lines),
            [
                (LineKind::Arrears, "08/2023".into(), 360_000),
                (LineKind::Arrears, "09/2023".into(), 360_000),
                (LineKind::Regular, "10/2023".into(), 360_000),
            ]
        );
        // A pension rules 5c out (điểm c: "không có lương hưu ...").
        f.has_pension = true;
        assert_eq!(due(&f, m(2023, 10)), []);
        let errors = check(&f, &rules(), None).unwrap_err();
        assert_eq!(errors[0].code(), "assistance.not_eligible");
        assert_eq!(
            errors[0].to_string(),
            "không đủ điều kiện nhóm K5C tháng 08/2023: đang hưởng lương hưu, trợ cấp bảo hiểm xã hội hoặc trợ cấp xã hội hằng tháng"
        );
    }

    #[test]
    fn group_5a_gets_2_0_from_the_month_of_turning_80() {
        // Điều 6 khoản 1 điểm đ: 1.5 from 60 to 80, 2.0 from 80. Born 20/11/1944: 1.5 in
        // 10/2024 (500,000 × 1.5 = 750,000), 2.0 from 11/2024 (1,000,000).
        let f = elderly_5a(born(1944, 11, 20), d(2022, 3, 1));
        assert_eq!(due(&f, m(2024, 10)), [(Group::K5A, 150, 750_000)]);
        assert_eq!(due(&f, m(2024, 11)), [(Group::K5A, 200, 1_000_000)]);
    }

    #[test]
    fn the_base_level_change_of_july_2024() {
        // A severely disabled adult, 1.5: 06/2024 = 360,000 × 1.5 = 540,000;
        // 07/2024 = 500,000 × 1.5 = 750,000.
        let f = disabled(Severity::Severe, d(2023, 1, 10), d(2023, 2, 1));
        assert_eq!(due(&f, m(2024, 6)), [(Group::K6, 150, 540_000)]);
        assert_eq!(due(&f, m(2024, 7)), [(Group::K6, 150, 750_000)]);
    }

    #[test]
    fn arrears_across_the_base_level_change() {
        // Certificate issued 05/2024 (disability starts from the certificate's month, Điều 8
        // khoản 1), decision signed 09/2024. The September run owes 05 and 06 at the 360,000
        // base (540,000 each) and 07 and 08 at 500,000 (750,000 each), then 09 itself.
        let f = disabled(Severity::Severe, d(2024, 5, 14), d(2024, 9, 5));
        let lines = run(&f, m(2024, 9), &BTreeMap::new(), Some(m(2024, 5)));
        assert_eq!(
            summary(&lines),
            [
                (LineKind::Arrears, "05/2024".into(), 540_000),
                (LineKind::Arrears, "06/2024".into(), 540_000),
                (LineKind::Arrears, "07/2024".into(), 750_000),
                (LineKind::Arrears, "08/2024".into(), 750_000),
                (LineKind::Regular, "09/2024".into(), 750_000),
            ]
        );
        assert_eq!(lines[1].base_level, Some(360_000));
        assert_eq!(lines[2].base_level, Some(500_000));
        assert_eq!(totals(&lines).net(), 3_330_000);
    }

    #[test]
    fn a_late_death_report_recovers_the_months_paid_after_death() {
        // Died 10/03/2024, reported in 06/2024 after 03, 04 and 05 were paid (540,000 each).
        // March is still due (payment stops from the month after death, Điều 8 khoản 2); April
        // and May are recovered; nothing is paid for June.
        let mut f = elderly_5a(born(1950, 1, 1), d(2022, 1, 1));
        let paid = BTreeMap::from([
            (m(2024, 3), 540_000),
            (m(2024, 4), 540_000),
            (m(2024, 5), 540_000),
        ]);
        f.died_on = Some(d(2024, 3, 10));
        let lines = run(&f, m(2024, 6), &paid, Some(m(2024, 3)));
        assert_eq!(
            summary(&lines),
            [
                (LineKind::Recovery, "04/2024".into(), -540_000),
                (LineKind::Recovery, "05/2024".into(), -540_000),
            ]
        );
        assert_eq!(lines[0].group, None);
        assert_eq!(totals_by_group(&lines)[&None].recovery, -1_080_000);
    }

    #[test]
    fn several_groups_pay_only_the_highest() {
        // Điều 6 khoản 2. An orphan (khoản 1, 1.5 at age 10) with an extremely severe
        // disability (khoản 6, child: 2.5) gets only 2.5.
        let mut f = Facts::new(born(2014, 2, 2));
        f.grants.push(grant(Group::K1, d(2023, 1, 5)));
        f.disability.push(DisabilityCertificate {
            issued_on: d(2023, 1, 3),
            severity: Severity::Extreme,
        });
        f.grants.push(grant(Group::K6, d(2023, 1, 5)));
        assert_eq!(
            coefficient(Group::K1, &f, m(2024, 7), &rules(), None)
                .unwrap()
                .value,
            150
        );
        assert_eq!(due(&f, m(2024, 7)), [(Group::K6, 250, 1_250_000)]);
        // A severe (not extreme) disability gives the child 2.0: still above 1.5.
        f.disability[0].severity = Severity::Severe;
        assert_eq!(due(&f, m(2024, 7)), [(Group::K6, 200, 1_000_000)]);
    }

    #[test]
    fn a_single_parent_who_is_also_elderly_gets_both() {
        // Điều 6 khoản 2, second sentence: a poor single parent raising 2 children (khoản 4:
        // 1.0 each = 2.0) who is also khoản 5 điểm a (1.5) receives both: 1,000,000 + 750,000.
        let mut f = elderly_5a(born(1962, 3, 3), d(2023, 6, 1));
        f.grants.push(grant(Group::K4, d(2023, 6, 1)));
        for year in [2012, 2015] {
            f.children.push(Child {
                birth: born(year, 6, 1),
                studying: false,
                left_on: None,
            });
        }
        assert_eq!(
            due(&f, m(2024, 7)),
            [(Group::K4, 200, 1_000_000), (Group::K5A, 150, 750_000)]
        );
        // The elder child turns 16 in 06/2028 and does not study: 2.0 through June, then 1.0.
        assert_eq!(due(&f, m(2028, 6))[0], (Group::K4, 200, 1_000_000));
        assert_eq!(due(&f, m(2028, 7))[1], (Group::K4, 100, 500_000));
        // A late decision with nothing paid yet owes each component in full, so the arrears
        // are counted under each group.
        let lines = run(&f, m(2024, 8), &BTreeMap::new(), Some(m(2024, 7)));
        let by_group = totals_by_group(&lines);
        assert_eq!(by_group[&Some(Group::K4)].arrears, 1_000_000);
        assert_eq!(by_group[&Some(Group::K5A)].arrears, 750_000);
    }

    #[test]
    fn a_child_turning_4_moves_from_2_5_to_1_5_in_that_month() {
        // Điều 6 khoản 1 điểm a and Điều 8 khoản 1 (adjustment from the month the condition is
        // met): born 15/09/2020, 2.5 in 08/2024 (1,250,000), 1.5 from 09/2024 (750,000).
        let mut f = Facts::new(born(2020, 9, 15));
        f.grants.push(grant(Group::K1, d(2021, 8, 1)));
        assert_eq!(due(&f, m(2024, 8)), [(Group::K1, 250, 1_250_000)]);
        assert_eq!(due(&f, m(2024, 9)), [(Group::K1, 150, 750_000)]);
        // Turns 16 in 09/2036: paid for September, stops from October (Điều 8 khoản 2) unless
        // studying, when khoản 2 continues it (a separate decision).
        assert_eq!(due(&f, m(2036, 9)), [(Group::K1, 150, 750_000)]);
        assert_eq!(due(&f, m(2036, 10)), []);
    }

    #[test]
    fn born_on_the_1st_or_the_31st_changes_in_the_same_month() {
        for day in [1, 31] {
            let mut f = Facts::new(born(2020, 8, day));
            f.grants.push(grant(Group::K1, d(2021, 8, 1)));
            assert_eq!(due(&f, m(2024, 7))[0].1, 250, "day {day}");
            assert_eq!(due(&f, m(2024, 8))[0].1, 150, "day {day}");
        }
    }

    #[test]
    fn birth_known_only_to_the_year_counts_from_january() {
        // The documented assumption: "1944" is read as 01/01/1944, so a 5a person turns 80 in
        // 01/2024.
        let f = elderly_5a(PartialDate::parse("1944").unwrap(), d(2022, 3, 1));
        assert_eq!(due(&f, m(2023, 12))[0].1, 150);
        assert_eq!(due(&f, m(2024, 1))[0].1, 200);
        // A 5c person born "1943" starts in 01/2023.
        let mut g = Facts::new(PartialDate::parse("1943").unwrap());
        g.grants.push(grant(Group::K5C, d(2023, 5, 1)));
        assert_eq!(start_month(&g.grants[0], &g), m(2023, 1));
    }

    #[test]
    fn disability_starts_from_the_certificates_month() {
        // Certificate 20/03/2024, decision 15/05/2024: paid from 03/2024.
        let f = disabled(Severity::Extreme, d(2024, 3, 20), d(2024, 5, 15));
        assert_eq!(start_month(&f.grants[0], &f), m(2024, 3));
        assert_eq!(due(&f, m(2024, 2)), []);
        assert_eq!(due(&f, m(2024, 3)), [(Group::K6, 200, 720_000)]);
        // A new certificate lowering the level changes the coefficient from its month; an
        // elderly person with a severe disability gets the elderly rate (2.0).
        let mut g = f.clone();
        g.disability.push(DisabilityCertificate {
            issued_on: d(2025, 2, 1),
            severity: Severity::Severe,
        });
        assert_eq!(due(&g, m(2025, 1))[0].1, 200);
        assert_eq!(due(&g, m(2025, 2))[0].1, 150);
        g.birth = born(1960, 1, 1);
        assert_eq!(due(&g, m(2025, 2))[0].1, 200);
    }

    #[test]
    fn the_decision_month_starts_the_other_groups() {
        // Điều 8 khoản 1: "kể từ tháng Chủ tịch ... ký quyết định".
        let f = elderly_5a(born(1950, 1, 1), d(2024, 4, 30));
        assert_eq!(due(&f, m(2024, 3)), []);
        assert_eq!(due(&f, m(2024, 4)).len(), 1);
    }

    #[test]
    fn eligibility_ends_the_month_after_the_recorded_loss_or_admission() {
        let mut f = elderly_5a(born(1950, 1, 1), d(2022, 1, 1));
        f.grants[0].ended_on = Some(d(2024, 9, 30));
        assert_eq!(due(&f, m(2024, 9)).len(), 1);
        assert_eq!(due(&f, m(2024, 10)), []);
        // Admission to a facility: the nurture allowance replaces the monthly one from the next
        // month (Điều 25 khoản 5).
        let mut g = elderly_5a(born(1950, 1, 1), d(2022, 1, 1));
        g.in_facility_since = Some(d(2024, 5, 2));
        assert_eq!(due(&g, m(2024, 5)).len(), 1);
        assert_eq!(due(&g, m(2024, 6)), []);
    }

    #[test]
    fn checks_the_decisions() {
        let r = rules();
        // Decision signed before the dossier was complete.
        let mut f = elderly_5a(born(1950, 1, 1), d(2024, 3, 1));
        f.grants[0].dossier_on = d(2024, 3, 5);
        let errors = check(&f, &r, None).unwrap_err();
        assert_eq!(errors[0].code(), "assistance.decision_before_dossier");
        assert_eq!(
            errors[0].to_string(),
            "nhóm K5A: ngày quyết định 01/03/2024 trước ngày nhận đủ hồ sơ 05/03/2024"
        );
        // A coefficient the rules cannot give this person: 2.0 for a 5a person aged 74.
        let mut g = elderly_5a(born(1950, 1, 1), d(2024, 3, 1));
        g.grants[0].coefficient = Some(200);
        let errors = check(&g, &r, None).unwrap_err();
        assert_eq!(errors[0].code(), "assistance.coefficient_mismatch");
        assert_eq!(
            errors[0].to_string(),
            "quyết định nhóm K5A ghi hệ số 2,0, nhưng theo quy định tháng 03/2024 hệ số là 1,5"
        );
        g.grants[0].coefficient = Some(150);
        assert!(check(&g, &r, None).is_ok());
        // Not poor: khoản 5 điểm a requires a poor household.
        g.household = Household::NearPoor;
        let errors = check(&g, &r, None).unwrap_err();
        assert!(matches!(
            errors[0],
            crate::assistance::AssistanceError::NotEligible {
                reason: Ineligible::NotPoor,
                ..
            }
        ));
        // Two grants of one group at once; and an end before the decision.
        let mut h = elderly_5a(born(1950, 1, 1), d(2024, 3, 1));
        h.grants.push(grant(Group::K5A, d(2024, 6, 1)));
        h.grants[0].ended_on = Some(d(2024, 2, 1));
        let codes: Vec<&str> = check(&h, &r, None)
            .unwrap_err()
            .iter()
            .map(|e| e.code())
            .collect();
        assert_eq!(codes, ["assistance.ended_before_decision"]);
        h.grants[0].ended_on = None;
        let codes: Vec<&str> = check(&h, &r, None)
            .unwrap_err()
            .iter()
            .map(|e| e.code())
            .collect();
        assert_eq!(codes, ["assistance.duplicate_grant"]);
    }

    #[test]
    fn every_group_has_its_coefficients() {
        // One person per group, in 07/2024 (base 500,000), with the decree's coefficient.
        let r = rules();
        let at = m(2024, 7);
        let mut cases: Vec<(Group, Facts, i32)> = Vec::new();
        let mut k2 = Facts::new(born(2006, 1, 1));
        k2.studying = true;
        cases.push((Group::K2, k2, 150));
        let mut k3 = Facts::new(born(2019, 1, 1));
        k3.hiv = true;
        k3.household = Household::Poor;
        cases.push((Group::K3, k3.clone(), 200));
        k3.birth = born(2021, 1, 1);
        cases.push((Group::K3, k3, 250));
        let mut k5b = Facts::new(born(1947, 1, 1));
        k5b.household = Household::NearPoor;
        k5b.disadvantaged_area = true;
        cases.push((Group::K5B, k5b, 100));
        let mut k5d = Facts::new(born(1950, 1, 1));
        k5d.household = Household::Poor;
        cases.push((Group::K5D, k5d, 300));
        let mut k7 = Facts::new(born(2022, 1, 1));
        k7.household = Household::Poor;
        k7.disadvantaged_area = true;
        cases.push((Group::K7, k7, 150));
        let mut k8 = Facts::new(born(1985, 1, 1));
        k8.hiv = true;
        k8.household = Household::Poor;
        cases.push((Group::K8, k8, 150));
        for (group, facts, expected) in cases {
            let c = coefficient(group, &facts, at, &r, None).unwrap();
            assert_eq!(c.value, expected, "{group}");
        }
        // 5b ends with the month of turning 80; a 75-year-old outside the area is refused.
        let mut old = Facts::new(born(1944, 6, 1));
        old.household = Household::Poor;
        old.disadvantaged_area = true;
        assert!(coefficient(Group::K5B, &old, m(2024, 6), &r, None).is_ok());
        assert!(coefficient(Group::K5B, &old, m(2024, 7), &r, None).is_err());
        old.disadvantaged_area = false;
        let err = coefficient(Group::K5B, &old, m(2024, 6), &r, None).unwrap_err();
        assert_eq!(err.code(), "assistance.not_eligible");
    }

    // --- Properties of the engine with the real programme -----------------------------------

    /// A person built to qualify for `group` for at least part of 2021–2025, decided
    /// `offset` months after 07/2021.
    fn qualify(f: &mut Facts, group: Group, offset: i64, extreme: bool) {
        let decided = m(2021, 7).plus(offset).first_day();
        match group {
            Group::K4 => {
                f.household = Household::Poor;
                for year in [2009, 2016] {
                    f.children.push(Child {
                        birth: born(year, 3, 1),
                        studying: year == 2009,
                        left_on: None,
                    });
                }
            }
            Group::K5A | Group::K8 => {
                f.household = Household::Poor;
                f.hiv = true;
            }
            Group::K6 => f.disability.push(DisabilityCertificate {
                issued_on: decided,
                severity: if extreme {
                    Severity::Extreme
                } else {
                    Severity::Severe
                },
            }),
            _ => {}
        }
        f.grants.push(grant(group, decided));
    }

    fn any_facts() -> impl Strategy<Value = Facts> {
        // Birth years that make each group possible in 2021–2025.
        let profile = prop_oneof![
            (Just(Group::K1), 2008i32..2024),
            (Just(Group::K4), 1965i32..1995),
            (Just(Group::K5A), 1930i32..1965),
            (Just(Group::K5C), 1930i32..1946),
            (Just(Group::K6), 1935i32..2022),
            (Just(Group::K8), 1960i32..2000),
        ];
        let second = prop_oneof![
            Just(Group::K4),
            Just(Group::K5A),
            Just(Group::K6),
            Just(Group::K8)
        ];
        (
            profile,
            (1u32..=12, 1u32..=28),
            0i64..48,
            proptest::option::of((second, 0i64..48)),
            any::<bool>(),
        )
            .prop_map(|((group, year), (month, day), offset, also, extreme)| {
                let mut f = Facts::new(born(year, month, day));
                qualify(&mut f, group, offset, extreme);
                if let Some((other, later)) = also {
                    qualify(&mut f, other, later, !extreme);
                }
                f
            })
    }

    /// A fact learnt late, effective from a month: what the commune reports after the fact.
    #[derive(Debug, Clone)]
    enum Change {
        Death,
        EndOfEligibility,
        NewCertificate(Severity),
        NewGrant(Group),
        LeftPoverty,
        /// The province raises its base level retroactively (a new local rule row).
        LocalBaseLevel(i64),
    }

    fn any_change() -> impl Strategy<Value = Change> {
        prop_oneof![
            Just(Change::Death),
            Just(Change::EndOfEligibility),
            Just(Change::NewCertificate(Severity::Severe)),
            Just(Change::NewCertificate(Severity::Extreme)),
            Just(Change::NewGrant(Group::K5C)),
            Just(Change::NewGrant(Group::K6)),
            Just(Change::LeftPoverty),
            (501i64..900).prop_map(|k| Change::LocalBaseLevel(k * 1000)),
        ]
    }

    /// The facts and rules after a change effective in `at`.
    fn apply(change: &Change, facts: &Facts, at: Month) -> (Facts, RuleBook) {
        let mut f = facts.clone();
        let mut r = rules();
        let day = at.first_day() + chrono::Duration::days(9);
        match change {
            Change::Death => f.died_on = Some(day),
            Change::EndOfEligibility => {
                for g in &mut f.grants {
                    g.ended_on = Some(day.max(g.decided_on));
                }
            }
            Change::NewCertificate(severity) => f.disability.push(DisabilityCertificate {
                issued_on: day,
                severity: *severity,
            }),
            Change::NewGrant(group) => f.grants.push(grant(*group, day)),
            Change::LeftPoverty => {
                f.household = Household::Other;
                for g in &mut f.grants {
                    g.ended_on = Some(day.max(g.decided_on));
                }
            }
            Change::LocalBaseLevel(value) => {
                let row = crate::assistance::RuleRow {
                    kind: crate::assistance::RuleKind::BaseLevel,
                    key: "BASE".into(),
                    area: Some("46".into()),
                    condition: crate::assistance::condition::Condition::always(),
                    value: *value,
                    valid_from: at.first_day(),
                    valid_to: None,
                    confirmed: true,
                    legal_basis: "Nghị quyết HĐND tỉnh (thử)".into(),
                };
                r = r.with_rows(vec![row]).unwrap();
            }
        }
        (f, r)
    }

    /// Locks a run's lines: adds each line to the month it is for.
    fn lock(paid: &mut BTreeMap<Month, i64>, lines: &[Line<Group>]) {
        for l in lines {
            *paid.entry(l.for_month).or_default() += l.amount;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn runs_are_deterministic_and_never_pay_a_month_twice(
            before in any_facts(),
            change in any_change(),
            effective in 0i64..40,
            late_by in 0i64..8,
        ) {
            // Monthly runs from 07/2021 to 12/2025 for one beneficiary of Huế (area 46). A change
            // effective in month `effective` is learnt `late_by` months later; that run
            // recalculates from the effective month. After every run, each recalculated month
            // holds exactly what is due; a re-run with nothing changed adds no adjustment.
            let programme = SocialAssistance { area: Some("46".into()) };
            let (start, end) = (m(2021, 7), m(2026, 1));
            let effective = start.plus(effective);
            let learnt = effective.plus(late_by);
            let (after, after_rules) = apply(&change, &before, effective);
            let before_rules = rules();
            let mut paid = BTreeMap::new();
            for month in start.until(end) {
                let (facts, rules) = if month < learnt {
                    (&before, &before_rules)
                } else {
                    (&after, &after_rules)
                };
                let recalc = (month == learnt).then_some(effective);
                let input = Run { month, paid: &paid, recalc_from: recalc };
                let lines = compute(&programme, facts, rules, &input).unwrap();
                prop_assert_eq!(&lines, &compute(&programme, facts, rules, &input).unwrap());
                let sum: i64 = lines.iter().map(|l| l.amount).sum();
                prop_assert_eq!(totals(&lines).net(), sum);
                prop_assert_eq!(totals_by_group(&lines).values().map(|t| t.net()).sum::<i64>(), sum);
                prop_assert!(lines.iter().all(|l| l.amount != 0));
                lock(&mut paid, &lines);
                for past in recalc.unwrap_or(month).through(month) {
                    let due: i64 = programme
                        .due(facts, past, rules)
                        .unwrap()
                        .iter()
                        .map(|d| d.amount)
                        .sum();
                    prop_assert_eq!(paid.get(&past).copied().unwrap_or(0), due, "{}", past);
                }
            }
            let input = Run { month: end, paid: &paid, recalc_from: Some(effective) };
            let again = compute(&programme, &after, &after_rules, &input).unwrap();
            prop_assert!(again.iter().all(|l| l.kind == LineKind::Regular));
        }
    }
}
