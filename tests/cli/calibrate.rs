//! `diypol calibrate`: ABC-SMC against analytic posteriors (the toy specs of calibration/),
//! the same result on any thread count, resumed after a torn log, or split into shards;
//! bad specs refused with file:line:column; `compare --ensemble` and contrast sweeps.

use std::path::Path;

use diypol::output::parquet;

use crate::support::*;

fn calibrate(spec: &str, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["calibrate", spec, "--out", out.to_str().unwrap(), "--quiet"];
    args.extend_from_slice(extra);
    diypol(&args)
}

/// Weighted mean, sd and quantiles of the last generation's particles.
fn posterior(dir: &Path, parameter: &str) -> (f64, f64, [f64; 3]) {
    let t = parquet::read(&dir.join("posterior.parquet")).unwrap();
    let g = t.get("generation").unwrap().as_f64();
    let last = g.iter().copied().fold(f64::MIN, f64::max);
    let keep: Vec<usize> = (0..g.len()).filter(|&i| g[i] == last).collect();
    let x: Vec<f64> = keep.iter().map(|&i| t.get(parameter).unwrap().f64_at(i)).collect();
    let w: Vec<f64> = keep.iter().map(|&i| t.get("weight").unwrap().f64_at(i)).collect();
    let total: f64 = w.iter().sum();
    let mean = x.iter().zip(&w).map(|(a, b)| a * b).sum::<f64>() / total;
    let sd = (x.iter().zip(&w).map(|(a, b)| b * (a - mean).powi(2)).sum::<f64>() / total).sqrt();
    let q = |p: f64| diypol::calibrate::smc::weighted_quantile(&x, &w, p);
    (mean, sd, [q(0.05), q(0.5), q(0.95)])
}

/// Tolerances stated in calibration/toy-*.yaml's comments and docs/VALIDATION.md before
/// the first run: mean ±0.01 (binomial) or ±0.02 (normal), quantiles ±0.015 / ±0.03,
/// sd within 10%. Monte Carlo error with about 1,900 effective particles is a quarter to
/// a third of these.
#[test]
fn the_toy_posteriors_match_the_analytic_ones() {
    for (spec, param, mean, sd, q, mean_tol, q_tol) in [
        // Beta(31, 71) (scipy.stats.beta).
        (
            "calibration/toy-binomial.yaml",
            "rate",
            0.303922,
            0.045320,
            [0.231586, 0.302636, 0.380650],
            0.01,
            0.015,
        ),
        // Normal, precision 1 + 25 (scipy.stats.truncnorm, truncation at ±5 negligible).
        (
            "calibration/toy-normal.yaml",
            "mean",
            0.576923,
            0.196116,
            [0.254341, 0.576923, 0.899505],
            0.02,
            0.03,
        ),
    ] {
        let out = fresh_dir(&format!("calibrate-{param}"));
        ok(&calibrate(spec, &out, &["--no-charts"]));
        let (m, s, qs) = posterior(&out, param);
        eprintln!("{spec}: mean {m:.4} ({mean:.4}), sd {s:.4} ({sd:.4}), quantiles {qs:?} ({q:?})");
        assert!((m - mean).abs() < mean_tol, "{spec}: mean {m} vs {mean}");
        assert!((s / sd - 1.0).abs() < 0.1, "{spec}: sd {s} vs {sd}");
        for (a, b) in qs.iter().zip(q) {
            assert!((a - b).abs() < q_tol, "{spec}: quantile {a} vs {b}");
        }
        for f in [
            "generations.parquet",
            "ensemble.parquet",
            "predictive.parquet",
            "parameters.csv",
            "targets.csv",
            "summary.md",
        ] {
            assert!(out.join(f).is_file(), "{f}");
        }
        let gens = parquet::read(&out.join("generations.parquet")).unwrap();
        let tol = gens.get("tolerance").unwrap().as_f64();
        assert!(tol[0].is_nan() && tol[1..].windows(2).all(|w| w[1] < w[0]), "tolerances fall: {tol:?}");
    }
}

