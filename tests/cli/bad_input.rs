//! Bad input gets a clear error naming file, line:column, field and a hint; exit code 2;
//! nothing is written. Failures while writing exit 1 and name the path.

use crate::support::*;

#[test]
fn every_bad_scenario_names_its_problem_and_writes_nothing() {
    let files = corpus("tests/data/bad");
    assert!(files.len() >= 20, "the bad-input corpus has {} files", files.len());
    for rel in files {
        let expected = expectations(&root().join(&rel), "expect");
        assert!(!expected.is_empty(), "{rel} states no expected error");
        for cmd in ["validate", "run"] {
            let target = fresh_dir(&format!("bad-{}", rel.replace('/', "-"))).join("run");
            let o = match cmd {
                "run" => diypol(&[cmd, &rel, "--out", target.to_str().unwrap()]),
                _ => diypol(&[cmd, &rel]),
            };
            let err = exits(&o, 2);
            for want in &expected {
                assert!(err.contains(want), "{cmd} {rel}: expected `{want}` in:\n{err}");
            }
            assert!(err.contains("hint:"), "{cmd} {rel}: no hint in:\n{err}");
            assert!(!target.exists(), "{cmd} {rel} wrote {:?}", files_in(&target));
        }
    }
}

#[test]
fn missing_and_unreadable_files_are_named() {
    let err = exits(&diypol(&["validate", "scenarios/no-such-file.yaml"]), 2);
    assert!(err.contains("scenarios/no-such-file.yaml"), "{err}");
    // A folder named as a scenario, and a file that is not text.
    let dir = fresh_dir("unreadable");
    let binary = dir.join("binary.yaml");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x80]).unwrap();
    for path in [dir.to_str().unwrap(), binary.to_str().unwrap()] {
        let err = exits(&diypol(&["run", path, "--out", dir.join("out").to_str().unwrap()]), 2);
        assert!(err.contains(path) && err.contains("hint:"), "{err}");
    }
    assert!(!dir.join("out").exists());
}

#[test]
fn bad_flags_are_rejected_by_name() {
    for (args, needle) in [
        (vec!["run", "scenarios/baseline.yaml", "--threads", "0"], "--threads"),
        (vec!["run", "scenarios/baseline.yaml", "--days", "0"], "--days"),
        (vec!["run", "scenarios/baseline.yaml", "--seed", "abc"], "--seed"),
        (vec!["run", "scenarios/baseline.yaml", "--seed", "18446744073709551616"], "--seed"),
        (vec!["run", "scenarios/baseline.yaml", "--frobnicate"], "--frobnicate"),
        (vec!["run", "scenarios/civil-violence-mesa.yaml", "--events"], "--events"),
    ] {
        let err = exits(&diypol(&args), 2);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

#[test]
fn days_override_before_an_intervention_is_rejected() {
    let target = fresh_dir("days-before-intervention").join("run");
    let o =
        diypol(&["run", "scenarios/policy-change.yaml", "--days", "100", "--out", target.to_str().unwrap()]);
    assert!(exits(&o, 2).contains("intervention at tick"));
    assert!(!target.exists());
}

#[test]
fn out_that_is_a_file_or_a_foreign_folder_is_rejected() {
    let out = fresh_dir("out-is-file");
    let f = out.join("file");
    std::fs::write(&f, "x").unwrap();
    let o = diypol(&["run", "scenarios/baseline.yaml", "--days", "5", "--out", f.to_str().unwrap()]);
    assert!(exits(&o, 2).contains("not a folder"));
    // A folder with someone else's files is not written into.
    let o = diypol(&["run", "scenarios/baseline.yaml", "--days", "5", "--out", out.to_str().unwrap()]);
    assert!(exits(&o, 2).contains("holds no diypol outputs"));
    assert_eq!(files_in(&out), ["file"]);
}

/// A full disk: exit 1, the path named, no partial file. Needs root to mount a small tmpfs
/// (the test command runs as root; see README).
#[test]
fn a_full_disk_fails_naming_the_path_and_leaves_no_partial_file() {
    let mnt = fresh_dir("full-disk");
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=48k", "tmpfs", mnt.to_str().unwrap()])
        .status()
        .expect("mount runs");
    assert!(mounted.success(), "mounting a 48 kB tmpfs needs root (run the test command as root)");
    let out = mnt.join("run");
    let o = diypol(&[
        "run",
        "scenarios/baseline.yaml",
        "--days",
        "30",
        "--events",
        "--cells",
        "--out",
        out.to_str().unwrap(),
    ]);
    let leftovers = tree(&mnt);
    let _ = std::process::Command::new("umount").arg(&mnt).status();
    let err = exits(&o, 1);
    assert!(err.contains(mnt.to_str().unwrap()) && err.contains("disk is not full"), "{err}");
    assert!(leftovers.iter().all(|f| !f.contains("partial") && !f.ends_with(".parquet")), "{leftovers:?}");
}

/// Legal but self-defeating settings validate (exit 0) with a warning naming the place.
#[test]
fn contradictory_settings_are_warned_about() {
    let files = corpus("tests/data/warn");
    assert!(files.len() >= 4);
    for rel in files {
        let o = diypol(&["validate", &rel]);
        let err = exits(&o, 0);
        for want in expectations(&root().join(&rel), "warn") {
            assert!(err.contains("warning: ") && err.contains(&want), "{rel}: expected `{want}` in:\n{err}");
        }
    }
    // The bundled scenarios are free of such warnings.
    let o = diypol(&["validate", "scenarios/collaborate.yaml", "scenarios/baseline.yaml"]);
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
}

#[test]
fn serve_refuses_a_busy_port_a_bad_host_and_a_folder_without_scenarios() {
    // A port another program holds (this test's own listener).
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port().to_string();
    let err = exits(&diypol(&["serve", "--port", &port]), 2);
    assert!(err.contains(&format!("cannot listen on 127.0.0.1:{port}")) && err.contains("hint:"), "{err}");
    let err = exits(&diypol(&["serve", "--host", "my-laptop"]), 2);
    assert!(err.contains("--host") && err.contains("my-laptop"), "{err}");
    let dir = fresh_dir("serve-no-scenarios");
    std::fs::write(dir.join("mesa.yaml"), "version: 1\nmodel: civil_violence\n").unwrap();
    let err = exits(&diypol(&["serve", "--port", "0", "--scenarios", dir.to_str().unwrap()]), 2);
    assert!(err.contains("no diy_policing scenario to offer") && err.contains("hint:"), "{err}");
    assert!(err.contains("mesa: a civil_violence scenario"), "says why each was left out: {err}");
}
