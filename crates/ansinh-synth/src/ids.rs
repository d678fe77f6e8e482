//! Identifiers: record keys (UUIDv7), personal IDs and phone numbers.
//!
//! All three must be unique across a whole generation and reproducible from the seed. Drawing
//! them at random would make uniqueness a matter of luck (and of retry loops that change the
//! random stream), so each is built from a counter: record keys carry a counter in their
//! timestamp, and personal IDs and phone numbers scramble a per-bucket counter with a bijection,
//! which looks random but can never repeat.

use ansinh_core::{PersonalId, Sex};
use chrono::NaiveDate;
use rand::Rng;
use uuid::{Builder, Uuid};

use crate::weighted::Table;

/// Record keys: UUIDv7 with a deterministic timestamp. Each key gets its own millisecond,
/// counted from midnight of the reference day in Vietnam (UTC+7), so keys are unique whatever
/// the random bits and sort in generation order, which keeps B-tree inserts append-only. The
/// remaining 74 bits come from the seeded generator.
#[derive(Debug, Clone)]
pub(crate) struct UuidSource {
    next_millis: u64,
}

impl UuidSource {
    pub(crate) fn new(as_of: NaiveDate) -> Self {
        let midnight_utc = as_of
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
            .and_utc()
            .timestamp_millis();
        let midnight_vn = midnight_utc - 7 * 3_600_000;
        UuidSource {
            next_millis: midnight_vn.max(0) as u64,
        }
    }

    pub(crate) fn next<R: Rng + ?Sized>(&mut self, rng: &mut R) -> Uuid {
        let random: u128 = rng.random();
        let bytes = random.to_le_bytes();
        let mut tail = [0u8; 10];
        tail.copy_from_slice(&bytes[..10]);
        let id = Builder::from_unix_timestamp_millis(self.next_millis, &tail).into_uuid();
        self.next_millis += 1;
        id
    }
}

/// Where births of Huế residents were registered (the `PPP` of the personal ID), outside Huế
/// itself, per 1000 such people: mostly the neighbouring provinces of the central coast, then
/// Nghệ An and Hà Tĩnh, and the two big cities.
const OTHER_BIRTH_PROVINCES: &[(&str, u32)] = &[
    ("045", 250), // Quảng Trị
    ("049", 150), // Quảng Nam
    ("048", 150), // Đà Nẵng
    ("044", 120), // Quảng Bình
    ("040", 80),  // Nghệ An
    ("079", 80),  // Hồ Chí Minh
    ("042", 70),  // Hà Tĩnh
    ("001", 50),  // Hà Nội
    ("038", 20),  // Thanh Hóa
    ("051", 20),  // Quảng Ngãi
    ("052", 10),  // Bình Định
];

const HUE: &str = "046";
/// The 6-digit serial space of one bucket.
const SERIALS: u32 = 1_000_000;
/// The default multiplier of the serial bijection: prime and coprime with 10, so
/// `counter * 7919 + offset` modulo 10^6 visits every serial exactly once.
const SERIAL_MULTIPLIER: u64 = 7919;

/// SplitMix64's finaliser: a cheap, well-mixed hash for deriving per-bucket constants.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE5_E9B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A multiplier coprime with 10^6 (odd, not a multiple of 5) derived from `h`.
fn coprime_multiplier(h: u64) -> u64 {
    let mut m = (h % u64::from(SERIALS)) | 1;
    if m.is_multiple_of(5) {
        // m ≤ 999 995 here, so m + 2 stays below 10^6, and it is odd and ≡ 2 (mod 5).
        m += 2;
    }
    if m == 1 { SERIAL_MULTIPLIER } else { m }
}

