//! `diypol compare`: many runs, one table; bad input stops everything before any run.

use crate::support::*;

fn compare(args: &[&str], out: &std::path::Path) -> std::process::Output {
    let mut v = vec!["compare"];
    v.extend_from_slice(args);
    v.extend_from_slice(&["--out", out.to_str().unwrap()]);
    diypol(&v)
}

#[test]
fn compares_scenarios_with_paired_replicates() {
    let out = fresh_dir("compare-diy");
    let args = ["scenarios/baseline.yaml", "scenarios/collaborate.yaml", "--replicates", "3", "--days", "60"];
    let stdout = ok(&compare(&args, &out));
    // The terminal states the verdict and labels indicators with their units, ≤ 100 columns.
    assert!(
        stdout.contains("collaborate against baseline:")
            && stdout.contains("Crimes (per 1,000 residents per year)"),
        "{stdout}"
    );
    assert!(stdout.lines().all(|l| l.chars().count() <= 100), "{stdout}");
    let files = files_in(&out);
    for f in [
        "runs.parquet",
        "ticks.parquet",
        "summary.csv",
        "summary.md",
        "compare_indicators.png",
        "compare_series.svg",
        "compare_tradeoff.png",
    ] {
        assert!(files.contains(&f.to_string()), "{f} missing from {files:?}");
    }
    let runs = diypol::output::parquet::read(&out.join("runs.parquet")).unwrap();
    assert_eq!(runs.rows(), 6);
    // Replicate r has the same seed in both scenarios (common random numbers).
    let seeds = runs.get("seed").unwrap().as_f64();
    assert_eq!(seeds[..3], seeds[3..]);
    let ticks = diypol::output::parquet::read(&out.join("ticks.parquet")).unwrap();
    assert_eq!(ticks.rows(), 6 * 60);
    let csv = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(csv.lines().next().unwrap().starts_with("indicator,scenario,runs,mean,ci95_lo,ci95_hi,diff"));
    assert!(files_in(&out.join("runs/collaborate")).contains(&"replicate-002".to_string()));
    // The same comparison on one thread gives the same bytes.
    let one = fresh_dir("compare-diy-1");
    let mut args1 = args.to_vec();
    args1.extend_from_slice(&["--threads", "1", "--quiet", "--no-charts"]);
    ok(&compare(&args1, &one));
    assert_eq!(
        std::fs::read(out.join("runs.parquet")).unwrap(),
        std::fs::read(one.join("runs.parquet")).unwrap()
    );
    assert_eq!(
        std::fs::read(out.join("summary.csv")).unwrap(),
        std::fs::read(one.join("summary.csv")).unwrap()
    );
}

#[test]
fn compares_civil_violence_scenarios() {
    let out = fresh_dir("compare-cv");
    let args = [
        "scenarios/civil-violence-mesa.yaml",
        "scenarios/civil-violence-netlogo-like.yaml",
        "--replicates",
        "4",
    ];
    let stdout = ok(&compare(&args, &out));
    assert!(stdout.contains("outbursts"), "{stdout}");
    assert!(files_in(&out).contains(&"compare_indicators.png".to_string()));
}

#[test]
fn one_bad_file_stops_everything_before_any_run() {
    let out = fresh_dir("compare-bad");
    let target = out.join("cmp");
    let o = compare(
        &["scenarios/baseline.yaml", "tests/data/bad/01-unknown-field.yaml", "--replicates", "2"],
        &target,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("tests/data/bad/01-unknown-field.yaml:6:3") && err.contains("nothing was run"),
        "{err}"
    );
    assert!(!target.exists());
    let o = compare(&["scenarios/baseline.yaml", "scenarios/missing.yaml"], &target);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("scenarios/missing.yaml"));
    assert!(!target.exists());
}

#[test]
fn different_models_or_same_names_are_refused() {
    let out = fresh_dir("compare-refused");
    let target = out.join("cmp");
    let o = compare(&["scenarios/baseline.yaml", "scenarios/civil-violence-mesa.yaml"], &target);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot compare"), "{}", stderr(&o));
    let o = compare(&["scenarios/baseline.yaml", "scenarios/baseline.yaml"], &target);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the same name"), "{}", stderr(&o));
    let o = compare(&["scenarios/baseline.yaml", "scenarios/collaborate.yaml", "--replicates", "1"], &target);
    assert_eq!(o.status.code(), Some(2), "one replicate gives no interval");
    assert!(!target.exists());
}

#[test]
fn ctrl_c_keeps_finished_runs_and_no_partial_file() {
    let out = fresh_dir("compare-interrupt").join("cmp");
    let args = ["compare", "scenarios/baseline.yaml", "scenarios/collaborate.yaml", "--replicates", "200"];
    let o = interrupt_after(&[&args[..], &["--quiet", "--out", out.to_str().unwrap()]].concat(), 2);
    assert!(exits(&o, 130).contains("interrupted by Ctrl-C after"));
    let files = tree(&out);
    assert!(!files.iter().any(|f| f.contains("partial")), "partial files left: {files:?}");
    assert!(!files.contains(&"runs.parquet".to_string()), "no combined table for an unfinished comparison");
    let finished = files.iter().filter(|f| f.ends_with("runs.parquet")).count();
    assert!(finished > 0 && finished < 400, "{finished} runs finished");
    // Each finished run is whole: both tables.
    assert_eq!(files.iter().filter(|f| f.ends_with("ticks.parquet")).count(), finished);
}

