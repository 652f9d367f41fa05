//! Phase 8, police work (MODEL.md §7.6, §12.2–12.4): response officers answer the FIFO
//! queue of calls (and search with citizens after same-day calls), tips are checked, the
//! social-media desk checks namings and corrects those it finds false and issues appeals,
//! pursuits of vigilantes and hunters are worked, hunters' evidence is processed,
//! investigators work open cases with a hazard limited by the hours they have, and the desk
//! answers today's filmed actions. Tasks run in this
//! order of priority; the hours a task leaves unused go to the tasks after it (the
//! ledger in `world/police.rs`), and what is left at the end patrols tomorrow. The desk's
//! pick-ups of unreported crimes run earlier, in phase 4 (`desk_pickups`), before crowds
//! send tips about them.

use rand::RngExt;
use rayon::prelude::*;

use rand_distr::Beta;

use super::effects::{
    Arrest, Contact, Told, contact, experience, film_arrest, harm, jail, make_aware, sanction,
};
use crate::rng::{Stream, stream, stream2};
use crate::scenario::{Hunters, TipVerification, Vigilantism};
use crate::world::{Awareness, NO_CASE, NONE, Post, PostKind, SelfHelp, Status, Task, World};

pub fn work(w: &mut World, tick: u32) {
    let first_new = w.cases.first_new_today;
    respond(w, tick);
    w.police.release(Task::Response);
    triage_tips(w, tick);
    w.police.release(Task::TipTriage);
    corrections_and_appeals(w, tick, first_new);
    enforce(w, tick);
    process_hunter_evidence(w, tick);
    investigate(w, tick);
    w.police.release(Task::Investigation);
    answer_films(w);
    w.police.release(Task::SocialMediaDesk);
    // What no task could use today patrols tomorrow.
    w.police.carried = w.police.spare;
}

/// Transparency: with the desk's remaining hours, police answer today's filmed actions
/// publicly before they spread tomorrow (their trust cost is halved).
fn answer_films(w: &mut World) {
    if !w.levers.transparency {
        return;
    }
    let cost = w.scenario.police.transparency_hours;
    let desk = Task::SocialMediaDesk;
    for k in 0..w.cases.posts_next.len() {
        let post = &w.cases.posts_next[k];
        if !matches!(post.kind, PostKind::Filmed { .. }) || post.answered {
            continue;
        }
        if w.police.available(desk) < cost {
            w.police.unmet[desk as usize] += cost;
            continue;
        }
        w.police.spend(desk, cost);
        w.cases.posts_next[k].answered = true;
    }
}

/// Phase 4, after reports: the desk picks up today's posted crimes nobody reported, before
/// crowds send tips about them (a tip reaches police only for a case they know of).
pub fn desk_pickups(w: &mut World, tick: u32) {
    let cost = w.scenario.police.desk_pickup_hours;
    let desk = Task::SocialMediaDesk;
    let posted = std::mem::take(&mut w.cases.unaware_posted);
    for &id in &posted {
        if w.police.available(desk) < cost {
            // Posts not picked up today scroll away.
            w.police.unmet[desk as usize] += cost;
            continue;
        }
        w.police.spend(desk, cost);
        w.today.desk_pickups += 1;
        make_aware(w, tick, id as usize, Awareness::SocialMediaDesk);
    }
    w.cases.unaware_posted = posted;
    w.cases.unaware_posted.clear();
}

