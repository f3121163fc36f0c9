//! The fields a document can state and where each value comes from: the ids the encoded acts use
//! in a document's `field` list, with a label for acts that give the document no form of its own.

use reglament_domain::{DocumentForm, Localized};

/// Where a field's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldSource {
    /// The document's number and date.
    NumberDate,
    /// The service (the licensed activity).
    Activity,
    /// Whom the document is about (licensee, applicant, candidate, holder).
    Holder,
    /// The special conditions of a permit (none unless the act sets them).
    SpecialConditions,
    /// A remark the act's form carries (none unless the act sets one).
    Remark,
    /// The provider (licensor, authority).
    Provider,
    /// The official who signs, with the position.
    Signatory,
    /// The date of first issue.
    FirstIssued,
    /// How long it is valid.
    Validity,
    /// Where it is issued.
    Place,
    /// The application's number and date.
    Application,
    /// The refusal grounds chosen, each with its clause.
    Reasons,
    /// The decision (granted or refused).
    Decision,
    /// The hearing's appointment.
    Hearing,
    /// The documents received (the variant's input documents).
    Received,
    /// What a letter is about.
    Subject,
}

/// Every field id the acts may use, with its source and the label used when the act names none.
const FIELDS: [(&str, FieldSource, Localized); 20] = [
    ("number-date", FieldSource::NumberDate, Localized::new_static("Нөмірі мен берілген күні", "Номер и дата выдачи")),
    ("activity", FieldSource::Activity, Localized::new_static("Мемлекеттік қызмет", "Государственная услуга")),
    ("holder", FieldSource::Holder, Localized::new_static("Иесі", "Владелец")),
    ("licensee", FieldSource::Holder, Localized::new_static("Лицензиат", "Лицензиат")),
    ("applicant", FieldSource::Holder, Localized::new_static("Көрсетілетін қызметті алушы", "Услугополучатель")),
    ("candidate", FieldSource::Holder, Localized::new_static("Үміткер", "Кандидат")),
    ("special-conditions", FieldSource::SpecialConditions, Localized::new_static("Ерекше шарттары", "Особые условия")),
    ("remark", FieldSource::Remark, Localized::new_static("Ескерту", "Примечание")),
    ("licensor", FieldSource::Provider, Localized::new_static("Лицензиар", "Лицензиар")),
    ("authority", FieldSource::Provider, Localized::new_static("Көрсетілетін қызметті беруші", "Услугодатель")),
    (
        "signatory",
        FieldSource::Signatory,
        Localized::new_static("Қол қойған лауазымды тұлға", "Подписавшее должностное лицо"),
    ),
    ("first-issued", FieldSource::FirstIssued, Localized::new_static("Алғаш берілген күні", "Дата первичной выдачи")),
    ("validity", FieldSource::Validity, Localized::new_static("Қолданылу мерзімі", "Срок действия")),
    ("place", FieldSource::Place, Localized::new_static("Берілген орны", "Место выдачи")),
    (
        "application",
        FieldSource::Application,
        Localized::new_static("Өтініштің нөмірі мен күні", "Номер и дата заявления"),
    ),
    ("reason", FieldSource::Reasons, Localized::new_static("Бас тарту негіздері", "Основания отказа")),
    ("decision", FieldSource::Decision, Localized::new_static("Шешім", "Решение")),
    (
        "hearing",
        FieldSource::Hearing,
        Localized::new_static("Тыңдау (күні, уақыты, орны)", "Заслушивание (дата, время, место)"),
    ),
    ("documents", FieldSource::Received, Localized::new_static("Қабылданған құжаттар", "Принятые документы")),
    ("subject", FieldSource::Subject, Localized::new_static("Мәні", "Предмет")),
];

impl FieldSource {
    /// The source and default label of field `id`, or `None` for an id no case can fill.
    #[must_use]
    pub fn of(id: &str) -> Option<(Self, Localized)> {
        FIELDS.iter().find(|(name, _, _)| *name == id).map(|(_, source, label)| (*source, label.clone()))
    }
}

/// The fields of a document of `form` whose act gives no form of its own.
#[must_use]
pub fn default_fields(form: DocumentForm) -> &'static [&'static str] {
    match form {
        DocumentForm::Grant => {
            &["number-date", "activity", "holder", "licensor", "signatory", "first-issued", "validity", "place"]
        }
        DocumentForm::Refusal => &["applicant", "authority", "application", "reason", "signatory"],
        DocumentForm::Notice => &["applicant", "authority", "application", "reason", "hearing", "signatory"],
        DocumentForm::Minutes => &["applicant", "application", "decision", "reason", "signatory"],
        DocumentForm::Order => &["applicant", "authority", "application", "decision", "signatory"],
        DocumentForm::Receipt => &["applicant", "authority", "application", "documents", "signatory"],
        DocumentForm::Letter => &["applicant", "authority", "application", "subject", "signatory"],
    }
}
