//! The `diypol` command: flags → the library's typed options → run → print. The exit code
//! is the library error's kind: 0 done, 1 failure, 2 bad input, 128 + the signal when
//! interrupted (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP).

mod args;
mod serve;
mod signals;
mod terminal;

use std::process::ExitCode;

use args::Command;
use clap::Parser;
use diypol::app;
use diypol::sweep::store::Partial;
use terminal::Terminal;

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
        Command::Run { scenario, out, common, cells, events } => {
            let opts = app::run::RunOptions { scenario, settings: common.settings(out), cells, events };
            show(common.run.quiet, app::run::run(&opts, &Terminal::new(Some(&common.run)), cancel)?);
        }
        Command::Compare { scenarios, replicates, ensemble, draws, vary_city, out, common } => {
            let opts = app::compare::CompareOptions {
                scenarios,
                replicates,
                ensemble,
                draws,
                vary_city,
                settings: common.settings(out),
            };
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
                set: a.set,
            };
            let report = app::sweep::sweep(&opts, &ui, cancel)?;
            show(a.run.quiet && !a.dry_run, report);
        }
        Command::Calibrate(a) => {
            let ui = Terminal::new(Some(&a.run));
            let opts = app::calibrate::CalibrateOptions {
                spec: a.spec,
                out: a.out,
                threads: a.run.threads.map(usize::from),
                shard: a.shard,
                emit_slurm: a.emit_slurm,
                charts: !a.no_charts,
            };
            show(a.run.quiet, app::calibrate::calibrate(&opts, &ui, cancel)?);
        }
        Command::Merge { dir, partial, max_memory } => {
            let partial = if partial { Partial::Allow } else { Partial::Refuse };
            show(false, app::sweep::merge(&dir, partial, max_memory)?)
        }
        Command::Sensitivity { dir, indicators } => show(false, app::sweep::sensitivity(&dir, &indicators)?),
        Command::Discover { dir, indicator, condition, threshold, mass_min, max_boxes, every_run } => {
            let prim = diypol::stats::prim::Options { threshold, mass_min, max_boxes, ..Default::default() };
            let opts = app::discover::DiscoverOptions { dir, indicator, condition, every_run, prim };
            show(false, app::discover::discover(&opts)?)
        }
        Command::Report { dir, lang } => show(false, app::inspect::report(&dir, lang)?),
        Command::Validate { files, max_memory } => {
            let report = app::inspect::validate(&files, max_memory, &Terminal::new(None));
            report.ok.iter().for_each(|l| println!("{l}"));
            report.failed.iter().for_each(|e| eprintln!("{e}"));
            report.outcome()?;
        }
        Command::Serve(a) => serve::run(a, cancel)?,
        Command::Schema => println!("{}", app::inspect::schema()),
        Command::Indicators { format } => print!("{}", app::inspect::indicators(format)),
    }
    Ok(())
}
