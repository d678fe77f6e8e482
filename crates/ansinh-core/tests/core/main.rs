//! The core through its public API only: the fuzzing harness of its parsers.

// Tests state their expectations with unwrap and panic, helpers included (clippy.toml allows it
// only inside #[test] functions).
#![allow(clippy::unwrap_used, clippy::panic)]

mod fuzz;

/// Counts what each test thread holds and refuses any single request over 1 GiB, which no
/// parser of a field's text can need.
#[global_allocator]
static ALLOC: ansinh_testkit::fuzz::CountingAlloc = ansinh_testkit::fuzz::CountingAlloc;
