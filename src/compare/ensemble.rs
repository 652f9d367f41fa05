//! Robust comparisons: every scenario run over D draws from a calibration's posterior ×
//! R replicates, with common random numbers (draw d and replicate r get the same seed and
//! the same parameter values in every scenario). For each indicator, the difference from
//! the first scenario per draw (averaged over its replicates) carries parameter
//! uncertainty; its mean, its 90% interval over draws, and the share of draws in which the
//! scenario does better (direction from the catalogue) say how robust a verdict is.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::summary::Replicate;
use crate::catalogue::{Better, File, find, format_number, show};
use crate::error::Error;
use crate::scenario::{LoadedScenario, ModelKind};
use crate::stats::quantile_sorted;

/// Posterior draws of calibrated parameters: `ensemble.parquet` of `diypol calibrate`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ensemble {
    pub file: PathBuf,
    pub paths: Vec<String>,
    /// Draw × parameter.
    pub draws: Vec<Vec<f64>>,
}

impl Ensemble {
    /// Reads `path` (a calibration folder or its ensemble.parquet) and keeps its first
    /// `draws` draws.
    pub fn load(path: &Path, draws: u32) -> Result<Ensemble, Error> {
        let file = if path.is_dir() { path.join("ensemble.parquet") } else { path.to_path_buf() };
        if !file.is_file() {
            return Err(Error::usage(
                format!("--ensemble {}: no ensemble.parquet there", path.display()),
                "name a `diypol calibrate` output folder or its ensemble.parquet",
            ));
        }
        let table = crate::output::parquet::read(&file)?;
        if table.get("draw").is_none() {
            return Err(Error::usage(
                format!("{} has no `draw` column: not an ensemble of `diypol calibrate`", file.display()),
                "name a `diypol calibrate` output folder or its ensemble.parquet",
            ));
        }
        let paths: Vec<String> = table.names.iter().filter(|n| *n != "draw").cloned().collect();
        let rows = table.rows();
        if (draws as usize) > rows {
            return Err(Error::usage(
                format!("--draws {draws}: {} holds {rows} posterior draws", file.display()),
                format!("use --draws {rows} or fewer, or raise `predictive.draws` in the calibration spec"),
            ));
        }
        let cols: Vec<Vec<f64>> = paths.iter().map(|p| table.get(p).expect("listed").as_f64()).collect();
        let draws = (0..draws as usize).map(|d| cols.iter().map(|c| c[d]).collect()).collect();
        Ok(Ensemble { file, paths, draws })
    }

    /// `loaded` with draw `d`'s parameter values.
    pub fn apply(&self, loaded: &LoadedScenario, d: usize) -> Result<LoadedScenario, Error> {
        let set: BTreeMap<String, serde_json::Value> = self
            .paths
            .iter()
            .zip(&self.draws[d])
            .map(|(p, &v)| (p.clone(), crate::calibrate::spec::number(p, v)))
            .collect();
        let scenario = loaded.scenario.with_changes(&set).map_err(|e| {
            Error::usage(
                format!("{}: draw {d} of {} does not apply: {e}", loaded.file.display(), self.file.display()),
                "the ensemble's parameters must be parameter paths of these scenarios",
            )
        })?;
        Ok(LoadedScenario { scenario, ..loaded.clone() })
    }
}

/// One indicator, one scenario against the first, over the draws: a row of robust.csv.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RobustRow {
    pub indicator: String,
    pub scenario: String,
    pub reference: String,
    /// Draws in which the difference is defined.
    pub draws: usize,
    /// Mean over draws of the per-draw difference (scenario − reference).
    pub diff: Option<f64>,
    /// 5% and 95% quantiles of the per-draw differences.
    pub diff_q05: Option<f64>,
    pub diff_q95: Option<f64>,
    /// Share of draws with a lower / higher value than the reference.
    pub share_lower: Option<f64>,
    pub share_higher: Option<f64>,
    /// Share of draws in which the scenario does better, as the catalogue defines better
    /// (none for indicators that are neither better high nor low).
    pub share_better: Option<f64>,
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The robust rows of a finished ensemble comparison: `per_draw` replicates per draw
/// (replicate j of a scenario is draw j / per_draw).
pub fn robust_rows(
    names: &[String],
    results: &[Replicate],
    draws: usize,
    per_draw: u32,
    model: ModelKind,
) -> Vec<RobustRow> {
    let Some(first) = results.first() else { return Vec::new() };
    let mut rows = Vec::new();
    for (ind, _) in first.run.indicators() {
        // Per scenario and draw, the mean over its replicates.
        let per: Vec<Vec<f64>> = (0..names.len())
            .map(|s| {
                let mut sum = vec![0.0; draws];
                let mut n = vec![0u32; draws];
                for r in results.iter().filter(|r| r.scenario == s) {
                    let d = (r.run.replicate / per_draw) as usize;
                    let v = r.run.value(ind);
                    if d < draws && v.is_finite() {
                        sum[d] += v;
                        n[d] += 1;
                    }
                }
                sum.iter()
                    .zip(&n)
                    .map(|(s, &k)| if k == per_draw { s / k as f64 } else { f64::NAN })
                    .collect()
            })
            .collect();
        let better = find(File::Runs, model, ind).map_or(Better::Neither, |e| e.better);
        for (s, name) in names.iter().enumerate().skip(1) {
            let mut d: Vec<f64> =
                per[s].iter().zip(&per[0]).map(|(a, b)| a - b).filter(|x| x.is_finite()).collect();
            d.sort_by(f64::total_cmp);
            let k = d.len();
            let share = |f: &dyn Fn(f64) -> bool| {
                (k > 0).then(|| d.iter().filter(|&&x| f(x)).count() as f64 / k as f64)
            };
            let lower = share(&|x| x < 0.0);
            let higher = share(&|x| x > 0.0);
            rows.push(RobustRow {
                indicator: ind.to_string(),
                scenario: name.clone(),
                reference: names[0].clone(),
                draws: k,
                diff: (k > 0).then(|| d.iter().sum::<f64>() / k as f64).and_then(finite),
                diff_q05: (k > 0).then(|| quantile_sorted(&d, 0.05)),
                diff_q95: (k > 0).then(|| quantile_sorted(&d, 0.95)),
                share_lower: lower,
                share_higher: higher,
                share_better: match better {
                    Better::Lower => lower,
                    Better::Higher => higher,
                    Better::Neither => None,
                },
            });
        }
    }
    rows
}

