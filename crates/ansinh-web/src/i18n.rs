//! The interface's words in Vietnamese (the default) and English. Templates receive a [`Tr`]
//! and ask it for a message by key (`t.s("nav-home")`).
//!
//! The messages are Fluent files a translator can edit, one pair per capability next to its
//! code (`src/<capability>/messages/vi.ftl` and `en.ftl`) and one shared pair for the
//! navigation, errors, sign-in and the like (`src/messages/`). [`MESSAGE_FILES`] lists them
//! once; they are embedded in the binary, so nothing is read at run time. The labels of the
//! core's enums are messages too: roles, relations, sexes and reasons by their own methods
//! (`relation-spouse`), the others through [`Tr::label`] and the [`Label`] trait
//! (`crate::labels`: `assistance-group-k5a`). Their Vietnamese equals `ansinh-core`'s
//! `label_vi` (the sexes' capitalised), which a test checks.
//!
//! Validation messages from the core and the store stay Vietnamese in both languages: they are
//! written once, next to the rules, and officers read them in Vietnamese.

use std::collections::HashMap;
use std::sync::LazyLock;

use ansinh_core::access::Role;
use ansinh_core::assistance::dossier::{Procedure, Step as DossierStep};
use ansinh_core::{MoveReason, Relation, Sex};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::resolver::ResolverError;
use fluent_bundle::resolver::errors::ReferenceKind;
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

