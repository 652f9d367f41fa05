//! The citizen's rule (Epstein 2002, Model I): active when G − R × P > T, with grievance
//! G = H × (1 − L) and estimated arrest probability P = 1 − exp(−k × ⌊C/A⌉).
//!
//! P only depends on the whole number n = ⌊C/A⌉, and grows with it, so each citizen's rule
//! reduces to one integer fixed at creation: the smallest n at which it would stay quiet,
//! n*. A tick then needs no floating point: active ⇔ ⌊C/A⌉ < n*, tested exactly with
//! integer products (no division, no rounding error).

use crate::scenario::{CivilViolenceParams, Rounding};

use super::grid::Cell;

/// The rule's constants: legitimacy, threshold, and P(n) for every n a vision can see.
#[derive(Debug, Clone)]
pub struct Rule {
    legitimacy: f64,
    threshold: f64,
    arrest_probability: Vec<f64>,
    pub rounding: Rounding,
}

impl Rule {
    /// `vision_cells` bounds n: there cannot be more cops in view than cells.
    pub fn new(p: &CivilViolenceParams, vision_cells: usize) -> Rule {
        // Same expression as Mesa: 1 − exp(−k × n), in f64.
        let arrest_probability =
            (0..=vision_cells).map(|n| 1.0 - (-p.arrest_constant * n as f64).exp()).collect();
        Rule {
            legitimacy: p.legitimacy,
            threshold: p.threshold,
            arrest_probability,
            rounding: p.ratio_rounding,
        }
    }

    /// Whether a citizen with hardship `h` and risk aversion `r` is active when the rounded
    /// cop-to-active ratio is `n` — the rule as written, in f64 like Mesa.
    pub fn active_at(&self, h: f64, r: f64, n: usize) -> bool {
        let grievance = h * (1.0 - self.legitimacy);
        grievance - r * self.arrest_probability[n] > self.threshold
    }

    /// The smallest n at which the citizen is quiet; one past the largest possible n if it
    /// is active whatever it sees.
    pub fn nstar(&self, h: f64, r: f64) -> u16 {
        let last = self.arrest_probability.len();
        let n = (0..last).find(|&n| !self.active_at(h, r, n)).unwrap_or(last);
        (n as u16).min(Cell::MAX_NSTAR)
    }
}

/// Whether ⌊C/A⌉ < m for `cops` C and `actives` A ≥ 1 (the citizen itself included).
/// Half-even rounding: ⌊C/A⌉ ≤ m − 1 ⇔ C/A < m − ½, or C/A = m − ½ and m − 1 is even.
#[inline]
pub fn ratio_below(cops: u32, actives: u32, m: u16, rounding: Rounding) -> bool {
    let (c, a, m) = (cops as u64, actives as u64, m as u64);
    match rounding {
        Rounding::Floor => c < m * a,
        Rounding::HalfEven => {
            if m == 0 {
                return false;
            }
            let (lhs, rhs) = (2 * c, (2 * m - 1) * a);
            lhs < rhs || (lhs == rhs && (m - 1) % 2 == 0)
        }
    }
}

/// ⌊C/A⌉ as Python computes `round(C / A)` (and `math.floor` for the NetLogo variant).
pub fn rounded_ratio(cops: u32, actives: u32, rounding: Rounding) -> usize {
    let q = (cops / actives) as usize;
    let twice_rem = 2 * (cops % actives);
    match rounding {
        Rounding::Floor => q,
        Rounding::HalfEven if twice_rem > actives || (twice_rem == actives && q % 2 == 1) => q + 1,
        Rounding::HalfEven => q,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Fast, Stream, key};

    #[test]
    fn rounding_matches_python() {
        // Python: round(0.5)=0, round(1.5)=2, round(2.5)=2, round(1/3)=0, round(2/3)=1.
        let r = Rounding::HalfEven;
        assert_eq!(
            [(1, 2), (3, 2), (5, 2), (1, 3), (2, 3), (7, 2)].map(|(c, a)| rounded_ratio(c, a, r)),
            [0, 2, 2, 0, 1, 4]
        );
        assert_eq!(rounded_ratio(5, 2, Rounding::Floor), 2);
    }

    #[test]
    fn integer_test_equals_rounded_ratio() {
        for rounding in [Rounding::HalfEven, Rounding::Floor] {
            for c in 0..40 {
                for a in 1..40 {
                    for m in 0..30u16 {
                        let want = rounded_ratio(c, a, rounding) < m as usize;
                        assert_eq!(ratio_below(c, a, m, rounding), want, "{c}/{a} < {m} ({rounding:?})");
                    }
                }
            }
        }
    }

    #[test]
    fn nstar_reproduces_the_rule_for_every_ratio() {
        let p = CivilViolenceParams::default();
        let rule = Rule::new(&p, 112);
        let mut rng = Fast::new(key(1, 0, Stream::CvInit, 0));
        for _ in 0..20_000 {
            let (h, r) = (rng.unit(), rng.unit());
            let m = rule.nstar(h, r);
            for n in 0..=112 {
                assert_eq!(rule.active_at(h, r, n), n < m as usize, "h {h} r {r} n {n} n* {m}");
            }
        }
    }

    #[test]
    fn quiet_citizens_stay_quiet_whatever_they_see() {
        // G = H(1 − L) ≤ 0.2 with L = 0.8; G ≤ T = 0.1 means quiet even with no cops.
        let rule = Rule::new(&CivilViolenceParams::default(), 112);
        assert_eq!(rule.nstar(0.4, 0.5), 0);
        assert_eq!(rule.nstar(1.0, 0.0), 113, "no risk aversion: always active");
    }
}
