//! Phase 9, citizen update (MODEL.md §7.7). Trust and fear relax toward their baselines;
//! individual values relax lazily on read (see world/citizens.rs), so only the population
//! sums move here. Release from jail is implicit: an offender is free once `jailed_until`
//! has passed. Role transitions belong to the DIY layer.

use crate::world::World;

pub fn update(w: &mut World, _tick: u32) {
    let keep = w.keep;
    w.citizens.relax_sums(keep);
}
