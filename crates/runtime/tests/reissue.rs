//! A re-registration's licence belongs to the licence it replaces: the registry row names the
//! earlier licence, and the document states the day that licence was first issued. On every store.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests")]

use chrono::{DateTime, NaiveDate, Utc};
use reglament_calendar::Calendar;
use reglament_domain::{Language, Localized};
use reglament_engine::Command;
use reglament_pki::issue::TestPki;
use reglament_pki::sign_cms;
use reglament_regulation::model::Act;
use reglament_runtime::Runtime;
use reglament_runtime::documents::{Facts, Holder, Signatory};
use reglament_store::RegistryKind;
use reglament_store::testing::fresh_stores;
use reglament_testkit::actor_for;

fn acts() -> Vec<Act> {
    reglament_testkit::regulation_files()
        .iter()
        .map(|(name, text)| reglament_regulation::read(name, text).0.unwrap())
        .collect()
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

#[tokio::test]
async fn a_reregistration_names_the_licence_it_replaces_and_its_first_issue() {
    let pki = TestPki::generate(at("2026-11-23T09:00:00+05:00"), "http://127.0.0.1:9").unwrap();
    let key = pki.subject("moj-head").unwrap().signing_key(pki.ca.certificate()).unwrap();
    for t in fresh_stores().await.unwrap() {
        let rt = Runtime::new(t.store.clone(), acts(), &Calendar::builtin().unwrap())
            .unwrap()
            .with_providers(reglament_runtime::Providers::test_stand("960240000025".parse().unwrap()));
        let mut drafts = Vec::new();
        for (id, variant, filed, day) in [
            ("R-1", "issuance-portal", "2026-11-23T10:00:00+05:00", NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()),
            (
                "R-2",
                "reregistration-portal",
                "2026-12-01T10:00:00+05:00",
                NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
            ),
        ] {
            let file = Command::File {
                applicant: "871008401427".parse().unwrap(),
                entity: None,
                provider: "960240000025".parse().unwrap(),
                filed_at: at(filed),
            };
            rt.file(id, "forensic-licence", variant, &file, &actor_for(&file), at(filed), None).await.unwrap();
            let steps: &[&str] =
                if variant == "issuance-portal" { &["completeness", "review"] } else { &["completeness", "result"] };
            for step in steps {
                let complete = Command::CompleteStep { step: (*step).into(), outcome: reglament_engine::Outcome::Next };
                reglament_testkit::give(&rt, id, &complete, at(filed)).await.unwrap();
            }
            let (_, case) = rt.load(id).await.unwrap();
            let facts = Facts::of_case(
                &case,
                Holder { name: "Әлиева Айгүл".into(), iin: case.applicant, entity: None },
                Signatory {
                    name: "Бекова Гульнара".into(),
                    iin: "850312300121".parse().unwrap(),
                    provider: "960240000025".parse().unwrap(),
                },
                Localized::new_static("Басшы", "Руководитель"),
                chrono_tz::Asia::Almaty,
            );
            let draft = rt.draft(&case, "sign-licence", &facts, at(filed), day, "https://r.example.kz").await.unwrap();
            let signature = sign_cms(&draft.pdf, &key, at(filed), true).unwrap();
            rt.issue(
                &draft,
                signature,
                "850312300121".parse().unwrap(),
                &reglament_engine::Actor::Official {
                    iin: "850312300121".parse().unwrap(),
                    provider: "960240000025".parse().unwrap(),
                    roles: vec!["authorised-person".into()],
                },
                at(filed),
            )
            .await
            .unwrap();
            drafts.push(draft);
        }
        let (first, second) = (&drafts[0], &drafts[1]);
        let entry = second.entry.as_ref().unwrap();
        assert_eq!(entry.kind, RegistryKind::Reregistered);
        assert_eq!(entry.licence, first.number.to_string(), "{}: the licence it replaces", t.url);
        assert_eq!(first.entry.as_ref().unwrap().licence, first.number.to_string());
        let russian = second.sheets.iter().find(|s| s.language == Language::Ru).unwrap();
        let first_issue = russian.fields.iter().find(|f| f.label == "Дата первичной выдачи").unwrap();
        assert_eq!(first_issue.value, "27.11.2026", "the first issue's day, not this document's");
        t.finish().await.unwrap();
    }
}
