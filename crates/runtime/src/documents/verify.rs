//! Verifying an issued document, as the public registry does: whether these exact bytes were
//! issued here (by their SHA-256), whether the signature — uploaded as a `.p7s`, embedded in the
//! PDF, or the one kept at issue — is of these bytes, by a certificate that chains to a trusted
//! anchor, made by the official who issued it, and whether the registry holds the document in
//! force. Every failure has a stable code and its reason in Kazakh and Russian.
//!
//! The signer's certificate is checked at the instant the document was issued (a certificate that
//! expires or is revoked later does not undo a document signed while it was valid); a document
//! not issued here is checked at `now`.

use chrono::{DateTime, Utc};
use reglament_domain::Localized;
use reglament_pki::{PkiError, Trust, UnknownStatus, verify_cms};
use reglament_store::{IssuedDocument, RegistryEntry, RegistryStatus, Store, StoreError};

use crate::registry::sha256_hex;

/// No issued document has these bytes.
pub const UNKNOWN: &str = "document.unknown";
/// The signature is not a signature of these bytes (or cannot be read).
pub const SIGNATURE_MISMATCH: &str = "document.signature_mismatch";
/// The signer's certificate does not chain to a trusted anchor.
pub const UNTRUSTED: &str = "document.untrusted";
/// The signer's certificate was revoked when the document was signed.
pub const REVOKED: &str = "document.revoked";
/// The signer's certificate was not valid (expired or not yet valid) when the document was signed.
pub const EXPIRED: &str = "document.expired";
/// The signer is not the official who issued the document.
pub const NOT_OFFICIAL: &str = "document.not_official";
/// The registry holds the document suspended.
pub const SUSPENDED: &str = "registry.suspended";
/// The registry holds the document terminated.
pub const TERMINATED: &str = "registry.terminated";

/// Where the signature checked came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureSource {
    /// A `.p7s` given with the PDF.
    Uploaded,
    /// Embedded in the PDF (the signed variant).
    Embedded,
    /// The one kept when the document was issued.
    Stored,
}

impl SignatureSource {
    /// `uploaded`, `embedded` or `stored`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Uploaded => "uploaded",
            Self::Embedded => "embedded",
            Self::Stored => "stored",
        }
    }
}

/// Who signed, as the certificate's subject names them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SignedBy {
    /// The full name (CN).
    pub name: Option<String>,
    /// The IIN.
    pub iin: Option<String>,
    /// The organisation's BIN.
    pub bin: Option<String>,
    /// The organisation.
    pub organisation: Option<String>,
    /// The signing time the signature claims.
    pub signing_time: Option<DateTime<Utc>>,
    /// From the certificate to the trust anchor.
    pub chain: Vec<String>,
}

/// One failed check: a stable code and the reason in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The stable code, e.g. `document.unknown`.
    pub code: &'static str,
    /// Why, in Kazakh and Russian.
    pub reason: Localized,
}

/// The outcome of verifying a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// The SHA-256 (hex) of the bytes checked: the signed PDF without an embedded signature.
    pub sha256: String,
    /// The issued document with these bytes, if any.
    pub document: Option<IssuedDocument>,
    /// Its registry row, if it is registered.
    pub entry: Option<RegistryEntry>,
    /// Where the signature checked came from; none when there was none to check.
    pub source: Option<SignatureSource>,
    /// The signer, when the signature verified.
    pub signer: Option<SignedBy>,
    /// Every check that failed; empty when the document is valid.
    pub failures: Vec<Failure>,
}

impl Verification {
    /// Whether every check passed: the document was issued here, its signature is of its bytes by
    /// its official under a trusted certificate, and it is in force.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        self.failures.is_empty() && self.document.is_some() && self.signer.is_some()
    }

    /// The stable codes of the failures, in order.
    #[must_use]
    pub fn codes(&self) -> Vec<&'static str> {
        self.failures.iter().map(|f| f.code).collect()
    }
}

/// A reason from two texts (never blank here; a blank one falls back to `fallback`).
fn reason(kk: String, ru: String, fallback: Localized) -> Localized {
    Localized::new(kk, ru).unwrap_or(fallback)
}

fn failure(code: &'static str, reason: Localized) -> Failure {
    Failure { code, reason }
}

const NOT_ISSUED_HERE: Localized = Localized::new_static(
    "Мұндай байттары бар құжат мұнда берілмеген: файл өзгертілген немесе оны осы жүйе бермеген.",
    "Документ с такими байтами здесь не выдавался: файл изменён или выдан не этой системой.",
);

/// The failure of bytes no issued document has, naming the number the file claims when it can be
/// recognised (and a document under it exists).
fn unknown(claimed: Option<&str>) -> Failure {
    let text = match claimed {
        Some(number) => reason(
            format!(
                "Файл № {number} берілген құжаттан өзгеше: ол берілгеннен кейін өзгертілген немесе басқа құжат. Түпнұсқаны тізілімнен жүктеп алыңыз."
            ),
            format!(
                "Файл отличается от выданного документа № {number}: он изменён после выдачи или это другой документ. Подлинник можно скачать из реестра."
            ),
            NOT_ISSUED_HERE,
        ),
        None => NOT_ISSUED_HERE,
    };
    failure(UNKNOWN, text)
}

