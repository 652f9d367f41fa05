//! Running a sweep plan into a folder of hive-partitioned Parquet files:
//! `runs/run=NNNNN/part-0.parquet` (one row: run, point, replicate, parameters, indicators)
//! and `ticks/run=NNNNN/part-0.parquet`. A run is done when its runs part exists (written
//! last, atomically), so re-running the same command resumes where it stopped, and shards
//! (`--shard i/n`, SLURM array tasks) write disjoint files into the same folder.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::plan::LoadedPlan;
use super::{Job, SweepError, replicate_seed, simulate};
use crate::compare::concat;
use crate::output::{self, OutputError, parquet};
use crate::recorder::{Column, Table};
use crate::scenario::{LoadedScenario, Scenario};

/// Which runs of the plan this invocation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    All,
    /// Shard i of n (1-based): runs with index ≡ i − 1 (mod n).
    Shard {
        i: u64,
        n: u64,
    },
    /// One run (a SLURM array task of one run).
    One(u64),
}

impl Selection {
    pub fn runs(self, total: u64) -> Vec<u64> {
        match self {
            Selection::All => (0..total).collect(),
            Selection::Shard { i, n } => (i - 1..total).step_by(n as usize).collect(),
            Selection::One(k) => vec![k],
        }
    }
}

/// The Parquet file of one run in one table (`runs` or `ticks`).
pub fn part_path(dir: &Path, table: &str, run: u64) -> PathBuf {
    dir.join(table).join(format!("run={run:05}")).join("part-0.parquet")
}

/// Whether run `k` is finished in `dir`.
pub fn is_done(dir: &Path, run: u64) -> bool {
    part_path(dir, "runs", run).is_file()
}

