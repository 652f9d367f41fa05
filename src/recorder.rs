//! `Recorder`: what a run observes (MODEL.md §9), declared in one place. Each tick appends
//! one value per column; at the end, per-run indicators are derived from the run totals.
//! Plain columns only — polars turns them into Parquet at the output edge.

use crate::world::{Role, TASKS, World};

/// A column of values, one per tick (or per row of a table).
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    U32(Vec<u32>),
    F64(Vec<f64>),
    OptF64(Vec<Option<f64>>),
    Str(Vec<String>),
}

impl Column {
    pub fn len(&self) -> usize {
        match self {
            Column::U32(v) => v.len(),
            Column::F64(v) => v.len(),
            Column::OptF64(v) => v.len(),
            Column::Str(v) => v.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Values as f64 (missing as NaN), for charts and summaries.
    pub fn as_f64(&self) -> Vec<f64> {
        match self {
            Column::U32(v) => v.iter().map(|&x| x as f64).collect(),
            Column::F64(v) => v.clone(),
            Column::OptF64(v) => v.iter().map(|x| x.unwrap_or(f64::NAN)).collect(),
            Column::Str(v) => vec![f64::NAN; v.len()],
        }
    }
}

/// A named set of equally long columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub names: Vec<String>,
    pub columns: Vec<Column>,
}

impl Table {
    pub fn get(&self, name: &str) -> Option<&Column> {
        self.names.iter().position(|n| n == name).map(|i| &self.columns[i])
    }
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, Column::len)
    }
    pub fn push(&mut self, name: impl Into<String>, column: Column) {
        self.names.push(name.into());
        self.columns.push(column);
    }
}

/// Appends one row per tick. The first tick creates the columns in the order `record`
/// visits them; later ticks fill them by position.
#[derive(Debug, Default)]
pub struct Recorder {
    pub ticks: Table,
    cursor: usize,
    /// Mean trust at the start of the run, for the trust-change indicator.
    pub initial_trust: f64,
}

impl Recorder {
    pub fn new(world: &World) -> Recorder {
        Recorder { initial_trust: world.citizens.mean_trust(), ..Recorder::default() }
    }

    fn u32(&mut self, name: &str, v: u32) {
        self.put(
            name,
            |c| match c {
                Column::U32(col) => col.push(v),
                _ => unreachable!("column {name} is u32"),
            },
            || Column::U32(vec![v]),
        );
    }

    fn f64(&mut self, name: &str, v: f64) {
        self.put(
            name,
            |c| match c {
                Column::F64(col) => col.push(v),
                _ => unreachable!("column {name} is f64"),
            },
            || Column::F64(vec![v]),
        );
    }

    fn opt_f64(&mut self, name: &str, v: Option<f64>) {
        self.put(
            name,
            |c| match c {
                Column::OptF64(col) => col.push(v),
                _ => unreachable!("column {name} is optional f64"),
            },
            || Column::OptF64(vec![v]),
        );
    }

    fn put(&mut self, name: &str, push: impl FnOnce(&mut Column), create: impl FnOnce() -> Column) {
        if self.cursor < self.ticks.columns.len() {
            debug_assert_eq!(self.ticks.names[self.cursor], name);
            push(&mut self.ticks.columns[self.cursor]);
        } else {
            self.ticks.push(name, create());
        }
        self.cursor += 1;
    }

