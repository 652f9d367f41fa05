//! Comparing scenarios over replicates: each indicator per scenario as a mean with a 95%
//! interval, and its difference from the first scenario. Replicates share seeds across
//! scenarios (common random numbers), so differences are paired by replicate: the
//! interval of a difference is that of the replicate-by-replicate differences.

use std::fmt::Write as _;

use crate::recorder::{Column, Table};
use crate::stats::mean_ci95;
use crate::sweep::RunResult;

/// One indicator for one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub indicator: String,
    pub scenario: String,
    /// Runs in which the indicator is defined.
    pub runs: usize,
    pub mean: f64,
    pub lo: f64,
    pub hi: f64,
    /// Difference from the first scenario (NaN for the first itself).
    pub diff: f64,
    pub diff_lo: f64,
    pub diff_hi: f64,
}

/// Rows indicator by indicator (in the runs' order), scenario by scenario.
pub fn summarize(names: &[String], results: &[RunResult]) -> Vec<Row> {
    let Some(first) = results.first() else { return Vec::new() };
    let value =
        |r: &RunResult, ind: &str| r.indicators.iter().find(|(n, _)| n == ind).map_or(f64::NAN, |(_, v)| *v);
    let mut rows = Vec::new();
    for (ind, _) in &first.indicators {
        // Per scenario, the value of each replicate (NaN when missing or undefined).
        let reps = results.iter().map(|r| r.job.replicate).max().unwrap_or(0) as usize + 1;
        let per: Vec<Vec<f64>> = (0..names.len())
            .map(|s| {
                let mut v = vec![f64::NAN; reps];
                for r in results.iter().filter(|r| r.job.scenario == s) {
                    v[r.job.replicate as usize] = value(r, ind);
                }
                v
            })
            .collect();
        for (s, name) in names.iter().enumerate() {
            let (mean, lo, hi) = mean_ci95(&per[s]);
            let (diff, diff_lo, diff_hi) = if s == 0 {
                (f64::NAN, f64::NAN, f64::NAN)
            } else {
                let d: Vec<f64> = per[s].iter().zip(&per[0]).map(|(a, b)| a - b).collect();
                mean_ci95(&d)
            };
            let runs = per[s].iter().filter(|x| x.is_finite()).count();
            rows.push(Row {
                indicator: ind.clone(),
                scenario: name.clone(),
                runs,
                mean,
                lo,
                hi,
                diff,
                diff_lo,
                diff_hi,
            });
        }
    }
    rows
}

