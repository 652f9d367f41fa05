//! The `diypol` command: parse, call the library, map errors to exit codes.
//! Exit codes: 0 success, 1 failure while running or writing, 2 bad input, 130 interrupted.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use diypol::civil_violence::{self as cv, CvRunData};
use diypol::run::{RunData, RunError, simulate};
use diypol::scenario::{self, LoadedScenario, ModelKind, ScenarioError};
use diypol::sweep::SweepError;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

#[derive(Parser)]
#[command(name = "diypol", version, about = "Agent-based simulator of do-it-yourself policing")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run one scenario and write Parquet tables and charts.
    Run(RunArgs),
    /// Run several scenarios, each over replicates, and compare their indicators.
    Compare(CompareArgs),
    /// Run a sweep plan: many parameter points × replicates, resumable, shardable.
    Sweep(SweepArgs),
    /// Stack a sweep folder's finished runs into runs.parquet and ticks.parquet.
    Merge {
        /// The folder `diypol sweep` wrote.
        dir: PathBuf,
    },
    /// Sobol indices (saltelli sweeps) or Morris effects (morris sweeps) of a finished sweep.
    Sensitivity {
        /// The folder `diypol sweep` wrote.
        dir: PathBuf,
        /// Indicators of runs.parquet to analyse (repeatable) [default: the key ones].
        #[arg(long = "indicator", value_name = "NAME")]
        indicators: Vec<String>,
    },
    /// Write report.html (self-contained, offline) from a `compare` output folder.
    Report {
        /// The folder `diypol compare` wrote.
        dir: PathBuf,
    },
    /// Check scenario files and report every problem; writes nothing.
    Validate {
        /// Scenario files (YAML).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the JSON Schema of scenario files (for editor completion and checking).
    Schema,
}

#[derive(Args)]
struct RunArgs {
    /// Scenario file (YAML).
    scenario: PathBuf,
    #[command(flatten)]
    common: Common,
    /// Also write cells.parquet (per-cell crime counts).
    #[arg(long)]
    cells: bool,
    /// Also write events.parquet (one row per case).
    #[arg(long)]
    events: bool,
    /// Do not draw charts.
    #[arg(long)]
    no_charts: bool,
}

#[derive(Args)]
struct CompareArgs {
    /// Scenario files (YAML) of one model; the first is the reference for differences.
    #[arg(required = true, num_args = 2..)]
    scenarios: Vec<PathBuf>,
    /// Runs per scenario. Replicate r uses the same seed in every scenario.
    #[arg(long, value_name = "R", default_value_t = 10, value_parser = clap::value_parser!(u32).range(2..=10000))]
    replicates: u32,
    #[command(flatten)]
    common: Common,
    /// Do not draw charts.
    #[arg(long)]
    no_charts: bool,
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
    shard: Option<String>,
    /// Do only run K (0-based), e.g. from a SLURM array task.
    #[arg(long, value_name = "K")]
    run_index: Option<u64>,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,
    /// Print the plan's size and estimates, run nothing.
    #[arg(long)]
    dry_run: bool,
    /// Write SLURM batch scripts (a job array and a merge job after it) into DIR/slurm
    /// instead of running.
    #[arg(long, conflicts_with_all = ["shard", "run_index", "dry_run"])]
    emit_slurm: bool,
    /// With --emit-slurm: runs per array task [default: about 5 minutes of work each].
    #[arg(long, value_name = "N", requires = "emit_slurm", value_parser = clap::value_parser!(u64).range(1..))]
    runs_per_task: Option<u64>,
    /// No progress bar and no summary.
    #[arg(long)]
    quiet: bool,
}

#[derive(Args)]
struct Common {
    /// Output folder [default: out/<scenario name>].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Override the scenario's seed.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,
    /// Override the number of simulated days.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=36500))]
    days: Option<u32>,
    /// No progress bar and no summary.
    #[arg(long)]
    quiet: bool,
}

