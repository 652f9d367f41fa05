//! The same scenario and seed give byte-identical data on 1 thread or many.

use crate::support::*;

fn run(threads: &str, seed: &str, name: &str) -> std::path::PathBuf {
    let out = fresh_dir(name);
    ok(&diypol(&[
        "run",
        "scenarios/baseline.yaml",
        "--threads",
        threads,
        "--seed",
        seed,
        "--days",
        "200",
        "--cells",
        "--events",
        "--no-charts",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]));
    out
}

#[test]
fn thread_count_does_not_change_any_byte() {
    let one = run("1", "7", "det-1");
    let two = run("2", "7", "det-2");
    let four = run("4", "7", "det-4");
    for f in ["ticks.parquet", "runs.parquet", "cells.parquet", "events.parquet"] {
        let a = std::fs::read(one.join(f)).unwrap();
        assert_eq!(a, std::fs::read(two.join(f)).unwrap(), "{f} differs between 1 and 2 threads");
        assert_eq!(a, std::fs::read(four.join(f)).unwrap(), "{f} differs between 1 and 4 threads");
    }
}

#[test]
fn seeds_change_results() {
    let a = run("2", "1", "seed-a");
    let b = run("2", "2", "seed-b");
    assert_ne!(
        std::fs::read(a.join("ticks.parquet")).unwrap(),
        std::fs::read(b.join("ticks.parquet")).unwrap()
    );
}
