//! Phase 10, places (MODEL.md §7.8): the near-repeat boost decays and grows with crime
//! (Short et al. 2008), hot-spot and community scores and arrest pressure fade, and
//! guardianship follows watch membership (`World::update_guardianship`).

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
    // What citizens saw of enforcement against self-help, and of hunters' catches, fades.
    let seen_keep = 1.0 - 1.0 / w.scenario.roles.risk_memory_days.max(1.0);
    city.enforcement_seen.iter_mut().for_each(|s| *s *= seen_keep as f32);
    w.news_risk *= seen_keep;
    w.publicity *= seen_keep;
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
    w.update_guardianship();
    count_covered_days(w);
}

/// V5 bookkeeping: one more day for every cell whose block has a group today.
fn count_covered_days(w: &mut World) {
    let min = w.scenario.roles.group_min;
    for c in 0..w.city.cells() {
        if w.block_members[w.cell_block[c] as usize] >= min {
            w.totals.cell_covered_days[c] += 1;
        }
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
    fn guardianship_follows_block_members_and_support() {
        let mut w = world(
            "places: {watch_guard: 2.0, registered_guard_factor: 0.5}\npolicy: {watch_groups: registered}",
        );
        let c = (0..w.city.cells()).max_by_key(|&c| w.city.residents(c).len()).unwrap();
        let b = w.block_of(c as u32);
        let residents = w.block_residents[b] as f64;
        w.block_members[b] = (residents / 10.0) as u32;
        w.update_guardianship();
        let expected = 0.5 * (2.0 * w.block_members[b] as f64 / residents).min(1.0);
        assert!((w.city.guard[c] as f64 - expected).abs() < 1e-6);
        // Below group_min members there is no group and no guardianship.
        w.block_members[b] = w.scenario.roles.group_min - 1;
        w.update_guardianship();
        assert_eq!(w.city.guard[c], 0.0);
    }
}
