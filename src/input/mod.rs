//! Checked YAML input, shared by every file a user writes (scenarios, sweep plans): a tree
//! that remembers where each value was written, a schema check that reports every problem
//! at once, and problems worded for the person who has to fix them.

pub mod problems;
pub mod schema;
pub mod yaml;

use std::io::Read;
use std::path::Path;

pub use problems::{Problem, Problems, did_you_mean, unknown_path};
pub use schema::SchemaChecker;
pub use yaml::{Loc, Node, Value};

use crate::error::Error;

/// The largest scenario, plan or other YAML file diypol reads (1 MiB: the largest bundled
/// scenario is 3 kB).
pub const MAX_YAML_BYTES: u64 = 1 << 20;

/// The largest CSV city (1 GiB: a 4,000 × 4,000 grid is about 500 MB).
pub const MAX_CSV_BYTES: u64 = 1 << 30;

/// Reads a YAML file the user named: a regular file of at most `MAX_YAML_BYTES` of UTF-8.
pub fn read_text(file: &Path) -> Result<String, Error> {
    let bytes = read_bounded(file, MAX_YAML_BYTES)?;
    utf8(file, bytes)
}

/// Reads a file the user named, refusing anything that is not a regular file (a folder, a
/// device such as /dev/zero, a pipe) or that holds more than `cap` bytes, without ever
/// reading more than that.
pub fn read_bounded(file: &Path, cap: u64) -> Result<Vec<u8>, Error> {
    let unreadable = |source| Error::ReadInput { path: file.to_path_buf(), source };
    let meta = std::fs::metadata(file).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Error::usage(
            format!("{} is not a regular file (a folder, a device or a pipe)", file.display()),
            "name a YAML or CSV file",
        ));
    }
    let too_big = || {
        Error::usage(
            format!("{} is larger than {} MiB, the most diypol reads", file.display(), cap >> 20),
            "check that this is the file you meant",
        )
    };
    if meta.len() > cap {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(file)
        .map_err(unreadable)?
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > cap {
        return Err(too_big());
    }
    Ok(bytes)
}

/// The bytes as text, or an error naming where the first invalid byte is.
pub fn utf8(file: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = at - before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
        Error::usage(
            format!("{}:{line}:{column}: not UTF-8 text (invalid byte at offset {at})", file.display()),
            "save the file as UTF-8",
        )
    })
}

/// Parses `text` and checks it against `schema`. A syntax error stops at once; schema
/// problems are collected, all of them.
pub fn parse_checked(text: &str, schema: &serde_json::Value) -> Result<(Node, Vec<Problem>), Problem> {
    let tree = yaml::parse(text).map_err(|(loc, msg)| syntax_problem(loc, &msg))?;
    let mut problems = Vec::new();
    SchemaChecker::new(schema).check(&tree, schema, "", &mut problems);
    Ok((tree, problems))
}

/// A parser error, reworded where the parser's words are about itself rather than the file.
pub fn syntax_problem(loc: Loc, msg: &str) -> Problem {
    if msg.contains("budget breached") {
        return Problem::new(loc, "", "YAML nested too deeply or too large to be a scenario")
            .hint("a scenario is a mapping of sections a few levels deep");
    }
    if msg.contains("from_str_multiple") || msg.contains("multiple documents") {
        return Problem::new(loc, "", "the file holds more than one YAML document (`---`)")
            .hint("keep one document per file");
    }
    if let Some(rest) = msg.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest);
        return Problem::new(loc, key, format!("YAML syntax error: duplicate key `{key}`"))
            .hint("each field may appear once in a mapping; remove one of them");
    }
    if let Some(rest) = msg.strip_prefix("non-finite float ") {
        let value = rest.split(' ').next().unwrap_or(rest);
        return Problem::new(loc, "", format!("YAML syntax error: non-finite number {value}"))
            .hint("write a plain number (.nan and .inf are not allowed)");
    }
    let hint = if msg.contains("non-finite") {
        "write a plain number (.nan and .inf are not allowed)"
    } else {
        "check indentation, colons and brackets near this position"
    };
    Problem::new(loc, "", format!("YAML syntax error: {msg}")).hint(hint)
}
