//! Charts for workshops: a dashboard of daily time series and a heat map of the city grid,
//! each written as PNG (for slides) and SVG (for print and zooming).
//!
//! The font (DejaVu Sans) is embedded in the binary and registered with plotters once, so
//! the charts look the same on every machine and drawing never depends on which system
//! fonts happen to be installed (the crate builds plotters without font-kit).
//!
//! Colours are colour-blind safe: lines use the Okabe–Ito palette (yellow is left out because
//! it is unreadable on white), and maps use viridis, a perceptually uniform sequential scale
//! that stays legible in greyscale print. Sizes are chosen to be read from the back of a room.

use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::register_font;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::output::atomic::write_atomic;

/// One line on a panel: a label for the legend and one value per day (index = day), with
/// an optional shaded band (lower and upper values per day, e.g. a 95% interval).
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub label: String,
    pub values: Vec<f64>,
    pub band: Option<(Vec<f64>, Vec<f64>)>,
}

/// One panel of the dashboard: title, y-axis label with units, lines.
#[derive(Debug, Clone, Default)]
pub struct Panel {
    pub title: String,
    pub y_label: String,
    pub lines: Vec<Line>,
}

/// A dashboard: a grid of time-series panels sharing the x axis "Day".
#[derive(Debug, Clone, Default)]
pub struct Dashboard {
    pub title: String,
    pub x_label: String,
    pub panels: Vec<Panel>,
}

/// Why a chart could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("could not write chart {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("could not draw chart {path}: {message}")]
    Draw { path: PathBuf, message: String },
}

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

    fn at(self, path: &Path) -> ChartError {
        let path = path.to_path_buf();
        match self {
            Failure::Io(source) => ChartError::Io { path, source },
            Failure::Draw(message) => ChartError::Draw { path, message },
        }
    }
}

const FONT: &str = "sans-serif";
const REGULAR_TTF: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../assets/DejaVuSans-Bold.ttf");

const HEADLINE_PX: i32 = 48;
const TITLE_PX: i32 = 40;
const AXIS_PX: i32 = 28;
const TICK_PX: i32 = 22;
const LINE_W: u32 = 3;
const HEADER_PX: u32 = 90;
const DASH_W: u32 = 2400;
const ROW_H: u32 = 700;

/// Okabe–Ito, in the order lines receive them (yellow omitted: too pale on white).
const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // green
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0xCC, 0x79, 0xA7), // purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x00, 0x00, 0x00), // black
];

/// Viridis (0xRRGGBB) at nine evenly spaced stops; colours in between are interpolated.
const VIRIDIS: [u32; 9] =
    [0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725];

/// Colour of map cells without a value (NaN): a neutral grey outside the viridis range.
const MISSING: RGBColor = RGBColor(0xC8, 0xC8, 0xC8);

