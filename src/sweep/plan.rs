//! A sweep plan: a base scenario, parameters to vary (lists for a full factorial, ranges
//! for Latin hypercube or Sobol sampling), replicates and a seed. Checked like a scenario —
//! every problem at once, with file:line:column and a hint — before any run starts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::design::{Design, MAX_SOBOL_DIMS, point_count};
pub use super::spec::*;
use crate::error::Error;
use crate::input::{self, Loc, Node, Problem, Problems, SchemaChecker, Value};
use crate::scenario::{self, LoadedScenario};

/// A plan that passed every check, with its base scenario and the size of its design
/// (counted, not built: see [`Design`]).
#[derive(Debug, Clone)]
pub struct LoadedPlan {
    pub plan: SweepPlan,
    pub file: PathBuf,
    pub base: LoadedScenario,
    /// A contrast plan's second scenario: each run's indicators are its values minus the
    /// base's, at the same point and seed.
    pub contrast: Option<LoadedScenario>,
    /// Parameter points (each run by `replicates` runs).
    pub points: u64,
    /// Where `parameters:` is in the file, for problems found later.
    parameters_at: Loc,
}

/// How many points are tried as scenarios before the sweep starts; later points are
/// checked as they run (a point that makes an invalid scenario fails its run).
pub const CHECKED_POINTS: u64 = 4096;

impl LoadedPlan {
    /// All runs: points × replicates (checked on load to fit in u64).
    pub fn runs(&self) -> u64 {
        self.points * self.plan.replicates as u64
    }

    /// "baseline.yaml", or "collaborate.yaml − baseline.yaml" for a contrast.
    pub fn describe_base(&self) -> String {
        match &self.contrast {
            Some(c) => format!("{} − {}", c.file.display(), self.base.file.display()),
            None => self.base.file.display().to_string(),
        }
    }

    /// The base scenario with every swept size (population, network degree, grids, days)
    /// at its largest value: memory and disk bounds computed from it hold at every point.
    pub fn largest_scenario(&self) -> scenario::Scenario {
        let mut s = self.base.scenario.clone();
        for (path, values) in &self.plan.parameters {
            let max = match values {
                Values::List(l) => l.iter().filter_map(|v| v.as_f64()).fold(f64::NAN, f64::max),
                Values::Range(r) => r.max,
            };
            if !max.is_finite() {
                continue;
            }
            let v = max.round().clamp(0.0, u32::MAX as f64) as u32;
            match path.as_str() {
                "city.population" if self.base.city.is_none() => s.city.population = v,
                "city.width" if self.base.city.is_none() => s.city.width = v,
                "city.height" if self.base.city.is_none() => s.city.height = v,
                "network.mean_degree" => s.network.mean_degree = v,
                "days" => s.days = v,
                "burn_in_days" => s.burn_in_days = v,
                "civil_violence.width" => s.civil_violence.width = v,
                "civil_violence.height" => s.civil_violence.height = v,
                _ => {}
            }
        }
        s
    }

    /// The design, built (tables of sampled designs take `design_bytes` of memory).
    pub fn design(&self) -> Design {
        Design::new(&self.plan)
    }

    /// Tries the first `CHECKED_POINTS` points and, for up to ten ranges, every corner of
    /// the box they span, as scenarios: shares that add up beyond 1 are found before any
    /// run starts.
    pub fn check_points(&self, design: &Design) -> Result<(), Error> {
        let corners: Vec<BTreeMap<String, serde_json::Value>> = if design.sampled() && design.dims() <= 10 {
            let d = design.dims();
            (0..1u64 << d)
                .map(|c| design.at(&(0..d).map(|i| ((c >> i) & 1) as f64).collect::<Vec<_>>()))
                .collect()
        } else {
            Vec::new()
        };
        let points = (0..design.len().min(CHECKED_POINTS)).map(|i| (format!("point {i}"), design.point(i)));
        let corners =
            corners.into_iter().enumerate().map(|(i, set)| (format!("corner {i} of the ranges"), set));
        let scenarios: Vec<&LoadedScenario> =
            std::iter::once(&self.base).chain(self.contrast.as_ref()).collect();
        for (what, set) in points.chain(corners) {
            if let Some(e) = scenarios.iter().find_map(|l| l.scenario.with_changes(&set).err()) {
                let why = match e {
                    Error::Usage { message, .. } => message,
                    other => other.to_string(),
                };
                return Err(Error::Invalid(Problems {
                    file: self.file.clone(),
                    items: vec![
                        Problem::new(
                            self.parameters_at,
                            "parameters",
                            format!("{what} makes an invalid scenario: {why}"),
                        )
                        .hint("narrow the ranges or lists"),
                    ],
                }));
            }
        }
        Ok(())
    }
}

/// Paths a sweep may not vary: they identify the run or are set by the sweep itself.
const FIXED: &[&str] = &["version", "model", "name", "description", "seed", "interventions", "output"];

/// Whether `text` is a sweep plan rather than a scenario: a mapping with `base` and
/// `parameters` and no `model` (the two file kinds share `version` only).
pub fn is_plan(text: &str) -> bool {
    input::yaml::parse(text).is_ok_and(|n| n.is_sweep_plan())
}

/// Reads and checks a plan file, its base scenario, and every parameter path and value.
pub fn load(file: &Path) -> Result<LoadedPlan, Error> {
    load_with(file, &[])
}

