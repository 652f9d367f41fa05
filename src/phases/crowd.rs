//! Phase 6, crowd investigation (MODEL.md §7.4). Each sleuth who joined a case today tries
//! once: with probability I × S they identify the offender; otherwise, with probability
//! `rashness`, they name someone anyway — following the crowd (someone already named) with
//! probability `herding`, else one of the case's `lookalikes`, innocents from the crime's
//! neighbourhood. A candidate named by `naming_threshold` sleuths is publicly named: the
//! naming becomes a post. Namings also reach police as tips. Decisions per case run in
//! parallel; results are applied in case order.

use rand::RngExt;
use rayon::prelude::*;

use super::effects::cooperation;
use crate::rng::{Stream, stream};
use crate::world::{Crowd, NO_CASE, NONE, Post, PostKind, Status, Tip, World};

/// One sleuth's result: candidate slot named (or none) and whether police get a tip.
#[derive(Debug, Clone, Copy)]
struct Naming {
    slot: u8,
    tip: bool,
    /// The sleuth's trust quartile (for the record of tips by trust).
    quartile: u8,
}

pub fn investigate(w: &mut World, tick: u32) {
    let mut joins = std::mem::take(&mut w.cases.new_sleuths);
    joins.sort_unstable();
    // Crowds are created for cases that get their first sleuths today.
    for &(case, _) in &joins {
        if w.cases.all[case as usize].crowd == NO_CASE {
            create_crowd(w, tick, case);
        }
    }
    let groups: Vec<&[(u32, u32)]> = joins.chunk_by(|a, b| a.0 == b.0).collect();
    let results: Vec<Vec<Naming>> = {
        let w = &*w;
        groups.par_iter().map(|g| decide(w, tick, g)).collect()
    };
    for (g, namings) in groups.iter().zip(results) {
        apply(w, tick, g, &namings);
    }
    joins.clear();
    w.cases.new_sleuths = joins;
}

/// Lookalikes: innocent residents of the crime's neighbourhood (`lookalike_radius`), drawn once.
fn create_crowd(w: &mut World, tick: u32, case: u32) {
    let c = &w.cases.all[case as usize];
    let offender = w.offenders.citizen[c.offender as usize];
    let mut r = stream(w.seed, tick, Stream::Lookalikes, case as u64);
    let n = w.scenario.crowd.lookalikes.min(16) as usize;
    let mut lookalikes = [NONE; 16];
    let mut found = 0;
    for _ in 0..n * 8 {
        if found == n {
            break;
        }
        let cell = w.city.random_near(c.cell, w.scenario.crowd.lookalike_radius, &mut r) as usize;
        let res = w.city.residents(cell);
        if res.is_empty() {
            continue;
        }
        let j = r.random_range(res);
        if j != offender && j != c.victim && !lookalikes[..found].contains(&j) {
            lookalikes[found] = j;
            found += 1;
        }
    }
    w.cases.all[case as usize].crowd = w.cases.crowds.len() as u32;
    w.cases.crowds.push(Crowd {
        case,
        lookalikes,
        n_lookalikes: found as u8,
        counts: [0; 17],
        named: 0,
        sleuths: 0,
    });
}

fn decide(w: &World, tick: u32, group: &[(u32, u32)]) -> Vec<Naming> {
    let case_id = group[0].0;
    let case = &w.cases.all[case_id as usize];
    let crowd = &w.cases.crowds[case.crowd as usize];
    let p = &w.scenario.crowd;
    let a = &w.scenario.action;
    let mut r = stream(w.seed, tick, Stream::Sleuthing, case_id as u64);
    let mut counts = crowd.counts;
    let n_cand = 1 + crowd.n_lookalikes as usize;
    let tip_boost = if case.appeal { a.appeal_tip_boost } else { 1.0 };
    // A post shows the crowd part of what investigators know; police images add their
    // clarity's share of the rest (docs/MODEL.md §12.5: images do not make it certain).
    let shown = case.info as f64 * p.public_info_share;
    let info = shown + case.clarity as f64 * (1.0 - shown);
    let mut out = Vec::with_capacity(group.len());
    for &(_, s) in group {
        let su = s as usize;
        let slot = if r.random_bool((info * w.citizens.skill[su] as f64).min(1.0)) {
            Some(0)
        } else if r.random_bool(p.rashness) {
            let named_total: u32 = counts[..n_cand].iter().map(|&c| c as u32).sum();
            if named_total > 0 && r.random_bool(p.herding) {
                // Follow the crowd: candidates in proportion to their namings so far.
                let mut u = r.random_range(0..named_total);
                (0..n_cand).find(|&k| {
                    let c = counts[k] as u32;
                    if u < c {
                        true
                    } else {
                        u -= c;
                        false
                    }
                })
            } else if crowd.n_lookalikes > 0 {
                Some(1 + r.random_range(0..crowd.n_lookalikes as usize))
            } else {
                None
            }
        } else {
            None
        };
        if let Some(k) = slot {
            counts[k] = counts[k].saturating_add(1);
            let trust = w.citizens.trust_at(su, tick);
            let slope = w.scenario.trust.tip_slope;
            let tip = r.random_bool((a.tip_base * cooperation(trust, slope) * tip_boost).min(1.0));
            out.push(Naming { slot: k as u8, tip, quartile: w.trust_quartile(trust) as u8 });
        }
    }
    out
}

