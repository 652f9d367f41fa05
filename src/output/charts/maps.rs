//! Heat maps of a grid on the viridis scale, alone or side by side on one scale.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::*;
use crate::error::Error;

/// A heat map of a width×height grid (row-major, index = y*width + x, y=0 at top) with a
/// colour bar labelled `value_label`; writes `<stem>.png` and `<stem>.svg`.
///
/// The scale runs linearly from 0 to the 99th percentile so one extreme cell does not wash
/// out the map; cells above it get the top colour and the top tick reads "≥".
pub fn draw_grid_map(
    stem: &Path,
    title: &str,
    value_label: &str,
    width: usize,
    height: usize,
    values: &[f64],
) -> Result<Vec<PathBuf>, Error> {
    if width.checked_mul(height) != Some(values.len()) {
        return Err(Error::Chart {
            path: with_suffix(stem, "png"),
            message: format!(
                "grid of {width}×{height} cells needs {} values, got {}",
                width.saturating_mul(height),
                values.len()
            ),
        });
    }
    let (top, clamped) = colour_scale(values);
    let map = GridMap { title, value_label, width, height, values, top, clamped };
    render(stem, &map)
}

/// Viridis (0xRRGGBB) at nine evenly spaced stops; colours in between are interpolated.
const VIRIDIS: [u32; 9] =
    [0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725];

/// Colour of map cells without a value (NaN): a neutral grey outside the viridis range.
const MISSING: RGBColor = RGBColor(0xC8, 0xC8, 0xC8);

const MAP_LONG: u32 = 1400;
const MAP_MARGIN: u32 = 24;
const MAP_Y_AREA: u32 = 130;
const MAP_X_AREA: u32 = 100;
const MIN_BAND: u32 = 400;
const BAR_AREA_W: u32 = 360;
const BAR_GAP: u32 = 40;
const BAR_PX: u32 = 50;
const MIN_MAP_W: u32 = 1000;
const BAR_STEPS: u32 = 200;

struct GridMap<'a> {
    title: &'a str,
    value_label: &'a str,
    width: usize,
    height: usize,
    values: &'a [f64],
    /// Value mapped to the top colour; larger values are clamped to it.
    top: f64,
    clamped: bool,
}

/// Pixel layout of a grid map: square cells, the colour bar at least `MIN_BAND` tall.
struct MapLayout {
    plot_h: u32,
    band_h: u32,
    map_w: u32,
    total: (u32, u32),
}

