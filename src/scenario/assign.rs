//! `--set path=value` on the command line, and `extends: parent.yaml` in a file: both are
//! edits of the located YAML tree made before it is checked, so a value given either way is
//! checked by the same schema with the same messages as one written in the file.
//!
//! A `--set` value's position is "the command line": line 0, the column its 1-based place
//! among the `--set` flags; [`crate::input::Problem::render`] prints it as `--set`.

use std::path::{Path, PathBuf};

use crate::input::{Loc, Node, Value};

/// One `--set path=value`: a dotted scenario path and a YAML value (`0.3`, `hotspot`,
/// `[a, b]`, `{min: 1}`), as clap hands it over.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub path: String,
    pub value: Node,
    /// What was typed, for messages and for the scripts that repeat a command.
    pub text: String,
}

/// A `--set` that is not `path=value`, with why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadAssignment(String);

impl std::str::FromStr for Assignment {
    type Err = BadAssignment;

    fn from_str(text: &str) -> Result<Assignment, BadAssignment> {
        let bad = |why: String| BadAssignment(why);
        let Some((path, value)) = text.split_once('=') else {
            return Err(bad(format!(
                "`{text}` is not path=value; write e.g. --set policy.stance=collaborate"
            )));
        };
        let path = path.trim();
        let valid = |seg: &str| !seg.is_empty() && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !path.split('.').all(valid) {
            return Err(bad(format!(
                "`{path}` is not a parameter path; paths are dotted names like policy.officers_per_1000"
            )));
        }
        if path == "extends" {
            return Err(bad("`extends` is read from files only; name the file to start from instead".into()));
        }
        let value = if value.trim().is_empty() {
            Node { value: Value::Str(String::new()), loc: Loc::default() }
        } else {
            crate::input::yaml::parse(value)
                .map_err(|(_, msg)| bad(format!("the value of `{path}` is not YAML: {msg}")))?
        };
        Ok(Assignment { path: path.to_string(), value, text: text.to_string() })
    }
}

/// The position of the `index`-th `--set` (0-based): line 0 means "the command line".
pub fn command_line(index: usize) -> Loc {
    Loc { line: 0, column: index as u64 + 1 }
}

/// Every node of `node` placed at `loc` (inherited values are reported at `extends:`).
pub fn relocate(node: &mut Node, loc: Loc) {
    node.loc = loc;
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| relocate(n, loc)),
        Value::Map(entries) => entries.iter_mut().for_each(|(_, l, n)| {
            *l = loc;
            relocate(n, loc);
        }),
        _ => {}
    }
}

/// Sets `path` in the mapping `tree` to `value`, creating mappings on the way; a scalar or
/// list on the way is replaced by a mapping (the schema then says what is wrong, if anything).
pub fn set(tree: &mut Node, path: &str, mut value: Node, loc: Loc) {
    relocate(&mut value, loc);
    let mut node = tree;
    let segments: Vec<&str> = path.split('.').collect();
    for (i, seg) in segments.iter().enumerate() {
        if !matches!(node.value, Value::Map(_)) {
            node.value = Value::Map(Vec::new());
            node.loc = loc;
        }
        let Value::Map(entries) = &mut node.value else { unreachable!("made a mapping above") };
        let at = match entries.iter().position(|(k, _, _)| k == seg) {
            Some(at) => {
                entries[at].1 = loc;
                at
            }
            None => {
                entries.push((seg.to_string(), loc, Node { value: Value::Map(Vec::new()), loc }));
                entries.len() - 1
            }
        };
        if i + 1 == segments.len() {
            entries[at].2 = value;
            return;
        }
        node = &mut entries[at].2;
    }
}

/// The child's tree over its parent's: mappings merge key by key, anything else (lists
/// included) replaces. The parent's `name` and `description` are not inherited — they
/// describe the parent — and its values are reported at the child's `extends:`.
pub fn over_parent(mut parent: Node, child: Node, extends_at: Loc) -> Node {
    if let Value::Map(entries) = &mut parent.value {
        entries.retain(|(k, _, _)| k != "name" && k != "description");
    }
    relocate(&mut parent, extends_at);
    merge(parent, child)
}

