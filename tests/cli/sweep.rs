//! `diypol sweep` and `diypol merge`: plans checked before any run, hive-partitioned
//! outputs, resume after an interruption, shards that add up to the whole sweep.

use crate::support::*;

fn sweep(plan: &str, out: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["sweep", plan, "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    diypol(&args)
}

fn merged(out: &std::path::Path) -> Vec<u8> {
    ok(&diypol(&["merge", out.to_str().unwrap()]));
    std::fs::read(out.join("runs.parquet")).unwrap()
}

#[test]
fn factorial_sweep_runs_every_combination_and_merges() {
    let out = fresh_dir("sweep-factorial").join("s");
    let stdout = ok(&sweep("tests/data/sweep/factorial.yaml", &out, &[]));
    assert!(stdout.contains("4 points × 2 replicates = 8 runs"), "{stdout}");
    let parts = files_in(&out.join("runs"));
    assert_eq!(parts.len(), 8);
    assert_eq!(parts[0], "run-00000.parquet");
    merged(&out);
    let runs = diypol::output::parquet::read(&out.join("runs.parquet")).unwrap();
    assert_eq!(runs.rows(), 8);
    let officers = runs.get("policy.officers_per_1000").unwrap().as_f64();
    // Parameters in name order, the last varying fastest; replicates innermost.
    assert_eq!(officers, vec![2.0, 2.0, 3.0, 3.0, 2.0, 2.0, 3.0, 3.0]);
    let rash = runs.get("crowd.rashness").unwrap().as_f64();
    assert_eq!(rash, vec![0.1, 0.1, 0.1, 0.1, 0.3, 0.3, 0.3, 0.3]);
    let ticks = diypol::output::parquet::read(&out.join("ticks.parquet")).unwrap();
    assert_eq!(ticks.rows(), 8 * 60);
    // Charts against the two swept parameters, and their heat map.
    let files = files_in(&out);
    assert!(files.contains(&"sweep_crimes_per_1000_year.svg".to_string()), "{files:?}");
    assert!(files.contains(&"sweep_crimes_per_1000_year_heatmap.png".to_string()), "{files:?}");
    // Running it again does nothing: every run is done.
    let again = ok(&sweep("tests/data/sweep/factorial.yaml", &out, &[]));
    assert!(again.contains("8 already done") && again.contains("ran 0 runs"), "{again}");
}

#[test]
fn shards_and_single_runs_add_up_to_the_whole_sweep() {
    let whole = fresh_dir("sweep-whole").join("s");
    ok(&sweep("tests/data/sweep/factorial.yaml", &whole, &["--quiet"]));
    let sharded = fresh_dir("sweep-sharded").join("s");
    ok(&sweep("tests/data/sweep/factorial.yaml", &sharded, &["--shard", "1/3", "--quiet"]));
    ok(&sweep("tests/data/sweep/factorial.yaml", &sharded, &["--shard", "3/3", "--quiet", "--threads", "1"]));
    for k in [1, 4, 7] {
        ok(&sweep("tests/data/sweep/factorial.yaml", &sharded, &["--run-index", &k.to_string(), "--quiet"]));
    }
    assert_eq!(merged(&whole), merged(&sharded), "shards merge to the same table as one local run");
}

#[test]
fn an_interrupted_sweep_resumes_to_the_same_result() {
    // A Sobol sweep over four DIY parameters: killed part-way, resumed, same indices.
    let plan = "tests/data/sweep/resume.yaml";
    let whole = fresh_dir("sweep-resume-whole").join("s");
    ok(&sweep(plan, &whole, &["--quiet"]));
    let out = fresh_dir("sweep-resume").join("s");
    let o = interrupt_after(&["sweep", plan, "--out", out.to_str().unwrap(), "--quiet", "--threads", "1"], 1);
    // Stopped part-way: never a half-written file.
    assert!(exits(&o, 130).contains("interrupted by Ctrl-C after"));
    let all: Vec<String> = ["runs", "ticks"].iter().flat_map(|t| files_in(&out.join(t))).collect();
    assert!(all.iter().all(|f| f.starts_with("run-") && f.ends_with(".parquet")), "{all:?}");
    let finished_before = files_in(&out.join("runs")).len();
    assert!((1..24).contains(&finished_before), "{finished_before} runs finished before the interruption");
    ok(&sweep(plan, &out, &["--quiet"]));
    assert_eq!(merged(&whole), merged(&out));
    for dir in [&whole, &out] {
        ok(&diypol(&["sensitivity", dir.to_str().unwrap()]));
    }
    assert_eq!(
        std::fs::read(whole.join("sensitivity.csv")).unwrap(),
        std::fs::read(out.join("sensitivity.csv")).unwrap()
    );
    assert!(files_in(&out).contains(&"sensitivity_sobol.svg".to_string()));
}

#[test]
fn bad_plans_and_flags_stop_before_any_run() {
    let files = corpus("tests/data/bad-sweep");
    assert!(files.len() >= 7);
    for rel in files {
        let out = fresh_dir("sweep-bad").join("s");
        let err = exits(&sweep(&rel, &out, &[]), 2);
        for want in expectations(&root().join(&rel), "expect") {
            assert!(err.contains(&want), "{rel}: expected `{want}` in {err}");
        }
        assert!(!out.exists(), "{rel} wrote something");
    }
    let out = fresh_dir("sweep-bad-flags").join("s");
    for (flag, value, needle) in [
        ("--shard", "1/9", "9 shards but the plan has only 8 runs"),
        ("--shard", "0/2", "expected I/N"),
        ("--run-index", "8", "the plan has runs 0 to 7"),
    ] {
        let err = exits(&sweep("tests/data/sweep/factorial.yaml", &out, &[flag, value]), 2);
        assert!(err.contains(needle), "{flag} {value}: {err}");
        assert!(!out.exists());
    }
}

#[test]
fn a_folder_of_another_plan_is_not_mixed_in() {
    let out = fresh_dir("sweep-other").join("s");
    ok(&sweep("tests/data/sweep/factorial.yaml", &out, &["--run-index", "0", "--quiet"]));
    let o = sweep("tests/data/sweep/sobol4.yaml", &out, &["--quiet"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("different sweep plan"), "{}", stderr(&o));
    let o = diypol(&["merge", "scenarios"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a sweep folder"));
}

#[test]
fn sensitivity_of_saltelli_and_morris_sweeps() {
    let out = fresh_dir("sweep-saltelli").join("s");
    let stdout = ok(&sweep("tests/data/sweep/saltelli.yaml", &out, &["--quiet", "--dry-run"]));
    assert!(stdout.contains("32 points × 1 replicates = 32 runs"), "{stdout}");
    ok(&sweep("tests/data/sweep/saltelli.yaml", &out, &["--quiet"]));
    let printed = ok(&diypol(&["sensitivity", out.to_str().unwrap(), "--indicator", "crimes_per_1000_year"]));
    assert!(printed.contains("| `policy.officers_per_1000` |") && printed.contains("S1 | ST"), "{printed}");
    // Chosen indicators have files of their own (sensitivity.csv is the default set's).
    let csv = std::fs::read_to_string(out.join("sensitivity-crimes_per_1000_year.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 2 * 2, "{csv}");
    assert!(files_in(&out).contains(&"sensitivity-crimes_per_1000_year_sobol.png".to_string()));
    // A misspelt indicator is named, with a suggestion.
    let o = diypol(&["sensitivity", out.to_str().unwrap(), "--indicator", "crimes_per_1000_yr"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `crimes_per_1000_year`?"), "{}", stderr(&o));

    let morris = fresh_dir("sweep-morris").join("s");
    ok(&sweep("tests/data/sweep/morris.yaml", &morris, &["--quiet"]));
    let printed = ok(&diypol(&["sensitivity", morris.to_str().unwrap()]));
    assert!(printed.contains("mu_star"), "{printed}");
    assert!(files_in(&morris).iter().any(|f| f.starts_with("sensitivity_morris_")));

    // A factorial sweep has no design for indices.
    let fact = fresh_dir("sweep-fact-sens").join("s");
    ok(&sweep("tests/data/sweep/factorial.yaml", &fact, &["--quiet"]));
    let o = diypol(&["sensitivity", fact.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("need `sampling: saltelli`"), "{}", stderr(&o));
}

#[test]
fn sensitivity_of_chosen_indicators_keeps_the_earlier_results_and_warns_of_few_samples() {
    let out = fresh_dir("sweep-sensitivity-files");
    ok(&diypol(&["sweep", "tests/data/sweep/sobol4.yaml", "--out", out.to_str().unwrap(), "--quiet"]));
    let first = ok(&diypol(&["sensitivity", out.to_str().unwrap()]));
    assert!(first.contains("warning: Sobol indices from 8 base samples are rough"), "{first}");
    let before = std::fs::read(out.join("sensitivity.csv")).unwrap();
    ok(&diypol(&["sensitivity", out.to_str().unwrap(), "--indicator", "share_cleared"]));
    assert_eq!(
        std::fs::read(out.join("sensitivity.csv")).unwrap(),
        before,
        "sensitivity.csv was overwritten"
    );
    let chosen = std::fs::read_to_string(out.join("sensitivity-share_cleared.csv")).unwrap();
    assert!(chosen.lines().skip(1).all(|l| l.starts_with("share_cleared,")), "{chosen}");
    let md = std::fs::read_to_string(out.join("sensitivity-share_cleared.md")).unwrap();
    assert!(md.starts_with("> **Warning:**"), "{md}");
}