/// Records the plan in `dir` (plan.yaml and the base scenario), or checks that the folder
/// holds this same plan when resuming; a different plan is refused, not mixed in.
pub fn prepare(dir: &Path, plan: &LoadedPlan) -> Result<(), String> {
    let plan_text = std::fs::read_to_string(&plan.file)
        .map_err(|e| format!("cannot read {}: {e}", plan.file.display()))?;
    let base_text = std::fs::read_to_string(&plan.base.file)
        .map_err(|e| format!("cannot read {}: {e}", plan.base.file.display()))?;
    let recorded = dir.join("plan.yaml");
    if let Ok(old) = std::fs::read_to_string(&recorded) {
        let old_base = std::fs::read_to_string(dir.join("base.yaml")).unwrap_or_default();
        if old != plan_text || old_base != base_text {
            return Err(format!(
                "{} holds the results of a different sweep plan (or base scenario)\n  hint: use another --out folder, or delete this one to start over",
                dir.display()
            ));
        }
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (name, text) in [("base.yaml", &base_text), ("plan.yaml", &plan_text)] {
        let path = dir.join(name);
        output::atomic::write_text(&path, text)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// The scenario of run `k`: the base with the point's parameters, the replicate's seed.
pub fn run_scenario(plan: &LoadedPlan, k: u64) -> (Job, LoadedScenario) {
    let r = plan.plan.replicates as u64;
    let (point, replicate) = ((k / r) as usize, (k % r) as u32);
    let seed = replicate_seed(plan.plan.seed, replicate);
    let changed = plan.base.scenario.with_changes(&plan.points[point]).expect("points checked at load time");
    let loaded = LoadedScenario {
        scenario: Scenario { seed, ..changed },
        file: plan.base.file.clone(),
        city: plan.base.city.clone(),
        warnings: Vec::new(),
    };
    (Job { scenario: point, replicate, seed }, loaded)
}

/// Runs the selected runs not yet done, in parallel; returns how many ran.
pub fn run(
    plan: &LoadedPlan,
    dir: &Path,
    selected: &[u64],
    on_done: &(dyn Fn() + Sync),
    cancel: &AtomicBool,
) -> Result<usize, SweepError> {
    let todo: Vec<u64> = selected.iter().copied().filter(|&k| !is_done(dir, k)).collect();
    // After a failed write (disk full, permissions) no new run starts: the error is
    // reported at once instead of after hours of runs that cannot be saved.
    let failed = AtomicBool::new(false);
    let results: Vec<Option<Result<(), OutputError>>> = super::run_all(todo.len(), |i| {
        let k = todo[i];
        {
            if cancel.load(Ordering::Relaxed) || failed.load(Ordering::Relaxed) {
                return None;
            }
            let (job, loaded) = run_scenario(plan, k);
            let (result, meta) = simulate(&loaded, &job, cancel)?;
            let written = write_run(plan, dir, k, &job, result.runs, result.ticks, &meta);
            if written.is_err() {
                failed.store(true, Ordering::Relaxed);
            }
            on_done();
            Some(written)
        }
    });
    let mut ran = 0;
    for r in results.into_iter().flatten() {
        r?;
        ran += 1;
    }
    if ran < todo.len() {
        return Err(SweepError::Interrupted { done: ran, total: todo.len(), dir: dir.to_path_buf() });
    }
    Ok(ran)
}

/// Ticks first, then the run row: the row's file is the run's "done" mark.
fn write_run(
    plan: &LoadedPlan,
    dir: &Path,
    k: u64,
    job: &Job,
    runs: Table,
    ticks: Table,
    meta: &[(String, String)],
) -> Result<(), OutputError> {
    let mut row = Table::default();
    row.push("run", Column::U32(vec![k as u32]));
    row.push("point", Column::U32(vec![job.scenario as u32]));
    for (path, value) in &plan.points[job.scenario] {
        // A setting the run's own row already reports (e.g. `days`) is not repeated.
        if runs.get(path).is_some() {
            continue;
        }
        let column = match value.as_f64() {
            Some(x) => Column::F64(vec![x]),
            None => Column::Str(vec![value.as_str().map_or_else(|| value.to_string(), str::to_string)]),
        };
        row.push(path.clone(), column);
    }
    row.names.extend(runs.names);
    row.columns.extend(runs.columns);
    let mut t = Table::default();
    t.push("run", Column::U32(vec![k as u32; ticks.rows()]));
    t.names.extend(ticks.names);
    t.columns.extend(ticks.columns);
    for (table, data) in [("ticks", &t), ("runs", &row)] {
        let path = part_path(dir, table, k);
        std::fs::create_dir_all(path.parent().expect("a parent"))?;
        parquet::write(&path, data, meta)?;
    }
    Ok(())
}

/// Finished runs in `dir`, by index.
pub fn finished(dir: &Path) -> Vec<u64> {
    let mut runs: Vec<u64> = std::fs::read_dir(dir.join("runs"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_string_lossy().strip_prefix("run=").and_then(|n| n.parse().ok()))
        .filter(|&k| is_done(dir, k))
        .collect();
    runs.sort();
    runs
}

/// Stacks every finished run into `dir/runs.parquet` and `dir/ticks.parquet`.
pub fn merge(dir: &Path) -> Result<(Vec<PathBuf>, usize), OutputError> {
    let runs = finished(dir);
    let meta = vec![
        ("diypol.version".to_string(), env!("CARGO_PKG_VERSION").to_string()),
        ("diypol.sweep.plan".to_string(), std::fs::read_to_string(dir.join("plan.yaml")).unwrap_or_default()),
        ("diypol.sweep.runs".to_string(), runs.len().to_string()),
    ];
    let mut written = Vec::new();
    let mut stacked_runs = Table::default();
    for table in ["runs", "ticks"] {
        let parts: Vec<Table> =
            runs.iter().map(|&k| parquet::read(&part_path(dir, table, k))).collect::<Result<_, _>>()?;
        let path = dir.join(format!("{table}.parquet"));
        let stacked = concat(&parts.iter().collect::<Vec<_>>());
        parquet::write(&path, &stacked, &meta)?;
        written.push(path);
        if table == "runs" {
            stacked_runs = stacked;
        }
    }
    // Charts against the swept parameters, named in plan.yaml.
    let plan: Option<super::plan::SweepPlan> =
        std::fs::read_to_string(dir.join("plan.yaml")).ok().and_then(|t| serde_saphyr::from_str(&t).ok());
    if let Some(plan) = plan {
        let params: Vec<String> = plan.parameters.keys().cloned().collect();
        written.extend(output::sweep::write(dir, &stacked_runs, &params)?);
    }
    Ok((written, runs.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_runs() {
        let total = 10;
        let mut all: Vec<u64> = (1..=3).flat_map(|i| Selection::Shard { i, n: 3 }.runs(total)).collect();
        all.sort();
        assert_eq!(all, Selection::All.runs(total));
        assert_eq!(Selection::Shard { i: 2, n: 3 }.runs(total), vec![1, 4, 7]);
    }
}
