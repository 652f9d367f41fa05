//! diypol: an agent-based simulator of do-it-yourself policing.
//!
//! Five nouns, each in one place: [`scenario::Scenario`] (validated parameters),
//! [`world::World`] (all state), the tick's [`phases`], the [`recorder::Recorder`]
//! (what is observed), and — for many runs — the sweep (later). [`run::simulate`] ties
//! them together; [`output`] writes Parquet files and charts.

pub mod civil_violence;
pub mod compare;
pub mod output;
pub mod phases;
pub mod recorder;
pub mod rng;
pub mod run;
pub mod scenario;
pub mod sensitivity;
pub mod stats;
pub mod sweep;
pub mod world;

#[cfg(test)]
mod testkit;
