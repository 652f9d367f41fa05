//! Loading: text → located tree → its parent under it (`extends:`) and `--set` values over
//! it → schema check (all problems at once, with positions) → merge onto the defaults →
//! typed `Scenario` → cross-field checks.

use std::path::{Path, PathBuf};

use super::assign::{self, Assignment, Origin};
use super::city_csv;
use super::interventions::check_interventions;
use super::loaded::LoadedScenario;
use super::params::{ModelKind, Scenario, schema};
use super::rules::{semantic_problems, warning_problems};
use super::sections::check_sections;
use crate::error::Error;
use crate::input::{self, Loc, Node, Problem, Problems, SchemaChecker, Value};

/// Reads and checks a scenario file.
pub fn load(file: &Path) -> Result<LoadedScenario, Error> {
    load_with(file, &[])
}

/// Reads a scenario file, applies `--set` values over it, and checks the result.
pub fn load_with(file: &Path, sets: &[Assignment]) -> Result<LoadedScenario, Error> {
    let text = input::read_text(file)?;
    let base_dir = file.parent().unwrap_or(Path::new("."));
    let mut chain = vec![canonical(file)];
    checked(&text, file, base_dir, sets, &mut chain).map(|(l, _)| l)
}

/// Checks scenario text; `file` names it in messages and `base_dir` resolves `city.csv`
/// and `extends`.
pub fn from_str(text: &str, file: &Path, base_dir: &Path) -> Result<LoadedScenario, Error> {
    checked(text, file, base_dir, &[], &mut vec![canonical(file)]).map(|(l, _)| l)
}

/// Checks scenario text with `--set` values applied over it (the live page's settings).
pub fn from_str_with(
    text: &str,
    file: &Path,
    base_dir: &Path,
    sets: &[Assignment],
) -> Result<LoadedScenario, Error> {
    checked(text, file, base_dir, sets, &mut vec![canonical(file)]).map(|(l, _)| l)
}

fn canonical(file: &Path) -> PathBuf {
    file.canonicalize().unwrap_or_else(|_| file.to_path_buf())
}

/// The scenario and the tree it was made from (its parents merged in, `--set` applied);
/// `chain` holds the files being loaded, to refuse a cycle of `extends`.
fn checked(
    text: &str,
    file: &Path,
    base_dir: &Path,
    sets: &[Assignment],
    chain: &mut Vec<PathBuf>,
) -> Result<(LoadedScenario, Node), Error> {
    let fail = |items: Vec<Problem>| Error::Invalid(Problems { file: file.to_path_buf(), items });
    let mut tree =
        input::yaml::parse(text).map_err(|(loc, msg)| fail(vec![input::syntax_problem(loc, &msg)]))?;
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
    if tree.is_calibration_spec() {
        return Err(fail(vec![
            Problem::new(tree.locate("targets"), "targets", "this is a calibration spec, not a scenario")
                .hint(format!("run it with `diypol calibrate {}`", file.display())),
        ]));
    }
    if tree.is_sweep_plan() {
        return Err(fail(vec![
            Problem::new(tree.locate("base"), "base", "this is a sweep plan, not a scenario")
                .hint(format!("run it with `diypol sweep {} --out DIR`", file.display())),
        ]));
    }
    let mut origin = Origin::default();
    if let Some((key_at, node)) = assign::take(&mut tree, "extends") {
        let (parent_tree, parents) = parent(&node, file, base_dir, chain)?;
        origin.parents = parents;
        tree = assign::over_parent(parent_tree, tree, key_at);
    }
    for (i, a) in sets.iter().enumerate() {
        assign::set(&mut tree, &a.path, a.value.clone(), assign::command_line(i));
        origin.sets.push(a.text.clone());
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
    Ok((LoadedScenario { scenario, file: file.to_path_buf(), city, warnings, origin }, tree))
}

/// The parent a scenario `extends`, checked on its own first (its problems name its own
/// file), as a tree to merge under the child, with the files it came from (nearest first).
fn parent(
    node: &Node,
    file: &Path,
    base_dir: &Path,
    chain: &mut Vec<PathBuf>,
) -> Result<(Node, Vec<PathBuf>), Error> {
    let fail = |p: Problem| Error::Invalid(Problems { file: file.to_path_buf(), items: vec![p] });
    let Value::Str(rel) = &node.value else {
        return Err(fail(
            Problem::new(node.loc, "extends", format!("expected a file name, found {}", node.show()))
                .hint("write `extends: baseline.yaml` (relative to this file)"),
        ));
    };
    let parent_file = base_dir.join(rel);
    let unreadable = || {
        fail(
            Problem::new(node.loc, "extends", format!("cannot read the scenario {}", parent_file.display()))
                .hint("`extends` names a scenario file, relative to this file"),
        )
    };
    let canon = parent_file.canonicalize().map_err(|_| unreadable())?;
    if let Some(at) = chain.iter().position(|f| *f == canon) {
        let mut cycle: Vec<String> = chain[at..].iter().map(|f| f.display().to_string()).collect();
        cycle.push(canon.display().to_string());
        return Err(fail(
            Problem::new(node.loc, "extends", format!("`extends` makes a cycle: {}", cycle.join(" → ")))
                .hint("a scenario may not extend itself, directly or through others"),
        ));
    }
    let text = input::read_text(&parent_file).map_err(|_| unreadable())?;
    chain.push(canon.clone());
    let parent_dir = canon.parent().unwrap_or(Path::new("/")).to_path_buf();
    let (loaded, mut tree) = checked(&text, &parent_file, &parent_dir, &[], chain)?;
    chain.pop();
    // The parent's CSV city is relative to the parent, wherever the child is.
    if let Some(Value::Str(csv)) = tree.get("city").and_then(|c| c.get("csv")).map(|n| n.value.clone()) {
        let at = tree.locate("city.csv");
        let path = parent_dir.join(csv).display().to_string();
        assign::set(&mut tree, "city.csv", Node { value: Value::Str(path), loc: at }, at);
    }
    let mut parents = vec![parent_file];
    parents.extend(loaded.origin.parents);
    Ok((tree, parents))
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
