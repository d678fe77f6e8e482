//! A real headless Chromium driven through WebDriver (chromedriver + fantoccini), for tests
//! that look at the web application the way an officer does.
//!
//! [`chrome`] starts a private chromedriver on a free loopback port and returns a [`Browser`]
//! that kills it (and every Chromium it started) when dropped. [`Browser::client`] opens a
//! WebDriver session on a fresh Chromium profile. The skip rule is the PostgreSQL one: outside
//! CI a machine without Chromium prints a loud message and `chrome()` returns `None`; with
//! `CI=true` it panics.
//!
//! ```ignore
//! let Some(browser) = ansinh_testkit::browser::chrome() else { return };
//! let client = browser.client().await;
//! client.goto("http://127.0.0.1:8080/dia-ban").await?;
//! ansinh_testkit::browser::save_screenshot(&client, "dia-ban").await;
//! client.close().await?;
//! ```

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

pub use fantoccini::{self, Client, Locator, elements::Element};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::{free_port, in_ci};

/// How long [`wait_for`] and friends wait for an element before failing the test.
pub const WAIT: Duration = Duration::from_secs(10);

/// The Chromium flags every session gets besides its own `--user-data-dir`. The machine has no
/// internet: without the networking flags Chromium keeps trying to reach Google services.
pub const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--disable-breakpad",
    "--disable-crash-reporter",
    "--disable-dev-shm-usage",
    "--window-size=1366,900",
    "--lang=vi",
];

/// A private chromedriver process. Dropping it kills chromedriver's process group, which holds
/// the Chromium instances it launched, so a failed test leaves no browser behind.
pub struct Browser {
    driver: Child,
    port: u16,
    chromium: PathBuf,
    dir: tempfile::TempDir,
    profiles: AtomicU32,
}

/// Starts chromedriver for this test. `None` (after a loud message) when Chromium or
/// chromedriver is not installed outside CI; panics under `CI=true` or when it fails to start.
pub fn chrome() -> Option<Browser> {
    let (driver, chromium) = match find_binaries() {
        Ok(found) => found,
        Err(why) => {
            if in_ci() {
                panic!("Chromium is required under CI=true but {why}");
            }
            eprintln!(
                "\n!!! SKIPPING browser tests: {why}\n!!! install them (apt-get install -y chromium chromium-driver) to run them\n"
            );
            return None;
        }
    };
    match Browser::start(&driver, chromium) {
        Ok(browser) => Some(browser),
        Err(why) => panic!("could not start chromedriver: {why}"),
    }
}

fn find_binaries() -> Result<(PathBuf, PathBuf), String> {
    let driver = find("ANSINH_CHROMEDRIVER", "chromedriver")
        .ok_or("no chromedriver found ($ANSINH_CHROMEDRIVER, /usr/bin/chromedriver, PATH)")?;
    let chromium = find("ANSINH_CHROMIUM", "chromium")
        .ok_or("no chromium found ($ANSINH_CHROMIUM, /usr/bin/chromium, PATH)")?;
    Ok((driver, chromium))
}

/// The program named by the environment variable when it is set (and exists), else `name` in
/// /usr/bin or on the PATH.
fn find(var: &str, name: &str) -> Option<PathBuf> {
    match std::env::var_os(var) {
        Some(path) => Some(PathBuf::from(path)).filter(|p| p.is_file()),
        None => find_program(name),
    }
}

fn find_program(name: &str) -> Option<PathBuf> {
    let usr_bin = Path::new("/usr/bin").join(name);
    if usr_bin.exists() {
        return Some(usr_bin);
    }
    std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).find(|p| p.join(name).is_file()))
        .map(|dir| dir.join(name))
}

impl Browser {
    fn start(driver: &Path, chromium: PathBuf) -> Result<Browser, String> {
        let dir = tempfile::Builder::new()
            .prefix("ansinh-chrome-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let log_path = dir.path().join("chromedriver.log");
        // A port can be taken between our probe and chromedriver's bind; try a few.
        let mut last = String::new();
        for _ in 0..5 {
            let port = free_port()?;
            let log = std::fs::File::create(&log_path).map_err(|e| e.to_string())?;
            let mut child = Command::new(driver)
                .arg(format!("--port={port}"))
                .arg("--allowed-ips=127.0.0.1")
                .stdin(Stdio::null())
                .stdout(log.try_clone().map_err(|e| e.to_string())?)
                .stderr(log)
                // Its own process group, so Drop can end it and its browsers together.
                .process_group(0)
                .spawn()
                .map_err(|e| format!("{}: {e}", driver.display()))?;
            match wait_ready(&mut child, port) {
                Ok(()) => {
                    spawn_watchdog(child.id());
                    return Ok(Browser {
                        driver: child,
                        port,
                        chromium,
                        dir,
                        profiles: AtomicU32::new(0),
                    });
                }
                Err(e) => {
                    let exited = child.try_wait().is_ok_and(|s| s.is_some());
                    kill_group(&mut child);
                    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                    last = format!("{e}\n{log}");
                    if !exited {
                        break; // it runs but does not answer: another port will not help
                    }
                }
            }
        }
        Err(last)
    }

    /// The WebDriver endpoint, `http://127.0.0.1:PORT`.
    pub fn webdriver_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// What chromedriver has logged so far (for failure messages).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("chromedriver.log")).unwrap_or_default()
    }

