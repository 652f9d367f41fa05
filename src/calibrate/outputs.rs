//! What a finished calibration writes: the posterior (every generation's particles and
//! weights), per-generation diagnostics, the posterior predictive and the ensemble of
//! posterior draws as Parquet; parameter and target summaries as CSV; the calibrated
//! scenario at the posterior median; and three charts. All in one atomic commit.

use std::path::{Path, PathBuf};

use super::engine::{Outcome, Stop};
use super::smc::{Population, weighted_quantile};
use super::spec::{LoadedSpec, Subject, Target, number};
use crate::error::Error;
use crate::output::charts::{self, MarginalPanel, PredictivePanel};
use crate::output::folder::{Folder, FolderKind};
use crate::table::{Column, Table};

/// One fitted parameter's posterior, summarised.
#[derive(Debug, Clone)]
pub struct ParameterSummary {
    pub path: String,
    pub prior: String,
    pub mean: f64,
    pub q05: f64,
    pub median: f64,
    pub q95: f64,
}

/// One target against the prior and posterior predictive.
#[derive(Debug, Clone)]
pub struct TargetSummary {
    pub name: String,
    pub target: Target,
    pub source: String,
    /// Median and 90% interval of the replicate means, prior draws (generation 0).
    pub prior: (f64, f64, f64),
    /// Median and 90% interval over the posterior predictive draws.
    pub posterior: (f64, f64, f64),
    /// Share of predictive draws inside the target's interval.
    pub inside_share: f64,
}

pub fn parameter_summaries(spec: &LoadedSpec, last: &Population) -> Vec<ParameterSummary> {
    spec.parameters
        .iter()
        .enumerate()
        .map(|(k, (path, prior))| {
            let x: Vec<f64> = last.z.iter().map(|z| prior.from_z(z[k])).collect();
            let q = |p| weighted_quantile(&x, &last.weights, p);
            ParameterSummary {
                path: path.clone(),
                prior: describe_prior(spec, path),
                mean: x.iter().zip(&last.weights).map(|(v, w)| v * w).sum(),
                q05: q(0.05),
                median: q(0.5),
                q95: q(0.95),
            }
        })
        .collect()
}

fn describe_prior(spec: &LoadedSpec, path: &str) -> String {
    let p = &spec.spec.parameters[path];
    match p.prior {
        super::spec::PriorKind::Uniform => format!("uniform {}–{}", p.min, p.max),
        super::spec::PriorKind::LogUniform => format!("log-uniform {}–{}", p.min, p.max),
        super::spec::PriorKind::Normal => {
            format!(
                "normal {} ± {} in {}–{}",
                p.mean.unwrap_or(f64::NAN),
                p.sd.unwrap_or(f64::NAN),
                p.min,
                p.max
            )
        }
    }
}

/// Median, 5% and 95% quantiles of the finite values.
fn quantiles(v: &[f64]) -> (f64, f64, f64) {
    let mut x: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    x.sort_by(f64::total_cmp);
    let q = |p| crate::stats::quantile_sorted(&x, p);
    (q(0.5), q(0.05), q(0.95))
}

pub fn target_summaries(spec: &LoadedSpec, outcome: &Outcome) -> Vec<TargetSummary> {
    let prior_pop = &outcome.generations[0].population;
    spec.targets
        .iter()
        .enumerate()
        .map(|(t, (name, target))| {
            let prior: Vec<f64> = prior_pop.values.iter().map(|v| v[t]).collect();
            let post: Vec<f64> = outcome
                .predictive
                .iter()
                .map(|d| d.indicators.iter().find(|(n, _)| n == name).map_or(f64::NAN, |(_, v)| *v))
                .collect();
            let (lo, hi) = target.interval();
            let inside =
                post.iter().filter(|&&v| v >= lo && v <= hi).count() as f64 / post.len().max(1) as f64;
            TargetSummary {
                name: name.clone(),
                target: *target,
                source: spec.spec.targets[name].source.clone(),
                prior: quantiles(&prior),
                posterior: quantiles(&post),
                inside_share: inside,
            }
        })
        .collect()
}

