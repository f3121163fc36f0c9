//! The lookup systems on port 0 over raw HTTP/1.1 — individuals, legal entities, legal
//! statistics, dispensaries, licences — answering the seeded, deterministic data, every answer
//! (found, not found, malformed id, faulted) checked against the system's OpenAPI contract.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

mod common;

use common::{conforms, matches, send, spawn};
use reglament_domain::{Bin, IdPolicy, Iin, StateSystem};
use reglament_sandbox::{
    DISPENSARIES_CONTRACT, INDIVIDUALS_CONTRACT, LEGAL_ENTITIES_CONTRACT, LEGAL_STATISTICS_CONTRACT, LICENCES_CONTRACT,
    contract_of, data,
};
use serde_json::{Value, json};

/// An IIN no one has (valid check digit).
const NOBODY: &str = "871008401427";

#[test]
fn seeded_data_is_deterministic_with_valid_ids() {
    let persons = data::persons();
    assert_eq!(persons, data::persons());
    for person in &persons[..5] {
        let reparsed: Iin = person.iin.to_string().parse().unwrap();
        assert_eq!(reparsed.birth_date(), Some(person.birth_date), "{}", person.iin);
    }
    let mut iins: Vec<_> = persons.iter().map(|p| p.iin.to_string()).collect();
    iins.sort();
    iins.dedup();
    assert_eq!(iins.len(), persons.len());
    for roster in ["123456789011", "123456789012", "750901300451", "831228400676"] {
        assert!(iins.iter().any(|i| i == roster), "{roster}");
    }
    for person in &persons {
        assert!(matches("^0[0-9]{8}$", &person.document.number), "{}", person.document.number);
        assert!(person.document.valid_until > person.document.issued_on);
    }
    let companies = data::companies(&persons);
    assert_eq!(companies, data::companies(&persons));
    for company in &companies[..3] {
        let strict: Bin = company.bin.to_string().parse().unwrap();
        assert_eq!(strict, company.bin);
    }
    assert_eq!(companies.iter().filter(|c| c.status == data::CompanyStatus::Liquidated).count(), 1);
    let test_bin = Bin::parse_with(IdPolicy::AllowNcaTestNumbers, "123456789021").unwrap();
    assert!(companies.iter().any(|c| c.bin == test_bin));
    assert!(companies.iter().any(|c| c.bin.to_string() == "010340600017"));
    let invoices = data::invoices(&persons);
    assert_eq!(
        invoices.iter().map(|i| i.status).collect::<Vec<_>>(),
        [data::InvoiceStatus::Paid, data::InvoiceStatus::Unpaid, data::InvoiceStatus::Paid]
    );
}

#[test]
fn contracts_are_openapi_3_and_document_the_envelope_and_the_fault() {
    let served = [
        (StateSystem::Individuals, vec![("/persons/{iin}", "get")]),
        (StateSystem::LegalEntities, vec![("/companies/{bin}", "get")]),
        (StateSystem::LegalStatistics, vec![("/persons/{iin}/record", "get")]),
        (StateSystem::Dispensaries, vec![("/persons/{iin}", "get")]),
        (StateSystem::Licences, vec![("/holders/{id}/licences", "get")]),
        (StateSystem::Payments, vec![("/invoices", "post"), ("/invoices/{reference}", "get"), ("/statement", "get")]),
    ];
    for (system, paths) in served {
        let contract: Value = serde_json::from_str(contract_of(system)).unwrap();
        assert!(contract["openapi"].as_str().unwrap().starts_with("3."), "{system}");
        assert_eq!(contract["servers"][0]["url"], format!("http://127.0.0.1:8081/{system}/v1"));
        assert_eq!(contract["paths"].as_object().unwrap().len(), paths.len(), "{system}: only served paths");
        for (path, method) in paths {
            let operation = &contract["paths"][path][method];
            for status in ["200", "400", "401", "5XX"] {
                assert!(operation["responses"][status].is_object(), "{system} {path} {method} {status}");
            }
            let parameters: Vec<String> = operation["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    let p = p.get("$ref").and_then(Value::as_str).map_or(p, |r| contract.pointer(&r[1..]).unwrap());
                    p["name"].as_str().unwrap().to_ascii_lowercase()
                })
                .collect();
            for header in [
                reglament_domain::envelope::HEADER_SENDER,
                reglament_domain::envelope::HEADER_MESSAGE_ID,
                reglament_domain::envelope::HEADER_SENT_AT,
                reglament_domain::envelope::HEADER_SIGNATURE,
                reglament_sandbox::FAULT_HEADER,
                "x-request-id",
            ] {
                assert!(parameters.iter().any(|p| p == header), "{system} {path}: {header}");
            }
        }
    }
}

