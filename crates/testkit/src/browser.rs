//! A minimal W3C `WebDriver` client for browser tests: headless Chromium driven through
//! `chromedriver`, spoken to in HTTP/1.1 over a plain `TcpStream` (one request per connection,
//! `Connection: close`) with JSON bodies.
//!
//! [`Browser::launch`] starts `/usr/bin/chromedriver --port=0` (it picks a free port and prints
//! it: no port is guessed and nothing sleeps), opens a session with headless Chromium in Russian
//! at 1280×1024, and sets the implicit wait ([`IMPLICIT_WAIT`]), so every element lookup —
//! [`Browser::find`], [`Browser::wait_for`] — waits inside the driver for the element to appear.
//! Dropping the [`Browser`] ends the session and kills the driver.
//!
//! Screenshots ([`Browser::screenshot`]) go to `target/screenshots/<test>/<nn>-<name>.png`,
//! numbered in the order taken, under `CARGO_TARGET_DIR` when it is set, else the workspace's
//! `target/`; the test's folder is emptied when the browser starts.
//!
//! # When Chromium is not installed
//!
//! [`Browser::available`] tells whether `/usr/bin/chromium` and `/usr/bin/chromedriver` exist
//! (Debian's `chromium` and `chromium-driver` packages). When they are missing,
//! [`Browser::launch`] prints `browser tests skipped: chromium/chromedriver not installed
//! (apt-get install chromium chromium-driver)` and answers `Ok(None)`, so the test returns —
//! unless `REGLAMENT_REQUIRE_BROWSER=1` is set (as `.ci/run` does), in which case it answers an
//! error and the test fails.

use std::cell::Cell;
use std::fmt;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use base64ct::{Base64, Encoding};
use serde_json::{Value, json};

/// The browser binary (Debian's `chromium` package).
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The driver binary (Debian's `chromium-driver` package).
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The environment variable that turns a missing browser into a failure (set by `.ci/run`).
pub const REQUIRE_VAR: &str = "REGLAMENT_REQUIRE_BROWSER";
/// How long element lookups wait for the element to appear.
pub const IMPLICIT_WAIT: Duration = Duration::from_secs(5);
/// How long a page load, or an asynchronous script, may take.
pub const PAGE_LOAD: Duration = Duration::from_secs(30);
/// The line printed when browser tests are skipped.
pub const SKIPPED: &str =
    "browser tests skipped: chromium/chromedriver not installed (apt-get install chromium chromium-driver)";

/// The key under which `WebDriver` names an element (W3C "web element identifier").
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
/// The longest the driver takes to say it started, and any one answer to arrive.
const DRIVER_START: Duration = Duration::from_secs(30);
const ANSWER: Duration = Duration::from_mins(2);
/// Connection attempts to `GET /status` once the driver said it listens.
const STATUS_ATTEMPTS: u32 = 20;

/// A failure: the `WebDriver` error code (`no such element`, `timeout`, …, or `io`, `driver`,
/// `protocol`, `not installed` for failures outside the protocol) and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserError {
    /// The `WebDriver` error code, or this client's own (`io`, `driver`, `protocol`, `not installed`).
    pub code: String,
    /// What went wrong.
    pub message: String,
}

impl BrowserError {
    fn new(code: &str, message: impl Into<String>) -> Self {
        Self { code: code.to_owned(), message: message.into() }
    }

    fn io(context: &str, error: &std::io::Error) -> Self {
        Self::new("io", format!("{context}: {error}"))
    }
}

impl fmt::Display for BrowserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "webdriver {}: {}", self.code, self.message)
    }
}

impl std::error::Error for BrowserError {}

/// The result of every browser call.
pub type BrowserResult<T> = Result<T, BrowserError>;

/// One headless Chromium session and the `chromedriver` that runs it.
#[derive(Debug)]
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    screenshots: PathBuf,
    taken: Cell<u32>,
}

/// An element of the current page, as the driver names it.
#[derive(Debug, Clone)]
pub struct Element<'b> {
    browser: &'b Browser,
    id: String,
}

impl Browser {
    /// Whether Chromium and its driver are installed.
    #[must_use]
    pub fn available() -> bool {
        Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists()
    }

    /// Whether a missing browser fails the test (`REGLAMENT_REQUIRE_BROWSER=1`).
    #[must_use]
    pub fn required() -> bool {
        std::env::var(REQUIRE_VAR).is_ok_and(|v| v == "1")
    }

    /// The skip policy alone: `Ok(true)` when the browser is installed; `Ok(false)` after printing
    /// [`SKIPPED`] when it is not; an error when it is not and [`REQUIRE_VAR`] is set.
    pub fn check() -> BrowserResult<bool> {
        if Self::available() {
            Ok(true)
        } else if Self::required() {
            Err(BrowserError::new("not installed", format!("{REQUIRE_VAR}=1 but {SKIPPED}")))
        } else {
            eprintln!("{SKIPPED}");
            Ok(false)
        }
    }