impl GridMap<'_> {
    /// Grid size in cells, at least 1×1 (an empty grid draws as one blank cell).
    fn dims(&self) -> (usize, usize) {
        if self.values.is_empty() { (1, 1) } else { (self.width, self.height) }
    }

    fn layout(&self) -> MapLayout {
        let (w, h) = self.dims();
        let cells = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let cell = (MAP_LONG / cells(w.max(h))).max(1);
        let (plot_w, plot_h) = (cell.saturating_mul(cells(w)), cell.saturating_mul(cells(h)));
        let band_h = plot_h.max(MIN_BAND);
        let map_w = 2 * MAP_MARGIN + MAP_Y_AREA + plot_w;
        let total_h = HEADER_PX + 2 * MAP_MARGIN + band_h + MAP_X_AREA;
        MapLayout { plot_h, band_h, map_w, total: ((map_w + BAR_AREA_W).max(MIN_MAP_W), total_h) }
    }

    /// The cells on square axes in `area` (row 0 at the top, as in the grid), with an
    /// optional caption over them and `pad` extra pixels below (to line up with the bar).
    fn draw_cells<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        caption: Option<&str>,
        pad: u32,
        axes: &MapAxes,
    ) -> DrawResult<(), DB> {
        let (x_desc, y_desc) = (axes.x_desc.as_str(), axes.y_desc.as_str());
        let (w, h) = self.dims();
        let mut builder = ChartBuilder::on(area);
        if let Some(c) = caption {
            builder.caption(c, (FONT, TITLE_PX, FontStyle::Bold));
        }
        let mut map = builder
            .margin_top(MAP_MARGIN)
            .margin_left(MAP_MARGIN)
            .margin_right(MAP_MARGIN)
            .margin_bottom(MAP_MARGIN + pad)
            .x_label_area_size(MAP_X_AREA)
            .y_label_area_size(MAP_Y_AREA)
            // A reversed y range puts row 0 at the top, as in the grid.
            .build_cartesian_2d(-0.5..w as f64 - 0.5, h as f64 - 0.5..-0.5)?;
        // Cells are numbered, or labelled with the values they stand for (a sweep's grid).
        let named = |labels: &[String], v: f64| match labels.is_empty() {
            true => cell_label(v),
            false if v.fract() == 0.0 && v >= 0.0 => labels.get(v as usize).cloned().unwrap_or_default(),
            false => String::new(),
        };
        let x_fmt = |v: &f64| named(&axes.x_ticks, *v);
        let y_fmt = |v: &f64| named(&axes.y_ticks, *v);
        house_style(&mut map.configure_mesh())
            .disable_mesh()
            .x_labels(w.clamp(1, 10))
            .y_labels(h.clamp(1, 10))
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_desc(x_desc)
            .y_desc(y_desc)
            .draw()?;
        map.draw_series(self.runs().into_iter().map(|(x0, x1, y, colour)| {
            let y = y as f64;
            Rectangle::new([(x0 as f64 - 0.5, y - 0.5), (x1 as f64 - 0.5, y + 0.5)], colour.filled())
        }))?;
        Ok(())
    }

    /// Colour level 0..=255, or `None` for a missing (non-finite) value.
    fn level(&self, v: f64) -> Option<u8> {
        v.is_finite().then(|| ((v / self.top).clamp(0.0, 1.0) * 255.0).round() as u8)
    }

    /// Horizontal runs of equally coloured cells, as (x0, x1 exclusive, y, colour).
    fn runs(&self) -> Vec<(usize, usize, usize, RGBColor)> {
        let mut out = Vec::new();
        for (y, row) in self.values.chunks(self.width.max(1)).enumerate() {
            let mut x0 = 0;
            for run in row.chunk_by(|a, b| self.level(*a) == self.level(*b)) {
                let colour = match run.first().and_then(|v| self.level(*v)) {
                    Some(level) => viridis(f64::from(level) / 255.0),
                    None => MISSING,
                };
                out.push((x0, x0 + run.len(), y, colour));
                x0 += run.len();
            }
        }
        out
    }
}

impl Figure for GridMap<'_> {
    fn size(&self) -> (u32, u32) {
        self.layout().total
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        let layout = self.layout();
        root.fill(&WHITE)?;
        let (header, body) = root.split_vertically(HEADER_PX);
        draw_headline(&header, self.title)?;
        let (map_area, bar_area) = body.split_horizontally(layout.map_w);

        self.draw_cells(&map_area, None, layout.band_h - layout.plot_h, &MapAxes::cells())?;

        colour_bar(root, &bar_area, self.top, self.clamped, self.value_label)
    }
}

