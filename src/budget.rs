//! Resource budgets: the memory a run, a sweep or a merge needs and the disk a sweep
//! fills, estimated from their sizes before anything is allocated, against what this
//! machine allows (or `--max-memory`). What would not fit is refused as bad input
//! (exit 2), naming both sizes, instead of aborting hours later.
//!
//! The per-agent and per-cell figures were measured as peak resident memory on the
//! project machine (docs/RELIABILITY.md) and carry a margin; a test checks them against a
//! measured run.

use std::path::Path;

use crate::error::Error;
use crate::scenario::{ModelKind, Scenario};

/// The program itself, its thread pools and buffers.
const BASE_BYTES: u64 = 48 << 20;

/// A diy_policing citizen without ties (traits, roles, homes, schedules, perceived risk
/// and alert registration): 65 measured before the last 9 bytes were added.
const CITIZEN_BYTES: u64 = 90;
/// One tie of the social network, both directions and the building lists: measured 5.8.
const TIE_BYTES: u64 = 8;
/// One grid cell with its fields and its cells.parquet row: measured 300 (diy_policing).
const DIY_CELL_BYTES: u64 = 340;
/// One civil_violence grid cell with agents, vision lists and output: measured 152.
const CV_CELL_BYTES: u64 = 180;
/// Cases and their events per citizen-year: measured 5 in the baseline, room for a city
/// four times as criminal.
const CASE_BYTES_PER_CITIZEN_YEAR: u64 = 24;

/// How much memory something needs, with what it is made of (for messages).
#[derive(Debug, Clone, PartialEq)]
pub struct Need {
    pub what: String,
    pub bytes: u64,
    pub parts: Vec<(String, u64)>,
}

impl Need {
    pub fn new(what: impl Into<String>) -> Need {
        Need { what: what.into(), bytes: 0, parts: Vec::new() }
    }

    /// Adds a part (saturating: sizes of absurd inputs stay comparable).
    pub fn add(mut self, part: impl Into<String>, bytes: u64) -> Need {
        self.bytes = self.bytes.saturating_add(bytes);
        self.parts.push((part.into(), bytes));
        self
    }
}

/// What the memory of this process may grow to, and who says so.
#[derive(Debug, Clone, PartialEq)]
pub struct Limit {
    pub bytes: u64,
    pub source: String,
}

/// Peak memory of one run of `s`.
pub fn run_memory(s: &Scenario) -> u64 {
    match s.model {
        ModelKind::DiyPolicing => {
            let n = s.city.population as u64;
            let cells = s.city.width as u64 * s.city.height as u64;
            let years = (s.burn_in_days + s.days).div_ceil(365).max(1) as u64;
            n * (CITIZEN_BYTES + TIE_BYTES * s.network.mean_degree as u64)
                + cells * DIY_CELL_BYTES
                + n * years * CASE_BYTES_PER_CITIZEN_YEAR
        }
        ModelKind::CivilViolence => {
            let cv = &s.civil_violence;
            cv.width as u64 * cv.height as u64 * CV_CELL_BYTES
        }
    }
}

/// `runs` of `s` at once (one per worker thread), with the program.
pub fn runs_at_once(what: impl Into<String>, s: &Scenario, runs: u64) -> Need {
    let one = run_memory(s);
    let need = Need::new(what).add("the program", BASE_BYTES);
    if runs <= 1 {
        need.add("one run", one)
    } else {
        need.add(
            format!("{runs} runs at once (one per thread) of {}", human(one as f64)),
            one.saturating_mul(runs),
        )
    }
}

/// The memory limit: `--max-memory` when given, else the least of the memory the system
/// has available, this process's cgroup limit and its address-space limit (`ulimit -v`).
/// None when none of these can be read (then nothing is refused).
pub fn memory_limit(max_memory: Option<u64>) -> Option<Limit> {
    if let Some(bytes) = max_memory {
        return Some(Limit { bytes, source: "--max-memory".into() });
    }
    let mut limits = Vec::new();
    if let Some(b) = mem_available() {
        limits.push(Limit { bytes: b, source: "available memory (MemAvailable in /proc/meminfo)".into() });
    }
    if let Some(b) = cgroup_room() {
        limits.push(Limit { bytes: b, source: "this job's cgroup memory limit".into() });
    }
    if let Some(b) = address_space_room() {
        limits.push(Limit { bytes: b, source: "the address-space limit (ulimit -v)".into() });
    }
    limits.into_iter().min_by_key(|l| l.bytes)
}

/// Refuses `need` when it exceeds `limit`.
pub fn check_memory(need: &Need, limit: Option<&Limit>) -> Result<(), Error> {
    let Some(limit) = limit else { return Ok(()) };
    if need.bytes <= limit.bytes {
        return Ok(());
    }
    let parts: Vec<String> = need.parts.iter().map(|(p, b)| format!("{p}: {}", human(*b as f64))).collect();
    Err(Error::usage(
        format!(
            "{} needs about {} of memory ({}), more than the {} allowed by {}",
            need.what,
            human(need.bytes as f64),
            parts.join(", "),
            human(limit.bytes as f64),
            limit.source
        ),
        "make it smaller (population, grid, network degree, threads), or pass --max-memory SIZE \
         (e.g. --max-memory 64G) to try anyway",
    ))
}

