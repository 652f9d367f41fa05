//! Sampling designs of sweep plans, on the unit cube and then on parameter ranges: full
//! factorial, Latin hypercube, Sobol sequences, Saltelli's design for Sobol indices, and
//! Morris trajectories for elementary effects. A [`Design`] gives any point on demand, so
//! a plan of millions of points is never held in memory: factorial points are decoded
//! from their index, Sobol and Saltelli points computed from it (Gray-code order, as the
//! `sobol` crate iterates); only Latin hypercube and Morris designs, whose random
//! permutations are drawn in sequence, keep a table (8 bytes per point and parameter,
//! counted in the sweep's memory estimate before it is built).

use std::collections::BTreeMap;

use rand::RngExt;
use rand::seq::SliceRandom;

use super::spec::{MORRIS_LEVELS, Range, Sampling, Scale, SweepPlan, Values};
use crate::input::SchemaChecker;
use crate::rng::{Stream, generator};
use crate::scenario;

/// The most dimensions of the Sobol direction numbers used (Joe–Kuo, `minimal` set): a
/// Sobol plan varies at most this many parameters, a Saltelli plan half as many.
pub const MAX_SOBOL_DIMS: usize = 100;

/// Resolution of the Sobol points in bits (an f64's significand).
const SOBOL_BITS: usize = 53;

/// The number of points of `plan`, computed without building anything; None when it
/// exceeds u64.
pub fn point_count(plan: &SweepPlan) -> Option<u64> {
    let (n, d) = (plan.samples.unwrap_or(1) as u64, plan.parameters.len() as u64);
    match plan.sampling {
        Sampling::Factorial => plan.parameters.values().try_fold(1u64, |acc, v| match v {
            Values::List(l) => acc.checked_mul(l.len() as u64),
            Values::Range(_) => Some(acc),
        }),
        Sampling::LatinHypercube | Sampling::Sobol => Some(n),
        Sampling::Saltelli => n.checked_mul(d + 2),
        Sampling::Morris => n.checked_mul(d + 1),
    }
}

/// Memory the design itself takes once built (tables of Latin hypercube and Morris).
pub fn design_bytes(plan: &SweepPlan) -> u64 {
    let d = plan.parameters.len() as u64;
    match plan.sampling {
        // Drawn as rows of columns, then flattened: about three copies while building.
        Sampling::LatinHypercube | Sampling::Morris => {
            point_count(plan).unwrap_or(u64::MAX).saturating_mul(24 * d + 48)
        }
        _ => d * SOBOL_BITS as u64 * 16,
    }
}

/// A plan's points, on demand, in a fixed order. Factorial: every combination, the last
/// parameter (by name) varying fastest. Sampled: points of the unit cube mapped to ranges.
#[derive(Debug, Clone)]
pub struct Design {
    names: Vec<String>,
    len: u64,
    kind: Kind,
    /// Per parameter: its range and whether it takes integers (sampled plans).
    ranges: Vec<(Range, bool)>,
}

#[derive(Debug, Clone)]
enum Kind {
    Factorial(Vec<Vec<serde_json::Value>>),
    Sobol(SobolTable),
    /// Base points from a Sobol table of twice the dimensions.
    Saltelli(SobolTable),
    /// Rows of the unit design, `d` values each.
    Table(Vec<f64>),
}

