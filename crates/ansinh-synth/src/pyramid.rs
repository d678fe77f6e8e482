//! The age and sex structure of Vietnam, and birth dates drawn from it.
//!
//! The household builder never draws an age freely: it asks for an age of a given sex inside a
//! range that keeps the family consistent (a mother 19–44 years older than her children, and so
//! on), and gets an age from the national pyramid restricted to that range. Restricting the
//! pyramid instead of drawing uniformly keeps the overall age structure close to the real one
//! while every relation inside a household stays plausible.

use ansinh_core::Sex;
use chrono::{Days, Months, NaiveDate};
use rand::Rng;

/// The oldest age generated. Birth years stay after 1900, which personal IDs need.
pub const MAX_AGE: i32 = 100;
const AGES: usize = MAX_AGE as usize + 1;

/// Weight of each 5-year band (0–4, 5–9, …, 75–79, 80+), men and women, in hundredths of a
/// percent. Up to 75–79 these are the shares of the population, rounded from the 2024 estimates
/// of the General Statistics Office and the UN World Population Prospects: a bulge at 30–44,
/// narrowing cohorts born after 2015, and more women than men from 50 on.
///
/// The open 80+ band is weighted 6 % although about 2 % of Vietnamese are 80 or older (about
/// 2 million people, Bộ Y tế in 2017). The household builder only places the very old where a
/// kind of household has room for them (a widow alone, an old couple, the elders of a
/// three-generation home), which realises a little under half of the weight; with this weight
/// the registry holds about 2.6 % living people aged 80+ and, with the deaths of the last three
/// years (`attributes::death`), about 1.65 % of the people alive in 12/2023 were 80+ then: the
/// pool of the khoản 5 điểm c allowance the social-assistance generator is calibrated on.
pub const BANDS: [(u32, u32); 17] = [
    (360, 330),
    (400, 370),
    (400, 370),
    (350, 330),
    (340, 320),
    (370, 360),
    (410, 400),
    (420, 410),
    (380, 370),
    (350, 350),
    (310, 320),
    (280, 300),
    (230, 260),
    (180, 210),
    (120, 150),
    (60, 90),
    (200, 400),
];

/// Inside the open 80+ band each further year of age holds this fraction of the year before,
/// roughly the survival of the very old; it puts about half of the band at 80–84.
const OLDEST_DECAY: f64 = 0.86;

/// Per-age weights of the pyramid, cumulated for range-restricted sampling.
#[derive(Debug, Clone)]
pub(crate) struct Pyramid {
    /// `cumulative[s][a]` is the total weight of ages below `a` for sex `s` (0 men, 1 women).
    cumulative: [[u64; AGES + 1]; 2],
}

fn sex_index(sex: Sex) -> usize {
    match sex {
        Sex::Male => 0,
        Sex::Female => 1,
    }
}

impl Pyramid {
    pub(crate) fn vietnam_2024() -> Self {
        Pyramid::from_weights(Self::weights_2024())
    }

    /// The ages of children still living with their parents: the pyramid thinned from 18 on,
    /// as young adults leave to study, work or marry (the 2019 census shows about half of the
    /// unmarried 25–29-year-olds, and few older, still in their parents' household). Drawing
    /// the children of a household from this rather than from the pyramid keeps the number of
    /// grown-up children, and so of old parents, realistic.
    pub(crate) fn children_at_home() -> Self {
        let mut weights = Self::weights_2024();
        for row in &mut weights {
            for (age, w) in row.iter_mut().enumerate() {
                let still_home = match age {
                    0..=17 => 100,
                    18..=22 => 85,
                    23..=25 => 60,
                    26..=29 => 40,
                    30..=32 => 25,
                    _ => 15,
                };
                *w = *w * still_home / 100;
            }
        }
        Pyramid::from_weights(weights)
    }

    fn weights_2024() -> [[u64; AGES]; 2] {
        let mut weights = [[0u64; AGES]; 2];
        // Weights are scaled by 1000 so the geometric split of the 80+ band keeps precision.
        for (band, &(men, women)) in BANDS.iter().enumerate().take(16) {
            weights[0][band * 5..band * 5 + 5].fill(u64::from(men) * 200);
            weights[1][band * 5..band * 5 + 5].fill(u64::from(women) * 200);
        }
        let (men, women) = BANDS[16];
        let norm: f64 = (0..=20).map(|i| OLDEST_DECAY.powi(i)).sum();
        for i in 0..=20 {
            let share = OLDEST_DECAY.powi(i) / norm;
            weights[0][80 + i as usize] = (f64::from(men) * 1000.0 * share).round() as u64;
            weights[1][80 + i as usize] = (f64::from(women) * 1000.0 * share).round() as u64;
        }
        weights
    }

