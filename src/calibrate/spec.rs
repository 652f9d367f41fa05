//! The calibration spec file: what to fit (parameters with priors), to what (targets from
//! the catalogue, each with its uncertainty and source), how (ABC-SMC settings), checked
//! like scenarios and sweep plans — every problem at once, with file:line:column and a hint.

// `!(x > 0.0)` on purpose: NaN fails every check. Index loops mirror the formulas.
#![allow(clippy::neg_cmp_op_on_partial_ord, clippy::collapsible_match)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::prior::Prior;
pub use super::toy::ToySpec;
use crate::catalogue::{File, Role};
use crate::error::Error;
use crate::input::{self, Loc, Node, Problem, Problems, SchemaChecker};
use crate::scenario::{self, LoadedScenario};

/// A calibration spec file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalibrationSpec {
    /// Spec format version. Only 1 exists.
    #[schemars(range(min = 1, max = 1))]
    pub version: u32,
    /// The scenario to calibrate, relative to this file. Exactly one of `base` and `toy`.
    pub base: Option<PathBuf>,
    /// A toy model with a known posterior instead of a scenario, to check the method.
    pub toy: Option<ToySpec>,
    /// Settings of every calibration run that are not fitted (a smaller city, a shorter
    /// run), as parameter paths. The calibrated scenario and the ensemble leave them out.
    #[serde(default)]
    pub fixed: BTreeMap<String, serde_json::Value>,
    /// Parameter paths (as in sweep plans) and their priors.
    pub parameters: BTreeMap<String, PriorSpec>,
    /// Indicators of the runs table and what they should be.
    pub targets: BTreeMap<String, TargetSpec>,
    /// Runs per particle; the targets are compared with their mean.
    #[serde(default = "one")]
    #[schemars(range(min = 1, max = 1000))]
    pub replicates: u32,
    /// Master seed: proposals and every run's seed derive from it.
    #[serde(default = "one_u64")]
    pub seed: u64,
    #[serde(default)]
    pub method: MethodSpec,
    #[serde(default)]
    pub predictive: PredictiveSpec,
}

fn one() -> u32 {
    1
}
fn one_u64() -> u64 {
    1
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PriorKind {
    Uniform,
    LogUniform,
    /// A normal truncated to [min, max].
    Normal,
}

/// A prior: `{prior: uniform, min: 0.1, max: 0.5}`, `{prior: normal, mean, sd, min, max}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorSpec {
    pub prior: PriorKind,
    pub min: f64,
    pub max: f64,
    /// Normal priors only.
    pub mean: Option<f64>,
    /// Normal priors only (> 0).
    pub sd: Option<f64>,
    /// Where the prior's range comes from (a paper, a statistic, "assumption").
    pub source: Option<String>,
}

impl PriorSpec {
    pub fn prior(&self) -> Prior {
        match self.prior {
            PriorKind::Uniform => Prior::Uniform { min: self.min, max: self.max },
            PriorKind::LogUniform => Prior::LogUniform { min: self.min, max: self.max },
            PriorKind::Normal => Prior::Normal {
                mean: self.mean.unwrap_or(0.5 * (self.min + self.max)),
                sd: self.sd.unwrap_or(self.max - self.min),
                min: self.min,
                max: self.max,
            },
        }
    }
}

/// A target: a value with its standard error (`{value: 80, sd: 2.5}`), or a range
/// (`{min: 0.35, max: 0.45}`, either bound alone with `sd`), and its source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetSpec {
    pub value: Option<f64>,
    /// The value's uncertainty; for a range, the scale of distances outside it
    /// [default: a quarter of the range's width].
    pub sd: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Where the target comes from.
    pub source: String,
}

/// How far a simulated value is from a target, in units of its uncertainty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    Value {
        value: f64,
        sd: f64,
    },
    /// Zero inside the range; outside, the gap to the nearer bound over `sd`.
    Range {
        min: f64,
        max: f64,
        sd: f64,
    },
}

impl Target {
    pub fn deviation(self, x: f64) -> f64 {
        if !x.is_finite() {
            return f64::INFINITY;
        }
        match self {
            Target::Value { value, sd } => (x - value) / sd,
            Target::Range { min, max, sd } => {
                if x < min {
                    (x - min) / sd
                } else if x > max {
                    (x - max) / sd
                } else {
                    0.0
                }
            }
        }
    }

