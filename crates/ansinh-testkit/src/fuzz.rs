//! What every crate's fuzzing harness shares: the bounds of a run and a way to see how much
//! memory one case took.
//!
//! Each property runs a fixed number of cases, chosen so that the whole set stays within about
//! a minute of a debug build and so runs in CI with the other tests; `PROPTEST_CASES` replaces
//! that number for a long run (`PROPTEST_CASES=100000 cargo test -p ansinh-files fuzz`). Every
//! case runs in a child process under a time limit, so a hang fails its property with the input
//! that hung (`PROPTEST_TIMEOUT`, in milliseconds, replaces the limit) instead of stalling the
//! suite; the other `PROPTEST_*` variables of proptest work as documented there.
//!
//! The strategies of text ([`text`], [`mutate`], [`typed_name`]) serve every harness: arbitrary
//! text, the characters and pieces that have broken text handling somewhere, and text shaped
//! like the real thing with one edit.
//!
//! [`CountingAlloc`] is the global allocator a harness installs: it counts what each thread
//! holds, so [`peak_bytes`] tells the most one call held at once, and it refuses (aborting the
//! process with the size asked for) any single request over [`MAX_REQUEST`], which no input of
//! a fuzzing case can need.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use proptest::prelude::*;
use proptest::test_runner::Config;
use unicode_normalization::UnicodeNormalization;

/// How long one case may take before it counts as a hang, in milliseconds: far more than any
/// case needs on a loaded machine (the slowest take tens of milliseconds).
pub const CASE_TIMEOUT_MS: u32 = 30_000;

/// The largest single allocation a case may ask for: 1 GiB.
pub const MAX_REQUEST: usize = 1 << 30;

/// The configuration of a property: `cases` cases unless `PROPTEST_CASES` says otherwise, each
/// in a child process under [`CASE_TIMEOUT_MS`] unless `PROPTEST_TIMEOUT` says otherwise.
pub fn config(cases: u32) -> Config {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    if std::env::var_os("PROPTEST_TIMEOUT").is_none() {
        config.timeout = CASE_TIMEOUT_MS;
    }
    config
}

thread_local! {
    /// Bytes the thread allocated and has not freed (what other threads free of it is not
    /// subtracted, so this can only overstate).
    static HELD: Cell<usize> = const { Cell::new(0) };
    /// The most `HELD` reached since the last [`peak_bytes`] began.
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

/// The system allocator, counting per thread; install it with `#[global_allocator]`.
pub struct CountingAlloc;

fn held(change: impl FnOnce(usize) -> usize) {
    // `try_with`: a thread being torn down has no counters left, and nothing to measure.
    let _ = HELD.try_with(|h| {
        let now = change(h.get());
        h.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

// SAFETY: every call is forwarded to `System` unchanged; the counters are thread-local cells
// that never allocate.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() > MAX_REQUEST {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's contract is `System`'s.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            held(|h| h.saturating_add(layout.size()));
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) };
        held(|h| h.saturating_sub(layout.size()));
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.size() > MAX_REQUEST {
            return std::ptr::null_mut();
        }
        // SAFETY: as above.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            held(|h| h.saturating_add(layout.size()));
        }
        p
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > MAX_REQUEST {
            return std::ptr::null_mut();
        }
        // SAFETY: as above.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            held(|h| h.saturating_sub(layout.size()).saturating_add(new_size));
        }
        p
    }
}

/// Runs `f` and gives its result with the most bytes this thread held at once meanwhile, beyond
/// what it held before (zero unless [`CountingAlloc`] is the global allocator).
pub fn peak_bytes<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = HELD.with(Cell::get);
    PEAK.with(|p| p.set(before));
    let result = f();
    let peak = PEAK.with(Cell::get);
    (result, peak.saturating_sub(before))
}

/// Whether `code` is one of an error enum's codes (its `CODES`).
pub fn listed<K>(code: &str, codes: &[(&str, K)]) -> bool {
    codes.iter().any(|(c, _)| *c == code)
}