    fn from_weights(weights: [[u64; AGES]; 2]) -> Self {
        let mut cumulative = [[0u64; AGES + 1]; 2];
        for s in 0..2 {
            for age in 0..AGES {
                cumulative[s][age + 1] = cumulative[s][age] + weights[s][age];
            }
        }
        Pyramid { cumulative }
    }

    /// An age of `sex` in `lo..=hi` (clamped to 0..=100), drawn from the pyramid restricted to
    /// that range. The builder always passes a non-empty range; an empty one yields `lo`.
    pub(crate) fn sample<R: Rng + ?Sized>(&self, rng: &mut R, sex: Sex, lo: i32, hi: i32) -> i32 {
        let lo = lo.clamp(0, MAX_AGE) as usize;
        let hi = hi.clamp(0, MAX_AGE) as usize;
        if lo >= hi {
            return lo as i32;
        }
        let c = &self.cumulative[sex_index(sex)];
        let x = rng.random_range(c[lo]..c[hi + 1]);
        (c.partition_point(|&v| v <= x) - 1) as i32
    }

    /// The share of the population (both sexes) aged `lo..=hi`, for checks against output.
    #[cfg(test)]
    pub(crate) fn share(&self, lo: usize, hi: usize) -> f64 {
        let total = (self.cumulative[0][AGES] + self.cumulative[1][AGES]) as f64;
        let part = (0..2)
            .map(|s| self.cumulative[s][hi + 1] - self.cumulative[s][lo])
            .sum::<u64>() as f64;
        part / total
    }
}

/// For each age, the range of birth dates that gives exactly that age on the reference day,
/// computed once so drawing a birth date is one addition.
#[derive(Debug, Clone)]
pub(crate) struct BirthDays {
    earliest: Vec<NaiveDate>,
    span_days: Vec<u64>,
}

impl BirthDays {
    pub(crate) fn new(as_of: NaiveDate) -> Self {
        let mut earliest = Vec::with_capacity(AGES);
        let mut span_days = Vec::with_capacity(AGES);
        for age in 0..AGES as u32 {
            // The last birthday on or before `as_of` that makes the person `age` years old, and
            // the day after the one that would make them a year older.
            let latest = as_of
                .checked_sub_months(Months::new(12 * age))
                .expect("reference date far from the calendar limits");
            let first = as_of
                .checked_sub_months(Months::new(12 * (age + 1)))
                .and_then(|d| d.checked_add_days(Days::new(1)))
                .expect("reference date far from the calendar limits");
            earliest.push(first);
            span_days.push((latest - first).num_days().max(0) as u64);
        }
        BirthDays {
            earliest,
            span_days,
        }
    }

    /// A birth date, uniform over the year of life that gives `age` on the reference day.
    pub(crate) fn sample<R: Rng + ?Sized>(&self, rng: &mut R, age: i32) -> NaiveDate {
        let age = age.clamp(0, MAX_AGE) as usize;
        let offset = rng.random_range(0..=self.span_days[age]);
        self.earliest[age] + Days::new(offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ansinh_core::date::age_on;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn bands_describe_the_whole_population_and_the_oldest_share() {
        let p = Pyramid::vietnam_2024();
        assert!((p.share(0, 100) - 1.0).abs() < 1e-12);
        // The open band's weight, not its share of the output (see `BANDS`).
        let oldest = p.share(80, 100);
        assert!((0.055..0.065).contains(&oldest), "{oldest}");
        let children = p.share(0, 14);
        assert!((0.20..0.25).contains(&children), "{children}");
    }

    #[test]
    fn restricted_samples_stay_in_range() {
        let p = Pyramid::vietnam_2024();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for _ in 0..10_000 {
            let a = p.sample(&mut rng, Sex::Female, 22, 58);
            assert!((22..=58).contains(&a));
        }
        assert_eq!(p.sample(&mut rng, Sex::Male, 40, 40), 40);
        let a = p.sample(&mut rng, Sex::Male, 95, 120);
        assert!((95..=100).contains(&a));
    }

    #[test]
    fn birth_dates_give_the_requested_age() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        for as_of in [
            NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 28).unwrap(),
            NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
        ] {
            let days = BirthDays::new(as_of);
            for age in [0, 1, 17, 18, 45, 80, 100] {
                for _ in 0..400 {
                    let b = days.sample(&mut rng, age);
                    assert_eq!(age_on(b, as_of), age, "{b} on {as_of}");
                }
            }
        }
    }
}
