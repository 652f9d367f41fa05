//! Comparing scenarios over replicates: what may be compared (checked before any run),
//! the replicates run with common random numbers, the comparison table ([`summary`]),
//! its files and charts ([`write`]) and the HTML report ([`report`]).

pub mod brief;
pub mod effectiveness;
pub mod ensemble;
pub mod report;
pub mod summary;
pub mod terminal;
pub mod verdict;
pub mod write;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

pub use summary::{Replicate, Row, summarize};

use crate::error::Error;
use crate::output::folder::{self, FolderKind};
use crate::output::{metadata, parquet};
use crate::run::{Keep, simulate};
use crate::scenario::{LoadedScenario, Overrides};
use crate::sweep::{Job, run_all};

/// The writer names of a comparison folder's manifest.
const RUNS: &str = "runs";

/// Scenarios that may be compared, with their files' texts.
#[derive(Debug)]
pub struct Prepared {
    pub loaded: Vec<LoadedScenario>,
    pub sources: Vec<String>,
    /// Posterior draws the runs take their calibrated parameters from (`--ensemble`), and
    /// replicates per draw: replicate j runs draw j / per_draw.
    pub ensemble: Option<(ensemble::Ensemble, u32)>,
}

impl Prepared {
    pub fn names(&self) -> Vec<String> {
        self.loaded.iter().map(|l| l.name().to_string()).collect()
    }
}

/// Checks every file first (nothing runs unless all are good), then that the scenarios can
/// be compared: one model, distinct names, at least two replicates for an interval.
pub fn prepare(files: &[PathBuf], overrides: &Overrides, replicates: u32) -> Result<Prepared, Error> {
    if replicates < 2 {
        return Err(Error::usage(
            format!("--replicates {replicates}: one replicate gives no interval"),
            "use --replicates 2 or more (10 is the default)",
        ));
    }
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for f in files {
        let one = overrides.load(f);
        match one {
            Ok(l) => loaded.push(l),
            Err(e) => problems.push((f, e)),
        }
    }
    if !problems.is_empty() {
        let each: Vec<String> = problems.iter().map(|(_, e)| e.to_string()).collect();
        let names: Vec<String> = problems.iter().map(|(f, _)| f.display().to_string()).collect();
        return Err(Error::Usage {
            message: format!(
                "{}\n{} of {} scenario files have problems: {}; nothing was run",
                each.join("\n"),
                problems.len(),
                files.len(),
                names.join(", ")
            ),
            hint: None,
        });
    }
    let model = loaded[0].scenario.model;
    if let Some(other) = loaded.iter().find(|l| l.scenario.model != model) {
        return Err(Error::usage(
            format!(
                "cannot compare {} (model {}) with {} (model {})",
                loaded[0].file.display(),
                model.name(),
                other.file.display(),
                other.scenario.model.name()
            ),
            "compare scenarios of one model at a time",
        ));
    }
    for (i, l) in loaded.iter().enumerate() {
        if let Some(j) = loaded[..i].iter().position(|m| m.name() == l.name()) {
            return Err(Error::usage(
                format!(
                    "{} and {} have the same name `{}`",
                    loaded[j].file.display(),
                    l.file.display(),
                    l.name()
                ),
                "give one a different `name:` so their runs can be told apart",
            ));
        }
    }
    let sources = loaded.iter().map(LoadedScenario::source_text).collect::<Result<_, _>>()?;
    Ok(Prepared { loaded, sources, ensemble: None })
}

/// `out/compare-<names>`: where a comparison goes without `--out`.
pub fn default_dir(prepared: &Prepared) -> PathBuf {
    let names = prepared.names();
    let mut joined = names.join("-");
    // A folder name stays well below the usual 255-byte limit.
    if joined.len() > 120 {
        joined = format!("{}-and-{}-more", names[0], names.len() - 1);
    }
    PathBuf::from("out").join(format!("compare-{joined}"))
}

/// The folder of one run inside a comparison folder (names are checked file names).
pub fn run_dir(out: &Path, name: &str, replicate: u32) -> PathBuf {
    out.join("runs").join(name).join(format!("replicate-{replicate:03}"))
}

