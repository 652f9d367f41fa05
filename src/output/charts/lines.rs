//! Time series panels (the dashboard): lines, bands and a legend placed out of the way.

use std::ops::Range;
use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::*;
use crate::error::Error;
use plotters::element::DashedPathElement;

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
/// Writes `<stem>.png` and `<stem>.svg`; returns the two paths.
pub fn draw_dashboard(stem: &Path, d: &Dashboard) -> Result<Vec<PathBuf>, Error> {
    render(stem, d)
}

impl Figure for Dashboard {
    fn size(&self) -> (u32, u32) {
        grid_size(self.panels.len())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        draw_grid(root, &self.title, &self.panels, |area, panel| draw_panel(area, panel, &self.x_label))
    }
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
    house_style(&mut chart.configure_mesh())
        .x_labels(10)
        .y_labels(6)
        .x_label_formatter(&tick_label)
        .y_label_formatter(&tick_label)
        .x_desc(x_label)
        .y_desc(panel.y_label.as_str())
        .draw()?;

    // Bands first, light, so every line stays visible on top of them.
    for (i, line) in panel.lines.iter().enumerate() {
        if let Some((lo, hi)) = &line.band {
            let colour = series_style(i).colour;
            let upper = finite_runs(hi);
            let lower = finite_runs(lo);
            for (up, down) in upper.into_iter().zip(lower) {
                let mut outline = up;
                outline.extend(down.into_iter().rev());
                chart.draw_series(std::iter::once(Polygon::new(outline, colour.mix(0.18).filled())))?;
            }
        }
    }
    let n = panel.lines.len();
    for (i, line) in panel.lines.iter().enumerate() {
        // Up to 8 colours, then dashed; widest first, so a line hidden under a later one
        // still shows around it.
        let st = series_style(i);
        let colour = st.colour;
        let style = colour.stroke_width(LINE_W + (n - 1 - i).min(3) as u32);
        // Non-finite values break the line; a lone finite day is shown as a dot.
        let (paths, dots): (Vec<_>, Vec<_>) =
            finite_runs(&line.values).into_iter().partition(|run| run.len() > 1);
        let label = line.label.as_str();
        if st.dashed {
            let anno =
                chart.draw_series(paths.into_iter().map(|run| DashedPathElement::new(run, 14, 8, style)))?;
            if !label.is_empty() {
                anno.label(label)
                    .legend(move |(x, y)| DashedPathElement::new(vec![(x, y), (x + 40, y)], 10, 6, style));
            }
        } else {
            let anno = chart.draw_series(paths.into_iter().map(|run| PathElement::new(run, style)))?;
            if !label.is_empty() {
                anno.label(label).legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 40, y)], style));
            }
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
pub(super) fn y_range(panel: &Panel) -> Range<f64> {
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
