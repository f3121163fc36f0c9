//! The object identifiers of the NCA profile and of the algorithms verified here.

use der::asn1::ObjectIdentifier as Oid;

/// RSA encryption (public key).
pub const RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
/// RSA with SHA-256.
pub const RSA_SHA256: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
/// EC public key (`id-ecPublicKey`); its parameter names the curve.
pub const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
/// The NIST P-256 curve (`prime256v1`, `secp256r1`).
pub const PRIME256V1: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
/// ECDSA with SHA-256.
pub const ECDSA_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
/// GOST R 34.10-2015 256-bit public key (Kazakh arc).
pub const GOST2015_256_KEY: Oid = Oid::new_unwrap("1.2.398.3.10.1.1.2.1");
/// GOST R 34.10-2015 256-bit curve parameter set (TC26 paramSetA, Kazakh arc).
pub const GOST2015_256_CURVE: Oid = Oid::new_unwrap("1.2.398.3.10.1.1.2.1.1");
/// GOST R 34.10-2015 512-bit public key (Kazakh arc).
pub const GOST2015_512_KEY: Oid = Oid::new_unwrap("1.2.398.3.10.1.1.2.2");
/// GOST R 34.10-2015 512-bit curve parameter set (TC26 paramSetA, Kazakh arc).
pub const GOST2015_512_CURVE: Oid = Oid::new_unwrap("1.2.398.3.10.1.1.2.2.1");
/// GOST R 34.10-2015 256-bit signature with Streebog-256.
pub const GOST2015_256_SIGNATURE: Oid = Oid::new_unwrap("1.2.398.3.10.1.1.2.3.1");
/// GOST R 34.10-2015 512-bit signature with Streebog-512.
pub const GOST2015_512_SIGNATURE: Oid = Oid::new_unwrap("1.2.398.3.10.1.1.2.3.2");
/// GOST 34.310-2004 signature.
pub const GOST2004_SIGNATURE: Oid = Oid::new_unwrap("1.2.398.3.10.1.1.1.2");

/// Subject attributes.
pub const COMMON_NAME: Oid = Oid::new_unwrap("2.5.4.3");
/// Surname.
pub const SURNAME: Oid = Oid::new_unwrap("2.5.4.4");
/// serialNumber: `IIN` + 12 digits.
pub const SERIAL_NUMBER: Oid = Oid::new_unwrap("2.5.4.5");
/// Country.
pub const COUNTRY: Oid = Oid::new_unwrap("2.5.4.6");
/// Organisation.
pub const ORGANISATION: Oid = Oid::new_unwrap("2.5.4.10");
/// Organisational unit: `BIN` + 12 digits.
pub const ORGANISATIONAL_UNIT: Oid = Oid::new_unwrap("2.5.4.11");
/// Given name: the patronymic in the NCA profile.
pub const GIVEN_NAME: Oid = Oid::new_unwrap("2.5.4.42");

/// Extensions.
pub const EXTENDED_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.37");
/// Key usage.
pub const KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.15");