/// Errors that mean the input was wrong (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct BadInput(String);

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so printing into a closed pipe (`diypol ... | head`) would
    // panic; the default action ends the process quietly, as for any Unix tool.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to the default before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            if e.downcast_ref::<ScenarioError>().is_some() || e.downcast_ref::<BadInput>().is_some() {
                ExitCode::from(2)
            } else if e.downcast_ref::<RunError>().is_some()
                || matches!(e.downcast_ref::<SweepError>(), Some(SweepError::Interrupted { .. }))
            {
                ExitCode::from(130)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Schema => {
            println!("{}", serde_json::to_string_pretty(scenario::schema())?);
            Ok(())
        }
        Command::Validate { files } => validate(&files),
        Command::Run(args) => run_one(args),
        Command::Compare(args) => compare(args),
        Command::Sweep(args) => sweep(args),
        Command::Sensitivity { dir, indicators } => {
            let rows = diypol::sensitivity::analyze(&dir, &indicators).map_err(BadInput)?;
            print!("{}", diypol::output::sensitivity::to_markdown(&rows));
            let files = diypol::output::sensitivity::write(&dir, &rows)
                .with_context(|| format!("writing outputs to {}", dir.display()))?;
            println!("\nfiles:");
            for f in files {
                println!("  {}", f.display());
            }
            Ok(())
        }
        Command::Merge { dir } => {
            if !dir.join("plan.yaml").is_file() {
                return Err(BadInput(format!(
                    "{} is not a sweep folder (no plan.yaml)\n  hint: run `diypol sweep PLAN.yaml --out {}` first",
                    dir.display(),
                    dir.display()
                ))
                .into());
            }
            let (files, runs) =
                diypol::sweep::store::merge(&dir).with_context(|| format!("merging {}", dir.display()))?;
            println!("merged {runs} runs:");
            for f in files {
                println!("  {}", f.display());
            }
            Ok(())
        }
        Command::Report { dir } => {
            let path = diypol::output::report::write_report(&dir).map_err(|e| match e {
                diypol::output::report::ReportError::NotAComparison { .. } => {
                    anyhow::Error::new(BadInput(e.to_string()))
                }
                other => anyhow::Error::new(other),
            })?;
            println!("{}", path.display());
            Ok(())
        }
    }
}

fn validate(files: &[PathBuf]) -> anyhow::Result<()> {
    let mut failed = 0;
    for f in files {
        match scenario::load(f) {
            Ok(l) => {
                print_warnings(&l);
                let s = &l.scenario;
                let name = s.name.as_deref().unwrap_or("");
                match s.model {
                    ModelKind::DiyPolicing => println!(
                        "ok: {} ({name}, {} citizens, {} days, stance {})",
                        f.display(),
                        s.city.population,
                        s.days,
                        serde_json::to_value(s.policy.stance)?.as_str().unwrap_or("")
                    ),
                    ModelKind::CivilViolence => {
                        let p = &s.civil_violence;
                        println!(
                            "ok: {} ({name}, civil_violence, {}×{} grid, {} ticks, {} activation)",
                            f.display(),
                            p.width,
                            p.height,
                            s.days,
                            serde_json::to_value(p.activation)?.as_str().unwrap_or("")
                        )
                    }
                }
            }
            Err(e) => {
                eprintln!("{e}");
                failed += 1;
            }
        }
    }
    if failed > 0 {
        let n = files.len();
        return Err(BadInput(format!(
            "validation failed: {failed} of {n} file(s) have problems (see above)"
        ))
        .into());
    }
    Ok(())
}

/// Loads the scenario and applies command-line overrides, checking them against it.
fn load_with_overrides(path: &Path, common: &Common) -> anyhow::Result<LoadedScenario> {
    let mut loaded = scenario::load(path)?;
    let s = &mut loaded.scenario;
    if let Some(seed) = common.seed {
        s.seed = seed;
    }
    if let Some(days) = common.days {
        if let Some(iv) = s.interventions.iter().find(|iv| iv.at >= days) {
            return Err(BadInput(format!(
                "--days {days} ends the run before the intervention at tick {} in {}\n  hint: use --days {} or more",
                iv.at,
                path.display(),
                iv.at + 1
            ))
            .into());
        }
        s.days = days;
    }
    Ok(loaded)
}

