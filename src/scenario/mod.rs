//! `Scenario`: a versioned YAML file turned into validated, typed parameters.
//!
//! Loading goes text → located tree → schema check (all problems at once, with positions)
//! → merge onto the defaults → typed `Scenario` → cross-field checks. Nothing is run or
//! written unless every check passes.

pub(crate) mod check;
pub mod city_csv;
mod cv_params;
mod defaults;
mod diy_params;
mod params;
mod policy;
mod problems;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use city_csv::CityGrid;
pub use defaults::default_crime_types;
pub use params::*;
pub use problems::{Problem, Problems, did_you_mean};

use check::SchemaChecker;
use yaml::{Loc, Node};

/// Sections whose parameters only shape the initial world; changing them mid-run is meaningless.
const INIT_ONLY: &[&str] = &[
    "version",
    "model",
    "name",
    "description",
    "seed",
    "days",
    "burn_in_days",
    "city",
    "network",
    "citizens",
    "output",
    "interventions",
];

/// Single parameters outside those sections that are fixed once the world is built.
const INIT_ONLY_PATHS: &[&str] = &[
    "offending.deterrence_radius",
    "roles.group_size",
    "civil_violence.activation",
    "civil_violence.width",
    "civil_violence.height",
    "civil_violence.citizen_density",
    "civil_violence.cop_density",
    "civil_violence.citizen_vision",
    "civil_violence.cop_vision",
    "civil_violence.vision_shape",
    "civil_violence.jailed_block",
    "civil_violence.outburst_above",
    "civil_violence.outburst_below",
];

/// Crime types can be retuned mid-run but not added, nor moved between street and online.
fn crime_type_change_problem(tree: &Node, path: &str, loc: Loc, at: &str) -> Option<Problem> {
    let mut segs = path.split('.');
    if segs.next() != Some("crime_types") {
        return None;
    }
    let known: Vec<String> = default_crime_types()
        .into_keys()
        .chain(match tree.get("crime_types").map(|n| &n.value) {
            Some(yaml::Value::Map(entries)) => entries.iter().map(|(k, _, _)| k.clone()).collect(),
            _ => Vec::new(),
        })
        .collect();
    let (Some(name), Some(field)) = (segs.next(), segs.next()) else {
        return Some(
            Problem::new(loc, at, format!("`{path}` must name one field of one crime type"))
                .hint("e.g. `crime_types.burglary.report_base`"),
        );
    };
    if !known.iter().any(|k| k == name) {
        let hint = match did_you_mean(name, known.iter().map(String::as_str)) {
            Some(m) => format!("did you mean `{m}`? Types cannot be added mid-run"),
            None => format!("types cannot be added mid-run; known types: {}", known.join(", ")),
        };
        return Some(Problem::new(loc, at, format!("unknown crime type `{name}`")).hint(hint));
    }
    (field == "online").then(|| {
        Problem::new(loc, at, "a crime type cannot switch between street and online during a run")
            .hint("define a separate type instead")
    })
}

/// A scenario that passed every check, with what it was loaded from.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    pub scenario: Scenario,
    pub file: PathBuf,
    /// The CSV city, when `city.csv` is set.
    pub city: Option<CityGrid>,
    /// Settings that are legal but probably not what the author meant.
    pub warnings: Vec<Problem>,
}

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("cannot read scenario file {}: {source}\n  hint: check the path and that the file is readable", file.display())]
    Read { file: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Invalid(Problems),
}

/// The JSON Schema of scenario files (what `diypol schema` prints).
pub fn schema() -> &'static serde_json::Value {
    static SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut s = serde_json::to_value(schemars::schema_for!(Scenario)).expect("schema is JSON");
        if let Some(o) = s.as_object_mut() {
            o.insert("title".into(), "diypol scenario".into());
        }
        s
    })
}

/// Reads and checks a scenario file.
pub fn load(file: &Path) -> Result<LoadedScenario, ScenarioError> {
    let text = std::fs::read_to_string(file)
        .map_err(|source| ScenarioError::Read { file: file.to_path_buf(), source })?;
    let base_dir = file.parent().unwrap_or(Path::new("."));
    from_str(&text, file, base_dir)
}