    /// Starts a browser for the test named `test` (its screenshot folder), following the skip
    /// policy of [`Browser::check`]: `Ok(None)` means "skipped".
    pub fn launch(test: &str) -> BrowserResult<Option<Self>> {
        if Self::check()? { Self::start(test).map(Some) } else { Ok(None) }
    }

    /// Starts `chromedriver` and a headless Chromium session (no skip policy).
    pub fn start(test: &str) -> BrowserResult<Self> {
        let screenshots = screenshot_root().join(test);
        if screenshots.exists() {
            std::fs::remove_dir_all(&screenshots)
                .map_err(|e| BrowserError::io("emptying the screenshot folder", &e))?;
        }
        std::fs::create_dir_all(&screenshots).map_err(|e| BrowserError::io("creating the screenshot folder", &e))?;
        let (driver, port) = start_driver()?;
        let mut browser = Self { driver, port, session: String::new(), screenshots, taken: Cell::new(0) };
        browser.wait_until_ready()?;
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,1024", "--lang=ru"],
            },
            "timeouts": timeouts(),
        } } });
        let created = browser.call("POST", "/session", Some(&capabilities))?;
        let session = created["sessionId"]
            .as_str()
            .ok_or_else(|| BrowserError::new("protocol", format!("no session id in {created}")))?;
        session.clone_into(&mut browser.session);
        // Some drivers ignore timeouts among the capabilities: set them explicitly too.
        browser.session_call("POST", "/timeouts", Some(&timeouts()))?;
        Ok(browser)
    }

    /// Opens `url` and waits for the page to load.
    pub fn goto(&self, url: &str) -> BrowserResult<()> {
        self.session_call("POST", "/url", Some(&json!({ "url": url }))).map(drop)
    }

    /// The current page's URL.
    pub fn current_url(&self) -> BrowserResult<String> {
        string(self.session_call("GET", "/url", None)?)
    }

    /// The current page's title.
    pub fn title(&self) -> BrowserResult<String> {
        string(self.session_call("GET", "/title", None)?)
    }

    /// The current page's markup, as the browser serialises its DOM now.
    pub fn page_source(&self) -> BrowserResult<String> {
        string(self.session_call("GET", "/source", None)?)
    }

    /// The first element matching the CSS selector, waiting up to [`IMPLICIT_WAIT`] for it.
    pub fn find(&self, css: &str) -> BrowserResult<Element<'_>> {
        let found = self.session_call("POST", "/element", Some(&by_css(css)))?;
        self.element(&found)
    }

    /// Every element matching the CSS selector (waiting up to [`IMPLICIT_WAIT`] for the first).
    pub fn find_all(&self, css: &str) -> BrowserResult<Vec<Element<'_>>> {
        let found = self.session_call("POST", "/elements", Some(&by_css(css)))?;
        found
            .as_array()
            .ok_or_else(|| BrowserError::new("protocol", format!("not a list of elements: {found}")))?
            .iter()
            .map(|e| self.element(e))
            .collect()
    }

    /// Waits (the driver's implicit wait, [`IMPLICIT_WAIT`]) until an element matching the CSS
    /// selector is present, e.g. one a script or a fetch adds; answers it.
    pub fn wait_for(&self, css: &str) -> BrowserResult<Element<'_>> {
        self.find(css)
    }

    /// Runs `script` as a function body in the page with `args` (`arguments[0]`, …); answers
    /// what it returns.
    pub fn execute(&self, script: &str, args: &[Value]) -> BrowserResult<Value> {
        self.session_call("POST", "/execute/sync", Some(&json!({ "script": script, "args": args })))
    }

    /// Runs `script` in the page with `args` and a last argument, the callback: answers the value
    /// the script passes to it (waiting up to [`PAGE_LOAD`]).
    pub fn execute_async(&self, script: &str, args: &[Value]) -> BrowserResult<Value> {
        self.session_call("POST", "/execute/async", Some(&json!({ "script": script, "args": args })))
    }

    /// Saves a PNG of the viewport as `<nn>-<name>.png` in the test's screenshot folder; answers
    /// its path.
    pub fn screenshot(&self, name: &str) -> BrowserResult<PathBuf> {
        let n = self.taken.get() + 1;
        self.taken.set(n);
        let path = self.screenshots.join(format!("{n:02}-{name}.png"));
        self.screenshot_to(&path)?;
        Ok(path)
    }

    /// Saves a PNG of the viewport at `path`.
    pub fn screenshot_to(&self, path: &Path) -> BrowserResult<()> {
        let encoded = string(self.session_call("GET", "/screenshot", None)?)?;
        let png =
            Base64::decode_vec(&encoded).map_err(|e| BrowserError::new("protocol", format!("screenshot: {e}")))?;
        std::fs::write(path, png).map_err(|e| BrowserError::io(&path.display().to_string(), &e))
    }

    /// The folder this browser's screenshots go to.
    #[must_use]
    pub fn screenshot_dir(&self) -> &Path {
        &self.screenshots
    }

    fn element(&self, value: &Value) -> BrowserResult<Element<'_>> {
        let id = value[ELEMENT_KEY]
            .as_str()
            .ok_or_else(|| BrowserError::new("protocol", format!("not an element: {value}")))?;
        Ok(Element { browser: self, id: id.to_owned() })
    }

    fn session_call(&self, method: &str, path: &str, body: Option<&Value>) -> BrowserResult<Value> {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    /// One `WebDriver` command: the answer's `value`, or its error.
    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> BrowserResult<Value> {
        let (status, answer) = exchange(self.port, method, path, body)?;
        let parsed: Value = serde_json::from_str(&answer).map_err(|e| {
            BrowserError::new("protocol", format!("{method} {path}: HTTP {status}, not JSON ({e}): {answer}"))
        })?;
        let mut value = parsed.get("value").cloned().unwrap_or(Value::Null);
        if let Some(code) = value.get("error").and_then(Value::as_str) {
            let message = value.get("message").and_then(Value::as_str).unwrap_or_default();
            return Err(BrowserError::new(code, format!("{method} {path}: {message}")));
        }
        if status >= 400 {
            return Err(BrowserError::new("protocol", format!("{method} {path}: HTTP {status}: {answer}")));
        }
        // The new-session answer keeps the session id inside `value`; older drivers put it beside.
        if value.get("sessionId").is_none()
            && let Some(id) = parsed.get("sessionId")
            && let Some(object) = value.as_object_mut()
        {
            object.insert("sessionId".to_owned(), id.clone());
        }
        Ok(value)
    }

    /// Asks `GET /status` until the driver answers ready (a bounded number of connection
    /// attempts; the driver has already said it listens, so the first normally succeeds).
    fn wait_until_ready(&mut self) -> BrowserResult<()> {
        let mut last = BrowserError::new("driver", "chromedriver never answered /status");
        for _ in 0..STATUS_ATTEMPTS {
            if let Ok(Some(exit)) = self.driver.try_wait() {
                return Err(BrowserError::new("driver", format!("chromedriver exited: {exit}")));
            }
            match self.call("GET", "/status", None) {
                Ok(status) if status["ready"].as_bool() == Some(true) => return Ok(()),
                Ok(status) => last = BrowserError::new("driver", format!("chromedriver not ready: {status}")),
                Err(e) => last = e,
            }
        }
        Err(last)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.session_call("DELETE", "", None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Element<'_> {
    /// Clicks the element (scrolled into view first by the driver).
    pub fn click(&self) -> BrowserResult<()> {
        self.call("POST", "/click", Some(&json!({}))).map(drop)
    }

    /// Types `text` into the element (for a file input: the path of the file to choose).
    pub fn type_text(&self, text: &str) -> BrowserResult<()> {
        self.call("POST", "/value", Some(&json!({ "text": text }))).map(drop)
    }

    /// Empties an input or text area.
    pub fn clear(&self) -> BrowserResult<()> {
        self.call("POST", "/clear", Some(&json!({}))).map(drop)
    }

    /// The element's rendered text.
    pub fn text(&self) -> BrowserResult<String> {
        string(self.call("GET", "/text", None)?)
    }

    /// The element's attribute `name`, if it has one.
    pub fn attribute(&self, name: &str) -> BrowserResult<Option<String>> {
        let value = self.call("GET", &format!("/attribute/{name}"), None)?;
        Ok(value.as_str().map(str::to_owned))
    }

    /// The first element inside this one matching the CSS selector (with the implicit wait).
    pub fn find(&self, css: &str) -> BrowserResult<Element<'_>> {
        let found = self.call("POST", "/element", Some(&by_css(css)))?;
        self.browser.element(&found)
    }

    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> BrowserResult<Value> {
        self.browser.session_call(method, &format!("/element/{}{path}", self.id), body)
    }
}

fn by_css(css: &str) -> Value {
    json!({ "using": "css selector", "value": css })
}

fn timeouts() -> Value {
    let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    json!({ "implicit": ms(IMPLICIT_WAIT), "pageLoad": ms(PAGE_LOAD), "script": ms(PAGE_LOAD) })
}

fn string(value: Value) -> BrowserResult<String> {
    match value {
        Value::String(s) => Ok(s),
        other => Err(BrowserError::new("protocol", format!("expected a string, got {other}"))),
    }
}

/// `CARGO_TARGET_DIR/screenshots` (relative to the workspace when relative), else the
/// workspace's `target/screenshots`.
fn screenshot_root() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace.join("target"), |dir| workspace.join(dir));
    target.join("screenshots")
}