/// Without the importance weights the sampler's result is not the posterior: the check
/// above can fail. (The kernel concentrates particles where the previous generation was;
/// weights undo that.) Run on the normal toy, whose posterior sd is known.
#[test]
fn equal_weights_would_be_told_apart() {
    let out = fresh_dir("calibrate-unweighted");
    ok(&calibrate("calibration/toy-normal.yaml", &out, &["--no-charts"]));
    let t = parquet::read(&out.join("posterior.parquet")).unwrap();
    let g = t.get("generation").unwrap().as_f64();
    let w = t.get("weight").unwrap().as_f64();
    let last = g.iter().copied().fold(f64::MIN, f64::max);
    // Weights vary within a generation after the first: they are not uniform by construction.
    let ws: Vec<f64> = (0..g.len()).filter(|&i| g[i] == last).map(|i| w[i]).collect();
    let (lo, hi) = ws.iter().fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    assert!(hi > 1.5 * lo, "weights {lo}..{hi}");
}

fn bytes(dir: &Path, f: &str) -> Vec<u8> {
    std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(f).display()))
}

#[test]
fn one_thread_or_two_resumed_or_sharded_give_the_same_posterior() {
    let spec = "calibration/toy-binomial.yaml";
    let a = fresh_dir("calibrate-threads-1");
    ok(&calibrate(spec, &a, &["--threads", "1", "--no-charts"]));
    let b = fresh_dir("calibrate-threads-2");
    ok(&calibrate(spec, &b, &["--threads", "2", "--no-charts"]));
    for f in ["posterior.parquet", "generations.parquet", "predictive.parquet", "summary.md"] {
        assert_eq!(bytes(&a, f), bytes(&b, f), "{f}");
    }
    // Resumed: half of generation 3's log kept, the last line cut short (a kill mid-write),
    // the outputs gone.
    let log = b.join("sims/gen-003/all.jsonl");
    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut kept = lines[..lines.len() / 2].join("\n");
    kept.push('\n');
    kept.push_str(&lines[lines.len() / 2][..10]);
    std::fs::write(&log, kept).unwrap();
    for g in 4..30 {
        let _ = std::fs::remove_dir_all(b.join(format!("sims/gen-{g:03}")));
    }
    let _ = std::fs::remove_dir_all(b.join("sims/predictive"));
    std::fs::remove_file(b.join("posterior.parquet")).unwrap();
    let o = calibrate(spec, &b, &["--no-charts"]);
    ok(&o);
    assert_eq!(bytes(&a, "posterior.parquet"), bytes(&b, "posterior.parquet"), "resumed");
    // Sharded: two shards taking turns, as SLURM array tasks would, until one finishes.
    let c = fresh_dir("calibrate-shards");
    let mut finished = false;
    for turn in 0..400 {
        let shard = format!("{}/2", turn % 2 + 1);
        let o = calibrate(spec, &c, &["--shard", &shard, "--no-charts"]);
        ok(&o);
        if c.join("posterior.parquet").is_file() {
            finished = true;
            break;
        }
    }
    assert!(finished, "the shards finished");
    assert_eq!(bytes(&a, "posterior.parquet"), bytes(&c, "posterior.parquet"), "sharded");
}

#[test]
fn bad_specs_stop_before_any_run() {
    let files = corpus("tests/data/bad-calibration");
    assert!(files.len() >= 9);
    for rel in files {
        let out = fresh_dir("calibrate-bad").join("c");
        let o = calibrate(&rel, &out, &[]);
        assert_eq!(o.status.code(), Some(2), "{rel}: {}", stderr(&o));
        let err = stderr(&o);
        for want in expectations(&root().join(&rel), "expect") {
            assert!(err.contains(&want), "{rel}: expected `{want}` in {err}");
        }
        assert!(!out.exists(), "{rel} wrote something");
    }
    // A folder of another calibration is not mixed in.
    let out = fresh_dir("calibrate-other");
    ok(&calibrate("calibration/toy-binomial.yaml", &out, &["--no-charts"]));
    let o = calibrate("calibration/toy-normal.yaml", &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("different spec"), "{}", stderr(&o));
}

