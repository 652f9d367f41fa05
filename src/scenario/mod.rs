//! `Scenario`: a versioned YAML file turned into validated, typed parameters.
//!
//! Loading goes text → located tree → schema check (all problems at once, with positions)
//! → merge onto the defaults → typed `Scenario` → cross-field checks. Nothing is run or
//! written unless every check passes.

pub mod city_csv;
mod cv_params;
mod defaults;
mod diy_params;
mod interventions;
mod load;
mod overrides;
mod params;
mod policy;
mod rules;
mod sections;

use std::path::PathBuf;
use std::sync::OnceLock;

pub use city_csv::CityGrid;
pub use defaults::default_crime_types;
pub use load::{from_str, load};
pub use overrides::Overrides;
pub use params::*;

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

/// The JSON Schema of scenario files (what `diypol schema` prints).
pub fn schema() -> &'static serde_json::Value {
    static SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut s = serde_json::to_value(schemars::schema_for!(Scenario)).expect("schema is JSON");
        if let Some(o) = s.as_object_mut() {
            o.insert("title".into(), "diypol scenario".into());
        }
        s
    })
}

/// The name of an enum value as scenario files write it (`hotspot`, `co_opt`).
pub fn enum_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|j| j.as_str().map(str::to_string)).unwrap_or_default()
}

impl Scenario {
    /// The resolved scenario as YAML (only the sections of its model), for output metadata.
    pub fn to_yaml(&self) -> String {
        let mut json = serde_json::to_value(self).unwrap_or_default();
        if let Some(map) = json.as_object_mut() {
            map.retain(|k, _| self.model.has_section(k));
        }
        serde_saphyr::to_string(&json).unwrap_or_else(|e| format!("# could not serialise: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::input::Problem;
    use std::path::Path;

    fn load_text(text: &str) -> Result<LoadedScenario, Error> {
        from_str(text, Path::new("t.yaml"), Path::new("."))
    }

    fn problems(text: &str) -> Vec<Problem> {
        match load_text(text) {
            Err(Error::Invalid(p)) => p.items,
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn minimal_file_takes_defaults() {
        let s = load_text("version: 1\nmodel: diy_policing\n").unwrap().scenario;
        assert_eq!(s.city.population, 100_000);
        assert_eq!(s.name.as_deref(), Some("t"));
    }

    #[test]
    fn crime_type_edits_merge_into_defaults() {
        let s = load_text("version: 1\nmodel: diy_policing\ncrime_types:\n  burglary: {report_base: 0.9}\n  fraud: {share: 0.1}\n")
            .unwrap()
            .scenario;
        assert_eq!(s.crime_types["burglary"].report_base, 0.9);
        assert_eq!(s.crime_types["burglary"].sentence_days, 365);
        assert!(s.crime_types.contains_key("fraud"));
        assert_eq!(s.crime_types.len(), 7);
    }

    #[test]
    fn reports_all_problems_with_positions() {
        let p = problems(
            "version: 1\nmodel: diy_policing\npolicy:\n  patroll: hotspot\n  stance: supress\ncity:\n  width: -4\n",
        );
        assert_eq!(p.len(), 3, "{p:?}");
        assert_eq!((p[0].loc.line, p[0].path.as_str()), (4, "policy.patroll"));
        assert!(p[0].hint.as_deref().unwrap().contains("patrol"));
        assert!(p[1].hint.as_deref().unwrap().contains("suppress"));
        assert_eq!(p[2].loc.line, 7);
    }

    #[test]
    fn intervention_paths_are_checked() {
        let p = problems(
            "version: 1\nmodel: diy_policing\ndays: 100\ninterventions:\n  - at: 200\n    set: {policy.patroll: random, city.width: 3, trust_shock: 4}\n",
        );
        assert_eq!(p.len(), 4, "{p:?}");
    }

    #[test]
    fn with_changes_sets_paths() {
        let s = Scenario::default();
        let set = [("policy.patrol".to_string(), serde_json::json!("hotspot"))].into();
        assert_eq!(s.with_changes(&set).unwrap().policy.patrol, Some(Patrol::Hotspot));
    }
}
