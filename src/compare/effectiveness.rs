//! What each scenario buys against the first one: crimes prevented per €1 million of extra
//! police cost, harms per crime prevented, and the net social benefit — rows of summary.csv
//! (catalogue file `Comparison`). Replicates are paired (common random numbers).
//!
//! The two ratios are ratios of mean differences, not means of per-replicate ratios (a
//! replicate whose cost difference is near zero would dominate those); their 95% intervals
//! come from a deterministic bootstrap over replicates. A ratio is undefined (empty) when
//! its denominator is not clearly positive: its mean is not, or more than 2.5% of
//! resamples' are not (the ratio would then swing through infinity).

use rand::RngExt;

use super::summary::{Replicate, Row};
use crate::catalogue::{DiyComparison as C, DiyRun as R};
use crate::rng::{Stream, generator};
use crate::run::Run;
use crate::scenario::ModelKind;
use crate::stats::mean_ci95;

/// Bootstrap resamples of each ratio; the seed is fixed so a comparison's table is the
/// same every time it is written.
const RESAMPLES: usize = 2000;
const SEED: u64 = 0x5eed_c057;

/// What one run contributes: totals over the run.
#[derive(Debug, Clone, Copy)]
struct Totals {
    crimes: f64,
    police_cost: f64,
    harms: f64,
    social_per_resident_year: f64,
}

impl Totals {
    fn of(run: &Run) -> Self {
        let years = run.get(R::Days) / 365.0;
        Totals {
            crimes: run.get(R::CrimesPer1000Year) * run.get(R::Population) / 1000.0 * years,
            police_cost: run.get(R::CostEur),
            harms: run.get(R::Harms),
            social_per_resident_year: run.get(R::SocialCostEurPerResidentYear),
        }
    }
}

/// The rows of summary.csv: every indicator per scenario (`summarize`), then what each
/// scenario buys against the first.
pub fn summary_rows(names: &[String], results: &[Replicate]) -> Vec<Row> {
    let mut all = super::summary::summarize(names, results);
    all.extend(rows(names, results));
    all
}

/// The comparison rows, scenario by scenario for each of the three indicators; empty for a
/// model without costs. The first scenario's rows are empty (it is the reference).
pub fn rows(names: &[String], results: &[Replicate]) -> Vec<Row> {
    let costed = |r: &Replicate| {
        r.run.model == ModelKind::DiyPolicing
            && r.run.row.get(R::SocialCostEurPerResidentYear.name()).is_some()
    };
    if results.is_empty() || !results.iter().all(costed) {
        return Vec::new();
    }
    let reps = results.iter().map(|r| r.run.replicate).max().unwrap_or(0) as usize + 1;
    let per: Vec<Vec<Option<Totals>>> = (0..names.len())
        .map(|s| {
            let mut v = vec![None; reps];
            for r in results.iter().filter(|r| r.scenario == s) {
                v[r.run.replicate as usize] = Some(Totals::of(&r.run));
            }
            v
        })
        .collect();
    let mut out = Vec::new();
    for indicator in [C::CrimesPreventedPerMillionEur, C::HarmsPerCrimePrevented, C::NetSocialBenefit] {
        for (s, name) in names.iter().enumerate() {
            // Paired replicates where both runs finished.
            let pairs: Vec<(Totals, Totals)> =
                per[0].iter().zip(&per[s]).filter_map(|(a, b)| Some(((*a)?, (*b)?))).collect();
            let (mean, lo, hi) = if s == 0 { (None, None, None) } else { estimate(indicator, &pairs) };
            out.push(Row {
                indicator: indicator.name().to_string(),
                scenario: name.clone(),
                runs: if s == 0 { 0 } else { pairs.len() },
                mean,
                lo,
                hi,
                diff: None,
                diff_lo: None,
                diff_hi: None,
            });
        }
    }
    out
}

type Estimate = (Option<f64>, Option<f64>, Option<f64>);

