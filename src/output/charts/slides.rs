//! Slide-ready figures: 1920 × 1080 (16:9), one message each, text large enough for the
//! back of a room. The rule: no text below 28 px at 1080p (ticks and legends 30 px, axis
//! captions 32 px, subtitles 34 px, titles 56 px, shrunk to no less than 40 px and wrapped
//! onto two lines before anything is clipped).
//!
//! Every text is placed by this module, not by plotters' mesh: a figure is first laid out
//! — each text a box measured with the embedded font — and then drawn from that layout, so
//! [`Slide::text_boxes`] is exactly what is drawn and a test can check that no text leaves
//! the canvas or overlaps another. Up to 8 series get the Okabe–Ito colours (grey in
//! place of yellow); series 9 to 12 reuse them dashed with markers. Lines are drawn widest
//! first, so a series that coincides with a later one still shows as a halo around it.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{FONT, Figure, fit, measure, render};
pub use super::style::{MAX_SERIES, SeriesStyle, series_style};
use crate::error::Error;

pub const WIDTH: i32 = 1920;
pub const HEIGHT: i32 = 1080;
const MARGIN: i32 = 48;
const TITLE_PX: i32 = 56;
const TITLE_MIN_PX: i32 = 40;
const SUBTITLE_PX: i32 = 34;
const CAPTION_PX: i32 = 32;
const BODY_PX: i32 = 30;
/// The smallest text of any slide.
pub const MIN_TEXT_PX: i32 = 28;

/// A text as drawn: its top-left corner and size in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    pub text: String,
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
    pub px: i32,
    pub bold: bool,
}

impl TextBox {
    pub fn overlaps(&self, o: &TextBox) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    pub fn inside(&self, w: i32, h: i32) -> bool {
        self.x >= 0 && self.y >= 0 && self.x + self.w <= w && self.y + self.h <= h
    }
}

fn text(text: &str, x: i32, y: i32, px: i32, bold: bool) -> TextBox {
    let (w, h) = measure(text, px, bold);
    TextBox { text: text.to_string(), x, y, w, h, px, bold }
}

/// Ticks at round values between `lo` and `hi`, at most `n` of them.
pub fn nice_ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    if hi <= lo || !lo.is_finite() || !hi.is_finite() {
        return vec![lo];
    }
    let raw = (hi - lo) / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() * step;
    (0..=n + 1).map(|k| first + k as f64 * step).take_while(|v| *v <= hi + step * 1e-9).collect()
}

/// One line of a trajectory slide.
#[derive(Debug, Clone, Default)]
pub struct Series {
    pub label: String,
    pub values: Vec<f64>,
    pub band: Option<(Vec<f64>, Vec<f64>)>,
}

/// One panel of trajectories.
#[derive(Debug, Clone, Default)]
pub struct TrajectoryPanel {
    pub title: String,
    /// Unit of the y axis, written above it.
    pub unit: String,
    pub series: Vec<Series>,
}

/// A point of the trade-off slide.
#[derive(Debug, Clone)]
pub struct TradePoint {
    pub label: String,
    pub x: f64,
    pub y: f64,
}

/// A row of the intervals slide: a scenario's mean and 95% interval.
#[derive(Debug, Clone)]
pub struct IntervalRow {
    pub label: String,
    pub mean: f64,
    pub lo: f64,
    pub hi: f64,
    /// The value as written beside the row ("52.3 [50.1, 54.6]").
    pub value: String,
}

/// One slide.
#[derive(Debug, Clone)]
pub enum Slide {
    /// One indicator, one row per scenario: dot and whisker.
    Intervals { title: String, subtitle: String, unit: String, rows: Vec<IntervalRow> },
    /// Up to four panels of daily series (one is a single-message trajectory slide), with
    /// one legend for all.
    Trajectories { title: String, subtitle: String, x_label: String, panels: Vec<TrajectoryPanel> },
    /// Two indicators against each other, one labelled point per scenario.
    Tradeoff { title: String, subtitle: String, x_label: String, y_label: String, points: Vec<TradePoint> },
}

/// A rectangle in pixels.
#[derive(Debug, Clone, Copy)]
struct Rect {
    x0: i32,
    y0: i32,
    x1: i32,
    y1: i32,
}

