//! Bad input gets an error that names what was wrong and where.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, Utc};
use reglament_calendar::{Budget, Calendar, CalendarError, Dataset, DayCounting, Schedule, WorkingTime, YEAR_FILES};

#[test]
fn terms_that_cannot_be_read_say_why() {
    let cases = [
        ("15wd", Ok("15wd")),
        ("8wh", Ok("8wh")),
        ("30wmin", Ok("30wmin")),
        ("10cd", Ok("10cd")),
        ("1d", Err("`d` is ambiguous: write `wd` for working days or `cd` for calendar days")),
        ("P1D", Err("the term must start with a whole number, e.g. `15wd`")),
        ("24h", Err("`h` is ambiguous: write `wh` for hours of working time")),
        ("15", Err("no unit")),
        ("5weeks", Err("unknown unit: use `wd`, `wh`, `wmin`, `ws` or `cd`")),
        ("99999999999wd", Err("the amount is too large")),
    ];
    for (input, expected) in cases {
        match (input.parse::<Budget>(), expected) {
            (Ok(b), Ok(text)) => assert_eq!(b.to_string(), text),
            (Err(CalendarError::Budget { input: got, reason }), Err(why)) => {
                assert_eq!(got, input);
                assert!(reason.starts_with(why), "{input}: {reason}");
            }
            (other, _) => panic!("{input}: unexpected {other:?}"),
        }
    }
}

#[test]
fn schedules_that_cannot_be_used_say_why() {
    for (input, why) in [
        ("09:00-13:00,14:30-18:30", None),
        ("09:00–18:00", None),
        ("09:00", Some("`09:00` is not HH:MM-HH:MM")),
        ("13:00-09:00", Some("ends before it starts")),
        ("09:00-13:00,12:00-18:00", Some("overlaps or touches the previous interval")),
        ("09:00-25:00", Some("`25:00` is not a time of day")),
    ] {
        match (input.parse::<Schedule>(), why) {
            (Ok(_), None) => {}
            (Err(e), Some(why)) => assert!(e.to_string().contains(why), "{input}: {e}"),
            (other, _) => panic!("{input}: unexpected {other:?}"),
        }
    }
}

#[test]
fn a_year_not_covered_is_an_error_naming_the_year() {
    let wt = WorkingTime::new(Calendar::builtin().unwrap(), Schedule::seed_standard()).unwrap();
    let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    let before = wt.add(t("2014-12-30T10:00:00+06:00"), "1wd".parse().unwrap(), DayCounting::EndOfDay);
    assert_eq!(before.unwrap_err(), CalendarError::YearNotCovered { year: 2014, first: 2015, last: 2027 });
    let beyond = wt.add(t("2027-12-20T10:00:00+05:00"), "15wd".parse().unwrap(), DayCounting::EndOfDay);
    assert_eq!(beyond.unwrap_err().code(), "calendar.year_not_covered");
    assert!(wt.calendar().year(2028).unwrap_err().to_string().starts_with("year 2028 is not covered"));
}

#[test]
fn broken_data_files_are_reported_with_file_line_and_column() {
    let holidays = include_str!("../data/kz/holidays.toml");
    let mut years: Vec<(&str, String)> = YEAR_FILES.iter().map(|(n, t)| (*n, (*t).to_owned())).collect();
    years[3].1 = years[3].1.replace("[kurban_ait]", "[kurban_ait]\nnote = \"unknown field\"");
    let refs: Vec<(&str, &str)> = years.iter().map(|(n, t)| (*n, t.as_str())).collect();
    match Dataset::parse(("holidays.toml", holidays), &refs).unwrap_err() {
        CalendarError::Data { file, line, column, message } => {
            assert_eq!(file, "years/2018.toml");
            assert!(line > 1 && column == 1, "{line}:{column}");
            assert!(message.contains("unknown field `note`"), "{message}");
        }
        other => panic!("unexpected {other:?}"),
    }
    let missing = Dataset::parse(("holidays.toml", holidays), &YEAR_FILES[..5]).unwrap_err();
    assert!(missing.to_string().contains("year 2020 is inside first_year..last_year but has no years/2020.toml"));
}

#[test]
fn every_year_file_in_the_data_folder_is_compiled_in() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/kz/years");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| format!("years/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    on_disk.sort();
    let compiled: Vec<String> = YEAR_FILES.iter().map(|(n, _)| (*n).to_owned()).collect();
    assert_eq!(on_disk, compiled);
}
