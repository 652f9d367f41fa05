//! Phase 9, citizen update (MODEL.md §7.7). Trust and fear relax toward their baselines;
//! individual values relax lazily on read (see world/citizens.rs), so only the population
//! sums move here. Release from jail is implicit (`jailed_until`).
//!
//! Roles: every day a rolling 1/`review_days` of citizens reconsider their role, so each
//! citizen reviews once per `review_days` with the daily probabilities compounded; this
//! keeps a tick's cost at O(population / review_days) instead of O(population).
//! ordinary → watch: join_base × E × F × support × (1 + watch neighbours);
//! in the burn-in these rates run `burn_in_speedup` times faster (spin-up to equilibrium);
//! watch → ordinary: leave_base; a watch member or engaged citizen turns vigilante when
//! grievance F(1 − T) minus risk aversion × the risk they perceive (`World::perceived_risk`:
//! enforcement seen in person, near home and in the news) exceeds the threshold (Epstein's rule)
//! and returns below threshold − hysteresis or gives up with `vigilante_desist` a day (without
//! it, citizens just inside the hysteresis band would stay vigilantes for good, and their
//! number would creep up for decades); an online-active vigilante may become a hunter,
//! the more readily the more hunters' catches are in the news. No stance forbids a role.

use rayon::prelude::*;

use crate::rng::{Stream, uniform};
use crate::scenario::WatchSupport;
use crate::world::{Role, World};

pub fn update(w: &mut World, tick: u32) {
    w.citizens.relax_sums();
    let changes = review_roles(w, tick);
    for (i, role) in changes {
        w.set_role(i as usize, role);
    }
}