#[test]
fn report_is_one_self_contained_file() {
    let out = fresh_dir("compare-report");
    ok(&compare(
        &[
            "scenarios/baseline.yaml",
            "scenarios/suppress.yaml",
            "--replicates",
            "2",
            "--days",
            "40",
            "--quiet",
        ],
        &out,
    ));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_eq!(html.matches("<svg").count(), 4, "four inline charts");
    for external in ["<script", "<link", "src=", "<img"] {
        assert!(!html.contains(external), "report loads something: {external}");
    }
    // The questions come from the scenario files' header comments.
    assert!(html.contains("what happens when police shut citizens out of policing"), "no question");
    assert!(html.contains("Parameters that differ") && html.contains("policy.stance"));
    assert!(html.contains("Assumptions and limits"));
    // `diypol report` rewrites the same file from the folder.
    std::fs::remove_file(out.join("report.html")).unwrap();
    let printed = ok(&diypol(&["report", out.to_str().unwrap()]));
    assert!(printed.contains("report.html") && printed.contains("summary.md"), "{printed}");
    assert_eq!(std::fs::read_to_string(out.join("report.html")).unwrap(), html);
    // The brief leads: the verdict comes before the table and the charts, with the setting.
    let at = |s: &str| html.find(s).unwrap_or_else(|| panic!("no `{s}` in the report"));
    assert!(at("Verdict") < at("The comparison") && at("The comparison") < at("<svg"));
    assert!(
        html.contains("suppress against baseline:")
            && html.contains("40 days recorded after a burn-in of 365 days")
    );
    assert!(html.contains("What each stance switches on") && html.contains("Response to vigilantes"));
    assert!(!html.contains(">null<"), "a lever the stance decides shows its value");
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains("## Verdict") && md.contains("suppress against baseline:"), "{md}");
    // Not a comparison folder: a clear error.
    let o = diypol(&["report", "scenarios"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a comparison folder") && stderr(&o).contains("hint:"), "{}", stderr(&o));
}

#[test]
fn the_brief_is_complete_in_french_and_german_with_slides() {
    for (lang, words, absent) in [
        (
            "fr",
            ["La comparaison", "Hypothèses et limites", "par rapport à baseline", "\nJour\n"],
            "The comparison",
        ),
        (
            "de",
            ["Der Vergleich", "Annahmen und Grenzen", "im Vergleich zu baseline", "\nTag\n"],
            "The comparison",
        ),
    ] {
        let out = fresh_dir(&format!("compare-lang-{lang}"));
        let args = [
            "scenarios/baseline.yaml",
            "scenarios/collaborate.yaml",
            "--replicates",
            "2",
            "--days",
            "30",
            "--lang",
            lang,
        ];
        let stdout = ok(&compare(&args, &out));
        assert!(stdout.contains(words[2]), "{lang}: the terminal verdict is not translated:\n{stdout}");
        let html = std::fs::read_to_string(out.join("report.html")).unwrap();
        assert!(html.contains(&format!("<html lang=\"{lang}\">")));
        for w in words {
            assert!(html.contains(w), "{lang}: no `{w}` in the report");
        }
        // No English heading, limit or chart axis is left.
        for english in [
            absent,
            "Assumptions and limits",
            "What each stance switches on",
            "\nDay\n",
            "The city is synthetic",
        ] {
            assert!(!html.contains(english), "{lang}: `{english}` is still English");
        }
        // The decimal comma, and intervals separated by a semicolon.
        assert!(html.contains(',') && html.contains("; "), "{lang}: numbers not localised");
        let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
        assert!(md.contains(words[2]), "{lang}: summary.md");
        // Slides: 16:9 PNGs the report links to.
        let slides = files_in(&out.join("slides"));
        for s in [
            "compare_indicators-1.png",
            "compare_series-0.png",
            "compare_series-page-1.png",
            "compare_tradeoff.png",
        ] {
            assert!(slides.contains(&s.to_string()), "{lang}: no slides/{s} in {slides:?}");
        }
        let png = std::fs::read(out.join("slides/compare_tradeoff.png")).unwrap();
        let (w, h) = (
            u32::from_be_bytes(png[16..20].try_into().unwrap()),
            u32::from_be_bytes(png[20..24].try_into().unwrap()),
        );
        assert_eq!((w, h), (1920, 1080));
        assert!(
            html.contains("href=\"slides/compare_tradeoff.png\""),
            "{lang}: no download link to the slide"
        );
    }
}
