//! GOST R 34.10-2015 (= 2012) signature verification on the TC26 curves (RFC 7836): 256-bit
//! paramSetA with Streebog-256 and 512-bit paramSetA with Streebog-512, in the Kazakh encoding:
//! the public key's X and Y and the signature's two halves are each stored little-endian, and
//! the digest is read little-endian. One curve type serves both sizes (its parameters differ).
//! Verification only (public values, so variable time is fine): Jacobian coordinates over
//! fixed-size Montgomery limbs (4 or 8 × 64 bits), big integers for the few scalar operations;
//! no secret is ever handled here.

use std::sync::OnceLock;

use num_bigint::BigUint;
use streebog::{Digest, Streebog256, Streebog512};

/// A field element: N 64-bit limbs, little-endian, in Montgomery form (x·R mod p, R = 2^(64N)),
/// always fully reduced (< p), so equal elements have equal limbs.
type Fe<const N: usize> = [u64; N];

/// A curve y² = x³ + ax + b over GF(p) with a base point G of prime order q; coordinates and
/// scalars are `8·N` bytes long. The point arithmetic runs on fixed-size Montgomery limbs; the
/// few scalar operations (mod q) and the final conversions on big integers.
struct Curve<const N: usize> {
    /// p in limbs, −p⁻¹ mod 2^64, and R² mod p (to enter Montgomery form).
    p: Fe<N>,
    n0: u64,
    r2: Fe<N>,
    /// a in Montgomery form.
    a: Fe<N>,
    p_big: BigUint,
    a_big: BigUint,
    b_big: BigUint,
    q: BigUint,
    gx: BigUint,
    gy: BigUint,
}

fn hex(s: &str) -> BigUint {
    BigUint::parse_bytes(s.as_bytes(), 16).unwrap_or_default()
}

/// The N low limbs of `x` (which must be below 2^(64N)).
fn limbs<const N: usize>(x: &BigUint) -> Fe<N> {
    let mut out = [0u64; N];
    for (o, d) in out.iter_mut().zip(x.iter_u64_digits()) {
        *o = d;
    }
    out
}

/// `a < b` on limbs.
fn less<const N: usize>(a: &Fe<N>, b: &Fe<N>) -> bool {
    for i in (0..N).rev() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
    }
    false
}

/// `a − b` on limbs, and whether it borrowed.
fn sub_limbs<const N: usize>(a: &Fe<N>, b: &Fe<N>) -> (Fe<N>, bool) {
    let mut out = [0u64; N];
    let mut borrow = false;
    for i in 0..N {
        let (d, b1) = a[i].overflowing_sub(b[i]);
        let (d, b2) = d.overflowing_sub(u64::from(borrow));
        out[i] = d;
        borrow = b1 || b2;
    }
    (out, borrow)
}

/// `a + b` on limbs, and whether it carried.
fn add_limbs<const N: usize>(a: &Fe<N>, b: &Fe<N>) -> (Fe<N>, bool) {
    let mut out = [0u64; N];
    let mut carry = false;
    for i in 0..N {
        let (s, c1) = a[i].overflowing_add(b[i]);
        let (s, c2) = s.overflowing_add(u64::from(carry));
        out[i] = s;
        carry = c1 || c2;
    }
    (out, carry)
}

