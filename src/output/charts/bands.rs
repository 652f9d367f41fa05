//! A mean with a shaded 95% band against a parameter's values.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::*;
use crate::error::Error;

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
pub fn draw_xy_bands(stem: &Path, title: &str, panels: &[XyPanel]) -> Result<Vec<PathBuf>, Error> {
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
    house_style(&mut chart.configure_mesh())
        .x_labels(8)
        .y_labels(6)
        .x_label_formatter(&tick_label)
        .y_label_formatter(&tick_label)
        .x_desc(p.x_label.as_str())
        .y_desc(p.y_label.as_str())
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
