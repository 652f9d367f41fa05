//! The ABC-SMC loop over a model and a folder: generation by generation, proposals are
//! simulated in rounds (in parallel, each kept on disk as it finishes), and the first
//! `particles` proposals within the tolerance, in proposal order, are the generation. The
//! order, not the round or the thread that finished first, decides what is accepted, so
//! the result is the same on 1 thread or many, uninterrupted or resumed, on one machine
//! or split over SLURM array tasks.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use super::prior::Prior;
use super::smc::{self, Kernel, Population};
use super::spec::{LoadedSpec, Subject, number};
use super::store::{self, Draw, Sim};
use crate::app::{Feedback, Unit};
use crate::catalogue::{File, Role};
use crate::error::Error;
use crate::run::{Keep, simulate};
use crate::scenario::{LoadedScenario, Scenario};
use crate::sweep::run_all;
use crate::sweep::select::Shard;

/// What the sampler needs of a model: every scalar indicator of one run.
pub trait Simulator: Sync {
    /// One run at `values` (parameter order, natural scale) with `seed`.
    fn run(&self, values: &[f64], seed: u64, cancel: &AtomicBool) -> Result<Vec<(String, f64)>, Error>;
}

/// A scenario with the spec's fixed settings and the fitted parameters set.
pub struct ScenarioSim {
    pub base: LoadedScenario,
    pub fixed: BTreeMap<String, serde_json::Value>,
    pub paths: Vec<String>,
}

impl ScenarioSim {
    /// The simulator of a spec's scenario: its base, fixed settings and fitted paths.
    pub fn new(spec: &LoadedSpec, base: &LoadedScenario) -> ScenarioSim {
        ScenarioSim {
            base: base.clone(),
            fixed: spec.spec.fixed.clone(),
            paths: spec.parameters.iter().map(|(p, _)| p.clone()).collect(),
        }
    }

    /// The scenario of one run: base, fixed settings (if `fixed`), the values, the seed.
    pub fn scenario_at(&self, values: &[f64], seed: u64, fixed: bool) -> Result<LoadedScenario, Error> {
        let mut set = if fixed { self.fixed.clone() } else { BTreeMap::new() };
        for (p, &v) in self.paths.iter().zip(values) {
            set.insert(p.clone(), number(p, v));
        }
        let changed = self.base.scenario.with_changes(&set)?;
        Ok(LoadedScenario {
            scenario: Scenario { seed, ..changed },
            file: self.base.file.clone(),
            city: self.base.city.clone(),
            warnings: Vec::new(),
            origin: self.base.origin.clone(),
        })
    }
}

impl Simulator for ScenarioSim {
    fn run(&self, values: &[f64], seed: u64, cancel: &AtomicBool) -> Result<Vec<(String, f64)>, Error> {
        let loaded = self.scenario_at(values, seed, true)?;
        let run = simulate(&loaded, 0, Keep::default(), &mut |_, _| {}, cancel)?;
        let model = loaded.scenario.model;
        Ok(run
            .row
            .names
            .iter()
            .zip(&run.row.columns)
            .filter(|(n, _)| {
                crate::catalogue::find(File::Runs, model, n).is_some_and(|e| e.role == Role::Indicator)
            })
            .map(|(n, c)| (n.clone(), c.f64_at(0)))
            .collect())
    }
}

impl Simulator for super::toy::Toy {
    fn run(&self, values: &[f64], seed: u64, _: &AtomicBool) -> Result<Vec<(String, f64)>, Error> {
        Ok(self.simulate(values, seed))
    }
}

/// The simulator of a loaded spec.
pub fn simulator(spec: &LoadedSpec) -> Box<dyn Simulator> {
    match &spec.subject {
        Subject::Scenario(base) => Box::new(ScenarioSim::new(spec, base)),
        Subject::Toy(t) => Box::new(*t),
    }
}

/// Why the sampler stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The last generation's tolerance reached `method.tolerance`.
    Tolerance,
    /// Its acceptance rate fell below `method.min_acceptance`.
    Acceptance,
    /// `method.max_generations` generations were run.
    Generations,
    /// The next generation would have needed more simulations than `method.budget`.
    Budget,
}

impl Stop {
    pub fn describe(self) -> &'static str {
        match self {
            Stop::Tolerance => "the tolerance reached method.tolerance",
            Stop::Acceptance => "the acceptance rate fell below method.min_acceptance",
            Stop::Generations => "method.max_generations generations were run",
            Stop::Budget => "the next generation would have exceeded method.budget",
        }
    }
}