/// Allocates personal IDs. A bucket is (province, century/sex digit, year digits), exactly the
/// part of the ID that the person's own data fixes; within a bucket the counter is scrambled
/// into the six "random" digits by `serial = (counter * m + a) mod 10^6`, with `m` coprime with
/// 10^6 so the map is a bijection. `m` and `a` differ per bucket and per seed, so the serials
/// of neighbouring buckets or of two generations show no common pattern. Only birth years
/// 1900–2099 are supported (digits 0–3).
#[derive(Debug, Clone)]
pub(crate) struct PidAllocator {
    provinces: Vec<&'static str>,
    others: Table<usize>,
    counters: Vec<u32>,
    /// (multiplier, offset) per bucket.
    scramble: Vec<(u64, u64)>,
}

impl PidAllocator {
    pub(crate) fn new(seed: u64) -> Self {
        let mut provinces = vec![HUE];
        provinces.extend(OTHER_BIRTH_PROVINCES.iter().map(|(code, _)| *code));
        let others = Table::new(
            OTHER_BIRTH_PROVINCES
                .iter()
                .enumerate()
                .map(|(i, (_, w))| (i + 1, *w)),
        );
        let buckets = provinces.len() * 4 * 100;
        let scramble = (0..buckets as u64)
            .map(|b| {
                let h = mix(seed ^ mix(b));
                (coprime_multiplier(h), mix(h) % u64::from(SERIALS))
            })
            .collect();
        PidAllocator {
            provinces,
            others,
            counters: vec![0; buckets],
            scramble,
        }
    }

    /// An ID for a person, registered in Huế with probability `local`. Returns `None` when the
    /// year is outside 1900–2099 or the bucket is full (a million people of one sex born in
    /// one year in one province: only at absurd scales); such a person is then recorded without
    /// an ID, like a legacy record, rather than given a duplicate.
    pub(crate) fn allocate<R: Rng + ?Sized>(
        &mut self,
        rng: &mut R,
        sex: Sex,
        birth_year: i32,
        local: f64,
    ) -> Option<PersonalId> {
        let province = if rng.random_bool(local) {
            0
        } else {
            self.others.pick(rng)
        };
        if !(1900..=2099).contains(&birth_year) {
            return None;
        }
        let digit = ansinh_core::pid::century_sex_digit(sex, birth_year).ok()?;
        let bucket =
            (province * 4 + usize::from(digit)) * 100 + birth_year.rem_euclid(100) as usize;
        let counter = self.counters[bucket];
        if counter >= SERIALS {
            return None;
        }
        self.counters[bucket] = counter + 1;
        let (multiplier, offset) = self.scramble[bucket];
        let serial = (u64::from(counter) * multiplier + offset) % u64::from(SERIALS);
        PersonalId::compose(self.provinces[province], sex, birth_year, serial as u32).ok()
    }
}

/// Mobile prefixes with weights roughly following market shares: Viettel (086, 096–098,
/// 032–039), VinaPhone (088, 091, 094, 081–085), MobiFone (089, 090, 093, 070, 076–079),
/// Vietnamobile (092, 056, 058) and Gmobile (099, 059).
const PHONE_PREFIXES: &[(&str, u32)] = &[
    ("086", 3),
    ("096", 6),
    ("097", 6),
    ("098", 6),
    ("032", 3),
    ("033", 3),
    ("034", 3),
    ("035", 3),
    ("036", 3),
    ("037", 3),
    ("038", 3),
    ("039", 3),
    ("088", 3),
    ("091", 5),
    ("094", 5),
    ("081", 2),
    ("082", 2),
    ("083", 2),
    ("084", 2),
    ("085", 2),
    ("089", 3),
    ("090", 6),
    ("093", 5),
    ("070", 2),
    ("076", 1),
    ("077", 2),
    ("078", 1),
    ("079", 2),
    ("092", 1),
    ("056", 1),
    ("058", 1),
    ("099", 1),
    ("059", 1),
];

/// Subscriber numbers per prefix (7 digits).
const SUBSCRIBERS: u64 = 10_000_000;
/// A fallback multiplier: odd and not a multiple of 5, so the map is a bijection modulo 10^7.
const PHONE_MULTIPLIER: u64 = 1_234_567;

