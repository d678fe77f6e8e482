//! End-to-end tests of the web application, served in process (on `127.0.0.1:0`) over its own
//! SQLite file by each test. The crate's only code is that server ([`Server`]), which both test
//! binaries start.
//!
//! `tests/browser/` drives it in a real headless Chromium, one module per capability with the
//! shared helpers in `main.rs`; each test has its own chromedriver, and screenshots go to
//! `target/screenshots/`. `tests/api_fidelity/` has schemathesis check the JSON API against
//! its OpenAPI document. Without Chromium and chromedriver, or without schemathesis, the tests
//! skip loudly, except under `CI=true`, where they fail.

use ansinh_store::Store;
use ansinh_web::WebConfig;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A fresh SQLite store in a directory of its own, removed with the directory.
pub async fn fresh_store() -> (tempfile::TempDir, Store) {
    let (dir, path) = ansinh_testkit::sqlite_path();
    let store = Store::open(&format!("sqlite://{}", path.display()))
        .await
        .expect("open the SQLite store");
    (dir, store)
}

/// The web application serving `store` on a free port of 127.0.0.1 until [`Server::stop`].
pub struct Server {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl Server {
    pub async fn start(store: Store) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local address");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let shutdown = async move {
                let _ = stopped.await;
            };
            ansinh_web::serve(store, listener, WebConfig::default(), shutdown)
                .await
                .expect("the web server runs");
        });
        Server {
            base: format!("http://{addr}"),
            stop,
            task,
        }
    }

    /// Stops serving and waits until the server has ended.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        self.task.await.expect("the server task ends cleanly");
    }
}
