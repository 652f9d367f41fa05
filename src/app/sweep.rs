//! `diypol sweep`, `merge` and `sensitivity`: many runs of a plan, resumable and shardable,
//! stacked, and analysed.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use super::{Feedback, Unit, thread_pool};
use crate::budget;
use crate::error::Error;
use crate::sweep::design::design_bytes;
use crate::sweep::estimate::{human_secs, merge_memory, run_cost, runs_per_task};
use crate::sweep::select::{Selection, Shard};
use crate::sweep::sensitivity::{IndexRow, analyze, to_markdown};
use crate::sweep::{plan, slurm, store};

#[derive(Debug, Clone, Default)]
pub struct SweepOptions {
    pub plan: PathBuf,
    /// Output folder [default: out/sweep-<plan file name>].
    pub out: Option<PathBuf>,
    pub shard: Option<Shard>,
    pub run_index: Option<u64>,
    pub threads: Option<usize>,
    /// Say how big the sweep is and stop.
    pub dry_run: bool,
    /// Write SLURM scripts instead of running, with this many runs per array task (None:
    /// about five minutes of work each).
    pub emit_slurm: bool,
    pub runs_per_task: Option<u64>,
    /// Memory the sweep may use [default: what the machine has available].
    pub max_memory: Option<u64>,
    /// `--set path=value` over the base (and contrast) scenario.
    pub set: Vec<crate::scenario::Assignment>,
}

/// What a `diypol sweep` invocation did.
pub enum SweepReport {
    /// `--dry-run`: the plan's size and estimate.
    Planned { summary: String },
    /// `--emit-slurm`: the scripts written.
    Slurm { summary: String, tasks: u64, runs_per_task: u64, submit: PathBuf },
    /// Runs done now, runs finished in the folder, runs in the plan.
    Ran { ran: u64, seconds: f64, finished: u64, total: u64, dir: PathBuf },
}

pub fn sweep(opts: &SweepOptions, ui: &dyn Feedback, cancel: &AtomicBool) -> Result<SweepReport, Error> {
    let plan = plan::load_with(&opts.plan, &opts.set)?;
    let total = plan.runs();
    let selection = Selection::new(opts.shard, opts.run_index, total)?;
    let stem = opts.plan.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = crate::scenario::names::from_file_name(&stem);
    let dir = opts.out.clone().unwrap_or_else(|| PathBuf::from("out").join(format!("sweep-{name}")));
    let selected = selection.count(total);
    let finished = store::finished(&dir);
    let done = finished.iter().filter(|&&k| k < total && selection.contains(k)).count() as u64;
    let todo = selected - done;
    let pool = thread_pool(opts.threads)?;
    let threads = pool.current_num_threads();
    // Time from a typical run (the first point); memory and disk from the largest one.
    let largest = plan.largest_scenario();
    let cost = run_cost(&plan.base.scenario);
    let summary = format!(
        "sweep {}: {} points × {} replicates = {total} runs ({} sampling); this invocation: {selected} runs, {done} already done\n  estimate: about {} on {threads} threads, {} of disk (rough: from the run's size)",
        opts.plan.display(),
        plan.points,
        plan.plan.replicates,
        crate::scenario::enum_name(&plan.plan.sampling),
        human_secs(cost.seconds * todo as f64 / threads as f64),
        budget::human(run_cost(&largest).bytes * todo as f64)
    );
    // Everything above was counted, not built: refuse what would not fit before building.
    let at_once = (threads as u64).min(todo.max(1));
    let need = budget::runs_at_once(format!("sweep {}", opts.plan.display()), &largest, at_once)
        .add("the design", design_bytes(&plan.plan))
        .add("the list of finished runs", finished.len() as u64 * 16);
    let limit = budget::memory_limit(opts.max_memory);
    budget::check_memory(&need, limit.as_ref())?;
    if !opts.emit_slurm {
        budget::check_disk(
            &format!("sweep {}", opts.plan.display()),
            run_cost(&largest).bytes * todo as f64,
            &dir,
        )?;
    }
    // A dry run builds no large table: then the points are checked when the sweep starts.
    let design = (!opts.dry_run || design_bytes(&plan.plan) <= DRY_RUN_DESIGN_BYTES).then(|| plan.design());
    if let Some(d) = &design {
        plan.check_points(d)?;
    }
    if opts.dry_run {
        return Ok(SweepReport::Planned { summary });
    }
    let design = design.unwrap_or_else(|| plan.design());
    store::prepare(&dir, &plan)?;
    if opts.emit_slurm {
        // At most 1,000 tasks: a common MaxArraySize.
        let per_task = opts.runs_per_task.unwrap_or_else(|| runs_per_task(&cost));
        let tasks = total.div_ceil(per_task).clamp(1, 1000);
        let abs = |p: &Path| std::path::absolute(p).map_err(Error::read(p));
        let job = slurm::Job {
            name,
            plan: abs(&opts.plan)?,
            dir: abs(&dir)?,
            exe: std::env::current_exe()
                .map_err(|e| Error::Read { path: "diypol".into(), message: e.to_string() })?,
            tasks,
            sets: opts.set.iter().map(|a| a.text.clone()).collect(),
            memory_mb: mib(budget::runs_at_once("a task", &largest, 1)
                .add("the design", design_bytes(&plan.plan))
                .add("the list of finished runs", total.saturating_mul(16))
                .bytes),
            merge_memory_mb: mib(merge_memory(&largest, total)),
        };
        let submit = slurm::write(&job)?;
        return Ok(SweepReport::Slurm { summary, tasks, runs_per_task: total.div_ceil(tasks), submit });
    }
    let (trusted, damaged) = pool.install(|| store::trusted(&dir, selection));
    if damaged > 0 {
        ui.warning(&format!(
            "{damaged} finished run(s) in {} had a damaged file and will run again\n",
            dir.display()
        ));
    }
    let todo = selected - trusted.iter().filter(|&&k| k < total && selection.contains(k)).count() as u64;
    ui.note(&summary);
    ui.start(todo, Unit::Runs);
    let count = AtomicU64::new(0);
    let on_done = || ui.advance(count.fetch_add(1, Ordering::Relaxed) + 1);
    let started = Instant::now();
    let ran = pool.install(|| store::run(&plan, &design, &dir, selection, &trusted, &on_done, cancel));
    ui.finish();
    let ran = ran?;
    Ok(SweepReport::Ran {
        ran,
        seconds: started.elapsed().as_secs_f64(),
        finished: store::finished(&dir).into_iter().filter(|&k| k < total).count() as u64,
        total,
        dir,
    })
}

