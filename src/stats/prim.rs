//! PRIM, the patient rule induction method (Friedman & Fisher 1999, "Bump hunting in
//! high-dimensional data"), for scenario discovery: boxes of input space (a range per
//! input) where a condition on the outcome mostly holds.
//!
//! It follows EMA Workbench's `ema_workbench.analysis.prim.Prim` (binary mode, numeric
//! inputs), step for step, so that both give the same trajectory on the same data
//! (`scripts/prim_check.py`):
//!
//! - **Peeling.** From the box of all remaining cases, each input offers two peels: its
//!   lower limit moved up to the `peel_alpha` quantile of the box's values, or its upper
//!   limit down to the 1 − `peel_alpha` quantile ([`quantile`]: sdtoolkit's rule, which
//!   steps over ties so that a peel always removes something when it can). The peel with
//!   the best objective is taken — EMA's default `lenient1` objective, the gain in the share
//!   of cases of interest per case removed, or Friedman & Fisher's `original`, that share
//!   itself — while it is positive and the box keeps a mass of at least `mass_min`. Ties
//!   go to the peel that restricts fewer inputs, then to the first one (inputs in order,
//!   upper before lower).
//! - **Pasting.** The last box then grows back on its restricted inputs (a slab of the
//!   remaining cases beyond a limit, up to its `paste_alpha` quantile) while that raises
//!   both the objective and the density.
//! - **The trajectory.** Every box on the way is a [`Step`]: limits, cases, cases of
//!   interest, coverage, density, mass, restricted inputs, and the quasi-p value of each
//!   restricted limit (how likely so dense a box would be without it).
//! - **Choosing a box** ([`choose`]): EMA leaves this to its user, who looks at the
//!   trade-off between coverage and density. diypol takes the box of greatest coverage
//!   whose density reaches `threshold` (ties: higher density, fewer restricted inputs,
//!   earlier). A trajectory where no box reaches it yields its densest box, marked as
//!   falling short, and the search stops there.
//! - **More boxes.** The cases inside the chosen box are removed and the search repeats
//!   on the rest (EMA's default update), up to `max_boxes`. Coverage and mass stay shares
//!   of all cases, as in EMA.
//!
//! Categorical inputs (EMA peels one category at a time) are not supported: every input
//! is a number, integers included (their limits may fall between two integers).

/// How a candidate peel or paste is scored (EMA Workbench's `PRIMObjectiveFunctions`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Objective {
    /// EMA's default: (change of the density) / (cases removed or added).
    #[default]
    Lenient1,
    /// Friedman & Fisher's eq. 14.6: as `Lenient1`, times the cases in the new box.
    Lenient2,
    /// Friedman & Fisher's original: the density of the new box.
    Original,
}

/// The settings of a PRIM search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Share of a box's cases one peel removes (per side of one input).
    pub peel_alpha: f64,
    /// Share of a slab beyond a limit one paste adds.
    pub paste_alpha: f64,
    /// Smallest box, as a share of all cases.
    pub mass_min: f64,
    /// Density a chosen box must reach.
    pub threshold: f64,
    pub objective: Objective,
    /// Boxes to find at most.
    pub max_boxes: usize,
}

impl Default for Options {
    /// EMA Workbench's defaults (alpha 0.05, mass 0.05), a density threshold of 0.8.
    fn default() -> Self {
        Options {
            peel_alpha: 0.05,
            paste_alpha: 0.05,
            mass_min: 0.05,
            threshold: 0.8,
            objective: Objective::Lenient1,
            max_boxes: 3,
        }
    }
}

/// How a box of the trajectory came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The box of all remaining cases.
    Start,
    Peel,
    Paste,
}

impl Phase {
    pub fn name(self) -> &'static str {
        match self {
            Phase::Start => "start",
            Phase::Peel => "peel",
            Phase::Paste => "paste",
        }
    }
}

