//! Phase 2, police plan: split the day's officer-hours across tasks and place patrols
//! (MODEL.md §7.6). Presence is P = 1 − exp(−hours / patrol_h0); offenders also perceive a
//! halo of patrol in the neighbouring cells.

use rand::RngExt;

use crate::rng::{Phase, stream};
use crate::scenario::Patrol;
use crate::world::city::apportion;
use crate::world::{TASKS, Task, World};

pub fn plan(w: &mut World, tick: u32) {
    let pol = &w.scenario.police;
    let n_officers = (w.scenario.policy.officers_per_1000 * w.population() as f64 / 1000.0).round() as u32;
    let s = &pol.shares;
    let desk = w.levers.social_media_desk;
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
    for (t, &count) in counts.iter().enumerate() {
        w.police.hours[t] = count as f64 * pol.hours_per_officer_day;
    }

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

    let n_patrol = counts[Task::Patrol as usize] as usize;
    let first_patrol = w.police.task.len() - n_patrol;
    let cells = city.cells();
    match w.levers.patrol {
        Patrol::Random => {
            for k in 0..n_patrol {
                let mut r = stream(w.seed, tick, Phase::Plan, k as u64);
                w.police.cell[first_patrol + k] = r.random_range(0..cells as u32);
            }
        }
        Patrol::Hotspot | Patrol::Community => {
            let score =
                if w.levers.patrol == Patrol::Hotspot { &city.hot_score } else { &city.community_score };
            // Rank by score; base attractiveness breaks ties (and ranks before any history).
            let key = |c: u32| score[c as usize] as f64 + 1e-3 * city.a0[c as usize] as f64;
            let ranked = &mut city.rank_scratch;
            ranked.clear();
            ranked.extend(0..cells as u32);
            let n = n_patrol.min(cells);
            if n > 0 && n < cells {
                ranked.select_nth_unstable_by(n - 1, |&a, &b| key(b).total_cmp(&key(a)).then(a.cmp(&b)));
            }
            for k in 0..n_patrol {
                w.police.cell[first_patrol + k] = ranked[k % cells.max(1)];
            }
        }
    }

    let hours_each = pol.hours_per_officer_day as f32;
    for k in first_patrol..w.police.task.len() {
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