/// The summary as CSV (one row per indicator and scenario).
pub fn to_csv(rows: &[Row]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let num = |x: f64| if x.is_finite() { format!("{x}") } else { String::new() };
    let _ = w.write_record([
        "indicator",
        "scenario",
        "runs",
        "mean",
        "ci95_lo",
        "ci95_hi",
        "diff",
        "diff_lo",
        "diff_hi",
    ]);
    for r in rows {
        let _ = w.write_record([
            r.indicator.clone(),
            r.scenario.clone(),
            r.runs.to_string(),
            num(r.mean),
            num(r.lo),
            num(r.hi),
            num(r.diff),
            num(r.diff_lo),
            num(r.diff_hi),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The scenario names and rows of a summary.csv written by `to_csv`.
pub fn from_csv(text: &str) -> Result<(Vec<String>, Vec<Row>), String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut names: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        let field = |i: usize| rec.get(i).unwrap_or("");
        let num = |i: usize| field(i).parse::<f64>().unwrap_or(f64::NAN);
        let scenario = field(1).to_string();
        if !names.contains(&scenario) {
            names.push(scenario.clone());
        }
        rows.push(Row {
            indicator: field(0).to_string(),
            scenario,
            runs: field(2).parse().unwrap_or(0),
            mean: num(3),
            lo: num(4),
            hi: num(5),
            diff: num(6),
            diff_lo: num(7),
            diff_hi: num(8),
        });
    }
    if names.is_empty() {
        return Err("no rows".into());
    }
    Ok((names, rows))
}

/// A number with three significant digits, readable in a table.
pub fn fmt_num(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let a = x.abs();
    if a == 0.0 {
        "0".into()
    } else if a >= 1000.0 {
        format!("{x:.0}")
    } else if a >= 100.0 {
        format!("{x:.1}")
    } else if a >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}

fn interval(mean: f64, lo: f64, hi: f64) -> String {
    if lo.is_finite() {
        format!("{} [{}, {}]", fmt_num(mean), fmt_num(lo), fmt_num(hi))
    } else {
        fmt_num(mean)
    }
}

/// A difference with its interval, and whether the interval excludes zero.
fn difference(r: &Row) -> (String, bool) {
    if !r.diff.is_finite() {
        return (String::new(), false);
    }
    let sign = if r.diff > 0.0 { "+" } else { "" };
    let clear = r.diff_lo > 0.0 || r.diff_hi < 0.0;
    (format!("{sign}{} [{}, {}]", fmt_num(r.diff), fmt_num(r.diff_lo), fmt_num(r.diff_hi)), clear)
}

/// The comparison table, whatever the format: a header, then per indicator its name, per
/// scenario the mean [95% interval], and for every scenario after the first its difference
/// from the first — each cell with whether it is a difference whose interval excludes zero.
pub fn cells(names: &[String], rows: &[Row]) -> (Vec<String>, Vec<Vec<(String, bool)>>) {
    let mut header = vec!["indicator".to_string()];
    header.extend(names.iter().cloned());
    header.extend(names.iter().skip(1).map(|n| format!("{n} − {}", names[0])));
    let body = rows
        .chunks(names.len())
        .map(|chunk| {
            let mut line = vec![(chunk[0].indicator.clone(), false)];
            line.extend(chunk.iter().map(|r| (interval(r.mean, r.lo, r.hi), false)));
            line.extend(chunk.iter().skip(1).map(difference));
            line
        })
        .collect();
    (header, body)
}

/// `cells` for plain text: a clear difference is marked with `*`.
fn grid(names: &[String], rows: &[Row]) -> (Vec<String>, Vec<Vec<String>>) {
    let (header, body) = cells(names, rows);
    let body = body
        .into_iter()
        .map(|line| line.into_iter().map(|(c, clear)| if clear { format!("{c} *") } else { c }).collect())
        .collect();
    (header, body)
}

/// The summary as a Markdown table.
pub fn to_markdown(names: &[String], rows: &[Row], replicates: u32) -> String {
    let (header, body) = grid(names, rows);
    let mut s = format!(
        "Mean over {replicates} replicates [95% interval]; differences from `{}` are paired by \
         replicate (common random numbers); * marks an interval that excludes 0.\n\n",
        names[0]
    );
    let _ = writeln!(s, "| {} |", header.join(" | "));
    let _ = writeln!(s, "|{}", "---|".repeat(header.len()));
    for line in body {
        let _ = writeln!(s, "| `{}` | {} |", line[0], line[1..].join(" | "));
    }
    s
}

/// The summary as an aligned plain-text table for the terminal.
pub fn to_terminal(names: &[String], rows: &[Row], replicates: u32) -> String {
    let (header, body) = grid(names, rows);
    let width = |i: usize| {
        body.iter().map(|l| l[i].chars().count()).chain([header[i].chars().count()]).max().unwrap_or(0)
    };
    let widths: Vec<usize> = (0..header.len()).map(width).collect();
    let line =
        |cells: &[String]| {
            cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if i == 0 { format!("{c:<w$}", w = widths[i]) } else { format!("{c:>w$}", w = widths[i]) }
                })
                .collect::<Vec<_>>()
                .join("  ")
        };
    let mut s = format!(
        "Mean over {replicates} replicates [95% interval]; differences from {} paired by replicate; * interval excludes 0\n",
        names[0]
    );
    let _ = writeln!(s, "{}", line(&header));
    for l in &body {
        let _ = writeln!(s, "{}", line(l));
    }
    s
}