/// One box of a trajectory.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub phase: Phase,
    /// (lower, upper) per input, both included.
    pub limits: Vec<(f64, f64)>,
    /// Cases in the box.
    pub n: usize,
    /// Cases of interest in the box.
    pub k: usize,
    /// Share of all cases of interest that are in the box.
    pub coverage: f64,
    /// Share of the box's cases that are of interest.
    pub density: f64,
    /// Share of all cases that are in the box.
    pub mass: f64,
    /// Inputs whose limits differ from the range of all cases.
    pub restricted: usize,
    /// Per input, the quasi-p value of its lower and of its upper limit, where restricted
    /// ([`binomial_upper_tail`]).
    pub quasi_p: Vec<(Option<f64>, Option<f64>)>,
}

/// One search: its trajectory and the box chosen from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub steps: Vec<Step>,
    pub chosen: usize,
    /// Whether the chosen box reaches the density threshold.
    pub meets_threshold: bool,
}

impl Found {
    pub fn chosen(&self) -> &Step {
        &self.steps[self.chosen]
    }
}

/// What [`discover`] found: the range of every input over all cases (what "restricted"
/// is measured against) and the boxes, in the order they were found.
#[derive(Debug, Clone, PartialEq)]
pub struct Discovery {
    pub ranges: Vec<(f64, f64)>,
    pub boxes: Vec<Found>,
}

/// Boxes where `interesting` holds, over cases whose inputs are `columns` (one vector per
/// input, every value finite, each as long as `interesting`). Finds at most
/// `opts.max_boxes`; stops early when a box falls short of the threshold or no case of
/// interest is left. With no case at all, no box.
pub fn discover(columns: &[Vec<f64>], interesting: &[bool], opts: &Options) -> Discovery {
    let prim = Prim::new(columns, interesting, opts);
    let mut remaining: Vec<usize> = (0..interesting.len()).collect();
    let mut boxes = Vec::new();
    while boxes.len() < opts.max_boxes && !remaining.is_empty() {
        let steps = prim.trajectory(&remaining);
        let (chosen, meets_threshold) = choose(&steps, opts.threshold);
        let limits = steps[chosen].limits.clone();
        boxes.push(Found { steps, chosen, meets_threshold });
        // A box short of the threshold ends the search; so does one that leaves no case
        // of interest outside it.
        if !meets_threshold {
            break;
        }
        remaining.retain(|&i| !prim.inside(i, &limits));
        if !remaining.iter().any(|&i| interesting[i]) {
            break;
        }
    }
    Discovery { ranges: prim.init, boxes }
}

/// The box to report from a trajectory, and whether it reaches `threshold`: the greatest
/// coverage among boxes of density ≥ `threshold` (then the higher density, the fewer
/// restricted inputs, the earlier box); if none, the densest (then the greater coverage).
pub fn choose(steps: &[Step], threshold: f64) -> (usize, bool) {
    let better = |a: &Step, b: &Step, dense_enough: bool| {
        let key = |s: &Step| {
            if dense_enough { (s.coverage, s.density) } else { (s.density, s.coverage) }
        };
        let (ka, kb) = (key(a), key(b));
        ka.0 > kb.0 || (ka.0 == kb.0 && (ka.1 > kb.1 || (ka.1 == kb.1 && a.restricted < b.restricted)))
    };
    let pick = |candidates: &mut dyn Iterator<Item = usize>, dense_enough: bool| {
        candidates.fold(None, |best: Option<usize>, i| match best {
            Some(b) if !better(&steps[i], &steps[b], dense_enough) => Some(b),
            _ => Some(i),
        })
    };
    let mut dense = (0..steps.len()).filter(|&i| steps[i].density >= threshold);
    match pick(&mut dense, true) {
        Some(i) => (i, true),
        None => (pick(&mut (0..steps.len()), false).unwrap_or(0), false),
    }
}

/// A quantile as sdtoolkit and EMA Workbench's `get_quantile` compute it: the midpoint of
/// the two order statistics around position (n − 1)·q, and when those are tied, of the
/// tied value and the next distinct value beyond it (below for q > ½, above otherwise).
/// `sorted` is in ascending order and not empty; 0 < q < 1.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let last = sorted.len() - 1;
    let i = last as f64 * q;
    let (mut lo, mut hi) = (i.floor() as usize, i.ceil() as usize);
    if q > 0.5 {
        while sorted[lo] == sorted[hi] && lo > 0 {
            lo -= 1;
        }
    } else {
        while sorted[lo] == sorted[hi] && hi < last {
            hi += 1;
        }
    }
    (sorted[lo] + sorted[hi]) / 2.0
}

