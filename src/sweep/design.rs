//! Sampling designs of sweep plans, on the unit cube and then on parameter ranges: full
//! factorial, Latin hypercube, Sobol sequences, Saltelli's design for Sobol indices, and
//! Morris trajectories for elementary effects.

use std::collections::BTreeMap;

use rand::RngExt;
use rand::seq::SliceRandom;

use super::spec::{MORRIS_LEVELS, Sampling, Scale, SweepPlan, Values};
use crate::input::SchemaChecker;
use crate::rng::{Stream, generator};
use crate::scenario;

/// Parameter points in a fixed order. Factorial: every combination, the last parameter
/// (by name) varying fastest. Sampled: `samples` points of the unit cube mapped to ranges.
pub fn points(plan: &SweepPlan) -> Vec<BTreeMap<String, serde_json::Value>> {
    let names: Vec<&String> = plan.parameters.keys().collect();
    match plan.sampling {
        Sampling::Factorial => {
            let mut out = vec![BTreeMap::new()];
            for name in &names {
                let Values::List(list) = &plan.parameters[*name] else { continue };
                out = out
                    .into_iter()
                    .flat_map(|p| {
                        list.iter().map(move |v| {
                            let mut q = p.clone();
                            q.insert((*name).clone(), v.clone());
                            q
                        })
                    })
                    .collect();
            }
            out
        }
        _ => {
            let unit = unit_design(plan);
            // Integer parameters (a grid radius, a jail term) take rounded values.
            let checker = SchemaChecker::new(scenario::schema());
            let integer: Vec<bool> = names
                .iter()
                .map(|p| checker.schema_at(p).is_ok_and(|s| s.get("type").is_some_and(|t| t == "integer")))
                .collect();
            unit.iter()
                .map(|u| {
                    names
                        .iter()
                        .zip(u)
                        .zip(&integer)
                        .map(|((name, &x), &integer)| {
                            let Values::Range(r) = &plan.parameters[*name] else {
                                unreachable!("checked: ranges")
                            };
                            let v = match r.scale {
                                Scale::Linear => r.min + x * (r.max - r.min),
                                Scale::Log => (r.min.ln() + x * (r.max.ln() - r.min.ln())).exp(),
                            };
                            let v = if integer {
                                serde_json::json!(v.round() as i64)
                            } else {
                                serde_json::json!(v)
                            };
                            ((*name).clone(), v)
                        })
                        .collect()
                })
                .collect()
        }
    }
}

/// The sampled design on the unit cube, one row per point, columns in parameter-name order.
pub fn unit_design(plan: &SweepPlan) -> Vec<Vec<f64>> {
    let (n, d) = (plan.samples.unwrap_or(1) as usize, plan.parameters.len());
    match plan.sampling {
        Sampling::Factorial => Vec::new(),
        Sampling::LatinHypercube => latin_hypercube(n, d, plan.seed),
        Sampling::Sobol => sobol_points(n, d),
        Sampling::Saltelli => saltelli_design(n, d),
        Sampling::Morris => morris_design(n, d, MORRIS_LEVELS, plan.seed),
    }
}

/// The first `n` points of the `d`-dimensional Sobol sequence (Joe–Kuo direction numbers).
pub fn sobol_points(n: usize, d: usize) -> Vec<Vec<f64>> {
    let params = sobol::params::JoeKuoD6::minimal();
    sobol::Sobol::<f64>::new(d, &params).take(n).collect()
}

/// `n` points in `d` dimensions, one in each of `n` equal strata per dimension, at a
/// random place in its stratum; strata matched across dimensions at random (seeded).
pub fn latin_hypercube(n: usize, d: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = generator(seed, Stream::LatinHypercube);
    let columns: Vec<Vec<f64>> = (0..d)
        .map(|_| {
            let mut strata: Vec<usize> = (0..n).collect();
            strata.shuffle(&mut rng);
            strata.into_iter().map(|s| (s as f64 + rng.random::<f64>()) / n as f64).collect()
        })
        .collect();
    (0..n).map(|i| columns.iter().map(|c| c[i]).collect()).collect()
}

/// Saltelli's design for `n` base points in `d` dimensions: for each base point j, the
/// rows A_j, AB_j^(1), …, AB_j^(d), B_j (n·(d+2) rows). A and B are the two halves of a
/// 2d-dimensional Sobol sequence (its first point, all zeros, skipped); AB^(i) is A with
/// column i taken from B.
pub fn saltelli_design(n: usize, d: usize) -> Vec<Vec<f64>> {
    let base = sobol_points(n + 1, 2 * d);
    let mut out = Vec::with_capacity(n * (d + 2));
    for row in &base[1..] {
        let (a, b) = row.split_at(d);
        out.push(a.to_vec());
        for i in 0..d {
            let mut ab = a.to_vec();
            ab[i] = b[i];
            out.push(ab);
        }
        out.push(b.to_vec());
    }
    out
}

