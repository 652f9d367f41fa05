//! Every bundled scenario validates and runs.

use crate::support::*;

fn bundled() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .flatten()
        .map(|e| format!("scenarios/{}", e.file_name().to_string_lossy()))
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_bundled_scenario_validates() {
    let files = bundled();
    assert!(files.iter().any(|f| f.ends_with("baseline.yaml")));
    let mut args = vec!["validate"];
    args.extend(files.iter().map(String::as_str));
    let out = ok(&diypol(&args));
    assert_eq!(out.lines().filter(|l| l.starts_with("ok: ")).count(), files.len(), "{out}");
}

#[test]
fn every_bundled_scenario_runs() {
    for f in bundled() {
        let name = f.trim_start_matches("scenarios/").trim_end_matches(".yaml");
        let out = fresh_dir(&format!("run-{name}"));
        let stdout = ok(&diypol(&["run", &f, "--out", out.to_str().unwrap()]));
        assert!(stdout.contains("crimes per 1,000"), "{f}: {stdout}");
        let files = files_in(&out);
        for want in ["ticks.parquet", "runs.parquet", "dashboard.png", "dashboard.svg", "crime_map.png"] {
            assert!(files.contains(&want.to_string()), "{f}: {want} missing from {files:?}");
        }
    }
}

#[test]
fn schema_is_json_and_lists_sections() {
    let out = ok(&diypol(&["schema"]));
    let v: serde_json::Value = serde_json::from_str(&out).expect("schema is JSON");
    for section in ["city", "policy", "police", "crime_types", "interventions"] {
        assert!(v["properties"].get(section).is_some(), "{section} missing");
    }
}
