//! The PDF writer: the laid-out pages, the two subset fonts (Type0 / `CIDFontType2`, Identity-H,
//! `/W`, `ToUnicode`) and the document information, as a deterministic PDF 1.7 file.
//!
//! Object numbers are fixed so that [`crate::with_signature`] can read the file back: the catalog
//! is object 1, the page tree object 2, the information dictionary object 3.

use std::collections::{BTreeMap, BTreeSet};

use miniz_oxide::deflate::compress_to_vec_zlib;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Filter, Finish as _, Name, Pdf, Rect, Ref, Str, TextStr};
use sha2::{Digest as _, Sha256};

use crate::font::{Font, Fonts, Subset, Weight};
use crate::layout::{self, Op, PAGE_H, PAGE_W, Page};
use crate::{DocumentError, Sheet, qr};

/// The catalog's object number.
pub(crate) const CATALOG: i32 = 1;
/// The page tree's object number.
const PAGES: i32 = 2;
/// The information dictionary's object number.
const INFO: i32 = 3;
/// The first font object; each font takes [`FONT_OBJECTS`] numbers.
const FIRST_FONT: i32 = 4;
const FONT_OBJECTS: i32 = 5;
/// The first page object; each page takes two numbers (page, content).
const FIRST_PAGE: i32 = FIRST_FONT + 2 * FONT_OBJECTS;

/// The sheets as one A4 PDF, each from a new page (a document's Kazakh, then its Russian
/// rendition): deterministic (same sheets, same bytes), fonts embedded and subset, ending with
/// `%%EOF` and a newline. The catalog's language and title are the first sheet's.
pub fn pdf(sheets: &[Sheet]) -> Result<Vec<u8>, DocumentError> {
    let sheet = sheets.first().ok_or(DocumentError::NoSheet)?;
    let fonts = Fonts::load()?;
    let mut pages = Vec::new();
    for s in sheets {
        pages.extend(layout::layout(s, &fonts, &qr::matrix(&s.verify_url)?));
    }
    let mut used: BTreeMap<Weight, BTreeSet<char>> = BTreeMap::new();
    for op in pages.iter().flat_map(|p| &p.ops) {
        if let Op::Text { weight, text, .. } = op {
            used.entry(*weight).or_default().extend(text.chars());
        }
    }
    let weights = [(Weight::Regular, b"F1"), (Weight::Bold, b"F2")];
    let mut subsets = Vec::new();
    for (weight, _) in weights {
        let chars = used.remove(&weight).unwrap_or_default();
        subsets.push(fonts.get(weight).subset(&chars)?);
    }

    let mut pdf = Pdf::new();
    pdf.set_version(1, 7);
    let page_ids: Vec<Ref> = (0..pages.len()).map(|i| Ref::new(FIRST_PAGE + 2 * index(i))).collect();
    write_document(&mut pdf, sheet, &page_ids);
    let mut font_ids = Vec::new();
    for (i, ((weight, _), subset)) in weights.iter().zip(&subsets).enumerate() {
        let first = FIRST_FONT + FONT_OBJECTS * index(i);
        write_font(&mut pdf, first, fonts.get(*weight), subset);
        font_ids.push(Ref::new(first));
    }
    for (page, id) in pages.iter().zip(&page_ids) {
        let content_id = Ref::new(id.get() + 1);
        let mut page_dict = pdf.page(*id);
        page_dict.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H)).parent(Ref::new(PAGES)).contents(content_id);
        let mut resources = page_dict.resources();
        let mut font_dict = resources.fonts();
        for ((_, name), font_id) in weights.iter().zip(&font_ids) {
            font_dict.pair(Name(*name), *font_id);
        }
        font_dict.finish();
        resources.finish();
        page_dict.finish();
        let content = content(page, &fonts, &subsets);
        pdf.stream(content_id, &compress_to_vec_zlib(&content, 9)).filter(Filter::FlateDecode);
    }
    let id = file_id(sheets);
    pdf.set_file_id((id.clone(), id));
    let mut bytes = pdf.finish();
    bytes.push(b'\n');
    Ok(bytes)
}

/// A small index as an object-number offset.
fn index(i: usize) -> i32 {
    i32::try_from(i).unwrap_or(i32::MAX / 4)
}

