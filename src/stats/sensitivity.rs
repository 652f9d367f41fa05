//! Global sensitivity estimators: Sobol first-order and total indices (Saltelli's design,
//! the estimators SALib uses) and Morris elementary effects, each with bootstrap
//! intervals. Pure functions of a design's outputs; the designs are in `sweep::design`.

use rand::RngExt;

use super::sd;
use crate::rng::{Stream, generator};

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
    let mut rng = generator(seed, Stream::SobolBootstrap);
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
    let mut rng = generator(seed, Stream::MorrisBootstrap);
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

    /// A linear function with one interaction: f = 10 x0 + 2 x1 + 0 x2 + 12 x0 x3.
    fn f(x: &[f64]) -> f64 {
        10.0 * x[0] + 2.0 * x[1] + 12.0 * x[0] * x[3]
    }

    /// Two hand-made trajectories of a 4-input Morris design (steps of 0.5).
    fn trajectories() -> Vec<Vec<f64>> {
        let mut out = Vec::new();
        for start in [[0.0, 0.0, 0.0, 0.0], [0.5, 0.5, 0.5, 0.5]] {
            let mut x = start.to_vec();
            out.push(x.clone());
            for i in [2, 0, 3, 1] {
                x[i] = if x[i] < 0.5 { x[i] + 0.5 } else { x[i] - 0.5 };
                out.push(x.clone());
            }
        }
        out
    }

    #[test]
    fn morris_effects_are_the_slopes_and_rank_the_inputs() {
        let x = trajectories();
        let y: Vec<f64> = x.iter().map(|u| f(u)).collect();
        let m = morris_indices(&x, &y, 4, 10, 1);
        // x1 is linear (slope 2 everywhere), x2 does nothing; x0 and x3 interact.
        assert!((m[1].mu_star.value - 2.0).abs() < 1e-12 && m[1].sigma.abs() < 1e-12, "{:?}", m[1]);
        assert_eq!(m[2].mu_star.value, 0.0);
        let order = {
            let mut o: Vec<usize> = (0..4).collect();
            o.sort_by(|&a, &b| m[b].mu_star.value.total_cmp(&m[a].mu_star.value));
            o
        };
        assert_eq!(order, [0, 3, 1, 2], "{m:?}");
        assert!(m[3].sigma > 0.0, "the interaction makes x3's effect vary");
    }
}