/// An axis: its range and ticks.
#[derive(Debug, Clone)]
struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Axis {
    fn new(values: impl Iterator<Item = f64>, from_zero: bool, n: usize) -> Axis {
        let (mut lo, mut hi) = values
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
        if !lo.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        if from_zero {
            lo = lo.min(0.0);
            hi = hi.max(0.0);
        }
        if hi - lo <= 0.0 {
            let pad = if hi.abs() > 0.0 { hi.abs() * 0.1 } else { 1.0 };
            (lo, hi) = (lo - pad, hi + pad);
        }
        let pad = 0.06 * (hi - lo);
        let (lo, hi) = (if from_zero && lo >= 0.0 { lo } else { lo - pad }, hi + pad);
        let ticks = nice_ticks(lo, hi, n);
        Axis { lo, hi, ticks }
    }

    fn to_px(&self, v: f64, a: i32, b: i32) -> i32 {
        let t = ((v - self.lo) / (self.hi - self.lo)).clamp(-0.05, 1.05);
        a + ((b - a) as f64 * t).round() as i32
    }
}

/// Tick label of `v` given the step of its axis.
fn tick_text(v: f64, ticks: &[f64]) -> String {
    let step = if ticks.len() > 1 { (ticks[1] - ticks[0]).abs() } else { 1.0 };
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize + usize::from(step * 10f64.powf(-step.log10().floor()) % 1.0 != 0.0)
    };
    let s = if v.abs() >= 10_000.0 && step >= 1000.0 {
        format!("{}k", super::style::compact(v / 1000.0))
    } else {
        format!("{v:.decimals$}")
    };
    if s == "-0" { "0".into() } else { s.replace('-', "−") }
}

/// The labels of every k-th tick of `axis`, placed by `at`, for the smallest k at which
/// each label is `apart` from the next.
fn thinned(
    axis: &Axis,
    at: impl Fn(f64, &str) -> TextBox,
    apart: impl Fn(&TextBox, &TextBox) -> bool,
) -> Vec<TextBox> {
    let every = |k: usize| -> Vec<TextBox> {
        axis.ticks.iter().step_by(k).map(|&v| at(v, &tick_text(v, &axis.ticks))).collect()
    };
    (1..=axis.ticks.len().max(1))
        .map(every)
        .find(|labels| labels.windows(2).all(|p| apart(&p[0], &p[1])))
        .unwrap_or_else(|| every(axis.ticks.len().max(1)))
}

/// What a slide draws besides its texts, in pixels.
#[derive(Debug, Clone, Default)]
struct Layout {
    texts: Vec<TextBox>,
    /// Plot frames with their axes (x, y).
    frames: Vec<(Rect, Option<Axis>, Axis)>,
    /// Where the legend's line samples go: x and the y of its first entry.
    legend: Option<(i32, i32)>,
    /// Markers of the trade-off's key: point index and where its marker goes.
    keys: Vec<(usize, i32, i32)>,
}

impl Slide {
    /// Every text of the slide, where it is drawn.
    pub fn text_boxes(&self) -> Vec<TextBox> {
        self.layout().texts
    }

    /// The slide's title and subtitle; returns the y below them.
    fn heading(title: &str, subtitle: &str, texts: &mut Vec<TextBox>) -> i32 {
        let width = WIDTH - 2 * MARGIN;
        let (lines, px) = fit(title, width, TITLE_PX, TITLE_MIN_PX, 2, true);
        let mut y = MARGIN - 8;
        for l in lines {
            let t = text(&l, MARGIN, y, px, true);
            y += t.h;
            texts.push(t);
        }
        if !subtitle.is_empty() {
            let (lines, px) = fit(subtitle, width, SUBTITLE_PX, MIN_TEXT_PX, 1, false);
            for l in lines {
                let t = text(&l, MARGIN, y + 4, px, false);
                y += t.h + 4;
                texts.push(t);
            }
        }
        y + 24
    }

