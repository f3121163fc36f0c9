//! `reglament pki verify FILE`: a certificate or a CMS signature, verified and explained.

use std::path::{Path, PathBuf};

use chrono::Utc;
use clap::{Args, Subcommand};
use reglament_domain::Language;
use reglament_pki::{
    Certificate, Crl, OcspOptions, OcspResponse, Role, Signer, Status, Trust, UnknownStatus, verify_cms, verify_xml,
};
use serde::Serialize;

use crate::error::CliError;

/// PKI subcommands.
#[derive(Debug, Subcommand)]
pub enum PkiCommand {
    /// Verify a certificate, a CMS signature or a signed XML document: signers, IIN/BIN and role, chain, revocation, verdict.
    Verify(VerifyArgs),
    /// Sign a document (a result: licence, reasoned refusal) as CMS with a key from a PKCS#12
    /// store; anyone can then verify it with the document alone and the trust anchors.
    Sign(crate::pki_sign::SignArgs),
    /// Create a development PKI in the NCA profile (not the NCA): a CA, its CRL, and keys and
    /// certificates of individuals, a legal entity's head and employee and a provider's official
    /// — valid, expired and revoked — with a roster.
    Init(crate::pki_init::InitArgs),
}

/// Options of `reglament pki verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A certificate (DER or PEM), a CMS signature (DER) or a signed XML document (XML-DSig, XAdES).
    file: PathBuf,
    /// The signed content, for a detached CMS signature.
    #[arg(long)]
    content: Option<PathBuf>,
    /// The instant to verify at (default: now).
    #[arg(long)]
    at: Option<String>,
    /// A trust anchor certificate (repeatable). Without any, the NCA test PKI is used.
    #[arg(long)]
    anchor: Vec<PathBuf>,
    /// A CRL (repeatable).
    #[arg(long)]
    crl: Vec<PathBuf>,
    /// A recorded OCSP response (DER, repeatable): verified against the trusted issuers at the
    /// instant asked, then used for the revocation status.
    #[arg(long)]
    ocsp: Vec<PathBuf>,
    /// Accept a certificate whose revocation status cannot be established.
    #[arg(long)]
    accept_unknown: bool,
    /// Print JSON for scripts instead of text.
    #[arg(long)]
    json: bool,
    /// Language of the text: ru or kk.
    #[arg(long, default_value = "ru")]
    lang: Language,
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|source| CliError::Io { what: format!("reading {}", path.display()), source })
}

