//! The command line: every subcommand and flag, as clap reads them.

use std::path::PathBuf;

use clap::{Args, Parser};
use diypol::app::{self, inspect::CatalogueFormat};
use diypol::i18n::Lang;
use diypol::output::charts::ChartSet;
use diypol::scenario::{Assignment, Overrides};
use diypol::sweep::select::Shard;

#[derive(Parser)]
#[command(name = "diypol", version, about = "Agent-based simulator of do-it-yourself policing")]
pub enum Command {
    /// Run one scenario and write Parquet tables and charts.
    Run {
        /// Scenario file (YAML).
        scenario: PathBuf,
        /// Output folder [default: out/<scenario name>].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
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
        /// Runs per scenario (with --ensemble, per posterior draw). Replicate r uses the
        /// same seed in every scenario.
        #[arg(long, value_name = "R", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=10000))]
        replicates: u32,
        /// Run every scenario over posterior draws of a calibration (a `diypol calibrate`
        /// folder or its ensemble.parquet): results include parameter uncertainty.
        #[arg(long, value_name = "POSTERIOR")]
        ensemble: Option<PathBuf>,
        /// With --ensemble: how many posterior draws [default: 50, or all if fewer].
        #[arg(long, value_name = "D", requires = "ensemble", value_parser = clap::value_parser!(u32).range(1..=100000))]
        draws: Option<u32>,
        /// Each replicate draws its own city [default: all share one, unless `city_seed` is set].
        #[arg(long)]
        vary_city: bool,
        /// Output folder [default: out/compare-<name>-<name>-… (the scenarios' names)].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Run a sweep plan: many parameter points × replicates, resumable, shardable.
    Sweep(SweepArgs),
    /// Fit a scenario's uncertain parameters to targets by ABC-SMC: posterior, predictive
    /// check, calibrated scenario, ensemble for `compare --ensemble`. Resumable, shardable.
    Calibrate(CalibrateArgs),
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
    /// Scenario discovery (PRIM): ranges of a merged sweep's parameters where a condition holds.
    Discover {
        dir: PathBuf,
        #[arg(long, value_name = "NAME")]
        indicator: String,
        /// The condition on the indicator (on each point's mean of replicates), e.g. "< 0".
        #[arg(long = "where", value_name = "CONDITION", allow_hyphen_values = true)]
        condition: String,
        /// Density a box must reach.
        #[arg(long, value_name = "D", default_value_t = 0.8)]
        threshold: f64,
        /// Smallest box, as a share of the cases.
        #[arg(long = "min-mass", value_name = "M", default_value_t = 0.05)]
        mass_min: f64,
        /// Boxes to find at most (each on the cases the ones before leave).
        #[arg(long = "boxes", value_name = "N", default_value_t = 3)]
        max_boxes: usize,
        /// Each run a case, instead of each point's mean over its replicates.
        #[arg(long)]
        every_run: bool,
    },
    /// Write report.html (self-contained, offline) and summary.md from a `compare` folder.
    Report {
        dir: PathBuf,
        /// Language: en, fr or de (the charts keep the comparison's).
        #[arg(long, default_value = "en")]
        lang: Lang,
    },
    /// Check scenario files and report every problem; writes nothing.
    Validate {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Memory one run may use, e.g. 16G [default: what the machine has available].
        #[arg(long, value_name = "SIZE", value_parser = memory_size)]
        max_memory: Option<u64>,
    },
    /// Serve the live what-if page: pick a scenario, move the levers, watch runs and A/B
    /// comparisons (works offline; docs/SERVE.md).
    Serve(crate::serve::ServeArgs),
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
pub struct SweepArgs {
    /// Sweep plan (YAML).
    pub plan: PathBuf,
    /// Output folder [default: out/sweep-<plan name>].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Do only shard I of N (1-based): runs whose index is I−1 modulo N.
    #[arg(long, value_name = "I/N", conflicts_with = "run_index")]
    pub shard: Option<Shard>,
    /// Do only run K (0-based), e.g. from a SLURM array task.
    #[arg(long, value_name = "K")]
    pub run_index: Option<u64>,
    #[command(flatten)]
    pub run: Shared,
    /// Set a parameter of the base scenario as if in its file (repeatable)
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<Assignment>,
    /// Print the plan's size and estimates, run nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write SLURM scripts (a job array and a merge job after it) into DIR/slurm instead of running.
    #[arg(long, conflicts_with_all = ["shard", "run_index", "dry_run"])]
    pub emit_slurm: bool,
    /// With --emit-slurm: runs per array task [default: about 5 minutes of work each].
    #[arg(long, value_name = "N", requires = "emit_slurm", value_parser = clap::value_parser!(u64).range(1..))]
    pub runs_per_task: Option<u64>,
}

#[derive(Args)]
pub struct CalibrateArgs {
    /// Calibration spec (YAML).
    pub spec: PathBuf,
    /// Output folder [default: out/calibrate-<spec name>].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Do only shard I of N (1-based) of each round of simulations, e.g. from a SLURM array
    /// task; run again (any shard, or without --shard) once all are done to go on.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Write SLURM scripts (DIR/slurm/submit.sh) for N array tasks per pass instead of running.
    #[arg(long, value_name = "N", conflicts_with = "shard", value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub emit_slurm: Option<u64>,
    /// Do not draw charts.
    #[arg(long)]
    pub no_charts: bool,
    #[command(flatten)]
    pub run: Shared,
}

/// Flags of every command that runs simulations.
#[derive(Args)]
pub struct Shared {
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,
    /// No progress and no summary.
    #[arg(long)]
    pub quiet: bool,
    /// Progress on stderr: a bar (on a terminal), a line at most every second, or none.
    #[arg(long, default_value = "auto", value_parser = ["auto", "bar", "lines", "none"])]
    pub progress: String,
    /// Memory the runs may use, e.g. 16G or 512MiB [default: what the machine has available].
    #[arg(long, value_name = "SIZE", value_parser = memory_size)]
    pub max_memory: Option<u64>,
}

/// `16G`, `512MiB`, `2000000000`: a memory size in bytes.
pub fn memory_size(text: &str) -> Result<u64, String> {
    text.trim()
        .parse::<bytesize::ByteSize>()
        .map(|b| b.as_u64())
        .map_err(|_| format!("`{text}` is not a memory size; write e.g. 16G, 512MiB or 2000000000 (bytes)"))
}

#[derive(Args)]
pub struct Common {
    /// Override the scenario's seed.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Override the number of simulated days.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=36500))]
    pub days: Option<u32>,
    /// Set a parameter as if in the file (repeatable), e.g. --set policy.stance=collaborate
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<Assignment>,
    /// Do not draw charts.
    #[arg(long)]
    pub no_charts: bool,
    /// Which charts: all, standard, or slides (16:9, 1920 × 1080, in slides/).
    #[arg(long, default_value = "all", value_parser = ["all", "standard", "slides"], conflicts_with = "no_charts")]
    pub charts: String,
    /// Language of the summary, report and charts: en, fr or de.
    #[arg(long, default_value = "en")]
    pub lang: Lang,
    #[command(flatten)]
    pub run: Shared,
}

impl Common {
    pub fn settings(&self, out: Option<PathBuf>) -> app::Settings {
        let overrides =
            Overrides { seed: self.seed, days: self.days, set: self.set.clone(), ..Overrides::default() };
        let threads = self.run.threads.map(usize::from);
        app::Settings {
            out,
            overrides,
            threads,
            charts: match (self.no_charts, self.charts.as_str()) {
                (true, _) => ChartSet::NONE,
                (_, "standard") => ChartSet { slides: false, ..ChartSet::ALL },
                (_, "slides") => ChartSet { standard: false, ..ChartSet::ALL },
                _ => ChartSet::ALL,
            },
            max_memory: self.run.max_memory,
            lang: self.lang,
        }
    }
}