/// A small real calibration (two parameters, a tiny city) and a robust comparison over its
/// posterior: the calibrated scenario loads, the ensemble runs with common draws.
#[test]
fn a_scenario_calibration_feeds_compare_ensemble() {
    let out = fresh_dir("calibrate-tiny");
    let o = calibrate("tests/data/calibration/tiny.yaml", &out, &[]);
    ok(&o);
    for f in ["calibrated.yaml", "posterior-marginals.png", "posterior-pairs.png", "posterior-predictive.png"]
    {
        assert!(out.join(f).is_file(), "{f}");
    }
    ok(&diypol(&["validate", out.join("calibrated.yaml").to_str().unwrap()]));
    let cmp = fresh_dir("compare-ensemble");
    let o = diypol(&[
        "compare",
        "tests/data/calibration/tiny-base.yaml",
        "tests/data/calibration/tiny-collaborate.yaml",
        "--ensemble",
        out.to_str().unwrap(),
        "--draws",
        "4",
        "--replicates",
        "1",
        "--no-charts",
        "--out",
        cmp.to_str().unwrap(),
    ]);
    ok(&o);
    let text = stdout(&o);
    assert!(text.contains("over 4 posterior draws × 1 replicates"), "{text}");
    assert!(text.contains("plausible worlds against tiny-base"), "{text}");
    let robust = std::fs::read_to_string(cmp.join("robust.csv")).unwrap();
    assert!(robust.lines().count() > 10 && robust.contains("share_better"), "{robust}");
    let html = std::fs::read_to_string(cmp.join("report.html")).unwrap();
    assert!(html.contains("How robust: over plausible worlds"));
    // Draw d, replicate r: the same parameters and seed in both scenarios.
    let runs = parquet::read(&cmp.join("runs.parquet")).unwrap();
    let seeds = runs.get("seed").unwrap().as_f64();
    assert_eq!(seeds[..4], seeds[4..8]);
    // Too many draws is refused before any run.
    let o = diypol(&[
        "compare",
        "tests/data/calibration/tiny-base.yaml",
        "tests/data/calibration/tiny-collaborate.yaml",
        "--ensemble",
        out.to_str().unwrap(),
        "--draws",
        "500",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("posterior draws"), "{}", stderr(&o));
}

/// A contrast sweep: each run's indicators are the paired differences of the two
/// scenarios at the same point and seed, which sensitivity indices then explain.
#[test]
fn a_contrast_sweep_records_paired_differences() {
    let out = fresh_dir("sweep-contrast");
    ok(&diypol(&[
        "sweep",
        "tests/data/calibration/contrast.yaml",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]));
    ok(&diypol(&["merge", out.to_str().unwrap()]));
    let runs = parquet::read(&out.join("runs.parquet")).unwrap();
    // The same run of each scenario alone.
    let a = fresh_dir("contrast-a");
    let b = fresh_dir("contrast-b");
    let seed = runs.get("seed").unwrap().text_at(0);
    let officers = runs.get("policy.officers_per_1000").unwrap().f64_at(0);
    let plan = std::fs::read_to_string(out.join("plan.yaml")).unwrap();
    assert!(plan.contains("contrast"));
    for (dir, file) in
        [(&a, "tests/data/calibration/tiny-base.yaml"), (&b, "tests/data/calibration/tiny-collaborate.yaml")]
    {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        let text = text.replace("policy:\n", &format!("policy:\n  officers_per_1000: {officers}\n"));
        let f = dir.join("s.yaml");
        std::fs::write(&f, text.replace("seed: 1", &format!("seed: {seed}"))).unwrap();
        ok(&diypol(&[
            "run",
            f.to_str().unwrap(),
            "--out",
            dir.join("o").to_str().unwrap(),
            "--quiet",
            "--no-charts",
        ]));
    }
    let ra = parquet::read(&a.join("o/runs.parquet")).unwrap();
    let rb = parquet::read(&b.join("o/runs.parquet")).unwrap();
    for ind in ["crimes_per_1000_year", "share_reported", "innocents_named_per_100k"] {
        let want = rb.get(ind).unwrap().f64_at(0) - ra.get(ind).unwrap().f64_at(0);
        let got = runs.get(ind).unwrap().f64_at(0);
        assert!((got - want).abs() < 1e-9, "{ind}: {got} vs {want}");
    }
    let o = diypol(&["sensitivity", out.to_str().unwrap(), "--indicator", "crimes_per_1000_year"]);
    ok(&o);
}