/// A finished calibration (or, for a shard, as far as this shard could take it).
#[derive(Debug, Clone)]
pub struct Outcome {
    pub generations: Vec<Generation>,
    /// None: a shard that did its part of a round that other shards are still computing.
    pub stop: Option<Stop>,
    pub predictive: Vec<Draw>,
    /// Simulations this invocation ran (the rest were on disk).
    pub ran: u64,
}

/// One generation and what it cost.
#[derive(Debug, Clone)]
pub struct Generation {
    pub population: Population,
    /// Proposals simulated for it (including those after the last accepted one, done in
    /// the same round).
    pub simulated: u64,
}

impl Outcome {
    pub fn finished(&self) -> bool {
        self.stop.is_some()
    }

    pub fn last(&self) -> Option<&Population> {
        self.generations.last().map(|g| &g.population)
    }
}

/// What to do: everything, or one shard's share of each round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    All,
    Shard(Shard),
}

impl Part {
    /// The name of this part's logs.
    fn writer(self) -> String {
        match self {
            Part::All => "all".into(),
            Part::Shard(s) => format!("shard-{}of{}", s.i, s.n),
        }
    }

    fn mine(self, index: u64) -> bool {
        match self {
            Part::All => true,
            Part::Shard(s) => index % s.n == s.i - 1,
        }
    }
}

/// The smallest round: enough work for a few cores even when few proposals remain.
pub const MIN_ROUND: u64 = 16;

/// Runs (or resumes) the calibration of `spec` in `dir`.
pub fn calibrate(
    spec: &LoadedSpec,
    model: &dyn Simulator,
    dir: &Path,
    part: Part,
    ui: &dyn Feedback,
    cancel: &AtomicBool,
) -> Result<Outcome, Error> {
    let method = &spec.spec.method;
    let n = method.particles as u64;
    let priors = spec.priors();
    let mut generations: Vec<Generation> = Vec::new();
    let mut spent = 0u64;
    let ran = AtomicU64::new(0);
    let stop = loop {
        let g = generations.len() as u32;
        let previous = generations.last().map(|x| &x.population);
        let kernel = previous.map(|p| Kernel::new(p, &priors));
        let prev = previous.zip(kernel.as_ref());
        let tolerance = match previous {
            None => f64::INFINITY,
            Some(p) => smc::next_tolerance(p, method.quantile).max(method.tolerance),
        };
        let mut accepted: Vec<(u64, Sim)> = Vec::new();
        let mut start = 0u64;
        ui.note(&format!(
            "generation {g}: tolerance {}, {n} particles to accept",
            if tolerance.is_finite() { format!("{tolerance:.4}") } else { "none (the prior)".into() }
        ));
        let last = loop {
            // The round's size depends only on what earlier rounds gave: every shard
            // computes the same rounds.
            let rate = match (start, previous) {
                (0, None) => 1.0,
                (0, Some(p)) => (p.acceptance_rate() * method.quantile).max(0.005),
                _ => (accepted.len() as f64 / start as f64).max(0.005),
            };
            let want = ((n - accepted.len() as u64) as f64 / rate * 1.1).ceil() as u64;
            let size = want.clamp(MIN_ROUND, 20 * n);
            if spent + start + size > method.budget {
                if generations.is_empty() {
                    return Err(Error::usage(
                        format!("method.budget {} is too small for the first generation", method.budget),
                        format!("raise method.budget above {}", n * 2),
                    ));
                }
                break None;
            }
            let sims =
                round(spec, model, dir, part, g, start..start + size, &priors, prev, ui, cancel, &ran)?;
            let Some(sims) = sims else {
                // Other shards still owe part of this round.
                return Ok(Outcome {
                    generations,
                    stop: None,
                    predictive: Vec::new(),
                    ran: ran.into_inner(),
                });
            };
            let mut full = None;
            for (k, sim) in (start..).zip(sims) {
                if sim.distance <= tolerance && sim.distance.is_finite() {
                    accepted.push((k, sim));
                    if accepted.len() as u64 == n {
                        full = Some(k);
                        break;
                    }
                }
            }
            start += size;
            if full.is_some() {
                break full;
            }
        };
        let Some(last) = last else { break Stop::Budget };
        let z: Vec<Vec<f64>> = accepted.iter().map(|(_, s)| s.z.clone()).collect();
        let weights = smc::weights(&z, &priors, prev);
        let population = Population {
            generation: g,
            tolerance,
            weights,
            distances: accepted.iter().map(|(_, s)| s.distance).collect(),
            values: accepted.iter().map(|(_, s)| s.values.clone()).collect(),
            index: accepted.iter().map(|(k, _)| *k).collect(),
            proposals: last + 1,
            z,
        };
        spent += start;
        ui.note(&format!(
            "generation {g} done: tolerance {}, acceptance rate {:.1}%, effective sample size {:.0}, {} simulations so far",
            if tolerance.is_finite() { format!("{tolerance:.4}") } else { "none".into() },
            100.0 * population.acceptance_rate(),
            population.ess(),
            spent
        ));
        let rate = population.acceptance_rate();
        generations.push(Generation { population, simulated: start });
        if g > 0 && tolerance <= method.tolerance {
            break Stop::Tolerance;
        }
        if g > 0 && rate < method.min_acceptance {
            break Stop::Acceptance;
        }
        if generations.len() as u32 >= method.max_generations {
            break Stop::Generations;
        }
    };
    let last = &generations.last().expect("at least one generation").population;
    let predictive = match predictive(spec, model, dir, part, last, ui, cancel, &ran)? {
        Some(p) => p,
        None => {
            return Ok(Outcome { generations, stop: None, predictive: Vec::new(), ran: ran.into_inner() });
        }
    };
    Ok(Outcome { generations, stop: Some(stop), predictive, ran: ran.into_inner() })
}

