//! A scenario that passed every check, with what it was loaded from.

use std::path::PathBuf;

use super::assign::Origin;
use super::city_csv::CityGrid;
use super::params::Scenario;
use crate::error::Error;
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
    /// Parents (`extends:`) and `--set` values it was made with.
    pub origin: Origin,
}

impl LoadedScenario {
    /// The same scenario with another seed (a replicate); warnings were shown once already.
    pub fn with_seed(&self, seed: u64) -> LoadedScenario {
        LoadedScenario {
            scenario: Scenario { seed, ..self.scenario.clone() },
            file: self.file.clone(),
            city: self.city.clone(),
            warnings: Vec::new(),
            origin: self.origin.clone(),
        }
    }

    /// The text kept beside results: the file as written, or — when it extends another or
    /// `--set` changed it — the resolved scenario under the file's header comments, so the
    /// copy alone says what ran.
    pub fn source_text(&self) -> Result<String, Error> {
        let text = crate::input::read_text(&self.file)?;
        if self.origin.is_plain() {
            return Ok(text);
        }
        let header: String = text
            .lines()
            .take_while(|l| l.trim_start().starts_with('#') || l.trim().is_empty())
            .filter(|l| l.trim_start().starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        Ok(format!("{header}# {}\n{}", self.origin.describe(&self.file), self.scenario.to_yaml()))
    }

    /// The scenario's name in outputs.
    pub fn name(&self) -> &str {
        self.scenario.name.as_deref().unwrap_or("run")
    }
}
