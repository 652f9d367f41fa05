//! Equivalence of two means: Schuirmann's two one-sided tests (TOST) with Welch's t, and
//! the Student t distribution they need (for any real degrees of freedom, as
//! Welch–Satterthwaite gives).

/// The two one-sided Welch t tests of H₀: μ_b − μ_a ≤ −margin and H₀: μ_b − μ_a ≥ +margin.
/// Rejecting both at α (`p() < α`) declares the means equivalent within ±margin; the same
/// as the (1 − 2α) interval of the difference lying inside ±margin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tost {
    /// mean(b) − mean(a).
    pub difference: f64,
    pub margin: f64,
    /// Welch's standard error of the difference.
    pub se: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub df: f64,
    /// p of the test against H₀: difference ≤ −margin.
    pub p_lower: f64,
    /// p of the test against H₀: difference ≥ +margin.
    pub p_upper: f64,
}

impl Tost {
    /// The TOST p-value: the larger of the two one-sided ones.
    pub fn p(&self) -> f64 {
        self.p_lower.max(self.p_upper)
    }

    pub fn equivalent(&self, alpha: f64) -> bool {
        self.p() < alpha
    }

    /// The (1 − 2α) confidence interval of the difference, the one TOST at α checks.
    pub fn interval(&self, alpha: f64) -> (f64, f64) {
        let half = student_t_quantile(1.0 - alpha, self.df) * self.se;
        (self.difference - half, self.difference + half)
    }
}

