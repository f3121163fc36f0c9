//! Reading an act file in two phases: the mirror (each top-level entry deserialised on its own,
//! so one bad entry does not hide the next), then resolution of every reference, term, citation
//! and schedule. Both phases report every problem they find, with file, line and column.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::str::FromStr;

use chrono::NaiveDate;
use reglament_calendar::Schedule;
use reglament_domain::{ActId, LegalRef, Localized};
use serde::de::{DeserializeOwned, IntoDeserializer};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::mirror::{self, S};
use crate::model::{
    Act, Amendment, Check, Cited, Complaint, Document, DocumentKind, Hearing, Note, Process, RefusalGround, Role,
    Service, Step, TermAt, Variant,
};
use crate::term::Term;

/// Reads an act file. Returns the act when it has no errors, and every diagnostic either way.
#[must_use]
pub fn read(file: &str, text: &str) -> (Option<Act>, Vec<Diagnostic>) {
    let mut reader = Reader { file, text, act: None, diagnostics: Vec::new(), broken: HashSet::new() };
    let mirror = reader.mirror();
    let act = mirror.and_then(|m| reader.resolve(m));
    let has_errors = reader.diagnostics.iter().any(|d| d.severity == Severity::Error);
    reader.diagnostics.sort_by(|a, b| a.location.cmp(&b.location));
    (if has_errors { None } else { act }, reader.diagnostics)
}

/// The file as written, each section as far as it could be read.
struct Mirror {
    act: mirror::Act,
    amendment: Vec<mirror::Amendment>,
    role: Vec<mirror::Role>,
    document: Vec<mirror::Document>,
    service: Vec<mirror::Service>,
    process: Vec<mirror::Process>,
    note: Vec<mirror::Note>,
}

struct Reader<'a> {
    file: &'a str,
    text: &'a str,
    act: Option<ActId>,
    diagnostics: Vec<Diagnostic>,
    /// Ids of entries that could not be read (already reported).
    broken: HashSet<String>,
}