/// The mean of each target over a proposal's runs, and its distance.
fn simulate_particle(
    spec: &LoadedSpec,
    model: &dyn Simulator,
    g: u32,
    k: u64,
    z: Vec<f64>,
    priors: &[Prior],
    cancel: &AtomicBool,
) -> Result<Sim, Error> {
    let values: Vec<f64> = priors.iter().zip(&z).map(|(p, &v)| p.from_z(v)).collect();
    let r = spec.spec.replicates;
    let mut sums = vec![0.0; spec.targets.len()];
    for rep in 0..r {
        let out = model.run(&values, smc::run_seed(spec.spec.seed, g, k, rep), cancel)?;
        for (s, (name, _)) in sums.iter_mut().zip(&spec.targets) {
            *s += out.iter().find(|(n, _)| n == name).map_or(f64::NAN, |(_, v)| *v);
        }
    }
    let means: Vec<f64> = sums.iter().map(|s| s / r as f64).collect();
    let distance = smc::distance(spec.targets.iter().zip(&means).map(|((_, t), &x)| t.deviation(x)));
    Ok(Sim { z, values: means, distance })
}

/// Proposals `range` of generation `g`: read from disk or simulated (this part's share).
/// None when some belong to another shard and are not on disk yet.
#[allow(clippy::too_many_arguments)]
fn round(
    spec: &LoadedSpec,
    model: &dyn Simulator,
    dir: &Path,
    part: Part,
    g: u32,
    range: std::ops::Range<u64>,
    priors: &[Prior],
    prev: Option<(&Population, &Kernel)>,
    ui: &dyn Feedback,
    cancel: &AtomicBool,
    ran: &AtomicU64,
) -> Result<Option<Vec<Sim>>, Error> {
    let indices: Vec<u64> = range.collect();
    let proposals: Vec<Vec<f64>> = indices
        .iter()
        .map(|&k| smc::propose(spec.spec.seed, g, k, priors, prev))
        .collect::<Result<_, _>>()?;
    // A stored simulation counts only if it was made from this very proposal.
    let on_disk = store::read_sims(dir, g);
    let stored: Vec<Option<Sim>> =
        indices.iter().zip(&proposals).map(|(k, z)| on_disk.get(k).filter(|s| &s.z == z).cloned()).collect();
    let log = store::Log::open(dir, Some(g), &part.writer())?;
    let todo: Vec<usize> =
        (0..indices.len()).filter(|&i| stored[i].is_none() && part.mine(indices[i])).collect();
    ui.start(todo.len() as u64, Unit::Runs);
    let done = AtomicU64::new(0);
    let failed = AtomicBool::new(false);
    let results = run_all(todo.len(), |j| {
        let i = todo[j];
        if cancel.load(Ordering::Relaxed) || failed.load(Ordering::Relaxed) {
            return None;
        }
        let k = indices[i];
        let r = simulate_particle(spec, model, g, k, proposals[i].clone(), priors, cancel)
            .and_then(|s| log.sim(k, &s).map(|()| s));
        match &r {
            Err(Error::Interrupted(_)) => return None,
            Err(_) => failed.store(true, Ordering::Relaxed),
            Ok(_) => {
                ran.fetch_add(1, Ordering::Relaxed);
                ui.advance(done.fetch_add(1, Ordering::Relaxed) + 1);
            }
        }
        Some(r)
    });
    ui.finish();
    let mut sims = stored;
    let mut missing = 0;
    for (j, r) in results.into_iter().enumerate() {
        match r {
            Some(r) => sims[todo[j]] = Some(r?),
            None => missing += 1,
        }
    }
    if missing > 0 {
        return Err(Error::Interrupted(format!(
            "in generation {g}; the finished simulations are in {}\n  hint: run the same command again to resume",
            dir.display()
        )));
    }
    if sims.iter().any(Option::is_none) {
        // Other shards' share: on disk now, or not yet.
        let on_disk = store::read_sims(dir, g);
        for ((k, z), slot) in indices.iter().zip(&proposals).zip(sims.iter_mut()) {
            if slot.is_none() {
                *slot = on_disk.get(k).filter(|s| &s.z == z).cloned();
            }
        }
    }
    Ok(sims.into_iter().collect())
}

