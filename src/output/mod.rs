//! Everything a run writes: Parquet tables and charts, all atomically (MODEL.md §9).

pub mod atomic;
pub mod charts;
pub mod civil_violence;
pub mod compare;
pub mod parquet;
pub mod report;
pub mod sensitivity;
pub mod sweep;

use std::path::{Path, PathBuf};

use crate::recorder::{Column, Table};
use crate::run::RunData;
use crate::world::{Awareness, Status};
use charts::{Dashboard, Line, Panel};

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write {}: {source}\n  hint: check that the output folder is writable and the disk is not full", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot write Parquet file {}: {message}", path.display())]
    Parquet { path: PathBuf, message: String },
    #[error(transparent)]
    Chart(#[from] charts::ChartError),
}

impl From<std::io::Error> for OutputError {
    fn from(source: std::io::Error) -> Self {
        OutputError::Io { path: PathBuf::new(), source }
    }
}

/// Metadata stored in every Parquet file of a run.
pub fn metadata(run: &RunData) -> Vec<(String, String)> {
    scenario_metadata(&run.scenario)
}

/// Version, model, name, seed and the resolved scenario as YAML: enough to rerun it.
pub fn scenario_metadata(s: &crate::scenario::Scenario) -> Vec<(String, String)> {
    vec![
        ("diypol.version".into(), env!("CARGO_PKG_VERSION").into()),
        ("diypol.model".into(), s.model.name().into()),
        ("diypol.scenario_name".into(), s.name.clone().unwrap_or_default()),
        ("diypol.seed".into(), s.seed.to_string()),
        ("diypol.scenario".into(), s.to_yaml()),
    ]
}

/// Columns identifying a run, prepended to every per-run table.
fn id_columns(run: &RunData, rows: usize) -> Table {
    let mut t = Table::default();
    t.push("scenario", Column::Str(vec![run.scenario.name.clone().unwrap_or_default(); rows]));
    t.push("replicate", Column::U32(vec![run.replicate; rows]));
    t.push("seed", Column::Str(vec![run.scenario.seed.to_string(); rows]));
    t
}

fn with_ids(run: &RunData, table: &Table) -> Table {
    let mut t = id_columns(run, table.rows());
    t.names.extend(table.names.iter().cloned());
    t.columns.extend(table.columns.iter().cloned());
    t
}

/// The per-day rows of a run, with its identifiers.
pub fn ticks_table(run: &RunData) -> Table {
    with_ids(run, &run.recorder.ticks)
}

/// The per-run row: identifiers, main settings and indicators.
pub fn runs_table(run: &RunData) -> Table {
    let mut t = id_columns(run, 1);
    let s = &run.scenario;
    let lv = s.policy.levers();
    t.push("population", Column::U32(vec![run.population]));
    t.push("days", Column::U32(vec![s.days]));
    t.push("stance", Column::Str(vec![enum_name(&s.policy.stance)]));
    t.push("patrol", Column::Str(vec![enum_name(&lv.patrol)]));
    t.push("officers_per_1000", Column::F64(vec![s.policy.officers_per_1000]));
    for (name, value) in &run.indicators {
        t.push(name.clone(), Column::F64(vec![*value]));
    }
    t
}

pub(crate) fn enum_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|j| j.as_str().map(str::to_string)).unwrap_or_default()
}

fn cells_table(run: &RunData) -> Table {
    let w = &run.world;
    let city = &w.city;
    let cells = city.cells();
    let n_types = w.types.len();
    let mut t = Table::default();
    t.push("x", Column::U32((0..cells as u32).map(|c| c % city.width).collect()));
    t.push("y", Column::U32((0..cells as u32).map(|c| c / city.width).collect()));
    t.push("residents", Column::U32((0..cells).map(|c| city.residents(c).len() as u32).collect()));
    t.push("attractiveness", Column::F64(city.a0.iter().map(|&a| a as f64).collect()));
    t.push("crimes", Column::U32(w.totals.cell_crimes.clone()));
    for (k, (name, ty)) in w.types.iter().enumerate() {
        if !ty.online {
            let col = (0..cells).map(|c| w.totals.cell_type_crimes[c * n_types + k]).collect();
            t.push(format!("crimes_{name}"), Column::U32(col));
        }
    }
    t.push("recorded", Column::U32(w.totals.cell_recorded.clone()));
    t
}

