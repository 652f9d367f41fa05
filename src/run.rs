//! One run: build the world, step it day by day, and hand back what was recorded.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::phases;
use crate::recorder::{Recorder, run_indicators};
use crate::scenario::{LoadedScenario, Scenario};
use crate::world::World;

/// Everything a finished run produced, ready for output.
pub struct RunData {
    /// The scenario as run (seed and days resolved).
    pub scenario: Scenario,
    pub replicate: u32,
    pub population: u32,
    pub world: World,
    pub recorder: Recorder,
    pub indicators: Vec<(String, f64)>,
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("interrupted at tick {0} (burn-in included); no output was written")]
    Interrupted(u32),
}

/// Runs `loaded` to its horizon. `progress` is called after every day with (day, days);
/// `cancel` is polled once a day so Ctrl-C stops cleanly between days.
pub fn simulate(
    loaded: &LoadedScenario,
    replicate: u32,
    progress: &mut dyn FnMut(u32, u32),
    cancel: &AtomicBool,
) -> Result<RunData, RunError> {
    let mut world = World::new(loaded);
    let mut recorder = Recorder::new(&world);
    let ticks = loaded.scenario.burn_in_days + loaded.scenario.days;
    for tick in 0..ticks {
        if cancel.load(Ordering::Relaxed) {
            return Err(RunError::Interrupted(tick));
        }
        phases::step(&mut world, tick, &mut recorder);
        progress(tick + 1, ticks);
    }
    let indicators = run_indicators(&world, &recorder);
    // Interventions may have changed parameters mid-run, but the input is what reproduces
    // the run, so outputs describe the loaded scenario.
    let scenario = loaded.scenario.clone();
    Ok(RunData { population: world.population() as u32, scenario, replicate, world, recorder, indicators })
}
