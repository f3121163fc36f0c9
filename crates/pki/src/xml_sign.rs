//! Enveloped XML signatures made as NCALayer's `signXml` makes them for the whole document, with
//! XAdES-B signed properties added: [`sign_xml`] appends one `ds:Signature` to the root element
//! that [`verify_xml`](crate::verify_xml) accepts from the document and the trust anchors alone.
//!
//! The signature: `ds:SignedInfo` canonicalised by exclusive C14N 1.0; RSA-SHA256
//! (`http://www.w3.org/2001/04/xmldsig-more#rsa-sha256`); a reference `URI=""` with the
//! enveloped-signature and exclusive C14N transforms and a SHA-256 digest
//! (`http://www.w3.org/2001/04/xmlenc#sha256`); a second reference to `xades:SignedProperties`
//! (the signing time and the SHA-256 digest of the signer's certificate); the certificate in
//! `ds:KeyInfo/ds:X509Data/ds:X509Certificate`. Every part of the signature is written already
//! canonical, with no whitespace between elements, so what is digested and signed here is what a
//! verifier recomputes.
//!
//! Only RSA keys sign XML: an ECDSA key is `pki.unsupported_algorithm` (the verifier takes no
//! `ecdsa-sha256` method). The signing time is an argument: the crate never reads the clock.

use std::fmt::Write as _;

use base64ct::{Base64, Encoding};
use chrono::{DateTime, SecondsFormat, Utc};
use roxmltree::Document;
use sha2::{Digest, Sha256};

use crate::c14n::{self, Method};
use crate::error::PkiError;
use crate::oid;
use crate::sign::SigningKey;

const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";
const XADES: &str = "http://uri.etsi.org/01903/v1.3.2#";
const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";
const RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const SIGNED_PROPERTIES_TYPE: &str = "http://uri.etsi.org/01903#SignedProperties";

/// Signs the whole of `xml` with `key` at `signing_time`: returns the document with one
/// enveloped XAdES-B `ds:Signature` appended as the last child of its root element (the rest of
/// the text unchanged). A document that does not parse, or has a DTD, is `pki.parse`; a key
/// other than RSA `pki.unsupported_algorithm`.
pub fn sign_xml(xml: &str, key: &dyn SigningKey, signing_time: DateTime<Utc>) -> Result<String, PkiError> {
    if key.algorithm() != oid::RSA_SHA256 {
        return Err(PkiError::UnsupportedAlgorithm(format!("XML signing with {}", key.algorithm())));
    }
    let doc = Document::parse(xml).map_err(|e| PkiError::parse("XML", e))?;
    let exclusive = Method::Exclusive(Vec::new());
    let document_digest = Sha256::digest(c14n::document(&doc, &exclusive, None));

    // Ids unique in the document, derived from what is signed (no randomness, no clock).
    let stem = document_digest.iter().take(6).fold(String::new(), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    });
    let (signature_id, properties_id) = (format!("signature-{stem}"), format!("signed-properties-{stem}"));
    let taken = doc.descendants().any(|n| {
        n.attributes().any(|a| {
            matches!(a.name(), "Id" | "ID" | "id") && (a.value() == signature_id || a.value() == properties_id)
        })
    });
    if taken {
        return Err(PkiError::parse("XML", format!("the document already has an element with Id {properties_id}")));
    }

    let certificate = key.certificate();
    let properties = canonical(&format!(
        "<xades:SignedProperties xmlns:ds=\"{DSIG}\" xmlns:xades=\"{XADES}\" Id=\"{properties_id}\">\
         <xades:SignedSignatureProperties>\
         <xades:SigningTime>{time}</xades:SigningTime>\
         <xades:SigningCertificateV2><xades:Cert><xades:CertDigest>\
         <ds:DigestMethod Algorithm=\"{SHA256}\"></ds:DigestMethod>\
         <ds:DigestValue>{cert_digest}</ds:DigestValue>\
         </xades:CertDigest></xades:Cert></xades:SigningCertificateV2>\
         </xades:SignedSignatureProperties></xades:SignedProperties>",
        time = signing_time.to_rfc3339_opts(SecondsFormat::Secs, true),
        cert_digest = Base64::encode_string(&Sha256::digest(certificate.der())),
    ))?;
    let signed_info = canonical(&format!(
        "<ds:SignedInfo xmlns:ds=\"{DSIG}\">\
         <ds:CanonicalizationMethod Algorithm=\"{EXC_C14N}\"></ds:CanonicalizationMethod>\
         <ds:SignatureMethod Algorithm=\"{RSA_SHA256}\"></ds:SignatureMethod>\
         <ds:Reference URI=\"\"><ds:Transforms>\
         <ds:Transform Algorithm=\"{ENVELOPED}\"></ds:Transform>\
         <ds:Transform Algorithm=\"{EXC_C14N}\"></ds:Transform>\
         </ds:Transforms>\
         <ds:DigestMethod Algorithm=\"{SHA256}\"></ds:DigestMethod>\
         <ds:DigestValue>{document}</ds:DigestValue></ds:Reference>\
         <ds:Reference Type=\"{SIGNED_PROPERTIES_TYPE}\" URI=\"#{properties_id}\"><ds:Transforms>\
         <ds:Transform Algorithm=\"{EXC_C14N}\"></ds:Transform>\
         </ds:Transforms>\
         <ds:DigestMethod Algorithm=\"{SHA256}\"></ds:DigestMethod>\
         <ds:DigestValue>{properties}</ds:DigestValue></ds:Reference>\
         </ds:SignedInfo>",
        document = Base64::encode_string(&document_digest),
        properties = Base64::encode_string(&Sha256::digest(properties.as_bytes())),
    ))?;
    let value = key.sign(signed_info.as_bytes())?;
    let signature = format!(
        "<ds:Signature xmlns:ds=\"{DSIG}\" Id=\"{signature_id}\">{signed_info}\
         <ds:SignatureValue>{value}</ds:SignatureValue>\
         <ds:KeyInfo><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>\
         <ds:Object><xades:QualifyingProperties xmlns:xades=\"{XADES}\" Target=\"#{signature_id}\">{properties}\
         </xades:QualifyingProperties></ds:Object></ds:Signature>",
        value = Base64::encode_string(&value),
        cert = Base64::encode_string(certificate.der()),
    );
    append_to_root(xml, &doc, &signature)
}