/// An XML document starts with `<` (after an optional byte-order mark and white space); a PEM
/// certificate with `-----`.
fn is_xml(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    text.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

/// The verdict printed.
#[derive(Serialize)]
struct Report {
    trust: String,
    verified: serde_json::Value,
}

/// Runs a PKI subcommand.
pub fn run(command: &PkiCommand) -> Result<(), CliError> {
    match command {
        PkiCommand::Verify(args) => verify(args),
        PkiCommand::Sign(args) => crate::pki_sign::run(args),
        PkiCommand::Init(args) => crate::pki_init::run(args),
    }
}

fn verify(args: &VerifyArgs) -> Result<(), CliError> {
    let at = match &args.at {
        Some(t) => reglament_calendar::parse_instant(t, chrono_tz::Asia::Almaty).map_err(CliError::argument("at"))?,
        None => Utc::now(),
    };
    let (mut trust, trust_name) = if args.anchor.is_empty() {
        (Trust::nca_test()?, text(args.lang, Text::NcaTest).to_owned())
    } else {
        let anchors =
            args.anchor.iter().map(|p| Ok(Certificate::parse(&read(p)?)?)).collect::<Result<Vec<_>, CliError>>()?;
        (Trust::new(anchors), format!("{} ({})", text(args.lang, Text::Anchors), args.anchor.len()))
    };
    for crl in &args.crl {
        trust.add_crl(Crl::parse(&read(crl)?)?);
    }
    for response in &args.ocsp {
        let verified = trust.verify_ocsp(&OcspResponse::parse(&read(response)?)?, at, &OcspOptions::default())?;
        trust.add_ocsp(verified);
    }
    let unknown = if args.accept_unknown { UnknownStatus::Accept } else { UnknownStatus::Refuse };
    let bytes = read(&args.file)?;
    let (verified, lines) = if is_xml(&bytes) {
        let signatures = verify_xml(&bytes, &trust, at, unknown)?;
        let mut lines = Vec::new();
        for (i, s) in signatures.iter().enumerate() {
            lines.extend(signer_lines(i + 1, &s.signer, args.lang));
            let covered: Vec<&str> = s
                .references
                .iter()
                .map(|r| if r.is_empty() { text(args.lang, Text::WholeDocument) } else { r })
                .collect();
            lines.push(format!("  {}: {}", text(args.lang, Text::Covers), covered.join("; ")));
        }
        (serde_json::json!({ "xml_signatures": signatures }), lines)
    } else if let Ok(cert) = Certificate::parse(&bytes) {
        let verdict = trust.verify(&cert, at, unknown)?;
        let subject = cert.subject();
        let mut lines = vec![format!(
            "{}: {} ({})",
            text(args.lang, Text::Certificate),
            cert.subject_label(),
            roles(&cert.roles(), args.lang)
        )];
        if let Some(bin) = &subject.bin {
            lines.push(format!("  BIN {bin}: {}", subject.organisation.as_deref().unwrap_or("—")));
        }
        lines.push(format!("  {}: {}", text(args.lang, Text::Serial), cert.serial()));
        lines.push(format!("  {}: {}", text(args.lang, Text::Chain), verdict.chain.join(" → ")));
        lines.push(format!("  {}: {}", text(args.lang, Text::Revocation), status(verdict.status, args.lang)));
        let json = serde_json::json!({ "certificate": cert.subject(), "roles": cert.roles(), "signing": cert.is_signing(), "serial": cert.serial(), "chain": verdict.chain, "status": verdict.status });
        (json, lines)
    } else {
        let content = args.content.as_deref().map(read).transpose()?;
        let signed = verify_cms(&bytes, content.as_deref(), &trust, at, unknown)?;
        let lines = signed.signers.iter().enumerate().flat_map(|(i, s)| signer_lines(i + 1, s, args.lang)).collect();
        (serde_json::json!({ "signers": signed.signers, "content_bytes": signed.content.len() }), lines)
    };
    let report = Report { trust: trust_name, verified };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{}: {}; {} {}",
            text(args.lang, Text::Trust),
            report.trust,
            text(args.lang, Text::At),
            at.format("%Y-%m-%d %H:%M:%S UTC")
        );
        for line in lines {
            println!("{line}");
        }
        let verdict = if report.verified.get("certificate").is_some() { Text::CertificateValid } else { Text::Valid };
        println!("{}", text(args.lang, verdict));
    }
    Ok(())
}

fn signer_lines(n: usize, signer: &Signer, lang: Language) -> Vec<String> {
    let mut lines = vec![format!(
        "{} {n}: {} ({})",
        text(lang, Text::Signer),
        signer.chain.first().map_or("—", String::as_str),
        roles(&signer.roles, lang)
    )];
    if let Some(bin) = &signer.subject.bin {
        lines.push(format!("  BIN {bin}: {}", signer.subject.organisation.as_deref().unwrap_or("—")));
    }
    lines.push(format!("  {}: {}", text(lang, Text::Serial), signer.serial));
    if let Some(time) = signer.signing_time {
        lines.push(format!("  {}: {}", text(lang, Text::SigningTime), time.format("%Y-%m-%d %H:%M:%S UTC")));
    }
    lines.push(format!("  {}: {}", text(lang, Text::Chain), signer.chain.join(" → ")));
    lines.push(format!("  {}: {}", text(lang, Text::Revocation), status(signer.status, lang)));
    lines
}

/// The labels of the text report.
#[derive(Clone, Copy)]
enum Text {
    Trust,
    NcaTest,
    Anchors,
    At,
    Signer,
    Certificate,
    Serial,
    SigningTime,
    Chain,
    Revocation,
    Covers,
    WholeDocument,
    Valid,
    CertificateValid,
}