/// As [`load`], with `--set` values applied to the base (and contrast) scenario.
pub fn load_with(file: &Path, sets: &[scenario::Assignment]) -> Result<LoadedPlan, Error> {
    let text = input::read_text(file)?;
    let fail = |items: Vec<Problem>| Error::Invalid(Problems { file: file.to_path_buf(), items });
    let (tree, plan) = parse(&text, file)?;
    let (base_file, contrast_file, at) = match (&plan.contrast, plan.base.as_os_str().is_empty()) {
        (None, false) => (plan.base.clone(), None, "base"),
        (Some(c), true) if c.len() == 2 => (c[0].clone(), Some(c[1].clone()), "contrast"),
        (Some(_), true) => {
            return Err(fail(vec![
                Problem::new(tree.locate("contrast"), "contrast", "a contrast names exactly two scenarios")
                    .hint("write `contrast: [baseline.yaml, collaborate.yaml]` (indicators: second − first)"),
            ]));
        }
        (Some(_), false) => {
            return Err(fail(vec![
                Problem::new(
                    tree.locate("contrast"),
                    "contrast",
                    "a plan has a `base` or a `contrast`, not both",
                )
                .hint("remove `base`: the contrast's first scenario is the base"),
            ]));
        }
        (None, true) => {
            return Err(fail(vec![
                Problem::new(
                    Loc { line: 1, column: 1 },
                    "base",
                    "missing `base` (the scenario every run starts from)",
                )
                .hint("add e.g. `base: ../scenarios/baseline.yaml`, or `contrast: [a.yaml, b.yaml]`"),
            ]));
        }
    };
    let dir = file.parent().unwrap_or(Path::new("."));
    // The plan's `days` and `burn_in_days` replace the scenario's, checked as `--days` is.
    let overrides = scenario::Overrides {
        days: plan.days,
        burn_in_days: plan.burn_in_days,
        set: sets.to_vec(),
        days_from_plan: true,
        ..Default::default()
    };
    let read = |path: &Path| match overrides.load(&dir.join(path)) {
        Ok(b) => Ok(b),
        // The scenario's own problems name its file.
        Err(Error::ReadInput { .. }) => Err(fail(vec![
            Problem::new(
                tree.locate(at),
                at,
                format!(
                    "cannot read the {} scenario {}",
                    if at == "base" { "base" } else { "contrast" },
                    dir.join(path).display()
                ),
            )
            .hint(if at == "base" {
                "`base` is a scenario file, relative to the plan file".to_string()
            } else {
                "`contrast` names scenario files, relative to the plan file".to_string()
            }),
        ])),
        // `days` ending a run before an intervention: the plan's line says it.
        Err(Error::Usage { message, hint }) if plan.days.is_some() => {
            let p = Problem::new(tree.locate("days"), "days", message);
            Err(fail(vec![match hint {
                Some(h) => p.hint(h),
                None => p,
            }]))
        }
        Err(e) => Err(e),
    };
    let base = read(&base_file)?;
    let contrast = contrast_file.as_deref().map(read).transpose()?;
    if let Some(c) = &contrast
        && c.scenario.model != base.scenario.model
    {
        return Err(fail(vec![
            Problem::new(
                tree.locate("contrast"),
                "contrast",
                "the two scenarios of a contrast are of different models",
            )
            .hint("contrast scenarios of one model"),
        ]));
    }
    let mut problems = Vec::new();
    check_parameters(&plan, &tree, &mut problems);
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    let points = point_count(&plan).unwrap_or(0);
    Ok(LoadedPlan {
        plan,
        file: file.to_path_buf(),
        base,
        contrast,
        points,
        parameters_at: tree.locate("parameters"),
    })
}

/// The plan a sweep folder recorded (its `plan.yaml`), checked like a plan file but
/// without its base scenario, which the folder keeps as `base.yaml`.
pub fn recorded(dir: &Path) -> Result<SweepPlan, Error> {
    let file = dir.join("plan.yaml");
    // No plan.yaml: the user named the wrong folder (bad input); an unreadable one is a
    // failure of the folder diypol wrote (I/O).
    let text = std::fs::read_to_string(&file).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::usage(
            format!("{} is not a sweep folder (no plan.yaml)", dir.display()),
            format!("run `diypol sweep PLAN.yaml --out {}` first", dir.display()),
        ),
        _ => Error::read(&file)(e),
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
    let runs = point_count(plan).and_then(|p| p.checked_mul(plan.replicates as u64));
    if runs.is_none() {
        out.push(
            Problem::new(
                tree.locate("parameters"),
                "parameters",
                "the plan has more runs than a computer can count (over 2^64)",
            )
            .hint("list fewer values, or sample ranges with `sampling: latin_hypercube`"),
        );
    }
    let d = plan.parameters.len();
    let dims = match plan.sampling {
        Sampling::Sobol => d,
        Sampling::Saltelli => 2 * d,
        _ => 0,
    };
    if dims > MAX_SOBOL_DIMS {
        out.push(
            Problem::new(
                tree.locate("parameters"),
                "parameters",
                format!(
                    "{d} parameters need {dims} Sobol dimensions; at most {MAX_SOBOL_DIMS} are available"
                ),
            )
            .hint(format!(
                "vary at most {} parameters",
                if plan.sampling == Sampling::Saltelli { MAX_SOBOL_DIMS / 2 } else { MAX_SOBOL_DIMS }
            )),
        );
    }
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
                let example = "`policy.officers_per_1000` or `crowd.rashness`";
                out.push(input::unknown_path(key_loc, &at, path, &prefix, &known, example));
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
