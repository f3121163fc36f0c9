//! XML signatures as NCALayer produces them: enveloped XML-DSig and XAdES-B, exclusive (or
//! inclusive) canonicalisation, RSA-SHA256 and the Kazakh GOST algorithm URIs — every
//! reference's digest, the signature over `SignedInfo`, the XAdES signing certificate and time,
//! then the signer's chain and revocation.
//!
//! Documents with a DTD are refused (no entity expansion); a reference names exactly one element
//! or the whole document, so a signature cannot be wrapped around another part of it.

use base64ct::{Base64, Encoding};
use chrono::{DateTime, Utc};
use roxmltree::{Document, Node, NodeId};
use serde::Serialize;
use sha2::{Digest, Sha256};
use streebog::{Streebog256, Streebog512};

use crate::c14n::{self, Method};
use crate::cert::Certificate;
use crate::cms::Signer;
use crate::error::PkiError;
use crate::oid;
use crate::trust::{Trust, UnknownStatus};
use crate::verify::signed_by;

const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";
const XADES: &str = "http://uri.etsi.org/01903/v1.3.2#";
const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
const C14N: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const KZ: &str = "urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:";

/// One verified XML signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct XmlSignature {
    /// Who signed, their chain and revocation status; the signing time from XAdES if present.
    pub signer: Signer,
    /// The URIs of the references checked (`""` is the whole document).
    pub references: Vec<String>,
    /// Whether the signature is XAdES (signed properties with the signing certificate).
    pub xades: bool,
}

impl XmlSignature {
    /// Whether the whole document (less the signature itself) is signed.
    #[must_use]
    pub fn covers_document(&self) -> bool {
        self.references.iter().any(String::is_empty)
    }
}

/// Verifies every `ds:Signature` in `xml` at `at`.
pub fn verify_xml(
    xml: &[u8],
    trust: &Trust,
    at: DateTime<Utc>,
    unknown: UnknownStatus,
) -> Result<Vec<XmlSignature>, PkiError> {
    let text = std::str::from_utf8(xml).map_err(|e| PkiError::parse("XML", e))?;
    let doc = Document::parse(text).map_err(|e| PkiError::parse("XML", e))?;
    let signatures: Vec<Node<'_, '_>> = doc.descendants().filter(|n| is(*n, DSIG, "Signature")).collect();
    if signatures.is_empty() {
        return Err(PkiError::parse("XML signature", "the document has no ds:Signature"));
    }
    signatures.into_iter().map(|s| verify_one(&doc, s, trust, at, unknown)).collect()
}

fn is(node: Node<'_, '_>, namespace: &str, name: &str) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(namespace) && node.tag_name().name() == name
}

fn child<'a, 'i>(node: Node<'a, 'i>, namespace: &str, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| is(*c, namespace, name))
}

fn required<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> Result<Node<'a, 'i>, PkiError> {
    child(node, DSIG, name).ok_or_else(|| PkiError::parse("XML signature", format!("no ds:{name}")))
}

fn algorithm<'a>(node: Node<'a, '_>) -> Result<&'a str, PkiError> {
    node.attribute("Algorithm")
        .ok_or_else(|| PkiError::parse("XML signature", format!("ds:{} has no Algorithm", node.tag_name().name())))
}

fn base64(node: Node<'_, '_>, what: &'static str) -> Result<Vec<u8>, PkiError> {
    let compact: String = node.text().unwrap_or("").chars().filter(|c| !c.is_whitespace()).collect();
    Base64::decode_vec(&compact).map_err(|e| PkiError::parse(what, e))
}

fn verify_one(
    doc: &Document<'_>,
    signature: Node<'_, '_>,
    trust: &Trust,
    at: DateTime<Utc>,
    unknown: UnknownStatus,
) -> Result<XmlSignature, PkiError> {
    let signed_info = required(signature, "SignedInfo")?;
    let method = canonicalisation(required(signed_info, "CanonicalizationMethod")?)?;
    let signature_oid = signature_algorithm(algorithm(required(signed_info, "SignatureMethod")?)?)?;
    let value = base64(required(signature, "SignatureValue")?, "ds:SignatureValue")?;
    let certificate = required(signature, "KeyInfo")?
        .descendants()
        .find(|n| is(*n, DSIG, "X509Certificate"))
        .ok_or_else(|| PkiError::parse("XML signature", "no ds:X509Certificate in ds:KeyInfo"))?;
    let cert = Certificate::from_der(&base64(certificate, "ds:X509Certificate")?)?;
    let label = format!("the XML signature of {}", cert.subject_label());

    let mut references = Vec::new();
    let mut covered = Vec::new();
    for reference in signed_info.children().filter(|n| is(*n, DSIG, "Reference")) {
        let (uri, target) = check_reference(doc, signature, reference, &label)?;
        references.push(uri);
        covered.extend(target);
    }
    if references.is_empty() {
        return Err(PkiError::parse("XML signature", "ds:SignedInfo has no ds:Reference"));
    }
    signed_by(signature_oid, &c14n::subtree(signed_info, &method, None), &value, &cert, &label)?;

    let properties = signature.descendants().find(|n| is(*n, XADES, "SignedProperties"));
    let signing_time = match properties {
        Some(props) => {
            if !covered.contains(&props.id()) {
                return Err(PkiError::BadSignature(format!("{label}: xades:SignedProperties is not signed")));
            }
            check_signing_certificate(props, &cert, &label)?;
            signing_time(props)?
        }
        None => None,
    };
    Ok(XmlSignature {
        signer: Signer::checked(&cert, trust, at, unknown, signing_time)?,
        references,
        xades: properties.is_some(),
    })
}

