//! Household composition: who lives together, with which relation to the head, ages and
//! surnames that fit together.
//!
//! The builder is given the size (fixed in advance by the commune plan, so counts are exact)
//! and picks a kind of household that can have that size: a person alone, a couple, a nuclear
//! family, a lone parent, grandparents raising grandchildren, or a three-generation home with
//! the head's parents or with a married child and grandchildren.
//!
//! Ages are drawn youngest generation first, each from the national pyramid restricted to the
//! range the generation below allows. Drawing parents first and children inside the parents'
//! window would pile children up at ages 0–5 (every young mother's window is narrow); drawing
//! children first gives them the pyramid's own shape. The ranges keep families plausible:
//!
//! - siblings are at most 24 years apart, and a parent is 19–44 years older than each child
//!   (so birth dates differ by 18–45 years);
//! - a husband is between 3 years younger and 10 years older than his wife, unless the
//!   children's ages force him a little closer;
//! - grandchildren are at least 38 years younger than their grandparents.
//!
//! Children take their father's lineage; wives keep their own surname, as in Vietnam.

use ansinh_core::{Ethnicity, Relation, Sex};
use rand::Rng;

use crate::communes::Profile;
use crate::names::{Lineage, Names};
use crate::pyramid::{MAX_AGE, Pyramid};
use crate::weighted::Table;

/// One member as the builder plans them; the generator turns it into records.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MemberSpec {
    pub relation: Relation,
    pub sex: Sex,
    /// Age in whole years on the reference day.
    pub age: i32,
    pub ethnicity: Ethnicity,
    pub lineage: &'static Lineage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Single,
    Couple,
    Siblings,
    LoneParent,
    /// Grandparents raising grandchildren whose parents work away, common in central Vietnam.
    SkippedGeneration,
    Nuclear,
    /// A couple with children and one or both parents of the husband or wife.
    WithParents,
    /// An older head with a married child, the child's spouse and grandchildren.
    WithMarriedChild,
}

/// Everything the builder reads about the place.
pub(crate) struct Context<'a> {
    pub pyramid: &'a Pyramid,
    /// The pyramid thinned for children still living at home.
    pub at_home: &'a Pyramid,
    pub names: &'a Names,
    pub mix: &'a Table<Ethnicity>,
    pub profile: Profile,
}

/// Kind weights (per 100) by household size 1..=5 and 6+.
const LOWLAND_KINDS: [&[(Kind, u32)]; 6] = [
    &[(Kind::Single, 100)],
    &[
        (Kind::Couple, 62),
        (Kind::LoneParent, 28),
        (Kind::SkippedGeneration, 5),
        (Kind::Siblings, 5),
    ],
    &[
        (Kind::Nuclear, 70),
        (Kind::LoneParent, 10),
        (Kind::WithParents, 8),
        (Kind::WithMarriedChild, 9),
        (Kind::SkippedGeneration, 3),
    ],
    &[
        (Kind::Nuclear, 60),
        (Kind::LoneParent, 3),
        (Kind::WithParents, 14),
        (Kind::WithMarriedChild, 20),
        (Kind::SkippedGeneration, 3),
    ],
    &[
        (Kind::Nuclear, 36),
        (Kind::LoneParent, 2),
        (Kind::WithParents, 24),
        (Kind::WithMarriedChild, 38),
    ],
    &[
        (Kind::Nuclear, 15),
        (Kind::WithParents, 25),
        (Kind::WithMarriedChild, 60),
    ],
];

/// Upland families have more children, so large households are more often nuclear.
const MOUNTAIN_KINDS: [&[(Kind, u32)]; 6] = [
    LOWLAND_KINDS[0],
    LOWLAND_KINDS[1],
    LOWLAND_KINDS[2],
    &[
        (Kind::Nuclear, 70),
        (Kind::LoneParent, 3),
        (Kind::WithParents, 10),
        (Kind::WithMarriedChild, 15),
        (Kind::SkippedGeneration, 2),
    ],
    &[
        (Kind::Nuclear, 60),
        (Kind::LoneParent, 2),
        (Kind::WithParents, 14),
        (Kind::WithMarriedChild, 24),
    ],
    &[
        (Kind::Nuclear, 45),
        (Kind::WithParents, 20),
        (Kind::WithMarriedChild, 35),
    ],
];

