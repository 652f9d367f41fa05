//! Calibration with uncertainty: `diypol calibrate SPEC.yaml` fits a scenario's uncertain
//! parameters to targets by ABC-SMC and writes a posterior, its predictive check, a
//! calibrated scenario and an ensemble of posterior draws for robust comparisons.
//!
//! [`spec`] is the checked file, [`prior`] the priors, [`smc`] the sampler's mathematics,
//! [`engine`] the loop over a model and a folder (resumable, shardable), [`store`] the
//! folder's files, [`outputs`] what a finished calibration writes, [`slurm`] the batch
//! scripts of a cluster run, [`toy`] models with a known posterior that check it all.

pub mod engine;
pub mod outputs;
pub mod prior;
pub mod slurm;
pub mod smc;
pub mod spec;
pub mod store;
pub mod toy;

pub use engine::{Outcome, Part, Stop, calibrate};
pub use spec::{LoadedSpec, load};
