//! The city grid and its places: attractiveness, residents, near-repeat boost,
//! guardianship, police presence and the crime history patrols rank by (MODEL.md §2, §5, §7.8).

use rand::RngExt;
use rand_distr::StandardNormal;
use rayon::prelude::*;

use crate::rng::{Stream, stream};
use crate::scenario::{CityGrid, CityParams, CrimeType};

/// Per-cell state, struct-of-arrays, row-major (cell = y × width + x).
#[derive(Debug, Clone)]
pub struct City {
    pub width: u32,
    pub height: u32,
    /// Base attractiveness A0 (static, mean 1 for synthetic cities).
    pub a0: Vec<f32>,
    /// Residents of cell c are citizens `resident_start[c]..resident_start[c + 1]`.
    pub resident_start: Vec<u32>,
    /// Repeat-victimisation boost B.
    pub boost: Vec<f32>,
    /// Guardianship G from watch members.
    pub guard: Vec<f32>,
    /// Police presence P from today's patrol hours.
    pub presence: Vec<f32>,
    /// Presence as offenders perceive it (own cell plus a halo from neighbours).
    pub perceived: Vec<f32>,
    /// Cells whose presence/perceived values are non-zero today (reset next plan).
    pub patrolled: Vec<u32>,
    pub perceived_touched: Vec<u32>,
    /// Exponential average of recorded crime (hot-spot ranking).
    pub hot_score: Vec<f32>,
    /// Exponential average of residents' reports and fear (community ranking).
    pub community_score: Vec<f32>,
    /// Watch members living in the cell.
    pub watch_members: Vec<u32>,
    /// Recent arrests per offender living nearby (general deterrence).
    /// Citizens registered for police alerts living in each cell (Burgernet).
    pub registered: Vec<u32>,
    /// Enforcement against self-help seen near each cell: prosecutions per 100 residents
    /// within the deterrence radius, fading with `roles.risk_memory_days`.
    pub enforcement_seen: Vec<f32>,
    pub arrest_pressure: Vec<f32>,
    /// Offenders living within the deterrence radius.
    pub offenders_near: Vec<u32>,
    /// Cumulative per-type weights of the street-crime mix in this cell (n_street per cell).
    pub type_cdf: Vec<f32>,
    pub n_street: usize,
    /// Crimes today per cell (for the boost update); cells listed in `crime_cells`.
    pub crimes_today: Vec<u16>,
    pub crime_cells: Vec<u32>,
    /// Tick of the last crime in the cell (repeat victimisation), u32::MAX if none.
    pub last_crime: Vec<u32>,
    /// Reused buffer for ranking cells (no allocation per tick).
    pub rank_scratch: Vec<(f64, u32)>,
}

impl City {
    pub fn cells(&self) -> usize {
        (self.width * self.height) as usize
    }

    pub fn residents(&self, c: usize) -> std::ops::Range<u32> {
        self.resident_start[c]..self.resident_start[c + 1]
    }

    pub fn xy(&self, c: u32) -> (u32, u32) {
        (c % self.width, c / self.width)
    }

    /// Cells within Chebyshev distance `r` of `c`, clipped to the grid (not wrapped).
    pub fn square(&self, c: u32, r: u32) -> (std::ops::RangeInclusive<u32>, std::ops::RangeInclusive<u32>) {
        let (x, y) = self.xy(c);
        (
            x.saturating_sub(r)..=(x + r).min(self.width - 1),
            y.saturating_sub(r)..=(y + r).min(self.height - 1),
        )
    }

    /// A uniformly random cell within Chebyshev distance `r` of `c`.
    pub fn random_near(&self, c: u32, r: u32, rng: &mut impl RngExt) -> u32 {
        let (xs, ys) = self.square(c, r);
        let x = rng.random_range(xs);
        let y = rng.random_range(ys);
        y * self.width + x
    }

    /// Builds a synthetic city (or takes a CSV one) for `population` citizens.
    pub fn build(p: &CityParams, csv: Option<&CityGrid>, seed: u64, types: &[(&String, &CrimeType)]) -> City {
        let (width, height, a0, counts) = match csv {
            Some(g) => (
                g.width,
                g.height,
                g.attractiveness.iter().map(|&a| a as f32).collect(),
                g.population.clone(),
            ),
            None => {
                let cells = (p.width * p.height) as usize;
                let a0 =
                    lognormal_field(p.width, p.height, p.attractiveness_log_sd, p.smoothing_radius, seed, 0);
                let density = lognormal_field(
                    p.width,
                    p.height,
                    p.density_log_sd,
                    p.smoothing_radius,
                    seed,
                    cells as u64,
                );
                (p.width, p.height, a0, apportion(p.population, &density))
            }
        };
        let cells = (width * height) as usize;
        let mut resident_start = Vec::with_capacity(cells + 1);
        let mut acc = 0u32;
        resident_start.push(0);
        for &n in &counts {
            acc += n;
            resident_start.push(acc);
        }
        let mut city = City {
            width,
            height,
            a0,
            resident_start,
            boost: vec![0.0; cells],
            guard: vec![0.0; cells],
            presence: vec![0.0; cells],
            perceived: vec![0.0; cells],
            patrolled: Vec::new(),
            perceived_touched: Vec::new(),
            hot_score: vec![0.0; cells],
            community_score: vec![0.0; cells],
            watch_members: vec![0; cells],
            arrest_pressure: vec![0.0; cells],
            registered: vec![0; cells],
            enforcement_seen: vec![0.0; cells],
            offenders_near: vec![0; cells],
            type_cdf: Vec::new(),
            n_street: 0,
            crimes_today: vec![0; cells],
            crime_cells: Vec::new(),
            last_crime: vec![u32::MAX; cells],
            rank_scratch: Vec::with_capacity(cells),
        };
        city.set_type_mix(types);
        city
    }

