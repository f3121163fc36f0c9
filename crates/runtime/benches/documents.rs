//! Documents rendered and signed per second on one core: the forensic-expert licence of the 2021
//! act composed in Kazakh and Russian, rendered to one PDF (fonts subset and embedded, QR code)
//! and signed with an RSA-2048 key (detached CMS), as the back office does for each licence.
//! Run with `cargo bench -p reglament-runtime --bench documents`. The goal (set here; issue 8
//! names no figure) is at least 50 documents a second on one core.

#![allow(clippy::print_stdout, reason = "a benchmark reports on standard output")]
#![allow(clippy::unwrap_used, reason = "a benchmark stops on the first failure")]
#![allow(clippy::cast_precision_loss, reason = "counts are far below 2^52")]

use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use reglament_calendar::{Calendar, WorkingTime};
use reglament_domain::{Language, Localized};
use reglament_engine::Law;
use reglament_pki::issue::TestPki;
use reglament_pki::sign_cms;
use reglament_runtime::documents::{Composition, Facts, Holder, Signatory, compose};

const GOAL: f64 = 50.0;
const RUN: Duration = Duration::from_secs(3);

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../regulations/moj-754-2021.toml");
    let act = reglament_regulation::read(path, &std::fs::read_to_string(path).unwrap()).0.unwrap();
    let service = &act.services[0];
    let variant = &service.variants[0];
    let wt = WorkingTime::new(Calendar::builtin().unwrap(), service.schedule.clone()).unwrap();
    let law = Law { act: &act, service, variant, wt: &wt };
    let document = act.documents.iter().find(|d| d.id == "licence").unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 5, 0, 0).unwrap();
    let pki = TestPki::generate(now, "http://127.0.0.1:9").unwrap();
    let key = pki.subject("moj-head").unwrap().signing_key(pki.ca.certificate()).unwrap();
    let facts = Facts {
        holder: Holder {
            name: "Әбілқайырова Ғалия Құрманғазықызы".into(),
            iin: "871008401427".parse().unwrap(),
            entity: None,
        },
        application: "ВХ-20261123-C-1".into(),
        filed_on: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        grounds: Vec::new(),
        hearing: None,
        signatory: Signatory {
            name: "Үсенов Ұлан".into(),
            iin: "850312300121".parse().unwrap(),
            provider: "960240000025".parse().unwrap(),
        },
        position: Localized::new_static("Басшы", "Руководитель"),
        place: Localized::new_static("Астана қаласы", "город Астана"),
        first_issued: None,
    };
    let (begin, mut n, mut bytes) = (Instant::now(), 0_u64, 0_usize);
    while begin.elapsed() < RUN {
        let number = format!("L-2026-960240000025-{:06}", n + 1);
        let url = format!("https://reglament.example.kz/kk/registry/{number}");
        let c = Composition {
            law: &law,
            document,
            facts: &facts,
            number: &number,
            date: now.date_naive(),
            verify_url: &url,
        };
        let pdf = reglament_document::pdf(&[compose(&c, Language::Kk), compose(&c, Language::Ru)]).unwrap();
        let signature = sign_cms(&pdf, &key, now, true).unwrap();
        bytes += pdf.len() + signature.len();
        n += 1;
    }
    let rate = n as f64 / begin.elapsed().as_secs_f64();
    let verdict = if rate >= GOAL { "met" } else { "NOT met" };
    println!(
        "documents rendered (kk + ru, one PDF) and signed (RSA-2048 CMS): {rate:.0}/s on one core, {} KB each; goal ≥ {GOAL:.0}/s: {verdict}",
        bytes / usize::try_from(n).unwrap_or(1).max(1) / 1024
    );
    if rate < GOAL {
        std::process::exit(1);
    }
}