/// The catalog, page tree and information dictionary.
fn write_document(pdf: &mut Pdf, sheet: &Sheet, page_ids: &[Ref]) {
    let lang = match sheet.language {
        reglament_domain::Language::Kk => "kk-KZ",
        reglament_domain::Language::Ru => "ru-RU",
    };
    let mut catalog = pdf.catalog(Ref::new(CATALOG));
    catalog.pages(Ref::new(PAGES)).lang(TextStr(lang));
    catalog.viewer_preferences().display_doc_title(true);
    catalog.finish();
    pdf.pages(Ref::new(PAGES)).kids(page_ids.iter().copied()).count(index(page_ids.len()));
    pdf.document_info(Ref::new(INFO))
        .title(TextStr(&sheet.title))
        .subject(TextStr(&sheet.number))
        .author(TextStr(&sheet.issuer))
        .creator(TextStr("Reglament"));
}

/// The font's five objects from `first`: Type0 font, CID font, descriptor, font file, `ToUnicode`.
fn write_font(pdf: &mut Pdf, first: i32, font: &Font, subset: &Subset) {
    let [type0, cid, descriptor, file, to_unicode] = [0, 1, 2, 3, 4].map(|i| Ref::new(first + i));
    let name = format!("{}+{}", subset.tag, font.base);
    pdf.type0_font(type0)
        .base_font(Name(name.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(to_unicode);
    let mut cid_font = pdf.cid_font(cid);
    cid_font
        .subtype(CidFontType::Type2)
        .base_font(Name(name.as_bytes()))
        .system_info(SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 })
        .font_descriptor(descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid_font.widths().consecutive(0, subset.widths.iter().copied());
    cid_font.finish();
    let face = &font.face;
    let units = |v: i16| font.to_pdf_units(f32::from(v));
    let bbox = face.global_bounding_box();
    pdf.font_descriptor(descriptor)
        .name(Name(name.as_bytes()))
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(units(bbox.x_min), units(bbox.y_min), units(bbox.x_max), units(bbox.y_max)))
        .italic_angle(0.0)
        .ascent(units(face.ascender()))
        .descent(units(face.descender()))
        .cap_height(units(face.capital_height().unwrap_or(face.ascender())))
        .stem_v(if font.base.ends_with("Bold") { 120.0 } else { 80.0 })
        .font_file2(file);
    let length = i32::try_from(subset.data.len()).unwrap_or(i32::MAX);
    pdf.stream(file, &compress_to_vec_zlib(&subset.data, 9)).filter(Filter::FlateDecode).pair(Name(b"Length1"), length);
    pdf.stream(to_unicode, &compress_to_vec_zlib(&subset.to_unicode, 9)).filter(Filter::FlateDecode);
}

/// A page's content stream (uncompressed).
fn content(page: &Page, fonts: &Fonts, subsets: &[Subset]) -> Vec<u8> {
    let mut content = Content::new();
    let mut rects = Vec::new();
    for op in &page.ops {
        match op {
            Op::Text { weight, size, x, y, text } => {
                let (name, subset): (&[u8], _) = match weight {
                    Weight::Regular => (b"F1", subsets.first()),
                    Weight::Bold => (b"F2", subsets.get(1)),
                };
                let Some(subset) = subset else { continue };
                let encoded = subset.encode(fonts.get(*weight), text);
                content.begin_text().set_font(Name(name), *size).next_line(*x, *y).show(Str(&encoded)).end_text();
            }
            Op::Rule { x1, x2, y, width } => {
                content.set_line_width(*width).move_to(*x1, *y).line_to(*x2, *y).stroke();
            }
            Op::Rect { x, y, w, h } => rects.push((*x, *y, *w, *h)),
        }
    }
    // The QR modules form one path, filled once, after every text object.
    if !rects.is_empty() {
        for (x, y, w, h) in rects {
            content.rect(x, y, w, h);
        }
        content.fill_nonzero();
    }
    content.finish().into_vec()
}

/// The file identifier: the first 16 bytes of the SHA-256 of the sheets' content.
fn file_id(sheets: &[Sheet]) -> Vec<u8> {
    let mut hash = Sha256::new();
    let mut part = |text: &str| {
        hash.update((text.len() as u64).to_be_bytes());
        hash.update(text.as_bytes());
    };
    for sheet in sheets {
        part(sheet.language.code());
        part(sheet.form.as_str());
        part(&sheet.issuer);
        part(&sheet.title);
        part(&sheet.number);
        part(&sheet.date.to_string());
        for field in &sheet.fields {
            part(&field.label);
            part(&field.value);
        }
        part(&sheet.basis);
        part(&sheet.signatory);
        part(&sheet.verify_url);
        part(&sheet.statement);
    }
    hash.finalize().iter().take(16).copied().collect()
}