/// The quasi-p value of a box's limit (Bryant & Lempert 2010, as EMA Workbench computes
/// it): with `k` cases of interest among the box's `n`, and a density `p` in the box with
/// that limit lifted, the chance of `k` or more of `n` at density `p` — a one-sided
/// binomial test (scipy's `binomtest(k, n, p, alternative="greater")`). Small: the limit
/// matters; large (≥ 0.05, say): the box is about as dense without it. `ln_factorial[i]`
/// is ln(i!) for i up to `n`.
pub fn binomial_upper_tail(k: usize, n: usize, p: f64, ln_factorial: &[f64]) -> f64 {
    if k == 0 || p >= 1.0 {
        return 1.0;
    }
    if p <= 0.0 {
        return 0.0;
    }
    let (ln_p, ln_q) = (p.ln(), (-p).ln_1p());
    let term = |j: usize| {
        let ln_choose = ln_factorial[n] - ln_factorial[j] - ln_factorial[n - j];
        (ln_choose + j as f64 * ln_p + (n - j) as f64 * ln_q).exp()
    };
    (k..=n).map(term).sum::<f64>().min(1.0)
}

/// The data and settings of one PRIM analysis.
struct Prim<'a> {
    columns: &'a [Vec<f64>],
    y: &'a [bool],
    opts: &'a Options,
    /// The range of each input over all cases.
    init: Vec<(f64, f64)>,
    /// Cases of interest among all cases.
    k_all: usize,
    /// ln(i!) for i up to the number of cases, for binomial tails.
    ln_factorial: Vec<f64>,
}

/// A box after a peel or a paste: its limits and the cases in it.
type Moved = (Vec<(f64, f64)>, Vec<usize>);

/// A candidate box: its limits, its counts and its score.
struct Candidate {
    limits: Vec<(f64, f64)>,
    n: usize,
    k: usize,
    score: f64,
    unrestricted: usize,
}

impl Candidate {
    /// Whether this beats `best`: a higher objective, then fewer restricted inputs; the
    /// first candidate keeps a tie (EMA sorts the candidates stably).
    fn beats(&self, best: &Option<Candidate>) -> bool {
        best.as_ref().is_none_or(|b| {
            self.score > b.score || (self.score == b.score && self.unrestricted > b.unrestricted)
        })
    }

    fn density(&self) -> f64 {
        self.k as f64 / self.n as f64
    }
}