fn estimate(indicator: C, pairs: &[(Totals, Totals)]) -> Estimate {
    match indicator {
        // Crimes fewer per million euros more.
        C::CrimesPreventedPerMillionEur => {
            ratio(pairs, |a, b| a.crimes - b.crimes, |a, b| (b.police_cost - a.police_cost) / 1e6)
        }
        // Harms more per crime fewer.
        C::HarmsPerCrimePrevented => ratio(pairs, |a, b| b.harms - a.harms, |a, b| a.crimes - b.crimes),
        C::NetSocialBenefit => {
            let d: Vec<f64> =
                pairs.iter().map(|(a, b)| a.social_per_resident_year - b.social_per_resident_year).collect();
            let (m, lo, hi) = mean_ci95(&d);
            (finite(m), finite(lo), finite(hi))
        }
    }
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// mean(numerator) / mean(denominator) over the pairs, with a percentile bootstrap interval.
fn ratio(
    pairs: &[(Totals, Totals)],
    numerator: impl Fn(&Totals, &Totals) -> f64,
    denominator: impl Fn(&Totals, &Totals) -> f64,
) -> Estimate {
    let num: Vec<f64> = pairs.iter().map(|(a, b)| numerator(a, b)).collect();
    let den: Vec<f64> = pairs.iter().map(|(a, b)| denominator(a, b)).collect();
    let n = pairs.len();
    let of = |idx: &mut dyn Iterator<Item = usize>| {
        let (mut sn, mut sd) = (0.0, 0.0);
        for i in idx {
            sn += num[i];
            sd += den[i];
        }
        (sd > 0.0).then(|| sn / sd)
    };
    let Some(point) = of(&mut (0..n)).filter(|x| x.is_finite()) else { return (None, None, None) };
    if n < 2 {
        return (Some(point), None, None);
    }
    let mut rng = generator(SEED, Stream::ComparisonBootstrap);
    let mut draws = Vec::with_capacity(RESAMPLES);
    let mut undefined = 0;
    for _ in 0..RESAMPLES {
        let mut idx = (0..n).map(|_| rng.random_range(0..n));
        match of(&mut idx) {
            Some(x) => draws.push(x),
            None => undefined += 1,
        }
    }
    // A denominator not clearly positive (more than 2.5% of resamples at or below 0) makes
    // the ratio meaningless, not just uncertain: it is left undefined.
    if undefined * 40 > RESAMPLES {
        return (None, None, None);
    }
    // The few undefined resamples count as beyond the upper end, which keeps it conservative.
    draws.resize(RESAMPLES, f64::INFINITY);
    draws.sort_by(f64::total_cmp);
    let at = |q: f64| finite(draws[(q * (RESAMPLES - 1) as f64).round() as usize]);
    (Some(point), at(0.025), at(0.975))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Column, Table};

    fn run(scenario: usize, replicate: u32, crimes: f64, cost: f64, harms: f64, social: f64) -> Replicate {
        let mut row = Table::default();
        row.push(R::Population.name(), Column::floats([1000.0]));
        row.push(R::Days.name(), Column::floats([365.0]));
        // 1,000 residents for one year: the rate per 1,000 is the count.
        row.push(R::CrimesPer1000Year.name(), Column::floats([crimes]));
        row.push(R::CostEur.name(), Column::floats([cost]));
        row.push(R::Harms.name(), Column::floats([harms]));
        row.push(R::SocialCostEurPerResidentYear.name(), Column::floats([social]));
        Replicate { scenario, run: Run::with_row(replicate, row) }
    }

    fn value<'a>(rows: &'a [Row], indicator: C, scenario: &str) -> &'a Row {
        rows.iter().find(|r| r.indicator == indicator.name() && r.scenario == scenario).unwrap()
    }

    #[test]
    fn ratios_of_paired_differences_with_intervals() {
        let names = vec!["a".to_string(), "b".to_string(), "cheaper".to_string()];
        let mut rs = Vec::new();
        for (r, noise) in [0.0, 2.0, -1.0, 1.0, -2.0].into_iter().enumerate() {
            let r = r as u32;
            rs.push(run(0, r, 100.0 + noise, 1e6, 5.0, 900.0));
            // b: €2 million more, 20 crimes fewer (so 10 per million), 4 harms more.
            rs.push(run(1, r, 80.0 + noise, 3e6, 9.0 + noise.abs(), 880.0 + noise));
            rs.push(run(2, r, 90.0 + noise, 0.5e6, 5.0, 950.0));
        }
        let rows = rows(&names, &rs);
        assert_eq!(rows.len(), 9);
        assert!(value(&rows, C::CrimesPreventedPerMillionEur, "a").mean.is_none());
        let b = value(&rows, C::CrimesPreventedPerMillionEur, "b");
        assert!((b.mean.unwrap() - 10.0).abs() < 1e-9, "{b:?}");
        // The differences are exact here (crime noise is common to both): a point interval.
        assert_eq!((b.lo, b.hi), (Some(10.0), Some(10.0)));
        let h = value(&rows, C::HarmsPerCrimePrevented, "b");
        assert!((h.mean.unwrap() - (4.0 + 1.2) / 20.0).abs() < 1e-9, "{h:?}");
        assert!(h.lo.unwrap() < h.mean.unwrap() && h.mean.unwrap() < h.hi.unwrap(), "{h:?}");
        let n = value(&rows, C::NetSocialBenefit, "b");
        assert!((n.mean.unwrap() - 20.0).abs() < 1e-9 && n.lo.unwrap() < 20.0, "{n:?}");
        // Cheaper and better: crimes per extra million is undefined, not a negative number.
        assert!(value(&rows, C::CrimesPreventedPerMillionEur, "cheaper").mean.is_none());
        assert_eq!(value(&rows, C::NetSocialBenefit, "cheaper").mean, Some(-50.0));
        // Deterministic: the same table every time.
        assert_eq!(rows, super::rows(&names, &rs));
    }

    #[test]
    fn an_unstable_denominator_gives_no_ratio() {
        // Costs differ by +1 or −1 million at random: the mean is positive but resamples flip.
        let names = vec!["a".to_string(), "b".to_string()];
        let mut rs = Vec::new();
        for (r, extra) in [1.5e6, -1e6, 1e6, -1e6].into_iter().enumerate() {
            rs.push(run(0, r as u32, 100.0, 1e6, 0.0, 0.0));
            rs.push(run(1, r as u32, 90.0, 1e6 + extra, 0.0, 0.0));
        }
        let b = rows(&names, &rs).into_iter().find(|r| r.scenario == "b").unwrap();
        assert!(b.mean.is_none() && b.lo.is_none() && b.hi.is_none(), "{b:?}");
    }
}
