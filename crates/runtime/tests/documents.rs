//! Every output document of every encoded act, rendered from sample facts in Kazakh and Russian:
//! the text poppler extracts from the PDF carries the title, the number and every field's label
//! and value (Kazakh letters included), and the first page of each rendition matches its PNG
//! snapshot (`REGLAMENT_UPDATE_SNAPSHOTS=1` rewrites them). Every field id the acts use is one a
//! case can fill.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests")]

use chrono::NaiveDate;
use reglament_calendar::{Calendar, WorkingTime};
use reglament_document::Sheet;
use reglament_domain::{DocumentForm, Language, Localized};
use reglament_engine::Law;
use reglament_regulation::model::{Act, DocumentKind};
use reglament_runtime::documents::{Composition, Facts, FieldSource, Holder, Signatory, compose};
use reglament_testkit::pdf::{assert_png_snapshot, pdf_page_png, pdf_text_raw};

fn acts() -> Vec<Act> {
    reglament_testkit::regulation_files()
        .iter()
        .map(|(name, text)| reglament_regulation::read(name, text).0.unwrap())
        .collect()
}

/// The facts of a refused case of an applicant whose name has Kazakh letters.
fn facts(grounds: Vec<String>) -> Facts {
    Facts {
        holder: Holder {
            name: "Әбілқайырова Ғалия Құрманғазықызы".into(),
            iin: "871008401427".parse().unwrap(),
            entity: None,
        },
        application: "ВХ-20261123-K-1".into(),
        filed_on: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        grounds,
        hearing: Some(("27.11.2026 11:00".into(), "Астана, Мәңгілік Ел даңғылы, 8, 215-кабинет".into())),
        signatory: Signatory {
            name: "Үсенов Ұлан Өтегенұлы".into(),
            iin: "850312300121".parse().unwrap(),
            provider: "960240000025".parse().unwrap(),
        },
        position: Localized::new_static("Басшы", "Руководитель"),
        place: Localized::new_static("Астана қаласы", "город Астана"),
        first_issued: None,
    }
}

/// Whitespace collapsed, so wrapped lines compare with the text drawn.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The PDF's text carries the sheet's full-width lines as drawn and, word for word, its fields
/// (poppler reads a two-column row line by line across both columns).
fn check_text(name: &str, text: &str, sheet: &Sheet) {
    let flat_text = flat(text);
    for line in [&sheet.title, &sheet.number, &sheet.statement, &sheet.issuer, &sheet.basis] {
        assert!(flat_text.contains(&flat(line)), "{name}: the PDF's text lacks {line:?} in:\n{flat_text}");
    }
    let words: std::collections::BTreeSet<&str> = text.split_whitespace().collect();
    for f in &sheet.fields {
        for word in f.label.split_whitespace().chain(f.value.split_whitespace()) {
            assert!(words.contains(word), "{name}: the PDF's text lacks the word {word:?} of field {:?}", f.label);
        }
    }
}

#[test]
fn every_output_document_of_every_act_renders_in_kazakh_and_russian() {
    let calendar = Calendar::builtin().unwrap();
    let mut rendered = 0;
    for act in &acts() {
        for document in act.documents.iter().filter(|d| d.kind == DocumentKind::Output) {
            // The service whose process issues it (the first, when several do).
            let index = act.documents.iter().position(|d| d.id == document.id).unwrap();
            let (service, variant) = act
                .services
                .iter()
                .flat_map(|s| s.variants.iter().map(move |v| (s, v)))
                .find(|(_, v)| act.processes[v.process].steps.iter().any(|st| st.documents.contains(&index)))
                .unwrap_or((&act.services[0], &act.services[0].variants[0]));
            let wt = WorkingTime::new(calendar.clone(), service.schedule.clone()).unwrap();
            let law = Law { act, service, variant, wt: &wt };
            let grounds = service.refusal_grounds.iter().take(2).map(|g| g.id.clone()).collect();
            let facts = facts(grounds);
            let form = document.form.unwrap();
            let number = format!("{}-2026-960240000025-000017", form.series());
            let c = Composition {
                law: &law,
                document,
                facts: &facts,
                number: &number,
                date: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
                verify_url: &format!("https://reglament.example.kz/kk/registry/{number}"),
            };
            let sheets = vec![compose(&c, Language::Kk), compose(&c, Language::Ru)];
            let pdf = reglament_document::pdf(&sheets).unwrap();
            let name = format!("{}.{}", act.id.as_str(), document.id);
            assert!(pdf.starts_with(b"%PDF-"), "{name}");
            if let Some(text) = pdf_text_raw(&pdf) {
                for s in &sheets {
                    check_text(&name, &text, s);
                }
                assert!(text.contains("Әбілқайырова Ғалия Құрманғазықызы"), "{name}: Kazakh letters");
                if form == DocumentForm::Refusal && !service.refusal_grounds.is_empty() {
                    let ground = &service.refusal_grounds[0];
                    assert!(flat(&text).contains(&flat(ground.text.get(Language::Kk))), "{name}: the ground's text");
                }
            }
            // The first page of each rendition (the Russian one rendered on its own).
            let russian = reglament_document::pdf(&sheets[1..]).unwrap();
            for (language, file) in [("kk", &pdf), ("ru", &russian)] {
                if let Some(png) = pdf_page_png(file, 1, 30) {
                    let path = format!("tests/snapshots/documents/{name}.{language}.png");
                    assert_png_snapshot(env!("CARGO_MANIFEST_DIR"), &path, &png, 2.0);
                }
            }
            rendered += 1;
        }
    }
    assert_eq!(rendered, 48, "every output document of the five acts");
}

#[test]
fn every_field_the_acts_name_is_one_a_case_fills() {
    for act in &acts() {
        for document in &act.documents {
            if document.kind == DocumentKind::Output {
                for (id, _) in &document.fields {
                    assert!(
                        FieldSource::of(id).is_some(),
                        "{}: document `{}` field `{id}`",
                        act.id.as_str(),
                        document.id
                    );
                }
            }
        }
    }
}