/// The failure a PKI refusal of the signature makes.
fn refused(error: &PkiError) -> Failure {
    match error {
        PkiError::BadSignature(_) => failure(
            SIGNATURE_MISMATCH,
            Localized::new_static(
                "Қолтаңба осы файлдың байттарына қойылмаған: файл қол қойылғаннан кейін өзгертілген немесе қолтаңба басқа файлдікі.",
                "Подпись поставлена не под этими байтами: файл изменён после подписания или подпись относится к другому файлу.",
            ),
        ),
        PkiError::Parse { .. } | PkiError::UnsupportedAlgorithm(_) => failure(
            SIGNATURE_MISMATCH,
            Localized::new_static(
                "Қолтаңба файлы оқылмады: бұл осы құжаттың CMS қолтаңбасы емес.",
                "Файл подписи не читается: это не CMS-подпись этого документа.",
            ),
        ),
        PkiError::Revoked { subject, since, .. } => failure(
            REVOKED,
            reason(
                format!(
                    "Қол қоюшының ({subject}) тіркелгі куәлігі {} бастап кері қайтарып алынған.",
                    since.date_naive()
                ),
                format!("Сертификат подписавшего ({subject}) отозван с {}.", since.date_naive()),
                Localized::new_static(
                    "Қол қоюшының тіркелгі куәлігі кері қайтарып алынған.",
                    "Сертификат подписавшего отозван.",
                ),
            ),
        ),
        PkiError::Expired { subject, .. } | PkiError::NotYetValid { subject, .. } => failure(
            EXPIRED,
            reason(
                format!(
                    "Қол қою сәтінде қол қоюшының ({subject}) тіркелгі куәлігі жарамсыз болған (мерзімі өткен немесе әлі басталмаған)."
                ),
                format!(
                    "На момент подписания сертификат подписавшего ({subject}) был недействителен (истёк или ещё не начал действовать)."
                ),
                Localized::new_static("Тіркелгі куәлігі жарамсыз болған.", "Сертификат был недействителен."),
            ),
        ),
        PkiError::UntrustedIssuer { subject, issuer } => failure(
            UNTRUSTED,
            reason(
                format!(
                    "Қол қоюшының ({subject}) тіркелгі куәлігін сенімді куәландырушы орталық бермеген (берген: {issuer})."
                ),
                format!(
                    "Сертификат подписавшего ({subject}) выдан не доверенным удостоверяющим центром (выдал: {issuer})."
                ),
                Localized::new_static("Тіркелгі куәлігі сенімсіз.", "Сертификат не доверенный."),
            ),
        ),
        other => failure(
            UNTRUSTED,
            reason(
                format!("Қол қоюшының тіркелгі куәлігі сенімді деп танылмады: {other}."),
                format!("Сертификат подписавшего не признан доверенным: {other}."),
                Localized::new_static("Тіркелгі куәлігі сенімсіз.", "Сертификат не доверенный."),
            ),
        ),
    }
}

/// A document number (`L-2026-000140000123-000017`) written in `bytes`, if any.
fn claimed_number(bytes: &[u8]) -> Option<String> {
    const LEN: usize = 1 + 1 + 4 + 1 + 12 + 1 + 6;
    let shape = |w: &[u8]| {
        matches!(w[0], b'L' | b'R' | b'D')
            && w[1] == b'-'
            && w[2..6].iter().all(u8::is_ascii_digit)
            && w[6] == b'-'
            && w[7..19].iter().all(u8::is_ascii_digit)
            && w[19] == b'-'
            && w[20..26].iter().all(u8::is_ascii_digit)
    };
    bytes.windows(LEN).find(|w| shape(w)).map(|w| String::from_utf8_lossy(w).into_owned())
}

/// The registry's status failure, with the reason the last change gave.
async fn status<S: Store + Sync>(store: &S, entry: &RegistryEntry) -> Result<Option<Failure>, StoreError> {
    let (code, kk, ru) = match entry.status {
        RegistryStatus::Active => return Ok(None),
        RegistryStatus::Suspended => (
            SUSPENDED,
            "Тізілім бойынша құжаттың қолданылуы тоқтатыла тұрған",
            "Действие документа приостановлено по реестру",
        ),
        RegistryStatus::Terminated => {
            (TERMINATED, "Тізілім бойынша құжаттың қолданылуы тоқтатылған", "Действие документа прекращено по реестру")
        }
    };
    let changes = store.registry_changes(&entry.number).await?;
    let why = changes.last().map(|c| (c.at.date_naive(), c.reason.trim())).filter(|(_, r)| !r.is_empty());
    let text = match why {
        Some((on, why)) => {
            reason(format!("{kk} ({on}): {why}."), format!("{ru} ({on}): {why}."), Localized::new_static(kk, ru))
        }
        None => reason(format!("{kk}."), format!("{ru}."), Localized::new_static(kk, ru)),
    };
    Ok(Some(failure(code, text)))
}

