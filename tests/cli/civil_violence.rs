//! `model: civil_violence` against Mesa's implementation, and its engine's guarantees:
//! same output on any thread count, interventions, outputs.

use diypol::catalogue::CvRun;
use diypol::mesa::{ALPHA, Comparison, EQUIVALENCE, compare, read_reference, run_seeds};
use diypol::scenario::{self, Activation};

use crate::support::*;

fn regime(file: &str, activation: Activation, regime: &str, seeds: u64) -> Vec<Comparison> {
    let mut s = scenario::load(&root().join(file)).expect("bundled scenario").scenario;
    s.civil_violence.activation = activation;
    let mesa = read_reference(&root().join("tests/data/mesa-reference.csv"), regime).expect("reference CSV");
    let ours = run_seeds(&s, 1..=seeds).expect("runs");
    let table = compare(&mesa, &ours);
    let runs = mesa.get(CvRun::MeanActive).len();
    eprintln!(
        "{regime}, {activation:?}, {seeds} seeds (Mesa {runs}): statistic, Mesa median, ours, KS, TOST"
    );
    for c in &table {
        eprintln!(
            "  {:<12} {:>8.2} {:>8.2}  {}  {}",
            c.statistic.name(),
            c.reference_median,
            c.ours_median,
            c.describe_test(),
            c.describe_equivalence()
        );
    }
    table
}

/// The means of the [`EQUIVALENCE`] statistics are equivalent to Mesa's within their margins
/// (TOST at ALPHA); `untested` names those that cannot be tested (no spread in Mesa's runs),
/// which must be all that is left out.
#[track_caller]
fn equivalent(table: &[Comparison], untested: &[CvRun]) {
    for c in table.iter().filter(|c| EQUIVALENCE.contains(&c.statistic)) {
        match c.equivalence {
            Some(t) => assert!(
                t.equivalent(ALPHA),
                "{}: not equivalent within ±{:.2}: {}",
                c.statistic.name(),
                t.margin,
                c.describe_equivalence()
            ),
            None => {
                assert!(untested.contains(&c.statistic), "{} could not be tested: {c:?}", c.statistic.name())
            }
        }
    }
}

/// Every statistic that can be tested passes at ALPHA; `untested` names those with no value
/// on one side (no outburst, so no gap), which must be all that is left out.
#[track_caller]
fn indistinguishable(table: &[Comparison], untested: &[CvRun]) {
    for c in table {
        match c.test {
            Some((d, p)) => assert!(
                p >= ALPHA,
                "{}: Mesa median {:.2}, ours {:.2}, KS D {d:.2}, p {p:.4} < {ALPHA}",
                c.statistic.name(),
                c.reference_median,
                c.ours_median
            ),
            None => {
                assert!(untested.contains(&c.statistic), "{} could not be tested: {c:?}", c.statistic.name())
            }
        }
    }
}

/// Our runs per regime: as many as Mesa's reference, so TOST has the power the margins
/// were chosen for (docs/VALIDATION.md).
const SEEDS: u64 = 100;

#[test]
fn sequential_matches_mesa_when_quiescent() {
    let t = regime("scenarios/civil-violence-mesa.yaml", Activation::Sequential, "mesa_default", SEEDS);
    // A quiescent regime rarely bursts (one of Mesa's 100 runs has one outburst, peak 52):
    // no run has two, so there are no gaps to compare.
    indistinguishable(&t, &[CvRun::MedianGap]);
    equivalent(&t, &[]);
}

#[test]
fn sequential_matches_mesa_with_outbursts() {
    let t =
        regime("scenarios/civil-violence-netlogo-like.yaml", Activation::Sequential, "netlogo_like", SEEDS);
    let outbursts = t.iter().find(|c| c.statistic == CvRun::Outbursts).unwrap();
    assert!(outbursts.ours_median >= 3.0, "the regime must burst for the test to mean anything");
    indistinguishable(&t, &[]);
    equivalent(&t, &[]);
}

/// The same tests tell the parallel mode apart: snapshot decisions and move conflicts damp
/// outbursts (docs/MODEL.md §11). Shows that both comparisons have the power to fail.
#[test]
fn parallel_mode_is_told_apart_from_mesa() {
    let t = regime("scenarios/civil-violence-netlogo-like.yaml", Activation::Parallel, "netlogo_like", SEEDS);
    let outbursts = t.iter().find(|c| c.statistic == CvRun::Outbursts).unwrap();
    assert!(outbursts.test.is_some_and(|(_, p)| p < 0.01), "{outbursts:?}");
    assert!(outbursts.ours_median < outbursts.reference_median, "{outbursts:?}");
    let tost = outbursts.equivalence.expect("outbursts vary in both");
    assert!(!tost.equivalent(ALPHA), "{}", outbursts.describe_equivalence());
}

