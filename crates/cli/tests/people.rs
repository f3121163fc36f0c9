//! Who may act, through the command line, on every store backend: people are put on and taken off
//! a provider's staff list without SQL (`reglament staff`, `reglament account`); `case complete`
//! acts as a named staff member through the engine's checks — another provider's, the wrong
//! role's and a removed member's command is refused with its reason, the right one is recorded;
//! `serve` does not start without trust anchors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use std::io::Write as _;
use std::process::{Command as Process, Output, Stdio};

use chrono::{DateTime, Utc};
use reglament_calendar::Calendar;
use reglament_engine::{Actor, Command};
use reglament_runtime::{Providers, Runtime};
use reglament_store::Store;
use reglament_store::testing::{TestStore, fresh_stores};

const REGULATIONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../regulations");
const MINISTRY: &str = "960240000025";
const OTHER: &str = "010340600017";
const EXECUTOR: &str = "760212350620";

fn reglament(url: &str, args: &[&str]) -> Output {
    Process::new(env!("CARGO_BIN_EXE_reglament"))
        .args(args)
        .args(["--database-url", url])
        .env_remove("REGLAMENT_DATABASE_URL")
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// The runtime on `t`'s store, with case CLI-1 filed at the ministry.
async fn filed(t: &TestStore) -> Runtime {
    let acts = reglament_testkit::acts();
    let rt = Runtime::new(t.store.clone(), acts, &Calendar::builtin().unwrap())
        .unwrap()
        .with_providers(Providers::test_stand(MINISTRY.parse().unwrap()));
    let applicant = "871008401427".parse().unwrap();
    let file = Command::File {
        applicant,
        entity: None,
        provider: MINISTRY.parse().unwrap(),
        filed_at: at("2026-03-20T19:40:00+05:00"),
    };
    let by = Actor::Applicant { iin: applicant, entity: None };
    rt.file("CLI-1", "forensic-licence", "issuance-portal", &file, &by, at("2026-03-20T19:40:00+05:00"), None)
        .await
        .unwrap();
    rt
}

async fn story(t: &TestStore) {
    let rt = filed(t).await;

    let staff = |args: &[&str]| reglament(&t.url, &[&["staff"][..], args].concat());
    // `staff add` of the executor in `role` at `provider`.
    let add = |provider: &str, role: &str| {
        let who = ["--iin", EXECUTOR, "--provider", provider, "--role", role];
        staff(&[&["add"][..], &who, &["--name", "Әлиев", "--regulations", REGULATIONS]].concat())
    };
    let unknown = staff(&[
        "add",
        "--iin",
        EXECUTOR,
        "--provider",
        MINISTRY,
        "--role",
        "janitor",
        "--name",
        "x",
        "--regulations",
        REGULATIONS,
    ]);
    assert!(!unknown.status.success() && text(&unknown).contains("`janitor` is not a role"), "{}", text(&unknown));
    for (provider, role) in [(MINISTRY, "executor"), (OTHER, "executor")] {
        let added = add(provider, role);
        assert!(added.status.success(), "{}", text(&added));
    }
    // The staff key is (person, role): the second row moved the executor to the other provider.
    let listed = text(&staff(&["list"]));
    assert!(listed.contains(&format!("{OTHER}  {EXECUTOR}  executor")), "{listed}");

    let complete = |provider: &str| {
        reglament(
            &t.url,
            &[
                "case",
                "complete",
                "CLI-1",
                "completeness",
                "--as",
                EXECUTOR,
                "--provider",
                provider,
                "--at",
                "2026-03-27T11:00",
                "--regulations",
                REGULATIONS,
            ],
        )
    };
    let elsewhere = complete(OTHER);
    assert!(
        !elsewhere.status.success() && text(&elsewhere).contains("[engine.other_provider]"),
        "{}",
        text(&elsewhere)
    );
    let off_list = complete(MINISTRY);
    assert!(text(&off_list).contains("is not on the staff list"), "{}", text(&off_list));

    let removed = staff(&["remove", "--iin", EXECUTOR, "--provider", OTHER, "--role", "executor"]);
    assert!(removed.status.success(), "{}", text(&removed));
    let head = add(MINISTRY, "authorised-person");
    assert!(head.status.success(), "{}", text(&head));
    let wrong_role = complete(MINISTRY);
    assert!(text(&wrong_role).contains("[engine.not_your_step]"), "{}", text(&wrong_role));
    add(MINISTRY, "executor");
    let done = complete(MINISTRY);
    assert!(done.status.success(), "{}", text(&done));
    let (_, case) = rt.load("CLI-1").await.unwrap();
    assert!(case.done.contains(&"completeness".to_owned()));
    let events = t.store.events("CLI-1").await.unwrap();
    assert!(events.iter().any(|e| e.event.contains(&format!("\"iin\":\"{EXECUTOR}\""))), "the history names who");
}

/// An applicant's account: the password from standard input.
async fn account_story(t: &TestStore) {
    let mut child = Process::new(env!("CARGO_BIN_EXE_reglament"))
        .args(["account", "add", "--iin", "870412301008", "--name", "Төлегенов Асқар", "--database-url", &t.url])
        .env_remove("REGLAMENT_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"Reglament2026\n").unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    let account = t.store.account("870412301008").await.unwrap().unwrap();
    assert!(reglament_web::auth::password::verify(account.password_hash.as_deref().unwrap(), "Reglament2026"));
}

#[tokio::test]
async fn staff_lists_and_named_officials_through_the_command_line_on_every_backend() {
    for t in fresh_stores().await.unwrap() {
        story(&t).await;
        account_story(&t).await;
        t.finish().await.unwrap();
    }
}

#[test]
fn serve_does_not_start_without_trust_anchors() {
    let out = reglament("sqlite::memory:", &["serve", "--addr", "127.0.0.1:0", "--regulations", REGULATIONS]);
    assert!(!out.status.success());
    assert!(text(&out).contains("--trust-anchor"), "{}", text(&out));
}
