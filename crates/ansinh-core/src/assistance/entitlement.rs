//! Who qualifies for which group in a month, the coefficient (Điều 6), when payment starts and
//! stops (Điều 8), and what is due in a month when a person is in several groups.
//!
//! - **Eligibility** ([`eligibility`]) checks the conditions of Điều 5 that the facts can show:
//!   age windows, the household's poverty standing, studying, HIV, pension, the disadvantaged
//!   area, disability certificates, children. Circumstances the commune verifies once (orphan,
//!   no supporter) are taken from the decision.
//! - **Coefficient** ([`coefficient`]) is the rule row for the group and the person's age (and
//!   disability level) in the month; see `assistance::age` for how a birthday inside a month is
//!   treated.
//! - **Start** ([`start_month`]): 5b from the month of turning 75, 5c from the month of turning
//!   80, disability from the month of the (first) certificate, everyone else from the month the
//!   decision was signed (Điều 8 khoản 1). These follow the text literally: a late application
//!   under 5b, 5c or khoản 6 gets arrears back to that month.
//! - **Stop** ([`last_month`]): the last month paid is the month of death, of the loss of
//!   eligibility recorded on the grant, or of admission to a facility; payment stops from the
//!   next month (Điều 8 khoản 2; Điều 25 khoản 5). An age limit stops payment the same way,
//!   from the month after the birthday.
//! - **Several groups** ([`entitlement`]): only the highest amount is paid (Điều 6 khoản 2),
//!   except that a poor single parent (khoản 4) who is also in khoản 5, 6 or 8 is paid both.

use std::collections::BTreeMap;

use super::age::{age_in, month_turning, under};
use super::condition::Subject;
use super::error::{AssistanceError, Ineligible};
use super::facts::{Facts, Grant, Household, Severity};
use super::group::Group;
use super::rules::{RuleBook, RuleError, RuleKind};
use crate::payroll::{Due, Month};

/// A coefficient with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coefficient {
    pub group: Group,
    /// Hundredths; for khoản 4 already multiplied by the number of children.
    pub value: i32,
    pub legal_basis: String,
    pub confirmed: bool,
}

/// The disability level in force in a month: the latest certificate issued in or before it.
pub fn severity_in(facts: &Facts, month: Month) -> Option<Severity> {
    facts
        .disability
        .iter()
        .filter(|c| Month::of(c.issued_on) <= month)
        .max_by_key(|c| c.issued_on)
        .map(|c| c.severity)
}

/// The children a single parent is raising in a month: under 16, or 16 through the month of
/// turning 22 while studying (Điều 5 khoản 4), born and not yet left.
pub fn children_in(facts: &Facts, month: Month) -> u32 {
    let counted = facts.children.iter().filter(|c| {
        Month::of(c.birth.date) <= month
            && c.left_on.is_none_or(|d| month <= Month::of(d))
            && (under(c.birth, month, 16) || (c.studying && under(c.birth, month, 22)))
    });
    u32::try_from(counted.count()).unwrap_or(u32::MAX)
}

