//! Civil violence against Mesa (docs/VALIDATION.md): per-run statistics over seeds, the
//! two-sample KS test against tests/data/mesa-reference.csv, for both activations.
//!     cargo run --release --locked --example cv_match -- [seeds]
use std::path::Path;

use diypol::civil_violence::compare::{compare, read_reference, run_seeds};
use diypol::scenario::{self, Activation};

fn main() {
    let seeds: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(20);
    let reference = Path::new("tests/data/mesa-reference.csv");
    let regimes = [
        ("mesa_default", "scenarios/civil-violence-mesa.yaml"),
        ("netlogo_like", "scenarios/civil-violence-netlogo-like.yaml"),
    ];
    for (regime, file) in regimes {
        let mesa = read_reference(reference, regime).expect("reference CSV");
        let loaded = scenario::load(Path::new(file)).expect("bundled scenario");
        for mode in [Activation::Sequential, Activation::Parallel] {
            let mut s = loaded.scenario.clone();
            s.civil_violence.activation = mode;
            let ours = run_seeds(&s, 1..=seeds);
            println!(
                "\n### {regime}, `{}` ({seeds} seeds; Mesa: {} seeds)\n",
                format!("{mode:?}").to_lowercase(),
                mesa.get("mean_active").len()
            );
            println!("| statistic | Mesa median | diypol median | KS D | p |");
            println!("|---|---:|---:|---:|---:|");
            for c in compare(&mesa, &ours) {
                let med = |v: f64| if v.is_nan() { "—".to_string() } else { format!("{v:.2}") };
                println!(
                    "| `{}` | {} | {} | {:.2} | {:.3} |",
                    c.statistic,
                    med(c.reference_median),
                    med(c.ours_median),
                    c.d,
                    c.p
                );
            }
            for extra in ["moves_per_agent_tick", "arrests_per_tick"] {
                let v = ours.get(extra);
                println!(
                    "| `{extra}` (mean of runs; not in Mesa's CSV) | | {:.2} | | |",
                    v.iter().sum::<f64>() / v.len() as f64
                );
            }
        }
    }
}
