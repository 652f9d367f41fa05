//! The mathematics of ABC-SMC (Toni et al. 2009; Beaumont et al. 2009), apart from any
//! model or file: proposals from the previous population through a Gaussian kernel with
//! twice its weighted covariance, importance weights prior / Σ w K, tolerances from a
//! weighted quantile of the previous distances, the effective sample size, and
//! systematic resampling for posterior draws. Every draw comes from a keyed stream
//! (seed, generation, proposal index), so a proposal is the same whoever computes it.

// `!(x > 0.0)` on purpose: NaN fails every check. Index loops mirror the formulas.
#![allow(clippy::neg_cmp_op_on_partial_ord, clippy::needless_range_loop)]

use rand::RngExt;
use rand_distr::StandardNormal;

use super::prior::Prior;
use crate::error::Error;
use crate::rng::{self, Generator, Stream};

/// One generation's accepted particles, in the sampler's coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Population {
    pub generation: u32,
    /// Distances at most this were accepted (infinite in generation 0).
    pub tolerance: f64,
    /// Particle × parameter.
    pub z: Vec<Vec<f64>>,
    /// Normalised importance weights.
    pub weights: Vec<f64>,
    pub distances: Vec<f64>,
    /// Particle × target: the simulated values (replicate means).
    pub values: Vec<Vec<f64>>,
    /// The proposal index of each particle.
    pub index: Vec<u64>,
    /// Proposals evaluated up to and including the last one accepted.
    pub proposals: u64,
}

impl Population {
    pub fn len(&self) -> usize {
        self.z.len()
    }

    pub fn is_empty(&self) -> bool {
        self.z.is_empty()
    }

    pub fn acceptance_rate(&self) -> f64 {
        self.len() as f64 / self.proposals.max(1) as f64
    }

    /// Kish's effective sample size, 1 / Σ w².
    pub fn ess(&self) -> f64 {
        1.0 / self.weights.iter().map(|w| w * w).sum::<f64>()
    }

    /// The weighted quantile `q` of parameter `p` in the sampler's coordinate.
    pub fn quantile_z(&self, p: usize, q: f64) -> f64 {
        let v: Vec<f64> = self.z.iter().map(|z| z[p]).collect();
        weighted_quantile(&v, &self.weights, q)
    }
}

/// The `q` quantile of `values` under `weights` (normalised or not): the smallest value
/// whose cumulative weight reaches q, as pyabc's weighted median does.
pub fn weighted_quantile(values: &[f64], weights: &[f64], q: f64) -> f64 {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]).then(a.cmp(&b)));
    let total: f64 = weights.iter().sum();
    let mut acc = 0.0;
    for &i in &order {
        acc += weights[i] / total;
        if acc >= q - 1e-12 {
            return values[i];
        }
    }
    order.last().map_or(f64::NAN, |&i| values[i])
}

/// The next generation's tolerance: the weighted `q` quantile of the population's
/// distances, or, where ties leave that at the current tolerance (discrete distances), the
/// largest distance below it, so the tolerance always falls while it can.
pub fn next_tolerance(pop: &Population, q: f64) -> f64 {
    let t = weighted_quantile(&pop.distances, &pop.weights, q);
    if t < pop.tolerance {
        return t;
    }
    pop.distances.iter().copied().filter(|&d| d < pop.tolerance).fold(f64::NEG_INFINITY, f64::max).max(0.0)
}

/// The root-mean-square of the deviations: a distance in units of the targets'
/// uncertainties, comparable between specs with different numbers of targets.
pub fn distance(deviations: impl Iterator<Item = f64>) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for d in deviations {
        sum += d * d;
        n += 1;
    }
    if n == 0 { 0.0 } else { (sum / n as f64).sqrt() }
}

/// The Gaussian perturbation kernel of one generation: covariance twice the weighted
/// covariance of the previous population (Beaumont et al. 2009), held as its Cholesky factor.
#[derive(Debug, Clone)]
pub struct Kernel {
    /// Lower-triangular factor, row-major d × d.
    chol: Vec<f64>,
    d: usize,
    log_norm: f64,
}

impl Kernel {
    pub fn new(pop: &Population, priors: &[Prior]) -> Kernel {
        let d = priors.len();
        let mut mean = vec![0.0; d];
        for (z, w) in pop.z.iter().zip(&pop.weights) {
            for k in 0..d {
                mean[k] += w * z[k];
            }
        }
        let mut cov = vec![0.0; d * d];
        for (z, w) in pop.z.iter().zip(&pop.weights) {
            for a in 0..d {
                for b in 0..=a {
                    cov[a * d + b] += w * (z[a] - mean[a]) * (z[b] - mean[b]);
                }
            }
        }
        for a in 0..d {
            for b in 0..=a {
                cov[a * d + b] *= 2.0;
                cov[b * d + a] = cov[a * d + b];
            }
        }
        // A population collapsed in some direction (all particles equal there) still gets
        // a kernel that moves: a floor of 1e-6 of the prior's width squared.
        for (k, p) in priors.iter().enumerate() {
            let (lo, hi) = p.z_bounds();
            let floor = 1e-12 * (hi - lo).powi(2);
            cov[k * d + k] = cov[k * d + k].max(floor);
        }
        let chol = cholesky(&cov, d).unwrap_or_else(|| {
            // Not positive definite (collinear particles): the diagonal alone.
            let diag: Vec<f64> = (0..d * d).map(|i| if i % (d + 1) == 0 { cov[i] } else { 0.0 }).collect();
            cholesky(&diag, d).expect("a positive diagonal")
        });
        let log_det: f64 = (0..d).map(|k| chol[k * d + k].ln()).sum();
        let log_norm = -0.5 * d as f64 * (2.0 * std::f64::consts::PI).ln() - log_det;
        Kernel { chol, d, log_norm }
    }