    /// Phase 11: the tick's row. This is the one place the tick columns are declared.
    pub fn record(&mut self, w: &World, tick: u32) {
        self.cursor = 0;
        let t = &w.today;
        self.u32("tick", tick - w.burn_in);
        self.u32("crimes", t.crimes.iter().sum());
        for (k, (name, _)) in w.types.iter().enumerate() {
            self.u32(&format!("crimes_{name}"), t.crimes[k]);
        }
        self.u32("attempts_foiled", t.attempts_foiled);
        self.u32("red_handed_arrests", t.red_handed_arrests);
        self.u32("reported", t.reported);
        self.u32("posted", t.posted);
        self.u32("police_aware", t.police_aware);
        self.u32("desk_pickups", t.desk_pickups);
        self.u32("cleared", t.cleared);
        self.u32("cleared_with_citizens", t.cleared_with_citizens);
        self.u32("unsolved", t.unsolved);
        self.u32("watch_alerts", t.watch_alerts);
        self.u32("alert_arrests", t.alert_arrests);
        self.u32("other_calls", t.other_calls);
        self.u32("responses", t.responses);
        self.u32("backlog", w.cases.queue.len() as u32);
        let delay = (t.responses > 0).then(|| t.response_delay_sum as f64 / t.responses as f64);
        self.opt_f64("mean_response_delay_days", delay);
        self.u32("reports_ignored", t.reports_ignored);
        self.u32("calls_abandoned", t.calls_abandoned);
        self.u32("open_cases", w.cases.open.len() as u32);
        let jailed = w.offenders.jailed_until.iter().filter(|&&u| u > tick + 1).count();
        self.u32("offenders_jailed", jailed as u32);
        self.u32("watch_members", w.role_counts[Role::Watch as usize]);
        self.u32("vigilantes", w.role_counts[Role::Vigilante as usize]);
        self.u32("hunters", w.role_counts[Role::Hunter as usize]);
        self.u32("watch_groups", w.watch_groups);
        self.u32("posts_spread", t.posts_spread);
        self.u32("post_readers", t.readers);
        self.u32("sleuths_joined", t.sleuths_joined);
        self.u32("named_innocent", t.named_innocent);
        self.u32("named_guilty", t.named_guilty);
        self.u32("harassed", t.harassed);
        self.u32("tips_received", t.tips_received);
        self.u32("tips_verified", t.tips_verified);
        self.u32("tips_correct", t.tips_correct);
        self.u32("tips_acted_unverified", t.tips_acted_unverified);
        self.f64("tip_hours_used", t.tip_hours_used);
        self.u32("wrongful_arrests", t.wrongful_arrests);
        self.u32("confrontations", t.confrontations);
        self.u32("injuries_innocent", t.injuries_innocent);
        self.u32("injuries_guilty", t.injuries_guilty);
        self.u32("compromised", t.compromised);
        self.u32("stings", t.stings);
        self.u32("sting_catches", t.sting_catches);
        self.u32("sting_charges", t.sting_charges);
        self.u32("sting_harm_incidents", t.sting_harm);
        self.u32("sting_false_exposures", t.sting_false_exposures);
        self.u32("appeals", t.appeals);
        self.u32("corrections", t.corrections);
        self.u32("filmed_fair", t.filmed_fair);
        self.u32("filmed_misconduct", t.filmed_misconduct);
        self.u32("vigilante_prosecutions", t.vigilante_prosecutions);
        self.u32("hunter_prosecutions", t.hunter_prosecutions);
        self.f64("mean_trust", w.citizens.mean_trust());
        self.f64("mean_fear", w.citizens.mean_fear());
        for task in TASKS {
            self.f64(&format!("hours_{}", task.name()), w.police.hours[task as usize]);
        }
        self.f64("cost_eur", day_cost(w));
    }
}

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

/// Per-run indicators a policy maker compares (runs.parquet), as (name, value) pairs.
pub fn run_indicators(w: &World, rec: &Recorder) -> Vec<(String, f64)> {
    let tot = &w.totals;
    let days = rec.ticks.rows().max(1) as f64;
    let per_1000_year = 1000.0 * 365.0 / (w.population() as f64 * days);
    let mut out: Vec<(String, f64)> = Vec::new();
    let share = |a: u64, b: u64| if b > 0 { a as f64 / b as f64 } else { f64::NAN };
    let all_crimes: u64 = tot.crimes.iter().sum();
    let all_reported: u64 = tot.reported.iter().sum();
    let all_aware: u64 = tot.aware.iter().sum();
    let all_cleared: u64 = tot.cleared.iter().sum();
    out.push(("crimes_per_1000_year".into(), all_crimes as f64 * per_1000_year));
    for (k, (name, _)) in w.types.iter().enumerate() {
        out.push((format!("crimes_per_1000_year_{name}"), tot.crimes[k] as f64 * per_1000_year));
    }
    out.push(("share_reported".into(), share(all_reported, all_crimes)));
    for (k, (name, _)) in w.types.iter().enumerate() {
        out.push((format!("share_reported_{name}"), share(tot.reported[k], tot.crimes[k])));
    }
    out.push(("share_recorded".into(), share(all_aware, all_crimes)));
    out.push(("share_cleared".into(), share(all_cleared, all_aware)));
    for (k, (name, _)) in w.types.iter().enumerate() {
        out.push((format!("share_cleared_{name}"), share(tot.cleared[k], tot.aware[k])));
    }
    out.push(("share_cleared_with_citizens".into(), share(tot.cleared_with_citizens, all_cleared)));
    let col_sum =
        |name: &str| rec.ticks.get(name).map_or(0.0, |c| c.as_f64().iter().filter(|x| x.is_finite()).sum());
    let col_mean = |name: &str| col_sum(name) / days;
    out.push(("red_handed_arrests".into(), col_sum("red_handed_arrests")));
    out.push(("alert_arrests".into(), col_sum("alert_arrests")));
    out.push(("watch_alerts".into(), col_sum("watch_alerts")));
    out.push(("mean_backlog".into(), col_mean("backlog")));
    let delays = rec.ticks.get("mean_response_delay_days").map(Column::as_f64).unwrap_or_default();
    let finite: Vec<f64> = delays.into_iter().filter(|x| x.is_finite()).collect();
    out.push((
        "mean_response_delay_days".into(),
        if finite.is_empty() { f64::NAN } else { finite.iter().sum::<f64>() / finite.len() as f64 },
    ));
    out.push(("trust_change".into(), w.citizens.mean_trust() - rec.initial_trust));
    out.push(("final_mean_trust".into(), w.citizens.mean_trust()));
    out.push(("final_mean_fear".into(), w.citizens.mean_fear()));
    let cost = col_sum("cost_eur");
    out.push(("cost_eur".into(), cost));
    out.push(("cost_eur_per_resident_year".into(), cost * 365.0 / days / w.population() as f64));
    let hours: f64 = TASKS.iter().map(|t| col_sum(&format!("hours_{}", t.name()))).sum();
    out.push(("officer_hours".into(), hours));
    let (top10, gini) = concentration(&tot.cell_crimes);
    out.push(("top10_cell_share".into(), top10));
    out.push(("gini_cells".into(), gini));
    out.push(("repeat_share".into(), share(tot.repeats, tot.street_crimes)));
    let (hot, adjacent) = hot_and_adjacent_crimes(w);
    out.push(("crimes_hot_cells".into(), hot));
    out.push(("crimes_adjacent_cells".into(), adjacent));
    out.push(("open_cases_at_end".into(), w.cases.open.len() as f64));
    diy_indicators(w, days, &mut out, &col_sum, share);
    let watch = w.citizens.role.iter().filter(|&&r| r == Role::Watch).count();
    out.push(("watch_members".into(), watch as f64));
    out
}