/// The viridis colour bar from 0 to `top` with ticks and its label, in `bar_area`.
fn colour_bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    bar_area: &DrawingArea<DB, Shift>,
    top: f64,
    clamped: bool,
    value_label: &str,
) -> DrawResult<(), DB> {
    let bar_w = bar_area.dim_in_pixel().0;
    let bar = ChartBuilder::on(bar_area)
        .margin_top(MAP_MARGIN)
        .margin_bottom(MAP_MARGIN + MAP_X_AREA)
        .margin_left(BAR_GAP)
        .margin_right(bar_w.saturating_sub(BAR_GAP + BAR_PX))
        .build_cartesian_2d(0.0..1.0, 0.0..top)?;
    let step = top / f64::from(BAR_STEPS);
    for i in 0..BAR_STEPS {
        let lo = f64::from(i) * step;
        let colour = viridis((f64::from(i) + 0.5) / f64::from(BAR_STEPS));
        bar.plotting_area().draw(&Rectangle::new([(0.0, lo), (1.0, lo + step)], colour.filled()))?;
    }
    bar.plotting_area().draw(&Rectangle::new([(0.0, 0.0), (1.0, top)], BLACK.stroke_width(2)))?;

    // Ticks and labels by hand (in root pixels) so the top tick is exactly the clamp value.
    let tick_style = TextStyle::from((FONT, TICK_PX)).pos(Pos::new(HPos::Left, VPos::Center));
    let ticks = bar_ticks(top);
    let mut label_w = 0;
    for (i, &t) in ticks.iter().enumerate() {
        let text = if clamped && i + 1 == ticks.len() { format!("≥ {}", compact(t)) } else { compact(t) };
        let (px, py) = bar.backend_coord(&(1.0, t));
        root.draw(&PathElement::new(vec![(px, py), (px + 10, py)], BLACK.stroke_width(2)))?;
        root.draw_text(&text, &tick_style, (px + 16, py))?;
        label_w = label_w.max(root.estimate_text_size(&text, &tick_style)?.0);
    }
    let (px, y_low) = bar.backend_coord(&(1.0, 0.0));
    let (_, y_high) = bar.backend_coord(&(1.0, top));
    let desc_style = TextStyle::from((FONT, AXIS_PX))
        .transform(FontTransform::Rotate270)
        .pos(Pos::new(HPos::Center, VPos::Center));
    let desc_x = px + 16 + label_w as i32 + 20 + AXIS_PX / 2;
    root.draw_text(value_label, &desc_style, (desc_x, (y_low + y_high) / 2))
}

/// Several grids of the same size side by side, on one colour scale, each titled; `axes`
/// describe x and y (default: cells).
pub fn draw_grid_maps(
    stem: &Path,
    title: &str,
    value_label: &str,
    width: usize,
    height: usize,
    maps: &[(String, Vec<f64>)],
    axes: Option<&MapAxes>,
) -> Result<Vec<PathBuf>, Error> {
    if let Some((label, _)) = maps.iter().find(|(_, v)| width.checked_mul(height) != Some(v.len())) {
        return Err(Error::Chart {
            path: with_suffix(stem, "png"),
            message: format!("map `{label}` does not have {width}×{height} values"),
        });
    }
    let all: Vec<f64> = maps.iter().flat_map(|(_, v)| v.iter().copied()).collect();
    let (top, clamped) = colour_scale(&all);
    let cells = MapAxes::cells();
    let axes = axes.unwrap_or(&cells);
    render(stem, &GridMaps { title, value_label, width, height, maps, top, clamped, axes })
}

struct GridMaps<'a> {
    title: &'a str,
    value_label: &'a str,
    width: usize,
    height: usize,
    maps: &'a [(String, Vec<f64>)],
    top: f64,
    clamped: bool,
    axes: &'a MapAxes,
}

/// What a map's axes say: a description each and, for a grid of parameter values, the
/// value of each column and row (row 0 is drawn at the top).
#[derive(Debug, Clone, Default)]
pub struct MapAxes {
    pub x_desc: String,
    pub y_desc: String,
    pub x_ticks: Vec<String>,
    pub y_ticks: Vec<String>,
}

impl MapAxes {
    fn cells() -> MapAxes {
        MapAxes { x_desc: "x (cell)".into(), y_desc: "y (cell)".into(), ..MapAxes::default() }
    }
}

/// Longest side of one map among several, in pixels.
const SIDE_LONG: u32 = 800;

impl GridMaps<'_> {
    fn panel(&self) -> (u32, u32, u32) {
        let long = self.width.max(self.height).max(1) as u32;
        let cell = (SIDE_LONG / long).max(1);
        let (plot_w, plot_h) = (cell * self.width.max(1) as u32, cell * self.height.max(1) as u32);
        (2 * MAP_MARGIN + MAP_Y_AREA + plot_w, plot_h.max(MIN_BAND), plot_h)
    }
}

