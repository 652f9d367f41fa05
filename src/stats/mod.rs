//! Statistics shared by validation, comparisons and sweeps, all pure functions: means
//! with Student-t 95% intervals and medians here, the two-sample Kolmogorov–Smirnov test
//! in [`ks`], Sobol and Morris sensitivity estimators in [`sensitivity`].

pub mod ks;
pub mod prim;
pub mod sensitivity;
pub mod tost;

pub use ks::ks_two_sample;

/// Mean and 95% confidence interval (Student t) of the finite values; the interval is
/// NaN with fewer than two values, everything NaN with none.
pub fn mean_ci95(values: &[f64]) -> (f64, f64, f64) {
    let v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    let n = v.len();
    if n == 0 {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    let mean = v.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return (mean, f64::NAN, f64::NAN);
    }
    let half = t975(n - 1) * sd(&v) / (n as f64).sqrt();
    (mean, mean - half, mean + half)
}

/// The mean of `values` and its Student-t 95% interval cut to the support `(lo, hi)` a
/// quantity can take (a count is never below 0, a share never above 1). The true mean lies
/// inside the support, so cutting the interval there keeps its coverage exactly; a log or
/// logit interval would not, and with 2–3 replicates of a noisy count its upper end runs
/// to hundreds of times the mean.
pub fn mean_ci95_within(values: &[f64], bounds: (Option<f64>, Option<f64>)) -> (f64, f64, f64) {
    let (mean, lo, hi) = mean_ci95(values);
    let cut = |x: f64| x.clamp(bounds.0.unwrap_or(f64::NEG_INFINITY), bounds.1.unwrap_or(f64::INFINITY));
    if !lo.is_finite() || !hi.is_finite() {
        return (mean, lo, hi);
    }
    (mean, cut(lo), cut(hi))
}

/// Drift of a daily series: the least-squares slope times its length, over its mean —
/// the change over the whole series a straight line fits, as a share of the level. NaN
/// for fewer than two values or a zero mean.
pub fn relative_drift(y: &[f64]) -> f64 {
    let n = y.len() as f64;
    if y.len() < 2 {
        return f64::NAN;
    }
    let (mx, my) = ((n - 1.0) / 2.0, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, v) in y.iter().enumerate() {
        let dx = i as f64 - mx;
        sxy += dx * (v - my);
        sxx += dx * dx;
    }
    if my == 0.0 { f64::NAN } else { sxy / sxx * n / my }
}

/// Sample standard deviation (n − 1); NaN with fewer than two values.
pub fn sd(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return f64::NAN;
    }
    let m = v.iter().sum::<f64>() / v.len() as f64;
    (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64).sqrt()
}

/// Median as Python's `statistics.median`: the mean of the middle two for even counts;
/// None for no values.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 })
}

/// The `q` quantile of sorted values, interpolating linearly between order statistics
/// (numpy's default); NaN for no values.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = q * (sorted.len() - 1) as f64;
    let (i, f) = (h.floor() as usize, h.fract());
    if i + 1 < sorted.len() { sorted[i] * (1.0 - f) + sorted[i + 1] * f } else { sorted[i] }
}

#[cfg(test)]
mod drift_tests {
    #[test]
    fn intervals_stay_inside_the_support() {
        // Injuries over 5 replicates: the t interval goes below 0; cut at 0, the rest kept.
        let v = [0.0, 0.0, 1.0, 0.0, 1.0];
        let (m, lo, hi) = super::mean_ci95(&v);
        assert!(lo < 0.0);
        assert_eq!(super::mean_ci95_within(&v, (Some(0.0), None)), (m, 0.0, hi));
        // A share near 1: its upper end is cut at 1.
        let s = [0.97, 0.99, 0.95, 1.0, 0.98];
        let (m, lo, hi) = super::mean_ci95_within(&s, (Some(0.0), Some(1.0)));
        assert!(hi <= 1.0 && lo < m && lo > 0.9, "{lo} {m} {hi}");
        // Unbounded: the t interval itself.
        assert_eq!(super::mean_ci95_within(&v, (None, None)), super::mean_ci95(&v));
    }

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        assert_eq!(super::quantile_sorted(&[1.0, 2.0, 4.0], 0.75), 3.0);
        assert!(super::quantile_sorted(&[], 0.5).is_nan());
    }

    #[test]
    fn drift_is_the_fitted_change_over_the_level() {
        let flat = [5.0; 100];
        assert_eq!(super::relative_drift(&flat), 0.0);
        // From 90 to 110 around a mean of 100: about +20%.
        let line: Vec<f64> = (0..101).map(|i| 90.0 + 0.2 * i as f64).collect();
        assert!((super::relative_drift(&line) - 0.2 * 101.0 / 100.0).abs() < 1e-9);
    }
}

/// The 97.5% quantile of Student's t with `df` degrees of freedom.
pub fn t975(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
        2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
        2.045, 2.042,
    ];
    match df {
        0 => f64::NAN,
        1..=30 => TABLE[df - 1],
        // Cornish–Fisher expansion around the normal quantile: exact to 3 decimals here.
        _ => {
            let (z, d) = (1.959964f64, df as f64);
            z + (z.powi(3) + z) / (4.0 * d) + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * d * d)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_intervals_match_tables() {
        assert!((t975(40) - 2.021).abs() < 1e-3 && (t975(120) - 1.980).abs() < 1e-3);
        let (m, lo, hi) = mean_ci95(&[1.0, 2.0, 3.0, f64::NAN]);
        assert_eq!(m, 2.0);
        assert!((hi - m - 4.303 / 3f64.sqrt()).abs() < 1e-9 && (m - lo - (hi - m)).abs() < 1e-12);
        assert!(mean_ci95(&[5.0]).1.is_nan());
    }

    #[test]
    fn median_averages_the_middle_pair() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }
}
