//! End-to-end tests of the web application in a real headless Chromium; the tests are in
//! `tests/browser/`, one module per capability with the shared helpers in `main.rs`. The crate
//! has no code of its own: Cargo needs a target, and the browser tests live here because each
//! crate keeps a single integration-test binary.
//!
//! Every test starts its own server (in process, on `127.0.0.1:0`) over its own SQLite file
//! and its own chromedriver; screenshots go to `target/screenshots/`. Without Chromium and
//! chromedriver the tests skip loudly, except under `CI=true`, where they fail.
