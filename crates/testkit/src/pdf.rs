//! PDF checks with poppler's command-line tools: the text `pdftotext` extracts, a page rendered
//! by `pdftoppm`, the files `pdfdetach` finds, `pdfinfo`'s verdict, and PNG snapshots compared
//! with a tolerance.
//!
//! # When poppler is not installed
//!
//! [`available`] tells whether `/usr/bin/pdftotext`, `/usr/bin/pdftoppm`, `/usr/bin/pdfinfo` and
//! `/usr/bin/pdfdetach` exist (Debian's `poppler-utils`). When they are missing, each helper
//! prints [`SKIPPED`] and answers `None`, so the test skips that check — unless
//! `REGLAMENT_REQUIRE_POPPLER=1` is set (as CI sets it), in which case the helper panics and the
//! test fails. `qpdf --check` is used by [`qpdf_check`] when `/usr/bin/qpdf` is installed, under
//! the same policy with `REGLAMENT_REQUIRE_QPDF`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// The text extractor.
pub const PDFTOTEXT: &str = "/usr/bin/pdftotext";
/// The page renderer.
pub const PDFTOPPM: &str = "/usr/bin/pdftoppm";
/// The embedded-file extractor.
pub const PDFDETACH: &str = "/usr/bin/pdfdetach";
/// The document information reader (also a syntax check).
pub const PDFINFO: &str = "/usr/bin/pdfinfo";
/// The structural checker (Debian's `qpdf`).
pub const QPDF: &str = "/usr/bin/qpdf";
/// The environment variable that turns missing poppler tools into a failure (set by `.ci/run`).
pub const REQUIRE_VAR: &str = "REGLAMENT_REQUIRE_POPPLER";
/// The environment variable that turns a missing `qpdf` into a failure.
pub const REQUIRE_QPDF_VAR: &str = "REGLAMENT_REQUIRE_QPDF";
/// The line printed when PDF checks are skipped.
pub const SKIPPED: &str =
    "PDF checks skipped: poppler's pdftotext/pdftoppm/pdfinfo not installed (apt-get install poppler-utils)";
/// The environment variable that writes PNG snapshots instead of comparing them.
pub const UPDATE_VAR: &str = "REGLAMENT_UPDATE_SNAPSHOTS";

/// Whether poppler's tools are installed.
#[must_use]
pub fn available() -> bool {
    [PDFTOTEXT, PDFTOPPM, PDFINFO, PDFDETACH].iter().all(|p| Path::new(p).exists())
}

/// Whether missing poppler tools fail the test (`REGLAMENT_REQUIRE_POPPLER=1`).
#[must_use]
pub fn required() -> bool {
    std::env::var(REQUIRE_VAR).is_ok_and(|v| v == "1")
}

/// The skip policy: `true` when poppler is installed; `false` after printing [`SKIPPED`] when it
/// is not.
///
/// # Panics
/// When poppler is not installed and [`REQUIRE_VAR`] is set.
#[must_use]
#[allow(clippy::panic, reason = "a required tool that is missing fails the test")]
pub fn check() -> bool {
    if available() {
        true
    } else if required() {
        panic!("{REQUIRE_VAR}=1 but {SKIPPED}");
    } else {
        eprintln!("{SKIPPED}");
        false
    }
}

