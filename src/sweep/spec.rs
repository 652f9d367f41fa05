//! The sweep plan file's format: base scenario, sampling, parameters to vary, replicates
//! and seed, with its JSON Schema.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A sweep plan file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SweepPlan {
    /// Plan format version. Only 1 exists.
    #[schemars(range(min = 1, max = 1))]
    pub version: u32,
    /// The scenario every run starts from, relative to the plan file (or `contrast`).
    #[serde(default)]
    pub base: PathBuf,
    /// Instead of `base`, two scenarios: each point runs both with the same seeds and the
    /// swept values, and its indicators are the paired differences, second − first, so
    /// `diypol sensitivity` says which parameters decide a policy contrast.
    pub contrast: Option<Vec<PathBuf>>,
    /// Runs per parameter point. Replicate r uses the same seed at every point.
    #[serde(default = "one")]
    #[schemars(range(min = 1, max = 100000))]
    pub replicates: u32,
    /// Simulated days of every run, replacing the base scenario's (as `--days` would).
    #[schemars(range(min = 1, max = 36500))]
    pub days: Option<u32>,
    /// Burn-in days of every run, replacing the base scenario's: a sweep of short runs can
    /// shorten the settling period too.
    #[schemars(range(min = 0, max = 36500))]
    pub burn_in_days: Option<u32>,
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

/// The JSON Schema of sweep plans.
pub fn schema() -> &'static serde_json::Value {
    static SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
    SCHEMA.get_or_init(|| serde_json::to_value(schemars::schema_for!(SweepPlan)).expect("schema is JSON"))
}
