//! The two migration folders describe the same schema (ARCHITECTURE, "Invariants"): a fresh
//! database of each backend, migrated by `Store::open`, is read back through its catalogue and
//! the two are compared table by table, column by column and index by index.
//!
//! What is compared:
//! - tables (base tables only; SQLite's own `sqlite_*` tables and sqlx's `_sqlx_migrations`,
//!   which sqlx creates with its own per-backend DDL, are not part of our schema);
//! - columns: name, nullability and type, the type through [`family`] (the small equivalence
//!   map below), since the two backends spell the same storage differently;
//! - primary keys: the columns in order;
//! - indexes: name, unique or not, key columns in order, partial or not. Indexes that back a
//!   UNIQUE constraint get a generated name on both backends (`sqlite_autoindex_…`,
//!   `<table>_<columns>_key`), so they are compared by table and columns instead.
//!
//! Differences that exist by design are in [`ALLOWED`], each with its reason. The test needs
//! both backends at once: outside CI a machine without PostgreSQL skips it loudly (the rule of
//! `ansinh-testkit`); under `CI=true` it fails instead.

use std::collections::{BTreeMap, BTreeSet};

use ansinh_store::{Db, Store};

/// Differences between the two schemas that are intended, each with why. An entry that no
/// longer matches a difference fails the test, so the list cannot go stale.
const ALLOWED: &[(&str, &str)] = &[(
    // PostgreSQL carries the payroll's person columns as INCLUDE (non-key) columns; SQLite has
    // no INCLUDE, so 0015 appends them to the key to get the same covering index.
    "index persons_dates: sqlite INDEX ON persons (id, birth_date, birth_precision, death_date), \
     postgres INDEX ON persons (id)",
    "PostgreSQL covers with INCLUDE, SQLite has none",
)];

/// A column type as a family both backends agree on. SQLite keeps whatever type name the
/// migration wrote (its affinity rules then decide the storage); PostgreSQL reports its own
/// names through `information_schema.columns.data_type`.
///
/// | family    | SQLite declared type                 | PostgreSQL `data_type`                |
/// |-----------|--------------------------------------|---------------------------------------|
/// | text      | TEXT                                 | text, character varying               |
/// | uuid      | BLOB, UUID (sqlx binds a Uuid as 16 bytes on SQLite) | uuid                  |
/// | integer   | INTEGER, INT, BIGINT, SMALLINT       | integer, bigint, smallint             |
/// | boolean   | BOOLEAN                              | boolean                               |
/// | date      | DATE                                 | date                                  |
/// | timestamp | TIMESTAMP, TIMESTAMPTZ, DATETIME     | timestamp with(out) time zone         |
///
/// and, since sqlx writes chrono's dates and timestamps as ISO text on SQLite (ADR 0001), a
/// SQLite TEXT column also matches a PostgreSQL date or timestamp (see [`same_type`]).
/// | json      | JSON, JSONB                          | json, jsonb                           |
/// | bytes     | BYTEA                                | bytea                                 |
///
/// Anything else comes out as `other:<name>`, so an unknown type shows up as a difference
/// instead of being silently equal.
fn family(declared: &str) -> String {
    let t = declared.trim().to_ascii_lowercase();
    let f = match t.as_str() {
        "text" | "character varying" | "varchar" => "text",
        "blob" | "uuid" => "uuid",
        "integer" | "int" | "bigint" | "smallint" | "int2" | "int4" | "int8" => "integer",
        "boolean" | "bool" => "boolean",
        "date" => "date",
        "timestamp"
        | "timestamptz"
        | "datetime"
        | "timestamp with time zone"
        | "timestamp without time zone" => "timestamp",
        "json" | "jsonb" => "json",
        "bytea" => "bytes",
        _ => return format!("other:{t}"),
    };
    f.to_string()
}

/// True when a SQLite declared type and a PostgreSQL type store the same values.
fn same_type(sqlite: &str, postgres: &str) -> bool {
    let (l, r) = (family(sqlite), family(postgres));
    l == r || (l == "text" && (r == "date" || r == "timestamp"))
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Column {
    nullable: bool,
    /// As the backend spells it, for the report.
    declared: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Index {
    table: String,
    unique: bool,
    partial: bool,
    /// Key columns in order; an expression is `<expr>`.
    columns: Vec<String>,
}

impl std::fmt::Display for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}INDEX ON {} ({}){}",
            if self.unique { "UNIQUE " } else { "" },
            self.table,
            self.columns.join(", "),
            if self.partial { " WHERE …" } else { "" }
        )
    }
}

