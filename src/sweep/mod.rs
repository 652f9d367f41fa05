//! Sweep: many runs as a flat list of (scenario × replicate) jobs, run in parallel, each
//! written to disk as soon as it finishes so an interrupted batch keeps what it completed.
//!
//! Seeds are common random numbers: replicate r of every scenario gets the same seed, so
//! a difference between scenarios is not masked by one scenario drawing a luckier city.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::output::{self, OutputError};
use crate::recorder::Table;
use crate::rng::{self, Phase};
use crate::run::RunError;
pub mod plan;
pub mod store;

use crate::scenario::{LoadedScenario, ModelKind, Scenario};

/// One run to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job {
    pub scenario: usize,
    pub replicate: u32,
    pub seed: u64,
}

/// Every (scenario, replicate) pair, scenario-major; replicate r's seed derives from
/// `base_seed` and r only.
pub fn jobs(scenarios: usize, replicates: u32, base_seed: u64) -> Vec<Job> {
    (0..scenarios)
        .flat_map(|scenario| {
            (0..replicates).map(move |replicate| Job {
                scenario,
                replicate,
                seed: replicate_seed(base_seed, replicate),
            })
        })
        .collect()
}

/// The seed of replicate `r`: a keyed mix, so nearby replicates get unrelated streams.
pub fn replicate_seed(base_seed: u64, r: u32) -> u64 {
    rng::key(base_seed, r, Phase::Replicate, 0) >> 1
}

/// What one finished run leaves for the comparison.
#[derive(Debug, Clone)]
pub struct RunResult {
    pub job: Job,
    /// Per-run indicators, as in runs.parquet.
    pub indicators: Vec<(String, f64)>,
    pub runs: Table,
    pub ticks: Table,
    /// Street crimes per cell (diy_policing), with the grid's width and height.
    pub cell_crimes: Option<(usize, usize, Vec<f64>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("interrupted after {done} of {total} runs; the finished runs are in {}", dir.display())]
    Interrupted { done: usize, total: usize, dir: PathBuf },
}

/// Runs `f(0..n)` on the current thread pool and returns the results in index order.
///
/// Each worker takes the next index when it is free. Runs are not rayon tasks of their
/// own: with `par_iter` over runs, a worker waiting inside one run's parallel phase could
/// steal another whole run and start it on the same stack, and thousands of short runs
/// then overflow it. Here at most one loop per worker exists to be stolen.
pub(crate) fn run_all<T: Send + Sync>(n: usize, f: impl Fn(usize) -> Option<T> + Sync) -> Vec<Option<T>> {
    let slots: Vec<std::sync::OnceLock<T>> = (0..n).map(|_| std::sync::OnceLock::new()).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = rayon::current_num_threads().min(n).max(1);
    rayon::scope(|s| {
        for _ in 0..workers {
            s.spawn(|_| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    if let Some(v) = f(i) {
                        let _ = slots[i].set(v);
                    }
                }
            });
        }
    });
    slots.into_iter().map(|s| s.into_inner()).collect()
}

/// The folder of one run inside a batch's output folder.
pub fn run_dir(out: &Path, scenario: &Scenario, job: &Job) -> PathBuf {
    let name = scenario.name.clone().unwrap_or_else(|| format!("scenario-{}", job.scenario));
    out.join("runs").join(name).join(format!("replicate-{:03}", job.replicate))
}

/// Runs every job (in parallel over jobs; a job's own phases may use threads too) and
/// writes each run's ticks.parquet and runs.parquet under `out/runs/`. `on_done` is called
/// after each run; `cancel` stops starting new runs and interrupts those under way.
pub fn run_jobs(
    loaded: &[LoadedScenario],
    jobs: &[Job],
    out: &Path,
    on_done: &(dyn Fn() + Sync),
    cancel: &AtomicBool,
) -> Result<Vec<RunResult>, SweepError> {
    let results: Vec<Option<Result<RunResult, OutputError>>> = run_all(jobs.len(), |i| {
        let job = &jobs[i];
        {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let base = &loaded[job.scenario];
            let one = LoadedScenario {
                scenario: Scenario { seed: job.seed, ..base.scenario.clone() },
                file: base.file.clone(),
                city: base.city.clone(),
                warnings: Vec::new(),
            };
            let result = run_one(&one, job, out, cancel).transpose()?;
            on_done();
            Some(result)
        }
    });
    let total = jobs.len();
    let mut done = Vec::with_capacity(total);
    for r in results.into_iter().flatten() {
        done.push(r?);
    }
    if done.len() < total {
        return Err(SweepError::Interrupted { done: done.len(), total, dir: out.join("runs") });
    }
    Ok(done)
}

/// One run, written to its folder; None when interrupted.
fn run_one(
    loaded: &LoadedScenario,
    job: &Job,
    out: &Path,
    cancel: &AtomicBool,
) -> Result<Option<RunResult>, OutputError> {
    let Some((result, meta)) = simulate(loaded, job, cancel) else { return Ok(None) };
    let dir = run_dir(out, &loaded.scenario, job);
    let mut folder = output::Folder::create(&dir, meta)?;
    folder.parquet("runs.parquet", result.runs.clone())?;
    folder.parquet("ticks.parquet", result.ticks.clone())?;
    Ok(Some(result))
}

/// One run of either model, with its tables and Parquet metadata; None when interrupted.
pub(crate) fn simulate(
    loaded: &LoadedScenario,
    job: &Job,
    cancel: &AtomicBool,
) -> Option<(RunResult, Vec<(String, String)>)> {
    let quiet = &mut |_, _| {};
    match loaded.scenario.model {
        ModelKind::DiyPolicing => match crate::run::simulate(loaded, job.replicate, quiet, cancel) {
            Ok(data) => {
                let c = &data.world.city;
                let crimes = data.world.totals.cell_crimes.iter().map(|&n| n as f64).collect();
                let result = RunResult {
                    job: *job,
                    runs: output::runs_table(&data),
                    ticks: output::ticks_table(&data),
                    cell_crimes: Some((c.width as usize, c.height as usize, crimes)),
                    indicators: data.indicators.clone(),
                };
                Some((result, output::metadata(&data)))
            }
            Err(RunError::Interrupted(_)) => None,
        },
        ModelKind::CivilViolence => {
            match crate::civil_violence::simulate(loaded, job.replicate, quiet, cancel) {
                Ok(data) => {
                    let result = RunResult {
                        job: *job,
                        runs: output::civil_violence::runs_table(&data),
                        ticks: output::civil_violence::ticks_table(&data),
                        cell_crimes: None,
                        indicators: data.indicators.clone(),
                    };
                    Some((result, output::scenario_metadata(&data.scenario)))
                }
                Err(RunError::Interrupted(_)) => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicates_share_seeds_across_scenarios() {
        let j = jobs(3, 4, 7);
        assert_eq!(j.len(), 12);
        for r in 0..4 {
            let seeds: Vec<u64> = j.iter().filter(|x| x.replicate == r).map(|x| x.seed).collect();
            assert!(seeds.iter().all(|&s| s == seeds[0]));
        }
        assert_ne!(j[0].seed, j[1].seed);
        assert_ne!(jobs(1, 1, 7)[0].seed, jobs(1, 1, 8)[0].seed);
    }
}
