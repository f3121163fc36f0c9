//! Layout: line breaking with the fonts' metrics, and the flow of the sheet's parts down A4
//! pages, ending with the footer (QR code, verification URL, statement) on the last page.

use std::fmt::Write as _;

use chrono::Datelike as _;

use crate::Sheet;
use crate::font::{Fonts, Weight};
use crate::qr::{Matrix, QUIET};

/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;
/// A4 width in points.
pub(crate) const PAGE_W: f32 = 210.0 * MM;
/// A4 height in points.
pub(crate) const PAGE_H: f32 = 297.0 * MM;
/// Left and right margins.
const MARGIN_X: f32 = 22.0 * MM;
/// Top margin.
const MARGIN_TOP: f32 = 20.0 * MM;
/// Bottom margin (the page number sits below it).
const MARGIN_BOTTOM: f32 = 20.0 * MM;
/// The width text may take.
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
/// The share of the table's width taken by the labels.
const LABEL_SHARE: f32 = 0.38;
/// Padding inside a table cell.
const CELL_PAD: f32 = 5.0;
/// Side of the QR code (modules only; the quiet zone is left blank around it).
const QR_SIDE: f32 = 30.0 * MM;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.32;

/// One drawing operation, in points from the page's bottom-left corner.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    /// A line of text whose baseline starts at (`x`, `y`).
    Text { weight: Weight, size: f32, x: f32, y: f32, text: String },
    /// A filled black rectangle (a QR module run).
    Rect { x: f32, y: f32, w: f32, h: f32 },
    /// A horizontal rule from `x1` to `x2` at height `y`.
    Rule { x1: f32, x2: f32, y: f32, width: f32 },
}

/// One page's operations.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Page {
    /// What the page shows, in drawing order.
    pub ops: Vec<Op>,
}

/// How a line is placed in its box.
#[derive(Clone, Copy)]
enum Align {
    Left,
    Center,
}

/// The pages of `sheet`.
pub(crate) fn layout(sheet: &Sheet, fonts: &Fonts, qr: &Matrix) -> Vec<Page> {
    let mut flow = Flow { fonts, pages: vec![Page::default()], y: PAGE_H - MARGIN_TOP };
    let style = |weight, size| Style { weight, size };
    flow.paragraph(&sheet.issuer, style(Weight::Bold, 11.0), MARGIN_X, CONTENT_W, Align::Center);
    flow.y -= 4.0;
    flow.rule(MARGIN_X, MARGIN_X + CONTENT_W, 0.8);
    flow.y -= 22.0;
    flow.paragraph(&sheet.title, style(Weight::Bold, 15.0), MARGIN_X, CONTENT_W, Align::Center);
    flow.y -= 12.0;
    flow.number_line(sheet);
    flow.y -= 14.0;
    flow.table(sheet);
    flow.y -= 14.0;
    flow.paragraph(&sheet.basis, style(Weight::Regular, 10.0), MARGIN_X, CONTENT_W, Align::Left);
    flow.y -= 12.0;
    flow.paragraph(&sheet.signatory, style(Weight::Bold, 10.0), MARGIN_X, CONTENT_W, Align::Left);
    flow.footer(sheet, qr);
    flow.page_numbers();
    flow.pages
}

/// A font and size.
#[derive(Clone, Copy)]
struct Style {
    weight: Weight,
    size: f32,
}

impl Style {
    fn leading(self) -> f32 {
        self.size * LEADING
    }

    /// The distance from a line box's top to the baseline.
    fn ascent(self) -> f32 {
        self.size * 0.95
    }
}

/// The page being filled and the top of the next line box.
struct Flow<'a> {
    fonts: &'a Fonts,
    pages: Vec<Page>,
    y: f32,
}