/// Husband's age minus wife's age, per 100 couples.
const SPOUSE_GAP: &[(i32, u32)] = &[
    (-3, 2),
    (-2, 4),
    (-1, 6),
    (0, 10),
    (1, 12),
    (2, 14),
    (3, 13),
    (4, 11),
    (5, 9),
    (6, 7),
    (7, 5),
    (8, 3),
    (9, 2),
    (10, 2),
];

/// Share of boys among children. Vietnam's sex ratio at birth has been about 111–112 boys per
/// 100 girls since the mid-2000s, lower before, so across all children about 51.5 % are boys.
const BOY_SHARE: f64 = 0.515;

/// Weights of a mother's age at the birth of a child (19..=44): most first births fall at
/// 20–27 (the gap is measured to the eldest child at home, usually the first born). Parent ages are drawn from the pyramid and kept with these weights, so parents are
/// neither implausibly old for their children nor all as young as the window allows.
const PARENT_GAP: [u32; 26] = [
    4, 6, 8, 9, 9, 9, 9, 8, 7, 6, 5, 4, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1,
];
const PARENT_GAP_MAX: u32 = 9;
/// Fathers are on average this much older than mothers at a birth.
const FATHER_EXTRA_YEARS: i32 = 3;

/// Siblings living together are at most this many years older or younger than the first one
/// drawn, so the eldest and youngest are at most 24 years apart and both parents can fit.
const SIBLING_SPREAD: i32 = 12;

#[derive(Debug, Clone)]
pub(crate) struct Builder {
    lowland: Vec<Table<Kind>>,
    mountain: Vec<Table<Kind>>,
    spouse_gap: Table<i32>,
}

impl Builder {
    pub(crate) fn new() -> Self {
        let tables = |kinds: &[&[(Kind, u32)]; 6]| {
            kinds
                .iter()
                .map(|k| Table::new(k.iter().copied()))
                .collect()
        };
        Builder {
            lowland: tables(&LOWLAND_KINDS),
            mountain: tables(&MOUNTAIN_KINDS),
            spouse_gap: Table::new(SPOUSE_GAP.iter().copied()),
        }
    }

    /// Fills `out` with exactly `size` members, the head first.
    pub(crate) fn build<R: Rng + ?Sized>(
        &self,
        rng: &mut R,
        ctx: &Context<'_>,
        size: usize,
        out: &mut Vec<MemberSpec>,
    ) {
        out.clear();
        let size = size.max(1);
        let kinds = match ctx.profile {
            Profile::Mountain => &self.mountain,
            _ => &self.lowland,
        };
        let kind = kinds[size.min(6) - 1].pick(rng);
        let ethnicity = ctx.mix.pick(rng);
        let mut f = Family {
            rng,
            ctx,
            out,
            gap: &self.spouse_gap,
            ethnicity,
        };
        match kind {
            Kind::Single => f.single(),
            Kind::Couple => f.couple_only(),
            Kind::Siblings => f.siblings(),
            Kind::LoneParent => f.lone_parent(size - 1),
            Kind::SkippedGeneration => f.skipped_generation(size - 1),
            Kind::Nuclear => f.nuclear(size - 2),
            Kind::WithParents => f.with_parents(size),
            Kind::WithMarriedChild => f.with_married_child(size - 1),
        }
        // Members were drawn youngest generation first; list them the way a household book
        // does, head first. The sort is stable and allocation-free on such short slices.
        out.sort_by_key(|m| relation_rank(m.relation));
        debug_assert_eq!(out.len(), size, "{kind:?}");
        debug_assert_eq!(out[0].relation, Relation::Head);
    }
}

