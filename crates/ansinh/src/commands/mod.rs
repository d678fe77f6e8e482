//! The verbs, one folder or file per capability (the same names as in the other crates) and
//! the platform's own (`serve`, `generate`, `backup`); `run` opens the store and dispatches.

pub(crate) mod backup;
mod generate;
mod serve;

pub(crate) mod accounts;
pub(crate) mod payroll;
pub(crate) mod poverty;
mod registry;

use accounts::{token, user};
use registry::{check, export, import, search};

use std::process::ExitCode;

use ansinh_store::Store;
use anyhow::Context;

use crate::cli::{Cli, Command, DEFAULT_LISTEN};
use crate::config::FileConfig;

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let file = FileConfig::load(cli.config.as_deref())?;
    let url = cli.database_url(&file);
    let web = file.web()?;
    let listen_or = |flag: Option<std::net::SocketAddr>| {
        flag.or(file.listen)
            .unwrap_or_else(|| DEFAULT_LISTEN.parse().expect("valid default address"))
    };
    let command = match cli.command {
        // Opens the database itself: a restore puts the backup in place before anything opens
        // (and would migrate) the target.
        Command::Backup(cmd) => return backup::backup_or_restore(&url, cmd).await,
        command => command,
    };
    let store = Store::open(&url)
        .await
        .with_context(|| format!("mở cơ sở dữ liệu {}", redact(&url)))?;
    let code = match command {
        Command::Serve { listen } => serve::serve(&store, listen_or(listen), web).await?,
        Command::Demo {
            listen,
            scale,
            seed,
        } => {
            if store.counts().await?.persons == 0 {
                generate::generate(&store, scale, seed).await?;
            }
            let listen = listen_or(listen);
            let accounts = user::ensure_demo_accounts(&store).await?;
            serve::print_demo_banner(&store, listen, &url, &accounts).await?;
            serve::serve(&store, listen, web).await?
        }
        Command::Generate { scale, seed } => generate::generate(&store, scale, seed).await?,
        Command::Import {
            layout,
            file,
            dry_run,
            skip_bad_rows,
            rejected,
        } => import::import(&store, layout, &file, dry_run, skip_bad_rows, rejected).await?,
        Command::Export {
            layout,
            file,
            template,
            area,
        } => export::export(&store, layout, file, template, area).await?,
        Command::Search { text, area, limit } => search::search(&store, &text, area, limit).await?,
        Command::Migrate => {
            store.migrate().await?;
            println!(
                "Đã cập nhật cấu trúc cơ sở dữ liệu ({}).",
                store.backend().name()
            );
            ExitCode::SUCCESS
        }
        Command::Check => check::check(&store).await?,
        Command::User(cmd) => user::user(&store, cmd).await?,
        Command::Token(cmd) => token::token(&store, cmd).await?,
        Command::Payroll(cmd) => payroll::payroll(&store, cmd).await?,
        Command::Poverty(cmd) => poverty::poverty(&store, cmd).await?,
        Command::Backup(_) => anyhow::bail!("sao lưu và khôi phục tự mở cơ sở dữ liệu"),
    };
    store.close().await;
    Ok(code)
}

pub use payroll::parse_day;

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_passwords() {
        assert_eq!(
            super::redact("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(super::redact("sqlite://x.sqlite"), "sqlite://x.sqlite");
    }
}
