//! What `diypol compare` writes besides each run's own files: all runs and all ticks in one
//! table each, the summary (CSV and Markdown), and charts — indicators as bars with 95%
//! intervals, time series with bands over replicates, crime maps, and the prevention/harm
//! trade-off — labelled from the catalogue.

use std::path::{Path, PathBuf};

use super::summary::{Replicate, Row, to_csv};
use crate::catalogue::{DiyRun, Entry, File, Role, show};
use crate::error::Error;
use crate::i18n::Lang;
use crate::output::charts::slides::{self, IntervalRow, Slide, TradePoint};
use crate::output::charts::{self, Bar, BarPanel, Dashboard, Line, Panel, Point};
use crate::output::folder::{Folder, FolderKind};
use crate::output::metadata::{self, Meta};
use crate::output::weekly;
use crate::scenario::{LoadedScenario, ModelKind};
use crate::stats::mean_ci95_within;
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

/// Draws a chart of the comparison if `set` asks for its kind (`slides/…` or standard).
fn chart(
    folder: &mut Folder,
    set: charts::ChartSet,
    stem: &str,
    draw: impl FnOnce(&Path) -> Result<Vec<PathBuf>, Error>,
) -> Result<(), Error> {
    let wanted = if stem.starts_with("slides/") { set.slides } else { set.standard };
    if wanted { folder.chart(stem, draw) } else { Ok(()) }
}

/// How a comparison is shown: which charts, in which language.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    pub charts: charts::ChartSet,
    pub lang: Lang,
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
    let Look { charts: set, lang } = look;
    let charts = set.any();
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
        let panels = robust_panels(robust, model, lang);
        if charts && !panels.is_empty() {
            let title = lang.phrase("chart_robust_title", &[&names[0]]);
            chart(&mut folder, set, "compare_robust", |stem| charts::draw_bars(stem, &title, &panels))?;
        }
    }
    if charts {
        // The names, or their number when they would not fit on one line.
        let which = if names.len() <= 4 {
            names.join(" · ")
        } else {
            lang.phrase("n_scenarios", &[&names.len().to_string()])
        };
        let title = lang.phrase("chart_compare_title", &[&which, &replicates.to_string()]);
        let reps = replicates.to_string();
        let panels = bar_panels(&names, &rows, model, lang);
        if !panels.is_empty() {
            chart(&mut folder, set, "compare_indicators", |stem| charts::draw_bars(stem, &title, &panels))?;
            // One slide per indicator: a row per scenario, its value written beside it.
            for (k, p) in panels.iter().enumerate() {
                let slide = Slide::Intervals {
                    title: p.title.clone(),
                    subtitle: lang.phrase("chart_mean_interval", &[&reps]),
                    unit: p.y_label.clone(),
                    rows: p
                        .bars
                        .iter()
                        .map(|b| IntervalRow {
                            label: b.label.clone(),
                            mean: b.mean,
                            lo: b.lo,
                            hi: b.hi,
                            value: format!(
                                "{} {}",
                                lang.number(b.mean),
                                lang.bracket(&lang.number(b.lo), &lang.number(b.hi))
                            ),
                        })
                        .collect(),
                };
                chart(&mut folder, set, &format!("slides/compare_indicators-{}", k + 1), |stem| {
                    slides::draw_slide(stem, &slide)
                })?;
            }
        }
        let series = series_panels(&names, results, model, lang);
        if !series.is_empty() {
            let x_label = lang.phrase("axis_day", &[]);
            let d = Dashboard { title: title.clone(), x_label: x_label.clone(), panels: series.clone() };
            chart(&mut folder, set, "compare_series", |stem| charts::draw_dashboard(stem, &d))?;
            // The first series alone (the key trajectory), then every panel on 16:9 pages.
            let first = Slide::Trajectories {
                title: series[0].title.clone(),
                subtitle: lang.phrase("chart_mean_band", &[&reps]),
                x_label: x_label.clone(),
                panels: vec![slides::TrajectoryPanel {
                    title: String::new(),
                    ..slides::trajectory(&series[0])
                }],
            };
            chart(&mut folder, set, "slides/compare_series-0", |stem| slides::draw_slide(stem, &first))?;
            let page = |k: usize, n: usize| lang.phrase("chart_page", &[&k.to_string(), &n.to_string()]);
            let heading = lang.phrase("chart_daily_series", &[&reps]);
            for (k, slide) in slides::pages(&heading, &x_label, &series, page).iter().enumerate() {
                chart(&mut folder, set, &format!("slides/compare_series-page-{}", k + 1), |stem| {
                    slides::draw_slide(stem, slide)
                })?;
            }
        }
        if let Some((w, h, maps)) = crime_maps(&names, results) {
            let title = lang.phrase("chart_crime_maps", &[]);
            let legend = lang.text("Crimes").to_string();
            chart(&mut folder, set, "compare_crime_maps", |stem| {
                charts::draw_grid_maps(stem, &title, &legend, w, h, &maps, None)
            })?;
        }
        if let Some(points) = tradeoff_points(&names, &rows, lang) {
            let title = lang.phrase("chart_tradeoff_title", &[]);
            let x_label = lang.phrase("chart_crimes_prevented", &[&names[0]]);
            let y_label = lang.phrase("chart_innocents", &[]);
            chart(&mut folder, set, "compare_tradeoff", |stem| {
                charts::draw_tradeoff(stem, &title, &x_label, &y_label, &points)
            })?;
            let slide = Slide::Tradeoff {
                title,
                subtitle: lang.phrase("chart_tradeoff_labels", &[]),
                x_label,
                y_label,
                points: points
                    .iter()
                    .map(|p| TradePoint { label: p.label.clone(), x: p.x.0, y: p.y.0 })
                    .collect(),
            };
            chart(&mut folder, set, "slides/compare_tradeoff", |stem| slides::draw_slide(stem, &slide))?;
        }
    }
    let mut written = folder.commit()?;
    written.extend(super::report::write_report(dir, lang)?);
    Ok(written)
}