/// Runs every job (in parallel over jobs; a job's own phases may use threads too) and
/// writes each run's ticks.parquet and runs.parquet under `dir/runs/` as soon as it
/// finishes. A comparison written into `dir` before is replaced. `on_done` is called after
/// each run; `cancel` stops starting new runs and interrupts those under way, keeping the
/// finished ones.
pub fn run_replicates(
    prepared: &Prepared,
    jobs: &[Job],
    dir: &Path,
    on_done: &(dyn Fn() + Sync),
    cancel: &AtomicBool,
) -> Result<Vec<Replicate>, Error> {
    folder::forget(dir, FolderKind::Compare, RUNS)?;
    let results: Vec<Option<Result<Replicate, Error>>> = run_all(jobs.len(), |i| {
        let job = &jobs[i];
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let base = &prepared.loaded[job.scenario];
        let one = match &prepared.ensemble {
            Some((e, per_draw)) => {
                e.apply(base, (job.replicate / per_draw) as usize).map(|l| l.with_seed(job.seed))
            }
            None => Ok(base.with_seed(job.seed)),
        };
        let result = one
            .and_then(|one| simulate(&one, job.replicate, Keep::default(), &mut |_, _| {}, cancel))
            .and_then(|run| {
                let out = run_dir(dir, base.name(), job.replicate);
                std::fs::create_dir_all(&out).map_err(Error::write(&out))?;
                let meta = metadata::run(&run.scenario);
                parquet::write(&out.join("runs.parquet"), &run.row, &meta)?;
                parquet::write(&out.join("ticks.parquet"), &run.ticks, &meta)?;
                Ok(Replicate { scenario: job.scenario, run })
            });
        if let Err(Error::Interrupted(_)) = result {
            return None;
        }
        on_done();
        Some(result)
    });
    let total = jobs.len();
    let mut done = Vec::with_capacity(total);
    let mut failure = None;
    for r in results.into_iter().flatten() {
        match r {
            Ok(rep) => done.push(rep),
            Err(e) => failure = failure.or(Some(e)),
        }
    }
    // The manifest lists the finished runs, so the next comparison here replaces them.
    let files = done
        .iter()
        .flat_map(|r| {
            let d = run_dir(Path::new(""), r.run.name(), r.run.replicate);
            ["runs.parquet", "ticks.parquet"].map(|f| d.join(f).to_string_lossy().into_owned())
        })
        .collect();
    folder::record(dir, FolderKind::Compare, RUNS, files)?;
    if let Some(e) = failure {
        return Err(e);
    }
    if done.len() < total {
        return Err(Error::Interrupted(format!(
            "after {} of {total} runs; the finished runs are in {}",
            done.len(),
            dir.join("runs").display()
        )));
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[&str]) -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        names.iter().map(|n| root.join(n)).collect()
    }

    #[test]
    fn scenarios_of_two_models_or_one_name_are_not_compared() {
        let none = Overrides::default();
        let e = prepare(&files(&["scenarios/baseline.yaml", "scenarios/civil-violence-mesa.yaml"]), &none, 3)
            .unwrap_err();
        assert!(e.to_string().contains("cannot compare"), "{e}");
        let e =
            prepare(&files(&["scenarios/baseline.yaml", "scenarios/baseline.yaml"]), &none, 3).unwrap_err();
        assert!(e.to_string().contains("the same name `baseline`"), "{e}");
        let e =
            prepare(&files(&["scenarios/baseline.yaml", "scenarios/suppress.yaml"]), &none, 1).unwrap_err();
        assert!(e.to_string().contains("one replicate gives no interval"), "{e}");
        let e =
            prepare(&files(&["scenarios/baseline.yaml", "tests/data/bad/01-unknown-field.yaml"]), &none, 3)
                .unwrap_err();
        assert!(
            e.to_string().contains("1 of 2 scenario files have problems")
                && e.to_string().contains("nothing was run"),
            "{e}"
        );
        assert_eq!(e.kind(), crate::error::ExitKind::BadInput);
        let ok = prepare(&files(&["scenarios/baseline.yaml", "scenarios/suppress.yaml"]), &none, 2).unwrap();
        assert_eq!(ok.names(), ["baseline", "suppress"]);
        assert_eq!(default_dir(&ok), PathBuf::from("out/compare-baseline-suppress"));
    }
}