/// Writes every output of a finished calibration into `dir`; returns the files.
pub fn write(dir: &Path, spec: &LoadedSpec, outcome: &Outcome, charts: bool) -> Result<Vec<PathBuf>, Error> {
    let last = outcome.last().expect("a finished calibration has a generation");
    let stop = outcome.stop.expect("a finished calibration");
    let spec_text = crate::input::read_text(&spec.file)?;
    let meta = vec![
        ("diypol.version".to_string(), env!("CARGO_PKG_VERSION").to_string()),
        ("diypol.calibration.spec".to_string(), spec_text),
        ("diypol.calibration.stop".to_string(), stop.describe().to_string()),
    ];
    let mut folder = Folder::open(dir, FolderKind::Calibration, "posterior", meta)?;
    let paths: Vec<&str> = spec.parameters.iter().map(|(p, _)| p.as_str()).collect();

    // Every generation's particles: the last generation is the posterior.
    let mut post = Table::default();
    let rows: Vec<(&Population, usize)> = outcome
        .generations
        .iter()
        .flat_map(|g| (0..g.population.len()).map(move |i| (&g.population, i)))
        .collect();
    post.push("generation", Column::ints(rows.iter().map(|(p, _)| p.generation as i64)));
    post.push("particle", Column::ints(rows.iter().map(|(_, i)| *i as i64)));
    post.push("proposal", Column::ints(rows.iter().map(|(p, i)| p.index[*i] as i64)));
    post.push("weight", Column::floats(rows.iter().map(|(p, i)| p.weights[*i])));
    post.push("distance", Column::floats(rows.iter().map(|(p, i)| p.distances[*i])));
    for (k, (path, prior)) in spec.parameters.iter().enumerate() {
        post.push(path.clone(), Column::floats(rows.iter().map(|(p, i)| prior.from_z(p.z[*i][k]))));
    }
    for (t, (name, _)) in spec.targets.iter().enumerate() {
        post.push(format!("simulated_{name}"), Column::floats(rows.iter().map(|(p, i)| p.values[*i][t])));
    }
    folder.parquet("posterior.parquet", &post)?;

    // Diagnostics per generation.
    let mut gens = Table::default();
    let g = &outcome.generations;
    gens.push("generation", Column::ints(g.iter().map(|x| x.population.generation as i64)));
    gens.push(
        "tolerance",
        Column::Float(g.iter().map(|x| Some(x.population.tolerance).filter(|t| t.is_finite())).collect()),
    );
    gens.push("particles", Column::ints(g.iter().map(|x| x.population.len() as i64)));
    gens.push("proposals", Column::ints(g.iter().map(|x| x.population.proposals as i64)));
    gens.push("simulated", Column::ints(g.iter().map(|x| x.simulated as i64)));
    gens.push("acceptance_rate", Column::floats(g.iter().map(|x| x.population.acceptance_rate())));
    gens.push("ess", Column::floats(g.iter().map(|x| x.population.ess())));
    for (k, (path, prior)) in spec.parameters.iter().enumerate() {
        for (q, label) in [(0.05, "q05"), (0.5, "median"), (0.95, "q95")] {
            gens.push(
                format!("{path}_{label}"),
                Column::floats(g.iter().map(|x| prior.from_z(x.population.quantile_z(k, q)))),
            );
        }
    }
    folder.parquet("generations.parquet", &gens)?;

    // The predictive draws and the ensemble (the draws' parameters) for `compare --ensemble`.
    let mut ens = Table::default();
    ens.push("draw", Column::ints(0..outcome.predictive.len() as i64));
    for (k, path) in paths.iter().enumerate() {
        ens.push(path.to_string(), Column::floats(outcome.predictive.iter().map(|d| d.values[k])));
    }
    folder.parquet("ensemble.parquet", &ens)?;
    let mut pred = ens.clone();
    if let Some(first) = outcome.predictive.first() {
        for (j, (name, _)) in first.indicators.iter().enumerate() {
            pred.push(
                name.clone(),
                Column::Float(
                    outcome
                        .predictive
                        .iter()
                        .map(|d| d.indicators.get(j).map(|x| x.1).filter(|v| v.is_finite()))
                        .collect(),
                ),
            );
        }
    }
    folder.parquet("predictive.parquet", &pred)?;

    let params = parameter_summaries(spec, last);
    let targets = target_summaries(spec, outcome);
    folder.text("parameters.csv", &parameters_csv(&params))?;
    folder.text("targets.csv", &targets_csv(&targets))?;
    folder.text("summary.md", &summary_markdown(spec, outcome, &params, &targets))?;
    if let Subject::Scenario(base) = &spec.subject {
        folder.text(
            "calibrated.yaml",
            &calibrated_yaml(&base.file, spec, &params, outcome.generations.len())?,
        )?;
    }
    if charts {
        write_charts(&mut folder, spec, outcome, &targets)?;
    }
    folder.commit()
}