    /// z + L e for a standard normal e.
    fn perturb(&self, z: &[f64], rng: &mut Generator) -> Vec<f64> {
        let e: Vec<f64> = (0..self.d).map(|_| rng.sample::<f64, _>(StandardNormal)).collect();
        (0..self.d).map(|a| z[a] + (0..=a).map(|b| self.chol[a * self.d + b] * e[b]).sum::<f64>()).collect()
    }

    /// The kernel density of moving from `from` to `to`.
    pub fn density(&self, from: &[f64], to: &[f64]) -> f64 {
        // Solve L y = to − from by forward substitution; the density is exp(−|y|²/2) / norm.
        let d = self.d;
        let mut y = vec![0.0; d];
        let mut q = 0.0;
        for a in 0..d {
            let mut s = to[a] - from[a];
            for b in 0..a {
                s -= self.chol[a * d + b] * y[b];
            }
            y[a] = s / self.chol[a * d + a];
            q += y[a] * y[a];
        }
        (self.log_norm - 0.5 * q).exp()
    }
}

/// The Cholesky factor of a symmetric d × d matrix, or None if not positive definite.
/// Written out: a dozen lines for matrices of a few parameters do not justify a linear
/// algebra crate.
fn cholesky(m: &[f64], d: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; d * d];
    for i in 0..d {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i * d + k] * l[j * d + k]).sum();
            if i == j {
                let v = m[i * d + i] - s;
                if !(v > 0.0) {
                    return None;
                }
                l[i * d + i] = v.sqrt();
            } else {
                l[i * d + j] = (m[i * d + j] - s) / l[j * d + j];
            }
        }
    }
    Some(l)
}

/// Tries of the kernel before a proposal is given up as outside the prior's support.
const MAX_TRIES: u32 = 100_000;

/// Proposal `index` of generation `generation`: from the prior in generation 0, else an
/// ancestor drawn by weight and moved by the kernel until it lands inside the priors.
pub fn propose(
    seed: u64,
    generation: u32,
    index: u64,
    priors: &[Prior],
    previous: Option<(&Population, &Kernel)>,
) -> Result<Vec<f64>, Error> {
    let mut rng = rng::stream(seed, generation, Stream::AbcProposal, index);
    let Some((pop, kernel)) = previous else {
        return Ok(priors.iter().map(|p| p.sample_z(&mut rng)).collect());
    };
    for _ in 0..MAX_TRIES {
        let u: f64 = rng.random();
        let ancestor = pick(&pop.weights, u);
        let z = kernel.perturb(&pop.z[ancestor], &mut rng);
        if priors.iter().zip(&z).all(|(p, &v)| p.contains_z(v)) {
            return Ok(z);
        }
    }
    Err(Error::usage(
        format!("generation {generation}: {MAX_TRIES} proposals in a row fell outside the priors' bounds"),
        "the posterior sits against a bound: widen that prior's range",
    ))
}

/// The index whose cumulative weight first exceeds `u` (weights normalised).
fn pick(weights: &[f64], u: f64) -> usize {
    let mut acc = 0.0;
    for (i, w) in weights.iter().enumerate() {
        acc += w;
        if u < acc {
            return i;
        }
    }
    weights.len() - 1
}

/// Importance weights of newly accepted particles `z`: prior density over the kernel
/// mixture of the previous population (uniform weights in generation 0), normalised.
pub fn weights(z: &[Vec<f64>], priors: &[Prior], previous: Option<(&Population, &Kernel)>) -> Vec<f64> {
    let raw: Vec<f64> = match previous {
        None => vec![1.0; z.len()],
        Some((pop, kernel)) => {
            use rayon::prelude::*;
            z.par_iter()
                .map(|zi| {
                    let prior: f64 = priors.iter().zip(zi).map(|(p, &v)| p.density_z(v)).product();
                    let mixture: f64 =
                        pop.z.iter().zip(&pop.weights).map(|(zj, wj)| wj * kernel.density(zj, zi)).sum();
                    if mixture > 0.0 { prior / mixture } else { 0.0 }
                })
                .collect()
        }
    };
    let total: f64 = raw.iter().sum();
    raw.iter().map(|w| w / total).collect()
}

