//! One run of either model: build it, step it day by day with the interventions applied on
//! their day, record after the burn-in, and hand back a finished [`Run`] — the same type
//! for both models, so commands, comparisons and sweeps never ask which model ran.

mod cv;
mod diy;
mod model;

use std::sync::atomic::{AtomicBool, Ordering};

pub use cv::Cv;
pub use diy::Diy;
pub use model::{CellMap, Keep, Model, Run};

use crate::error::Error;
use crate::scenario::{LoadedScenario, ModelKind};

/// Runs `loaded` to its horizon. `progress` is called after every tick with (tick, ticks);
/// `cancel` is polled once a tick so Ctrl-C stops cleanly between ticks.
pub fn simulate(
    loaded: &LoadedScenario,
    replicate: u32,
    keep: Keep,
    progress: &mut dyn FnMut(u32, u32),
    cancel: &AtomicBool,
) -> Result<Run, Error> {
    match loaded.scenario.model {
        ModelKind::DiyPolicing => drive::<Diy>(loaded, replicate, keep, progress, cancel),
        ModelKind::CivilViolence => drive::<Cv>(loaded, replicate, keep, progress, cancel),
    }
}

/// The run loop both models share, to a finished run.
pub fn drive<M: Model>(
    loaded: &LoadedScenario,
    replicate: u32,
    keep: Keep,
    progress: &mut dyn FnMut(u32, u32),
    cancel: &AtomicBool,
) -> Result<Run, Error> {
    Ok(step_through::<M>(loaded, progress, cancel)?.finish(loaded, replicate, keep))
}

/// The run loop both models share: the model at the end of the run, for callers that
/// look at its state (validation of spatial patterns).
pub fn step_through<M: Model>(
    loaded: &LoadedScenario,
    progress: &mut dyn FnMut(u32, u32),
    cancel: &AtomicBool,
) -> Result<M, Error> {
    step_through_observed::<M>(loaded, &mut |_: &M, tick, ticks| progress(tick, ticks), cancel)
}

/// The run loop, with `observe(model, tick + 1, ticks)` after every tick: the live page
/// streams each recorded day from the model's recorder without a second copy of the loop.
pub fn step_through_observed<M: Model>(
    loaded: &LoadedScenario,
    observe: &mut dyn FnMut(&M, u32, u32),
    cancel: &AtomicBool,
) -> Result<M, Error> {
    let s = &loaded.scenario;
    let mut model = M::build(loaded);
    let ticks = s.burn_in_days + s.days;
    for tick in 0..ticks {
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Interrupted(format!(
                "at tick {tick} (burn-in included); no output was written"
            )));
        }
        if tick == s.burn_in_days {
            model.start_recording();
        }
        // Phase 1: interventions are scheduled in recorded days, after the burn-in.
        if let Some(day) = tick.checked_sub(s.burn_in_days)
            && let Some((next, shock)) = s.changed_on(model.scenario(), day)?
        {
            model.set_scenario(tick, next, shock);
        }
        model.step(tick);
        if tick >= s.burn_in_days {
            model.record(tick);
        }
        observe(&model, tick + 1, ticks);
    }
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;
    use crate::table::{Column, Table};
    use std::path::Path;

    /// A model that writes down what the loop asks of it.
    struct Log {
        scenario: Scenario,
        calls: Vec<String>,
    }

    impl Model for Log {
        fn build(loaded: &LoadedScenario) -> Self {
            Log { scenario: loaded.scenario.clone(), calls: Vec::new() }
        }
        fn scenario(&self) -> &Scenario {
            &self.scenario
        }
        fn set_scenario(&mut self, tick: u32, next: Scenario, shock: f64) {
            self.calls.push(format!("set {tick} {:?} {shock}", next.policy.patrol));
            self.scenario = next;
        }
        fn start_recording(&mut self) {
            self.calls.push("start".into());
        }
        fn step(&mut self, tick: u32) {
            self.calls.push(format!("step {tick}"));
        }
        fn record(&mut self, tick: u32) {
            self.calls.push(format!("record {tick}"));
        }
        fn finish(self, loaded: &LoadedScenario, replicate: u32, _: Keep) -> Run {
            let mut row = Table::default();
            row.push("calls", Column::strs([self.calls.join(", ")]));
            Run { scenario: loaded.scenario.clone(), ..Run::with_row(replicate, row) }
        }
    }

    #[test]
    fn interventions_apply_on_their_recorded_day_and_only_recorded_days_are_recorded() {
        let text = "version: 1\nmodel: diy_policing\nburn_in_days: 2\ndays: 3\ninterventions:\n  - at: 1\n    set: {policy.patrol: hotspot, trust_shock: -0.2}\n";
        let loaded = crate::scenario::from_str(text, Path::new("t.yaml"), Path::new(".")).unwrap();
        let run = drive::<Log>(&loaded, 0, Keep::default(), &mut |_, _| {}, &AtomicBool::new(false)).unwrap();
        let calls = run.row.get("calls").unwrap().text_at(0);
        assert_eq!(
            calls,
            "step 0, step 1, start, step 2, record 2, set 3 Some(Hotspot) -0.2, step 3, record 3, step 4, record 4"
        );
    }

    #[test]
    fn a_cancelled_run_stops_between_ticks() {
        let loaded = crate::scenario::from_str(
            "version: 1\nmodel: diy_policing\n",
            Path::new("t.yaml"),
            Path::new("."),
        )
        .unwrap();
        let e =
            drive::<Log>(&loaded, 0, Keep::default(), &mut |_, _| {}, &AtomicBool::new(true)).unwrap_err();
        assert_eq!(e.kind(), crate::error::ExitKind::Interrupted);
        assert!(e.to_string().contains("at tick 0"), "{e}");
    }
}
