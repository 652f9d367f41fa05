//! The `diypol` command: flags → the library's typed options → run → print. The exit code
//! is the library error's kind: 0 done, 1 failure, 2 bad input, 128 + the signal when
//! interrupted (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP).

mod signals;
mod terminal;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser};
use diypol::app::{self, inspect::CatalogueFormat};
use diypol::scenario::Overrides;
use diypol::sweep::{select::Shard, store::Partial};
use terminal::Terminal;

#[derive(Parser)]
#[command(name = "diypol", version, about = "Agent-based simulator of do-it-yourself policing")]
enum Command {
    /// Run one scenario and write Parquet tables and charts.
    Run {
        /// Scenario file (YAML).
        scenario: PathBuf,
        #[command(flatten)]
        common: Common,
        /// Also write cells.parquet (per-cell totals).
        #[arg(long)]
        cells: bool,
        /// Also write events.parquet (one row per case).
        #[arg(long)]
        events: bool,
    },
    /// Run several scenarios, each over replicates, and compare their indicators.
    Compare {
        /// Scenario files (YAML) of one model; the first is the reference for differences.
        #[arg(required = true, num_args = 2..)]
        scenarios: Vec<PathBuf>,
        /// Runs per scenario. Replicate r uses the same seed in every scenario.
        #[arg(long, value_name = "R", default_value_t = 10, value_parser = clap::value_parser!(u32).range(2..=10000))]
        replicates: u32,
        #[command(flatten)]
        common: Common,
    },
    /// Run a sweep plan: many parameter points × replicates, resumable, shardable.
    Sweep(SweepArgs),
    /// Stack a sweep folder's finished runs into runs.parquet and ticks.parquet.
    Merge {
        dir: PathBuf,
        /// Merge an unfinished sweep's finished runs instead of refusing it.
        #[arg(long)]
        partial: bool,
        #[arg(long, value_name = "SIZE", value_parser = memory_size)]
        max_memory: Option<u64>,
    },
    /// Sobol indices (saltelli sweeps) or Morris effects (morris sweeps) of a finished sweep.
    Sensitivity {
        dir: PathBuf,
        /// Indicators of runs.parquet to analyse (repeatable) [default: the key ones].
        #[arg(long = "indicator", value_name = "NAME")]
        indicators: Vec<String>,
    },
    /// Write report.html (self-contained, offline) from a `compare` output folder.
    Report { dir: PathBuf },
    /// Check scenario files and report every problem; writes nothing.
    Validate {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Memory one run may use, e.g. 16G [default: what the machine has available].
        #[arg(long, value_name = "SIZE", value_parser = memory_size)]
        max_memory: Option<u64>,
    },
    /// Print the JSON Schema of scenario files (for editor completion and checking).
    Schema,
    /// Print every output column: label, unit, kind, which direction is better, meaning.
    Indicators {
        /// text, json or markdown (docs/OUTPUTS.md is the markdown).
        #[arg(long, default_value = "text")]
        format: CatalogueFormat,
    },
}

#[derive(Args)]
struct SweepArgs {
    /// Sweep plan (YAML).
    plan: PathBuf,
    /// Output folder [default: out/sweep-<plan name>].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Do only shard I of N (1-based): runs whose index is I−1 modulo N.
    #[arg(long, value_name = "I/N", conflicts_with = "run_index")]
    shard: Option<Shard>,
    /// Do only run K (0-based), e.g. from a SLURM array task.
    #[arg(long, value_name = "K")]
    run_index: Option<u64>,
    #[command(flatten)]
    run: Shared,
    /// Print the plan's size and estimates, run nothing.
    #[arg(long)]
    dry_run: bool,
    /// Write SLURM scripts (a job array and a merge job after it) into DIR/slurm instead of running.
    #[arg(long, conflicts_with_all = ["shard", "run_index", "dry_run"])]
    emit_slurm: bool,
    /// With --emit-slurm: runs per array task [default: about 5 minutes of work each].
    #[arg(long, value_name = "N", requires = "emit_slurm", value_parser = clap::value_parser!(u64).range(1..))]
    runs_per_task: Option<u64>,
}

