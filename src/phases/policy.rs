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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Patrol;
    use crate::testkit::world;

    #[test]
    fn interventions_apply_on_their_day_after_burn_in() {
        let mut w = world(
            "burn_in_days: 10\ninterventions:\n  - at: 5\n    set: {policy.patrol: hotspot, trust_shock: -0.2}",
        );
        let before = w.citizens.mean_trust();
        apply_interventions(&mut w, 5);
        assert_eq!(w.levers.patrol, Patrol::Random, "day 5 is tick 15");
        apply_interventions(&mut w, 15);
        assert_eq!(w.levers.patrol, Patrol::Hotspot);
        let after = w.citizens.mean_trust();
        assert!(after < before - 0.15, "{before} → {after}");
    }
}
