//! The parts of the `ansinh` command that other tools reuse (the benchmark harness): loading a
//! synthetic province into a store, with its recent history.

pub mod history;
pub mod pipeline;
