//! Loading: text → located tree → schema check (all problems at once, with positions) →
//! merge onto the defaults → typed `Scenario` → cross-field checks.

use std::path::Path;

use super::city_csv;
use super::interventions::check_interventions;
use super::loaded::LoadedScenario;
use super::params::{ModelKind, Scenario, schema};
use super::rules::{semantic_problems, warning_problems};
use super::sections::check_sections;
use crate::error::Error;
use crate::input::{self, Loc, Problem, Problems, SchemaChecker, Value};

/// Reads and checks a scenario file.
pub fn load(file: &Path) -> Result<LoadedScenario, Error> {
    let text = input::read_text(file)?;
    let base_dir = file.parent().unwrap_or(Path::new("."));
    from_str(&text, file, base_dir)
}

/// Checks scenario text; `file` names it in messages and `base_dir` resolves `city.csv`.
pub fn from_str(text: &str, file: &Path, base_dir: &Path) -> Result<LoadedScenario, Error> {
    let fail = |items: Vec<Problem>| Error::Invalid(Problems { file: file.to_path_buf(), items });
    let tree = input::yaml::parse(text).map_err(|(loc, msg)| fail(vec![input::syntax_problem(loc, &msg)]))?;
    if tree.value == Value::Null {
        return Err(fail(vec![
            Problem::new(tree.loc, "", "the file is empty (only comments)")
                .hint("start with `version: 1` and `model: diy_policing`"),
        ]));
    }
    if !matches!(tree.value, Value::Map(_)) {
        return Err(fail(vec![
            Problem::new(tree.loc, "", "a scenario must be a mapping of sections")
                .hint("start with `version: 1` and `model: diy_policing`"),
        ]));
    }

    if tree.is_sweep_plan() {
        return Err(fail(vec![
            Problem::new(tree.locate("base"), "base", "this is a sweep plan, not a scenario")
                .hint(format!("run it with `diypol sweep {} --out DIR`", file.display())),
        ]));
    }
    let mut problems = Vec::new();
    for (key, example) in [("version", "version: 1"), ("model", "model: diy_policing")] {
        if tree.get(key).is_none() {
            problems.push(
                Problem::new(Loc { line: 1, column: 1 }, key, format!("missing required field `{key}`"))
                    .hint(format!("add `{example}` at the top of the file")),
            );
        }
    }
    let checker = SchemaChecker::new(schema());
    checker.check(&tree, schema(), "", &mut problems);
    let model = match tree.get("model").map(|n| &n.value) {
        Some(Value::Str(m)) if m == "civil_violence" => ModelKind::CivilViolence,
        _ => ModelKind::DiyPolicing,
    };
    check_sections(&tree, model, &mut problems);
    check_interventions(&tree, model, &checker, &mut problems);
    if !problems.is_empty() {
        return Err(fail(problems));
    }

    let mut merged = serde_json::to_value(Scenario::defaults_for(model)).expect("defaults serialise");
    merge(&mut merged, tree.to_json());
    let mut scenario: Scenario = serde_json::from_value(merged).map_err(|e| {
        fail(vec![
            Problem::new(Loc { line: 1, column: 1 }, "", e.to_string())
                .hint("check the values' types against `diypol schema`"),
        ])
    })?;
    if scenario.name.is_none() {
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        scenario.name = Some(super::names::from_file_name(&stem));
    }

    let mut problems = semantic_problems(&scenario);
    let city = match &scenario.city.csv {
        Some(csv) => match city_csv::load(&base_dir.join(csv)) {
            Ok(grid) => {
                // The grid, not the synthetic city's settings, says how large the city is.
                scenario.city.width = grid.width;
                scenario.city.height = grid.height;
                scenario.city.population = grid.residents();
                Some(grid)
            }
            Err(e) => {
                problems.push(Problem::new(tree.locate("city.csv"), "city.csv", e.message).hint(e.hint));
                None
            }
        },
        None => None,
    };
    if !problems.is_empty() {
        for p in &mut problems {
            p.loc = tree.locate(&p.path);
        }
        return Err(fail(problems));
    }
    let mut warnings = warning_problems(&scenario);
    for p in &mut warnings {
        p.loc = tree.locate(&p.path);
    }
    Ok(LoadedScenario { scenario, file: file.to_path_buf(), city, warnings })
}

/// Deep merge: mappings merge key by key, everything else replaces.
fn merge(base: &mut serde_json::Value, over: serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(b), serde_json::Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}
