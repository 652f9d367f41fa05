//! `diypol discover`: scenario discovery (PRIM) on a merged sweep, its files, and its
//! refusals of a bad condition, an unknown indicator and an unmerged folder.

use crate::support::*;

#[test]
fn discover_finds_the_parameter_range_of_a_condition() {
    let out = fresh_dir("discover").join("s");
    let dir = out.to_str().unwrap();
    ok(&diypol(&["sweep", "tests/data/sweep/sobol4.yaml", "--out", dir, "--quiet"]));
    let discover = |indicator: &str, condition: &str| {
        diypol(&["discover", dir, "--indicator", indicator, "--where", condition])
    };
    // Not merged yet: no runs.parquet.
    let err = exits(&discover("cost_eur", "> 150000"), 2);
    assert!(err.contains("no runs.parquet") && err.contains("diypol merge"), "{err}");
    ok(&diypol(&["merge", dir]));

    // Policing costs follow the officers: a box of all the costly points and no other,
    // bounding the officers from below (and, on 48 points, others along the way).
    let printed = ok(&discover("cost_eur", "> 150000"));
    assert!(printed.contains("points (") && printed.contains("replicates averaged"), "{printed}");
    assert!(printed.contains("box 1 (step"), "{printed}");
    assert!(printed.contains("coverage 1.00") && printed.contains("density 1.00"), "{printed}");
    let officers = printed.lines().find(|l| l.trim_start().starts_with("policy.officers_per_1000 "));
    assert!(officers.is_some_and(|l| l.contains("≥ 2.") && l.contains("(sampled 1.75 … 3.38)")), "{printed}");
    // Its quasi-p value tells that limit from those it only met on the way (qp 1.00).
    assert!(officers.is_some_and(|l| l.contains("qp") && l.contains("e-")), "{printed}");

    let csv = std::fs::read_to_string(out.join("discover-cost_eur.csv")).unwrap();
    let mut rows = csv.lines();
    let header: Vec<&str> = rows.next().unwrap().split(',').collect();
    assert_eq!(&header[..4], ["box", "step", "phase", "chosen"]);
    assert!(header.contains(&"policy.officers_per_1000_min") && header.contains(&"crowd.herding_max"));
    let rows: Vec<Vec<&str>> = rows.map(|l| l.split(',').collect()).collect();
    assert!(rows.len() > 3 && rows[0][2] == "start", "{csv}");
    assert_eq!(rows.iter().filter(|r| r[3] == "true").count(), 1, "one chosen box: {csv}");
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    for r in &rows {
        for c in ["coverage", "density", "mass"] {
            let v: f64 = r[col(c)].parse().unwrap();
            assert!((0.0..=1.0).contains(&v), "{c} = {v}");
        }
    }
    let png = std::fs::read(out.join("discover-cost_eur.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    assert!(std::fs::read_to_string(out.join("discover-cost_eur.svg")).unwrap().contains("PRIM"));

    // Another indicator adds its own files; the first's stay. A condition that never
    // holds is a finding, not an error.
    let printed = ok(&discover("officer_hours", "< 0"));
    assert!(printed.contains("no box: the condition holds at none of the points"), "{printed}");
    let files = files_in(&out);
    for f in ["discover-cost_eur.csv", "discover-officer_hours.csv", "discover-officer_hours.png"] {
        assert!(files.contains(&f.to_string()), "{f} in {files:?}");
    }
    assert!(!files.iter().any(|f| f.contains(".partial") || f.contains("staging")), "{files:?}");
}

#[test]
fn discover_refuses_what_it_cannot_read() {
    let out = fresh_dir("discover-bad").join("s");
    let dir = out.to_str().unwrap();
    ok(&diypol(&["sweep", "tests/data/sweep/factorial.yaml", "--out", dir, "--quiet"]));
    ok(&diypol(&["merge", dir]));
    let before = files_in(&out);
    for (args, needles) in [
        (["--indicator", "cost_eur", "--where", "=< 0"], &["--where `=< 0` is not a condition", "hint:"][..]),
        (["--indicator", "cost_eur", "--where", "below 0"], &["--where", "hint: write e.g."]),
        (
            ["--indicator", "cost_eu", "--where", "< 0"],
            &["no indicator `cost_eu`", "did you mean `cost_eur`?"],
        ),
        (["--indicator", "crowd.rashness", "--where", "< 0"], &["not an indicator"]),
        (["--indicator", "cost_eur", "--threshold", "1.5"], &["--threshold 1.5 is out of range"]),
    ] {
        let mut a = vec!["discover", dir];
        a.extend_from_slice(&args);
        if !a.contains(&"--where") {
            a.extend(["--where", "< 0"]);
        }
        let err = exits(&diypol(&a), 2);
        for n in needles {
            assert!(err.contains(n), "{args:?}: expected `{n}` in {err}");
        }
    }
    assert_eq!(files_in(&out), before, "nothing written");
    let err = exits(&diypol(&["discover", "scenarios", "--indicator", "x", "--where", "< 0"]), 2);
    assert!(err.contains("not a sweep folder"), "{err}");
}
