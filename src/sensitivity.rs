//! Global sensitivity analysis of a sweep's outputs: Sobol first-order and total indices
//! (Saltelli's design and estimators, as SALib computes them) and Morris elementary
//! effects, each with bootstrap intervals. The designs live on the unit cube; sweep plans
//! map them onto parameter ranges.

use rand::{RngExt, SeedableRng};

use crate::rng::{Phase, Stream, key};
use crate::stats::sd;

/// Saltelli's design for `n` base points in `d` dimensions: for each base point j, the
/// rows A_j, AB_j^(1), …, AB_j^(d), B_j (n·(d+2) rows). A and B are the two halves of a
/// 2d-dimensional Sobol sequence (its first point, all zeros, skipped); AB^(i) is A with
/// column i taken from B.
pub fn saltelli_design(n: usize, d: usize) -> Vec<Vec<f64>> {
    let base = crate::sweep::plan::sobol_points(n + 1, 2 * d);
    let mut out = Vec::with_capacity(n * (d + 2));
    for row in &base[1..] {
        let (a, b) = row.split_at(d);
        out.push(a.to_vec());
        for i in 0..d {
            let mut ab = a.to_vec();
            ab[i] = b[i];
            out.push(ab);
        }
        out.push(b.to_vec());
    }
    out
}

/// One index with its bootstrap interval half-width (1.96 × the bootstrap sd, as SALib).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub value: f64,
    pub conf: f64,
}

/// First-order and total Sobol indices of each input.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolIndices {
    pub first: Vec<Estimate>,
    pub total: Vec<Estimate>,
}

/// Sobol indices from outputs `y` of a Saltelli design (rows in `saltelli_design` order).
/// First order: Saltelli et al. (2010), mean(f_B (f_ABi − f_A)) / V; total: Jansen (1999),
/// mean((f_A − f_ABi)²) / 2V; V the variance of f_A and f_B together; f centred on the
/// mean of all outputs. The same estimators as SALib's `sobol.analyze`
/// (scripts/salib_check.py compares them on a sweep's outputs).
pub fn sobol_indices(y: &[f64], d: usize, bootstrap: usize, seed: u64) -> SobolIndices {
    let n = y.len() / (d + 2);
    // Centre the outputs first, as SALib does: the first-order estimator is not invariant
    // to a shift of f, and centring removes the variance a large mean would add.
    let centre = y.iter().sum::<f64>() / y.len().max(1) as f64;
    let y: Vec<f64> = y.iter().map(|v| v - centre).collect();
    let y = &y[..];
    let row = |j: usize| &y[j * (d + 2)..(j + 1) * (d + 2)];
    let estimate = |idx: &[usize]| -> (Vec<f64>, Vec<f64>) {
        let mut all = Vec::with_capacity(2 * idx.len());
        for &j in idx {
            all.push(row(j)[0]);
            all.push(row(j)[d + 1]);
        }
        let mean = all.iter().sum::<f64>() / all.len() as f64;
        let var = all.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / all.len() as f64;
        let m = idx.len() as f64;
        let first = (0..d)
            .map(|i| idx.iter().map(|&j| row(j)[d + 1] * (row(j)[1 + i] - row(j)[0])).sum::<f64>() / m / var)
            .collect();
        let total = (0..d)
            .map(|i| idx.iter().map(|&j| (row(j)[0] - row(j)[1 + i]).powi(2)).sum::<f64>() / m / 2.0 / var)
            .collect();
        (first, total)
    };
    let all: Vec<usize> = (0..n).collect();
    let (first, total) = estimate(&all);
    let mut rng = Stream::seed_from_u64(key(seed, 0, Phase::Sweep, 1));
    let draws: Vec<(Vec<f64>, Vec<f64>)> = (0..bootstrap)
        .map(|_| {
            let idx: Vec<usize> = (0..n).map(|_| rng.random_range(0..n)).collect();
            estimate(&idx)
        })
        .collect();
    // 1.96 × the bootstrap sd of index k, first-order (`total` false) or total.
    let conf = |k: usize, total: bool| {
        let v: Vec<f64> =
            draws.iter().map(|dr| if total { dr.1[k] } else { dr.0[k] }).filter(|x| x.is_finite()).collect();
        1.96 * sd(&v)
    };
    SobolIndices {
        first: (0..d).map(|i| Estimate { value: first[i], conf: conf(i, false) }).collect(),
        total: (0..d).map(|i| Estimate { value: total[i], conf: conf(i, true) }).collect(),
    }
}

