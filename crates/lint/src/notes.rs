//! The encoding's own notes: contradictions in the act surface as findings with their clauses.

use reglament_regulation::model::{Act, NoteKind};
use reglament_regulation::{Diagnostic, Severity};

use crate::finding;

/// Adds a finding for every note: contradictions as warnings, silence and garbling as info.
pub fn check(act: &Act, out: &mut Vec<Diagnostic>) {
    for note in &act.notes {
        let (code, severity, kk, ru) = match note.kind {
            NoteKind::Contradiction => {
                ("lint.act_contradiction", Severity::Warning, "Актідегі қайшылық", "Противоречие в акте")
            }
            NoteKind::Silent => ("lint.act_silent", Severity::Info, "Акт үндемейді", "Акт умалчивает"),
            NoteKind::Garbled => ("lint.act_garbled", Severity::Info, "Мәтін бүлінген", "Текст искажён"),
            NoteKind::Interpretation => {
                ("lint.act_interpretation", Severity::Info, "Түсіндіру таңдалды", "Выбрано толкование")
            }
        };
        let cites: Vec<_> = note.cites.iter().chain(note.alternatives.iter().map(|(_, c)| c)).collect();
        out.push(finding(
            code,
            severity,
            &note.at,
            format!("{kk} ({}): {} Таңдалғаны: {}", note.about, note.text.kk(), note.chosen.kk()),
            format!("{ru} ({}): {} Выбрано: {}", note.about, note.text.ru(), note.chosen.ru()),
            &cites,
        ));
    }
}
