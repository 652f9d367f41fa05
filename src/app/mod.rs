//! The commands as library functions, in the manner of hyperfine's `run()`: typed options,
//! checked here against each other and the input, then one function that runs the
//! command and returns what it did (a report that displays as the terminal shows it). The
//! binary only turns flags into these options, shows progress and prints.

pub mod calibrate;
pub mod compare;
pub mod discover;
pub mod inspect;
pub mod run;
pub mod sweep;

use crate::error::Error;

/// The settings every command that runs simulations takes.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Output folder [default: under `out/`, named after the input].
    pub out: Option<std::path::PathBuf>,
    pub overrides: crate::scenario::Overrides,
    /// Worker threads [default: all cores].
    pub threads: Option<usize>,
    /// Standard charts, 16:9 slides, both or neither.
    pub charts: crate::output::charts::ChartSet,
    /// Memory the runs may use [default: what the machine has available].
    pub max_memory: Option<u64>,
    /// Language of the summary, the report and the charts.
    pub lang: crate::i18n::Lang,
}

/// What a command tells its user while it works. The binary draws a progress bar or
/// prints lines; tests and libraries can ignore it all ([`Silent`]).
pub trait Feedback: Sync {
    /// A warning about the input, shown at once (a self-defeating lever combination).
    fn warning(&self, text: &str);
    /// A line of information shown before the work starts (a sweep's size and estimate).
    fn note(&self, text: &str);
    /// Work of `total` steps begins.
    fn start(&self, total: u64, unit: Unit);
    /// `done` steps are finished.
    fn advance(&self, done: u64);
    /// The work is over (finished, failed or interrupted).
    fn finish(&self);
}

/// What progress counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Ticks of one run, the first `burn_in` of them not recorded.
    Ticks {
        burn_in: u64,
    },
    Runs,
}

impl Unit {
    pub fn name(self) -> &'static str {
        match self {
            Unit::Ticks { .. } => "tick",
            Unit::Runs => "run",
        }
    }

    /// Where `done` of `total` steps is, in words: "burn-in 120/365" or "day 40/730" for
    /// a run (the burn-in is shown apart: its days are not recorded), "run 3/48".
    pub fn stage(self, done: u64, total: u64) -> String {
        match self {
            Unit::Ticks { burn_in } if burn_in > 0 && done < burn_in => format!("burn-in {done}/{burn_in}"),
            Unit::Ticks { burn_in } => {
                format!("day {}/{}", done.saturating_sub(burn_in), total.saturating_sub(burn_in))
            }
            Unit::Runs => format!("run {done}/{total}"),
        }
    }
}

/// Feedback that shows nothing.
pub struct Silent;

impl Feedback for Silent {
    fn warning(&self, _: &str) {}
    fn note(&self, _: &str) {}
    fn start(&self, _: u64, _: Unit) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// Progress as plain lines on stderr, at most one a second (the first and the last at
/// once): for logs (SLURM) and for tests that wait until work is under way.
#[derive(Default)]
pub struct Lines {
    state: std::sync::Mutex<(u64, Option<Unit>, Option<std::time::Instant>)>,
}

impl Lines {
    /// `progress: tick 400/1095 (day 35/730)`, `progress: run 3/48`.
    pub fn advance(&self, done: u64) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (total, unit, last) = *s;
        let Some(unit) = unit else { return };
        if last.is_none_or(|t| t.elapsed().as_secs() >= 1) || done == total {
            let stage = match unit {
                Unit::Ticks { .. } => format!(" ({})", unit.stage(done, total)),
                Unit::Runs => String::new(),
            };
            eprintln!("progress: {} {done}/{total}{stage}", unit.name());
            s.2 = Some(std::time::Instant::now());
        }
    }

    pub fn start(&self, total: u64, unit: Unit) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = (total, Some(unit), None);
    }
}

/// A pool of `threads` workers (all cores when None). Results never depend on it.
pub fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, Error> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        b = b.num_threads(n);
    }
    Ok(b.build()?)
}

/// Shows each warning of a loaded scenario.
fn warn_about(loaded: &crate::scenario::LoadedScenario, ui: &dyn Feedback) {
    for w in &loaded.warnings {
        ui.warning(&w.render(&loaded.file));
    }
}

/// "s" after a count other than one.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
