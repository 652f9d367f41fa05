//! Civil violence against Mesa (docs/VALIDATION.md): per-run statistics over seeds, the
//! two-sample KS test against tests/data/mesa-reference.csv and the TOST of three means,
//! for both activations.
//!     cargo run --release --locked --example cv_match -- [seeds]
use std::path::Path;

use diypol::catalogue::CvRun;
use diypol::mesa::{compare, read_reference, run_seeds};
use diypol::scenario::{self, Activation};

fn main() {
    let seeds: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(100);
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
            let ours = run_seeds(&s, 1..=seeds).expect("runs");
            println!(
                "\n### {regime}, `{}` ({seeds} seeds; Mesa: {} seeds)\n",
                format!("{mode:?}").to_lowercase(),
                mesa.get(CvRun::MeanActive).len()
            );
            println!(
                "| statistic | Mesa median | diypol median | KS D | p | TOST: mean diff ± margin, 90% CI, p |"
            );
            println!("|---|---:|---:|---:|---:|---|");
            for c in compare(&mesa, &ours) {
                let med = |v: f64| if v.is_nan() { "—".to_string() } else { format!("{v:.2}") };
                let (d, p) = match c.test {
                    Some((d, p)) => (format!("{d:.2}"), format!("{p:.3}")),
                    None => ("not tested".into(), "—".into()),
                };
                println!(
                    "| `{}` | {} | {} | {d} | {p} | {} |",
                    c.statistic.name(),
                    med(c.reference_median),
                    med(c.ours_median),
                    c.describe_equivalence(),
                );
            }
            for extra in [CvRun::MovesPerAgentTick, CvRun::ArrestsPerTick] {
                let v = ours.get(extra);
                println!(
                    "| `{}` (mean of runs; not in Mesa's CSV) | | {:.2} | | | |",
                    extra.name(),
                    v.iter().sum::<f64>() / v.len() as f64
                );
            }
        }
    }
}