use crate::labels::{self, Label};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_code(s: &str) -> Option<Lang> {
        match s {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// The message files of each capability, embedded in the binary: (capability, Vietnamese,
/// English). A key is defined once across all the files of a language.
/// Every module's message files (`module::MODULES`, the platform's shared ones first), as
/// (module, Vietnamese, English).
pub static MESSAGE_FILES: LazyLock<Vec<(&'static str, &'static str, &'static str)>> =
    LazyLock::new(|| {
        crate::module::MODULES
            .iter()
            .map(|m| (m.name, m.messages.vi, m.messages.en))
            .collect()
    });

/// The Fluent source of one capability's messages in a language.
fn source(files: &(&'static str, &'static str, &'static str), lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => files.1,
        Lang::En => files.2,
    }
}

/// The identifiers of the messages of a parsed file, in order.
fn message_ids(res: &FluentResource) -> Vec<String> {
    res.entries()
        .filter_map(|e| match e {
            ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// One language's messages: the bundle, for the messages with variables, and every message
/// formatted once without arguments, for [`Tr::s`].
struct Catalog {
    bundle: FluentBundle<FluentResource>,
    messages: HashMap<String, String>,
}

/// One language's catalogue, with what went wrong while reading the files: a parse error, a
/// key defined twice, a message without a value. The tests require no problem; at run time
/// they are logged and the rest of the messages still work.
fn load(lang: Lang) -> (Catalog, Vec<String>) {
    let id: LanguageIdentifier = lang.code().parse().expect("a valid language code");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Without this Fluent wraps placeables in Unicode isolation marks.
    bundle.set_use_isolating(false);
    let mut problems = Vec::new();
    let mut ids = Vec::new();
    for files in MESSAGE_FILES.iter() {
        let name = format!("{} {}.ftl", files.0, lang.code());
        let res = match FluentResource::try_new(source(files, lang).to_string()) {
            Ok(res) => res,
            Err((res, errors)) => {
                problems.push(format!("{name}: {errors:?}"));
                res
            }
        };
        ids.extend(message_ids(&res));
        if let Err(errors) = bundle.add_resource(res) {
            problems.push(format!("{name}: {errors:?}"));
        }
    }
    let mut messages = HashMap::new();
    for id in ids {
        let Some(pattern) = bundle.get_message(&id).and_then(|m| m.value()) else {
            problems.push(format!("{} {id}: no value", lang.code()));
            continue;
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, None, &mut errors);
        // A message with variables is formatted by `Tr::f`; here they are simply missing.
        errors.retain(|e| {
            !matches!(
                e,
                FluentError::ResolverError(ResolverError::Reference(
                    ReferenceKind::Variable { .. }
                ))
            )
        });
        if !errors.is_empty() {
            problems.push(format!("{} {id}: {errors:?}", lang.code()));
        }
        let text = text.into_owned();
        messages.insert(id, text);
    }
    (Catalog { bundle, messages }, problems)
}

fn load_logged(lang: Lang) -> Catalog {
    let (catalog, problems) = load(lang);
    for problem in problems {
        tracing::error!(problem, "message file");
    }
    catalog
}

static VI: LazyLock<Catalog> = LazyLock::new(|| load_logged(Lang::Vi));
static EN: LazyLock<Catalog> = LazyLock::new(|| load_logged(Lang::En));

fn catalog(lang: Lang) -> &'static Catalog {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// The translator handed to templates as `t`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn is_vi(&self) -> bool {
        self.lang == Lang::Vi
    }

    /// The message for a key; an unknown key shows "?", so a missing entry is visible in the
    /// page rather than blank (unit tests keep the code, the templates and the files in step).
    pub fn s(&self, key: &str) -> &'static str {
        match catalog(self.lang).messages.get(key) {
            Some(text) => text,
            None => {
                tracing::warn!(key, "missing message");
                "?"
            }
        }
    }

    /// A message with variables (`{ $count }`), each given as text already formatted for the
    /// page (numbers with their separators, dates).
    pub fn f(&self, key: &str, args: &[(&str, String)]) -> String {
        let bundle = &catalog(self.lang).bundle;
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, "missing message");
            return "?".to_string();
        };
        let mut values = FluentArgs::new();
        for (name, value) in args {
            values.set(*name, FluentValue::from(value.as_str()));
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&values), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(key, ?errors, "message arguments");
        }
        text.into_owned()
    }

    pub fn role(&self, r: Role) -> &'static str {
        self.s(match r {
            Role::Admin => "role-admin",
            Role::ProvinceOfficer => "role-province-officer",
            Role::CommuneOfficer => "role-commune-officer",
            Role::Leader => "role-leader",
            Role::Inspector => "role-inspector",
        })
    }

    pub fn sex(&self, s: Sex) -> &'static str {
        self.s(match s {
            Sex::Male => "sex-male",
            Sex::Female => "sex-female",
        })
    }

    pub fn relation(&self, r: Relation) -> &'static str {
        self.s(match r {
            Relation::Head => "relation-head",
            Relation::Spouse => "relation-spouse",
            Relation::Child => "relation-child",
            Relation::ChildInLaw => "relation-child-in-law",
            Relation::Parent => "relation-parent",
            Relation::ParentInLaw => "relation-parent-in-law",
            Relation::Grandparent => "relation-grandparent",
            Relation::Grandchild => "relation-grandchild",
            Relation::Sibling => "relation-sibling",
            Relation::Other => "relation-other",
        })
    }

    pub fn reason(&self, r: MoveReason) -> &'static str {
        self.s(match r {
            MoveReason::Birth => "reason-birth",
            MoveReason::MovedIn => "reason-moved-in",
            MoveReason::Registered => "reason-registered",
            MoveReason::MovedOut => "reason-moved-out",
            MoveReason::Death => "reason-death",
            MoveReason::Split => "reason-split",
            MoveReason::Correction => "reason-correction",
        })
    }

    /// The label of a value of a core enum: the message `{PREFIX}-{code}` ([`labels::key`]).
    pub fn label<L: Label>(&self, x: L) -> &'static str {
        self.s(&labels::key(x))
    }

    /// The name of a shipped procedure of the dossiers; an unknown one shows its own name.
    pub fn procedure(&self, p: &Procedure) -> String {
        match catalog(self.lang).messages.get(&labels::procedure_key(p)) {
            Some(text) => text.clone(),
            None => p.name_vi.clone(),
        }
    }

    /// The name of a step of a shipped procedure; an unknown one shows its own name.
    pub fn procedure_step(&self, p: &Procedure, step: &DossierStep) -> String {
        match catalog(self.lang)
            .messages
            .get(&labels::procedure_step_key(p, &step.code))
        {
            Some(text) => text.clone(),
            None => step.name_vi.clone(),
        }
    }

    /// The label of an audit action code; unknown codes show as they are.
    pub fn action(&self, code: &str) -> String {
        match catalog(self.lang).messages.get(&format!("action-{code}")) {
            Some(text) => text.clone(),
            None => code.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashSet};
    use std::path::{Path, PathBuf};

    use ansinh_core::Settlement;
    use ansinh_core::assistance::Group;
    use ansinh_core::assistance::dossier::Actor;
    use ansinh_core::payroll::RunState;
    use ansinh_core::poverty::{Class, MovementLine, PovertyList, Step};

    use super::*;

    /// Keys looked up by a prefix and a code known only at run time, besides the labels of
    /// `crate::labels` (every one of which is listed by `labels::every`); they count as used.
    const DYNAMIC_PREFIXES: &[&str] = &["action-"];

    /// The error pages look up a heading's key with "-msg" appended for their body.
    const DYNAMIC_SUFFIX: &str = "-msg";

    fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files_under(&path, ext, out);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }

    fn crate_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    /// Every message identifier of a language, with the capability that defines it, in order.
    fn ids(lang: Lang) -> Vec<(&'static str, String)> {
        MESSAGE_FILES
            .iter()
            .flat_map(|files| {
                let res = FluentResource::try_new(source(files, lang).to_string())
                    .unwrap_or_else(|(res, _)| res);
                message_ids(&res).into_iter().map(|id| (files.0, id))
            })
            .collect()
    }

    /// The string literals of a Rust or template source (escapes are not needed: keys have none).
    fn literals(text: &str) -> impl Iterator<Item = &str> {
        text.split('"').skip(1).step_by(2)
    }

    /// Keys used by the templates (`t.s("…")`) and the Rust code outside its unit tests: the
    /// argument of every `.s("…")` and `.f("…")`, every literal shaped like a key (`prefix-rest`, no other characters)
    /// whose prefix is one of the catalogue's, such as an error page's or a flash's key, except
    /// the prefixes of the labels, and every label's key (`labels::every`).
    fn used_keys() -> BTreeSet<(String, String)> {
        let prefixes: HashSet<String> = ids(Lang::Vi)
            .into_iter()
            .filter_map(|(_, id)| id.split_once('-').map(|(p, _)| p.to_string()))
            .collect();
        let label_sets = labels::every();
        let label_prefixes: HashSet<&str> = label_sets.iter().map(|set| set.prefix).collect();
        let mut used = BTreeSet::new();
        for set in &label_sets {
            for (key, _) in &set.entries {
                used.insert((key.clone(), format!("labels::every {}", set.prefix)));
            }
        }
        let mut templates = Vec::new();
        files_under(&crate_dir().join("templates"), "html", &mut templates);
        assert!(templates.len() > 20, "only {} templates", templates.len());
        for path in &templates {
            let text = std::fs::read_to_string(path).unwrap();
            for part in text.split("t.s(\"").skip(1) {
                let key = part.split('"').next().unwrap();
                used.insert((key.to_string(), path.display().to_string()));
            }
        }
        let mut sources = Vec::new();
        files_under(&crate_dir().join("src"), "rs", &mut sources);
        assert!(sources.len() > 20, "only {} sources", sources.len());
        let shaped = |s: &str| {
            s.split_once('-').is_some_and(|(p, rest)| {
                prefixes.contains(p)
                    && !rest.is_empty()
                    && !s.ends_with('-')
                    && s.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_".contains(c))
            })
        };
        for path in &sources {
            let text = std::fs::read_to_string(path).unwrap();
            // Unit tests look up keys of their own (and this one, unknown ones on purpose).
            let text = text.split("#[cfg(test)]").next().unwrap();
            for call in [".s(\"", ".f(\""] {
                for part in text.split(call).skip(1) {
                    let key = part.split('"').next().unwrap();
                    used.insert((key.to_string(), path.display().to_string()));
                }
            }
            for lit in literals(text).filter(|l| shaped(l) && !label_prefixes.contains(l)) {
                used.insert((lit.to_string(), path.display().to_string()));
            }
        }
        used
    }

    /// (c) Every file parses without errors, and formats without errors.
    #[test]
    fn message_files_parse() {
        for lang in [Lang::Vi, Lang::En] {
            for files in MESSAGE_FILES.iter() {
                if let Err((_, errors)) = FluentResource::try_new(source(files, lang).to_string()) {
                    panic!("{} {}.ftl: {errors:?}", files.0, lang.code());
                }
            }
            let (catalog, problems) = load(lang);
            assert!(problems.is_empty(), "{problems:#?}");
            assert!(catalog.messages.len() > 400, "{}", catalog.messages.len());
        }
    }

    /// (b) No key is defined twice across a language's files, and every key has both languages.
    #[test]
    fn keys_are_unique_and_both_languages_are_filled() {
        let mut sets = Vec::new();
        for lang in [Lang::Vi, Lang::En] {
            let mut seen = HashMap::new();
            for (capability, id) in ids(lang) {
                if let Some(first) = seen.insert(id.clone(), capability) {
                    panic!(
                        "{id} defined twice in {}: {first} and {capability}",
                        lang.code()
                    );
                }
            }
            sets.push(seen.into_keys().collect::<BTreeSet<_>>());
        }
        let only_vi: Vec<_> = sets[0].difference(&sets[1]).collect();
        let only_en: Vec<_> = sets[1].difference(&sets[0]).collect();
        assert!(only_vi.is_empty(), "no English for {only_vi:?}");
        assert!(only_en.is_empty(), "no Vietnamese for {only_en:?}");
        for lang in [Lang::Vi, Lang::En] {
            let messages = load(lang).0.messages;
            let empty: Vec<_> = messages
                .iter()
                .filter(|(_, v)| v.trim().is_empty())
                .collect();
            assert!(empty.is_empty(), "empty in {}: {empty:?}", lang.code());
        }
    }

    /// (a) Every key used by a template or the Rust code exists in both languages.
    #[test]
    fn used_keys_exist() {
        let (vi, _) = load(Lang::Vi);
        let (en, _) = load(Lang::En);
        let (vi, en) = (vi.messages, en.messages);
        let missing: Vec<_> = used_keys()
            .into_iter()
            .filter(|(k, _)| !vi.contains_key(k) || !en.contains_key(k))
            .collect();
        assert!(missing.is_empty(), "unknown message keys: {missing:#?}");
    }

    /// (d) Every key defined is used, directly or through one of [`DYNAMIC_PREFIXES`] or
    /// [`DYNAMIC_SUFFIX`].
    #[test]
    fn defined_keys_are_used() {
        let used: HashSet<String> = used_keys().into_iter().map(|(k, _)| k).collect();
        let unused: Vec<_> = ids(Lang::Vi)
            .into_iter()
            .filter(|(_, id)| {
                !used.contains(id)
                    && !DYNAMIC_PREFIXES.iter().any(|p| id.starts_with(p))
                    && !id
                        .strip_suffix(DYNAMIC_SUFFIX)
                        .is_some_and(|stem| used.contains(stem))
            })
            .collect();
        assert!(unused.is_empty(), "messages never used: {unused:#?}");
    }

    /// The Vietnamese labels of the core's enums are the core's own, byte for byte, and each
    /// has an English message: for every value of every `Label` type and every shipped
    /// procedure and step (`labels::every`), so a value added to the core without its messages
    /// fails here.
    #[test]
    fn enum_labels_match_the_core() {
        let vi = Tr::new(Lang::Vi);
        for r in Relation::ALL {
            assert_eq!(vi.relation(r), r.label_vi());
        }
        for r in [
            MoveReason::Birth,
            MoveReason::MovedIn,
            MoveReason::Registered,
            MoveReason::MovedOut,
            MoveReason::Death,
            MoveReason::Split,
            MoveReason::Correction,
        ] {
            assert_eq!(vi.reason(r), r.label_vi());
        }
        for r in Role::ALL {
            assert_eq!(vi.role(r), r.label_vi());
            assert_eq!(Tr::new(Lang::En).role(r), r.label_en());
        }
        let vi_messages = load(Lang::Vi).0.messages;
        let en_messages = load(Lang::En).0.messages;
        let sets = labels::every();
        assert!(sets.len() >= 14, "{}", sets.len());
        let mut keys = HashSet::new();
        for set in sets {
            assert!(!set.entries.is_empty(), "{}", set.prefix);
            for (key, label) in set.entries {
                assert!(keys.insert(key.clone()), "{key} twice");
                assert!(key.starts_with(&format!("{}-", set.prefix)), "{key}");
                let mut chars = key.chars();
                assert!(
                    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                        && chars.all(|c| c.is_ascii_alphanumeric() || "-_".contains(c)),
                    "{key} is not a Fluent identifier"
                );
                assert_eq!(
                    vi_messages.get(&key).map(String::as_str),
                    Some(label.as_str()),
                    "{key}"
                );
                let en = en_messages.get(&key).map(String::as_str);
                assert!(
                    en.is_some_and(|en| en != "?" && !en.trim().is_empty()),
                    "{key}"
                );
            }
        }
        // Through the trait, too.
        assert_eq!(vi.label(Group::K6), Group::K6.label_vi());
        assert_eq!(
            vi.label((MovementLine::Relapsed, PovertyList::NearPoor)),
            "Tái cận nghèo"
        );
        let p = Procedure::nd20_district();
        assert_eq!(vi.procedure(&p), p.name_vi);
        assert_eq!(vi.procedure_step(&p, &p.steps[0]), p.steps[0].name_vi);
    }

    #[test]
    fn label_keys_are_fluent_identifiers() {
        assert_eq!(labels::key(Group::K5A), "assistance-group-k5a");
        assert_eq!(
            labels::key((MovementLine::ToOtherList, PovertyList::NearPoor)),
            "review-movement-near_poor-to_other_list"
        );
        assert_eq!(labels::key_of("x", &["a.b c", "Đ_1"]), "x-a-b-c--_1");
        let p = Procedure::nd147_commune();
        assert_eq!(
            labels::procedure_step_key(&p, "APPRAISAL"),
            "assistance-step-nd147_commune-appraisal"
        );
    }

    /// Vietnamese text is in NFC, as the rest of the system writes it.
    #[test]
    fn vietnamese_is_nfc() {
        use unicode_normalization::UnicodeNormalization;
        let messages = load(Lang::Vi).0.messages;
        for (k, v) in &messages {
            assert_eq!(v.nfc().collect::<String>(), *v, "{k}");
        }
    }

    #[test]
    fn english_labels() {
        let t = Tr::new(Lang::En);
        assert_eq!(t.s("nav-persons"), "Persons");
        assert_eq!(t.relation(Relation::Spouse), "Spouse");
        assert_eq!(t.reason(MoveReason::Registered), "First registration");
        assert_eq!(t.label(Settlement::Rural), "rural");
        assert_eq!(t.label(Class::NearPoor), "Near-poor household");
        assert_eq!(t.label(RunState::Locked), "Locked");
        assert_eq!(
            t.label((MovementLine::Escaped, PovertyList::Poor)),
            "Escaped poverty"
        );
        assert_eq!(
            t.label(Step::Meeting),
            "village meeting agreeing on the results"
        );
        assert_eq!(
            t.label(Actor::CommuneChairman),
            "Chairman of the commune People's Committee"
        );
        let p = Procedure::nd20_district();
        assert_eq!(
            t.procedure_step(&p, &p.steps[5]),
            "Decide on the monthly social allowance"
        );
        assert_eq!(Tr::new(Lang::Vi).sex(Sex::Female), "Nữ");
        assert_eq!(t.action("login_failed"), "Failed sign-in");
        assert_eq!(t.action("something"), "something");
        assert_eq!(t.s("no-such-key"), "?");
        let mib = [("mib", "25".to_string())];
        assert_eq!(
            t.f("import-limit", &mib),
            "An .xlsx or .csv (UTF-8) file, at most 25 MiB."
        );
        assert_eq!(
            Tr::new(Lang::Vi).f("import-limit", &mib),
            "Tệp .xlsx hoặc .csv (UTF-8), tối đa 25 MiB."
        );
    }
}
