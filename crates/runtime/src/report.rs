//! The quality-control body's report on a period: for each service and provider, what became of
//! the applications filed in it (granted, refused, withdrawn, open), whether each was decided
//! within the service's legal term on the working calendar, how many working days decisions took,
//! which steps ran past their terms, which refusal grounds were cited, and the complaints lodged
//! about the service with the same measures. The instant the report is made is an argument.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use reglament_domain::Localized;
use reglament_engine::complaint::complained_service;
use reglament_engine::{Case, Law, Status};
use reglament_regulation::model::EndKind;
use reglament_store::{CaseFilter, Store};

use crate::{Runtime, RuntimeError};

/// The days a report covers, inclusive, as local dates of the provider's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    from: NaiveDate,
    to: NaiveDate,
}

impl Period {
    /// The period from `from` to `to`, both included; refused when it ends before it begins.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, RuntimeError> {
        if to < from {
            return Err(RuntimeError::BadPeriod { from, to });
        }
        Ok(Self { from, to })
    }

    fn contains(self, day: NaiveDate) -> bool {
        (self.from..=self.to).contains(&day)
    }
}

/// What became of the cases of one kind (applications, or complaints) filed in the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    /// Filed in the period.
    pub filed: u32,
    /// Ended with the result (for a complaint: satisfied).
    pub granted: u32,
    /// Ended with a reasoned refusal (for a complaint: rejected).
    pub refused: u32,
    /// Withdrawn by the applicant.
    pub withdrawn: u32,
    /// Granted or refused no later than the service's due instant.
    pub on_time: u32,
    /// Granted or refused after it.
    pub late: u32,
    /// Still open when the report was made.
    pub open: u32,
    /// Of those, past the service's due instant.
    pub overdue: u32,
    /// Working days each decision took (filing to decision), in ascending order.
    pub decision_days: Vec<i64>,
    /// The cases decided late or open past the term, by id.
    pub breached: Vec<String>,
}

impl Tally {
    /// The median of [`Self::decision_days`] (the lower middle of an even count).
    #[must_use]
    pub fn median_days(&self) -> Option<i64> {
        self.decision_days.get(self.decision_days.len().saturating_sub(1) / 2).copied()
    }

    /// Still open and within the term.
    #[must_use]
    pub fn in_term(&self) -> u32 {
        self.open - self.overdue
    }

    /// Decided past the term, or open past it: the breaches of the service's term.
    #[must_use]
    pub fn breaches(&self) -> u32 {
        self.late + self.overdue
    }

    fn add(&mut self, other: &Self) {
        self.filed += other.filed;
        self.granted += other.granted;
        self.refused += other.refused;
        self.withdrawn += other.withdrawn;
        self.on_time += other.on_time;
        self.late += other.late;
        self.open += other.open;
        self.overdue += other.overdue;
        self.decision_days.extend_from_slice(&other.decision_days);
        self.breached.extend(other.breached.iter().cloned());
    }

    /// Puts the decision days in ascending order and the breached cases by id (once, when
    /// everything is counted).
    fn order(&mut self) {
        self.decision_days.sort_unstable();
        self.breached.sort();
    }

    fn count(&mut self, case: &Case, due: Option<DateTime<Utc>>, days: Option<i64>, now: DateTime<Utc>) {
        self.filed += 1;
        match case.status {
            Status::Withdrawn => self.withdrawn += 1,
            Status::Open => {
                self.open += 1;
                if due.is_some_and(|d| d < now) {
                    self.overdue += 1;
                    self.breached.push(case.id.clone());
                }
            }
            Status::Closed(end) => {
                match end {
                    EndKind::Result => self.granted += 1,
                    EndKind::Refusal => self.refused += 1,
                }
                let late = matches!((due, case.ended_at), (Some(d), Some(e)) if e > d);
                self.late += u32::from(late);
                self.on_time += u32::from(!late);
                if late {
                    self.breached.push(case.id.clone());
                }
                self.decision_days.extend(days);
            }
        }
    }
}

/// A counted item with its text: a refusal ground or a step.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Counted {
    /// Its id in the act.
    pub id: String,
    /// Its text in the act.
    pub text: Localized,
    /// Where the act states it.
    pub cite: String,
    /// How many cases.
    pub cases: u32,
}

