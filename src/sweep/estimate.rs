//! Rough costs of a sweep before it runs: time and disk per run, and their printing.
//! Rates were measured on the project machine (docs/PERFORMANCE.md); they are estimates,
//! not promises. Memory is [`crate::budget`]'s.

use crate::scenario::{ModelKind, Scenario};

/// What one run of `s` costs, roughly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    pub seconds: f64,
    pub bytes: f64,
}

/// Seconds on one thread: a fixed part per run (building the city, writing its files), a
/// part per citizen (the city and network) and one per simulated citizen-day, burn-in
/// included, for diy_policing; per agent-step for civil_violence. Fitted on 12 sizes
/// (1,000–100,000 citizens, 45–1,500 ticks) within ±11% (docs/PERFORMANCE.md). Bytes per
/// recorded day.
pub fn run_cost(s: &Scenario) -> Cost {
    let ticks = (s.burn_in_days + s.days) as f64;
    let (seconds, bytes) = match s.model {
        ModelKind::DiyPolicing => {
            let n = s.city.population as f64;
            (0.014 + n * 5.8e-7 + n * ticks * 3.5e-9, 12_000.0 + 120.0 * s.days as f64)
        }
        ModelKind::CivilViolence => {
            let cv = &s.civil_violence;
            let cells = cv.width as f64 * cv.height as f64;
            let agents = cells * (cv.citizen_density + cv.cop_density);
            (0.01 + agents * ticks / 1e7, 8_000.0 + 12.0 * s.days as f64)
        }
    };
    Cost { seconds, bytes }
}

/// Memory to stack `runs` runs of `s` (`diypol merge`): every tick row (at most 120
/// columns) read, stacked and written, with the program.
pub fn merge_memory(s: &Scenario, runs: u64) -> u64 {
    let per_run = (s.days as u64 + 1) * 120 * 9 + 200 * 9;
    (48 << 20) + runs.saturating_mul(per_run).saturating_mul(3)
}

/// Runs per array task for about five minutes of work each.
pub fn runs_per_task(cost: &Cost) -> u64 {
    ((300.0 / cost.seconds.max(1e-3)).floor() as u64).max(1)
}

pub fn human_secs(s: f64) -> String {
    if s < 10.0 {
        format!("{s:.1} s")
    } else if s < 90.0 {
        format!("{s:.0} s")
    } else if s < 5400.0 {
        format!("{:.0} min", s / 60.0)
    } else {
        format!("{:.1} h", s / 3600.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_grow_with_the_run_and_read_well() {
        let s = Scenario::default();
        let c = run_cost(&s);
        // 14 ms + 100,000 citizens × (0.58 µs + 1,095 ticks × 3.5 ns) ≈ 0.44 s.
        assert!((c.seconds - (0.014 + 0.058 + 0.38325)).abs() < 1e-9, "{c:?}");
        assert_eq!(runs_per_task(&c), 658);
        assert!(merge_memory(&s, 2000) > 2 * merge_memory(&s, 1000) - (48 << 20) - 1);
        assert_eq!(
            (human_secs(4.24), human_secs(42.0), human_secs(600.0), human_secs(7200.0)),
            ("4.2 s".into(), "42 s".into(), "10 min".into(), "2.0 h".into())
        );
    }
}