#[derive(Debug, Default)]
struct Schema {
    /// table → column → column.
    tables: BTreeMap<String, BTreeMap<String, Column>>,
    /// table → primary-key columns in order (empty: none).
    primary_keys: BTreeMap<String, Vec<String>>,
    /// Index name (or `<table>(<columns>) unique constraint` for constraint-made ones) → index.
    indexes: BTreeMap<String, Index>,
}

/// Tables that are not part of the schema the migrations describe.
fn ignored_table(name: &str) -> bool {
    name.starts_with("sqlite_") || name == "_sqlx_migrations"
}

fn constraint_key(table: &str, columns: &[String]) -> String {
    format!("{table}({}) unique constraint", columns.join(", "))
}

async fn sqlite_schema(pool: &sqlx::SqlitePool) -> Schema {
    let mut schema = Schema::default();
    let tables: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(pool)
            .await
            .unwrap();
    for (table,) in tables.into_iter().filter(|(t,)| !ignored_table(t)) {
        // (name, declared type, not null, position in the primary key or 0)
        let cols: Vec<(String, String, bool, i64)> = sqlx::query_as(
            "SELECT name, type, \"notnull\", pk FROM pragma_table_info($1) ORDER BY cid",
        )
        .bind(&table)
        .fetch_all(pool)
        .await
        .unwrap();
        let mut pk: Vec<(i64, String)> = cols
            .iter()
            .filter(|c| c.3 > 0)
            .map(|c| (c.3, c.0.clone()))
            .collect();
        pk.sort();
        schema
            .primary_keys
            .insert(table.clone(), pk.into_iter().map(|(_, n)| n).collect());
        let columns = cols
            .into_iter()
            .map(|(name, declared, not_null, pk)| {
                // A primary-key column is NOT NULL on PostgreSQL by definition; SQLite (for a
                // non-INTEGER key, by an old bug kept for compatibility) would accept a NULL
                // unless the column says NOT NULL. The store never writes one, so the key is
                // read as not null on both.
                let nullable = !not_null && pk == 0;
                (name, Column { nullable, declared })
            })
            .collect();
        schema.tables.insert(table.clone(), columns);

        // (name, unique, origin: c = CREATE INDEX, u = UNIQUE constraint, pk, partial)
        let list: Vec<(String, bool, String, bool)> = sqlx::query_as(
            "SELECT name, \"unique\", origin, partial FROM pragma_index_list($1) ORDER BY name",
        )
        .bind(&table)
        .fetch_all(pool)
        .await
        .unwrap();
        for (name, unique, origin, partial) in list {
            if origin == "pk" {
                continue; // compared as the primary key
            }
            let cols: Vec<(Option<String>,)> =
                sqlx::query_as("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                    .bind(&name)
                    .fetch_all(pool)
                    .await
                    .unwrap();
            let columns: Vec<String> = cols
                .into_iter()
                .map(|(c,)| c.unwrap_or_else(|| "<expr>".to_string()))
                .collect();
            let key = if origin == "u" {
                constraint_key(&table, &columns)
            } else {
                name
            };
            schema.indexes.insert(
                key,
                Index {
                    table: table.clone(),
                    unique,
                    partial,
                    columns,
                },
            );
        }
    }
    schema
}

/// One index from `pg_index`: name, table, unique, primary, partial, backs a UNIQUE
/// constraint, key columns.
type PgIndexRow = (String, String, bool, bool, bool, bool, Vec<String>);

async fn postgres_schema(pool: &sqlx::PgPool) -> Schema {
    let mut schema = Schema::default();
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (table,) in &tables {
        if !ignored_table(table) {
            schema.tables.insert(table.clone(), BTreeMap::new());
            schema.primary_keys.insert(table.clone(), Vec::new());
        }
    }
    let cols: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, is_nullable::text, data_type::text
         FROM information_schema.columns WHERE table_schema = current_schema()
         ORDER BY table_name, ordinal_position",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (table, name, nullable, declared) in cols {
        if let Some(columns) = schema.tables.get_mut(&table) {
            let nullable = nullable == "YES";
            columns.insert(name, Column { nullable, declared });
        }
    }
    let indexes: Vec<PgIndexRow> = sqlx::query_as(
        "SELECT i.relname::text, t.relname::text, x.indisunique, x.indisprimary,
                x.indpred IS NOT NULL,
                EXISTS (SELECT 1 FROM pg_constraint c
                        WHERE c.conindid = x.indexrelid AND c.contype = 'u'),
                ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true)
                      FROM generate_series(1, x.indnkeyatts::int) AS k ORDER BY k)
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = current_schema()
         ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (name, table, unique, primary, partial, constraint, columns) in indexes {
        if ignored_table(&table) {
            continue;
        }
        let columns: Vec<String> = columns
            .into_iter()
            .map(|c| {
                let c = c.trim_matches('"').to_string();
                let plain = c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
                if plain { c } else { "<expr>".to_string() }
            })
            .collect();
        if primary {
            schema.primary_keys.insert(table, columns);
            continue;
        }
        let key = if constraint {
            constraint_key(&table, &columns)
        } else {
            name
        };
        schema.indexes.insert(
            key,
            Index {
                table,
                unique,
                partial,
                columns,
            },
        );
    }
    schema
}

