//! Tests for `Iin`: valid numbers, every failed rule, the NCA test policy, serde.
// Reason: tests may unwrap; a failure is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use reglament_domain::{IdPolicy, Iin, Sex};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn valid_iins_decode_birth_date_and_sex() {
    let cases = [
        ("871008401427", date(1987, 10, 8), Sex::Female),
        ("760212350620", date(1976, 2, 12), Sex::Male),
        ("800416300257", date(1980, 4, 16), Sex::Male),
        // Needs the second weighting pass.
        ("061211600012", date(2006, 12, 11), Sex::Female),
    ];
    for (input, birth, sex) in cases {
        let iin: Iin = input.parse().unwrap();
        assert_eq!(iin.birth_date(), Some(birth), "{input}");
        assert_eq!(iin.sex(), Some(sex), "{input}");
        assert_eq!(iin.to_string(), input);
        assert_eq!(iin.as_string(), input);
        assert!(!iin.is_nca_test());
        assert_eq!(Iin::parse_with(IdPolicy::AllowNcaTestNumbers, input).unwrap(), iin);
    }
}

/// Builds a checksum-valid IIN from 11 digits (test helper).
fn with_check_digit(prefix: &str) -> String {
    let digits: Vec<u8> = prefix.bytes().map(|b| b - b'0').collect();
    let array: [u8; 11] = digits.try_into().unwrap();
    let check = reglament_domain::compute_check_digit(&array).unwrap();
    format!("{prefix}{check}")
}

#[test]
fn invalid_iins_name_the_failed_rule() {
    // Checksum-valid numbers with a broken structure, built by the helper.
    let bad_century_0 = with_check_digit("87100800142");
    let bad_century_7 = with_check_digit("87100870142");
    let bad_date = with_check_digit("87023040142"); // 30 Feb
    let not_leap = with_check_digit("00022930142"); // 29 Feb 1900 (century digit 3)
    let leap_2000 = with_check_digit("00022950142"); // 29 Feb 2000 is real
    assert!(leap_2000.parse::<Iin>().is_ok());

    let cases: Vec<(String, &str, Vec<&str>)> = vec![
        (String::new(), "iin.length", vec!["0 characters"]),
        ("87100840142".into(), "iin.length", vec!["11 characters"]),
        ("8710084014270".into(), "iin.length", vec!["13 characters"]),
        ("87100840142a".into(), "iin.non_digit", vec!["'a'", "position 12"]),
        ("８71008401427".into(), "iin.non_digit", vec!["position 1"]),
        ("871008 01427".into(), "iin.non_digit", vec!["position 7"]),
        ("871008401428".into(), "iin.check_digit", vec!["expected 7", "found 8"]),
        ("123456789011".into(), "iin.check_digit", vec!["expected 3", "found 1"]),
        ("123456789012".into(), "iin.check_digit", vec!["expected 3", "found 2"]),
        (bad_century_0.clone(), "iin.century_digit", vec!["digit 0", "position 7"]),
        (bad_century_7.clone(), "iin.century_digit", vec!["digit 7"]),
        (bad_date.clone(), "iin.birth_date", vec!["870230"]),
        (not_leap.clone(), "iin.birth_date", vec!["000229", "century digit 3"]),
    ];
    for (input, code, fragments) in cases {
        let err = input.parse::<Iin>().unwrap_err();
        assert_eq!(err.code(), code, "{input:?}: {err}");
        let message = err.to_string();
        for fragment in fragments {
            assert!(message.contains(fragment), "{input:?}: {message:?} lacks {fragment:?}");
        }
    }
}

#[test]
fn undefined_check_digit_is_reported() {
    // Search for a prefix whose both passes give 10 and check it is rejected.
    let prefix = (0_u64..100_000_000_000)
        .map(|n| format!("{n:011}"))
        .find(|p| {
            let digits: [u8; 11] = p.bytes().map(|b| b - b'0').collect::<Vec<_>>().try_into().unwrap();
            reglament_domain::compute_check_digit(&digits).is_none()
        })
        .unwrap();
    for last in 0..=9 {
        let err = format!("{prefix}{last}").parse::<Iin>().unwrap_err();
        assert_eq!(err.code(), "iin.check_digit_undefined");
    }
}

#[test]
fn nca_test_numbers_only_under_the_explicit_policy() {
    for input in ["123456789011", "123456789012"] {
        assert!(input.parse::<Iin>().is_err());
        assert!(Iin::parse_with(IdPolicy::Strict, input).is_err());
        let iin = Iin::parse_with(IdPolicy::AllowNcaTestNumbers, input).unwrap();
        assert!(iin.is_nca_test());
        assert_eq!(iin.birth_date(), None);
        assert_eq!(iin.sex(), None);
        assert_eq!(iin.to_string(), input);
    }
    // Near misses and the test BIN are still rejected.
    for input in ["123456789013", "123456789010", "123456789021"] {
        assert!(Iin::parse_with(IdPolicy::AllowNcaTestNumbers, input).is_err(), "{input}");
    }
    assert_eq!(IdPolicy::default(), IdPolicy::Strict);
}

#[test]
fn serde_validates_and_uses_strict_policy() {
    let iin: Iin = serde_json::from_str("\"871008401427\"").unwrap();
    assert_eq!(serde_json::to_string(&iin).unwrap(), "\"871008401427\"");
    for bad in ["\"871008401428\"", "\"123456789011\"", "871008401427"] {
        assert!(serde_json::from_str::<Iin>(bad).is_err(), "{bad}");
    }
    assert_eq!(format!("{iin:?}"), "Iin(871008401427)");
}

proptest::proptest! {
    /// Any real date, century digit and serial with a defined check digit parses
    /// back to the same birth date and sex.
    #[test]
    fn generated_iins_parse_and_decode(
        days in 0_i64..(3 * 36_524),
        serial in 0_u16..10_000,
        female in proptest::bool::ANY,
    ) {
        let birth = date(1800, 1, 1) + chrono::Days::new(days.unsigned_abs());
        let year = chrono::Datelike::year(&birth);
        let century = (year - 1800) / 100; // 0, 1 or 2
        let digit = 1 + 2 * century + i32::from(female);
        let prefix = format!("{}{digit}{serial:04}", birth.format("%y%m%d"));
        let digits: [u8; 11] = prefix.bytes().map(|b| b - b'0').collect::<Vec<_>>().try_into().unwrap();
        if let Some(check) = reglament_domain::compute_check_digit(&digits) {
            let iin: Iin = format!("{prefix}{check}").parse().unwrap();
            proptest::prop_assert_eq!(iin.birth_date(), Some(birth));
            proptest::prop_assert_eq!(iin.sex(), Some(if female { Sex::Female } else { Sex::Male }));
        }
    }
}