/// The desk, in order of priority: check today's public namings and correct those the
/// check finds false (a check has the sensitivity and specificity of any verification, so
/// a few true namings are "corrected" and some false ones stand); issue appeals with
/// images for today's reported street cases.
fn corrections_and_appeals(w: &mut World, tick: u32, first_new: usize) {
    let p = w.scenario.police.clone();
    let desk = Task::SocialMediaDesk;
    if w.levers.counter_misinformation {
        for k in 0..w.cases.posts_next.len() {
            let post = w.cases.posts_next[k];
            let PostKind::Naming { guilty } = post.kind else { continue };
            if w.police.available(desk) < p.correction_hours {
                w.police.unmet[desk as usize] += p.correction_hours;
                continue;
            }
            w.police.spend(desk, p.correction_hours);
            let mut r = stream2(w.seed, tick, Stream::Harassment, post.subject as u64, post.case as u64);
            let found_false = if guilty {
                !r.random_bool(p.verify_sensitivity)
            } else {
                r.random_bool(p.verify_specificity)
            };
            if found_false {
                w.cases.posts_next[k].corrected = true;
                w.today.corrections += 1;
                w.today.corrections_wrong += guilty as u32;
            }
        }
    }
    if w.levers.appeals {
        let (gain, kappa) =
            (w.scenario.crowd.appeal_quality_gain, w.scenario.crowd.image_clarity_concentration);
        let clarity = Beta::new((kappa * gain).max(1e-3), (kappa * (1.0 - gain)).max(1e-3)).ok();
        for id in first_new..w.cases.all.len() {
            if w.police.available(desk) < p.appeal_hours {
                break;
            }
            let case = &w.cases.all[id];
            // An appeal needs an image: a reported street case with witnesses.
            let eligible = case.reported && case.witnesses > 0 && case.status == Status::Open;
            if !eligible || w.types[case.ctype as usize].1.online {
                continue;
            }
            w.police.spend(desk, p.appeal_hours);
            let mut r = stream(w.seed, tick, Stream::Appeal, id as u64);
            let c = clarity.map_or(gain, |b| r.sample(b)) as f32;
            let case = &mut w.cases.all[id];
            case.appeal = true;
            case.clarity = c;
            case.info += c * (1.0 - case.info);
            let cell = case.cell;
            w.today.appeals += 1;
            w.cases.posts_next.push(Post {
                kind: PostKind::Appeal,
                case: id as u32,
                author: NONE,
                subject: NONE,
                cell,
                corrected: false,
                answered: false,
            });
        }
    }
}

/// Tips are triaged in arrival order while hours last. Under `required` verification each
/// check has a sensitivity (a correct tip found correct strengthens the case; otherwise
/// the lead is lost) and a specificity (a wrong tip found wrong is dropped; otherwise it is
/// acted on as if correct). Tips acted on without a check (policy `none`, or tips left
/// waiting past `tip_max_age_days`) can put an innocent in handcuffs.
fn triage_tips(w: &mut World, tick: u32) {
    let p = w.scenario.police.clone();
    let triage = Task::TipTriage;
    let verify = w.levers.tip_verification == TipVerification::Required;
    let mut waiting = std::collections::VecDeque::new();
    while let Some(tip) = w.cases.tips.pop_front() {
        let case_open = w.cases.all[tip.case as usize].status == Status::Open;
        if verify && w.police.available(triage) >= p.tip_hours {
            w.police.spend(triage, p.tip_hours);
            w.today.tip_hours_used += p.tip_hours;
            w.today.tips_verified += 1;
            w.today.tips_correct += tip.correct as u32;
            let mut r = stream2(w.seed, tick, Stream::TipCheck, tip.candidate as u64, tip.case as u64);
            if tip.correct {
                if !r.random_bool(p.verify_sensitivity) {
                    w.today.tips_rejected_correct += 1;
                } else if case_open {
                    strengthen(w, tip.case as usize, p.tip_evidence_gain);
                }
            } else if !r.random_bool(p.verify_specificity) {
                w.today.tips_passed_wrong += 1;
                act_on(w, tick, tip, case_open, &p);
            }
        } else if !verify || tick - tip.tick >= p.tip_max_age_days {
            w.today.tips_acted_unverified += 1;
            act_on(w, tick, tip, case_open, &p);
        } else {
            waiting.push_back(tip);
        }
    }
    w.police.unmet[triage as usize] += waiting.len() as f64 * p.tip_hours;
    w.cases.tips = waiting;
}

fn strengthen(w: &mut World, id: usize, gain: f64) {
    let case = &mut w.cases.all[id];
    case.evidence = (case.evidence * gain as f32).min(1.0);
    case.tip_helped = true;
}

