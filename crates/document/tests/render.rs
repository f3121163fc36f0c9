//! The renderers on a sample sheet in each language whose fields carry every Kazakh letter: the
//! PDF's bytes (deterministic, small, fonts embedded), the text poppler extracts, page 1 against
//! a PNG snapshot, the HTML fragment, and the embedded signature's round trip.
//!
//! The poppler checks are skipped with a printed line when `poppler-utils` is not installed,
//! unless `REGLAMENT_REQUIRE_POPPLER=1`. Rewrite the PNG snapshots with
//! `REGLAMENT_UPDATE_SNAPSHOTS=1` and look at them before committing.

#![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail by panicking")]

use chrono::NaiveDate;
use reglament_document::{DocumentError, Sheet, SheetField, html, pdf, qr_svg, split_signed, with_signature};
use reglament_domain::DocumentForm as Form;
use reglament_domain::Language;
use reglament_testkit::Mutations;
use reglament_testkit::pdf::{
    assert_png_snapshot, pdf_attachments, pdf_info, pdf_page_png, pdf_text, pdf_text_raw, qpdf_check,
};

/// Every letter of the Kazakh alphabet that Russian lacks, capital and small.
const KAZAKH: &str = "Ә ә Ғ ғ Қ қ Ң ң Ө ө Ұ ұ Ү ү Һ һ І і";

fn field(label: &str, value: &str) -> SheetField {
    SheetField { label: label.to_owned(), value: value.to_owned() }
}

fn kazakh() -> Sheet {
    Sheet {
        language: Language::Kk,
        form: Form::Grant,
        issuer: "Қазақстан Республикасы Әділет министрлігі".to_owned(),
        title: "Заң қызметімен айналысуға арналған лицензия".to_owned(),
        number: "L-2026-000140000123-000017".to_owned(),
        date: NaiveDate::from_ymd_opt(2026, 3, 5).unwrap(),
        fields: vec![
            field("Лицензиат", "«Әділет пен Құқық» жауапкершілігі шектеулі серіктестігі"),
            field("БСН", "000140000123"),
            field("Қызмет түрі", "Заң көмегін көрсету: кеңес беру, құжаттар дайындау, сотта өкілдік ету"),
            field("Мекенжайы", "Астана қаласы, Қабанбай батыр даңғылы, 11, 4-кеңсе"),
            field("Ерекше белгілер", "Ғимарат Үкімет үйінің жанында\nҰлттық Һәм Өңірлік тізілімге енгізілген"),
            field("Әліпби тексеруі", KAZAKH),
        ],
        basis: "Негіз: «Рұқсаттар және хабарламалар туралы» Қазақстан Республикасының Заңы, 29-бап".to_owned(),
        signatory: "Департамент директоры — Сәрсенбаев Нұрлан Қуанышұлы (ЖСН 780101300123)".to_owned(),
        verify_url: "https://reglament.example.kz/verify/L-2026-000140000123-000017".to_owned(),
        statement: "Осы құжат «Электрондық құжат және электрондық цифрлық қолтаңба туралы» Қазақстан \
                    Республикасының Заңының 7-бабының 1-тармағына сәйкес қағаз тасығыштағы құжатпен бірдей."
            .to_owned(),
    }
}

fn russian() -> Sheet {
    Sheet {
        language: Language::Ru,
        form: Form::Refusal,
        issuer: "Министерство юстиции Республики Казахстан".to_owned(),
        title: "Мотивированный отказ в выдаче лицензии на занятие юридической деятельностью".to_owned(),
        number: "R-2026-000140000123-000003".to_owned(),
        date: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        fields: vec![
            field("Заявитель", "ТОО «Әділет пен Құқық» (Қызылорда, Үштөбе, Өскемен, Шұғыла, Һ, І, Ғ, Ң)"),
            field("БИН", "000140000123"),
            field(
                "Основания отказа",
                "1) несоответствие заявителя квалификационным требованиям;\n2) представление недостоверных \
                 сведений в заявлении от 01.11.2026 № 17",
            ),
            field("Казахские буквы", KAZAKH),
            field("Срок обжалования", "в течение трёх месяцев со дня получения отказа"),
        ],
        basis: "Основание: Закон Республики Казахстан «О разрешениях и уведомлениях», статья 39".to_owned(),
        signatory: "Директор департамента — Сарсенбаев Нурлан Куанышевич (ИИН 780101300123)".to_owned(),
        verify_url: "https://reglament.example.kz/verify/R-2026-000140000123-000003".to_owned(),
        statement: "Настоящий документ согласно пункту 1 статьи 7 Закона Республики Казахстан «Об \
                    электронном документе и электронной цифровой подписи» равнозначен документу на бумажном носителе."
            .to_owned(),
    }
}

