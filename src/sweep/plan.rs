//! A sweep plan: a base scenario, parameters to vary (lists for a full factorial, ranges
//! for Latin hypercube or Sobol sampling), replicates and a seed. Checked like a scenario —
//! every problem at once, with file:line:column and a hint — before any run starts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::design::points;
pub use super::spec::*;
use crate::error::Error;
use crate::input::{self, Loc, Node, Problem, Problems, SchemaChecker, Value, did_you_mean};
use crate::scenario::{self, LoadedScenario};

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

/// Paths a sweep may not vary: they identify the run or are set by the sweep itself.
const FIXED: &[&str] = &["version", "model", "name", "description", "seed", "interventions", "output"];

/// Reads and checks a plan file, its base scenario, and every parameter path and value.
pub fn load(file: &Path) -> Result<LoadedPlan, Error> {
    let text = input::read_text(file)?;
    let fail = |items: Vec<Problem>| Error::Invalid(Problems { file: file.to_path_buf(), items });
    let (tree, plan) = parse(&text, file)?;
    let base_path = file.parent().unwrap_or(Path::new(".")).join(&plan.base);
    let base = match scenario::load(&base_path) {
        Ok(b) => b,
        // The base scenario's own problems name the base file.
        Err(Error::ReadInput { .. }) => {
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
    let mut problems = Vec::new();
    check_parameters(&plan, &tree, &mut problems);
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    let points = points(&plan);
    // Every point must make a valid scenario (e.g. shares that add up beyond 1).
    for (i, set) in points.iter().enumerate() {
        if let Err(e) = base.scenario.with_changes(set) {
            let why = match e {
                Error::Usage { message, .. } => message,
                other => other.to_string(),
            };
            return Err(fail(vec![
                Problem::new(
                    tree.locate("parameters"),
                    "parameters",
                    format!("point {i} makes an invalid scenario: {why}"),
                )
                .hint("narrow the ranges or lists"),
            ]));
        }
    }
    Ok(LoadedPlan { plan, file: file.to_path_buf(), base, points })
}

/// The plan a sweep folder recorded (its `plan.yaml`), checked like a plan file but
/// without its base scenario, which the folder keeps as `base.yaml`.
pub fn recorded(dir: &Path) -> Result<SweepPlan, Error> {
    let file = dir.join("plan.yaml");
    let text = std::fs::read_to_string(&file).map_err(|_| {
        Error::usage(
            format!("{} is not a sweep folder (no plan.yaml)", dir.display()),
            format!("run `diypol sweep PLAN.yaml --out {}` first", dir.display()),
        )
    })?;
    let (tree, plan) = parse(&text, &file)?;
    let mut problems = Vec::new();
    check_parameters(&plan, &tree, &mut problems);
    if !problems.is_empty() {
        return Err(Error::Invalid(Problems { file, items: problems }));
    }
    Ok(plan)
}

/// Plan text → located tree → schema check → typed plan.
fn parse(text: &str, file: &Path) -> Result<(Node, SweepPlan), Error> {
    let fail = |items: Vec<Problem>| Error::Invalid(Problems { file: file.to_path_buf(), items });
    let (tree, problems) = input::parse_checked(text, schema()).map_err(|p| fail(vec![p]))?;
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    let plan: SweepPlan = serde_json::from_value(tree.to_json())
        .map_err(|e| fail(vec![Problem::new(Loc { line: 1, column: 1 }, "", e.to_string())]))?;
    Ok((tree, plan))
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
                if let Some(Value::Seq(items)) =
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
                    let node = Node { value: Value::Float(v), loc: key_loc };
                    let mut inner = Vec::new();
                    checker.check(&node, schema, &format!("{at}.{bound}"), &mut inner);
                    out.extend(inner);
                }
            }
        }
    }
}