/// Compare: check every file first (nothing runs unless all are good), then run the
/// (scenario × replicate) jobs, write tables and charts, print the comparison.
fn compare(args: CompareArgs) -> anyhow::Result<()> {
    let mut loaded = Vec::new();
    let mut failed = Vec::new();
    for f in &args.scenarios {
        match load_with_overrides(f, &args.common) {
            Ok(l) => {
                print_warnings(&l);
                loaded.push(l);
            }
            Err(e) => {
                eprintln!("{e:#}");
                failed.push(f.display().to_string());
            }
        }
    }
    if !failed.is_empty() {
        return Err(BadInput(format!(
            "{} of {} scenario files have problems (see above): {}; nothing was run",
            failed.len(),
            args.scenarios.len(),
            failed.join(", ")
        ))
        .into());
    }
    let model = loaded[0].scenario.model;
    if let Some(other) = loaded.iter().find(|l| l.scenario.model != model) {
        return Err(BadInput(format!(
            "cannot compare {} (model {}) with {} (model {})\n  hint: compare scenarios of one model at a time",
            loaded[0].file.display(),
            model.name(),
            other.file.display(),
            other.scenario.model.name()
        ))
        .into());
    }
    let names: Vec<String> = loaded.iter().map(|l| l.scenario.name.clone().unwrap_or_default()).collect();
    for (i, n) in names.iter().enumerate() {
        if let Some(j) = names[..i].iter().position(|m| m == n) {
            return Err(BadInput(format!(
                "{} and {} have the same name `{n}`\n  hint: give one a different `name:` so their runs can be told apart",
                loaded[j].file.display(),
                loaded[i].file.display()
            ))
            .into());
        }
    }
    let dir = args
        .common
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("out").join(format!("compare-{}", names.join("-"))));
    if dir.exists() && !dir.is_dir() {
        return Err(BadInput(format!("--out {} exists and is not a folder", dir.display())).into());
    }
    let sources: Vec<String> =
        loaded.iter().map(|l| std::fs::read_to_string(&l.file).unwrap_or_default()).collect();
    let base_seed = loaded[0].scenario.seed;
    let jobs = diypol::sweep::jobs(loaded.len(), args.replicates, base_seed);
    let pool = thread_pool(args.common.threads)?;
    let started = Instant::now();
    let bar = Progress::runs(args.common.quiet, jobs.len() as u32);
    let done = std::sync::atomic::AtomicU32::new(0);
    let on_done = || bar.tick(done.fetch_add(1, Ordering::Relaxed) + 1);
    let results = pool.install(|| diypol::sweep::run_jobs(&loaded, &jobs, &dir, &on_done, &INTERRUPTED));
    bar.finish();
    if INTERRUPTED.load(Ordering::SeqCst) {
        diypol::output::atomic::clean_temporaries(&dir);
    }
    let results = results?;
    let files = pool
        .install(|| {
            diypol::output::compare::write(&dir, &names, &sources, &results, args.replicates, !args.no_charts)
        })
        .with_context(|| format!("writing outputs to {}", dir.display()))?;
    if !args.common.quiet {
        let rows = diypol::compare::summarize(&names, &results);
        println!(
            "diypol compare: {} scenarios × {} replicates ({} model, base seed {base_seed}) in {:.1} s on {} threads",
            names.len(),
            args.replicates,
            model.name(),
            started.elapsed().as_secs_f64(),
            pool.current_num_threads()
        );
        print!("{}", diypol::compare::to_terminal(&names, &rows, args.replicates));
        println!("  files:");
        for f in &files {
            println!("    {}", f.display());
        }
    }
    Ok(())
}