/// Flags of every command that runs simulations.
#[derive(Args)]
struct Shared {
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,
    /// No progress and no summary.
    #[arg(long)]
    quiet: bool,
    /// Progress on stderr: a bar (on a terminal), a line at most every second, or none.
    #[arg(long, default_value = "auto", value_parser = ["auto", "bar", "lines", "none"])]
    progress: String,
    /// Memory the runs may use, e.g. 16G or 512MiB [default: what the machine has available].
    #[arg(long, value_name = "SIZE", value_parser = memory_size)]
    max_memory: Option<u64>,
}

/// `16G`, `512MiB`, `2000000000`: a memory size in bytes.
fn memory_size(text: &str) -> Result<u64, String> {
    text.trim()
        .parse::<bytesize::ByteSize>()
        .map(|b| b.as_u64())
        .map_err(|_| format!("`{text}` is not a memory size; write e.g. 16G, 512MiB or 2000000000 (bytes)"))
}

#[derive(Args)]
struct Common {
    /// Output folder [default: out/<scenario name>, out/compare-<names>].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Override the scenario's seed.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Override the number of simulated days.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=36500))]
    days: Option<u32>,
    /// Do not draw charts.
    #[arg(long)]
    no_charts: bool,
    #[command(flatten)]
    run: Shared,
}

impl Common {
    fn settings(&self) -> app::Settings {
        let overrides = Overrides { seed: self.seed, days: self.days };
        let threads = self.run.threads.map(usize::from);
        app::Settings {
            out: self.out.clone(),
            overrides,
            threads,
            charts: !self.no_charts,
            max_memory: self.run.max_memory,
        }
    }
}

fn main() -> ExitCode {
    // SAFETY: before any thread starts. Rust ignores SIGPIPE, so printing into a closed
    // pipe (`diypol ... | head`) would panic; the default ends quietly, as Unix tools do.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let command = Command::parse();
    signals::install();
    match run(command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(diypol::Error::Interrupted(what)) => {
            eprintln!("error: interrupted by {} {what}", signals::name());
            ExitCode::from(signals::exit_code())
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.kind().code())
        }
    }
}

/// Prints a command's report unless `--quiet`.
fn show(quiet: bool, report: impl std::fmt::Display) {
    (!quiet).then(|| print!("{report}"));
}

fn run(command: Command) -> Result<(), diypol::Error> {
    let cancel = &signals::STOP;
    match command {
        Command::Run { scenario, common, cells, events } => {
            let opts = app::run::RunOptions { scenario, settings: common.settings(), cells, events };
            show(common.run.quiet, app::run::run(&opts, &Terminal::new(Some(&common.run)), cancel)?);
        }
        Command::Compare { scenarios, replicates, common } => {
            let opts = app::compare::CompareOptions { scenarios, replicates, settings: common.settings() };
            show(common.run.quiet, app::compare::compare(&opts, &Terminal::new(Some(&common.run)), cancel)?);
        }
        Command::Sweep(a) => {
            let ui = Terminal::new(Some(&a.run));
            let opts = app::sweep::SweepOptions {
                plan: a.plan,
                out: a.out,
                shard: a.shard,
                run_index: a.run_index,
                threads: a.run.threads.map(usize::from),
                dry_run: a.dry_run,
                emit_slurm: a.emit_slurm,
                runs_per_task: a.runs_per_task,
                max_memory: a.run.max_memory,
            };
            let report = app::sweep::sweep(&opts, &ui, cancel)?;
            show(a.run.quiet && !a.dry_run, report);
        }
        Command::Merge { dir, partial, max_memory } => {
            let partial = if partial { Partial::Allow } else { Partial::Refuse };
            show(false, app::sweep::merge(&dir, partial, max_memory)?)
        }
        Command::Sensitivity { dir, indicators } => show(false, app::sweep::sensitivity(&dir, &indicators)?),
        Command::Report { dir } => show(false, app::inspect::report(&dir)?),
        Command::Validate { files, max_memory } => {
            let report = app::inspect::validate(&files, max_memory, &Terminal::new(None));
            report.ok.iter().for_each(|l| println!("{l}"));
            report.failed.iter().for_each(|e| eprintln!("{e}"));
            report.outcome()?;
        }
        Command::Schema => println!("{}", app::inspect::schema()),
        Command::Indicators { format } => print!("{}", app::inspect::indicators(format)),
    }
    Ok(())
}
