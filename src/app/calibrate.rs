//! `diypol calibrate SPEC.yaml`: ABC-SMC over the spec's priors and targets, resumable and
//! shardable, then the posterior, its predictive check, the calibrated scenario and the
//! ensemble (src/calibrate).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use super::{Feedback, thread_pool};
use crate::calibrate::outputs::{ParameterSummary, TargetSummary, parameter_summaries, target_summaries};
use crate::calibrate::{self, Part, engine};
use crate::error::Error;
use crate::sweep::select::Shard;

#[derive(Debug, Clone, Default)]
pub struct CalibrateOptions {
    pub spec: PathBuf,
    /// Output folder [default: out/calibrate-<spec name>].
    pub out: Option<PathBuf>,
    pub threads: Option<usize>,
    /// Only this shard's share of each round (SLURM array tasks); the outputs are written
    /// by whichever invocation finds every simulation done.
    pub shard: Option<Shard>,
    /// Write SLURM scripts for this many array tasks per pass instead of running.
    pub emit_slurm: Option<u64>,
    pub charts: bool,
}

pub enum CalibrateReport {
    /// Every simulation is done and the outputs are written.
    Finished {
        dir: PathBuf,
        outcome: Box<calibrate::Outcome>,
        parameters: Vec<ParameterSummary>,
        targets: Vec<TargetSummary>,
        files: Vec<PathBuf>,
        seconds: f64,
    },
    /// A shard did its share; others still owe theirs.
    Waiting { dir: PathBuf, generation: usize, ran: u64, seconds: f64 },
    /// `--emit-slurm`: the scripts are written, nothing was run.
    Slurm { submit: PathBuf, tasks: u64 },
}

/// The default folder of a spec: out/calibrate-<file stem>.
pub fn default_dir(spec: &Path) -> PathBuf {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    PathBuf::from("out").join(format!("calibrate-{}", crate::scenario::names::from_file_name(&stem)))
}

pub fn calibrate(
    opts: &CalibrateOptions,
    ui: &dyn Feedback,
    cancel: &AtomicBool,
) -> Result<CalibrateReport, Error> {
    let spec = calibrate::load(&opts.spec)?;
    let dir = opts.out.clone().unwrap_or_else(|| default_dir(&opts.spec));
    let pool = thread_pool(opts.threads)?;
    let at_once = if opts.emit_slurm.is_some() { 1 } else { pool.current_num_threads() as u64 };
    let mut need = crate::budget::Need::new("calibration");
    if let calibrate::spec::Subject::Scenario(base) = &spec.subject {
        let sim = engine::ScenarioSim::new(&spec, base);
        let mid: Vec<f64> = spec.parameters.iter().map(|(_, p)| p.mean_value()).collect();
        let largest = sim.scenario_at(&mid, 0, true)?;
        need = crate::budget::runs_at_once(
            format!("calibration {}", opts.spec.display()),
            &largest.scenario,
            at_once,
        );
        if opts.emit_slurm.is_none() {
            crate::budget::check_memory(&need, crate::budget::memory_limit(None).as_ref())?;
        }
    }
    calibrate::store::prepare(&dir, &spec)?;
    if let Some(tasks) = opts.emit_slurm {
        let abs = |p: &Path| std::path::absolute(p).map_err(Error::read(p));
        let m = &spec.spec.method;
        let job = calibrate::slurm::Job {
            name: dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            spec: abs(&opts.spec)?,
            dir: abs(&dir)?,
            exe: std::env::current_exe()
                .map_err(|e| Error::Read { path: "diypol".into(), message: e.to_string() })?,
            tasks,
            // One simulation at a time, and a quarter more for the sampler's own tables.
            memory_mb: (need.bytes.saturating_add(need.bytes / 4)).div_ceil(1 << 20).max(1024),
            // Each pass finishes at least one round of at least MIN_ROUND simulations, and
            // the budget bounds the simulations of all generations; then the predictive.
            max_passes: m.budget.div_ceil(engine::MIN_ROUND) + 2,
        };
        return Ok(CalibrateReport::Slurm { submit: calibrate::slurm::write(&job)?, tasks });
    }
    let model = engine::simulator(&spec);
    let part = opts.shard.map_or(Part::All, Part::Shard);
    let started = Instant::now();
    let outcome = pool.install(|| calibrate::calibrate(&spec, model.as_ref(), &dir, part, ui, cancel))?;
    let seconds = started.elapsed().as_secs_f64();
    if !outcome.finished() {
        return Ok(CalibrateReport::Waiting {
            dir,
            generation: outcome.generations.len(),
            ran: outcome.ran,
            seconds,
        });
    }
    let files = pool.install(|| calibrate::outputs::write(&dir, &spec, &outcome, opts.charts))?;
    let last = outcome.last().expect("a generation");
    Ok(CalibrateReport::Finished {
        parameters: parameter_summaries(&spec, last),
        targets: target_summaries(&spec, &outcome),
        dir,
        outcome: Box::new(outcome),
        files,
        seconds,
    })
}

impl fmt::Display for CalibrateReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalibrateReport::Slurm { submit, tasks } => writeln!(
                f,
                "wrote SLURM scripts: each pass is a job array of {tasks} tasks, and a follow-up job submits the next pass until the posterior is written\n  submit with: bash {} [sbatch options, e.g. --partition=...]   (--wait first to wait for the end)",
                submit.display()
            ),
            CalibrateReport::Waiting { dir, generation, ran, seconds } => writeln!(
                f,
                "  this shard ran {ran} simulations in {seconds:.1} s; generation {generation} waits for other shards (same command, other --shard values) in {}",
                dir.display()
            ),
            CalibrateReport::Finished { dir, outcome, parameters, targets, files, seconds } => {
                let g = outcome.generations.len();
                let stop = outcome.stop.map_or("unfinished", engine::Stop::describe);
                writeln!(
                    f,
                    "diypol calibrate: {g} generations ({stop}); ran {} simulations in {seconds:.1} s",
                    outcome.ran
                )?;
                let fmt = crate::catalogue::format_number;
                writeln!(f, "  posterior (median and 90% interval):")?;
                for p in parameters {
                    writeln!(
                        f,
                        "    {:<44} {:>10}  [{} – {}]   prior {}",
                        p.path,
                        fmt(p.median),
                        fmt(p.q05),
                        fmt(p.q95),
                        p.prior
                    )?;
                }
                writeln!(f, "  targets against the posterior predictive (median and 90% interval):")?;
                for t in targets {
                    writeln!(
                        f,
                        "    {:<44} wanted {:<12} predicted {:>10} [{} – {}]  {:.0}% of draws inside",
                        t.name,
                        t.target.describe(),
                        fmt(t.posterior.0),
                        fmt(t.posterior.1),
                        fmt(t.posterior.2),
                        100.0 * t.inside_share
                    )?;
                }
                writeln!(f, "  files in {}:", dir.display())?;
                for p in files {
                    writeln!(f, "    {}", p.display())?;
                }
                Ok(())
            }
        }
    }
}