    /// Tick labels of a frame: x below, y to the left, every k-th tick for the smallest k
    /// that keeps them apart.
    fn ticks(frame: Rect, x: Option<&Axis>, y: &Axis, texts: &mut Vec<TextBox>) {
        if let Some(x) = x {
            let at = |v: f64, s: &str| {
                let (w, _) = measure(s, BODY_PX, false);
                text(s, x.to_px(v, frame.x0, frame.x1) - w / 2, frame.y1 + 12, BODY_PX, false)
            };
            texts.extend(thinned(x, at, |a, b| a.x + a.w + 16 <= b.x));
        }
        let at = |v: f64, s: &str| {
            let (w, h) = measure(s, BODY_PX, false);
            text(s, frame.x0 - 14 - w, y.to_px(v, frame.y1, frame.y0) - h / 2, BODY_PX, false)
        };
        texts.extend(thinned(y, at, |a, b| b.y + b.h + 4 <= a.y));
    }

    fn layout(&self) -> Layout {
        let mut l = Layout::default();
        match self {
            Slide::Intervals { title, subtitle, unit, rows } => {
                let top = Self::heading(title, subtitle, &mut l.texts);
                let n = rows.len().max(1) as i32;
                let label_w =
                    rows.iter().map(|r| measure(&r.label, BODY_PX, true).0).max().unwrap_or(0).min(520);
                let value_w =
                    rows.iter().map(|r| measure(&r.value, BODY_PX, false).0).max().unwrap_or(0).min(560);
                let caption = text(unit, 0, top, CAPTION_PX, false);
                let frame = Rect {
                    x0: MARGIN + label_w + 40,
                    y0: top + caption.h + 12,
                    x1: WIDTH - MARGIN - value_w - 40,
                    y1: HEIGHT - MARGIN - measure("0", BODY_PX, false).1 - 24,
                };
                l.texts.push(TextBox { x: frame.x0, ..caption });
                let x = Axis::new(rows.iter().flat_map(|r| [r.mean, r.lo, r.hi]), true, 8);
                let row_h = (frame.y1 - frame.y0) / n;
                let px = (row_h * 5 / 6 / 2 * 2).clamp(MIN_TEXT_PX, BODY_PX);
                for (i, r) in rows.iter().enumerate() {
                    let cy = frame.y0 + row_h * i as i32 + row_h / 2;
                    let (lines, px) = fit(&r.label, label_w, px, MIN_TEXT_PX, 1, true);
                    let label = text(&lines.concat(), MARGIN, 0, px, true);
                    l.texts.push(TextBox { x: MARGIN + label_w - label.w, y: cy - label.h / 2, ..label });
                    let value = text(&r.value, frame.x1 + 40, 0, px, false);
                    l.texts.push(TextBox { y: cy - value.h / 2, ..value });
                }
                let y = Axis { lo: 0.0, hi: n as f64, ticks: Vec::new() };
                Self::ticks(frame, Some(&x), &y, &mut l.texts);
                l.frames.push((frame, Some(x), y));
            }
            Slide::Trajectories { title, subtitle, x_label, panels } => {
                let top = Self::heading(title, subtitle, &mut l.texts);
                let labels: Vec<&str> = panels
                    .first()
                    .map_or(Vec::new(), |p| p.series.iter().map(|s| s.label.as_str()).collect());
                let legend_w =
                    labels.iter().map(|s| measure(s, BODY_PX, false).0).max().unwrap_or(0).min(420) + 90;
                let legend_x = WIDTH - MARGIN - legend_w;
                l.legend = Some((legend_x, top + 20));
                for (i, s) in labels.iter().enumerate() {
                    let (lines, px) = fit(s, legend_w - 90, BODY_PX, MIN_TEXT_PX, 1, false);
                    l.texts.push(text(&lines.concat(), legend_x + 90, top + 20 + i as i32 * 46, px, false));
                }
                let x_caption = text(x_label, 0, 0, CAPTION_PX, false);
                let area =
                    Rect { x0: MARGIN, y0: top, x1: legend_x - 40, y1: HEIGHT - MARGIN - x_caption.h - 8 };
                l.texts.push(TextBox {
                    x: (area.x0 + area.x1 - x_caption.w) / 2,
                    y: HEIGHT - MARGIN - x_caption.h,
                    ..x_caption
                });
                let (cols, rows) =
                    if panels.len() <= 1 { (1, 1) } else { (2, (panels.len() as i32 + 1) / 2) };
                let cell_w = (area.x1 - area.x0) / cols;
                let cell_h = (area.y1 - area.y0) / rows;
                let y_tick_w = measure("−8888.8", BODY_PX, false).0;
                for (k, p) in panels.iter().enumerate() {
                    let (c, r) = (k as i32 % cols, k as i32 / cols);
                    let cell = Rect {
                        x0: area.x0 + c * cell_w,
                        y0: area.y0 + r * cell_h,
                        x1: area.x0 + (c + 1) * cell_w,
                        y1: area.y0 + (r + 1) * cell_h,
                    };
                    let mut y0 = cell.y0;
                    if !p.title.is_empty() && panels.len() > 1 {
                        let (lines, px) = fit(&p.title, cell_w - 20, CAPTION_PX, MIN_TEXT_PX, 1, true);
                        let t = text(&lines.concat(), cell.x0, y0, px, true);
                        y0 += t.h + 4;
                        l.texts.push(t);
                    }
                    let (lines, px) = fit(&p.unit, cell_w - 20, BODY_PX, MIN_TEXT_PX, 1, false);
                    let unit = text(&lines.concat(), cell.x0, y0, px, false);
                    y0 += unit.h + 10;
                    l.texts.push(unit);
                    let frame = Rect {
                        x0: cell.x0 + y_tick_w + 20,
                        y0,
                        x1: cell.x1 - 30,
                        y1: cell.y1 - measure("0", BODY_PX, false).1 - 30,
                    };
                    let days =
                        p.series.iter().map(|s| s.values.len()).max().unwrap_or(1).saturating_sub(1).max(1);
                    let x = Axis {
                        lo: 0.0,
                        hi: days as f64,
                        ticks: nice_ticks(0.0, days as f64, if cols == 1 { 10 } else { 5 }),
                    };
                    let values = p.series.iter().flat_map(|s| {
                        let band = s.band.iter().flat_map(|(a, b)| a.iter().chain(b));
                        s.values.iter().chain(band).copied()
                    });
                    let y = Axis::new(values, true, if rows == 1 { 7 } else { 4 });
                    Self::ticks(frame, Some(&x), &y, &mut l.texts);
                    l.frames.push((frame, Some(x), y));
                }
            }
            Slide::Tradeoff { title, subtitle, x_label, y_label, points } => {
                let top = Self::heading(title, subtitle, &mut l.texts);
                let y_caption = text(y_label, MARGIN, top, CAPTION_PX, false);
                let x_caption = text(x_label, 0, 0, CAPTION_PX, false);
                let y_tick_w = measure("−8888.8", BODY_PX, false).0;
                let frame = Rect {
                    x0: MARGIN + y_tick_w + 20,
                    y0: top + y_caption.h + 16,
                    x1: WIDTH - MARGIN - 20,
                    y1: HEIGHT - MARGIN - x_caption.h - measure("0", BODY_PX, false).1 - 30,
                };
                l.texts.push(y_caption);
                l.texts.push(TextBox {
                    x: (frame.x0 + frame.x1 - x_caption.w) / 2,
                    y: HEIGHT - MARGIN - x_caption.h,
                    ..x_caption
                });
                let x = Axis::new(points.iter().map(|p| p.x), true, 8);
                let y = Axis::new(points.iter().map(|p| p.y), true, 6);
                Self::ticks(frame, Some(&x), &y, &mut l.texts);
                // Point labels: the first of eight places around the point that stays in the
                // frame and clear of every text and point so far; else a numbered key.
                let dots: Vec<(i32, i32)> = points
                    .iter()
                    .map(|p| (x.to_px(p.x, frame.x0, frame.x1), y.to_px(p.y, frame.y1, frame.y0)))
                    .collect();
                let mut keyed = Vec::new();
                for (i, (p, &(px, py))) in points.iter().zip(&dots).enumerate() {
                    let t = text(&p.label, 0, 0, BODY_PX, true);
                    let places = [
                        (16, -t.h - 8),
                        (16, 8),
                        (-t.w - 16, -t.h - 8),
                        (-t.w - 16, 8),
                        (22, -t.h / 2),
                        (-t.w - 22, -t.h / 2),
                        (-t.w / 2, -t.h - 20),
                        (-t.w / 2, 20),
                    ];
                    let clear = |b: &TextBox| {
                        b.x >= frame.x0
                            && b.x + b.w <= frame.x1
                            && b.y >= frame.y0
                            && b.y + b.h <= frame.y1
                            && l.texts.iter().all(|o| !o.overlaps(b))
                            && dots.iter().all(|&(dx, dy)| {
                                !(dx + 14 > b.x
                                    && dx - 14 < b.x + b.w
                                    && dy + 14 > b.y
                                    && dy - 14 < b.y + b.h)
                            })
                    };
                    match places
                        .iter()
                        .map(|&(dx, dy)| TextBox { x: px + dx, y: py + dy, ..t.clone() })
                        .find(clear)
                    {
                        Some(b) => l.texts.push(b),
                        None => keyed.push(i),
                    }
                }
                // The key: "3  name" in a column at the frame's upper right, the number by
                // its dot where there is room (the dot's colour and shape say it too).
                for (row, &i) in keyed.iter().enumerate() {
                    let row = row as i32;
                    let num = text(&(i + 1).to_string(), 0, 0, BODY_PX, true);
                    let (dx, dy) = dots[i];
                    let near = [(16, -num.h - 4), (16, 6), (-num.w - 16, -num.h - 4), (-num.w - 16, 6)]
                        .into_iter()
                        .map(|(ox, oy)| TextBox { x: dx + ox, y: dy + oy, ..num.clone() })
                        .find(|b| b.inside(WIDTH, HEIGHT) && l.texts.iter().all(|o| !o.overlaps(b)));
                    if let Some(b) = near {
                        l.texts.push(b);
                    }
                    // Leading spaces leave room for the point's marker inside the entry's box.
                    let entry = text(&format!("      {}  {}", i + 1, points[i].label), 0, 0, BODY_PX, false);
                    // Down the right edge of the frame, then the left, at the first clear row.
                    let rows = ((frame.y1 - frame.y0 - 20) / (entry.h + 6)).max(1);
                    let spot = [frame.x1 - entry.w - 10, frame.x0 + 10]
                        .into_iter()
                        .flat_map(|x| (row..rows + row).map(move |r| (x, r % rows)))
                        .map(|(x, r)| TextBox { x, y: frame.y0 + 10 + r * (entry.h + 6), ..entry.clone() })
                        .find(|b| {
                            l.texts.iter().all(|o| !o.overlaps(b))
                                && dots.iter().all(|&(dx, dy)| {
                                    !(dx + 14 > b.x
                                        && dx - 14 < b.x + b.w
                                        && dy + 14 > b.y
                                        && dy - 14 < b.y + b.h)
                                })
                        });
                    let b = spot.unwrap_or(TextBox { x: frame.x1 - entry.w - 10, y: frame.y0 + 10, ..entry });
                    l.keys.push((i, b.x + 18, b.y + b.h / 2));
                    l.texts.push(b);
                }
                l.frames.push((frame, Some(x), y));
            }
        }
        l
    }
}

