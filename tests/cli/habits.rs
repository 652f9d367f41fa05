//! Researchers' habits: `--set path=value` (checked like the YAML), `extends:` in scenarios,
//! sweep plans that set `days` and `burn_in_days`, and `validate` on every kind of file.

use crate::support::*;

fn read(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn set_and_extends_give_the_run_the_file_would() {
    let dir = fresh_dir("habits-set-extends");
    let child = dir.join("child.yaml");
    let base = root().join("scenarios/baseline.yaml");
    std::fs::write(
        &child,
        format!(
            "extends: {}\nname: baseline\ndescription: x\npolicy: {{stance: collaborate}}\n",
            base.display()
        ),
    )
    .unwrap();
    let (a, b, c) = (dir.join("a"), dir.join("b"), dir.join("c"));
    let common = ["--days", "30", "--quiet", "--no-charts", "--out"];
    let run = |file: &str, out: &std::path::Path, extra: &[&str]| {
        let mut args = vec!["run", file];
        args.extend(common);
        args.push(out.to_str().unwrap());
        args.extend(extra);
        ok(&diypol(&args));
    };
    run(child.to_str().unwrap(), &a, &[]);
    run("scenarios/baseline.yaml", &b, &["--set", "policy.stance=collaborate", "--set", "description=x"]);
    run("scenarios/baseline.yaml", &c, &["--set", "description=x"]);
    for f in ["runs.parquet", "ticks.parquet"] {
        assert_eq!(read(&a.join(f)), read(&b.join(f)), "{f}: extends and --set differ");
    }
    assert_ne!(read(&a.join("runs.parquet")), read(&c.join("runs.parquet")), "the stance changed nothing");
}

#[test]
fn set_values_are_checked_like_the_file_with_the_same_messages() {
    let dir = fresh_dir("habits-set-bad");
    let out = dir.join("out");
    let o = diypol(&[
        "run",
        "scenarios/baseline.yaml",
        "--out",
        out.to_str().unwrap(),
        "--set",
        "policy.stance=colab",
        "--set",
        "trust.bse=0.3",
        "--set",
        "days=0",
    ]);
    let err = exits(&o, 2);
    for want in [
        "--set (over scenarios/baseline.yaml): `policy.stance`: unknown value \"colab\"",
        "did you mean `collaborate`?",
        "`trust.bse`: unknown field `bse`",
        "`days`: 0 is out of range",
    ] {
        assert!(err.contains(want), "expected `{want}` in:\n{err}");
    }
    assert!(!out.exists(), "a refused run wrote {:?}", files_in(&out));
    let err = exits(&diypol(&["run", "scenarios/baseline.yaml", "--set", "policy.stance"]), 2);
    assert!(err.contains("path=value"), "{err}");
    // compare and sweep take it too, and refuse the same way.
    let err = exits(
        &diypol(&[
            "compare",
            "scenarios/baseline.yaml",
            "scenarios/collaborate.yaml",
            "--set",
            "policy.patrol=hotspt",
        ]),
        2,
    );
    assert!(
        err.contains("`policy.patrol`: unknown value \"hotspt\"") && err.contains("nothing was run"),
        "{err}"
    );
    let err = exits(
        &diypol(&["sweep", "tests/data/sweep/sobol4.yaml", "--dry-run", "--set", "city.population=-4"]),
        2,
    );
    assert!(err.contains("`city.population`"), "{err}");
}

#[test]
fn sweep_plans_set_days_and_burn_in_and_the_folder_records_the_set_values() {
    let dir = fresh_dir("habits-plan-days");
    let plan = dir.join("plan.yaml");
    std::fs::write(
        &plan,
        format!(
            "version: 1\nbase: {}\ndays: 12\nburn_in_days: 3\nparameters:\n  policy.officers_per_1000: [2.0, 3.0]\n",
            root().join("tests/data/sweep/tiny-base.yaml").display()
        ),
    )
    .unwrap();
    let out = dir.join("sweep");
    ok(&diypol(&[
        "sweep",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--set",
        "policy.stance=collaborate",
    ]));
    ok(&diypol(&["merge", out.to_str().unwrap()]));
    let base = std::fs::read_to_string(out.join("base.yaml")).unwrap();
    assert!(
        base.contains("--set policy.stance=collaborate") && base.contains("stance: collaborate"),
        "{base}"
    );
    // The plan's 12 days, whatever the base says (60): each of the 2 runs records 12 days.
    let runs = diypol::output::parquet::read(&out.join("runs.parquet")).unwrap();
    assert_eq!(runs.rows(), 2);
    assert_eq!(runs.get("days").unwrap().as_f64(), vec![12.0, 12.0]);
    let ticks = diypol::output::parquet::read(&out.join("ticks.parquet")).unwrap();
    let t = ticks.get("tick").unwrap().as_f64();
    assert_eq!(t.len(), 24, "{t:?}");
    let o = diypol(&["sweep", plan.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"]);
    let err = exits(&o, 2);
    assert!(err.contains("different sweep plan"), "resuming without the --set must be refused:\n{err}");
}

#[test]
fn validate_recognises_plans_and_calibration_specs() {
    let out = ok(&diypol(&["validate", "tests/data/sweep/sobol4.yaml", "calibration/baseline.yaml"]));
    assert!(out.contains("sweep plan: 48 points"), "{out}");
    assert!(out.contains("(calibration spec:") && out.contains("run it with `diypol calibrate`"), "{out}");
    let err = exits(&diypol(&["run", "calibration/baseline.yaml"]), 2);
    assert!(err.contains("this is a calibration spec, not a scenario"), "{err}");
}

#[test]
fn compare_help_states_the_real_default_folder() {
    let help = ok(&diypol(&["compare", "--help"]));
    assert!(help.contains("out/compare-<name>-<name>"), "{help}");
    let help = ok(&diypol(&["run", "--help"]));
    assert!(help.contains("[default: out/<scenario name>]"), "{help}");
}

#[test]
fn city_seed_keeps_the_city_while_the_seed_changes_what_happens() {
    let dir = fresh_dir("habits-city-seed");
    let run = |name: &str, extra: &[&str]| {
        let out = dir.join(name);
        let mut args = vec![
            "run",
            "tests/data/sweep/tiny-base.yaml",
            "--days",
            "20",
            "--cells",
            "--quiet",
            "--no-charts",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        ok(&diypol(&args));
        let cells = diypol::output::parquet::read(&out.join("cells.parquet")).unwrap();
        let runs = diypol::output::parquet::read(&out.join("runs.parquet")).unwrap();
        let column = |t: &diypol::table::Table, c: &str| t.get(c).unwrap().as_f64();
        (column(&cells, "attractiveness"), column(&runs, "crimes_per_1000_year"))
    };
    let (city_a, crime_a) = run("a", &["--seed", "5", "--set", "city_seed=77"]);
    let (city_b, crime_b) = run("b", &["--seed", "6", "--set", "city_seed=77"]);
    let (city_c, _) = run("c", &["--seed", "6"]);
    assert_eq!(city_a, city_b, "one city_seed, one city");
    assert_ne!(crime_a, crime_b, "the seed still changes what happens");
    assert_ne!(city_b, city_c, "without city_seed the seed draws the city");
    // compare shares the first scenario's city among all replicates unless --vary-city.
    let out = dir.join("cmp");
    let args = [
        "compare",
        "tests/data/sweep/tiny-base.yaml",
        "scenarios/collaborate.yaml",
        "--replicates",
        "2",
        "--days",
        "10",
        "--quiet",
        "--no-charts",
        "--set",
        "city.population=3000",
        "--set",
        "city.width=20",
        "--set",
        "city.height=20",
        "--out",
    ];
    let mut v = args.to_vec();
    v.push(out.to_str().unwrap());
    ok(&diypol(&v));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("All replicates share one city and network (city seed 1)"), "no shared city");
    v.push("--vary-city");
    ok(&diypol(&v));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Each replicate draws its own city"), "--vary-city");
}

#[test]
fn charts_slides_draws_only_the_16_9_pages() {
    let dir = fresh_dir("habits-charts-slides");
    let out = dir.join("run");
    let args =
        ["run", "tests/data/sweep/tiny-base.yaml", "--days", "20", "--quiet", "--charts", "slides", "--out"];
    let mut v = args.to_vec();
    v.push(out.to_str().unwrap());
    ok(&diypol(&v));
    let files = files_in(&out);
    assert!(!files.contains(&"dashboard.png".to_string()), "{files:?}");
    let slides = files_in(&out.join("slides"));
    assert!(
        slides.contains(&"dashboard-1.png".to_string()) && slides.contains(&"dashboard-3.svg".to_string()),
        "{slides:?}"
    );
    let err =
        exits(&diypol(&["run", "tests/data/sweep/tiny-base.yaml", "--charts", "slides", "--no-charts"]), 2);
    assert!(err.contains("cannot be used with"), "{err}");
}
