//! The vendored fonts: glyph lookup and advance widths (`ttf-parser`), subsetting to the glyphs a
//! document uses (`subsetter`), and the `/W` widths and `ToUnicode` map the PDF font needs.

use std::collections::{BTreeMap, BTreeSet};

use pdf_writer::types::{SystemInfo, UnicodeCmap};
use pdf_writer::{Name, Str};
use sha2::{Digest as _, Sha256};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

/// `DejaVu Sans` (regular), vendored from Debian's `fonts-dejavu-core`.
const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
/// `DejaVu Sans Bold`.
const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// Which of the two fonts a run of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Weight {
    /// `DejaVu Sans`.
    Regular,
    /// `DejaVu Sans Bold`.
    Bold,
}

/// One parsed font.
pub(crate) struct Font {
    /// The font file's name (for errors).
    pub file: &'static str,
    /// The `PostScript` name, without the subset tag.
    pub base: &'static str,
    /// The whole font file.
    pub data: &'static [u8],
    /// The parsed face.
    pub face: Face<'static>,
}

/// Both fonts.
pub(crate) struct Fonts {
    regular: Font,
    bold: Font,
}

impl Fonts {
    /// Parses the vendored fonts.
    pub fn load() -> Result<Self, crate::DocumentError> {
        Ok(Self {
            regular: Font::parse("DejaVuSans.ttf", "DejaVuSans", REGULAR)?,
            bold: Font::parse("DejaVuSans-Bold.ttf", "DejaVuSans-Bold", BOLD)?,
        })
    }

    /// The font of `weight`.
    pub const fn get(&self, weight: Weight) -> &Font {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

impl Font {
    fn parse(file: &'static str, base: &'static str, data: &'static [u8]) -> Result<Self, crate::DocumentError> {
        let face =
            Face::parse(data, 0).map_err(|e| crate::DocumentError::Font { font: file, message: e.to_string() })?;
        Ok(Self { file, base, data, face })
    }

    /// The glyph of `c`; `.notdef` (0) when the font has none.
    pub fn glyph(&self, c: char) -> u16 {
        self.face.glyph_index(c).map_or(0, |g| g.0)
    }

    /// The advance of glyph `gid` in thousandths of the font size (PDF glyph space).
    pub fn advance(&self, gid: u16) -> f32 {
        let advance = f32::from(self.face.glyph_hor_advance(GlyphId(gid)).unwrap_or(0));
        self.to_pdf_units(advance)
    }

    /// Font units converted to thousandths of the font size.
    pub fn to_pdf_units(&self, value: f32) -> f32 {
        value * 1000.0 / f32::from(self.face.units_per_em())
    }

    /// The width of `text` set at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(self.glyph(c))).sum::<f32>() * size / 1000.0
    }

    /// The subset of this font holding the glyphs of `chars`.
    pub fn subset(&self, chars: &BTreeSet<char>) -> Result<Subset, crate::DocumentError> {
        let mut unicode: BTreeMap<u16, char> = BTreeMap::new();
        for &c in chars {
            let gid = self.glyph(c);
            if gid != 0 {
                unicode.entry(gid).or_insert(c);
            }
        }
        let gids: Vec<u16> = unicode.keys().copied().collect();
        let remapper = GlyphRemapper::new_from_glyphs_sorted(&gids);
        let data = subsetter::subset(self.data, 0, &remapper)
            .map_err(|e| crate::DocumentError::Font { font: self.file, message: e.to_string() })?;
        let widths = remapper.remapped_gids().map(|old| self.advance(old)).collect();
        let mut cmap = UnicodeCmap::new(
            Name(b"Custom"),
            SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 },
        );
        for (&old, &c) in &unicode {
            if let Some(new) = remapper.get(old) {
                cmap.pair(new, c);
            }
        }
        let tag = subset_tag(self.base, &gids);
        Ok(Subset { remapper, data, widths, to_unicode: cmap.finish().into_vec(), tag })
    }
}

/// A font cut down to the glyphs one document uses; glyph ids are renumbered (the new id is the
/// CID written in content streams, `/CIDToGIDMap /Identity`).
pub(crate) struct Subset {
    remapper: GlyphRemapper,
    /// The subset font file (TrueType).
    pub data: Vec<u8>,
    /// The advance of each new glyph id, in order, in thousandths of the font size.
    pub widths: Vec<f32>,
    /// The `ToUnicode` `CMap` stream (uncompressed).
    pub to_unicode: Vec<u8>,
    /// The six-letter subset tag (`ABCDEF+`), derived from the glyph set.
    pub tag: String,
}

impl Subset {
    /// `text` as two-byte CIDs (Identity-H) of this subset.
    pub fn encode(&self, font: &Font, text: &str) -> Vec<u8> {
        text.chars().flat_map(|c| self.remapper.get(font.glyph(c)).unwrap_or(0).to_be_bytes()).collect()
    }
}

/// Six capital letters from the SHA-256 of the font name and glyph set (the PDF subset prefix).
fn subset_tag(base: &str, gids: &[u16]) -> String {
    let mut hash = Sha256::new();
    hash.update(base.as_bytes());
    for g in gids {
        hash.update(g.to_be_bytes());
    }
    hash.finalize().iter().take(6).map(|b| char::from(b'A' + b % 26)).collect()
}
