//! Test support shared by the web tests: the encoded acts, an application served on port 0, and
//! plain HTTP/1.1 exchanges over fresh connections.

#![allow(dead_code, reason = "each test file uses a part of the support")]

pub mod cases;
pub mod documents;

use reglament_web::AppState;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// An answer as received.
pub struct Response {
    pub status: u16,
    /// The head, lower-cased.
    pub headers: String,
    /// The head as received.
    pub head: String,
    pub body: String,
    /// The body's bytes as received (not de-chunked).
    pub bytes: Vec<u8>,
}

impl Response {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// The value of cookie `name` set by the answer.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.head.lines().filter(|l| l.to_ascii_lowercase().starts_with("set-cookie:")).find_map(|l| {
            let value = l.split_once(':')?.1.trim();
            value.strip_prefix(&format!("{name}=")).and_then(|v| v.split(';').next()).map(str::to_owned)
        })
    }

    /// The `value` of the first input named `name` in the answer's page.
    pub fn input(&self, name: &str) -> String {
        input_value(&self.body, name).unwrap_or_else(|| panic!("no input {name}: {}", self.body))
    }

    /// The value of header `name` (any case), as received.
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (key, value) = l.split_once(": ")?;
            key.eq_ignore_ascii_case(name).then(|| value.to_owned())
        })
    }
}

/// The encoded acts as `(file name, text)`, in file order.
pub fn regulation_files() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../regulations");
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            (format!("regulations/{}", p.file_name().unwrap().to_string_lossy()), std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Serves `state` on a fresh port; its address.
pub async fn serve(state: AppState) -> String {
    let (listener, addr) = bind().await;
    serve_on(listener, state);
    addr
}

/// A fresh port on loopback and its address (to know the address before the state is built).
pub async fn bind() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    (listener, addr)
}

/// Serves `state` on `listener` in the background.
pub fn serve_on(listener: TcpListener, state: AppState) {
    tokio::spawn(async move { reglament_web::serve(listener, state).await });
}

/// `text` percent-encoded for a form body.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The text of the first element `<tag … id="id" …>` or `class="…id…"` in `html`, unescaped.
pub fn element_text(html: &str, marker: &str) -> Option<String> {
    let at = html.find(marker)?;
    let start = html[at..].find('>')? + at + 1;
    let end = html[start..].find('<')? + start;
    Some(
        html[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

/// The `value` of the input named `name` in `html`.
pub fn input_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\""))?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = html[at..].find('>')? + at;
    let tag = &html[tag_start..tag_end];
    let v = tag.find("value=\"")? + 7;
    let e = tag[v..].find('"')? + v;
    Some(tag[v..e].to_owned())
}

/// Sends `method path` with `headers` and `body` over a fresh connection; the whole answer.
pub async fn send(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        head = format!("{head}{name}: {value}\r\n");
    }
    head.push_str("\r\n");
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(raw.len());
    let bytes = raw.get(split + 4..).unwrap_or_default().to_vec();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let headers = head.to_ascii_lowercase();
    let body = if headers.contains("transfer-encoding: chunked") { dechunk(body) } else { body.to_owned() };
    Response { status, headers, head: head.to_owned(), body, bytes }
}

/// A GET.
pub async fn get(addr: &str, path: &str, headers: &[(&str, &str)]) -> Response {
    send(addr, "GET", path, headers, b"").await
}

/// A POST of a JSON body.
pub async fn post_json(addr: &str, path: &str, headers: &[(&str, &str)], body: &serde_json::Value) -> Response {
    let mut all = vec![("Content-Type", "application/json")];
    all.extend_from_slice(headers);
    send(addr, "POST", path, &all, body.to_string().as_bytes()).await
}

/// A POST of a urlencoded form.
pub async fn post_form(addr: &str, path: &str, headers: &[(&str, &str)], form: &str) -> Response {
    let mut all = vec![("Content-Type", "application/x-www-form-urlencoded")];
    all.extend_from_slice(headers);
    send(addr, "POST", path, &all, form.as_bytes()).await
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
    out
}
