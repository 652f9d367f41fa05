//! A sweep's folder: `plan.yaml` and `base.yaml` as recorded, then one Parquet file per
//! run and table — `runs/run-00042.parquet` (one row: run, point, replicate, seed, the
//! swept parameters, every indicator) and `ticks/run-00042.parquet`. A run is done when its
//! runs file exists (written last, atomically), so running the same command again resumes
//! where it stopped, and shards (`--shard i/n`, SLURM array tasks) write disjoint files
//! into the same folder. Each file carries its run's `run` column, so a folder of them
//! reads as one table in any tool.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::design::Design;
use super::plan::{LoadedPlan, SweepPlan};
use super::select::Selection;
use super::{Job, replicate_seed, run_all};
use crate::budget;
use crate::catalogue::{File, Key};
use crate::error::Error;
use crate::output::folder::{Folder, FolderKind, claim};
use crate::output::{metadata, parquet};
use crate::run::{Keep, Run, simulate};
use crate::scenario::{LoadedScenario, ModelKind, Scenario, schema};
use crate::table::{Column, Table, concat};

/// The Parquet file of one run in one table (`runs` or `ticks`).
pub fn part_path(dir: &Path, table: &str, run: u64) -> PathBuf {
    dir.join(table).join(format!("run-{run:05}.parquet"))
}

fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(Error::read(path))
}

/// Records the plan in `dir` (plan.yaml and the base scenario), or checks that the folder
/// holds this same plan when resuming; a different plan is refused, not mixed in.
pub fn prepare(dir: &Path, plan: &LoadedPlan) -> Result<(), Error> {
    let plan_text = crate::input::read_text(&plan.file)?;
    let base_text = plan.base.source_text()?;
    let contrast_text = plan.contrast.as_ref().map(LoadedScenario::source_text).transpose()?;
    claim(dir, FolderKind::Sweep)?;
    let recorded = dir.join("plan.yaml");
    if recorded.is_file() {
        let old = read_text(&recorded)?;
        let old_base = read_text(&dir.join("base.yaml")).unwrap_or_default();
        let old_contrast = read_text(&dir.join("contrast.yaml")).ok();
        if old != plan_text || old_base != base_text || old_contrast != contrast_text {
            return Err(Error::usage(
                format!("{} holds the results of a different sweep plan (or base scenario)", dir.display()),
                "use another --out folder, or delete this one to start over",
            ));
        }
        return Ok(());
    }
    let mut folder = Folder::open(dir, FolderKind::Sweep, "sweep", Vec::new())?;
    folder.text("base.yaml", &base_text)?;
    if let Some(text) = &contrast_text {
        folder.text("contrast.yaml", text)?;
    }
    folder.text("plan.yaml", &plan_text)?;
    folder.commit()?;
    Ok(())
}

/// The scenario of run `k`: the base with the point's parameters, the replicate's seed.
pub fn run_scenario(plan: &LoadedPlan, design: &Design, k: u64) -> Result<(Job, LoadedScenario), Error> {
    scenario_of(plan, &plan.base, design, k)
}

/// Run `k` of `base` (the plan's base or its contrast scenario).
fn scenario_of(
    plan: &LoadedPlan,
    base: &LoadedScenario,
    design: &Design,
    k: u64,
) -> Result<(Job, LoadedScenario), Error> {
    let r = plan.plan.replicates as u64;
    let (point, replicate) = (k / r, (k % r) as u32);
    let seed = replicate_seed(plan.plan.seed, replicate);
    let changed = base.scenario.with_changes(&design.point(point)).map_err(|e| {
        let why = match e {
            Error::Usage { message, .. } => message,
            other => other.to_string(),
        };
        Error::usage(
            format!("{}: point {point} (run {k}) makes an invalid scenario: {why}", plan.file.display()),
            "narrow the ranges or lists",
        )
    })?;
    let loaded = LoadedScenario {
        scenario: Scenario { seed, ..changed },
        file: base.file.clone(),
        city: base.city.clone(),
        warnings: Vec::new(),
        origin: base.origin.clone(),
    };
    Ok((Job { scenario: point as usize, replicate, seed }, loaded))
}

