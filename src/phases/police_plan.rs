//! Phase 2, police plan: split the day's officer-hours across tasks and place patrols
//! (MODEL.md §7.6). Presence is P = 1 − exp(−hours / patrol_h0); offenders also perceive a
//! halo of patrol in the neighbouring cells. Yesterday's spare hours patrol today; liaison
//! hours beyond what today's groups need become spare at once.

use rand::RngExt;

use crate::rng::{Stream, stream};
use crate::scenario::Patrol;
use crate::world::city::apportion;
use crate::world::{TASKS, Task, World};

pub fn plan(w: &mut World, tick: u32) {
    let pol = &w.scenario.police;
    let n_officers = (w.scenario.policy.officers_per_1000 * w.population() as f64 / 1000.0).round() as u32;
    let s = &pol.shares;
    let desk = w.levers.social_media_desk;
    // In `Task` order; patrol takes the rest.
    let assigned = [s.response, s.investigation, s.tip_triage, desk, s.watch_liaison];
    let patrol_share = (1.0 - assigned.iter().sum::<f64>()).max(0.0);
    let weights =
        [assigned[0], assigned[1], assigned[2], assigned[3], assigned[4], patrol_share].map(|x| x as f32);
    let counts = if weights.iter().sum::<f32>() > 0.0 { apportion(n_officers, &weights) } else { vec![0; 6] };

    w.police.task.clear();
    for (task, &count) in TASKS.iter().zip(&counts) {
        w.police.task.extend(std::iter::repeat_n(*task, count as usize));
    }
    w.police.cell.clear();
    w.police.cell.resize(w.police.task.len(), u32::MAX);
    let mut hours = [0.0; 6];
    for (h, &c) in hours.iter_mut().zip(&counts) {
        *h = c as f64 * pol.hours_per_officer_day;
    }
    w.police.assign(hours);
    // Liaison: what the groups that exist need (only coordinated groups are supported).
    let liaison = Task::WatchLiaison;
    let need = if w.levers.watch_groups == crate::scenario::WatchSupport::Coordinated {
        w.watch_groups as f64 * pol.liaison_hours_per_group_day
    } else {
        0.0
    };
    let use_liaison = need.min(w.police.available(liaison));
    w.police.spend(liaison, use_liaison);
    w.police.unmet[liaison as usize] = need - use_liaison;
    w.police.release(liaison);
    // Yesterday's spare hours are extra patrols today, one per officer-day of hours.
    let extra = (w.police.carried / pol.hours_per_officer_day).floor() as usize;
    w.police.carried = 0.0;
    w.police.cell.resize(w.police.task.len() + extra, u32::MAX);

    // Yesterday's patrols leave.
    let city = &mut w.city;
    for &c in &city.patrolled {
        city.presence[c as usize] = 0.0;
    }
    for &c in &city.perceived_touched {
        city.perceived[c as usize] = 0.0;
    }
    city.patrolled.clear();
    city.perceived_touched.clear();

    let n_patrol = counts[Task::Patrol as usize] as usize + extra;
    let first_patrol = w.police.cell.len() - n_patrol;
    let cells = city.cells();
    match w.levers.patrol {
        Patrol::Random => {
            for k in 0..n_patrol {
                let mut r = stream(w.seed, tick, Stream::RandomPatrol, k as u64);
                w.police.cell[first_patrol + k] = r.random_range(0..cells as u32);
            }
        }
        Patrol::Hotspot | Patrol::Community => {
            let score =
                if w.levers.patrol == Patrol::Hotspot { &city.hot_score } else { &city.community_score };
            // Rank by score; base attractiveness breaks ties (and ranks before any history).
            let key = |c: u32| score[c as usize] as f64 + 1e-3 * city.a0[c as usize] as f64;
            // Keys computed once, stored beside the cell: the selection then compares
            // contiguous pairs instead of looking up two arrays per comparison.
            let ranked = &mut city.rank_scratch;
            ranked.clear();
            ranked.extend((0..cells as u32).map(|c| (key(c), c)));
            let n = n_patrol.min(cells);
            if n > 0 && n < cells {
                ranked.select_nth_unstable_by(n - 1, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            }
            for k in 0..n_patrol {
                w.police.cell[first_patrol + k] = ranked[k % cells.max(1)].1;
            }
        }
    }

    let hours_each = pol.hours_per_officer_day as f32;
    w.police.used[Task::Patrol as usize] = n_patrol as f64 * pol.hours_per_officer_day;
    w.police.left[Task::Patrol as usize] = 0.0;
    for k in first_patrol..w.police.cell.len() {
        let c = w.police.cell[k] as usize;
        if city.presence[c] == 0.0 {
            city.patrolled.push(c as u32);
        }
        city.presence[c] += hours_each; // hours for now; converted below
    }
    let h0 = pol.patrol_h0 as f32;
    let halo = w.scenario.offending.patrol_halo as f32 / 8.0;
    for i in 0..city.patrolled.len() {
        let c = city.patrolled[i];
        let p = 1.0 - (-city.presence[c as usize] / h0).exp();
        city.presence[c as usize] = p;
        let (xs, ys) = city.square(c, 1);
        for y in ys {
            for x in xs.clone() {
                let n = (y * city.width + x) as usize;
                if city.perceived[n] == 0.0 {
                    city.perceived_touched.push(n as u32);
                }
                city.perceived[n] += if n == c as usize { p } else { halo * p };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::world;

    #[test]
    fn hours_split_by_shares_and_patrol_takes_the_rest() {
        let mut w = world(
            "policy: {officers_per_1000: 5.0, social_media_desk: 0.1}\npolice: {shares: {response: 0.2, investigation: 0.3, tip_triage: 0.0, watch_liaison: 0.0}}",
        );
        plan(&mut w, 0);
        // 20 officers × 5 h: 4 response, 6 investigation, 2 desk, 8 patrol.
        assert_eq!(w.police.officers(), 20);
        let h = w.police.hours;
        assert_eq!(h, [20.0, 30.0, 0.0, 10.0, 0.0, 40.0]);
        assert_eq!(h.iter().sum::<f64>(), 100.0);
    }

    #[test]
    fn hotspot_patrol_goes_to_the_top_cells_and_sets_presence() {
        let mut w = world("policy: {patrol: hotspot, officers_per_1000: 5.0}");
        for (c, s) in w.city.hot_score.iter_mut().enumerate() {
            *s = c as f32;
        }
        plan(&mut w, 0);
        let n_patrol = w.police.task.iter().filter(|&&t| t == Task::Patrol).count();
        let cells = w.city.cells() as u32;
        let mut patrolled: Vec<u32> = w.police.cell.iter().copied().filter(|&c| c != u32::MAX).collect();
        patrolled.sort();
        assert_eq!(patrolled, (cells - n_patrol as u32..cells).collect::<Vec<_>>());
        let h0 = w.scenario.police.patrol_h0 as f32;
        let p = 1.0 - (-(w.scenario.police.hours_per_officer_day as f32) / h0).exp();
        assert!((w.city.presence[cells as usize - 1] - p).abs() < 1e-6);
        assert_eq!(w.city.presence[0], 0.0);
        // Next day the old patrols leave before new ones arrive.
        w.city.hot_score.iter_mut().for_each(|s| *s = 0.0);
        w.city.hot_score[0] = 100.0;
        plan(&mut w, 1);
        assert!(w.city.presence[0] > 0.0);
    }

    #[test]
    fn random_patrol_changes_cells_from_day_to_day() {
        let mut w = world("policy: {patrol: random, officers_per_1000: 5.0}");
        plan(&mut w, 0);
        let a = w.police.cell.clone();
        plan(&mut w, 1);
        assert_ne!(a, w.police.cell);
    }
}
