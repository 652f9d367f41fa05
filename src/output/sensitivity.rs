//! What `diypol sensitivity` writes into a sweep folder: the indices as CSV and Markdown,
//! Sobol indices as bars with intervals, and Morris μ*–σ plots.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::charts::{self, Bar, BarPanel, Point};
use super::{Folder, OutputError};
use crate::compare::fmt_num;
use crate::sensitivity::IndexRow;

/// The indices as CSV (one row per indicator, parameter and index).
pub fn to_csv(rows: &[IndexRow]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let num = |x: f64| if x.is_finite() { format!("{x}") } else { String::new() };
    let _ = w.write_record(["indicator", "parameter", "index", "value", "conf95"]);
    for r in rows {
        let _ = w.write_record([
            r.indicator.clone(),
            r.parameter.clone(),
            r.index.clone(),
            num(r.value),
            num(r.conf),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A table per indicator: parameters down, indices across, value ± interval.
pub fn to_markdown(rows: &[IndexRow]) -> String {
    let mut s = String::new();
    let mut indicators: Vec<&str> = rows.iter().map(|r| r.indicator.as_str()).collect();
    indicators.dedup();
    for ind in indicators {
        let mine: Vec<&IndexRow> = rows.iter().filter(|r| r.indicator == ind).collect();
        let mut indices: Vec<&str> = mine.iter().map(|r| r.index.as_str()).collect();
        indices.sort();
        indices.dedup();
        let mut params: Vec<&str> = mine.iter().map(|r| r.parameter.as_str()).collect();
        params.dedup();
        let _ = writeln!(
            s,
            "\n### `{ind}`\n\n| parameter | {} |\n|---|{}",
            indices.join(" | "),
            "---|".repeat(indices.len())
        );
        for p in params {
            let cells: Vec<String> = indices
                .iter()
                .map(|i| {
                    mine.iter().find(|r| r.parameter == p && r.index == *i).map_or(String::new(), |r| {
                        if r.conf.is_finite() {
                            format!("{} ± {}", fmt_num(r.value), fmt_num(r.conf))
                        } else {
                            fmt_num(r.value)
                        }
                    })
                })
                .collect();
            let _ = writeln!(s, "| `{p}` | {} |", cells.join(" | "));
        }
    }
    s
}

/// Writes sensitivity.csv, sensitivity.md and the charts into the sweep folder `dir`.
pub fn write(dir: &Path, rows: &[IndexRow]) -> Result<Vec<PathBuf>, OutputError> {
    let mut folder = Folder::create(dir, Vec::new())?;
    folder.text("sensitivity.csv", &to_csv(rows))?;
    folder.text("sensitivity.md", &to_markdown(rows))?;
    let mut written = folder.written;
    let mut indicators: Vec<&str> = rows.iter().map(|r| r.indicator.as_str()).collect();
    indicators.dedup();
    let sobol = rows.iter().any(|r| r.index == "S1");
    if sobol {
        let panels: Vec<BarPanel> = indicators
            .iter()
            .flat_map(|ind| {
                [("S1", "first-order"), ("ST", "total")].map(|(index, label)| BarPanel {
                    title: format!("{ind}: {label}"),
                    y_label: "Sobol index".into(),
                    bars: rows
                        .iter()
                        .filter(|r| r.indicator == *ind && r.index == index)
                        .map(|r| Bar {
                            label: r.parameter.clone(),
                            mean: r.value,
                            lo: r.value - r.conf,
                            hi: r.value + r.conf,
                        })
                        .collect(),
                })
            })
            .collect();
        written.extend(charts::draw_bars(
            &dir.join("sensitivity_sobol"),
            "Sobol indices (95% bootstrap intervals)",
            &panels,
        )?);
    } else {
        for ind in indicators {
            let get = |p: &str, i: &str| {
                rows.iter().find(|r| r.indicator == ind && r.parameter == p && r.index == i)
            };
            let mut params: Vec<&str> =
                rows.iter().filter(|r| r.indicator == ind).map(|r| r.parameter.as_str()).collect();
            params.dedup();
            let points: Vec<Point> = params
                .iter()
                .filter_map(|p| {
                    let (m, s) = (get(p, "mu_star")?, get(p, "sigma")?);
                    Some(Point {
                        label: p.to_string(),
                        x: (m.value, m.value - m.conf, m.value + m.conf),
                        y: (s.value, f64::NAN, f64::NAN),
                    })
                })
                .collect();
            written.extend(charts::draw_tradeoff(
                &dir.join(format!("sensitivity_morris_{ind}")),
                &format!("Morris elementary effects: {ind}"),
                "μ* (mean |effect|), 95% interval",
                "σ (spread of effects: interactions, non-linearity)",
                &points,
            )?);
        }
    }
    Ok(written)
}