/// Police act on a tip as if it were correct: a correct one helps the case, a wrong one
/// may arrest the innocent it names.
fn act_on(
    w: &mut World,
    tick: u32,
    tip: crate::world::Tip,
    case_open: bool,
    p: &crate::scenario::PoliceParams,
) {
    if tip.correct {
        if case_open {
            strengthen(w, tip.case as usize, p.tip_evidence_gain);
        }
        return;
    }
    let mut r = stream2(w.seed, tick, Stream::UnverifiedTip, tip.candidate as u64, tip.case as u64);
    if r.random_bool(p.wrongful_arrest_prob) {
        w.today.wrongful_arrests += 1;
        let who = tip.candidate;
        harm(w, tick, who);
        let cell = w.citizens.home[who as usize];
        film_arrest(w, tick, cell, Arrest::Wrongful(who));
        // Misconduct to everyone who hears of it: the person arrested tells their story
        // online as anyone posts (post_base × O).
        let tells = w.scenario.reporting.post_base * w.citizens.online[who as usize] as f64;
        if r.random_bool(tells.min(1.0)) {
            w.cases.posts_next.push(Post {
                kind: PostKind::Filmed { misconduct: true },
                case: NO_CASE,
                author: who,
                subject: who,
                cell,
                corrected: false,
                answered: false,
            });
        }
    }
}

/// Pursuits of self-help police decided on (effects::learn_of_self_help) are worked in
/// order while enforcement hours last — investigation hours, before cases: without hours
/// a policy of prosecution prosecutes nobody. Under `prosecute` and `tolerate` (which
/// pursues few) a pursuit is a prosecution, under `warn` a formal warning; either is seen
/// (effects::sanction). Pursuits that wait too long are dropped.
fn enforce(w: &mut World, tick: u32) {
    let p = &w.scenario.police;
    let (hours, max_wait) = (p.enforcement_hours, p.enforcement_max_wait_days);
    let warn = w.levers.vigilantism == Vigilantism::Warn;
    let weight = if warn { w.scenario.roles.warning_weight } else { 1.0 };
    let task = Task::Investigation;
    while let Some(&job) = w.cases.enforcement.front() {
        if tick - job.tick > max_wait {
            w.cases.enforcement.pop_front();
            w.today.enforcement_dropped += 1;
            continue;
        }
        if w.police.available(task) < hours {
            break;
        }
        w.cases.enforcement.pop_front();
        w.police.spend(task, hours);
        match (job.kind, warn) {
            (SelfHelp::Hunter, _) => w.today.hunter_prosecutions += 1,
            (SelfHelp::Vigilante, true) => w.today.vigilante_warnings += 1,
            (SelfHelp::Vigilante, false) => w.today.vigilante_prosecutions += 1,
        }
        sanction(w, tick, job.citizen, weight);
        let cell = w.citizens.home[job.citizen as usize];
        film_arrest(w, tick, cell, Arrest::Enforcement(job.citizen));
    }
    w.police.unmet[task as usize] += w.cases.enforcement.len() as f64 * hours;
}

/// Hunters' catches handed to police (docs/MODEL.md §12.3). `partner`: police process
/// every catch, with hours committed from liaison first; `tolerate`: case by case, those
/// with evidence of at least `hunter_accept_quality`; `suppress`: refused. A processed
/// catch costs `hunter_case_hours` and ends in a charge with probability equal to its
/// evidence quality. Catches that wait longer than `case_max_days` are dropped.
fn process_hunter_evidence(w: &mut World, tick: u32) {
    let p = &w.scenario.police;
    let (need, max_wait, accept_q) = (p.hunter_case_hours, p.case_max_days, p.hunter_accept_quality);
    let stance = w.levers.hunters;
    let days = w.online_type.map_or(365, |t| w.types[t as usize].1.sentence_days);
    let mut waiting = std::collections::VecDeque::new();
    while let Some(c) = w.cases.hunter_evidence.pop_front() {
        let accepted = match stance {
            Hunters::Partner => true,
            Hunters::Tolerate => c.quality as f64 >= accept_q,
            Hunters::Suppress => false,
        };
        if !accepted {
            w.today.hunter_evidence_refused += 1;
            continue;
        }
        let committed = if stance == Hunters::Partner && w.police.available(Task::WatchLiaison) >= need {
            Some(Task::WatchLiaison)
        } else if w.police.available(Task::Investigation) >= need {
            Some(Task::Investigation)
        } else {
            None
        };
        let Some(task) = committed else {
            if tick - c.tick < max_wait {
                waiting.push_back(c);
            } else {
                w.today.hunter_evidence_dropped += 1;
            }
            continue;
        };
        w.police.spend(task, need);
        w.today.hunter_hours += need;
        let mut r = stream(w.seed, tick, Stream::HunterEvidence, c.offender as u64);
        if w.offenders.jailed_until[c.offender as usize] <= tick && r.random_bool(c.quality as f64) {
            w.today.sting_charges += 1;
            jail(w, tick, c.offender, days);
        }
    }
    w.police.unmet[Task::Investigation as usize] += waiting.len() as f64 * need;
    w.cases.hunter_evidence = waiting;
}