    /// The target's centre and its interval (value ± 2 sd, or the range), for charts.
    pub fn interval(self) -> (f64, f64) {
        match self {
            Target::Value { value, sd } => (value - 2.0 * sd, value + 2.0 * sd),
            Target::Range { min, max, .. } => (min, max),
        }
    }

    pub fn describe(self) -> String {
        match self {
            Target::Value { value, sd } => format!("{value} ± {sd}"),
            Target::Range { min, max, .. } if min == f64::NEG_INFINITY => format!("≤ {max}"),
            Target::Range { min, max, .. } if max == f64::INFINITY => format!("≥ {min}"),
            Target::Range { min, max, .. } => format!("{min}–{max}"),
        }
    }
}

impl TargetSpec {
    /// The checked target (after `load`, every combination left is valid).
    pub fn target(&self) -> Target {
        match self.value {
            Some(value) => Target::Value { value, sd: self.sd.unwrap_or(1.0) },
            None => {
                let (min, max) = (self.min.unwrap_or(f64::NEG_INFINITY), self.max.unwrap_or(f64::INFINITY));
                let sd = self.sd.unwrap_or((max - min) / 4.0);
                Target::Range { min, max, sd }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MethodName {
    /// Sequential Monte Carlo ABC (Toni et al. 2009; Beaumont et al. 2009).
    #[default]
    AbcSmc,
}

/// ABC-SMC settings and its stopping rule: it stops after the first generation whose
/// tolerance is at most `tolerance`, whose acceptance rate is below `min_acceptance`, or
/// which is generation `max_generations`; and before a generation that would need more
/// than `budget` simulated particles in all (the last whole generation is the result).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MethodSpec {
    pub name: MethodName,
    /// Accepted particles per generation.
    #[schemars(range(min = 10, max = 1000000))]
    pub particles: u32,
    /// Each tolerance is this weighted quantile of the previous generation's distances.
    #[schemars(range(min = 0.05, max = 0.95))]
    pub quantile: f64,
    /// Stop once the tolerance (root-mean-square deviation, in target uncertainties) is
    /// at most this.
    #[schemars(range(min = 0.0))]
    pub tolerance: f64,
    #[schemars(range(min = 0.0, max = 1.0))]
    pub min_acceptance: f64,
    #[schemars(range(min = 1, max = 100))]
    pub max_generations: u32,
    /// Most particles simulated in all (each `replicates` runs).
    #[schemars(range(min = 10))]
    pub budget: u64,
}

impl Default for MethodSpec {
    fn default() -> Self {
        MethodSpec {
            name: MethodName::AbcSmc,
            particles: 200,
            quantile: 0.5,
            tolerance: 0.0,
            min_acceptance: 0.02,
            max_generations: 10,
            budget: 100_000,
        }
    }
}

/// The posterior predictive: draws from the posterior simulated afresh (new seeds, all
/// indicators), which also make the ensemble `compare --ensemble` uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PredictiveSpec {
    #[schemars(range(min = 2, max = 100000))]
    pub draws: u32,
    #[schemars(range(min = 1, max = 1000))]
    pub replicates: u32,
}

impl Default for PredictiveSpec {
    fn default() -> Self {
        PredictiveSpec { draws: 100, replicates: 1 }
    }
}

/// The JSON Schema of calibration specs.
pub fn schema() -> &'static serde_json::Value {
    static SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
    SCHEMA
        .get_or_init(|| serde_json::to_value(schemars::schema_for!(CalibrationSpec)).expect("schema is JSON"))
}

/// What is calibrated: a scenario, or a toy model.
#[derive(Debug, Clone)]
pub enum Subject {
    Scenario(Box<LoadedScenario>),
    Toy(super::toy::Toy),
}

/// A spec that passed every check, with its subject.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    pub spec: CalibrationSpec,
    pub file: PathBuf,
    pub subject: Subject,
    /// Parameter paths and priors, in the spec's (sorted) order.
    pub parameters: Vec<(String, Prior)>,
    /// Indicator names and targets, sorted.
    pub targets: Vec<(String, Target)>,
}

impl LoadedSpec {
    pub fn priors(&self) -> Vec<Prior> {
        self.parameters.iter().map(|(_, p)| *p).collect()
    }
}

/// Paths a calibration may not fit or fix: they identify the run or are set by it.
const FIXED: &[&str] = &["version", "model", "name", "description", "seed", "interventions", "output"];

/// The node at `path` (keys, which may hold dots), or the deepest one found on the way.
fn locate(tree: &Node, path: &[&str]) -> Loc {
    let mut node = tree;
    for key in path {
        match node.get(key) {
            Some(n) => node = n,
            None => break,
        }
    }
    node.loc
}

