//! The library's one error type. Each variant is chosen where the error is made, and the
//! variant alone decides the exit code, so the binary never guesses by downcasting.

use std::io;
use std::path::{Path, PathBuf};

use crate::input::problems::Problems;

/// How a command ended, as the shell sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitKind {
    /// 1: something failed while running or writing (a full disk, an unreadable file).
    Failure,
    /// 2: the input was wrong (a file, a flag, a folder); nothing was run or written.
    BadInput,
    /// 130: interrupted (Ctrl-C); finished work is kept, nothing is half-written.
    Interrupted,
}

impl ExitKind {
    pub fn code(self) -> u8 {
        match self {
            ExitKind::Failure => 1,
            ExitKind::BadInput => 2,
            ExitKind::Interrupted => 130,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file with problems, every one of them with its position and a hint.
    #[error("{0}")]
    Invalid(Problems),
    /// A file the user named cannot be read.
    #[error("cannot read {}: {source}\n  hint: check the path and that the file is readable", path.display())]
    ReadInput { path: PathBuf, source: io::Error },
    /// Options or folders that do not fit together.
    #[error("{message}{}", hint.as_ref().map(|h| format!("\n  hint: {h}")).unwrap_or_default())]
    Usage { message: String, hint: Option<String> },
    /// Writing failed.
    #[error("cannot write {}: {source}\n  hint: check that the output folder is writable and the disk is not full", path.display())]
    Write { path: PathBuf, source: io::Error },
    /// A file that diypol wrote (or expects to find in its own folder) cannot be read.
    #[error("cannot read {}: {message}", path.display())]
    Read { path: PathBuf, message: String },
    #[error("cannot write Parquet file {}: {message}", path.display())]
    Parquet { path: PathBuf, message: String },
    #[error("cannot draw chart {}: {message}", path.display())]
    Chart { path: PathBuf, message: String },
    #[error("cannot start worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
    #[error("interrupted {0}")]
    Interrupted(String),
}

impl Error {
    pub fn kind(&self) -> ExitKind {
        match self {
            Error::Invalid(_) | Error::ReadInput { .. } | Error::Usage { .. } => ExitKind::BadInput,
            Error::Write { .. }
            | Error::Read { .. }
            | Error::Parquet { .. }
            | Error::Chart { .. }
            | Error::Threads(_) => ExitKind::Failure,
            Error::Interrupted(_) => ExitKind::Interrupted,
        }
    }

    /// Bad input that is not a file's content: a flag, a folder, a combination.
    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Usage { message: message.into(), hint: Some(hint.into()) }
    }

    /// A failed write of `path`.
    pub fn write(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
        move |source| Error::Write { path: path.to_path_buf(), source }
    }

    /// The same error with a path under `from` named under `to` instead (a file written in
    /// a staging folder is reported where it was going).
    pub fn relocated(self, from: &Path, to: &Path) -> Error {
        let moved = |p: PathBuf| p.strip_prefix(from).map_or_else(|_| p.clone(), |rel| to.join(rel));
        match self {
            Error::Write { path, source } => Error::Write { path: moved(path), source },
            Error::Parquet { path, message } => Error::Parquet { path: moved(path), message },
            Error::Chart { path, message } => Error::Chart { path: moved(path), message },
            other => other,
        }
    }

    /// A failed read of `path`, one of diypol's own files.
    pub fn read(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
        move |e| Error::Read { path: path.to_path_buf(), message: e.to_string() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variant_decides_the_exit_code() {
        let io = || io::Error::other("x");
        assert_eq!(Error::usage("m", "h").kind().code(), 2);
        assert_eq!(Error::ReadInput { path: "a".into(), source: io() }.kind().code(), 2);
        assert_eq!(Error::write(Path::new("a"))(io()).kind().code(), 1);
        assert_eq!(Error::Read { path: "a".into(), message: "bad".into() }.kind().code(), 1);
        assert_eq!(Error::Interrupted("at tick 3".into()).kind().code(), 130);
        let e = Error::usage("two runs named `a`", "rename one").to_string();
        assert_eq!(e, "two runs named `a`\n  hint: rename one");
        let w = Error::write(Path::new("/full/x.parquet"))(io()).to_string();
        assert!(w.contains("/full/x.parquet") && w.contains("hint:"), "{w}");
    }
}
