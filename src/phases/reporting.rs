//! Phase 4, witness, report, post (MODEL.md §7.2). Decisions for today's new cases run in
//! parallel (each case has its own stream); the results are applied in case order.

use rand::RngExt;
use rand_distr::{Binomial, Poisson};
use rayon::prelude::*;

use super::effects::{cooperation, make_aware};
use crate::rng::{Generator, Stream, stream};
use crate::world::{Awareness, Call, NO_CASE, NONE, Post, PostKind, Role, World};

#[derive(Debug, Clone, Copy)]
struct Decision {
    witnesses: u8,
    /// Who calls police (victim first, else the first reporting witness), or NONE.
    caller: u32,
    alert: bool,
    /// Who posted about it (the first poster), or NONE.
    poster: u32,
}

pub fn witness_report_post(w: &mut World, tick: u32, first_new: usize) {
    let decisions: Vec<Decision> = {
        let w = &*w;
        (first_new..w.cases.all.len()).into_par_iter().map(|id| decide(w, tick, id)).collect()
    };
    for (k, d) in decisions.into_iter().enumerate() {
        apply(w, tick, first_new + k, d);
    }
    calls_for_service(w, tick);
}

fn decide(w: &World, tick: u32, id: usize) -> Decision {
    let case = &w.cases.all[id];
    let ty = &w.types[case.ctype as usize].1;
    let rp = &w.scenario.reporting;
    let cz = &w.citizens;
    let mut r = stream(w.seed, tick, Stream::Witness, id as u64);
    let mut d = Decision { witnesses: 0, caller: NONE, alert: false, poster: NONE };
    if case.victim != NONE {
        let v = case.victim as usize;
        // The app makes reporting cheaper for those who use it: the online-active.
        let app_user = w.levers.reporting_app && cz.online[v] as f64 >= rp.app_online_threshold;
        let channel = if app_user { rp.app_channel_factor } else { 1.0 };
        let slope = w.scenario.trust.reporting_slope;
        let p = (ty.report_base * cooperation(cz.trust_at(v, tick), slope) * channel).min(1.0);
        if r.random_bool(p) {
            d.caller = case.victim;
        }
        if r.random_bool((rp.post_base * cz.online[v] as f64).min(1.0)) {
            d.poster = case.victim;
        }
    }
    if !ty.online {
        let offender = w.offenders.citizen[case.offender as usize];
        witness(w, tick, case.cell as usize, [case.victim, offender], &mut r, &mut d);
    }
    d
}

/// Residents of the crime's cell witness it; watch members alert, others may report.
/// The victim and the offender are not witnesses.
fn witness(w: &World, tick: u32, c: usize, involved: [u32; 2], r: &mut Generator, d: &mut Decision) {
    let rp = &w.scenario.reporting;
    let cz = &w.citizens;
    let residents = w.city.residents(c);
    let pool = residents.len().min(rp.max_witness_pool as usize);
    if pool == 0 {
        return;
    }
    let watch_share = w.city.watch_members[c] as f64 / residents.len() as f64;
    let pw = (rp.p_witness * (1.0 + watch_share * rp.watch_witness_boost)).min(1.0);
    let n = match Binomial::new(pool as u64, pw) {
        Ok(b) => r.sample(b) as usize,
        Err(_) => 0,
    };
    for _ in 0..n {
        let j = r.random_range(residents.clone());
        if involved.contains(&j) {
            continue;
        }
        let ju = j as usize;
        d.witnesses = d.witnesses.saturating_add(1);
        let reports = if cz.role[ju] == Role::Watch {
            // "Signal, Alert police, App neighbours, React": alert while it happens.
            let alerted = r.random_bool(rp.watch_report_prob);
            d.alert |= alerted;
            alerted
        } else {
            let slope = w.scenario.trust.reporting_slope;
            let p = (rp.witness_report_base * cooperation(cz.trust_at(ju, tick), slope)).min(1.0);
            r.random_bool(p)
        };
        if reports && d.caller == NONE {
            d.caller = j;
        }
        if r.random_bool((rp.post_base * cz.online[ju] as f64).min(1.0)) && d.poster == NONE {
            d.poster = j;
        }
    }
}

fn apply(w: &mut World, tick: u32, id: usize, d: Decision) {
    let rp = &w.scenario.reporting;
    let info_base = w.types[w.cases.all[id].ctype as usize].1.info_base;
    let info = (info_base + rp.info_per_witness * d.witnesses as f64).clamp(0.0, 1.0) as f32;
    // The victim's statement: willingness to tell police what they know grows with trust.
    let victim = w.cases.all[id].victim;
    let statement = if victim == NONE {
        1.0
    } else {
        let t = w.citizens.trust_at(victim as usize, tick);
        if w.recording() {
            let q = w.trust_quartile(t);
            let links = &mut w.totals.trust_links;
            links.victims[q] += 1;
            links.victims_reporting[q] += (d.caller == victim) as u64;
        }
        cooperation(t, w.scenario.trust.statement_slope)
    };
    let case = &mut w.cases.all[id];
    case.witnesses = d.witnesses;
    case.info = info;
    case.evidence = (info as f64 * statement).clamp(0.0, 1.0) as f32;
    let posted = d.poster != NONE;
    case.posted = posted;
    case.alert = d.alert;
    let t = case.ctype as usize;
    let cell = case.cell as usize;
    if posted {
        w.today.posted += 1;
        w.cases.posts.push(Post {
            kind: PostKind::Crime,
            case: id as u32,
            author: d.poster,
            subject: NONE,
            cell: cell as u32,
            corrected: false,
            answered: false,
        });
    }
    if d.alert {
        w.today.watch_alerts += 1;
    }
    if d.caller != NONE {
        case.reported = true;
        w.today.reported += 1;
        w.totals.reported[t] += 1;
        let home = w.citizens.home[d.caller as usize] as usize;
        w.city.community_score[home] += 1.0;
        w.cases.queue.push_back(Call { case: id as u32, caller: d.caller, tick, alert: d.alert });
        make_aware(w, tick, id, Awareness::Report);
    } else if posted {
        w.cases.unaware_posted.push(id as u32);
    }
}

