//! The house style every chart shares: the embedded font, sizes read from the back of a
//! room, the Okabe–Ito palette, a headline over a grid of panels, tick labels, and the
//! rendering of one figure to PNG and SVG, each atomically.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::prelude::*;
use plotters::style::register_font;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::Error;
use crate::output::atomic::write_atomic;

/// Error inside a `write_atomic` closure, before the destination path is attached.
enum Failure {
    Io(io::Error),
    Draw(String),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

impl Failure {
    fn draw<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> Self {
        Failure::Draw(e.to_string())
    }

    fn at(self, path: &Path) -> Error {
        let path = path.to_path_buf();
        match self {
            Failure::Io(source) => Error::Write { path, source },
            Failure::Draw(message) => Error::Chart { path, message },
        }
    }
}

pub(super) const FONT: &str = "sans-serif";
const REGULAR_TTF: &[u8] = include_bytes!("../../../assets/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../assets/DejaVuSans-Bold.ttf");

pub(super) const HEADLINE_PX: i32 = 48;
pub(super) const TITLE_PX: i32 = 40;
pub(super) const AXIS_PX: i32 = 28;
pub(super) const TICK_PX: i32 = 22;
pub(super) const LINE_W: u32 = 3;
pub(super) const HEADER_PX: u32 = 90;
const DASH_W: u32 = 2400;
const ROW_H: u32 = 700;

/// Okabe–Ito, in the order lines receive them (yellow omitted: too pale on white).
pub(super) const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // green
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0xCC, 0x79, 0xA7), // purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x00, 0x00, 0x00), // black
];
/// Pixel size of a headline over panels two per row.
pub(super) fn grid_size(panels: usize) -> (u32, u32) {
    (DASH_W, HEADER_PX + ROW_H * dashboard_rows(panels) as u32)
}

/// A headline, then the panels two per row, each drawn by `draw`.
pub(super) fn draw_grid<DB: DrawingBackend, P>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    panels: &[P],
    draw: impl Fn(&DrawingArea<DB, Shift>, &P) -> DrawResult<(), DB>,
) -> DrawResult<(), DB> {
    root.fill(&WHITE)?;
    let (header, body) = root.split_vertically(HEADER_PX);
    draw_headline(&header, title)?;
    let areas = body.split_evenly((dashboard_rows(panels.len()), 2));
    for (area, panel) in areas.iter().zip(panels) {
        draw(area, panel)?;
    }
    Ok(())
}

/// Something drawable on any plotters backend at a fixed pixel size.
pub(super) trait Figure {
    fn size(&self) -> (u32, u32);
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB>;
}

pub(super) fn render(stem: &Path, fig: &impl Figure) -> Result<Vec<PathBuf>, Error> {
    let png = with_suffix(stem, "png");
    let svg = with_suffix(stem, "svg");
    if !fonts_registered() {
        let message = "the embedded DejaVu Sans font could not be loaded".to_string();
        return Err(Error::Chart { path: png, message });
    }
    let size = fig.size();
    write_atomic(&png, |tmp| {
        let root = BitMapBackend::new(tmp, size).into_drawing_area();
        fig.draw(&root).and_then(|()| root.present()).map_err(Failure::draw)
    })
    .map_err(|f| f.at(&png))?;
    write_atomic(&svg, |tmp| {
        let root = SVGBackend::new(tmp, size).into_drawing_area();
        fig.draw(&root).and_then(|()| root.present()).map_err(Failure::draw)
    })
    .map_err(|f| f.at(&svg))?;
    Ok(vec![png, svg])
}

/// `stem` plus `.ext`, keeping any dots already in the file name.
pub(super) fn with_suffix(stem: &Path, ext: &str) -> PathBuf {
    let mut name = stem.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

/// Registers the embedded fonts once; whether they could be.
pub(super) fn fonts_registered() -> bool {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    *REGISTERED.get_or_init(|| {
        register_font(FONT, FontStyle::Normal, REGULAR_TTF).is_ok()
            && register_font(FONT, FontStyle::Bold, BOLD_TTF).is_ok()
    })
}

pub(super) fn draw_headline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
) -> DrawResult<(), DB> {
    let (w, h) = area.dim_in_pixel();
    // Smaller, then shortened with "…", rather than clipped at the edges.
    let (lines, px) = fit(text, w as i32 - 80, HEADLINE_PX, 28, 1, true);
    let style = TextStyle::from((FONT, px, FontStyle::Bold)).pos(Pos::new(HPos::Center, VPos::Center));
    area.draw_text(&lines.concat(), &style, (w as i32 / 2, h as i32 / 2))
}
pub(super) fn dashboard_rows(panels: usize) -> usize {
    panels.div_ceil(2).max(1)
}
pub(super) fn is_positive(x: f64) -> bool {
    x.is_finite() && x > 0.0
}
pub(super) fn tick_label(v: &f64) -> String {
    compact(*v)
}

