//! `reglament simulate SERVICE VARIANT --filed INSTANT`: when each step of the best and the worst
//! route falls due, and when the service term ends, explained.

use std::path::PathBuf;

use clap::Args;
use reglament_calendar::{Calendar, WorkingTime, parse_instant, words};
use reglament_domain::Language;
use reglament_lint::forecast::{Route, forecast, in_force};

use crate::error::CliError;
use crate::lint_cmd::{act_files, read_acts};

/// Options of `reglament simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The service id, e.g. forensic-licence.
    service: String,
    /// The variant id, e.g. issuance-portal.
    variant: String,
    /// When the application is filed: 2026-03-20T19:40:00+05:00 or local Almaty time.
    #[arg(long)]
    filed: String,
    /// Where the encoded acts are.
    #[arg(long, default_value = "regulations")]
    regulations: PathBuf,
    /// Language of the text: ru or kk.
    #[arg(long, default_value = "ru")]
    lang: Language,
    /// Print JSON for scripts instead of text.
    #[arg(long)]
    json: bool,
}

/// Runs `reglament simulate`.
pub fn run(args: &SimulateArgs) -> Result<(), CliError> {
    let calendar = Calendar::builtin()?;
    let zone = calendar.zone();
    let filed = parse_instant(&args.filed, zone).map_err(CliError::argument("filed"))?;
    let (acts, _) = read_acts(&act_files(std::slice::from_ref(&args.regulations))?)?;
    let on = filed.with_timezone(&zone).date_naive();
    let Some((act, service, variant)) = in_force(&acts, &args.service, &args.variant, on) else {
        return Err(CliError::NotInForce { service: args.service.clone(), variant: args.variant.clone(), on });
    };
    let wt = WorkingTime::new(calendar, service.schedule.clone())?;
    let forecast = forecast(act, variant, &wt, filed)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&forecast)?);
        return Ok(());
    }
    let lang = args.lang;
    let at = |t| words::instant(t, zone, lang);
    let (headline, best, worst) = match lang {
        Language::Ru => ("Услуга", "Быстрейший путь к результату", "Самый долгий путь"),
        Language::Kk => ("Қызмет", "Нәтижеге ең жылдам жол", "Ең ұзақ жол"),
    };
    println!("{headline}: {} / {} ({})", service.name.get(lang), variant.name.get(lang), forecast.act);
    for line in forecast.term.lines(zone, lang) {
        println!("  {line}");
    }
    for (title, route) in [(best, &forecast.best), (worst, &forecast.worst)] {
        let Some(route) = route else { continue };
        println!("\n{title}:");
        print_route(route, &at);
    }
    Ok(())
}

fn print_route(route: &Route, at: &dyn Fn(chrono::DateTime<chrono::Utc>) -> String) {
    for s in &route.steps {
        println!("  {:<22} {:>8}  {}", s.step, s.term.as_deref().unwrap_or("—"), at(s.due));
    }
}
