//! Exact non-wrapping rational arithmetic on `i128`, used by fee evaluation.

use std::cmp::Ordering;

use crate::error::DomainError;

/// A reduced fraction `num / den` with `den > 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ratio {
    num: i128,
    den: i128,
}

const fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

fn overflow(context: &'static str) -> DomainError {
    DomainError::ArithmeticOverflow { context }
}

impl Ratio {
    /// Zero.
    pub(crate) const ZERO: Ratio = Ratio { num: 0, den: 1 };

    /// The integer `value`.
    pub(crate) const fn integer(value: i128) -> Self {
        Self { num: value, den: 1 }
    }

    /// `num / den`, reduced; `den` must be non-zero.
    pub(crate) fn new(num: i128, den: i128, context: &'static str) -> Result<Self, DomainError> {
        if den == 0 {
            return Err(overflow(context));
        }
        let g = gcd(num, den).max(1);
        let (mut num, mut den) = (num / g, den / g);
        if den < 0 {
            num = num.checked_neg().ok_or_else(|| overflow(context))?;
            den = den.checked_neg().ok_or_else(|| overflow(context))?;
        }
        Ok(Self { num, den })
    }

    /// `self × other`, exactly.
    pub(crate) fn checked_mul(self, other: Ratio, context: &'static str) -> Result<Self, DomainError> {
        // Cross-reduce first to keep intermediates small.
        let g1 = gcd(self.num, other.den).max(1);
        let g2 = gcd(other.num, self.den).max(1);
        let num = (self.num / g1).checked_mul(other.num / g2).ok_or_else(|| overflow(context))?;
        let den = (self.den / g2).checked_mul(other.den / g1).ok_or_else(|| overflow(context))?;
        Self::new(num, den, context)
    }

    /// Exact comparison.
    pub(crate) fn checked_cmp(self, other: Ratio, context: &'static str) -> Result<Ordering, DomainError> {
        let left = self.num.checked_mul(other.den).ok_or_else(|| overflow(context))?;
        let right = other.num.checked_mul(self.den).ok_or_else(|| overflow(context))?;
        Ok(left.cmp(&right))
    }

    /// Rounds to the nearest integer, halves away from zero ("half up" for
    /// the non-negative amounts fees produce), and narrows to `i64`.
    pub(crate) fn round_half_up(self, context: &'static str) -> Result<i64, DomainError> {
        let magnitude = self.num.checked_abs().ok_or_else(|| overflow(context))?;
        let twice = magnitude.checked_mul(2).ok_or_else(|| overflow(context))?;
        let rounded = twice.checked_add(self.den).ok_or_else(|| overflow(context))?
            / self.den.checked_mul(2).ok_or_else(|| overflow(context))?;
        let signed = if self.num < 0 { -rounded } else { rounded };
        i64::try_from(signed).map_err(|_| overflow(context))
    }
}

#[cfg(test)]
mod tests {
    use super::Ratio;

    #[test]
    fn rounding_table() -> Result<(), crate::DomainError> {
        let cases: [(i128, i128, i64); 9] = [
            (0, 1, 0),
            (1, 2, 1),
            (-1, 2, -1),
            (49, 100, 0),
            (51, 100, 1),
            (5, 2, 3),
            (7, 3, 2),
            (8, 3, 3),
            (-7, 2, -4),
        ];
        for (num, den, expected) in cases {
            let got = Ratio::new(num, den, "test")?.round_half_up("test")?;
            assert_eq!(got, expected, "{num}/{den}");
        }
        Ok(())
    }

    #[test]
    fn compare_and_multiply() -> Result<(), crate::DomainError> {
        let half = Ratio::new(1, 2, "test")?;
        let third = Ratio::new(2, 6, "test")?;
        assert_eq!(third, Ratio::new(1, 3, "test")?);
        assert!(half.checked_cmp(third, "test")?.is_gt());
        assert_eq!(half.checked_mul(third, "test")?, Ratio::new(1, 6, "test")?);
        assert_eq!(Ratio::ZERO, Ratio::integer(0));
        assert!(Ratio::integer(i128::MAX).checked_mul(Ratio::integer(2), "test").is_err());
        Ok(())
    }
}
