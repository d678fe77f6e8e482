//! Exact rates and the Vietnamese way of writing numbers ("1.500.000 đồng", "12,34%").
//!
//! Report rates are kept as numerator and denominator and rounded once, at display, so sums of
//! communes and the province total never drift apart the way accumulated floats do.

use std::fmt;

/// A count over a count, e.g. poor households over all households.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Ratio {
    pub numerator: u64,
    pub denominator: u64,
}

impl Ratio {
    pub fn new(numerator: u64, denominator: u64) -> Self {
        Ratio {
            numerator,
            denominator,
        }
    }

    /// The ratio in hundredths of a percent (1 = 0,01%), rounded half up; `None` when the
    /// denominator is 0 (a commune with no household in the class has no rate, not 0%).
    pub fn basis_points(self) -> Option<u64> {
        self.scaled(10_000)
    }

    /// The percentage with `decimals` digits after the decimal comma, rounded half up, as the
    /// report forms write it: "12,34%". An undefined rate is written "-".
    pub fn percent_vi(self, decimals: u32) -> String {
        let unit = 10u64.pow(decimals.min(6));
        match self.scaled(100 * unit) {
            None => "-".to_string(),
            Some(v) if decimals == 0 => format!("{}%", thousands(v as i64)),
            Some(v) => format!(
                "{},{:0width$}%",
                thousands((v / unit) as i64),
                v % unit,
                width = decimals.min(6) as usize
            ),
        }
    }

    /// numerator × scale / denominator, rounded half up, in exact integer arithmetic.
    fn scaled(self, scale: u64) -> Option<u64> {
        if self.denominator == 0 {
            return None;
        }
        let n = u128::from(self.numerator) * u128::from(scale);
        let d = u128::from(self.denominator);
        u64::try_from((2 * n + d) / (2 * d)).ok()
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.numerator, self.denominator)
    }
}

/// An integer with `.` between thousands: 1500000 → "1.500.000".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// An amount of money: 1500000 → "1.500.000 đồng".
pub fn format_vnd(amount: i64) -> String {
    format!("{} đồng", thousands(amount))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_round_half_up_exactly() {
        assert_eq!(Ratio::new(1, 3).basis_points(), Some(3333));
        assert_eq!(Ratio::new(2, 3).basis_points(), Some(6667));
        assert_eq!(Ratio::new(1, 8).percent_vi(2), "12,50%");
        assert_eq!(Ratio::new(1, 3).percent_vi(2), "33,33%");
        assert_eq!(Ratio::new(1, 3).percent_vi(0), "33%");
        assert_eq!(Ratio::new(1, 200).percent_vi(1), "0,5%");
        assert_eq!(Ratio::new(5, 5).percent_vi(2), "100,00%");
        assert_eq!(Ratio::new(0, 0).basis_points(), None);
        assert_eq!(Ratio::new(0, 0).percent_vi(2), "-");
        assert_eq!(Ratio::new(u64::MAX, 1).basis_points(), None);
    }

    #[test]
    fn money_is_written_with_dotted_thousands() {
        assert_eq!(format_vnd(1_500_000), "1.500.000 đồng");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1.000");
        assert_eq!(thousands(-2_250_000), "-2.250.000");
        assert_eq!(thousands(0), "0");
    }
}
