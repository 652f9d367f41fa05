//! Phase 10, places (MODEL.md §7.8): the near-repeat boost decays and grows with crime
//! (Short et al. 2008), hot-spot and community scores and arrest pressure fade, and
//! guardianship follows watch membership.

use crate::scenario::WatchSupport;
use crate::world::World;

pub fn update(w: &mut World, _tick: u32) {
    let pp = &w.scenario.places;
    let decay = 1.0 - pp.boost_decay as f32;
    let hot_keep = 1.0 - 1.0 / w.scenario.police.hotspot_memory_days as f32;
    let arrest_keep = 1.0 - 1.0 / w.scenario.offending.deterrence_memory_days as f32;
    let city = &mut w.city;
    city.boost.iter_mut().for_each(|b| *b *= decay);
    city.hot_score.iter_mut().for_each(|s| *s *= hot_keep);
    city.community_score.iter_mut().for_each(|s| *s *= hot_keep);
    city.arrest_pressure.iter_mut().for_each(|s| *s *= arrest_keep);
    let (own, near) = (pp.boost as f32, pp.near_boost as f32);
    for i in 0..city.crime_cells.len() {
        let c = city.crime_cells[i];
        let n = city.crimes_today[c as usize] as f32;
        let (xs, ys) = city.square(c, 1);
        for y in ys {
            for x in xs.clone() {
                let k = (y * city.width + x) as usize;
                city.boost[k] += if k == c as usize { own * n } else { near * n };
            }
        }
        city.crimes_today[c as usize] = 0;
    }
    city.crime_cells.clear();
}

/// G = min(1, watch_guard × members / residents), scaled by the police's support.
pub fn update_guardianship(w: &mut World) {
    let pp = &w.scenario.places;
    let factor = match w.levers.watch_groups {
        WatchSupport::Coordinated => 1.0,
        WatchSupport::Registered => pp.registered_guard_factor,
        WatchSupport::None => pp.unsupported_guard_factor,
    };
    let city = &mut w.city;
    for c in 0..city.cells() {
        let residents = city.residents(c).len();
        city.guard[c] = if residents == 0 {
            0.0
        } else {
            (factor * (pp.watch_guard * city.watch_members[c] as f64 / residents as f64).min(1.0)) as f32
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::world;

    #[test]
    fn boost_decays_and_grows_with_own_and_neighbouring_crime() {
        let mut w = world("places: {boost: 1.0, near_boost: 0.25, boost_decay: 0.5}");
        let c = 5 * w.city.width + 5;
        w.city.boost[c as usize] = 2.0;
        w.city.crimes_today[c as usize] = 2;
        w.city.crime_cells.push(c);
        update(&mut w, 0);
        assert_eq!(w.city.boost[c as usize], 2.0 * 0.5 + 2.0);
        assert_eq!(w.city.boost[c as usize + 1], 0.5);
        assert_eq!(w.city.boost[c as usize + 2], 0.0);
        assert!(w.city.crime_cells.is_empty() && w.city.crimes_today[c as usize] == 0);
    }

    #[test]
    fn guardianship_follows_members_and_support() {
        let mut w = world(
            "places: {watch_guard: 2.0, registered_guard_factor: 0.5}\npolicy: {watch_groups: registered}",
        );
        let c = (0..w.city.cells()).max_by_key(|&c| w.city.residents(c).len()).unwrap();
        let residents = w.city.residents(c).len() as f64;
        w.city.watch_members[c] = (residents / 4.0) as u32;
        update_guardianship(&mut w);
        let expected = 0.5 * (2.0 * w.city.watch_members[c] as f64 / residents).min(1.0);
        assert!((w.city.guard[c] as f64 - expected).abs() < 1e-6);
    }
}
