//! What `diypol compare` writes besides each run's own files: all runs and all ticks in one
//! table each, the summary (CSV and Markdown), and charts — indicators as bars with 95%
//! intervals, time series with bands over replicates, and the prevention/harm trade-off.

use std::path::{Path, PathBuf};

use super::charts::{self, Bar, BarPanel, Dashboard, Line, Panel, Point};
use super::{Folder, OutputError};
use crate::compare::{Row, concat, summarize, to_csv, to_markdown};
use crate::stats::mean_ci95;
use crate::sweep::RunResult;

/// Indicators shown as bars, with their axis labels; those a model lacks are skipped.
const BARS: &[(&str, &str, &str)] = &[
    ("crimes_per_1000_year", "Crimes", "per 1,000 residents per year"),
    ("share_reported", "Reported to police", "share of crimes"),
    ("share_cleared", "Cleared", "share of recorded crimes"),
    ("share_cleared_with_citizens", "Clearances helped by citizens", "share of clearances"),
    ("innocents_named_per_100k", "Innocents publicly named", "per 100,000 residents"),
    ("wrongful_arrests", "Wrongful arrests", "over the run"),
    ("vigilante_injuries", "Injuries by vigilantes", "over the run"),
    ("final_mean_trust", "Trust in police at the end", "population mean (0–1)"),
    ("cost_eur_per_resident_year", "Cost", "EUR per resident per year"),
    ("tips_received", "Citizens' tips received", "over the run"),
    ("mean_active", "Active citizens", "mean per tick"),
    ("max_active", "Most active at once", "citizens"),
    ("mean_jailed", "Jailed citizens", "mean per tick"),
    ("outbursts", "Outbursts", "per run"),
    ("median_gap", "Time between outbursts", "ticks (median)"),
    ("arrests_per_tick", "Arrests", "per tick"),
];

/// Daily series shown with bands: column, title, y label, 7-day smoothing.
const SERIES: &[(&str, &str, &str, bool)] = &[
    ("crimes", "Crimes", "Crimes per day (7-day mean)", true),
    ("mean_trust", "Trust in police", "Population mean (0–1)", false),
    ("backlog", "Response backlog", "Calls waiting (7-day mean)", true),
    ("watch_members", "Watch members", "Citizens", false),
    ("active", "Active citizens", "Citizens", false),
    ("jailed", "Jailed citizens", "Citizens", false),
];

fn metadata(names: &[String], results: &[RunResult], replicates: u32) -> Vec<(String, String)> {
    vec![
        ("diypol.version".into(), env!("CARGO_PKG_VERSION").into()),
        ("diypol.compare.scenarios".into(), names.join(",")),
        ("diypol.compare.replicates".into(), replicates.to_string()),
        ("diypol.compare.seeds".into(), {
            let mut seeds: Vec<u64> = results.iter().map(|r| r.job.seed).collect();
            seeds.sort();
            seeds.dedup();
            seeds.iter().map(u64::to_string).collect::<Vec<_>>().join(",")
        }),
    ]
}

/// Writes the comparison's tables and (if `charts`) charts into `dir`; returns the paths.
/// `sources` are the scenario files' texts, kept beside the results (scenarios/NAME.yaml)
/// so the report can quote each scenario's question.
pub fn write(
    dir: &Path,
    names: &[String],
    sources: &[String],
    results: &[RunResult],
    replicates: u32,
    charts: bool,
) -> Result<Vec<PathBuf>, OutputError> {
    let mut folder = Folder::create(dir, metadata(names, results, replicates))?;
    folder.parquet("runs.parquet", concat(&results.iter().map(|r| &r.runs).collect::<Vec<_>>()))?;
    folder.parquet("ticks.parquet", concat(&results.iter().map(|r| &r.ticks).collect::<Vec<_>>()))?;
    let rows = summarize(names, results);
    folder.text("summary.csv", &to_csv(&rows))?;
    folder.text("summary.md", &to_markdown(names, &rows, replicates))?;
    for (name, text) in names.iter().zip(sources) {
        folder.text(&format!("scenarios/{name}.yaml"), text)?;
    }
    let mut written = folder.written;
    if charts {
        let title = format!("diypol — {} ({} replicates, 95% intervals)", names.join(" vs "), replicates);
        let panels = bar_panels(names, &rows);
        if !panels.is_empty() {
            written.extend(charts::draw_bars(&dir.join("compare_indicators"), &title, &panels)?);
        }
        let series = series_panels(names, results);
        if !series.is_empty() {
            let d = Dashboard { title: title.clone(), x_label: "Day".into(), panels: series };
            written.extend(charts::draw_dashboard(&dir.join("compare_series"), &d)?);
        }
        if let Some((w, h, maps)) = crime_maps(names, results) {
            written.extend(charts::draw_grid_maps(
                &dir.join("compare_crime_maps"),
                "Street crimes per cell over the run (mean of replicates)",
                "Crimes",
                w,
                h,
                &maps,
                None,
            )?);
        }
        if let Some(points) = tradeoff_points(names, &rows) {
            written.extend(charts::draw_tradeoff(
                &dir.join("compare_tradeoff"),
                &format!("Prevention and harm against {} (labels: cost)", names[0]),
                "Crimes prevented per 1,000 residents per year",
                "Innocents publicly named per 100,000",
                &points,
            )?);
        }
    }
    let report = super::report::write_report(dir).map_err(|e| OutputError::Io {
        path: dir.join("report.html"),
        source: std::io::Error::other(e.to_string()),
    })?;
    written.push(report);
    Ok(written)
}

