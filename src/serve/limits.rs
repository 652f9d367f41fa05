//! What the server runs for anyone who can reach it: the caps that guard its memory.

use crate::error::Error;
use crate::scenario::LoadedScenario;

/// The caps of a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_population: u64,
    pub max_days: u32,
    pub max_replicates: u32,
    /// Largest request body (an uploaded scenario included), in bytes.
    pub max_body: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_population: 200_000, max_days: 3650, max_replicates: 30, max_body: 256 << 10 }
    }
}

impl Limits {
    /// Refuses a scenario over the caps, naming the field and the cap.
    pub fn check(&self, l: &LoadedScenario) -> Result<(), Error> {
        let s = &l.scenario;
        let over = |field: &str, value: u64, cap: u64, flag: &str| {
            Error::usage(
                format!("{field}: {value} is over this server's cap of {cap}"),
                format!("use a smaller {field}, or start the server with a larger {flag}"),
            )
        };
        if s.city.population as u64 > self.max_population {
            return Err(over(
                "city.population",
                s.city.population as u64,
                self.max_population,
                "--max-population",
            ));
        }
        for (field, days) in [("days", s.days), ("burn_in_days", s.burn_in_days)] {
            if days > self.max_days {
                return Err(over(field, days as u64, self.max_days as u64, "--max-days"));
            }
        }
        Ok(())
    }
}
