//! Sweep: many runs as a flat list of jobs (scenario or parameter point × replicate), run in
//! parallel, each written to disk as soon as it finishes so an interrupted batch keeps what
//! it completed. Comparisons use the same jobs and runner.
//!
//! Seeds are common random numbers: replicate r of every scenario gets the same seed, so
//! a difference between scenarios is not masked by one scenario drawing a luckier city.

pub mod charts;
pub mod design;
pub mod estimate;
pub mod plan;
pub mod select;
pub mod sensitivity;
pub mod slurm;
pub mod spec;
pub mod store;

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::rng::{self, Stream};

/// One run to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job {
    /// The scenario (comparison) or parameter point (sweep).
    pub scenario: usize,
    pub replicate: u32,
    pub seed: u64,
}

/// Every (scenario, replicate) pair, scenario-major; replicate r's seed derives from
/// `base_seed` and r only.
pub fn jobs(scenarios: usize, replicates: u32, base_seed: u64) -> Vec<Job> {
    (0..scenarios)
        .flat_map(|scenario| {
            (0..replicates).map(move |replicate| Job {
                scenario,
                replicate,
                seed: replicate_seed(base_seed, replicate),
            })
        })
        .collect()
}

/// The seed of replicate `r`: a keyed mix, so nearby replicates get unrelated streams. It
/// fits a signed 64-bit column.
pub fn replicate_seed(base_seed: u64, r: u32) -> u64 {
    rng::key(base_seed, r, Stream::Replicate, 0) >> 1
}

/// Runs `f(0..n)` on the current thread pool and returns the results in index order.
///
/// Each worker takes the next index when it is free. Runs are not rayon tasks of their
/// own: with `par_iter` over runs, a worker waiting inside one run's parallel phase could
/// steal another whole run and start it on the same stack, and thousands of short runs
/// then overflow it. Here at most one loop per worker exists to be stolen.
pub fn run_all<T: Send + Sync>(n: usize, f: impl Fn(usize) -> Option<T> + Sync) -> Vec<Option<T>> {
    let slots: Vec<std::sync::OnceLock<T>> = (0..n).map(|_| std::sync::OnceLock::new()).collect();
    let next = AtomicUsize::new(0);
    let workers = rayon::current_num_threads().min(n).max(1);
    rayon::scope(|s| {
        for _ in 0..workers {
            s.spawn(|_| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    if let Some(v) = f(i) {
                        let _ = slots[i].set(v);
                    }
                }
            });
        }
    });
    slots.into_iter().map(|s| s.into_inner()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicates_share_seeds_across_scenarios() {
        let j = jobs(3, 4, 7);
        assert_eq!(j.len(), 12);
        for r in 0..4 {
            let seeds: Vec<u64> = j.iter().filter(|x| x.replicate == r).map(|x| x.seed).collect();
            assert!(seeds.iter().all(|&s| s == seeds[0]));
        }
        assert_ne!(j[0].seed, j[1].seed);
        assert_ne!(jobs(1, 1, 7)[0].seed, jobs(1, 1, 8)[0].seed);
        assert!(j.iter().all(|x| x.seed <= i64::MAX as u64));
    }

    #[test]
    fn results_come_back_in_index_order_whoever_ran_them() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
        let out = pool.install(|| run_all(50, |i| (i % 7 != 3).then_some(i * 2)));
        for (i, v) in out.iter().enumerate() {
            assert_eq!(*v, (i % 7 != 3).then_some(i * 2));
        }
    }
}
