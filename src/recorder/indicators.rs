//! Per-run indicators of a `diy_policing` run (runs.parquet), derived from the run totals
//! and the recorded days; each named and typed by the catalogue.

use crate::catalogue::{DiyRun as R, DiyTick as T, Row};
use crate::table::{Column, Table};
use crate::world::{Role, TASKS, World};

/// Euros spent today: officer-hours plus programme costs.
pub fn day_cost(w: &World) -> f64 {
    let p = &w.scenario.police;
    let hours: f64 = w.police.hours.iter().sum();
    let mut cost = hours * p.officer_hour_cost;
    if w.levers.reporting_app {
        cost += p.app_cost_per_day;
    }
    if w.levers.procedural_justice_training {
        cost += p.training_cost_per_officer_day * w.police.officers() as f64;
    }
    if w.levers.watch_groups == crate::scenario::WatchSupport::Coordinated {
        cost += p.liaison_cost_per_group_day * w.watch_groups as f64 * w.liaison_coverage;
    }
    cost
}

fn share(a: u64, b: u64) -> f64 {
    if b > 0 { a as f64 / b as f64 } else { f64::NAN }
}

/// The indicators a policy maker compares, one row, from the world at the end and the
/// recorded `ticks`; `initial_trust` is the mean trust on day 0.
pub fn run_indicators(w: &World, ticks: &Table, initial_trust: f64) -> Table {
    let tot = &w.totals;
    let days = ticks.rows().max(1) as f64;
    let series = |name: &str| ticks.get(name).map(Column::as_f64).unwrap_or_default();
    let per_1000_year = 1000.0 * 365.0 / (w.population() as f64 * days);
    let mut out = Row::default();
    let all_crimes: u64 = tot.crimes.iter().sum();
    let all_reported: u64 = tot.reported.iter().sum();
    let all_aware: u64 = tot.aware.iter().sum();
    let all_cleared: u64 = tot.cleared.iter().sum();
    out.put(R::CrimesPer1000Year, all_crimes as f64 * per_1000_year);
    for (k, (name, _)) in w.types.iter().enumerate() {
        out.put_of(R::CrimesPer1000YearType, name, tot.crimes[k] as f64 * per_1000_year);
    }
    out.put(R::ShareReported, share(all_reported, all_crimes));
    for (k, (name, _)) in w.types.iter().enumerate() {
        out.put_of(R::ShareReportedType, name, share(tot.reported[k], tot.crimes[k]));
    }
    out.put(R::ShareRecorded, share(all_aware, all_crimes));
    out.put(R::ShareCleared, share(all_cleared, all_aware));
    for (k, (name, _)) in w.types.iter().enumerate() {
        out.put_of(R::ShareClearedType, name, share(tot.cleared[k], tot.aware[k]));
    }
    out.put(R::ShareClearedWithCitizens, share(tot.cleared_with_citizens, all_cleared));
    let sum = |id: T| series(id.name()).iter().filter(|x| x.is_finite()).sum::<f64>();
    out.put(R::RedHandedArrests, sum(T::RedHandedArrests));
    out.put(R::AlertArrests, sum(T::AlertArrests));
    out.put(R::WatchAlerts, sum(T::WatchAlerts));
    out.put(R::MeanBacklog, sum(T::Backlog) / days);
    let delays: Vec<f64> =
        series(T::MeanResponseDelayDays.name()).into_iter().filter(|x| x.is_finite()).collect();
    let mean_delay =
        if delays.is_empty() { f64::NAN } else { delays.iter().sum::<f64>() / delays.len() as f64 };
    out.put(R::MeanResponseDelayDays, mean_delay);
    out.put(R::TrustChange, w.citizens.mean_trust() - initial_trust);
    out.put(R::FinalMeanTrust, w.citizens.mean_trust());
    out.put(R::FinalMeanFear, w.citizens.mean_fear());
    let cost = sum(T::CostEur);
    let per_resident_year = 365.0 / days / w.population() as f64;
    out.put(R::CostEur, cost);
    out.put(R::CostEurPerResidentYear, cost * per_resident_year);
    let crime_cost: f64 =
        w.types.iter().zip(&tot.crimes).map(|((_, t), &n)| t.social_cost_eur * n as f64).sum();
    let c = &w.scenario.costs;
    let injuries = sum(T::InjuriesInnocent) + sum(T::InjuriesGuilty) + sum(T::StingHarmIncidents);
    let harm_cost = injuries * c.injury_eur
        + (sum(T::ConfrontationsInnocent) - sum(T::InjuriesInnocent)) * c.confrontation_eur
        + sum(T::WrongfulArrests) * c.wrongful_arrest_eur
        + (sum(T::Harassed) + sum(T::StingFalseExposures)) * c.harassment_eur
        + (sum(T::VigilanteProsecutions) + sum(T::HunterProsecutions)) * c.prosecution_eur;
    out.put(R::CrimeCostEur, crime_cost);
    out.put(R::HarmCostEur, harm_cost);
    out.put(R::SocialCostEur, cost + crime_cost + harm_cost);
    out.put(R::SocialCostEurPerResidentYear, (cost + crime_cost + harm_cost) * per_resident_year);
    out.put(
        R::Harms,
        sum(T::WrongfulArrests)
            + sum(T::Harassed)
            + sum(T::ConfrontationsInnocent)
            + sum(T::StingFalseExposures)
            + sum(T::StingHarmIncidents)
            + sum(T::InjuriesGuilty),
    );
    let baseline = series(T::MeanTrustBaseline.name());
    if let (Some(first), Some(last)) = (baseline.first(), baseline.last()) {
        out.put(R::TrustBaselineChange, last - first);
    }
    trust_links(w, &mut out);
    let mean_of = |id: T, task: &str| {
        let v = series(&id.entry().column(task));
        v.iter().filter(|x| x.is_finite()).sum::<f64>() / days
    };
    for task in TASKS {
        out.put_of(R::HoursUnmetPerDayTask, task.name(), mean_of(T::HoursUnmetTask, task.name()));
    }
    out.put(R::HoursReallocatedPerDay, sum(T::HoursReallocated) / days);
    out.put(R::HoursToPatrolPerDay, sum(T::HoursToPatrol) / days);
    let hours_of =
        |task: &str| series(&T::HoursTask.entry().column(task)).iter().filter(|x| x.is_finite()).sum::<f64>();
    out.put(R::OfficerHours, TASKS.iter().map(|t| hours_of(t.name())).sum());
    let (top10, gini) = concentration(&tot.cell_crimes);
    out.put(R::Top10CellShare, top10);
    out.put(R::GiniCells, gini);
    let residents: Vec<u32> = (0..w.city.cells()).map(|c| w.city.residents(c).len() as u32).collect();
    out.put(R::Top10ResidentsShare, concentration_per_resident(&tot.cell_crimes, &residents));
    out.put(R::RepeatShare, share(tot.repeats, tot.street_crimes));
    let (hot, adjacent) = hot_and_adjacent_crimes(w);
    out.put(R::CrimesHotCells, hot);
    out.put(R::CrimesAdjacentCells, adjacent);
    out.put(R::OpenCasesAtEnd, w.cases.open.len() as f64);
    diy_indicators(w, days, &mut out, &sum);
    let watch = w.citizens.role.iter().filter(|&&r| r == Role::Watch).count();
    out.put(R::WatchMembers, watch as f64);
    out.0
}

