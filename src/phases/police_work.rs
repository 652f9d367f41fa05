//! Phase 8, police work (MODEL.md §7.6): the social-media desk picks up posted crimes nobody
//! reported; response officers answer the FIFO queue of calls; investigators work open
//! cases with a hazard limited by the hours they have.

use rand::RngExt;
use rayon::prelude::*;

use super::offending::jail;
use super::reporting::make_aware;
use crate::rng::{Phase, stream};
use crate::world::{Awareness, NO_CASE, Status, Task, World};

pub fn work(w: &mut World, tick: u32) {
    social_media_desk(w, tick);
    respond(w, tick);
    investigate(w, tick);
}

/// Trust gain per contact, larger under procedural-justice training.
fn contact_gain(w: &World, base: f64) -> f32 {
    let g = if w.levers.procedural_justice_training { w.scenario.trust.training_gain } else { 1.0 };
    (base * g) as f32
}

fn social_media_desk(w: &mut World, tick: u32) {
    let mut hours = w.police.hours[Task::SocialMediaDesk as usize];
    let cost = w.scenario.police.desk_pickup_hours;
    let posted = std::mem::take(&mut w.cases.unaware_posted);
    for &id in &posted {
        if hours < cost {
            break;
        }
        hours -= cost;
        w.today.desk_pickups += 1;
        make_aware(w, tick, id as usize, Awareness::SocialMediaDesk);
    }
    // Posts not picked up today scroll away.
    w.cases.unaware_posted = posted;
    w.cases.unaware_posted.clear();
}

fn respond(w: &mut World, tick: u32) {
    let p = &w.scenario.police;
    let (rh, alert_p, max_wait) = (p.response_hours, p.alert_arrest_prob, p.call_max_wait_days);
    let mut hours = w.police.hours[Task::Response as usize];
    let served = contact_gain(w, w.scenario.trust.served);
    while hours >= rh {
        let Some(call) = w.cases.queue.pop_front() else { break };
        w.cases.penalised_front = w.cases.penalised_front.saturating_sub(1);
        hours -= rh;
        let delay = tick - call.tick;
        w.today.responses += 1;
        w.today.response_delay_sum += delay as u64;
        w.citizens.add_trust(call.caller as usize, tick, served, w.keep);
        if call.alert && delay == 0 && call.case != NO_CASE {
            let mut r = stream(w.seed, tick, Phase::Response, call.case as u64);
            if r.random_bool(alert_p) && w.cases.all[call.case as usize].status == Status::Open {
                w.today.alert_arrests += 1;
                clear(w, tick, call.case as usize, true);
            }
        }
    }
    // Calls nobody answered for too long are dropped; the oldest are at the front.
    while w.cases.queue.front().is_some_and(|c| tick - c.tick > max_wait) {
        w.cases.queue.pop_front();
        w.cases.penalised_front = w.cases.penalised_front.saturating_sub(1);
        w.today.calls_abandoned += 1;
    }
    // Callers waiting longer than `ignored_days` lose trust once.
    let ignored = w.scenario.trust.ignored as f32;
    let limit = w.scenario.trust.ignored_days;
    while let Some(&call) = w.cases.queue.get(w.cases.penalised_front) {
        if tick - call.tick <= limit {
            break;
        }
        w.citizens.add_trust(call.caller as usize, tick, -ignored, w.keep);
        w.today.reports_ignored += 1;
        w.cases.penalised_front += 1;
    }
}

fn investigate(w: &mut World, tick: u32) {
    let p = &w.scenario.police;
    let need = w.cases.open.len() as f64 * p.caseload_hours_per_case;
    let capacity =
        if need > 0.0 { (w.police.hours[Task::Investigation as usize] / need).min(1.0) } else { 1.0 };
    let max_days = p.case_max_days;
    // 0 = stays open, 1 = cleared, 2 = closes unsolved.
    let outcomes: Vec<u8> = {
        let w = &*w;
        w.cases
            .open
            .par_iter()
            .with_min_len(4096)
            .map(|&id| {
                let case = &w.cases.all[id as usize];
                if case.status != Status::Open {
                    return 3; // closed by an alert arrest today: just drop from the list
                }
                let hazard = w.types[case.ctype as usize].1.clear_base * case.evidence as f64 * capacity;
                let mut r = stream(w.seed, tick, Phase::PoliceWork, id as u64);
                if r.random_bool(hazard.clamp(0.0, 1.0)) {
                    1
                } else if tick - case.tick >= max_days {
                    2
                } else {
                    0
                }
            })
            .collect()
    };
    let open = std::mem::take(&mut w.cases.open);
    let mut still_open = Vec::with_capacity(open.len());
    for (&id, &o) in open.iter().zip(&outcomes) {
        match o {
            0 => still_open.push(id),
            1 => clear(w, tick, id as usize, false),
            2 => {
                let case = &mut w.cases.all[id as usize];
                case.status = Status::Unsolved;
                case.closed_tick = tick;
                w.today.unsolved += 1;
            }
            _ => {}
        }
    }
    w.cases.open = still_open;
}

