//! A sweep plan: a base scenario, parameters to vary (lists for a full factorial, ranges
//! for Latin hypercube or Sobol sampling), replicates and a seed. Checked like a scenario —
//! every problem at once, with file:line:column and a hint — before any run starts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::rng::{Phase, Stream, key};
use crate::scenario::check::SchemaChecker;
use crate::scenario::yaml::{self, Loc, Node};
use crate::scenario::{self, LoadedScenario, Problem, Problems, ScenarioError, did_you_mean};

/// A sweep plan file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SweepPlan {
    /// Plan format version. Only 1 exists.
    #[schemars(range(min = 1, max = 1))]
    pub version: u32,
    /// The scenario every run starts from, relative to the plan file.
    pub base: PathBuf,
    /// Runs per parameter point. Replicate r uses the same seed at every point.
    #[serde(default = "one")]
    #[schemars(range(min = 1, max = 100000))]
    pub replicates: u32,
    /// Master seed of the sweep: sampling and every run's seed derive from it.
    #[serde(default = "one_u64")]
    pub seed: u64,
    /// `factorial` (every combination of listed values), `latin_hypercube` or `sobol`
    /// (ranges sampled with `samples` points), `saltelli` or `morris` (designs for
    /// `diypol sensitivity`).
    #[serde(default)]
    pub sampling: Sampling,
    /// Points to draw for `latin_hypercube` and `sobol` (a power of two for `sobol`).
    #[schemars(range(min = 1, max = 1000000))]
    pub samples: Option<u32>,
    /// Parameter paths (as in interventions, e.g. `policy.officers_per_1000`) and what to
    /// try: a list of values, or a range `{min, max, scale}`.
    pub parameters: BTreeMap<String, Values>,
}

fn one() -> u32 {
    1
}
fn one_u64() -> u64 {
    1
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sampling {
    #[default]
    Factorial,
    LatinHypercube,
    Sobol,
    /// Saltelli's design for Sobol indices: `samples` base points (a power of two) give
    /// samples × (parameters + 2) points.
    Saltelli,
    /// Morris's elementary-effects design: `samples` trajectories of parameters + 1 points
    /// on a 4-level grid.
    Morris,
}

/// Grid levels of Morris trajectories.
pub const MORRIS_LEVELS: usize = 4;

/// What to try for one parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Values {
    /// These values, in this order (full factorial).
    List(Vec<serde_json::Value>),
    /// A continuous range, sampled.
    Range(Range),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Range {
    pub min: f64,
    pub max: f64,
    /// `linear` (uniform) or `log` (log-uniform; min > 0).
    #[serde(default)]
    pub scale: Scale,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    #[default]
    Linear,
    Log,
}

/// A plan that passed every check, with its base scenario and the runs it makes.
#[derive(Debug, Clone)]
pub struct LoadedPlan {
    pub plan: SweepPlan,
    pub file: PathBuf,
    pub base: LoadedScenario,
    /// One `set` (path → value) per parameter point, in a fixed order.
    pub points: Vec<BTreeMap<String, serde_json::Value>>,
}

impl LoadedPlan {
    pub fn runs(&self) -> u64 {
        self.points.len() as u64 * self.plan.replicates as u64
    }
}

/// The JSON Schema of sweep plans.
pub fn schema() -> &'static serde_json::Value {
    static SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
    SCHEMA.get_or_init(|| serde_json::to_value(schemars::schema_for!(SweepPlan)).expect("schema is JSON"))
}

/// Paths a sweep may not vary: they identify the run or are set by the sweep itself.
const FIXED: &[&str] = &["version", "model", "name", "description", "seed", "interventions", "output"];

/// Reads and checks a plan file, its base scenario, and every parameter path and value.
pub fn load(file: &Path) -> Result<LoadedPlan, ScenarioError> {
    let text = std::fs::read_to_string(file)
        .map_err(|source| ScenarioError::Read { file: file.to_path_buf(), source })?;
    let fail = |items: Vec<Problem>| ScenarioError::Invalid(Problems { file: file.to_path_buf(), items });
    let tree = yaml::parse(&text).map_err(|(loc, msg)| {
        fail(vec![
            Problem::new(loc, "", format!("YAML syntax error: {msg}"))
                .hint("check indentation, colons and brackets near this position"),
        ])
    })?;
    let mut problems = Vec::new();
    SchemaChecker::new(schema()).check(&tree, schema(), "", &mut problems);
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    let plan: SweepPlan = serde_json::from_value(tree.to_json())
        .map_err(|e| fail(vec![Problem::new(Loc { line: 1, column: 1 }, "", e.to_string())]))?;
    let base_path = file.parent().unwrap_or(Path::new(".")).join(&plan.base);
    let base = match scenario::load(&base_path) {
        Ok(b) => b,
        // The base scenario's own problems name the base file.
        Err(ScenarioError::Read { .. }) => {
            return Err(fail(vec![
                Problem::new(
                    tree.locate("base"),
                    "base",
                    format!("cannot read the base scenario {}", base_path.display()),
                )
                .hint("`base` is a scenario file, relative to the plan file"),
            ]));
        }
        Err(e) => return Err(e),
    };
    check_parameters(&plan, &tree, &mut problems);
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    let points = points(&plan);
    // Every point must make a valid scenario (e.g. shares that add up beyond 1).
    for (i, set) in points.iter().enumerate() {
        if let Err(e) = base.scenario.with_changes(set) {
            return Err(fail(vec![
                Problem::new(
                    tree.locate("parameters"),
                    "parameters",
                    format!("point {i} makes an invalid scenario: {e}"),
                )
                .hint("narrow the ranges or lists"),
            ]));
        }
    }
    Ok(LoadedPlan { plan, file: file.to_path_buf(), base, points })
}

