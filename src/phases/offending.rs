//! Phase 3, offending (MODEL.md §7.1): each free offender decides whether to offend,
//! picks a target among `n_cand` nearby cells by (A0 + B)(1 − G)(1 − P), and the attempt
//! succeeds, fails, or ends in a red-handed arrest. Decisions run in parallel from a frozen
//! view; their effects are applied afterwards in offender order.

use rand::RngExt;
use rayon::prelude::*;

use super::effects::{Arrest, film_arrest, jail};
use crate::rng::{Generator, Stream, stream};
use crate::world::{Case, NONE, World};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Foiled,
    Arrested,
}

/// One offender's decision today.
#[derive(Debug, Clone, Copy)]
pub struct Attempt {
    pub offender: u32,
    pub cell: u32,
    pub ctype: u8,
    pub victim: u32,
    pub outcome: Outcome,
}

/// Perceived arrest risk from recent nearby arrests (general deterrence).
#[inline]
pub fn perceived_risk(pressure: f32, weight: f64) -> f64 {
    1.0 - (-weight * pressure as f64).exp()
}

pub fn offend(w: &mut World, tick: u32) {
    if w.recording() {
        record_exposure(w, tick);
    }
    let attempts: Vec<Attempt> = {
        let w = &*w;
        (0..w.offenders.len() as u32)
            .into_par_iter()
            .with_min_len(1024)
            .filter_map(|k| decide(w, tick, k))
            .collect()
    };
    for a in attempts {
        apply(w, tick, a);
    }
}

/// Free street offenders by trust quartile today, and (after the attempts) the attempts
/// they make: the record of compliance at work. Each day counts a rolling seventh of the
/// offenders seven times (an unbiased count of offender-days at a seventh of the memory
/// reads; the attempts themselves are all counted).
fn record_exposure(w: &mut World, tick: u32) {
    const EVERY: usize = 7;
    let offset = tick as usize % EVERY;
    let days = {
        let w = &*w;
        (0..w.offenders.len().div_ceil(EVERY))
            .into_par_iter()
            .with_min_len(1024)
            .map(|j| j * EVERY + offset)
            .filter(|&k| {
                k < w.offenders.len() && !w.offenders.online[k] && w.offenders.jailed_until[k] <= tick
            })
            .fold(
                || [0u64; 4],
                |mut acc, k| {
                    let t = w.citizens.trust_at(w.offenders.citizen[k] as usize, tick);
                    acc[w.trust_quartile(t)] += 1;
                    acc
                },
            )
            .reduce(|| [0u64; 4], |a, b| [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]])
    };
    for (q, n) in days.into_iter().enumerate() {
        w.totals.trust_links.offender_days[q] += n * EVERY as u64;
    }
}

fn decide(w: &World, tick: u32, k: u32) -> Option<Attempt> {
    let o = &w.offenders;
    let ku = k as usize;
    if o.jailed_until[ku] > tick {
        return None;
    }
    let p = &w.scenario.offending;
    let me = o.citizen[ku];
    let home = w.citizens.home[me as usize];
    let q = perceived_risk(w.city.arrest_pressure[home as usize], p.deterrence_weight);
    let mut r = stream(w.seed, tick, Stream::Offending, k as u64);
    if o.online[ku] {
        let ctype = w.online_type?;
        if !r.random_bool((p.groom_rate * (1.0 - q)).clamp(0.0, 1.0)) {
            return None;
        }
        let ties = w.network.ties(me as usize);
        if ties.is_empty() {
            return None;
        }
        let victim = ties[r.random_range(0..ties.len())];
        let cell = w.citizens.home[victim as usize];
        return Some(Attempt { offender: k, cell, ctype, victim, outcome: Outcome::Success });
    }
    // Compliance: an offender who sees the police as legitimate offends a little less.
    // The draw is compared with the largest compliance factor (trust 0) first, so the
    // offender's trust — a read at a random place in memory — is needed only for the few
    // who might offend today; the decision is the same as comparing with the exact one.
    let slope = w.scenario.trust.compliance_slope;
    let base = p.r_off * o.motivation[ku] as f64 * (1.0 - q);
    let u: f64 = r.random();
    if u >= (base * (1.0 + 0.5 * slope)).clamp(0.0, 1.0) {
        return None;
    }
    let trust = w.citizens.trust_at(me as usize, tick) as f64;
    let comply = (1.0 - slope * (trust - 0.5)).max(0.0);
    if u >= (base * comply).clamp(0.0, 1.0) {
        return None;
    }
    let Some(cell) = choose_target(w, home, p.n_cand, p.search_radius, p.displacement, &mut r) else {
        return None; // deterred by visible patrol: not displaced
    };
    let c = cell as usize;
    let ctype = w.street_types[draw_type(w, c, &mut r)];
    let g = w.city.guard[c] as f64;
    let presence = w.city.presence[c] as f64;
    let fail = (p.g_eff * g + p.p_eff * presence).min(p.fail_cap);
    let outcome = if r.random_bool(fail) {
        if presence > 0.0 && r.random_bool((presence * p.red_handed).min(1.0)) {
            Outcome::Arrested
        } else {
            Outcome::Foiled
        }
    } else {
        Outcome::Success
    };
    let residents = w.city.residents(c);
    let victim = if residents.len() > 1 || (residents.len() == 1 && residents.start != me) {
        loop {
            let v = r.random_range(residents.clone());
            if v != me {
                break v;
            }
        }
    } else {
        NONE
    };
    Some(Attempt { offender: k, cell, ctype, victim, outcome })
}