/// How each behaviour responded to trust, by trust quartile of day 0 (q1 lowest).
fn trust_links(w: &World, out: &mut Row) {
    let l = &w.totals.trust_links;
    // Self-help at the end, by the citizen's trust now.
    let tick = w.burn_in + w.scenario.days;
    let (mut citizens, mut self_help) = ([0u64; 4], [0u64; 4]);
    for i in 0..w.population() {
        let q = w.trust_quartile(w.citizens.trust_at(i, tick));
        citizens[q] += 1;
        self_help[q] += matches!(w.citizens.role[i], Role::Vigilante | Role::Hunter) as u64;
    }
    for q in 0..4 {
        let name = format!("q{}", q + 1);
        out.put_of(R::ShareReportedTrust, &name, share(l.victims_reporting[q], l.victims[q]));
        out.put_of(R::TipShareTrust, &name, share(l.namings_tipped[q], l.namings[q]));
        out.put_of(R::AttemptsTrust, &name, 1000.0 * share(l.attempts[q], l.offender_days[q]));
        out.put_of(R::SelfHelpShareTrust, &name, share(self_help[q], citizens[q]));
    }
}

/// The DIY layer's indicators: harms, help, and the V5–V9 measures.
fn diy_indicators(w: &World, days: f64, out: &mut Row, sum: &dyn Fn(T) -> f64) {
    let per_100k = 100_000.0 / w.population() as f64;
    out.put(R::InnocentsNamedPer100k, sum(T::NamedInnocent) * per_100k);
    out.put(R::GuiltyNamed, sum(T::NamedGuilty));
    out.put(R::Harassed, sum(T::Harassed));
    out.put(R::WrongfulArrests, sum(T::WrongfulArrests));
    out.put(R::Confrontations, sum(T::Confrontations));
    out.put(R::VigilanteInjuries, sum(T::InjuriesInnocent) + sum(T::InjuriesGuilty));
    out.put(R::VigilanteInjuriesInnocent, sum(T::InjuriesInnocent));
    out.put(R::CompromisedCases, sum(T::Compromised));
    out.put(R::TipsReceived, sum(T::TipsReceived));
    out.put(R::TipsCorrectShare, sum(T::TipsCorrect) / sum(T::TipsVerified));
    out.put(R::TipHoursUsed, sum(T::TipHoursUsed));
    out.put(R::Stings, sum(T::Stings));
    out.put(R::StingCharges, sum(T::StingCharges));
    out.put(R::StingHarmIncidents, sum(T::StingHarmIncidents));
    out.put(R::VigilanteProsecutions, sum(T::VigilanteProsecutions));
    out.put(R::VigilanteWarnings, sum(T::VigilanteWarnings));
    out.put(R::HunterProsecutions, sum(T::HunterProsecutions));
    let police_charges = w.online_type.map_or(0, |k| w.totals.cleared[k as usize]) as f64;
    let hunter_charges = sum(T::StingCharges);
    let charges = hunter_charges + police_charges;
    out.put(R::HunterChargeShare, if charges > 0.0 { hunter_charges / charges } else { f64::NAN });
    out.put(R::StingCompromised, sum(T::StingCompromised));
    out.put(R::HunterHours, sum(T::HunterHours));
    out.put(R::StingsPublished, sum(T::StingPublished));
    out.put(R::MeanHunterGroups, sum(T::HunterGroups) / days);
    out.put(R::AlertsSent, sum(T::AlertsSent));
    out.put(R::CitizenAlertArrests, sum(T::CitizenAlertArrests));
    out.put(R::TipsRejectedCorrect, sum(T::TipsRejectedCorrect));
    out.put(R::TipsPassedWrong, sum(T::TipsPassedWrong));
    out.put(R::CorrectionsWrong, sum(T::CorrectionsWrong));
    out.put(R::DisplacedOnline, sum(T::DisplacedOnline));
    let tick = w.burn_in + w.scenario.days;
    let news = w.risk_in_news();
    let risk: f64 = (0..w.population()).map(|i| w.perceived_risk_with(i, tick, news)).sum();
    out.put(R::MeanPerceivedRisk, risk / w.population().max(1) as f64);
    out.put(R::FilmedMisconduct, sum(T::FilmedMisconduct));
    out.put(R::MeanWatchMembers, sum(T::WatchMembers) / days);
    out.put(R::MeanVigilantes, sum(T::Vigilantes) / days);
    out.put(R::MeanHunters, sum(T::Hunters) / days);
    // V6: police alerts to citizens that ended in an arrest.
    out.put(R::AlertArrestShare, sum(T::CitizenAlertArrests) / sum(T::AlertsSent));
    // V9: mean reach of false and of true public namings.
    let t = &w.totals;
    out.put(R::NamingReachFalse, t.naming_reach_false.0 as f64 / t.naming_reach_false.1 as f64);
    out.put(R::NamingReachTrue, t.naming_reach_true.0 as f64 / t.naming_reach_true.1 as f64);
    // V8: high-profile cases (many sleuths), with and without police images.
    let hp = w.scenario.crowd.high_profile_sleuths;
    let first = w.cases.all.partition_point(|c| c.tick < w.burn_in) as u32;
    // Both arms measured alike: the same selection rule, the same two counts.
    let (mut n, mut innocents, mut offender) = ([0u64; 2], [0u64; 2], [0u64; 2]);
    for crowd in w.cases.crowds.iter().filter(|c| c.sleuths >= hp && c.case >= first) {
        let arm = w.cases.all[crowd.case as usize].appeal as usize;
        n[arm] += 1;
        offender[arm] += (crowd.named & 1) as u64;
        innocents[arm] += (crowd.named >> 1).count_ones() as u64;
    }
    let (n_app, off_app) = (n[1], offender[1]);
    out.put(R::InnocentsNamedPerHighProfileCaseWithAppeal, innocents[1] as f64 / n_app as f64);
    let (n, offender, innocents) = (n[0], offender[0], innocents[0]);
    out.put(R::HighProfileCases, n as f64);
    out.put(R::InnocentsNamedPerHighProfileCase, innocents as f64 / n as f64);
    out.put(R::OffenderNamedShareHighProfile, share(offender, n));
    out.put(R::HighProfileCasesWithAppeal, n_app as f64);
    out.put(R::OffenderNamedShareWithAppeal, share(off_app, n_app));
    out.put(R::CitizenHelpedClearances, t.cleared_with_citizens as f64);
}

