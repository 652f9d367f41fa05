//! One tick of each model, fed by the scenario files users run (`scenarios/*.yaml`).
//!
//! ```sh
//! cargo bench --bench tick                  # all benches (a couple of minutes)
//! cargo bench --bench tick -- civil         # only the civil-violence ones
//! ```
//!
//! `diy_policing`: the world is built and stepped through its burn-in outside the
//! measurement; each iteration is then one `phases::step` of a recorded day (ticks keep
//! increasing, as in a run; past the last day a fresh run is built, untimed). Throughput
//! counts citizens, so criterion prints citizen-days/s.
//!
//! `civil_violence`: the model is warmed up 50 ticks (the scenario's burn-in), then each
//! iteration is one `CvModel::step`; throughput counts agents (citizens and cops), so
//! criterion prints agent-steps/s.
//!
//! Whole-run timings (build, simulate, write) are `benches/scale.sh`'s job.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use diypol::civil_violence::CvModel;
use diypol::run::{Diy, Model};
use diypol::scenario::{Activation, LoadedScenario};

fn scenario_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name)
}

fn load(name: &str) -> LoadedScenario {
    let path = scenario_path(name);
    diypol::scenario::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A main-model run stepped past its burn-in, as the run loop (`run::drive`) steps it.
struct DiyRun {
    loaded: LoadedScenario,
    model: Diy,
    tick: u32,
}

impl DiyRun {
    fn start(loaded: LoadedScenario) -> DiyRun {
        let model = Diy::build(&loaded);
        let mut run = DiyRun { loaded, model, tick: 0 };
        while run.tick < run.loaded.scenario.burn_in_days {
            run.step();
        }
        run
    }

    /// One tick as the run loop does it (the bundled bench scenarios have no interventions).
    fn step(&mut self) {
        let burn_in = self.loaded.scenario.burn_in_days;
        if self.tick == burn_in {
            self.model.start_recording();
        }
        self.model.step(self.tick);
        if self.tick >= burn_in {
            self.model.record(self.tick);
        }
        self.tick += 1;
    }

    /// Times one recorded day. When the run's last day is done, a fresh run is built and
    /// burnt in first (untimed), so every timed tick is one a user's run would take.
    fn timed_step(&mut self) -> Duration {
        let scenario = &self.loaded.scenario;
        if self.tick >= scenario.burn_in_days + scenario.days {
            *self = DiyRun::start(self.loaded.clone());
        }
        let t = Instant::now();
        self.step();
        t.elapsed()
    }
}

/// Benchmarks one day of the main model after the burn-in. `burn_in_days` overrides the
/// scenario's burn-in (to keep setup time down at scale).
fn bench_diy(c: &mut Criterion, name: &str, burn_in_days: Option<u32>, mode: SamplingMode) {
    let mut loaded = load(name);
    if let Some(days) = burn_in_days {
        loaded.scenario.burn_in_days = days;
    }
    let mut run = DiyRun::start(loaded);

    let mut group = c.benchmark_group("diy_policing");
    group.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    group.sampling_mode(mode);
    // Elements are citizens, so the rate reads as citizen-days per second.
    group.throughput(Throughput::Elements(run.model.world.population() as u64));
    group.bench_function(name.trim_end_matches(".yaml"), |b| {
        b.iter_custom(|iters| (0..iters).map(|_| run.timed_step()).sum())
    });
    group.finish();
    black_box(&run.model.recorder);
}

fn diy_policing(c: &mut Criterion) {
    // 100,000 citizens, ~0.5 ms a tick: the full 365-day burn-in takes a fraction of a second.
    bench_diy(c, "baseline.yaml", None, SamplingMode::Auto);
    // 3.7 million citizens, ~20 ms a tick (so flat sampling). The burn-in is shortened from
    // 365 to 60 days so that setup (world construction ~3.5 s plus burn-in) stays ~5 s;
    // trust, roles and the case list are then less settled than in a real run, though the
    // tick's cost is flat over a run (checked: ~21 ms from day 0 to day 1,100).
    bench_diy(c, "berlin.yaml", Some(60), SamplingMode::Flat);
}

fn civil_violence(c: &mut Criterion) {
    let loaded = load("civil-violence-netlogo-like.yaml");
    let mut group = c.benchmark_group("civil_violence");
    group.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    for (activation, label) in [(Activation::Sequential, "sequential"), (Activation::Parallel, "parallel")] {
        for side in [40u32, 200] {
            let mut scenario = loaded.scenario.clone();
            scenario.civil_violence.activation = activation;
            scenario.civil_violence.width = side;
            scenario.civil_violence.height = side;
            let mut model = CvModel::new(&scenario);
            for _ in 0..50 {
                model.step();
            }
            group.throughput(Throughput::Elements(u64::from(model.world.agents())));
            group.bench_function(BenchmarkId::new(label, format!("{side}x{side}")), |b| {
                b.iter(|| black_box(model.step()))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, diy_policing, civil_violence);
criterion_main!(benches);
