//! Phase 1, policy: apply the interventions scheduled for this tick (MODEL.md §8).

use crate::world::World;

pub fn apply_interventions(world: &mut World, tick: u32) {
    // Interventions are scheduled in recorded days; the burn-in comes before day 0.
    let Some(day) = tick.checked_sub(world.burn_in) else { return };
    let due: Vec<_> = world.scenario.interventions.iter().filter(|iv| iv.at == day).cloned().collect();
    if due.is_empty() {
        return;
    }
    let shock = world.scenario.trust_shock_at(day);
    let mut next = world.scenario.clone();
    for iv in &due {
        // Paths and values were validated when the scenario was loaded.
        match next.with_changes(&iv.set) {
            Ok(s) => next = s,
            Err(e) => unreachable!("intervention validated at load time: {e}"),
        }
    }
    world.set_scenario(tick, next, shock);
}
