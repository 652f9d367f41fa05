//! Consequences shared by several phases, each written once: jail, film a police action,
//! harm to a citizen, a case entering police records, a vigilante's confrontation, a
//! contact that builds trust, and how trust scales willingness to cooperate.

use rand::RngExt;

use crate::rng::{Stream, stream, stream2};
use crate::world::{Awareness, NONE, Post, PostKind, World};

/// trust_factor(T) = 0.5 + T: trust moves reporting, tips and statements, and a trust
/// shock lowers them.
#[inline]
pub fn trust_factor(trust: f32) -> f64 {
    0.5 + trust as f64
}

/// Jails offender slot `k` for `days` from tomorrow and raises arrest pressure around home.
pub fn jail(w: &mut World, tick: u32, k: u32, days: u32) {
    let ku = k as usize;
    let until = tick + 1 + days;
    w.offenders.jailed_until[ku] = w.offenders.jailed_until[ku].max(until);
    if w.offenders.online[ku] {
        return;
    }
    let home = w.citizens.home[w.offenders.citizen[ku] as usize];
    let (xs, ys) = w.city.square(home, w.scenario.offending.deterrence_radius);
    for y in ys {
        for x in xs.clone() {
            let c = (y * w.city.width + x) as usize;
            let near = w.city.offenders_near[c].max(1) as f32;
            w.city.arrest_pressure[c] += 1.0 / near;
        }
    }
}

/// Someone was harmed (harassed, injured, wrongfully arrested): counted, and their trust in
/// police falls (they were not protected).
pub fn harm(w: &mut World, tick: u32, who: u32) {
    let h = &mut w.citizens.harmed[who as usize];
    *h = h.saturating_add(1);
    let loss = w.scenario.trust.wrongful as f32;
    w.citizens.add_trust(who as usize, tick, -loss);
}

/// A contact with police that went well (a call answered, a case cleared): trust rises,
/// more under procedural-justice training.
pub fn contact(w: &mut World, tick: u32, who: u32, base: f64) {
    let g = if w.levers.procedural_justice_training { w.scenario.trust.training_gain } else { 1.0 };
    w.citizens.add_trust(who as usize, tick, (base * g) as f32);
}

/// The case enters police records and investigation.
pub fn make_aware(w: &mut World, tick: u32, id: usize, how: Awareness) {
    let case = &mut w.cases.all[id];
    case.awareness = how;
    case.aware_tick = tick;
    let t = case.ctype as usize;
    let cell = case.cell as usize;
    let online = w.types[t].1.online;
    w.today.police_aware += 1;
    w.totals.aware[t] += 1;
    if !online {
        w.totals.cell_recorded[cell] += 1;
        w.city.hot_score[cell] += 1.0;
    }
    w.cases.open.push(id as u32);
}

/// Whose arrest bystanders may film: each kind of arrest draws from its own stream.
#[derive(Debug, Clone, Copy)]
pub enum Arrest {
    /// An offender caught in the act (offender slot).
    RedHanded(u32),
    /// An innocent arrested on an unverified wrong tip (citizen).
    Wrongful(u32),
    /// A vigilante pursued for an assault (citizen).
    Enforcement(u32),
    /// The offender of a cleared case (case id).
    Clearance(u32),
}

/// An arrest in `cell`: a wrongful arrest is misconduct, and so is excessive force (with
/// `excessive_force_prob`); bystanders film it with film_base × O, and a film is a post.
pub fn film_arrest(w: &mut World, tick: u32, cell: u32, arrest: Arrest) {
    let (which, id) = match arrest {
        Arrest::RedHanded(k) => (Stream::FilmRedHanded, k),
        Arrest::Wrongful(c) => (Stream::FilmWrongful, c),
        Arrest::Enforcement(c) => (Stream::FilmEnforcement, c),
        Arrest::Clearance(case) => (Stream::FilmClearance, case),
    };
    let mut r = stream(w.seed, tick, which, id as u64);
    let a = &w.scenario.action;
    let misconduct = matches!(arrest, Arrest::Wrongful(_)) || r.random_bool(a.excessive_force_prob);
    let res = w.city.residents(cell as usize);
    if res.is_empty() {
        return;
    }
    for _ in 0..a.bystanders {
        let j = r.random_range(res.clone());
        if r.random_bool((a.film_base * w.citizens.online[j as usize] as f64).min(1.0)) {
            if misconduct {
                w.today.filmed_misconduct += 1;
            } else {
                w.today.filmed_fair += 1;
            }
            w.cases.posts_next.push(Post {
                kind: PostKind::Filmed { misconduct },
                case: crate::world::NO_CASE,
                author: j,
                subject: NONE,
                cell,
                corrected: false,
                answered: false,
            });
            return;
        }
    }
}

/// A vigilante who read a naming confronts the named person (phase 5's apply, in post
/// order). Confronting the offender may compromise the case; confronting an innocent is a
/// false-accusation harm. The assault may come to police's attention.
pub fn confront(w: &mut World, tick: u32, vigilante: u32, post: &Post, guilty: bool) {
    let a = &w.scenario.action;
    let (injury_p, compromise_p) = (a.injury_prob, a.compromise_prob);
    let mut r = stream2(w.seed, tick, Stream::Confrontation, vigilante as u64, post.case as u64);
    w.today.confrontations += 1;
    let injured = r.random_bool(injury_p);
    if guilty {
        w.today.injuries_guilty += injured as u32;
        let case = &mut w.cases.all[post.case as usize];
        if case.status == crate::world::Status::Open && r.random_bool(compromise_p) {
            case.status = crate::world::Status::Compromised;
            case.closed_tick = tick;
            w.today.compromised += 1;
        }
    } else {
        w.today.injuries_innocent += injured as u32;
        harm(w, tick, post.subject);
    }
    // The target reports the assault like any assault victim would.
    let report_base = w.types.iter().find(|(n, _)| n == "assault").map_or(0.3, |(_, t)| t.report_base);
    let trust = w.citizens.trust_at(post.subject as usize, tick);
    if r.random_bool((report_base * trust_factor(trust)).min(1.0)) {
        w.cases.vigilante_assaults.push(vigilante);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::world;

    #[test]
    fn trust_factor_spans_half_to_one_and_half() {
        assert_eq!(trust_factor(0.0), 0.5);
        assert_eq!(trust_factor(1.0), 1.5);
    }

    #[test]
    fn jail_raises_deterrence_around_home() {
        let mut w = world("");
        let k = (0..w.offenders.len()).find(|&k| !w.offenders.online[k]).unwrap() as u32;
        let home = w.citizens.home[w.offenders.citizen[k as usize] as usize] as usize;
        let before = w.city.arrest_pressure[home];
        jail(&mut w, 3, k, 100);
        assert_eq!(w.offenders.jailed_until[k as usize], 104);
        assert!(w.city.arrest_pressure[home] > before);
    }

    #[test]
    fn harm_counts_and_costs_trust_and_training_amplifies_contacts() {
        let mut w =
            world("trust: {wrongful: 0.3, training_gain: 2.0}\npolicy: {procedural_justice_training: true}");
        w.citizens.trust[7] = 0.5;
        harm(&mut w, 0, 7);
        assert_eq!(w.citizens.harmed[7], 1);
        assert!((w.citizens.trust[7] - 0.2).abs() < 1e-6);
        contact(&mut w, 0, 7, 0.1);
        assert!((w.citizens.trust[7] - 0.4).abs() < 1e-6, "{}", w.citizens.trust[7]);
    }
}
