//! What a document says: its fields in the act's order (or its form's defaults), each filled from
//! the case's facts in one language, with the act's legal basis and the statement of legal
//! equivalence.

use chrono::NaiveDate;
use reglament_document::{Sheet, SheetField};
use reglament_domain::{DocumentForm, Language, Localized};
use reglament_engine::Law;
use reglament_regulation::model::{ActKind, Document};

use super::facts::Facts;
use super::vocabulary::{FieldSource, default_fields};

/// A document to render: which of the act's documents, for which case facts, numbered and dated.
#[derive(Debug, Clone, Copy)]
pub struct Composition<'a> {
    /// The law the case is under.
    pub law: &'a Law<'a>,
    /// The act's output document.
    pub document: &'a Document,
    /// The case's facts.
    pub facts: &'a Facts,
    /// The document's number.
    pub number: &'a str,
    /// The day it is issued.
    pub date: NaiveDate,
    /// The public page that verifies it (the QR code's target).
    pub verify_url: &'a str,
}

/// The statement that the e-document equals a paper one (Law of 7 January 2003 No. 370-II
/// "On electronic document and electronic digital signature", art. 7 p. 1).
#[must_use]
pub const fn statement() -> Localized {
    Localized::new_static(
        "Осы құжат «Электрондық құжат және электрондық цифрлық қолтаңба туралы» Қазақстан Республикасының 2003 жылғы 7 қаңтардағы № 370-II Заңының 7-бабының 1-тармағына сәйкес қағаз жеткізгіштегі құжатпен бірдей.",
        "Настоящий документ согласно пункту 1 статьи 7 Закона Республики Казахстан от 7 января 2003 года № 370-II «Об электронном документе и электронной цифровой подписи» равнозначен документу на бумажном носителе.",
    )
}

/// The document `c` describes, in `language`. A field id no case can fill states "—" (the
/// linter names such fields).
#[must_use]
pub fn compose(c: &Composition<'_>, language: Language) -> Sheet {
    let form = c.document.form.unwrap_or(DocumentForm::Letter);
    let given: Vec<(String, Option<Localized>)> = if c.document.fields.is_empty() {
        default_fields(form).iter().map(|id| ((*id).to_owned(), None)).collect()
    } else {
        c.document.fields.iter().map(|(id, name)| (id.clone(), Some(name.clone()))).collect()
    };
    let fields = given
        .into_iter()
        .map(|(id, name)| {
            let known = FieldSource::of(&id);
            let label = name.or_else(|| known.as_ref().map(|(_, l)| l.clone()));
            SheetField {
                label: label.map_or_else(|| id.clone(), |l| l.get(language).to_owned()),
                value: known.map_or_else(|| "—".to_owned(), |(source, _)| value(c, source, form, language)),
            }
        })
        .collect();
    let f = c.facts;
    Sheet {
        language,
        form,
        issuer: c.law.service.provider.get(language).to_owned(),
        title: c.document.name.get(language).to_owned(),
        number: c.number.to_owned(),
        date: c.date,
        fields,
        basis: basis(c, language),
        signatory: format!(
            "{}: {} ({} {})",
            f.position.get(language),
            f.signatory.name,
            pick(language, "ЖСН", "ИИН"),
            f.signatory.iin
        ),
        verify_url: c.verify_url.to_owned(),
        statement: statement().get(language).to_owned(),
    }
}

/// `kk` or `ru` by language.
fn pick(language: Language, kk: &'static str, ru: &'static str) -> &'static str {
    match language {
        Language::Kk => kk,
        Language::Ru => ru,
    }
}

/// A day as the provider writes it.
fn day(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

/// The act the document is issued under, with the clause that defines the document.
fn basis(c: &Composition<'_>, language: Language) -> String {
    let act = c.law.act;
    let kind = match act.kind {
        ActKind::Order => pick(language, "бұйрығы", "приказ"),
        ActKind::JointOrder => pick(language, "бірлескен бұйрығы", "совместный приказ"),
        ActKind::Decree => pick(language, "қаулысы", "постановление"),
        ActKind::Law => pick(language, "Заңы", "закон"),
    };
    let cite = c.document.cite.reference.display(language);
    match language {
        Language::Kk => {
            format!("Негіздеме: {} {} № {} {kind}; {cite}", act.issuer.get(language), day(act.date), act.number)
        }
        Language::Ru => {
            format!("Основание: {kind} {} от {} № {}; {cite}", act.issuer.get(language), day(act.date), act.number)
        }
    }
}

/// The value of a field from `source`.
fn value(c: &Composition<'_>, source: FieldSource, form: DocumentForm, language: Language) -> String {
    let (f, law) = (c.facts, c.law);
    let none = || "—".to_owned();
    match source {
        FieldSource::NumberDate => format!("№ {}, {}", c.number, day(c.date)),
        FieldSource::Activity => law.service.activity.as_ref().unwrap_or(&law.service.name).get(language).to_owned(),
        FieldSource::Subject => law.service.name.get(language).to_owned(),
        FieldSource::Holder => holder(f, language),
        FieldSource::SpecialConditions => pick(language, "Жоқ", "Нет").to_owned(),
        FieldSource::Remark => none(),
        FieldSource::Provider => law.service.provider.get(language).to_owned(),
        FieldSource::Signatory => format!("{}: {}", f.position.get(language), f.signatory.name),
        FieldSource::FirstIssued => day(f.first_issued.unwrap_or(c.date)),
        FieldSource::Validity => c.document.validity.as_ref().map_or_else(none, |v| v.get(language).to_owned()),
        FieldSource::Place => f.place.get(language).to_owned(),
        FieldSource::Application => format!("№ {}, {}", f.application, day(f.filed_on)),
        FieldSource::Reasons => reasons(c, language).unwrap_or_else(none),
        FieldSource::Decision => if form == DocumentForm::Refusal || !f.grounds.is_empty() {
            pick(language, "Мемлекеттік қызмет көрсетуден бас тарту", "Отказать в оказании государственной услуги")
        } else {
            pick(language, "Мемлекеттік қызметті көрсету", "Оказать государственную услугу")
        }
        .to_owned(),
        FieldSource::Hearing => f.hearing.as_ref().map_or_else(none, |(at, place)| format!("{at}, {place}")),
        FieldSource::Received => law
            .variant
            .documents
            .iter()
            .map(|&d| law.act.documents[d].name.get(language))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// The holder: the person by IIN, or the entity by BIN (not the person who applied for it).
fn holder(f: &Facts, language: Language) -> String {
    let h = &f.holder;
    match &h.entity {
        Some((name, bin)) => format!("{name}, {} {bin}", pick(language, "БСН", "БИН")),
        None => format!("{}, {} {}", h.name, pick(language, "ЖСН", "ИИН"), h.iin),
    }
}

/// The chosen grounds, one per line, each with the act's number and clause.
fn reasons(c: &Composition<'_>, language: Language) -> Option<String> {
    let lines: Vec<String> = c
        .facts
        .grounds
        .iter()
        .filter_map(|id| c.law.service.refusal_grounds.iter().find(|g| g.id == *id))
        .map(|g| {
            let number = g.number.as_ref().map_or(String::new(), |(n, _)| format!("{n} "));
            format!("{number}{} ({})", g.text.get(language), g.cite.reference.display(language))
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}