/// Allocates unique 10-digit mobile numbers (0 + 9 digits), scrambled per prefix like the
/// personal IDs, with a multiplier and offset of its own for each prefix so numbers under two
/// prefixes do not share their last digits.
#[derive(Debug, Clone)]
pub(crate) struct PhoneAllocator {
    prefixes: Table<usize>,
    counters: Vec<u64>,
    /// (multiplier, offset) per prefix; the multiplier is odd and not a multiple of 5.
    scramble: Vec<(u64, u64)>,
}

impl PhoneAllocator {
    pub(crate) fn new(seed: u64) -> Self {
        PhoneAllocator {
            prefixes: Table::new(PHONE_PREFIXES.iter().enumerate().map(|(i, (_, w))| (i, *w))),
            counters: vec![0; PHONE_PREFIXES.len()],
            scramble: (0..PHONE_PREFIXES.len() as u64)
                .map(|i| {
                    let h = mix(seed ^ mix(i ^ 0x70_686F_6E65));
                    let mut m = (h % SUBSCRIBERS) | 1;
                    if m.is_multiple_of(5) {
                        m += 2;
                    }
                    if m == 1 {
                        m = PHONE_MULTIPLIER;
                    }
                    (m, mix(h) % SUBSCRIBERS)
                })
                .collect(),
        }
    }

    pub(crate) fn allocate<R: Rng + ?Sized>(&mut self, rng: &mut R) -> Option<String> {
        let prefix = self.prefixes.pick(rng);
        let counter = self.counters[prefix];
        if counter >= SUBSCRIBERS {
            return None;
        }
        self.counters[prefix] = counter + 1;
        let (multiplier, offset) = self.scramble[prefix];
        let number = (counter * multiplier + offset) % SUBSCRIBERS;
        Some(format!("{}{number:07}", PHONE_PREFIXES[prefix].0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use std::collections::HashSet;

    #[test]
    fn serial_maps_are_bijections() {
        for h in [0, 1, 4, 5, 999_995, 123_456_789, u64::MAX] {
            let m = coprime_multiplier(h);
            assert!(
                !m.is_multiple_of(2) && !m.is_multiple_of(5) && m < u64::from(SERIALS),
                "{m}"
            );
        }
        let mut seen = vec![false; SERIALS as usize];
        let m = coprime_multiplier(mix(42));
        for counter in 0..u64::from(SERIALS) {
            let s = ((counter * m + 123_457) % u64::from(SERIALS)) as usize;
            assert!(!seen[s]);
            seen[s] = true;
        }
    }

    #[test]
    fn ids_are_unique_and_match_the_person() {
        let mut alloc = PidAllocator::new(5);
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mut seen = HashSet::new();
        for i in 0..50_000 {
            let sex = if i % 2 == 0 { Sex::Male } else { Sex::Female };
            let year = 1990 + (i % 3);
            let id = alloc.allocate(&mut rng, sex, year, 0.9).unwrap();
            id.check_person(sex, year).unwrap();
            assert!(seen.insert(id));
        }
        assert!(alloc.allocate(&mut rng, Sex::Male, 1899, 1.0).is_none());
    }

    #[test]
    fn phones_are_unique_mobile_numbers() {
        let mut alloc = PhoneAllocator::new(1);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut seen = HashSet::new();
        for _ in 0..20_000 {
            let p = alloc.allocate(&mut rng).unwrap();
            assert_eq!(p.len(), 10);
            assert!(matches!(&p[..2], "09" | "03" | "07" | "08" | "05"), "{p}");
            assert_eq!(
                ansinh_core::registry::person::normalize_phone(&p).unwrap(),
                p
            );
            assert!(seen.insert(p));
        }
    }

    #[test]
    fn uuids_are_v7_and_increasing() {
        let mut src = UuidSource::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let a = src.next(&mut rng);
        let b = src.next(&mut rng);
        assert_eq!(a.get_version_num(), 7);
        assert!(a < b);
    }
}
