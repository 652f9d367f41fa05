//! `model: civil_violence` in the run loop: the grid model, its activation and its recorder.

use super::model::{Keep, Model, Run, keys};
use crate::catalogue::{CvRun as R, Row};
use crate::civil_violence::recorder::{CvRecorder, cells_table, indicators};
use crate::civil_violence::{CvModel, TickCounts};
use crate::scenario::{LoadedScenario, ModelKind, Scenario, enum_name};

/// A `civil_violence` run in progress.
pub struct Cv {
    pub model: CvModel,
    pub recorder: CvRecorder,
    /// What the last tick did, for its row.
    last: TickCounts,
}

impl Model for Cv {
    fn build(loaded: &LoadedScenario) -> Self {
        Cv {
            model: CvModel::new(&loaded.scenario),
            recorder: CvRecorder::default(),
            last: TickCounts::default(),
        }
    }

    fn scenario(&self) -> &Scenario {
        self.model.scenario()
    }

    fn set_scenario(&mut self, _tick: u32, next: Scenario, _trust_shock: f64) {
        self.model.set_scenario(next);
    }

    fn start_recording(&mut self) {}

    fn step(&mut self, _tick: u32) {
        self.last = self.model.step();
    }

    fn record(&mut self, _tick: u32) {
        self.recorder.record(&self.model.world, self.last);
    }

    fn finish(self, loaded: &LoadedScenario, replicate: u32, keep: Keep) -> Run {
        let s = &loaded.scenario;
        let p = &s.civil_violence;
        let world = &self.model.world;
        let mut settings = Row::default();
        settings.text(R::Activation, enum_name(&p.activation));
        settings.put(R::Width, p.width as f64);
        settings.put(R::Height, p.height as f64);
        settings.put(R::Ticks, s.days as f64);
        settings.put(R::Legitimacy, p.legitimacy);
        settings.put(R::CopDensity, p.cop_density);
        settings.put(R::MaxJailTerm, p.max_jail_term as f64);
        settings.put(R::Citizens, world.citizens as f64);
        settings.put(R::Cops, world.cops as f64);
        let row = indicators(world, &self.recorder, s.burn_in_days + s.days)
            .after(settings.0)
            .after(keys(s, replicate, 1));
        let body = self.recorder.table();
        let rows = body.rows();
        Run {
            model: ModelKind::CivilViolence,
            scenario: s.clone(),
            replicate,
            ticks: body.after(keys(s, replicate, rows)),
            row,
            cells: keep.cells.then(|| cells_table(world)),
            events: None,
            crime_map: None,
        }
    }
}
