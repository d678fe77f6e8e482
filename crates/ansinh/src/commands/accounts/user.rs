//! `ansinh user …`: accounts from the command line, and the demo accounts of `ansinh demo`.

use clap::Subcommand;
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use ansinh_core::access::Role;
use ansinh_store::accounts::NewUser;
use ansinh_store::{Actor, Store};
use anyhow::{Context, anyhow, bail};

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

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is read from ANSINH_PASSWORD or asked on the terminal;
    /// the user must change it at first login.
    Add {
        username: String,
        /// admin, province_officer, commune_officer, leader or inspector.
        #[arg(long)]
        role: String,
        /// Area codes in force today: 46 for the province, or commune codes (19900,20056).
        #[arg(long, value_delimiter = ',', required = true)]
        areas: Vec<String>,
        #[arg(long)]
        name: String,
    },
    /// List accounts.
    List,
    /// Set a new password (read like `add`); the user must change it at next login.
    Passwd { username: String },
    /// Disable an account and end its sessions.
    Disable { username: String },
    /// Enable a disabled account.
    Enable { username: String },
    /// Clear the account's sign-in back-off (the wait after failed passwords), so it can sign
    /// in again at once from every address; a running server drops its counts at the next
    /// attempt.
    Unlock { username: String },
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
        UserCommand::Unlock { username } => {
            let u = find(store, &username).await?;
            store.clear_login_backoff(&cli_actor(), u.id).await?;
            println!("Đã gỡ chặn đăng nhập cho {username}: đăng nhập lại được ngay từ mọi nơi.");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A demo login, printed by `ansinh demo`: its password, or `None` when the account was there
/// before with another one (set by hand, or by an older version whose demo passwords the
/// password rule now refuses), which is left as it is.
pub struct DemoAccount {
    pub username: &'static str,
    pub password: Option<&'static str>,
    pub description: &'static str,
}

/// One account per role, created on the first demo run. The passwords are fixed and printed
/// because the data is synthetic; they are not asked to be changed so the demo opens at once.
/// They follow the password rule like any other (none contains its user name).
struct DemoSpec {
    username: &'static str,
    password: &'static str,
    role: Role,
    areas: &'static [&'static str],
    name: &'static str,
    description: &'static str,
}

const DEMO_ACCOUNTS: [DemoSpec; 6] = [
    DemoSpec {
        username: "quantri",
        password: "demo-2026-song-huong",
        role: Role::Admin,
        areas: &["46"],
        name: "Quản trị viên",
        description: "quản trị, toàn tỉnh",
    },
    DemoSpec {
        username: "sotinh",
        password: "demo-2026-dai-noi",
        role: Role::ProvinceOfficer,
        areas: &["46"],
        name: "Cán bộ Sở",
        description: "cán bộ tỉnh",
    },
    DemoSpec {
        username: "thuanan",
        password: "demo-2026-cua-bien",
        role: Role::CommuneOfficer,
        areas: &["19900"],
        name: "Cán bộ phường Thuận An",
        description: "cán bộ phường Thuận An",
    },
    DemoSpec {
        username: "aluoi1",
        password: "demo-2026-nui-truong-son",
        role: Role::CommuneOfficer,
        areas: &["20056"],
        name: "Cán bộ xã A Lưới 1",
        description: "cán bộ xã A Lưới 1",
    },
    DemoSpec {
        username: "lanhdao",
        password: "demo-2026-cau-truong-tien",
        role: Role::Leader,
        areas: &["46"],
        name: "Lãnh đạo Sở",
        description: "lãnh đạo (xem, phê duyệt)",
    },
    DemoSpec {
        username: "thanhtra",
        password: "demo-2026-chua-thien-mu",
        role: Role::Inspector,
        areas: &["46"],
        name: "Thanh tra Sở",
        description: "thanh tra (xem, nhật ký)",
    },
];

pub async fn ensure_demo_accounts(store: &Store) -> anyhow::Result<Vec<DemoAccount>> {
    let mut out = Vec::new();
    for d in DEMO_ACCOUNTS {
        let password = if store.user_by_username(d.username).await?.is_some() {
            store
                .authenticate(d.username, d.password)
                .await?
                .map(|_| d.password)
        } else {
            store
                .create_user(
                    &Actor::system("demo"),
                    &NewUser {
                        username: d.username,
                        display_name: d.name,
                        role: d.role,
                        password: d.password,
                        area_codes: d.areas,
                        must_change_password: false,
                    },
                )
                .await?;
            Some(d.password)
        };
        out.push(DemoAccount {
            username: d.username,
            password,
            description: d.description,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ansinh demo` can create its accounts: their passwords pass the rule.
    #[test]
    fn demo_passwords_follow_the_password_rule() {
        for d in DEMO_ACCOUNTS {
            assert_eq!(
                ansinh_core::accounts::password::check(d.password, d.username, d.name),
                Ok(()),
                "{}",
                d.username
            );
        }
    }
}
