//! Agent-steps per second of the civil-violence tick, for benches/civil_violence_speed.sh.
//!     cargo run --release --example cv_speed -- SCENARIO [--activation sequential|parallel]
//!         [--size N] [--ticks N] [--warmup N] [--threads N]
//! Prints one line: `activation size threads agents ticks seconds agent_steps_per_s`.
use std::path::PathBuf;
use std::time::Instant;

use diypol::civil_violence::CvModel;
use diypol::scenario::{self, Activation};

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let file = PathBuf::from(args.next().ok_or("usage: cv_speed SCENARIO [options]")?);
    let mut s = scenario::load(&file).map_err(|e| e.to_string())?.scenario;
    let (mut ticks, mut warmup, mut threads) = (50u32, 5u32, 0usize);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let num = || value.parse::<u32>().map_err(|e| format!("{flag} {value}: {e}"));
        match flag.as_str() {
            "--activation" => {
                s.civil_violence.activation = match value.as_str() {
                    "sequential" => Activation::Sequential,
                    "parallel" => Activation::Parallel,
                    _ => return Err(format!("--activation {value}: sequential or parallel")),
                }
            }
            "--size" => (s.civil_violence.width, s.civil_violence.height) = (num()?, num()?),
            "--ticks" => ticks = num()?,
            "--warmup" => warmup = num()?,
            "--threads" => threads = num()? as usize,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(|e| e.to_string())?;
    pool.install(|| {
        let mut model = CvModel::new(&s);
        for _ in 0..warmup {
            model.step();
        }
        let before = model.pass_seconds();
        let started = Instant::now();
        for _ in 0..ticks {
            model.step();
        }
        let secs = started.elapsed().as_secs_f64();
        let agents = model.world.agents() as f64;
        println!(
            "{:?} {}x{} {} {} {} {:.4} {:.4e}",
            s.civil_violence.activation,
            s.civil_violence.width,
            s.civil_violence.height,
            pool.current_num_threads(),
            agents,
            ticks,
            secs,
            agents * ticks as f64 / secs
        );
        if let (Some(a), Some(b)) = (before, model.pass_seconds()) {
            let ms: Vec<String> = ["prefix", "decide", "arrest", "claim", "gather"]
                .iter()
                .zip(a.iter().zip(b))
                .map(|(name, (a, b))| format!("{name} {:.2}", (b - a) * 1e3 / ticks as f64))
                .collect();
            eprintln!("  ms per tick: {}", ms.join(", "));
        }
    });
    Ok(())
}