/// Run `k` of the plan: the base's run, or for a contrast the paired difference of the
/// contrast scenario's run and the base's at the same point and seed.
pub fn run_point(
    plan: &LoadedPlan,
    design: &Design,
    k: u64,
    cancel: &AtomicBool,
) -> Result<(Job, Run), Error> {
    let (job, loaded) = run_scenario(plan, design, k)?;
    let run = simulate(&loaded, job.replicate, Keep::default(), &mut |_, _| {}, cancel)?;
    let Some(other) = &plan.contrast else { return Ok((job, run)) };
    let (_, loaded2) = scenario_of(plan, other, design, k)?;
    let run2 = simulate(&loaded2, job.replicate, Keep::default(), &mut |_, _| {}, cancel)?;
    let model = loaded.scenario.model;
    Ok((
        job,
        Run {
            row: difference(&run.row, &run2.row, File::Runs, model),
            ticks: difference(&run.ticks, &run2.ticks, File::Ticks, model),
            ..run
        },
    ))
}

/// `second − first` for every indicator column (catalogue role), keys and settings of the
/// first kept as they are; rows are paired by position (the same days, one run row).
fn difference(first: &Table, second: &Table, file: File, model: crate::scenario::ModelKind) -> Table {
    let mut out = Table::default();
    for (name, col) in first.names.iter().zip(&first.columns) {
        let indicator = crate::catalogue::find(file, model, name)
            .is_some_and(|e| e.role == crate::catalogue::Role::Indicator);
        let other = second.get(name);
        let diff = match (indicator, col, other) {
            (true, Column::Int(a), Some(Column::Int(b))) => {
                Column::Int(a.iter().zip(b).map(|(x, y)| x.zip(*y).map(|(x, y)| y - x)).collect())
            }
            (true, a, Some(b)) if !matches!(a, Column::Str(_) | Column::Bool(_)) => Column::Float(
                (0..a.len())
                    .map(|i| {
                        let d = b.f64_at(i) - a.f64_at(i);
                        d.is_finite().then_some(d)
                    })
                    .collect(),
            ),
            _ => col.clone(),
        };
        out.push(name.clone(), diff);
    }
    out
}

/// Runs handed to the workers at a time: enough to keep every core busy, few enough that
/// a plan of any size is walked without listing it.
const CHUNK: usize = 4096;

/// Runs the selected runs not yet done (`done` is sorted), in parallel; returns how many
/// ran. `on_done` is called after each run.
pub fn run(
    plan: &LoadedPlan,
    design: &Design,
    dir: &Path,
    selection: Selection,
    done: &[u64],
    on_done: &(dyn Fn() + Sync),
    cancel: &AtomicBool,
) -> Result<u64, Error> {
    let total = plan.runs();
    let todo_count =
        selection.count(total) - done.iter().filter(|&&k| selection.contains(k) && k < total).count() as u64;
    let mut pending = selection.runs(total).filter(|k| done.binary_search(k).is_err());
    // After a failed run or write (disk full, permissions) no new run starts: the error is
    // reported at once instead of after hours of runs that cannot be saved.
    let failed = AtomicBool::new(false);
    let mut ran = 0u64;
    loop {
        let chunk: Vec<u64> = pending.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        let results: Vec<Option<Result<(), Error>>> = run_all(chunk.len(), |i| {
            let k = chunk[i];
            if cancel.load(Ordering::Relaxed) || failed.load(Ordering::Relaxed) {
                return None;
            }
            let result = run_point(plan, design, k, cancel)
                .and_then(|(job, run)| write_run(design, dir, k, &job, &run));
            match result {
                Err(Error::Interrupted(_)) => return None,
                Err(_) => failed.store(true, Ordering::Relaxed),
                Ok(()) => on_done(),
            }
            Some(result)
        });
        let finished = results.iter().flatten().count();
        for r in results.into_iter().flatten() {
            r?;
        }
        ran += finished as u64;
        if finished < chunk.len() {
            return Err(Error::Interrupted(format!(
                "after {ran} of {todo_count} runs; the finished runs are in {}\n  hint: run the same command again to resume",
                dir.display()
            )));
        }
    }
    Ok(ran)
}

