//! Phase 7, citizen action (MODEL.md §7.5): named innocents are harassed and hunters run
//! stings. Vigilantes confront named people as they read the naming (phase 5, through
//! effects.rs), bystanders film police actions where they happen (effects.rs), and tips
//! are sent in the crowd phase (crowd.rs). The harms counted here are the model's answer
//! to "what harm follows when citizens act irresponsibly".

use rand::RngExt;

use super::effects::{harm, jail};
use crate::rng::{Stream, stream};
use crate::scenario::Hunters;
use crate::world::{Role, World};

pub fn act(w: &mut World, tick: u32) {
    harass(w, tick);
    stings(w, tick);
}

/// Publicly named innocents are doxed and shamed with `harass_prob`.
fn harass(w: &mut World, tick: u32) {
    let named = std::mem::take(&mut w.cases.named_innocents_today);
    let p = w.scenario.action.harass_prob;
    for &who in &named {
        let mut r = stream(w.seed, tick, Stream::Harassment, who as u64);
        if r.random_bool(p) {
            w.today.harassed += 1;
            harm(w, tick, who);
        }
    }
    w.cases.named_innocents_today = named;
    w.cases.named_innocents_today.clear();
}

/// Hunters run decoy stings; a catch is live-streamed and its evidence goes to police.
fn stings(w: &mut World, tick: u32) {
    if w.hunters.is_empty() {
        return;
    }
    let a = w.scenario.action.clone();
    let groomers = w.groomer_slots.len();
    let free: Vec<u32> =
        w.groomer_slots.iter().copied().filter(|&k| w.offenders.jailed_until[k as usize] <= tick).collect();
    let charge_p = match w.levers.hunters {
        Hunters::Partner => a.charge_partner,
        Hunters::Tolerate => a.charge_tolerate,
        Hunters::Suppress => a.charge_suppress,
    };
    let catch_p = if groomers == 0 { 0.0 } else { a.sting_catch * free.len() as f64 / groomers as f64 };
    let online_type = w.online_type;
    for h in w.hunters.clone() {
        let mut r = stream(w.seed, tick, Stream::Sting, h as u64);
        if !r.random_bool(a.sting_rate) {
            continue;
        }
        w.today.stings += 1;
        if !free.is_empty() && r.random_bool(catch_p) {
            let k = free[r.random_range(0..free.len())];
            w.today.sting_catches += 1;
            if r.random_bool(a.sting_harm_prob) {
                w.today.sting_harm += 1;
            }
            if w.offenders.jailed_until[k as usize] <= tick && r.random_bool(charge_p) {
                w.today.sting_charges += 1;
                let days = online_type.map_or(365, |t| w.types[t as usize].1.sentence_days);
                jail(w, tick, k, days);
            }
        } else if r.random_bool(a.sting_false_prob) {
            // The decoy chat caught an innocent adult, named online all the same.
            let who = r.random_range(0..w.population() as u32);
            if who == h {
                continue;
            }
            w.today.sting_false_exposures += 1;
            w.today.named_innocent += 1;
            w.citizens.named[who as usize] = w.citizens.named[who as usize].saturating_add(1);
            // Exposed online like a crowd's false naming: harassment may follow (phase 7 order:
            // stings run after harassment, so tomorrow's list).
            w.cases.named_innocents_today.push(who);
        }
        if w.levers.hunters == Hunters::Suppress && r.random_bool(w.scenario.police.hunter_prosecution_prob) {
            w.today.hunter_prosecutions += 1;
            w.set_role(h as usize, Role::Ordinary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::world;

    #[test]
    fn named_innocents_are_harassed_and_lose_trust() {
        let mut w = world(
            "action: {harass_prob: 1.0}\ntrust: {wrongful: 0.3, bad_weight: 1.0, vicarious_weight: 0.0}",
        );
        w.cases.named_innocents_today = vec![5, 6];
        let before = w.citizens.trust[5];
        act(&mut w, 0);
        assert_eq!(w.today.harassed, 2);
        assert_eq!(w.citizens.harmed[5], 1);
        assert!((w.citizens.trust[5] - (before - 0.3).max(0.0)).abs() < 1e-6);
    }

    #[test]
    fn stings_catch_groomers_and_partnering_charges_them() {
        let mut w = world(
            "citizens: {groomer_share: 0.01}\naction: {sting_rate: 1.0, sting_catch: 1.0, charge_partner: 1.0, sting_harm_prob: 0.0}\npolicy: {hunters: partner}",
        );
        for i in 0..20 {
            w.set_role(i, Role::Hunter);
        }
        act(&mut w, 0);
        assert_eq!(w.today.stings, 20);
        assert!(w.today.sting_charges > 0 && w.today.sting_charges <= w.today.sting_catches);
        let jailed = w.groomer_slots.iter().filter(|&&k| w.offenders.jailed_until[k as usize] > 0).count();
        assert_eq!(jailed as u32, w.today.sting_charges);
    }
}
