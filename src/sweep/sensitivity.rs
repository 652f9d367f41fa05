//! `diypol sensitivity`: global sensitivity of a finished sweep folder (`sampling:
//! saltelli` or `morris`) — Sobol indices or Morris effects of every swept parameter for
//! each indicator, with bootstrap intervals — and what it writes: sensitivity.csv,
//! sensitivity.md and charts.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::design::unit_design;
use super::plan::{Sampling, recorded};
use super::store::{finished, part_path};
use crate::catalogue::{File, Role, find, format_number, show};
use crate::error::Error;
use crate::output::charts::{self, Bar, BarPanel, Point};
use crate::output::folder::{Folder, FolderKind};
use crate::output::parquet;
use crate::scenario::ModelKind;
use crate::stats::sensitivity::{Estimate, morris_indices, sobol_indices};
use crate::table::Table;

/// One index of one parameter for one indicator: a row of sensitivity.csv.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexRow {
    pub indicator: String,
    pub parameter: String,
    /// `S1`, `ST` (Sobol) or `mu_star`, `mu`, `sigma` (Morris).
    pub index: String,
    pub value: Option<f64>,
    /// Half-width of the 95% bootstrap interval (none for μ and σ).
    #[serde(rename = "conf95")]
    pub conf: Option<f64>,
}

impl IndexRow {
    fn value(&self) -> f64 {
        self.value.unwrap_or(f64::NAN)
    }
    fn conf(&self) -> f64 {
        self.conf.unwrap_or(f64::NAN)
    }
}

/// Bootstrap resamples for the intervals.
const BOOTSTRAP: usize = 500;

/// The indicators analysed when none are named: those the catalogue marks for
/// sensitivity that the runs have.
fn default_indicators(model: ModelKind, runs: &Table) -> Vec<String> {
    runs.names
        .iter()
        .filter(|n| {
            find(File::Runs, model, n)
                .is_some_and(|e| e.role == Role::Indicator && e.shown(show::SENSITIVITY))
        })
        .cloned()
        .collect()
}

fn model_of(runs: &Table) -> ModelKind {
    if runs.get(crate::catalogue::CvRun::Activation.name()).is_some() {
        ModelKind::CivilViolence
    } else {
        ModelKind::DiyPolicing
    }
}

/// Sensitivity of a finished sweep folder: indices of every swept parameter for each
/// indicator. Replicates of a point are averaged first.
pub fn analyze(dir: &Path, indicators: &[String]) -> Result<Vec<IndexRow>, Error> {
    let plan = recorded(dir)?;
    if !matches!(plan.sampling, Sampling::Saltelli | Sampling::Morris) {
        return Err(Error::usage(
            format!(
                "the sweep in {} uses {} sampling",
                dir.display(),
                crate::scenario::enum_name(&plan.sampling)
            ),
            "Sobol indices need `sampling: saltelli`, elementary effects `sampling: morris`",
        ));
    }
    let design = unit_design(&plan);
    let reps = plan.replicates as u64;
    let total = design.len() as u64 * reps;
    let done = finished(dir);
    if (done.len() as u64) < total {
        return Err(Error::usage(
            format!("{} of {total} runs are finished in {}", done.len(), dir.display()),
            "run the same `diypol sweep` command again to finish it",
        ));
    }
    let runs: Vec<Table> = done
        .iter()
        .filter(|&&k| k < total)
        .map(|&k| parquet::read(&part_path(dir, "runs", k)))
        .collect::<Result<_, _>>()?;
    let model = model_of(&runs[0]);
    let names: Vec<&String> = plan.parameters.keys().collect();
    let d = names.len();
    let wanted =
        if indicators.is_empty() { default_indicators(model, &runs[0]) } else { indicators.to_vec() };
    let mut out = Vec::new();
    for ind in &wanted {
        if runs[0].get(ind).is_none() {
            let hint = crate::catalogue::indicator_hint(model, ind, &runs[0].names);
            return Err(Error::usage(format!("no indicator `{ind}` in the runs"), hint));
        }
        // Mean over the replicates of each point (runs are point-major).
        let y: Vec<f64> = (0..design.len())
            .map(|p| {
                let v: Vec<f64> = (0..reps as usize)
                    .map(|r| runs[p * reps as usize + r].get(ind).map_or(f64::NAN, |c| c.f64_at(0)))
                    .filter(|x| x.is_finite())
                    .collect();
                if v.is_empty() { f64::NAN } else { v.iter().sum::<f64>() / v.len() as f64 }
            })
            .collect();
        if y.iter().any(|v| !v.is_finite()) {
            return Err(Error::usage(
                format!("`{ind}` is undefined in some runs"),
                "choose another indicator with --indicator",
            ));
        }
        let mut push = |param: &str, index: &str, e: Estimate| {
            out.push(IndexRow {
                indicator: ind.clone(),
                parameter: param.to_string(),
                index: index.into(),
                value: e.value.is_finite().then_some(e.value),
                conf: e.conf.is_finite().then_some(e.conf),
            })
        };
        if plan.sampling == Sampling::Saltelli {
            let s = sobol_indices(&y, d, BOOTSTRAP, plan.seed);
            for (i, name) in names.iter().enumerate() {
                push(name, "S1", s.first[i]);
                push(name, "ST", s.total[i]);
            }
        } else {
            let m = morris_indices(&design, &y, d, BOOTSTRAP, plan.seed);
            for (i, name) in names.iter().enumerate() {
                push(name, "mu_star", m[i].mu_star);
                push(name, "mu", Estimate { value: m[i].mu, conf: f64::NAN });
                push(name, "sigma", Estimate { value: m[i].sigma, conf: f64::NAN });
            }
        }
    }
    Ok(out)
}