/// Parses a fragment written here and returns its exclusive canonical form.
fn canonical(fragment: &str) -> Result<String, PkiError> {
    let doc = Document::parse(fragment).map_err(|e| PkiError::parse("XML signature", e))?;
    String::from_utf8(c14n::subtree(doc.root_element(), &Method::Exclusive(Vec::new()), None))
        .map_err(|e| PkiError::parse("XML signature", e))
}

/// `xml` with `signature` inserted as the last child of the root element (an empty element
/// `<a/>` becomes `<a>…</a>`).
fn append_to_root(xml: &str, doc: &Document<'_>, signature: &str) -> Result<String, PkiError> {
    let root = doc.root_element();
    let range = root.range();
    let element = xml.get(range.clone()).unwrap_or("");
    let missing = || PkiError::parse("XML", "the root element has no end");
    if let Some(open) = element.strip_suffix("/>") {
        let name_end = element.find(|c: char| c.is_whitespace() || c == '/' || c == '>').ok_or_else(missing)?;
        let qname = element.get(1..name_end).ok_or_else(missing)?;
        let head = xml.get(..range.start).ok_or_else(missing)?;
        let tail = xml.get(range.end..).ok_or_else(missing)?;
        return Ok(format!("{head}{open}>{signature}</{qname}>{tail}"));
    }
    let close = range.start + element.rfind("</").ok_or_else(missing)?;
    let (head, tail) = (xml.get(..close).ok_or_else(missing)?, xml.get(close..).ok_or_else(missing)?);
    Ok(format!("{head}{signature}{tail}"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail by panicking")]

    use super::*;
    use crate::sign::SoftwareKey;
    use crate::trust::{Trust, UnknownStatus};
    use crate::xml::verify_xml;

    const STORE: &[u8] = include_bytes!("../tests/nca/keys/key_individual_valid_sign_2004.p12");

    fn key() -> SoftwareKey {
        SoftwareKey::from_pkcs12(STORE, "Qwerty12").unwrap()
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn verify(xml: &str) -> Result<Vec<crate::XmlSignature>, PkiError> {
        verify_xml(xml.as_bytes(), &Trust::nca_test()?, at("2021-06-01T00:00:00Z"), UnknownStatus::Refuse)
    }

    const APPLICATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
        <application xmlns=\"urn:reglament:application\" xmlns:p=\"urn:reglament:person\">\n  \
        <p:applicant iin=\"123456789011\">Тестов Тест</p:applicant>\n  \
        <service>Лицензия &amp; рұқсат</service>\n</application>\n";

    #[test]
    fn a_signed_document_verifies_with_its_signer_time_and_whole_document_reference() {
        let time = at("2021-06-01T09:30:00Z");
        let signed = sign_xml(APPLICATION, &key(), time).unwrap();
        assert!(signed.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<application"));
        assert!(signed.ends_with("</ds:Signature></application>\n"));
        let signatures = verify(&signed).unwrap();
        assert_eq!(signatures.len(), 1);
        let first = &signatures[0];
        assert!(first.covers_document());
        assert!(first.xades);
        assert_eq!(first.signer.subject.iin.as_deref(), Some("123456789011"));
        assert_eq!(first.signer.signing_time, Some(time));
        // Deterministic RSA and ids derived from the content: the same inputs give the same text.
        assert_eq!(sign_xml(APPLICATION, &key(), time).unwrap(), signed);
    }

    #[test]
    fn an_empty_root_element_is_opened_to_take_the_signature() {
        let signed = sign_xml("<a x=\"1\"/>", &key(), at("2021-06-01T09:30:00Z")).unwrap();
        assert!(signed.starts_with("<a x=\"1\"><ds:Signature"));
        assert!(signed.ends_with("</ds:Signature></a>"));
        assert!(verify(&signed).unwrap()[0].covers_document());
    }

    #[test]
    fn a_changed_document_or_signing_time_fails() {
        let signed = sign_xml(APPLICATION, &key(), at("2021-06-01T09:30:00Z")).unwrap();
        let changed = signed.replace("Тестов Тест", "Тестов Тесть");
        assert_eq!(verify(&changed).unwrap_err().code(), "pki.bad_signature");
        let later = signed.replace("2021-06-01T09:30:00Z", "2021-06-02T09:30:00Z");
        assert_eq!(verify(&later).unwrap_err().code(), "pki.bad_signature");
    }

    #[test]
    fn bad_input_is_refused_without_panicking() {
        let time = at("2021-06-01T09:30:00Z");
        assert_eq!(sign_xml("<a>", &key(), time).unwrap_err().code(), "pki.parse");
        assert_eq!(sign_xml("", &key(), time).unwrap_err().code(), "pki.parse");
        let dtd = "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>";
        assert_eq!(sign_xml(dtd, &key(), time).unwrap_err().code(), "pki.parse");
    }
}