fn check_parameters(plan: &SweepPlan, tree: &Node, out: &mut Vec<Problem>) {
    let checker = SchemaChecker::new(scenario::schema());
    if plan.parameters.is_empty() {
        out.push(
            Problem::new(tree.locate("parameters"), "parameters", "no parameters to vary")
                .hint("add e.g. `policy.officers_per_1000: [2.0, 2.5, 3.0]`"),
        );
    }
    let ranged = plan.sampling != Sampling::Factorial;
    match (plan.sampling, plan.samples) {
        (Sampling::Factorial, Some(_)) => out.push(
            Problem::new(
                tree.locate("samples"),
                "samples",
                "`samples` applies to `latin_hypercube` and `sobol` sampling",
            )
            .hint("a factorial plan runs every combination of the listed values; remove `samples`"),
        ),
        (Sampling::LatinHypercube | Sampling::Sobol | Sampling::Saltelli | Sampling::Morris, None) => out
            .push(
                Problem::new(tree.locate("sampling"), "samples", "sampled plans need `samples`")
                    .hint("add e.g. `samples: 64`"),
            ),
        (Sampling::Sobol, Some(n)) if !n.is_power_of_two() => out.push(
            Problem::new(
                tree.locate("samples"),
                "samples",
                format!("Sobol sampling needs a power of two, found {n}"),
            )
            .hint(format!("use {} or {}", n.next_power_of_two() / 2, n.next_power_of_two())),
        ),
        _ => {}
    }
    for (path, values) in &plan.parameters {
        let at = format!("parameters.{path}");
        let key_loc = tree.locate(&at);
        let top = path.split('.').next().unwrap_or("");
        if FIXED.contains(&top) {
            out.push(
                Problem::new(key_loc, &at, format!("`{path}` cannot be swept"))
                    .hint("the sweep sets names, seeds and outputs itself"),
            );
            continue;
        }
        let schema = match checker.schema_at(path) {
            Ok(s) => s,
            Err((prefix, known)) => {
                let last = path.rsplit('.').next().unwrap_or(path);
                let hint = match did_you_mean(last, known.iter().map(String::as_str)) {
                    Some(m) if prefix.is_empty() => format!("did you mean `{m}`?"),
                    Some(m) => format!("did you mean `{prefix}.{m}`?"),
                    None => "paths look like `policy.officers_per_1000` or `crowd.rashness`".into(),
                };
                out.push(Problem::new(key_loc, &at, format!("unknown parameter path `{path}`")).hint(hint));
                continue;
            }
        };
        match values {
            Values::List(list) => {
                if ranged {
                    out.push(
                        Problem::new(key_loc, &at, "a sampled plan needs a range here, not a list")
                            .hint("write `{min: 0.1, max: 0.5}`, or use `sampling: factorial`"),
                    );
                }
                if list.is_empty() {
                    out.push(
                        Problem::new(key_loc, &at, "an empty list of values").hint("list at least one value"),
                    );
                }
                // Each value is checked as a scenario would check it.
                if let Some(yaml::Value::Seq(items)) =
                    tree.get("parameters").and_then(|p| p.get(path)).map(|n| &n.value)
                {
                    for (i, item) in items.iter().enumerate() {
                        checker.check(item, schema, &format!("{at}.{i}"), out);
                    }
                }
            }
            Values::Range(r) => {
                if !ranged {
                    out.push(
                        Problem::new(
                            key_loc,
                            &at,
                            "a factorial plan needs a list of values here, not a range",
                        )
                        .hint("write `[0.1, 0.3, 0.5]`, or use `sampling: latin_hypercube` or `sobol`"),
                    );
                }
                let numeric = schema.get("type").is_some_and(|t| t == "number" || t == "integer");
                if !numeric {
                    out.push(
                        Problem::new(
                            key_loc,
                            &at,
                            format!("`{path}` is not a number, so it cannot take a range"),
                        )
                        .hint("list its values instead"),
                    );
                }
                if r.min >= r.max || r.min.is_nan() || r.max.is_nan() {
                    out.push(
                        Problem::new(
                            key_loc,
                            &at,
                            format!("the range is empty or reversed: min {} ≥ max {}", r.min, r.max),
                        )
                        .hint("write the smaller bound as `min`"),
                    );
                }
                if r.scale == Scale::Log && r.min <= 0.0 {
                    out.push(
                        Problem::new(key_loc, &at, "a log scale needs min > 0")
                            .hint("raise `min` or use `scale: linear`"),
                    );
                }
                for (bound, v) in [("min", r.min), ("max", r.max)] {
                    let node = Node { value: yaml::Value::Float(v), loc: key_loc };
                    let mut inner = Vec::new();
                    checker.check(&node, schema, &format!("{at}.{bound}"), &mut inner);
                    out.extend(inner);
                }
            }
        }
    }
}

