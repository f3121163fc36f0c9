//! Versions of one service whose periods in force overlap.

use chrono::NaiveDate;
use reglament_regulation::model::Act;
use reglament_regulation::{Diagnostic, Severity};

use crate::finding;

/// Adds a finding for every pair of acts that encode the same service for overlapping periods.
pub fn check(acts: &[Act], out: &mut Vec<Diagnostic>) {
    for (i, a) in acts.iter().enumerate() {
        for b in &acts[i + 1..] {
            let shared: Vec<&str> =
                a.services.iter().filter(|s| b.services.iter().any(|t| t.id == s.id)).map(|s| s.id.as_str()).collect();
            if shared.is_empty() {
                continue;
            }
            let until = |x: &Act| x.in_force_until.unwrap_or(NaiveDate::MAX);
            if a.in_force_from <= until(b) && b.in_force_from <= until(a) {
                let period = |x: &Act| {
                    format!(
                        "{}…{}",
                        x.in_force_from,
                        x.in_force_until.map_or_else(|| "—".to_owned(), |d| d.to_string())
                    )
                };
                let services = shared.join(", ");
                out.push(finding(
                    "lint.versions_overlap",
                    Severity::Error,
                    &b.in_force_at,
                    format!(
                        "`{}` ({}) және `{}` ({}) актілері бір қызметті ({services}) бір уақытта реттейді",
                        a.id,
                        period(a),
                        b.id,
                        period(b)
                    ),
                    format!(
                        "акты `{}` ({}) и `{}` ({}) одновременно регулируют одну услугу ({services})",
                        a.id,
                        period(a),
                        b.id,
                        period(b)
                    ),
                    &[],
                ));
            }
        }
    }
}
