//! Phase 7, citizen action (MODEL.md §7.5, §12.3): hunter groups run stings. Vigilantes
//! confront, and readers harass, as a naming reaches them (phase 5, online_spread.rs and
//! effects.rs); bystanders film police actions where they happen (effects.rs); tips are
//! sent in the crowd phase (crowd.rs). The harms counted here are the model's answer to
//! "what harm follows when citizens act irresponsibly".
//!
//! Hunters belong to groups (docs/MODEL.md §12.3): a new hunter founds one with
//! `group_found_prob`, else joins one in proportion to its followers. Each member runs a
//! decoy with `sting_rate`; a decoy meets `decoy_exposure` online contacts, so it catches
//! a groomer with 1 − exp(−exposure × free groomers / population) — the catch rate follows
//! groomers' prevalence. A catch yields evidence whose quality depends on whether police
//! partner; the group hands it to police (processed in phase 8 by stance) and publishes it
//! online (less under partnership), which brings followers and recruits, and exposes the
//! man to harassment and self-harm. A sting on a man police already investigate may warn
//! him off (a compromised case) unless partnering police deconflict. A sting that catches
//! nobody may expose an innocent. Under `suppress` police investigate published stings.

use rand::RngExt;

use super::effects::{harm, learn_of_self_help, pursue};
use crate::rng::{Stream, stream};
use crate::scenario::Hunters;
use crate::world::{HunterCase, HunterGroup, NO_CASE, NO_GROUP, Post, PostKind, SelfHelp, Status, World};

pub fn act(w: &mut World, tick: u32) {
    form_groups(w, tick);
    stings(w, tick);
}

/// Members are recounted and followers drift away; new hunters found a group or join a
/// living one (one with members) in proportion to its followers + 1. A group whose
/// members have all left has dissolved.
fn form_groups(w: &mut World, tick: u32) {
    let a = &w.scenario.action;
    let (found_p, decay) = (a.group_found_prob, a.followers_decay);
    for g in &mut w.groups {
        g.members = 0;
        g.followers *= 1.0 - decay;
    }
    for &g in w.hunter_group.iter().filter(|&&g| g != NO_GROUP) {
        w.groups[g as usize].members += 1;
    }
    for k in 0..w.hunters.len() {
        if w.hunter_group[k] != NO_GROUP {
            continue;
        }
        let mut r = stream(w.seed, tick, Stream::HunterGroup, w.hunters[k] as u64);
        let weight = |g: &HunterGroup| if g.members > 0 { g.followers + 1.0 } else { 0.0 };
        let total: f64 = w.groups.iter().map(weight).sum();
        let mut pick = None;
        if total > 0.0 && !r.random_bool(found_p) {
            let mut u = r.random::<f64>() * total;
            for (i, g) in w.groups.iter().enumerate() {
                u -= weight(g);
                if weight(g) > 0.0 && u <= 0.0 {
                    pick = Some(i);
                    break;
                }
            }
        }
        let g = pick.unwrap_or_else(|| {
            w.groups.push(HunterGroup { members: 0, followers: 0.0 });
            w.groups.len() - 1
        });
        w.hunter_group[k] = g as u32;
        w.groups[g].members += 1;
    }
}

/// Each member's decoy sting today: catch, evidence, publication, harms.
fn stings(w: &mut World, tick: u32) {
    if w.hunters.is_empty() {
        return;
    }
    let a = w.scenario.action.clone();
    let stance = w.levers.hunters;
    let free: Vec<u32> =
        w.groomer_slots.iter().copied().filter(|&k| w.offenders.jailed_until[k as usize] <= tick).collect();
    let prevalence = free.len() as f64 / w.population().max(1) as f64;
    let catch_p = 1.0 - (-a.decoy_exposure * prevalence).exp();
    let partner = stance == Hunters::Partner;
    let publish_p = if partner { a.publish_partner } else { a.publish_prob };
    let gain = if partner { a.partner_evidence_gain } else { 0.0 };
    let per_100k = 100_000.0 / w.population().max(1) as f64;
    for idx in 0..w.hunters.len() {
        let h = w.hunters[idx];
        let group = w.hunter_group[idx] as usize;
        let mut r = stream(w.seed, tick, Stream::Sting, h as u64);
        if !r.random_bool(a.sting_rate) {
            continue;
        }
        w.today.stings += 1;
        if !free.is_empty() && r.random_bool(catch_p) {
            let k = free[r.random_range(0..free.len())];
            if w.offenders.jailed_until[k as usize] > tick {
                continue; // caught by another group today
            }
            // Is he already under police investigation?
            let investigated = police_case_of(w, k);
            if let Some(id) = investigated {
                if partner && r.random_bool(a.partner_deconfliction) {
                    w.today.stings_called_off += 1;
                    continue;
                }
                if r.random_bool(a.sting_compromise_prob) {
                    let case = &mut w.cases.all[id];
                    case.status = Status::Compromised;
                    case.closed_tick = tick;
                    w.today.compromised += 1;
                    w.today.sting_compromised += 1;
                }
            }
            w.today.sting_catches += 1;
            let spread = a.hunter_evidence_spread;
            let quality = (a.hunter_evidence_base + gain + r.random_range(-spread..=spread)).clamp(0.0, 1.0);
            w.cases.hunter_evidence.push_back(HunterCase { offender: k, quality: quality as f32, tick });
            let published = r.random_bool(publish_p);
            let violent = published && r.random_bool(a.sting_harm_prob);
            if violent {
                // Violence at the confrontation: a harm, and an assault police may pursue.
                w.today.sting_harm += 1;
                learn_of_self_help(w, tick, h, SelfHelp::Hunter, &mut r);
            }
            if published {
                publish(w, h, group, w.offenders.citizen[k as usize], true, per_100k);
                if r.random_bool(a.exposed_self_harm_prob) {
                    w.today.sting_harm += 1;
                    w.today.exposed_self_harm += 1;
                }
                suppress_pursuit(w, tick, h, &mut r);
            }
        } else if r.random_bool(a.sting_false_prob) {
            // The decoy chat caught an innocent adult (a wrong profile, a mistaken name).
            let who = r.random_range(0..w.population() as u32);
            if who == h {
                continue;
            }
            w.today.sting_false_exposures += 1;
            w.today.named_innocent += 1;
            w.citizens.named[who as usize] = w.citizens.named[who as usize].saturating_add(1);
            harm(w, tick, who);
            if r.random_bool(publish_p) {
                publish(w, h, group, who, false, per_100k);
                suppress_pursuit(w, tick, h, &mut r);
            }
        }
    }
}

