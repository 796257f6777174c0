//! The migrations: down and up again give the same schema, and SQLite and PostgreSQL
//! end up with the same tables, columns, keys and indexes.

use crate::helpers::{cli, fixture_dir, fresh_db};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, QueryResult, Statement};
use std::collections::{BTreeMap, BTreeSet};
use tempfile::TempDir;

/// A table as both databases can describe it. Types are compared by family (text,
/// integer, float, boolean, date, timestamp), since each database names them its way.
#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    /// name -> (type family, nullable, has a default)
    columns: BTreeMap<String, (String, bool, bool)>,
    primary_key: Vec<String>,
    /// (columns, referenced table, referenced columns, on delete)
    foreign_keys: BTreeSet<(String, String, String, String)>,
    /// (columns, unique), primary keys left out
    indexes: BTreeSet<(String, bool)>,
}

type Schema = BTreeMap<String, Table>;

fn family(declared: &str) -> String {
    let t = declared.to_ascii_lowercase();
    let family = if t.contains("timestamp") || t.contains("datetime") {
        "timestamp"
    } else if t == "date" || t == "date_text" {
        // sea-query declares dates on SQLite as `date_text`
        "date"
    } else if t.contains("bool") {
        "boolean"
    } else if t.contains("int") {
        "integer"
    } else if t.contains("double") || t.contains("real") || t.contains("float") {
        "float"
    } else if t.contains("char") || t.contains("text") || t.contains("string") {
        "text"
    } else if t.contains("json") {
        "json"
    } else {
        return format!("other({t})");
    };
    family.to_owned()
}

fn on_delete(action: &str) -> String {
    match action {
        "a" | "NO ACTION" => "no action",
        "r" | "RESTRICT" => "restrict",
        "c" | "CASCADE" => "cascade",
        "n" | "SET NULL" => "set null",
        "d" | "SET DEFAULT" => "set default",
        other => other,
    }
    .to_owned()
}

async fn rows(db: &DatabaseConnection, sql: &str) -> Vec<QueryResult> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn text(row: &QueryResult, column: &str) -> String {
    row.try_get::<String>("", column)
        .unwrap_or_else(|e| panic!("{column}: {e}"))
}

fn int(row: &QueryResult, column: &str) -> i64 {
    row.try_get::<i64>("", column)
        .or_else(|_| row.try_get::<i32>("", column).map(i64::from))
        .unwrap_or_else(|e| panic!("{column}: {e}"))
}