/// The posterior predictive: `predictive.draws` particles drawn by weight, each run
/// `predictive.replicates` times with seeds of its own, every indicator kept.
#[allow(clippy::too_many_arguments)]
fn predictive(
    spec: &LoadedSpec,
    model: &dyn Simulator,
    dir: &Path,
    part: Part,
    last: &Population,
    ui: &dyn Feedback,
    cancel: &AtomicBool,
    ran: &AtomicU64,
) -> Result<Option<Vec<Draw>>, Error> {
    let priors = spec.priors();
    let p = &spec.spec.predictive;
    let picks = smc::resample(&last.weights, p.draws as usize, spec.spec.seed);
    let values: Vec<Vec<f64>> =
        picks.iter().map(|&i| priors.iter().zip(&last.z[i]).map(|(pr, &v)| pr.from_z(v)).collect()).collect();
    let on_disk = store::read_draws(dir);
    let stored: Vec<Option<Draw>> = values
        .iter()
        .enumerate()
        .map(|(d, x)| on_disk.get(&(d as u64)).filter(|s| &s.values == x).cloned())
        .collect();
    let log = store::Log::open(dir, None, &part.writer())?;
    let todo: Vec<usize> =
        (0..values.len()).filter(|&d| stored[d].is_none() && part.mine(d as u64)).collect();
    ui.note(&format!("posterior predictive: {} draws × {} replicates", p.draws, p.replicates));
    ui.start(todo.len() as u64, Unit::Runs);
    let done = AtomicU64::new(0);
    let results = run_all(todo.len(), |j| {
        let d = todo[j];
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let mut sums: Vec<(String, f64)> = Vec::new();
        for r in 0..p.replicates {
            // Generation u32::MAX: seeds no proposal of any generation uses.
            let seed = smc::run_seed(spec.spec.seed, u32::MAX, d as u64, r);
            let out = match model.run(&values[d], seed, cancel) {
                Ok(o) => o,
                Err(Error::Interrupted(_)) => return None,
                Err(e) => return Some(Err(e)),
            };
            if sums.is_empty() {
                sums = out;
            } else {
                for ((_, s), (_, v)) in sums.iter_mut().zip(out) {
                    *s += v;
                }
            }
        }
        for (_, s) in &mut sums {
            *s /= p.replicates as f64;
        }
        let draw = Draw { values: values[d].clone(), indicators: sums };
        let r = log.draw(d as u64, &draw).map(|()| draw);
        ran.fetch_add(1, Ordering::Relaxed);
        ui.advance(done.fetch_add(1, Ordering::Relaxed) + 1);
        Some(r)
    });
    ui.finish();
    let mut draws = stored;
    let mut interrupted = false;
    for (j, r) in results.into_iter().enumerate() {
        match r {
            Some(r) => draws[todo[j]] = Some(r?),
            None => interrupted = true,
        }
    }
    if interrupted {
        return Err(Error::Interrupted(format!(
            "in the posterior predictive; the finished simulations are in {}\n  hint: run the same command again to resume",
            dir.display()
        )));
    }
    if draws.iter().any(Option::is_none) {
        let on_disk = store::read_draws(dir);
        for (d, slot) in draws.iter_mut().enumerate() {
            if slot.is_none() {
                *slot = on_disk.get(&(d as u64)).filter(|s| s.values == values[d]).cloned();
            }
        }
    }
    Ok(draws.into_iter().collect())
}