impl Design {
    /// Builds the design (allocating `design_bytes(plan)`); the plan was checked.
    pub fn new(plan: &SweepPlan) -> Design {
        let names: Vec<String> = plan.parameters.keys().cloned().collect();
        let (n, d) = (plan.samples.unwrap_or(1) as usize, names.len());
        let len = point_count(plan).unwrap_or(u64::MAX);
        let kind = match plan.sampling {
            Sampling::Factorial => Kind::Factorial(
                plan.parameters
                    .values()
                    .map(|v| match v {
                        Values::List(l) => l.clone(),
                        Values::Range(_) => Vec::new(),
                    })
                    .collect(),
            ),
            Sampling::Sobol => Kind::Sobol(SobolTable::new(d)),
            Sampling::Saltelli => Kind::Saltelli(SobolTable::new(2 * d)),
            Sampling::LatinHypercube => Kind::Table(latin_hypercube(n, d, plan.seed).concat()),
            Sampling::Morris => Kind::Table(morris_design(n, d, MORRIS_LEVELS, plan.seed).concat()),
        };
        // Integer parameters (a grid radius, a jail term) take rounded values.
        let checker = SchemaChecker::new(scenario::schema());
        let ranges = plan
            .parameters
            .iter()
            .filter_map(|(name, v)| match v {
                Values::Range(r) => {
                    let integer =
                        checker.schema_at(name).is_ok_and(|s| s.get("type").is_some_and(|t| t == "integer"));
                    Some((r.clone(), integer))
                }
                Values::List(_) => None,
            })
            .collect();
        Design { names, len, kind, ranges }
    }

    /// The number of points.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Point `i` on the unit cube (sampled plans; empty for factorial ones).
    pub fn unit(&self, i: u64) -> Vec<f64> {
        let d = self.names.len();
        match &self.kind {
            Kind::Factorial(_) => Vec::new(),
            Kind::Sobol(t) => t.point(i),
            Kind::Saltelli(t) => {
                // Base point j (the sequence's first point, all zeros, skipped): rows A_j,
                // AB_j^(1), …, AB_j^(d), B_j.
                let (j, row) = (i / (d as u64 + 2), (i % (d as u64 + 2)) as usize);
                let base = t.point(j + 1);
                let (a, b) = base.split_at(d);
                match row {
                    0 => a.to_vec(),
                    r if r == d + 1 => b.to_vec(),
                    r => {
                        let mut ab = a.to_vec();
                        ab[r - 1] = b[r - 1];
                        ab
                    }
                }
            }
            Kind::Table(rows) => rows[i as usize * d..(i as usize + 1) * d].to_vec(),
        }
    }

    /// Point `i` as the parameter values it sets (path → value).
    pub fn point(&self, i: u64) -> BTreeMap<String, serde_json::Value> {
        match &self.kind {
            Kind::Factorial(lists) => {
                let mut rest = i;
                let mut out = BTreeMap::new();
                for (name, list) in self.names.iter().zip(lists).rev() {
                    let n = list.len() as u64;
                    out.insert(name.clone(), list[(rest % n) as usize].clone());
                    rest /= n;
                }
                out
            }
            _ => self.at(&self.unit(i)),
        }
    }

    /// The parameter values of a point `u` of the unit cube (sampled plans).
    pub fn at(&self, u: &[f64]) -> BTreeMap<String, serde_json::Value> {
        self.names
            .iter()
            .zip(u)
            .zip(&self.ranges)
            .map(|((name, &x), (r, integer))| {
                let v = match r.scale {
                    Scale::Linear => r.min + x * (r.max - r.min),
                    Scale::Log => (r.min.ln() + x * (r.max.ln() - r.min.ln())).exp(),
                };
                let v = if *integer { serde_json::json!(v.round() as i64) } else { serde_json::json!(v) };
                (name.clone(), v)
            })
            .collect()
    }

    /// Whether the plan samples ranges (then `at` maps unit points).
    pub fn sampled(&self) -> bool {
        !matches!(self.kind, Kind::Factorial(_))
    }

    pub fn dims(&self) -> usize {
        self.names.len()
    }
}

/// Direction numbers of a Sobol sequence, from which any point is computed directly.
#[derive(Debug, Clone)]
struct SobolTable {
    dirs: Vec<Vec<u64>>,
}

impl SobolTable {
    fn new(d: usize) -> SobolTable {
        let params = sobol::params::JoeKuoD6::minimal();
        SobolTable { dirs: sobol::Sobol::<f64>::init_direction_vals::<u32>(d, SOBOL_BITS, &params) }
    }

