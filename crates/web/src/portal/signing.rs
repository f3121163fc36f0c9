//! The text an applicant signs: the application as the provider will read it — its id, service,
//! variant, applicant, every form field and every attachment's SHA-256 — one `key: value` per
//! line, in a fixed order, so that the signature covers exactly what is filed.

use reglament_store::{Application, Attachment};

/// The signed text of `application` with `attachments`.
#[must_use]
pub fn text(application: &Application, attachments: &[Attachment]) -> String {
    let mut lines = vec![
        "Reglament application".to_owned(),
        format!("id: {}", application.id),
        format!("service: {}", application.service),
        format!("variant: {}", application.variant),
        format!("applicant: {}", application.iin),
    ];
    if let Ok(serde_json::Value::Object(fields)) = serde_json::from_str::<serde_json::Value>(&application.form) {
        for (name, value) in fields {
            lines.push(format!("field {name}: {}", value.as_str().unwrap_or_default()));
        }
    }
    for a in attachments {
        lines.push(format!("attachment {}: {} ({} bytes, sha256 {})", a.document, a.file_name, a.size, a.sha256));
    }
    lines.join("\n") + "\n"
}