fn events_table(run: &RunData) -> Table {
    let w = &run.world;
    let first = w.cases.all.partition_point(|c| c.tick < w.burn_in);
    let cases = &w.cases.all[first..];
    let opt_tick = |t: u32| if t == u32::MAX { None } else { Some(t as f64 - w.burn_in as f64) };
    let opt_id = |v: u32| if v == u32::MAX { None } else { Some(v as f64) };
    let mut t = Table::default();
    t.push("case", Column::U32((first as u32..w.cases.all.len() as u32).collect()));
    t.push("tick", Column::U32(cases.iter().map(|c| c.tick - w.burn_in).collect()));
    t.push("cell", Column::U32(cases.iter().map(|c| c.cell).collect()));
    t.push("type", Column::Str(cases.iter().map(|c| w.types[c.ctype as usize].0.clone()).collect()));
    t.push("offender", Column::U32(cases.iter().map(|c| w.offenders.citizen[c.offender as usize]).collect()));
    t.push("victim", Column::OptF64(cases.iter().map(|c| opt_id(c.victim)).collect()));
    t.push("witnesses", Column::U32(cases.iter().map(|c| c.witnesses as u32).collect()));
    t.push("reported", Column::U32(cases.iter().map(|c| c.reported as u32).collect()));
    t.push("posted", Column::U32(cases.iter().map(|c| c.posted as u32).collect()));
    t.push("watch_alert", Column::U32(cases.iter().map(|c| c.alert as u32).collect()));
    let aware = |a: Awareness| match a {
        Awareness::Unaware => "unaware",
        Awareness::Report => "report",
        Awareness::SocialMediaDesk => "social_media_desk",
    };
    t.push("police_aware_by", Column::Str(cases.iter().map(|c| aware(c.awareness).to_string()).collect()));
    t.push("aware_tick", Column::OptF64(cases.iter().map(|c| opt_tick(c.aware_tick)).collect()));
    t.push("evidence", Column::F64(cases.iter().map(|c| c.evidence as f64).collect()));
    let status = |s: Status| match s {
        Status::Open => "open",
        Status::Cleared => "cleared",
        Status::Unsolved => "unsolved",
        Status::Compromised => "compromised",
    };
    t.push(
        "status",
        Column::Str(
            cases
                .iter()
                .map(|c| {
                    if c.awareness == Awareness::Unaware && c.status == Status::Open {
                        "unknown_to_police".to_string()
                    } else {
                        status(c.status).to_string()
                    }
                })
                .collect(),
        ),
    );
    t.push("closed_tick", Column::OptF64(cases.iter().map(|c| opt_tick(c.closed_tick)).collect()));
    t.push("cleared_with_citizens", Column::U32(cases.iter().map(|c| c.citizen_helped as u32).collect()));
    t.push("tip_helped", Column::U32(cases.iter().map(|c| c.tip_helped as u32).collect()));
    t.push("appeal", Column::U32(cases.iter().map(|c| c.appeal as u32).collect()));
    let crowd = |c: &crate::world::Case| {
        (c.crowd != crate::world::NO_CASE).then(|| &w.cases.crowds[c.crowd as usize])
    };
    t.push("sleuths", Column::U32(cases.iter().map(|c| crowd(c).map_or(0, |k| k.sleuths)).collect()));
    t.push(
        "offender_publicly_named",
        Column::U32(cases.iter().map(|c| crowd(c).map_or(0, |k| k.named & 1)).collect()),
    );
    t.push(
        "innocents_publicly_named",
        Column::U32(cases.iter().map(|c| crowd(c).map_or(0, |k| (k.named >> 1).count_ones())).collect()),
    );
    t
}

fn series(table: &Table, name: &str) -> Vec<f64> {
    table.get(name).map(Column::as_f64).unwrap_or_default()
}

/// A 7-day trailing mean: daily counts are noisy; weekly means read better on a slide.
pub(crate) fn weekly(v: &[f64]) -> Vec<f64> {
    (0..v.len())
        .map(|i| {
            let lo = i.saturating_sub(6);
            let window: Vec<f64> = v[lo..=i].iter().copied().filter(|x| x.is_finite()).collect();
            if window.is_empty() { f64::NAN } else { window.iter().sum::<f64>() / window.len() as f64 }
        })
        .collect()
}

fn line(table: &Table, label: &str, name: &str) -> Line {
    Line { label: label.into(), values: weekly(&series(table, name)), band: None }
}

/// Running total: rare events (a few namings a month) read better accumulated.
fn cumulative(table: &Table, label: &str, name: &str) -> Line {
    let mut acc = 0.0;
    let values = series(table, name)
        .into_iter()
        .map(|v| {
            acc += if v.is_finite() { v } else { 0.0 };
            acc
        })
        .collect();
    Line { label: label.into(), values, band: None }
}

fn level(table: &Table, label: &str, name: &str) -> Line {
    Line { label: label.into(), values: series(table, name), band: None }
}

