//! What `diypol compare` writes besides each run's own files: all runs and all ticks in one
//! table each, the summary (CSV and Markdown), and charts — indicators as bars with 95%
//! intervals, time series with bands over replicates, crime maps, and the prevention/harm
//! trade-off — labelled from the catalogue.

use std::path::{Path, PathBuf};

use super::summary::{Replicate, Row, to_csv};
use crate::catalogue::{DiyRun, Entry, File, Role, format_number, show};
use crate::error::Error;
use crate::output::charts::{self, Bar, BarPanel, Dashboard, Line, Panel, Point};
use crate::output::folder::{Folder, FolderKind};
use crate::output::metadata::{self, Meta};
use crate::output::weekly;
use crate::scenario::{LoadedScenario, ModelKind};
use crate::stats::mean_ci95;
use crate::table::concat;

/// Metadata of the stacked tables: the comparison's scenarios (resolved, as YAML), the
/// seeds in replicate order, the model and the version.
fn stacked_metadata(loaded: &[LoadedScenario], seeds: &[u64]) -> Meta {
    let first = &loaded[0].scenario;
    let mut scenarios = serde_json::Map::new();
    for l in loaded {
        let yaml: serde_json::Value = serde_saphyr::from_str(&l.scenario.to_yaml()).unwrap_or_default();
        scenarios.insert(l.name().to_string(), yaml);
    }
    let scenarios = serde_saphyr::to_string(&serde_json::Value::Object(scenarios)).unwrap_or_default();
    vec![
        ("diypol.version".into(), env!("CARGO_PKG_VERSION").into()),
        ("diypol.model".into(), first.model.name().into()),
        ("diypol.compare.scenarios".into(), loaded.iter().map(|l| l.name()).collect::<Vec<_>>().join(",")),
        ("diypol.compare.replicates".into(), seeds.len().to_string()),
        ("diypol.seed".into(), first.seed.to_string()),
        ("diypol.seeds".into(), seeds.iter().map(u64::to_string).collect::<Vec<_>>().join(",")),
        ("diypol.scenarios".into(), scenarios),
    ]
}

/// How a comparison is shown: with charts or not, in which language.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    pub charts: bool,
    pub lang: crate::i18n::Lang,
}

/// Writes the comparison's tables and (if `charts`) charts into `dir`; returns the paths.
/// `sources` are the scenario files' texts, kept beside the results (scenarios/NAME.yaml)
/// so the report can quote each scenario's question.
pub fn write(
    dir: &Path,
    loaded: &[LoadedScenario],
    sources: &[String],
    seeds: &[u64],
    results: &[Replicate],
    robust: Option<&[super::ensemble::RobustRow]>,
    look: Look,
) -> Result<Vec<PathBuf>, Error> {
    let Look { charts, lang } = look;
    let names: Vec<String> = loaded.iter().map(|l| l.name().to_string()).collect();
    let model = loaded[0].scenario.model;
    let replicates = seeds.len() as u32;
    let mut folder = Folder::open(dir, FolderKind::Compare, "compare", stacked_metadata(loaded, seeds))?;
    for (file, name) in [(File::Runs, "runs.parquet"), (File::Ticks, "ticks.parquet")] {
        let parts: Vec<_> =
            results.iter().map(|r| if file == File::Runs { &r.run.row } else { &r.run.ticks }).collect();
        let stacked = concat(&parts);
        folder.parquet_with(name, &stacked, &[metadata::columns(model, file, &stacked)])?;
    }
    let rows = super::effectiveness::summary_rows(&names, results);
    folder.text("summary.csv", &to_csv(&rows))?;
    for (name, text) in names.iter().zip(sources) {
        folder.text(&format!("scenarios/{name}.yaml"), text)?;
    }
    if let Some(robust) = robust {
        folder.text("robust.csv", &super::ensemble::to_csv(robust))?;
        let lines: Vec<String> =
            super::ensemble::headlines(robust, model).into_iter().map(|h| format!("- {h}\n")).collect();
        folder.text("robust.md", &lines.concat())?;
        let panels = robust_panels(robust, model);
        if charts && !panels.is_empty() {
            let title =
                format!("Difference from {} over plausible worlds (mean, 90% of posterior draws)", names[0]);
            folder.chart("compare_robust", |stem| charts::draw_bars(stem, &title, &panels))?;
        }
    }
    if charts {
        let title = format!("diypol — {} ({} replicates, 95% intervals)", names.join(" vs "), replicates);
        let panels = bar_panels(&names, &rows, model);
        if !panels.is_empty() {
            folder.chart("compare_indicators", |stem| charts::draw_bars(stem, &title, &panels))?;
        }
        let series = series_panels(&names, results, model);
        if !series.is_empty() {
            let d = Dashboard { title: title.clone(), x_label: "Day".into(), panels: series };
            folder.chart("compare_series", |stem| charts::draw_dashboard(stem, &d))?;
        }
        if let Some((w, h, maps)) = crime_maps(&names, results) {
            folder.chart("compare_crime_maps", |stem| {
                charts::draw_grid_maps(
                    stem,
                    "Street crimes per cell over the run (mean of replicates)",
                    "Crimes",
                    w,
                    h,
                    &maps,
                    None,
                )
            })?;
        }
        if let Some(points) = tradeoff_points(&names, &rows) {
            folder.chart("compare_tradeoff", |stem| {
                charts::draw_tradeoff(
                    stem,
                    &format!("Prevention and harm against {} (labels: cost)", names[0]),
                    "Crimes prevented per 1,000 residents per year",
                    "Innocents publicly named per 100,000",
                    &points,
                )
            })?;
        }
    }
    let mut written = folder.commit()?;
    written.extend(super::report::write_report(dir, lang)?);
    Ok(written)
}

