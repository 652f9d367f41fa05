//! An output folder being filled. diypol keeps a manifest of the files each of its writers
//! put into a folder (`.diypol.json`), so that writing again replaces them: a file the new
//! outputs no longer include is removed, never left stale beside new ones. A folder that
//! holds files diypol did not write, or another kind of output, is refused.
//!
//! Files are written into a hidden staging folder first and moved into place together
//! once all are complete, so an interrupted write leaves the previous outputs whole.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use super::{atomic, parquet};
use crate::error::Error;
use crate::table::Table;

/// The manifest's file name.
pub const MANIFEST: &str = ".diypol.json";

/// What kind of output a folder holds; each kind is written by a few commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FolderKind {
    /// `diypol run`.
    Run,
    /// `diypol compare` (and `diypol report`).
    Compare,
    /// `diypol sweep` (and `merge`, `sensitivity`).
    Sweep,
    /// `diypol calibrate`.
    Calibration,
}

impl FolderKind {
    fn name(self) -> &'static str {
        match self {
            FolderKind::Run => "run",
            FolderKind::Compare => "comparison",
            FolderKind::Sweep => "sweep",
            FolderKind::Calibration => "calibration",
        }
    }
}

/// `.diypol.json`: the folder's kind and, per writer, the files it wrote (relative paths).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub kind: FolderKind,
    pub version: String,
    pub files: BTreeMap<String, Vec<String>>,
}

impl Manifest {
    pub fn read(dir: &Path) -> Result<Option<Manifest>, Error> {
        let path = dir.join(MANIFEST);
        match fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| Error::Read { path, message: format!("not a diypol manifest: {e}") }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::read(&path)(e)),
        }
    }

    fn write(&self, dir: &Path) -> Result<(), Error> {
        let path = dir.join(MANIFEST);
        let text = serde_json::to_string_pretty(self).expect("a manifest serialises");
        atomic::write_text(&path, &text).map_err(Error::write(&path))
    }
}

/// Checks that `dir` may take outputs of `kind`: absent, empty, or holding outputs of the
/// same kind. Returns its manifest.
pub fn claim(dir: &Path, kind: FolderKind) -> Result<Manifest, Error> {
    let fresh = || Manifest { kind, version: env!("CARGO_PKG_VERSION").into(), files: BTreeMap::new() };
    if dir.exists() && !dir.is_dir() {
        return Err(Error::usage(
            format!("--out {} exists and is not a folder", dir.display()),
            "name a folder (it is created if missing)",
        ));
    }
    let manifest = Manifest::read(dir)?;
    match manifest {
        Some(m) if m.kind == kind => Ok(m),
        Some(m) => Err(Error::usage(
            format!("{} holds a {} written by diypol, not a {}", dir.display(), m.kind.name(), kind.name()),
            "choose another --out folder",
        )),
        None => {
            // Staging folders of an earlier, interrupted write are diypol's own.
            let foreign = fs::read_dir(dir)
                .map(|d| d.flatten().any(|e| !e.file_name().to_string_lossy().starts_with(atomic::STAGING)))
                .unwrap_or(false);
            if foreign {
                return Err(Error::usage(
                    format!("{} is not empty and holds no diypol outputs", dir.display()),
                    "choose another --out folder, or empty this one: diypol replaces only files it wrote",
                ));
            }
            Ok(fresh())
        }
    }
}

/// One writer's files in an output folder.
pub struct Folder {
    dir: PathBuf,
    writer: String,
    manifest: Manifest,
    staging: PathBuf,
    written: Vec<String>,
    meta: Vec<(String, String)>,
}

impl Folder {
    /// Starts writing `writer`'s files into `dir` (a folder of `kind`); `meta` goes into every
    /// Parquet file.
    pub fn open(
        dir: &Path,
        kind: FolderKind,
        writer: &str,
        meta: Vec<(String, String)>,
    ) -> Result<Folder, Error> {
        let manifest = claim(dir, kind)?;
        atomic::remove_stale(dir);
        let staging = dir.join(format!("{}{}-{writer}", atomic::STAGING, atomic::owner()));
        let _ = fs::remove_dir_all(&staging);
        fs::create_dir_all(&staging).map_err(Error::write(&staging))?;
        let writer = writer.to_string();
        Ok(Folder { dir: dir.to_path_buf(), writer, manifest, staging, written: Vec::new(), meta })
    }