fn respond(w: &mut World, tick: u32) {
    let p = &w.scenario.police;
    let (rh, max_wait, alert_h) = (p.response_hours, p.call_max_wait_days, p.alert_hours);
    let served = w.scenario.trust.served;
    // Officers answering calls today, for how long a call waits within the day.
    let responders = (w.police.available(Task::Response) / p.hours_per_officer_day).max(1.0);
    let mut answered_today = 0u32;
    while w.police.available(Task::Response) >= rh {
        let Some(call) = w.cases.queue.pop_front() else { break };
        w.cases.penalised_front = w.cases.penalised_front.saturating_sub(1);
        w.police.spend(Task::Response, rh);
        let delay = tick - call.tick;
        w.today.responses += 1;
        w.today.response_delay_sum += delay as u64;
        contact(w, tick, call.caller, served, Told::Nobody, Contact::Call(w.today.responses));
        if delay == 0 && call.case != NO_CASE {
            let hours = w.scenario.police.dispatch_hours + answered_today as f64 * rh / responders;
            search(w, tick, call, hours, alert_h);
        }
        answered_today += 1;
    }
    // Calls nobody answered for too long are dropped; the oldest are at the front.
    while w.cases.queue.front().is_some_and(|c| tick - c.tick > max_wait) {
        w.cases.queue.pop_front();
        w.cases.penalised_front = w.cases.penalised_front.saturating_sub(1);
        w.today.calls_abandoned += 1;
    }
    w.police.unmet[Task::Response as usize] = w.cases.queue.len() as f64 * rh;
    // Callers waiting longer than `ignored_days` lose trust once (a bad experience).
    let ignored = w.scenario.trust.ignored;
    let limit = w.scenario.trust.ignored_days;
    while let Some(&call) = w.cases.queue.get(w.cases.penalised_front) {
        if tick - call.tick <= limit {
            break;
        }
        experience(w, tick, call.caller, -ignored, Told::Contacts);
        w.today.reports_ignored += 1;
        w.cases.penalised_front += 1;
    }
}

/// A call about a street crime answered the day it happened, `hours` after it: if a watch
/// member alerted (their group searches) or police alert registered citizens near the
/// scene (`citizen_alerts`, Burgernet), citizens and patrols look out for the fleeing
/// offender (docs/MODEL.md §12.4). The offender is anywhere within speed × hours cells
/// of the scene; in each cell of that area within `alert_radius`, each alerted resident
/// looks out and recognises him with `lookout_prob` × the description's quality I, and a
/// patrol with presence P × `police_spot_prob`; a sighting ends in an arrest with
/// `sighting_arrest_prob`. So the share of alerts that end in an arrest follows who is
/// near, how fast police answer and how far offenders get — no probability is set to it.
fn search(w: &mut World, tick: u32, call: crate::world::Call, hours: f64, alert_hours: f64) {
    let case = &w.cases.all[call.case as usize];
    if case.status != Status::Open || w.types[case.ctype as usize].1.online {
        return;
    }
    let mut r = stream(w.seed, tick, Stream::AlertArrest, call.case as u64);
    // A search needs an offender still near: a watch member's alert is made while it
    // happens; an eyewitness's call is, with `live_call_share` (most crimes are found
    // and reported after the offender has gone).
    let live = call.alert || (call.caller != case.victim && r.random_bool(w.scenario.police.live_call_share));
    let citizens_alerted = w.levers.citizen_alerts && live;
    if !citizens_alerted && !call.alert {
        return;
    }
    if w.police.available(Task::Response) < alert_hours {
        return;
    }
    w.police.spend(Task::Response, alert_hours);
    w.today.alerts_sent += citizens_alerted as u32;
    let p = &w.scenario.police;
    let (scene, info) = (case.cell, case.info as f64);
    let reach = (p.offender_speed_cells_per_hour * hours).floor().min(10_000.0) as u32;
    let (ex, ey) = w.city.square(scene, reach);
    let area = (ex.end() - ex.start() + 1) as f64 * (ey.end() - ey.start() + 1) as f64;
    let (ax, ay) = w.city.square(scene, reach.min(p.alert_radius));
    let look = (p.lookout_prob * info).clamp(0.0, 1.0);
    let mut spotted = 0.0;
    for y in ay {
        for x in ax.clone() {
            let c = (y * w.city.width + x) as usize;
            let eyes = if citizens_alerted { w.city.registered[c] } else { 0 }
                + if call.alert { w.city.watch_members[c] } else { 0 };
            let police = (w.city.presence[c] as f64 * p.police_spot_prob).clamp(0.0, 1.0);
            let missed = (1.0 - look).powi(eyes as i32) * (1.0 - police);
            spotted += (1.0 - missed) / area;
        }
    }
    let arrest = (spotted * p.sighting_arrest_prob).clamp(0.0, 1.0);
    if r.random_bool(arrest) {
        w.today.alert_arrests += 1;
        w.today.citizen_alert_arrests += citizens_alerted as u32;
        clear(w, tick, call.case as usize, true);
    }
}