/// Sweep: check the plan (nothing runs unless it is good), say how big it is, run what is
/// selected and not yet done.
fn sweep(args: SweepArgs) -> anyhow::Result<()> {
    use diypol::sweep::store::{self, Selection};
    let plan = diypol::sweep::plan::load(&args.plan)?;
    let total = plan.runs();
    let selection = match (&args.shard, args.run_index) {
        (Some(s), _) => {
            let parsed =
                s.split_once('/').and_then(|(i, n)| Some((i.parse::<u64>().ok()?, n.parse::<u64>().ok()?)));
            match parsed {
                Some((i, n)) if n >= 1 && (1..=n).contains(&i) && n <= total => Selection::Shard { i, n },
                Some((_, n)) if n > total => {
                    return Err(BadInput(format!(
                        "--shard {s}: {n} shards but the plan has only {total} runs\n  hint: use at most {total} shards"
                    ))
                    .into());
                }
                _ => {
                    return Err(BadInput(format!(
                        "--shard {s}: expected I/N with 1 ≤ I ≤ N, e.g. --shard 2/8"
                    ))
                    .into());
                }
            }
        }
        (None, Some(k)) if k >= total => {
            return Err(BadInput(format!(
                "--run-index {k}: the plan has runs 0 to {}\n  hint: SLURM array indices must stay below {total}",
                total - 1
            ))
            .into());
        }
        (None, Some(k)) => Selection::One(k),
        (None, None) => Selection::All,
    };
    let name =
        args.plan.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "sweep".into());
    let dir = args.out.clone().unwrap_or_else(|| PathBuf::from("out").join(format!("sweep-{name}")));
    let selected = selection.runs(total);
    let done = selected.iter().filter(|&&k| store::is_done(&dir, k)).count();
    // The first run's scenario stands for all (swept sizes such as `days` included).
    let first = store::run_scenario(&plan, 0).1.scenario;
    let s = &first;
    // Rough costs measured on the project machine (docs/PERFORMANCE.md): per simulated
    // citizen-day for diy_policing, per agent-step for civil_violence; bytes per recorded day.
    let (secs_per_run, bytes_per_run) = match s.model {
        ModelKind::DiyPolicing => (
            s.city.population as f64 * (s.burn_in_days + s.days) as f64 * 5e-9,
            12_000.0 + 120.0 * s.days as f64,
        ),
        ModelKind::CivilViolence => {
            let cv = &s.civil_violence;
            let agents = cv.width as f64 * cv.height as f64 * (cv.citizen_density + cv.cop_density);
            (agents * (s.burn_in_days + s.days) as f64 / 1e7, 8_000.0 + 12.0 * s.days as f64)
        }
    };
    let pool = thread_pool(args.threads)?;
    let threads = pool.current_num_threads();
    let todo = selected.len() - done;
    if !args.quiet || args.dry_run {
        println!(
            "sweep {}: {} points × {} replicates = {total} runs ({:?} sampling); this invocation: {} runs, {done} already done",
            args.plan.display(),
            plan.points.len(),
            plan.plan.replicates,
            plan.plan.sampling,
            selected.len()
        );
        println!(
            "  estimate: about {} on {threads} threads, {} of disk (rough: from the run's size)",
            human_secs(secs_per_run * todo as f64 / threads as f64),
            human_bytes(bytes_per_run * todo as f64)
        );
    }
    if args.dry_run {
        return Ok(());
    }
    if dir.exists() && !dir.is_dir() {
        return Err(BadInput(format!("--out {} exists and is not a folder", dir.display())).into());
    }
    store::prepare(&dir, &plan).map_err(BadInput)?;
    if args.emit_slurm {
        // About five minutes of work per task, at most 1,000 tasks (a common MaxArraySize).
        let per_task =
            args.runs_per_task.unwrap_or_else(|| ((300.0 / secs_per_run.max(1e-3)).floor() as u64).max(1));
        let tasks = total.div_ceil(per_task).clamp(1, 1000);
        let mem_mb = slurm_memory_mb(s);
        let files = emit_slurm(&args.plan, &dir, &name, tasks, mem_mb)?;
        println!("  SLURM: {tasks} array tasks of about {} runs each; submit with:", total.div_ceil(tasks));
        println!("    bash {}", files.display());
        return Ok(());
    }
    let bar = Progress::runs(args.quiet, todo as u32);
    let count = std::sync::atomic::AtomicU32::new(0);
    let on_done = || bar.tick(count.fetch_add(1, Ordering::Relaxed) + 1);
    let started = Instant::now();
    let ran = pool.install(|| store::run(&plan, &dir, &selected, &on_done, &INTERRUPTED));
    bar.finish();
    let ran = ran?;
    if !args.quiet {
        let finished = store::finished(&dir).len();
        println!(
            "  ran {ran} runs in {:.1} s; {finished} of {total} runs finished in {}",
            started.elapsed().as_secs_f64(),
            dir.display()
        );
        if finished as u64 == total {
            println!(
                "  all done: `diypol merge {}` stacks them into runs.parquet and ticks.parquet",
                dir.display()
            );
        }
    }
    Ok(())
}