/// Writes `<stem>.png` and `<stem>.svg`; returns the two paths.
pub fn draw_dashboard(stem: &Path, d: &Dashboard) -> Result<Vec<PathBuf>, ChartError> {
    render(stem, d)
}

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
) -> Result<Vec<PathBuf>, ChartError> {
    if width.checked_mul(height) != Some(values.len()) {
        return Err(ChartError::Draw {
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

/// One bar: a scenario's mean with its 95% interval.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub mean: f64,
    pub lo: f64,
    pub hi: f64,
}

/// A panel of bars, one indicator across scenarios.
#[derive(Debug, Clone)]
pub struct BarPanel {
    pub title: String,
    pub y_label: String,
    pub bars: Vec<Bar>,
}

/// A grid of bar panels with whiskers for the intervals; `<stem>.png` and `<stem>.svg`.
pub fn draw_bars(stem: &Path, title: &str, panels: &[BarPanel]) -> Result<Vec<PathBuf>, ChartError> {
    render(stem, &Bars { title: title.to_string(), panels: panels.to_vec() })
}

/// A point with intervals on both axes, labelled (a scenario in a trade-off chart).
#[derive(Debug, Clone)]
pub struct Point {
    pub label: String,
    pub x: (f64, f64, f64),
    pub y: (f64, f64, f64),
}

/// One scatter of labelled points with interval whiskers: a trade-off between two outcomes.
pub fn draw_tradeoff(
    stem: &Path,
    title: &str,
    x_label: &str,
    y_label: &str,
    points: &[Point],
) -> Result<Vec<PathBuf>, ChartError> {
    let fig = Tradeoff {
        title: title.into(),
        x_label: x_label.into(),
        y_label: y_label.into(),
        points: points.to_vec(),
    };
    render(stem, &fig)
}

struct Bars {
    title: String,
    panels: Vec<BarPanel>,
}

impl Figure for Bars {
    fn size(&self) -> (u32, u32) {
        grid_size(self.panels.len())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        draw_grid(root, &self.title, &self.panels, draw_bar_panel)
    }
}

fn draw_bar_panel<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, panel: &BarPanel) -> DrawResult<(), DB> {
    let n = panel.bars.len().max(1);
    let values = panel.bars.iter().flat_map(|b| [b.mean, b.lo, b.hi]).filter(|v| v.is_finite());
    let (lo, hi) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span = if is_positive(hi - lo) { hi - lo } else { 1.0 };
    let labels: Vec<String> = panel.bars.iter().map(|b| b.label.clone()).collect();
    let x_label = move |x: &f64| {
        let i = (*x - 0.5).round();
        if (x - 0.5 - i).abs() < 1e-6 && i >= 0.0 {
            labels.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let mut chart = ChartBuilder::on(area)
        .margin(24)
        .caption(&panel.title, (FONT, TITLE_PX, FontStyle::Bold))
        .x_label_area_size(70)
        .y_label_area_size(140)
        .build_cartesian_2d(0.0..n as f64, (lo - 0.04 * span).min(0.0)..hi + 0.12 * span)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .set_all_tick_mark_size(8)
        .x_labels(2 * n + 1)
        .y_labels(6)
        .x_label_formatter(&x_label)
        .y_label_formatter(&tick_label)
        .label_style((FONT, TICK_PX))
        .axis_desc_style((FONT, AXIS_PX))
        .y_desc(panel.y_label.as_str())
        .light_line_style(BLACK.mix(0.04))
        .bold_line_style(BLACK.mix(0.12))
        .axis_style(BLACK.stroke_width(2))
        .draw()?;
    for (i, b) in panel.bars.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let x = i as f64;
        if b.mean.is_finite() {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x + 0.2, 0.0), (x + 0.8, b.mean)],
                colour.mix(0.85).filled(),
            )))?;
        }
        if b.lo.is_finite() && b.hi.is_finite() {
            let whisker = BLACK.stroke_width(LINE_W);
            let c = x + 0.5;
            chart.draw_series([
                PathElement::new(vec![(c, b.lo), (c, b.hi)], whisker),
                PathElement::new(vec![(c - 0.08, b.lo), (c + 0.08, b.lo)], whisker),
                PathElement::new(vec![(c - 0.08, b.hi), (c + 0.08, b.hi)], whisker),
            ])?;
        }
    }
    Ok(())
}

struct Tradeoff {
    title: String,
    x_label: String,
    y_label: String,
    points: Vec<Point>,
}