fn investigate(w: &mut World, tick: u32) {
    let p = &w.scenario.police;
    let need = w.cases.open.len() as f64 * p.caseload_hours_per_case;
    let task = Task::Investigation;
    let unmet_before = w.police.unmet[task as usize];
    let hours = need.min(w.police.available(task));
    w.police.spend(task, hours);
    w.police.unmet[task as usize] = unmet_before + need - hours;
    let capacity = if need > 0.0 { (hours / need).min(1.0) } else { 1.0 };
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
                let mut r = stream(w.seed, tick, Stream::Investigation, id as u64);
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
pub fn clear(w: &mut World, tick: u32, id: usize, alert: bool) {
    let case = &mut w.cases.all[id];
    case.status = Status::Cleared;
    case.closed_tick = tick;
    let citizen_helped = alert || case.tip_helped;
    case.citizen_helped = citizen_helped;
    let cell = w.citizens.home[w.offenders.citizen[case.offender as usize] as usize];
    let (t, offender, victim) = (case.ctype as usize, case.offender, case.victim);
    w.today.cleared += 1;
    w.totals.cleared[t] += 1;
    if citizen_helped {
        w.today.cleared_with_citizens += 1;
        w.totals.cleared_with_citizens += 1;
    }
    jail(w, tick, offender, w.types[t].1.sentence_days);
    film_arrest(w, tick, cell, Arrest::Clearance(id as u32));
    // A case the public was asked about: the police account tells of the arrest.
    if w.cases.all[id].appeal {
        let case_cell = w.cases.all[id].cell;
        w.cases.posts_next.push(Post {
            kind: PostKind::Success,
            case: id as u32,
            author: NONE,
            subject: NONE,
            cell: case_cell,
            corrected: false,
            answered: false,
        });
    }
    if victim != crate::world::NONE {
        contact(w, tick, victim, w.scenario.trust.cleared, Told::Contacts, Contact::Cleared(id as u32));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::world;
    use crate::world::Call;

    /// A day's hours for one task only.
    fn only(task: Task, h: f64) -> [f64; 6] {
        let mut hours = [0.0; 6];
        hours[task as usize] = h;
        hours
    }

    fn calls(w: &mut World, ticks: &[u32]) {
        for (i, &t) in ticks.iter().enumerate() {
            w.cases.queue.push_back(Call { case: NO_CASE, caller: i as u32, tick: t, alert: false });
        }
    }

    #[test]
    fn response_is_fifo_and_limited_by_hours() {
        let mut w = world("police: {response_hours: 2.0}\ntrust: {ignored_days: 100}");
        calls(&mut w, &[0, 0, 1, 1, 1]);
        w.police.assign(only(Task::Response, 5.0)); // two calls' worth
        respond(&mut w, 1);
        assert_eq!(w.today.responses, 2);
        assert_eq!(w.today.response_delay_sum, 2);
        let left: Vec<u32> = w.cases.queue.iter().map(|c| c.caller).collect();
        assert_eq!(left, vec![2, 3, 4]);
    }

    #[test]
    fn waiting_callers_lose_trust_once() {
        let mut w = world(
            "trust: {ignored_days: 2, ignored: 0.1, bad_weight: 1.0, vicarious_weight: 0.0, fast_half_life_days: 3650}",
        );
        calls(&mut w, &[0, 0, 3]);
        w.police.assign(only(Task::Response, 0.0));
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
            reported: true,
            awareness: Awareness::Report,
            aware_tick: 0,
            evidence: 1.0,
            info: 1.0,
            ..crate::world::Case::new(0, 0, a, k, 1)
        });
        w.cases.open.push(0);
        w.police.assign(only(Task::Investigation, 0.0));
        investigate(&mut w, 1);
        assert_eq!(w.cases.all[0].status, Status::Open, "no investigators, no clearance");
        w.police.assign(only(Task::Investigation, 100.0));
        investigate(&mut w, 2);
        assert_eq!(w.cases.all[0].status, Status::Cleared);
        assert!(w.offenders.jailed_until[k as usize] > 2);
        assert!(w.cases.open.is_empty());
    }

    #[test]
    fn checks_have_a_sensitivity_and_a_specificity() {
        let tips = |w: &mut World| {
            for k in 0..20u32 {
                w.cases.all.push(crate::world::Case {
                    reported: true,
                    awareness: Awareness::Report,
                    evidence: 0.2,
                    ..crate::world::Case::new(0, 0, 0, 0, 1)
                });
                w.cases.tips.push_back(crate::world::Tip {
                    case: k,
                    candidate: 100 + k,
                    correct: k % 2 == 0,
                    tick: 0,
                });
            }
        };
        // A check that gets everything wrong: correct tips rejected, wrong ones passed.
        let mut w = world(
            "police: {verify_sensitivity: 0.0, verify_specificity: 0.0, wrongful_arrest_prob: 1.0}\npolicy: {tip_verification: required}",
        );
        tips(&mut w);
        w.police.assign(only(Task::TipTriage, 100.0));
        triage_tips(&mut w, 0);
        assert_eq!((w.today.tips_rejected_correct, w.today.tips_passed_wrong), (10, 10));
        assert_eq!(w.today.wrongful_arrests, 10);
        assert!(w.cases.all.iter().all(|c| !c.tip_helped));
        // A perfect one: every correct tip helps, no wrong one passes.
        let mut w = world(
            "police: {verify_sensitivity: 1.0, verify_specificity: 1.0}\npolicy: {tip_verification: required}",
        );
        tips(&mut w);
        w.police.assign(only(Task::TipTriage, 100.0));
        triage_tips(&mut w, 0);
        assert_eq!(
            (w.today.tips_rejected_correct, w.today.tips_passed_wrong, w.today.wrongful_arrests),
            (0, 0, 0)
        );
        assert_eq!(w.cases.all.iter().filter(|c| c.tip_helped).count(), 10);
    }

    #[test]
    fn the_desk_checks_every_naming_and_can_correct_a_true_one() {
        let namings = |w: &mut World| {
            for k in 0..10u32 {
                w.cases.posts_next.push(Post {
                    kind: PostKind::Naming { guilty: k < 5 },
                    case: k,
                    author: 1,
                    subject: 10 + k,
                    cell: 0,
                    corrected: false,
                    answered: false,
                });
            }
        };
        let mut w = world(
            "police: {verify_sensitivity: 0.0, verify_specificity: 1.0, correction_hours: 1.0}\npolicy: {counter_misinformation: true}",
        );
        namings(&mut w);
        w.police.assign(only(Task::SocialMediaDesk, 100.0));
        corrections_and_appeals(&mut w, 0, 0);
        assert_eq!(
            (w.today.corrections, w.today.corrections_wrong),
            (10, 5),
            "all corrected, the true ones wrongly"
        );
        let mut w = world(
            "police: {verify_sensitivity: 1.0, verify_specificity: 1.0, correction_hours: 1.0}\npolicy: {counter_misinformation: true}",
        );
        namings(&mut w);
        w.police.assign(only(Task::SocialMediaDesk, 3.0));
        corrections_and_appeals(&mut w, 0, 0);
        assert_eq!(w.today.corrections, 0, "three checks' hours, spent on true namings");
        assert_eq!(w.police.unmet[Task::SocialMediaDesk as usize], 7.0);
    }

    #[test]
    fn a_search_finds_the_offender_where_eyes_are_near_and_he_has_not_gone_far() {
        let arrests = |extra: &str, hours: f64| {
            let mut w = world(&format!(
                "police: {{live_call_share: 1.0, lookout_prob: 1.0, police_spot_prob: 0.0, sighting_arrest_prob: 1.0, alert_hours: 0.0, offender_speed_cells_per_hour: 1.0, alert_radius: 3}}\npolicy: {{citizen_alerts: true}}\n{extra}"
            ));
            let k = (0..w.offenders.len()).find(|&k| !w.offenders.online[k]).unwrap() as u32;
            let mut n = 0;
            for id in 0..200u32 {
                let cell = (id * 37) % w.city.cells() as u32;
                w.cases.all.push(crate::world::Case {
                    reported: true,
                    awareness: Awareness::Report,
                    info: 1.0,
                    evidence: 1.0,
                    ..crate::world::Case::new(0, cell, 0, k, 1)
                });
                w.police.assign(only(Task::Response, 10.0));
                let before = w.today.citizen_alert_arrests;
                search(&mut w, 0, Call { case: id, caller: 2, tick: 0, alert: false }, hours, 0.0);
                n += (w.today.citizen_alert_arrests - before) as usize;
            }
            (n, w.today.alerts_sent)
        };
        let (near, sent) = arrests("citizens: {alert_register_share: 1.0}", 0.0);
        assert_eq!(sent, 200);
        // Ten hours later he may be 10 cells away: a square of 21² cells, 7² of them alerted.
        let (late, _) = arrests("citizens: {alert_register_share: 1.0}", 10.0);
        let (nobody, _) = arrests("citizens: {alert_register_share: 0.0}", 0.0);
        assert!(near > 150, "{near} of 200 with everyone registered and no delay");
        assert!(late < near / 3, "ten hours later: {late}");
        assert_eq!(nobody, 0, "no eyes, no sightings");
    }

    #[test]
    fn unverified_wrong_tips_arrest_innocents_and_verification_costs_hours() {
        let tips = |w: &mut World| {
            for k in 0..10u32 {
                w.cases.all.push(crate::world::Case {
                    reported: true,
                    awareness: Awareness::Report,
                    aware_tick: 0,
                    evidence: 0.2,
                    info: 0.2,
                    ..crate::world::Case::new(0, 0, 0, 0, 1)
                });
                let correct = k % 2 == 0;
                w.cases.tips.push_back(crate::world::Tip { case: k, candidate: 100 + k, correct, tick: 0 });
            }
        };
        let mut w =
            world("police: {wrongful_arrest_prob: 1.0, tip_hours: 1.0}\npolicy: {tip_verification: none}");
        tips(&mut w);
        triage_tips(&mut w, 0);
        assert_eq!((w.today.wrongful_arrests, w.today.tip_hours_used), (5, 0.0));
        assert!(w.cases.all[0].tip_helped && w.cases.all[0].evidence > 0.2);
        let mut w = world(
            "police: {wrongful_arrest_prob: 1.0, tip_hours: 1.0}\npolicy: {tip_verification: required}",
        );
        tips(&mut w);
        w.police.assign(only(Task::TipTriage, 6.0));
        triage_tips(&mut w, 0);
        assert_eq!((w.today.tips_verified, w.today.wrongful_arrests, w.today.tip_hours_used), (6, 0, 6.0));
        assert_eq!(w.cases.tips.len(), 4, "the rest wait for tomorrow's hours");
    }

    #[test]
    fn transparency_answers_todays_films_with_remaining_desk_hours() {
        let film = |w: &mut World| {
            for _ in 0..3 {
                w.cases.posts_next.push(Post {
                    kind: PostKind::Filmed { misconduct: true },
                    case: NO_CASE,
                    author: 1,
                    subject: NONE,
                    cell: 0,
                    corrected: false,
                    answered: false,
                });
            }
        };
        let mut w = world("police: {transparency_hours: 1.0}\npolicy: {transparency: true}");
        film(&mut w);
        w.police.assign(only(Task::SocialMediaDesk, 2.0));
        answer_films(&mut w);
        let answered: Vec<bool> = w.cases.posts_next.iter().map(|p| p.answered).collect();
        assert_eq!(answered, vec![true, true, false]);
        let mut w = world("policy: {transparency: false}");
        film(&mut w);
        w.police.assign(only(Task::SocialMediaDesk, 10.0));
        answer_films(&mut w);
        assert!(w.cases.posts_next.iter().all(|p| !p.answered));
    }
}