impl<const N: usize> Curve<N> {
    #[allow(clippy::many_single_char_names, reason = "the names of the curve parameters (p, a, b, q)")]
    fn new([p, a, b, q, gx, gy]: [&str; 6]) -> Self {
        let p_big = hex(p);
        let p_limbs = limbs(&p_big);
        // p⁻¹ mod 2^64 by Newton's iteration (p is odd), negated.
        let mut inv = 1u64;
        for _ in 0..6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(p_limbs[0].wrapping_mul(inv)));
        }
        let r2 = limbs(&((BigUint::from(1u8) << (128 * N)) % &p_big));
        let mut curve = Self {
            p: p_limbs,
            n0: inv.wrapping_neg(),
            r2,
            a: [0; N],
            a_big: hex(a),
            b_big: hex(b),
            q: hex(q),
            gx: hex(gx),
            gy: hex(gy),
            p_big,
        };
        curve.a = curve.to_fe(&curve.a_big.clone()).unwrap_or([0; N]);
        curve
    }

    /// Montgomery multiplication a·b·R⁻¹ mod p (CIOS).
    #[allow(clippy::cast_possible_truncation, reason = "limb arithmetic keeps the low 64 bits on purpose")]
    #[allow(clippy::many_single_char_names, reason = "the names of the CIOS algorithm (a, b, p, t, m, c, s)")]
    fn mul(&self, a: &Fe<N>, b: &Fe<N>) -> Fe<N> {
        let p = &self.p;
        let mut t = [0u64; N];
        let mut hi = 0u64;
        for &bi in b {
            let mut c = 0u64;
            for j in 0..N {
                let s = u128::from(t[j]) + u128::from(a[j]) * u128::from(bi) + u128::from(c);
                t[j] = s as u64;
                c = (s >> 64) as u64;
            }
            let s = u128::from(hi) + u128::from(c);
            hi = s as u64;
            let hi2 = (s >> 64) as u64;
            let m = t[0].wrapping_mul(self.n0);
            let s = u128::from(t[0]) + u128::from(m) * u128::from(p[0]);
            let mut c = (s >> 64) as u64;
            for j in 1..N {
                let s = u128::from(t[j]) + u128::from(m) * u128::from(p[j]) + u128::from(c);
                t[j - 1] = s as u64;
                c = (s >> 64) as u64;
            }
            let s = u128::from(hi) + u128::from(c);
            t[N - 1] = s as u64;
            hi = hi2 + (s >> 64) as u64;
        }
        if hi != 0 || !less(&t, p) { sub_limbs(&t, p).0 } else { t }
    }

    fn add(&self, a: &Fe<N>, b: &Fe<N>) -> Fe<N> {
        let (s, carry) = add_limbs(a, b);
        if carry || !less(&s, &self.p) { sub_limbs(&s, &self.p).0 } else { s }
    }

    fn sub(&self, a: &Fe<N>, b: &Fe<N>) -> Fe<N> {
        let (d, borrow) = sub_limbs(a, b);
        if borrow { add_limbs(&d, &self.p).0 } else { d }
    }

    /// x in Montgomery form, if x < p.
    fn to_fe(&self, x: &BigUint) -> Option<Fe<N>> {
        (*x < self.p_big).then(|| self.mul(&limbs(x), &self.r2))
    }

    /// The integer of a Montgomery-form element.
    fn integer(&self, x: &Fe<N>) -> BigUint {
        let mut one = [0u64; N];
        one[0] = 1;
        let plain = self.mul(x, &one);
        BigUint::from_bytes_le(&plain.iter().flat_map(|d| d.to_le_bytes()).collect::<Vec<u8>>())
    }

    fn infinity() -> Jacobian<N> {
        Jacobian { x: [0; N], y: [0; N], z: [0; N] }
    }

    fn double(&self, pt: &Jacobian<N>) -> Jacobian<N> {
        if pt.is_infinity() || pt.y == [0; N] {
            return Self::infinity();
        }
        let xx = self.mul(&pt.x, &pt.x);
        let yy = self.mul(&pt.y, &pt.y);
        let yyyy = self.mul(&yy, &yy);
        let zz = self.mul(&pt.z, &pt.z);
        let xyy = self.mul(&pt.x, &yy);
        let s2 = self.add(&xyy, &xyy);
        let s = self.add(&s2, &s2);
        let m = self.add(&self.add(&self.add(&xx, &xx), &xx), &self.mul(&self.a, &self.mul(&zz, &zz)));
        let x3 = self.sub(&self.mul(&m, &m), &self.add(&s, &s));
        let y4 = self.add(&yyyy, &yyyy);
        let y8 = self.add(&self.add(&y4, &y4), &self.add(&y4, &y4));
        let y3 = self.sub(&self.mul(&m, &self.sub(&s, &x3)), &y8);
        let yz = self.mul(&pt.y, &pt.z);
        let z3 = self.add(&yz, &yz);
        Jacobian { x: x3, y: y3, z: z3 }
    }

    fn add_points(&self, p1: &Jacobian<N>, p2: &Jacobian<N>) -> Jacobian<N> {
        if p1.is_infinity() {
            return p2.clone();
        }
        if p2.is_infinity() {
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
        let x3 = self.sub(&self.sub(&self.mul(&r, &r), &hhh), &self.add(&v, &v));
        let y3 = self.sub(&self.mul(&r, &self.sub(&v, &x3)), &self.mul(&s1, &hhh));
        let z3 = self.mul(&h, &self.mul(&p1.z, &p2.z));
        Jacobian { x: x3, y: y3, z: z3 }
    }

    /// k₁·P₁ + k₂·P₂ (Shamir's trick).
    fn double_mul(&self, k1: &BigUint, p1: &Jacobian<N>, k2: &BigUint, p2: &Jacobian<N>) -> Jacobian<N> {
        let both = self.add_points(p1, p2);
        let bits = k1.bits().max(k2.bits());
        let mut acc = Self::infinity();
        for i in (0..bits).rev() {
            acc = self.double(&acc);
            match (k1.bit(i), k2.bit(i)) {
                (true, true) => acc = self.add_points(&acc, &both),
                (true, false) => acc = self.add_points(&acc, p1),
                (false, true) => acc = self.add_points(&acc, p2),
                (false, false) => {}
            }
        }
        acc
    }

    /// The affine point of `(X, Y)` given as integers below p.
    fn point(&self, x: &BigUint, y: &BigUint) -> Option<Jacobian<N>> {
        let one = self.to_fe(&BigUint::from(1u8))?;
        Some(Jacobian { x: self.to_fe(x)?, y: self.to_fe(y)?, z: one })
    }

    /// The affine (x, y) of a Jacobian point, or `None` at infinity.
    fn affine(&self, pt: &Jacobian<N>) -> Option<(BigUint, BigUint)> {
        if pt.is_infinity() {
            return None;
        }
        let p = &self.p_big;
        let z_inv = self.integer(&pt.z).modpow(&(p - BigUint::from(2u8)), p);
        let z_inv2 = (&z_inv * &z_inv) % p;
        let x = (self.integer(&pt.x) * &z_inv2) % p;
        let y = (self.integer(&pt.y) * z_inv2 * z_inv) % p;
        Some((x, y))
    }

    fn on_curve(&self, x: &BigUint, y: &BigUint) -> bool {
        let p = &self.p_big;
        if x >= p || y >= p {
            return false;
        }
        let lhs = (y * y) % p;
        let rhs = ((x * x % p) * x + &self.a_big * x + &self.b_big) % p;
        lhs == rhs
    }

    /// Verifies a signature given as integers over the digest already read as the integer `e`
    /// (GOST R 34.10-2012 §6.2, steps 1 and 3–7).
    #[allow(clippy::many_single_char_names, reason = "the names of GOST R 34.10 (r, s, e, v, q…)")]
    fn verify_integers(&self, qx: &BigUint, qy: &BigUint, e: &BigUint, r: &BigUint, s: &BigUint) -> bool {
        let zero = BigUint::ZERO;
        if *r == zero || *s == zero || *r >= self.q || *s >= self.q || !self.on_curve(qx, qy) {
            return false;
        }
        let mut e = e % &self.q;
        if e == zero {
            e = BigUint::from(1u8);
        }
        let v = e.modpow(&(&self.q - BigUint::from(2u8)), &self.q);
        let z1 = (s * &v) % &self.q;
        let z2 = ((&self.q - r) * &v) % &self.q;
        let (Some(g), Some(q)) = (self.point(&self.gx, &self.gy), self.point(qx, qy)) else {
            return false;
        };
        let point = self.double_mul(&z1, &g, &z2, &q);
        self.affine(&point).is_some_and(|(x, _)| x % &self.q == *r)
    }

    /// Verifies the Kazakh encoding: `public_key` is X‖Y and `signature` r‖s, each half 8·N
    /// bytes little-endian; `digest` is read little-endian.
    fn verify_kazakh(&self, public_key: &[u8], digest: &[u8], signature: &[u8]) -> bool {
        let size = 8 * N;
        if public_key.len() != 2 * size || signature.len() != 2 * size {
            return false;
        }
        let (x, y) = public_key.split_at(size);
        let (r, s) = signature.split_at(size);
        self.verify_integers(
            &BigUint::from_bytes_le(x),
            &BigUint::from_bytes_le(y),
            &BigUint::from_bytes_le(digest),
            &BigUint::from_bytes_le(r),
            &BigUint::from_bytes_le(s),
        )
    }
}

