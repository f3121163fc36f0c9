//! `reglament report`: the quality-control body's report on a period — per service and provider,
//! the applications and complaints filed in it, decided in time or late, open within or past the
//! term — as text, CSV or JSON, with progress on standard error while the cases are read.

use std::io::Write;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use reglament_domain::Language;
use reglament_runtime::report::{APPLICATIONS, COMPLAINTS, Period, Report, TOTAL, Tally};

use crate::case_cmd::{Setup, block, now, runtime};
use crate::error::CliError;

/// How the report is printed.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Aligned text.
    Text,
    /// CSV (RFC 4180) with a header line.
    Csv,
    /// JSON.
    Json,
}

/// The report's arguments.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The first day (YYYY-MM-DD), local time of the provider's calendar.
    #[arg(long)]
    from: NaiveDate,
    /// The last day (YYYY-MM-DD), included.
    #[arg(long)]
    to: NaiveDate,
    /// Text, CSV or JSON.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    #[command(flatten)]
    setup: Setup,
}

/// Runs `reglament report`.
pub fn run(args: &ReportArgs) -> Result<(), CliError> {
    block(async move {
        let rt = runtime(&args.setup).await?;
        let period = Period::new(args.from, args.to)?;
        let lang = args.setup.lang;
        let reading = match lang {
            Language::Kk => "істер оқылды",
            Language::Ru => "прочитано дел",
        };
        let mut stderr = std::io::stderr();
        let report = rt
            .report_with_progress(period, now(&args.setup)?, |done, total| {
                if done == total || done % 100 == 0 {
                    // Progress is best effort: a closed standard error does not stop the report.
                    let _ = write!(stderr, "\r{reading}: {done}/{total}");
                }
            })
            .await?;
        let _ = writeln!(stderr);
        match args.format {
            Format::Text => print!("{}", text(&report, lang)),
            Format::Csv => print!("{}", report.to_csv(lang)),
            Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        }
        Ok(())
    })
}

fn tally(kind: &str, t: &Tally, lang: Language) -> String {
    let measures: Vec<String> =
        t.measures().iter().filter(|(_, v)| !v.is_empty()).map(|(name, v)| format!("{} {v}", name.get(lang))).collect();
    format!("  {kind}: {}", measures.join(", "))
}

/// The report as text: each service with its provider, applications and complaints, the refusal
/// grounds cited and the steps past their terms; then the totals.
fn text(report: &Report, lang: Language) -> String {
    let (title, grounds, steps) = match lang {
        Language::Kk => ("Кезең бойынша есеп", "бас тарту негіздері", "мерзімінен өткен қадамдар"),
        Language::Ru => ("Отчёт за период", "основания отказов", "шаги с нарушением срока"),
    };
    let mut out = vec![format!("{title}: {} — {}", report.from, report.to), String::new()];
    for line in &report.lines {
        out.push(format!("{} ({}) — {}", line.name.get(lang), line.service, line.provider.get(lang)));
        out.push(tally(APPLICATIONS.get(lang), &line.applications, lang));
        out.push(tally(COMPLAINTS.get(lang), &line.complaints, lang));
        for (what, list) in [(grounds, &line.grounds), (steps, &line.late_steps)] {
            out.extend(list.iter().map(|c| format!("  {what}: {} [{}] × {}", c.id, c.cite, c.cases)));
        }
        out.push(String::new());
    }
    out.push(TOTAL.get(lang).to_owned());
    out.push(tally(APPLICATIONS.get(lang), &report.applications, lang));
    out.push(tally(COMPLAINTS.get(lang), &report.complaints, lang));
    out.push(String::new());
    out.join("\n")
}