/// `n` draws from a weighted population by systematic resampling (one keyed uniform),
/// shuffled so that any first `k` of them are a fair sample too.
pub fn resample(weights: &[f64], n: usize, seed: u64) -> Vec<usize> {
    let mut rng = rng::generator(seed, Stream::PosteriorDraws);
    let u0: f64 = rng.random();
    let mut out = Vec::with_capacity(n);
    let mut acc = 0.0;
    let mut i = 0;
    for k in 0..n {
        let target = (k as f64 + u0) / n as f64;
        while i + 1 < weights.len() && acc + weights[i] <= target {
            acc += weights[i];
            i += 1;
        }
        out.push(i);
    }
    for k in (1..out.len()).rev() {
        let j = rng.random_range(0..=k);
        out.swap(k, j);
    }
    out
}

/// The seed of replicate `r` of proposal `index` in `generation` (fits a signed 64-bit column).
pub fn run_seed(seed: u64, generation: u32, index: u64, r: u32) -> u64 {
    rng::key2(seed, generation, Stream::AbcRun, index, r as u64) >> 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn pop(z: Vec<Vec<f64>>) -> Population {
        let n = z.len();
        Population {
            generation: 0,
            tolerance: f64::INFINITY,
            weights: vec![1.0 / n as f64; n],
            distances: vec![0.0; n],
            values: vec![vec![]; n],
            index: (0..n as u64).collect(),
            proposals: n as u64,
            z,
        }
    }

    #[test]
    fn the_kernel_density_integrates_to_one_and_has_twice_the_covariance() {
        let priors = [Prior::Uniform { min: -10.0, max: 10.0 }, Prior::Uniform { min: -10.0, max: 10.0 }];
        let mut rng = Generator::seed_from_u64(5);
        let z: Vec<Vec<f64>> = (0..4000)
            .map(|_| {
                let a: f64 = rng.sample(StandardNormal);
                let b: f64 = rng.sample(StandardNormal);
                vec![a, 0.5 * a + 0.3 * b]
            })
            .collect();
        let p = pop(z);
        let k = Kernel::new(&p, &priors);
        // Var(x) = 1, cov = 0.5, var(y) = 0.25 + 0.09: the kernel's are twice these.
        let c =
            |a: usize, b: usize| (0..=a.min(b)).map(|m| k.chol[a * 2 + m] * k.chol[b * 2 + m]).sum::<f64>();
        assert!((c(0, 0) - 2.0).abs() < 0.15, "{}", c(0, 0));
        assert!((c(0, 1) - 1.0).abs() < 0.1, "{}", c(0, 1));
        assert!((c(1, 1) - 0.68).abs() < 0.06, "{}", c(1, 1));
        let h = 0.05;
        let mut total = 0.0;
        for i in -120..120 {
            for j in -120..120 {
                total += k.density(&[0.0, 0.0], &[i as f64 * h, j as f64 * h]) * h * h;
            }
        }
        assert!((total - 1.0).abs() < 1e-3, "{total}");
    }

    #[test]
    fn weighted_quantiles_resampling_and_ess() {
        assert_eq!(weighted_quantile(&[3.0, 1.0, 2.0], &[1.0, 1.0, 1.0], 0.5), 2.0);
        assert_eq!(weighted_quantile(&[3.0, 1.0, 2.0], &[0.1, 0.1, 0.8], 0.5), 2.0);
        assert_eq!(weighted_quantile(&[3.0, 1.0, 2.0], &[0.6, 0.1, 0.3], 0.5), 3.0);
        let w = [0.1, 0.6, 0.3];
        let draws = resample(&w, 1000, 9);
        for (i, wi) in w.iter().enumerate() {
            let share = draws.iter().filter(|&&d| d == i).count() as f64 / 1000.0;
            assert!((share - wi).abs() < 0.002, "{i}: {share}");
        }
        let mut p = pop(vec![vec![0.0]; 4]);
        assert!((p.ess() - 4.0).abs() < 1e-12);
        p.weights = vec![1.0, 0.0, 0.0, 0.0];
        assert!((p.ess() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn proposals_are_keyed_and_stay_inside_the_priors() {
        let priors = [Prior::Uniform { min: 0.0, max: 1.0 }, Prior::LogUniform { min: 0.01, max: 1.0 }];
        let a = propose(1, 0, 7, &priors, None).unwrap();
        assert_eq!(a, propose(1, 0, 7, &priors, None).unwrap());
        assert_ne!(a, propose(1, 0, 8, &priors, None).unwrap());
        let p = pop((0..50).map(|i| propose(1, 0, i, &priors, None).unwrap()).collect());
        let k = Kernel::new(&p, &priors);
        for i in 0..200 {
            let z = propose(1, 1, i, &priors, Some((&p, &k))).unwrap();
            assert!(priors.iter().zip(&z).all(|(p, &v)| p.contains_z(v)));
        }
        // Importance weights correct the kernel: particles where the mixture is dense weigh less.
        let w = weights(&p.z, &priors, Some((&p, &k)));
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
}