/// Refuses writing about `bytes` into `dir` when the disk under it has less room.
pub fn check_disk(what: &str, bytes: f64, dir: &Path) -> Result<(), Error> {
    let Some(free) = disk_free(dir) else { return Ok(()) };
    if bytes <= free as f64 {
        return Ok(());
    }
    Err(Error::usage(
        format!(
            "{what} would write about {} into {}, but its disk has {} free",
            human(bytes),
            dir.display(),
            human(free as f64)
        ),
        "run fewer points or replicates, run it in shards (--shard I/N) with space for each, \
         or use --out on a larger disk",
    ))
}

/// Bytes for people: kB, MB, GB, TB, PB (powers of 1000).
pub fn human(b: f64) -> String {
    const UNITS: [&str; 5] = ["kB", "MB", "GB", "TB", "PB"];
    let mut v = b / 1e3;
    for (i, unit) in UNITS.iter().enumerate() {
        if v < 1e3 || i == UNITS.len() - 1 {
            return if v < 10.0 && i > 0 { format!("{v:.1} {unit}") } else { format!("{v:.0} {unit}") };
        }
        v /= 1e3;
    }
    unreachable!("the loop returns at the last unit")
}

fn mem_available() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Room left under the cgroup v2 memory limit of this process, if it has one.
fn cgroup_room() -> Option<u64> {
    let own = std::fs::read_to_string("/proc/self/cgroup").ok()?;
    let path = own.lines().find_map(|l| l.strip_prefix("0::"))?;
    let dir = Path::new("/sys/fs/cgroup").join(path.trim_start_matches('/'));
    let max: u64 = std::fs::read_to_string(dir.join("memory.max")).ok()?.trim().parse().ok()?;
    let current: u64 = std::fs::read_to_string(dir.join("memory.current"))
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    Some(max.saturating_sub(current))
}

/// Room left under `ulimit -v`, if set.
#[cfg(unix)]
#[allow(clippy::unnecessary_cast)] // rlim_t is not u64 on every Unix.
fn address_space_room() -> Option<u64> {
    let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit writes into the struct we own.
    if unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut lim) } != 0 || lim.rlim_cur == libc::RLIM_INFINITY {
        return None;
    }
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().next()?.parse().ok()?;
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) }.max(4096) as u64;
    Some((lim.rlim_cur as u64).saturating_sub(pages * page))
}

#[cfg(not(unix))]
fn address_space_room() -> Option<u64> {
    None
}

/// Free bytes on the disk holding `dir` (or its nearest existing parent).
#[cfg(unix)]
#[allow(clippy::unnecessary_cast)] // fsblkcnt_t and c_ulong are not u64 on every Unix.
fn disk_free(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let existing = dir.ancestors().find(|p| p.as_os_str().is_empty() || p.exists())?;
    let existing = if existing.as_os_str().is_empty() { Path::new(".") } else { existing };
    let c = std::ffi::CString::new(existing.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs reads a NUL-terminated path and writes into the struct we own.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // Pseudo file systems (/proc, /sys) report no blocks at all: their room is unknown.
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 || st.f_blocks == 0 {
        return None;
    }
    Some(st.f_bavail as u64 * st.f_frsize as u64)
}

#[cfg(not(unix))]
fn disk_free(_: &Path) -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_over_the_limit_are_refused_naming_both_sizes() {
        let need = Need::new("this run").add("the program", 48 << 20).add("one run", 9_000_000_000);
        let limit = Limit { bytes: 4_000_000_000, source: "--max-memory".into() };
        let e = check_memory(&need, Some(&limit)).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("needs about 9.1 GB")
                && text.contains("more than the 4.0 GB allowed by --max-memory"),
            "{text}"
        );
        assert_eq!(e.kind().code(), 2);
        assert!(check_memory(&need, Some(&Limit { bytes: 10_000_000_000, source: "x".into() })).is_ok());
        assert!(check_memory(&need, None).is_ok());
    }

    #[test]
    fn estimates_grow_with_citizens_ties_and_cells() {
        let s = Scenario::default();
        let base = run_memory(&s);
        let mut more = s.clone();
        more.city.population *= 10;
        assert!(run_memory(&more) > 9 * base);
        more.network.mean_degree *= 2;
        more.city.width *= 10;
        assert!(run_memory(&more) > run_memory(&Scenario { city: more.city.clone(), ..s.clone() }));
        // The largest city with the densest network needs more than most machines have.
        let mut max = s.clone();
        max.city.population = 50_000_000;
        max.network.mean_degree = 200;
        assert!(run_memory(&max) > 80_000_000_000);
    }

    #[test]
    fn the_machine_has_a_limit() {
        // On Linux at least MemAvailable exists.
        if cfg!(target_os = "linux") {
            let l = memory_limit(None).expect("a limit");
            assert!(l.bytes > 0, "{l:?}");
        }
        assert_eq!(memory_limit(Some(5)).unwrap().bytes, 5);
        assert!(disk_free(Path::new("no/such/folder/below/here")).is_some() || !cfg!(unix));
        assert_eq!(
            (human(5e3), human(5e7), human(4.2e9), human(5.2e15)),
            ("5 kB".into(), "50 MB".into(), "4.2 GB".into(), "5.2 PB".into())
        );
    }
}
