//! A trade-off: labelled points with interval whiskers on both axes.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::*;
use crate::error::Error;

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
) -> Result<Vec<PathBuf>, Error> {
    let fig = Tradeoff {
        title: title.into(),
        x_label: x_label.into(),
        y_label: y_label.into(),
        points: points.to_vec(),
    };
    render(stem, &fig)
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
        house_style(&mut chart.configure_mesh())
            .x_labels(8)
            .y_labels(8)
            .x_label_formatter(&tick_label)
            .y_label_formatter(&tick_label)
            .x_desc(self.x_label.as_str())
            .y_desc(self.y_label.as_str())
            .draw()?;
        for (i, p) in self.points.iter().enumerate() {
            let colour = series_style(i).colour;
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