impl Figure for Tradeoff {
    fn size(&self) -> (u32, u32) {
        (1800, 1300)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        root.fill(&WHITE)?;
        let (header, body) = root.split_vertically(HEADER_PX);
        draw_headline(&header, &self.title)?;
        let range = |f: fn(&Point) -> (f64, f64, f64)| {
            let vals = self.points.iter().flat_map(|p| {
                let (m, lo, hi) = f(p);
                [m, lo, hi]
            });
            let (lo, hi) =
                vals.filter(|v| v.is_finite()).fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
            let span = if is_positive(hi - lo) { hi - lo } else { 1.0 };
            (lo - 0.1 * span)..(hi + 0.15 * span)
        };
        let mut chart = ChartBuilder::on(&body)
            .margin(40)
            .x_label_area_size(100)
            .y_label_area_size(150)
            .build_cartesian_2d(range(|p| p.x), range(|p| p.y))?;
        chart
            .configure_mesh()
            .set_all_tick_mark_size(8)
            .x_labels(8)
            .y_labels(8)
            .x_label_formatter(&tick_label)
            .y_label_formatter(&tick_label)
            .label_style((FONT, TICK_PX))
            .axis_desc_style((FONT, AXIS_PX))
            .x_desc(self.x_label.as_str())
            .y_desc(self.y_label.as_str())
            .light_line_style(BLACK.mix(0.04))
            .bold_line_style(BLACK.mix(0.12))
            .axis_style(BLACK.stroke_width(2))
            .draw()?;
        for (i, p) in self.points.iter().enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            let (x, y) = (p.x.0, p.y.0);
            if !(x.is_finite() && y.is_finite()) {
                continue;
            }
            let whisker = colour.stroke_width(LINE_W);
            if p.x.1.is_finite() {
                chart
                    .draw_series(std::iter::once(PathElement::new(vec![(p.x.1, y), (p.x.2, y)], whisker)))?;
            }
            if p.y.1.is_finite() {
                chart
                    .draw_series(std::iter::once(PathElement::new(vec![(x, p.y.1), (x, p.y.2)], whisker)))?;
            }
            chart.draw_series(std::iter::once(Circle::new((x, y), 14, colour.filled())))?;
            let style = TextStyle::from((FONT, AXIS_PX, FontStyle::Bold)).color(&BLACK);
            chart.draw_series(std::iter::once(Text::new(
                p.label.clone(),
                (x, y),
                style.pos(Pos::new(HPos::Left, VPos::Bottom)),
            )))?;
        }
        Ok(())
    }
}

/// A mean (with a shaded 95% band) against a parameter's values: one panel of a sweep chart.
#[derive(Debug, Clone)]
pub struct XyPanel {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub x: Vec<f64>,
    pub mean: Vec<f64>,
    pub lo: Vec<f64>,
    pub hi: Vec<f64>,
}

/// A grid of mean-and-band panels against numeric x values.
pub fn draw_xy_bands(stem: &Path, title: &str, panels: &[XyPanel]) -> Result<Vec<PathBuf>, ChartError> {
    render(stem, &XyBands { title: title.to_string(), panels: panels.to_vec() })
}

struct XyBands {
    title: String,
    panels: Vec<XyPanel>,
}

impl Figure for XyBands {
    fn size(&self) -> (u32, u32) {
        grid_size(self.panels.len())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        draw_grid(root, &self.title, &self.panels, draw_xy_panel)
    }
}

fn draw_xy_panel<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, p: &XyPanel) -> DrawResult<(), DB> {
    let finite = |v: &[f64]| v.iter().copied().filter(|x| x.is_finite()).collect::<Vec<_>>();
    let xs = finite(&p.x);
    let ys: Vec<f64> = finite(&p.mean).into_iter().chain(finite(&p.lo)).chain(finite(&p.hi)).collect();
    let (x0, x1) = xs.iter().fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    let (y0, y1) = ys.iter().fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    let (x0, x1) = if x1 > x0 { (x0, x1) } else { (x0 - 1.0, x0 + 1.0) };
    let span = if y1 > y0 { y1 - y0 } else { 1.0 };
    let mut chart = ChartBuilder::on(area)
        .margin(24)
        .caption(&p.title, (FONT, TITLE_PX, FontStyle::Bold))
        .x_label_area_size(90)
        .y_label_area_size(140)
        .build_cartesian_2d(x0..x1, (y0 - 0.05 * span)..(y1 + 0.08 * span))?;
    chart
        .configure_mesh()
        .set_all_tick_mark_size(8)
        .x_labels(8)
        .y_labels(6)
        .x_label_formatter(&tick_label)
        .y_label_formatter(&tick_label)
        .label_style((FONT, TICK_PX))
        .axis_desc_style((FONT, AXIS_PX))
        .x_desc(p.x_label.as_str())
        .y_desc(p.y_label.as_str())
        .light_line_style(BLACK.mix(0.04))
        .bold_line_style(BLACK.mix(0.12))
        .axis_style(BLACK.stroke_width(2))
        .draw()?;
    let colour = PALETTE[0];
    let pts = |v: &[f64]| {
        p.x.iter()
            .zip(v)
            .filter(|(a, b)| a.is_finite() && b.is_finite())
            .map(|(a, b)| (*a, *b))
            .collect::<Vec<_>>()
    };
    let mut outline = pts(&p.hi);
    outline.extend(pts(&p.lo).into_iter().rev());
    if outline.len() > 2 {
        chart.draw_series(std::iter::once(Polygon::new(outline, colour.mix(0.2).filled())))?;
    }
    let line = pts(&p.mean);
    chart.draw_series(std::iter::once(PathElement::new(line.clone(), colour.stroke_width(LINE_W))))?;
    chart.draw_series(line.into_iter().map(|q| Circle::new(q, 6, colour.filled())))?;
    Ok(())
}

