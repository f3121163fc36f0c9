//! Test support: compare an output with a reviewed snapshot file.
//!
//! `assert_snapshot(path, actual)` fails with a line diff when the file differs. Run the tests
//! with `UPDATE_SNAPSHOTS=1` to (re)write the files, then review them with `git diff`.
//!
//! [`browser`]: a minimal `WebDriver` client driving headless Chromium, for the browser tests.
//! [`pdf`]: PDF text, page pictures and checks with poppler's tools, and PNG snapshots.
//! [`actors`]: who the tests give their commands as, where who acts is not what they test;
//! [`issuing`]: a step's document issued as the back office issues it.

pub mod actors;
pub mod browser;
pub mod issuing;
pub mod pdf;

pub use actors::{actor_for, give};

/// The seed acts, read (a test fails when one does not read).
///
/// # Panics
/// When an act has an error diagnostic.
#[must_use]
#[allow(clippy::panic, reason = "an act that does not read fails the test")]
pub fn acts() -> Vec<reglament_regulation::model::Act> {
    regulation_files()
        .iter()
        .map(|(name, text)| reglament_regulation::read(name, text).0.unwrap_or_else(|| panic!("{name} reads")))
        .collect()
}

/// How many jobs a worker's round carried out, failing the test when any failed.
///
/// # Panics
/// When a job failed.
#[allow(clippy::must_use_candidate, reason = "a round's count may be left unread: the check is the point")]
pub fn done(round: reglament_runtime::Round) -> usize {
    let reglament_runtime::Round { done, failed } = round;
    assert!(failed.is_empty(), "jobs failed: {failed:?}");
    done
}

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

/// The encoded acts in the workspace's `regulations/` folder, as `(regulations/NAME, text)` in
/// name order, for the tests that run every seed act.
///
/// # Panics
/// When the folder or a file cannot be read.
#[must_use]
#[allow(clippy::panic, reason = "an unreadable fixture fails the test")]
pub fn regulation_files() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../regulations");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (
                format!("regulations/{}", p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()),
                text,
            )
        })
        .collect()
}

/// A seeded xorshift64 generator for mutation tests: the same "random" bytes and positions on
/// every run, so a failure found once is found again.
#[derive(Debug, Clone)]
pub struct Mutations(u64);

impl Mutations {
    /// A generator from a non-zero seed.
    #[must_use]
    pub const fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next value.
    pub fn draw(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A position below `len` (not zero) and the value it was drawn from, for the caller's mask.
    pub fn pick(&mut self, len: usize) -> (usize, u64) {
        let value = self.draw();
        (usize::try_from(value % len as u64).unwrap_or(0), value)
    }

    /// `bytes` with one to three bytes changed, each flipped by a non-zero mask.
    #[must_use]
    pub fn mutate(&mut self, bytes: &[u8]) -> Vec<u8> {
        let mut m = bytes.to_vec();
        for _ in 0..=self.draw() % 3 {
            let i = usize::try_from(self.draw() % m.len() as u64).unwrap_or(0);
            m[i] ^= self.draw().to_be_bytes()[0] | 1;
        }
        m
    }
}
