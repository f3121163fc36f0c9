//! PKCS#12 key stores (RFC 7292) opened with a password: the MAC checked (HMAC with the PKCS#12
//! key derivation, SHA-1 or SHA-256), the certificate bags and the private key bags decrypted —
//! the legacy PKCS#12 PBE schemes NCA key stores use (SHA-1 with 3-key triple DES, or RC2 with a
//! 40- or 128-bit key) and PBES2 (PBKDF2 with HMAC-SHA-1/SHA-256, AES-CBC) as OpenSSL 3 writes.
//!
//! NCA key stores are BER (indefinite lengths, constructed OCTET STRINGs), which a DER decoder
//! refuses: they are read by the small bounded BER reader [`Node`] here.

use der::asn1::ObjectIdentifier as Oid;
use hmac::{Hmac, Mac};
use pkcs12::kdf::{Pkcs12KeyType, derive_key_utf8};
use sha1::Sha1;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::PkiError;

const DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
const ENCRYPTED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.6");
const KEY_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.1");
const SHROUDED_KEY_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.2");
const CERT_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.3");
const SAFE_CONTENTS_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.6");
const X509_CERTIFICATE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.22.1");
const PBE_SHA1_3DES: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.3");
const PBE_SHA1_RC2_128: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.5");
const PBE_SHA1_RC2_40: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.6");
const PBES2: Oid = Oid::new_unwrap("1.2.840.113549.1.5.13");
const PBKDF2: Oid = Oid::new_unwrap("1.2.840.113549.1.5.12");
const HMAC_SHA1: Oid = Oid::new_unwrap("1.2.840.113549.2.7");
const HMAC_SHA256: Oid = Oid::new_unwrap("1.2.840.113549.2.9");
const AES128_CBC: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.1.2");
const AES192_CBC: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.1.22");
const AES256_CBC: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.1.42");
const SHA1: Oid = Oid::new_unwrap("1.3.14.3.2.26");
const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");

/// The deepest nesting the BER reader follows (PKCS#12 needs about a dozen levels).
const MAX_DEPTH: usize = 40;
/// The most iterations of a key derivation accepted (NCA uses 1,024; OpenSSL 3 2,048), so that a
/// damaged or hostile store cannot make opening it take hours.
const MAX_ITERATIONS: u64 = 10_000_000;

/// What a key store holds: the private keys (PKCS#8 `PrivateKeyInfo`, DER) and the certificates
/// (DER), in store order.
pub(crate) struct Contents {
    pub(crate) keys: Vec<Zeroizing<Vec<u8>>>,
    pub(crate) certificates: Vec<Vec<u8>>,
}

/// Opens a PKCS#12 store with `password`.
pub(crate) fn open(bytes: &[u8], password: &str) -> Result<Contents, PkiError> {
    let pfx = Node::parse_one(bytes)?;
    let fields = pfx.sequence()?;
    let [version, auth_safe, rest @ ..] = fields else {
        return Err(bad("the PFX is not version, authSafe, macData"));
    };
    if version.uint()? != 3 {
        return Err(bad("the PFX version is not 3"));
    }
    let data = content_info_data(auth_safe, DATA)?;
    match rest {
        [] => {}
        [mac] => check_mac(mac, &data, password)?,
        _ => return Err(bad("the PFX has fields after macData")),
    }
    let mut contents = Contents { keys: Vec::new(), certificates: Vec::new() };
    for info in Node::parse_one(&data)?.sequence()? {
        let [kind, _] = info.sequence()? else { return Err(bad("a ContentInfo is not type and content")) };
        let kind = kind.oid()?;
        let safe = if kind == DATA {
            Zeroizing::new(content_info_data(info, DATA)?)
        } else if kind == ENCRYPTED_DATA {
            let encrypted = info.explicit_content()?;
            let [_version, eci, ..] = encrypted.sequence()? else {
                return Err(bad("EncryptedData is not version, encryptedContentInfo"));
            };
            let [_type, algorithm, ciphertext] = eci.sequence()? else {
                return Err(bad("EncryptedContentInfo has no encrypted content"));
            };
            decrypt(algorithm, &ciphertext.octets()?, password)?
        } else {
            return Err(PkiError::UnsupportedAlgorithm(format!("key store content of type {kind}")));
        };
        read_bags(&Node::parse_one(&safe)?, password, &mut contents, 0)?;
    }
    Ok(contents)
}