/// Checks `signature` over `content` (the document's, if known) and the registry row.
async fn check<S: Store + Sync>(
    store: &S,
    trust: &Trust,
    now: DateTime<Utc>,
    content: &[u8],
    signature: Option<(&[u8], SignatureSource)>,
    document: Option<IssuedDocument>,
) -> Result<Verification, StoreError> {
    let mut failures = Vec::new();
    let mut signer = None;
    if let Some((der, _)) = signature {
        let at = document.as_ref().map_or(now, |d| d.issued_at);
        match verify_cms(der, Some(content), trust, at, UnknownStatus::Accept) {
            Ok(verified) => {
                if let Some(first) = verified.signers.into_iter().next() {
                    let s = first.subject;
                    signer = Some(SignedBy {
                        name: s.common_name,
                        iin: s.iin,
                        bin: s.bin,
                        organisation: s.organisation,
                        signing_time: first.signing_time,
                        chain: first.chain,
                    });
                }
            }
            Err(e) => failures.push(refused(&e)),
        }
    }
    if let (Some(d), Some(s)) = (&document, &signer)
        && s.iin.as_deref() != Some(d.signer.as_str())
    {
        let found = s.iin.as_deref().unwrap_or("—");
        let expected = &d.signer;
        failures.push(failure(
            NOT_OFFICIAL,
            reason(
                format!("Құжатқа оны берген лауазымды тұлға (ЖСН {expected}) емес, басқа адам (ЖСН {found}) қол қойған."),
                format!("Документ подписан не выдавшим его должностным лицом (ИИН {expected}), а другим лицом (ИИН {found})."),
                Localized::new_static("Құжатқа басқа адам қол қойған.", "Документ подписан другим лицом."),
            ),
        ));
    }
    let entry = match &document {
        Some(d) => store.registry_entry(&d.number).await?,
        None => None,
    };
    if let Some(e) = &entry
        && let Some(f) = status(store, e).await?
    {
        failures.push(f);
    }
    Ok(Verification {
        sha256: sha256_hex(content),
        document,
        entry,
        source: signature.map(|(_, source)| source),
        signer,
        failures,
    })
}

/// Verifies an uploaded document: `pdf` as downloaded (with or without the embedded signature)
/// and, optionally, a detached `.p7s` over it. Without either signature, the one kept at issue is
/// checked. Fails only when the store does.
pub async fn verify_document<S: Store + Sync>(
    store: &S,
    trust: &Trust,
    now: DateTime<Utc>,
    pdf: &[u8],
    p7s: Option<&[u8]>,
) -> Result<Verification, StoreError> {
    let split = reglament_document::split_signed(pdf);
    let (content, embedded): (&[u8], Option<Vec<u8>>) = match split {
        Some((original, signature)) => (original, Some(signature)),
        None => (pdf, None),
    };
    let sha256 = sha256_hex(content);
    let document = store.document_by_sha256(&sha256).await?;
    let stored = document.as_ref().map(|d| d.signature.clone());
    let signature = match (p7s, &embedded, &stored) {
        (Some(p7s), _, _) => Some((p7s, SignatureSource::Uploaded)),
        (None, Some(e), _) => Some((e.as_slice(), SignatureSource::Embedded)),
        (None, None, Some(s)) => Some((s.as_slice(), SignatureSource::Stored)),
        (None, None, None) => None,
    };
    let known = document.is_some();
    let mut verification = check(store, trust, now, content, signature, document).await?;
    if !known {
        let claimed = match claimed_number(content) {
            Some(number) => store.document(&number).await?.map(|d| d.number),
            None => None,
        };
        verification.failures.insert(0, unknown(claimed.as_deref()));
    }
    Ok(verification)
}

/// Re-checks the document issued under `number` (the QR code's path): its kept signature over its
/// kept bytes, its signer and its registry status; `None` when no document has that number.
pub async fn verify_number<S: Store + Sync>(
    store: &S,
    trust: &Trust,
    now: DateTime<Utc>,
    number: &str,
) -> Result<Option<Verification>, StoreError> {
    let Some(document) = store.document(number).await? else { return Ok(None) };
    let (pdf, signature) = (document.pdf.clone(), document.signature.clone());
    let source = Some((signature.as_slice(), SignatureSource::Stored));
    check(store, trust, now, &pdf, source, Some(document)).await.map(Some)
}

#[cfg(test)]
mod tests {
    use super::claimed_number;

    #[test]
    fn a_number_written_in_the_bytes_is_recognised() {
        let bytes = b"<< /URI (https://r.example.kz/kk/registry/L-2026-000140000123-000017) >>";
        assert_eq!(claimed_number(bytes).as_deref(), Some("L-2026-000140000123-000017"));
        assert_eq!(claimed_number(b"L-2026-00014000012-000017"), None);
    }
}
