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
//! [`CountingAlloc`] is the global allocator a harness installs: it counts what each thread
//! holds, so [`peak_bytes`] tells the most one call held at once, and it refuses (aborting the
//! process with the size asked for) any single request over [`MAX_REQUEST`], which no input of
//! a fuzzing case can need.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use proptest::test_runner::Config;

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