    /// Where the sessions' downloads land (removed with the `Browser`).
    pub fn download_dir(&self) -> PathBuf {
        self.dir.path().join("downloads")
    }

    /// Headless Chromium capabilities with a new, empty profile directory (removed with the
    /// `Browser`), Vietnamese as the preferred language, as on an officer's machine, and
    /// downloads saved without a prompt into [`Browser::download_dir`].
    pub fn capabilities(&self) -> fantoccini::wd::Capabilities {
        let n = self.profiles.fetch_add(1, Ordering::SeqCst);
        let profile = self.dir.path().join(format!("profile-{n}"));
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| a.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let caps = json!({
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "goog:chromeOptions": {
                "binary": self.chromium,
                "args": args,
                "prefs": {
                    "intl.accept_languages": "vi-VN,vi",
                    "download.default_directory": self.download_dir(),
                    "download.prompt_for_download": false,
                },
            },
        });
        match caps {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("a JSON object literal"),
        }
    }

    /// A new WebDriver session: one fresh Chromium. Call `client.close().await` at the end of
    /// the test to quit it; dropping the `Browser` kills whatever is left.
    pub async fn client(&self) -> Client {
        let mut builder = fantoccini::ClientBuilder::new(HttpConnector::new());
        builder.capabilities(self.capabilities());
        match builder.connect(&self.webdriver_url()).await {
            Ok(client) => client,
            Err(e) => panic!(
                "could not open a Chromium session: {e}\n--- chromedriver log ---\n{}",
                self.log()
            ),
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        kill_group(&mut self.driver);
    }
}

/// Polls `GET /status` until chromedriver says it is ready (at most 15 s).
fn wait_ready(driver: &mut Child, port: u16) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(Some(status)) = driver.try_wait() {
            return Err(format!("chromedriver exited with {status}"));
        }
        if let Some(body) = http_get(port, "/status")
            && body.contains("\"ready\":true")
        {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err("chromedriver did not answer GET /status within 15 s".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Kills chromedriver and everything in its process group (the Chromium it launched).
fn kill_group(driver: &mut Child) {
    if let Ok(None) = driver.try_wait() {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", driver.id())])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = driver.kill();
    }
    let _ = driver.wait();
}

/// Ends chromedriver's process group if this test process dies without dropping the
/// `Browser` (killed by a timeout, aborted), and exits by itself once chromedriver is gone.
fn spawn_watchdog(driver_pid: u32) {
    let script = format!(
        "while kill -0 {me} 2>/dev/null && kill -0 {driver_pid} 2>/dev/null; do sleep 0.5; done; \
         kill -0 {driver_pid} 2>/dev/null && kill -KILL -- -{driver_pid} 2>/dev/null",
        me = std::process::id()
    );
    let _ = Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
}

/// A minimal blocking HTTP/1.1 GET on loopback (chromedriver refuses HTTP/1.0); the body when
/// the status is 200.
fn http_get(port: u16, path: &str) -> Option<String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    // chromedriver keeps the connection open despite `Connection: close`: read the head, then
    // Content-Length bytes of body.
    let mut response = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        response.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&response);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head.lines().find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())?
            });
            if length.is_some_and(|len| body.len() >= len) {
                break;
            }
        }
    }
    let response = String::from_utf8_lossy(&response);
    let (head, body) = response.split_once("\r\n\r\n")?;
    head.starts_with("HTTP/1.1 200").then(|| body.to_string())
}

/// The workspace's `target/screenshots/` (or `$CARGO_TARGET_DIR/screenshots/`), created.
pub fn screenshot_dir() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace.join(dir), // an absolute CARGO_TARGET_DIR replaces the base
        None => workspace.join("target"),
    };
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    dir
}

/// Saves a PNG of the whole page (not just the 1366×900 viewport) as
/// `target/screenshots/<name>.png` and returns its path.
pub async fn save_screenshot(client: &Client, name: &str) -> PathBuf {
    save_screenshot_at(client, name, 1366).await
}

