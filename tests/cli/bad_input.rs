//! Bad input gets a clear error naming file, line:column, field and a hint; exit code 2;
//! nothing is written.

use crate::support::*;

/// The `# expect: ...` lines at the top of a bad scenario file.
fn expectations(text: &str) -> Vec<String> {
    text.lines().filter_map(|l| l.strip_prefix("# expect: ")).map(str::to_string).collect()
}

#[test]
fn every_bad_scenario_names_its_problem_and_writes_nothing() {
    let dir = root().join("tests/data/bad");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    assert!(files.len() >= 20, "the bad-input corpus has {} files", files.len());
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let expected = expectations(&text);
        assert!(!expected.is_empty(), "{} states no expected error", f.display());
        let rel = f.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
        for cmd in ["validate", "run"] {
            let out = fresh_dir(&format!("bad-{}", f.file_stem().unwrap().to_string_lossy()));
            let target = out.join("run");
            let o =
                diypol(&[cmd, &rel, "--out", target.to_str().unwrap()][..if cmd == "run" { 4 } else { 2 }]);
            assert_eq!(o.status.code(), Some(2), "{cmd} {rel}: exit code\n{}", stderr(&o));
            let err = stderr(&o);
            for e in &expected {
                // Positions are written `line:col` after the file name.
                let want = if e.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                    format!("{rel}:{e}")
                } else {
                    e.clone()
                };
                assert!(err.contains(&want), "{cmd} {rel}: expected `{want}` in:\n{err}");
            }
            assert!(err.contains("hint:"), "{cmd} {rel}: no hint in:\n{err}");
            assert!(!err.contains("panicked"), "{cmd} {rel} panicked:\n{err}");
            assert!(!target.exists(), "{cmd} {rel} wrote {:?}", files_in(&target));
        }
    }
}

#[test]
fn missing_file_is_named() {
    let o = diypol(&["validate", "scenarios/no-such-file.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("scenarios/no-such-file.yaml"), "{}", stderr(&o));
}

#[test]
fn bad_flags_are_rejected_by_name() {
    for (args, needle) in [
        (vec!["run", "scenarios/baseline.yaml", "--threads", "0"], "--threads"),
        (vec!["run", "scenarios/baseline.yaml", "--days", "0"], "--days"),
        (vec!["run", "scenarios/baseline.yaml", "--seed", "abc"], "--seed"),
        (vec!["run", "scenarios/baseline.yaml", "--frobnicate"], "--frobnicate"),
    ] {
        let o = diypol(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn days_override_before_an_intervention_is_rejected() {
    let out = fresh_dir("days-before-intervention");
    let target = out.join("run");
    let o =
        diypol(&["run", "scenarios/policy-change.yaml", "--days", "100", "--out", target.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("intervention at tick"), "{}", stderr(&o));
    assert!(!target.exists());
}

#[test]
fn out_that_is_a_file_is_rejected() {
    let out = fresh_dir("out-is-file");
    let f = out.join("file");
    std::fs::write(&f, "x").unwrap();
    let o = diypol(&["run", "scenarios/baseline.yaml", "--days", "5", "--out", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a folder"));
}

/// Legal but self-defeating settings validate (exit 0) with a warning naming the place.
#[test]
fn contradictory_settings_are_warned_about() {
    let dir = root().join("tests/data/warn");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    assert!(files.len() >= 4);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let rel = f.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
        let o = diypol(&["validate", &rel]);
        assert!(o.status.success(), "{rel}: {}", stderr(&o));
        let err = stderr(&o);
        for e in text.lines().filter_map(|l| l.strip_prefix("# warn: ")) {
            let want = if e.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                format!("{rel}:{e}")
            } else {
                e.to_string()
            };
            assert!(err.contains("warning: ") && err.contains(&want), "{rel}: expected `{want}` in:\n{err}");
        }
    }
    // The bundled scenarios are free of such warnings.
    let o = diypol(&["validate", "scenarios/collaborate.yaml", "scenarios/baseline.yaml"]);
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
}