/// The bytes of a ContentInfo of type `expected` whose content is `[0] EXPLICIT OCTET STRING`.
fn content_info_data(info: &Node, expected: Oid) -> Result<Vec<u8>, PkiError> {
    let [kind, _] = info.sequence()? else { return Err(bad("a ContentInfo is not type and content")) };
    if kind.oid()? != expected {
        return Err(bad(format!("a ContentInfo of type {} where {expected} was expected", kind.oid()?)));
    }
    info.explicit_content()?.octets()
}

fn read_bags(safe: &Node, password: &str, contents: &mut Contents, depth: usize) -> Result<(), PkiError> {
    if depth > 4 {
        return Err(bad("safe contents nested too deeply"));
    }
    for bag in safe.sequence()? {
        let [id, value, ..] = bag.sequence()? else { return Err(bad("a SafeBag is not id and value")) };
        let id = id.oid()?;
        let value = value.single_child(0xa0)?;
        if id == KEY_BAG {
            contents.keys.push(Zeroizing::new(value.to_der()));
        } else if id == SHROUDED_KEY_BAG {
            let [algorithm, ciphertext] = value.sequence()? else {
                return Err(bad("EncryptedPrivateKeyInfo is not algorithm and data"));
            };
            let plain = decrypt(algorithm, &ciphertext.octets()?, password)?;
            // Re-encoded in DER: a BER PrivateKeyInfo would not be read by the key parser.
            contents.keys.push(Zeroizing::new(Node::parse_one(&plain)?.to_der()));
        } else if id == CERT_BAG {
            let [kind, cert] = value.sequence()? else { return Err(bad("a CertBag is not type and value")) };
            if kind.oid()? == X509_CERTIFICATE {
                contents.certificates.push(Node::parse_one(&cert.single_child(0xa0)?.octets()?)?.to_der());
            }
        } else if id == SAFE_CONTENTS_BAG {
            read_bags(value, password, contents, depth + 1)?;
        }
        // CRL and secret bags are not needed for signing.
    }
    Ok(())
}

/// Checks the store's MAC: HMAC over the authSafe content with a key made by the PKCS#12 KDF
/// (id 3) from the password.
fn check_mac(mac_data: &Node, data: &[u8], password: &str) -> Result<(), PkiError> {
    let (digest_info, salt, iterations) = match mac_data.sequence()? {
        [d, s] => (d, s.octets()?, 1),
        [d, s, i] => (d, s.octets()?, i.uint()?),
        _ => return Err(bad("MacData is not mac, salt, iterations")),
    };
    let [algorithm, expected] = digest_info.sequence()? else { return Err(bad("the MAC is not a DigestInfo")) };
    let digest = algorithm_oid(algorithm)?;
    let expected = expected.octets()?;
    let rounds = rounds(iterations)?;
    let ok = if digest == SHA1 {
        let key = Zeroizing::new(
            derive_key_utf8::<Sha1>(password, &salt, Pkcs12KeyType::Mac, rounds, 20).map_err(password_error)?,
        );
        let mut mac = Hmac::<Sha1>::new_from_slice(&key).map_err(bad)?;
        mac.update(data);
        mac.verify_slice(&expected).is_ok()
    } else if digest == SHA256 {
        let key = Zeroizing::new(
            derive_key_utf8::<Sha256>(password, &salt, Pkcs12KeyType::Mac, rounds, 32).map_err(password_error)?,
        );
        let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(bad)?;
        mac.update(data);
        mac.verify_slice(&expected).is_ok()
    } else {
        return Err(PkiError::UnsupportedAlgorithm(format!("key store MAC digest {digest}")));
    };
    if ok {
        Ok(())
    } else {
        Err(PkiError::KeyStore("the MAC does not verify: wrong password, or a damaged key store".to_owned()))
    }
}

