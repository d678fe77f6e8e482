// `sqlx::migrate!` embeds the migration files at compile time, but on stable Rust cargo does not
// know the macro read them: without this, a new migration file left an existing build stale.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
