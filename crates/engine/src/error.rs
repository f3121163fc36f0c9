//! The engine's one error type: why a command is refused, with stable codes and a message in
//! Kazakh and Russian for the person refused.

use reglament_domain::Localized;

/// Why a command cannot be applied to a case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// The case does not exist yet (only `File` creates one).
    #[error("case `{0}` does not exist")]
    NoCase(String),
    /// `File` for a case that exists.
    #[error("case `{0}` is already filed")]
    AlreadyFiled(String),
    /// The case is closed (result delivered, refused, or withdrawn).
    #[error("case `{0}` is closed")]
    Closed(String),
    /// The step is not one the case is waiting for.
    #[error("step `{step}` is not active in case `{case}` (active: {active})")]
    StepNotActive {
        /// The case.
        case: String,
        /// The step asked for.
        step: String,
        /// The steps that are active.
        active: String,
    },
    /// The outcome chosen is not one the step has.
    #[error("step `{step}` has no outcome {outcome}")]
    NoSuchOutcome {
        /// The step.
        step: String,
        /// The outcome asked for.
        outcome: String,
    },
    /// The step belongs to a role the actor does not hold.
    #[error("step `{step}` is performed by `{role}`, which {actor} does not hold")]
    NotYourStep {
        /// The step.
        step: String,
        /// The role the act gives it.
        role: String,
        /// Who asked.
        actor: String,
    },
    /// The official works for another provider than the case's.
    #[error("the case is provided by BIN {case}; {actor} is an official of BIN {official}")]
    OtherProvider {
        /// The case's provider.
        case: String,
        /// The official's provider.
        official: String,
        /// Who asked.
        actor: String,
    },
    /// The case was recorded before cases named their provider: no official may act on it.
    #[error("case `{0}` names no provider")]
    NoProvider(String),
    /// Only the role that receives the application registers it.
    #[error("the application is registered by `{role}`, which {actor} does not hold")]
    NotRegistrar {
        /// The registering role.
        role: String,
        /// Who asked.
        actor: String,
    },
    /// Only the applicant (or an integrator's filing token) gives this command.
    #[error("only the applicant of the case may do this, not {actor}")]
    NotTheApplicant {
        /// Who asked.
        actor: String,
    },
    /// Only the platform itself (the worker, the timers, the payment check) records this.
    #[error("only the platform records this, not {actor}")]
    SystemOnly {
        /// Who asked.
        actor: String,
    },
    /// A refusal ground that the act does not list for the service.
    #[error("`{ground}` is not a refusal ground of the act for `{service}`")]
    UnknownGround {
        /// The ground asked for.
        ground: String,
        /// The service.
        service: String,
    },
    /// A refusal proposed without any ground.
    #[error("a refusal needs at least one ground of the act")]
    NoGround,
    /// The step issues a document and completes only once it is issued.
    #[error("step `{step}` issues `{document}`: it completes only once the document is signed and issued")]
    DocumentNotIssued {
        /// The step.
        step: String,
        /// The document it issues.
        document: String,
    },
    /// The step issues no document (now), or has issued it already.
    #[error("step `{step}` has no document to issue")]
    NoDocumentToIssue {
        /// The step.
        step: String,
    },
    /// The document was signed by another person than the official recording it.
    #[error("the document was signed by IIN {signer}, not by {actor} who issues it")]
    SignerNotActor {
        /// The signer's IIN.
        signer: String,
        /// Who asked.
        actor: String,
    },
    /// A hearing command where no hearing was notified.
    #[error("no hearing was notified")]
    NoHearingNotified,
    /// A hearing command where no hearing step is active.
    #[error("no hearing step is active")]
    NoHearingStep,
    /// The variant has no hearing.
    #[error("variant `{0}` has no hearing")]
    NoHearingInVariant(String),
    /// The hearing's appointment falls outside its term.
    #[error("the hearing at {at} is outside its term: from the notice ({from}) to {to}")]
    HearingOutsideTerm {
        /// The appointment asked for.
        at: String,
        /// The earliest instant (the notice).
        from: String,
        /// The latest instant.
        to: String,
    },
    /// The step has no way to the end asked for.
    #[error("step `{step}` has no way to {to}")]
    NoWayTo {
        /// The step.
        step: String,
        /// Where (a hearing, a refusal, the result).
        to: String,
    },
    /// The case does not wait on this state system.
    #[error("the case does not wait on {0}")]
    NotAwaiting(String),
    /// The act version moved to has no counterpart of the case.
    #[error("{0}")]
    NoCounterpart(String),
    /// A term could not be computed on the calendar.
    #[error("calendar: {0}")]
    Calendar(#[from] reglament_calendar::CalendarError),
}