impl<'a> Prim<'a> {
    fn new(columns: &'a [Vec<f64>], y: &'a [bool], opts: &'a Options) -> Prim<'a> {
        assert!(columns.iter().all(|c| c.len() == y.len()), "every input has a value per case");
        let init = columns
            .iter()
            .map(|c| c.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v))))
            .collect();
        let ln_factorial = std::iter::once(0.0)
            .chain((1..=y.len()).scan(0.0, |acc, i| {
                *acc += (i as f64).ln();
                Some(*acc)
            }))
            .collect();
        Prim { columns, y, opts, init, k_all: y.iter().filter(|&&b| b).count(), ln_factorial }
    }

    fn inside(&self, i: usize, limits: &[(f64, f64)]) -> bool {
        self.columns.iter().zip(limits).all(|(c, &(lo, hi))| lo <= c[i] && c[i] <= hi)
    }

    fn restricted(&self, limits: &[(f64, f64)]) -> usize {
        limits.iter().zip(&self.init).filter(|(a, b)| a != b).count()
    }

    fn interesting(&self, cases: &[usize]) -> usize {
        cases.iter().filter(|&&i| self.y[i]).count()
    }

    /// A share of all cases, as EMA divides.
    fn mass(&self, n: usize) -> f64 {
        n as f64 / self.y.len() as f64
    }

    fn step(&self, phase: Phase, limits: &[(f64, f64)], cases: &[usize], remaining: &[usize]) -> Step {
        let (n, k) = (cases.len(), self.interesting(cases));
        // Each restricted limit lifted in turn, over the cases of this search.
        let quasi_p = (0..limits.len())
            .map(|j| {
                let side = |lower: bool| {
                    let (limit, unlimited) =
                        if lower { (limits[j].0, self.init[j].0) } else { (limits[j].1, self.init[j].1) };
                    (limit != unlimited).then(|| {
                        let mut lifted = limits.to_vec();
                        if lower {
                            lifted[j].0 = unlimited;
                        } else {
                            lifted[j].1 = unlimited;
                        }
                        let inside: Vec<usize> =
                            remaining.iter().copied().filter(|&i| self.inside(i, &lifted)).collect();
                        let p = self.interesting(&inside) as f64 / inside.len() as f64;
                        binomial_upper_tail(k, n, p, &self.ln_factorial)
                    })
                };
                (side(true), side(false))
            })
            .collect();
        Step {
            quasi_p,
            phase,
            restricted: self.restricted(limits),
            limits: limits.to_vec(),
            n,
            k,
            coverage: k as f64 / self.k_all.max(1) as f64,
            density: k as f64 / n as f64,
            mass: self.mass(n),
        }
    }

    /// The objective of going from a box of `n_old` cases (`k_old` of interest) to one of
    /// `n_new` (`k_new`), computed as EMA computes it.
    fn objective(&self, (n_old, k_old): (usize, usize), (n_new, k_new): (usize, usize)) -> f64 {
        let mean_old = k_old as f64 / n_old as f64;
        let mean_new = if n_new > 0 { k_new as f64 / n_new as f64 } else { 0.0 };
        let change = n_old.abs_diff(n_new) as f64;
        match self.opts.objective {
            Objective::Original if n_new > 0 => mean_new,
            Objective::Original => -1.0,
            // The same size is the same box here (peels shrink, pastes grow): no change.
            _ if mean_old == mean_new || change == 0.0 => 0.0,
            Objective::Lenient1 => (mean_new - mean_old) / change,
            Objective::Lenient2 => n_new as f64 * (mean_new - mean_old) / change,
        }
    }

    fn candidate(&self, limits: Vec<(f64, f64)>, old: (usize, usize), (n, k): (usize, usize)) -> Candidate {
        Candidate {
            score: self.objective(old, (n, k)),
            unrestricted: limits.len() - self.restricted(&limits),
            limits,
            n,
            k,
        }
    }

    /// One search over the `remaining` cases: the box of them all, each peel taken, then
    /// each paste taken.
    fn trajectory(&self, remaining: &[usize]) -> Vec<Step> {
        let mut steps = vec![self.step(Phase::Start, &self.init, remaining, remaining)];
        let (mut limits, mut cases) = (self.init.clone(), remaining.to_vec());
        while let Some((l, c)) = self.peel(&limits, &cases) {
            steps.push(self.step(Phase::Peel, &l, &c, remaining));
            (limits, cases) = (l, c);
        }
        while let Some((l, c)) = self.paste(remaining, &limits, &cases) {
            steps.push(self.step(Phase::Paste, &l, &c, remaining));
            (limits, cases) = (l, c);
        }
        steps
    }

    /// The best peel of the box `limits` holding `cases`, if it is taken: the new limits
    /// and the cases left.
    fn peel(&self, limits: &[(f64, f64)], cases: &[usize]) -> Option<Moved> {
        let old = (cases.len(), self.interesting(cases));
        let alpha = self.opts.peel_alpha;
        let mut best: Option<Candidate> = None;
        let mut cut = (0, false, 0.0);
        for (j, col) in self.columns.iter().enumerate() {
            let mut values: Vec<f64> = cases.iter().map(|&i| col[i]).collect();
            values.sort_by(f64::total_cmp);
            for upper in [true, false] {
                let v = quantile(&values, if upper { 1.0 - alpha } else { alpha });
                let kept = |&&i: &&usize| if upper { col[i] <= v } else { col[i] >= v };
                let n = cases.iter().filter(kept).count();
                let k = cases.iter().filter(kept).filter(|&&i| self.y[i]).count();
                let mut l = limits.to_vec();
                if upper {
                    l[j].1 = v;
                } else {
                    l[j].0 = v;
                }
                let c = self.candidate(l, old, (n, k));
                if c.beats(&best) {
                    best = Some(c);
                    cut = (j, upper, v);
                }
            }
        }
        let best = best?;
        let (mass_old, mass_new) = (self.mass(old.0), self.mass(best.n));
        if !(mass_new >= self.opts.mass_min && mass_new < mass_old && best.score > 0.0) {
            return None;
        }
        let (j, upper, v) = cut;
        let col = &self.columns[j];
        let kept = cases.iter().copied().filter(|&i| if upper { col[i] <= v } else { col[i] >= v }).collect();
        Some((best.limits, kept))
    }

    /// The best paste of the box `limits` holding `cases` (of the `remaining` ones), if
    /// it is taken: the new limits and the cases in them.
    fn paste(&self, remaining: &[usize], limits: &[(f64, f64)], cases: &[usize]) -> Option<Moved> {
        // Only restricted inputs can grow; the others already span every case.
        let dims: Vec<usize> = (0..limits.len()).filter(|&j| limits[j] != self.init[j]).collect();
        let within = |i: usize, l: &[(f64, f64)]| {
            dims.iter().all(|&j| l[j].0 <= self.columns[j][i] && self.columns[j][i] <= l[j].1)
        };
        let old = (cases.len(), self.interesting(cases));
        let alpha = self.opts.paste_alpha;
        let mut best: Option<Candidate> = None;
        let mut best_cases = Vec::new();
        for &u in &dims {
            let ((min, max), (lo, hi)) = (self.init[u], limits[u]);
            for lower in [true, false] {
                // The slab of remaining cases beyond this limit, inside the other limits.
                let mut slab = limits.to_vec();
                slab[u] = if lower { (min, lo) } else { (hi, max) };
                let mut values: Vec<f64> =
                    remaining.iter().filter(|&&i| within(i, &slab)).map(|&i| self.columns[u][i]).collect();
                values.sort_by(f64::total_cmp);
                let mut l = limits.to_vec();
                if lower {
                    l[u].0 = if values.is_empty() { min } else { quantile(&values, 1.0 - alpha) };
                } else {
                    l[u].1 = if values.is_empty() { max } else { quantile(&values, alpha) };
                }
                let inside: Vec<usize> = remaining.iter().copied().filter(|&i| within(i, &l)).collect();
                let c = self.candidate(l, old, (inside.len(), self.interesting(&inside)));
                if c.beats(&best) {
                    best = Some(c);
                    best_cases = inside;
                }
            }
        }
        let best = best?;
        let (mass_old, mass_new) = (self.mass(old.0), self.mass(best.n));
        let denser = best.density() > old.1 as f64 / old.0 as f64;
        if !(mass_new >= self.opts.mass_min && mass_new > mass_old && best.score > 0.0 && denser) {
            return None;
        }
        Some((best.limits, best_cases))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Fast;

    /// `n` cases of `d` inputs, each uniform on [0, 1).
    fn uniform(n: usize, d: usize, seed: u64) -> Vec<Vec<f64>> {
        let mut g = Fast::new(seed);
        (0..d).map(|_| (0..n).map(|_| (g.next_u64() >> 11) as f64 / (1u64 << 53) as f64).collect()).collect()
    }

    fn cases(x: &[Vec<f64>], rule: impl Fn(&[f64]) -> bool) -> Vec<bool> {
        (0..x[0].len()).map(|i| rule(&x.iter().map(|c| c[i]).collect::<Vec<_>>())).collect()
    }

    #[test]
    fn quantiles_follow_sdtoolkit_and_step_over_ties() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        // Position 4 × 0.05 = 0.2: between the first two values.
        assert_eq!(quantile(&v, 0.05), 1.5);
        assert_eq!(quantile(&v, 0.95), 4.5);
        // Position 2 exactly, a tie of a value with itself: the next value up (q ≤ ½).
        assert_eq!(quantile(&v, 0.5), 3.5);
        let tied = [0.0, 0.0, 0.0, 1.0, 2.0, 2.0, 2.0];
        assert_eq!(quantile(&tied, 0.05), 0.5, "a peel from below removes the whole tie");
        assert_eq!(quantile(&tied, 0.95), 1.5, "a peel from above removes the whole tie");
        assert_eq!(quantile(&[7.0, 7.0, 7.0], 0.05), 7.0, "nothing to peel");
        assert_eq!(quantile(&[7.0], 0.95), 7.0);
    }

    #[test]
    fn binomial_tails_are_exact_on_small_cases() {
        let ln_fact: Vec<f64> = (0..=10).map(|n| (1..=n).map(|i| (i as f64).ln()).sum()).collect();
        // P(X ≥ 8) for 10 fair coins: (45 + 10 + 1) / 1024.
        assert!((binomial_upper_tail(8, 10, 0.5, &ln_fact) - 56.0 / 1024.0).abs() < 1e-12);
        assert!((binomial_upper_tail(1, 10, 0.1, &ln_fact) - (1.0 - 0.9f64.powi(10))).abs() < 1e-12);
        assert_eq!(binomial_upper_tail(0, 10, 0.3, &ln_fact), 1.0);
        assert_eq!(binomial_upper_tail(3, 10, 0.0, &ln_fact), 0.0);
        assert_eq!(binomial_upper_tail(3, 10, 1.0, &ln_fact), 1.0);
    }

    #[test]
    fn finds_a_known_box_and_its_limits() {
        let x = uniform(4000, 4, 11);
        let y = cases(&x, |v| v[0] > 0.7 && v[1] < 0.3);
        let d = discover(&x, &y, &Options::default());
        let found = &d.boxes[0];
        let b = found.chosen();
        assert!(found.meets_threshold);
        assert_eq!(b.restricted, 2, "{b:?}");
        assert!((b.limits[0].0 - 0.7).abs() < 0.02, "x1 lower limit {:?}", b.limits[0]);
        assert!((b.limits[1].1 - 0.3).abs() < 0.02, "x2 upper limit {:?}", b.limits[1]);
        assert_eq!((b.limits[2], b.limits[3]), (d.ranges[2], d.ranges[3]), "noise inputs unrestricted");
        assert!(b.coverage > 0.9 && b.density > 0.9, "coverage {} density {}", b.coverage, b.density);
        assert_eq!(b.k, (b.coverage * y.iter().filter(|&&c| c).count() as f64).round() as usize);
        // Both limits matter: lifting either makes such a dense box most unlikely.
        assert!(b.quasi_p[0].0.is_some_and(|q| q < 1e-6) && b.quasi_p[1].1.is_some_and(|q| q < 1e-6));
        assert_eq!((b.quasi_p[0].1, b.quasi_p[2]), (None, (None, None)), "unrestricted: no value");
        // The start box is everything.
        let s = &found.steps[0];
        assert_eq!((s.phase, s.n, s.mass, s.coverage, s.restricted), (Phase::Start, 4000, 1.0, 1.0, 0));
    }

    #[test]
    fn each_peel_removes_about_alpha_and_raises_the_density() {
        let x = uniform(2000, 3, 5);
        let y = cases(&x, |v| v[2] < 0.4);
        let opts = Options { max_boxes: 1, ..Options::default() };
        let found = &discover(&x, &y, &opts).boxes[0];
        let peels: Vec<&Step> = found.steps.iter().filter(|s| s.phase != Phase::Paste).collect();
        assert!(peels.len() >= 10, "peeling stopped early: {} steps", peels.len());
        for w in peels.windows(2) {
            let kept = w[1].n as f64 / w[0].n as f64;
            // One of the 2 × 3 peels removes about 5% of the box (no ties here).
            assert!((0.93..0.97).contains(&kept), "kept {kept} of the box");
            assert!(w[1].density > w[0].density && w[1].coverage <= w[0].coverage);
            assert!(w[1].mass >= opts.mass_min);
        }
        // The outcome depends on x3 alone: only it is ever restricted, from above.
        let last = peels.last().unwrap();
        assert_eq!(last.restricted, 1);
        assert!((last.limits[2].1 - 0.4).abs() < 0.02 && last.density == 1.0, "{last:?}");
    }

    #[test]
    fn pasting_grows_back_what_noisy_peels_cut_off() {
        // y = x1 < 0.5, with one case in ten flipped: peels overshoot, pastes win some back.
        let x = uniform(3000, 4, 3);
        let mut g = Fast::new(99);
        let y: Vec<bool> = (0..3000).map(|i| (x[0][i] < 0.5) != g.next_u64().is_multiple_of(10)).collect();
        let found = &discover(&x, &y, &Options { max_boxes: 1, ..Options::default() }).boxes[0];
        let first_paste = found.steps.iter().position(|s| s.phase == Phase::Paste).expect("a paste");
        assert!(found.steps[first_paste..].iter().all(|s| s.phase == Phase::Paste), "pastes come last");
        for w in found.steps[first_paste - 1..].windows(2) {
            assert!(w[1].mass > w[0].mass && w[1].density > w[0].density, "{w:?}");
        }
        // The widest box of density ≥ 0.8 bounds x1 from above near 0.5 (0.9 at best).
        let b = found.chosen();
        assert!(b.density >= 0.8 && b.density < 0.9 && b.coverage > 0.85, "{b:?}");
        assert!((0.5..0.6).contains(&b.limits[0].1), "{:?}", b.limits[0]);
    }

    #[test]
    fn two_regions_give_two_boxes() {
        // A large region on inputs 1 and 3 and a small one on inputs 1 and 2. (Two regions
        // of equal size can stall PRIM: every peel then removes cases of one of them.)
        let x = uniform(4000, 4, 21);
        let y = cases(&x, |v| (v[0] > 0.6 && v[2] > 0.6) || (v[0] < 0.25 && v[1] < 0.25));
        let d = discover(&x, &y, &Options::default());
        assert!(d.boxes.len() >= 2, "{} boxes", d.boxes.len());
        let (a, b) = (d.boxes[0].chosen(), d.boxes[1].chosen());
        assert!(d.boxes[0].meets_threshold && d.boxes[1].meets_threshold);
        // The large region first, then the small one, each on its own two inputs.
        let near = |v: f64, want: f64| (v - want).abs() < 0.03;
        assert!(a.restricted == 2 && near(a.limits[0].0, 0.6) && near(a.limits[2].0, 0.6), "{a:?}");
        assert!(b.restricted == 2 && near(b.limits[0].1, 0.25) && near(b.limits[1].1, 0.25), "{b:?}");
        // Coverage is a share of all cases of interest: the two boxes hold nearly all.
        let total = a.coverage + b.coverage;
        assert!(total > 0.9 && total <= 1.0, "{total}");
    }

    #[test]
    fn nothing_or_everything_of_interest() {
        let x = uniform(500, 2, 8);
        let none = discover(&x, &[false; 500], &Options::default());
        assert_eq!(none.boxes.len(), 1);
        assert_eq!(none.boxes[0].steps.len(), 1, "no peel helps");
        assert!(!none.boxes[0].meets_threshold);
        let all = discover(&x, &[true; 500], &Options::default());
        assert_eq!(all.boxes.len(), 1, "the whole space, then nothing is left");
        assert_eq!((all.boxes[0].chosen, all.boxes[0].chosen().restricted), (0, 0));
        assert!(discover(&[], &[], &Options::default()).boxes.is_empty());
    }

    #[test]
    fn the_widest_dense_box_is_chosen() {
        let step = |coverage: f64, density: f64, restricted: usize| Step {
            phase: Phase::Peel,
            limits: Vec::new(),
            n: 1,
            k: 1,
            coverage,
            density,
            mass: 0.5,
            restricted,
            quasi_p: Vec::new(),
        };
        let steps = [step(1.0, 0.3, 0), step(0.9, 0.8, 2), step(0.9, 0.8, 1), step(0.5, 0.95, 2)];
        assert_eq!(choose(&steps, 0.8), (2, true), "tie on coverage and density: fewer restricted");
        assert_eq!(choose(&steps, 0.9), (3, true));
        assert_eq!(choose(&steps, 0.99), (3, false), "none dense enough: the densest");
    }
}