/// Share of street crime in the top 10% of cells, and the Gini coefficient over cells.
pub fn concentration(cell_counts: &[u32]) -> (f64, f64) {
    let mut v: Vec<u64> = cell_counts.iter().map(|&c| c as u64).collect();
    let total: u64 = v.iter().sum();
    if total == 0 || v.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    v.sort_unstable_by(|a, b| b.cmp(a));
    let top = v.len().div_ceil(10);
    let top10 = v[..top].iter().sum::<u64>() as f64 / total as f64;
    // Gini from the ascending order: G = Σ (2i − n − 1) x_i / (n Σ x).
    let n = v.len() as f64;
    let weighted: f64 =
        v.iter().rev().enumerate().map(|(i, &x)| (2.0 * (i as f64 + 1.0) - n - 1.0) * x as f64).sum();
    (top10, weighted / (n * total as f64))
}

/// Share of crime in the cells with most crime per resident that together house 10% of the
/// residents. Crime that merely followed population gives 0.1; cells where nobody lives
/// (an infinite rate) come first, and the cell that crosses 10% counts in proportion.
pub fn concentration_per_resident(cell_counts: &[u32], residents: &[u32]) -> f64 {
    let total: u64 = cell_counts.iter().map(|&c| c as u64).sum();
    let people: u64 = residents.iter().map(|&r| r as u64).sum();
    if total == 0 || people == 0 {
        return f64::NAN;
    }
    // Empty cells (no crime, nobody living there) change nothing and have no rate.
    let mut cells: Vec<(u32, u32)> =
        cell_counts.iter().copied().zip(residents.iter().copied()).filter(|&(c, r)| c > 0 || r > 0).collect();
    // Descending crimes per resident, compared as c_a r_b against c_b r_a (no division).
    cells.sort_unstable_by(|a, b| (b.0 as u64 * a.1 as u64).cmp(&(a.0 as u64 * b.1 as u64)));
    let quota = people as f64 / 10.0;
    let (mut housed, mut crimes) = (0.0, 0.0);
    for (c, r) in cells {
        let room = quota - housed;
        if room <= 0.0 {
            break;
        }
        let part = if (r as f64) <= room { 1.0 } else { room / r as f64 };
        housed += r as f64 * part;
        crimes += c as f64 * part;
    }
    crimes / total as f64
}