impl EngineError {
    /// A stable code for officials and applicants.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoCase(_) => "engine.no_case",
            Self::AlreadyFiled(_) => "engine.already_filed",
            Self::Closed(_) => "engine.closed",
            Self::StepNotActive { .. } => "engine.step_not_active",
            Self::NoSuchOutcome { .. } => "engine.no_such_outcome",
            Self::NotYourStep { .. } => "engine.not_your_step",
            Self::OtherProvider { .. } => "engine.other_provider",
            Self::NoProvider(_) => "engine.no_provider",
            Self::NotRegistrar { .. } => "engine.not_registrar",
            Self::NotTheApplicant { .. } => "engine.not_the_applicant",
            Self::SystemOnly { .. } => "engine.system_only",
            Self::UnknownGround { .. } => "engine.unknown_ground",
            Self::NoGround => "engine.no_ground",
            Self::DocumentNotIssued { .. } => "engine.document_not_issued",
            Self::NoDocumentToIssue { .. } => "engine.no_document_to_issue",
            Self::SignerNotActor { .. } => "engine.signer_not_actor",
            Self::NoHearingNotified => "engine.no_hearing_notified",
            Self::NoHearingStep => "engine.no_hearing_step",
            Self::NoHearingInVariant(_) => "engine.no_hearing_in_variant",
            Self::HearingOutsideTerm { .. } => "engine.hearing_outside_term",
            Self::NoWayTo { .. } => "engine.no_way_to",
            Self::NotAwaiting(_) => "engine.not_awaiting",
            Self::NoCounterpart(_) => "engine.no_counterpart",
            Self::Calendar(_) => "engine.calendar",
        }
    }

    /// Whether the refusal is about who asked (the adapters answer it as "forbidden").
    #[must_use]
    pub fn is_forbidden(&self) -> bool {
        matches!(
            self,
            Self::NotYourStep { .. }
                | Self::OtherProvider { .. }
                | Self::NoProvider(_)
                | Self::NotRegistrar { .. }
                | Self::NotTheApplicant { .. }
                | Self::SystemOnly { .. }
                | Self::SignerNotActor { .. }
        )
    }

    /// Why, in Kazakh and Russian, for the person refused.
    #[must_use]
    pub fn message(&self) -> Localized {
        let (kk, ru) = match self {
            Self::NoCase(_) => ("Мұндай іс жоқ.", "Такого дела нет."),
            Self::AlreadyFiled(_) => ("Бұл нөмірмен өтініш бұрын берілген.", "Заявление с этим номером уже подано."),
            Self::Closed(_) => {
                ("Іс жабылған: оған ешқандай әрекет жасауға болмайды.", "Дело закрыто: действия по нему невозможны.")
            }
            Self::StepNotActive { .. } => ("Бұл рәсім қазір орындалмайды.", "Эта процедура сейчас не выполняется."),
            Self::NoSuchOutcome { .. } => ("Бұл рәсімнің мұндай нәтижесі жоқ.", "У этой процедуры нет такого исхода."),
            Self::NotYourStep { .. } => (
                "Бұл рәсімді регламент басқа рөлге жүктейді: сіздің штаттағы рөліңіз оған құқық бермейді.",
                "Эту процедуру регламент возлагает на другую роль: ваша роль по штату не даёт на неё права.",
            ),
            Self::OtherProvider { .. } => (
                "Іс басқа көрсетілетін қызметті берушіде: оны тек сол ұйымның қызметкерлері қарайды.",
                "Дело ведёт другой услугодатель: его рассматривают только сотрудники этой организации.",
            ),
            Self::NoProvider(_) => (
                "Істе көрсетілетін қызметті беруші көрсетілмеген: оған ешбір қызметкер әрекет жасай алмайды.",
                "В деле не указан услугодатель: ни один сотрудник не может по нему действовать.",
            ),
            Self::NotRegistrar { .. } => (
                "Өтінішті құжаттарды қабылдайтын рөл ғана тіркейді.",
                "Заявление регистрирует только роль, принимающая документы.",
            ),
            Self::NotTheApplicant { .. } => {
                ("Мұны тек өтініш беруші өзі жасай алады.", "Это может сделать только сам заявитель.")
            }
            Self::SystemOnly { .. } => {
                ("Мұны тек платформаның өзі тіркейді.", "Это регистрирует только сама платформа.")
            }
            Self::UnknownGround { .. } => (
                "Мұндай бас тарту негізі бұл қызметтің регламентінде жоқ.",
                "Такого основания для отказа нет в регламенте этой услуги.",
            ),
            Self::NoGround => (
                "Бас тарту үшін регламенттегі кемінде бір негізді белгілеңіз.",
                "Для отказа отметьте хотя бы одно основание из регламента.",
            ),
            Self::DocumentNotIssued { .. } => (
                "Бұл рәсім құжат береді: ол құжатқа қол қойылып, берілгеннен кейін ғана аяқталады.",
                "Эта процедура выдаёт документ: она завершается только после его подписания и выдачи.",
            ),
            Self::NoDocumentToIssue { .. } => (
                "Бұл рәсім қазір ешқандай құжат бермейді немесе оны берген.",
                "Эта процедура сейчас не выдаёт документа или уже выдала его.",
            ),
            Self::SignerNotActor { .. } => (
                "Құжатқа әрекет жасаушы қызметкер емес, басқа адам қол қойған.",
                "Документ подписал не сотрудник, который его выдаёт, а другое лицо.",
            ),
            Self::NoHearingNotified => {
                ("Тыңдау туралы хабарлама жіберілмеген.", "Уведомление о заслушивании не направлялось.")
            }
            Self::NoHearingStep => ("Қазір тыңдау рәсімі жүрмейді.", "Сейчас процедура заслушивания не идёт."),
            Self::NoHearingInVariant(_) => ("Бұл қызмет түрінде тыңдау жоқ.", "В этом виде услуги заслушивания нет."),
            Self::HearingOutsideTerm { .. } => (
                "Тыңдау уақыты оның мерзімінен тыс: хабарламадан бастап мерзім біткенге дейінгі уақытты таңдаңыз.",
                "Время заслушивания вне его срока: выберите время от уведомления до конца срока.",
            ),
            Self::NoWayTo { .. } => ("Бұл рәсімнен мұндай жол жоқ.", "Из этой процедуры нет такого пути."),
            Self::NotAwaiting(_) => {
                ("Іс бұл мемлекеттік жүйенің жауабын күтпейді.", "Дело не ожидает ответа этой государственной системы.")
            }
            Self::NoCounterpart(_) => (
                "Актінің басқа редакциясында бұл істің сәйкес рәсімі жоқ.",
                "В другой редакции акта нет соответствующей процедуры этого дела.",
            ),
            Self::Calendar(_) => (
                "Мерзімді жұмыс күнтізбесі бойынша есептеу мүмкін емес.",
                "Срок невозможно рассчитать по рабочему календарю.",
            ),
        };
        Localized::new_static(kk, ru)
    }
}