/// The DIY layer's indicators: harms, help, and the V5–V9 measures.
fn diy_indicators(
    w: &World,
    days: f64,
    out: &mut Vec<(String, f64)>,
    col_sum: &dyn Fn(&str) -> f64,
    share: fn(u64, u64) -> f64,
) {
    let per_100k = 100_000.0 / w.population() as f64;
    let mut push = |name: &str, v: f64| out.push((name.to_string(), v));
    push("innocents_named_per_100k", col_sum("named_innocent") * per_100k);
    push("guilty_named", col_sum("named_guilty"));
    push("harassed", col_sum("harassed"));
    push("wrongful_arrests", col_sum("wrongful_arrests"));
    push("confrontations", col_sum("confrontations"));
    push("vigilante_injuries", col_sum("injuries_innocent") + col_sum("injuries_guilty"));
    push("vigilante_injuries_innocent", col_sum("injuries_innocent"));
    push("compromised_cases", col_sum("compromised"));
    push("tips_received", col_sum("tips_received"));
    push("tips_correct_share", col_sum("tips_correct") / col_sum("tips_verified"));
    push("tip_hours_used", col_sum("tip_hours_used"));
    push("stings", col_sum("stings"));
    push("sting_charges", col_sum("sting_charges"));
    push("sting_harm_incidents", col_sum("sting_harm_incidents"));
    push("vigilante_prosecutions", col_sum("vigilante_prosecutions"));
    push("filmed_misconduct", col_sum("filmed_misconduct"));
    push("mean_watch_members", col_sum("watch_members") / days);
    push("mean_vigilantes", col_sum("vigilantes") / days);
    push("mean_hunters", col_sum("hunters") / days);
    // V6: alerts that led directly to an arrest.
    push("alert_arrest_share", col_sum("alert_arrests") / col_sum("watch_alerts"));
    // V9: mean reach of false and of true public namings.
    let t = &w.totals;
    push("naming_reach_false", t.naming_reach_false.0 as f64 / t.naming_reach_false.1 as f64);
    push("naming_reach_true", t.naming_reach_true.0 as f64 / t.naming_reach_true.1 as f64);
    // V8: high-profile cases (many sleuths), with and without police images.
    let hp = w.scenario.crowd.high_profile_sleuths;
    let first = w.cases.all.partition_point(|c| c.tick < w.burn_in) as u32;
    let (mut n, mut innocents, mut offender, mut n_app, mut off_app) = (0u64, 0u64, 0u64, 0u64, 0u64);
    for crowd in w.cases.crowds.iter().filter(|c| c.sleuths >= hp && c.case >= first) {
        let caught = crowd.named & 1;
        if w.cases.all[crowd.case as usize].appeal {
            n_app += 1;
            off_app += caught as u64;
        } else {
            n += 1;
            offender += caught as u64;
            innocents += (crowd.named >> 1).count_ones() as u64;
        }
    }
    push("high_profile_cases", n as f64);
    push("innocents_named_per_high_profile_case", innocents as f64 / n as f64);
    push("offender_named_share_high_profile", share(offender, n));
    push("high_profile_cases_with_appeal", n_app as f64);
    push("offender_named_share_with_appeal", share(off_app, n_app));
    push("citizen_helped_clearances", t.cleared_with_citizens as f64);
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