/// Stacks tables with the same meaning (runs of one model) into one. Columns are matched
/// by name; a column missing from some runs (a crime type only one scenario has) is kept,
/// with nulls there.
pub fn concat(tables: &[&Table]) -> Table {
    let mut names: Vec<&str> = Vec::new();
    for t in tables {
        for n in &t.names {
            if !names.contains(&n.as_str()) {
                names.push(n);
            }
        }
    }
    let mut out = Table::default();
    for name in names {
        let parts: Vec<(usize, Option<&Column>)> = tables.iter().map(|t| (t.rows(), t.get(name))).collect();
        let same = |f: fn(&Column) -> bool| parts.iter().all(|(_, c)| c.is_some_and(f));
        let column = if same(|c| matches!(c, Column::U32(_))) {
            Column::U32(
                parts
                    .iter()
                    .flat_map(|(_, c)| if let Some(Column::U32(v)) = c { v.clone() } else { vec![] })
                    .collect(),
            )
        } else if same(|c| matches!(c, Column::Str(_))) {
            Column::Str(
                parts
                    .iter()
                    .flat_map(|(_, c)| if let Some(Column::Str(v)) = c { v.clone() } else { vec![] })
                    .collect(),
            )
        } else if same(|c| matches!(c, Column::F64(_))) {
            Column::F64(
                parts
                    .iter()
                    .flat_map(|(_, c)| if let Some(Column::F64(v)) = c { v.clone() } else { vec![] })
                    .collect(),
            )
        } else {
            Column::OptF64(
                parts
                    .iter()
                    .flat_map(|(rows, c)| match c {
                        Some(Column::Str(_)) | None => vec![None; *rows],
                        Some(c) => c.as_f64().into_iter().map(|x| (!x.is_nan()).then_some(x)).collect(),
                    })
                    .collect(),
            )
        };
        out.push(name, column);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::Job;

    fn result(scenario: usize, replicate: u32, x: f64) -> RunResult {
        RunResult {
            job: Job { scenario, replicate, seed: replicate as u64 },
            indicators: vec![("x".into(), x)],
            runs: Table::default(),
            ticks: Table::default(),
            cell_crimes: None,
        }
    }

    #[test]
    fn differences_are_paired_by_replicate() {
        // Replicates vary a lot, but b is always a + 1: the paired interval is exactly 1.
        let rs: Vec<RunResult> = [10.0, 20.0, 30.0]
            .iter()
            .enumerate()
            .flat_map(|(r, &a)| [result(0, r as u32, a), result(1, r as u32, a + 1.0)])
            .collect();
        let rows = summarize(&["a".into(), "b".into()], &rs);
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].mean, rows[1].mean), (20.0, 21.0));
        assert!(rows[0].diff.is_nan());
        assert_eq!((rows[1].diff, rows[1].diff_lo, rows[1].diff_hi), (1.0, 1.0, 1.0));
        assert!(rows[1].lo < 0.0, "the unpaired interval is wide");
        let md = to_markdown(&["a".into(), "b".into()], &rows, 3);
        assert!(md.contains("+1.00 [1.00, 1.00] *"), "{md}");
    }

    #[test]
    fn concat_keeps_columns_missing_from_some_tables() {
        let mut a = Table::default();
        a.push("n", Column::U32(vec![1, 2]));
        let mut b = Table::default();
        b.push("n", Column::U32(vec![3]));
        b.push("extra", Column::F64(vec![0.5]));
        let t = concat(&[&a, &b]);
        assert_eq!(t.get("n"), Some(&Column::U32(vec![1, 2, 3])));
        assert_eq!(t.get("extra"), Some(&Column::OptF64(vec![None, None, Some(0.5)])));
    }
}