fn csv_text(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).expect("in memory");
    for r in rows {
        w.write_record(&r).expect("in memory");
    }
    String::from_utf8(w.into_inner().expect("in memory")).expect("UTF-8")
}

fn parameters_csv(params: &[ParameterSummary]) -> String {
    let rows = params
        .iter()
        .map(|p| {
            vec![
                p.path.clone(),
                p.prior.clone(),
                p.mean.to_string(),
                p.q05.to_string(),
                p.median.to_string(),
                p.q95.to_string(),
            ]
        })
        .collect();
    csv_text(&["parameter", "prior", "posterior_mean", "q05", "median", "q95"], rows)
}

fn targets_csv(targets: &[TargetSummary]) -> String {
    let rows = targets
        .iter()
        .map(|t| {
            let (lo, hi) = t.target.interval();
            vec![
                t.name.clone(),
                t.target.describe(),
                lo.to_string(),
                hi.to_string(),
                t.source.clone(),
                t.prior.0.to_string(),
                t.posterior.0.to_string(),
                t.posterior.1.to_string(),
                t.posterior.2.to_string(),
                t.inside_share.to_string(),
            ]
        })
        .collect();
    csv_text(
        &[
            "target",
            "wanted",
            "low",
            "high",
            "source",
            "prior_median",
            "posterior_median",
            "posterior_q05",
            "posterior_q95",
            "share_of_draws_inside",
        ],
        rows,
    )
}

fn g4(x: f64) -> String {
    crate::catalogue::format_number(x)
}

/// The tables docs/VALIDATION.md shows: generations, parameters, targets.
pub fn summary_markdown(
    spec: &LoadedSpec,
    outcome: &Outcome,
    params: &[ParameterSummary],
    targets: &[TargetSummary],
) -> String {
    let mut s = String::new();
    let stop = outcome.stop.map_or("unfinished", Stop::describe);
    s += &format!(
        "ABC-SMC, {} particles, {} replicate(s) per particle; stopped after {} generations: {stop}.\n\n",
        spec.spec.method.particles,
        spec.spec.replicates,
        outcome.generations.len()
    );
    s += "| generation | tolerance | acceptance rate | effective sample size | simulated |\n|---|---|---|---|---|\n";
    for g in &outcome.generations {
        let p = &g.population;
        let tol = if p.tolerance.is_finite() { g4(p.tolerance) } else { "—".into() };
        s += &format!(
            "| {} | {tol} | {:.1}% | {:.0} | {} |\n",
            p.generation,
            100.0 * p.acceptance_rate(),
            p.ess(),
            g.simulated
        );
    }
    s += "\n| parameter | prior | posterior median | 90% interval |\n|---|---|---|---|\n";
    for p in params {
        s += &format!("| `{}` | {} | {} | {} – {} |\n", p.path, p.prior, g4(p.median), g4(p.q05), g4(p.q95));
    }
    s += "\n| target | wanted | source | prior predictive (median, 90%) | posterior predictive (median, 90%) | draws inside |\n|---|---|---|---|---|---|\n";
    for t in targets {
        s += &format!(
            "| `{}` | {} | {} | {} ({} – {}) | {} ({} – {}) | {:.0}% |\n",
            t.name,
            t.target.describe(),
            t.source,
            g4(t.prior.0),
            g4(t.prior.1),
            g4(t.prior.2),
            g4(t.posterior.0),
            g4(t.posterior.1),
            g4(t.posterior.2),
            100.0 * t.inside_share
        );
    }
    s
}