#[tokio::test]
async fn contracts_are_served() {
    let (_, addr) = spawn().await;
    for system in StateSystem::ALL {
        let served = send(&addr, "GET", &format!("/contracts/{system}.json"), &[], None).await;
        assert_eq!(served.json(), serde_json::from_str::<Value>(contract_of(system)).unwrap(), "{system}");
    }
    assert_eq!(send(&addr, "GET", "/contracts/mars.json", &[], None).await.status, 404);
}

/// `GET path`, checked against `contract` at `template`.
async fn get(addr: &str, contract: &str, template: &str, path: &str, status: u16) -> Value {
    let answer = send(addr, "GET", path, &[], None).await;
    assert_eq!(answer.status, status, "{path}: {}", String::from_utf8_lossy(&answer.body));
    conforms(contract, template, "get", &answer)
}

#[tokio::test]
async fn individuals_answer_persons_with_their_identity_cards() {
    let (_, addr) = spawn().await;
    let template = "/persons/{iin}";
    for person in data::persons() {
        let value =
            get(&addr, INDIVIDUALS_CONTRACT, template, &format!("/individuals/v1/persons/{}", person.iin), 200).await;
        assert_eq!(value["iin"], person.iin.to_string());
        assert_eq!(value["document"]["kind"], "identity_card");
        assert_eq!(value["document"]["issuer"], "ҚР ІІМ / МВД РК");
        assert!(value.get("criminal_record").is_none());
    }
    let test = get(&addr, INDIVIDUALS_CONTRACT, template, "/individuals/v1/persons/123456789011", 200).await;
    assert_eq!((&test["surname"], &test["name"]), (&json!("ТЕСТОВ"), &json!("ТЕСТ")));
    let missing = get(&addr, INDIVIDUALS_CONTRACT, template, &format!("/individuals/v1/persons/{NOBODY}"), 404).await;
    assert_eq!(missing["code"], "sandbox.not_found");
    let bad = get(&addr, INDIVIDUALS_CONTRACT, template, "/individuals/v1/persons/87041230", 400).await;
    assert_eq!(bad["code"], "sandbox.bad_request");
    let faulted =
        send(&addr, "GET", "/individuals/v1/persons/123456789011", &[("X-Sandbox-Fault", "status=503")], None);
    conforms(INDIVIDUALS_CONTRACT, template, "get", &faulted.await);
}

#[tokio::test]
async fn legal_entities_answer_companies_with_their_heads() {
    let (_, addr) = spawn().await;
    let persons = data::persons();
    let template = "/companies/{bin}";
    for company in data::companies(&persons) {
        let value = get(
            &addr,
            LEGAL_ENTITIES_CONTRACT,
            template,
            &format!("/legal_entities/v1/companies/{}", company.bin),
            200,
        )
        .await;
        assert_eq!(value["bin"], company.bin.to_string());
    }
    let first = data::companies(&persons)[0].bin;
    let value =
        get(&addr, LEGAL_ENTITIES_CONTRACT, template, &format!("/legal_entities/v1/companies/{first}"), 200).await;
    assert_eq!(value["head"]["iin"], persons[0].iin.to_string());
    assert_eq!(value["head"]["full_name"], "Төлегенов Асқар Серікұлы");
    let liquidated = data::companies(&persons)[2].bin;
    let value =
        get(&addr, LEGAL_ENTITIES_CONTRACT, template, &format!("/legal_entities/v1/companies/{liquidated}"), 200).await;
    assert_eq!(value["status"], "liquidated");
    let test = get(&addr, LEGAL_ENTITIES_CONTRACT, template, "/legal_entities/v1/companies/123456789021", 200).await;
    assert_eq!(test["head"]["iin"], "750901300451", "the roster's first head");
    get(&addr, LEGAL_ENTITIES_CONTRACT, template, &format!("/legal_entities/v1/companies/{NOBODY}"), 404).await;
    get(&addr, LEGAL_ENTITIES_CONTRACT, template, "/legal_entities/v1/companies/BIN", 400).await;
}