fn apply(w: &mut World, tick: u32, group: &[(u32, u32)], namings: &[Naming]) {
    let case_id = group[0].0;
    let (ci, cell, offender, open) = {
        let c = &w.cases.all[case_id as usize];
        // Police can only use a tip about a case they know of.
        let known = c.awareness != crate::world::Awareness::Unaware;
        (
            c.crowd as usize,
            c.cell,
            w.offenders.citizen[c.offender as usize],
            c.status == Status::Open && known,
        )
    };
    let threshold = w.scenario.crowd.naming_threshold as u16;
    w.cases.crowds[ci].sleuths += group.len() as u32;
    for n in namings {
        let k = n.slot as usize;
        let crowd = &mut w.cases.crowds[ci];
        crowd.counts[k] = crowd.counts[k].saturating_add(1);
        let candidate = crowd.candidate(k, offender);
        let guilty = k == 0;
        if w.recording() {
            let links = &mut w.totals.trust_links;
            links.namings[n.quartile as usize] += 1;
            links.namings_tipped[n.quartile as usize] += n.tip as u64;
        }
        if n.tip && open {
            w.cases.tips.push_back(Tip { case: case_id, candidate, correct: guilty, tick });
            w.today.tips_received += 1;
        }
        let crowd = &mut w.cases.crowds[ci];
        if crowd.counts[k] >= threshold && crowd.named & (1 << k) == 0 {
            crowd.named |= 1 << k;
            w.citizens.named[candidate as usize] = w.citizens.named[candidate as usize].saturating_add(1);
            if guilty {
                w.today.named_guilty += 1;
            } else {
                w.today.named_innocent += 1;
                // Named in public and not protected: trust falls, for contacts too.
                super::effects::experience(
                    w,
                    tick,
                    candidate,
                    -w.scenario.trust.named,
                    super::effects::Told::Contacts,
                );
            }
            w.cases.posts_next.push(Post {
                kind: PostKind::Naming { guilty },
                case: case_id,
                author: group[0].1,
                subject: candidate,
                cell,
                corrected: false,
                answered: false,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::world;
    use crate::world::{Awareness, Case};

    fn case_with_sleuths(w: &mut World, info: f32, sleuths: u32) -> u32 {
        let k = (0..w.offenders.len()).find(|&k| !w.offenders.online[k]).unwrap() as u32;
        w.cases.all.push(Case {
            reported: true,
            posted: true,
            awareness: Awareness::Report,
            aware_tick: 0,
            evidence: info,
            info,
            appeal: true,
            clarity: info,
            ..Case::new(0, 50, 0, k, NONE)
        });
        let id = w.cases.all.len() as u32 - 1;
        w.cases.new_sleuths = (100..100 + sleuths).map(|s| (id, s)).collect();
        id
    }

    #[test]
    fn perfect_information_names_the_offender_only() {
        let mut w = world("crowd: {naming_threshold: 3}");
        w.citizens.skill.iter_mut().for_each(|s| *s = 1.0);
        let id = case_with_sleuths(&mut w, 1.0, 10);
        investigate(&mut w, 0);
        let crowd = &w.cases.crowds[w.cases.all[id as usize].crowd as usize];
        assert_eq!(crowd.named, 1, "only the offender (slot 0) is named");
        assert_eq!((w.today.named_guilty, w.today.named_innocent), (1, 0));
        assert!(matches!(w.cases.posts_next[0].kind, PostKind::Naming { guilty: true }));
    }

    #[test]
    fn no_information_and_rash_sleuths_name_innocents() {
        let mut w = world("crowd: {naming_threshold: 3, rashness: 1.0, herding: 0.0, lookalikes: 3}");
        let id = case_with_sleuths(&mut w, 0.0, 30);
        investigate(&mut w, 0);
        let crowd = &w.cases.crowds[w.cases.all[id as usize].crowd as usize];
        assert_eq!(crowd.named & 1, 0, "the offender cannot be identified");
        assert!(w.today.named_innocent >= 2, "{}", w.today.named_innocent);
        let offender = w.offenders.citizen[w.cases.all[id as usize].offender as usize];
        assert!(crowd.lookalikes[..3].iter().all(|&l| l != offender && l != NONE));
    }
}
