//! The tick: MODEL.md §3's phases, called in the documented order. Each phase is one
//! function in the file named after it; consequences several phases share are in
//! `effects.rs`. Phase 1 (interventions) and phase 11 (recording) belong to the run loop
//! (`src/run/`), which calls `step` between them for both models alike.

pub mod citizen_action;
pub mod citizen_update;
pub mod crowd;
pub mod effects;
pub mod offending;
pub mod online_spread;
pub mod places;
pub mod police_plan;
pub mod police_work;
pub mod reporting;

use crate::world::World;

/// Advances the world by one day (internal tick, burn-in included): phases 2 to 10.
pub fn step(world: &mut World, tick: u32) {
    world.today.reset();
    // Posts made after yesterday's spread (namings, appeals, films) spread today.
    let cases = &mut world.cases;
    cases.posts.clear();
    std::mem::swap(&mut cases.posts, &mut cases.posts_next);
    police_plan::plan(world, tick); // 2
    world.cases.first_new_today = world.cases.all.len();
    offending::offend(world, tick); // 3 ∥
    reporting::witness_report_post(world, tick, world.cases.first_new_today); // 4 ∥
    police_work::desk_pickups(world, tick); // 4: the desk finds unreported posted crimes
    online_spread::spread(world, tick); // 5 ∥
    crowd::investigate(world, tick); // 6 ∥
    citizen_action::act(world, tick); // 7
    police_work::work(world, tick); // 8
    citizen_update::update(world, tick); // 9
    places::update(world, tick); // 10
}