/// The indices as CSV (one row per indicator, parameter and index).
pub fn to_csv(rows: &[IndexRow]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r).expect("rows serialise");
    }
    String::from_utf8(w.into_inner().expect("an in-memory writer")).expect("CSV of UTF-8 text")
}

/// A table per indicator: parameters down, indices across, value ± interval.
pub fn to_markdown(rows: &[IndexRow]) -> String {
    let mut s = String::new();
    let mut indicators: Vec<&str> = rows.iter().map(|r| r.indicator.as_str()).collect();
    indicators.dedup();
    for ind in indicators {
        let mine: Vec<&IndexRow> = rows.iter().filter(|r| r.indicator == ind).collect();
        let mut indices: Vec<&str> = mine.iter().map(|r| r.index.as_str()).collect();
        indices.sort();
        indices.dedup();
        let mut params: Vec<&str> = mine.iter().map(|r| r.parameter.as_str()).collect();
        params.dedup();
        let _ = writeln!(
            s,
            "\n### `{ind}`\n\n| parameter | {} |\n|---|{}",
            indices.join(" | "),
            "---|".repeat(indices.len())
        );
        for p in params {
            let cells: Vec<String> = indices
                .iter()
                .map(|i| {
                    mine.iter().find(|r| r.parameter == p && r.index == *i).map_or(String::new(), |r| {
                        if r.conf.is_some() {
                            format!("{} ± {}", format_number(r.value()), format_number(r.conf()))
                        } else {
                            format_number(r.value())
                        }
                    })
                })
                .collect();
            let _ = writeln!(s, "| `{p}` | {} |", cells.join(" | "));
        }
    }
    s
}

/// Base samples (Sobol) or trajectories (Morris) below which indices are rough.
pub const FEW_SOBOL_SAMPLES: u32 = 256;
pub const FEW_MORRIS_TRAJECTORIES: u32 = 10;

