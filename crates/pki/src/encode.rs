//! The few DER encodings written by hand — for issuing certificates, CRLs, OCSP answers and key
//! stores, and for CMS signatures: TLVs, integers, times, names, bit strings and extensions.

use chrono::{DateTime, Datelike, Utc};
use der::asn1::ObjectIdentifier as Oid;

use crate::error::PkiError;

/// A DER element: identifier octet, definite length, contents.
pub(crate) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let len = content.len();
    let mut out = Vec::with_capacity(len + 6);
    out.push(tag);
    if len < 0x80 {
        out.push(u8::try_from(len).unwrap_or(0));
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | u8::try_from(bytes.len() - skip).unwrap_or(0));
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// A SEQUENCE of the concatenated `parts`.
pub(crate) fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// An OBJECT IDENTIFIER.
pub(crate) fn oid(o: Oid) -> Vec<u8> {
    tlv(0x06, o.as_bytes())
}

/// The content octets of a non-negative INTEGER `n` (minimal, a leading zero when the high bit
/// is set), as [`Certificate::serial_bytes`](crate::Certificate::serial_bytes) reads them back.
pub(crate) fn uint_bytes(n: u64) -> Vec<u8> {
    let bytes = n.to_be_bytes();
    let skip = bytes.iter().take_while(|&&b| b == 0).count().min(7);
    let mut out = bytes[skip..].to_vec();
    if out.first().is_some_and(|b| b & 0x80 != 0) {
        out.insert(0, 0);
    }
    out
}

/// An INTEGER.
pub(crate) fn uint(n: u64) -> Vec<u8> {
    tlv(0x02, &uint_bytes(n))
}

/// A BOOLEAN TRUE.
pub(crate) fn true_() -> Vec<u8> {
    tlv(0x01, &[0xff])
}

/// An OCTET STRING.
pub(crate) fn octets(bytes: &[u8]) -> Vec<u8> {
    tlv(0x04, bytes)
}

/// A BIT STRING of whole octets (no unused bits).
pub(crate) fn bits(bytes: &[u8]) -> Vec<u8> {
    tlv(0x03, &[&[0][..], bytes].concat())
}

/// A named-bit BIT STRING (`KeyUsage`) with the bits numbered in `set` (bit 0 the most
/// significant of the first octet), trailing zero bits dropped as DER wants.
pub(crate) fn named_bits(set: &[u8]) -> Vec<u8> {
    let Some(&last) = set.iter().max() else { return tlv(0x03, &[0]) };
    let mut octets = vec![0_u8; usize::from(last / 8) + 1];
    for &bit in set {
        if let Some(o) = octets.get_mut(usize::from(bit / 8)) {
            *o |= 0x80 >> (bit % 8);
        }
    }
    let unused = octets.last().map_or(0, |o| u8::try_from(o.trailing_zeros()).unwrap_or(0));
    tlv(0x03, &[&[unused][..], &octets].concat())
}

fn check_year(at: DateTime<Utc>) -> Result<(), PkiError> {
    if (0..=9999).contains(&at.year()) {
        Ok(())
    } else {
        Err(PkiError::Issue(format!("the year {} cannot be encoded", at.year())))
    }
}

/// An X.509 `Time`: `UTCTime` from 1950 to 2049, `GeneralizedTime` otherwise (RFC 5280).
pub(crate) fn time(at: DateTime<Utc>) -> Result<Vec<u8>, PkiError> {
    check_year(at)?;
    Ok(if (1950..2050).contains(&at.year()) {
        tlv(0x17, at.format("%y%m%d%H%M%SZ").to_string().as_bytes())
    } else {
        generalized(at)
    })
}

/// A `GeneralizedTime` (OCSP writes only these).
pub(crate) fn generalized_time(at: DateTime<Utc>) -> Result<Vec<u8>, PkiError> {
    check_year(at)?;
    Ok(generalized(at))
}

fn generalized(at: DateTime<Utc>) -> Vec<u8> {
    tlv(0x18, at.format("%Y%m%d%H%M%SZ").to_string().as_bytes())
}

/// The kinds of string a name attribute is written in.
#[derive(Clone, Copy)]
pub(crate) enum Text {
    /// `PrintableString` (country, IIN, BIN).
    Printable,
    /// `UTF8String` (names).
    Utf8,
}

/// A distinguished name: one attribute per RDN, in order.
pub(crate) fn name(attributes: &[(Oid, Text, &str)]) -> Vec<u8> {
    let rdns: Vec<Vec<u8>> = attributes
        .iter()
        .map(|(o, kind, value)| {
            let tag = match kind {
                Text::Printable => 0x13,
                Text::Utf8 => 0x0c,
            };
            tlv(0x31, &seq(&[&oid(*o), &tlv(tag, value.as_bytes())]))
        })
        .collect();
    tlv(0x30, &rdns.concat())
}

/// An `Extension`: its identifier, criticality and the DER of its value.
pub(crate) fn extension(id: Oid, critical: bool, value: &[u8]) -> Vec<u8> {
    if critical { seq(&[&oid(id), &true_(), &octets(value)]) } else { seq(&[&oid(id), &octets(value)]) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_and_named_bits_are_minimal() {
        assert_eq!(uint(0), [0x02, 0x01, 0x00]);
        assert_eq!(uint(0x80), [0x02, 0x02, 0x00, 0x80]);
        assert_eq!(uint(0x0102), [0x02, 0x02, 0x01, 0x02]);
        // digitalSignature, nonRepudiation
        assert_eq!(named_bits(&[0, 1]), [0x03, 0x02, 0x06, 0xc0]);
        // digitalSignature, keyEncipherment
        assert_eq!(named_bits(&[0, 2]), [0x03, 0x02, 0x05, 0xa0]);
        // digitalSignature, keyCertSign, cRLSign
        assert_eq!(named_bits(&[0, 5, 6]), [0x03, 0x02, 0x01, 0x86]);
        assert_eq!(tlv(0x04, &[0; 200])[..3], [0x04, 0x81, 200]);
    }
}
