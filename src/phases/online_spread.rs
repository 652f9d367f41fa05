//! Phase 5, online spread (MODEL.md §7.3): every post is an independent cascade through
//! the social network. A reader re-shares with share_base × O (false namings × the boost,
//! up to `max_hops` hops and `max_reach` readers. Readers gain fear; engaged readers become
//! sleuths; readers of a naming may harass the person named, and vigilantes among them
//! confront unless the risk they perceive deters them (then some harass online instead),
//! so harassment and confrontations grow with reach (docs/MODEL.md §12.5). A police
//! correction appears after `correction_delay_hops` and reaches `correction_reach` of the
//! later readers, who neither re-share nor harass; the platform may take the naming down.
//! What readers see of the police moves their trust: filmed actions (misconduct weighs
//! `bad_weight` times; less for those who read the police's answer), corrections, public
//! successes. Cascades run in parallel, each on its own stream, and their effects are
//! applied in post order.

use std::collections::{HashSet, VecDeque};

use rand::RngExt;
use rayon::prelude::*;

use super::effects::harm;
use crate::rng::{Stream, stream};
use crate::world::{NONE, Post, PostKind, Role, World};

/// What one cascade did.
#[derive(Debug, Default)]
struct Cascade {
    reach: u32,
    /// Readers with their fear gain and their trust change.
    readers: Vec<(u32, f32, f32)>,
    sleuths: Vec<u32>,
    confronters: Vec<u32>,
    /// Readers of a naming who harassed the person named, and of those, vigilantes who
    /// would have confronted but were deterred (displacement online).
    harassers: u32,
    displaced: u32,
    /// The platform took the corrected naming down.
    taken_down: bool,
}

/// Reused per worker thread: the visited set and BFS queue of a cascade.
type Scratch = (HashSet<u32>, VecDeque<(u32, u32)>);

pub fn spread(w: &mut World, tick: u32) {
    let posts = std::mem::take(&mut w.cases.posts);
    let cascades: Vec<Cascade> = {
        let w = &*w;
        posts
            .par_iter()
            .enumerate()
            .map_init(
                || (HashSet::new(), VecDeque::new()),
                |scratch, (k, post)| cascade(w, tick, k as u64, post, scratch),
            )
            .collect()
    };
    for (post, c) in posts.iter().zip(cascades) {
        apply(w, tick, post, c);
    }
    w.cases.posts = posts;
}

