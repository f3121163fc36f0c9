//! Tests for `Language` and `Localized`.
// Reason: tests may unwrap; a failure is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use reglament_domain::{Language, Localized};

#[test]
fn language_codes_parse_and_display() {
    let cases = [
        ("kk", Some(Language::Kk)),
        ("ru", Some(Language::Ru)),
        ("KK", Some(Language::Kk)),
        ("Ru", Some(Language::Ru)),
        ("en", None),
        ("", None),
        ("kz", None),
        (" kk", None),
    ];
    for (input, expected) in cases {
        let parsed = input.parse::<Language>();
        if let Some(lang) = expected {
            assert_eq!(parsed.as_ref().ok(), Some(&lang), "{input:?}");
            assert_eq!(lang.to_string(), lang.code());
        } else {
            let err = parsed.unwrap_err();
            assert_eq!(err.code(), "language.unknown", "{input:?}");
            assert!(err.to_string().contains(&format!("{input:?}")));
        }
    }
    assert_eq!(Language::ALL, [Language::Kk, Language::Ru]);
    assert_eq!(Language::Kk.code(), "kk");
    assert_eq!(Language::Ru.code(), "ru");
}

#[test]
fn language_serde_is_lowercase_code() {
    for lang in Language::ALL {
        let json = serde_json::to_string(&lang).unwrap();
        assert_eq!(json, format!("\"{}\"", lang.code()));
        assert_eq!(serde_json::from_str::<Language>(&json).unwrap(), lang);
    }
    assert!(serde_json::from_str::<Language>("\"en\"").is_err());
}

const GREETING: Localized = Localized::new_static("Сәлем", "Привет");

#[test]
fn localized_get_and_const_constructor() {
    assert_eq!(GREETING.get(Language::Kk), "Сәлем");
    assert_eq!(GREETING.get(Language::Ru), "Привет");
    assert_eq!(GREETING.kk(), "Сәлем");
    assert_eq!(GREETING.ru(), "Привет");
    let owned = Localized::new("Сәлем".to_owned(), "Привет").unwrap();
    assert_eq!(owned, GREETING);
}

#[test]
fn localized_serde_round_trip_and_blank_rejection() {
    let json = serde_json::to_string(&GREETING).unwrap();
    assert_eq!(json, r#"{"kk":"Сәлем","ru":"Привет"}"#);
    assert_eq!(serde_json::from_str::<Localized>(&json).unwrap(), GREETING);

    let cases = [(r#"{"kk":"","ru":"Привет"}"#, "kk"), (r#"{"kk":"Сәлем","ru":"  "}"#, "ru")];
    for (json, lang) in cases {
        let err = serde_json::from_str::<Localized>(json).unwrap_err();
        assert!(err.to_string().contains(lang), "{err}");
    }
    assert!(serde_json::from_str::<Localized>(r#"{"kk":"Сәлем"}"#).is_err());
    let err = Localized::new("x", "").unwrap_err();
    assert_eq!(err.code(), "localized.blank");
}