    /// Where a file of this writer goes while being written. Names are relative paths
    /// inside the folder: an absolute path or a `..` is refused, so nothing lands elsewhere.
    fn stage(&mut self, name: &str) -> Result<PathBuf, Error> {
        inside(&self.dir, name)?;
        let path = self.staging.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(Error::write(parent))?;
        }
        self.written.push(name.to_string());
        Ok(path)
    }

    /// A text file (CSV, Markdown, YAML, HTML) at `name`, which may name a subfolder.
    pub fn text(&mut self, name: &str, text: &str) -> Result<(), Error> {
        let path = self.stage(name)?;
        atomic::write_text(&path, text).map_err(Error::write(&self.dir.join(name)))
    }

    pub fn parquet(&mut self, name: &str, table: &Table) -> Result<(), Error> {
        self.parquet_with(name, table, &[])
    }

    /// A Parquet file with metadata besides the folder's own.
    pub fn parquet_with(
        &mut self,
        name: &str,
        table: &Table,
        extra: &[(String, String)],
    ) -> Result<(), Error> {
        let path = self.stage(name)?;
        let mut meta = self.meta.clone();
        meta.extend_from_slice(extra);
        parquet::write(&path, table, &meta).map_err(|e| e.relocated(&self.staging, &self.dir))
    }

    /// Charts drawn by `draw` into the staging folder from a stem (`dashboard` gives
    /// `dashboard.png` and `dashboard.svg`).
    pub fn chart(
        &mut self,
        stem: &str,
        draw: impl FnOnce(&Path) -> Result<Vec<PathBuf>, Error>,
    ) -> Result<(), Error> {
        inside(&self.dir, stem)?;
        let path = self.staging.join(stem);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(Error::write(parent))?;
        }
        let files = draw(&path).map_err(|e| e.relocated(&self.staging, &self.dir))?;
        for f in files {
            let rel = f.strip_prefix(&self.staging).unwrap_or(&f).to_string_lossy().into_owned();
            self.written.push(rel);
        }
        Ok(())
    }

    /// The files this writer has written so far.
    pub fn written(&self) -> &[String] {
        &self.written
    }

    /// Moves the new files into place, removes this writer's files of the previous write
    /// that are not among them, and records the new list. Returns the final paths.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, Error> {
        let _moving = Committing::start();
        let mut out = Vec::new();
        for rel in &self.written {
            let (from, to) = (self.staging.join(rel), self.dir.join(rel));
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent).map_err(Error::write(parent))?;
            }
            fs::rename(&from, &to).map_err(Error::write(&to))?;
            out.push(to);
        }
        let previous =
            self.manifest.files.insert(self.writer.clone(), self.written.clone()).unwrap_or_default();
        for stale in previous.iter().filter(|f| !self.written.contains(f)) {
            remove(&self.dir, stale);
        }
        self.manifest.version = env!("CARGO_PKG_VERSION").into();
        self.manifest.write(&self.dir)?;
        let _ = fs::remove_dir_all(&self.staging);
        Ok(out)
    }
}

impl Drop for Folder {
    /// An abandoned write (an error, an interruption) leaves no staging files behind.
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.staging);
    }
}

/// Folders whose files are being moved into place right now.
static COMMITTING: AtomicUsize = AtomicUsize::new(0);

/// Whether a folder's files are being moved into place: a second Ctrl-C waits for that,
/// so an interruption never leaves part of a set under final names.
pub fn committing() -> bool {
    COMMITTING.load(Ordering::SeqCst) > 0
}

struct Committing;

impl Committing {
    fn start() -> Committing {
        COMMITTING.fetch_add(1, Ordering::SeqCst);
        Committing
    }
}

