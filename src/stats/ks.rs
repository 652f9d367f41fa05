//! The two-sample Kolmogorov–Smirnov test, exact for small samples.

/// Two-sample Kolmogorov–Smirnov test: the largest gap D between the empirical CDFs and its
/// p-value. Exact for small samples without ties (the permutation distribution of D,
/// counted by the Hodges lattice-path recursion); asymptotic with Stephens' correction
/// beyond 10,000 paths' worth of sample size. With ties (counts, integers) the test is
/// conservative: p is too large, never too small. None when a sample is empty: there is
/// nothing to test, which is not the same as no difference.
pub fn ks_two_sample(a: &[f64], b: &[f64]) -> Option<(f64, f64)> {
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        return None;
    }
    let mut a = a.to_vec();
    let mut b = b.to_vec();
    a.sort_by(f64::total_cmp);
    b.sort_by(f64::total_cmp);
    let (mut i, mut j, mut d) = (0, 0, 0.0f64);
    while i < n && j < m {
        let x = a[i].min(b[j]);
        while i < n && a[i] <= x {
            i += 1;
        }
        while j < m && b[j] <= x {
            j += 1;
        }
        d = d.max((i as f64 / n as f64 - j as f64 / m as f64).abs());
    }
    let p = if n * m <= 10_000 { exact_p(n, m, d) } else { asymptotic_p(n, m, d) };
    Some((d, p.clamp(0.0, 1.0)))
}

/// P(D ≥ d) under the null: the share of the C(n+m, n) orderings of the pooled sample
/// whose path stays strictly inside |i/n − j/m| < d.
fn exact_p(n: usize, m: usize, d: f64) -> f64 {
    // Tolerance so that a path exactly at distance d counts as reaching it.
    let inside = |i: usize, j: usize| ((i as f64 / n as f64) - (j as f64 / m as f64)).abs() < d - 1e-9;
    let mut u = vec![0.0f64; m + 1];
    for (j, slot) in u.iter_mut().enumerate() {
        *slot = if inside(0, j) { 1.0 } else { 0.0 };
        if *slot == 0.0 {
            break;
        }
    }
    for i in 1..=n {
        // Probabilities, not counts: each step divides by the paths' total so far.
        let w = i as f64 / (i + m) as f64;
        u[0] = if inside(i, 0) { u[0] * w } else { 0.0 };
        for j in 1..=m {
            u[j] = if inside(i, j) { w * u[j] + u[j - 1] } else { 0.0 };
        }
    }
    1.0 - u[m]
}

fn asymptotic_p(n: usize, m: usize, d: f64) -> f64 {
    let en = ((n * m) as f64 / (n + m) as f64).sqrt();
    let lambda = (en + 0.12 + 0.11 / en) * d;
    if lambda < 1e-3 {
        return 1.0;
    }
    let mut sum = 0.0;
    for k in 1..=100 {
        let term = 2.0 * (-1f64).powi(k - 1) * (-2.0 * (k as f64 * lambda).powi(2)).exp();
        sum += term;
        if term.abs() < 1e-12 {
            break;
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_samples_give_p_one_and_empty_ones_are_not_tested() {
        let a = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(ks_two_sample(&a, &a), Some((0.0, 1.0)));
        assert_eq!(ks_two_sample(&a, &[]), None);
    }

    #[test]
    fn exact_p_matches_scipy() {
        // scipy.stats.ks_2samp([1..5], [6..10], method='exact') → D = 1, p = 0.00794
        let a = [1.0, 2.0, 3.0, 4.0, 5.0];
        let b = [6.0, 7.0, 8.0, 9.0, 10.0];
        let (d, p) = ks_two_sample(&a, &b).unwrap();
        assert_eq!(d, 1.0);
        assert!((p - 2.0 / 252.0).abs() < 1e-9, "{p}");
        // ks_2samp([1,2,3,4,5,6], [3.5,4.5,5.5,6.5,7.5,8.5], method='exact') → D = 0.5,
        // p = 0.474026 (scipy 1.17.1)
        let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let b = [3.5, 4.5, 5.5, 6.5, 7.5, 8.5];
        let (d, p) = ks_two_sample(&a, &b).unwrap();
        assert!((d - 0.5).abs() < 1e-12);
        assert!((p - 0.474026).abs() < 1e-6, "{p}");
        // Unequal sizes: D = 0.482143, p = 0.252214
        let a = [0.1, 0.5, 0.9, 1.3, 2.0, 2.2, 3.0];
        let b = [0.3, 1.1, 1.2, 2.5, 2.6, 2.8, 3.5, 4.0];
        let (d, p) = ks_two_sample(&a, &b).unwrap();
        assert!((d - 0.482143).abs() < 1e-6, "{d}");
        assert!((p - 0.252214).abs() < 1e-6, "{p}");
    }

    #[test]
    fn shifted_large_samples_are_told_apart() {
        let a: Vec<f64> = (0..200).map(|i| i as f64).collect();
        let b: Vec<f64> = (0..200).map(|i| i as f64 + 40.0).collect();
        let (d, p) = ks_two_sample(&a, &b).unwrap();
        assert!((d - 0.2).abs() < 1e-12);
        assert!(p < 0.001, "{p}");
    }
}
