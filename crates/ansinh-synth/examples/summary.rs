//! Generates a population and prints a summary, to eyeball the distributions and time a run:
//! `cargo run --release -p ansinh-synth --example summary -- [scale] [seed]`.

use std::collections::HashMap;
use std::time::Instant;

use ansinh_core::date::age_on;
use ansinh_core::{AreaCatalog, Sex};
use ansinh_synth::{Generator, SynthConfig};
use chrono::NaiveDate;

fn main() {
    let mut args = std::env::args().skip(1);
    let scale: f64 = args
        .next()
        .map_or(0.01, |s| s.parse().expect("scale is a number"));
    let seed: u64 = args
        .next()
        .map_or(1, |s| s.parse().expect("seed is a number"));
    let as_of = NaiveDate::from_ymd_opt(2026, 7, 1).expect("valid date");
    let catalog = AreaCatalog::shipped().expect("shipped catalogue parses");
    let communes: Vec<_> = catalog
        .hue_communes_on(as_of)
        .into_iter()
        .cloned()
        .collect();

    let start = Instant::now();
    let generator = Generator::new(SynthConfig { scale, seed, as_of }, &communes);
    println!(
        "expected: {} persons, {} households",
        generator.expected_persons(),
        generator.expected_households()
    );
    let mut persons = 0usize;
    let mut households = 0usize;
    let mut ages = [0usize; 18];
    let mut women_by_band = [0usize; 18];
    let (mut legacy, mut phones, mut adults, mut dead) = (0, 0, 0, 0);
    let mut relations: HashMap<&'static str, usize> = HashMap::new();
    let mut sample = Vec::new();
    for batch in generator {
        persons += batch.persons.len();
        households += batch.households.len();
        for p in &batch.persons {
            let age = age_on(p.birth.date, as_of);
            let band = (age / 5).min(16) as usize;
            ages[band] += 1;
            if p.sex == Sex::Female {
                women_by_band[band] += 1;
            }
            legacy += usize::from(p.personal_id.is_none());
            dead += usize::from(p.death_date.is_some());
            if age >= 18 {
                adults += 1;
                phones += usize::from(p.phone.is_some());
            }
        }
        for m in &batch.members {
            *relations.entry(m.relation.code()).or_default() += 1;
        }
        if sample.is_empty() {
            for (h, hh) in batch.households.iter().take(3).enumerate() {
                sample.push(format!("{} | {}", hh.code, hh.address));
                for m in batch.members.iter().filter(|m| m.household_id == hh.id) {
                    let p = batch
                        .persons
                        .iter()
                        .find(|p| p.id == m.person_id)
                        .expect("member");
                    sample.push(format!(
                        "  {h} {:<12} {:<28} {} {} {:?} {}",
                        m.relation.label_vi(),
                        p.full_name,
                        p.sex.code(),
                        p.birth,
                        p.personal_id.as_ref().map(|i| i.to_string()),
                        p.ethnicity.name()
                    ));
                }
            }
        }
    }
    let elapsed = start.elapsed();
    println!(
        "generated {persons} persons, {households} households in {:.2} s",
        elapsed.as_secs_f64()
    );
    let pct = |n: usize, of: usize| 100.0 * n as f64 / of as f64;
    println!("age band  share  women");
    for (b, &n) in ages.iter().enumerate().take(17) {
        println!(
            "{:>3}{:<4} {:5.2}% {:5.1}%",
            b * 5,
            if b == 16 { "+" } else { "" },
            pct(n, persons),
            pct(women_by_band[b], n.max(1))
        );
    }
    println!(
        "legacy {:.2}%, dead {:.2}%, adults with phone {:.1}%",
        pct(legacy, persons),
        pct(dead, persons),
        pct(phones, adults)
    );
    let mut rel: Vec<_> = relations.into_iter().collect();
    rel.sort();
    println!("relations: {rel:?}");
    for line in sample {
        println!("{line}");
    }
}
