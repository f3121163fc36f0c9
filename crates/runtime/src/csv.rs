//! CSV lines as RFC 4180 writes them: fields joined by commas, quoted when they hold a comma, a
//! quote or a line break, each line ended by CRLF. Shared by the registry's open data and the
//! quality-control report.

/// One CSV line of `values` (with its line end).
pub(crate) fn line<S: AsRef<str>>(values: &[S]) -> String {
    let mut out = String::new();
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let value = value.as_ref();
        if value.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&value.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(value);
        }
    }
    out.push_str("\r\n");
    out
}
