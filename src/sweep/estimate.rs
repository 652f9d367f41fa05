//! Rough costs of a sweep before it runs: time and disk per run, memory to ask a cluster
//! for, and their printing. Rates were measured on the project machine
//! (docs/PERFORMANCE.md); they are estimates, not promises.

use crate::scenario::{ModelKind, Scenario};

/// What one run of `s` costs, roughly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    pub seconds: f64,
    pub bytes: f64,
    /// Memory to reserve for one run, in MB.
    pub memory_mb: u64,
}

/// Per simulated citizen-day for diy_policing, per agent-step for civil_violence; bytes
/// per recorded day; about 200 bytes per citizen or 70 per grid cell of memory, plus room
/// for the program, at least 1 GB.
pub fn run_cost(s: &Scenario) -> Cost {
    let ticks = (s.burn_in_days + s.days) as f64;
    let (seconds, bytes, memory) = match s.model {
        ModelKind::DiyPolicing => {
            let n = s.city.population as f64;
            (n * ticks * 5e-9, 12_000.0 + 120.0 * s.days as f64, 200.0 * n)
        }
        ModelKind::CivilViolence => {
            let cv = &s.civil_violence;
            let cells = cv.width as f64 * cv.height as f64;
            let agents = cells * (cv.citizen_density + cv.cop_density);
            (agents * ticks / 1e7, 8_000.0 + 12.0 * s.days as f64, 70.0 * cells)
        }
    };
    Cost { seconds, bytes, memory_mb: ((memory / 1e6) as u64 + 512).max(1024) }
}

/// Runs per array task for about five minutes of work each.
pub fn runs_per_task(cost: &Cost) -> u64 {
    ((300.0 / cost.seconds.max(1e-3)).floor() as u64).max(1)
}

pub fn human_secs(s: f64) -> String {
    if s < 90.0 {
        format!("{s:.0} s")
    } else if s < 5400.0 {
        format!("{:.0} min", s / 60.0)
    } else {
        format!("{:.1} h", s / 3600.0)
    }
}

pub fn human_bytes(b: f64) -> String {
    if b < 1e6 {
        format!("{:.0} kB", b / 1e3)
    } else if b < 1e9 {
        format!("{:.0} MB", b / 1e6)
    } else {
        format!("{:.1} GB", b / 1e9)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_grow_with_the_run_and_read_well() {
        let s = Scenario::default();
        let c = run_cost(&s);
        // 100,000 citizens × 1,095 ticks × 5 ns ≈ 0.55 s; 200 bytes × 100,000 = 20 MB + 512.
        assert!((c.seconds - 0.5475).abs() < 1e-9, "{c:?}");
        assert_eq!(c.memory_mb, 1024);
        let big = Scenario {
            city: crate::scenario::CityParams { population: 10_000_000, ..s.city.clone() },
            ..s.clone()
        };
        assert_eq!(run_cost(&big).memory_mb, 2512);
        assert_eq!(runs_per_task(&c), 547);
        assert_eq!(
            (human_secs(42.0), human_secs(600.0), human_secs(7200.0)),
            ("42 s".into(), "10 min".into(), "2.0 h".into())
        );
        assert_eq!(
            (human_bytes(5e3), human_bytes(5e7), human_bytes(5e9)),
            ("5 kB".into(), "50 MB".into(), "5.0 GB".into())
        );
    }
}
