//! Fee formulas whose cap or floor can never bind over the period the act is in force.

use chrono::NaiveDate;
use reglament_domain::FeeFormula;
use reglament_regulation::model::{Act, Variant};
use reglament_regulation::{Diagnostic, Severity};

use crate::{Context, finding};

/// Adds a finding for every cap that is never reached and every floor that is never undercut.
pub fn check(act: &Act, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let until = act.in_force_until.unwrap_or(NaiveDate::MAX);
    // The MCI values in force while the act is: the one on its first day, and every later change.
    let mut dates: Vec<NaiveDate> = cx
        .mci
        .entries()
        .iter()
        .map(reglament_domain::MciEntry::valid_from)
        .filter(|d| *d > act.in_force_from && *d <= until)
        .collect();
    dates.push(act.in_force_from);
    for service in &act.services {
        for variant in &service.variants {
            if let Some((formula, _)) = &variant.fee {
                bounds(formula, &dates, cx, variant, out);
            }
        }
    }
}

fn bounds(formula: &FeeFormula, dates: &[NaiveDate], cx: &Context<'_>, variant: &Variant, out: &mut Vec<Diagnostic>) {
    let (inner, bound, is_cap) = match formula {
        FeeFormula::AtMost { formula, cap } => (formula, cap, true),
        FeeFormula::AtLeast { formula, floor } => (formula, floor, false),
        FeeFormula::Percent { of, .. } => return bounds(of, dates, cx, variant, out),
        FeeFormula::Mci(_) | FeeFormula::Free => return,
    };
    bounds(inner, dates, cx, variant, out);
    let values: Vec<_> = dates
        .iter()
        .filter_map(|d| Some((*d, inner.evaluate(cx.mci, *d).ok()?, bound.evaluate(cx.mci, *d).ok()?)))
        .collect();
    let Some(&(date, value, limit)) = values.first() else { return };
    let binds = values.iter().any(|(_, v, b)| if is_cap { v >= b } else { v <= b });
    if binds {
        return;
    }
    let (kk_word, ru_word) = if is_cap {
        ("шек (ең көбі)", "верхний предел")
    } else {
        ("шек (ең азы)", "нижний предел")
    };
    let clauses: Vec<_> = variant.fee.iter().filter_map(|(_, c)| c.as_ref()).collect();
    out.push(finding(
        if is_cap { "lint.fee_cap_never_binds" } else { "lint.fee_floor_never_binds" },
        Severity::Warning,
        &variant.at,
        format!("`{}` алымының {kk_word} ешқашан қолданылмайды: мысалы {date} формула {value}, шек {limit}", variant.id),
        format!("{ru_word} сбора варианта `{}` никогда не применяется: например, на {date} формула даёт {value}, предел {limit}", variant.id),
        &clauses,
    ));
}
