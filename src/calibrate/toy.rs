//! Toy models with a known posterior, to check the sampler end to end through the same
//! spec, store and outputs as a real calibration: a binomial rate under a uniform prior
//! (posterior Beta(1 + k, 1 + n − k)) and a normal mean with known spread under a normal
//! prior (posterior normal).

use rand::RngExt;
use rand::SeedableRng;
use rand_distr::{Binomial, Distribution, StandardNormal};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::rng::Generator;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ToyModel {
    /// Successes in `trials` Bernoulli trials of probability `rate`; output `success_share`.
    Binomial,
    /// The mean of `n` normal draws of mean `mean` and sd `sigma`; output `sample_mean`.
    NormalMean,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Toy {
    Binomial { trials: u32 },
    NormalMean { n: u32, sigma: f64 },
}

impl Toy {
    /// The toy of a spec, or (field, problem, hint).
    pub fn from_spec(spec: &ToySpec) -> Result<Toy, (&'static str, String, String)> {
        match spec.model {
            ToyModel::Binomial => match spec.trials {
                Some(trials) => Ok(Toy::Binomial { trials }),
                None => {
                    Err(("trials", "the binomial toy needs `trials`".into(), "add e.g. `trials: 50`".into()))
                }
            },
            ToyModel::NormalMean => match (spec.n, spec.sigma) {
                (Some(n), Some(sigma)) if sigma > 0.0 => Ok(Toy::NormalMean { n, sigma }),
                _ => Err((
                    "model",
                    "the normal-mean toy needs `n` and `sigma` > 0".into(),
                    "add e.g. `n: 20` and `sigma: 1`".into(),
                )),
            },
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Toy::Binomial { .. } => "binomial",
            Toy::NormalMean { .. } => "normal_mean",
        }
    }

    pub fn parameters(&self) -> &'static [&'static str] {
        match self {
            Toy::Binomial { .. } => &["rate"],
            Toy::NormalMean { .. } => &["mean"],
        }
    }

    pub fn outputs(&self) -> &'static [&'static str] {
        match self {
            Toy::Binomial { .. } => &["success_share"],
            Toy::NormalMean { .. } => &["sample_mean"],
        }
    }

    /// One simulation at `theta` (the toy's one parameter).
    pub fn simulate(&self, theta: &[f64], seed: u64) -> Vec<(String, f64)> {
        let mut rng = Generator::seed_from_u64(seed);
        match *self {
            Toy::Binomial { trials } => {
                let p = theta[0].clamp(0.0, 1.0);
                let k = Binomial::new(trials as u64, p).map(|b| b.sample(&mut rng)).unwrap_or(0);
                vec![("success_share".into(), k as f64 / trials as f64)]
            }
            Toy::NormalMean { n, sigma } => {
                let sum: f64 = (0..n)
                    .map(|_| {
                        let e: f64 = rng.sample(StandardNormal);
                        theta[0] + sigma * e
                    })
                    .sum();
                vec![("sample_mean".into(), sum / n as f64)]
            }
        }
    }
}

/// `toy: {model: binomial, trials: 50}` or `toy: {model: normal_mean, n: 20, sigma: 1}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ToySpec {
    pub model: ToyModel,
    /// Binomial: trials per simulation.
    #[schemars(range(min = 1, max = 1000000))]
    pub trials: Option<u32>,
    /// Normal mean: observations per simulation.
    #[schemars(range(min = 1, max = 1000000))]
    pub n: Option<u32>,
    /// Normal mean: the observations' (known) standard deviation.
    #[schemars(range(min = 0.0))]
    pub sigma: Option<f64>,
}
