//! `diypol run`: one scenario to its horizon, its tables and charts, and a one-screen summary.

use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use super::{Feedback, Settings, Unit, plural, thread_pool, warn_about};
use crate::catalogue::{CvRun, DiyRun, File, format_value, of, show};
use crate::error::Error;
use crate::output::charts::ChartSet;
use crate::run::{Keep, Run, simulate};
use crate::scenario::{ModelKind, enum_name};

#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub scenario: PathBuf,
    /// Output folder [default: out/<scenario name>]; charts unless the scenario turns them off.
    pub settings: Settings,
    /// Also write cells.parquet / events.parquet (besides what the scenario asks for).
    pub cells: bool,
    pub events: bool,
}

/// A finished `diypol run`: what ran, how long it took, the files written.
pub struct RunReport {
    pub run: Run,
    pub elapsed: Duration,
    pub threads: usize,
    pub files: Vec<PathBuf>,
    /// Language of the summary.
    pub lang: crate::i18n::Lang,
}

pub fn run(opts: &RunOptions, ui: &dyn Feedback, cancel: &AtomicBool) -> Result<RunReport, Error> {
    let mut loaded = opts.settings.overrides.load(&opts.scenario)?;
    warn_about(&loaded, ui);
    let s = &mut loaded.scenario;
    if opts.events && s.model != ModelKind::DiyPolicing {
        return Err(Error::usage(
            "--events: events.parquet is written only by diy_policing runs",
            "drop --events (civil_violence writes ticks, runs and, with --cells, the final grid)",
        ));
    }
    s.output.cells |= opts.cells;
    s.output.events |= opts.events;
    s.output.charts &= opts.settings.charts.any();
    let need = crate::budget::runs_at_once(format!("running {}", opts.scenario.display()), s, 1);
    crate::budget::check_memory(&need, crate::budget::memory_limit(opts.settings.max_memory).as_ref())?;
    let dir = opts.settings.out.clone().unwrap_or_else(|| PathBuf::from("out").join(loaded.name()));
    crate::output::folder::claim(&dir, crate::output::FolderKind::Run)?;
    let pool = thread_pool(opts.settings.threads)?;
    let started = Instant::now();
    let ticks = loaded.scenario.burn_in_days + loaded.scenario.days;
    ui.start(ticks as u64, Unit::Ticks { burn_in: loaded.scenario.burn_in_days as u64 });
    let keep = Keep::from(&loaded.scenario);
    let run = pool.install(|| simulate(&loaded, 0, keep, &mut |t, _| ui.advance(t as u64), cancel));
    ui.finish();
    let run = run?;
    let elapsed = started.elapsed();
    // The scenario's `output.charts: false` turns every chart off.
    let charts = if loaded.scenario.output.charts { opts.settings.charts } else { ChartSet::NONE };
    let files = pool.install(|| crate::output::write_run(&run, &dir, charts, opts.settings.lang))?;
    Ok(RunReport { run, elapsed, threads: pool.current_num_threads(), files, lang: opts.settings.lang })
}

impl fmt::Display for RunReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (r, s) = (&self.run, &self.run.scenario);
        let secs = self.elapsed.as_secs_f64();
        let on = format!("{secs:.1} s on {} thread{}", self.threads, plural(self.threads));
        match r.model {
            ModelKind::DiyPolicing => writeln!(
                f,
                "{}",
                self.lang.phrase(
                    "run_head",
                    &[
                        r.name(),
                        &self.lang.number(r.get(DiyRun::Population)),
                        &s.days.to_string(),
                        &s.burn_in_days.to_string(),
                        &s.seed.to_string(),
                        &on
                    ]
                )
            )?,
            ModelKind::CivilViolence => {
                let p = &s.civil_violence;
                writeln!(
                    f,
                    "diypol: {} — civil violence, {} activation, {}×{} grid, {} citizens, {} cops, {} ticks, seed {}",
                    r.name(),
                    enum_name(&p.activation),
                    p.width,
                    p.height,
                    r.get(CvRun::Citizens),
                    r.get(CvRun::Cops),
                    s.days,
                    s.seed
                )?;
                let rate = r.get(CvRun::AgentSteps) / secs.max(1e-9);
                writeln!(f, "  {on} ({rate:.3e} agent-steps/s, burn-in included)")?;
            }
        }
        let lang = self.lang;
        let lines: Vec<(String, String)> = of(File::Runs, r.model)
            .filter(|e| e.shown(show::SUMMARY))
            .map(|e| {
                let (label, unit) = (lang.text(e.label), lang.text(e.unit));
                let title = if unit.is_empty() { label.to_string() } else { format!("{label} ({unit})") };
                (title, format_value(e.kind, r.get(e)))
            })
            .collect();
        // One column of values, as wide as the labels need (French and German run longer).
        let width = lines.iter().map(|(t, _)| t.chars().count()).max().unwrap_or(0).clamp(58, 86);
        for (title, v) in lines {
            let v = match (lang, v.strip_suffix('%')) {
                (crate::i18n::Lang::En, _) => v,
                (_, Some(n)) => format!("{}\u{a0}%", lang.localise(n)),
                (_, None) => lang.localise(&v),
            };
            writeln!(f, "  {title:<width$} {v:>9}")?;
        }
        writeln!(f, "  files:")?;
        for p in &self.files {
            writeln!(f, "    {}", p.display())?;
        }
        Ok(())
    }
}