/// The finished runs of `dir` that this selection may trust: each with a runs and a ticks
/// file that open as Parquet. Before that, temporaries of dead writers are removed; a
/// selected run with a damaged file loses both files (it runs again). Returns the
/// trusted runs of the whole folder (sorted) and how many damaged runs were removed.
pub fn trusted(dir: &Path, selection: Selection) -> (Vec<u64>, usize) {
    for sub in ["", "runs", "ticks"] {
        crate::output::atomic::remove_stale(&dir.join(sub));
    }
    let finished = finished(dir);
    let checks: Vec<bool> = finished
        .par_iter()
        .map(|&k| {
            !selection.contains(k)
                || ["runs", "ticks"].iter().all(|t| parquet::shape(&part_path(dir, t, k)).is_ok())
        })
        .collect();
    let mut kept = Vec::with_capacity(finished.len());
    let mut removed = 0;
    for (k, ok) in finished.into_iter().zip(checks) {
        if ok {
            kept.push(k);
        } else {
            // The runs file first: without it the run is not done, whatever else remains.
            let _ = std::fs::remove_file(part_path(dir, "runs", k));
            let _ = std::fs::remove_file(part_path(dir, "ticks", k));
            removed += 1;
        }
    }
    (kept, removed)
}

/// The value of a swept parameter as a column typed by the scenario schema.
fn parameter_column(path: &str, value: &serde_json::Value) -> Column {
    let ty = crate::input::SchemaChecker::new(schema())
        .schema_at(path)
        .ok()
        .and_then(|s| s.get("type").and_then(|t| t.as_str()).map(str::to_string));
    match (ty.as_deref(), value) {
        (Some("integer"), v) if v.as_i64().is_some() => Column::ints(v.as_i64()),
        (_, serde_json::Value::Bool(b)) => Column::bools([*b]),
        (_, v) if v.as_f64().is_some() => Column::floats(v.as_f64()),
        (_, v) => Column::strs([v.as_str().map_or_else(|| v.to_string(), str::to_string)]),
    }
}

/// Ticks first, then the run row: the row's file is the run's "done" mark.
fn write_run(design: &Design, dir: &Path, k: u64, job: &Job, run: &Run) -> Result<(), Error> {
    let mut ids = Table::default();
    ids.push(Key::Run.name(), Column::ints([k as i64]));
    ids.push(Key::Point.name(), Column::ints([job.scenario as i64]));
    for (path, value) in &design.point(job.scenario as u64) {
        // A setting the run's own row already reports (e.g. `days`) is not repeated.
        if run.row.get(path).is_none() {
            ids.push(path.clone(), parameter_column(path, value));
        }
    }
    let row = run.row.clone().after(ids);
    let mut tick_ids = Table::default();
    tick_ids.push(Key::Run.name(), Column::ints(vec![k as i64; run.ticks.rows()]));
    let ticks = run.ticks.clone().after(tick_ids);
    let meta = metadata::run(&run.scenario);
    for (table, data) in [("ticks", &ticks), ("runs", &row)] {
        let path = part_path(dir, table, k);
        let parent = path.parent().expect("a parent");
        std::fs::create_dir_all(parent).map_err(Error::write(parent))?;
        parquet::write(&path, data, &meta)?;
    }
    Ok(())
}

/// Finished runs in `dir`, by index.
pub fn finished(dir: &Path) -> Vec<u64> {
    let mut runs: Vec<u64> = std::fs::read_dir(dir.join("runs"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_prefix("run-")?.strip_suffix(".parquet")?.parse().ok()
        })
        .collect();
    runs.sort();
    runs
}

/// What `merge` should do with a sweep that is not finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Partial {
    /// Refuse it, naming the missing runs.
    #[default]
    Refuse,
    /// Merge the finished runs (`--partial`).
    Allow,
}

/// "runs 3, 7 and 12" or "runs 3, 7, 12 and 45 more": the runs of `0..total` not in `done`.
fn missing(done: &[u64], total: u64) -> String {
    let mut shown = Vec::new();
    let mut more = 0u64;
    let mut next = 0;
    for k in 0..total {
        while next < done.len() && done[next] < k {
            next += 1;
        }
        if next < done.len() && done[next] == k {
            continue;
        }
        if shown.len() < 5 {
            shown.push(k.to_string());
        } else {
            // The rest is counted, not listed (a plan may have billions of runs).
            more = total - k - (done.len() - next) as u64;
            break;
        }
    }
    let list = shown.join(", ");
    if more > 0 { format!("runs {list} and {more} more") } else { format!("runs {list}") }
}