/// Short number for tick labels: about four significant digits, "k"/"M" for large values.
pub(super) fn compact(v: f64) -> String {
    let a = v.abs();
    if a < 1e-12 {
        return "0".into();
    }
    if a < 1e-3 {
        return format!("{v:.1e}");
    }
    let (x, suffix) = if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e4 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let decimals = (3 - x.abs().log10().floor() as i32).clamp(0, 3) as usize;
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { s.as_str() };
    format!("{s}{suffix}")
}

/// The house style of every chart's axes: large labels, faint grid lines, a firm axis line.
pub(super) fn house_style<'m, 'a, 'b, X, Y, DB>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged + ValueFormatter<<X as Ranged>::ValueType>,
    Y: Ranged + ValueFormatter<<Y as Ranged>::ValueType>,
    DB: DrawingBackend,
{
    mesh.set_all_tick_mark_size(8)
        .label_style((FONT, TICK_PX))
        .axis_desc_style((FONT, AXIS_PX))
        .light_line_style(BLACK.mix(0.04))
        .bold_line_style(BLACK.mix(0.12))
        .axis_style(BLACK.stroke_width(2))
}

/// Colours of up to 8 series, colour-blind safe (Okabe–Ito; grey for the pale yellow).
const COLOURS: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x00, 0x00),
    RGBColor(0x88, 0x88, 0x88),
];

/// Most series a slide tells apart.
pub const MAX_SERIES: usize = 12;

/// How series `i` is drawn: colour, dashed (from the 9th), marker shape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeriesStyle {
    pub colour: RGBColor,
    pub dashed: bool,
    /// 0 circle, 1 square, 2 triangle, 3 diamond.
    pub marker: u8,
}

pub fn series_style(i: usize) -> SeriesStyle {
    SeriesStyle { colour: COLOURS[i % 8], dashed: i >= 8, marker: (i / 8 + i % 4) as u8 % 4 }
}

/// Width and height of `text` in the embedded font at `px`.
pub(super) fn measure(text: &str, px: i32, bold: bool) -> (i32, i32) {
    super::style::fonts_registered();
    fonts_registered();
    let style = if bold { FontStyle::Bold } else { FontStyle::Normal };
    let font: FontDesc = (FONT, px as f64, style).into();
    let w = font.box_size(text).map_or(text.chars().count() as i32 * px * 6 / 10, |(w, _)| w as i32);
    (w, px * 6 / 5)
}

/// `text` in lines of at most `width` pixels at `px`, at most `lines` of them, the size
/// reduced (not below `min_px`) until it fits; the last resort shortens with "…".
pub(super) fn fit(
    text: &str,
    width: i32,
    px: i32,
    min_px: i32,
    lines: usize,
    bold: bool,
) -> (Vec<String>, i32) {
    let mut size = px;
    loop {
        let wrapped = wrap(text, width, size, bold);
        if wrapped.len() <= lines || size <= min_px {
            let mut out: Vec<String> = wrapped.into_iter().take(lines).collect();
            if let Some(last) = out.last_mut()
                && measure(last, size, bold).0 > width
            {
                let mut chars: Vec<char> = last.chars().collect();
                let with_ellipsis = |c: &[char]| format!("{}…", c.iter().collect::<String>());
                while !chars.is_empty() && measure(&with_ellipsis(&chars), size, bold).0 > width {
                    chars.pop();
                }
                *last = with_ellipsis(&chars);
            }
            return (out, size);
        }
        size -= 2;
    }
}

fn wrap(text: &str, width: i32, px: i32, bold: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if measure(&candidate, px, bold).0 > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
