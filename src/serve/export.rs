//! Downloads of the page: the current settings as a scenario `diypol run` reproduces, and a
//! finished run's tables as CSV or Parquet (the same tables `diypol run` writes).

use crate::error::Error;
use crate::run::Run;
use crate::scenario::LoadedScenario;
use crate::table::Table;

/// The scenario of replicate 0 (its seeds resolved) as YAML, with a header that says how
/// to reproduce the page's numbers.
pub fn scenario_yaml(l: &LoadedScenario, base_seed: u64) -> String {
    format!(
        "# Exported by diypol serve {}: the page's settings, resolved. `diypol run` on this file\n\
         # reproduces replicate 0 of the page's run exactly (seed: replicate 0 of base seed {base_seed},\n\
         # as `diypol compare --seed {base_seed}` seeds it; city_seed: the base seed, shared by A and B).\n{}",
        env!("CARGO_PKG_VERSION"),
        l.scenario.to_yaml()
    )
}

/// One of a run's tables by name.
pub fn table<'r>(run: &'r Run, name: &str) -> Option<&'r Table> {
    match name {
        "ticks" => Some(&run.ticks),
        "runs" => Some(&run.row),
        _ => None,
    }
}

/// A table as CSV: a header, then each row (numbers as Rust prints them, exact; null empty).
pub fn csv(t: &Table) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(&t.names);
    for i in 0..t.rows() {
        let _ = w.write_record(t.columns.iter().map(|c| c.text_at(i)));
    }
    w.into_inner().unwrap_or_default()
}

/// A table as Parquet with the run's metadata (written to a temporary file by the same
/// writer as `diypol run`, then read back).
pub fn parquet(run: &Run, t: &Table) -> Result<Vec<u8>, Error> {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("diypol-serve-{}-{n}.parquet", std::process::id()));
    let mut meta = crate::output::metadata::run(&run.scenario);
    meta.push(crate::output::metadata::columns(run.model, crate::catalogue::File::Ticks, t));
    let written = crate::output::parquet::write(&path, t, &meta);
    let bytes = written.and_then(|()| {
        std::fs::read(&path).map_err(|e| Error::Read { path: path.clone(), message: e.to_string() })
    });
    let _ = std::fs::remove_file(&path);
    bytes
}
