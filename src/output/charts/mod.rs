//! Charts for workshops: time-series dashboards, bars with intervals, trade-off scatters,
//! bands against a parameter, and heat maps of a grid — each written as PNG (for slides)
//! and SVG (for print and zooming). The only plotters code of the crate: each figure in its
//! file, the house style they share in `style.rs`.
//!
//! The font (DejaVu Sans) is embedded in the binary and registered with plotters once, so
//! the charts look the same on every machine and drawing never depends on which system
//! fonts happen to be installed (the crate builds plotters without font-kit).
//!
//! Colours are colour-blind safe: lines use the Okabe–Ito palette (yellow is left out because
//! it is unreadable on white), and maps use viridis, a perceptually uniform sequential scale
//! that stays legible in greyscale print. Sizes are chosen to be read from the back of a room.

/// Which charts a command draws: the standard figures (dashboards, grids of panels), the
/// 16:9 slides (`slides/`), both (the command line's default) or none (`--no-charts`, and
/// `Default`, for callers that ask for nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChartSet {
    pub standard: bool,
    pub slides: bool,
}

impl ChartSet {
    pub const ALL: ChartSet = ChartSet { standard: true, slides: true };
    pub const NONE: ChartSet = ChartSet { standard: false, slides: false };

    pub fn any(self) -> bool {
        self.standard || self.slides
    }
}

mod bands;
mod bars;
mod lines;
mod maps;
mod posterior;
mod scatter;
pub mod slides;
mod style;

pub use bands::{XyPanel, draw_xy_bands};
pub use bars::{Bar, BarPanel, draw_bars};
pub use lines::{Dashboard, Line, Panel, draw_dashboard};
pub use maps::{MapAxes, draw_grid_map, draw_grid_maps};
pub use posterior::{MarginalPanel, PredictivePanel, draw_marginals, draw_pairs, draw_predictive};
pub use scatter::{Point, draw_tradeoff};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::charts::lines::y_range;
    use crate::output::charts::maps::{bar_ticks, cell_label, colour_scale, viridis};
    use crate::output::charts::style::compact;
    use plotters::style::RGBColor;
    use std::fs;
    use std::path::{Path, PathBuf};

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