/// Starts `chromedriver --port=0` and reads the port it chose from its greeting on stdout (a
/// thread keeps draining stdout afterwards so the driver never blocks on it).
fn start_driver() -> BrowserResult<(Child, u16)> {
    let mut driver = Command::new(CHROMEDRIVER)
        .arg("--port=0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| BrowserError::io(CHROMEDRIVER, &e))?;
    let Some(stdout) = driver.stdout.take() else {
        let _ = driver.kill();
        return Err(BrowserError::new("driver", "no stdout from chromedriver"));
    };
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        // The greeting ends without a newline: look for it in what has arrived so far.
        let (mut stdout, mut seen, mut buffer, mut sender) = (stdout, Vec::new(), [0_u8; 1024], Some(sender));
        while let Ok(n @ 1..) = stdout.read(&mut buffer) {
            if let Some(waiting) = &sender {
                seen.extend_from_slice(&buffer[..n]);
                if let Some(port) = announced_port(&String::from_utf8_lossy(&seen)) {
                    let _ = waiting.send(port);
                    sender = None;
                }
            }
        }
    });
    match receiver.recv_timeout(DRIVER_START) {
        Ok(port) => Ok((driver, port)),
        outcome => {
            let _ = driver.kill();
            let _ = driver.wait();
            Err(BrowserError::new("driver", format!("chromedriver did not report its port: {outcome:?}")))
        }
    }
}