/// Pixel size of a headline over panels two per row.
fn grid_size(panels: usize) -> (u32, u32) {
    (DASH_W, HEADER_PX + ROW_H * dashboard_rows(panels) as u32)
}

/// A headline, then the panels two per row, each drawn by `draw`.
fn draw_grid<DB: DrawingBackend, P>(
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
trait Figure {
    fn size(&self) -> (u32, u32);
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB>;
}

fn render(stem: &Path, fig: &impl Figure) -> Result<Vec<PathBuf>, ChartError> {
    let png = with_suffix(stem, "png");
    let svg = with_suffix(stem, "svg");
    ensure_fonts().map_err(|message| ChartError::Draw { path: png.clone(), message })?;
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
fn with_suffix(stem: &Path, ext: &str) -> PathBuf {
    let mut name = stem.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

fn ensure_fonts() -> Result<(), String> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        register_font(FONT, FontStyle::Normal, REGULAR_TTF).is_ok()
            && register_font(FONT, FontStyle::Bold, BOLD_TTF).is_ok()
    });
    if ok { Ok(()) } else { Err("the embedded DejaVu Sans font could not be loaded".into()) }
}

fn draw_headline<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str) -> DrawResult<(), DB> {
    let (w, h) = area.dim_in_pixel();
    let style =
        TextStyle::from((FONT, HEADLINE_PX, FontStyle::Bold)).pos(Pos::new(HPos::Center, VPos::Center));
    area.draw_text(text, &style, (w as i32 / 2, h as i32 / 2))
}

impl Figure for Dashboard {
    fn size(&self) -> (u32, u32) {
        grid_size(self.panels.len())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        draw_grid(root, &self.title, &self.panels, |area, panel| draw_panel(area, panel, &self.x_label))
    }
}

fn dashboard_rows(panels: usize) -> usize {
    panels.div_ceil(2).max(1)
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    x_label: &str,
) -> DrawResult<(), DB> {
    let n_days = panel.lines.iter().map(|l| l.values.len()).max().unwrap_or(0);
    let x_max = n_days.saturating_sub(1).max(1) as f64;
    let mut chart = ChartBuilder::on(area)
        .margin(24)
        .caption(&panel.title, (FONT, TITLE_PX, FontStyle::Bold))
        .x_label_area_size(90)
        .y_label_area_size(140)
        .build_cartesian_2d(0.0..x_max, y_range(panel))?;
    chart
        .configure_mesh()
        .set_all_tick_mark_size(8)
        .x_labels(10)
        .y_labels(6)
        .x_label_formatter(&tick_label)
        .y_label_formatter(&tick_label)
        .label_style((FONT, TICK_PX))
        .axis_desc_style((FONT, AXIS_PX))
        .x_desc(x_label)
        .y_desc(panel.y_label.as_str())
        .light_line_style(BLACK.mix(0.04))
        .bold_line_style(BLACK.mix(0.12))
        .axis_style(BLACK.stroke_width(2))
        .draw()?;

    // Bands first, light, so every line stays visible on top of them.
    for (i, line) in panel.lines.iter().enumerate() {
        if let Some((lo, hi)) = &line.band {
            let colour = PALETTE[i % PALETTE.len()];
            let upper = finite_runs(hi);
            let lower = finite_runs(lo);
            for (up, down) in upper.into_iter().zip(lower) {
                let mut outline = up;
                outline.extend(down.into_iter().rev());
                chart.draw_series(std::iter::once(Polygon::new(outline, colour.mix(0.18).filled())))?;
            }
        }
    }
    for (i, line) in panel.lines.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let style = colour.stroke_width(LINE_W);
        // Non-finite values break the line; a lone finite day is shown as a dot.
        let (paths, dots): (Vec<_>, Vec<_>) =
            finite_runs(&line.values).into_iter().partition(|run| run.len() > 1);
        let anno = chart.draw_series(paths.into_iter().map(|run| PathElement::new(run, style)))?;
        if !line.label.is_empty() {
            anno.label(line.label.as_str())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 40, y)], style));
        }
        chart.draw_series(dots.into_iter().flatten().map(|p| Circle::new(p, 5, colour.filled())))?;
    }

    if panel.lines.iter().any(|l| !l.label.is_empty()) {
        chart
            .configure_series_labels()
            .position(legend_corner(panel, n_days))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.5))
            .label_font((FONT, TICK_PX))
            .legend_area_size(50)
            .margin(12)
            .draw()?;
    }
    Ok(())
}