impl Flow<'_> {
    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.ops.push(op);
        }
    }

    /// Starts a new page when less than `height` is left above the bottom margin.
    fn ensure(&mut self, height: f32) {
        if self.y - height < MARGIN_BOTTOM {
            self.pages.push(Page::default());
            self.y = PAGE_H - MARGIN_TOP;
        }
    }

    /// [`Flow::ensure`], with the table's top rule on a new page.
    fn ensure_ruled(&mut self, height: f32) {
        let pages = self.pages.len();
        self.ensure(height);
        if self.pages.len() != pages {
            self.rule(MARGIN_X, MARGIN_X + CONTENT_W, 0.6);
            self.y -= CELL_PAD;
        }
    }

    /// A rule across at the current height.
    fn rule(&mut self, x1: f32, x2: f32, width: f32) {
        let y = self.y;
        self.push(Op::Rule { x1, x2, y, width });
    }

    /// One line of text in a box of `width` from `x`, moving down by a line.
    fn line(&mut self, text: &str, style: Style, x: f32, width: f32, align: Align) {
        self.ensure(style.leading());
        let x = match align {
            Align::Left => x,
            Align::Center => x + (width - self.fonts.get(style.weight).width(text, style.size)).max(0.0) / 2.0,
        };
        let y = self.y - style.ascent();
        if !text.is_empty() {
            self.push(Op::Text { weight: style.weight, size: style.size, x, y, text: text.to_owned() });
        }
        self.y -= style.leading();
    }

    /// `text` wrapped to `width` and set line by line.
    fn paragraph(&mut self, text: &str, style: Style, x: f32, width: f32, align: Align) {
        for line in wrap(self.fonts, text, style, width) {
            self.line(&line, style, x, width, align);
        }
    }

    /// The date (left) and the number (right) on one line.
    fn number_line(&mut self, sheet: &Sheet) {
        let style = Style { weight: Weight::Regular, size: 10.5 };
        let mut date = String::new();
        let _ = write!(date, "{:02}.{:02}.{:04}", sheet.date.day(), sheet.date.month(), sheet.date.year());
        let number = wrap(self.fonts, &format!("№ {}", sheet.number), style, CONTENT_W * 0.6);
        self.ensure(style.leading());
        self.push(Op::Text {
            weight: style.weight,
            size: style.size,
            x: MARGIN_X,
            y: self.y - style.ascent(),
            text: date,
        });
        for line in number {
            let w = self.fonts.get(style.weight).width(&line, style.size);
            self.line(&line, style, MARGIN_X + CONTENT_W - w, w, Align::Left);
        }
    }

    /// The fields as a two-column table with rules between the rows.
    fn table(&mut self, sheet: &Sheet) {
        let label_style = Style { weight: Weight::Regular, size: 9.5 };
        let value_style = Style { weight: Weight::Regular, size: 10.5 };
        let label_w = CONTENT_W * LABEL_SHARE - 2.0 * CELL_PAD;
        let value_x = MARGIN_X + CONTENT_W * LABEL_SHARE + CELL_PAD;
        let value_w = CONTENT_W * (1.0 - LABEL_SHARE) - 2.0 * CELL_PAD;
        if !sheet.fields.is_empty() {
            self.rule(MARGIN_X, MARGIN_X + CONTENT_W, 0.6);
        }
        for field in &sheet.fields {
            let labels = wrap(self.fonts, &field.label, label_style, label_w);
            let values = wrap(self.fonts, &field.value, value_style, value_w);
            let rows = labels.len().max(values.len());
            let height = 2.0 * CELL_PAD + cast(rows) * value_style.leading();
            self.ensure_ruled(height.min(PAGE_H - MARGIN_TOP - MARGIN_BOTTOM));
            self.y -= CELL_PAD;
            for i in 0..rows {
                self.ensure_ruled(value_style.leading());
                let top = self.y;
                if let Some(label) = labels.get(i).filter(|l| !l.is_empty()) {
                    let (x, y) = (MARGIN_X + CELL_PAD, top - label_style.ascent() - 0.5);
                    self.push(Op::Text {
                        weight: label_style.weight,
                        size: label_style.size,
                        x,
                        y,
                        text: label.clone(),
                    });
                }
                if let Some(value) = values.get(i).filter(|v| !v.is_empty()) {
                    let (x, y) = (value_x, top - value_style.ascent());
                    self.push(Op::Text {
                        weight: value_style.weight,
                        size: value_style.size,
                        x,
                        y,
                        text: value.clone(),
                    });
                }
                self.y -= value_style.leading();
            }
            self.y -= CELL_PAD;
            self.rule(MARGIN_X, MARGIN_X + CONTENT_W, 0.4);
        }
    }

    /// The QR code at the bottom-left of the last page, the URL and the statement beside it.
    fn footer(&mut self, sheet: &Sheet, qr: &Matrix) {
        let module = QR_SIDE / cast(qr.width.max(1));
        let quiet = module * cast(QUIET);
        let text_x = MARGIN_X + QR_SIDE + quiet;
        let text_w = CONTENT_W - QR_SIDE - quiet;
        let url_style = Style { weight: Weight::Regular, size: 8.0 };
        let statement_style = Style { weight: Weight::Regular, size: 8.5 };
        let url = wrap(self.fonts, &sheet.verify_url, url_style, text_w);
        let statement = wrap(self.fonts, &sheet.statement, statement_style, text_w);
        let text_h = cast(url.len()) * url_style.leading() + 6.0 + cast(statement.len()) * statement_style.leading();
        let body_h = text_h.max(QR_SIDE) + quiet;
        self.y -= 16.0;
        self.ensure(body_h);
        self.y = MARGIN_BOTTOM + body_h;
        self.rule(MARGIN_X, MARGIN_X + CONTENT_W, 0.6);
        let qr_top = self.y - quiet;
        for &(row, col, len) in &qr.runs {
            let (x, y) = (MARGIN_X + cast(col) * module, qr_top - cast(row + 1) * module);
            self.push(Op::Rect { x, y, w: cast(len) * module, h: module });
        }
        self.y = qr_top;
        for line in &url {
            self.line(line, url_style, text_x, text_w, Align::Left);
        }
        self.y -= 6.0;
        for line in &statement {
            self.line(line, statement_style, text_x, text_w, Align::Left);
        }
    }

    /// "n/total" at the bottom right of every page.
    fn page_numbers(&mut self) {
        let total = self.pages.len();
        let style = Style { weight: Weight::Regular, size: 8.0 };
        for (i, page) in self.pages.iter_mut().enumerate() {
            let mut text = String::new();
            let _ = write!(text, "{}/{total}", i + 1);
            let x = MARGIN_X + CONTENT_W - self.fonts.get(style.weight).width(&text, style.size);
            page.ops.push(Op::Text { weight: style.weight, size: style.size, x, y: MARGIN_BOTTOM / 2.0, text });
        }
    }
}

/// A count as points.
#[allow(clippy::cast_precision_loss, reason = "counts of lines and modules are small")]
fn cast(n: usize) -> f32 {
    n as f32
}

/// `text` broken into lines no wider than `width`: at spaces, or inside a word longer than a
/// line; each `'\n'` starts a new line (an empty paragraph gives an empty line).
fn wrap(fonts: &Fonts, text: &str, style: Style, width: f32) -> Vec<String> {
    let font = fonts.get(style.weight);
    let fits = |s: &str| font.width(s, style.size) <= width;
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if fits(&candidate) {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if !fits(&line) && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        lines.push(line);
    }
    lines
}
