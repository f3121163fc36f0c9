//! GOST R 34.10-2015 (= 2012) signature verification on the TC26 512-bit curve (paramSetA, RFC
//! 7836) with Streebog-512, in the Kazakh encoding: the public key's X and Y and the signature's
//! two halves are each stored little-endian. Verification only (public values): big-integer
//! arithmetic in Jacobian coordinates, no secret is ever handled here.

use num_bigint::BigUint;
use streebog::{Digest, Streebog512};

/// A curve y² = x³ + ax + b over GF(p) with a base point of order q.
struct Curve {
    p: BigUint,
    a: BigUint,
    q: BigUint,
    gx: BigUint,
    gy: BigUint,
}

fn hex(s: &str) -> BigUint {
    BigUint::parse_bytes(s.as_bytes(), 16).unwrap_or_default()
}

fn tc26_512_a() -> Curve {
    Curve {
        p: hex(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC7",
        ),
        a: hex(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC4",
        ),
        q: hex(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF27E69532F48D89116FF22B8D4E0560609B4B38ABFAD2B85DCACDB1411F10B275",
        ),
        gx: BigUint::from(3u8),
        gy: hex(
            "7503CFE87A836AE3A61B8816E25450E6CE5E1C93ACF1ABC1778064FDCBEFA921DF1626BE4FD036E93D75E6A50E3A41E98028FE5FC235F5B889A589CB5215F2A4",
        ),
    }
}

/// A point in Jacobian coordinates (X, Y, Z) ↦ (X/Z², Y/Z³); Z = 0 is the point at infinity.
#[derive(Clone)]
struct Jacobian {
    x: BigUint,
    y: BigUint,
    z: BigUint,
}

impl Curve {
    fn sub(&self, a: &BigUint, b: &BigUint) -> BigUint {
        ((a + &self.p) - (b % &self.p)) % &self.p
    }

    fn mul(&self, a: &BigUint, b: &BigUint) -> BigUint {
        (a * b) % &self.p
    }

    fn infinity() -> Jacobian {
        Jacobian { x: BigUint::from(1u8), y: BigUint::from(1u8), z: BigUint::ZERO }
    }

    fn double(&self, pt: &Jacobian) -> Jacobian {
        if pt.z == BigUint::ZERO || pt.y == BigUint::ZERO {
            return Self::infinity();
        }
        let xx = self.mul(&pt.x, &pt.x);
        let yy = self.mul(&pt.y, &pt.y);
        let yyyy = self.mul(&yy, &yy);
        let zz = self.mul(&pt.z, &pt.z);
        let s = self.mul(&BigUint::from(4u8), &self.mul(&pt.x, &yy));
        let m = (BigUint::from(3u8) * &xx + self.mul(&self.a, &self.mul(&zz, &zz))) % &self.p;
        let x3 = self.sub(&self.mul(&m, &m), &((BigUint::from(2u8) * &s) % &self.p));
        let y3 = self.sub(&self.mul(&m, &self.sub(&s, &x3)), &((BigUint::from(8u8) * &yyyy) % &self.p));
        let z3 = self.mul(&BigUint::from(2u8), &self.mul(&pt.y, &pt.z));
        Jacobian { x: x3, y: y3, z: z3 }
    }

    fn add(&self, p1: &Jacobian, p2: &Jacobian) -> Jacobian {
        if p1.z == BigUint::ZERO {
            return p2.clone();
        }
        if p2.z == BigUint::ZERO {
            return p1.clone();
        }
        let z1z1 = self.mul(&p1.z, &p1.z);
        let z2z2 = self.mul(&p2.z, &p2.z);
        let u1 = self.mul(&p1.x, &z2z2);
        let u2 = self.mul(&p2.x, &z1z1);
        let s1 = self.mul(&p1.y, &self.mul(&p2.z, &z2z2));
        let s2 = self.mul(&p2.y, &self.mul(&p1.z, &z1z1));
        if u1 == u2 {
            return if s1 == s2 { self.double(p1) } else { Self::infinity() };
        }
        let h = self.sub(&u2, &u1);
        let r = self.sub(&s2, &s1);
        let hh = self.mul(&h, &h);
        let hhh = self.mul(&h, &hh);
        let v = self.mul(&u1, &hh);
        let x3 = self.sub(&self.sub(&self.mul(&r, &r), &hhh), &((BigUint::from(2u8) * &v) % &self.p));
        let y3 = self.sub(&self.mul(&r, &self.sub(&v, &x3)), &self.mul(&s1, &hhh));
        let z3 = self.mul(&h, &self.mul(&p1.z, &p2.z));
        Jacobian { x: x3, y: y3, z: z3 }
    }

