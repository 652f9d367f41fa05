//! Which top-level sections each model reads: a section of the other model is a mistake,
//! not something to ignore silently.

use super::params::{ModelKind, schema};
use crate::input::{Node, Problem, Value};

/// Each model reads only its own sections; a section of the other model is a mistake, not
/// something to ignore silently.
pub(super) fn check_sections(tree: &Node, model: ModelKind, out: &mut Vec<Problem>) {
    let Value::Map(entries) = &tree.value else { return };
    for (key, loc, _) in entries {
        // Unknown keys are the schema check's business; here: known, but not this model's.
        if schema_has_section(key) && !model.has_section(key) {
            out.push(
                Problem::new(
                    *loc,
                    key,
                    format!("section `{key}` does not apply to `model: {}`", model.name()),
                )
                .hint(format!(
                    "a {} scenario takes: {}",
                    model.name(),
                    model.sections().join(", ")
                )),
            );
        }
    }
}

/// Whether the scenario schema has a top-level section `name`.
pub(super) fn schema_has_section(name: &str) -> bool {
    schema().get("properties").and_then(|p| p.get(name)).is_some()
}