async fn describe_sqlite(db: &DatabaseConnection) -> Schema {
    let mut schema = Schema::new();
    let tables = rows(
        db,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .await;
    for table in tables.iter().map(|r| text(r, "name")) {
        let mut shape = Table::default();
        let mut key: Vec<(i64, String)> = Vec::new();
        for column in rows(db, &format!("PRAGMA table_info('{table}')")).await {
            let name = text(&column, "name");
            let pk = int(&column, "pk");
            // SQLite lets a primary key column hold NULL unless told; both databases
            // refuse NULL keys in practice, so keys count as NOT NULL.
            let nullable = int(&column, "notnull") == 0 && pk == 0;
            let default = column
                .try_get::<Option<String>>("", "dflt_value")
                .ok()
                .flatten()
                .is_some();
            if pk > 0 {
                key.push((pk, name.clone()));
            }
            shape
                .columns
                .insert(name, (family(&text(&column, "type")), nullable, default));
        }
        key.sort();
        shape.primary_key = key.into_iter().map(|(_, name)| name).collect();
        let mut foreign: BTreeMap<i64, (Vec<String>, String, Vec<String>, String)> =
            BTreeMap::new();
        for fk in rows(db, &format!("PRAGMA foreign_key_list('{table}')")).await {
            let entry = foreign.entry(int(&fk, "id")).or_insert_with(|| {
                (
                    Vec::new(),
                    text(&fk, "table"),
                    Vec::new(),
                    on_delete(&text(&fk, "on_delete")),
                )
            });
            entry.0.push(text(&fk, "from"));
            entry.2.push(text(&fk, "to"));
        }
        shape.foreign_keys = foreign
            .into_values()
            .map(|(from, to_table, to, action)| (from.join(","), to_table, to.join(","), action))
            .collect();
        for index in rows(db, &format!("PRAGMA index_list('{table}')")).await {
            if text(&index, "origin") == "pk" {
                continue;
            }
            let name = text(&index, "name");
            let columns: Vec<String> = rows(db, &format!("PRAGMA index_info('{name}')"))
                .await
                .iter()
                .map(|c| text(c, "name"))
                .collect();
            shape
                .indexes
                .insert((columns.join(","), int(&index, "unique") == 1));
        }
        schema.insert(table, shape);
    }
    schema
}

async fn describe_postgres(db: &DatabaseConnection) -> Schema {
    let mut schema = Schema::new();
    let columns = rows(
        db,
        "SELECT table_name::text AS t, column_name::text AS c, data_type::text AS ty, \
         is_nullable::text AS n, (column_default IS NOT NULL) AS d \
         FROM information_schema.columns WHERE table_schema = 'public'",
    )
    .await;
    for column in columns {
        let default: bool = column.try_get("", "d").expect("default");
        schema
            .entry(text(&column, "t"))
            .or_default()
            .columns
            .insert(
                text(&column, "c"),
                (
                    family(&text(&column, "ty")),
                    text(&column, "n") == "YES",
                    default,
                ),
            );
    }
    let keys = rows(
        db,
        "SELECT c.conrelid::regclass::text AS t, c.contype::text AS kind, \
         c.confrelid::regclass::text AS r, c.confdeltype::text AS del, \
         (SELECT string_agg(a.attname::text, ',' ORDER BY k.o) FROM unnest(c.conkey) \
           WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS cols, \
         (SELECT string_agg(a.attname::text, ',' ORDER BY k.o) FROM unnest(c.confkey) \
           WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS refcols \
         FROM pg_constraint c WHERE c.connamespace = 'public'::regnamespace AND c.contype IN ('p', 'f')",
    )
    .await;
    for key in keys {
        let table = schema.entry(text(&key, "t")).or_default();
        if text(&key, "kind") == "p" {
            table.primary_key = text(&key, "cols").split(',').map(str::to_owned).collect();
        } else {
            table.foreign_keys.insert((
                text(&key, "cols"),
                text(&key, "r"),
                text(&key, "refcols"),
                on_delete(&text(&key, "del")),
            ));
        }
    }
    let indexes = rows(
        db,
        "SELECT t.relname::text AS t, ix.indisunique AS u, \
         (SELECT string_agg(a.attname::text, ',' ORDER BY k.o) FROM unnest(ix.indkey::int2[]) \
           WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n) AS cols \
         FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid \
         WHERE t.relnamespace = 'public'::regnamespace AND NOT ix.indisprimary",
    )
    .await;
    for index in indexes {
        let unique: bool = index.try_get("", "u").expect("unique");
        schema
            .entry(text(&index, "t"))
            .or_default()
            .indexes
            .insert((text(&index, "cols"), unique));
    }
    schema
}

async fn describe(url: &str) -> Schema {
    let db = sea_orm::Database::connect(url).await.expect("connect");
    let schema = match db.get_database_backend() {
        DbBackend::Postgres => describe_postgres(&db).await,
        _ => describe_sqlite(&db).await,
    };
    db.close().await.ok();
    schema
}

fn migrate(url: &str, args: &[&str]) {
    let out = cli(url, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Migrates `url` up, all the way down, and up again; returns the schema, checked to
/// be the same both times.
async fn round_trip(url: &str) -> Schema {
    migrate(url, &["migrate"]);
    let first = describe(url).await;
    migrate(url, &["migrate", "--down", "1000"]);
    let empty = describe(url).await;
    assert_eq!(
        empty.keys().collect::<Vec<_>>(),
        ["seaql_migrations"],
        "going down left tables behind"
    );
    migrate(url, &["migrate"]);
    let second = describe(url).await;
    assert_eq!(first, second, "down and up again changed the schema");
    first
}

#[tokio::test]
async fn migrations_go_down_and_up_to_the_same_schema_on_both_databases() {
    let dir = TempDir::new().expect("temp dir");
    let sqlite_url = format!("sqlite://{}", dir.path().join("schema.db").display());
    let sqlite = round_trip(&sqlite_url).await;
    assert!(sqlite.len() > 10, "{:?}", sqlite.keys());
    for (name, table) in &sqlite {
        for (column, (family, _, _)) in &table.columns {
            assert!(!family.starts_with("other"), "{name}.{column}: {family}");
        }
    }

    let db = fresh_db().await;
    if db.url.starts_with("postgres") {
        let postgres = round_trip(&db.url).await;
        assert_eq!(
            sqlite.keys().collect::<Vec<_>>(),
            postgres.keys().collect::<Vec<_>>()
        );
        for (name, lite) in &sqlite {
            assert_eq!(lite, &postgres[name], "table {name} differs");
        }
    }

    // The migrated database takes a bundle.
    let import = cli(
        &db.url,
        &["import", fixture_dir("small").to_str().expect("path")],
    );
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    assert!(String::from_utf8_lossy(&import.stdout).contains("39 created"));
}