/// The hot-spot set is the top 1% of cells by crime potential — base attractiveness times
/// residents within the search radius (where offenders come from) — fixed by the seed, so
/// random and hot-spot patrol runs compare the same places. Adjacent cells are their
/// 8-neighbours outside the set. Returns street crimes in each.
pub fn hot_and_adjacent_crimes(w: &World) -> (f64, f64) {
    let city = &w.city;
    let cells = city.cells();
    let radius = w.scenario.offending.search_radius;
    let potential: Vec<f64> = (0..cells as u32)
        .map(|c| {
            let (xs, ys) = city.square(c, radius);
            let nearby: usize = ys
                .flat_map(|y| xs.clone().map(move |x| (y * city.width + x) as usize))
                .map(|n| city.residents(n).len())
                .sum();
            city.a0[c as usize] as f64 * nearby as f64
        })
        .collect();
    let k = cells.div_ceil(100);
    let mut order: Vec<u32> = (0..cells as u32).collect();
    order.sort_by(|&a, &b| potential[b as usize].total_cmp(&potential[a as usize]).then(a.cmp(&b)));
    let mut hot = vec![false; cells];
    for &c in &order[..k] {
        hot[c as usize] = true;
    }
    let mut adjacent = vec![false; cells];
    for &c in &order[..k] {
        let (xs, ys) = city.square(c, 1);
        for y in ys {
            for x in xs.clone() {
                let n = (y * city.width + x) as usize;
                adjacent[n] = !hot[n];
            }
        }
    }
    let sum = |mask: &[bool]| (0..cells).filter(|&c| mask[c]).map(|c| w.totals.cell_crimes[c] as f64).sum();
    (sum(&hot), sum(&adjacent))
}

#[cfg(test)]
mod tests {
    #[test]
    fn concentration_per_resident_is_a_tenth_when_crime_follows_people() {
        use super::concentration_per_resident as share;
        // Crime proportional to residents: 10%, whatever the residents' own concentration.
        let residents = [100, 10, 10, 10, 10, 10, 10, 10, 10, 10, 0];
        let crimes = residents.map(|r| r * 3);
        assert!((share(&crimes, &residents) - 0.1).abs() < 1e-12);
        // All crime in a cell where nobody lives: all of it comes first.
        let mut c = [0; 11];
        c[10] = 7;
        assert_eq!(share(&c, &residents), 1.0);
        // A cell with 1/5 of residents and 1/2 of crime: half of it fits in the quota.
        let (r, c) = ([20, 80], [50, 50]);
        assert!((share(&c, &r) - 0.25).abs() < 1e-12);
    }

    use super::*;

    #[test]
    fn concentration_of_equal_and_single_cells() {
        let (top, gini) = concentration(&[5; 20]);
        assert!((top - 0.1).abs() < 1e-12 && gini.abs() < 1e-12);
        let mut one = vec![0; 20];
        one[3] = 7;
        let (top, gini) = concentration(&one);
        assert_eq!(top, 1.0);
        assert!((gini - 0.95).abs() < 1e-12, "{gini}");
    }
}
