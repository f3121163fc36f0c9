//! `reglament registry` on every store: the open-data export streams every row (CSV and JSON,
//! public fields only) with its progress on standard error; a status change is recorded and
//! shows in the search.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests")]

use std::process::Command;

use reglament_store::testing::{fill_registry, fresh_stores, synthetic_number};

const ROWS: u64 = 2500;

fn reglament(args: &[&str], url: &str) -> (String, String) {
    let out =
        Command::new(env!("CARGO_BIN_EXE_reglament")).args(args).env("REGLAMENT_DATABASE_URL", url).output().unwrap();
    let (stdout, stderr) =
        (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned());
    assert!(out.status.success(), "reglament {args:?}: {stderr}");
    (stdout, stderr)
}

#[tokio::test]
async fn the_export_streams_every_row_and_a_status_change_shows() {
    for t in fresh_stores().await.unwrap() {
        fill_registry(&t, ROWS).await.unwrap();
        let dir = std::env::temp_dir().join(format!("reglament-export-{}-{}", std::process::id(), t.store.backend()));
        std::fs::create_dir_all(&dir).unwrap();
        let (csv, json) = (dir.join("registry.csv"), dir.join("registry.json"));
        let (_, progress) =
            reglament(&["registry", "export", "--format", "csv", "--out", csv.to_str().unwrap()], &t.url);
        assert!(progress.contains("exported 1000 of 2500 rows (40%)"), "progress per page: {progress}");
        let text = std::fs::read_to_string(&csv).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + usize::try_from(ROWS).unwrap(), "the header and every row");
        assert!(lines[0].starts_with("number,licence,kind,status"));
        reglament(&["registry", "export", "--format", "json", "--out", json.to_str().unwrap()], &t.url);
        let rows: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        assert_eq!(rows.len(), usize::try_from(ROWS).unwrap());
        let mut numbers: Vec<&str> = rows.iter().map(|r| r["number"].as_str().unwrap()).collect();
        numbers.dedup();
        assert_eq!(numbers.len(), rows.len(), "each row once, in order");
        let hidden = rows.iter().filter(|r| r["holder_iin"].is_null()).count();
        assert!(hidden > 0 && hidden < rows.len(), "the IIN only where the register is public");

        let number = synthetic_number(7);
        reglament(&["registry", "status", &number, "suspended", "--reason", "приказ № 12"], &t.url);
        let (found, _) = reglament(&["registry", "search", &number], &t.url);
        assert!(found.contains(&format!("{number}\tsuspended")), "{found}");
        let bin = rows[0]["holder_bin"].as_str().unwrap();
        let (by_bin, _) = reglament(&["registry", "search", bin], &t.url);
        assert!(by_bin.contains(rows[0]["number"].as_str().unwrap()), "found by the holder's BIN: {by_bin}");
        std::fs::remove_dir_all(dir).unwrap();
        t.finish().await.unwrap();
    }
}
