//! Charts of a merged sweep (`diypol merge`): each key indicator against each swept parameter (mean and 95%
//! band over the runs at a value, or in a tenth of the sampled range), and for factorial
//! sweeps of two or more parameters a heat map over the first two.

use std::collections::BTreeMap;

use crate::catalogue::{File, Role, format_number, of, show};
use crate::error::Error;
use crate::output::charts::{self, XyPanel};
use crate::output::folder::Folder;
use crate::scenario::ModelKind;
use crate::stats::{mean_ci95, mean_ci95_within};
use crate::table::Table;

/// Groups of runs by a parameter: its distinct values if there are at most 12, else ten
/// equal-count bins (x = the bin's mean value).
fn groups(x: &[f64]) -> Vec<(f64, Vec<usize>)> {
    let mut distinct: Vec<f64> = x.iter().copied().filter(|v| v.is_finite()).collect();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    if distinct.len() <= 12 {
        return distinct.iter().map(|&v| (v, (0..x.len()).filter(|&i| x[i] == v).collect())).collect();
    }
    let mut order: Vec<usize> = (0..x.len()).filter(|&i| x[i].is_finite()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    order
        .chunks(order.len().div_ceil(10))
        .map(|c| (c.iter().map(|&i| x[i]).sum::<f64>() / c.len() as f64, c.to_vec()))
        .collect()
}

/// The distinct values of a text column, in first-seen order.
fn distinct(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}

/// Draws sweep_<indicator>.png/.svg for the merged `runs` of a sweep over `params`: the
/// indicators the catalogue marks for sensitivity, when present and varying.
pub fn write(folder: &mut Folder, runs: &Table, params: &[String], model: ModelKind) -> Result<(), Error> {
    // Numeric parameters that take more than one value; text ones (a stance) are factors.
    let categorical: Vec<String> = params
        .iter()
        .filter(|p| runs.get(p).is_some_and(|c| matches!(c, crate::table::Column::Str(_))))
        .filter(|p| {
            runs.get(p)
                .is_some_and(|c| distinct(&(0..c.len()).map(|i| c.text_at(i)).collect::<Vec<_>>()).len() > 1)
        })
        .cloned()
        .collect();
    let params: Vec<String> = params
        .iter()
        .filter(|p| !categorical.contains(p))
        .filter(|p| runs.get(p).is_some_and(|c| groups(&c.as_f64()).len() > 1))
        .cloned()
        .collect();
    let key = of(File::Runs, model)
        .filter(|e| e.role == Role::Indicator && e.shown(show::SENSITIVITY) && !e.is_family());
    for entry in key {
        let ind = entry.name;
        let Some(y) = runs.get(ind).map(|c| c.as_f64()) else { continue };
        let finite: Vec<f64> = y.iter().copied().filter(|v| v.is_finite()).collect();
        if finite.windows(2).all(|w| w[0] == w[1]) {
            continue;
        }
        // A categorical factor (a stance) is not pooled: each numeric parameter gets one
        // panel per level of it, and the factor itself a panel of its levels.
        let levels: Vec<(String, Vec<String>)> = categorical
            .iter()
            .filter_map(|c| {
                let col = runs.get(c)?;
                let values: Vec<String> = (0..col.len()).map(|i| col.text_at(i)).collect();
                Some((c.clone(), values))
            })
            .collect();
        let band = |idx: &[usize]| {
            mean_ci95_within(&idx.iter().map(|&i| y[i]).collect::<Vec<_>>(), entry.kind.bounds())
        };
        let mut panels: Vec<XyPanel> = Vec::new();
        for p in &params {
            let Some(x) = runs.get(p).map(|c| c.as_f64()) else { continue };
            let subsets: Vec<(String, Vec<usize>)> = match levels.first() {
                None => vec![(String::new(), (0..x.len()).collect())],
                Some((c, values)) => distinct(values)
                    .into_iter()
                    .map(|l| (format!(" ({c} = {l})"), (0..x.len()).filter(|&i| values[i] == l).collect()))
                    .collect(),
            };
            for (suffix, subset) in subsets {
                let sub: Vec<f64> =
                    (0..x.len()).map(|i| if subset.contains(&i) { x[i] } else { f64::NAN }).collect();
                let g = groups(&sub);
                if g.len() < 2 {
                    continue;
                }
                let stats: Vec<(f64, f64, f64)> = g.iter().map(|(_, idx)| band(idx)).collect();
                panels.push(XyPanel {
                    title: format!("against {p}{suffix}"),
                    x_label: p.clone(),
                    y_label: entry.title(),
                    x: g.iter().map(|(v, _)| *v).collect(),
                    mean: stats.iter().map(|s| s.0).collect(),
                    lo: stats.iter().map(|s| s.1).collect(),
                    hi: stats.iter().map(|s| s.2).collect(),
                });
            }
        }
        if panels.is_empty() {
            continue;
        }
        let title = format!("{} over the sweep (mean, 95% band over runs)", entry.label);
        folder.chart(&format!("sweep_{ind}"), |stem| charts::draw_xy_bands(stem, &title, &panels))?;
        // Two parameters on a grid of their values: a heat map of the mean.
        if params.len() >= 2 {
            let (a, b) = (runs.get(&params[0]).map(|c| c.as_f64()), runs.get(&params[1]).map(|c| c.as_f64()));
            if let (Some(a), Some(b)) = (a, b) {
                let (ga, gb) = (groups(&a), groups(&b));
                let grid_ok = ga.len() > 1 && gb.len() > 1 && ga.len() * gb.len() <= 400;
                if grid_ok && ga.iter().all(|(_, i)| i.len() * gb.len() >= 1) {
                    let mut cells: BTreeMap<(usize, usize), Vec<f64>> = BTreeMap::new();
                    for (ra, (_, ia)) in ga.iter().enumerate() {
                        for (cb, (_, ib)) in gb.iter().enumerate() {
                            let both: Vec<f64> =
                                ia.iter().filter(|i| ib.contains(i)).map(|&i| y[i]).collect();
                            cells.insert((ra, cb), both);
                        }
                    }
                    // Rows from the largest value of the first parameter down, so its axis
                    // increases upward; both axes show the parameters' values.
                    let values: Vec<f64> = (0..ga.len())
                        .rev()
                        .flat_map(|r| (0..gb.len()).map(move |c| (r, c)))
                        .map(|k| mean_ci95(&cells[&k]).0)
                        .collect();
                    let axes = charts::MapAxes {
                        x_desc: params[1].clone(),
                        y_desc: params[0].clone(),
                        x_ticks: gb.iter().map(|(v, _)| format_number(*v)).collect(),
                        y_ticks: ga.iter().rev().map(|(v, _)| format_number(*v)).collect(),
                    };
                    folder.chart(&format!("sweep_{ind}_heatmap"), |stem| {
                        charts::draw_grid_maps(
                            stem,
                            &format!("{}: mean over two parameters", entry.label),
                            &entry.title(),
                            gb.len(),
                            ga.len(),
                            &[(String::new(), values)],
                            Some(&axes),
                        )
                    })?;
                }
            }
        }
    }
    Ok(())
}
