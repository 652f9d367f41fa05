//! Key-value metadata in Parquet files: enough to rerun a run, and what each column means.

use serde_json::json;

use crate::catalogue::{File, find, show};
use crate::scenario::{ModelKind, Scenario};
use crate::table::Table;

pub type Meta = Vec<(String, String)>;

/// Version, model, name, seed and the resolved scenario as YAML: enough to rerun it.
pub fn run(s: &Scenario) -> Meta {
    vec![
        ("diypol.version".into(), env!("CARGO_PKG_VERSION").into()),
        ("diypol.model".into(), s.model.name().into()),
        ("diypol.scenario_name".into(), s.name.clone().unwrap_or_default()),
        ("diypol.seed".into(), s.seed.to_string()),
        ("diypol.scenario".into(), s.to_yaml()),
    ]
}

/// `diypol.columns`: for each column of `table` that the catalogue knows, its label, unit,
/// kind, better direction, description and where diypol shows it (JSON), so any tool can
/// label what it reads.
pub fn columns(model: ModelKind, file: File, table: &Table) -> (String, String) {
    let mut map = serde_json::Map::new();
    for name in &table.names {
        if let Some(e) = find(file, model, name) {
            let member = e.matches(name).unwrap_or("");
            map.insert(
                name.clone(),
                json!({
                    "label": if e.is_family() { e.label_of(member) } else { e.label.to_string() },
                    "unit": e.unit,
                    "kind": e.kind,
                    "better": e.better,
                    "description": e.description,
                    "shown": show::NAMES.iter().filter(|(f, _)| e.shown(*f)).map(|(_, n)| *n).collect::<Vec<_>>(),
                }),
            );
        }
    }
    ("diypol.columns".into(), serde_json::Value::Object(map).to_string())
}