/// Writes DIR/slurm/{sweep.sbatch, merge.sbatch, submit.sh}; returns submit.sh.
fn emit_slurm(plan: &Path, dir: &Path, name: &str, tasks: u64, mem_mb: u64) -> anyhow::Result<PathBuf> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (plan, dir) = (abs(plan), abs(dir));
    let exe = std::env::current_exe().context("locating the diypol binary")?;
    let slurm = dir.join("slurm");
    std::fs::create_dir_all(&slurm).with_context(|| format!("creating {}", slurm.display()))?;
    let q = |p: &Path| format!("'{}'", p.display().to_string().replace('\'', "'\\''"));
    let sweep = format!(
        "#!/bin/bash\n\
         # diypol sweep {name}: array task i runs shard i+1 of {tasks} (the runs k with k mod {tasks} = i).\n\
         # Re-submitting resumes: finished runs are skipped. DIYPOL overrides the binary path.\n\
         #SBATCH --job-name=diypol-{name}\n\
         #SBATCH --array=0-{last}\n\
         #SBATCH --cpus-per-task=1\n\
         #SBATCH --mem={mem_mb}M\n\
         #SBATCH --output={out}/%A_%a.out\n\
         set -euo pipefail\n\
         \"${{DIYPOL:-{exe}}}\" sweep {plan} --out {dir} --shard $((SLURM_ARRAY_TASK_ID + 1))/{tasks} --threads 1 --quiet\n",
        last = tasks - 1,
        out = slurm.display(),
        exe = exe.display(),
        plan = q(&plan),
        dir = q(&dir),
    );
    let merge = format!(
        "#!/bin/bash\n\
         # Stacks the finished runs once every array task has succeeded.\n\
         #SBATCH --job-name=diypol-{name}-merge\n\
         #SBATCH --cpus-per-task=1\n\
         #SBATCH --mem=2048M\n\
         #SBATCH --output={out}/merge_%j.out\n\
         set -euo pipefail\n\
         \"${{DIYPOL:-{exe}}}\" merge {dir}\n",
        out = slurm.display(),
        exe = exe.display(),
        dir = q(&dir),
    );
    let submit = format!(
        "#!/bin/bash\n\
         # Submits the sweep as a job array and the merge as a job that waits for it.\n\
         # Pass sbatch options (e.g. --partition, --account) as arguments; --wait waits for both.\n\
         set -euo pipefail\n\
         array=$(sbatch --parsable \"$@\" {sweep})\n\
         echo \"array job $array\"\n\
         sbatch --dependency=afterok:\"${{array%%;*}}\" \"$@\" {merge}\n",
        sweep = q(&slurm.join("sweep.sbatch")),
        merge = q(&slurm.join("merge.sbatch")),
    );
    for (file, text) in [("sweep.sbatch", &sweep), ("merge.sbatch", &merge), ("submit.sh", &submit)] {
        let path = slurm.join(file);
        diypol::output::atomic::write_text(&path, text)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(slurm.join("submit.sh"))
}