/// Morris's design: `r` trajectories of d + 1 points on a `levels`-level grid of the unit
/// cube, each step moving one input by Δ = levels / (2 (levels − 1)), in a random order.
pub fn morris_design(r: usize, d: usize, levels: usize, seed: u64) -> Vec<Vec<f64>> {
    let p = levels as f64;
    let delta = p / (2.0 * (p - 1.0));
    let mut rng = generator(seed, Stream::MorrisTrajectories);
    let mut out = Vec::with_capacity(r * (d + 1));
    for _ in 0..r {
        // Start on the lower half of the grid so that +Δ stays inside [0, 1].
        let mut x: Vec<f64> = (0..d).map(|_| rng.random_range(0..levels / 2) as f64 / (p - 1.0)).collect();
        let mut order: Vec<usize> = (0..d).collect();
        for i in (1..d).rev() {
            order.swap(i, rng.random_range(0..=i));
        }
        out.push(x.clone());
        for &i in &order {
            x[i] += delta;
            out.push(x.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::sensitivity::{morris_indices, sobol_indices};
    use std::f64::consts::PI;

    /// Ishigami (a = 7, b = 0.1) on [−π, π]³, with its analytic indices.
    fn ishigami(u: &[f64]) -> f64 {
        let x: Vec<f64> = u.iter().map(|v| -PI + 2.0 * PI * v).collect();
        x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
    }
    #[test]
    fn sobol_indices_of_ishigami_match_the_analytic_values() {
        let design = saltelli_design(1 << 13, 3);
        let y: Vec<f64> = design.iter().map(|u| ishigami(u)).collect();
        let s = sobol_indices(&y, 3, 100, 1);
        let (a, b) = (7.0f64, 0.1f64);
        let v = a * a / 8.0 + b * PI.powi(4) / 5.0 + b * b * PI.powi(8) / 18.0 + 0.5;
        let v1 = 0.5 * (1.0 + b * PI.powi(4) / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = b * b * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
        let first = [v1 / v, v2 / v, 0.0];
        let total = [(v1 + v13) / v, v2 / v, v13 / v];
        for i in 0..3 {
            assert!((s.first[i].value - first[i]).abs() < 0.02, "S1[{i}] {:?} vs {}", s.first[i], first[i]);
            assert!((s.total[i].value - total[i]).abs() < 0.02, "ST[{i}] {:?} vs {}", s.total[i], total[i]);
            assert!(s.first[i].conf > 0.0 && s.first[i].conf < 0.1);
        }
    }

    #[test]
    fn morris_trajectories_give_the_slopes_of_a_linear_function_and_ishigamis_x2_exactly() {
        let x = morris_design(50, 4, MORRIS_LEVELS, 7);
        assert_eq!(x.len(), 50 * 5);
        assert!(x.iter().flatten().all(|v| (0.0..=1.0).contains(v)));
        let coef = [3.0, -1.0, 0.0, 0.5];
        let y: Vec<f64> = x.iter().map(|u| u.iter().zip(coef).map(|(a, c)| a * c).sum()).collect();
        let m = morris_indices(&x, &y, 4, 20, 1);
        for (i, c) in coef.iter().enumerate() {
            assert!((m[i].mu_star.value - c.abs()).abs() < 1e-9, "input {i}: {:?}", m[i]);
            assert!((m[i].mu - c).abs() < 1e-9 && m[i].sigma < 1e-9, "input {i}: {:?}", m[i]);
        }
        // On the 4-level grid every step of Ishigami's x2 goes between sin² = 0 and 3/4:
        // |Δf| = 7 × 3/4 over Δx = 2/3, so μ* = 7.875 exactly.
        let x = morris_design(200, 3, MORRIS_LEVELS, 7);
        let y: Vec<f64> = x.iter().map(|u| ishigami(u)).collect();
        let m = morris_indices(&x, &y, 3, 50, 1);
        assert!((m[1].mu_star.value - 7.875).abs() < 1e-9, "{:?}", m[1]);
    }

    #[test]
    fn saltelli_rows_swap_one_column() {
        let x = saltelli_design(4, 2);
        assert_eq!(x.len(), 4 * 4);
        let (a, ab1, b) = (&x[0], &x[1], &x[3]);
        assert_eq!((ab1[0], ab1[1]), (b[0], a[1]));
    }

    #[test]
    fn latin_hypercube_fills_every_stratum_once() {
        let pts = latin_hypercube(10, 3, 5);
        for dim in 0..3 {
            let mut strata: Vec<usize> = pts.iter().map(|p| (p[dim] * 10.0) as usize).collect();
            strata.sort();
            assert_eq!(strata, (0..10).collect::<Vec<_>>());
        }
        assert_eq!(pts, latin_hypercube(10, 3, 5));
    }

    #[test]
    fn sobol_points_are_balanced() {
        let pts = sobol_points(16, 2);
        assert_eq!(pts.len(), 16);
        // A (0,m,2) net: each half of each axis holds exactly half the points.
        for dim in 0..2 {
            assert_eq!(pts.iter().filter(|p| p[dim] < 0.5).count(), 8);
        }
    }
}