/// A dashboard's panels as 16:9 pages of at most four panels each, one legend per page;
/// `page(k, n)` titles page k of n.
pub fn pages(
    title: &str,
    x_label: &str,
    panels: &[super::lines::Panel],
    page: impl Fn(usize, usize) -> String,
) -> Vec<Slide> {
    let chunks: Vec<&[super::lines::Panel]> = panels.chunks(4).collect();
    let n = chunks.len();
    chunks
        .iter()
        .enumerate()
        .map(|(k, chunk)| Slide::Trajectories {
            title: if n > 1 { format!("{title} ({})", page(k + 1, n)) } else { title.to_string() },
            subtitle: String::new(),
            x_label: x_label.to_string(),
            panels: chunk.iter().map(trajectory).collect(),
        })
        .collect()
}

/// A dashboard panel as a slide panel.
pub fn trajectory(p: &super::lines::Panel) -> TrajectoryPanel {
    TrajectoryPanel {
        title: p.title.clone(),
        unit: p.y_label.clone(),
        series: p
            .lines
            .iter()
            .map(|l| Series { label: l.label.clone(), values: l.values.clone(), band: l.band.clone() })
            .collect(),
    }
}

/// Writes `<stem>.png` and `<stem>.svg` of one slide.
pub fn draw_slide(stem: &Path, slide: &Slide) -> Result<Vec<PathBuf>, Error> {
    render(stem, slide)
}