/// Reads and checks a spec file and its base scenario.
pub fn load(file: &Path) -> Result<LoadedSpec, Error> {
    let text = input::read_text(file)?;
    let fail = |items: Vec<Problem>| Error::Invalid(Problems { file: file.to_path_buf(), items });
    let (tree, problems) = input::parse_checked(&text, schema()).map_err(|p| fail(vec![p]))?;
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    let spec: CalibrationSpec = serde_json::from_value(tree.to_json())
        .map_err(|e| fail(vec![Problem::new(Loc { line: 1, column: 1 }, "", e.to_string())]))?;
    let mut problems = Vec::new();
    let subject = match (&spec.base, &spec.toy) {
        (Some(base), None) => {
            let path = file.parent().unwrap_or(Path::new(".")).join(base);
            match scenario::load(&path) {
                Ok(b) => Some(Subject::Scenario(Box::new(b))),
                Err(Error::ReadInput { .. }) => {
                    problems.push(
                        Problem::new(
                            locate(&tree, &["base"]),
                            "base",
                            format!("cannot read the base scenario {}", path.display()),
                        )
                        .hint("`base` is a scenario file, relative to the spec file"),
                    );
                    None
                }
                // The base scenario's own problems name the base file.
                Err(e) => return Err(e),
            }
        }
        (None, Some(toy)) => match super::toy::Toy::from_spec(toy) {
            Ok(t) => Some(Subject::Toy(t)),
            Err((field, message, hint)) => {
                let at = format!("toy.{field}");
                problems.push(Problem::new(locate(&tree, &["toy", field]), &at, message).hint(hint));
                None
            }
        },
        (Some(_), Some(_)) => {
            problems.push(
                Problem::new(
                    locate(&tree, &["toy"]),
                    "toy",
                    "a spec calibrates a `base` scenario or a `toy`, not both",
                )
                .hint("remove one of them"),
            );
            None
        }
        (None, None) => {
            problems.push(
                Problem::new(
                    Loc { line: 1, column: 1 },
                    "base",
                    "missing `base` (the scenario to calibrate)",
                )
                .hint("add e.g. `base: ../scenarios/baseline.yaml`"),
            );
            None
        }
    };
    let Some(subject) = subject else {
        return Err(fail(problems));
    };
    check_parameters(&spec, &tree, &subject, &mut problems);
    check_targets(&spec, &tree, &subject, &mut problems);
    check_fixed(&spec, &tree, &subject, &mut problems);
    if spec.predictive.draws as u64 > spec.method.budget {
        problems.push(
            Problem::new(
                locate(&tree, &["predictive", "draws"]),
                "predictive.draws",
                "more predictive draws than the budget of simulations",
            )
            .hint("lower `predictive.draws` or raise `method.budget`"),
        );
    }
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    // Every corner of the prior box (up to ten parameters) and its middle, with the fixed
    // settings, must make a valid scenario: found now, not after hours of runs.
    if let Subject::Scenario(base) = &subject {
        let d = spec.parameters.len();
        let corners = if d <= 10 { 1u64 << d } else { 0 };
        let points = (0..corners).map(Some).chain(std::iter::once(None));
        for c in points {
            let mut set = spec.fixed.clone();
            for (i, (path, p)) in spec.parameters.iter().enumerate() {
                let v = match c {
                    Some(c) if (c >> i) & 1 == 1 => p.max,
                    Some(_) => p.min,
                    None => p.prior().mean_value(),
                };
                set.insert(path.clone(), number(path, v));
            }
            if let Err(e) = base.scenario.with_changes(&set) {
                let why = match e {
                    Error::Usage { message, .. } => message,
                    other => other.to_string(),
                };
                let what = if c.is_some() { "a corner of the priors' box" } else { "the priors' middle" };
                return Err(fail(vec![
                    Problem::new(
                        locate(&tree, &["parameters"]),
                        "parameters",
                        format!("{what} makes an invalid scenario: {why}"),
                    )
                    .hint("narrow the priors' ranges"),
                ]));
            }
        }
    }
    let parameters = spec.parameters.iter().map(|(k, p)| (k.clone(), p.prior())).collect();
    let targets = spec.targets.iter().map(|(k, t)| (k.clone(), t.target())).collect();
    Ok(LoadedSpec { spec, file: file.to_path_buf(), subject, parameters, targets })
}