/// Calls for service that are not crimes: they compete for response hours.
fn calls_for_service(w: &mut World, tick: u32) {
    let rate = w.scenario.police.non_crime_calls_per_1000_day * w.population() as f64 / 1000.0;
    if rate <= 0.0 {
        return;
    }
    let mut r = stream(w.seed, tick, Stream::Calls, 0);
    let n = Poisson::new(rate).map(|p| r.sample(p) as u64).unwrap_or(0);
    let pop = w.population() as u32;
    for _ in 0..n {
        let caller = r.random_range(0..pop);
        w.cases.queue.push_back(Call { case: NO_CASE, caller, tick, alert: false });
        w.today.other_calls += 1;
    }
}

#[cfg(test)]
mod rule_tests {
    use super::*;
    use crate::testkit::world;
    use crate::world::{Awareness, Case};

    fn add_cases(w: &mut World, n: usize, ctype: u8) -> usize {
        let first = w.cases.all.len();
        let cells = w.city.cells() as u32;
        for i in 0..n {
            let cell = (i as u32 * 7) % cells;
            let victim = w.city.residents(cell as usize).start;
            w.cases.all.push(Case::new(0, cell, ctype, 0, victim));
        }
        first
    }

    fn reported_share(w: &World, first: usize) -> f64 {
        (first..w.cases.all.len()).map(|id| decide(w, 0, id)).filter(|d| d.caller != NONE).count() as f64
            / (w.cases.all.len() - first) as f64
    }

    #[test]
    fn trust_raises_reporting_and_the_app_adds_a_channel() {
        let quiet = "reporting: {p_witness: 0.0}\ncrime_types: {burglary: {report_base: 0.4}}";
        let mut w = world(quiet);
        let b = w.types.iter().position(|(n, _)| n == "burglary").unwrap() as u8;
        let first = add_cases(&mut w, 4000, b);
        w.citizens.trust.iter_mut().for_each(|t| *t = 0.0);
        let low = reported_share(&w, first);
        w.citizens.trust.iter_mut().for_each(|t| *t = 1.0);
        let high = reported_share(&w, first);
        assert!((low - 0.2).abs() < 0.03 && (high - 0.6).abs() < 0.03, "{low} {high}");
        // The app helps its users only: with everyone online it adds the full factor,
        // with nobody online nothing.
        w.levers.reporting_app = true;
        w.citizens.online.iter_mut().for_each(|o| *o = 1.0);
        let app = reported_share(&w, first);
        assert!((app - 0.6 * 1.3).abs() < 0.03, "{app}");
        w.citizens.online.iter_mut().for_each(|o| *o = 0.0);
        let offline = reported_share(&w, first);
        assert!((offline - high).abs() < 0.03, "{offline}");
    }

    #[test]
    fn watch_members_alert_police() {
        let mut w = world(
            "reporting: {p_witness: 0.3, watch_report_prob: 1.0}\ncrime_types: {burglary: {report_base: 0.0}}",
        );
        let b = w.types.iter().position(|(n, _)| n == "burglary").unwrap() as u8;
        let first = add_cases(&mut w, 500, b);
        w.citizens.role.iter_mut().for_each(|r| *r = Role::Ordinary);
        let none = (first..w.cases.all.len()).map(|id| decide(&w, 0, id)).filter(|d| d.alert).count();
        assert_eq!(none, 0, "no watch members yet");
        w.citizens.role.iter_mut().for_each(|r| *r = Role::Watch);
        let alerts = (first..w.cases.all.len()).map(|id| decide(&w, 0, id)).filter(|d| d.alert).count();
        assert!(alerts > 250, "{alerts}");
    }

    #[test]
    fn reports_make_cases_police_aware_and_queue_a_call() {
        let mut w = world("reporting: {p_witness: 0.0}\ncrime_types: {assault: {report_base: 1.0}}");
        let a = w.types.iter().position(|(n, _)| n == "assault").unwrap() as u8;
        let first = add_cases(&mut w, 10, a);
        w.citizens.trust.iter_mut().for_each(|t| *t = 1.0);
        witness_report_post(&mut w, 0, first);
        assert!(w.cases.all[first..].iter().all(|c| c.reported && c.awareness == Awareness::Report));
        assert_eq!(w.cases.open.len(), 10);
        assert!(w.cases.queue.iter().filter(|c| c.case != NO_CASE).count() == 10);
    }
}