fn text(lang: Language, t: Text) -> &'static str {
    match (t, lang) {
        (Text::Trust, Language::Ru) => "доверенные корни",
        (Text::Trust, Language::Kk) => "сенімді түбірлер",
        (Text::NcaTest, Language::Ru) => "тестовая PKI НУЦ РК",
        (Text::NcaTest, Language::Kk) => "ҚР ҰКО тестілік PKI",
        (Text::Anchors, Language::Ru) => "корневые сертификаты из --anchor",
        (Text::Anchors, Language::Kk) => "--anchor түбірлік тіркелгі куәліктері",
        (Text::At, Language::Ru) => "проверено на",
        (Text::At, Language::Kk) => "тексерілген сәті",
        (Text::Signer, Language::Ru) => "подписант",
        (Text::Signer, Language::Kk) => "қол қоюшы",
        (Text::Certificate, Language::Ru) => "сертификат",
        (Text::Certificate, Language::Kk) => "тіркелгі куәлігі",
        (Text::Serial, Language::Ru) => "серийный номер сертификата",
        (Text::Serial, Language::Kk) => "тіркелгі куәлігінің сериялық нөмірі",
        (Text::SigningTime, Language::Ru) => "время подписания",
        (Text::SigningTime, Language::Kk) => "қол қойылған уақыт",
        (Text::Chain, Language::Ru) => "цепочка",
        (Text::Chain, Language::Kk) => "тізбек",
        (Text::Revocation, Language::Ru) => "статус отзыва",
        (Text::Revocation, Language::Kk) => "кері қайтарып алу мәртебесі",
        (Text::Covers, Language::Ru) => "подписано",
        (Text::Covers, Language::Kk) => "қол қойылғаны",
        (Text::WholeDocument, Language::Ru) => "весь документ",
        (Text::WholeDocument, Language::Kk) => "бүкіл құжат",
        (Text::CertificateValid, Language::Ru) => "итог: сертификат действителен",
        (Text::CertificateValid, Language::Kk) => "қорытынды: тіркелгі куәлігі жарамды",
        (Text::Valid, Language::Ru) => "итог: подпись действительна",
        (Text::Valid, Language::Kk) => "қорытынды: қолтаңба жарамды",
    }
}

fn status(status: Status, lang: Language) -> &'static str {
    match (status, lang) {
        (Status::Good, Language::Ru) => "не отозван",
        (Status::Good, Language::Kk) => "кері қайтарылмаған",
        (Status::Unknown, Language::Ru) => "неизвестен (принят по --accept-unknown)",
        (Status::Unknown, Language::Kk) => "белгісіз (--accept-unknown бойынша қабылданды)",
    }
}

fn roles(roles: &[Role], lang: Language) -> String {
    let names: Vec<&str> = roles
        .iter()
        .map(|r| match (r, lang) {
            (Role::Individual, Language::Ru) => "физическое лицо",
            (Role::Individual, Language::Kk) => "жеке тұлға",
            (Role::LegalEntity, Language::Ru) => "юридическое лицо",
            (Role::LegalEntity, Language::Kk) => "заңды тұлға",
            (Role::FirstHead, Language::Ru) => "первый руководитель",
            (Role::FirstHead, Language::Kk) => "бірінші басшы",
            (Role::RightOfSignature, Language::Ru) => "право подписи",
            (Role::RightOfSignature, Language::Kk) => "қол қою құқығы",
            (Role::FinancialDocuments, Language::Ru) => "финансовые документы",
            (Role::FinancialDocuments, Language::Kk) => "қаржы құжаттары",
            (Role::HumanResources, Language::Ru) => "кадровые документы",
            (Role::HumanResources, Language::Kk) => "кадр құжаттары",
            (Role::Employee, Language::Ru) => "сотрудник",
            (Role::Employee, Language::Kk) => "қызметкер",
        })
        .collect();
    if names.is_empty() { "—".to_owned() } else { names.join(", ") }
}
