//! `World`: all state of one run — city, citizens, network, police, cases — built from a
//! scenario and its seed (MODEL.md §2, §5). Phases (src/phases) read and change it.

pub mod cases;
pub mod citizens;
pub mod city;
pub mod network;
pub mod police;

use crate::scenario::{CrimeType, Levers, LoadedScenario, Scenario};
pub use cases::{Awareness, Call, Case, Cases, NO_CASE, Status};
pub use citizens::{Citizens, NONE, Offenders, Role};
pub use city::City;
pub use network::Network;
pub use police::{Police, TASKS, Task};

/// Counters of the current tick; the recorder copies them into columns at the end of it.
#[derive(Debug, Clone, Default)]
pub struct TickStats {
    /// Successful crimes by type index.
    pub crimes: Vec<u32>,
    pub attempts_foiled: u32,
    pub red_handed_arrests: u32,
    pub reported: u32,
    pub posted: u32,
    pub police_aware: u32,
    pub desk_pickups: u32,
    pub cleared: u32,
    pub cleared_with_citizens: u32,
    pub unsolved: u32,
    pub watch_alerts: u32,
    pub alert_arrests: u32,
    pub other_calls: u32,
    pub responses: u32,
    pub response_delay_sum: u64,
    pub reports_ignored: u32,
    pub calls_abandoned: u32,
}

impl TickStats {
    /// Zeroes every counter, keeping the per-type vector's allocation.
    pub fn reset(&mut self) {
        let mut crimes = std::mem::take(&mut self.crimes);
        crimes.iter_mut().for_each(|c| *c = 0);
        *self = TickStats { crimes, ..TickStats::default() };
    }
}

/// Totals over the whole run that the per-run indicators need.
#[derive(Debug, Clone, Default)]
pub struct RunTotals {
    /// By type index.
    pub crimes: Vec<u64>,
    pub reported: Vec<u64>,
    pub aware: Vec<u64>,
    pub cleared: Vec<u64>,
    pub cleared_with_citizens: u64,
    /// Street crimes per cell, all types.
    pub cell_crimes: Vec<u32>,
    /// Street crimes per cell and type (cell × n_types), for cells.parquet.
    pub cell_type_crimes: Vec<u32>,
    pub cell_recorded: Vec<u32>,
    /// Street crimes that fell within the repeat window of an earlier one in the same cell.
    pub repeats: u64,
    pub street_crimes: u64,
    pub cost_eur: f64,
    pub officer_hours: f64,
}

pub struct World {
    /// Current parameters (interventions replace them mid-run).
    pub scenario: Scenario,
    pub levers: Levers,
    pub seed: u64,
    /// Crime types in name order; a case's `ctype` indexes this.
    pub types: Vec<(String, CrimeType)>,
    /// Type indices of street types, in the order of the city's type mix.
    pub street_types: Vec<u8>,
    /// Type index of the (first) online type, committed by groomers.
    pub online_type: Option<u8>,
    pub city: City,
    pub citizens: Citizens,
    pub offenders: Offenders,
    pub network: Network,
    pub police: Police,
    pub cases: Cases,
    pub today: TickStats,
    pub totals: RunTotals,
    /// 1 − relax for trust and fear.
    pub keep: (f32, f32),
    /// Internal ticks before day 0 (burn-in); recorded day = tick − burn_in.
    pub burn_in: u32,
}

impl World {
    pub fn new(loaded: &LoadedScenario) -> World {
        let scenario = loaded.scenario.clone();
        let seed = scenario.seed;
        let types: Vec<(String, CrimeType)> =
            scenario.crime_types.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        let street_types: Vec<u8> =
            (0..types.len()).filter(|&k| !types[k].1.online).map(|k| k as u8).collect();
        let online_type = (0..types.len()).find(|&k| types[k].1.online).map(|k| k as u8);
        let street: Vec<(&String, &CrimeType)> =
            street_types.iter().map(|&k| (&types[k as usize].0, &types[k as usize].1)).collect();
        let city = City::build(&scenario.city, loaded.city.as_ref(), seed, &street);
        let (citizens, offenders) = Citizens::build(&scenario.citizens, &city.resident_start, seed);
        let network = Network::build(&scenario.network, &city, &citizens.home, seed);
        let n_types = types.len();
        let world = World {
            levers: scenario.policy.levers(),
            keep: (1.0 - scenario.trust.relax as f32, 1.0 - scenario.trust.fear_relax as f32),
            burn_in: scenario.burn_in_days,
            scenario,
            seed,
            types,
            street_types,
            online_type,
            city,
            citizens,
            offenders,
            network,
            police: Police::default(),
            cases: Cases::default(),
            today: TickStats { crimes: vec![0; n_types], ..TickStats::default() },
            totals: RunTotals::default(),
        };
        let mut world = world;
        world.start_recording();
        world.init_cell_counts();
        world
    }

    /// Watch members per cell and offenders within the deterrence radius of each cell.
    fn init_cell_counts(&mut self) {
        for (i, &role) in self.citizens.role.iter().enumerate() {
            if role == Role::Watch {
                self.city.watch_members[self.citizens.home[i] as usize] += 1;
            }
        }
        let r = self.scenario.offending.deterrence_radius;
        for k in 0..self.offenders.len() {
            if self.offenders.online[k] {
                continue;
            }
            let home = self.citizens.home[self.offenders.citizen[k] as usize];
            let (xs, ys) = self.city.square(home, r);
            for y in ys {
                for x in xs.clone() {
                    self.city.offenders_near[(y * self.city.width + x) as usize] += 1;
                }
            }
        }
        crate::phases::places::update_guardianship(self);
    }

    /// Day 0 begins: run totals start from zero (the burn-in is not counted).
    pub fn start_recording(&mut self) {
        let n_types = self.types.len();
        let cells = self.city.cells();
        self.totals = RunTotals {
            crimes: vec![0; n_types],
            reported: vec![0; n_types],
            aware: vec![0; n_types],
            cleared: vec![0; n_types],
            cell_crimes: vec![0; cells],
            cell_type_crimes: vec![0; cells * n_types],
            cell_recorded: vec![0; cells],
            ..RunTotals::default()
        };
    }

    pub fn population(&self) -> usize {
        self.citizens.len()
    }

    /// Replaces the parameters mid-run (an intervention) and refreshes what derives from them.
    pub fn set_scenario(&mut self, tick: u32, scenario: Scenario, trust_shock: f64) {
        self.citizens.sync_all(tick, self.keep, trust_shock as f32);
        self.levers = scenario.policy.levers();
        self.keep = (1.0 - scenario.trust.relax as f32, 1.0 - scenario.trust.fear_relax as f32);
        self.types = scenario.crime_types.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        let street: Vec<(&String, &CrimeType)> = self
            .street_types
            .iter()
            .map(|&k| (&self.types[k as usize].0, &self.types[k as usize].1))
            .collect();
        self.city.set_type_mix(&street);
        self.scenario = scenario;
        crate::phases::places::update_guardianship(self);
    }
}
