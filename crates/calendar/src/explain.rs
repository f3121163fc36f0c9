//! Why a deadline is where it is: receipt of the filing and every non-ordinary day stepped over.

use chrono::{DateTime, NaiveDate, Utc};
use reglament_domain::{Language, Localized};
use serde::Serialize;

use crate::budget::{Budget, DayCounting};
use crate::calendar::{Day, DayKind};
use crate::error::CalendarError;
use crate::words;
use crate::working_time::WorkingTime;

/// Why a filing was not received at the instant it was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Deferral {
    /// Before opening on a working day.
    BeforeHours,
    /// During a break between working intervals.
    Break,
    /// After closing on a working day.
    AfterHours,
    /// On a day that is not a working day.
    NonWorkingDay,
}

impl Deferral {
    /// The reason in words.
    #[must_use]
    pub fn label(self) -> Localized {
        let (kk, ru) = match self {
            Self::BeforeHours => ("жұмыс уақыты басталғанға дейін", "до начала рабочего времени"),
            Self::Break => ("түскі үзіліс кезінде", "в перерыв"),
            Self::AfterHours => ("жұмыс уақыты аяқталғаннан кейін", "после окончания рабочего времени"),
            Self::NonWorkingDay => ("жұмыс емес күні", "в нерабочий день"),
        };
        Localized::new_static(kk, ru)
    }
}

/// A computed deadline with everything that explains it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// When the term started (the filing or event).
    pub start: DateTime<Utc>,
    /// When the start counts as received, if it differs from `start`, and why.
    pub received: Option<(DateTime<Utc>, Deferral)>,
    /// The term.
    pub budget: Budget,
    /// How days were counted.
    pub counting: DayCounting,
    /// The due instant.
    pub due: DateTime<Utc>,
    /// Every holiday, moved or transferred day between the start and the due day, in order.
    pub stepped_over: Vec<Day>,
    /// Ordinary rest days (Saturdays and Sundays) stepped over.
    pub rest_days: usize,
}

impl WorkingTime {
    /// Adds a term to `t` and explains the result.
    pub fn explain(&self, t: DateTime<Utc>, budget: Budget, counting: DayCounting) -> Result<Deadline, CalendarError> {
        let due = self.add(t, budget, counting)?;
        let at = self.locate(t.timestamp())?;
        let received = self.receive(at)?;
        let deferral = (received != at).then(|| {
            if !self.is_working(at.day) {
                Deferral::NonWorkingDay
            } else if at.sec < self.schedule().open() {
                Deferral::BeforeHours
            } else if at.sec > self.schedule().close() {
                Deferral::AfterHours
            } else {
                Deferral::Break
            }
        });
        let due_day = self.locate(due.timestamp())?.day;
        let days = self.calendar().days().get(at.day..=due_day).unwrap_or_default();
        Ok(Deadline {
            start: t,
            received: deferral.map(|d| (self.instant(received), d)),
            budget,
            counting,
            due,
            stepped_over: days.iter().filter(|d| d.kind.is_notable()).cloned().collect(),
            rest_days: days.iter().filter(|d| d.kind == DayKind::RestDay).count(),
        })
    }
}

impl Deadline {
    /// The explanation as lines of text in `lang`, local times in `zone`.
    #[must_use]
    pub fn lines(&self, zone: chrono_tz::Tz, lang: Language) -> Vec<String> {
        let at = |t| words::instant(t, zone, lang);
        let mut out = Vec::new();
        match (lang, self.received) {
            (Language::Ru, Some((r, why))) => {
                out.push(format!(
                    "Подано {} {}: считается поступившим {}",
                    at(self.start),
                    why.label().get(lang),
                    at(r)
                ));
            }
            (Language::Kk, Some((r, why))) => {
                out.push(format!("{} {} берілді: түскен уақыты {}", at(self.start), why.label().get(lang), at(r)));
            }
            (Language::Ru, None) => out.push(format!("Поступило {}", at(self.start))),
            (Language::Kk, None) => out.push(format!("Түскен уақыты {}", at(self.start))),
        }
        for day in &self.stepped_over {
            out.push(day_line(day, lang));
        }
        let term = self.budget.unit.phrase(self.budget.amount, lang);
        out.push(match lang {
            Language::Ru => {
                format!("Срок {term} (выходных суббот и воскресений: {}): истекает {}", self.rest_days, at(self.due))
            }
            Language::Kk => format!(
                "Мерзімі {term} (сенбі мен жексенбі демалыстары: {}): {} аяқталады",
                self.rest_days,
                at(self.due)
            ),
        });
        out
    }
}

/// One notable day in words, with its legal source: "вс, 22 марта 2026 — праздничный день: Наурыз мейрамы (Закон …)".
#[must_use]
pub fn day_line(day: &Day, lang: Language) -> String {
    let mut line = format!("{} — {}", words::date(day.date, lang), day.kind.label().get(lang));
    if let Some(reason) = &day.reason {
        line.push_str(": ");
        line.push_str(reason.title.get(lang));
        if let Some(linked) = reason.linked {
            line.push_str(&linked_phrase(day.kind, linked, lang));
        }
        line.push_str(" (");
        line.push_str(&reason.source);
        line.push(')');
    }
    line
}

fn linked_phrase(kind: DayKind, linked: NaiveDate, lang: Language) -> String {
    let d = words::date(linked, lang);
    match (kind, lang) {
        (DayKind::MovedDayOff, Language::Ru) => format!(", перенесён с {d}"),
        (DayKind::MovedDayOff, Language::Kk) => format!(", {d} күнінен ауыстырылды"),
        (DayKind::TransferredDayOff, Language::Ru) => format!(", взамен рабочего дня {d}"),
        (DayKind::TransferredDayOff, Language::Kk) => format!(", {d} жұмыс күнінің орнына"),
        (_, Language::Ru) => format!(", взамен {d}"),
        (_, Language::Kk) => format!(", {d} орнына"),
    }
}
