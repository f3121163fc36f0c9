//! A `multipart/form-data` body read into its parts (RFC 7578): each part's field name, file name,
//! media type and bytes. Small by design: the portal's forms are the only senders, the body is
//! already size-limited by the router, and nothing is streamed.

use crate::error::WebError;

/// One part of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The field's name.
    pub name: String,
    /// The file's name, for a file part.
    pub file_name: Option<String>,
    /// The part's media type (`text/plain` when absent).
    pub content_type: String,
    /// The bytes.
    pub data: Vec<u8>,
}

impl Part {
    /// The part's bytes as text (a text field).
    #[must_use]
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

fn bad(why: &str) -> WebError {
    WebError::Invalid { field: "form", reason: format!("multipart body: {why}") }
}

/// The boundary named by a `Content-Type: multipart/form-data; boundary=…` header.
pub fn boundary(content_type: &str) -> Result<String, WebError> {
    let (kind, params) = content_type.split_once(';').ok_or_else(|| bad("no boundary"))?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return Err(bad("not multipart/form-data"));
    }
    params
        .split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim_matches('"').to_owned())
        .filter(|b| !b.is_empty() && b.len() <= 70)
        .ok_or_else(|| bad("no boundary"))
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// A `name="…"` parameter of a `Content-Disposition` header.
fn parameter(header: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = header.find(&key)? + key.len();
    let end = header[start..].find('"')? + start;
    Some(header[start..end].to_owned())
}

/// The parts of `body` separated by `boundary`.
pub fn parts(body: &[u8], boundary: &str) -> Result<Vec<Part>, WebError> {
    let delimiter = format!("--{boundary}");
    let mut at = find(body, delimiter.as_bytes(), 0).ok_or_else(|| bad("no first boundary"))? + delimiter.len();
    let next = format!("\r\n--{boundary}");
    let mut out = Vec::new();
    loop {
        if body.get(at..at + 2) == Some(b"--") {
            return Ok(out);
        }
        let head_start = at + 2;
        let head_end = find(body, b"\r\n\r\n", head_start).ok_or_else(|| bad("a part without headers"))?;
        let head = String::from_utf8_lossy(&body[head_start..head_end]).into_owned();
        let data_start = head_end + 4;
        let data_end = find(body, next.as_bytes(), data_start).ok_or_else(|| bad("a part without its end"))?;
        let mut name = None;
        let mut file_name = None;
        let mut content_type = "text/plain".to_owned();
        for line in head.split("\r\n") {
            let Some((key, value)) = line.split_once(':') else { continue };
            if key.trim().eq_ignore_ascii_case("content-disposition") {
                name = parameter(value, "name");
                file_name = parameter(value, "filename");
            } else if key.trim().eq_ignore_ascii_case("content-type") {
                value.trim().clone_into(&mut content_type);
            }
        }
        let name = name.ok_or_else(|| bad("a part without a name"))?;
        out.push(Part { name, file_name, content_type, data: body[data_start..data_end].to_vec() });
        at = data_end + next.len();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail by panicking")]

    use super::*;

    #[test]
    fn fields_and_files_are_read() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file:diploma\"; filename=\"d.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\r\n\r\n--XyZ--\r\n";
        let parts = parts(body, &boundary("multipart/form-data; boundary=XyZ").unwrap()).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].name.as_str(), parts[0].text().as_str()), ("csrf", "abc"));
        assert_eq!(parts[1].file_name.as_deref(), Some("d.pdf"));
        assert_eq!(parts[1].content_type, "application/pdf");
        assert_eq!(parts[1].data, b"%PDF-1.7\r\n");
    }

    #[test]
    fn a_body_without_its_end_is_refused() {
        assert!(parts(b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nabc", "XyZ").is_err());
        assert!(boundary("application/json").is_err());
    }
}
