//! What a civil-violence run writes: ticks.parquet (citizens by state, arrests, moves per
//! tick), runs.parquet (one row of settings and statistics), optionally cells.parquet
//! (the final grid), and a dashboard chart.

use std::path::{Path, PathBuf};

use super::charts::{self, Dashboard, Line, Panel};
use super::{Folder, OutputError, enum_name};
use crate::civil_violence::CvRunData;
use crate::recorder::{Column, Table};

fn ids(run: &CvRunData, rows: usize) -> Table {
    let mut t = Table::default();
    t.push("scenario", Column::Str(vec![run.scenario.name.clone().unwrap_or_default(); rows]));
    t.push("replicate", Column::U32(vec![run.replicate; rows]));
    t.push("seed", Column::Str(vec![run.scenario.seed.to_string(); rows]));
    t
}

/// The per-tick rows of a run, with its identifiers.
pub fn ticks_table(run: &CvRunData) -> Table {
    let body = run.recorder.table();
    let mut t = ids(run, body.rows());
    t.names.extend(body.names);
    t.columns.extend(body.columns);
    t
}

/// The per-run row: identifiers, the settings that define the regime, statistics.
pub fn runs_table(run: &CvRunData) -> Table {
    let mut t = ids(run, 1);
    let p = &run.scenario.civil_violence;
    t.push("activation", Column::Str(vec![enum_name(&p.activation)]));
    t.push("width", Column::U32(vec![p.width]));
    t.push("height", Column::U32(vec![p.height]));
    t.push("ticks", Column::U32(vec![run.scenario.days]));
    t.push("legitimacy", Column::F64(vec![p.legitimacy]));
    t.push("cop_density", Column::F64(vec![p.cop_density]));
    t.push("max_jail_term", Column::U32(vec![p.max_jail_term]));
    t.push("citizens", Column::U32(vec![run.world.citizens]));
    t.push("cops", Column::U32(vec![run.world.cops]));
    for (name, value) in &run.indicators {
        // Undefined statistics (no outburst, so no gap) are nulls, not NaN.
        t.push(name.clone(), Column::OptF64(vec![value.is_finite().then_some(*value)]));
    }
    t
}

/// The grid at the end of the run: one row per cell.
fn cells_table(run: &CvRunData) -> Table {
    let g = &run.world.grid;
    let w = g.width;
    let state = |c: &crate::civil_violence::world::Cell| {
        use crate::civil_violence::world::Kind;
        match c.kind() {
            Kind::Empty => "empty",
            Kind::Quiet => "quiet",
            Kind::Active => "active",
            Kind::Jailed => "jailed",
            Kind::Cop => "cop",
        }
        .to_string()
    };
    let mut t = Table::default();
    t.push("x", Column::U32((0..g.len() as u32).map(|c| c % w).collect()));
    t.push("y", Column::U32((0..g.len() as u32).map(|c| c / w).collect()));
    t.push("state", Column::Str(g.cells().iter().map(state).collect()));
    t
}

fn dashboard(run: &CvRunData) -> Dashboard {
    let r = &run.recorder;
    let as_f64 = |v: &[u32]| v.iter().map(|&x| x as f64).collect::<Vec<f64>>();
    let p = &run.scenario.civil_violence;
    let flat = |label: &str, v: u32| Line {
        label: label.into(),
        values: vec![v as f64; r.active.len()],
        band: None,
    };
    let agents = run.world.agents().max(1) as f64;
    Dashboard {
        title: format!(
            "diypol civil violence — {} ({} activation, seed {}, {}×{})",
            run.scenario.name.clone().unwrap_or_default(),
            enum_name(&p.activation),
            run.scenario.seed,
            p.width,
            p.height
        ),
        x_label: "Tick".into(),
        panels: vec![
            Panel {
                title: "Active citizens and outburst thresholds".into(),
                y_label: "Citizens".into(),
                lines: vec![
                    Line { label: "active".into(), values: as_f64(&r.active), band: None },
                    flat("outburst starts above", p.outburst_above),
                    flat("and ends below", p.outburst_below),
                ],
            },
            Panel {
                title: "Citizens by state".into(),
                y_label: "Citizens".into(),
                lines: vec![
                    Line { label: "quiet".into(), values: as_f64(&r.quiet), band: None },
                    Line { label: "active".into(), values: as_f64(&r.active), band: None },
                    Line { label: "jailed".into(), values: as_f64(&r.jailed), band: None },
                ],
            },
            Panel {
                title: "Arrests".into(),
                y_label: "Arrests per tick".into(),
                lines: vec![Line { label: "arrests".into(), values: as_f64(&r.arrests), band: None }],
            },
            Panel {
                title: "Mobility".into(),
                y_label: "Share of agents that moved".into(),
                lines: vec![Line {
                    label: "moved".into(),
                    values: r.moves.iter().map(|&m| m as f64 / agents).collect(),
                    band: None,
                }],
            },
        ],
    }
}

/// Writes every output file of a civil-violence run into `dir`; returns the paths written.
pub fn write_run(run: &CvRunData, dir: &Path) -> Result<Vec<PathBuf>, OutputError> {
    let mut folder = Folder::create(dir, super::scenario_metadata(&run.scenario))?;
    folder.parquet("ticks.parquet", ticks_table(run))?;
    folder.parquet("runs.parquet", runs_table(run))?;
    if run.scenario.output.cells {
        folder.parquet("cells.parquet", cells_table(run))?;
    }
    let mut written = folder.written;
    if run.scenario.output.charts {
        written.extend(charts::draw_dashboard(&dir.join("dashboard"), &dashboard(run))?);
    }
    Ok(written)
}
