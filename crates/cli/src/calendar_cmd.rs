//! `reglament calendar …`: a year's holidays and totals, adding a term, counting between instants.

use chrono::{NaiveDate, Utc};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use reglament_calendar::{
    Budget, Calendar, CalendarChange, Change, Dataset, DayCounting, Schedule, WorkingTime, day_line, hhmm,
    parse_instant, words,
};
use reglament_domain::Language;
use reglament_store::{AnyStore, Store};

use crate::error::CliError;
use crate::lint_cmd::{act_files, read_acts};

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
    /// Record an announcement in the database (a late Kurban Ait, a transfer…) and show which days it changes.
    Record {
        #[command(subcommand)]
        change: RecordChange,
        /// The legal source of the change.
        #[arg(long)]
        source: String,
        /// The database to record it in.
        #[arg(long, env = "REGLAMENT_DATABASE_URL")]
        database_url: String,
        /// Language of the text: ru or kk.
        #[arg(long, default_value = "ru")]
        lang: Language,
        /// Directory of the encoded acts (to re-project the open cases' clocks).
        #[arg(long, default_value = "regulations")]
        regulations: PathBuf,
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

/// The announcements that can be recorded.
#[derive(Debug, Subcommand)]
pub enum RecordChange {
    /// The first day of Kurban Ait is announced (or re-announced) for its year.
    KurbanAit {
        /// The day, e.g. 2026-05-26.
        date: NaiveDate,
    },
    /// A rest day becomes a working day and a working day a day off.
    Transfer {
        /// The rest day that becomes working.
        #[arg(long)]
        working: NaiveDate,
        /// The working day that becomes a day off.
        #[arg(long)]
        day_off: NaiveDate,
    },
    /// A one-off day off.
    DayOff {
        /// The day.
        date: NaiveDate,
        /// Its name in Kazakh.
        #[arg(long)]
        name_kk: String,
        /// Its name in Russian.
        #[arg(long)]
        name_ru: String,
    },
    /// A statutory holiday does not apply this year.
    Repeal {
        /// The holiday's date.
        date: NaiveDate,
    },
}

impl From<RecordChange> for Change {
    fn from(r: RecordChange) -> Self {
        match r {
            RecordChange::KurbanAit { date } => Self::KurbanAit { date },
            RecordChange::Transfer { working, day_off } => Self::Transfer { working, day_off },
            RecordChange::DayOff { date, name_kk, name_ru } => Self::DayOff { date, name_kk, name_ru },
            RecordChange::Repeal { date } => Self::Repeal { date },
        }
    }
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
        CalendarCommand::Record { change, source, database_url, lang, regulations } => {
            let change = CalendarChange { recorded_at: Utc::now(), change: change.into(), source };
            record(&change, &database_url, &regulations, lang)?;
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

/// Checks that `change` applies on top of those already recorded, records it, and prints the
/// days whose kind it changes. A change that does not apply is refused before anything is written.
fn record(change: &CalendarChange, url: &str, regulations: &Path, lang: Language) -> Result<(), CliError> {
    let runtime = tokio::runtime::Runtime::new().map_err(|source| CliError::Io { what: "starting".into(), source })?;
    runtime.block_on(async {
        let store = AnyStore::connect(url).await?;
        let recorded = store.calendar_changes().await?;
        let old = Dataset::builtin()?.with_changes(recorded.iter().map(|s| &s.change))?;
        let new = old.with_changes([change]).map_err(CliError::argument("change"))?;
        let (old, new) = (Calendar::new(&old)?, Calendar::new(&new).map_err(CliError::argument("change"))?);
        let id = store.record_calendar_change(change).await?;
        println!("#{id}: {}", serde_json::to_string(&change.change)?);
        for (was, now) in old.differences(&new) {
            println!("  {}  →  {}", day_line(was, lang), day_line(now, lang));
        }
        if regulations.is_dir() {
            let (acts, _) = read_acts(&act_files(&[regulations.to_path_buf()])?)?;
            let rt = reglament_runtime::Runtime::new(store.clone(), acts, &old)?;
            for (case, events) in rt.reproject_open_cases(&new, change.recorded_at).await? {
                for e in events {
                    println!("  {case}: {}", serde_json::to_string(&e)?);
                }
            }
        }
        store.close().await;
        Ok(())
    })
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