/// Decrypts `ciphertext` as `algorithm` (an `AlgorithmIdentifier`) says, with `password`.
fn decrypt(algorithm: &Node, ciphertext: &[u8], password: &str) -> Result<Zeroizing<Vec<u8>>, PkiError> {
    use cbc::cipher::block_padding::Pkcs7;
    use cbc::cipher::{BlockDecryptMut as _, InnerIvInit as _, KeyIvInit as _};

    let [oid, params] = algorithm.sequence()? else {
        return Err(bad("an encryption AlgorithmIdentifier without parameters"));
    };
    let oid = oid.oid()?;
    let failed =
        |_| PkiError::KeyStore("cannot decrypt the key store: wrong password, or a damaged key store".to_owned());
    let plain = if oid == PBE_SHA1_3DES || oid == PBE_SHA1_RC2_40 || oid == PBE_SHA1_RC2_128 {
        let [salt, iterations] = params.sequence()? else { return Err(bad("PBE parameters are not salt, iterations")) };
        let (salt, rounds) = (salt.octets()?, rounds(iterations.uint()?)?);
        let key_len = if oid == PBE_SHA1_3DES {
            24
        } else if oid == PBE_SHA1_RC2_40 {
            5
        } else {
            16
        };
        let derive = |id, len| {
            derive_key_utf8::<Sha1>(password, &salt, id, rounds, len).map(Zeroizing::new).map_err(password_error)
        };
        let key = derive(Pkcs12KeyType::EncryptionKey, key_len)?;
        let iv = derive(Pkcs12KeyType::Iv, 8)?;
        if oid == PBE_SHA1_3DES {
            cbc::Decryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
                .map_err(bad)?
                .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
                .map_err(failed)?
        } else {
            let cipher = rc2::Rc2::new_with_eff_key_len(&key, key_len * 8);
            cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(cipher, &iv)
                .map_err(bad)?
                .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
                .map_err(failed)?
        }
    } else if oid == PBES2 {
        let [kdf, scheme] = params.sequence()? else { return Err(bad("PBES2 parameters are not kdf, scheme")) };
        let [kdf_oid, kdf_params] = kdf.sequence()? else { return Err(bad("PBES2 without a key derivation")) };
        if kdf_oid.oid()? != PBKDF2 {
            return Err(PkiError::UnsupportedAlgorithm(format!("PBES2 key derivation {}", kdf_oid.oid()?)));
        }
        let [cipher_oid, iv] = scheme.sequence()? else { return Err(bad("PBES2 scheme without an IV")) };
        let (cipher, iv) = (cipher_oid.oid()?, iv.octets()?);
        let key_len = match cipher {
            c if c == AES128_CBC => 16,
            c if c == AES192_CBC => 24,
            c if c == AES256_CBC => 32,
            other => return Err(PkiError::UnsupportedAlgorithm(format!("PBES2 cipher {other}"))),
        };
        let fields = kdf_params.sequence()?;
        let [salt, iterations, rest @ ..] = fields else {
            return Err(bad("PBKDF2 parameters are not salt, iterations"));
        };
        let (salt, iterations) = (salt.octets()?, u32::try_from(rounds(iterations.uint()?)?).map_err(bad)?);
        // keyLength (an INTEGER) may come before the PRF; the PRF defaults to HMAC-SHA-1.
        let prf = match rest.iter().find(|n| n.tag == 0x30) {
            Some(p) => algorithm_oid(p)?,
            None => HMAC_SHA1,
        };
        let mut key = Zeroizing::new(vec![0u8; key_len]);
        if prf == HMAC_SHA256 {
            pbkdf2::pbkdf2_hmac::<Sha256>(password.as_bytes(), &salt, iterations, &mut key);
        } else if prf == HMAC_SHA1 {
            pbkdf2::pbkdf2_hmac::<Sha1>(password.as_bytes(), &salt, iterations, &mut key);
        } else {
            return Err(PkiError::UnsupportedAlgorithm(format!("PBKDF2 pseudo-random function {prf}")));
        }
        match key_len {
            16 => cbc::Decryptor::<aes::Aes128>::new_from_slices(&key, &iv)
                .map_err(bad)?
                .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
                .map_err(failed)?,
            24 => cbc::Decryptor::<aes::Aes192>::new_from_slices(&key, &iv)
                .map_err(bad)?
                .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
                .map_err(failed)?,
            _ => cbc::Decryptor::<aes::Aes256>::new_from_slices(&key, &iv)
                .map_err(bad)?
                .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
                .map_err(failed)?,
        }
    } else {
        return Err(PkiError::UnsupportedAlgorithm(format!("key store encryption {oid} ({})", pbe_name(oid))));
    };
    Ok(Zeroizing::new(plain))
}

