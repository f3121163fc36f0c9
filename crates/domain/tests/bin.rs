//! Tests for `Bin`: valid numbers, every failed rule, the NCA test policy, serde.
// Reason: tests may unwrap; a failure is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use reglament_domain::{Bin, BinEntityType, BinUnit, IdPolicy};

fn with_check_digit(prefix: &str) -> String {
    let digits: [u8; 11] = prefix.bytes().map(|b| b - b'0').collect::<Vec<_>>().try_into().unwrap();
    let check = reglament_domain::compute_check_digit(&digits).unwrap();
    format!("{prefix}{check}")
}

#[test]
fn valid_bins_decode_their_fields() {
    let cases = [
        ("940140000385", 94, 1, BinEntityType::ResidentLegalEntity, BinUnit::Head),
        // Needs the second weighting pass.
        ("961141000023", 96, 11, BinEntityType::ResidentLegalEntity, BinUnit::Branch),
    ];
    for (input, yy, month, kind, unit) in cases {
        let bin: Bin = input.parse().unwrap();
        assert_eq!(bin.registration_year_yy(), Some(yy));
        assert_eq!(bin.registration_month(), Some(month));
        assert_eq!(bin.entity_type(), Some(kind));
        assert_eq!(bin.unit(), Some(unit));
        assert_eq!(bin.to_string(), input);
        assert!(!bin.is_nca_test());
    }
}

#[test]
fn every_type_and_unit_digit_decodes() {
    let types = [
        (4, BinEntityType::ResidentLegalEntity),
        (5, BinEntityType::NonResidentLegalEntity),
        (6, BinEntityType::JointIndividualEntrepreneurship),
    ];
    let units = [(0, BinUnit::Head), (1, BinUnit::Branch), (2, BinUnit::RepresentativeOffice), (3, BinUnit::Farm)];
    for (type_digit, kind) in types {
        for (unit_digit, unit) in units {
            // Vary the serial until the check digit is defined.
            let input = (0..100)
                .map(|serial| format!("1205{type_digit}{unit_digit}{serial:05}"))
                .find_map(|p| {
                    let digits: [u8; 11] = p.bytes().map(|b| b - b'0').collect::<Vec<_>>().try_into().unwrap();
                    reglament_domain::compute_check_digit(&digits).map(|_| with_check_digit(&p))
                })
                .unwrap();
            let bin: Bin = input.parse().unwrap();
            assert_eq!(bin.entity_type(), Some(kind), "{input}");
            assert_eq!(bin.unit(), Some(unit), "{input}");
            assert_eq!(bin.registration_month(), Some(5));
        }
    }
}

#[test]
fn invalid_bins_name_the_failed_rule() {
    let cases: Vec<(String, &str, Vec<&str>)> = vec![
        ("94014000038".into(), "bin.length", vec!["11 characters"]),
        ("9401400003-5".into(), "bin.non_digit", vec!["'-'", "position 11"]),
        ("940140000386".into(), "bin.check_digit", vec!["expected 5", "found 6"]),
        ("123456789021".into(), "bin.check_digit", vec!["expected 5", "found 1"]),
        (with_check_digit("94004000038"), "bin.month", vec!["month 00"]),
        (with_check_digit("94134000038"), "bin.month", vec!["month 13"]),
        (with_check_digit("94013000038"), "bin.type_digit", vec!["digit 3", "position 5"]),
        (with_check_digit("94017000038"), "bin.type_digit", vec!["digit 7"]),
        (with_check_digit("94014400038"), "bin.unit_digit", vec!["digit 4", "position 6"]),
    ];
    for (input, code, fragments) in cases {
        let err = input.parse::<Bin>().unwrap_err();
        assert_eq!(err.code(), code, "{input:?}: {err}");
        let message = err.to_string();
        for fragment in fragments {
            assert!(message.contains(fragment), "{input:?}: {message:?} lacks {fragment:?}");
        }
    }
}

#[test]
fn nca_test_bin_only_under_the_explicit_policy() {
    assert!("123456789021".parse::<Bin>().is_err());
    let bin = Bin::parse_with(IdPolicy::AllowNcaTestNumbers, "123456789021").unwrap();
    assert!(bin.is_nca_test());
    assert_eq!(bin.registration_month(), None);
    assert_eq!(bin.registration_year_yy(), None);
    assert_eq!(bin.entity_type(), None);
    assert_eq!(bin.unit(), None);
    for input in ["123456789011", "123456789012", "123456789022"] {
        assert!(Bin::parse_with(IdPolicy::AllowNcaTestNumbers, input).is_err(), "{input}");
    }
}

#[test]
fn serde_validates() {
    let bin: Bin = serde_json::from_str("\"940140000385\"").unwrap();
    assert_eq!(serde_json::to_string(&bin).unwrap(), "\"940140000385\"");
    assert!(serde_json::from_str::<Bin>("\"940140000386\"").is_err());
    assert!(serde_json::from_str::<Bin>("\"871008401427\"").is_err());
}