/// Each charted indicator's difference from the first scenario over posterior draws, with
/// the share of draws in which each scenario does better in the label.
fn robust_panels(rows: &[super::ensemble::RobustRow], model: ModelKind) -> Vec<BarPanel> {
    let mut panels: Vec<BarPanel> = Vec::new();
    for r in rows {
        let Some(e) =
            crate::catalogue::find(File::Runs, model, &r.indicator).filter(|e| e.shown(show::CHART))
        else {
            continue;
        };
        let (Some(mean), Some(lo), Some(hi)) = (r.diff, r.diff_q05, r.diff_q95) else { continue };
        let label = match r.share_better {
            Some(b) => format!("{} (better in {:.0}%)", r.scenario, 100.0 * b),
            None => r.scenario.clone(),
        };
        let title = e.label_of(e.matches(&r.indicator).unwrap_or(""));
        let bar = Bar { label, mean, lo, hi };
        match panels.iter_mut().find(|p| p.title == title) {
            Some(p) => p.bars.push(bar),
            None => {
                panels.push(BarPanel { title, y_label: format!("difference ({})", e.unit), bars: vec![bar] })
            }
        }
    }
    panels
}

/// The indicators the catalogue charts, as bars per scenario.
fn bar_panels(names: &[String], rows: &[Row], model: ModelKind) -> Vec<BarPanel> {
    let charted = |e: &&Entry| e.role == Role::Indicator && e.shown(show::CHART) && !e.is_family();
    crate::catalogue::of(File::Runs, model)
        .filter(charted)
        .filter_map(|e| {
            let of: Vec<&Row> = rows.iter().filter(|r| r.indicator == e.name).collect();
            (of.len() == names.len() && of.iter().any(|r| r.mean.is_some())).then(|| BarPanel {
                title: e.label.to_string(),
                y_label: e.unit.to_string(),
                bars: of
                    .iter()
                    .map(|r| Bar {
                        label: r.scenario.clone(),
                        mean: r.mean.unwrap_or(f64::NAN),
                        lo: r.lo.unwrap_or(f64::NAN),
                        hi: r.hi.unwrap_or(f64::NAN),
                    })
                    .collect(),
            })
        })
        .collect()
}

/// Per scenario, the mean over replicates of each daily column the catalogue charts, with
/// its 95% band.
fn series_panels(names: &[String], results: &[Replicate], model: ModelKind) -> Vec<Panel> {
    let charted = |e: &&Entry| e.role == Role::Indicator && e.shown(show::CHART);
    crate::catalogue::of(File::Ticks, model)
        .filter(charted)
        .filter_map(|e| {
            let smooth = e.shown(show::WEEKLY);
            let lines: Vec<Line> = names
                .iter()
                .enumerate()
                .filter_map(|(s, name)| {
                    let reps: Vec<Vec<f64>> = results
                        .iter()
                        .filter(|r| r.scenario == s)
                        .filter_map(|r| r.run.ticks.get(e.name).map(|c| c.as_f64()))
                        .map(|v| if smooth { weekly(&v) } else { v })
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
            let unit = if smooth { format!("{} (7-day mean)", e.unit) } else { e.unit.to_string() };
            (lines.len() == names.len()).then(|| Panel {
                title: format!("{} (mean, 95% band)", e.label),
                y_label: capitalise(&unit),
                lines,
            })
        })
        .collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().collect::<String>() + c.as_str())
}

/// Grid width, height, and one (scenario, values per cell) map per scenario.
type Maps = (usize, usize, Vec<(String, Vec<f64>)>);

/// Per scenario, the mean over replicates of street crimes per cell, when all runs share
/// one grid.
fn crime_maps(names: &[String], results: &[Replicate]) -> Option<Maps> {
    let first = results.first()?.run.crime_map.as_ref()?;
    let (w, h) = (first.width, first.height);
    let maps = names
        .iter()
        .enumerate()
        .map(|(s, name)| {
            let mine: Vec<&Vec<f64>> = results
                .iter()
                .filter(|r| r.scenario == s)
                .map(|r| {
                    r.run.crime_map.as_ref().filter(|m| (m.width, m.height) == (w, h)).map(|m| &m.values)
                })
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
    let get = |id: DiyRun, s: &str| rows.iter().find(|r| r.indicator == id.name() && r.scenario == s);
    let v = |x: Option<f64>| x.unwrap_or(f64::NAN);
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let crimes = get(DiyRun::CrimesPer1000Year, n)?;
            let harm = get(DiyRun::InnocentsNamedPer100k, n)?;
            let cost = get(DiyRun::CostEurPerResidentYear, n).and_then(|r| r.mean).unwrap_or(f64::NAN);
            let prevented = if i == 0 {
                (0.0, f64::NAN, f64::NAN)
            } else {
                (-v(crimes.diff), -v(crimes.diff_hi), -v(crimes.diff_lo))
            };
            Some(Point {
                label: format!("{n} (€{})", format_number(cost)),
                x: prevented,
                y: (v(harm.mean), v(harm.lo), v(harm.hi)),
            })
        })
        .collect()
}