/// Whether the facts meet the conditions of a group in a month, ignoring grant dates.
pub fn eligibility(group: Group, facts: &Facts, month: Month) -> Result<(), Ineligible> {
    let age = age_in(facts.birth, month);
    let require = |ok: bool, why: Ineligible| if ok { Ok(()) } else { Err(why) };
    let min_age = |years: i32| require(age >= years, Ineligible::TooYoung(years));
    let max_age = |years: i32| require(under(facts.birth, month, years), Ineligible::TooOld(years));
    let poor = || require(facts.household == Household::Poor, Ineligible::NotPoor);
    let poor_or_near = || {
        require(
            matches!(facts.household, Household::Poor | Household::NearPoor),
            Ineligible::NotPoorOrNearPoor,
        )
    };
    let area = || require(facts.disadvantaged_area, Ineligible::NotInDisadvantagedArea);
    let hiv = || require(facts.hiv, Ineligible::NoHiv);

    require(age >= 0, Ineligible::NotBorn)?;
    require(
        facts.died_on.is_none_or(|d| month <= Month::of(d)),
        Ineligible::Dead,
    )?;
    require(
        facts
            .in_facility_since
            .is_none_or(|d| month <= Month::of(d)),
        Ineligible::InFacility,
    )?;
    match group {
        Group::K1 => max_age(16),
        Group::K2 => {
            min_age(16)?;
            max_age(22)?;
            require(facts.studying, Ineligible::NotStudying)
        }
        Group::K3 => {
            max_age(16)?;
            hiv()?;
            poor()
        }
        Group::K4 => {
            poor_or_near()?;
            require(children_in(facts, month) > 0, Ineligible::NoChildren)
        }
        Group::K5A | Group::K5D => {
            min_age(60)?;
            poor()
        }
        Group::K5B => {
            min_age(75)?;
            max_age(80)?;
            poor_or_near()?;
            area()
        }
        Group::K5C => {
            min_age(80)?;
            require(!facts.has_pension, Ineligible::HasPension)
        }
        Group::K6 => require(
            severity_in(facts, month).is_some(),
            Ineligible::NoCertificate,
        ),
        Group::K7 => {
            max_age(3)?;
            poor_or_near()?;
            area()
        }
        Group::K8 => {
            hiv()?;
            poor()
        }
    }
}

/// The Điều 6 coefficient of a group for a person in a month. The age bands (under 4, from 80,
/// child under 16, elderly from 60) are in the rule rows' conditions.
pub fn coefficient(
    group: Group,
    facts: &Facts,
    month: Month,
    rules: &RuleBook,
    area: Option<&str>,
) -> Result<Coefficient, AssistanceError> {
    eligibility(group, facts, month).map_err(|reason| AssistanceError::NotEligible {
        group,
        month,
        reason,
    })?;
    let subject = Subject {
        age: Some(age_in(facts.birth, month)),
        severity: (group == Group::K6)
            .then(|| severity_in(facts, month))
            .flatten(),
        count: None,
    };
    let row = rules.require(
        RuleKind::Coefficient,
        group.code(),
        month.first_day(),
        area,
        &subject,
    )?;
    // Khoản 4 pays 1.0 for each child being raised (Điều 6 khoản 1 điểm d).
    let times = if group == Group::K4 {
        i64::from(children_in(facts, month))
    } else {
        1
    };
    let value = row.value * times;
    Ok(Coefficient {
        group,
        value: i32::try_from(value).map_err(|_| RuleError::BadValue(value.to_string()))?,
        legal_basis: row.legal_basis.clone(),
        confirmed: row.confirmed,
    })
}

/// The first month paid under a grant (Điều 8 khoản 1).
pub fn start_month(grant: &Grant, facts: &Facts) -> Month {
    match grant.group {
        Group::K5B => month_turning(facts.birth, 75),
        Group::K5C => month_turning(facts.birth, 80),
        Group::K6 => facts
            .first_certificate()
            .map_or(Month::of(grant.decided_on), |c| Month::of(c.issued_on)),
        _ => Month::of(grant.decided_on),
    }
}

/// The last month paid under a grant, if it has ended: the month of death, of the recorded loss
/// of eligibility, or of admission to a facility, whichever comes first (Điều 8 khoản 2).
pub fn last_month(grant: &Grant, facts: &Facts) -> Option<Month> {
    [grant.ended_on, facts.died_on, facts.in_facility_since]
        .into_iter()
        .flatten()
        .map(Month::of)
        .min()
}

fn active_in(grant: &Grant, facts: &Facts, month: Month) -> bool {
    start_month(grant, facts) <= month && last_month(grant, facts).is_none_or(|l| month <= l)
}

