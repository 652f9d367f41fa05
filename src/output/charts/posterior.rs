//! A calibration's charts: each parameter's posterior against its prior, the fitted
//! parameters two by two, and each target against what the prior and the posterior
//! predict.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::*;
use crate::error::Error;

/// One parameter: a weighted histogram of the posterior and the prior's density.
#[derive(Debug, Clone)]
pub struct MarginalPanel {
    pub title: String,
    pub x_label: String,
    /// (lower edge, upper edge, density) of each bin.
    pub bins: Vec<(f64, f64, f64)>,
    /// The prior density on a grid of x values.
    pub prior: Vec<(f64, f64)>,
}

/// One target: its interval (shaded), and the prior and posterior predictive medians with
/// 90% intervals.
#[derive(Debug, Clone)]
pub struct PredictivePanel {
    pub title: String,
    pub target: (f64, f64),
    pub prior: (f64, f64, f64),
    pub posterior: (f64, f64, f64),
}

pub fn draw_marginals(stem: &Path, title: &str, panels: &[MarginalPanel]) -> Result<Vec<PathBuf>, Error> {
    render(stem, &Marginals { title: title.into(), panels: panels.to_vec() })
}

pub fn draw_predictive(stem: &Path, title: &str, panels: &[PredictivePanel]) -> Result<Vec<PathBuf>, Error> {
    render(stem, &Predictive { title: title.into(), panels: panels.to_vec() })
}

/// Weighted particles of two or more parameters, every pair in the lower triangle.
pub fn draw_pairs(
    stem: &Path,
    title: &str,
    names: &[String],
    points: &[Vec<f64>],
    weights: &[f64],
) -> Result<Vec<PathBuf>, Error> {
    render(
        stem,
        &Pairs {
            title: title.into(),
            names: names.to_vec(),
            points: points.to_vec(),
            weights: weights.to_vec(),
        },
    )
}

struct Marginals {
    title: String,
    panels: Vec<MarginalPanel>,
}

impl Figure for Marginals {
    fn size(&self) -> (u32, u32) {
        grid_size(self.panels.len())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        draw_grid(root, &self.title, &self.panels, draw_marginal)
    }
}

fn draw_marginal<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, p: &MarginalPanel) -> DrawResult<(), DB> {
    let xs = p.bins.iter().flat_map(|b| [b.0, b.1]).chain(p.prior.iter().map(|q| q.0));
    let (x0, x1) = xs.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    let (x0, x1) = if x1 > x0 { (x0, x1) } else { (x0 - 1.0, x0 + 1.0) };
    let top = p
        .bins
        .iter()
        .map(|b| b.2)
        .chain(p.prior.iter().map(|q| q.1))
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let top = if is_positive(top) { top * 1.1 } else { 1.0 };
    let mut chart = ChartBuilder::on(area)
        .margin(24)
        .caption(&p.title, (FONT, TITLE_PX, FontStyle::Bold))
        .x_label_area_size(90)
        .y_label_area_size(140)
        .build_cartesian_2d(x0..x1, 0.0..top)?;
    house_style(&mut chart.configure_mesh())
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(&tick_label)
        .y_label_formatter(&tick_label)
        .x_desc(p.x_label.as_str())
        .y_desc("density")
        .draw()?;
    let post = PALETTE[0];
    chart
        .draw_series(
            p.bins.iter().map(|&(a, b, h)| Rectangle::new([(a, 0.0), (b, h)], post.mix(0.55).filled())),
        )?
        .label("posterior")
        .legend(move |(x, y)| Rectangle::new([(x, y - 10), (x + 30, y + 10)], post.mix(0.55).filled()));
    let prior = PALETTE[1];
    chart
        .draw_series(std::iter::once(PathElement::new(p.prior.clone(), prior.stroke_width(LINE_W + 1))))?
        .label("prior")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 30, y)], prior.stroke_width(LINE_W + 1)));
    chart
        .configure_series_labels()
        .label_font((FONT, AXIS_PX))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .position(SeriesLabelPosition::UpperRight)
        .draw()
}

struct Predictive {
    title: String,
    panels: Vec<PredictivePanel>,
}

impl Figure for Predictive {
    fn size(&self) -> (u32, u32) {
        grid_size(self.panels.len())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        draw_grid(root, &self.title, &self.panels, draw_predictive_panel)
    }
}