/// Draws `n_cand` cells near home and picks one with probability ∝ (A0 + B)(1 − G)(1 − P̃),
/// where G is guardianship and P̃ perceived patrol. Of the weight that capable guardians
/// (watchful residents, police) removed, the share `1 − displacement` is the chance the
/// offender gives up today (None) instead of going elsewhere.
fn choose_target(
    w: &World,
    home: u32,
    n_cand: u32,
    radius: u32,
    displacement: f64,
    r: &mut Generator,
) -> Option<u32> {
    let city = &w.city;
    let mut cands = [0u32; 64];
    let mut weights = [0f64; 64];
    let n = n_cand.min(64) as usize;
    let mut total = 0.0;
    let mut unpatrolled = 0.0;
    for i in 0..n {
        let c = city.random_near(home, radius, r);
        let cu = c as usize;
        let open = ((city.a0[cu] + city.boost[cu]) as f64).max(0.0);
        let wgt = open * (1.0 - city.guard[cu] as f64) * (1.0 - (city.perceived[cu] as f64).min(1.0));
        cands[i] = c;
        weights[i] = wgt;
        total += wgt;
        unpatrolled += open;
    }
    if unpatrolled > 0.0
        && r.random_bool(((1.0 - displacement) * (1.0 - total / unpatrolled)).clamp(0.0, 1.0))
    {
        return None;
    }
    if total <= 0.0 {
        return Some(cands[r.random_range(0..n)]);
    }
    let mut u = r.random::<f64>() * total;
    for i in 0..n {
        u -= weights[i];
        if u < 0.0 {
            return Some(cands[i]);
        }
    }
    Some(cands[n - 1])
}

/// Index into `street_types` drawn from the cell's type mix.
fn draw_type(w: &World, c: usize, r: &mut Generator) -> usize {
    let n = w.city.n_street;
    let cdf = &w.city.type_cdf[c * n..(c + 1) * n];
    let u = r.random::<f32>() * cdf[n - 1];
    cdf.iter().position(|&x| u < x).unwrap_or(n - 1)
}