/// The largest design a dry run builds to check its points.
const DRY_RUN_DESIGN_BYTES: u64 = 64 << 20;

/// Memory to ask a cluster for, in MiB: the estimate and a quarter more, at least 1 GiB.
fn mib(bytes: u64) -> u64 {
    (bytes.saturating_add(bytes / 4)).div_ceil(1 << 20).max(1024)
}

impl fmt::Display for SweepReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SweepReport::Planned { summary } => writeln!(f, "{summary}"),
            SweepReport::Slurm { summary, tasks, runs_per_task, submit } => {
                writeln!(f, "{summary}")?;
                writeln!(f, "  SLURM: {tasks} array tasks of about {runs_per_task} runs each; submit with:")?;
                writeln!(f, "    bash {}", submit.display())
            }
            SweepReport::Ran { ran, seconds, finished, total, dir } => {
                writeln!(
                    f,
                    "  ran {ran} runs in {seconds:.1} s; {finished} of {total} runs finished in {}",
                    dir.display()
                )?;
                if *finished == *total {
                    writeln!(
                        f,
                        "  all done: `diypol merge {}` stacks them into runs.parquet and ticks.parquet",
                        dir.display()
                    )?;
                }
                Ok(())
            }
        }
    }
}

/// `diypol merge DIR`: the stacked tables and charts; returns the files and runs merged.
pub struct MergeReport {
    pub files: Vec<PathBuf>,
    pub runs: usize,
}

pub fn merge(dir: &Path, partial: store::Partial, max_memory: Option<u64>) -> Result<MergeReport, Error> {
    let (files, runs) = store::merge(dir, partial, budget::memory_limit(max_memory).as_ref())?;
    Ok(MergeReport { files, runs })
}

impl fmt::Display for MergeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "merged {} runs:", self.runs)?;
        for p in &self.files {
            writeln!(f, "  {}", p.display())?;
        }
        Ok(())
    }
}

/// `diypol sensitivity DIR`: the indices, and the files written.
pub struct SensitivityReport {
    pub rows: Vec<IndexRow>,
    pub files: Vec<PathBuf>,
    /// Said first: indices from a design too small to rank parameters.
    pub warnings: Vec<String>,
}

/// `diypol sensitivity DIR [--indicator NAME]...`: the default indicators go to
/// sensitivity.csv, chosen ones to sensitivity-<names>.csv beside it.
pub fn sensitivity(dir: &Path, indicators: &[String]) -> Result<SensitivityReport, Error> {
    let rows = analyze(dir, indicators)?;
    let warnings = crate::sweep::sensitivity::warnings(&crate::sweep::plan::recorded(dir)?, &rows);
    let stem = crate::sweep::sensitivity::stem(indicators);
    let files = crate::sweep::sensitivity::write(dir, &rows, &stem, &warnings)?;
    Ok(SensitivityReport { rows, files, warnings })
}

impl fmt::Display for SensitivityReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for w in &self.warnings {
            writeln!(f, "warning: {w}")?;
        }
        write!(f, "{}", to_markdown(&self.rows))?;
        writeln!(f, "\nfiles:")?;
        for p in &self.files {
            writeln!(f, "  {}", p.display())?;
        }
        Ok(())
    }
}