impl Reader<'_> {
    fn at(&self, span: Range<usize>) -> Location {
        Location::at(self.file, self.text, span.start)
    }

    fn error(&mut self, code: &'static str, span: Range<usize>, kk: String, ru: String) {
        let location = self.at(span);
        self.diagnostics.push(Diagnostic {
            code,
            severity: Severity::Error,
            location,
            message: Localized::new(kk, ru).unwrap_or_else(|_| Localized::new_static("?", "?")),
            clauses: Vec::new(),
        });
    }

    // ---- phase 1: the mirror ----

    fn mirror(&mut self) -> Option<Mirror> {
        let (root, errors) = DeTable::parse_recoverable(self.text);
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            let m = e.message().to_owned();
            self.error("parse.syntax", span, format!("TOML синтаксисі: {m}"), format!("синтаксис TOML: {m}"));
        }
        let root_span = root.span();
        let root = root.into_inner();
        let (mut act, mut m) = (None, Mirror::empty());
        for (key, value) in &root {
            match key.get_ref().as_ref() {
                "act" => act = self.one(value),
                "amendment" => m.amendment = self.many(value),
                "role" => m.role = self.many(value),
                "document" => m.document = self.many(value),
                "service" => m.service = self.each(value, Self::service_entry),
                "process" => m.process = self.each(value, Self::process_entry),
                "note" => m.note = self.many(value),
                other => {
                    let sections = mirror::SECTIONS.join(", ");
                    self.error(
                        "parse.unknown_section",
                        key.span(),
                        format!("белгісіз бөлім `{other}`; мүмкін бөлімдер: {sections}"),
                        format!("неизвестный раздел `{other}`; допустимые разделы: {sections}"),
                    );
                }
            }
        }
        if let Some(act) = act {
            m.act = Some(act);
            return m.finish();
        }
        if !root.contains_key("act") {
            self.error(
                "parse.missing_act",
                root_span.start..root_span.start,
                "[act] бөлімі жоқ: актінің деректемелері міндетті".into(),
                "нет раздела [act]: реквизиты акта обязательны".into(),
            );
        }
        None
    }

    fn one<T: DeserializeOwned>(&mut self, value: &Spanned<DeValue<'_>>) -> Option<T> {
        let DeValue::Table(table) = value.get_ref() else {
            self.error(
                "parse.shape",
                value.span(),
                "мұнда кесте (table) күтіледі".into(),
                "здесь ожидается таблица (table)".into(),
            );
            return None;
        };
        let de = Spanned::new(value.span(), table.clone()).into_deserializer();
        match T::deserialize(de) {
            Ok(v) => Some(v),
            Err(e) => {
                let span = e.span().unwrap_or_else(|| value.span());
                let m = e.message().to_owned();
                self.error("parse.shape", span, format!("жазба оқылмады: {m}"), format!("запись не прочитана: {m}"));
                None
            }
        }
    }

    fn many<T: DeserializeOwned>(&mut self, value: &Spanned<DeValue<'_>>) -> Vec<T> {
        self.each(value, Self::one)
    }

    /// Reads every entry of an array of tables with `read_entry`. An entry that cannot be read
    /// still lends its `id` to [`Self::broken`], so references to it are not reported again.
    fn each<T>(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        read_entry: impl Fn(&mut Self, &Spanned<DeValue<'_>>) -> Option<T>,
    ) -> Vec<T> {
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                "parse.shape",
                value.span(),
                "мұнда кестелер массиві ([[...]]) күтіледі".into(),
                "здесь ожидается массив таблиц ([[...]])".into(),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match read_entry(self, item) {
                Some(entry) => out.push(entry),
                None => {
                    if let Some(id) = item.get_ref().get("id").and_then(|v| v.get_ref().as_str()) {
                        self.broken.insert(id.to_owned());
                    }
                }
            }
        }
        out
    }

    /// Reads a table whose nested arrays (`nested`) are read entry by entry, so that a fault in
    /// one step does not hide the faults of the others. Returns the outer entry (with the nested
    /// arrays empty) and the nested arrays' values.
    fn split<'v, 'i, T: DeserializeOwned>(
        &mut self,
        value: &'v Spanned<DeValue<'i>>,
        nested: &[&str],
    ) -> (Option<T>, Vec<Option<&'v Spanned<DeValue<'i>>>>) {
        let DeValue::Table(table) = value.get_ref() else { return (self.one(value), Vec::new()) };
        let mut outer = table.clone();
        let mut inner = Vec::new();
        for key in nested {
            inner.push(table.get(*key));
            if let Some(v) = outer.get_mut(*key) {
                *v = Spanned::new(v.span(), DeValue::Array(toml::de::DeArray::new()));
            }
        }
        let outer = Spanned::new(value.span(), DeValue::Table(outer));
        (self.one(&outer), inner)
    }

    fn process_entry(&mut self, value: &Spanned<DeValue<'_>>) -> Option<mirror::Process> {
        let (process, nested) = self.split::<mirror::Process>(value, &["check", "step"]);
        let check = nested.first().copied().flatten().map(|v| self.many(v)).unwrap_or_default();
        let step = nested.get(1).copied().flatten().map(|v| self.many(v)).unwrap_or_default();
        process.map(|p| mirror::Process { check, step, ..p })
    }

    fn service_entry(&mut self, value: &Spanned<DeValue<'_>>) -> Option<mirror::Service> {
        let (service, nested) = self.split::<mirror::Service>(value, &["fetched", "refusal_ground", "variant"]);
        let fetched = nested.first().copied().flatten().map(|v| self.many(v)).unwrap_or_default();
        let refusal_ground = nested.get(1).copied().flatten().map(|v| self.many(v)).unwrap_or_default();
        let variant = nested.get(2).copied().flatten().map(|v| self.many(v)).unwrap_or_default();
        service.map(|s| mirror::Service { fetched, refusal_ground, variant, ..s })
    }

    // ---- phase 2: resolution ----

    fn resolve(&mut self, m: Mirror) -> Option<Act> {
        let act_id = match ActId::from_str(m.act.id.get_ref()) {
            Ok(id) => id,
            Err(e) => {
                self.error(
                    "resolve.act_id",
                    m.act.id.span(),
                    format!("акт идентификаторы: {e}"),
                    format!("идентификатор акта: {e}"),
                );
                return None;
            }
        };
        self.act = Some(act_id.clone());
        let roles = self.index("role", m.role.iter().map(|r| &r.id));
        let documents = self.index("document", m.document.iter().map(|d| &d.id));
        let processes = self.index("process", m.process.iter().map(|p| &p.id));
        self.index("service", m.service.iter().map(|s| &s.id));

        let date = self.date(&m.act.date);
        let in_force_from = self.date(&m.act.in_force_from);
        let in_force_until = m.act.in_force_until.as_ref().map(|d| self.date(d));
        let registration = match m.act.registration {
            Some(r) => Some((r.number, self.date(&r.date)?)),
            None => None,
        };
        let amendments: Vec<Amendment> = m
            .amendment
            .into_iter()
            .filter_map(|a| Some(Amendment { by: a.by, effective: self.date(&a.effective)?, summary: a.summary }))
            .collect();
        let act = Act {
            file: self.file.to_owned(),
            id: act_id,
            kind: m.act.kind,
            issuer: m.act.issuer,
            number: m.act.number,
            date: date?,
            registration,
            title: m.act.title,
            in_force_from: in_force_from?,
            in_force_until: match in_force_until {
                Some(d) => Some(d?),
                None => None,
            },
            in_force_at: self.at(m.act.in_force_from.span()),
            repealed_by: m.act.repealed_by,
            amends: m.act.amends,
            source_file: m.act.source.file,
            amendments,
            roles: m
                .role
                .into_iter()
                .filter_map(|r| {
                    Some(Role { cite: self.cite(&r.cite)?, id: r.id.into_inner(), name: r.name, kind: r.kind })
                })
                .collect(),
            documents: m
                .document
                .into_iter()
                .filter_map(|d| {
                    if (d.kind == DocumentKind::Output) != d.form.is_some() {
                        self.error(
                            "resolve.document_form",
                            d.id.span(),
                            format!("`{}`: нәтиже құжатында ғана `form` болады және болуы тиіс", d.id.get_ref()),
                            format!("`{}`: `form` есть у выходного документа, и только у него", d.id.get_ref()),
                        );
                    }
                    Some(Document {
                        cite: self.cite(&d.cite)?,
                        id: d.id.into_inner(),
                        name: d.name,
                        kind: d.kind,
                        condition: d.condition,
                        form: d.form,
                        validity: d.validity,
                        iin_public: d.iin_public,
                        fields: d.field.into_iter().map(|f| (f.id, f.name)).collect(),
                    })
                })
                .collect(),
            processes: Vec::new(),
            services: Vec::new(),
            notes: Vec::new(),
        };
        let processes_resolved: Vec<Process> =
            m.process.into_iter().filter_map(|p| self.process(p, &roles, &documents, &act)).collect();
        let services: Vec<Service> =
            m.service.into_iter().filter_map(|s| self.service(s, &documents, &processes, &act)).collect();
        let notes: Vec<Note> = m.note.into_iter().filter_map(|n| self.note(n)).collect();
        Some(Act { processes: processes_resolved, services, notes, ..act })
    }

    /// Ids to indices; duplicates reported.
    fn index<'m>(&mut self, what: &str, ids: impl Iterator<Item = &'m S>) -> HashMap<String, usize> {
        let mut map = HashMap::new();
        for (i, id) in ids.enumerate() {
            if map.insert(id.get_ref().clone(), i).is_some() {
                self.error(
                    "resolve.duplicate_id",
                    id.span(),
                    format!("{what} `{}` екі рет анықталған", id.get_ref()),
                    format!("{what} `{}` определён дважды", id.get_ref()),
                );
            }
        }
        map
    }

    fn lookup(&mut self, what: &str, map: &HashMap<String, usize>, id: &S) -> Option<usize> {
        let found = map.get(id.get_ref()).copied();
        if found.is_none() && !self.broken.contains(id.get_ref()) {
            let mut known: Vec<&str> = map.keys().map(String::as_str).collect();
            known.sort_unstable();
            let known = known.join(", ");
            self.error(
                "resolve.unknown_reference",
                id.span(),
                format!("белгісіз {what} `{}`; бары: {known}", id.get_ref()),
                format!("неизвестный {what} `{}`; есть: {known}", id.get_ref()),
            );
        }
        found
    }

    fn cite(&mut self, s: &S) -> Option<Cited> {
        let text = s.get_ref();
        let full = if text.contains('#') {
            text.clone()
        } else {
            format!("{}#{text}", self.act.as_ref().map_or("", ActId::as_str))
        };
        match LegalRef::from_str(&full) {
            Ok(reference) => Some(Cited { reference, at: self.at(s.span()) }),
            Err(e) => {
                self.error(
                    "resolve.cite",
                    s.span(),
                    format!("сілтеме `{text}` оқылмады: {e}"),
                    format!("ссылка `{text}` не прочитана: {e}"),
                );
                None
            }
        }
    }

    fn date(&mut self, d: &mirror::Date) -> Option<NaiveDate> {
        let value = d.get_ref();
        let parsed = match (value.date, value.time, value.offset) {
            (Some(date), None, None) => {
                NaiveDate::from_ymd_opt(i32::from(date.year), u32::from(date.month), u32::from(date.day))
            }
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                "resolve.date",
                d.span(),
                format!("`{value}` — күн ретінде жазылсын: 2021-08-31"),
                format!("`{value}` — запишите как дату: 2021-08-31"),
            );
        }
        parsed
    }

    fn term(&mut self, s: &S) -> Option<TermAt> {
        match Term::from_str(s.get_ref()) {
            Ok(term) => Some(TermAt { term, at: self.at(s.span()) }),
            Err(e) => {
                self.error("resolve.term", s.span(), format!("мерзім: {e}"), format!("срок: {e}"));
                None
            }
        }
    }

    fn opt_term(&mut self, s: Option<&S>) -> Result<Option<TermAt>, ()> {
        s.map_or(Ok(None), |s| self.term(s).map(Some).ok_or(()))
    }

    fn documents_of_kind(
        &mut self,
        ids: &[S],
        map: &HashMap<String, usize>,
        act: &Act,
        kind: DocumentKind,
    ) -> Vec<usize> {
        let mut out = Vec::new();
        for id in ids {
            let Some(i) = self.lookup("document", map, id) else { continue };
            if act.documents.get(i).is_some_and(|d| d.kind != kind) {
                let (kk, ru) = match kind {
                    DocumentKind::Input => {
                        ("өтініш берушінің құжаты (input) күтіледі", "ожидается документ заявителя (input)")
                    }
                    DocumentKind::Output => ("нәтиже құжаты (output) күтіледі", "ожидается выходной документ (output)"),
                };
                self.error(
                    "resolve.document_kind",
                    id.span(),
                    format!("`{}`: {kk}", id.get_ref()),
                    format!("`{}`: {ru}", id.get_ref()),
                );
            }
            out.push(i);
        }
        out
    }

    fn process(
        &mut self,
        p: mirror::Process,
        roles: &HashMap<String, usize>,
        documents: &HashMap<String, usize>,
        act: &Act,
    ) -> Option<Process> {
        let steps_index = self.index("step", p.step.iter().map(|s| &s.id));
        let start = self.lookup("step", &steps_index, &p.start);
        let cite = self.cite(&p.cite);
        let checks: Vec<Check> = p
            .check
            .into_iter()
            .filter_map(|c| {
                Some(Check { cite: self.cite(&c.cite)?, id: c.id.into_inner(), kind: c.kind, message: c.message })
            })
            .collect();
        let mut steps = Vec::new();
        let mut ok = true;
        for s in p.step {
            let actor = self.lookup("role", roles, &s.actor);
            let term = self.opt_term(s.term.as_ref());
            let step_cite = self.cite(&s.cite);
            let docs = self.documents_of_kind(&s.documents, documents, act, DocumentKind::Output);
            let next: Vec<Option<usize>> = s.next.iter().map(|n| self.lookup("step", &steps_index, n)).collect();
            let branches: Vec<Option<(Localized, usize)>> =
                s.branch.into_iter().map(|b| self.lookup("step", &steps_index, &b.to).map(|to| (b.when, to))).collect();
            match (actor, term, step_cite) {
                (Some(actor), Ok(term), Some(cite))
                    if next.iter().all(Option::is_some) && branches.iter().all(Option::is_some) =>
                {
                    steps.push(Step {
                        at: self.at(s.id.span()),
                        id: s.id.into_inner(),
                        number: s.number.map(|n| (n.get_ref().clone(), self.at(n.span()))),
                        actor,
                        action: s.action,
                        term,
                        produces: s.produces,
                        documents: docs,
                        next: next.into_iter().flatten().collect(),
                        branches: branches.into_iter().flatten().collect(),
                        end: s.end,
                        hearing: s.hearing,
                        cite,
                    });
                }
                _ => ok = false,
            }
        }
        Some(Process {
            at: self.at(p.id.span()),
            id: p.id.into_inner(),
            name: p.name,
            start: start?,
            checks,
            steps: if ok { steps } else { return None },
            cite: cite?,
        })
    }

    fn service(
        &mut self,
        entry: mirror::Service,
        documents: &HashMap<String, usize>,
        processes: &HashMap<String, usize>,
        act: &Act,
    ) -> Option<Service> {
        let schedule = match &entry.schedule {
            None => Some(Schedule::seed_standard()),
            Some(text) => match text.get_ref().parse::<Schedule>() {
                Ok(schedule) => Some(schedule),
                Err(e) => {
                    self.error(
                        "resolve.schedule",
                        text.span(),
                        format!("жұмыс кестесі: {e}"),
                        format!("график работы: {e}"),
                    );
                    None
                }
            },
        };
        let cite = self.cite(&entry.cite);
        let fetched: Vec<_> = entry
            .fetched
            .into_iter()
            .filter_map(|f| {
                Some(crate::model::Fetched {
                    what: f.what,
                    source: f.system,
                    systems: f.systems,
                    cite: self.cite(&f.cite)?,
                })
            })
            .collect();
        self.index("refusal ground", entry.refusal_ground.iter().map(|g| &g.id));
        let refusal_grounds: Vec<RefusalGround> = entry
            .refusal_ground
            .into_iter()
            .filter_map(|g| {
                Some(RefusalGround {
                    cite: self.cite(&g.cite)?,
                    id: g.id.into_inner(),
                    number: g.number.map(|n| (n.get_ref().clone(), self.at(n.span()))),
                    text: g.text,
                    indicated_by: g.indicated_by,
                })
            })
            .collect();
        let complaint = match entry.complaint {
            None => None,
            Some(route) => {
                let provider_term = self.term(&route.provider_term);
                let quality_body_term = self.term(&route.quality_body_term);
                let forward_within = self.opt_term(route.forward_within.as_ref());
                let route_cite = self.cite(&route.cite);
                Some(Complaint {
                    provider_term: provider_term?,
                    quality_body_term: quality_body_term?,
                    forward_within: forward_within.ok()?,
                    cite: route_cite?,
                })
            }
        };
        self.index("variant", entry.variant.iter().map(|v| &v.id));
        let variants: Vec<Variant> =
            entry.variant.into_iter().filter_map(|v| self.variant(v, documents, processes, act)).collect();
        Some(Service {
            id: entry.id.into_inner(),
            name: entry.name,
            provider: entry.provider,
            activity: entry.activity,
            results: entry.results,
            delivery: entry.delivery,
            schedule: schedule?,
            fetched,
            refusal_grounds,
            complaint,
            variants,
            cite: cite?,
        })
    }

    fn variant(
        &mut self,
        entry: mirror::Variant,
        documents: &HashMap<String, usize>,
        processes: &HashMap<String, usize>,
        act: &Act,
    ) -> Option<Variant> {
        let term = self.term(&entry.term);
        let term_cite = self.cite(&entry.term_cite);
        let fee_cite = entry.fee_cite.as_ref().map(|c| self.cite(c));
        let docs = self.documents_of_kind(&entry.documents, documents, act, DocumentKind::Input);
        let process = self.lookup("process", processes, &entry.process);
        let hearing = match entry.hearing {
            None => Some(None),
            Some(entry_hearing) => {
                let notice = self.term(&entry_hearing.notice_before_end);
                let hold = self.opt_term(entry_hearing.hold_within.as_ref());
                let objections = self.opt_term(entry_hearing.objections_within.as_ref());
                let extends = self.opt_term(entry_hearing.extends_term_by.as_ref());
                let hearing_cite = self.cite(&entry_hearing.cite);
                match (notice, hold, objections, extends, hearing_cite) {
                    (
                        Some(notice_before_end),
                        Ok(hold_within),
                        Ok(objections_within),
                        Ok(extends_term_by),
                        Some(cite),
                    ) => {
                        Some(Some(Hearing { notice_before_end, hold_within, objections_within, extends_term_by, cite }))
                    }
                    _ => None,
                }
            }
        };
        let fee = match (entry.fee, fee_cite) {
            (Some(formula), Some(Some(cited))) => Some((formula, Some(cited))),
            (Some(formula), None) => Some((formula, None)),
            (_, Some(None)) => return None,
            (None, _) => None,
        };
        Some(Variant {
            at: self.at(entry.id.span()),
            id: entry.id.into_inner(),
            name: entry.name,
            channels: entry.channels,
            term: term?,
            term_cite: term_cite?,
            fee,
            documents: docs,
            process: process?,
            hearing: hearing?,
        })
    }

    fn note(&mut self, n: mirror::Note) -> Option<Note> {
        let cites: Vec<Option<Cited>> = n.cites.iter().map(|c| self.cite(c)).collect();
        let alternatives: Vec<Option<(Localized, Cited)>> =
            n.alternative.into_iter().map(|a| self.cite(&a.cite).map(|c| (a.reading, c))).collect();
        Some(Note {
            at: self.at(n.about.span()),
            about: n.about.into_inner(),
            kind: n.kind,
            text: n.text,
            chosen: n.chosen,
            alternatives: alternatives.into_iter().collect::<Option<_>>()?,
            cites: cites.into_iter().collect::<Option<_>>()?,
        })
    }
}

impl Mirror {
    fn empty() -> PartialMirror {
        PartialMirror::default()
    }
}

/// A mirror being filled section by section.
#[derive(Default)]
struct PartialMirror {
    act: Option<mirror::Act>,
    amendment: Vec<mirror::Amendment>,
    role: Vec<mirror::Role>,
    document: Vec<mirror::Document>,
    service: Vec<mirror::Service>,
    process: Vec<mirror::Process>,
    note: Vec<mirror::Note>,
}

impl PartialMirror {
    fn finish(self) -> Option<Mirror> {
        Some(Mirror {
            act: self.act?,
            amendment: self.amendment,
            role: self.role,
            document: self.document,
            service: self.service,
            process: self.process,
            note: self.note,
        })
    }
}