impl Drop for Committing {
    fn drop(&mut self) {
        COMMITTING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Checks that `rel` names a place inside `dir` (no absolute path, no `..`, no empty name).
pub fn inside(dir: &Path, rel: &str) -> Result<(), Error> {
    use std::path::Component;
    let p = Path::new(rel);
    let ok = !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        return Ok(());
    }
    Err(Error::usage(
        format!("`{rel}` would be written outside {}", dir.display()),
        "outputs are named after scenarios; check the scenario's `name:`",
    ))
}

/// Removes `dir/rel` and the folders it leaves empty, up to `dir`.
fn remove(dir: &Path, rel: &str) {
    let path = dir.join(rel);
    if fs::remove_file(&path).is_ok() {
        let mut parent = path.parent();
        while let Some(p) = parent.filter(|p| *p != dir && p.starts_with(dir)) {
            if fs::remove_dir(p).is_err() {
                break;
            }
            parent = p.parent();
        }
    }
}

/// Records in `dir`'s manifest that `writer` wrote `files` directly (files written one by
/// one as work finishes, such as a comparison's runs), replacing its previous list.
pub fn record(dir: &Path, kind: FolderKind, writer: &str, files: Vec<String>) -> Result<(), Error> {
    let mut m = claim(dir, kind)?;
    m.files.insert(writer.to_string(), files);
    m.version = env!("CARGO_PKG_VERSION").into();
    m.write(dir)
}

/// Claims `dir` for outputs of `kind` and removes the files `writer` recorded in it
/// (before writing them anew, one by one).
pub fn forget(dir: &Path, kind: FolderKind, writer: &str) -> Result<(), Error> {
    let mut m = claim(dir, kind)?;
    for f in m.files.remove(writer).unwrap_or_default() {
        remove(dir, &f);
    }
    fs::create_dir_all(dir).map_err(Error::write(dir))?;
    m.write(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("diypol-folder-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        d
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn writing_again_replaces_the_writers_files_and_nothing_else() {
        let dir = scratch("replace");
        let mut f = Folder::open(&dir, FolderKind::Run, "run", Vec::new()).unwrap();
        f.text("a.csv", "1").unwrap();
        f.text("b.csv", "2").unwrap();
        f.commit().unwrap();
        assert_eq!(files(&dir), [".diypol.json", "a.csv", "b.csv"]);
        let mut f = Folder::open(&dir, FolderKind::Run, "run", Vec::new()).unwrap();
        f.text("a.csv", "3").unwrap();
        f.commit().unwrap();
        assert_eq!(files(&dir), [".diypol.json", "a.csv"], "b.csv was stale");
        assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "3");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_abandoned_write_keeps_the_previous_outputs() {
        let dir = scratch("abandon");
        let mut f = Folder::open(&dir, FolderKind::Run, "run", Vec::new()).unwrap();
        f.text("a.csv", "old").unwrap();
        f.commit().unwrap();
        let mut f = Folder::open(&dir, FolderKind::Run, "run", Vec::new()).unwrap();
        f.text("a.csv", "new").unwrap();
        drop(f);
        assert_eq!(files(&dir), [".diypol.json", "a.csv"]);
        assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "old");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn foreign_and_other_kinds_of_folders_are_refused() {
        let dir = scratch("foreign");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("notes.txt"), "mine").unwrap();
        let e = Folder::open(&dir, FolderKind::Run, "run", Vec::new()).err().unwrap();
        assert!(e.to_string().contains("holds no diypol outputs"), "{e}");
        fs::remove_file(dir.join("notes.txt")).unwrap();
        Folder::open(&dir, FolderKind::Sweep, "sweep", Vec::new()).unwrap().commit().unwrap();
        let e = Folder::open(&dir, FolderKind::Run, "run", Vec::new()).err().unwrap();
        assert!(e.to_string().contains("holds a sweep"), "{e}");
        assert_eq!(e.kind(), crate::error::ExitKind::BadInput);
        fs::remove_dir_all(&dir).unwrap();
    }
}
