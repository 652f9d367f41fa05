//! The tick: MODEL.md §3's phases, called in the documented order. Each phase is one
//! function in the file named after it.

pub mod citizen_action;
pub mod citizen_update;
pub mod crowd;
pub mod offending;
pub mod online_spread;
pub mod places;
pub mod police_plan;
pub mod police_work;
pub mod policy;
pub mod reporting;

use crate::recorder::Recorder;
use crate::world::World;

/// Advances the world by one day (internal tick, burn-in included) and records it.
pub fn step(world: &mut World, tick: u32, recorder: &mut Recorder) {
    if tick == world.burn_in {
        world.start_recording();
        recorder.initial_trust = world.citizens.mean_trust();
    }
    world.today.reset();
    // Posts made after yesterday's spread (namings, appeals, films) spread today.
    let cases = &mut world.cases;
    cases.posts.clear();
    std::mem::swap(&mut cases.posts, &mut cases.posts_next);
    policy::apply_interventions(world, tick); // 1
    police_plan::plan(world, tick); // 2
    world.cases.first_new_today = world.cases.all.len();
    offending::offend(world, tick); // 3 ∥
    reporting::witness_report_post(world, tick, world.cases.first_new_today); // 4 ∥
    online_spread::spread(world, tick); // 5 ∥
    crowd::investigate(world, tick); // 6 ∥
    citizen_action::act(world, tick); // 7
    police_work::work(world, tick); // 8
    citizen_update::update(world, tick); // 9
    places::update(world, tick); // 10
    if tick >= world.burn_in {
        recorder.record(world, tick); // 11
    }
}
