//! `diypol compare`: scenarios × replicates with common random numbers, the comparison
//! table, its files and charts, and the report.

use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::{Feedback, Settings, Unit, thread_pool, warn_about};
use crate::compare::ensemble::{Ensemble, RobustRow, headlines, robust_rows};
use crate::compare::terminal::{to_terminal, wrap};
use crate::compare::{Row, default_dir, prepare, run_replicates, write};
use crate::error::Error;
use crate::output::folder::{FolderKind, claim};
use crate::scenario::ModelKind;

#[derive(Debug, Clone)]
pub struct CompareOptions {
    /// Scenario files of one model; the first is the reference for differences.
    pub scenarios: Vec<PathBuf>,
    /// Runs per scenario, or with an ensemble, per posterior draw.
    pub replicates: u32,
    /// A calibration's posterior draws (`diypol calibrate` folder or its ensemble.parquet):
    /// every scenario runs over `draws` of them × `replicates`.
    pub ensemble: Option<PathBuf>,
    pub draws: Option<u32>,
    /// Each replicate draws its own city from its seed, instead of all sharing one.
    pub vary_city: bool,
    pub settings: Settings,
}

/// Posterior draws an ensemble comparison uses when `--draws` is not given.
pub const DEFAULT_DRAWS: u32 = 50;

/// A finished comparison.
pub struct CompareReport {
    pub names: Vec<String>,
    pub rows: Vec<Row>,
    pub model: ModelKind,
    pub replicates: u32,
    /// With an ensemble: the posterior draws and the robust rows against the first scenario.
    pub robust: Option<(u32, Vec<RobustRow>)>,
    pub base_seed: u64,
    pub elapsed: Duration,
    pub threads: usize,
    pub files: Vec<PathBuf>,
    pub lang: crate::i18n::Lang,
}

pub fn compare(
    opts: &CompareOptions,
    ui: &dyn Feedback,
    cancel: &AtomicBool,
) -> Result<CompareReport, Error> {
    let ensemble = match &opts.ensemble {
        Some(path) => {
            let available = Ensemble::load(path, 0).map(|e| e.file)?;
            let rows = crate::output::parquet::shape(&available)?.0 as u32;
            let draws = opts.draws.unwrap_or(DEFAULT_DRAWS.min(rows));
            Some(Ensemble::load(path, draws)?)
        }
        None => None,
    };
    let draws = ensemble.as_ref().map_or(1, |e| e.draws.len() as u32);
    if draws == 0 {
        return Err(Error::usage("--draws 0: no posterior draws to run", "use --draws 1 or more"));
    }
    // Replicate j of every scenario is draw j / replicates, seed j: common random numbers
    // and common parameter draws across scenarios.
    let total = opts.replicates.checked_mul(draws).ok_or_else(|| {
        Error::usage("--draws × --replicates is too large", "use fewer draws or replicates")
    })?;
    let mut prepared = prepare(&opts.scenarios, &opts.settings.overrides, total)?;
    if let Some(e) = ensemble {
        // Every scenario must take the draws before anything runs.
        for l in &prepared.loaded {
            e.apply(l, 0)?;
        }
        prepared.ensemble = Some((e, opts.replicates));
    }
    // One city for every replicate of every scenario (unless a scenario names its own or
    // --vary-city): replicates differ in what happens, not where, and maps compare alike.
    let city_seed = prepared.loaded[0].scenario.seed;
    for l in prepared.loaded.iter_mut().filter(|_| !opts.vary_city) {
        l.scenario.city_seed.get_or_insert(city_seed);
    }
    for l in &prepared.loaded {
        warn_about(l, ui);
    }
    let dir = opts.settings.out.clone().unwrap_or_else(|| default_dir(&prepared));
    claim(&dir, FolderKind::Compare)?;
    let first = &prepared.loaded[0].scenario;
    let (model, base_seed) = (first.model, first.seed);
    let jobs = crate::sweep::jobs(prepared.loaded.len(), total, base_seed);
    let seeds: Vec<u64> = jobs[..total as usize].iter().map(|j| j.seed).collect();
    let pool = thread_pool(opts.settings.threads)?;
    // Runs at once (one per thread) of the largest scenario, and every run's tables kept
    // for the comparison.
    let largest = prepared.loaded.iter().map(|l| &l.scenario).max_by_key(|s| crate::budget::run_memory(s));
    if let Some(s) = largest {
        let at_once = (pool.current_num_threads() as u64).min(jobs.len() as u64);
        let kept = crate::sweep::estimate::merge_memory(s, jobs.len() as u64) - (48 << 20);
        let need = crate::budget::runs_at_once(format!("comparing {} runs", jobs.len()), s, at_once)
            .add("every run's tables, kept for the comparison", kept / 3);
        crate::budget::check_memory(&need, crate::budget::memory_limit(opts.settings.max_memory).as_ref())?;
    }
    let started = Instant::now();
    ui.start(jobs.len() as u64, Unit::Runs);
    let done = AtomicU64::new(0);
    let on_done = || ui.advance(done.fetch_add(1, Ordering::Relaxed) + 1);
    let results = pool.install(|| run_replicates(&prepared, &jobs, &dir, &on_done, cancel));
    ui.finish();
    let results = results?;
    let names = prepared.names();
    let robust = prepared
        .ensemble
        .as_ref()
        .map(|_| (draws, robust_rows(&names, &results, draws as usize, opts.replicates, model)));
    let files = pool.install(|| {
        write::write(
            &dir,
            &prepared.loaded,
            &prepared.sources,
            &seeds,
            &results,
            robust.as_ref().map(|(_, r)| r.as_slice()),
            write::Look { charts: opts.settings.charts, lang: opts.settings.lang },
        )
    })?;
    Ok(CompareReport {
        rows: crate::compare::effectiveness::summary_rows(&names, &results),
        names,
        model,
        replicates: total,
        robust,
        base_seed,
        elapsed: started.elapsed(),
        threads: pool.current_num_threads(),
        files,
        lang: opts.settings.lang,
    })
}

impl fmt::Display for CompareReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "diypol compare: {} scenarios × {} replicates ({} model, base seed {}) in {:.1} s on {} threads",
            self.names.len(),
            self.replicates,
            self.model.name(),
            self.base_seed,
            self.elapsed.as_secs_f64(),
            self.threads
        )?;
        if let Some((draws, robust)) = &self.robust {
            writeln!(
                f,
                "  over {draws} posterior draws × {} replicates (parameter uncertainty included):",
                self.replicates / draws
            )?;
            for h in headlines(robust, self.model) {
                write!(f, "{}", wrap(&format!("    {h}"), 100, "      "))?;
            }
            writeln!(f, "  every indicator: robust.csv; pooled over all draws:")?;
        }
        let robust = self.robust.as_ref().map_or(&[][..], |(_, r)| r.as_slice());
        write!(
            f,
            "{}",
            to_terminal(&self.names, &self.rows, robust, self.replicates, self.model, self.lang)
        )?;
        writeln!(f, "  every indicator: summary.csv; the brief: report.html, summary.md; files:")?;
        for p in &self.files {
            writeln!(f, "    {}", p.display())?;
        }
        Ok(())
    }
}
