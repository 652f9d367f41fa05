//! Scenario names: they name output folders and files (`out/<name>`, a comparison's
//! `runs/<name>/`), so they are plain file names — never a path, never hidden.

/// The longest name.
pub const MAX_LEN: usize = 64;

/// What a name may be, for hints.
pub const HINT: &str = "use 1 to 64 letters, digits, `-`, `_` or `.`, not starting with `.` or `-`";

fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// Why `name` cannot name outputs, or None when it can.
pub fn problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("the name is empty".into());
    }
    if name.len() > MAX_LEN {
        return Some(format!("the name has {} characters, more than {MAX_LEN}", name.len()));
    }
    if let Some(c) = name.chars().find(|&c| !allowed(c)) {
        return Some(format!("the name holds {c:?}, which a file name should not"));
    }
    if name.starts_with(['.', '-']) {
        return Some(format!("the name `{name}` starts with `{}`", &name[..1]));
    }
    None
}

/// A name from a file's name, made safe: other characters become `-`, at most `MAX_LEN`.
pub fn from_file_name(stem: &str) -> String {
    let safe: String = stem.chars().map(|c| if allowed(c) { c } else { '-' }).take(MAX_LEN).collect();
    let safe = safe.trim_start_matches(['.', '-']);
    if safe.is_empty() { "scenario".into() } else { safe.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_plain_file_names() {
        for ok in ["baseline", "co-opt", "civil_violence.v2", "A1"] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        for bad in ["", "/abs/path", "../..", "a/b", "a\\b", ".hidden", "-flag", "a\0b", "a\nb", "ümlaut"] {
            assert!(problem(bad).is_some(), "{bad:?}");
        }
        assert!(problem(&"x".repeat(65)).is_some());
        assert_eq!(from_file_name("my scenario (v2)"), "my-scenario--v2-");
        assert_eq!(from_file_name("..."), "scenario");
    }
}
