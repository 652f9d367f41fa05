//! `Scenario`: a versioned YAML file turned into validated, typed parameters.
//!
//! Loading goes text → located tree → schema check (all problems at once, with positions)
//! → merge onto the defaults → typed `Scenario` → cross-field checks. Nothing is run or
//! written unless every check passes.

pub mod assign;
pub mod city_csv;
mod cv_params;
mod defaults;
mod diy_params;
mod interventions;
mod load;
mod loaded;
pub mod names;
mod overrides;
mod params;
mod policy;
mod rules;
mod sections;

pub use assign::{Assignment, Origin};
pub use city_csv::CityGrid;
pub use defaults::default_crime_types;
pub use load::{from_str, from_str_with, load, load_with};
pub use loaded::LoadedScenario;
pub use overrides::Overrides;
pub use params::*;

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