/// A parameter value as JSON, integer where the scenario schema wants one.
pub fn number(path: &str, v: f64) -> serde_json::Value {
    let integer = SchemaChecker::new(scenario::schema())
        .schema_at(path)
        .ok()
        .and_then(|s| s.get("type"))
        .is_some_and(|t| t == "integer");
    if integer { serde_json::Value::from(v.round() as i64) } else { serde_json::Value::from(v) }
}

fn check_parameters(spec: &CalibrationSpec, tree: &Node, subject: &Subject, out: &mut Vec<Problem>) {
    if spec.parameters.is_empty() {
        out.push(
            Problem::new(locate(tree, &["parameters"]), "parameters", "no parameters to fit")
                .hint("add e.g. `offending.r_off: {prior: uniform, min: 0.03, max: 0.07}`"),
        );
    }
    let checker = SchemaChecker::new(scenario::schema());
    for (path, p) in &spec.parameters {
        let at = format!("parameters.{path}");
        let key_loc = locate(tree, &["parameters", path]);
        let field = |f: &str| locate(tree, &["parameters", path, f]);
        match subject {
            Subject::Toy(toy) => {
                if !toy.parameters().contains(&path.as_str()) {
                    out.push(
                        Problem::new(
                            key_loc,
                            &at,
                            format!("the {} toy has no parameter `{path}`", toy.name()),
                        )
                        .hint(format!("its parameters: {}", toy.parameters().join(", "))),
                    );
                }
            }
            Subject::Scenario(_) => {
                let top = path.split('.').next().unwrap_or("");
                if FIXED.contains(&top) {
                    out.push(
                        Problem::new(key_loc, &at, format!("`{path}` cannot be fitted"))
                            .hint("calibration sets names, seeds and outputs itself"),
                    );
                    continue;
                }
                match checker.schema_at(path) {
                    Err((prefix, known)) => {
                        let example = "`offending.r_off` or `crime_types.burglary.report_base`";
                        out.push(input::unknown_path(key_loc, &at, path, &prefix, &known, example));
                        continue;
                    }
                    Ok(schema) => {
                        let numeric = schema.get("type").is_some_and(|t| t == "number" || t == "integer");
                        if !numeric {
                            out.push(
                                Problem::new(
                                    key_loc,
                                    &at,
                                    format!("`{path}` is not a number, so it cannot be fitted"),
                                )
                                .hint("fit numeric parameters; set others in the base scenario"),
                            );
                            continue;
                        }
                        for (bound, v) in [("min", p.min), ("max", p.max)] {
                            let node = Node { value: input::Value::Float(v), loc: field(bound) };
                            checker.check(&node, schema, &format!("{at}.{bound}"), out);
                        }
                    }
                }
                if spec.fixed.contains_key(path) {
                    out.push(
                        Problem::new(key_loc, &at, format!("`{path}` is both fitted and fixed"))
                            .hint("remove it from `fixed` or from `parameters`"),
                    );
                }
            }
        }
        if !(p.min < p.max) {
            out.push(
                Problem::new(
                    field("min"),
                    &format!("{at}.min"),
                    format!("the prior's range is empty or reversed: min {} ≥ max {}", p.min, p.max),
                )
                .hint("write the smaller bound as `min`"),
            );
        }
        match p.prior {
            PriorKind::LogUniform if p.min <= 0.0 => out.push(
                Problem::new(field("min"), &format!("{at}.min"), "a log-uniform prior needs min > 0")
                    .hint("raise `min` or use `prior: uniform`"),
            ),
            PriorKind::Normal => {
                if p.mean.is_none() || p.sd.is_none_or(|s| !(s > 0.0)) {
                    out.push(
                        Problem::new(key_loc, &at, "a normal prior needs `mean` and `sd` > 0")
                            .hint("write e.g. `{prior: normal, mean: 0.5, sd: 0.1, min: 0.2, max: 0.8}`"),
                    );
                }
            }
            PriorKind::Uniform | PriorKind::LogUniform if p.mean.is_some() || p.sd.is_some() => out.push(
                Problem::new(key_loc, &at, "`mean` and `sd` belong to normal priors")
                    .hint("remove them, or write `prior: normal`"),
            ),
            _ => {}
        }
    }
}