/// id-tc26-gost-3410-2012-256-paramSetA (RFC 7836 §A.2, in Weierstrass form); Kazakh arc
/// 1.2.398.3.10.1.1.2.1.1.
fn tc26_256_a() -> &'static Curve<4> {
    static CURVE: OnceLock<Curve<4>> = OnceLock::new();
    CURVE.get_or_init(|| {
        Curve::new([
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97",
            "C2173F1513981673AF4892C23035A27CE25E2013BF95AA33B22C656F277E7335",
            "295F9BAE7428ED9CCC20E7C359A9D41A22FCCD9108E17BF7BA9337A6F8AE9513",
            "400000000000000000000000000000000FD8CDDFC87B6635C115AF556C360C67",
            "91E38443A5E82C0D880923425712B2BB658B9196932E02C78B2582FE742DAA28",
            "32879423AB1A0375895786C4BB46E9565FDE0B5344766740AF268ADB32322E5C",
        ])
    })
}

/// id-tc26-gost-3410-12-512-paramSetA (RFC 7836 §A.1); Kazakh arc 1.2.398.3.10.1.1.2.2.1.
fn tc26_512_a() -> &'static Curve<8> {
    static CURVE: OnceLock<Curve<8>> = OnceLock::new();
    CURVE.get_or_init(|| {
        Curve::new([
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC7",
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC4",
            "E8C2505DEDFC86DDC1BD0B2B6667F1DA34B82574761CB0E879BD081CFD0B6265EE3CB090F30D27614CB4574010DA90DD862EF9D4EBEE4761503190785A71C760",
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF27E69532F48D89116FF22B8D4E0560609B4B38ABFAD2B85DCACDB1411F10B275",
            "3",
            "7503CFE87A836AE3A61B8816E25450E6CE5E1C93ACF1ABC1778064FDCBEFA921DF1626BE4FD036E93D75E6A50E3A41E98028FE5FC235F5B889A589CB5215F2A4",
        ])
    })
}