#[tokio::test]
async fn legal_statistics_answer_convictions_and_investigations() {
    let (_, addr) = spawn().await;
    let persons = data::persons();
    let template = "/persons/{iin}/record";
    let record = |i: usize| format!("/legal_statistics/v1/persons/{}/record", persons[i].iin);
    let clean = get(&addr, LEGAL_STATISTICS_CONTRACT, template, &record(0), 200).await;
    assert_eq!((&clean["convictions"], &clean["investigations"]), (&json!([]), &json!([])));
    let convicted = get(&addr, LEGAL_STATISTICS_CONTRACT, template, &record(2), 200).await;
    assert_eq!(persons[2].surname, "Сәрсенбаев");
    assert_eq!(convicted["convictions"][0]["expunged"], false);
    let investigated = get(&addr, LEGAL_STATISTICS_CONTRACT, template, &record(3), 200).await;
    assert_eq!(persons[3].surname, "Иванова");
    assert_eq!(investigated["investigations"][0]["status"], "open");
    assert_eq!(investigated["convictions"], json!([]));
    get(&addr, LEGAL_STATISTICS_CONTRACT, template, "/legal_statistics/v1/persons/123456789011/record", 200).await;
    get(&addr, LEGAL_STATISTICS_CONTRACT, template, &format!("/legal_statistics/v1/persons/{NOBODY}/record"), 404)
        .await;
}

#[tokio::test]
async fn dispensaries_answer_registrations() {
    let (_, addr) = spawn().await;
    let persons = data::persons();
    let template = "/persons/{iin}";
    for (index, person) in persons.iter().enumerate() {
        let value =
            get(&addr, DISPENSARIES_CONTRACT, template, &format!("/dispensaries/v1/persons/{}", person.iin), 200).await;
        assert_eq!(value["narcological"]["registered"], index == 4, "{}", person.surname);
        assert_eq!(value["psychiatric"], json!({ "registered": false, "since": null }));
    }
    let omarov = format!("/dispensaries/v1/persons/{}", persons[4].iin);
    let omarov = get(&addr, DISPENSARIES_CONTRACT, template, &omarov, 200).await;
    assert_eq!(omarov["narcological"]["since"], "2022-05-17");
    get(&addr, DISPENSARIES_CONTRACT, template, &format!("/dispensaries/v1/persons/{NOBODY}"), 404).await;
}

#[tokio::test]
async fn licences_answer_by_iin_or_bin() {
    let (_, addr) = spawn().await;
    let persons = data::persons();
    let companies = data::companies(&persons);
    let template = "/holders/{id}/licences";
    let of = |id: String| format!("/licences/v1/holders/{id}/licences");
    let expert = get(&addr, LICENCES_CONTRACT, template, &of(persons[0].iin.to_string()), 200).await;
    assert_eq!(expert["holder"], persons[0].iin.to_string());
    assert_eq!(expert["licences"][0]["activity"], "Судебно-экспертная деятельность");
    assert_eq!(expert["licences"][0]["status"], "valid");
    let medical = get(&addr, LICENCES_CONTRACT, template, &of(companies[1].bin.to_string()), 200).await;
    assert_eq!(medical["licences"][0]["activity"], "Медицинская деятельность");
    let builder = get(&addr, LICENCES_CONTRACT, template, &of(companies[2].bin.to_string()), 200).await;
    assert_eq!(builder["licences"][0]["status"], "terminated");
    let none = get(&addr, LICENCES_CONTRACT, template, &of(NOBODY.to_owned()), 200).await;
    assert_eq!(none["licences"], json!([]));
    let bad = get(&addr, LICENCES_CONTRACT, template, &of("12345".to_owned()), 400).await;
    assert_eq!(bad["code"], "sandbox.bad_request");
}