/// An open, police-aware case against groomer slot `k`, if any.
fn police_case_of(w: &World, k: u32) -> Option<usize> {
    w.cases.open.iter().map(|&id| id as usize).find(|&id| {
        let c = &w.cases.all[id];
        c.offender == k && c.status == Status::Open
    })
}

/// A group posts its catch: a naming that spreads tomorrow, followers and publicity.
fn publish(w: &mut World, hunter: u32, group: usize, subject: u32, guilty: bool, per_100k: f64) {
    w.today.sting_published += 1;
    if guilty {
        w.groups[group].followers += w.scenario.action.followers_per_catch;
        w.publicity += per_100k;
    }
    let cell = w.citizens.home[subject as usize];
    w.cases.posts_next.push(Post {
        kind: PostKind::Naming { guilty },
        case: NO_CASE,
        author: hunter,
        subject,
        cell,
        corrected: false,
        answered: false,
    });
}

/// Under `suppress` police investigate a share of published stings (the hunter is then
/// prosecuted when enforcement hours allow, phase 8).
fn suppress_pursuit(w: &mut World, tick: u32, hunter: u32, r: &mut crate::rng::Generator) {
    if w.levers.hunters == Hunters::Suppress {
        let share = w.scenario.police.pursue_hunters_suppress;
        pursue(w, tick, hunter, SelfHelp::Hunter, share, r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::world;

    use crate::world::Role;

    const STINGS: &str = "citizens: {groomer_share: 0.01}\naction: {sting_rate: 1.0, decoy_exposure: 100000.0, sting_harm_prob: 0.0, publish_prob: 1.0, publish_partner: 1.0, group_found_prob: 0.5}";

    fn hunters(w: &mut World, n: usize) {
        for i in 0..n {
            w.set_role(i, Role::Hunter);
        }
    }

    #[test]
    fn hunters_form_groups_that_gain_followers_from_published_catches() {
        let mut w = world(STINGS);
        hunters(&mut w, 20);
        act(&mut w, 0);
        let members: u32 = w.groups.iter().map(|g| g.members).sum();
        assert_eq!(members, 20);
        assert!(w.groups.len() > 1 && w.groups.len() < 20, "{} groups", w.groups.len());
        assert_eq!(w.today.stings, 20);
        assert!(w.today.sting_catches > 10, "{}", w.today.sting_catches);
        assert_eq!(w.today.sting_published, w.today.sting_catches + w.today.sting_false_exposures);
        assert!(w.groups.iter().any(|g| g.followers > 0.0) && w.publicity > 0.0);
        // Catches become police cases waiting for hours; none charged yet.
        assert_eq!(w.cases.hunter_evidence.len() as u32, w.today.sting_catches);
        assert_eq!(w.today.sting_charges, 0);
    }

    #[test]
    fn catches_follow_groomers_prevalence() {
        let catches = |share: &str| {
            let mut w = world(&format!(
                "citizens: {{groomer_share: {share}}}\naction: {{sting_rate: 1.0, decoy_exposure: 20.0}}"
            ));
            hunters(&mut w, 400);
            act(&mut w, 0);
            w.today.sting_catches
        };
        let (few, many) = (catches("0.001"), catches("0.01"));
        assert!(many > 4 * few.max(1), "{few} vs {many}");
    }

    #[test]
    fn suppression_investigates_published_stings() {
        let mut w = world(&format!(
            "{STINGS}\npolicy: {{hunters: suppress}}\npolice: {{pursue_hunters_suppress: 1.0}}"
        ));
        hunters(&mut w, 10);
        act(&mut w, 0);
        assert_eq!(w.cases.enforcement.len() as u32, w.today.sting_published);
        assert_eq!(w.role_counts[Role::Hunter as usize], 10, "nobody is taken out of the role by a switch");
    }
}
