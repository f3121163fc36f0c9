//! The SVG drawing of a laid-out process.

use std::fmt::Write as _;

use reglament_domain::Language;
use reglament_regulation::model::{Act, EndKind, Process, Step};

use crate::layout::{Layout, layout};

const LANE_LABEL: i64 = 170;
const COLUMN: i64 = 230;
const LANE: i64 = 130;
const BOX_W: i64 = 190;
const BOX_H: i64 = 84;
const TOP: i64 = 56;
const REFUSAL: &str = "#c0392b";

/// The process drawn as an SVG swim-lane diagram, with texts in `lang`.
#[must_use]
pub fn swimlane(act: &Act, process: &Process, lang: Language) -> String {
    let canvas = Canvas { layout: layout(process), process, lang };
    let mut svg = canvas.header(act);
    canvas.lanes(act, &mut svg);
    let labels = canvas.edges(&mut svg);
    for (i, step) in process.steps.iter().enumerate() {
        canvas.step_box(i, step, &mut svg);
    }
    for label in labels {
        label.draw(&mut svg);
    }
    svg.push_str("</svg>\n");
    svg
}

struct Canvas<'a> {
    layout: Layout,
    process: &'a Process,
    lang: Language,
}

/// A branch condition written beside its edge.
struct Label {
    x: i64,
    y: i64,
    text: String,
    color: &'static str,
}

impl Label {
    fn draw(&self, svg: &mut String) {
        let short: String = self.text.chars().take(34).collect();
        let shown = if short.chars().count() < self.text.chars().count() { format!("{short}…") } else { short };
        let w = count(shown.chars().count()) * 6 + 8;
        let (x, y, color) = (self.x, self.y, self.color);
        let _ = writeln!(
            svg,
            r##"<g><title>{}</title><rect x="{x}" y="{}" width="{w}" height="16" rx="3" fill="#fff" fill-opacity="0.9" stroke="{color}" stroke-width="0.5"/><text x="{}" y="{y}" font-size="10" fill="{color}">{}</text></g>"##,
            escape(&self.text),
            y - 12,
            x + 4,
            escape(&shown)
        );
    }
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX / 4)
}

