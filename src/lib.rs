//! diypol: an agent-based simulator of do-it-yourself policing.
//!
//! Five nouns, each in one place: [`scenario::Scenario`] (validated parameters),
//! [`world::World`] (all state), the tick's [`phases`], the [`recorder::Recorder`] (what
//! is observed) and the [`sweep`] (many runs as a flat list of jobs). [`run`] drives either
//! model through one run; [`catalogue`] declares every output column; [`output`] writes
//! Parquet files and charts; [`app`] holds the commands the binary calls; [`budget`]
//! refuses, before it starts, what would not fit in memory or on disk.

pub mod app;
pub mod budget;
pub mod calibrate;
pub mod catalogue;
pub mod civil_violence;
pub mod compare;
pub mod error;
pub mod i18n;
pub mod input;
pub mod mesa;
pub mod output;
pub mod phases;
pub mod recorder;
pub mod rng;
pub mod run;
pub mod scenario;
pub mod serve;
pub mod stats;
pub mod sweep;
pub mod table;
pub mod world;

pub use error::{Error, ExitKind};

#[cfg(test)]
mod testkit;