/// The order of relations in a household book.
fn relation_rank(relation: Relation) -> u8 {
    match relation {
        Relation::Head => 0,
        Relation::Spouse => 1,
        Relation::Parent => 2,
        Relation::ParentInLaw => 3,
        Relation::Child => 4,
        Relation::ChildInLaw => 5,
        Relation::Grandchild => 6,
        Relation::Sibling => 7,
        Relation::Grandparent => 8,
        Relation::Other => 9,
    }
}

/// A person's family line: the lineage they pass on or carry, and their ethnic group.
#[derive(Clone, Copy)]
struct Line {
    lineage: &'static Lineage,
    ethnicity: Ethnicity,
}

/// The youngest and oldest age of a group of siblings.
#[derive(Clone, Copy)]
struct Span {
    min: i32,
    max: i32,
}

impl Span {
    /// The ages a parent of all these children can have: 19 (20 for a father) to 44 years
    /// older than each, never below `floor` nor above `ceiling`.
    fn parent_range(span: Option<Span>, sex: Sex, floor: i32, ceiling: i32) -> (i32, i32) {
        match span {
            Some(s) => {
                let youngest_gap = if sex == Sex::Male { 20 } else { 19 };
                let lo = floor.max(s.max + youngest_gap);
                (lo, ceiling.min(s.min + 44).max(lo))
            }
            None => (floor, ceiling),
        }
    }
}

struct Family<'a, 'c, R: Rng + ?Sized> {
    rng: &'a mut R,
    ctx: &'a Context<'c>,
    out: &'a mut Vec<MemberSpec>,
    gap: &'a Table<i32>,
    /// The ethnic group of the household's own line.
    ethnicity: Ethnicity,
}

impl<R: Rng + ?Sized> Family<'_, '_, R> {
    fn age(&mut self, sex: Sex, lo: i32, hi: i32) -> i32 {
        self.ctx.pyramid.sample(self.rng, sex, lo, hi)
    }