/// From 0 (or the minimum if negative) to 8 % above the maximum; 0..1 when there is no spread.
fn y_range(panel: &Panel) -> Range<f64> {
    let (lo, hi) = panel
        .lines
        .iter()
        .flat_map(|l| {
            let band = l.band.iter().flat_map(|(lo, hi)| lo.iter().chain(hi));
            l.values.iter().chain(band).copied()
        })
        .filter(|v| v.is_finite())
        .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span = hi - lo;
    if !is_positive(span) {
        return 0.0..1.0;
    }
    let top = hi + 0.08 * span;
    if top.is_finite() { lo..top } else { lo..hi }
}

fn is_positive(x: f64) -> bool {
    x.is_finite() && x > 0.0
}

/// Contiguous runs of finite values as (day, value) points.
fn finite_runs(values: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut runs = Vec::new();
    let mut current = Vec::new();
    for (day, &v) in values.iter().enumerate() {
        if v.is_finite() {
            current.push((day as f64, v));
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// Puts the legend in the upper corner above the lower data (first vs last 40 % of days).
fn legend_corner(panel: &Panel, n_days: usize) -> SeriesLabelPosition {
    let cut = (n_days * 2).div_ceil(5);
    let peak = |skip: usize| {
        panel
            .lines
            .iter()
            .flat_map(|l| l.values.iter().skip(skip).take(cut).copied())
            .filter(|v| v.is_finite())
            .fold(f64::NEG_INFINITY, f64::max)
    };
    if peak(0) <= peak(n_days.saturating_sub(cut)) {
        SeriesLabelPosition::UpperLeft
    } else {
        SeriesLabelPosition::UpperRight
    }
}

fn tick_label(v: &f64) -> String {
    compact(*v)
}

/// Short number for tick labels: about four significant digits, "k"/"M" for large values.
fn compact(v: f64) -> String {
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
        let (w, h) = self.dims();
        root.fill(&WHITE)?;
        let (header, body) = root.split_vertically(HEADER_PX);
        draw_headline(&header, self.title)?;
        let (map_area, bar_area) = body.split_horizontally(layout.map_w);

        let mut map = ChartBuilder::on(&map_area)
            .margin_top(MAP_MARGIN)
            .margin_left(MAP_MARGIN)
            .margin_right(MAP_MARGIN)
            .margin_bottom(MAP_MARGIN + layout.band_h - layout.plot_h)
            .x_label_area_size(MAP_X_AREA)
            .y_label_area_size(MAP_Y_AREA)
            // A reversed y range puts row 0 at the top, as in the grid.
            .build_cartesian_2d(-0.5..w as f64 - 0.5, h as f64 - 0.5..-0.5)?;
        let cell_fmt = |v: &f64| cell_label(*v);
        map.configure_mesh()
            .disable_mesh()
            .set_all_tick_mark_size(8)
            .x_labels(w.clamp(1, 10))
            .y_labels(h.clamp(1, 10))
            .x_label_formatter(&cell_fmt)
            .y_label_formatter(&cell_fmt)
            .label_style((FONT, TICK_PX))
            .axis_desc_style((FONT, AXIS_PX))
            .x_desc("x (cell)")
            .y_desc("y (cell)")
            .axis_style(BLACK.stroke_width(2))
            .draw()?;
        map.draw_series(self.runs().into_iter().map(|(x0, x1, y, colour)| {
            let y = y as f64;
            Rectangle::new([(x0 as f64 - 0.5, y - 0.5), (x1 as f64 - 0.5, y + 0.5)], colour.filled())
        }))?;

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
    axes: Option<(&str, &str)>,
) -> Result<Vec<PathBuf>, ChartError> {
    if let Some((label, _)) = maps.iter().find(|(_, v)| width.checked_mul(height) != Some(v.len())) {
        return Err(ChartError::Draw {
            path: with_suffix(stem, "png"),
            message: format!("map `{label}` does not have {width}×{height} values"),
        });
    }
    let all: Vec<f64> = maps.iter().flat_map(|(_, v)| v.iter().copied()).collect();
    let (top, clamped) = colour_scale(&all);
    let (x_desc, y_desc) = axes.unwrap_or(("x (cell)", "y (cell)"));
    render(stem, &GridMaps { title, value_label, width, height, maps, top, clamped, x_desc, y_desc })
}

struct GridMaps<'a> {
    title: &'a str,
    value_label: &'a str,
    width: usize,
    height: usize,
    maps: &'a [(String, Vec<f64>)],
    top: f64,
    clamped: bool,
    x_desc: &'a str,
    y_desc: &'a str,
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

impl Figure for GridMaps<'_> {
    fn size(&self) -> (u32, u32) {
        let (panel_w, band_h, _) = self.panel();
        (
            panel_w * self.maps.len().max(1) as u32 + BAR_AREA_W,
            HEADER_PX + TITLE_PX as u32 + 40 + 2 * MAP_MARGIN + band_h + MAP_X_AREA,
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        let (panel_w, band_h, plot_h) = self.panel();
        root.fill(&WHITE)?;
        let (header, body) = root.split_vertically(HEADER_PX);
        draw_headline(&header, self.title)?;
        let (maps_area, bar_area) = body.split_horizontally(panel_w * self.maps.len().max(1) as u32);
        let (w, h) = (self.width.max(1), self.height.max(1));
        for (area, (label, values)) in
            maps_area.split_evenly((1, self.maps.len().max(1))).iter().zip(self.maps)
        {
            let one = GridMap {
                title: label,
                value_label: self.value_label,
                width: w,
                height: h,
                values,
                top: self.top,
                clamped: self.clamped,
            };
            let mut map = ChartBuilder::on(area)
                .caption(label.as_str(), (FONT, TITLE_PX, FontStyle::Bold))
                .margin_top(MAP_MARGIN)
                .margin_left(MAP_MARGIN)
                .margin_right(MAP_MARGIN)
                .margin_bottom(MAP_MARGIN + band_h - plot_h)
                .x_label_area_size(MAP_X_AREA)
                .y_label_area_size(MAP_Y_AREA)
                .build_cartesian_2d(-0.5..w as f64 - 0.5, h as f64 - 0.5..-0.5)?;
            let cell_fmt = |v: &f64| cell_label(*v);
            map.configure_mesh()
                .disable_mesh()
                .set_all_tick_mark_size(8)
                .x_labels(w.clamp(1, 10))
                .y_labels(h.clamp(1, 10))
                .x_label_formatter(&cell_fmt)
                .y_label_formatter(&cell_fmt)
                .label_style((FONT, TICK_PX))
                .axis_desc_style((FONT, AXIS_PX))
                .x_desc(self.x_desc)
                .y_desc(self.y_desc)
                .axis_style(BLACK.stroke_width(2))
                .draw()?;
            map.draw_series(one.runs().into_iter().map(|(x0, x1, y, colour)| {
                let y = y as f64;
                Rectangle::new([(x0 as f64 - 0.5, y - 0.5), (x1 as f64 - 0.5, y + 0.5)], colour.filled())
            }))?;
        }
        let (_, bar_body) = bar_area.split_vertically(TITLE_PX as u32 + 40);
        colour_bar(root, &bar_body, self.top, self.clamped, self.value_label)
    }
}

/// Integer cell index for a tick position; no label between cells.
fn cell_label(v: f64) -> String {
    let r = v.round();
    if (v - r).abs() < 1e-6 && r >= 0.0 { format!("{}", r as i64) } else { String::new() }
}

/// Top of the colour scale (99th percentile, or the maximum if that is 0) and whether any
/// value lies above it. Negative values count as 0; non-finite values are ignored.
fn colour_scale(values: &[f64]) -> (f64, bool) {
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
fn bar_ticks(top: f64) -> Vec<f64> {
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
fn viridis(t: f64) -> RGBColor {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("diypol-charts-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn check_outputs(dir: &Path, paths: &[PathBuf], title: &str) {
        assert_eq!(paths.len(), 2);
        let png = fs::read(&paths[0]).unwrap();
        assert!(png.starts_with(b"\x89PNG"), "not a PNG: {}", paths[0].display());
        let svg = fs::read_to_string(&paths[1]).unwrap();
        assert!(svg.starts_with("<svg"), "not an SVG: {}", paths[1].display());
        assert!(svg.contains(title), "SVG lacks its title");
        let partial = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains(".partial"));
        assert!(!partial, "temporary files left behind");
    }

    #[test]
    fn dashboard_with_empty_zero_and_nan_series() {
        let dir = scratch("dash");
        let wave: Vec<f64> = (0..120).map(|d| 50.0 + 40.0 * (f64::from(d) / 9.0).sin()).collect();
        let mut gappy: Vec<f64> = (0..120).map(|d| f64::from(d) * 1.5).collect();
        gappy[30] = f64::NAN;
        gappy[32] = f64::NAN;
        gappy[60..90].fill(f64::NAN);
        let d = Dashboard {
            title: "Test dashboard".into(),
            x_label: "Day".into(),
            panels: vec![
                Panel {
                    title: "Zeros and nothing".into(),
                    y_label: "Incidents (per day)".into(),
                    lines: vec![
                        Line { label: "none".into(), values: vec![], band: None },
                        Line { label: "zero".into(), values: vec![0.0; 120], band: None },
                    ],
                },
                Panel {
                    title: "With gaps".into(),
                    y_label: "Trust (%)".into(),
                    lines: vec![
                        Line { label: "wave".into(), values: wave, band: None },
                        Line { label: "gappy".into(), values: gappy, band: None },
                        Line { label: String::new(), values: vec![f64::NAN; 10], band: None },
                    ],
                },
            ],
        };
        let paths = draw_dashboard(&dir.join("dash"), &d).unwrap();
        assert_eq!(paths, vec![dir.join("dash.png"), dir.join("dash.svg")]);
        check_outputs(&dir, &paths, "Test dashboard");

        let empty = Dashboard { title: "Empty".into(), ..Dashboard::default() };
        let paths = draw_dashboard(&dir.join("empty"), &empty).unwrap();
        check_outputs(&dir, &paths, "Empty");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn grid_map_small_and_degenerate() {
        let dir = scratch("grid");
        let mut values: Vec<f64> = (0..80).map(|i| f64::from(i % 7)).collect();
        values[5] = 1000.0;
        values[6] = f64::NAN;
        let paths = draw_grid_map(&dir.join("map"), "Test map", "Reports (count)", 10, 8, &values).unwrap();
        check_outputs(&dir, &paths, "Test map");
        assert!(fs::read_to_string(&paths[1]).unwrap().contains('≥'));

        let paths = draw_grid_map(&dir.join("none"), "Nothing", "Reports (count)", 0, 0, &[]).unwrap();
        check_outputs(&dir, &paths, "Nothing");
        assert!(draw_grid_map(&dir.join("bad"), "Bad", "x", 3, 3, &[1.0]).is_err());
        assert!(!dir.join("bad.png").exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn scale_and_labels() {
        let mut v = vec![1.0; 200];
        v[0] = 1e6;
        assert_eq!(colour_scale(&v), (1.0, true));
        assert_eq!(colour_scale(&[0.0, 0.0, 4.0]), (4.0, false));
        assert_eq!(colour_scale(&[f64::NAN]), (1.0, false));
        assert_eq!(viridis(0.0), RGBColor(0x44, 0x01, 0x54));
        assert_eq!(viridis(1.0), RGBColor(0xFD, 0xE7, 0x25));
        assert_eq!(bar_ticks(10.0), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(compact(12_500.0), "12.5k");
        assert_eq!(compact(0.25), "0.25");
        assert_eq!(compact(300.0), "300");
        assert_eq!(cell_label(2.0), "2");
        assert_eq!(cell_label(2.5), "");
        assert_eq!(y_range(&Panel::default()), 0.0..1.0);
    }
}
