//! `model: civil_violence` — Epstein's civil violence, Model I (MODEL.md §10), matched to
//! Mesa's public implementation.
//!
//! Same five nouns as the main model, each in its file: the parameters live in the
//! scenario (`scenario/cv_params.rs`); [`world::CvWorld`] holds the grid ([`grid`]); the
//! tick is [`sequential`] (Mesa's random sequential activation) or [`parallel`] (snapshot,
//! intents, all threads); [`recorder`] keeps the per-tick counts and run statistics. The
//! run loop shared with the main model is in `src/run/`.

pub mod grid;
pub mod parallel;
pub mod recorder;
pub mod rules;
pub mod sequential;
pub mod vision;
pub mod world;

use crate::scenario::{Activation, Scenario};
use parallel::Parallel;
use sequential::Sequential;
pub use world::{CvWorld, TickCounts};

enum Engine {
    Sequential(Sequential),
    Parallel(Parallel),
}

/// A civil-violence model ready to step: the world, its activation, and the scenario
/// whose interventions it applies.
pub struct CvModel {
    pub world: CvWorld,
    engine: Engine,
    /// The scenario as it stands now (interventions applied so far).
    scenario: Scenario,
    /// Ticks done, burn-in included.
    pub tick: u32,
}

impl CvModel {
    pub fn new(scenario: &Scenario) -> CvModel {
        let init_seed = scenario.city_seed.unwrap_or(scenario.seed);
        let world = CvWorld::new(&scenario.civil_violence, scenario.seed, init_seed);
        let engine = match scenario.civil_violence.activation {
            Activation::Sequential => Engine::Sequential(Sequential::new(&world)),
            Activation::Parallel => Engine::Parallel(Parallel::new(&world)),
        };
        CvModel { world, engine, scenario: scenario.clone(), tick: 0 }
    }

    /// The parameters as they stand now.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// An intervention: new parameters (n* of every citizen recomputed).
    pub fn set_scenario(&mut self, next: Scenario) {
        self.world.set_params(next.civil_violence.clone());
        self.scenario = next;
    }

    /// One tick: every agent acts once.
    pub fn step(&mut self) -> TickCounts {
        let tick = self.tick;
        let counts = match &mut self.engine {
            Engine::Sequential(s) => s.step(&mut self.world, tick),
            Engine::Parallel(p) => p.step(&mut self.world, tick),
        };
        self.tick += 1;
        counts
    }

    /// Seconds spent so far in each pass of the `parallel` tick (prefix, decide, arrest,
    /// claim, gather), for benchmarks; None for `sequential`.
    pub fn pass_seconds(&self) -> Option<[f64; 5]> {
        match &self.engine {
            Engine::Parallel(p) => Some(p.pass_seconds),
            Engine::Sequential(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::grid::{Cell, Kind};
    use super::*;
    use crate::scenario::{CivilViolenceParams, ModelKind, Rounding, VisionShape};

    fn scenario(p: CivilViolenceParams) -> Scenario {
        Scenario { civil_violence: p, seed: 11, ..Scenario::defaults_for(ModelKind::CivilViolence) }
    }

    /// Agents are neither created nor lost, a cell holds at most one, the flag bytes and
    /// free bits agree with the words, and jail terms stay within bounds — for every
    /// activation and variant.
    #[test]
    fn every_variant_keeps_the_grid_consistent() {
        for activation in [Activation::Sequential, Activation::Parallel] {
            for (shape, block, rounding) in [
                (VisionShape::VonNeumann, true, Rounding::HalfEven),
                (VisionShape::Disc, false, Rounding::Floor),
                (VisionShape::VonNeumann, false, Rounding::HalfEven),
            ] {
                let p = CivilViolenceParams {
                    activation,
                    width: 31,
                    height: 23,
                    vision_shape: shape,
                    jailed_block: block,
                    ratio_rounding: rounding,
                    legitimacy: 0.75,
                    cop_density: 0.04,
                    max_jail_term: 15,
                    ..CivilViolenceParams::default()
                };
                let mut m = CvModel::new(&scenario(p.clone()));
                let (citizens, cops) = (m.world.citizens, m.world.cops);
                let (mut arrests, mut moves) = (0, 0);
                for _ in 0..150 {
                    let t = m.step();
                    arrests += t.arrests;
                    moves += t.moves;
                    let g = &m.world.grid;
                    let mut ids: Vec<u32> =
                        g.cells().iter().filter(|c| !c.is_empty()).map(|c| c.id()).collect();
                    ids.extend(m.world.jail.inmates.iter().map(|i| i.cell.id()));
                    ids.sort();
                    ids.dedup();
                    assert_eq!(ids.len() as u32, citizens + cops, "{activation:?} {shape:?}: agents lost");
                    let [q, a, j] = m.world.census();
                    assert_eq!(q + a + j, citizens);
                    assert_eq!(g.cells().iter().filter(|c| c.kind() == Kind::Cop).count() as u32, cops);
                    for (i, cell) in g.cells().iter().enumerate() {
                        assert_eq!(g.codes()[i], 1 << cell.code());
                        assert_eq!(g.is_free(i as u32), cell.is_empty());
                        assert!(cell.jail() as u32 <= p.max_jail_term);
                    }
                    if p.jailed_block {
                        assert!(m.world.jail.inmates.is_empty());
                    } else {
                        assert!(g.cells().iter().all(|c| c.kind() != Kind::Jailed || c.jail() == 0));
                    }
                }
                assert!(arrests > 0 && moves > 0, "{activation:?} {shape:?}: nothing happened");
            }
        }
    }

    #[test]
    fn without_movement_nobody_moves() {
        let p = CivilViolenceParams { movement: false, ..CivilViolenceParams::default() };
        for activation in [Activation::Sequential, Activation::Parallel] {
            let mut m = CvModel::new(&scenario(CivilViolenceParams { activation, ..p.clone() }));
            let where_: Vec<u32> = m.world.grid.cells().iter().map(|c| c.id()).collect();
            for _ in 0..20 {
                assert_eq!(m.step().moves, 0);
            }
            let now: Vec<u32> = m.world.grid.cells().iter().map(|c| c.id()).collect();
            assert_eq!(where_, now);
        }
    }

    #[test]
    fn jailed_citizens_serve_their_term_then_decide() {
        // One citizen next to many cops would stay quiet; in jail it waits out its term.
        let p =
            CivilViolenceParams { citizen_density: 0.0, cop_density: 0.0, ..CivilViolenceParams::default() };
        let mut m = CvModel::new(&scenario(p));
        m.world.hardship.push(1.0);
        m.world.risk_aversion.push(0.0);
        m.world.citizens = 1;
        let nstar = m.world.rule.nstar(1.0, 0.0);
        m.world.grid.set(5, Cell::new(Kind::Jailed, 0, nstar).with_jail(3));
        m = CvModel { engine: Engine::Sequential(sequential::Sequential::new(&m.world)), ..m };
        let kinds: Vec<Kind> = (0..5)
            .map(|_| {
                m.step();
                m.world.grid.cells().iter().find(|c| !c.is_empty()).unwrap().kind()
            })
            .collect();
        assert_eq!(kinds, [Kind::Jailed, Kind::Jailed, Kind::Jailed, Kind::Active, Kind::Active]);
    }
}