fn bar_panels(names: &[String], rows: &[Row]) -> Vec<BarPanel> {
    BARS.iter()
        .filter_map(|(ind, title, unit)| {
            let of: Vec<&Row> = rows.iter().filter(|r| r.indicator == *ind).collect();
            (of.len() == names.len() && of.iter().any(|r| r.mean.is_finite())).then(|| BarPanel {
                title: title.to_string(),
                y_label: unit.to_string(),
                bars: of
                    .iter()
                    .map(|r| Bar { label: r.scenario.clone(), mean: r.mean, lo: r.lo, hi: r.hi })
                    .collect(),
            })
        })
        .collect()
}

/// Per scenario, the mean over replicates of a daily column, with its 95% band.
fn series_panels(names: &[String], results: &[RunResult]) -> Vec<Panel> {
    let series = |r: &RunResult, col: &str, smooth: bool| -> Option<Vec<f64>> {
        let v = r.ticks.get(col)?.as_f64();
        Some(if smooth { super::weekly(&v) } else { v })
    };
    SERIES
        .iter()
        .filter_map(|(col, title, y_label, smooth)| {
            let lines: Vec<Line> = names
                .iter()
                .enumerate()
                .filter_map(|(s, name)| {
                    let reps: Vec<Vec<f64>> = results
                        .iter()
                        .filter(|r| r.job.scenario == s)
                        .filter_map(|r| series(r, col, *smooth))
                        .collect();
                    let days = reps.iter().map(Vec::len).min()?;
                    let stats: Vec<(f64, f64, f64)> = (0..days)
                        .map(|d| mean_ci95(&reps.iter().map(|v| v[d]).collect::<Vec<_>>()))
                        .collect();
                    Some(Line {
                        label: name.clone(),
                        values: stats.iter().map(|s| s.0).collect(),
                        band: Some((
                            stats.iter().map(|s| s.1).collect(),
                            stats.iter().map(|s| s.2).collect(),
                        )),
                    })
                })
                .collect();
            (lines.len() == names.len()).then(|| Panel {
                title: format!("{title} (mean, 95% band)"),
                y_label: y_label.to_string(),
                lines,
            })
        })
        .collect()
}

/// Grid width, height, and one (scenario, values per cell) map per scenario.
type Maps = (usize, usize, Vec<(String, Vec<f64>)>);

/// Per scenario, the mean over replicates of street crimes per cell, when all runs share
/// one grid.
fn crime_maps(names: &[String], results: &[RunResult]) -> Option<Maps> {
    let (w, h, _) = results.first()?.cell_crimes.as_ref()?;
    let (w, h) = (*w, *h);
    let maps = names
        .iter()
        .enumerate()
        .map(|(s, name)| {
            let mine: Vec<&Vec<f64>> = results
                .iter()
                .filter(|r| r.job.scenario == s)
                .map(|r| r.cell_crimes.as_ref().filter(|(rw, rh, _)| (*rw, *rh) == (w, h)).map(|(_, _, v)| v))
                .collect::<Option<_>>()?;
            let n = mine.len().max(1) as f64;
            let mean = (0..w * h).map(|c| mine.iter().map(|v| v[c]).sum::<f64>() / n).collect();
            Some((name.clone(), mean))
        })
        .collect::<Option<Vec<_>>>()?;
    Some((w, h, maps))
}

/// Crimes prevented (the first scenario minus each, paired) against innocents named.
fn tradeoff_points(names: &[String], rows: &[Row]) -> Option<Vec<Point>> {
    let get = |ind: &str, s: &str| rows.iter().find(|r| r.indicator == ind && r.scenario == s);
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let crimes = get("crimes_per_1000_year", n)?;
            let harm = get("innocents_named_per_100k", n)?;
            let cost = get("cost_eur_per_resident_year", n).map_or(f64::NAN, |r| r.mean);
            let prevented = if i == 0 {
                (0.0, f64::NAN, f64::NAN)
            } else {
                (-crimes.diff, -crimes.diff_hi, -crimes.diff_lo)
            };
            Some(Point {
                label: format!("{n} (€{})", crate::compare::fmt_num(cost)),
                x: prevented,
                y: (harm.mean, harm.lo, harm.hi),
            })
        })
        .collect()
}