/// Maps per row: eight scenarios make two rows of four, not a strip 8,000 pixels wide.
const MAPS_PER_ROW: usize = 4;

impl GridMaps<'_> {
    /// Columns and rows of the maps.
    fn grid(&self) -> (usize, usize) {
        let n = self.maps.len().max(1);
        (n.min(MAPS_PER_ROW), n.div_ceil(MAPS_PER_ROW))
    }

    fn row_h(&self) -> u32 {
        let (_, band_h, _) = self.panel();
        TITLE_PX as u32 + 40 + 2 * MAP_MARGIN + band_h + MAP_X_AREA
    }
}

impl Figure for GridMaps<'_> {
    fn size(&self) -> (u32, u32) {
        let (panel_w, _, _) = self.panel();
        let (cols, rows) = self.grid();
        (panel_w * cols as u32 + BAR_AREA_W, HEADER_PX + self.row_h() * rows as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        let (panel_w, band_h, plot_h) = self.panel();
        root.fill(&WHITE)?;
        let (header, body) = root.split_vertically(HEADER_PX);
        draw_headline(&header, self.title)?;
        let (cols, rows) = self.grid();
        let (maps_area, bar_area) = body.split_horizontally(panel_w * cols as u32);
        let (w, h) = (self.width.max(1), self.height.max(1));
        for (area, (label, values)) in maps_area.split_evenly((rows, cols)).iter().zip(self.maps) {
            let one = GridMap {
                title: label,
                value_label: self.value_label,
                width: w,
                height: h,
                values,
                top: self.top,
                clamped: self.clamped,
            };
            one.draw_cells(area, Some(label), band_h - plot_h, self.axes)?;
        }
        let (bar_row, _) = bar_area.split_vertically(self.row_h());
        let (_, bar_body) = bar_row.split_vertically(TITLE_PX as u32 + 40);
        colour_bar(root, &bar_body, self.top, self.clamped, self.value_label)
    }
}

/// Integer cell index for a tick position; no label between cells.
pub(super) fn cell_label(v: f64) -> String {
    let r = v.round();
    if (v - r).abs() < 1e-6 && r >= 0.0 { format!("{}", r as i64) } else { String::new() }
}

/// Top of the colour scale (99th percentile, or the maximum if that is 0) and whether any
/// value lies above it. Negative values count as 0; non-finite values are ignored.
pub(super) fn colour_scale(values: &[f64]) -> (f64, bool) {
    let mut finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).map(|v| v.max(0.0)).collect();
    if finite.is_empty() {
        return (1.0, false);
    }
    let max = finite.iter().copied().fold(0.0, f64::max);
    let k = (finite.len() - 1) * 99 / 100;
    let p99 = *finite.select_nth_unstable_by(k, f64::total_cmp).1;
    let top = if p99 > 0.0 {
        p99
    } else if max > 0.0 {
        max
    } else {
        1.0
    };
    (top, max > top)
}

/// Round steps (1, 2, 5 × 10ⁿ) below `top`, then `top` itself as the last tick.
pub(super) fn bar_ticks(top: f64) -> Vec<f64> {
    if !is_positive(top) {
        return vec![0.0, 1.0];
    }
    let raw = top / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let mut ticks: Vec<f64> =
        (0u32..20).map(|i| f64::from(i) * step).take_while(|t| *t < top - 0.3 * step).collect();
    ticks.push(top);
    ticks
}

/// Viridis colour for `t` in 0..=1 (clamped; non-finite gives the lowest colour).
pub(super) fn viridis(t: f64) -> RGBColor {
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let pos = t * (VIRIDIS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(VIRIDIS.len() - 2);
    let f = pos - i as f64;
    let channel = |i: usize, shift: u32| f64::from((VIRIDIS[i] >> shift) & 0xFF);
    let mix = |shift| {
        let (a, b) = (channel(i, shift), channel(i + 1, shift));
        (a + (b - a) * f).round() as u8
    };
    RGBColor(mix(16), mix(8), mix(0))
}