    /// k₁·P₁ + k₂·P₂ (Shamir's trick).
    fn double_mul(&self, k1: &BigUint, p1: &Jacobian, k2: &BigUint, p2: &Jacobian) -> Jacobian {
        let both = self.add(p1, p2);
        let bits = k1.bits().max(k2.bits());
        let mut acc = Self::infinity();
        for i in (0..bits).rev() {
            acc = self.double(&acc);
            match (k1.bit(i), k2.bit(i)) {
                (true, true) => acc = self.add(&acc, &both),
                (true, false) => acc = self.add(&acc, p1),
                (false, true) => acc = self.add(&acc, p2),
                (false, false) => {}
            }
        }
        acc
    }

    /// The affine x of a Jacobian point.
    fn affine_x(&self, pt: &Jacobian) -> Option<BigUint> {
        if pt.z == BigUint::ZERO {
            return None;
        }
        let z_inv = pt.z.modpow(&(&self.p - BigUint::from(2u8)), &self.p);
        let z_inv2 = self.mul(&z_inv, &z_inv);
        Some(self.mul(&pt.x, &z_inv2))
    }

    fn on_curve(&self, x: &BigUint, y: &BigUint, b: &BigUint) -> bool {
        let lhs = self.mul(y, y);
        let rhs = (self.mul(&self.mul(x, x), x) + self.mul(&self.a, x) + b) % &self.p;
        lhs == rhs
    }
}

fn b_512_a() -> BigUint {
    hex(
        "E8C2505DEDFC86DDC1BD0B2B6667F1DA34B82574761CB0E879BD081CFD0B6265EE3CB090F30D27614CB4574010DA90DD862EF9D4EBEE4761503190785A71C760",
    )
}

/// Verifies a GOST R 34.10-2015 512-bit signature over `message` (Kazakh encoding: `public_key`
/// is X‖Y and `signature` is r‖s, each half 64 bytes little-endian; the Streebog-512 digest is
/// read little-endian — the convention the NCA test CA's certificates verify with).
#[must_use]
pub fn verify_512(public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    if public_key.len() != 128 || signature.len() != 128 {
        return false;
    }
    let c = tc26_512_a();
    let qx = BigUint::from_bytes_le(&public_key[..64]);
    let qy = BigUint::from_bytes_le(&public_key[64..]);
    if !c.on_curve(&qx, &qy, &b_512_a()) {
        return false;
    }
    let (r_bytes, s_bytes) = signature.split_at(64);
    let r = BigUint::from_bytes_le(r_bytes);
    let s = BigUint::from_bytes_le(s_bytes);
    verify_rs(&c, &qx, &qy, message, &r, &s)
}

#[allow(clippy::many_single_char_names, reason = "the names of GOST R 34.10 (r, s, e, v, q…)")]
fn verify_rs(c: &Curve, qx: &BigUint, qy: &BigUint, message: &[u8], r: &BigUint, s: &BigUint) -> bool {
    let zero = BigUint::ZERO;
    if *r == zero || *s == zero || *r >= c.q || *s >= c.q {
        return false;
    }
    let digest = Streebog512::digest(message);
    let mut e = BigUint::from_bytes_le(&digest) % &c.q;
    if e == zero {
        e = BigUint::from(1u8);
    }
    let v = e.modpow(&(&c.q - BigUint::from(2u8)), &c.q);
    let z1 = (s * &v) % &c.q;
    let z2 = ((&c.q - r) * &v) % &c.q;
    let one = BigUint::from(1u8);
    let g = Jacobian { x: c.gx.clone(), y: c.gy.clone(), z: one.clone() };
    let q = Jacobian { x: qx.clone(), y: qy.clone(), z: one };
    let point = c.double_mul(&z1, &g, &z2, &q);
    c.affine_x(&point).is_some_and(|x| x % &c.q == *r)
}