/// TOST of the means of `b` and `a` with Welch's unequal-variance t. None when there is
/// nothing to test: fewer than two values on a side, a margin that is not positive, or no
/// spread on either side (the t statistic is undefined).
pub fn tost_welch(a: &[f64], b: &[f64], margin: f64) -> Option<Tost> {
    let (na, nb) = (a.len() as f64, b.len() as f64);
    if a.len() < 2 || b.len() < 2 || !(margin > 0.0 && margin.is_finite()) {
        return None;
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let var = |v: &[f64], m: f64| v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64;
    let (ma, mb) = (mean(a), mean(b));
    let (ua, ub) = (var(a, ma) / na, var(b, mb) / nb);
    let se = (ua + ub).sqrt();
    if !(se > 0.0 && se.is_finite()) {
        return None;
    }
    let df = (ua + ub).powi(2) / (ua * ua / (na - 1.0) + ub * ub / (nb - 1.0));
    let difference = mb - ma;
    Some(Tost {
        difference,
        margin,
        se,
        df,
        p_lower: student_t_sf((difference + margin) / se, df),
        p_upper: student_t_cdf((difference - margin) / se, df),
    })
}

/// P(T ≤ t) for Student's t with `df` > 0 degrees of freedom.
pub fn student_t_cdf(t: f64, df: f64) -> f64 {
    if t > 0.0 { 1.0 - student_t_sf(t, df) } else { student_t_sf(-t, df) }
}

/// P(T > t), computed directly in the tail (no 1 − x cancellation for large t).
pub fn student_t_sf(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    let tail = 0.5 * incomplete_beta(df / (df + t * t), df / 2.0, 0.5);
    if t > 0.0 { tail } else { 1.0 - tail }
}

/// The p-quantile of Student's t with `df` degrees of freedom, for 0 < p < 1: bisection,
/// then Newton steps on the CDF (smooth and increasing, so both converge).
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    if !(p > 0.0 && p < 1.0) || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    let (mut lo, mut hi) = (-1.0, 1.0);
    while student_t_cdf(lo, df) > p {
        lo *= 2.0;
    }
    while student_t_cdf(hi, df) < p {
        hi *= 2.0;
    }
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if student_t_cdf(mid, df) < p {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-12 * hi.abs().max(1.0) {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// The regularised incomplete beta function I_x(a, b): the continued fraction of
/// Numerical Recipes (§6.4, modified Lentz), on the side of x where it converges fast.
fn incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front = (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(x, a, b) / a
    } else {
        1.0 - front * beta_fraction(1.0 - x, b, a) / b
    }
}

fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=300 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// ln Γ(x) for x > 0: Lanczos' approximation (g = 7, 9 terms), relative error below 1e-15.
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + G + 0.5;
    let sum = C.iter().enumerate().skip(1).fold(C[0], |s, (i, c)| s + c / (x + i as f64));
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol * b.abs().max(1e-300), "{a} against {b}");
    }

    #[test]
    fn t_distribution_matches_scipy() {
        // scipy 1.17.1: stats.t.cdf(t, df), stats.t.sf(t, df), stats.t.ppf(p, df).
        close(student_t_cdf(-2.5, 3.0), 0.04385332350403278, 1e-12);
        close(student_t_cdf(1.3, 17.4), 0.8947204150399468, 1e-12);
        close(student_t_cdf(0.0, 7.0), 0.5, 1e-15);
        close(student_t_sf(8.0, 2.5), 0.0038283220655217234, 1e-11);
        close(student_t_sf(40.0, 150.0), 3.23834392808302e-82, 1e-9);
        close(student_t_cdf(0.7, 1.0), 0.6944001122142147, 1e-12);
        // Huge df: ln Γ(a + ½) − ln Γ(a) cancels about six digits, still 1e-10 of the tail.
        close(student_t_cdf(1.96, 1e5), 0.9750007184028492, 1e-11);
        close(student_t_sf(3.5, 198.0), 0.0002873536894381668, 1e-10);
        close(student_t_cdf(-0.3, 0.5), 0.42242957606524545, 1e-12);
        close(student_t_quantile(0.95, 197.3), 1.6526133463986334, 1e-10);
        close(student_t_quantile(0.975, 4.0), 2.7764451051977934, 1e-10);
        close(student_t_quantile(0.05, 12.5), -1.776366221247031, 1e-10);
    }

    #[test]
    fn tost_matches_statsmodels() {
        // statsmodels 0.15.0 (scipy 1.17.1): weightstats.ttost_ind(b, a, -m, m,
        // usevar="unequal"), which tests b − a, and CompareMeans.tconfint_diff(alpha=0.1);
        // unequal sizes and spreads.
        let a = [4.1, 5.3, 6.0, 4.8, 5.5, 7.2, 3.9, 5.0, 6.1, 5.7];
        let b = [5.2, 6.8, 5.9, 7.4, 6.1, 5.0, 6.6, 7.9, 6.3, 5.8, 6.9, 7.1];
        let t = tost_welch(&a, &b, 0.8).unwrap();
        close(t.difference, 1.0566666666666666, 1e-12);
        close(t.df, 18.241987978369007, 1e-10);
        close(t.p_lower, 9.472902494625144e-05, 1e-9);
        close(t.p_upper, 0.7361692900688297, 1e-10);
        assert!(!t.equivalent(0.05));
        let (lo, hi) = t.interval(0.05);
        close(lo, 0.3659304830714366, 1e-9);
        close(hi, 1.747402850261893, 1e-9);
        let wide = tost_welch(&a, &b, 2.0).unwrap();
        close(wide.p_lower, 2.042005333818224e-07, 1e-8);
        close(wide.p_upper, 0.01460650877931831, 1e-9);
        assert!(wide.equivalent(0.05) && wide.p() == wide.p_upper);
    }

    #[test]
    fn nothing_to_test_is_none() {
        assert_eq!(tost_welch(&[1.0], &[1.0, 2.0], 1.0), None);
        assert_eq!(tost_welch(&[0.0, 0.0], &[0.0, 0.0, 0.0], 1.0), None);
        assert_eq!(tost_welch(&[1.0, 2.0], &[1.0, 2.0], 0.0), None);
        // No spread on one side only is still a test.
        assert!(tost_welch(&[0.0, 0.0, 0.0], &[0.0, 1.0, 0.0], 1.0).is_some());
    }
}