/// Today's reviewers decide in parallel from a frozen view; changes come back in id order.
fn review_roles(w: &World, tick: u32) -> Vec<(u32, Role)> {
    let p = &w.scenario.roles;
    let period = p.review_days.max(1);
    let offset = tick % period;
    let n = w.population() as u32;
    let support = match w.levers.watch_groups {
        WatchSupport::None => p.support_none,
        WatchSupport::Registered => p.support_registered,
        WatchSupport::Coordinated => p.support_coordinated,
    };
    // Spin-up: in the burn-in every rate runs `burn_in_speedup` times faster. Scaling all
    // the rates of a chain alike moves its time scale, not where it settles.
    let speed = if tick < w.burn_in { p.burn_in_speedup.max(1.0) } else { 1.0 };
    let steps = (period as f64 * speed).round() as u32;
    // 1 − (1 − daily)^steps by repeated squaring (inlined: this runs for every reviewer).
    let compound = |daily: f64| {
        let (mut base, mut n, mut keep) = (1.0 - daily.clamp(0.0, 1.0), steps, 1.0);
        while n > 0 {
            if n & 1 == 1 {
                keep *= base;
            }
            base *= base;
            n >>= 1;
        }
        1.0 - keep
    };
    let leave = compound(p.leave_base);
    // Hunters' publicity (published catches, fading) draws recruits.
    let join = (p.hunter_join * (1.0 + p.publicity_pull * w.publicity)).min(1.0);
    let hunter = 1.0 - (1.0 - join).powf(speed);
    let desist = compound(p.vigilante_desist);
    let news = w.risk_in_news();
    (0..n.div_ceil(period))
        .into_par_iter()
        .with_min_len(4096)
        .filter_map(|k| {
            let i = k * period + offset;
            if i >= n {
                return None;
            }
            let iu = i as usize;
            let cz = &w.citizens;
            let t = cz.trust_at(iu, tick) as f64;
            let f = cz.fear_at(iu, tick) as f64;
            let e = cz.engagement[iu] as f64;
            // Epstein's rule with the risk this citizen has seen enforced (§12.2).
            let net = f * (1.0 - t) - cz.risk_aversion[iu] as f64 * w.perceived_risk_with(iu, tick, news);
            let role = cz.role[iu];
            // One uniform number per review is all the rule needs.
            let u = uniform(w.seed, tick, Stream::RoleReview, i as u64);
            let next = match role {
                Role::Ordinary | Role::Watch
                    if net > p.vigilante_threshold && (role == Role::Watch || e > p.vigilante_engagement) =>
                {
                    Role::Vigilante
                }
                Role::Ordinary => {
                    let neighbours = w.city.watch_members[cz.home[iu] as usize].min(p.max_watch_neighbours);
                    let daily = p.join_base * e * f * support * (1.0 + neighbours as f64);
                    // 1 − (1 − d)^n ≤ n d: most reviewers are ruled out without compounding.
                    if u < steps as f64 * daily && u < compound(daily) { Role::Watch } else { Role::Ordinary }
                }
                Role::Watch => {
                    if u < leave {
                        Role::Ordinary
                    } else {
                        Role::Watch
                    }
                }
                Role::Vigilante | Role::Hunter if net < p.vigilante_threshold - p.hysteresis => {
                    Role::Ordinary
                }
                Role::Vigilante | Role::Hunter if u < desist => Role::Ordinary,
                Role::Vigilante if cz.online[iu] as f64 > p.hunter_online && u >= 1.0 - hunter => {
                    Role::Hunter
                }
                other => other,
            };
            (next != role).then_some((i, next))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::world;

    #[test]
    fn grievance_above_risk_makes_engaged_citizens_vigilantes() {
        let yaml = "roles: {review_days: 1, vigilante_threshold: 0.2, join_base: 0.0}\npolicy: {vigilantism: tolerate}";
        let mut w = world(yaml);
        w.citizens.fear.iter_mut().for_each(|f| *f = 0.9);
        w.citizens.trust.iter_mut().for_each(|t| *t = 0.1);
        w.citizens.engagement.iter_mut().for_each(|e| *e = 0.9);
        update(&mut w, 0);
        let tolerated = w.role_counts[Role::Vigilante as usize];
        assert!(tolerated as usize > w.population() / 2, "{tolerated}");
        // The lever alone changes nothing: the risk term is what citizens have seen.
        let mut w = world(&yaml.replace("tolerate", "prosecute"));
        w.citizens.fear.iter_mut().for_each(|f| *f = 0.9);
        w.citizens.trust.iter_mut().for_each(|t| *t = 0.1);
        w.citizens.engagement.iter_mut().for_each(|e| *e = 0.9);
        update(&mut w, 0);
        assert_eq!(w.role_counts[Role::Vigilante as usize], tolerated);
        // Enforcement seen in the news keeps the risk-averse out.
        let mut w = world(&yaml.replace("0.2,", "0.5,"));
        w.citizens.fear.iter_mut().for_each(|f| *f = 0.9);
        w.citizens.trust.iter_mut().for_each(|t| *t = 0.1);
        w.citizens.engagement.iter_mut().for_each(|e| *e = 0.9);
        w.news_risk = 1e6;
        update(&mut w, 0);
        assert!(w.role_counts[Role::Vigilante as usize] < tolerated / 2);
    }

    #[test]
    fn roles_are_reviewed_in_a_rolling_share() {
        let mut w = world("roles: {review_days: 7, join_base: 1.0}\npolicy: {watch_groups: coordinated}");
        w.citizens.fear.iter_mut().for_each(|f| *f = 1.0);
        w.citizens.engagement.iter_mut().for_each(|e| *e = 0.5);
        let before = w.role_counts[Role::Watch as usize];
        update(&mut w, 3);
        let joined = w.role_counts[Role::Watch as usize] - before;
        let reviewed = w.population().div_ceil(7) as u32;
        assert!(joined > reviewed / 2 && joined <= reviewed, "{joined} of {reviewed}");
        let members: u32 = w.city.watch_members.iter().sum();
        assert_eq!(members, w.role_counts[Role::Watch as usize]);
    }
}
