//! The statistical match with Mesa (MODEL.md §10): run a scenario over many seeds and
//! compare each per-run statistic's distribution with Mesa's reference runs
//! (tests/data/mesa-reference.csv, made by scripts/mesa_reference.py) by a two-sample
//! Kolmogorov–Smirnov test.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use rayon::prelude::*;

use crate::scenario::{LoadedScenario, Scenario};
use crate::stats::ks_two_sample;

/// The per-run statistics compared, as named in the reference CSV and in runs.parquet.
pub const STATISTICS: [&str; 7] =
    ["mean_active", "sd_active", "max_active", "mean_jailed", "outbursts", "median_gap", "median_peak"];

/// One regime's reference runs: statistic name → one value per seed (NaN when undefined).
#[derive(Debug, Clone, Default)]
pub struct Reference {
    pub regime: String,
    pub values: Vec<(String, Vec<f64>)>,
}

impl Reference {
    pub fn get(&self, statistic: &str) -> &[f64] {
        self.values.iter().find(|(n, _)| n == statistic).map_or(&[], |(_, v)| v)
    }
}

/// Reads one regime of the reference CSV (`#` lines are provenance comments).
pub fn read_reference(path: &Path, regime: &str) -> Result<Reference, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let body: String = text.lines().filter(|l| !l.starts_with('#')).map(|l| format!("{l}\n")).collect();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let headers = reader.headers().map_err(|e| format!("{}: {e}", path.display()))?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let regime_col = column("regime").ok_or_else(|| format!("{}: no `regime` column", path.display()))?;
    let mut out = Reference { regime: regime.to_string(), values: Vec::new() };
    let cols: Vec<(String, usize)> = STATISTICS
        .iter()
        .map(|s| {
            column(s)
                .map(|c| (s.to_string(), c))
                .ok_or_else(|| format!("{}: no `{s}` column", path.display()))
        })
        .collect::<Result<_, _>>()?;
    out.values = cols.iter().map(|(n, _)| (n.clone(), Vec::new())).collect();
    for record in reader.records() {
        let record = record.map_err(|e| format!("{}: {e}", path.display()))?;
        if record.get(regime_col) != Some(regime) {
            continue;
        }
        for (k, (_, c)) in cols.iter().enumerate() {
            let v = record.get(*c).unwrap_or("").trim();
            out.values[k].1.push(if v.is_empty() { f64::NAN } else { v.parse().unwrap_or(f64::NAN) });
        }
    }
    if out.values[0].1.is_empty() {
        return Err(format!("{}: no rows for regime `{regime}`", path.display()));
    }
    Ok(out)
}

/// Runs `scenario` once per seed (runs in parallel; each run's own threads are not used
/// by the sequential mode) and returns the reference statistics per run.
pub fn run_seeds(scenario: &Scenario, seeds: std::ops::RangeInclusive<u64>) -> Reference {
    let runs: Vec<Vec<(String, f64)>> = seeds
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|seed| {
            let loaded = LoadedScenario {
                scenario: Scenario { seed, ..scenario.clone() },
                file: Default::default(),
                city: None,
                warnings: Vec::new(),
            };
            let data = super::simulate(&loaded, 0, &mut |_, _| {}, &AtomicBool::new(false))
                .expect("never cancelled");
            data.indicators
        })
        .collect();
    let values = STATISTICS
        .iter()
        .chain(&["moves_per_agent_tick", "arrests_per_tick"])
        .map(|s| {
            let per_run =
                runs.iter().map(|r| r.iter().find(|(n, _)| n == s).map_or(f64::NAN, |(_, v)| *v)).collect();
            (s.to_string(), per_run)
        })
        .collect();
    Reference { regime: scenario.name.clone().unwrap_or_default(), values }
}

/// One statistic compared: medians over runs (undefined runs dropped), runs with a value,
/// and the KS test.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub statistic: String,
    pub reference_median: f64,
    pub ours_median: f64,
    pub reference_runs: usize,
    pub ours_runs: usize,
    pub d: f64,
    pub p: f64,
}

pub fn compare(reference: &Reference, ours: &Reference) -> Vec<Comparison> {
    STATISTICS
        .iter()
        .map(|s| {
            let defined = |v: &[f64]| v.iter().copied().filter(|x| !x.is_nan()).collect::<Vec<f64>>();
            let (a, b) = (defined(reference.get(s)), defined(ours.get(s)));
            let (d, p) = ks_two_sample(&a, &b);
            let med = |v: &[f64]| super::recorder::median(&mut v.to_vec()).unwrap_or(f64::NAN);
            Comparison {
                statistic: s.to_string(),
                reference_median: med(&a),
                ours_median: med(&b),
                reference_runs: a.len(),
                ours_runs: b.len(),
                d,
                p,
            }
        })
        .collect()
}
