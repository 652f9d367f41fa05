//! Problems found in a scenario file, written for the person who has to fix them.

use std::fmt;
use std::path::PathBuf;

use super::yaml::Loc;

/// One problem: where it is, what is wrong, and what to do about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub loc: Loc,
    /// YAML path of the offending value (`policy.patrol`), empty for the whole file.
    pub path: String,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    pub fn new(loc: Loc, path: &str, message: impl Into<String>) -> Self {
        Problem { loc, path: path.to_string(), message: message.into(), hint: None }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Every problem of one file, reported together.
#[derive(Debug, Clone, PartialEq)]
pub struct Problems {
    pub file: PathBuf,
    pub items: Vec<Problem>,
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.items.len();
        writeln!(f, "{} has {n} problem{}:", self.file.display(), if n == 1 { "" } else { "s" })?;
        for p in &self.items {
            write!(f, "{}", p.render(&self.file))?;
        }
        Ok(())
    }
}

impl Problem {
    /// `file:line:column: `path`: message` and the hint on the next line.
    pub fn render(&self, file: &std::path::Path) -> String {
        // Line 0 is the command line: a value given with `--set` (scenario::assign).
        let mut s = if self.loc.line == 0 {
            format!("--set (over {}): ", file.display())
        } else {
            format!("{}:{}:{}: ", file.display(), self.loc.line, self.loc.column)
        };
        if self.path.is_empty() {
            s.push_str(&self.message);
        } else {
            s.push_str(&format!("`{}`: {}", self.path, self.message));
        }
        s.push('\n');
        if let Some(h) = &self.hint {
            s.push_str(&format!("  hint: {h}\n"));
        }
        s
    }
}

impl std::error::Error for Problems {}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// "unknown parameter path `a.b`" with the closest known key at the point where the path
/// left the schema (`prefix`, `known`: what `SchemaChecker::schema_at` returns), else `example`.
pub fn unknown_path(
    loc: Loc,
    at: &str,
    path: &str,
    prefix: &str,
    known: &[String],
    example: &str,
) -> Problem {
    let last = path.rsplit('.').next().unwrap_or(path);
    let hint = match did_you_mean(last, known.iter().map(String::as_str)) {
        Some(m) if prefix.is_empty() => format!("did you mean `{m}`?"),
        Some(m) => format!("did you mean `{prefix}.{m}`?"),
        None => format!("paths look like {example}"),
    };
    Problem::new(loc, at, format!("unknown parameter path `{path}`")).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        assert_eq!(did_you_mean("patroll", ["patrol", "stance"]), Some("patrol"));
        assert_eq!(did_you_mean("zzz", ["patrol", "stance"]), None);
    }
}