pub fn to_csv(rows: &[RobustRow]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r).expect("in memory");
    }
    String::from_utf8(w.into_inner().expect("in memory")).expect("UTF-8")
}

pub fn from_csv(text: &str, path: &Path) -> Result<Vec<RobustRow>, Error> {
    csv::Reader::from_reader(text.as_bytes()).deserialize().collect::<Result<Vec<RobustRow>, _>>().map_err(
        |e| Error::Read { path: path.to_path_buf(), message: format!("not a robust.csv of diypol: {e}") },
    )
}

/// The verdicts a policy maker reads first: for each key indicator and scenario, in how
/// many plausible worlds it lowers or raises the indicator against the first scenario.
pub fn headlines(rows: &[RobustRow], model: ModelKind) -> Vec<String> {
    rows.iter()
        .filter_map(|r| {
            let e = find(File::Runs, model, &r.indicator).filter(|e| e.shown(show::COMPARE))?;
            let (lower, higher) = (r.share_lower?, r.share_higher?);
            let label = e.label_of(e.matches(&r.indicator).unwrap_or("")).to_lowercase();
            let (verb, share) = if lower >= higher { ("lowers", lower) } else { ("raises", higher) };
            let interval = match (r.diff, r.diff_q05, r.diff_q95) {
                (Some(m), Some(a), Some(b)) => {
                    format!(" (mean {}, 90% of worlds {} to {})", signed(m), signed(a), signed(b))
                }
                _ => String::new(),
            };
            Some(format!(
                "{} {verb} {label} in {:.0}% of {} plausible worlds against {}{interval}",
                r.scenario,
                100.0 * share,
                r.draws,
                r.reference
            ))
        })
        .collect()
}

fn signed(x: f64) -> String {
    if x > 0.0 { format!("+{}", format_number(x)) } else { format_number(x) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::Run;
    use crate::table::{Column, Table};

    fn result(scenario: usize, replicate: u32, crimes: f64) -> Replicate {
        let mut row = Table::default();
        row.push(crate::catalogue::DiyRun::CrimesPer1000Year.name(), Column::floats([crimes]));
        Replicate { scenario, run: Run::with_row(replicate, row) }
    }

    #[test]
    fn shares_of_draws_count_paired_draw_means_in_the_catalogue_direction() {
        // Two replicates per draw, four draws: the second scenario is lower in draws 0, 1
        // and 3 (after averaging its replicates) and higher in draw 2.
        let a = [10.0, 10.0, 12.0, 12.0, 8.0, 8.0, 9.0, 9.0];
        let b = [9.0, 10.0, 11.0, 12.0, 9.0, 9.0, 7.0, 8.0];
        let mut results = Vec::new();
        for (j, (x, y)) in a.iter().zip(&b).enumerate() {
            results.push(result(0, j as u32, *x));
            results.push(result(1, j as u32, *y));
        }
        let names = vec!["baseline".to_string(), "collaborate".to_string()];
        let rows = robust_rows(&names, &results, 4, 2, ModelKind::DiyPolicing);
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!(r.draws, 4);
        assert_eq!(r.share_lower, Some(0.75));
        assert_eq!(r.share_higher, Some(0.25));
        assert_eq!(r.share_better, Some(0.75), "fewer crimes is better");
        assert!((r.diff.unwrap() - (-0.5 - 0.5 + 1.0 - 1.5) / 4.0).abs() < 1e-12);
        let h = headlines(&rows, ModelKind::DiyPolicing);
        assert!(
            h[0].starts_with("collaborate lowers") && h[0].contains("75% of 4 plausible worlds"),
            "{h:?}"
        );
        let back = from_csv(&to_csv(&rows), Path::new("robust.csv")).unwrap();
        assert_eq!(back, rows);
    }
}
