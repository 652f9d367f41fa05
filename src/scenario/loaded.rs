//! A scenario that passed every check, with what it was loaded from.

use std::path::PathBuf;

use super::city_csv::CityGrid;
use super::params::Scenario;
use crate::input::Problem;

/// A scenario that passed every check, with what it was loaded from.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    pub scenario: Scenario,
    pub file: PathBuf,
    /// The CSV city, when `city.csv` is set.
    pub city: Option<CityGrid>,
    /// Settings that are legal but probably not what the author meant.
    pub warnings: Vec<Problem>,
}

impl LoadedScenario {
    /// The same scenario with another seed (a replicate); warnings were shown once already.
    pub fn with_seed(&self, seed: u64) -> LoadedScenario {
        LoadedScenario {
            scenario: Scenario { seed, ..self.scenario.clone() },
            file: self.file.clone(),
            city: self.city.clone(),
            warnings: Vec::new(),
        }
    }

    /// The scenario's name in outputs.
    pub fn name(&self) -> &str {
        self.scenario.name.as_deref().unwrap_or("run")
    }
}
