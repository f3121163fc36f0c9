//! The accounts story, run on every backend: an applicant's account replaced and kept, a staff
//! list, a session read back until it expires and then ended, a challenge used once only, and
//! failed sign-ins counted in a window and purged.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, TimeDelta, Utc};
use reglament_store::testing::fresh_stores;
use reglament_store::{Account, AnyStore, Session, SessionKind, StaffMember, Store};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

async fn accounts(store: &AnyStore) {
    let t0 = at("2026-03-20T10:00:00.123456+05:00");
    assert_eq!(store.account("870412301008").await.unwrap(), None);
    let mut account =
        Account {
            iin: "870412301008".into(), name: "Төлегенов Асқар".into(), password_hash: None, created_at: t0
        };
    store.ensure_account(&account).await.unwrap();
    assert_eq!(store.account("870412301008").await.unwrap(), Some(account.clone()));
    // Ensuring keeps the account; putting replaces name and password.
    let other = Account { name: "другое имя".into(), ..account.clone() };
    store.ensure_account(&other).await.unwrap();
    assert_eq!(store.account("870412301008").await.unwrap(), Some(account.clone()));
    account.password_hash = Some("pbkdf2-sha256$100000$c2FsdA==$aGFzaA==".into());
    store.put_account(&account).await.unwrap();
    assert_eq!(store.account("870412301008").await.unwrap(), Some(account.clone()));
}

async fn staff(store: &AnyStore) {
    let member = |role: &str| StaffMember {
        iin: "780512300152".into(),
        provider_bin: "000740000015".into(),
        role: role.into(),
        name: "ИСПОЛНИТЕЛЬ".into(),
    };
    store.put_staff(&member("registrar")).await.unwrap();
    store.put_staff(&member("executor")).await.unwrap();
    store.put_staff(&member("executor")).await.unwrap();
    let rows = store.staff("780512300152").await.unwrap();
    assert_eq!(rows, [member("executor"), member("registrar")]);
    assert!(store.staff("123456789011").await.unwrap().is_empty());
}

async fn sessions(store: &AnyStore) {
    let t0 = at("2026-03-20T10:00:00.5+05:00");
    let session = Session {
        token_hash: "ab".repeat(32),
        kind: SessionKind::Official,
        iin: "780512300152".into(),
        name: "ИСПОЛНИТЕЛЬ".into(),
        provider_bin: Some("000740000015".into()),
        roles: vec!["executor".into(), "registrar".into()],
        csrf: "csrf-token".into(),
        created_at: t0,
        expires_at: t0 + TimeDelta::hours(8),
    };
    store.create_session(&session).await.unwrap();
    let hash = session.token_hash.as_str();
    assert_eq!(store.session(hash, t0 + TimeDelta::hours(1)).await.unwrap(), Some(session.clone()));
    assert_eq!(store.session(hash, t0 + TimeDelta::hours(8)).await.unwrap(), None, "expired");
    assert_eq!(store.session("cd", t0).await.unwrap(), None);
    store.end_session(hash).await.unwrap();
    assert_eq!(store.session(hash, t0).await.unwrap(), None, "ended");
}

async fn challenges_and_failures(store: &AnyStore) {
    let t0 = at("2026-03-20T10:00:00+05:00");
    store.create_challenge("n1", t0, t0 + TimeDelta::minutes(5)).await.unwrap();
    store.create_challenge("n2", t0, t0 + TimeDelta::minutes(5)).await.unwrap();
    assert!(!store.use_challenge("n1", t0 + TimeDelta::minutes(5)).await.unwrap(), "expired");
    assert!(store.use_challenge("n2", t0 + TimeDelta::minutes(1)).await.unwrap());
    assert!(!store.use_challenge("n2", t0 + TimeDelta::minutes(2)).await.unwrap(), "single use");
    assert!(!store.use_challenge("n3", t0).await.unwrap(), "never issued");

    for minutes in [0, 10, 20] {
        store.record_sign_in_failure("iin:870412301008", t0 + TimeDelta::minutes(minutes)).await.unwrap();
    }
    store.record_sign_in_failure("addr:127.0.0.1", t0).await.unwrap();
    let count = |since| store.sign_in_failures("iin:870412301008", since);
    assert_eq!(count(t0).await.unwrap(), 3);
    assert_eq!(count(t0 + TimeDelta::minutes(5)).await.unwrap(), 2);
    assert_eq!(store.sign_in_failures("addr:127.0.0.1", t0).await.unwrap(), 1);
    store.purge_expired(t0 + TimeDelta::hours(1), t0 + TimeDelta::minutes(15)).await.unwrap();
    assert_eq!(count(t0).await.unwrap(), 1, "only the latest failure is left");
}

#[tokio::test]
async fn accounts_staff_sessions_challenges_and_failures_on_every_backend() {
    for test in fresh_stores().await.unwrap() {
        accounts(&test.store).await;
        staff(&test.store).await;
        sessions(&test.store).await;
        challenges_and_failures(&test.store).await;
        test.finish().await.unwrap();
    }
}
