//! `ansinh token …`: API tokens for integrators, created by an administrator.

use clap::Subcommand;
use std::process::ExitCode;

use ansinh_core::access::Role;
use ansinh_store::{Actor, Store};
use anyhow::{anyhow, bail};
use uuid::Uuid;

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token; the secret is printed once.
    Create {
        /// What the token is for, e.g. "Cổng dịch vụ công".
        name: String,
        #[arg(long)]
        role: String,
        #[arg(long, value_delimiter = ',', required = true)]
        areas: Vec<String>,
        /// The administrator who creates it (an existing admin account).
        #[arg(long)]
        by: String,
    },
    /// List tokens (never their secrets).
    List,
    /// Revoke a token by its id.
    Revoke { id: String },
}

pub async fn token(store: &Store, cmd: TokenCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        TokenCommand::Create {
            name,
            role,
            areas,
            by,
        } => {
            let role =
                Role::from_code(&role).ok_or_else(|| anyhow!("vai trò '{role}' không có"))?;
            let admin = store
                .user_by_username(&by)
                .await?
                .ok_or_else(|| anyhow!("không có tài khoản {by}"))?;
            if admin.role != Role::Admin || admin.disabled {
                bail!("chỉ tài khoản quản trị đang hoạt động mới tạo được mã truy cập");
            }
            let codes: Vec<&str> = areas.iter().map(String::as_str).collect();
            let (t, secret) = store
                .create_api_token(
                    &Actor(admin.username.clone()),
                    admin.id,
                    &name,
                    role,
                    &codes,
                )
                .await?;
            println!(
                "Mã truy cập {} ({}) đã tạo. Bí mật (chỉ hiện một lần):",
                t.id, t.name
            );
            println!("{secret}");
        }
        TokenCommand::List => {
            for t in store.api_tokens().await? {
                let areas: Vec<&str> = t.areas.iter().map(|a| a.code.as_str()).collect();
                println!(
                    "{}  {:<28} {:<18} {:<12} {}{}",
                    t.id,
                    t.name,
                    t.role.code(),
                    areas.join(","),
                    t.created_by,
                    if t.revoked_at.is_some() {
                        "  [đã thu hồi]"
                    } else {
                        ""
                    }
                );
            }
        }
        TokenCommand::Revoke { id } => {
            let id = Uuid::parse_str(&id).map_err(|_| anyhow!("mã '{id}' không phải UUID"))?;
            store
                .revoke_api_token(
                    &Actor(format!("cli:{}", std::env::var("USER").unwrap_or_default())),
                    id,
                )
                .await?;
            println!("Đã thu hồi mã truy cập {id}.");
        }
    }
    Ok(ExitCode::SUCCESS)
}
