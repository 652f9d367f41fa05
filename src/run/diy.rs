//! `model: diy_policing` in the run loop: the world, the tick's phases and the recorder.

use super::model::{CellMap, Keep, Model, Run, keys};
use crate::catalogue::{DiyRun as R, Row};
use crate::phases;
use crate::recorder::{Recorder, run_indicators, tables};
use crate::scenario::{LoadedScenario, ModelKind, Scenario};
use crate::world::World;

/// A `diy_policing` run in progress.
pub struct Diy {
    pub world: World,
    pub recorder: Recorder,
}

impl Model for Diy {
    fn build(loaded: &LoadedScenario) -> Self {
        let world = World::new(loaded);
        let recorder = Recorder::new(&world);
        Diy { world, recorder }
    }

    fn scenario(&self) -> &Scenario {
        &self.world.scenario
    }

    fn set_scenario(&mut self, tick: u32, next: Scenario, trust_shock: f64) {
        self.world.set_scenario(tick, next, trust_shock);
    }

    fn start_recording(&mut self) {
        self.world.start_recording();
        self.recorder.initial_trust = self.world.citizens.mean_trust();
    }

    fn step(&mut self, tick: u32) {
        phases::step(&mut self.world, tick);
    }

    fn record(&mut self, tick: u32) {
        self.recorder.record(&self.world, tick);
    }

    fn finish(self, loaded: &LoadedScenario, replicate: u32, keep: Keep) -> Run {
        let Diy { world: w, recorder } = self;
        // Interventions may have changed parameters mid-run, but the input is what
        // reproduces the run, so outputs describe the loaded scenario.
        let s = &loaded.scenario;
        let mut settings = Row::default();
        settings.put(R::Population, w.population() as f64);
        settings.put(R::Days, s.days as f64);
        settings.text(R::Stance, crate::scenario::enum_name(&s.policy.stance));
        settings.text(R::Patrol, crate::scenario::enum_name(&s.policy.levers().patrol));
        settings.put(R::OfficersPer1000, s.policy.officers_per_1000);
        let row = run_indicators(&w, &recorder.ticks, recorder.initial_trust)
            .after(settings.0)
            .after(keys(s, replicate, 1));
        let days = recorder.ticks.rows();
        let ticks = recorder.ticks.after(keys(s, replicate, days));
        let crime_map = CellMap {
            width: w.city.width as usize,
            height: w.city.height as usize,
            values: w.totals.cell_crimes.iter().map(|&n| n as f64).collect(),
        };
        Run {
            model: ModelKind::DiyPolicing,
            scenario: s.clone(),
            replicate,
            cells: keep.cells.then(|| tables::cells(&w)),
            events: keep.events.then(|| tables::events(&w)),
            ticks,
            row,
            crime_map: Some(crime_map),
        }
    }
}