fn check_targets(spec: &CalibrationSpec, tree: &Node, subject: &Subject, out: &mut Vec<Problem>) {
    if spec.targets.is_empty() {
        out.push(
            Problem::new(locate(tree, &["targets"]), "targets", "no targets to fit to")
                .hint("add e.g. `share_reported: {min: 0.35, max: 0.45, source: NCVS 2016}`"),
        );
    }
    for (name, t) in &spec.targets {
        let at = format!("targets.{name}");
        let key_loc = locate(tree, &["targets", name]);
        match subject {
            Subject::Toy(toy) => {
                if !toy.outputs().contains(&name.as_str()) {
                    out.push(
                        Problem::new(key_loc, &at, format!("the {} toy has no output `{name}`", toy.name()))
                            .hint(format!("its outputs: {}", toy.outputs().join(", "))),
                    );
                }
            }
            Subject::Scenario(base) => {
                let model = base.scenario.model;
                let known = crate::catalogue::find(File::Runs, model, name)
                    .is_some_and(|e| e.role == Role::Indicator);
                if !known {
                    let names: Vec<String> = crate::catalogue::of(File::Runs, model)
                        .filter(|e| e.role == Role::Indicator && !e.is_family())
                        .map(|e| e.name.to_string())
                        .collect();
                    let hint = crate::catalogue::indicator_hint(model, name, &names);
                    out.push(
                        Problem::new(key_loc, &at, format!("`{name}` is not an indicator of the runs table"))
                            .hint(hint),
                    );
                }
            }
        }
        let field = |f: &str| locate(tree, &["targets", name, f]);
        if t.source.trim().is_empty() {
            out.push(
                Problem::new(field("source"), &format!("{at}.source"), "a target needs its source")
                    .hint("name the paper or statistic, e.g. `source: FBI UCR 2019`"),
            );
        }
        match (t.value, t.min, t.max) {
            (Some(_), None, None) => {
                if t.sd.is_none_or(|s| !(s > 0.0)) {
                    out.push(
                        Problem::new(key_loc, &at, "a target value needs its uncertainty `sd` > 0")
                            .hint("write e.g. `{value: 80, sd: 2.5, source: ...}`"),
                    );
                }
            }
            (Some(_), _, _) => out.push(
                Problem::new(key_loc, &at, "a target is a `value` or a range (`min`, `max`), not both")
                    .hint("keep one of them"),
            ),
            (None, None, None) => out.push(
                Problem::new(key_loc, &at, "a target needs a `value` (with `sd`) or a range (`min`, `max`)")
                    .hint("write e.g. `{min: 0.35, max: 0.45, source: ...}`"),
            ),
            (None, lo, hi) => {
                if let (Some(lo), Some(hi)) = (lo, hi)
                    && !(lo < hi)
                {
                    out.push(
                        Problem::new(
                            field("min"),
                            &format!("{at}.min"),
                            format!("the range is empty or reversed: min {lo} ≥ max {hi}"),
                        )
                        .hint("write the smaller bound as `min`"),
                    );
                }
                let one_sided = lo.is_none() || hi.is_none();
                if t.sd.is_some_and(|s| !(s > 0.0)) || (one_sided && t.sd.is_none()) {
                    out.push(
                        Problem::new(
                            key_loc,
                            &at,
                            "a one-sided range needs `sd` > 0: the scale of distances beyond its bound",
                        )
                        .hint("write e.g. `{min: 0.75, sd: 0.02, source: ...}`"),
                    );
                }
            }
        }
    }
}

fn check_fixed(spec: &CalibrationSpec, tree: &Node, subject: &Subject, out: &mut Vec<Problem>) {
    if spec.fixed.is_empty() {
        return;
    }
    if let Subject::Toy(_) = subject {
        out.push(
            Problem::new(locate(tree, &["fixed"]), "fixed", "a toy model has no settings to fix")
                .hint("remove `fixed`"),
        );
        return;
    }
    let checker = SchemaChecker::new(scenario::schema());
    let Some(fixed) = tree.get("fixed") else { return };
    for path in spec.fixed.keys() {
        let at = format!("fixed.{path}");
        let key_loc = locate(tree, &["fixed", path]);
        let top = path.split('.').next().unwrap_or("");
        if FIXED.contains(&top) {
            out.push(
                Problem::new(key_loc, &at, format!("`{path}` cannot be fixed"))
                    .hint("calibration sets names, seeds and outputs itself"),
            );
            continue;
        }
        match checker.schema_at(path) {
            Ok(schema) => {
                if let Some(node) = fixed.get(path) {
                    checker.check(node, schema, &at, out);
                }
            }
            Err((prefix, known)) => {
                out.push(input::unknown_path(
                    key_loc,
                    &at,
                    path,
                    &prefix,
                    &known,
                    "`city.population` or `days`",
                ));
            }
        }
    }
}