fn samples() -> [(&'static str, Sheet); 2] {
    [("kk", kazakh()), ("ru", russian())]
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// `text` with runs of whitespace collapsed, so wrapped lines compare with the sheet's texts.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn pdf_is_deterministic_small_and_embeds_its_fonts() {
    for (name, sheet) in samples() {
        let bytes = pdf(std::slice::from_ref(&sheet)).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7"), "{name}");
        assert!(bytes.ends_with(b"%%EOF\n"), "{name}");
        assert_eq!(bytes, pdf(std::slice::from_ref(&sheet)).unwrap(), "{name}: same sheet, same bytes");
        assert!(bytes.len() < 120 * 1024, "{name}: {} bytes", bytes.len());
        println!("{name}: {} bytes", bytes.len());
        for key in [&b"/FontFile2"[..], b"/CIDFontType2", b"/Identity-H", b"/ToUnicode", b"/W ["] {
            assert!(contains(&bytes, key), "{name}: {}", String::from_utf8_lossy(key));
        }
        let lang: &[u8] = if name == "kk" { b"/Lang (kk-KZ)" } else { b"/Lang (ru-RU)" };
        assert!(contains(&bytes, lang), "{name}");
        assert!(!contains(&bytes, b"/CreationDate"), "{name}: no clock in the file");
        let mut other = sheet.clone();
        other.number.push('9');
        assert_ne!(pdf(std::slice::from_ref(&other)).unwrap(), bytes, "{name}: another sheet, other bytes");
    }
}

#[test]
fn extracted_text_is_the_sheets_text() {
    for (name, sheet) in samples() {
        let Some(text) = pdf_text(&pdf(std::slice::from_ref(&sheet)).unwrap()) else { return };
        let flat = words(&text);
        for c in KAZAKH.chars().filter(|c| !c.is_whitespace()) {
            assert!(text.contains(c), "{name}: {c} missing from:\n{text}");
        }
        for part in [&sheet.title, &sheet.number, &sheet.issuer, "1/1"] {
            assert!(flat.contains(&words(part)), "{name}: {part:?} missing from:\n{text}");
        }
        for field in &sheet.fields {
            assert!(text.contains(field.label.split_whitespace().next().unwrap()), "{name}: {}", field.label);
            for word in field.value.split_whitespace() {
                assert!(text.contains(word), "{name}: {word:?} of {:?} missing from:\n{text}", field.label);
            }
        }
        for part in [&sheet.basis, &sheet.signatory, &sheet.statement, &sheet.verify_url] {
            for word in part.split_whitespace() {
                assert!(text.contains(word), "{name}: {word:?} of {part:?} missing from:\n{text}");
            }
        }
        let date = if name == "kk" { "05.03.2026" } else { "30.11.2026" };
        assert!(text.contains(date), "{name}: date");
        // In stream order every line is exact, spaces included.
        let raw = pdf_text_raw(&pdf(std::slice::from_ref(&sheet)).unwrap()).unwrap();
        assert!(raw.contains(KAZAKH), "{name}: {KAZAKH:?} not extracted exactly from:\n{raw}");
        for field in &sheet.fields {
            let first_line = field.value.lines().next().unwrap();
            let first_word = first_line.split_whitespace().next().unwrap();
            assert!(raw.contains(first_word), "{name}: {first_word:?}");
        }
        assert!(words(&raw).contains(&words(&sheet.statement)), "{name}: statement not exact in:\n{raw}");
        assert!(words(&raw).contains(&words(&sheet.basis)), "{name}: basis not exact in:\n{raw}");
    }
}

#[test]
fn first_page_matches_its_snapshot() {
    for (name, sheet) in samples() {
        let Some(png) = pdf_page_png(&pdf(std::slice::from_ref(&sheet)).unwrap(), 1, 50) else { return };
        assert_png_snapshot(env!("CARGO_MANIFEST_DIR"), &format!("tests/snapshots/{name}.png"), &png, 2.0);
    }
}

fn long() -> Sheet {
    let mut sheet = russian();
    let long = "Пункт перечня с достаточно длинным текстом, чтобы переносить строки. ".repeat(6);
    for i in 0..14 {
        sheet.fields.push(field(&format!("Пункт {i}"), &long));
    }
    sheet
}

#[test]
fn long_content_flows_onto_more_pages() {
    let sheet = long();
    let bytes = pdf(std::slice::from_ref(&sheet)).unwrap();
    let Some(info) = pdf_info(&bytes) else { return };
    let pages: u32 = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!(pages >= 2, "{info}");
    let text = pdf_text(&bytes).unwrap();
    assert!(text.contains(&format!("{pages}/{pages}")), "{text}");
    assert!(words(&text).contains(&words(&sheet.statement)) || text.contains("равнозначен"));
}

#[test]
fn tools_accept_the_plain_and_the_signed_pdf() {
    for (name, sheet) in samples() {
        let plain = pdf(std::slice::from_ref(&sheet)).unwrap();
        let signed = with_signature(&plain, b"\x30\x82\x01\x00 not really CMS").unwrap();
        for bytes in [&plain, &signed] {
            if let Some(info) = pdf_info(bytes) {
                assert!(info.contains(&sheet.title) || info.contains("Title:"), "{name}: {info}");
            }
            let _ = qpdf_check(bytes);
        }
    }
}

#[test]
fn signature_round_trips_and_is_not_fooled() {
    let plain = pdf(std::slice::from_ref(&kazakh())).unwrap();
    let p7s: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    let signed = with_signature(&plain, &p7s).unwrap();
    assert_eq!(&signed[..plain.len()], &plain[..], "the signed bytes are a prefix");
    assert!(contains(&signed, b"/EmbeddedFiles") && contains(&signed, b"/AF ["));
    let (original, embedded) = split_signed(&signed).unwrap();
    assert_eq!(original, &plain[..]);
    assert_eq!(embedded, p7s);
    assert_eq!(split_signed(&plain), None, "a plain PDF carries no signature");
    if let Some(files) = pdf_attachments(&signed) {
        assert_eq!(files, vec![("signature.p7s".to_owned(), p7s.clone())], "a PDF reader finds the signature");
        assert_eq!(pdf_attachments(&plain).unwrap(), vec![]);
    }
    assert_eq!(with_signature(&signed, &p7s), Err(DocumentError::AlreadySigned));
    assert!(matches!(with_signature(b"not a pdf", &p7s), Err(DocumentError::Foreign(_))));
    let mut mutations = Mutations::new(0x5eed_d0c5);
    let tail = signed.len() - plain.len();
    for _ in 0..300 {
        let mut changed = signed.clone();
        let (at, mask) = mutations.pick(tail);
        changed[plain.len() + at] ^= mask.to_be_bytes()[0] | 1;
        if let Some((prefix, _)) = split_signed(&changed) {
            assert_eq!(prefix, &plain[..], "a changed update never yields another prefix");
        }
    }
    let mut truncated = signed.clone();
    truncated.truncate(signed.len() - 2);
    assert_eq!(split_signed(&truncated), None);
}

#[test]
fn html_is_an_accessible_fragment() {
    for (name, sheet) in samples() {
        let markup = html(&sheet).into_string();
        assert!(markup.starts_with(&format!(r#"<article class="document" lang="{name}""#)), "{markup}");
        for part in ["<h1>", "<dl", "<dt>", "<dd>", "<figure", "<figcaption>", r#"role="img""#, r#"class="statement""#]
        {
            assert!(markup.contains(part), "{name}: {part} missing from {markup}");
        }
        assert!(markup.contains(&format!(r#"aria-label="{}""#, sheet.verify_url)), "{name}");
        assert!(markup.contains(&format!(r#"href="{}""#, sheet.verify_url)), "{name}");
        assert!(markup.contains(KAZAKH), "{name}");
    }
    let russian = html(&russian()).into_string();
    assert!(russian.contains("<p>1) несоответствие"), "value lines become paragraphs: {russian}");
}

#[test]
fn qr_svg_is_a_labelled_picture() {
    let svg = qr_svg("https://reglament.example.kz/verify/X?a=1&b=2");
    assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
    assert!(svg.contains(r#"aria-label="https://reglament.example.kz/verify/X?a=1&amp;b=2""#), "{svg}");
    assert!(svg.matches('M').count() > 50, "modules drawn");
}
