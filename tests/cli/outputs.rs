//! Output files: columns, metadata, atomic writing.

use diypol::output::parquet;
use diypol::recorder::Column;

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
    let Some(Column::U32(tick)) = ticks.get("tick") else { panic!("tick column") };
    assert_eq!(tick, &(0..30).collect::<Vec<u32>>());
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
    let args = ["run", "scenarios/baseline.yaml", "--days", "20", "--quiet", "--out", out.to_str().unwrap()];
    ok(&diypol(&args));
    let first = files_in(&out);
    ok(&diypol(&args));
    assert_eq!(first, files_in(&out));
    assert!(first.iter().all(|f| !f.starts_with('.')), "{first:?}");
}

#[test]
fn summary_names_the_files() {
    let out = fresh_dir("summary");
    let s = ok(&diypol(&["run", "scenarios/baseline.yaml", "--days", "20", "--out", out.to_str().unwrap()]));
    assert!(s.contains("ticks.parquet") && s.contains("reported to police"), "{s}");
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
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_diypol"))
        .args(["run", "scenarios/berlin.yaml", "--quiet", "--out", out.to_str().unwrap()])
        .current_dir(root())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let killed = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    assert!(stderr(&o).contains("interrupted"), "{}", stderr(&o));
    assert!(files_in(&out).is_empty(), "left {:?}", files_in(&out));
}
