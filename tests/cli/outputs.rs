//! Output files: columns, metadata, atomic writing.

use diypol::output::parquet;
use diypol::table::Column;

use crate::support::*;

#[test]
fn parquet_files_carry_scenario_seed_and_version() {
    let out = fresh_dir("metadata");
    ok(&diypol(&[
        "run",
        "scenarios/baseline.yaml",
        "--days",
        "30",
        "--seed",
        "42",
        "--events",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]));
    for f in ["ticks.parquet", "runs.parquet", "events.parquet"] {
        let meta = parquet::read_metadata(&out.join(f)).unwrap();
        let get = |k: &str| meta.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or_default();
        assert_eq!(get("diypol.seed"), "42", "{f}");
        assert_eq!(get("diypol.version"), env!("CARGO_PKG_VERSION"));
        assert_eq!(get("diypol.model"), "diy_policing");
        // The stored scenario is the resolved one and loads back as a valid scenario.
        let yaml = get("diypol.scenario");
        assert!(yaml.contains("officers_per_1000"), "{f}: {yaml}");
        let back = diypol::scenario::from_str(&yaml, std::path::Path::new("meta.yaml"), &out).unwrap();
        assert_eq!(back.scenario.seed, 42);
    }
    let ticks = parquet::read(&out.join("ticks.parquet")).unwrap();
    assert_eq!(ticks.rows(), 30);
    for col in [
        "scenario",
        "tick",
        "crimes",
        "crimes_burglary",
        "reported",
        "police_aware",
        "cleared",
        "backlog",
        "mean_trust",
        "hours_patrol",
        "cost_eur",
    ] {
        assert!(ticks.get(col).is_some(), "ticks.parquet lacks {col}");
    }
    assert_eq!(ticks.get("tick"), Some(&Column::ints(0..30)));
    let runs = parquet::read(&out.join("runs.parquet")).unwrap();
    assert_eq!(runs.rows(), 1);
    for col in [
        "share_reported_burglary",
        "share_cleared_assault",
        "top10_cell_share",
        "gini_cells",
        "cost_eur",
        "trust_change",
    ] {
        assert!(runs.get(col).is_some(), "runs.parquet lacks {col}");
    }
}

#[test]
fn no_temporary_files_remain_and_reruns_replace_outputs() {
    let out = fresh_dir("atomic");
    let run = |extra: &[&str]| {
        let mut args =
            vec!["run", "scenarios/baseline.yaml", "--days", "20", "--quiet", "--out", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        ok(&diypol(&args));
        files_in(&out)
    };
    let first = run(&["--events"]);
    assert!(first.contains(&"events.parquet".to_string()), "{first:?}");
    assert!(first.iter().all(|f| !f.starts_with('.') || f == ".diypol.json"), "{first:?}");
    // Run again without events: the stale events.parquet goes, nothing else changes.
    let second = run(&[]);
    let expected: Vec<String> = first.into_iter().filter(|f| f != "events.parquet").collect();
    assert_eq!(second, expected);
}

#[test]
fn summary_names_the_files() {
    let out = fresh_dir("summary");
    let s = ok(&diypol(&["run", "scenarios/baseline.yaml", "--days", "20", "--out", out.to_str().unwrap()]));
    assert!(s.contains("ticks.parquet") && s.contains("Reported to police"), "{s}");
    let q = ok(&diypol(&[
        "run",
        "scenarios/baseline.yaml",
        "--days",
        "20",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]));
    assert!(q.is_empty(), "--quiet printed: {q}");
}

#[test]
fn ctrl_c_stops_the_run_and_writes_nothing() {
    let out = fresh_dir("interrupt").join("run");
    let o = interrupt_after(&["run", "scenarios/berlin.yaml", "--quiet", "--out", out.to_str().unwrap()], 10);
    assert!(exits(&o, 130).contains("interrupted by Ctrl-C at tick"));
    assert!(files_in(&out).is_empty(), "left {:?}", files_in(&out));
}

/// docs/OUTPUTS.md is the catalogue as `diypol indicators --format markdown` prints it, so
/// the documented columns are the columns the files have (the data-contract test checks
/// the files against the same catalogue).
#[test]
fn the_output_docs_are_the_catalogue() {
    let printed = ok(&diypol(&["indicators", "--format", "markdown"]));
    let doc = std::fs::read_to_string(root().join("docs/OUTPUTS.md")).unwrap();
    assert!(
        doc == printed,
        "docs/OUTPUTS.md is stale: run `diypol indicators --format markdown > docs/OUTPUTS.md`"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&diypol(&["indicators", "--format", "json"]))).unwrap();
    let entries = json.as_array().unwrap();
    assert!(entries.len() > 150, "{} entries", entries.len());
    assert!(entries.iter().all(|e| e["label"].is_string() && e["data_type"].is_string()));
    let text = ok(&diypol(&["indicators"]));
    assert!(text.contains("share_reported") && text.contains("civil_violence — runs.parquet"), "{text}");
    let e = exits(&diypol(&["indicators", "--format", "yaml"]), 2);
    assert!(e.contains("expected text, json or markdown"), "{e}");
}