/// One service of one provider.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Line {
    /// The service's id.
    pub service: String,
    /// Its name.
    pub name: Localized,
    /// The provider.
    pub provider: Localized,
    /// Its applications.
    pub applications: Tally,
    /// The complaints about them (and about its earlier cases) lodged in the period.
    pub complaints: Tally,
    /// The refusal grounds the refusals cited, most cited first.
    pub grounds: Vec<Counted>,
    /// The steps that ran past their own terms (or, still running, are past them), most often first.
    pub late_steps: Vec<Counted>,
}

impl Line {
    fn new(law: &Law<'_>, service: &str) -> Self {
        Self {
            service: service.to_owned(),
            name: law.service.name.clone(),
            provider: law.service.provider.clone(),
            applications: Tally::default(),
            complaints: Tally::default(),
            grounds: Vec::new(),
            late_steps: Vec::new(),
        }
    }
}

/// The report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// The first day covered.
    pub from: NaiveDate,
    /// The last day covered.
    pub to: NaiveDate,
    /// When it was made (what "still open" and "overdue" are measured against).
    pub as_of: DateTime<Utc>,
    /// One line per service and provider, by the service's id.
    pub lines: Vec<Line>,
    /// Every line's applications added up.
    pub applications: Tally,
    /// Every line's complaints added up.
    pub complaints: Tally,
}

fn tick(list: &mut Vec<Counted>, id: &str, text: Localized, cite: String) {
    match list.iter_mut().find(|c| c.id == id) {
        Some(c) => c.cases += 1,
        None => list.push(Counted { id: id.to_owned(), text, cite, cases: 1 }),
    }
}

impl Runtime {
    /// The report on the cases filed in `period`, as they stand at `now`.
    pub async fn report(&self, period: Period, now: DateTime<Utc>) -> Result<Report, RuntimeError> {
        self.report_with_progress(period, now, |_, _| {}).await
    }

    /// [`Self::report`], telling `progress` how many of how many cases were read after each.
    pub async fn report_with_progress(
        &self,
        period: Period,
        now: DateTime<Utc>,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Report, RuntimeError> {
        let mut lines: BTreeMap<(String, String), Line> = BTreeMap::new();
        // The cases filed since a day before the period's first day (in any zone) hold every case
        // filed in it; each is checked against the period in its provider's zone below.
        let since = period.from.pred_opt().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc());
        let rows = self.store().cases(&CaseFilter { filed_since: since, ..CaseFilter::default() }).await?;
        for (done, row) in rows.iter().enumerate() {
            progress(done + 1, rows.len());
            let (case, course) = self.course(&row.id, now).await?;
            let law = self.law_of(&case)?;
            if !period.contains(case.filed_at.with_timezone(&law.wt.calendar().zone()).date_naive()) {
                continue;
            }
            let due = course.service_due;
            let days = case.ended_at.map(|e| law.wt.between(case.filed_at, e)).transpose()?.map(|e| e.working_days);
            let about = complained_service(&case.service);
            let service = about.unwrap_or(&case.service).to_owned();
            let key = (service.clone(), law.service.provider.get(reglament_domain::Language::Ru).to_owned());
            let line = lines.entry(key).or_insert_with(|| Line::new(&law, &service));
            if about.is_some() {
                line.complaints.count(&case, due, days, now);
                continue;
            }
            line.applications.count(&case, due, days, now);
            if case.status == Status::Closed(EndKind::Refusal) {
                for id in case.refusal.iter().flatten() {
                    if let Some(g) = law.service.refusal_grounds.iter().find(|g| g.id == *id) {
                        tick(&mut line.grounds, id, g.text.clone(), g.cite.reference.to_compact());
                    }
                }
            }
            for span in course.spans.iter().filter(|s| s.late()) {
                if let Some(step) = law.step_named(&span.step) {
                    tick(&mut line.late_steps, &span.step, step.action.clone(), step.cite.reference.to_compact());
                }
            }
        }
        let mut report = Report {
            from: period.from,
            to: period.to,
            as_of: now,
            lines: lines.into_values().collect(),
            applications: Tally::default(),
            complaints: Tally::default(),
        };
        for line in &mut report.lines {
            line.grounds.sort_by(|a, b| b.cases.cmp(&a.cases).then_with(|| a.id.cmp(&b.id)));
            line.late_steps.sort_by(|a, b| b.cases.cmp(&a.cases).then_with(|| a.id.cmp(&b.id)));
            line.applications.order();
            line.complaints.order();
            report.applications.add(&line.applications);
            report.complaints.add(&line.complaints);
        }
        report.applications.order();
        report.complaints.order();
        Ok(report)
    }
}