/// A readable name for encryption schemes met in key stores and not supported.
fn pbe_name(oid: Oid) -> &'static str {
    match oid.to_string().as_str() {
        "1.2.840.113549.1.12.1.1" => "pbeWithSHAAnd128BitRC4",
        "1.2.840.113549.1.12.1.2" => "pbeWithSHAAnd40BitRC4",
        "1.2.840.113549.1.12.1.4" => "pbeWithSHAAnd2-KeyTripleDES-CBC",
        "1.2.840.113549.1.5.3" | "1.2.840.113549.1.5.10" => "PBES1 with DES",
        _ => "unknown",
    }
}

fn algorithm_oid(algorithm: &Node) -> Result<Oid, PkiError> {
    algorithm.sequence()?.first().ok_or_else(|| bad("an empty AlgorithmIdentifier"))?.oid()
}

fn rounds(iterations: u64) -> Result<i32, PkiError> {
    if iterations == 0 || iterations > MAX_ITERATIONS {
        return Err(bad(format!("{iterations} iterations of the key derivation")));
    }
    i32::try_from(iterations).map_err(bad)
}

fn password_error(e: der::Error) -> PkiError {
    PkiError::KeyStore(format!("the password cannot be used: {e}"))
}

fn bad(reason: impl std::fmt::Display) -> PkiError {
    PkiError::parse("PKCS#12 key store", reason)
}

/// One BER element: its identifier octet and its contents (primitive bytes or the elements it is
/// made of).
#[derive(Debug)]
pub(crate) struct Node {
    tag: u8,
    body: Body,
}

#[derive(Debug)]
enum Body {
    Primitive(Vec<u8>),
    Constructed(Vec<Node>),
}

impl Node {
    /// Reads exactly one element filling `input`.
    pub(crate) fn parse_one(input: &[u8]) -> Result<Self, PkiError> {
        let (node, used) = Self::parse(input, 0)?;
        if used != input.len() {
            return Err(bad("bytes after the end of the structure"));
        }
        Ok(node)
    }