/// The text `pdftotext -layout` extracts from `pdf` (every page), or `None` when skipped.
///
/// # Panics
/// When `pdftotext` fails.
#[must_use]
pub fn pdf_text(pdf: &[u8]) -> Option<String> {
    if !check() {
        return None;
    }
    let file = TempPdf::new(pdf);
    let out = run(Command::new(PDFTOTEXT).args(["-layout", "-enc", "UTF-8"]).arg(&file.0).arg("-"));
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// The text `pdftotext -raw` extracts from `pdf`: in content-stream order, each space as written
/// (`-layout` joins words of one letter spaced evenly), or `None` when skipped.
///
/// # Panics
/// When `pdftotext` fails.
#[must_use]
pub fn pdf_text_raw(pdf: &[u8]) -> Option<String> {
    if !check() {
        return None;
    }
    let file = TempPdf::new(pdf);
    let out = run(Command::new(PDFTOTEXT).args(["-raw", "-enc", "UTF-8"]).arg(&file.0).arg("-"));
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// Page `page` (from 1) of `pdf` rendered by `pdftoppm` at `dpi` as a grayscale PNG, or `None`
/// when skipped.
///
/// # Panics
/// When `pdftoppm` fails.
#[must_use]
#[allow(clippy::panic, reason = "a failing tool fails the test")]
pub fn pdf_page_png(pdf: &[u8], page: u32, dpi: u32) -> Option<Vec<u8>> {
    if !check() {
        return None;
    }
    let file = TempPdf::new(pdf);
    let prefix = file.0.with_extension("page");
    let (page, dpi) = (page.to_string(), dpi.to_string());
    run(Command::new(PDFTOPPM)
        .args(["-f", &page, "-l", &page, "-r", &dpi, "-png", "-gray", "-singlefile"])
        .arg(&file.0)
        .arg(&prefix));
    let png = prefix.with_extension("page.png");
    let bytes = std::fs::read(&png).unwrap_or_else(|e| panic!("{}: {e}", png.display()));
    let _ = std::fs::remove_file(&png);
    Some(grayscale(&bytes))
}

/// `png` re-encoded as an 8-bit grayscale PNG (some `pdftoppm` versions ignore `-gray` for PNG
/// output), which keeps the committed snapshots small.
#[allow(clippy::panic, reason = "an unencodable picture fails the test")]
fn grayscale(png: &[u8]) -> Vec<u8> {
    let (width, height, color, samples) = decode(png, Path::new("pdftoppm output"));
    let channels = match color {
        png::ColorType::Grayscale => return png.to_vec(),
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("pdftoppm gave a {other:?} PNG"),
    };
    let gray: Vec<u8> = samples
        .chunks(channels)
        .map(|p| {
            u8::try_from((u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000).unwrap_or(0)
        })
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().unwrap_or_else(|e| panic!("PNG header: {e}"));
    writer.write_image_data(&gray).unwrap_or_else(|e| panic!("PNG data: {e}"));
    writer.finish().unwrap_or_else(|e| panic!("PNG end: {e}"));
    out
}

/// The files embedded in `pdf` as `pdfdetach -saveall` extracts them, `(name, bytes)` in name
/// order, or `None` when skipped.
///
/// # Panics
/// When `pdfdetach` fails.
#[must_use]
#[allow(clippy::panic, reason = "a failing tool fails the test")]
pub fn pdf_attachments(pdf: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    if !check() {
        return None;
    }
    let file = TempPdf::new(pdf);
    let dir = file.0.with_extension("attachments");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    run(Command::new(PDFDETACH).arg("-saveall").arg("-o").arg(&dir).arg(&file.0));
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap_or_else(|err| panic!("{}: {err}", e.path().display()));
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    let _ = std::fs::remove_dir_all(&dir);
    Some(files)
}

/// What `pdfinfo` says of `pdf` (it fails on a file it cannot read), or `None` when skipped.
///
/// # Panics
/// When `pdfinfo` fails or reports a syntax error.
#[must_use]
#[allow(clippy::panic, reason = "a failing tool fails the test")]
pub fn pdf_info(pdf: &[u8]) -> Option<String> {
    if !check() {
        return None;
    }
    let file = TempPdf::new(pdf);
    let output = Command::new(PDFINFO).arg(&file.0).output().unwrap_or_else(|e| panic!("{PDFINFO}: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && stderr.trim().is_empty(), "{PDFINFO} rejects the PDF: {stderr}");
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// `qpdf --check`'s report on `pdf`, or `None` when `qpdf` is not installed (printed; a failure
/// when `REGLAMENT_REQUIRE_QPDF=1`).
///
/// # Panics
/// When `qpdf` reports errors or warnings.
#[must_use]
#[allow(clippy::panic, reason = "a failing check fails the test")]
pub fn qpdf_check(pdf: &[u8]) -> Option<String> {
    if !Path::new(QPDF).exists() {
        assert!(
            !std::env::var(REQUIRE_QPDF_VAR).is_ok_and(|v| v == "1"),
            "{REQUIRE_QPDF_VAR}=1 but qpdf is not installed"
        );
        eprintln!("qpdf check skipped: qpdf not installed (apt-get install qpdf)");
        return None;
    }
    let file = TempPdf::new(pdf);
    let output = Command::new(QPDF).arg("--check").arg(&file.0).output().unwrap_or_else(|e| panic!("{QPDF}: {e}"));
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "qpdf --check rejects the PDF (exit {:?}):\n{report}", output.status.code());
    Some(report)
}

/// Compares the PNG `actual` with the snapshot at `path` (relative to `manifest_dir`): same
/// dimensions and colour type, and a mean absolute sample difference of at most `tolerance`
/// (0–255). With `REGLAMENT_UPDATE_SNAPSHOTS=1` (or `UPDATE_SNAPSHOTS`) it writes the snapshot.
///
/// # Panics
/// When the snapshot is missing or differs beyond the tolerance.
#[allow(clippy::panic, reason = "a failing snapshot is a failing test")]
pub fn assert_png_snapshot(manifest_dir: &str, path: &str, actual: &[u8], tolerance: f64) {
    let file = Path::new(manifest_dir).join(path);
    let update = std::env::var(UPDATE_VAR).is_ok_and(|v| v == "1") || std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    if update {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        }
        std::fs::write(&file, actual).unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
        return;
    }
    let expected = std::fs::read(&file).unwrap_or_else(|e| {
        panic!("snapshot {} cannot be read ({e}); run with {UPDATE_VAR}=1 to create it", file.display())
    });
    let (want, got) = (decode(&expected, &file), decode(actual, Path::new("actual")));
    let rejected = file.with_extension("actual.png");
    let fail = |why: String| -> ! {
        let _ = std::fs::write(&rejected, actual);
        panic!("PNG snapshot {} differs: {why}; the rendering is in {}", file.display(), rejected.display())
    };
    if (want.0, want.1, want.2) != (got.0, got.1, got.2) || want.3.len() != got.3.len() {
        fail(format!("{}×{} {:?} expected, {}×{} {:?} rendered", want.0, want.1, want.2, got.0, got.1, got.2));
    }
    let total: u64 = want.3.iter().zip(&got.3).map(|(a, b)| u64::from(a.abs_diff(*b))).sum();
    #[allow(clippy::cast_precision_loss, reason = "an average over pixels")]
    let mean = total as f64 / want.3.len().max(1) as f64;
    if mean > tolerance {
        fail(format!("mean absolute difference {mean:.3} > {tolerance}"));
    }
    let _ = std::fs::remove_file(&rejected);
}

/// A PNG's width, height, colour type and samples.
#[allow(clippy::panic, reason = "an undecodable PNG fails the test")]
fn decode(bytes: &[u8], name: &Path) -> (u32, u32, png::ColorType, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap_or_else(|e| panic!("{}: {e}", name.display()));
    let mut buf = vec![0; reader.output_buffer_size().unwrap_or(0)];
    let info = reader.next_frame(&mut buf).unwrap_or_else(|e| panic!("{}: {e}", name.display()));
    buf.truncate(info.buffer_size());
    (info.width, info.height, info.color_type, buf)
}

/// Runs `command` and answers its standard output.
#[allow(clippy::panic, reason = "a failing tool fails the test")]
fn run(command: &mut Command) -> Vec<u8> {
    let output = command.output().unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed ({:?}): {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// A PDF written to a fresh file in the temporary directory, removed when dropped.
struct TempPdf(PathBuf);

impl TempPdf {
    #[allow(clippy::panic, reason = "an unwritable temporary directory fails the test")]
    fn new(pdf: &[u8]) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("reglament-testkit-{}-{n}.pdf", std::process::id()));
        std::fs::write(&path, pdf).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Self(path)
    }
}

impl Drop for TempPdf {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