/// Every difference between the two, one line each, in a stable order.
fn differences(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let names = |s: &Schema| s.tables.keys().cloned().collect::<BTreeSet<_>>();
    let (lt, rt) = (names(sqlite), names(postgres));
    for t in lt.difference(&rt) {
        out.push(format!("table only on sqlite: {t}"));
    }
    for t in rt.difference(&lt) {
        out.push(format!("table only on postgres: {t}"));
    }
    for t in lt.intersection(&rt) {
        let (l, r) = (&sqlite.tables[t], &postgres.tables[t]);
        for (c, lc) in l {
            match r.get(c) {
                None => out.push(format!("column only on sqlite: {t}.{c}")),
                Some(rc) => {
                    if lc.nullable != rc.nullable {
                        let says = |n: bool| if n { "NULL" } else { "NOT NULL" };
                        out.push(format!(
                            "column {t}.{c}: sqlite {}, postgres {}",
                            says(lc.nullable),
                            says(rc.nullable)
                        ));
                    }
                    if !same_type(&lc.declared, &rc.declared) {
                        out.push(format!(
                            "column {t}.{c}: type sqlite {} ({}), postgres {} ({})",
                            lc.declared,
                            family(&lc.declared),
                            rc.declared,
                            family(&rc.declared)
                        ));
                    }
                }
            }
        }
        for c in r.keys().filter(|c| !l.contains_key(*c)) {
            out.push(format!("column only on postgres: {t}.{c}"));
        }
        let (lp, rp) = (&sqlite.primary_keys[t], &postgres.primary_keys[t]);
        if lp != rp {
            out.push(format!(
                "primary key of {t}: sqlite ({}), postgres ({})",
                lp.join(", "),
                rp.join(", ")
            ));
        }
    }
    for (name, li) in &sqlite.indexes {
        match postgres.indexes.get(name) {
            None => out.push(format!("index only on sqlite: {name}: {li}")),
            Some(ri) if ri != li => {
                out.push(format!("index {name}: sqlite {li}, postgres {ri}"));
            }
            Some(_) => {}
        }
    }
    for (name, ri) in &postgres.indexes {
        if !sqlite.indexes.contains_key(name) {
            out.push(format!("index only on postgres: {name}: {ri}"));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_describe_the_same_schema_on_both_backends() {
    let Some(url) = ansinh_testkit::pg_database() else {
        return; // skipped loudly by the testkit; a failure under CI=true
    };
    let (_dir, path) = ansinh_testkit::sqlite_path();
    let lite = Store::open(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let pg = Store::open(&url).await.unwrap();
    let Db::Sqlite(lite_pool) = lite.db() else {
        unreachable!("a sqlite:// URL opens SQLite")
    };
    let Db::Postgres(pg_pool) = pg.db() else {
        unreachable!("a postgres:// URL opens PostgreSQL")
    };
    let sqlite = sqlite_schema(lite_pool).await;
    let postgres = postgres_schema(pg_pool).await;
    assert!(
        sqlite.tables.len() > 10 && sqlite.indexes.len() > 10,
        "the SQLite schema was not read: {sqlite:?}"
    );
    assert!(
        postgres.tables.len() > 10 && postgres.indexes.len() > 10,
        "the PostgreSQL schema was not read: {postgres:?}"
    );

    let found = differences(&sqlite, &postgres);
    let allowed: BTreeSet<&str> = ALLOWED.iter().map(|(d, _)| *d).collect();
    let unexplained: Vec<&String> = found
        .iter()
        .filter(|d| !allowed.contains(d.as_str()))
        .collect();
    let stale: Vec<&&str> = allowed
        .iter()
        .filter(|a| !found.iter().any(|d| d == **a))
        .collect();
    assert!(
        unexplained.is_empty() && stale.is_empty(),
        "the SQLite and PostgreSQL migrations differ:\n  {}\nallowlisted but no longer a difference:\n  {}",
        unexplained
            .iter()
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
            .join("\n  "),
        stale.iter().map(|s| **s).collect::<Vec<_>>().join("\n  ")
    );
    lite.close().await;
    pg.close().await;
}