fn cascade(w: &World, tick: u32, k: u64, post: &Post, (visited, queue): &mut Scratch) -> Cascade {
    let p = &w.scenario.online;
    let cz = &w.citizens;
    let mut r = stream(w.seed, tick, Stream::Cascade, k);
    visited.clear();
    queue.clear();
    let mut out = Cascade::default();
    let naming = matches!(post.kind, PostKind::Naming { .. });
    let share_factor = match post.kind {
        PostKind::Naming { guilty: false } => p.false_share_boost,
        _ => 1.0,
    };
    // A correction appears once the naming has travelled `correction_delay_hops`; the
    // platform may take the naming down there.
    let corrected_after = if post.corrected { p.correction_delay_hops } else { u32::MAX };
    out.taken_down = post.corrected && r.random_bool(p.takedown_prob);
    // Seeds: the author's ties, or for police appeals residents near the crime.
    if post.author != NONE {
        visited.insert(post.author);
        for &j in w.network.ties(post.author as usize) {
            queue.push_back((j, 1));
        }
    } else {
        for _ in 0..p.appeal_seeds {
            let c = w.city.random_near(post.cell, p.local_radius, &mut r) as usize;
            let res = w.city.residents(c);
            if !res.is_empty() {
                queue.push_back((r.random_range(res), 1));
            }
        }
    }
    let sleuth_p = match post.kind {
        PostKind::Crime => p.sleuth_base,
        PostKind::Appeal => p.sleuth_base * p.appeal_sleuth_boost,
        _ => 0.0,
    };
    let a = &w.scenario.action;
    let t = &w.scenario.trust;
    // What reading it does to trust in police, before the police's answer or correction.
    let trust_change = match post.kind {
        PostKind::Filmed { misconduct: true } => -(a.trust_exposed_misconduct * t.bad_weight),
        PostKind::Filmed { misconduct: false } => a.trust_exposed_fair,
        PostKind::Success => t.success,
        _ => 0.0,
    } as f32;
    let (cx, cy) = w.city.xy(post.cell);
    while let Some((j, hop)) = queue.pop_front() {
        if out.reach >= p.max_reach {
            break;
        }
        if out.taken_down && hop > corrected_after {
            break; // BFS order: every later reader is at least this far
        }
        if !visited.insert(j) {
            continue;
        }
        out.reach += 1;
        let ju = j as usize;
        // Readers past the correction see it with `correction_reach`.
        let sees_correction = hop > corrected_after && r.random_bool(p.correction_reach);
        let fear = match post.kind {
            PostKind::Crime | PostKind::Appeal | PostKind::Naming { .. } => {
                let (hx, hy) = w.city.xy(cz.home[ju]);
                let local = hx.abs_diff(cx) <= p.local_radius && hy.abs_diff(cy) <= p.local_radius;
                (p.fear_exposure * if local { p.local_fear_factor } else { 1.0 }) as f32
            }
            PostKind::Filmed { .. } | PostKind::Success => 0.0,
        };
        let trust = if sees_correction {
            t.correction as f32
        } else if post.answered && r.random_bool(a.answer_reach) {
            // The police's public answer, read beside the film.
            trust_change * (1.0 - a.answer_mitigation as f32)
        } else {
            trust_change
        };
        if fear != 0.0 || trust != 0.0 {
            out.readers.push((j, fear, trust));
        }
        if sleuth_p > 0.0
            && cz.busy_until[ju] <= tick
            && r.random_bool((sleuth_p * cz.engagement[ju] as f64).min(1.0))
        {
            out.sleuths.push(j);
        }
        if naming && j != post.subject && !sees_correction {
            if cz.role[ju] == Role::Vigilante && r.random_bool(a.confront_base) {
                // Epstein's rule at the moment of acting: the risk this vigilante sees.
                if r.random_bool(w.perceived_risk(ju, tick).min(1.0)) {
                    if r.random_bool(a.online_displacement) {
                        out.displaced += 1;
                        out.harassers += 1;
                    }
                } else {
                    out.confronters.push(j);
                }
            } else if r.random_bool((a.harass_per_reader * cz.online[ju] as f64).min(1.0)) {
                out.harassers += 1;
            }
        }
        if hop < p.max_hops
            && !sees_correction
            && r.random_bool((p.share_base * cz.online[ju] as f64 * share_factor).min(1.0))
        {
            for &n in w.network.ties(ju) {
                queue.push_back((n, hop + 1));
            }
        }
    }
    out
}