/// The CSV's columns before the measures, in Kazakh and Russian.
static HEAD: [Localized; 4] = [
    Localized::new_static("қызмет", "услуга"),
    Localized::new_static("атауы", "наименование"),
    Localized::new_static("көрсетілетін қызметті беруші", "услугодатель"),
    Localized::new_static("түрі", "вид"),
];

/// The names of a tally's measures, in the order [`Tally::measures`] gives them.
static MEASURES: [Localized; 10] = [
    Localized::new_static("берілді", "подано"),
    Localized::new_static("нәтиже", "результат"),
    Localized::new_static("бас тарту", "отказ"),
    Localized::new_static("кері қайтарылды", "отозвано"),
    Localized::new_static("мерзімінде", "в срок"),
    Localized::new_static("мерзімі бұзылып", "с нарушением срока"),
    Localized::new_static("қаралуда", "на рассмотрении"),
    Localized::new_static("оның ішінде мерзімі өткен", "из них просрочено"),
    Localized::new_static("мерзім бұзушылықтары", "нарушений срока"),
    Localized::new_static("медиана, жұмыс күні", "медиана, рабочих дней"),
];

/// The CSV's last column.
static PERIOD: Localized = Localized::new_static("кезең", "период");

/// What a line counts: applications, or complaints.
pub static APPLICATIONS: Localized = Localized::new_static("өтініштер", "заявления");
/// See [`APPLICATIONS`].
pub static COMPLAINTS: Localized = Localized::new_static("шағымдар", "жалобы");
/// The totals line's name.
pub static TOTAL: Localized = Localized::new_static("барлығы", "итого");

impl Tally {
    /// Each measure with its name, in the order the CSV and the command line show them (the
    /// median empty when nothing was decided).
    #[must_use]
    pub fn measures(&self) -> [(&'static Localized, String); 10] {
        let values = [
            self.filed,
            self.granted,
            self.refused,
            self.withdrawn,
            self.on_time,
            self.late,
            self.open,
            self.overdue,
            self.breaches(),
        ];
        let median = self.median_days().map(|d| d.to_string()).unwrap_or_default();
        std::array::from_fn(|i| (&MEASURES[i], values.get(i).map_or_else(|| median.clone(), u32::to_string)))
    }
}

impl Report {
    /// The report as CSV (RFC 4180) in `lang`: a header, then per service and provider one line
    /// for its applications and one for the complaints about it, then the totals.
    #[must_use]
    pub fn to_csv(&self, lang: reglament_domain::Language) -> String {
        let period = format!("{}…{}", self.from, self.to);
        let row = |service: &str, name: &str, provider: &str, kind: &Localized, t: &Tally| {
            let mut values: Vec<String> =
                vec![service.to_owned(), name.to_owned(), provider.to_owned(), kind.get(lang).to_owned()];
            values.extend(t.measures().into_iter().map(|(_, v)| v));
            values.push(period.clone());
            crate::csv::line(&values)
        };
        let header: Vec<&str> =
            HEAD.iter().chain(MEASURES.iter()).chain(std::iter::once(&PERIOD)).map(|c| c.get(lang)).collect();
        let mut out = crate::csv::line(&header);
        for l in &self.lines {
            let (name, provider) = (l.name.get(lang), l.provider.get(lang));
            out.push_str(&row(&l.service, name, provider, &APPLICATIONS, &l.applications));
            out.push_str(&row(&l.service, name, provider, &COMPLAINTS, &l.complaints));
        }
        let total = TOTAL.get(lang);
        out.push_str(&row("", total, "", &APPLICATIONS, &self.applications));
        out.push_str(&row("", total, "", &COMPLAINTS, &self.complaints));
        out
    }
}