    /// Reads one element at the start of `input`; returns it and the bytes it took.
    fn parse(input: &[u8], depth: usize) -> Result<(Self, usize), PkiError> {
        if depth > MAX_DEPTH {
            return Err(bad("nested too deeply"));
        }
        let [tag, first, ..] = *input else { return Err(bad("truncated")) };
        if tag & 0x1f == 0x1f {
            return Err(bad("a high tag number"));
        }
        let constructed = tag & 0x20 != 0;
        let (length, mut at) = match first {
            0x80 if constructed => (None, 2),
            b if b < 0x80 => (Some(usize::from(b)), 2),
            b @ 0x81..=0x84 => {
                let n = usize::from(b & 0x7f);
                let bytes = input.get(2..2 + n).ok_or_else(|| bad("truncated length"))?;
                (Some(bytes.iter().fold(0usize, |acc, &x| (acc << 8) | usize::from(x))), 2 + n)
            }
            _ => return Err(bad("an invalid length")),
        };
        let Some(len) = length else {
            // Indefinite length: elements up to the end-of-contents octets 00 00.
            let mut children = Vec::new();
            loop {
                let rest = input.get(at..).ok_or_else(|| bad("truncated"))?;
                if rest.starts_with(&[0, 0]) {
                    return Ok((Self { tag, body: Body::Constructed(children) }, at + 2));
                }
                let (child, used) = Self::parse(rest, depth + 1)?;
                children.push(child);
                at += used;
            }
        };
        let end = at.checked_add(len).filter(|&e| e <= input.len()).ok_or_else(|| bad("truncated"))?;
        let content = &input[at..end];
        if !constructed {
            return Ok((Self { tag, body: Body::Primitive(content.to_vec()) }, end));
        }
        let mut children = Vec::new();
        let mut pos = 0;
        while pos < content.len() {
            let (child, used) = Self::parse(&content[pos..], depth + 1)?;
            children.push(child);
            pos += used;
        }
        Ok((Self { tag, body: Body::Constructed(children) }, end))
    }

    /// The elements of a SEQUENCE.
    fn sequence(&self) -> Result<&[Node], PkiError> {
        match (&self.body, self.tag) {
            (Body::Constructed(children), 0x30) => Ok(children),
            _ => Err(bad(format!("a SEQUENCE was expected, not tag {:#04x}", self.tag))),
        }
    }

    /// The one element inside a constructed element tagged `tag`.
    fn single_child(&self, tag: u8) -> Result<&Node, PkiError> {
        match &self.body {
            Body::Constructed(children) if self.tag == tag && children.len() == 1 => Ok(&children[0]),
            _ => Err(bad(format!("a [{}] wrapper was expected", tag & 0x1f))),
        }
    }

    /// The content `[0] EXPLICIT` of a ContentInfo.
    fn explicit_content(&self) -> Result<&Node, PkiError> {
        match self.sequence()? {
            [_, content] => content.single_child(0xa0),
            _ => Err(bad("a ContentInfo is not type and content")),
        }
    }

    /// The bytes of an OCTET STRING (or an implicitly tagged one), joined if constructed.
    fn octets(&self) -> Result<Vec<u8>, PkiError> {
        match &self.body {
            Body::Primitive(bytes) => Ok(bytes.clone()),
            Body::Constructed(children) => {
                let mut out = Vec::new();
                for child in children {
                    if child.tag != 0x04 {
                        return Err(bad("a constructed string holds something else than OCTET STRINGs"));
                    }
                    out.extend(child.octets()?);
                }
                Ok(out)
            }
        }
    }

    fn oid(&self) -> Result<Oid, PkiError> {
        match (&self.body, self.tag) {
            (Body::Primitive(bytes), 0x06) => Oid::from_bytes(bytes).map_err(bad),
            _ => Err(bad("an OBJECT IDENTIFIER was expected")),
        }
    }

    /// A small non-negative INTEGER.
    fn uint(&self) -> Result<u64, PkiError> {
        match (&self.body, self.tag) {
            (Body::Primitive(bytes), 0x02) if !bytes.is_empty() && bytes.len() <= 8 && bytes[0] & 0x80 == 0 => {
                Ok(bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
            }
            _ => Err(bad("a small non-negative INTEGER was expected")),
        }
    }

    /// The element in definite-length encoding (constructed strings are kept constructed).
    pub(crate) fn to_der(&self) -> Vec<u8> {
        let content = match &self.body {
            Body::Primitive(bytes) => bytes.clone(),
            Body::Constructed(children) => children.iter().flat_map(Self::to_der).collect(),
        };
        super::tlv(self.tag, &content)
    }
}
