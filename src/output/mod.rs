//! The output edge: Parquet files (the only polars code), charts (the only plotters code),
//! metadata, and output folders that are written atomically and never keep stale files.
//! What a single run writes is here; comparisons and sweeps write theirs with the same
//! pieces (src/compare/, src/sweep/).

pub mod atomic;
pub mod charts;
pub mod dashboard;
pub mod folder;
pub mod metadata;
pub mod parquet;

use std::path::{Path, PathBuf};

pub use dashboard::weekly;
pub use folder::{Folder, FolderKind};

use crate::catalogue::File;
use crate::error::Error;
use crate::run::Run;

/// Writes every output file of a run into `dir` (ticks, runs, the cells and events the run
/// kept, and with `charts` the dashboard and crime map); returns the paths written.
pub fn write_run(
    run: &Run,
    dir: &Path,
    charts: charts::ChartSet,
    lang: crate::i18n::Lang,
) -> Result<Vec<PathBuf>, Error> {
    let mut folder = Folder::open(dir, FolderKind::Run, "run", metadata::run(&run.scenario))?;
    let model = run.model;
    let columns = |file, table| [metadata::columns(model, file, table)];
    folder.parquet_with("ticks.parquet", &run.ticks, &columns(File::Ticks, &run.ticks))?;
    folder.parquet_with("runs.parquet", &run.row, &columns(File::Runs, &run.row))?;
    if let Some(cells) = &run.cells {
        folder.parquet_with("cells.parquet", cells, &columns(File::Cells, cells))?;
    }
    if let Some(events) = &run.events {
        folder.parquet_with("events.parquet", events, &columns(File::Events, events))?;
    }
    let d = dashboard::for_run(run, lang);
    if charts.standard {
        folder.chart("dashboard", |stem| charts::draw_dashboard(stem, &d))?;
        if let Some(map) = &run.crime_map {
            let title = lang.phrase("chart_crime_map_run", &[&run.scenario.days.to_string()]);
            let legend = lang.text("Crimes");
            folder.chart("crime_map", |stem| {
                charts::draw_grid_map(stem, &title, legend, map.width, map.height, &map.values)
            })?;
        }
    }
    if charts.slides {
        // The dashboard again as 16:9 slides of at most four panels.
        let page = |k: usize, n: usize| lang.phrase("chart_page", &[&k.to_string(), &n.to_string()]);
        for (k, slide) in charts::slides::pages(&d.title, &d.x_label, &d.panels, page).iter().enumerate() {
            folder.chart(&format!("slides/dashboard-{}", k + 1), |stem| {
                charts::slides::draw_slide(stem, slide)
            })?;
        }
    }
    folder.commit()
}