fn merge(base: Node, over: Node) -> Node {
    match (base.value, over.value) {
        (Value::Map(mut b), Value::Map(o)) => {
            for (k, loc, v) in o {
                match b.iter().position(|(bk, _, _)| *bk == k) {
                    Some(i) => {
                        let (_, _, old) = b.remove(i);
                        b.insert(i, (k, loc, merge(old, v)));
                    }
                    None => b.push((k, loc, v)),
                }
            }
            Node { value: Value::Map(b), loc: over.loc }
        }
        (_, value) => Node { value, loc: over.loc },
    }
}

/// Removes the top-level `key` of a mapping, returning its node and key position.
pub fn take(tree: &mut Node, key: &str) -> Option<(Loc, Node)> {
    let Value::Map(entries) = &mut tree.value else { return None };
    let i = entries.iter().position(|(k, _, _)| k == key)?;
    let (_, loc, node) = entries.remove(i);
    Some((loc, node))
}

/// How a loaded scenario came to be, beyond its own file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Origin {
    /// Files it extends, nearest first.
    pub parents: Vec<PathBuf>,
    /// The `--set` flags applied, as typed.
    pub sets: Vec<String>,
}

impl Origin {
    /// Whether the file alone says everything (no parent, no `--set`).
    pub fn is_plain(&self) -> bool {
        self.parents.is_empty() && self.sets.is_empty()
    }

    /// "extends a.yaml; --set x=1": one comment line for resolved copies.
    pub fn describe(&self, file: &Path) -> String {
        let mut parts = vec![format!("resolved by diypol from {}", file.display())];
        parts.extend(self.parents.iter().map(|p| format!("extends {}", p.display())));
        parts.extend(self.sets.iter().map(|s| format!("--set {s}")));
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Node {
        crate::input::yaml::parse(text).unwrap()
    }

    #[test]
    fn assignments_parse_values_as_yaml() {
        let a: Assignment = "policy.stance=collaborate".parse().unwrap();
        assert_eq!((a.path.as_str(), &a.value.value), ("policy.stance", &Value::Str("collaborate".into())));
        let a: Assignment = "policy.officers_per_1000 = 2.5".parse().unwrap();
        assert_eq!(a.value.value, Value::Float(2.5));
        let a: Assignment = "crime_types.theft.share=0.4".parse().unwrap();
        assert_eq!(a.path, "crime_types.theft.share");
        let err = |t: &str| t.parse::<Assignment>().unwrap_err().to_string();
        assert!(err("policy.stance").contains("path=value"));
        assert!(err("policy..x=1").contains("not a parameter path"));
        assert!(err("a=[1, 2").contains("not YAML"));
    }

    #[test]
    fn set_creates_and_replaces_and_marks_the_command_line() {
        let mut t = tree("version: 1\npolicy:\n  stance: ignore\n");
        set(&mut t, "policy.stance", tree("collaborate"), command_line(0));
        set(&mut t, "trust.base", tree("0.4"), command_line(1));
        let json = t.to_json();
        assert_eq!(json["policy"]["stance"], "collaborate");
        assert_eq!(json["trust"]["base"], 0.4);
        assert_eq!(t.locate("trust.base"), Loc { line: 0, column: 2 });
        assert_eq!(t.locate("version").line, 1);
    }

    #[test]
    fn the_child_wins_and_the_parent_name_is_not_inherited() {
        let parent = tree("version: 1\nname: p\npolicy:\n  stance: ignore\n  patrol: hotspot\ndays: 10\n");
        let child = tree("policy:\n  stance: collaborate\nextends: p.yaml\n");
        let at = Loc { line: 3, column: 1 };
        let m = over_parent(parent, child, at);
        let json = m.to_json();
        assert_eq!(json["policy"]["stance"], "collaborate");
        assert_eq!(json["policy"]["patrol"], "hotspot");
        assert_eq!(json["days"], 10);
        assert!(json.get("name").is_none());
        assert_eq!(m.locate("days"), at, "inherited values are reported at `extends:`");
        assert_eq!(m.locate("policy.stance").line, 2);
    }
}
