//! Small helpers that keep each test a few lines.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `diypol` with `args` from the crate root.
pub fn diypol(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_diypol"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the diypol binary runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A fresh, empty folder for one test (under cargo's per-target temporary folder).
pub fn fresh_dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diypol-tests").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("create test folder");
    d
}

/// Files in a folder, sorted by name (hidden ones included).
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// Every file under `dir`, recursively, relative to it.
pub fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(tree(&p).into_iter().map(|f| format!("{}/{f}", e.file_name().to_string_lossy())));
        } else {
            out.push(e.file_name().to_string_lossy().into_owned());
        }
    }
    out
}

/// Asserts success and returns stdout.
#[track_caller]
pub fn ok(o: &Output) -> String {
    assert!(o.status.success(), "diypol failed: {}\n{}", o.status, stderr(o));
    stdout(o)
}

/// Asserts the exit code (2 bad input, 1 failure, 130 interrupted) and returns stderr.
#[track_caller]
pub fn exits(o: &Output, code: i32) -> String {
    assert_eq!(o.status.code(), Some(code), "exit code; stderr:\n{}", stderr(o));
    assert!(!stderr(o).contains("panicked"), "panicked:\n{}", stderr(o));
    stderr(o)
}

/// The `# <tag>: ...` lines of a test input file (`expect` for errors, `warn` for
/// warnings), each as the text to find in diypol's output: a position `line:col` becomes
/// `file:line:col`.
pub fn expectations(file: &Path, tag: &str) -> Vec<String> {
    let text = std::fs::read_to_string(file).expect("test input reads");
    let rel = file.strip_prefix(root()).unwrap_or(file).to_string_lossy().into_owned();
    let prefix = format!("# {tag}: ");
    text.lines()
        .filter_map(|l| l.strip_prefix(prefix.as_str()))
        .map(
            |e| {
                if e.starts_with(|c: char| c.is_ascii_digit()) { format!("{rel}:{e}") } else { e.to_string() }
            },
        )
        .collect()
}

/// The files of a test-data folder, sorted, as paths relative to the crate root.
pub fn corpus(folder: &str) -> Vec<String> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(root().join(folder)).expect("corpus folder").flatten().map(|e| e.path()).collect();
    files.sort();
    files.iter().map(|f| f.strip_prefix(root()).unwrap().to_string_lossy().into_owned()).collect()
}

/// Starts `diypol args --progress lines`, waits until a progress line shows that `ready`
/// steps are done (the work is under way), interrupts it with SIGINT and returns its
/// output. No fixed sleep: slow and fast machines wait for the same point of the work.
/// Lines come at most once a second after the first, so `ready` beyond 1 waits longer.
pub fn interrupt_after(args: &[&str], ready: u64) -> Output {
    signal_after(args, ready, &["INT"])
}

/// As `interrupt_after`, sending each of `signals` (`INT`, `TERM`, `HUP`, `KILL`) in turn.
pub fn signal_after(args: &[&str], ready: u64, signals: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_diypol"))
        .args(args)
        .args(["--progress", "lines"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the diypol binary starts");
    let mut err = BufReader::new(child.stderr.take().expect("stderr"));
    let mut seen = String::new();
    let mut line = String::new();
    while err.read_line(&mut line).expect("stderr reads") > 0 {
        seen.push_str(&line);
        let done = line
            .strip_prefix("progress: ")
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.split('/').next()?.parse::<u64>().ok());
        line.clear();
        if done.is_some_and(|d| d >= ready) {
            for sig in signals {
                let sent = Command::new("kill")
                    .args([&format!("-{sig}"), &child.id().to_string()])
                    .status()
                    .expect("kill runs");
                assert!(sent.success());
            }
            break;
        }
    }
    err.read_to_string(&mut seen).expect("stderr reads");
    let mut out = child.wait_with_output().expect("diypol ends");
    out.stderr = seen.into_bytes();
    out
}
