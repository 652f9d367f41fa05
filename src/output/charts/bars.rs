//! Bars with 95% whiskers, one panel per indicator.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::*;
use crate::error::Error;

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
pub fn draw_bars(stem: &Path, title: &str, panels: &[BarPanel]) -> Result<Vec<PathBuf>, Error> {
    render(stem, &Bars { title: title.to_string(), panels: panels.to_vec() })
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
    house_style(&mut chart.configure_mesh())
        .disable_x_mesh()
        .x_labels(2 * n + 1)
        .y_labels(6)
        .x_label_formatter(&x_label)
        .y_label_formatter(&tick_label)
        .y_desc(panel.y_label.as_str())
        .draw()?;
    for (i, b) in panel.bars.iter().enumerate() {
        let colour = series_style(i).colour;
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