/// Clears a case: the offender goes to jail and the victim's trust rises.
pub fn clear(w: &mut World, tick: u32, id: usize, citizen_helped: bool) {
    let case = &mut w.cases.all[id];
    case.status = Status::Cleared;
    case.closed_tick = tick;
    case.citizen_helped = citizen_helped;
    let (t, offender, victim) = (case.ctype as usize, case.offender, case.victim);
    w.today.cleared += 1;
    w.totals.cleared[t] += 1;
    if citizen_helped {
        w.today.cleared_with_citizens += 1;
        w.totals.cleared_with_citizens += 1;
    }
    jail(w, tick, offender, w.types[t].1.sentence_days);
    if victim != crate::world::NONE {
        let gain = contact_gain(w, w.scenario.trust.cleared);
        w.citizens.add_trust(victim as usize, tick, gain, w.keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::world;
    use crate::world::Call;

    fn calls(w: &mut World, ticks: &[u32]) {
        for (i, &t) in ticks.iter().enumerate() {
            w.cases.queue.push_back(Call { case: NO_CASE, caller: i as u32, tick: t, alert: false });
        }
    }

    #[test]
    fn response_is_fifo_and_limited_by_hours() {
        let mut w = world("police: {response_hours: 2.0}\ntrust: {ignored_days: 100}");
        calls(&mut w, &[0, 0, 1, 1, 1]);
        w.police.hours[Task::Response as usize] = 5.0; // two calls' worth
        respond(&mut w, 1);
        assert_eq!(w.today.responses, 2);
        assert_eq!(w.today.response_delay_sum, 2);
        let left: Vec<u32> = w.cases.queue.iter().map(|c| c.caller).collect();
        assert_eq!(left, vec![2, 3, 4]);
    }

    #[test]
    fn waiting_callers_lose_trust_once() {
        let mut w = world("trust: {ignored_days: 2, ignored: 0.1, relax: 0.0}");
        calls(&mut w, &[0, 0, 3]);
        w.police.hours[Task::Response as usize] = 0.0;
        let before = w.citizens.trust[0];
        respond(&mut w, 3);
        respond(&mut w, 4);
        assert_eq!(w.cases.penalised_front, 2);
        assert!((w.citizens.trust[0] - (before - 0.1).max(0.0)).abs() < 1e-6);
        assert_eq!(w.today.reports_ignored, 2);
    }

    #[test]
    fn investigation_needs_hours_and_clearance_jails() {
        let mut w = world("crime_types: {assault: {clear_base: 1.0}}");
        let a = w.types.iter().position(|(n, _)| n == "assault").unwrap() as u8;
        let k = (0..w.offenders.len()).find(|&k| !w.offenders.online[k]).unwrap() as u32;
        w.cases.all.push(crate::world::Case {
            tick: 0,
            cell: 0,
            ctype: a,
            offender: k,
            victim: 1,
            witnesses: 0,
            reported: true,
            posted: false,
            alert: false,
            awareness: Awareness::Report,
            aware_tick: 0,
            evidence: 1.0,
            info: 1.0,
            status: Status::Open,
            closed_tick: u32::MAX,
            citizen_helped: false,
        });
        w.cases.open.push(0);
        w.police.hours[Task::Investigation as usize] = 0.0;
        investigate(&mut w, 1);
        assert_eq!(w.cases.all[0].status, Status::Open, "no investigators, no clearance");
        w.police.hours[Task::Investigation as usize] = 100.0;
        investigate(&mut w, 2);
        assert_eq!(w.cases.all[0].status, Status::Cleared);
        assert!(w.offenders.jailed_until[k as usize] > 2);
        assert!(w.cases.open.is_empty());
    }
}
