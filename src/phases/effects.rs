//! Consequences shared by several phases, each written once: jail, film a police action,
//! harm to a citizen, a case entering police records, a vigilante's confrontation, an
//! experience that moves trust (the person's and, vicariously, their contacts'), and how
//! trust scales willingness to cooperate.

use rand::RngExt;

use crate::rng::{Stream, stream, stream2};
use crate::scenario::Vigilantism;
use crate::world::{Awareness, NONE, Post, PostKind, Pursuit, SelfHelp, World};

/// Willingness to cooperate (report, give a statement, tip) at trust `T`: 1 + slope ×
/// (T − 0.5), never below 0. With slope 1 it is the contract's 0.5 + T.
#[inline]
pub fn cooperation(trust: f32, slope: f64) -> f64 {
    (1.0 + slope * (trust as f64 - 0.5)).max(0.0)
}

/// Whether the person's contacts hear of an experience: bad ones and cases solved are
/// told; a call answered as it should be is not news (Skogan 2006).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Told {
    Contacts,
    Nobody,
}

/// Citizen `who` has an experience of size `delta` (good > 0, bad < 0; a bad one weighs
/// `bad_weight` times): their trust moves by it and, if told, every network contact's by
/// `vicarious_weight` of it. Touches 1 + degree citizens.
pub fn experience(w: &mut World, tick: u32, who: u32, delta: f64, told: Told) {
    let t = &w.scenario.trust;
    let d = if delta < 0.0 { delta * t.bad_weight } else { delta };
    let vicarious = if told == Told::Contacts { (d * t.vicarious_weight) as f32 } else { 0.0 };
    let World { citizens, network, .. } = w;
    citizens.add_trust(who as usize, tick, d as f32);
    if vicarious != 0.0 {
        for &j in network.ties(who as usize) {
            citizens.add_trust(j as usize, tick, vicarious);
        }
    }
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

/// Someone was harmed (harassed, confronted while innocent, wrongfully arrested, falsely
/// exposed): counted; their trust falls (they were not protected) and their fear rises,
/// and their contacts feel both vicariously.
pub fn harm(w: &mut World, tick: u32, who: u32) {
    let h = &mut w.citizens.harmed[who as usize];
    *h = h.saturating_add(1);
    let t = &w.scenario.trust;
    let (loss, fear, vicarious) = (t.wrongful, t.fear_harmed as f32, t.vicarious_weight as f32);
    experience(w, tick, who, -loss, Told::Contacts);
    let World { citizens, network, .. } = w;
    citizens.add_fear(who as usize, tick, fear);
    for &j in network.ties(who as usize) {
        citizens.add_fear(j as usize, tick, fear * vicarious);
    }
}

/// Which contact with police, for its own stream.
#[derive(Debug, Clone, Copy)]
pub enum Contact {
    /// A call answered: the n-th response of the day.
    Call(u32),
    /// A case cleared, told to its victim (case id).
    Cleared(u32),
}

/// A contact with police (a call answered, a case cleared): the citizen finds it fair
/// with `fair_contact_prob` (higher after procedural-justice training) and gains `base`;
/// otherwise it felt badly handled and costs `unfair_contact` (a bad experience, told).
pub fn contact(w: &mut World, tick: u32, who: u32, base: f64, told: Told, which: Contact) {
    let t = &w.scenario.trust;
    let fair_p =
        if w.levers.procedural_justice_training { t.fair_contact_prob_trained } else { t.fair_contact_prob };
    let unfair = t.unfair_contact;
    let mut r = match which {
        Contact::Call(n) => stream2(w.seed, tick, Stream::ContactCall, who as u64, n as u64),
        Contact::Cleared(case) => stream(w.seed, tick, Stream::ContactCleared, case as u64),
    };
    if r.random_bool(fair_p) {
        experience(w, tick, who, base, told);
    } else {
        experience(w, tick, who, -unfair, Told::Contacts);
    }
}

/// Police prosecute (`weight` 1) or warn (`warning_weight`) a citizen for self-help
/// (docs/MODEL.md §12.2): the person, their contacts, their neighbourhood and the city's
/// news see it and estimate a higher risk; the person and their contacts resent it
/// (backlash: less trust, so more grievance).
pub fn sanction(w: &mut World, tick: u32, who: u32, weight: f64) {
    let p = &w.scenario.roles;
    let (own, contact, backlash) =
        ((p.risk_own * weight) as f32, (p.risk_contact * weight) as f32, p.prosecution_backlash * weight);
    let radius = w.scenario.offending.deterrence_radius;
    let per_100k = 100_000.0 / w.population().max(1) as f64;
    w.news_risk += weight * per_100k;
    {
        let World { citizens, network, .. } = w;
        citizens.add_risk(who as usize, tick, own);
        for &j in network.ties(who as usize) {
            citizens.add_risk(j as usize, tick, contact);
        }
    }
    let home = w.citizens.home[who as usize];
    let (xs, ys) = w.city.square(home, radius);
    let width = w.city.width;
    let cells = || ys.clone().flat_map(|y| xs.clone().map(move |x| (y * width + x) as usize));
    let residents: usize = cells().map(|c| w.city.residents(c).len()).sum();
    let seen = (weight * 100.0 / residents.max(1) as f64) as f32;
    for c in cells() {
        w.city.enforcement_seen[c] += seen;
    }
    experience(w, tick, who, -backlash, Told::Contacts);
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
    let cut = if w.levers.procedural_justice_training { a.training_force_cut } else { 0.0 };
    let misconduct =
        matches!(arrest, Arrest::Wrongful(_)) || r.random_bool(a.excessive_force_prob * (1.0 - cut));
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
    let mut r = stream2(w.seed, tick, Stream::Confrontation, vigilante as u64, post.subject as u64);
    w.today.confrontations += 1;
    let injured = r.random_bool(injury_p);
    if guilty {
        w.today.injuries_guilty += injured as u32;
        // A hunter's published catch has no police case to compromise.
        if let Some(case) = w.cases.all.get_mut(post.case as usize)
            && case.status == crate::world::Status::Open
            && r.random_bool(compromise_p)
        {
            case.status = crate::world::Status::Compromised;
            case.closed_tick = tick;
            w.today.compromised += 1;
        }
    } else {
        w.today.confrontations_innocent += 1;
        w.today.injuries_innocent += injured as u32;
        harm(w, tick, post.subject);
    }
    // The target reports the assault like any assault victim would.
    // (A scenario without an `assault` type: the generic type's propensity.)
    let report_base = w
        .types
        .iter()
        .find(|(n, _)| n == "assault")
        .map_or(crate::scenario::CrimeType::default().report_base, |(_, t)| t.report_base);
    let trust = w.citizens.trust_at(post.subject as usize, tick);
    if r.random_bool((report_base * cooperation(trust, w.scenario.trust.reporting_slope)).min(1.0)) {
        learn_of_self_help(w, tick, vigilante, SelfHelp::Vigilante, &mut r);
    }
}

/// Police learn of an assault by a vigilante or a hunter: whether they pursue it is their
/// policy (`vigilantism`: the share of such assaults investigated); a pursuit then waits
/// for enforcement hours (phase 8).
pub fn learn_of_self_help(w: &mut World, tick: u32, who: u32, kind: SelfHelp, r: &mut crate::rng::Generator) {
    let p = &w.scenario.police;
    let pursue_share = match w.levers.vigilantism {
        Vigilantism::Tolerate => p.pursue_tolerate,
        Vigilantism::Warn => p.pursue_warn,
        Vigilantism::Prosecute => p.pursue_prosecute,
    };
    pursue(w, tick, who, kind, pursue_share, r);
}

/// Police decide, with `share`, to pursue `who` for self-help: the pursuit waits for
/// enforcement hours (phase 8).
pub fn pursue(w: &mut World, tick: u32, who: u32, kind: SelfHelp, share: f64, r: &mut crate::rng::Generator) {
    if r.random_bool(share) {
        w.cases.enforcement.push_back(Pursuit { citizen: who, tick, kind });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::world;

    #[test]
    fn cooperation_spans_half_to_one_and_half_at_slope_one() {
        assert_eq!(cooperation(0.0, 1.0), 0.5);
        assert_eq!(cooperation(1.0, 1.0), 1.5);
        assert_eq!(cooperation(0.2, 0.0), 1.0);
        assert_eq!(cooperation(0.0, 3.0), 0.0);
    }

    #[test]
    fn an_experience_reaches_the_persons_contacts() {
        let mut w = world("trust: {vicarious_weight: 0.5, bad_weight: 3.0, lasting_share: 0.0}");
        let who = (0..w.population()).find(|&i| w.network.degree(i) > 3).unwrap() as u32;
        w.citizens.trust.iter_mut().for_each(|t| *t = 0.5);
        experience(&mut w, 0, who, -0.1, Told::Contacts);
        assert!((w.citizens.trust[who as usize] - 0.2).abs() < 1e-6, "bad weighs 3 times");
        for &j in w.network.ties(who as usize) {
            if j != who {
                assert!(w.citizens.trust[j as usize] < 0.5, "contact {j} heard of it");
            }
        }
        let far = (0..w.population() as u32)
            .find(|&i| i != who && !w.network.ties(who as usize).contains(&i))
            .unwrap();
        assert_eq!(w.citizens.trust[far as usize], 0.5);
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
    fn harm_counts_and_costs_trust_and_fair_contacts_raise_it() {
        let mut w = world(
            "trust: {wrongful: 0.3, fair_contact_prob: 0.0, fair_contact_prob_trained: 1.0, unfair_contact: 0.05}\npolicy: {procedural_justice_training: true}",
        );
        w.citizens.trust[7] = 0.5;
        let fear = w.citizens.fear[7];
        harm(&mut w, 0, 7);
        assert_eq!(w.citizens.harmed[7], 1);
        // 0.3 × bad_weight 2.
        assert!((w.citizens.trust[7] + 0.1).abs() < 1e-6 || w.citizens.trust[7] == 0.0);
        assert!(w.citizens.fear[7] > fear);
        // Training: every contact handled fairly here.
        w.citizens.trust[7] = 0.5;
        contact(&mut w, 0, 7, 0.1, Told::Nobody, Contact::Call(0));
        assert!((w.citizens.trust[7] - 0.6).abs() < 1e-6, "{}", w.citizens.trust[7]);
        // Untrained: every contact felt unfair, a bad experience (× bad_weight 2).
        w.levers.procedural_justice_training = false;
        w.citizens.trust[7] = 0.5;
        contact(&mut w, 0, 7, 0.1, Told::Nobody, Contact::Call(1));
        assert!((w.citizens.trust[7] - 0.4).abs() < 1e-6, "{}", w.citizens.trust[7]);
    }

    #[test]
    fn training_cuts_force_at_arrests() {
        let misconduct = |training: bool| {
            let mut w = world(
                "action: {excessive_force_prob: 0.5, training_force_cut: 0.5, film_base: 1.0, bystanders: 1}",
            );
            w.citizens.online.iter_mut().for_each(|o| *o = 1.0);
            w.levers.procedural_justice_training = training;
            let cell = (0..w.city.cells()).find(|&c| !w.city.residents(c).is_empty()).unwrap() as u32;
            for k in 0..4000 {
                film_arrest(&mut w, 0, cell, Arrest::Clearance(k));
            }
            w.today.filmed_misconduct as f64 / 4000.0
        };
        let (trained, untrained) = (misconduct(true), misconduct(false));
        assert!((untrained - 0.5).abs() < 0.03 && (trained - 0.25).abs() < 0.03, "{trained} {untrained}");
    }

    #[test]
    fn a_sanction_raises_the_risk_seen_by_the_person_contacts_neighbours_and_the_city() {
        let mut w = world("roles: {risk_prior: 0.0, risk_own: 0.5, risk_contact: 0.2, risk_news: 0.001}");
        let who = (0..w.population()).find(|&i| w.network.degree(i) > 3).unwrap();
        let far = (0..w.population())
            .find(|&i| {
                let (a, b) = (w.city.xy(w.citizens.home[i]), w.city.xy(w.citizens.home[who]));
                a.0.abs_diff(b.0) > 5 && !w.network.ties(who).contains(&(i as u32))
            })
            .unwrap();
        let before = (w.perceived_risk(who, 0), w.perceived_risk(far, 0));
        assert_eq!(before, (0.0, 0.0));
        let trust = w.citizens.trust_at(who, 0);
        sanction(&mut w, 0, who as u32, 1.0);
        let contact = w.network.ties(who)[0] as usize;
        assert!(w.perceived_risk(who, 0) > 0.5);
        assert!(w.perceived_risk(contact, 0) > 0.2);
        assert!(w.perceived_risk(far, 0) > 0.0, "the news reaches everyone");
        assert!(w.perceived_risk(far, 0) < w.perceived_risk(contact, 0));
        assert!(w.citizens.trust_at(who, 0) < trust, "backlash");
        // What was seen in person fades with memory (the city's fields fade in phase 10).
        assert!(w.citizens.risk_at(who, 400) < 0.2 * w.citizens.risk_at(who, 0));
    }
}
