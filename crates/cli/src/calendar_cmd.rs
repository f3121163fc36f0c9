//! `reglament calendar …`: a year's holidays and totals, adding a term, counting between instants.

use clap::{Args, Subcommand};
use reglament_calendar::{
    Budget, Calendar, CalendarChange, Dataset, DayCounting, Schedule, WorkingTime, day_line, hhmm, parse_instant, words,
};
use reglament_domain::Language;
use reglament_store::{AnyStore, Store};

use crate::error::CliError;

/// Calendar subcommands.
#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Holidays, transfers, and working days and hours per month and in total.
    Year {
        /// The year, e.g. 2025.
        year: i32,
        #[command(flatten)]
        common: Common,
    },
    /// When a term started at an instant ends, and why.
    Add {
        /// Start: 2026-03-20T19:40:00+05:00, or local Almaty time 2026-03-20T19:40.
        instant: String,
        /// Term: 15wd (working days), 8wh (working hours), 30wmin, 45ws, 10cd (calendar days).
        term: String,
        /// How days are counted: end-of-day (Civil Code arts. 170, 173) or from-instant.
        #[arg(long, default_value = "end-of-day")]
        counting: String,
        #[command(flatten)]
        common: Common,
    },
    /// Working days, working time and calendar days between two instants.
    Between {
        /// From (same forms as for `add`).
        from: String,
        /// To.
        to: String,
        #[command(flatten)]
        common: Common,
    },
}

/// Options every calendar subcommand takes.
#[derive(Debug, Args)]
pub struct Common {
    /// Print JSON for scripts instead of text.
    #[arg(long)]
    json: bool,
    /// Language of the text: ru or kk.
    #[arg(long, default_value = "ru")]
    lang: Language,
    /// Provider working hours.
    #[arg(long, default_value = reglament_calendar::SEED_STANDARD_HOURS)]
    hours: String,
    /// Also apply the calendar changes recorded in this database.
    #[arg(long, env = "REGLAMENT_DATABASE_URL")]
    database_url: Option<String>,
}

/// Runs a calendar subcommand.
pub fn run(command: CalendarCommand) -> Result<(), CliError> {
    match command {
        CalendarCommand::Year { year, common } => {
            let wt = working_time(&common)?;
            let summary = wt.year_summary(year).map_err(CliError::argument("year"))?;
            if common.json {
                println!("{}", serde_json::to_string_pretty(&summary)?);
                return Ok(());
            }
            let lang = common.lang;
            let (title, notable, month, cal, work, hours, total) = match lang {
                Language::Ru => (
                    "Производственный календарь Казахстана",
                    "Праздники и переносы",
                    "Месяц",
                    "Календ. дней",
                    "Рабочих дней",
                    "Рабочих часов",
                    "Итого",
                ),
                Language::Kk => (
                    "Қазақстанның өндірістік күнтізбесі",
                    "Мерекелер мен ауыстырулар",
                    "Ай",
                    "Күнтізб. күн",
                    "Жұмыс күні",
                    "Жұмыс сағаты",
                    "Барлығы",
                ),
            };
            println!("{title}, {year} ({})\n", schedule_text(wt.schedule()));
            println!("{notable}:");
            for day in &summary.notable {
                println!("  {}", day_line(day, lang));
            }
            println!("\n{month:<12} {cal:>14} {work:>14} {hours:>14}");
            for m in &summary.months {
                println!(
                    "{:<12} {:>14} {:>14} {:>14}",
                    words::month_name(m.month, lang),
                    m.calendar_days,
                    m.working_days,
                    m.working_seconds / 3600
                );
            }
            let days: u32 = summary.months.iter().map(|m| m.calendar_days).sum();
            println!("{total:<12} {days:>14} {:>14} {:>14}", summary.working_days, summary.working_seconds / 3600);
        }
        CalendarCommand::Add { instant, term, counting, common } => {
            let wt = working_time(&common)?;
            let zone = wt.calendar().zone();
            let start = parse_instant(&instant, zone).map_err(CliError::argument("instant"))?;
            let budget: Budget = term.parse().map_err(CliError::argument("term"))?;
            let counting: DayCounting = counting.parse().map_err(CliError::argument("counting"))?;
            let deadline = wt.explain(start, budget, counting)?;
            if common.json {
                println!("{}", serde_json::to_string_pretty(&deadline)?);
                return Ok(());
            }
            println!("{}", words::instant(deadline.due, zone, common.lang));
            for line in deadline.lines(zone, common.lang) {
                println!("  {line}");
            }
        }
        CalendarCommand::Between { from, to, common } => {
            let wt = working_time(&common)?;
            let zone = wt.calendar().zone();
            let a = parse_instant(&from, zone).map_err(CliError::argument("from"))?;
            let b = parse_instant(&to, zone).map_err(CliError::argument("to"))?;
            let elapsed = wt.between(a, b)?;
            if common.json {
                println!("{}", serde_json::to_string_pretty(&elapsed)?);
                return Ok(());
            }
            let (days, time, cal) = match common.lang {
                Language::Ru => ("Полных рабочих дней", "Рабочего времени", "Календарных дней"),
                Language::Kk => ("Толық жұмыс күндері", "Жұмыс уақыты", "Күнтізбелік күндер"),
            };
            let s = elapsed.working_seconds;
            println!("{days}: {}", elapsed.working_days);
            println!("{time}: {}:{:02}:{:02}", s / 3600, s.abs() % 3600 / 60, s.abs() % 60);
            println!("{cal}: {}", elapsed.calendar_days);
        }
    }
    Ok(())
}

fn schedule_text(schedule: &Schedule) -> String {
    schedule.intervals().iter().map(|(s, e)| format!("{}–{}", hhmm(*s), hhmm(*e))).collect::<Vec<_>>().join(", ")
}

/// The built-in calendar, with the changes recorded in the database if one is named.
fn working_time(common: &Common) -> Result<WorkingTime, CliError> {
    let schedule: Schedule = common.hours.parse().map_err(CliError::argument("hours"))?;
    let mut dataset = Dataset::builtin()?;
    if let Some(url) = &common.database_url {
        let runtime =
            tokio::runtime::Runtime::new().map_err(|source| CliError::Io { what: "starting".into(), source })?;
        let stored = runtime.block_on(async {
            let store = AnyStore::connect(url).await?;
            let changes = store.calendar_changes().await;
            store.close().await;
            changes
        })?;
        let changes: Vec<&CalendarChange> = stored.iter().map(|s| &s.change).collect();
        dataset = dataset.with_changes(changes)?;
    }
    Ok(WorkingTime::new(Calendar::new(&dataset)?, schedule)?)
}