/// The base scenario as written, with the posterior medians set (and the spec's fixed
/// settings left out): a scenario to run, compare and sweep like any other.
fn calibrated_yaml(
    base_file: &Path,
    spec: &LoadedSpec,
    params: &[ParameterSummary],
    generations: usize,
) -> Result<String, Error> {
    let text = crate::input::read_text(base_file)?;
    let tree =
        crate::input::yaml::parse(&text).map_err(|(_, m)| Error::usage(m, "check the base scenario"))?;
    let mut json = tree.to_json();
    for p in params {
        let mut slot = &mut json;
        for seg in p.path.split('.') {
            if !slot.is_object() {
                *slot = serde_json::Value::Object(Default::default());
            }
            slot = slot
                .as_object_mut()
                .expect("made an object above")
                .entry(seg.to_string())
                .or_insert(serde_json::Value::Null);
        }
        *slot = number(&p.path, p.median);
    }
    if let Some(name) = json.get("name").and_then(|n| n.as_str()).map(str::to_string) {
        json["name"] = serde_json::Value::from(format!("{name}-calibrated"));
    }
    let yaml =
        serde_saphyr::to_string(&json).map_err(|e| Error::usage(e.to_string(), "report this as a bug"))?;
    let stem = base_file.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(format!(
        "# {stem} with the posterior medians of `diypol calibrate {}` ({} generations, {} particles).\n# Fitted: {}.\n{yaml}",
        spec.file.display(),
        generations,
        spec.spec.method.particles,
        params.iter().map(|p| p.path.as_str()).collect::<Vec<_>>().join(", ")
    ))
}

fn write_charts(
    folder: &mut Folder,
    spec: &LoadedSpec,
    outcome: &Outcome,
    targets: &[TargetSummary],
) -> Result<(), Error> {
    let last = outcome.last().expect("a generation");
    let panels: Vec<MarginalPanel> = spec
        .parameters
        .iter()
        .enumerate()
        .map(|(k, (path, prior))| {
            let (lo, hi) = prior.value_bounds();
            let x: Vec<f64> = last.z.iter().map(|z| prior.from_z(z[k])).collect();
            // Bins over the posterior's own spread (within the prior's range), so a narrow
            // posterior is not a single bar.
            let (a, b) =
                (weighted_quantile(&x, &last.weights, 0.001), weighted_quantile(&x, &last.weights, 0.999));
            let (a, b) = if b > a { (a - 0.1 * (b - a), b + 0.1 * (b - a)) } else { (lo, hi) };
            let (a, b) = (a.max(lo), b.min(hi));
            let bins = 30;
            let w = (b - a) / bins as f64;
            let mut h = vec![0.0; bins];
            for (v, wt) in x.iter().zip(&last.weights) {
                let i = (((v - a) / w).floor() as isize).clamp(0, bins as isize - 1) as usize;
                h[i] += wt / w;
            }
            let grid: Vec<(f64, f64)> = (0..=200)
                .map(|i| a + (b - a) * i as f64 / 200.0)
                .map(|x| (x, prior.density_value(x)))
                .collect();
            MarginalPanel {
                title: path.clone(),
                x_label: "value".into(),
                bins: (0..bins).map(|i| (a + i as f64 * w, a + (i + 1) as f64 * w, h[i])).collect(),
                prior: grid,
            }
        })
        .collect();
    folder.chart("posterior-marginals", |stem| {
        charts::draw_marginals(stem, "Posterior (bars) against prior (line)", &panels)
    })?;
    if spec.parameters.len() >= 2 {
        let names: Vec<String> = spec.parameters.iter().map(|(p, _)| p.clone()).collect();
        let points: Vec<Vec<f64>> = last
            .z
            .iter()
            .map(|z| spec.parameters.iter().zip(z).map(|((_, p), &v)| p.from_z(v)).collect())
            .collect();
        folder.chart("posterior-pairs", |stem| {
            charts::draw_pairs(
                stem,
                "Posterior particles, parameters two by two",
                &names,
                &points,
                &last.weights,
            )
        })?;
    }
    let panels: Vec<PredictivePanel> = targets
        .iter()
        .map(|t| PredictivePanel {
            title: t.name.clone(),
            target: t.target.interval(),
            prior: t.prior,
            posterior: t.posterior,
        })
        .collect();
    folder.chart("posterior-predictive", |stem| {
        charts::draw_predictive(
            stem,
            "Targets (band) against prior and posterior predictive (median, 90%)",
            &panels,
        )
    })
}
