//! The comparison table: each indicator per scenario as a mean with a 95% interval, and its
//! difference from the first scenario. Replicates share seeds across scenarios (common
//! random numbers), so differences are paired by replicate: the interval of a difference
//! is that of the replicate-by-replicate differences.

use serde::{Deserialize, Serialize};

use crate::catalogue::{File, find, show};
use crate::error::Error;
use crate::run::Run;
use crate::stats::mean_ci95;

/// One indicator for one scenario: a row of summary.csv.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub indicator: String,
    pub scenario: String,
    /// Runs in which the indicator is defined.
    pub runs: usize,
    pub mean: Option<f64>,
    #[serde(rename = "ci95_lo")]
    pub lo: Option<f64>,
    #[serde(rename = "ci95_hi")]
    pub hi: Option<f64>,
    /// Difference from the first scenario (none for the first itself).
    pub diff: Option<f64>,
    pub diff_lo: Option<f64>,
    pub diff_hi: Option<f64>,
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// A finished run of a comparison: which scenario (by index) and replicate it was.
#[derive(Debug, Clone)]
pub struct Replicate {
    pub scenario: usize,
    pub run: Run,
}

/// Rows indicator by indicator (in the runs' order), scenario by scenario.
pub fn summarize(names: &[String], results: &[Replicate]) -> Vec<Row> {
    let Some(first) = results.first() else { return Vec::new() };
    let reps = results.iter().map(|r| r.run.replicate).max().unwrap_or(0) as usize + 1;
    let mut rows = Vec::new();
    for (ind, _) in first.run.indicators() {
        // Per scenario, the value of each replicate (NaN when missing or undefined).
        let per: Vec<Vec<f64>> = (0..names.len())
            .map(|s| {
                let mut v = vec![f64::NAN; reps];
                for r in results.iter().filter(|r| r.scenario == s) {
                    v[r.run.replicate as usize] = r.run.value(ind);
                }
                v
            })
            .collect();
        // Intervals stay where the indicator can be: a count ≥ 0, a share in [0, 1].
        let bounds = find(File::Runs, first.run.model, ind).map_or((None, None), |e| e.kind.bounds());
        for (s, name) in names.iter().enumerate() {
            let (mean, lo, hi) = crate::stats::mean_ci95_within(&per[s], bounds);
            let (diff, diff_lo, diff_hi) = if s == 0 {
                (f64::NAN, f64::NAN, f64::NAN)
            } else {
                let d: Vec<f64> = per[s].iter().zip(&per[0]).map(|(a, b)| a - b).collect();
                mean_ci95(&d)
            };
            rows.push(Row {
                indicator: ind.to_string(),
                scenario: name.clone(),
                runs: per[s].iter().filter(|x| x.is_finite()).count(),
                mean: finite(mean),
                lo: finite(lo),
                hi: finite(hi),
                diff: finite(diff),
                diff_lo: finite(diff_lo),
                diff_hi: finite(diff_hi),
            });
        }
    }
    rows
}

/// The summary as CSV (one row per indicator and scenario; empty where undefined).
pub fn to_csv(rows: &[Row]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r).expect("rows serialise");
    }
    String::from_utf8(w.into_inner().expect("an in-memory writer")).expect("CSV of UTF-8 text")
}

/// The scenario names and rows of a summary.csv written by `to_csv`.
pub fn from_csv(text: &str, path: &std::path::Path) -> Result<(Vec<String>, Vec<Row>), Error> {
    let bad = |message: String| Error::Read { path: path.to_path_buf(), message };
    let rows: Vec<Row> = csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .map_err(|e| bad(e.to_string()))?;
    let mut names: Vec<String> = Vec::new();
    for r in &rows {
        if !names.contains(&r.scenario) {
            names.push(r.scenario.clone());
        }
    }
    if names.is_empty() {
        return Err(bad("no rows".into()));
    }
    Ok((names, rows))
}

/// The rows of indicators the catalogue shows in comparison tables: indicators of the runs,
/// then what each scenario buys against the first.
pub fn key_rows(rows: &[Row], model: crate::scenario::ModelKind) -> Vec<Row> {
    let entry = |name: &str| find(File::Runs, model, name).or_else(|| find(File::Comparison, model, name));
    rows.iter().filter(|r| entry(&r.indicator).is_some_and(|e| e.shown(show::COMPARE))).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::DiyRun;
    use crate::table::{Column, Table};

    fn result(scenario: usize, replicate: u32, x: f64) -> Replicate {
        let mut row = Table::default();
        row.push(DiyRun::CrimesPer1000Year.name(), Column::floats([x]));
        Replicate { scenario, run: Run::with_row(replicate, row) }
    }

    #[test]
    fn differences_are_paired_by_replicate() {
        // Replicates vary a lot, but b is always a + 1: the paired interval is exactly 1.
        let rs: Vec<Replicate> = [10.0, 20.0, 30.0]
            .iter()
            .enumerate()
            .flat_map(|(r, &a)| [result(0, r as u32, a), result(1, r as u32, a + 1.0)])
            .collect();
        let rows = summarize(&["a".into(), "b".into()], &rs);
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].mean, rows[1].mean), (Some(20.0), Some(21.0)));
        assert!(rows[0].diff.is_none());
        assert_eq!((rows[1].diff, rows[1].diff_lo, rows[1].diff_hi), (Some(1.0), Some(1.0), Some(1.0)));
        // The unpaired interval is wide, and stays above 0 (a rate cannot be negative).
        assert!(rows[1].lo.unwrap() >= 0.0 && rows[1].lo.unwrap() < 10.0, "{:?}", rows[1]);
        // CSV round trip, with empty fields for what is undefined.
        let csv = to_csv(&rows);
        assert!(
            csv.starts_with("indicator,scenario,runs,mean,ci95_lo,ci95_hi,diff,diff_lo,diff_hi\n"),
            "{csv}"
        );
        assert!(csv.lines().nth(1).unwrap().ends_with(",,,"), "{csv}");
        let (names, back) = from_csv(&csv, std::path::Path::new("summary.csv")).unwrap();
        assert_eq!((names, back), (vec!["a".to_string(), "b".to_string()], rows));
    }

    #[test]
    fn a_malformed_summary_names_its_file() {
        let e = from_csv("indicator,scenario\nx,a\n", std::path::Path::new("out/summary.csv")).unwrap_err();
        assert!(e.to_string().contains("out/summary.csv"), "{e}");
    }
}