/// What is due in a month, principal component first; empty when nothing is. A group whose
/// conditions stop holding (an age limit passed) simply stops paying; a missing rule is an
/// error.
pub fn entitlement(
    facts: &Facts,
    month: Month,
    rules: &RuleBook,
    area: Option<&str>,
) -> Result<Vec<Due<Group>>, AssistanceError> {
    let mut candidates: BTreeMap<Group, Due<Group>> = BTreeMap::new();
    let mut base = None;
    for grant in facts.grants.iter().filter(|g| active_in(g, facts, month)) {
        if candidates.contains_key(&grant.group) {
            continue;
        }
        let c = match coefficient(grant.group, facts, month, rules, area) {
            Ok(c) => c,
            Err(AssistanceError::NotEligible { .. }) => continue,
            Err(e) => return Err(e),
        };
        let base_level = match base {
            Some(b) => b,
            None => *base.insert(rules.base_level(month, area)?.value),
        };
        candidates.insert(grant.group, Due::new(grant.group, base_level, c.value));
    }
    Ok(highest(candidates.into_values().collect()))
}

/// Điều 6 khoản 2: of several entitlements only the highest is paid, but a poor single parent
/// also in khoản 5, 6 or 8 is paid both the khoản 4 amount and the highest of those.
fn highest(mut candidates: Vec<Due<Group>>) -> Vec<Due<Group>> {
    // Highest amount first; among equal amounts the lower group code, so the order is stable.
    candidates.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.group.cmp(&b.group)));
    let Some(best) = candidates.first().cloned() else {
        return Vec::new();
    };
    let single_parent = candidates.iter().find(|d| d.group == Group::K4).cloned();
    let paired = candidates
        .iter()
        .find(|d| d.group.paid_with_single_parent())
        .cloned();
    match (single_parent, paired) {
        (Some(k4), Some(other)) if k4.amount + other.amount > best.amount => {
            let mut both = vec![k4, other];
            both.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.group.cmp(&b.group)));
            both
        }
        _ => vec![best],
    }
}

/// Whether two grants are paid in a common month.
fn periods_overlap(a: &Grant, b: &Grant, facts: &Facts) -> bool {
    let starts_after_end = |x: &Grant, y: &Grant| {
        last_month(y, facts).is_some_and(|last| start_month(x, facts) > last)
    };
    !starts_after_end(a, b) && !starts_after_end(b, a)
}

/// Checks the grants of a person: decision not before the dossier, end not before the
/// decision, no two overlapping grants of one group, the person qualifying in the start month,
/// and the coefficient written on the decision being the one the rules give for the later of
/// the start month and the decision month. Collects every error.
pub fn check(
    facts: &Facts,
    rules: &RuleBook,
    area: Option<&str>,
) -> Result<(), Vec<AssistanceError>> {
    let mut errors = Vec::new();
    for (i, grant) in facts.grants.iter().enumerate() {
        let group = grant.group;
        if grant.decided_on < grant.dossier_on {
            errors.push(AssistanceError::DecisionBeforeDossier {
                group,
                decided: grant.decided_on,
                dossier: grant.dossier_on,
            });
        }
        if let Some(ended) = grant.ended_on.filter(|e| *e < grant.decided_on) {
            errors.push(AssistanceError::EndedBeforeDecision {
                group,
                ended,
                decided: grant.decided_on,
            });
        }
        let overlapping = facts.grants[..i]
            .iter()
            .any(|other| other.group == group && periods_overlap(other, grant, facts));
        if overlapping {
            errors.push(AssistanceError::DuplicateGrant(group));
        }
        let start = start_month(grant, facts);
        if let Err(reason) = eligibility(group, facts, start) {
            errors.push(AssistanceError::NotEligible {
                group,
                month: start,
                reason,
            });
            continue;
        }
        if let Some(claimed) = grant.coefficient {
            let at = start.max(Month::of(grant.decided_on));
            match coefficient(group, facts, at, rules, area) {
                Ok(expected) if expected.value != claimed => {
                    errors.push(AssistanceError::CoefficientMismatch {
                        group,
                        month: at,
                        claimed,
                        expected: expected.value,
                    });
                }
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