impl Canvas<'_> {
    fn width(&self) -> i64 {
        LANE_LABEL + count(self.layout.columns) * COLUMN + 40
    }

    /// Top-left corner of step `i`'s box.
    fn corner(&self, i: usize) -> (i64, i64) {
        let (lane, column) = self.layout.cells[i];
        (LANE_LABEL + 20 + count(column) * COLUMN, TOP + count(lane) * LANE + (LANE - BOX_H) / 2)
    }

    fn header(&self, act: &Act) -> String {
        let width = self.width();
        let height = TOP + count(self.layout.lanes.len()) * LANE + 20;
        let marker = |id: &str, color: &str| {
            format!(
                r#"<marker id="{id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>"#
            )
        };
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">
<defs>
{}
{}
</defs>
<rect width="{width}" height="{height}" fill="#fff"/>
<text x="12" y="24" font-size="16" font-weight="bold">{}</text>
<text x="12" y="44" fill="#555">{} — {}</text>
"##,
            marker("arrow", "#333"),
            marker("arrow-refusal", REFUSAL),
            escape(self.process.name.get(self.lang)),
            escape(act.id.as_str()),
            escape(&self.process.cite.reference.display(self.lang)),
        )
    }

    fn lanes(&self, act: &Act, svg: &mut String) {
        let width = self.width();
        for (k, &role) in self.layout.lanes.iter().enumerate() {
            let y = TOP + count(k) * LANE;
            let fill = if k % 2 == 0 { "#f4f7fb" } else { "#ffffff" };
            let _ = writeln!(
                svg,
                r##"<rect x="0" y="{y}" width="{width}" height="{LANE}" fill="{fill}" stroke="#c9d3e0"/>"##
            );
            let _ = writeln!(
                svg,
                r##"<rect x="0" y="{y}" width="{LANE_LABEL}" height="{LANE}" fill="#e3eaf3" stroke="#c9d3e0"/>"##
            );
            text_block(svg, (8, y + 20), 24, act.roles.get(role).map_or("?", |r| r.name.get(self.lang)), "bold", 5);
        }
    }

    /// Draws every edge (with a diamond where a step branches); returns the branch labels.
    fn edges(&self, svg: &mut String) -> Vec<Label> {
        let mut labels = Vec::new();
        for (i, step) in self.process.steps.iter().enumerate() {
            let (x, y) = self.corner(i);
            let branches = !step.branches.is_empty();
            let start = if branches { (x + BOX_W + 22, y + BOX_H / 2) } else { (x + BOX_W, y + BOX_H / 2) };
            for (k, to) in step.successors().enumerate() {
                let target = &self.process.steps[to];
                let refusal = target.end == Some(EndKind::Refusal) || (target.hearing && !step.hearing);
                let color = if refusal { REFUSAL } else { "#333" };
                let (d, label_at) = self.route(i, to, start);
                let (dash, marker) =
                    if refusal { (r#" stroke-dasharray="6 3""#, "arrow-refusal") } else { ("", "arrow") };
                let _ = writeln!(
                    svg,
                    r#"<path d="{d}" fill="none" stroke="{color}" stroke-width="1.5"{dash} marker-end="url(#{marker})"/>"#
                );
                if let Some((when, _)) = k.checked_sub(step.next.len()).and_then(|b| step.branches.get(b)) {
                    labels.push(Label { x: label_at.0, y: label_at.1, text: when.get(self.lang).to_owned(), color });
                }
            }
            if branches {
                let (dx, dy) = (x + BOX_W + 11, y + BOX_H / 2);
                let _ = writeln!(
                    svg,
                    r##"<line x1="{}" y1="{dy}" x2="{}" y2="{dy}" stroke="#333"/><path d="M{},{dy} L{dx},{} L{},{dy} L{dx},{} z" fill="#fff3c4" stroke="#b7950b"/>"##,
                    x + BOX_W,
                    dx - 11,
                    dx - 11,
                    dy - 11,
                    dx + 11,
                    dy + 11
                );
            }
        }
        labels
    }

    /// The path of an edge from step `from` (leaving at `start`) to step `to`, and where its
    /// label goes. Edges between neighbouring columns bend once; longer ones run along the gap
    /// between lanes so they cross no box.
    fn route(&self, from: usize, to: usize, (sx, sy): (i64, i64)) -> (String, (i64, i64)) {
        let (tx, ty) = self.corner(to);
        let (ex, ey) = (tx, ty + BOX_H / 2);
        if self.layout.cells[to].1 == self.layout.cells[from].1 + 1 {
            let mid = i64::midpoint(sx, ex);
            let at = if ey == sy { (sx + 6, sy - 6) } else { (mid + 4, i64::midpoint(sy, ey)) };
            return (format!("M{sx},{sy} L{mid},{sy} L{mid},{ey} L{ex},{ey}"), at);
        }
        let lane_top = TOP + count(self.layout.cells[from].0) * LANE;
        let gap = if ey < sy { lane_top + 8 } else { lane_top + LANE - 9 };
        let (x1, x2) = (sx + 10, ex - 16);
        (format!("M{sx},{sy} L{x1},{sy} L{x1},{gap} L{x2},{gap} L{x2},{ey} L{ex},{ey}"), (x1 + 6, gap - 3))
    }

    fn step_box(&self, i: usize, step: &Step, svg: &mut String) {
        let (x, y) = self.corner(i);
        let (fill, stroke) = match step.end {
            Some(EndKind::Result) => ("#d5f5e3", "#1e8449"),
            Some(EndKind::Refusal) => ("#fadbd8", REFUSAL),
            None if step.hearing => ("#fef5e7", "#ca6f1e"),
            None => ("#ffffff", "#34495e"),
        };
        let dash = if step.hearing { r#" stroke-dasharray="5 3""# } else { "" };
        let _ = writeln!(
            svg,
            r#"<g><title>{}</title><rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="8" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>"#,
            escape(&format!("{} — {}", step.action.get(self.lang), step.cite.reference.display(self.lang)))
        );
        let head = step.term.as_ref().map_or_else(|| step.id.clone(), |t| format!("{} · {}", step.id, t.term));
        let _ = writeln!(svg, r#"<text x="{}" y="{}" font-weight="bold">{}</text>"#, x + 8, y + 16, escape(&head));
        text_block(svg, (x + 8, y + 32), 27, step.action.get(self.lang), "normal", 3);
        svg.push_str("</g>\n");
    }
}

/// Writes `text` wrapped at about `width` characters, at most `lines` lines (the last one
/// ellipsised), starting at `(x, y)`.
pub(crate) fn text_block(svg: &mut String, (x, y): (i64, i64), width: usize, text: &str, weight: &str, lines: usize) {
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    for word in text.split_whitespace() {
        if !row.is_empty() && row.chars().count() + 1 + word.chars().count() > width {
            rows.push(std::mem::take(&mut row));
        }
        if !row.is_empty() {
            row.push(' ');
        }
        row.push_str(word);
    }
    if !row.is_empty() {
        rows.push(row);
    }
    if rows.len() > lines {
        rows.truncate(lines);
        if let Some(last) = rows.last_mut() {
            last.push('…');
        }
    }
    for (k, r) in rows.iter().enumerate() {
        let _ = writeln!(svg, r#"<text x="{x}" y="{}" font-weight="{weight}">{}</text>"#, y + count(k) * 14, escape(r));
    }
}

pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