fn apply(w: &mut World, tick: u32, a: Attempt) {
    if w.recording() && !w.offenders.online[a.offender as usize] {
        let t = w.citizens.trust_at(w.offenders.citizen[a.offender as usize] as usize, tick);
        w.totals.trust_links.attempts[w.trust_quartile(t)] += 1;
    }
    match a.outcome {
        Outcome::Foiled => w.today.attempts_foiled += 1,
        Outcome::Arrested => {
            w.today.attempts_foiled += 1;
            w.today.red_handed_arrests += 1;
            let days = w.types[a.ctype as usize].1.sentence_days;
            jail(w, tick, a.offender, days);
            film_arrest(w, tick, a.cell, Arrest::RedHanded(a.offender));
        }
        Outcome::Success => {
            let t = a.ctype as usize;
            let c = a.cell as usize;
            let online = w.types[t].1.online;
            w.today.crimes[t] += 1;
            w.totals.crimes[t] += 1;
            if !online {
                let n_types = w.types.len();
                w.totals.street_crimes += 1;
                w.totals.cell_crimes[c] += 1;
                w.totals.cell_type_crimes[c * n_types + t] += 1;
                let last = w.city.last_crime[c];
                if last != u32::MAX && tick - last <= w.scenario.places.repeat_window_days {
                    w.totals.repeats += 1;
                }
                w.city.last_crime[c] = tick;
                if w.city.crimes_today[c] == 0 {
                    w.city.crime_cells.push(a.cell);
                }
                w.city.crimes_today[c] = w.city.crimes_today[c].saturating_add(1);
            }
            if a.victim != NONE {
                let fear = w.scenario.trust.fear_victim as f32;
                w.citizens.add_fear(a.victim as usize, tick, fear);
                let home = w.citizens.home[a.victim as usize] as usize;
                w.city.community_score[home] +=
                    (w.scenario.police.community_fear_weight * fear as f64) as f32;
            }
            w.cases.all.push(Case::new(tick, a.cell, a.ctype, a.offender, a.victim));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn risk_grows_with_pressure() {
        assert_eq!(perceived_risk(0.0, 1.0), 0.0);
        assert!(perceived_risk(0.5, 1.0) > perceived_risk(0.1, 1.0));
        assert!(perceived_risk(100.0, 1.0) <= 1.0);
    }
}

#[cfg(test)]
mod rule_tests {
    use super::*;
    use crate::testkit::world;

    fn attempts(w: &World, tick: u32) -> Vec<Attempt> {
        (0..w.offenders.len() as u32).filter_map(|k| decide(w, tick, k)).collect()
    }

    #[test]
    fn jailed_offenders_do_not_offend() {
        let mut w = world("offending: {r_off: 1.0}");
        assert!(!attempts(&w, 0).is_empty());
        w.offenders.jailed_until.iter_mut().for_each(|u| *u = 10);
        assert!(attempts(&w, 5).is_empty());
        assert!(!attempts(&w, 10).is_empty(), "released at jailed_until");
    }

    #[test]
    fn guardianship_makes_attempts_fail_and_only_patrol_makes_arrests() {
        let mut w = world("offending: {r_off: 1.0, g_eff: 0.5}");
        w.city.guard.iter_mut().for_each(|g| *g = 1.0);
        let a: Vec<Attempt> = (0..50).flat_map(|t| attempts(&w, t)).collect();
        let failed = a.iter().filter(|x| x.outcome != Outcome::Success).count() as f64 / a.len() as f64;
        assert!((failed - 0.5).abs() < 0.03, "{failed}");
        assert!(a.iter().all(|x| x.outcome != Outcome::Arrested), "no presence, no red-handed arrest");
    }

    #[test]
    fn patrol_deters_more_than_it_displaces() {
        let mut w = world("offending: {r_off: 1.0, displacement: 0.2}");
        let before: usize = (0..30).map(|t| attempts(&w, t).len()).sum();
        w.city.perceived.iter_mut().for_each(|p| *p = 0.5);
        let after: usize = (0..30).map(|t| attempts(&w, t).len()).sum();
        // Half the weight removed everywhere, 80% of it not displaced: 40% fewer attempts.
        let ratio = after as f64 / before as f64;
        assert!((ratio - 0.6).abs() < 0.05, "{ratio}");
    }

    #[test]
    fn targets_favour_attractive_cells() {
        let mut w = world("offending: {r_off: 1.0}");
        w.city.a0.iter_mut().enumerate().for_each(|(c, a)| *a = if c % 2 == 0 { 9.0 } else { 1.0 });
        let a: Vec<Attempt> = (0..20).flat_map(|t| attempts(&w, t)).collect();
        let even = a.iter().filter(|x| x.cell % 2 == 0).count() as f64 / a.len() as f64;
        assert!(even > 0.75, "{even}");
    }
}
