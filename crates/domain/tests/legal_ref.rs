//! Tests for `ActId`, `Designator` and `LegalRef` (display, compact form, serde).
// Reason: tests may unwrap; a failure is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use reglament_domain::{ActId, Designator, Language, LegalRef};

#[test]
fn compact_form_parses_and_displays_in_both_languages() {
    let cases = [
        (
            "moj-754-2021#app1/p3/sp2)/t1",
            "moj-754-2021, прил. 1, п. 3, пп. 2), табл. 1",
            "moj-754-2021, 1-қосымша, 3-тармақ, 2) тармақша, 1-кесте",
        ),
        (
            "moj-754-2021#app1/p3/sp2)",
            "moj-754-2021, прил. 1, п. 3, пп. 2)",
            "moj-754-2021, 1-қосымша, 3-тармақ, 2) тармақша",
        ),
        ("moj-754-2021", "moj-754-2021", "moj-754-2021"),
        ("appk-350-vi#p1/sp3-1", "appk-350-vi, п. 1, пп. 3-1", "appk-350-vi, 1-тармақ, 3-1-тармақша"),
        (
            "moj-754-2021#app2/t1/r8",
            "moj-754-2021, прил. 2, табл. 1, стр. 8",
            "moj-754-2021, 2-қосымша, 1-кесте, 8-жол",
        ),
        ("law-88-v#sp3)", "law-88-v, пп. 3)", "law-88-v, 3) тармақша"),
        ("law-88-v#p2/sp1.а)", "law-88-v, п. 2, пп. 1.а)", "law-88-v, 2-тармақ, 1.а) тармақша"),
    ];
    for (compact, russian, kazakh) in cases {
        let reference: LegalRef = compact.parse().unwrap();
        assert_eq!(reference.to_string(), russian);
        assert_eq!(reference.display(Language::Ru), russian);
        assert_eq!(reference.display(Language::Kk), kazakh);
        assert_eq!(reference.to_compact(), compact);
        assert_eq!(String::from(reference.clone()), compact);
    }
}

#[test]
fn accessors_and_builder_agree_with_parsing() {
    let d = |s: &str| s.parse::<Designator>().unwrap();
    let built = LegalRef::new("moj-754-2021".parse().unwrap())
        .with_appendix(d("1"))
        .with_clause(d("3"))
        .with_sub_clause(d("2)"))
        .with_table(d("1"))
        .with_row(d("4"));
    let parsed: LegalRef = "moj-754-2021#app1/p3/sp2)/t1/r4".parse().unwrap();
    assert_eq!(built, parsed);
    assert_eq!(parsed.act().as_str(), "moj-754-2021");
    assert_eq!(parsed.appendix().map(Designator::as_str), Some("1"));
    assert_eq!(parsed.clause().map(Designator::as_str), Some("3"));
    assert_eq!(parsed.sub_clause().map(Designator::as_str), Some("2)"));
    assert_eq!(parsed.table().map(Designator::as_str), Some("1"));
    assert_eq!(parsed.row().map(Designator::as_str), Some("4"));
}

#[test]
fn malformed_references_name_the_problem() {
    let cases = [
        ("", "legal_ref.act_id", "empty"),
        ("Moj-754", "legal_ref.act_id", "position 1"),
        ("moj_754", "legal_ref.act_id", "position 4"),
        ("-moj", "legal_ref.act_id", "position 1"),
        ("moj-", "legal_ref.act_id", "position 4"),
        ("moj--754", "legal_ref.act_id", "position 5"),
        ("moj-754#", "legal_ref.syntax", "unknown key \"\""),
        ("moj-754#x1", "legal_ref.syntax", "unknown key \"x\""),
        ("moj-754#p", "legal_ref.syntax", "empty"),
        ("moj-754#p3/app1", "legal_ref.syntax", "out of order"),
        ("moj-754#p3/p4", "legal_ref.syntax", "repeated"),
        ("moj-754#p3//sp1", "legal_ref.syntax", "part 2"),
        ("moj-754#p3 ", "legal_ref.syntax", "position 2"),
        ("moj-754#p3,4", "legal_ref.syntax", "','"),
        ("moj-754#pA", "legal_ref.syntax", "ASCII letter"),
        ("moj-754#p3#sp1", "legal_ref.syntax", "'#'"),
    ];
    for (input, code, fragment) in cases {
        let err = input.parse::<LegalRef>().unwrap_err();
        assert_eq!(err.code(), code, "{input:?}: {err}");
        assert!(err.to_string().contains(fragment), "{input:?}: {err}");
    }
    let long = "a".repeat(65);
    assert_eq!(long.parse::<ActId>().unwrap_err().code(), "legal_ref.act_id");
    assert_eq!("1".repeat(33).parse::<Designator>().unwrap_err().code(), "legal_ref.designator");
}

#[test]
fn serde_uses_the_compact_form() {
    let reference: LegalRef = "moj-754-2021#app1/p3/sp2)".parse().unwrap();
    let json = serde_json::to_string(&reference).unwrap();
    assert_eq!(json, "\"moj-754-2021#app1/p3/sp2)\"");
    assert_eq!(serde_json::from_str::<LegalRef>(&json).unwrap(), reference);
    assert!(serde_json::from_str::<LegalRef>("\"moj-754-2021#p3/app1\"").is_err());
    let act: ActId = serde_json::from_str("\"moj-754-2021\"").unwrap();
    assert_eq!(act.to_string(), "moj-754-2021");
    assert!(serde_json::from_str::<ActId>("\"MOJ\"").is_err());
}

fn designator() -> impl Strategy<Value = Option<String>> {
    proptest::option::of("[0-9а-я][0-9а-я.)-]{0,5}")
}

proptest! {
    #[test]
    fn compact_form_round_trips(
        act in "[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,3}",
        parts in (designator(), designator(), designator(), designator(), designator()),
    ) {
        let (app, p, sp, t, r) = parts;
        let mut reference = LegalRef::new(act.parse().unwrap());
        let parse = |s: String| s.parse::<Designator>().unwrap();
        if let Some(v) = app { reference = reference.with_appendix(parse(v)); }
        if let Some(v) = p { reference = reference.with_clause(parse(v)); }
        if let Some(v) = sp { reference = reference.with_sub_clause(parse(v)); }
        if let Some(v) = t { reference = reference.with_table(parse(v)); }
        if let Some(v) = r { reference = reference.with_row(parse(v)); }
        let compact = reference.to_compact();
        let parsed: LegalRef = compact.parse().unwrap();
        prop_assert_eq!(&parsed, &reference);
        prop_assert_eq!(parsed.to_compact(), compact);
    }
}
