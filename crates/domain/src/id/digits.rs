//! Shared first step of IIN/BIN parsing: exactly 12 ASCII digits.

use super::IdKind;
use crate::error::DomainError;

/// Number of digits in an IIN or BIN.
pub(crate) const LEN: usize = 12;

/// Parses exactly 12 ASCII digits into their values (0–9), naming the failed rule.
pub(crate) fn parse(kind: IdKind, input: &str) -> Result<[u8; LEN], DomainError> {
    let found = input.chars().count();
    if found != LEN {
        return Err(DomainError::IdLength { kind, input: input.to_owned(), found });
    }
    let mut digits = [0_u8; LEN];
    for (index, (slot, ch)) in digits.iter_mut().zip(input.chars()).enumerate() {
        match u8::try_from(ch).ok().filter(u8::is_ascii_digit) {
            Some(byte) => *slot = byte - b'0',
            None => {
                return Err(DomainError::IdNonDigit { kind, input: input.to_owned(), position: index + 1, found: ch });
            }
        }
    }
    Ok(digits)
}

/// Writes digit values as ASCII text.
pub(crate) fn to_text(digits: &[u8; LEN]) -> String {
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

/// A two-digit number from two digit values.
pub(crate) const fn pair(tens: u8, ones: u8) -> u8 {
    tens * 10 + ones
}