fn run_cv(file: &str, threads: &str, name: &str, extra: &[&str]) -> std::path::PathBuf {
    let out = fresh_dir(name);
    let mut args =
        vec!["run", file, "--threads", threads, "--quiet", "--no-charts", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    ok(&diypol(&args));
    out
}

#[test]
fn parallel_activation_gives_the_same_bytes_on_any_thread_count() {
    let file = "scenarios/civil-violence-parallel.yaml";
    let runs: Vec<_> = ["1", "2", "4"]
        .iter()
        .map(|t| run_cv(file, t, &format!("cv-par-{t}"), &["--days", "120", "--cells"]))
        .collect();
    for f in ["ticks.parquet", "runs.parquet", "cells.parquet"] {
        let a = std::fs::read(runs[0].join(f)).unwrap();
        for r in &runs[1..] {
            assert_eq!(a, std::fs::read(r.join(f)).unwrap(), "{f} depends on the thread count");
        }
    }
    let other = run_cv(file, "2", "cv-par-seed", &["--days", "120", "--seed", "2"]);
    assert_ne!(
        std::fs::read(runs[0].join("ticks.parquet")).unwrap(),
        std::fs::read(other.join("ticks.parquet")).unwrap()
    );
}

#[test]
fn sequential_activation_is_reproducible() {
    let file = "scenarios/civil-violence-netlogo-like.yaml";
    let a = run_cv(file, "1", "cv-seq-1", &["--cells"]);
    let b = run_cv(file, "2", "cv-seq-2", &["--cells"]);
    for f in ["ticks.parquet", "runs.parquet", "cells.parquet"] {
        assert_eq!(std::fs::read(a.join(f)).unwrap(), std::fs::read(b.join(f)).unwrap(), "{f}");
    }
}

#[test]
fn outputs_describe_the_run() {
    let out = run_cv("scenarios/civil-violence-mesa.yaml", "2", "cv-outputs", &["--cells"]);
    let ticks = diypol::output::parquet::read(&out.join("ticks.parquet")).unwrap();
    assert_eq!(ticks.rows(), 500);
    for col in ["scenario", "replicate", "seed", "tick", "quiet", "active", "jailed", "arrests", "moves"] {
        assert!(ticks.get(col).is_some(), "ticks.parquet lacks {col}");
    }
    let runs = diypol::output::parquet::read(&out.join("runs.parquet")).unwrap();
    assert_eq!(runs.rows(), 1);
    // No outburst in the quiescent regime: gaps and peaks are null, not NaN or 0.
    let gap = runs.get("median_gap").unwrap().as_f64();
    assert!(gap[0].is_nan(), "{gap:?}");
    let cells = diypol::output::parquet::read(&out.join("cells.parquet")).unwrap();
    assert_eq!(cells.rows(), 1600);
    let meta = diypol::output::parquet::read_metadata(&out.join("runs.parquet")).unwrap();
    let get = |k: &str| meta.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or_default();
    assert_eq!(get("diypol.model"), "civil_violence");
    let yaml = get("diypol.scenario");
    assert!(yaml.contains("civil_violence:") && !yaml.contains("crime_types"), "{yaml}");
    // The stored scenario reruns the same run.
    let again = out.join("rerun.yaml");
    std::fs::write(&again, &yaml).unwrap();
    let rerun = fresh_dir("cv-rerun");
    ok(&diypol(&[
        "run",
        again.to_str().unwrap(),
        "--quiet",
        "--no-charts",
        "--out",
        rerun.to_str().unwrap(),
    ]));
    assert_eq!(
        std::fs::read(out.join("ticks.parquet")).unwrap().len(),
        std::fs::read(rerun.join("ticks.parquet")).unwrap().len()
    );
    let t1 = diypol::output::parquet::read(&rerun.join("ticks.parquet")).unwrap();
    assert_eq!(t1.get("active").unwrap().as_f64(), ticks.get("active").unwrap().as_f64());
}

#[test]
fn a_legitimacy_drop_fills_the_jail() {
    let out = run_cv("scenarios/civil-violence-legitimacy-drop.yaml", "2", "cv-legitimacy", &[]);
    let ticks = diypol::output::parquet::read(&out.join("ticks.parquet")).unwrap();
    let jailed = ticks.get("jailed").unwrap().as_f64();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (before, after) = (mean(&jailed[100..200]), mean(&jailed[400..500]));
    assert!(after > 2.0 * before, "jailed before {before:.0}, after {after:.0}");
    // The newly aggrieved turn active at once and are arrested within the tick.
    let arrests = ticks.get("arrests").unwrap().as_f64();
    assert!(arrests[200] > 10.0 * mean(&arrests[100..200]).max(1.0), "{:?}", &arrests[195..205]);
}