/// Checks scenario text; `file` names it in messages and `base_dir` resolves `city.csv`.
pub fn from_str(text: &str, file: &Path, base_dir: &Path) -> Result<LoadedScenario, ScenarioError> {
    let fail = |items: Vec<Problem>| ScenarioError::Invalid(Problems { file: file.to_path_buf(), items });
    let tree = yaml::parse(text).map_err(|(loc, msg)| fail(vec![syntax_problem(loc, &msg)]))?;
    if tree.value == yaml::Value::Null {
        return Err(fail(vec![
            Problem::new(tree.loc, "", "the file is empty (only comments)")
                .hint("start with `version: 1` and `model: diy_policing`"),
        ]));
    }
    if !matches!(tree.value, yaml::Value::Map(_)) {
        return Err(fail(vec![
            Problem::new(tree.loc, "", "a scenario must be a mapping of sections")
                .hint("start with `version: 1` and `model: diy_policing`"),
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
        Some(yaml::Value::Str(m)) if m == "civil_violence" => ModelKind::CivilViolence,
        _ => ModelKind::DiyPolicing,
    };
    check_sections(&tree, model, &mut problems);
    check_interventions(&tree, model, &checker, &mut problems);
    if !problems.is_empty() {
        return Err(fail(problems));
    }

    let mut merged = serde_json::to_value(Scenario::defaults_for(model)).expect("defaults serialise");
    merge(&mut merged, tree.to_json());
    let mut scenario: Scenario = serde_json::from_value(merged)
        .map_err(|e| fail(vec![Problem::new(Loc { line: 1, column: 1 }, "", e.to_string())]))?;
    if scenario.name.is_none() {
        scenario.name = file.file_stem().map(|s| s.to_string_lossy().into_owned());
    }

    let mut problems = semantic_problems(&scenario);
    let city = match &scenario.city.csv {
        Some(csv) => match city_csv::load(&base_dir.join(csv)) {
            Ok(grid) => Some(grid),
            Err(msg) => {
                problems.push(
                    Problem::new(tree.locate("city.csv"), "city.csv", msg)
                        .hint("the CSV needs a header `x,y,population,attractiveness` and one row per cell"),
                );
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

/// A parser error, reworded where the parser's words are about itself rather than the file.
fn syntax_problem(loc: Loc, msg: &str) -> Problem {
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

/// Each model reads only its own sections; a section of the other model is a mistake, not
/// something to ignore silently.
fn check_sections(tree: &Node, model: ModelKind, out: &mut Vec<Problem>) {
    let yaml::Value::Map(entries) = &tree.value else { return };
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

/// Interventions: each `set` path must exist, be changeable at run time, and hold a valid value.
fn check_interventions(tree: &Node, model: ModelKind, checker: &SchemaChecker, out: &mut Vec<Problem>) {
    let days = match tree.get("days").map(|d| &d.value) {
        Some(yaml::Value::Int(d)) => *d,
        _ => Scenario::defaults_for(model).days as i64,
    };
    let Some(yaml::Value::Seq(items)) = tree.get("interventions").map(|n| &n.value) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let base = format!("interventions.{i}");
        if let Some(at) = item.get("at")
            && let yaml::Value::Int(t) = at.value
            && t >= days
        {
            out.push(
                Problem::new(at.loc, &format!("{base}.at"), format!("tick {t} is past the horizon")).hint(
                    format!(
                        "the run has days: {days} (ticks 0..{}); use a smaller `at` or raise `days`",
                        days - 1
                    ),
                ),
            );
        }
        let Some(yaml::Value::Map(sets)) = item.get("set").map(|n| &n.value) else {
            continue;
        };
        for (path, key_loc, value) in sets {
            let at = format!("{base}.set.{path}");
            let top = path.split('.').next().unwrap_or("");
            if path != "trust_shock" && schema_has_section(top) && !model.has_section(top)
                || path == "trust_shock" && model != ModelKind::DiyPolicing
            {
                out.push(
                    Problem::new(
                        *key_loc,
                        &at,
                        format!("`{path}` does not apply to `model: {}`", model.name()),
                    )
                    .hint(match model {
                        ModelKind::CivilViolence => "paths look like `civil_violence.legitimacy`",
                        ModelKind::DiyPolicing => {
                            "paths look like `policy.patrol` or `police.shares.response`"
                        }
                    }),
                );
                continue;
            }
            if path == "trust_shock" {
                let ok = matches!(value.value, yaml::Value::Int(_) | yaml::Value::Float(_))
                    && value.to_json().as_f64().is_some_and(|x| (-1.0..=1.0).contains(&x));
                if !ok {
                    out.push(
                        Problem::new(
                            value.loc,
                            &at,
                            format!("trust_shock must be a number in [-1, 1], found {}", value.show()),
                        )
                        .hint("e.g. `trust_shock: -0.2` lowers every citizen's trust by 0.2"),
                    );
                }
                continue;
            }
            if let Some(p) = crime_type_change_problem(tree, path, *key_loc, &at) {
                out.push(p);
                continue;
            }
            if INIT_ONLY.contains(&top) || INIT_ONLY_PATHS.contains(&path.as_str()) {
                out.push(
                    Problem::new(*key_loc, &at, format!("`{path}` cannot change during a run"))
                        .hint("it shapes the initial world; make a separate scenario instead"),
                );
                continue;
            }
            match checker.schema_at(path) {
                Ok(s) => checker.check(value, s, &at, out),
                Err((known_prefix, known)) => {
                    let last = path.rsplit('.').next().unwrap_or(path);
                    let hint = match did_you_mean(last, known.iter().map(String::as_str)) {
                        Some(m) if known_prefix.is_empty() => format!("did you mean `{m}`?"),
                        Some(m) => format!("did you mean `{known_prefix}.{m}`?"),
                        None => format!(
                            "`{path}` is not a parameter path; paths look like `policy.patrol` or `police.shares.response`"
                        ),
                    };
                    out.push(
                        Problem::new(*key_loc, &at, format!("unknown parameter path `{path}`")).hint(hint),
                    );
                }
            }
        }
    }
}

fn schema_has_section(name: &str) -> bool {
    schema().get("properties").and_then(|p| p.get(name)).is_some()
}

/// Cross-field rules the schema cannot state. Paths are located in the tree afterwards.
fn semantic_problems(s: &Scenario) -> Vec<Problem> {
    let mut out = match s.model {
        ModelKind::DiyPolicing => diy_problems(s),
        ModelKind::CivilViolence => civil_violence_problems(s),
    };
    for (i, iv) in s.interventions.iter().enumerate() {
        if i > 0 && iv.at < s.interventions[i - 1].at {
            out.push(
                Problem::new(
                    Loc::default(),
                    &format!("interventions.{i}.at"),
                    "interventions must be listed in time order",
                )
                .hint("sort the list by `at`"),
            );
        }
    }
    out
}

fn civil_violence_problems(s: &Scenario) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut push = |path: &str, msg: String, hint: String| {
        out.push(Problem::new(Loc::default(), path, msg).hint(hint));
    };
    let cv = &s.civil_violence;
    let density = cv.citizen_density + cv.cop_density;
    if density > 1.0 + 1e-12 {
        push(
            "civil_violence.cop_density",
            format!("citizen and cop densities add up to {density:.3}, more than one agent per cell"),
            "lower `citizen_density` or `cop_density` so that they sum to at most 1".into(),
        );
    }
    let vision = cv.citizen_vision.max(cv.cop_vision);
    for (field, size) in [("width", cv.width), ("height", cv.height)] {
        if size < 2 * vision + 1 {
            push(
                &format!("civil_violence.{field}"),
                format!(
                    "the grid {field} {size} is smaller than a field of vision ({} cells across)",
                    2 * vision + 1
                ),
                format!("make `{field}` at least {} or lower the vision", 2 * vision + 1),
            );
        }
    }
    if cv.width as u64 * cv.height as u64 > 16_000_000 {
        push(
            "civil_violence.width",
            format!("the grid has {} cells, more than 16 million", cv.width as u64 * cv.height as u64),
            "use a smaller grid".into(),
        );
    }
    if cv.outburst_below >= cv.outburst_above {
        push(
            "civil_violence.outburst_below",
            format!(
                "an outburst must end below where it starts (below {} is not under above {})",
                cv.outburst_below, cv.outburst_above
            ),
            "make `outburst_below` smaller than `outburst_above`".into(),
        );
    }
    if s.output.events {
        push(
            "output.events",
            "events.parquet is written only by `diy_policing` runs".into(),
            "remove `events` (civil_violence writes ticks, runs and, with `cells`, the final grid)".into(),
        );
    }
    out
}

fn diy_problems(s: &Scenario) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut push = |path: &str, msg: String, hint: &str| {
        out.push(Problem::new(Loc::default(), path, msg).hint(hint));
    };
    let shares = &s.police.shares;
    let desk = s.policy.levers().social_media_desk;
    let used = shares.response + shares.investigation + shares.tip_triage + shares.watch_liaison + desk;
    if used > 1.0 + 1e-9 {
        push(
            "police.shares",
            format!("task shares plus the social-media desk add up to {used:.3}, more than all hours"),
            "lower some shares: patrol takes whatever is left, so the sum must be at most 1",
        );
    }
    if !s.crime_types.values().any(|t| !t.online && t.share > 0.0) {
        push(
            "crime_types",
            "no street crime type has a share above 0".into(),
            "give at least one non-online type a positive `share`",
        );
    }
    let cells = s.city.width as u64 * s.city.height as u64;
    if cells > 16_000_000 {
        push("city.width", format!("the grid has {cells} cells, more than 16 million"), "use a coarser grid");
    }
    if s.network.mean_degree as u64 >= s.city.population as u64 {
        push(
            "network.mean_degree",
            "mean degree must be below the population".into(),
            "lower `network.mean_degree`",
        );
    }
    out
}

/// Contradictory lever settings: explicit levers override the stance by design, but some
/// combinations defeat themselves (a lever that needs hours its task share does not give).
fn warning_problems(s: &Scenario) -> Vec<Problem> {
    let mut out = Vec::new();
    if s.model != ModelKind::DiyPolicing {
        return out;
    }
    let mut warn =
        |path: &str, msg: String, hint: &str| out.push(Problem::new(Loc::default(), path, msg).hint(hint));
    let p = &s.policy;
    let l = p.levers();
    let stance =
        serde_json::to_value(p.stance).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    if p.stance == Stance::Suppress && l.hunters == Hunters::Partner {
        warn(
            "policy.hunters",
            format!("hunters are partnered while the stance `{stance}` suppresses them"),
            "remove `hunters` to follow the stance, or choose a stance that works with hunters",
        );
    }
    if p.stance == Stance::Suppress && l.vigilantism == Vigilantism::Tolerate {
        warn(
            "policy.vigilantism",
            format!("vigilantes are tolerated while the stance `{stance}` prosecutes them"),
            "remove `vigilantism` to follow the stance",
        );
    }
    if p.stance == Stance::Collaborate && l.watch_groups == WatchSupport::None {
        warn(
            "policy.watch_groups",
            "the `collaborate` stance without support for watch groups".into(),
            "remove `watch_groups` to coordinate groups as the stance intends",
        );
    }
    let no_desk = l.social_media_desk <= 0.0;
    for (on, lever) in [
        (l.appeals, "appeals"),
        (l.counter_misinformation, "counter_misinformation"),
        (l.transparency, "transparency"),
    ] {
        if on && no_desk {
            warn(
                &format!("policy.{lever}"),
                format!("`{lever}` is on but the social-media desk has no hours, so it will never act"),
                "give the desk a share with `policy.social_media_desk`",
            );
        }
    }
    if l.watch_groups == WatchSupport::Coordinated && s.police.shares.watch_liaison <= 0.0 {
        warn(
            "police.shares.watch_liaison",
            "watch groups are coordinated but no officer-hours go to liaison".into(),
            "without liaison hours coordinated groups get only the `registered` level of support; set `police.shares.watch_liaison`",
        );
    }
    if l.tip_verification == TipVerification::Required && s.police.shares.tip_triage <= 0.0 {
        warn(
            "police.shares.tip_triage",
            "tips must be verified but no officer-hours go to tip triage".into(),
            "every tip will be acted on unverified once it is `police.tip_max_age_days` old; set `police.shares.tip_triage`",
        );
    }
    out
}

impl Scenario {
    /// The scenario after an intervention's `set` (already validated at load time).
    pub fn with_changes(
        &self,
        set: &std::collections::BTreeMap<String, serde_json::Value>,
    ) -> Result<Scenario, String> {
        let mut json = serde_json::to_value(self).map_err(|e| e.to_string())?;
        for (path, value) in set.iter().filter(|(p, _)| p.as_str() != "trust_shock") {
            let mut slot = &mut json;
            for seg in path.split('.') {
                let obj = slot.as_object_mut().ok_or_else(|| format!("`{path}` is not a parameter path"))?;
                slot = obj.entry(seg.to_string()).or_insert(serde_json::Value::Null);
            }
            *slot = value.clone();
        }
        serde_json::from_value(json).map_err(|e| format!("invalid intervention: {e}"))
    }

    /// The resolved scenario as YAML (only the sections of its model), for output metadata.
    pub fn to_yaml(&self) -> String {
        let mut json = serde_json::to_value(self).unwrap_or_default();
        if let Some(map) = json.as_object_mut() {
            map.retain(|k, _| self.model.has_section(k));
        }
        serde_saphyr::to_string(&json).unwrap_or_else(|e| format!("# could not serialise: {e}"))
    }

    /// Total trust shock scheduled at this tick.
    pub fn trust_shock_at(&self, tick: u32) -> f64 {
        self.interventions
            .iter()
            .filter(|iv| iv.at == tick)
            .filter_map(|iv| iv.set.get("trust_shock").and_then(serde_json::Value::as_f64))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<LoadedScenario, ScenarioError> {
        from_str(text, Path::new("t.yaml"), Path::new("."))
    }

    fn problems(text: &str) -> Vec<Problem> {
        match load_text(text) {
            Err(ScenarioError::Invalid(p)) => p.items,
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn minimal_file_takes_defaults() {
        let s = load_text("version: 1\nmodel: diy_policing\n").unwrap().scenario;
        assert_eq!(s.city.population, 100_000);
        assert_eq!(s.name.as_deref(), Some("t"));
    }

    #[test]
    fn crime_type_edits_merge_into_defaults() {
        let s = load_text("version: 1\nmodel: diy_policing\ncrime_types:\n  burglary: {report_base: 0.9}\n  fraud: {share: 0.1}\n")
            .unwrap()
            .scenario;
        assert_eq!(s.crime_types["burglary"].report_base, 0.9);
        assert_eq!(s.crime_types["burglary"].sentence_days, 365);
        assert!(s.crime_types.contains_key("fraud"));
        assert_eq!(s.crime_types.len(), 7);
    }

    #[test]
    fn reports_all_problems_with_positions() {
        let p = problems(
            "version: 1\nmodel: diy_policing\npolicy:\n  patroll: hotspot\n  stance: supress\ncity:\n  width: -4\n",
        );
        assert_eq!(p.len(), 3, "{p:?}");
        assert_eq!((p[0].loc.line, p[0].path.as_str()), (4, "policy.patroll"));
        assert!(p[0].hint.as_deref().unwrap().contains("patrol"));
        assert!(p[1].hint.as_deref().unwrap().contains("suppress"));
        assert_eq!(p[2].loc.line, 7);
    }

    #[test]
    fn intervention_paths_are_checked() {
        let p = problems(
            "version: 1\nmodel: diy_policing\ndays: 100\ninterventions:\n  - at: 200\n    set: {policy.patroll: random, city.width: 3, trust_shock: 4}\n",
        );
        assert_eq!(p.len(), 4, "{p:?}");
    }

    #[test]
    fn with_changes_sets_paths() {
        let s = Scenario::default();
        let set = [("policy.patrol".to_string(), serde_json::json!("hotspot"))].into();
        assert_eq!(s.with_changes(&set).unwrap().policy.patrol, Some(Patrol::Hotspot));
    }
}