impl Figure for Slide {
    fn size(&self) -> (u32, u32) {
        (WIDTH as u32, HEIGHT as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        root.fill(&WHITE)?;
        let l = self.layout();
        for (frame, _, _) in &l.frames {
            let axis = BLACK.stroke_width(2);
            root.draw(&PathElement::new(
                vec![(frame.x0, frame.y0), (frame.x0, frame.y1), (frame.x1, frame.y1)],
                axis,
            ))?;
        }
        match self {
            Slide::Intervals { rows, .. } => {
                let (frame, x, _) = &l.frames[0];
                let x = x.as_ref().expect("an x axis");
                grid_x(root, *frame, x)?;
                let n = rows.len().max(1) as i32;
                let row_h = (frame.y1 - frame.y0) / n;
                let zero = x.to_px(0.0, frame.x0, frame.x1);
                root.draw(&PathElement::new(
                    vec![(zero, frame.y0), (zero, frame.y1)],
                    BLACK.mix(0.5).stroke_width(2),
                ))?;
                for (i, r) in rows.iter().enumerate() {
                    let st = series_style(i);
                    let cy = frame.y0 + row_h * i as i32 + row_h / 2;
                    if r.lo.is_finite() && r.hi.is_finite() {
                        let (a, b) = (x.to_px(r.lo, frame.x0, frame.x1), x.to_px(r.hi, frame.x0, frame.x1));
                        let s = st.colour.stroke_width(6);
                        root.draw(&PathElement::new(vec![(a, cy), (b, cy)], s))?;
                        root.draw(&PathElement::new(vec![(a, cy - 14), (a, cy + 14)], s))?;
                        root.draw(&PathElement::new(vec![(b, cy - 14), (b, cy + 14)], s))?;
                    }
                    if r.mean.is_finite() {
                        marker(root, (x.to_px(r.mean, frame.x0, frame.x1), cy), st, 16)?;
                    }
                }
            }
            Slide::Trajectories { panels, .. } => {
                let entries = panels.first().map_or(0, |p| p.series.len());
                if let Some((legend_x, top)) = l.legend {
                    for i in 0..entries {
                        let y = top + i as i32 * 46 + 18;
                        let st = series_style(i);
                        line(root, &[(legend_x, y), (legend_x + 70, y)], st, 5)?;
                        if st.dashed {
                            marker(root, (legend_x + 35, y), st, 9)?;
                        }
                    }
                }
                for ((frame, x, y), p) in l.frames.iter().zip(panels) {
                    let x = x.as_ref().expect("an x axis");
                    grid_y(root, *frame, y)?;
                    let px = |d: usize, v: f64| {
                        (x.to_px(d as f64, frame.x0, frame.x1), y.to_px(v, frame.y1, frame.y0))
                    };
                    for (i, s) in p.series.iter().enumerate() {
                        if let Some((lo, hi)) = &s.band {
                            for (up, down) in runs(hi).into_iter().zip(runs(lo)) {
                                let mut poly: Vec<(i32, i32)> = up.iter().map(|&(d, v)| px(d, v)).collect();
                                poly.extend(down.iter().rev().map(|&(d, v)| px(d, v)));
                                root.draw(&Polygon::new(poly, series_style(i).colour.mix(0.15).filled()))?;
                            }
                        }
                    }
                    let n = p.series.len();
                    for (i, s) in p.series.iter().enumerate() {
                        let st = series_style(i);
                        // Widest first: a series hidden under a later one still shows around it.
                        let width = 3 + (n - 1 - i).min(3) as u32;
                        for run in runs(&s.values) {
                            let pts: Vec<(i32, i32)> = run.iter().map(|&(d, v)| px(d, v)).collect();
                            line(root, &pts, st, width)?;
                            if st.dashed {
                                for p in pts.iter().step_by((pts.len() / 8).max(1)) {
                                    marker(root, *p, st, 9)?;
                                }
                            }
                        }
                    }
                }
            }
            Slide::Tradeoff { points, .. } => {
                let (frame, x, y) = &l.frames[0];
                let x = x.as_ref().expect("an x axis");
                grid_y(root, *frame, y)?;
                let zero = x.to_px(0.0, frame.x0, frame.x1);
                root.draw(&PathElement::new(
                    vec![(zero, frame.y0), (zero, frame.y1)],
                    BLACK.mix(0.4).stroke_width(2),
                ))?;
                for (i, p) in points.iter().enumerate() {
                    let at = (x.to_px(p.x, frame.x0, frame.x1), y.to_px(p.y, frame.y1, frame.y0));
                    marker(root, at, series_style(i), 14)?;
                }
                for &(i, kx, ky) in &l.keys {
                    marker(root, (kx, ky), series_style(i), 11)?;
                }
            }
        }
        for t in &l.texts {
            let style = if t.bold { FontStyle::Bold } else { FontStyle::Normal };
            let ts = TextStyle::from((FONT, t.px as f64, style)).pos(Pos::new(HPos::Left, VPos::Top));
            root.draw_text(&t.text, &ts, (t.x, t.y))?;
        }
        Ok(())
    }
}

fn grid_x<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, f: Rect, x: &Axis) -> DrawResult<(), DB> {
    for &v in &x.ticks {
        let p = x.to_px(v, f.x0, f.x1);
        root.draw(&PathElement::new(vec![(p, f.y0), (p, f.y1)], BLACK.mix(0.1).stroke_width(1)))?;
    }
    Ok(())
}