    /// The age of a parent of the children in `span`, within `floor..=ceiling`: drawn from the
    /// pyramid over the allowed window and kept with the [`PARENT_GAP`] weight of the gap to
    /// the eldest child (by rejection, at most eight tries, so the stream stays bounded).
    fn parent_age(&mut self, sex: Sex, span: Option<Span>, floor: i32, ceiling: i32) -> i32 {
        let (lo, hi) = Span::parent_range(span, sex, floor, ceiling);
        let Some(children) = span else {
            return self.age(sex, lo, hi);
        };
        let extra = if sex == Sex::Male {
            FATHER_EXTRA_YEARS
        } else {
            0
        };
        let mut age = lo;
        for _ in 0..8 {
            age = self.age(sex, lo, hi);
            let gap = (age - children.max - extra).clamp(19, 44);
            if self.rng.random_range(0..PARENT_GAP_MAX) < PARENT_GAP[(gap - 19) as usize] {
                break;
            }
        }
        age
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    fn either(&mut self, p_male: f64) -> Sex {
        if self.chance(p_male) {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    fn line(&mut self, ethnicity: Ethnicity) -> Line {
        Line {
            lineage: self.ctx.names.surname(self.rng, ethnicity),
            ethnicity,
        }
    }

    /// The household's own line.
    fn own_line(&mut self) -> Line {
        self.line(self.ethnicity)
    }

    /// The line of someone marrying into the family: usually of the same group, sometimes of
    /// another group of the commune (mixed marriages are common where Kinh and upland villages
    /// meet).
    fn spouse_line(&mut self) -> Line {
        let ethnicity = if self.chance(0.9) {
            self.ethnicity
        } else {
            self.ctx.mix.pick(self.rng)
        };
        self.line(ethnicity)
    }

    fn push(&mut self, relation: Relation, sex: Sex, age: i32, line: Line) {
        self.out.push(MemberSpec {
            relation,
            sex,
            age: age.clamp(0, MAX_AGE),
            ethnicity: line.ethnicity,
            lineage: line.lineage,
        });
    }

    /// The husband's age for a wife of `wife_age`, kept inside `lo..=hi` (the window the
    /// children allow).
    fn husband_age(&mut self, wife_age: i32, lo: i32, hi: i32) -> i32 {
        let gap = self.gap.pick(self.rng);
        (wife_age + gap).clamp(lo, hi.max(lo))
    }

    /// The wife's age for a husband of `husband_age`, kept inside `lo..=hi`.
    fn wife_age(&mut self, husband_age: i32, lo: i32, hi: i32) -> i32 {
        let gap = self.gap.pick(self.rng);
        (husband_age - gap).clamp(lo, hi.max(lo))
    }

    /// Writes a couple; the husband is the head in about four couples of five (a little more
    /// in upland villages). Returns whether he is.
    fn push_couple(&mut self, husband: (i32, Line), wife: (i32, Line)) -> bool {
        let p = if self.ctx.profile == Profile::Mountain {
            0.85
        } else {
            0.78
        };
        let husband_head = self.chance(p);
        let (h, w) = if husband_head {
            (Relation::Head, Relation::Spouse)
        } else {
            (Relation::Spouse, Relation::Head)
        };
        self.push(h, Sex::Male, husband.0, husband.1);
        self.push(w, Sex::Female, wife.0, wife.1);
        husband_head
    }

    /// `count` siblings aged within `lo..=hi` and within [`SIBLING_SPREAD`] of the first one;
    /// returns their age span, or `None` when there are none.
    fn siblings_of(
        &mut self,
        count: usize,
        lo: i32,
        hi: i32,
        relation: Relation,
        line: Line,
    ) -> Option<Span> {
        let mut first = None;
        let mut span: Option<Span> = None;
        for _ in 0..count {
            let sex = self.either(BOY_SHARE);
            let age = match first {
                None => self.ctx.at_home.sample(self.rng, sex, lo, hi),
                Some(f) => self.ctx.at_home.sample(
                    self.rng,
                    sex,
                    lo.max(f - SIBLING_SPREAD),
                    hi.min(f + SIBLING_SPREAD),
                ),
            };
            first.get_or_insert(age);
            self.push(relation, sex, age, line);
            span = Some(span.map_or(Span { min: age, max: age }, |s| Span {
                min: s.min.min(age),
                max: s.max.max(age),
            }));
        }
        span
    }

    /// One person alone: more often an elderly widow than a young adult.
    fn single(&mut self) {
        let (sex, age) = if self.chance(0.6) {
            let sex = self.either(0.25);
            (sex, self.age(sex, 68, MAX_AGE))
        } else {
            let sex = self.either(0.55);
            (sex, self.age(sex, 20, 59))
        };
        let line = self.own_line();
        self.push(Relation::Head, sex, age, line);
    }

    /// A couple without children at home: young newly-weds or, more often, parents whose
    /// children have left.
    fn couple_only(&mut self) {
        let (wife_age, husband_age) = if self.chance(0.35) {
            let wife_age = self.age(Sex::Female, 20, 40);
            (wife_age, self.husband_age(wife_age, 20, MAX_AGE))
        } else {
            // Older couples are drawn from the men's side of the pyramid, which thins faster:
            // past 75 many women are widows, and this keeps the old mostly women.
            let husband_age = self.age(Sex::Male, 50, 95);
            (self.wife_age(husband_age, 45, MAX_AGE), husband_age)
        };
        let (husband, wife) = (self.own_line(), self.spouse_line());
        self.push_couple((husband_age, husband), (wife_age, wife));
    }

    fn siblings(&mut self) {
        let sex = self.either(0.5);
        let age = self.age(sex, 25, 80);
        let line = self.own_line();
        self.push(Relation::Head, sex, age, line);
        let other = self.either(0.5);
        let other_age = self.age(other, (age - 12).max(18), age + 12);
        self.push(Relation::Sibling, other, other_age, line);
    }

    /// A couple and `children` children of theirs, who are at most 32.
    fn nuclear(&mut self, children: usize) {
        let (husband, wife) = (self.own_line(), self.spouse_line());
        let span = self.siblings_of(children, 0, 32, Relation::Child, husband);
        let wife_age = self.parent_age(Sex::Female, span, 20, 60);
        let (lo, hi) = Span::parent_range(span, Sex::Male, 20, MAX_AGE);
        let husband_age = self.husband_age(wife_age, lo, hi);
        self.push_couple((husband_age, husband), (wife_age, wife));
    }

    /// Usually a mother; her children carry their (absent) father's surname.
    fn lone_parent(&mut self, children: usize) {
        let sex = self.either(0.2);
        let line = self.own_line();
        let child_line = match sex {
            Sex::Male => line,
            Sex::Female => self.own_line(),
        };
        let span = self.siblings_of(children, 0, 40, Relation::Child, child_line);
        let age = self.parent_age(sex, span, 22, MAX_AGE);
        self.push(Relation::Head, sex, age, line);
    }

    /// One or two grandparents with `slots` other members, all grandchildren under 18.
    fn skipped_generation(&mut self, slots: usize) {
        let head_sex = self.either(0.25);
        let pair = slots >= 2 && self.chance(0.4);
        let grandchildren = if pair { slots - 1 } else { slots };
        let head_line = self.own_line();
        let spouse_line = self.spouse_line();
        // Children of a son carry the grandfather's surname; children of a daughter their
        // father's, which is not in the household.
        let grandfather = match (head_sex, pair) {
            (Sex::Male, _) => Some(head_line),
            (Sex::Female, true) => Some(spouse_line),
            (Sex::Female, false) => None,
        };
        let grand_line = match grandfather {
            Some(l) if self.chance(0.6) => l,
            _ => self.own_line(),
        };
        let span = self.siblings_of(grandchildren, 0, 17, Relation::Grandchild, grand_line);
        let floor = 50.max(span.map_or(0, |s| s.max + 38));
        let age = self.age(head_sex, floor, MAX_AGE);
        self.push(Relation::Head, head_sex, age, head_line);
        if pair {
            let (sex, other_age) = match head_sex {
                Sex::Male => (Sex::Female, self.wife_age(age, floor, MAX_AGE)),
                Sex::Female => (Sex::Male, self.husband_age(age, floor, MAX_AGE)),
            };
            self.push(Relation::Spouse, sex, other_age, spouse_line);
        }
    }

    /// A couple with `size - 2 - p` children and `p` parents of the husband or the wife.
    fn with_parents(&mut self, size: usize) {
        let parents = if size >= 5 && self.chance(0.3) { 2 } else { 1 };
        let (husband, wife) = (self.own_line(), self.spouse_line());
        let span = self.siblings_of(size - 2 - parents, 0, 32, Relation::Child, husband);
        let wife_age = self.parent_age(Sex::Female, span, 24, 55);
        let (lo, hi) = Span::parent_range(span, Sex::Male, 20, 65);
        let husband_age = self.husband_age(wife_age, lo, hi);
        let husband_head = self.push_couple((husband_age, husband), (wife_age, wife));

        // Most often the husband's parents (patrilocal custom), otherwise the wife's.
        let husband_side = self.chance(0.75);
        let (x, line) = if husband_side {
            (husband_age, husband)
        } else {
            (wife_age, wife)
        };
        let relation = if husband_side == husband_head {
            Relation::Parent
        } else {
            Relation::ParentInLaw
        };
        let child = Some(Span { min: x, max: x });
        let with_mother = parents == 2 || self.chance(0.8);
        let with_father = parents == 2 || !with_mother;
        let mother_age = if with_mother {
            let age = self.parent_age(Sex::Female, child, 0, MAX_AGE);
            // The mother keeps her own surname; the father carries the line the child has.
            let mother_line = self.line(line.ethnicity);
            self.push(relation, Sex::Female, age, mother_line);
            Some(age)
        } else {
            None
        };
        if with_father {
            let (lo, hi) = Span::parent_range(child, Sex::Male, 0, MAX_AGE);
            let age = match mother_age {
                Some(m) => self.husband_age(m, lo, hi),
                None => self.parent_age(Sex::Male, child, 0, MAX_AGE),
            };
            self.push(relation, Sex::Male, age, line);
        }
    }

    /// An older head (or couple) with a married child, the child's spouse, grandchildren and
    /// sometimes an unmarried child; `slots` members besides the head.
    fn with_married_child(&mut self, slots: usize) {
        // Elders are often widowed, and far more often widows than widowers.
        let pair = slots >= 3 && self.chance(0.55);
        let mut left = if pair { slots - 2 } else { slots - 1 };
        let in_law = left >= 1 && self.chance(0.9);
        left -= usize::from(in_law);
        let unmarried = left >= 2 && self.chance(0.15);
        left -= usize::from(unmarried);
        let grandchildren = left;

        // Lines: the elders' children carry the grandfather's lineage, even when he is no
        // longer alive; grandchildren of a son carry it too, of a daughter her husband's.
        let single_sex = self.either(0.2);
        let elder_man = self.own_line();
        let elder_woman = if pair || single_sex == Sex::Female {
            self.spouse_line()
        } else {
            elder_man
        };
        let family = elder_man;
        let child_sex = self.either(0.75);
        let in_law_line = self.spouse_line();
        let grand_line = match (child_sex, in_law) {
            (Sex::Male, _) => family,
            (Sex::Female, true) => in_law_line,
            (Sex::Female, false) => self.own_line(),
        };

        let span = self.siblings_of(grandchildren, 0, 30, Relation::Grandchild, grand_line);
        let child_age = self.parent_age(child_sex, span, 20, 50);
        self.push(Relation::Child, child_sex, child_age, family);
        if in_law {
            let sex = match child_sex {
                Sex::Male => Sex::Female,
                Sex::Female => Sex::Male,
            };
            let (lo, hi) = Span::parent_range(span, sex, 20, MAX_AGE);
            let age = match sex {
                Sex::Female => self.wife_age(child_age, lo, hi),
                Sex::Male => self.husband_age(child_age, lo, hi),
            };
            self.push(Relation::ChildInLaw, sex, age, in_law_line);
        }

        let child = Some(Span {
            min: child_age,
            max: child_age,
        });
        let elders = if pair {
            // The husband first, from the men's pyramid, for the same reason as in
            // `couple_only`.
            let husband_age = self.parent_age(Sex::Male, child, 45, MAX_AGE);
            let (lo, hi) = Span::parent_range(child, Sex::Female, 45, MAX_AGE);
            let wife_age = self.wife_age(husband_age, lo, hi);
            self.push_couple((husband_age, elder_man), (wife_age, elder_woman));
            Span {
                min: wife_age.min(husband_age),
                max: wife_age.max(husband_age),
            }
        } else {
            let age = self.parent_age(single_sex, child, 45, MAX_AGE);
            let line = match single_sex {
                Sex::Male => elder_man,
                Sex::Female => elder_woman,
            };
            self.push(Relation::Head, single_sex, age, line);
            Span { min: age, max: age }
        };
        if unmarried {
            let sex = self.either(0.5);
            let lo = 18.max(elders.max - 44);
            let hi = (elders.min - 19).max(lo);
            let age = self.age(sex, lo, hi);
            self.push(Relation::Child, sex, age, family);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::communes::Mix;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn every_kind_fills_the_requested_size_with_a_head_first() {
        let pyramid = Pyramid::vietnam_2024();
        let at_home = Pyramid::children_at_home();
        let names = Names::new();
        let mix = Table::new(
            Mix::ALuoi
                .weights()
                .iter()
                .map(|&(c, w)| (Ethnicity::from_code(c).unwrap(), w)),
        );
        let builder = Builder::new();
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let mut out = Vec::new();
        for profile in [Profile::CityCore, Profile::Mountain] {
            let ctx = Context {
                pyramid: &pyramid,
                at_home: &at_home,
                names: &names,
                mix: &mix,
                profile,
            };
            for size in 1..=10 {
                for _ in 0..300 {
                    builder.build(&mut rng, &ctx, size, &mut out);
                    assert_eq!(out.len(), size);
                    assert_eq!(out[0].relation, Relation::Head);
                    assert_eq!(
                        out.iter().filter(|m| m.relation == Relation::Head).count(),
                        1
                    );
                    assert!(out[0].age >= 18);
                }
            }
        }
    }
}
