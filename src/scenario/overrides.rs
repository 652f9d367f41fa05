//! Command-line overrides of a scenario (`--set`, `--seed`, `--days`; a sweep plan's
//! `days` and `burn_in_days`), checked against it.

use std::path::Path;

use super::assign::Assignment;
use super::loaded::LoadedScenario;
use crate::error::Error;

/// Values given on the command line (or by a sweep plan) that replace the scenario's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    pub seed: Option<u64>,
    pub days: Option<u32>,
    pub burn_in_days: Option<u32>,
    /// `--set path=value`, applied to the file's tree before it is checked.
    pub set: Vec<Assignment>,
    /// `days` comes from a sweep plan's `days:`, not `--days` (messages name it so).
    pub days_from_plan: bool,
}

impl Overrides {
    /// Loads `file` with the `--set` values and applies the rest.
    pub fn load(&self, file: &Path) -> Result<LoadedScenario, Error> {
        let mut loaded = super::load::load_with(file, &self.set)?;
        self.apply(&mut loaded)?;
        Ok(loaded)
    }

    /// Applies the overrides. A horizon that would end the run before one of its
    /// interventions is refused: the intervention would silently never happen.
    pub fn apply(&self, loaded: &mut LoadedScenario) -> Result<(), Error> {
        let s = &mut loaded.scenario;
        if let Some(seed) = self.seed {
            s.seed = seed;
        }
        if let Some(days) = self.days {
            if let Some(iv) = s.interventions.iter().find(|iv| iv.at >= days) {
                let named =
                    |d: u32| if self.days_from_plan { format!("`days: {d}`") } else { format!("--days {d}") };
                return Err(Error::usage(
                    format!(
                        "{} ends the run before the intervention at tick {} in {}",
                        named(days),
                        iv.at,
                        loaded.file.display()
                    ),
                    format!("use {} or more", named(iv.at + 1)),
                ));
            }
            s.days = days;
        }
        if let Some(b) = self.burn_in_days {
            s.burn_in_days = b;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn policy_change() -> LoadedScenario {
        let text = "version: 1\nmodel: diy_policing\ndays: 400\ninterventions:\n  - at: 200\n    set: {policy.patrol: hotspot}\n";
        super::super::load::from_str(text, Path::new("p.yaml"), Path::new(".")).unwrap()
    }

    #[test]
    fn days_may_not_end_the_run_before_an_intervention() {
        let mut l = policy_change();
        let e = Overrides { days: Some(200), ..Overrides::default() }.apply(&mut l).unwrap_err();
        assert_eq!(e.kind(), crate::error::ExitKind::BadInput);
        assert!(e.to_string().contains("intervention at tick 200 in p.yaml"), "{e}");
        assert!(e.to_string().contains("--days 201 or more"), "{e}");
        assert_eq!(l.scenario.days, 400, "nothing changed");
        Overrides { days: Some(201), seed: Some(9), ..Overrides::default() }.apply(&mut l).unwrap();
        assert_eq!((l.scenario.days, l.scenario.seed), (201, 9));
    }
}