/// Morris's design: `r` trajectories of d + 1 points on a `levels`-level grid of the unit
/// cube, each step moving one input by Δ = levels / (2 (levels − 1)), in a random order.
pub fn morris_design(r: usize, d: usize, levels: usize, seed: u64) -> Vec<Vec<f64>> {
    let p = levels as f64;
    let delta = p / (2.0 * (p - 1.0));
    let mut rng = Stream::seed_from_u64(key(seed, 0, Phase::Sweep, 2));
    let mut out = Vec::with_capacity(r * (d + 1));
    for _ in 0..r {
        // Start on the lower half of the grid so that +Δ stays inside [0, 1].
        let mut x: Vec<f64> = (0..d).map(|_| rng.random_range(0..levels / 2) as f64 / (p - 1.0)).collect();
        let mut order: Vec<usize> = (0..d).collect();
        for i in (1..d).rev() {
            order.swap(i, rng.random_range(0..=i));
        }
        out.push(x.clone());
        for &i in &order {
            x[i] += delta;
            out.push(x.clone());
        }
    }
    out
}

/// Morris statistics of one input: μ* (mean |EE|, with its bootstrap interval), μ and σ.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Morris {
    pub mu_star: Estimate,
    pub mu: f64,
    pub sigma: f64,
}

/// Elementary effects from a Morris design `x` (rows as `morris_design` makes them) and
/// its outputs `y`: each step changes one input, EE = Δf / Δx.
pub fn morris_indices(x: &[Vec<f64>], y: &[f64], d: usize, bootstrap: usize, seed: u64) -> Vec<Morris> {
    let mut effects: Vec<Vec<f64>> = vec![Vec::new(); d];
    for t in 0..x.len() / (d + 1) {
        for s in 0..d {
            let (a, b) = (t * (d + 1) + s, t * (d + 1) + s + 1);
            if let Some(i) = (0..d).find(|&i| x[a][i] != x[b][i]) {
                effects[i].push((y[b] - y[a]) / (x[b][i] - x[a][i]));
            }
        }
    }
    let mut rng = Stream::seed_from_u64(key(seed, 0, Phase::Sweep, 3));
    effects
        .iter()
        .map(|ee| {
            let n = ee.len().max(1) as f64;
            let mu_star = ee.iter().map(|e| e.abs()).sum::<f64>() / n;
            let mu = ee.iter().sum::<f64>() / n;
            let boot: Vec<f64> = (0..bootstrap)
                .map(|_| (0..ee.len()).map(|_| ee[rng.random_range(0..ee.len())].abs()).sum::<f64>() / n)
                .collect();
            Morris { mu_star: Estimate { value: mu_star, conf: 1.96 * sd(&boot) }, mu, sigma: sd(ee) }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    /// Ishigami (a = 7, b = 0.1) on [−π, π]³, with its analytic indices.
    fn ishigami(u: &[f64]) -> f64 {
        let x: Vec<f64> = u.iter().map(|v| -PI + 2.0 * PI * v).collect();
        x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
    }

    #[test]
    fn sobol_indices_of_ishigami_match_the_analytic_values() {
        let design = saltelli_design(1 << 13, 3);
        let y: Vec<f64> = design.iter().map(|u| ishigami(u)).collect();
        let s = sobol_indices(&y, 3, 100, 1);
        let (a, b) = (7.0f64, 0.1f64);
        let v = a * a / 8.0 + b * PI.powi(4) / 5.0 + b * b * PI.powi(8) / 18.0 + 0.5;
        let v1 = 0.5 * (1.0 + b * PI.powi(4) / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = b * b * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
        let first = [v1 / v, v2 / v, 0.0];
        let total = [(v1 + v13) / v, v2 / v, v13 / v];
        for i in 0..3 {
            assert!((s.first[i].value - first[i]).abs() < 0.02, "S1[{i}] {:?} vs {}", s.first[i], first[i]);
            assert!((s.total[i].value - total[i]).abs() < 0.02, "ST[{i}] {:?} vs {}", s.total[i], total[i]);
            assert!(s.first[i].conf > 0.0 && s.first[i].conf < 0.1);
        }
    }

    #[test]
    fn morris_ranks_ishigami_inputs() {
        let x = morris_design(200, 3, 4, 7);
        assert_eq!(x.len(), 200 * 4);
        assert!(x.iter().flatten().all(|v| (0.0..=1.0).contains(v)));
        let y: Vec<f64> = x.iter().map(|u| ishigami(u)).collect();
        let m = morris_indices(&x, &y, 3, 50, 1);
        // x1 and x3 act through an interaction (large σ); x2 matters most on its own.
        assert!(m[0].mu_star.value > m[2].mu_star.value * 0.5);
        assert!(m.iter().all(|e| e.mu_star.value >= e.mu.abs() - 1e-12));
    }

    #[test]
    fn saltelli_rows_swap_one_column() {
        let x = saltelli_design(4, 2);
        assert_eq!(x.len(), 4 * 4);
        let (a, ab1, b) = (&x[0], &x[1], &x[3]);
        assert_eq!((ab1[0], ab1[1]), (b[0], a[1]));
    }
}

/// One index of one parameter for one indicator, as sensitivity.csv holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRow {
    pub indicator: String,
    pub parameter: String,
    /// `S1`, `ST` (Sobol) or `mu_star`, `mu`, `sigma` (Morris).
    pub index: String,
    pub value: f64,
    /// Half-width of the 95% bootstrap interval (NaN where none).
    pub conf: f64,
}

/// Indicators analysed when none are named (those a run has).
pub const DEFAULT_INDICATORS: &[&str] = &[
    "crimes_per_1000_year",
    "share_reported",
    "share_cleared",
    "innocents_named_per_100k",
    "vigilante_injuries",
    "wrongful_arrests",
    "final_mean_trust",
    "cost_eur_per_resident_year",
    "mean_active",
    "outbursts",
];

/// Bootstrap resamples for the intervals.
const BOOTSTRAP: usize = 500;

/// Sensitivity of a finished sweep folder (`sampling: saltelli` or `morris`): indices of
/// every swept parameter for each indicator. Replicates of a point are averaged first.
pub fn analyze(dir: &std::path::Path, indicators: &[String]) -> Result<Vec<IndexRow>, String> {
    use crate::sweep::plan::{Sampling, SweepPlan, unit_design};
    let text = std::fs::read_to_string(dir.join("plan.yaml"))
        .map_err(|_| format!("{} is not a sweep folder (no plan.yaml)", dir.display()))?;
    let plan: SweepPlan =
        serde_saphyr::from_str(&text).map_err(|e| format!("{}/plan.yaml: {e}", dir.display()))?;
    if !matches!(plan.sampling, Sampling::Saltelli | Sampling::Morris) {
        return Err(format!(
            "the sweep in {} uses {:?} sampling; Sobol indices need `sampling: saltelli`, elementary effects `sampling: morris`",
            dir.display(),
            plan.sampling
        ));
    }
    let design = unit_design(&plan);
    let reps = plan.replicates as u64;
    let total = design.len() as u64 * reps;
    let done = crate::sweep::store::finished(dir);
    if (done.len() as u64) < total {
        return Err(format!(
            "{} of {total} runs are finished in {}; run the same `diypol sweep` command again to finish it",
            done.len(),
            dir.display()
        ));
    }
    let runs: Vec<crate::recorder::Table> = done
        .iter()
        .filter(|&&k| k < total)
        .map(|&k| {
            crate::output::parquet::read(&crate::sweep::store::part_path(dir, "runs", k))
                .map_err(|e| e.to_string())
        })
        .collect::<Result<_, _>>()?;
    let names: Vec<&String> = plan.parameters.keys().collect();
    let d = names.len();
    let wanted: Vec<String> = if indicators.is_empty() {
        DEFAULT_INDICATORS.iter().filter(|i| runs[0].get(i).is_some()).map(|s| s.to_string()).collect()
    } else {
        indicators.to_vec()
    };
    let mut out = Vec::new();
    for ind in &wanted {
        if runs[0].get(ind).is_none() {
            let known: Vec<&str> = runs[0].names.iter().map(String::as_str).collect();
            let hint = crate::scenario::did_you_mean(ind, known.iter().copied())
                .map_or_else(String::new, |m| format!("\n  hint: did you mean `{m}`?"));
            return Err(format!("no indicator `{ind}` in the runs{hint}"));
        }
        // Mean over the replicates of each point (runs are point-major).
        let y: Vec<f64> = (0..design.len())
            .map(|p| {
                let v: Vec<f64> = (0..reps as usize)
                    .map(|r| runs[p * reps as usize + r].get(ind).map_or(f64::NAN, |c| c.as_f64()[0]))
                    .filter(|x| x.is_finite())
                    .collect();
                if v.is_empty() { f64::NAN } else { v.iter().sum::<f64>() / v.len() as f64 }
            })
            .collect();
        if y.iter().any(|v| !v.is_finite()) {
            return Err(format!(
                "`{ind}` is undefined in some runs; choose another indicator with --indicator"
            ));
        }
        let mut push = |param: &str, index: &str, e: Estimate| {
            out.push(IndexRow {
                indicator: ind.clone(),
                parameter: param.to_string(),
                index: index.into(),
                value: e.value,
                conf: e.conf,
            })
        };
        if plan.sampling == Sampling::Saltelli {
            let s = sobol_indices(&y, d, BOOTSTRAP, plan.seed);
            for (i, name) in names.iter().enumerate() {
                push(name, "S1", s.first[i]);
                push(name, "ST", s.total[i]);
            }
        } else {
            let m = morris_indices(&design, &y, d, BOOTSTRAP, plan.seed);
            for (i, name) in names.iter().enumerate() {
                push(name, "mu_star", m[i].mu_star);
                push(name, "mu", Estimate { value: m[i].mu, conf: f64::NAN });
                push(name, "sigma", Estimate { value: m[i].sigma, conf: f64::NAN });
            }
        }
    }
    Ok(out)
}