/// A point in Jacobian coordinates (X, Y, Z) ↦ (X/Z², Y/Z³), Montgomery form; Z = 0 is the
/// point at infinity.
#[derive(Clone)]
struct Jacobian<const N: usize> {
    x: Fe<N>,
    y: Fe<N>,
    z: Fe<N>,
}

impl<const N: usize> Jacobian<N> {
    fn is_infinity(&self) -> bool {
        self.z == [0; N]
    }
}

/// Verifies a GOST R 34.10-2015 512-bit signature with Streebog-512 over `message` (Kazakh
/// encoding: `public_key` is X‖Y and `signature` is r‖s, each half 64 bytes little-endian; the
/// Streebog-512 digest is read little-endian — the convention the NCA test CA's certificates
/// verify with).
#[must_use]
pub fn verify_512(public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    tc26_512_a().verify_kazakh(public_key, &Streebog512::digest(message), signature)
}

/// Verifies a GOST R 34.10-2015 256-bit signature with Streebog-256 over `message` on TC26
/// paramSetA, in the same Kazakh encoding as [`verify_512`] with 32-byte halves. No NCA fixture
/// holds a 256-bit key, so the encoding is assumed to follow the 512-bit one (the Kalkan
/// libraries use one byte order for both sizes); the curve arithmetic is checked against the
/// known-answer example of GOST R 34.10-2012 (RFC 7091 §7.1).
#[must_use]
pub fn verify_256(public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    tc26_256_a().verify_kazakh(public_key, &Streebog256::digest(message), signature)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::many_single_char_names, reason = "the names of GOST R 34.10")]

    use super::*;

    /// k·P (test only: signs with the test math below).
    fn scalar_mul<const N: usize>(c: &Curve<N>, k: &BigUint, x: &BigUint, y: &BigUint) -> Option<(BigUint, BigUint)> {
        let pt = c.point(x, y)?;
        c.affine(&c.double_mul(k, &pt, &BigUint::ZERO, &Curve::infinity()))
    }

    /// The example of GOST R 34.10-2012 Appendix A.1 (RFC 7091 §7.1): its test curve, key,
    /// digest integer e and signature (r, s).
    #[test]
    fn the_standards_256_bit_example_verifies() {
        let c: Curve<4> = Curve::new([
            "8000000000000000000000000000000000000000000000000000000000000431",
            "7",
            "5FBFF498AA938CE739B8E022FBAFEF40563F6E6A3472FC2A514C0CE9DAE23B7E",
            "8000000000000000000000000000000150FE8A1892976154C59CFC193ACCF5B3",
            "2",
            "08E2A8A0E65147D4BD6316030E16D19C85C97F0A9CA267122B96ABBCEA7E8FC8",
        ]);
        let qx = hex("7F2B49E270DB6D90D8595BEC458B50C58585BA1D4E9B788F6689DBD8E56FD80B");
        let qy = hex("26F1B489D6701DD185C8413A977B3CBBAF64D1C593D26627DFFB101A87FF77DA");
        let e = hex("2DFBC1B372D89A1188C09C52E0EEC61FCE52032AB1022E8E67ECE6672B043EE5");
        let r = hex("41AA28D2F1AB148280CD9ED56FEDA41974053554A42767B83AD043FD39DC0493");
        let s = hex("01456C64BA4642A1653C235A98A60249BCD6D3F746B631DF928014F6C5BF9C40");
        assert!(c.on_curve(&c.gx, &c.gy));
        assert!(c.verify_integers(&qx, &qy, &e, &r, &s));
        assert!(!c.verify_integers(&qx, &qy, &(&e + 1u8), &r, &s));
        assert!(!c.verify_integers(&qx, &qy, &e, &r, &(&s ^ &BigUint::from(1u8))));
    }

    fn base_point_has_order_q<const N: usize>(c: &Curve<N>) {
        assert!(c.on_curve(&c.gx, &c.gy));
        assert!(scalar_mul(c, &c.q, &c.gx, &c.gy).is_none(), "q·G is the point at infinity");
        let (x, y) = scalar_mul(c, &(&c.q - 1u8), &c.gx, &c.gy).unwrap_or_default();
        assert_eq!((x, y), (c.gx.clone(), &c.p_big - &c.gy), "(q − 1)·G = −G");
    }

    #[test]
    fn both_tc26_curves_have_their_base_point_of_order_q() {
        base_point_has_order_q(tc26_256_a());
        base_point_has_order_q(tc26_512_a());
    }

    /// Signs with the test math (a fixed private key and nonce) in the Kazakh encoding and
    /// checks that `verify_256` accepts it and refuses any one-bit change.
    #[test]
    fn a_256_bit_signature_in_the_kazakh_encoding_verifies() {
        let c = tc26_256_a();
        let d = hex("7A929ADE789BB9BE10ED359DD39A72C11B60961F49397EEE1D19CE9891EC3B28");
        let k = hex("77105C9B20BCD3122823C8CF6FCC7B956DE33814E95B7FE64FED924594DCEAB3");
        let (qx, qy) = scalar_mul(c, &d, &c.gx, &c.gy).unwrap_or_default();
        let message = b"application";
        let mut e = BigUint::from_bytes_le(&Streebog256::digest(message)) % &c.q;
        if e == BigUint::ZERO {
            e = BigUint::from(1u8);
        }
        let (cx, _) = scalar_mul(c, &k, &c.gx, &c.gy).unwrap_or_default();
        let r = cx % &c.q;
        let s = (&r * &d + &k * &e) % &c.q;
        let le = |v: &BigUint| {
            let mut b = v.to_bytes_le();
            b.resize(32, 0);
            b
        };
        let key = [le(&qx), le(&qy)].concat();
        let signature = [le(&r), le(&s)].concat();
        assert!(verify_256(&key, message, &signature));
        assert!(!verify_256(&key, b"applicatioN", &signature));
        for bit in [0, 77, 255, 256, 300, 511] {
            let mut bad = signature.clone();
            bad[bit / 8] ^= 1 << (bit % 8);
            assert!(!verify_256(&key, message, &bad), "bit {bit}");
        }
        assert!(!verify_512(&key, message, &signature));
    }
}