/// Parameter points in a fixed order. Factorial: every combination, the last parameter
/// (by name) varying fastest. Sampled: `samples` points of the unit cube mapped to ranges.
pub fn points(plan: &SweepPlan) -> Vec<BTreeMap<String, serde_json::Value>> {
    let names: Vec<&String> = plan.parameters.keys().collect();
    match plan.sampling {
        Sampling::Factorial => {
            let mut out = vec![BTreeMap::new()];
            for name in &names {
                let Values::List(list) = &plan.parameters[*name] else { continue };
                out = out
                    .into_iter()
                    .flat_map(|p| {
                        list.iter().map(move |v| {
                            let mut q = p.clone();
                            q.insert((*name).clone(), v.clone());
                            q
                        })
                    })
                    .collect();
            }
            out
        }
        _ => {
            let unit = unit_design(plan);
            // Integer parameters (a grid radius, a jail term) take rounded values.
            let checker = SchemaChecker::new(scenario::schema());
            let integer: Vec<bool> = names
                .iter()
                .map(|p| checker.schema_at(p).is_ok_and(|s| s.get("type").is_some_and(|t| t == "integer")))
                .collect();
            unit.iter()
                .map(|u| {
                    names
                        .iter()
                        .zip(u)
                        .zip(&integer)
                        .map(|((name, &x), &integer)| {
                            let Values::Range(r) = &plan.parameters[*name] else {
                                unreachable!("checked: ranges")
                            };
                            let v = match r.scale {
                                Scale::Linear => r.min + x * (r.max - r.min),
                                Scale::Log => (r.min.ln() + x * (r.max.ln() - r.min.ln())).exp(),
                            };
                            let v = if integer {
                                serde_json::json!(v.round() as i64)
                            } else {
                                serde_json::json!(v)
                            };
                            ((*name).clone(), v)
                        })
                        .collect()
                })
                .collect()
        }
    }
}

/// The sampled design on the unit cube, one row per point, columns in parameter-name order.
pub fn unit_design(plan: &SweepPlan) -> Vec<Vec<f64>> {
    let (n, d) = (plan.samples.unwrap_or(1) as usize, plan.parameters.len());
    match plan.sampling {
        Sampling::Factorial => Vec::new(),
        Sampling::LatinHypercube => latin_hypercube(n, d, plan.seed),
        Sampling::Sobol => sobol_points(n, d),
        Sampling::Saltelli => crate::sensitivity::saltelli_design(n, d),
        Sampling::Morris => crate::sensitivity::morris_design(n, d, MORRIS_LEVELS, plan.seed),
    }
}

/// The first `n` points of the `d`-dimensional Sobol sequence (Joe–Kuo direction numbers).
pub fn sobol_points(n: usize, d: usize) -> Vec<Vec<f64>> {
    let params = sobol::params::JoeKuoD6::minimal();
    sobol::Sobol::<f64>::new(d, &params).take(n).collect()
}

/// `n` points in `d` dimensions, one in each of `n` equal strata per dimension, at a
/// random place in its stratum; strata matched across dimensions at random (seeded).
pub fn latin_hypercube(n: usize, d: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = Stream::seed_from_u64(key(seed, 0, Phase::Sweep, 0));
    let columns: Vec<Vec<f64>> = (0..d)
        .map(|_| {
            let mut strata: Vec<usize> = (0..n).collect();
            strata.shuffle(&mut rng);
            strata.into_iter().map(|s| (s as f64 + rng.random::<f64>()) / n as f64).collect()
        })
        .collect();
    (0..n).map(|i| columns.iter().map(|c| c[i]).collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_hypercube_fills_every_stratum_once() {
        let pts = latin_hypercube(10, 3, 5);
        for dim in 0..3 {
            let mut strata: Vec<usize> = pts.iter().map(|p| (p[dim] * 10.0) as usize).collect();
            strata.sort();
            assert_eq!(strata, (0..10).collect::<Vec<_>>());
        }
        assert_eq!(pts, latin_hypercube(10, 3, 5));
    }

    #[test]
    fn sobol_points_are_balanced() {
        let pts = sobol_points(16, 2);
        assert_eq!(pts.len(), 16);
        // A (0,m,2) net: each half of each axis holds exactly half the points.
        for dim in 0..2 {
            assert_eq!(pts.iter().filter(|p| p[dim] < 0.5).count(), 8);
        }
    }
}
