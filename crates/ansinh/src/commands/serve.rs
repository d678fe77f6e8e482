//! `ansinh serve` and the banner of `ansinh demo`.

use std::net::SocketAddr;
use std::process::ExitCode;

use ansinh_store::Store;
use anyhow::Context;

pub async fn serve(
    store: &Store,
    listen: SocketAddr,
    config: ansinh_web::WebConfig,
) -> anyhow::Result<ExitCode> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("không mở được cổng {listen}"))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, backend = store.backend().name(), "serving");
    println!("ansinh đang chạy tại http://{addr}/ (Ctrl+C để dừng)");
    ansinh_web::serve(store.clone(), listener, config, shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

pub async fn print_demo_banner(
    store: &Store,
    listen: SocketAddr,
    url: &str,
    accounts: &[super::user::DemoAccount],
) -> anyhow::Result<()> {
    let c = store.counts().await?;
    println!();
    println!(
        "  ansinh demo: {} nhân khẩu, {} hộ (dữ liệu mẫu, không phải người thật)",
        c.persons, c.households
    );
    println!("  Cơ sở dữ liệu: {}", super::redact(url));
    println!("  Mở trình duyệt: http://{listen}/");
    println!("  Đăng nhập bằng một tài khoản mẫu:");
    for a in accounts {
        let password = a.password.unwrap_or("(đã đổi, giữ nguyên)");
        println!(
            "    {:<10} mật khẩu {:<26} {}",
            a.username, password, a.description
        );
    }
    println!();
    Ok(())
}

/// Completes on Ctrl+C or SIGTERM, so that the server finishes open requests and exits.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