fn apply(w: &mut World, tick: u32, post: &Post, c: Cascade) {
    w.today.posts_spread += 1;
    w.today.readers += c.reach;
    for &(j, fear, trust) in &c.readers {
        if fear != 0.0 {
            w.citizens.add_fear(j as usize, tick, fear);
        }
        if trust != 0.0 {
            w.citizens.add_trust(j as usize, tick, trust);
        }
    }
    let sleuth_days = w.scenario.online.sleuth_days;
    for &s in &c.sleuths {
        // A citizen reached by two cascades today works on the first case only.
        if w.citizens.busy_until[s as usize] <= tick {
            w.citizens.busy_until[s as usize] = tick + sleuth_days;
            w.cases.new_sleuths.push((post.case, s));
            w.today.sleuths_joined += 1;
        }
    }
    if let PostKind::Naming { guilty } = post.kind {
        let slot = if guilty { &mut w.totals.naming_reach_true } else { &mut w.totals.naming_reach_false };
        slot.0 += c.reach as u64;
        slot.1 += 1;
        w.today.takedowns += c.taken_down as u32;
        w.today.harassers += c.harassers;
        w.today.displaced_online += c.displaced;
        // Harassment comes with reach: an innocent harassed by anyone the naming reached.
        if !guilty && c.harassers > 0 {
            w.today.harassed += 1;
            harm(w, tick, post.subject);
        }
        for &v in &c.confronters {
            super::effects::confront(w, tick, v, post, guilty);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::world;

    fn naming(w: &World, guilty: bool, corrected: bool) -> Post {
        let author = (0..w.population() as u32).max_by_key(|&i| w.network.degree(i as usize)).unwrap();
        Post {
            kind: PostKind::Naming { guilty },
            case: 0,
            author,
            subject: 1,
            cell: 0,
            corrected,
            answered: false,
        }
    }

    fn mean_reach(w: &World, post: &Post) -> f64 {
        let mut scratch = (HashSet::new(), VecDeque::new());
        (0..400).map(|t| cascade(w, t, 0, post, &mut scratch).reach as f64).sum::<f64>() / 400.0
    }

    #[test]
    fn reach_is_bounded_and_false_namings_spread_further_unless_corrected() {
        let w = world("online: {share_base: 0.5, max_reach: 300}");
        let mut scratch = (HashSet::new(), VecDeque::new());
        for t in 0..50 {
            assert!(cascade(&w, t, 0, &naming(&w, false, false), &mut scratch).reach <= 300);
        }
        let w = world(
            "online: {share_base: 0.2, false_share_boost: 1.7, correction_delay_hops: 0, correction_reach: 1.0, takedown_prob: 0.0}",
        );
        let (t, f, c) = (
            mean_reach(&w, &naming(&w, true, false)),
            mean_reach(&w, &naming(&w, false, false)),
            mean_reach(&w, &naming(&w, false, true)),
        );
        assert!(f > 1.2 * t && c < t, "true {t}, false {f}, corrected {c}");
    }

    #[test]
    fn harassment_comes_with_reach_and_stops_where_the_correction_is_seen() {
        let harassers = |w: &World, corrected: bool| {
            let mut scratch = (HashSet::new(), VecDeque::new());
            (0..100)
                .map(|t| cascade(w, t, 0, &naming(w, false, corrected), &mut scratch).harassers)
                .sum::<u32>()
        };
        let yaml = "action: {harass_per_reader: 1.0}\nonline: {share_base: 0.3, correction_delay_hops: 1, correction_reach: 1.0, takedown_prob: 0.0}";
        let mut w = world(yaml);
        w.citizens.online.iter_mut().for_each(|o| *o = 1.0);
        let (open, corrected) = (harassers(&w, false), harassers(&w, true));
        assert!(open > 0 && corrected < open / 2, "harassers: {open} uncorrected, {corrected} corrected");
        let mut w = world(&yaml.replace("share_base: 0.3", "share_base: 0.0"));
        w.citizens.online.iter_mut().for_each(|o| *o = 1.0);
        let author_only = harassers(&w, false);
        assert!(author_only < open, "no re-sharing, only the author's contacts: {author_only} vs {open}");
    }

    #[test]
    fn readers_gain_fear_and_engaged_ones_become_sleuths() {
        let mut w = world("online: {sleuth_base: 1.0}");
        w.citizens.engagement.iter_mut().for_each(|e| *e = 1.0);
        let author = w.city.residents(0).start;
        w.cases.posts.push(Post {
            kind: PostKind::Crime,
            case: 0,
            author,
            subject: NONE,
            cell: 0,
            corrected: false,
            answered: false,
        });
        let fear = w.citizens.mean_fear();
        spread(&mut w, 0);
        assert!(w.citizens.mean_fear() > fear);
        assert_eq!(w.today.sleuths_joined, w.today.readers, "every reader became a sleuth");
        let s = w.cases.new_sleuths[0].1 as usize;
        assert!(w.citizens.busy_until[s] > 0);
    }
}