    /// Per-cell cumulative weights of the street types: share × (A0 / mean A0)^elasticity.
    pub fn set_type_mix(&mut self, street: &[(&String, &CrimeType)]) {
        let cells = self.cells();
        let mean_a = (self.a0.iter().map(|&a| a as f64).sum::<f64>() / cells as f64).max(1e-12);
        self.n_street = street.len();
        self.type_cdf = vec![0.0; cells * street.len()];
        for c in 0..cells {
            let rel = (self.a0[c] as f64 / mean_a).max(1e-6);
            let mut acc = 0.0;
            for (k, (_, t)) in street.iter().enumerate() {
                acc += t.share * rel.powf(t.attract_elasticity);
                self.type_cdf[c * street.len() + k] = acc as f32;
            }
        }
    }
}

/// A spatially correlated log-normal field with mean 1: white noise, box-blurred twice
/// (close to Gaussian smoothing), standardised, then exp(σz − σ²/2).
fn lognormal_field(w: u32, h: u32, log_sd: f64, radius: u32, seed: u64, id_offset: u64) -> Vec<f32> {
    let cells = (w * h) as usize;
    let mut z: Vec<f64> = (0..cells)
        .into_par_iter()
        .map(|c| stream(seed, 0, Stream::City, id_offset + c as u64).sample(StandardNormal))
        .collect();
    for _ in 0..2 {
        z = box_blur(&z, w as usize, h as usize, radius as usize);
    }
    let n = cells as f64;
    let mean = z.iter().sum::<f64>() / n;
    let sd = (z.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
    let sd = if sd > 1e-12 { sd } else { 1.0 };
    z.iter().map(|v| ((log_sd * (v - mean) / sd) - log_sd * log_sd / 2.0).exp() as f32).collect()
}

/// Separable box blur with clipped edges (each output is the mean of in-grid cells).
fn box_blur(z: &[f64], w: usize, h: usize, r: usize) -> Vec<f64> {
    if r == 0 {
        return z.to_vec();
    }
    let mut tmp = vec![0.0; z.len()];
    for y in 0..h {
        for x in 0..w {
            let (lo, hi) = (x.saturating_sub(r), (x + r).min(w - 1));
            tmp[y * w + x] = (lo..=hi).map(|i| z[y * w + i]).sum::<f64>() / (hi - lo + 1) as f64;
        }
    }
    let mut out = vec![0.0; z.len()];
    for y in 0..h {
        let (lo, hi) = (y.saturating_sub(r), (y + r).min(h - 1));
        for x in 0..w {
            out[y * w + x] = (lo..=hi).map(|j| tmp[j * w + x]).sum::<f64>() / (hi - lo + 1) as f64;
        }
    }
    out
}

/// Splits `total` into integer counts proportional to `weights` (largest remainder, ties by index).
pub fn apportion(total: u32, weights: &[f32]) -> Vec<u32> {
    let sum: f64 = weights.iter().map(|&w| w as f64).sum();
    let exact: Vec<f64> = weights.iter().map(|&w| total as f64 * w as f64 / sum).collect();
    let mut counts: Vec<u32> = exact.iter().map(|e| e.floor() as u32).collect();
    let left = total - counts.iter().sum::<u32>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())).then(a.cmp(&b))
    });
    for &i in order.iter().take(left as usize) {
        counts[i] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_is_exact() {
        let c = apportion(10, &[1.0, 1.0, 1.0]);
        assert_eq!(c.iter().sum::<u32>(), 10);
        assert_eq!(c, vec![4, 3, 3]);
    }

    #[test]
    fn field_has_requested_spread_and_correlation() {
        let f = lognormal_field(60, 60, 0.8, 2, 9, 0);
        let logs: Vec<f64> = f.iter().map(|&a| (a as f64).ln()).collect();
        let n = logs.len() as f64;
        let m = logs.iter().sum::<f64>() / n;
        let sd = (logs.iter().map(|v| (v - m).powi(2)).sum::<f64>() / n).sqrt();
        assert!((sd - 0.8).abs() < 0.02, "{sd}");
        // Neighbours are correlated: smoothing made the field spatial.
        let mut num = 0.0;
        for y in 0..60 {
            for x in 0..59 {
                num += (logs[y * 60 + x] - m) * (logs[y * 60 + x + 1] - m);
            }
        }
        let corr = num / (60.0 * 59.0) / (sd * sd);
        assert!(corr > 0.5, "{corr}");
    }
}