/// Memory to ask SLURM for one run: about 200 bytes per citizen (docs/PERFORMANCE.md) or
/// 70 per grid cell, plus room for the program, at least 1 GB.
fn slurm_memory_mb(s: &scenario::Scenario) -> u64 {
    let bytes = match s.model {
        ModelKind::DiyPolicing => 200.0 * s.city.population as f64,
        ModelKind::CivilViolence => 70.0 * s.civil_violence.width as f64 * s.civil_violence.height as f64,
    };
    ((bytes / 1e6) as u64 + 512).max(1024)
}

fn human_secs(s: f64) -> String {
    if s < 90.0 {
        format!("{s:.0} s")
    } else if s < 5400.0 {
        format!("{:.0} min", s / 60.0)
    } else {
        format!("{:.1} h", s / 3600.0)
    }
}

fn human_bytes(b: f64) -> String {
    if b < 1e6 {
        format!("{:.0} kB", b / 1e3)
    } else if b < 1e9 {
        format!("{:.0} MB", b / 1e6)
    } else {
        format!("{:.1} GB", b / 1e9)
    }
}

fn print_warnings(l: &LoadedScenario) {
    for w in &l.warnings {
        eprint!("warning: {}", w.render(&l.file));
    }
}

fn run_one(args: RunArgs) -> anyhow::Result<()> {
    let mut loaded = load_with_overrides(&args.scenario, &args.common)?;
    print_warnings(&loaded);
    let out = &mut loaded.scenario.output;
    out.cells |= args.cells;
    out.events |= args.events;
    out.charts &= !args.no_charts;
    let name = loaded.scenario.name.clone().unwrap_or_else(|| "run".into());
    let dir = args.common.out.clone().unwrap_or_else(|| PathBuf::from("out").join(&name));
    if dir.exists() && !dir.is_dir() {
        return Err(BadInput(format!("--out {} exists and is not a folder", dir.display())).into());
    }
    let pool = thread_pool(args.common.threads)?;
    let started = Instant::now();
    let bar = Progress::new(args.common.quiet, loaded.scenario.burn_in_days + loaded.scenario.days);
    let mut tick = |d, _| bar.tick(d);
    let data = pool.install(|| match loaded.scenario.model {
        ModelKind::DiyPolicing => {
            simulate(&loaded, 0, &mut tick, &INTERRUPTED).map(|d| Outcome::Diy(Box::new(d)))
        }
        ModelKind::CivilViolence => {
            cv::simulate(&loaded, 0, &mut tick, &INTERRUPTED).map(|d| Outcome::CivilViolence(Box::new(d)))
        }
    });
    bar.finish();
    let data = data?;
    let sim_time = started.elapsed();
    let files = pool
        .install(|| match &data {
            Outcome::Diy(d) => diypol::output::write_run(d, &dir),
            Outcome::CivilViolence(d) => diypol::output::civil_violence::write_run(d, &dir),
        })
        .with_context(|| format!("writing outputs to {}", dir.display()));
    if INTERRUPTED.load(Ordering::SeqCst) {
        diypol::output::atomic::clean_temporaries(&dir);
    }
    let files = files?;
    if !args.common.quiet {
        let threads = pool.current_num_threads();
        match &data {
            Outcome::Diy(d) => summary(d, sim_time, threads),
            Outcome::CivilViolence(d) => cv_summary(d, sim_time, threads),
        }
        println!("  files:");
        for f in &files {
            println!("    {}", f.display());
        }
    }
    Ok(())
}

/// A finished run of either model.
enum Outcome {
    Diy(Box<RunData>),
    CivilViolence(Box<CvRunData>),
}

fn thread_pool(threads: Option<u16>) -> anyhow::Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        b = b.num_threads(n as usize);
    }
    b.build().context("starting worker threads")
}

/// A progress bar on stderr that appears only for runs longer than a second, and only
/// when stderr is a terminal.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
}

impl Progress {
    fn new(quiet: bool, days: u32) -> Progress {
        Progress::with_template(quiet, days, "{spinner} tick {pos}/{len} [{bar:40}] {percent}% eta {eta}")
    }

