//! End-to-end tests of the web application, served in process (on `127.0.0.1:0`) over its own
//! SQLite file by each test. The crate has no code of its own: Cargo needs a target.
//!
//! `tests/browser/` drives it in a real headless Chromium, one module per capability with the
//! shared helpers in `main.rs`; each test has its own chromedriver, and screenshots go to
//! `target/screenshots/`. `tests/api_fidelity/` has schemathesis check the JSON API against
//! its OpenAPI document. Without Chromium and chromedriver, or without schemathesis, the tests
//! skip loudly, except under `CI=true`, where they fail.
