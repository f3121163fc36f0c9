//! The one filing path where several bodies provide a service (the justice departments of the regions, for the private bailiffs' licence): the
//! applicant must choose one of them, the case goes to the one chosen, and a body not bound to
//! the service is refused — on every store backend.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, Utc};
use reglament_calendar::Calendar;
use reglament_domain::{Bin, IdPolicy, Iin, Localized};
use reglament_engine::Actor;
use reglament_pki::UnknownStatus;
use reglament_pki::issue::TestPki;
use reglament_runtime::{Filing, ProviderBody, Providers, Runtime, application_text};
use reglament_store::Application;
use reglament_store::testing::fresh_stores;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn body(bin: &str, ru: &str) -> ProviderBody {
    ProviderBody {
        bin: bin.parse().unwrap(),
        name: Localized::new(ru, ru).unwrap(),
        services: vec!["bailiff-licence".into()],
    }
}

#[tokio::test]
async fn the_applicant_chooses_among_the_bodies_that_provide_a_service_on_every_backend() {
    let now = at("2026-11-23T10:00:00+05:00");
    let pki = TestPki::generate(at("2026-11-23T09:00:00+05:00"), "http://127.0.0.1:9").unwrap();
    let key = pki.subject("individual-valid").unwrap().signing_key(pki.ca.certificate()).unwrap();
    let trust = pki.trust().unwrap();
    let applicant = Iin::parse_with(IdPolicy::AllowNcaTestNumbers, "123456789011").unwrap();
    let (north, south) = ("940140000385", "961141000023");
    for t in fresh_stores().await.unwrap() {
        let acts = reglament_testkit::acts();
        let providers = Providers { bodies: vec![body(north, "Север"), body(south, "Юг")] };
        let rt = Runtime::new(t.store.clone(), acts, &Calendar::builtin().unwrap()).unwrap().with_providers(providers);
        let by = Actor::Applicant { iin: applicant, entity: None };
        for (id, chosen, outcome) in [
            ("T-1", None, Err("case.provider_choice")),
            ("T-2", Some("960240000025"), Err("case.unknown_provider")),
            ("T-3", Some(south), Ok(south)),
        ] {
            let application = Application {
                id: id.into(),
                iin: applicant.as_string(),
                service: "bailiff-licence".into(),
                variant: "issuance-portal".into(),
                form: "{}".into(),
                form_token: String::new(),
                created_at: now,
                filed_at: None,
            };
            let text = application_text(&application, &[]);
            let signature = reglament_pki::sign_cms(text.as_bytes(), &key, now, true).unwrap();
            let filing = Filing {
                id,
                service: "bailiff-licence",
                variant: "issuance-portal",
                applicant,
                entity: None,
                provider: chosen.map(|b| b.parse::<Bin>().unwrap()),
                signature: &signature,
                trust: &trust,
                unknown: UnknownStatus::Accept,
                by: &by,
            };
            let admitted = rt.admit_application(&filing, now).await;
            if let Ok(a) = &admitted {
                assert_eq!(a.fee(), &reglament_runtime::FeeStatus::NoFee, "the bailiff's licence has no fee");
                assert_eq!(a.signer().subject.iin.as_deref(), Some("123456789011"));
            }
            let filed = match admitted {
                Ok(a) => rt.record_admitted(a).await,
                Err(e) => Err(e),
            };
            match (filed, outcome) {
                (Ok(filed), Ok(bin)) => assert_eq!(filed.case.provider.map(|b| b.to_string()).as_deref(), Some(bin)),
                (Err(e), Err(code)) => assert_eq!(e.code(), code, "{id}: {e}"),
                (other, _) => panic!("{id}: {other:?}"),
            }
        }
        t.finish().await.unwrap();
    }
}