    /// Over the runs of a comparison.
    fn runs(quiet: bool, runs: u32) -> Progress {
        Progress::with_template(quiet, runs, "{spinner} run {pos}/{len} [{bar:40}] {percent}% eta {eta}")
    }

    fn with_template(quiet: bool, days: u32, template: &str) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let b = indicatif::ProgressBar::with_draw_target(
                Some(days as u64),
                indicatif::ProgressDrawTarget::hidden(),
            );
            b.set_style(
                indicatif::ProgressStyle::with_template(template)
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            b
        });
        Progress { bar, started: Instant::now() }
    }

    fn tick(&self, day: u32) {
        if let Some(b) = &self.bar {
            if b.is_hidden() && self.started.elapsed() > Duration::from_secs(1) {
                b.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
            b.set_position(day as u64);
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

fn summary(data: &RunData, elapsed: Duration, threads: usize) {
    let get = |name: &str| data.indicators.iter().find(|(n, _)| n == name).map_or(f64::NAN, |(_, v)| *v);
    let pct = |name: &str| format!("{:5.1}%", 100.0 * get(name));
    let s = &data.scenario;
    println!(
        "diypol: {} — {} citizens, {} days, seed {} ({:.1} s on {threads} thread{})",
        s.name.as_deref().unwrap_or(""),
        data.population,
        s.days,
        s.seed,
        elapsed.as_secs_f64(),
        if threads == 1 { "" } else { "s" }
    );
    println!("  crimes per 1,000 residents per year  {:8.1}", get("crimes_per_1000_year"));
    println!("  reported to police                   {:>8}", pct("share_reported"));
    println!("  recorded crimes cleared              {:>8}", pct("share_cleared"));
    println!("  crime in top 10% of cells            {:>8}", pct("top10_cell_share"));
    println!("  mean response backlog (calls)        {:8.1}", get("mean_backlog"));
    println!("  trust in police at the end (0–1)     {:8.3}", get("final_mean_trust"));
    println!("  citizens' tips received              {:8.0}", get("tips_received"));
    println!("  clearances helped by citizens        {:>8}", pct("share_cleared_with_citizens"));
    println!("  innocents publicly named per 100,000 {:8.1}", get("innocents_named_per_100k"));
    println!(
        "  vigilante confrontations (injuries)  {:8.0} ({:.0})",
        get("confrontations"),
        get("vigilante_injuries")
    );
    println!("  wrongful arrests                     {:8.0}", get("wrongful_arrests"));
    println!("  cost per resident per year (EUR)     {:8.2}", get("cost_eur_per_resident_year"));
}

fn cv_summary(data: &CvRunData, elapsed: Duration, threads: usize) {
    let get = |name: &str| data.indicators.iter().find(|(n, _)| n == name).map_or(f64::NAN, |(_, v)| *v);
    let s = &data.scenario;
    let p = &s.civil_violence;
    let secs = elapsed.as_secs_f64();
    println!(
        "diypol: {} — civil violence, {} activation, {}×{} grid, {} citizens, {} cops, {} ticks, seed {}",
        s.name.as_deref().unwrap_or(""),
        serde_json::to_value(p.activation)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        p.width,
        p.height,
        data.world.citizens,
        data.world.cops,
        s.days,
        s.seed
    );
    println!(
        "  {:.2} s on {threads} thread{} ({:.3e} agent-steps/s, burn-in included)",
        secs,
        if threads == 1 { "" } else { "s" },
        get("agent_steps") / secs.max(1e-9)
    );
    println!("  mean active citizens                 {:8.2}", get("mean_active"));
    println!("  most active at once                  {:8.0}", get("max_active"));
    println!("  mean jailed                          {:8.1}", get("mean_jailed"));
    println!("  outbursts                            {:8.0}", get("outbursts"));
    println!("  median ticks between outbursts       {:8.1}", get("median_gap"));
    println!("  median outburst peak                 {:8.1}", get("median_peak"));
    println!("  arrests per tick                     {:8.2}", get("arrests_per_tick"));
}