fn grid_y<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, f: Rect, y: &Axis) -> DrawResult<(), DB> {
    for &v in &y.ticks {
        let p = y.to_px(v, f.y1, f.y0);
        root.draw(&PathElement::new(vec![(f.x0, p), (f.x1, p)], BLACK.mix(0.1).stroke_width(1)))?;
    }
    Ok(())
}

fn line<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pts: &[(i32, i32)],
    st: SeriesStyle,
    w: u32,
) -> DrawResult<(), DB> {
    let style = st.colour.stroke_width(w);
    if st.dashed {
        root.draw(&plotters::element::DashedPathElement::new(pts.iter().copied(), 18, 10, style))
    } else {
        root.draw(&PathElement::new(pts.to_vec(), style))
    }
}

fn marker<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    st: SeriesStyle,
    r: i32,
) -> DrawResult<(), DB> {
    let fill = st.colour.filled();
    match st.marker {
        0 => root.draw(&Circle::new((x, y), r, fill)),
        1 => root.draw(&Rectangle::new([(x - r, y - r), (x + r, y + r)], fill)),
        2 => root.draw(&Polygon::new(vec![(x, y - r), (x + r, y + r), (x - r, y + r)], fill)),
        _ => root.draw(&Polygon::new(vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y)], fill)),
    }
}

