//! The fee of a variant on the filing day (the act's formula × the MCI in force that day, exact to
//! the tiyn, with its clause) and the portal's payment check: a paid invoice covering the fee is
//! admitted; an unpaid or short one is refused with the act's own message and clause.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, Utc};
use reglament_calendar::Calendar;
use reglament_domain::{Language, Money};
use reglament_runtime::{PaidInvoice, Runtime, RuntimeError};
use reglament_store::testing::fresh_sqlite;

async fn runtime() -> (reglament_store::testing::TestStore, Runtime) {
    let t = fresh_sqlite().await.unwrap();
    let acts = reglament_testkit::regulation_files()
        .iter()
        .map(|(name, text)| reglament_regulation::read(name, text).0.unwrap())
        .collect();
    let rt = Runtime::new(t.store.clone(), acts, &Calendar::builtin().unwrap())
        .unwrap()
        .with_providers(reglament_runtime::Providers::test_stand("960240000025".parse().unwrap()));
    (t, rt)
}

/// Filed at, variant, fee in tiyn, MCI in tenge, clause.
type FeeCase = (&'static str, &'static str, i64, Option<i64>, Option<&'static str>);

/// Filed at, variant, invoice, refusal code, the act's check message and clause.
type PaymentCase =
    (&'static str, &'static str, PaidInvoice, Option<&'static str>, Option<(&'static str, &'static str)>);

fn at(when: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(when).unwrap().into()
}

#[tokio::test]
async fn the_fee_is_the_acts_formula_times_the_mci_of_the_filing_day() {
    let (_t, rt) = runtime().await;
    // (filed at, variant, expected fee in tiyn, MCI in tenge, clause), computed by hand from
    // regulations/moj-754-2021.toml (issuance: 6 MCI; reregistration: 10 % of 6 MCI, at most
    // 4 MCI) and crates/domain/data/mci.toml (2021: 2 917; 2026: 4 325 tenge).
    let cases: [FeeCase; 5] = [
        // 6 × 4 325 = 25 950 tenge.
        ("2026-03-02T10:00:00+05:00", "issuance-portal", 2_595_000, Some(4325), Some("moj-754-2021#app1/p6/sp1)")),
        // 10 % × 6 × 4 325 = 2 595 tenge, below the cap of 4 × 4 325 = 17 300.
        ("2026-03-02T10:00:00+05:00", "reregistration-portal", 259_500, Some(4325), Some("moj-754-2021#app1/p6/sp2)")),
        // 6 × 2 917 = 17 502 tenge.
        ("2021-12-01T10:00:00+05:00", "issuance-portal", 1_750_200, Some(2917), Some("moj-754-2021#app1/p6/sp1)")),
        // 10 % × 6 × 2 917 = 1 750.20 tenge: exact to the tiyn.
        ("2021-12-01T10:00:00+05:00", "reregistration-portal", 175_020, Some(2917), Some("moj-754-2021#app1/p6/sp2)")),
        // moj-890-2018 (in force in 2019) states no fee.
        ("2019-03-01T10:00:00+05:00", "issuance-portal", 0, None, None),
    ];
    for (when, variant, tiyn, mci, cite) in cases {
        let fee = rt.fee("forensic-licence", variant, at(when)).unwrap();
        assert_eq!(fee.amount, Money::from_tiyn(tiyn), "{when} {variant}");
        assert_eq!(fee.mci, mci.map(|m| Money::from_tenge(m).unwrap()), "{when} {variant}");
        assert_eq!(fee.cite.as_deref(), cite, "{when} {variant}");
        assert_eq!(fee.formula.is_some(), mci.is_some(), "{when} {variant}");
    }
    // The day is reckoned in the calendar's zone: 19:30 UTC on 31 December 2025 is already 2026.
    let new_year = rt.fee("forensic-licence", "issuance-portal", at("2025-12-31T19:30:00Z")).unwrap();
    assert_eq!(new_year.amount, Money::from_tiyn(2_595_000));
    let before = rt.fee("forensic-licence", "issuance-portal", at("2025-12-31T18:30:00Z")).unwrap();
    assert_eq!(before.amount, Money::from_tiyn(6 * 393_200));
    // Beyond the MCI table: an error with the domain's code, never a guess.
    let beyond = rt.fee("forensic-licence", "issuance-portal", at("2027-03-01T10:00:00+05:00")).unwrap_err();
    assert_eq!(beyond.code(), "mci.after_table");
}

#[tokio::test]
async fn payment_is_checked_against_the_fee_with_the_acts_message() {
    let (_t, rt) = runtime().await;
    let paid = |tiyn| PaidInvoice { paid: true, amount: Money::from_tiyn(tiyn) };
    let unpaid = |tiyn| PaidInvoice { paid: false, amount: Money::from_tiyn(tiyn) };
    let message_890 =
        "Сообщение об отказе в запрашиваемой услуге в связи с отсутствием оплаты за оказание услуги в портале";
    // (filed at, variant, invoice, refusal code, the act's check message and clause)
    let cases: [PaymentCase; 7] = [
        ("2026-03-02T10:00:00+05:00", "issuance-portal", paid(2_595_000), None, None),
        ("2026-03-02T10:00:00+05:00", "issuance-portal", paid(3_000_000), None, None),
        ("2026-03-02T10:00:00+05:00", "issuance-portal", paid(2_594_999), Some("payment.short"), None),
        ("2026-03-02T10:00:00+05:00", "issuance-portal", unpaid(2_595_000), Some("payment.unpaid"), None),
        ("2021-12-01T10:00:00+05:00", "reregistration-portal", paid(175_019), Some("payment.short"), None),
        ("2019-03-01T10:00:00+05:00", "issuance-portal", paid(0), None, None),
        (
            "2019-03-01T10:00:00+05:00",
            "issuance-portal",
            unpaid(0),
            Some("payment.unpaid"),
            Some((message_890, "moj-890-2018#app1/sp8)")),
        ),
    ];
    for (when, variant, invoice, refusal, act_check) in cases {
        let result = rt.check_payment("forensic-licence", variant, at(when), &invoice);
        match (result, refusal) {
            (Ok(fee), None) => assert!(invoice.amount >= fee.amount, "{when} {variant}"),
            (Err(RuntimeError::Refused(r)), Some(code)) => {
                assert_eq!(r.reason.code(), code, "{when} {variant}: {r}");
                assert_eq!(
                    r.message.as_ref().map(|m| m.get(Language::Ru)),
                    act_check.map(|(m, _)| m),
                    "{when} {variant}"
                );
                assert_eq!(r.cite.as_deref(), act_check.map(|(_, c)| c), "{when} {variant}");
            }
            (other, _) => panic!("{when} {variant} {invoice:?}: {other:?}"),
        }
    }
}