/// What to say of indices from a small design: how many samples, how wide the widest
/// interval is, and whether an index left its [0, 1] range (Sobol).
pub fn warnings(plan: &super::plan::SweepPlan, rows: &[IndexRow]) -> Vec<String> {
    let samples = plan.samples.unwrap_or(0);
    let widest = rows.iter().filter_map(|r| r.conf).fold(0.0f64, f64::max);
    let mut out = Vec::new();
    match plan.sampling {
        Sampling::Saltelli if samples < FEW_SOBOL_SAMPLES => {
            let outside = rows.iter().filter(|r| r.value.is_some_and(|v| !(-0.05..=1.05).contains(&v))).count();
            out.push(format!(
                "Sobol indices from {samples} base samples are rough: 95% intervals up to ±{}{}; read them with their intervals (conf95) and use `samples: {}` or more to rank parameters",
                format_number(widest),
                if outside > 0 { format!(", and {outside} indices fall outside [0, 1]") } else { String::new() },
                FEW_SOBOL_SAMPLES * 2
            ));
        }
        Sampling::Morris if samples < FEW_MORRIS_TRAJECTORIES => out.push(format!(
            "Morris effects from {samples} trajectories are rough: 95% intervals of μ* up to ±{}; use `samples: {}` or more",
            format_number(widest),
            FEW_MORRIS_TRAJECTORIES * 2
        )),
        _ => {}
    }
    out
}

/// The name of the files of an analysis: `sensitivity` for the default indicators,
/// `sensitivity-<names>` for chosen ones, so an analysis of other indicators never
/// overwrites an earlier one.
pub fn stem(indicators: &[String]) -> String {
    if indicators.is_empty() {
        return "sensitivity".into();
    }
    let joined = indicators.join("-");
    if joined.len() <= 100 {
        format!("sensitivity-{joined}")
    } else {
        format!("sensitivity-{}-and-{}-more", indicators[0], indicators.len() - 1)
    }
}

/// Writes `<stem>.csv`, `<stem>.md` and the charts into the sweep folder `dir`.
pub fn write(dir: &Path, rows: &[IndexRow], stem: &str, warnings: &[String]) -> Result<Vec<PathBuf>, Error> {
    let mut folder = Folder::open(dir, FolderKind::Sweep, stem, Vec::new())?;
    folder.text(&format!("{stem}.csv"), &to_csv(rows))?;
    let notes: String = warnings.iter().map(|w| format!("> **Warning:** {w}\n\n")).collect();
    folder.text(&format!("{stem}.md"), &format!("{notes}{}", to_markdown(rows)))?;
    let mut indicators: Vec<&str> = rows.iter().map(|r| r.indicator.as_str()).collect();
    indicators.dedup();
    let sobol = rows.iter().any(|r| r.index == "S1");
    if sobol {
        let panels: Vec<BarPanel> = indicators
            .iter()
            .flat_map(|ind| {
                [("S1", "first-order"), ("ST", "total")].map(|(index, label)| BarPanel {
                    title: format!("{ind}: {label}"),
                    y_label: "Sobol index".into(),
                    bars: rows
                        .iter()
                        .filter(|r| r.indicator == *ind && r.index == index)
                        .map(|r| Bar {
                            label: r.parameter.clone(),
                            mean: r.value(),
                            lo: r.value() - r.conf(),
                            hi: r.value() + r.conf(),
                        })
                        .collect(),
                })
            })
            .collect();
        let title = if warnings.is_empty() {
            "Sobol indices (95% bootstrap intervals)".to_string()
        } else {
            "Sobol indices (95% bootstrap intervals; few samples: rough)".to_string()
        };
        folder.chart(&format!("{stem}_sobol"), |s| charts::draw_bars(s, &title, &panels))?;
    } else {
        for ind in indicators {
            let get = |p: &str, i: &str| {
                rows.iter().find(|r| r.indicator == ind && r.parameter == p && r.index == i)
            };
            let mut params: Vec<&str> =
                rows.iter().filter(|r| r.indicator == ind).map(|r| r.parameter.as_str()).collect();
            params.dedup();
            let points: Vec<Point> = params
                .iter()
                .filter_map(|p| {
                    let (m, s) = (get(p, "mu_star")?, get(p, "sigma")?);
                    Some(Point {
                        label: p.to_string(),
                        x: (m.value(), m.value() - m.conf(), m.value() + m.conf()),
                        y: (s.value(), f64::NAN, f64::NAN),
                    })
                })
                .collect();
            folder.chart(&format!("{stem}_morris_{ind}"), |s| {
                charts::draw_tradeoff(
                    s,
                    &format!("Morris elementary effects: {ind}"),
                    "μ* (mean |effect|), 95% interval",
                    "σ (spread of effects: interactions, non-linearity)",
                    &points,
                )
            })?;
        }
    }
    folder.commit()
}
