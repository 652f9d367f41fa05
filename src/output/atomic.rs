//! Atomic file output: every file is written under a hidden temporary name in the
//! destination folder and renamed into place only once complete, so a crash or Ctrl-C
//! never leaves a partial file under the final name.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What marks a temporary: `.NAME.~HOST~PID~.partial` (with `.png`/`.svg` kept for
/// plotters, which picks the format from the extension). Never ending in `.parquet`, a
/// leftover temporary is never read by a `*.parquet` glob (DuckDB, polars, pyarrow).
const PARTIAL: &str = ".partial";

/// Who writes temporaries from this process: host and process id, so that a later run can
/// tell a leftover of a dead process from a file another live process is writing.
pub fn owner() -> String {
    format!("~{}~{}~", host(), std::process::id())
}

/// Temporary sibling of `dest`: same folder (so `rename` is atomic), hidden, named after
/// this process.
pub fn temp_path(dest: &Path) -> PathBuf {
    let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let keep = dest.extension().and_then(|e| e.to_str()).filter(|e| matches!(*e, "png" | "svg"));
    let ext = keep.map(|e| format!(".{e}")).unwrap_or_default();
    dest.with_file_name(format!(".{name}.{}{PARTIAL}{ext}", owner()))
}

/// Removes, from `dir` (not below it), the temporaries and staging folders that no live
/// process is writing: those of this host whose process is gone, and those of other hosts
/// (a cluster's shared disk) untouched for an hour. Returns how many it removed.
pub fn remove_stale(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_temp = name.starts_with('.') && name.contains(PARTIAL);
        let is_staging = name.starts_with(STAGING);
        if !(is_temp || is_staging) || !stale(&name, &entry) {
            continue;
        }
        let path = entry.path();
        let gone = if path.is_dir() { fs::remove_dir_all(&path) } else { fs::remove_file(&path) };
        removed += gone.is_ok() as usize;
    }
    removed
}

/// The prefix of staging folders (see `output::folder`).
pub const STAGING: &str = ".diypol-staging-";

fn stale(name: &str, entry: &fs::DirEntry) -> bool {
    let mut parts = name.split('~');
    let (Some(_), Some(h), Some(pid)) = (parts.next(), parts.next(), parts.next()) else {
        // Written by an older diypol (no owner in the name): nobody is writing it now.
        return true;
    };
    if h == host() {
        return pid.parse::<i32>().is_ok_and(|pid| !alive(pid));
    }
    let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
    age.is_some_and(|a| a.as_secs() > 3600)
}

#[cfg(unix)]
fn alive(pid: i32) -> bool {
    // SAFETY: signal 0 only checks that the process exists.
    pid == std::process::id() as i32
        || unsafe { libc::kill(pid, 0) } == 0
        || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn alive(pid: i32) -> bool {
    pid == std::process::id() as i32
}

/// This machine's name, without `~` (the separator of owners).
fn host() -> &'static str {
    static HOST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HOST.get_or_init(|| {
        let mut buf = [0u8; 256];
        #[cfg(unix)]
        // SAFETY: gethostname writes at most `len` bytes into the buffer we own.
        unsafe {
            libc::gethostname(buf.as_mut_ptr().cast(), buf.len() - 1);
        }
        let end = buf.iter().position(|&b| b == 0).unwrap_or(0);
        let name: String = String::from_utf8_lossy(&buf[..end])
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '_' })
            .collect();
        if name.is_empty() { "host".into() } else { name }
    })
}

/// Runs `write` against a temporary path, then renames it to `dest`.
/// On any error the temporary file is removed and `dest` is left untouched.
pub fn write_atomic<E>(dest: &Path, write: impl FnOnce(&Path) -> Result<(), E>) -> Result<(), E>
where
    E: From<io::Error>,
{
    write_with(dest, write, E::from)
}

/// `write_atomic` for errors that need to be told where a failed rename happened.
pub fn write_with<E>(
    dest: &Path,
    write: impl FnOnce(&Path) -> Result<(), E>,
    renamed: impl FnOnce(io::Error) -> E,
) -> Result<(), E> {
    let tmp = temp_path(dest);
    match write(&tmp) {
        Ok(()) => fs::rename(&tmp, dest).map_err(|e| {
            let _ = fs::remove_file(&tmp);
            renamed(e)
        }),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Writes a text file atomically.
pub fn write_text(dest: &Path, text: &str) -> io::Result<()> {
    write_atomic(dest, |tmp| fs::write(tmp, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_leaves_nothing() {
        let dir = std::env::temp_dir().join(format!("diypol-atomic-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let dest = dir.join("x.parquet");
        let r: Result<(), io::Error> = write_atomic(&dest, |p| {
            fs::write(p, b"half")?;
            Err(io::Error::other("boom"))
        });
        assert!(r.is_err());
        assert!(!dest.exists());
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
        write_atomic::<io::Error>(&dest, |p| fs::write(p, b"whole")).unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"whole");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn temporaries_keep_only_chart_extensions() {
        let t = temp_path(Path::new("/a/dash.png"));
        assert_eq!(t.extension().unwrap(), "png");
        assert!(t.file_name().unwrap().to_str().unwrap().starts_with(".dash"));
        let t = temp_path(Path::new("/a/run-00001.parquet"));
        assert!(!t.to_string_lossy().ends_with(".parquet"), "{}", t.display());
    }

    #[test]
    fn only_temporaries_of_dead_processes_are_stale() {
        let dir = std::env::temp_dir().join(format!("diypol-stale-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let mine = temp_path(&dir.join("a.parquet"));
        // A process id above the kernel's maximum is never alive.
        let dead = dir.join(format!(".b.parquet.~{}~999999999~.partial", host()));
        let old_style = dir.join(".c.parquet.1234.partial.parquet");
        let staging = dir.join(format!("{STAGING}~{}~999999999~-run", host()));
        let kept = dir.join("d.parquet");
        for f in [&mine, &dead, &old_style, &kept] {
            fs::write(f, b"x").unwrap();
        }
        fs::create_dir_all(staging.join("sub")).unwrap();
        assert_eq!(remove_stale(&dir), 3);
        assert!(mine.exists() && kept.exists());
        assert!(!dead.exists() && !old_style.exists() && !staging.exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
