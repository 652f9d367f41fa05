//! A sweep's folder: `plan.yaml` and `base.yaml` as recorded, then one Parquet file per
//! run and table — `runs/run-00042.parquet` (one row: run, point, replicate, seed, the
//! swept parameters, every indicator) and `ticks/run-00042.parquet`. A run is done when its
//! runs file exists (written last, atomically), so running the same command again resumes
//! where it stopped, and shards (`--shard i/n`, SLURM array tasks) write disjoint files
//! into the same folder. Each file carries its run's `run` column, so a folder of them
//! reads as one table in any tool.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::plan::{LoadedPlan, SweepPlan};
use super::{Job, replicate_seed, run_all};
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

/// Whether run `k` is finished in `dir`.
pub fn is_done(dir: &Path, run: u64) -> bool {
    part_path(dir, "runs", run).is_file()
}

fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(Error::read(path))
}

/// Records the plan in `dir` (plan.yaml and the base scenario), or checks that the folder
/// holds this same plan when resuming; a different plan is refused, not mixed in.
pub fn prepare(dir: &Path, plan: &LoadedPlan) -> Result<(), Error> {
    let plan_text = crate::input::read_text(&plan.file)?;
    let base_text = crate::input::read_text(&plan.base.file)?;
    claim(dir, FolderKind::Sweep)?;
    let recorded = dir.join("plan.yaml");
    if recorded.is_file() {
        let old = read_text(&recorded)?;
        let old_base = read_text(&dir.join("base.yaml")).unwrap_or_default();
        if old != plan_text || old_base != base_text {
            return Err(Error::usage(
                format!("{} holds the results of a different sweep plan (or base scenario)", dir.display()),
                "use another --out folder, or delete this one to start over",
            ));
        }
        return Ok(());
    }
    let mut folder = Folder::open(dir, FolderKind::Sweep, "sweep", Vec::new())?;
    folder.text("base.yaml", &base_text)?;
    folder.text("plan.yaml", &plan_text)?;
    folder.commit()?;
    Ok(())
}

/// The scenario of run `k`: the base with the point's parameters, the replicate's seed.
pub fn run_scenario(plan: &LoadedPlan, k: u64) -> Result<(Job, LoadedScenario), Error> {
    let r = plan.plan.replicates as u64;
    let (point, replicate) = ((k / r) as usize, (k % r) as u32);
    let seed = replicate_seed(plan.plan.seed, replicate);
    let changed = plan.base.scenario.with_changes(&plan.points[point])?;
    let loaded = LoadedScenario {
        scenario: Scenario { seed, ..changed },
        file: plan.base.file.clone(),
        city: plan.base.city.clone(),
        warnings: Vec::new(),
    };
    Ok((Job { scenario: point, replicate, seed }, loaded))
}

/// Runs the selected runs not yet done, in parallel; returns how many ran. `on_done` is
/// called after each run.
pub fn run(
    plan: &LoadedPlan,
    dir: &Path,
    selected: &[u64],
    on_done: &(dyn Fn() + Sync),
    cancel: &AtomicBool,
) -> Result<usize, Error> {
    let todo: Vec<u64> = selected.iter().copied().filter(|&k| !is_done(dir, k)).collect();
    // After a failed run or write (disk full, permissions) no new run starts: the error is
    // reported at once instead of after hours of runs that cannot be saved.
    let failed = AtomicBool::new(false);
    let results: Vec<Option<Result<(), Error>>> = run_all(todo.len(), |i| {
        let k = todo[i];
        if cancel.load(Ordering::Relaxed) || failed.load(Ordering::Relaxed) {
            return None;
        }
        let result = run_scenario(plan, k).and_then(|(job, loaded)| {
            let run = simulate(&loaded, job.replicate, Keep::default(), &mut |_, _| {}, cancel)?;
            write_run(plan, dir, k, &job, &run)
        });
        match result {
            Err(Error::Interrupted(_)) => return None,
            Err(_) => failed.store(true, Ordering::Relaxed),
            Ok(()) => on_done(),
        }
        Some(result)
    });
    let mut ran = 0;
    for r in results.into_iter().flatten() {
        r?;
        ran += 1;
    }
    if ran < todo.len() {
        return Err(Error::Interrupted(format!(
            "after {ran} of {} runs; the finished runs are in {}",
            todo.len(),
            dir.display()
        )));
    }
    Ok(ran)
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
fn write_run(plan: &LoadedPlan, dir: &Path, k: u64, job: &Job, run: &Run) -> Result<(), Error> {
    let mut ids = Table::default();
    ids.push(Key::Run.name(), Column::ints([k as i64]));
    ids.push(Key::Point.name(), Column::ints([job.scenario as i64]));
    for (path, value) in &plan.points[job.scenario] {
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

/// Stacks every finished run into `dir/runs.parquet` and `dir/ticks.parquet`, and draws
/// the indicators against the swept parameters; returns the files and the runs merged.
pub fn merge(dir: &Path) -> Result<(Vec<PathBuf>, usize), Error> {
    let plan: SweepPlan = super::plan::recorded(dir)?;
    let runs = finished(dir);
    // The model, as the runs recorded it.
    let model = match runs.first() {
        Some(&k) => {
            let meta = parquet::read_metadata(&part_path(dir, "runs", k))?;
            let name = meta.iter().find(|(key, _)| key == "diypol.model").map(|(_, v)| v.as_str());
            if name == Some(ModelKind::CivilViolence.name()) {
                ModelKind::CivilViolence
            } else {
                ModelKind::DiyPolicing
            }
        }
        None => ModelKind::DiyPolicing,
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
    ];
    let mut folder = Folder::open(dir, FolderKind::Sweep, "merge", meta)?;
    let mut stacked_runs = Table::default();
    for (table, file) in [("runs", File::Runs), ("ticks", File::Ticks)] {
        let parts: Vec<Table> =
            runs.iter().map(|&k| parquet::read(&part_path(dir, table, k))).collect::<Result<_, _>>()?;
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
