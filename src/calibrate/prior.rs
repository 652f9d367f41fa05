//! Priors of the fitted parameters, in the coordinates the sampler moves in: the value
//! itself for uniform and normal priors, its logarithm for log-uniform ones (a kernel step
//! is then a relative change, as it should be for a rate spanning decades).

// Acklam's published coefficients, kept as printed.
#![allow(clippy::excessive_precision)]

use rand::RngExt;
use rand_distr::StandardNormal;

use crate::rng::Generator;

/// A bounded prior. Bounds keep every proposal inside the scenario's valid range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Prior {
    Uniform {
        min: f64,
        max: f64,
    },
    LogUniform {
        min: f64,
        max: f64,
    },
    /// A normal truncated to [min, max].
    Normal {
        mean: f64,
        sd: f64,
        min: f64,
        max: f64,
    },
}

impl Prior {
    /// The sampler's coordinate of value `x`.
    pub fn to_z(self, x: f64) -> f64 {
        match self {
            Prior::LogUniform { .. } => x.ln(),
            _ => x,
        }
    }

    /// The value at coordinate `z`.
    pub fn from_z(self, z: f64) -> f64 {
        match self {
            Prior::LogUniform { .. } => z.exp(),
            _ => z,
        }
    }

    /// The support in the sampler's coordinate.
    pub fn z_bounds(self) -> (f64, f64) {
        match self {
            Prior::Uniform { min, max } | Prior::Normal { min, max, .. } => (min, max),
            Prior::LogUniform { min, max } => (min.ln(), max.ln()),
        }
    }

    pub fn contains_z(self, z: f64) -> bool {
        let (lo, hi) = self.z_bounds();
        z >= lo && z <= hi
    }

    /// The prior density of the coordinate (0 outside the support).
    pub fn density_z(self, z: f64) -> f64 {
        if !self.contains_z(z) {
            return 0.0;
        }
        match self {
            Prior::Uniform { .. } | Prior::LogUniform { .. } => {
                let (lo, hi) = self.z_bounds();
                1.0 / (hi - lo)
            }
            Prior::Normal { mean, sd, min, max } => {
                let mass = normal_cdf((max - mean) / sd) - normal_cdf((min - mean) / sd);
                normal_pdf((z - mean) / sd) / sd / mass
            }
        }
    }

    /// A draw of the coordinate.
    pub fn sample_z(self, rng: &mut Generator) -> f64 {
        match self {
            Prior::Uniform { .. } | Prior::LogUniform { .. } => {
                let (lo, hi) = self.z_bounds();
                lo + rng.random::<f64>() * (hi - lo)
            }
            Prior::Normal { mean, sd, min, max } => {
                // Rejection from the untruncated normal while the support holds a fair
                // share of it; by inversion of the CDF restricted to the support otherwise.
                let mass = normal_cdf((max - mean) / sd) - normal_cdf((min - mean) / sd);
                if mass > 0.05 {
                    loop {
                        let e: f64 = rng.sample(StandardNormal);
                        let z = mean + sd * e;
                        if (min..=max).contains(&z) {
                            return z;
                        }
                    }
                }
                let (a, b) = (normal_cdf((min - mean) / sd), normal_cdf((max - mean) / sd));
                let u = a + rng.random::<f64>() * (b - a);
                (mean + sd * normal_quantile(u)).clamp(min, max)
            }
        }
    }

    /// The prior's median value (for charts and the middle of the prior).
    pub fn mean_value(self) -> f64 {
        match self {
            Prior::Uniform { min, max } => 0.5 * (min + max),
            Prior::LogUniform { min, max } => (max - min) / (max.ln() - min.ln()),
            Prior::Normal { mean, sd, min, max } => {
                let (a, b) = ((min - mean) / sd, (max - mean) / sd);
                let mass = normal_cdf(b) - normal_cdf(a);
                mean + sd * (normal_pdf(a) - normal_pdf(b)) / mass
            }
        }
    }

    /// The density of the value itself (for charts of the prior against the posterior).
    pub fn density_value(self, x: f64) -> f64 {
        match self {
            Prior::LogUniform { .. } if x > 0.0 => self.density_z(x.ln()) / x,
            Prior::LogUniform { .. } => 0.0,
            _ => self.density_z(x),
        }
    }

    pub fn value_bounds(self) -> (f64, f64) {
        match self {
            Prior::Uniform { min, max } | Prior::LogUniform { min, max } | Prior::Normal { min, max, .. } => {
                (min, max)
            }
        }
    }
}

pub fn normal_pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

pub fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// The standard normal quantile: Acklam's rational approximation (relative error below
/// 1.2e-9), refined by one Halley step on the exact CDF.
pub fn normal_quantile(p: f64) -> f64 {
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.383577518672690e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e1,
        1.615858368580409e2,
        -1.556989798598866e2,
        6.680131188771972e1,
        -1.328068155288572e1,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
    let low = 0.02425;
    let x = if p < low {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - low {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    let e = normal_cdf(x) - p;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * (0.5 * x * x).exp();
    x - u / (1.0 + 0.5 * x * u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn densities_integrate_to_one_and_samples_stay_inside() {
        let priors = [
            Prior::Uniform { min: -1.0, max: 3.0 },
            Prior::LogUniform { min: 0.01, max: 10.0 },
            Prior::Normal { mean: 0.5, sd: 0.2, min: 0.0, max: 1.0 },
            Prior::Normal { mean: 0.0, sd: 1.0, min: 3.0, max: 4.0 },
        ];
        for p in priors {
            let (lo, hi) = p.z_bounds();
            let n = 20_000;
            let h = (hi - lo) / n as f64;
            let integral: f64 = (0..n).map(|i| p.density_z(lo + (i as f64 + 0.5) * h) * h).sum();
            assert!((integral - 1.0).abs() < 1e-3, "{p:?}: {integral}");
            let mut rng = crate::rng::Generator::seed_from_u64(3);
            let draws: Vec<f64> = (0..20_000).map(|_| p.sample_z(&mut rng)).collect();
            assert!(draws.iter().all(|&z| p.contains_z(z)), "{p:?}");
            // The sample mean of the value matches the prior's mean.
            let mean = draws.iter().map(|&z| p.from_z(z)).sum::<f64>() / draws.len() as f64;
            let (a, b) = p.value_bounds();
            assert!((mean - p.mean_value()).abs() < 0.02 * (b - a), "{p:?}: {mean} vs {}", p.mean_value());
        }
    }

    #[test]
    fn the_normal_quantile_inverts_the_cdf() {
        for p in [1e-10, 1e-4, 0.01, 0.2, 0.5, 0.8, 0.975, 1.0 - 1e-6] {
            assert!((normal_cdf(normal_quantile(p)) - p).abs() < 1e-12 * p.max(1e-3) / 1e-3, "{p}");
        }
        assert!((normal_quantile(0.975) - 1.959963984540054).abs() < 1e-12);
    }
}