/// Each charted indicator's difference from the first scenario over posterior draws, with
/// the share of draws in which each scenario does better in the label.
fn robust_panels(rows: &[super::ensemble::RobustRow], model: ModelKind, lang: Lang) -> Vec<BarPanel> {
    let mut panels: Vec<BarPanel> = Vec::new();
    for r in rows {
        let Some(e) =
            crate::catalogue::find(File::Runs, model, &r.indicator).filter(|e| e.shown(show::CHART))
        else {
            continue;
        };
        let (Some(mean), Some(lo), Some(hi)) = (r.diff, r.diff_q05, r.diff_q95) else { continue };
        let label = match r.share_better {
            Some(b) => format!("{} ({})", r.scenario, lang.phrase("better_in", &[&lang.percent(b, 0)])),
            None => r.scenario.clone(),
        };
        let title = label_of(e, &r.indicator, lang);
        let bar = Bar { label, mean, lo, hi };
        match panels.iter_mut().find(|p| p.title == title) {
            Some(p) => p.bars.push(bar),
            None => {
                let y_label = lang.phrase("difference_unit", &[lang.text(e.unit)]);
                panels.push(BarPanel { title, y_label, bars: vec![bar] })
            }
        }
    }
    panels
}

/// An entry's label for `column` (a family member named) in `lang`.
fn label_of(e: &Entry, column: &str, lang: Lang) -> String {
    super::verdict::label(lang, e.label, e.name, e.matches(column).unwrap_or(""))
}

/// The indicators the catalogue charts, as bars per scenario.
fn bar_panels(names: &[String], rows: &[Row], model: ModelKind, lang: Lang) -> Vec<BarPanel> {
    let charted = |e: &&Entry| e.role == Role::Indicator && e.shown(show::CHART) && !e.is_family();
    crate::catalogue::of(File::Runs, model)
        .filter(charted)
        .filter_map(|e| {
            let of: Vec<&Row> = rows.iter().filter(|r| r.indicator == e.name).collect();
            (of.len() == names.len() && of.iter().any(|r| r.mean.is_some())).then(|| BarPanel {
                title: label_of(e, e.name, lang),
                y_label: lang.text(e.unit).to_string(),
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
fn series_panels(names: &[String], results: &[Replicate], model: ModelKind, lang: Lang) -> Vec<Panel> {
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
                    // Bands stay where the quantity can be (a share in [0, 1], a count ≥ 0).
                    let stats: Vec<(f64, f64, f64)> = (0..days)
                        .map(|d| {
                            mean_ci95_within(&reps.iter().map(|v| v[d]).collect::<Vec<_>>(), e.kind.bounds())
                        })
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
            let unit = lang.text(e.unit);
            let unit = if smooth { lang.phrase("weekly_mean", &[unit]) } else { unit.to_string() };
            (lines.len() == names.len()).then(|| Panel {
                title: label_of(e, e.name, lang),
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
fn tradeoff_points(names: &[String], rows: &[Row], lang: Lang) -> Option<Vec<Point>> {
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
                label: format!("{n} ({})", lang.phrase("chart_cost_label", &[&lang.number(cost)])),
                x: prevented,
                y: (v(harm.mean), v(harm.lo), v(harm.hi)),
            })
        })
        .collect()
}