/// The run dashboard's panels (MODEL.md §9).
pub fn dashboard(run: &RunData) -> Dashboard {
    let t = &run.recorder.ticks;
    let w = &run.world;
    let name = run.scenario.name.clone().unwrap_or_default();
    let crimes_by_type =
        w.types.iter().map(|(ty, _)| line(t, &ty.replace('_', " "), &format!("crimes_{ty}"))).collect();
    let hours = crate::world::TASKS
        .iter()
        .filter(|task| series(t, &format!("hours_{}", task.name())).iter().any(|&h| h > 0.0))
        .map(|task| line(t, &task.name().replace('_', " "), &format!("hours_{}", task.name())))
        .collect();
    Dashboard {
        title: format!("diypol — {name} (seed {}, {} citizens)", run.scenario.seed, run.population),
        x_label: "Day".into(),
        panels: vec![
            Panel {
                title: "Crimes by type".into(),
                y_label: "Crimes per day (7-day mean)".into(),
                lines: crimes_by_type,
            },
            Panel {
                title: "Reported, police-aware, cleared".into(),
                y_label: "Cases per day (7-day mean)".into(),
                lines: vec![
                    line(t, "all crimes", "crimes"),
                    line(t, "reported", "reported"),
                    line(t, "police-aware", "police_aware"),
                    line(t, "cleared", "cleared"),
                ],
            },
            Panel {
                title: "Response backlog".into(),
                y_label: "Calls waiting".into(),
                lines: vec![line(t, "backlog", "backlog")],
            },
            Panel {
                title: "Response delay".into(),
                y_label: "Days (7-day mean)".into(),
                lines: vec![line(t, "mean delay", "mean_response_delay_days")],
            },
            Panel {
                title: "Trust in police and fear of crime".into(),
                y_label: "Population mean (0–1)".into(),
                lines: vec![
                    Line { label: "trust".into(), values: series(t, "mean_trust"), band: None },
                    Line { label: "fear".into(), values: series(t, "mean_fear"), band: None },
                ],
            },
            Panel { title: "Officer-hours by task".into(), y_label: "Hours per day".into(), lines: hours },
            Panel {
                title: "Watch members".into(),
                y_label: "Citizens".into(),
                lines: vec![level(t, "watch members", "watch_members")],
            },
            Panel {
                title: "Vigilantes and hunters".into(),
                y_label: "Citizens".into(),
                lines: vec![level(t, "vigilantes", "vigilantes"), level(t, "hunters", "hunters")],
            },
            Panel {
                title: "Harm to innocents (running total)".into(),
                y_label: "People since day 0".into(),
                lines: vec![
                    cumulative(t, "publicly named", "named_innocent"),
                    cumulative(t, "harassed", "harassed"),
                    cumulative(t, "injured by vigilantes", "injuries_innocent"),
                    cumulative(t, "wrongfully arrested", "wrongful_arrests"),
                ],
            },
            Panel {
                title: "Citizens' tips and their fate (running total)".into(),
                y_label: "Tips since day 0".into(),
                lines: vec![
                    cumulative(t, "received", "tips_received"),
                    cumulative(t, "verified", "tips_verified"),
                    cumulative(t, "verified correct", "tips_correct"),
                    cumulative(t, "acted on unverified", "tips_acted_unverified"),
                ],
            },
        ],
    }
}

/// An output folder being filled: creates it, writes Parquet tables with one run's
/// metadata, and keeps the list of files written.
pub struct Folder<'a> {
    dir: &'a Path,
    meta: Vec<(String, String)>,
    pub written: Vec<PathBuf>,
}

impl<'a> Folder<'a> {
    pub fn create(dir: &'a Path, meta: Vec<(String, String)>) -> Result<Folder<'a>, OutputError> {
        std::fs::create_dir_all(dir).map_err(|source| OutputError::Io { path: dir.to_path_buf(), source })?;
        Ok(Folder { dir, meta, written: Vec::new() })
    }

    /// A text file (CSV, Markdown, YAML) at `name`, which may name a subfolder.
    pub fn text(&mut self, name: &str, text: &str) -> Result<(), OutputError> {
        let path = self.dir.join(name);
        let io = |source| OutputError::Io { path: path.clone(), source };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        atomic::write_text(&path, text).map_err(io)?;
        self.written.push(path);
        Ok(())
    }

    pub fn parquet(&mut self, name: &str, table: Table) -> Result<(), OutputError> {
        let path = self.dir.join(name);
        parquet::write(&path, &table, &self.meta)?;
        self.written.push(path);
        Ok(())
    }
}

/// Writes every output file of a run into `dir`; returns the paths written.
pub fn write_run(run: &RunData, dir: &Path) -> Result<Vec<PathBuf>, OutputError> {
    let mut folder = Folder::create(dir, metadata(run))?;
    folder.parquet("ticks.parquet", ticks_table(run))?;
    folder.parquet("runs.parquet", runs_table(run))?;
    let out = &run.scenario.output;
    if out.cells {
        folder.parquet("cells.parquet", cells_table(run))?;
    }
    if out.events {
        folder.parquet("events.parquet", events_table(run))?;
    }
    let mut written = folder.written;
    if out.charts {
        written.extend(charts::draw_dashboard(&dir.join("dashboard"), &dashboard(run))?);
        let w = &run.world;
        let counts: Vec<f64> = w.totals.cell_crimes.iter().map(|&c| c as f64).collect();
        written.extend(charts::draw_grid_map(
            &dir.join("crime_map"),
            &format!("Street crimes per cell over {} days", run.scenario.days),
            "Crimes",
            w.city.width as usize,
            w.city.height as usize,
            &counts,
        )?);
    }
    Ok(written)
}
