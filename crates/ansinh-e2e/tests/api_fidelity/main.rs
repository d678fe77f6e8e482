//! The JSON API against its own document: schemathesis (pinned to 4.32.5, installed by
//! `.ci/run`) reads `/api/v1/openapi.json` of the app served in this process over a small
//! synthetic Huế, sends what the document admits and what it does not, and fails on any 5xx,
//! any status, body or content type the document does not give, and any invalid request the
//! API accepts or valid one it refuses (`schemathesis.toml` beside this file says where a
//! documented 422 is a valid answer). It runs once with a province token and once with a
//! commune's, each for a bounded number of cases per operation with a fixed seed, so a failure
//! in CI is reproduced by running the test again.
//!
//! Without schemathesis the test skips loudly, except under `CI=true`, where it fails.

// Tests state their expectations with unwrap and panic (clippy.toml allows it only inside
// #[test] functions).
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use ansinh_core::access::Role;
use ansinh_e2e::{Server, fresh_store};
use ansinh_store::accounts::NewUser;
use ansinh_store::{Actor, Store};
use tokio::process::Command;

/// Test cases per API operation and phase (`--max-examples`): about 1,300 requests per token,
/// some 20 seconds each on a two-core machine.
const CASES: u32 = 50;
/// The generator's seed: the same requests on every run.
const SEED: u64 = 20_260_101;
/// The synthetic province: about 3,600 persons with their households, beneficiaries, a locked
/// payroll month (12/2023), two poverty reviews and open dossiers.
const SCALE: f64 = 0.003;
const COMMUNE: &str = "19900";
/// The version `.ci/run` installs; another one generates other requests from the same seed.
const PINNED: &str = "4.32.5";
/// Longer than any run should take; a hung run fails instead of holding CI.
const DEADLINE: Duration = Duration::from_secs(300);

/// `python3 -m schemathesis.cli`, with the given arguments.
fn schemathesis(args: &[&str]) -> Command {
    let mut cmd = Command::new("python3");
    cmd.args(["-m", "schemathesis.cli"]).args(args);
    cmd.stdin(Stdio::null()).kill_on_drop(true);
    cmd
}

/// Whether schemathesis can run here: its version, or why not.
async fn installed() -> Result<String, String> {
    match schemathesis(&["--version"]).output().await {
        Ok(out) if out.status.success() => Ok(String::from_utf8_lossy(&out.stdout).trim().into()),
        Ok(out) => Err(format!(
            "{}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(e) => Err(format!("python3 could not be started: {e}")),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_does_what_its_document_says() {
    let version = match installed().await {
        Ok(v) => v,
        Err(why) if ansinh_testkit::in_ci() => {
            panic!(
                "schemathesis is required under CI=true but `python3 -m schemathesis.cli --version` failed: {why}"
            )
        }
        Err(why) => {
            eprintln!(
                "\n!!! SKIPPING the API fidelity test: schemathesis is not installed ({why})\n!!! install it with: python3 -m pip install 'schemathesis=={PINNED}'\n"
            );
            return;
        }
    };
    if !version.ends_with(PINNED) {
        eprintln!("!!! {version} is not the pinned {PINNED}: other requests than in CI");
    }

    let (_dir, store) = fresh_store().await;
    ansinh::pipeline::load_synthetic(&store, SCALE, SEED, |_, _| {})
        .await
        .expect("load the synthetic province");
    let tokens = tokens(&store).await;
    let server = Server::start(store.clone()).await;
    let url = format!("{}/api/v1/openapi.json", server.base);

    // Its files (the crash replays) go to a directory of the test's own, never the checkout.
    let work = tempfile::tempdir().expect("temp dir");
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api_fidelity/schemathesis.toml");
    let mut failures = Vec::new();
    for (who, secret) in &tokens {
        let started = Instant::now();
        let (passed, output) = run(&url, &config, secret, work.path()).await;
        eprintln!(
            "{version}, {who} token: {} in {:.0?}",
            if passed { "passed" } else { "FAILED" },
            started.elapsed()
        );
        if !passed {
            failures.push(format!("==== with the {who} token ====\n{output}"));
        }
    }

    server.stop().await;
    store.close().await;
    assert!(
        failures.is_empty(),
        "the API contradicts its document (reproduce: cargo test -p ansinh-e2e --test api_fidelity):\n{}",
        failures.join("\n")
    );
}

/// A province officer's token for the whole province and a commune officer's for Thuận An.
async fn tokens(store: &Store) -> Vec<(&'static str, String)> {
    let actor = Actor::system("api-fidelity");
    let admin = store
        .create_user(
            &actor,
            &NewUser {
                username: "quan.tri",
                display_name: "Quản trị",
                role: Role::Admin,
                password: "mat-khau-du-dai-2026",
                area_codes: &["46"],
                must_change_password: false,
            },
        )
        .await
        .expect("create the administrator");
    let mut secrets = Vec::new();
    for (who, role, area) in [
        ("province", Role::ProvinceOfficer, "46"),
        ("commune", Role::CommuneOfficer, COMMUNE),
    ] {
        let (_, secret) = store
            .create_api_token(&actor, admin.id, who, role, &[area])
            .await
            .expect("create the token");
        secrets.push((who, secret));
    }
    secrets
}

/// One schemathesis run with every check: whether it passed, and what it printed.
async fn run(url: &str, config: &Path, secret: &str, work: &Path) -> (bool, String) {
    let cases = CASES.to_string();
    let seed = SEED.to_string();
    let header = format!("Authorization: Bearer {secret}");
    let mut cmd = schemathesis(&[
        "--config-file",
        config.to_str().expect("a UTF-8 path"),
        "--no-color",
        "run",
        url,
        "-H",
        &header,
        "--checks",
        "all",
        "--max-examples",
        &cases,
        "--seed",
        &seed,
        "--workers",
        "1",
        // No example database: what earlier runs found would change what this one sends.
        "--generation-database",
        "none",
    ]);
    cmd.current_dir(work);
    let out = tokio::time::timeout(DEADLINE, cmd.output())
        .await
        .unwrap_or_else(|_| panic!("schemathesis did not finish within {DEADLINE:?}"))
        .expect("run schemathesis");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}
