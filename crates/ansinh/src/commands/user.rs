//! `ansinh user …`: accounts from the command line, and the demo accounts of `ansinh demo`.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use ansinh_core::access::Role;
use ansinh_store::accounts::NewUser;
use ansinh_store::{Actor, Store};
use anyhow::{Context, anyhow, bail};

use crate::cli::UserCommand;

fn cli_actor() -> Actor {
    Actor(format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "unknown".into())
    ))
}

/// The password from ANSINH_PASSWORD, or one line from the terminal (echoed: a terminal
/// without a TTY library cannot hide it, so prefer the variable in scripts).
fn read_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("ANSINH_PASSWORD") {
        return Ok(p);
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        print!("Mật khẩu: ");
        std::io::stdout().flush()?;
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line).context("đọc mật khẩu")?;
    let p = line.trim_end_matches(['\r', '\n']).to_string();
    if p.is_empty() {
        bail!("cần mật khẩu (biến ANSINH_PASSWORD hoặc nhập một dòng)");
    }
    Ok(p)
}

async fn find(store: &Store, username: &str) -> anyhow::Result<ansinh_store::accounts::User> {
    store
        .user_by_username(username)
        .await?
        .ok_or_else(|| anyhow!("không có tài khoản {username}"))
}

pub async fn user(store: &Store, cmd: UserCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        UserCommand::Add {
            username,
            role,
            areas,
            name,
        } => {
            let role = Role::from_code(&role)
                .ok_or_else(|| anyhow!("vai trò '{role}' không có (admin, province_officer, commune_officer, leader, inspector)"))?;
            let password = read_password()?;
            let codes: Vec<&str> = areas.iter().map(String::as_str).collect();
            let u = store
                .create_user(
                    &cli_actor(),
                    &NewUser {
                        username: &username,
                        display_name: &name,
                        role,
                        password: &password,
                        area_codes: &codes,
                        must_change_password: true,
                    },
                )
                .await?;
            println!(
                "Đã tạo tài khoản {} ({}); phải đổi mật khẩu khi đăng nhập lần đầu.",
                u.username,
                role.label_vi()
            );
        }
        UserCommand::List => {
            for u in store.list_users().await? {
                let areas: Vec<&str> = u.areas.iter().map(|a| a.name.as_str()).collect();
                println!(
                    "{:<16} {:<20} {:<28} {}{}",
                    u.username,
                    u.role.label_vi(),
                    u.display_name,
                    areas.join(", "),
                    if u.disabled { "  [đã khóa]" } else { "" }
                );
            }
        }
        UserCommand::Passwd { username } => {
            let u = find(store, &username).await?;
            let password = read_password()?;
            store
                .set_password(&cli_actor(), u.id, &password, true)
                .await?;
            println!("Đã đặt mật khẩu mới cho {username}; phải đổi khi đăng nhập.");
        }
        UserCommand::Disable { username } => {
            let u = find(store, &username).await?;
            store.set_user_disabled(&cli_actor(), u.id, true).await?;
            println!("Đã khóa {username}.");
        }
        UserCommand::Enable { username } => {
            let u = find(store, &username).await?;
            store.set_user_disabled(&cli_actor(), u.id, false).await?;
            println!("Đã mở khóa {username}.");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A demo login, printed by `ansinh demo`.
pub struct DemoAccount {
    pub username: &'static str,
    pub password: &'static str,
    pub description: &'static str,
}

/// One account per role, created on the first demo run. The passwords are fixed and printed
/// because the data is synthetic; they are not asked to be changed so the demo opens at once.
pub const DEMO_ACCOUNTS: [(&str, &str, Role, &[&str], &str, &str); 6] = [
    (
        "quantri",
        "demo-2026-quan-tri",
        Role::Admin,
        &["46"],
        "Quản trị viên",
        "quản trị, toàn tỉnh",
    ),
    (
        "sotinh",
        "demo-2026-so-tinh",
        Role::ProvinceOfficer,
        &["46"],
        "Cán bộ Sở",
        "cán bộ tỉnh",
    ),
    (
        "thuanan",
        "demo-2026-thuan-an",
        Role::CommuneOfficer,
        &["19900"],
        "Cán bộ phường Thuận An",
        "cán bộ phường Thuận An",
    ),
    (
        "aluoi1",
        "demo-2026-a-luoi-1",
        Role::CommuneOfficer,
        &["20056"],
        "Cán bộ xã A Lưới 1",
        "cán bộ xã A Lưới 1",
    ),
    (
        "lanhdao",
        "demo-2026-lanh-dao",
        Role::Leader,
        &["46"],
        "Lãnh đạo Sở",
        "lãnh đạo (xem, phê duyệt)",
    ),
    (
        "thanhtra",
        "demo-2026-thanh-tra",
        Role::Inspector,
        &["46"],
        "Thanh tra Sở",
        "thanh tra (xem, nhật ký)",
    ),
];

pub async fn ensure_demo_accounts(store: &Store) -> anyhow::Result<Vec<DemoAccount>> {
    let mut out = Vec::new();
    for (username, password, role, areas, name, description) in DEMO_ACCOUNTS {
        if store.user_by_username(username).await?.is_none() {
            store
                .create_user(
                    &Actor::system("demo"),
                    &NewUser {
                        username,
                        display_name: name,
                        role,
                        password,
                        area_codes: areas,
                        must_change_password: false,
                    },
                )
                .await?;
        }
        out.push(DemoAccount {
            username,
            password,
            description,
        });
    }
    Ok(out)
}