    /// Point `i`: the XOR of the direction numbers of the set bits of i's Gray code.
    fn point(&self, i: u64) -> Vec<f64> {
        let gray = i ^ (i >> 1);
        self.dirs
            .iter()
            .map(|dirs| {
                let (mut x, mut bits) = (0u64, gray);
                while bits != 0 {
                    x ^= dirs[bits.trailing_zeros() as usize];
                    bits &= bits - 1;
                }
                x as f64 / 18_446_744_073_709_551_616_f64
            })
            .collect()
    }
}

/// The whole design on the unit cube, one row per point (for the analysis of a finished
/// sweep, which holds one value per point anyway).
pub fn unit_design(plan: &SweepPlan) -> Vec<Vec<f64>> {
    let design = Design::new(plan);
    if !design.sampled() {
        return Vec::new();
    }
    (0..design.len()).map(|i| design.unit(i)).collect()
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

    fn plan(sampling: Sampling, samples: Option<u32>, params: &[(&str, Values)]) -> SweepPlan {
        SweepPlan {
            version: 1,
            base: "b.yaml".into(),
            contrast: None,
            replicates: 1,
            days: None,
            burn_in_days: None,
            seed: 3,
            sampling,
            samples,
            parameters: params.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        }
    }

    fn range(min: f64, max: f64) -> Values {
        Values::Range(Range { min, max, scale: Scale::Linear })
    }

    #[test]
    fn points_on_demand_are_the_designs_in_order() {
        let p = plan(Sampling::Sobol, Some(64), &[("a", range(0.0, 1.0)), ("b", range(0.0, 1.0))]);
        let d = Design::new(&p);
        assert_eq!(d.len(), 64);
        let all = sobol_points(64, 2);
        assert!((0..64).all(|i| d.unit(i) == all[i as usize]));
        let p = plan(Sampling::Saltelli, Some(16), &[("a", range(0.0, 1.0)), ("b", range(0.0, 1.0))]);
        let d = Design::new(&p);
        let all = saltelli_design(16, 2);
        assert_eq!(d.len(), all.len() as u64);
        assert!((0..d.len()).all(|i| d.unit(i) == all[i as usize]));
        let p = plan(
            Sampling::Factorial,
            None,
            &[
                ("a", Values::List(vec![1.into(), 2.into()])),
                ("b", Values::List(vec!["x".into(), "y".into(), "z".into()])),
            ],
        );
        let d = Design::new(&p);
        let got: Vec<String> =
            (0..d.len()).map(|i| format!("{}{}", d.point(i)["a"], d.point(i)["b"])).collect();
        assert_eq!(got, ["1\"x\"", "1\"y\"", "1\"z\"", "2\"x\"", "2\"y\"", "2\"z\""]);
    }

    #[test]
    fn huge_plans_are_counted_without_being_built() {
        let twelve: Vec<(String, Values)> =
            (0..12).map(|i| (format!("p{i:02}"), Values::List((0..4).map(|v| v.into()).collect()))).collect();
        let refs: Vec<(&str, Values)> = twelve.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        let p = plan(Sampling::Factorial, None, &refs);
        assert_eq!(point_count(&p), Some(1 << 24));
        let d = Design::new(&p);
        assert_eq!(d.point((1 << 24) - 1)["p00"], serde_json::json!(3));
        let p = plan(Sampling::Sobol, Some(1 << 20), &[("a", range(0.0, 1.0))]);
        assert!(design_bytes(&p) < 10_000);
        assert_eq!(Design::new(&p).unit((1 << 20) - 1), sobol_points(1 << 20, 1).pop().unwrap());
        let many: Vec<(String, Values)> =
            (0..40).map(|i| (format!("p{i:02}"), Values::List((0..4).map(|v| v.into()).collect()))).collect();
        let refs: Vec<(&str, Values)> = many.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        assert_eq!(point_count(&plan(Sampling::Factorial, None, &refs)), None);
    }

    #[test]
    fn the_direction_numbers_cover_the_documented_dimensions() {
        use sobol::SobolParams;
        assert_eq!(SobolParams::<u32>::max_dims(&sobol::params::JoeKuoD6::minimal()), MAX_SOBOL_DIMS);
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