/// Checks one reference's digest; returns its URI and the element it names (none for `""`).
fn check_reference(
    doc: &Document<'_>,
    signature: Node<'_, '_>,
    reference: Node<'_, '_>,
    label: &str,
) -> Result<(String, Option<NodeId>), PkiError> {
    let uri = reference.attribute("URI").unwrap_or("").to_owned();
    let mut enveloped = false;
    let mut method = Method::Inclusive;
    if let Some(transforms) = child(reference, DSIG, "Transforms") {
        for transform in transforms.children().filter(|n| is(*n, DSIG, "Transform")) {
            match algorithm(transform)? {
                ENVELOPED => enveloped = true,
                _ => method = canonicalisation(transform)?,
            }
        }
    }
    let excluded = enveloped.then(|| signature.id());
    let (octets, target) = if uri.is_empty() {
        (c14n::document(doc, &method, excluded), None)
    } else {
        let id = uri
            .strip_prefix('#')
            .ok_or_else(|| PkiError::UnsupportedAlgorithm(format!("external reference URI {uri}")))?;
        let mut found = doc
            .descendants()
            .filter(|n| n.attributes().any(|a| matches!(a.name(), "Id" | "ID" | "id") && a.value() == id));
        let node = found.next().ok_or_else(|| PkiError::parse("XML signature", format!("no element with Id {id}")))?;
        if found.next().is_some() {
            return Err(PkiError::parse("XML signature", format!("more than one element with Id {id}")));
        }
        (c14n::subtree(node, &method, excluded), Some(node.id()))
    };
    let digest = digest(algorithm(required(reference, "DigestMethod")?)?, &octets)?;
    if digest != base64(required(reference, "DigestValue")?, "ds:DigestValue")? {
        let what = if uri.is_empty() { "the document".to_owned() } else { format!("the element {uri}") };
        return Err(PkiError::BadSignature(format!("{label}: {what} was changed after signing (its digest differs)")));
    }
    Ok((uri, target))
}

fn canonicalisation(node: Node<'_, '_>) -> Result<Method, PkiError> {
    match algorithm(node)? {
        EXC_C14N => {
            let prefixes = node
                .children()
                .find(|c| c.tag_name().name() == "InclusiveNamespaces")
                .and_then(|c| c.attribute("PrefixList"))
                .map(|list| list.split_whitespace().map(str::to_owned).collect())
                .unwrap_or_default();
            Ok(Method::Exclusive(prefixes))
        }
        C14N => Ok(Method::Inclusive),
        other => Err(PkiError::UnsupportedAlgorithm(format!("XML transform {other}"))),
    }
}

fn signature_algorithm(uri: &str) -> Result<der::asn1::ObjectIdentifier, PkiError> {
    match uri.strip_prefix(KZ) {
        Some("gostr34102015-gostr34112015-512") => Ok(oid::GOST2015_512_SIGNATURE),
        Some("gostr34102015-gostr34112015-256") => Ok(oid::GOST2015_256_SIGNATURE),
        _ if uri == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" => Ok(oid::RSA_SHA256),
        _ => Err(PkiError::UnsupportedAlgorithm(format!("XML signature method {uri}"))),
    }
}

fn digest(uri: &str, octets: &[u8]) -> Result<Vec<u8>, PkiError> {
    match uri.strip_prefix(KZ) {
        Some("gostr34112015-512") => Ok(Streebog512::digest(octets).to_vec()),
        Some("gostr34112015-256") => Ok(Streebog256::digest(octets).to_vec()),
        _ if uri == "http://www.w3.org/2001/04/xmlenc#sha256" => Ok(Sha256::digest(octets).to_vec()),
        _ => Err(PkiError::UnsupportedAlgorithm(format!("XML digest method {uri}"))),
    }
}

/// XAdES `SigningCertificateV2` (or `SigningCertificate`): the digest of the signer's certificate.
fn check_signing_certificate(props: Node<'_, '_>, cert: &Certificate, label: &str) -> Result<(), PkiError> {
    let Some(cert_digest) = props.descendants().find(|n| is(*n, XADES, "CertDigest")) else {
        return Err(PkiError::parse("XAdES", "no xades:CertDigest in the signed properties"));
    };
    let expected = base64(required(cert_digest, "DigestValue")?, "xades:CertDigest")?;
    if digest(algorithm(required(cert_digest, "DigestMethod")?)?, cert.der())? != expected {
        return Err(PkiError::BadSignature(format!("{label}: xades:SigningCertificate names another certificate")));
    }
    Ok(())
}

fn signing_time(props: Node<'_, '_>) -> Result<Option<DateTime<Utc>>, PkiError> {
    props
        .descendants()
        .find(|n| is(*n, XADES, "SigningTime"))
        .map(|n| {
            DateTime::parse_from_rfc3339(n.text().unwrap_or("").trim())
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| PkiError::parse("xades:SigningTime", e))
        })
        .transpose()
}
