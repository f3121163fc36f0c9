//! The two-pass mod-11 check digit shared by IIN and BIN.
//!
//! First pass: weights 1..=11 over the first 11 digits, sum mod 11. If the
//! remainder is 10, second pass: weights 3,4,5,6,7,8,9,10,11,1,2, sum mod 11.
//! If that is 10 too, no valid number starts with these 11 digits.
//!
//! Weaknesses of the algorithm (pinned by tests): position 11 has first-pass
//! weight 11, which is 0 mod 11, so a substitution there goes unnoticed by the
//! first pass; and a substitution that moves a number from one pass to the
//! other can land on the same check digit. A single mistyped digit in
//! positions 1–10 or 12 is always caught only when both the true and the
//! mistyped number are decided by the first pass.

use super::IdKind;
use super::digits::LEN;
use crate::error::DomainError;

const FIRST_WEIGHTS: [u32; 11] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/// Which weighting pass decided a check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckDigitPass {
    /// Weights 1..=11 gave a remainder below 10.
    First,
    /// The first pass gave 10; weights 3..=11,1,2 gave a remainder below 10.
    Second,
}

fn weighted_remainder(prefix: &[u8; 11], weights: &[u32; 11]) -> u8 {
    let sum: u32 = prefix.iter().zip(weights).map(|(&d, &w)| u32::from(d) * w).sum();
    // sum % 11 < 11, so the conversion cannot fail.
    u8::try_from(sum % 11).unwrap_or(u8::MAX)
}

/// The check digit for 11 digit values (each 0–9), with the pass that decided it,
/// or `None` when both passes give 10 (no valid number has this prefix).
#[must_use]
pub fn compute_check_digit_with_pass(prefix: &[u8; 11]) -> Option<(u8, CheckDigitPass)> {
    let first = weighted_remainder(prefix, &FIRST_WEIGHTS);
    if first != 10 {
        return Some((first, CheckDigitPass::First));
    }
    let second = weighted_remainder(prefix, &SECOND_WEIGHTS);
    (second != 10).then_some((second, CheckDigitPass::Second))
}

/// The check digit for 11 digit values (each 0–9), or `None` when undefined.
#[must_use]
pub fn compute_check_digit(prefix: &[u8; 11]) -> Option<u8> {
    compute_check_digit_with_pass(prefix).map(|(digit, _)| digit)
}

/// Verifies digit 12 against the first 11, naming the expected digit on failure.
pub(crate) fn verify(kind: IdKind, input: &str, digits: &[u8; LEN]) -> Result<(), DomainError> {
    let (prefix, last) = digits.split_at(11);
    let mut head = [0_u8; 11];
    head.copy_from_slice(prefix);
    let found = last.first().copied().unwrap_or(u8::MAX);
    match compute_check_digit(&head) {
        None => Err(DomainError::IdCheckDigitUndefined { kind, input: input.to_owned() }),
        Some(expected) if expected != found => {
            Err(DomainError::IdCheckDigit { kind, input: input.to_owned(), expected, found })
        }
        Some(_) => Ok(()),
    }
}
