//! Atomic file output: every file is written under a hidden temporary name in the
//! destination folder and renamed into place only once complete, so a crash or Ctrl-C
//! never leaves a partial file under the final name.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Temporary sibling of `dest`: same folder (so `rename` is atomic), hidden, unique per process.
/// The extension is kept because some writers (plotters) pick the format from it.
pub fn temp_path(dest: &Path) -> PathBuf {
    let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    dest.with_file_name(format!(".{name}.{}.partial", std::process::id())).with_extension(
        dest.extension()
            .and_then(|e| e.to_str())
            .map(|e| format!("partial.{e}"))
            .unwrap_or_else(|| "partial".into()),
    )
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

/// Removes temporary files this process may have left in `dir` (used on interruption).
pub fn clean_temporaries(dir: &Path) {
    let suffix = format!(".{}.partial", std::process::id());
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') && name.contains(&suffix) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
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
    fn temp_keeps_extension() {
        let t = temp_path(Path::new("/a/dash.png"));
        assert_eq!(t.extension().unwrap(), "png");
        assert!(t.file_name().unwrap().to_str().unwrap().starts_with(".dash"));
    }
}