/// Contiguous runs of finite values as (day, value).
fn runs(values: &[f64]) -> Vec<Vec<(usize, f64)>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for (d, &v) in values.iter().enumerate() {
        if v.is_finite() {
            cur.push((d, v));
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Slides of each kind for `n` scenarios with long names and awkward numbers.
    fn slides(n: usize) -> Vec<Slide> {
        let names: Vec<String> = (0..n).map(|i| format!("scenario-{i}-with-a-longer-name")).collect();
        let rows = names
            .iter()
            .enumerate()
            .map(|(i, s)| IntervalRow {
                label: s.clone(),
                mean: 50.0 + 3.0 * i as f64,
                lo: 45.0 + 3.0 * i as f64,
                hi: 56.0 + 3.0 * i as f64,
                value: format!("{:.2} [{:.2}, {:.2}]", 50.0 + 3.0 * i as f64, 45.0, 56.0),
            })
            .collect();
        let series = |k: f64| -> Vec<Series> {
            names
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    // Two series coincide: both must stay visible.
                    let v: Vec<f64> = (0..365)
                        .map(|d| k * (100.0 + (i / 2) as f64 * 7.0 + (d as f64 / 30.0).sin() * 5.0))
                        .collect();
                    let band = (v.iter().map(|x| x * 0.95).collect(), v.iter().map(|x| x * 1.05).collect());
                    Series { label: s.clone(), values: v, band: Some(band) }
                })
                .collect()
        };
        let panel = |t: &str, k: f64| TrajectoryPanel {
            title: t.into(),
            unit: "crimes per day (7-day mean)".into(),
            series: series(k),
        };
        let title = "Crimes per 1,000 residents per year: every scenario against the status quo, with its 95% interval";
        vec![
            Slide::Intervals {
                title: title.into(),
                subtitle: "mean of 10 replicates and 95% interval".into(),
                unit: "per 1,000 residents per year".into(),
                rows,
            },
            Slide::Trajectories {
                title: "Crimes per day".into(),
                subtitle: "mean of 10 replicates, 95% band".into(),
                x_label: "Day".into(),
                panels: vec![panel("", 1.0)],
            },
            Slide::Trajectories {
                title: "Daily series (page 1 of 2)".into(),
                subtitle: String::new(),
                x_label: "Day".into(),
                panels: vec![
                    panel("Crimes", 1.0),
                    panel("Response backlog", 0.01),
                    panel("Trust in police", 0.001),
                    panel("Watch members", 1000.0),
                ],
            },
            Slide::Tradeoff {
                title: "The trade-off: crime prevented against innocents named".into(),
                subtitle: "labels: police cost per resident per year".into(),
                x_label: "Crimes prevented (per 1,000 residents per year)".into(),
                y_label: "Innocents publicly named (per 100,000 residents)".into(),
                // Points in a cluster: their labels must move, or go to the key.
                points: names
                    .iter()
                    .enumerate()
                    .map(|(i, s)| TradePoint {
                        label: s.clone(),
                        x: 10.0 + (i % 3) as f64 * 0.2,
                        y: 50.0 + (i / 3) as f64 * 0.5,
                    })
                    .collect(),
            },
        ]
    }

    #[test]
    fn no_text_leaves_the_slide_or_overlaps_another_at_1_3_8_and_12_scenarios() {
        // DIYPOL_SLIDES_DIR keeps the drawn slides to look at.
        let keep = std::env::var_os("DIYPOL_SLIDES_DIR");
        let dir = keep.clone().map_or_else(
            || std::env::temp_dir().join(format!("diypol-slides-{}", std::process::id())),
            std::path::PathBuf::from,
        );
        std::fs::create_dir_all(&dir).unwrap();
        for n in [1, 3, 8, 12] {
            for (k, slide) in slides(n).iter().enumerate() {
                let boxes = slide.text_boxes();
                assert!(!boxes.is_empty());
                for b in &boxes {
                    assert!(
                        b.inside(WIDTH, HEIGHT),
                        "{n} scenarios, slide {k}: `{}` leaves the canvas: {b:?}",
                        b.text
                    );
                    assert!(b.px >= MIN_TEXT_PX, "{n} scenarios, slide {k}: `{}` at {} px", b.text, b.px);
                }
                for (i, a) in boxes.iter().enumerate() {
                    for b in &boxes[i + 1..] {
                        assert!(
                            !a.overlaps(b),
                            "{n} scenarios, slide {k}: `{}` overlaps `{}`",
                            a.text,
                            b.text
                        );
                    }
                }
                // Every scenario is named somewhere on the slide (label, legend or key).
                if let Slide::Intervals { .. } | Slide::Tradeoff { .. } = slide {
                    for i in 0..n {
                        let name = format!("scenario-{i}-with-a-longer-name");
                        assert!(
                            boxes.iter().any(|b| b.text.contains(&name)),
                            "{n} scenarios, slide {k}: {name} unnamed"
                        );
                    }
                }
                let paths = draw_slide(&dir.join(format!("slide-{n}-{k}")), slide).unwrap();
                assert!(std::fs::read(&paths[0]).unwrap().starts_with(b"\x89PNG"));
            }
        }
        // Twelve series: no two drawn alike.
        let styles: Vec<SeriesStyle> = (0..MAX_SERIES).map(series_style).collect();
        for (i, a) in styles.iter().enumerate() {
            for b in &styles[i + 1..] {
                assert!(a != b, "{a:?}");
            }
        }
        if keep.is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }

    #[test]
    fn long_titles_wrap_and_shrink_rather_than_clip() {
        let long = "A very long title that a presenter wrote about crime prevented and innocents named in twelve scenarios of policing";
        let (lines, px) = fit(long, WIDTH - 2 * MARGIN, TITLE_PX, TITLE_MIN_PX, 2, true);
        assert!(lines.len() <= 2 && px >= TITLE_MIN_PX);
        assert!(lines.iter().all(|l| measure(l, px, true).0 <= WIDTH - 2 * MARGIN));
        assert_eq!(nice_ticks(0.0, 10.0, 5), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
    }
}
