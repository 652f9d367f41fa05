//! Guardianship: how much watch groups protect each cell (MODEL.md §7.8). It follows from
//! the blocks' watch members, the police's support and the liaison hours, so the world
//! recomputes it whenever one of those changes.

use super::{Task, World};
use crate::scenario::WatchSupport;

impl World {
    /// G = min(1, watch_guard × members / residents) of the block, in blocks where a watch
    /// group exists (≥ group_min members), scaled by the police's support: a group watches
    /// its whole neighbourhood, not just its members' own blocks of flats. Coordination needs
    /// liaison hours: groups the liaison officers cannot cover get the `registered` level.
    pub fn update_guardianship(&mut self) {
        let w = self;
        let pp = &w.scenario.places;
        w.watch_groups = w.block_members.iter().filter(|&&m| m >= w.scenario.roles.group_min).count() as u32;
        let need = w.watch_groups as f64 * w.scenario.police.liaison_hours_per_group_day;
        w.liaison_coverage =
            if need > 0.0 { (w.police.hours[Task::WatchLiaison as usize] / need).min(1.0) } else { 1.0 };
        let factor = match w.levers.watch_groups {
            WatchSupport::Coordinated => {
                pp.registered_guard_factor + w.liaison_coverage * (1.0 - pp.registered_guard_factor)
            }
            WatchSupport::Registered => pp.registered_guard_factor,
            WatchSupport::None => pp.unsupported_guard_factor,
        };
        for c in 0..w.city.cells() {
            let b = w.block_of(c as u32);
            let (members, residents) = (w.block_members[b], w.block_residents[b]);
            let exists = members >= w.scenario.roles.group_min;
            w.city.guard[c] = if residents == 0 || !exists {
                0.0
            } else {
                (factor * (pp.watch_guard * members as f64 / residents as f64).min(1.0)) as f32
            };
        }
    }
}