fn draw_predictive_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    p: &PredictivePanel,
) -> DrawResult<(), DB> {
    let (t0, t1) = p.target;
    let vals = [p.prior.0, p.prior.1, p.prior.2, p.posterior.0, p.posterior.1, p.posterior.2];
    let finite_t = [t0, t1].into_iter().filter(|v| v.is_finite());
    let (lo, hi) = vals
        .into_iter()
        .filter(|v| v.is_finite())
        .chain(finite_t)
        .fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    let (lo, hi) = if hi > lo { (lo, hi) } else { (lo - 1.0, lo + 1.0) };
    let pad = 0.08 * (hi - lo);
    let (y0, y1) = (lo - pad, hi + pad);
    let labels = ["prior", "posterior"];
    let x_label = move |x: &f64| {
        let i = (*x - 0.5).round();
        if (x - 0.5 - i).abs() < 1e-6 && i >= 0.0 {
            labels.get(i as usize).map(|s| s.to_string()).unwrap_or_default()
        } else {
            String::new()
        }
    };
    let mut chart = ChartBuilder::on(area)
        .margin(24)
        .caption(&p.title, (FONT, TITLE_PX, FontStyle::Bold))
        .x_label_area_size(70)
        .y_label_area_size(140)
        .build_cartesian_2d(0.0..2.0, y0..y1)?;
    house_style(&mut chart.configure_mesh())
        .disable_x_mesh()
        .x_labels(5)
        .x_label_formatter(&x_label)
        .y_labels(6)
        .y_label_formatter(&tick_label)
        .y_desc("value")
        .draw()?;
    let band = PALETTE[2];
    let (b0, b1) = (t0.max(y0), t1.min(y1));
    chart
        .draw_series(std::iter::once(Rectangle::new([(0.0, b0), (2.0, b1)], band.mix(0.2).filled())))?
        .label("target")
        .legend(move |(x, y)| Rectangle::new([(x, y - 10), (x + 30, y + 10)], band.mix(0.3).filled()));
    for (i, (m, a, b)) in [p.prior, p.posterior].into_iter().enumerate() {
        let x = i as f64 + 0.5;
        let colour = if i == 0 { PALETTE[1] } else { PALETTE[0] };
        if a.is_finite() && b.is_finite() {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x, a), (x, b)],
                colour.stroke_width(LINE_W + 2),
            )))?;
            for y in [a, b] {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(x - 0.08, y), (x + 0.08, y)],
                    colour.stroke_width(LINE_W + 2),
                )))?;
            }
        }
        if m.is_finite() {
            chart.draw_series(std::iter::once(Circle::new((x, m), 10, colour.filled())))?;
        }
    }
    chart
        .configure_series_labels()
        .label_font((FONT, AXIS_PX))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .position(SeriesLabelPosition::UpperRight)
        .draw()
}

struct Pairs {
    title: String,
    names: Vec<String>,
    points: Vec<Vec<f64>>,
    weights: Vec<f64>,
}

impl Figure for Pairs {
    fn size(&self) -> (u32, u32) {
        let d = self.names.len().saturating_sub(1).max(1) as u32;
        let side = (2400 / d).clamp(420, 900);
        (side * d, HEADER_PX + side * d)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        root.fill(&WHITE)?;
        let (header, body) = root.split_vertically(HEADER_PX);
        draw_headline(&header, &self.title)?;
        let d = self.names.len();
        if d < 2 {
            return Ok(());
        }
        let cells = body.split_evenly((d - 1, d - 1));
        let top = self.weights.iter().copied().fold(0.0, f64::max).max(1e-300);
        let range = |k: usize| {
            let (a, b) =
                self.points.iter().map(|p| p[k]).fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
            if b > a { (a - 0.05 * (b - a), b + 0.05 * (b - a)) } else { (a - 1.0, a + 1.0) }
        };
        // Row r (0-based) plots parameter r + 1 against parameters 0..=r.
        for r in 0..d - 1 {
            for c in 0..d - 1 {
                if c > r {
                    continue;
                }
                let area = &cells[r * (d - 1) + c];
                let (yi, xi) = (r + 1, c);
                let (x0, x1) = range(xi);
                let (y0, y1) = range(yi);
                let mut chart = ChartBuilder::on(area)
                    .margin(12)
                    .x_label_area_size(if r == d - 2 { 70 } else { 30 })
                    .y_label_area_size(if c == 0 { 110 } else { 40 })
                    .build_cartesian_2d(x0..x1, y0..y1)?;
                let mut mesh = chart.configure_mesh();
                house_style(&mut mesh)
                    .x_labels(4)
                    .y_labels(4)
                    .x_label_formatter(&tick_label)
                    .y_label_formatter(&tick_label);
                if r == d - 2 {
                    mesh.x_desc(short(&self.names[xi]));
                }
                if c == 0 {
                    mesh.y_desc(short(&self.names[yi]));
                }
                mesh.draw()?;
                let colour = PALETTE[0];
                chart.draw_series(self.points.iter().zip(&self.weights).map(|(p, w)| {
                    let alpha = 0.15 + 0.6 * (w / top).sqrt();
                    Circle::new((p[xi], p[yi]), 4, colour.mix(alpha).filled())
                }))?;
            }
        }
        Ok(())
    }
}

/// The last two segments of a parameter path, to fit under a small panel.
fn short(path: &str) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    parts[parts.len().saturating_sub(2)..].join(".")
}
