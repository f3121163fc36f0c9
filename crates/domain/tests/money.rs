//! Tests for `Money`: display, checked arithmetic, serde.
// Reason: tests may unwrap; a failure is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use reglament_domain::Money;

#[test]
fn display_groups_thousands_with_a_decimal_comma() {
    let cases = [
        (0, "0,00 ₸"),
        (5, "0,05 ₸"),
        (-50, "-0,50 ₸"),
        (99_900, "999,00 ₸"),
        (100_000, "1 000,00 ₸"),
        (259_500, "2 595,00 ₸"),
        (2_595_000, "25 950,00 ₸"),
        (123_456_789, "1 234 567,89 ₸"),
        (-123_456_789, "-1 234 567,89 ₸"),
        (i64::MAX, "92 233 720 368 547 758,07 ₸"),
        (i64::MIN, "-92 233 720 368 547 758,08 ₸"),
    ];
    for (tiyn, expected) in cases {
        assert_eq!(Money::from_tiyn(tiyn).to_string(), expected);
    }
}

#[test]
fn checked_arithmetic_reports_overflow() {
    let max = Money::from_tiyn(i64::MAX);
    let one = Money::from_tiyn(1);
    let cases = [
        (max.checked_add(one), "add"),
        (Money::from_tiyn(i64::MIN).checked_sub(one), "sub"),
        (max.checked_mul(2), "mul"),
        (Money::from_tenge(i64::MAX / 10), "from_tenge"),
    ];
    for (result, operation) in cases {
        let err = result.unwrap_err();
        assert_eq!(err.code(), "money.overflow");
        assert!(err.to_string().contains(operation), "{err}");
    }
    assert_eq!(Money::from_tenge(4325).unwrap().tiyn(), 432_500);
    assert_eq!(one.checked_add(one).unwrap(), Money::from_tiyn(2));
    assert_eq!(one.checked_sub(Money::from_tiyn(3)).unwrap(), Money::from_tiyn(-2));
    assert_eq!(Money::from_tiyn(250).checked_mul(-3).unwrap(), Money::from_tiyn(-750));
    assert!(Money::ZERO.is_zero());
    assert_eq!(Money::default(), Money::ZERO);
}

#[test]
fn serde_is_integer_tiyn() {
    let money = Money::from_tiyn(259_500);
    assert_eq!(serde_json::to_string(&money).unwrap(), "259500");
    assert_eq!(serde_json::from_str::<Money>("259500").unwrap(), money);
    assert!(serde_json::from_str::<Money>("2595.5").is_err());
    assert!(serde_json::from_str::<Money>("\"259500\"").is_err());
}

proptest! {
    #[test]
    fn add_then_sub_is_identity_or_overflow(a in any::<i64>(), b in any::<i64>()) {
        let (ma, mb) = (Money::from_tiyn(a), Money::from_tiyn(b));
        match ma.checked_add(mb) {
            Ok(sum) => {
                prop_assert_eq!(i128::from(sum.tiyn()), i128::from(a) + i128::from(b));
                prop_assert_eq!(sum.checked_sub(mb).unwrap(), ma);
            }
            Err(_) => prop_assert!(a.checked_add(b).is_none()),
        }
    }

    #[test]
    fn display_digits_match_the_value(tiyn in any::<i64>()) {
        let text = Money::from_tiyn(tiyn).to_string();
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let expected = tiyn.unsigned_abs().to_string();
        prop_assert_eq!(digits.trim_start_matches('0'), expected.trim_start_matches('0'));
        prop_assert!(text.ends_with(" ₸"));
        prop_assert_eq!(text.starts_with('-'), tiyn < 0);
    }
}
