//! Checked YAML input, shared by every file a user writes (scenarios, sweep plans): a tree
//! that remembers where each value was written, a schema check that reports every problem
//! at once, and problems worded for the person who has to fix them.

pub mod problems;
pub mod schema;
pub mod yaml;

use std::path::Path;

pub use problems::{Problem, Problems, did_you_mean};
pub use schema::SchemaChecker;
pub use yaml::{Loc, Node, Value};

use crate::error::Error;

/// Reads a file the user named; a failure is bad input that names the file.
pub fn read_text(file: &Path) -> Result<String, Error> {
    std::fs::read_to_string(file).map_err(|source| Error::ReadInput { path: file.to_path_buf(), source })
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