/// The port in the driver's greeting `ChromeDriver was started successfully on port N.`, once
/// the whole of it has arrived.
fn announced_port(output: &str) -> Option<u16> {
    let (_, rest) = output.split_once("started successfully on port ")?;
    let (port, _) = rest.split_once('.')?;
    port.trim().parse().ok()
}

/// One HTTP/1.1 request over a fresh connection; answers the status and the body. The body is
/// read by its `Content-Length` (or its chunks): `chromedriver` announces `Connection: close` but
/// keeps the connection open.
fn exchange(port: u16, method: &str, path: &str, body: Option<&Value>) -> BrowserResult<(u16, String)> {
    let context = format!("{method} {path}");
    let io = |e: std::io::Error| BrowserError::io(&context, &e);
    let protocol = |what: &str| BrowserError::new("protocol", format!("{context}: {what}"));
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(io)?;
    stream.set_read_timeout(Some(ANSWER)).map_err(io)?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).map_err(io)?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).map_err(io)?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| protocol(&format!("status line {line:?}")))?;
    let (mut length, mut chunked) = (None, false);
    loop {
        line.clear();
        if reader.read_line(&mut line).map_err(io)? == 0 {
            return Err(protocol("no end of the headers"));
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
            if name == "content-length" {
                length = Some(value.parse::<usize>().map_err(|_| protocol("bad Content-Length"))?);
            } else if name == "transfer-encoding" && value.eq_ignore_ascii_case("chunked") {
                chunked = true;
            }
        }
    }
    let mut raw = Vec::new();
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line).map_err(io)?;
            let size = line.split(';').next().map(str::trim).and_then(|s| usize::from_str_radix(s, 16).ok());
            let size = size.ok_or_else(|| protocol("bad chunk size"))?;
            if size == 0 {
                break;
            }
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).map_err(io)?;
            chunk.truncate(size);
            raw.extend_from_slice(&chunk);
        }
    } else if let Some(length) = length {
        raw.resize(length, 0);
        reader.read_exact(&mut raw).map_err(io)?;
    } else {
        reader.read_to_end(&mut raw).map_err(io)?;
    }
    let body = String::from_utf8(raw).map_err(|e| protocol(&e.to_string()))?;
    Ok((status, body))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail by panicking")]

    use super::*;

    #[test]
    fn the_port_is_read_once_the_greeting_is_whole() {
        let greeting = "Starting ChromeDriver 156.0 on port 0\nChromeDriver was started successfully on port 37661.";
        assert_eq!(announced_port(greeting), Some(37661));
        assert_eq!(announced_port(&greeting[..greeting.len() - 1]), None);
        assert_eq!(announced_port(&greeting[..greeting.len() - 3]), None);
    }

    #[test]
    fn errors_name_the_webdriver_code() {
        let e = BrowserError::new("no such element", "POST /element: gone");
        assert_eq!(e.to_string(), "webdriver no such element: POST /element: gone");
    }

    #[test]
    fn screenshots_go_under_the_target_folder() {
        assert!(screenshot_root().ends_with("screenshots"));
    }
}