/// Characters that have broken text handling somewhere: case mappings to several characters
/// (ß, ŉ, ǰ, İ, ﬁ), title case (ǅ), combining marks alone or alphabetic (U+0345), compatibility
/// forms (Kelvin K, Ω, fullwidth digits), digits of other scripts, spaces of every kind, the
/// byte-order mark, controls, characters XML cannot hold and the separators parsers split on.
pub const NASTY: &[char] = &[
    'ß', 'ŉ', 'ǰ', 'İ', 'ı', 'ﬁ', 'ǅ', 'ǈ', 'ᾳ', 'ΐ', '\u{345}', '\u{301}', '\u{323}', '\u{309}',
    '\u{200d}', 'K', 'Ω', 'Å', '０', '９', '٣', '߁', '𝟘', 'Đ', 'đ', 'Ư', 'ơ', 'ẫ', 'ỵ', ' ', '\t',
    '\n', '\r', '\u{a0}', '\u{3000}', '\u{2028}', '\u{feff}', '\0', '\u{1}', '\u{b}', '\u{7f}',
    '\u{fffe}', '\u{ffff}', '/', '-', '.', ',', ';', '"', '\'', '’', '+', '=', '@', '<', '&', '_',
    '0', '1', '9', 'a', 'Z', '😀',
];

/// Pieces of text that mean something to a spreadsheet, a CSV reader or XML: formulas and the
/// apostrophe that guards them, quotes, escapes of XML and of Excel (`_x0041_`), numbers a
/// reader may take for something else, an ID without its leading zero.
pub const NASTY_PIECES: &[&str] = &[
    "=1+1",
    "'=x",
    "''-x",
    "@SUM(A1)",
    "\"",
    "\"\"",
    "\r\n",
    "_x0041_",
    "_x000D_",
    "_x005F_",
    "&amp;",
    "&#0;",
    "<t>",
    "]]>",
    "<![CDATA[",
    "TRUE",
    "#N/A",
    "1e308",
    "-0",
    "NaN",
    "inf",
    "1.5",
    "1,5",
    "1.080.000",
    "00123",
    "046185000123",
    "46185000123",
    "31/02/2000",
    "2023-10-15",
    "12/2023",
    "Có",
    "Không",
    "Chủ hộ",
    "Nữ",
];

/// Arbitrary text; text of the nasty characters and pieces above; text of digits and the
/// separators of numbers and dates.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(NASTY).prop_map(String::from),
                proptest::sample::select(NASTY_PIECES).prop_map(String::from),
            ],
            0..12
        )
        .prop_map(|parts| parts.concat()),
        "[0-9/. +-]{0,16}",
    ]
}

/// One edit of a text: a character replaced, inserted or removed, or the text wrapped in
/// spaces, cut, doubled or decomposed (NFD). `at` is taken modulo the length.
pub fn mutate(s: &str, edit: u8, at: usize, c: char) -> String {
    let chars: Vec<char> = s.chars().collect();
    let at = at % (chars.len() + 1);
    let mut out = chars.clone();
    match edit % 7 {
        0 if at < chars.len() => out[at] = c,
        1 => out.insert(at, c),
        2 if at < chars.len() => {
            out.remove(at);
        }
        3 => return format!("{c} {s}\t"),
        4 => out.truncate(at),
        5 => return format!("{s}{s}"),
        _ => return s.nfd().collect(),
    }
    out.into_iter().collect()
}

/// The arguments of [`mutate`]: which edit, where, and the character it brings.
pub fn mutation() -> impl Strategy<Value = (u8, usize, char)> {
    (
        any::<u8>(),
        any::<usize>(),
        prop_oneof![any::<char>(), proptest::sample::select(NASTY)],
    )
}

/// A syllable of Vietnamese: an onset, a vowel with one of the six tones, a coda.
pub fn syllable() -> impl Strategy<Value = String> {
    const ONSETS: &[&str] = &[
        "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
        "nh", "ph", "qu", "s", "t", "th", "tr", "v", "x",
    ];
    const VOWELS: &[&str] = &[
        "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "uy", "ươ", "iê", "oa",
    ];
    const TONES: &[&str] = &["", "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"];
    const CODAS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u"];
    (
        proptest::sample::select(ONSETS),
        proptest::sample::select(VOWELS),
        proptest::sample::select(TONES),
        proptest::sample::select(CODAS),
    )
        .prop_map(|(o, v, t, c)| format!("{o}{v}{t}{c}").nfc().collect())
}

/// A name as it may be typed: syllables in any case, composed or not, with any spacing, and
/// the hyphens and apostrophes of ethnic-minority names.
pub fn typed_name() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(
            (
                syllable(),
                any::<bool>(),
                proptest::sample::select(&[" ", "  ", "\t", "\u{a0}", "-", "'", " \u{3000}"][..]),
            ),
            1..6,
        ),
        any::<bool>(),
    )
        .prop_map(|(words, decomposed)| {
            let mut s = String::new();
            for (w, upper, sep) in words {
                s.push_str(&if upper { w.to_uppercase() } else { w });
                s.push_str(sep);
            }
            if decomposed { s.nfd().collect() } else { s }
        })
}
