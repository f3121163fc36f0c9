//! Test support: compare an output with a reviewed snapshot file.
//!
//! `assert_snapshot(path, actual)` fails with a line diff when the file differs. Run the tests
//! with `UPDATE_SNAPSHOTS=1` to (re)write the files, then review them with `git diff`.

use std::fmt::Write as _;
use std::path::Path;

/// Compares `actual` with the file at `path` (relative to the calling crate's manifest directory).
///
/// # Panics
/// When the snapshot differs or is missing (unless `UPDATE_SNAPSHOTS` is set, which writes it).
#[allow(clippy::panic, reason = "a failing snapshot is a failing test")]
pub fn assert_snapshot(manifest_dir: &str, path: &str, actual: &str) {
    let file = Path::new(manifest_dir).join(path);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        if let Some(dir) = file.parent()
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            panic!("cannot create {}: {e}", dir.display());
        }
        if let Err(e) = std::fs::write(&file, actual) {
            panic!("cannot write {}: {e}", file.display());
        }
        return;
    }
    let expected = std::fs::read_to_string(&file).unwrap_or_else(|e| {
        panic!("snapshot {} cannot be read ({e}); run with UPDATE_SNAPSHOTS=1 to create it", file.display())
    });
    assert!(
        expected == actual,
        "snapshot {} differs (run with UPDATE_SNAPSHOTS=1 and review the diff):\n{}",
        file.display(),
        diff(&expected, actual)
    );
}

/// The differing lines, marked `-` (snapshot) and `+` (actual).
fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    for i in 0..e.len().max(a.len()) {
        match (e.get(i), a.get(i)) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => {
                if let Some(x) = x {
                    let _ = writeln!(out, "{:>5} - {x}", i + 1);
                }
                if let Some(y) = y {
                    let _ = writeln!(out, "{:>5} + {y}", i + 1);
                }
            }
        }
    }
    out
}