/// [`save_screenshot`] with the window `width` pixels wide.
async fn save_screenshot_at(client: &Client, name: &str, width: u32) -> PathBuf {
    // The viewport is the window less the browser's own frame; grow the window until the
    // viewport holds the whole document (at most 8000 px), then put it back.
    let sizes = client
        .execute(
            "const d = document.documentElement;\n\
             return [Math.max(d.scrollHeight, document.body ? document.body.scrollHeight : 0),\n\
                     window.innerHeight, window.outerHeight];",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| {
            let a = v.as_array()?;
            Some((
                a.first()?.as_u64()?,
                a.get(1)?.as_u64()?,
                a.get(2)?.as_u64()?,
            ))
        });
    let mut resized = false;
    if let Some((document, viewport, window)) = sizes
        && document > viewport
    {
        let frame = window.saturating_sub(viewport);
        let height = (document + frame).min(8000) as u32;
        resized = client.set_window_size(width, height).await.is_ok();
    }
    let png = client.screenshot().await.expect("take a screenshot");
    if resized {
        let _ = client.set_window_size(width, 900).await;
    }
    let path = screenshot_dir().join(format!("{name}.png"));
    std::fs::write(&path, png).expect("write the screenshot");
    path
}

/// Waits (at most [`WAIT`]) until a download named `name` is complete in `dir` and returns its
/// bytes (Chromium writes `name.crdownload` first and renames it when done).
pub async fn wait_for_download(dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(bytes) = std::fs::read(&path)
            && !bytes.is_empty()
        {
            return bytes;
        }
        if Instant::now() > deadline {
            let present: Vec<String> = std::fs::read_dir(dir)
                .map(|d| {
                    d.filter_map(|e| e.ok())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            panic!(
                "no download {name} in {} within {WAIT:?}; there: {present:?}",
                dir.display()
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A Chrome DevTools command sent through chromedriver (`goog/cdp/execute`).
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Renders the page with its print stylesheet (`@media print`) on screen, or back to the
/// screen's, so a screenshot shows what the paper will.
pub async fn emulate_print(client: &Client, print: bool) {
    client
        .issue_cmd(Cdp {
            cmd: "Emulation.setEmulatedMedia",
            params: json!({ "media": if print { "print" } else { "" } }),
        })
        .await
        .expect("chromedriver runs the DevTools command");
}

/// Saves a screenshot of the page as printed on A4 landscape: the print stylesheet, in a
/// window as wide as the sheet's printable width at 96 dpi (281 mm ≈ 1062 px).
pub async fn save_print_screenshot(client: &Client, name: &str) -> PathBuf {
    emulate_print(client, true).await;
    let _ = client.set_window_size(1062, 900).await;
    let path = save_screenshot_at(client, name, 1062).await;
    let _ = client.set_window_size(1366, 900).await;
    emulate_print(client, false).await;
    path
}

/// Waits (at most [`WAIT`]) for the first element matching a CSS selector.
pub async fn wait_for(client: &Client, css: &str) -> Element {
    match client
        .wait()
        .at_most(WAIT)
        .every(Duration::from_millis(50))
        .for_element(Locator::Css(css))
        .await
    {
        Ok(element) => element,
        Err(e) => {
            let url = client
                .current_url()
                .await
                .map(|u| u.to_string())
                .unwrap_or_default();
            panic!("no element `{css}` on {url} within {WAIT:?}: {e}")
        }
    }
}

/// Waits (at most [`WAIT`]) until the page's visible text contains `text`, and returns that
/// text. Panics with the page's text when it never does.
pub async fn wait_for_text(client: &Client, text: &str) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let body = body_text(client).await;
        if body.contains(text) {
            return body;
        }
        if Instant::now() > deadline {
            let url = client
                .current_url()
                .await
                .map(|u| u.to_string())
                .unwrap_or_default();
            panic!("`{text}` did not appear on {url} within {WAIT:?}; the page says:\n{body}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The visible text of the page's body (empty while there is none).
pub async fn body_text(client: &Client) -> String {
    match client.find(Locator::Css("body")).await {
        Ok(body) => body.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn chromium_renders_vietnamese_and_saves_a_screenshot() {
        let Some(browser) = chrome() else {
            return;
        };
        let client = browser.client().await;
        client
            .goto("data:text/html;charset=utf-8,<h1 id=t>Phường Thuận An</h1>")
            .await
            .unwrap();
        let h1 = wait_for(&client, "#t").await;
        assert_eq!(h1.text().await.unwrap(), "Phường Thuận An");
        wait_for_text(&client, "Thuận An").await;
        let path = save_screenshot(&client, "testkit-self-check").await;
        let png = std::fs::read(&path).unwrap();
        assert!(png.starts_with(b"\x89PNG"), "{}", path.display());
        client.close().await.unwrap();
    }
}