/// Stacks every finished run into `dir/runs.parquet` and `dir/ticks.parquet`, and draws
/// the indicators against the swept parameters; returns the files and the runs merged.
/// An unfinished sweep is refused unless `partial` allows it; the stacked tables must fit
/// in `limit`.
pub fn merge(
    dir: &Path,
    partial: Partial,
    limit: Option<&budget::Limit>,
) -> Result<(Vec<PathBuf>, usize), Error> {
    let plan: SweepPlan = super::plan::recorded(dir)?;
    let total = super::design::point_count(&plan).unwrap_or(u64::MAX).saturating_mul(plan.replicates as u64);
    let runs: Vec<u64> = finished(dir).into_iter().filter(|&k| k < total).collect();
    let Some(&first) = runs.first() else {
        return Err(Error::usage(
            format!("no run of the sweep in {} is finished: nothing to merge", dir.display()),
            format!("run `diypol sweep PLAN.yaml --out {}` first", dir.display()),
        ));
    };
    if (runs.len() as u64) < total && partial == Partial::Refuse {
        return Err(Error::usage(
            format!(
                "{} of {total} runs are finished in {}; missing: {}",
                runs.len(),
                dir.display(),
                missing(&runs, total)
            ),
            "run the same `diypol sweep` command again to finish it, or merge what is there with --partial",
        ));
    }
    // The stacked tables, as the first run's files suggest: parts, stack and writer.
    let mut per_run = 0u64;
    for t in ["runs", "ticks"] {
        let (rows, cols) = parquet::shape(&part_path(dir, t, first))?;
        per_run += rows.max(1) * cols as u64 * 9;
    }
    let need = budget::Need::new(format!("merging {} runs", runs.len())).add("the program", 48 << 20).add(
        "their tables, read, stacked and written",
        per_run.saturating_mul(runs.len() as u64).saturating_mul(3),
    );
    budget::check_memory(&need, limit)?;
    // The model, as the runs recorded it.
    let model = {
        let meta = parquet::read_metadata(&part_path(dir, "runs", first))?;
        let name = meta.iter().find(|(key, _)| key == "diypol.model").map(|(_, v)| v.as_str());
        if name == Some(ModelKind::CivilViolence.name()) {
            ModelKind::CivilViolence
        } else {
            ModelKind::DiyPolicing
        }
    };
    let seeds: Vec<String> = (0..plan.replicates).map(|r| replicate_seed(plan.seed, r).to_string()).collect();
    let meta = vec![
        ("diypol.version".to_string(), env!("CARGO_PKG_VERSION").to_string()),
        ("diypol.model".to_string(), model.name().to_string()),
        ("diypol.sweep.base".to_string(), read_text(&dir.join("base.yaml"))?),
        ("diypol.seed".to_string(), plan.seed.to_string()),
        ("diypol.seeds".to_string(), seeds.join(",")),
        ("diypol.sweep.plan".to_string(), read_text(&dir.join("plan.yaml"))?),
        ("diypol.sweep.runs".to_string(), runs.len().to_string()),
        ("diypol.sweep.total_runs".to_string(), total.to_string()),
    ];
    let mut meta = meta;
    if let Ok(t) = read_text(&dir.join("contrast.yaml")) {
        // Indicators of a contrast are paired differences: this scenario minus the base.
        meta.push(("diypol.sweep.contrast".to_string(), t));
    }
    let mut folder = Folder::open(dir, FolderKind::Sweep, "merge", meta)?;
    let mut stacked_runs = Table::default();
    for (table, file) in [("runs", File::Runs), ("ticks", File::Ticks)] {
        let parts: Vec<Table> = runs
            .iter()
            .map(|&k| {
                let path = part_path(dir, table, k);
                parquet::read(&path).map_err(|e| damaged(e, k))
            })
            .collect::<Result<_, _>>()?;
        let stacked = concat(&parts.iter().collect::<Vec<_>>());
        folder.parquet_with(
            &format!("{table}.parquet"),
            &stacked,
            &[metadata::columns(model, file, &stacked)],
        )?;
        if table == "runs" {
            stacked_runs = stacked;
        }
    }
    let params: Vec<String> = plan.parameters.keys().cloned().collect();
    super::charts::write(&mut folder, &stacked_runs, &params, model)?;
    Ok((folder.commit()?, runs.len()))
}

/// A part that does not read, with what to do about it.
fn damaged(e: Error, k: u64) -> Error {
    match e {
        Error::Read { path, message } => Error::Read {
            path,
            message: format!(
                "{message}\n  hint: the file of run {k} is damaged; run the same `diypol sweep` command again to redo it"
            ),
        },
        other => other,
    }
}
