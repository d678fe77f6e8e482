//! The condition column of a rule row: when the row applies to a person in a month.
//!
//! A condition is a list of atoms joined by `&`, all of which must hold; the empty condition
//! always holds. Atoms:
//!
//! - `age<N`, `age>=N`: the age reached in the month (see `assistance::age`);
//! - `severity=severe`, `severity=extreme`: the disability level (nặng, đặc biệt nặng);
//! - `count=N`, `count>=N`: a number the rule counts, e.g. pregnancy plus children under 36
//!   months for Điều 20 khoản 2 điểm a.
//!
//! So `severity=extreme&age>=60` is "an elderly person with an extremely severe disability".

use std::fmt;

use super::facts::Severity;
use super::rules::RuleError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Atom {
    AgeBelow(i32),
    AgeAtLeast(i32),
    Severity(Severity),
    Count(u32),
    CountAtLeast(u32),
}

/// What a condition is checked against. An atom about an attribute that is `None` does not
/// hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Subject {
    pub age: Option<i32>,
    pub severity: Option<Severity>,
    pub count: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Condition {
    /// Sorted, so two spellings of one condition compare equal.
    atoms: Vec<Atom>,
}

impl Condition {
    pub fn always() -> Condition {
        Condition::default()
    }

    pub fn parse(raw: &str) -> Result<Condition, RuleError> {
        let s = raw.trim();
        if s.is_empty() {
            return Ok(Condition::always());
        }
        let bad = || RuleError::BadCondition(s.to_string());
        let mut atoms = Vec::new();
        for part in s.split('&') {
            let part = part.trim();
            let atom = if let Some(n) = part.strip_prefix("age>=") {
                Atom::AgeAtLeast(n.parse().map_err(|_| bad())?)
            } else if let Some(n) = part.strip_prefix("age<") {
                Atom::AgeBelow(n.parse().map_err(|_| bad())?)
            } else if let Some(n) = part.strip_prefix("count>=") {
                Atom::CountAtLeast(n.parse().map_err(|_| bad())?)
            } else if let Some(n) = part.strip_prefix("count=") {
                Atom::Count(n.parse().map_err(|_| bad())?)
            } else if let Some(level) = part.strip_prefix("severity=") {
                Atom::Severity(Severity::from_code(level).ok_or_else(bad)?)
            } else {
                return Err(bad());
            };
            atoms.push(atom);
        }
        atoms.sort();
        atoms.dedup();
        Ok(Condition { atoms })
    }

    pub fn atoms(&self) -> &[Atom] {
        &self.atoms
    }

    /// The condition in words, for screens: "từ đủ 60 tuổi, khuyết tật đặc biệt nặng".
    pub fn describe_vi(&self) -> String {
        self.atoms
            .iter()
            .map(|atom| match *atom {
                Atom::AgeBelow(n) => format!("dưới {n} tuổi"),
                Atom::AgeAtLeast(n) => format!("từ đủ {n} tuổi"),
                Atom::Severity(s) => s.label_vi().to_lowercase(),
                Atom::Count(n) => format!("{n} người"),
                Atom::CountAtLeast(n) => format!("từ {n} người trở lên"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn holds(&self, subject: &Subject) -> bool {
        self.atoms.iter().all(|atom| match *atom {
            Atom::AgeBelow(n) => subject.age.is_some_and(|a| a < n),
            Atom::AgeAtLeast(n) => subject.age.is_some_and(|a| a >= n),
            Atom::Severity(s) => subject.severity == Some(s),
            Atom::Count(n) => subject.count == Some(n),
            Atom::CountAtLeast(n) => subject.count.is_some_and(|c| c >= n),
        })
    }
}

/// The canonical spelling, which [`Condition::parse`] reads back.
impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, atom) in self.atoms.iter().enumerate() {
            if i > 0 {
                f.write_str("&")?;
            }
            match atom {
                Atom::AgeBelow(n) => write!(f, "age<{n}")?,
                Atom::AgeAtLeast(n) => write!(f, "age>={n}")?,
                Atom::Severity(s) => write!(f, "severity={}", s.code())?,
                Atom::Count(n) => write!(f, "count={n}")?,
                Atom::CountAtLeast(n) => write!(f, "count>={n}")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_in_vietnamese() {
        let c = Condition::parse("severity=extreme&age>=60").unwrap();
        assert_eq!(c.describe_vi(), "từ đủ 60 tuổi, khuyết tật đặc biệt nặng");
        assert_eq!(Condition::always().describe_vi(), "");
    }

    #[test]
    fn parses_and_prints_canonically() {
        let c = Condition::parse(" age>=60 & severity=extreme ").unwrap();
        assert_eq!(c.to_string(), "age>=60&severity=extreme");
        assert_eq!(Condition::parse(&c.to_string()).unwrap(), c);
        assert_eq!(
            Condition::parse("severity=extreme&age>=60").unwrap(),
            Condition::parse("age>=60&severity=extreme").unwrap()
        );
        assert_eq!(Condition::parse("").unwrap(), Condition::always());
    }

    #[test]
    fn holds_only_when_every_atom_holds() {
        let c = Condition::parse("severity=severe&age>=16&age<60").unwrap();
        let adult = Subject {
            age: Some(30),
            severity: Some(Severity::Severe),
            count: None,
        };
        assert!(c.holds(&adult));
        assert!(!c.holds(&Subject {
            age: Some(60),
            ..adult
        }));
        assert!(!c.holds(&Subject {
            severity: Some(Severity::Extreme),
            ..adult
        }));
        assert!(!c.holds(&Subject { age: None, ..adult }));
        assert!(Condition::always().holds(&Subject::default()));
        let two = Condition::parse("count>=2").unwrap();
        assert!(two.holds(&Subject {
            count: Some(3),
            ..Subject::default()
        }));
        assert!(!two.holds(&Subject {
            count: Some(1),
            ..Subject::default()
        }));
    }

    #[test]
    fn refuses_unknown_atoms() {
        for bad in [
            "age>sixty",
            "age=4",
            "severity=mild",
            "poor",
            "count<2",
            "age<4&",
        ] {
            let err = Condition::parse(bad).unwrap_err();
            assert_eq!(err.code(), "rule.bad_condition", "{bad}");
        }
    }
}
