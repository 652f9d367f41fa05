//! A calibration's folder: `spec.yaml` and `base.yaml` as recorded, then, per generation,
//! logs of finished simulations, `sims/gen-003/all.jsonl` (or `shard-2of8.jsonl` for a
//! shard), one line per simulated particle appended as soon as its runs finish, and the
//! same for the predictive draws in `sims/predictive/`. Running the same command again
//! reads every log and resumes; shards (`--shard i/n`, SLURM array tasks) append to logs
//! of their own in one folder. A line cut short by a kill does not parse and is simply
//! done again. Numbers are stored as their bit patterns: a resumed calibration reads back
//! exactly what it computed, so it ends where an uninterrupted one would.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::spec::{LoadedSpec, Subject};
use crate::error::Error;
use crate::output::folder::{Folder, FolderKind, claim};

/// One simulated particle: where it was (sampler coordinates), what the runs gave for each
/// target (their mean), and its distance.
#[derive(Debug, Clone, PartialEq)]
pub struct Sim {
    pub z: Vec<f64>,
    pub values: Vec<f64>,
    pub distance: f64,
}

#[derive(Serialize, Deserialize)]
struct SimFile {
    z: Vec<u64>,
    v: Vec<u64>,
    d: u64,
}

/// One predictive draw: the values of its parameters and the mean of every indicator of
/// its runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Draw {
    pub values: Vec<f64>,
    pub indicators: Vec<(String, f64)>,
}

#[derive(Serialize, Deserialize)]
struct DrawFile {
    x: Vec<u64>,
    names: Vec<String>,
    v: Vec<u64>,
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

fn floats(v: &[u64]) -> Vec<f64> {
    v.iter().map(|&b| f64::from_bits(b)).collect()
}

/// The folder of one generation's logs (`None`: the predictive draws).
fn log_dir(dir: &Path, generation: Option<u32>) -> PathBuf {
    match generation {
        Some(g) => dir.join("sims").join(format!("gen-{g:03}")),
        None => dir.join("sims").join("predictive"),
    }
}

#[derive(Serialize, Deserialize)]
struct Line<T> {
    k: u64,
    #[serde(flatten)]
    data: T,
}

/// Every readable line of every log in `folder`, by index (a later line wins).
fn read_lines<T: serde::de::DeserializeOwned>(folder: &Path) -> BTreeMap<u64, T> {
    let mut out = BTreeMap::new();
    let mut logs: Vec<PathBuf> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    logs.sort();
    for log in logs {
        let Ok(text) = std::fs::read_to_string(&log) else { continue };
        for line in text.lines() {
            if let Ok(l) = serde_json::from_str::<Line<T>>(line) {
                out.insert(l.k, l.data);
            }
        }
    }
    out
}

/// The finished simulations of generation `g`, by proposal index.
pub fn read_sims(dir: &Path, generation: u32) -> BTreeMap<u64, Sim> {
    read_lines::<SimFile>(&log_dir(dir, Some(generation)))
        .into_iter()
        .map(|(k, f)| (k, Sim { z: floats(&f.z), values: floats(&f.v), distance: f64::from_bits(f.d) }))
        .collect()
}

/// The finished predictive draws, by draw.
pub fn read_draws(dir: &Path) -> BTreeMap<u64, Draw> {
    read_lines::<DrawFile>(&log_dir(dir, None))
        .into_iter()
        .filter(|(_, f)| f.names.len() == f.v.len())
        .map(|(k, f)| {
            (k, Draw { values: floats(&f.x), indicators: f.names.into_iter().zip(floats(&f.v)).collect() })
        })
        .collect()
}

/// An open log that workers append finished simulations to, one whole line at a time.
pub struct Log {
    file: Mutex<std::fs::File>,
    path: PathBuf,
}

impl Log {
    /// The log of `writer` (`all`, `shard-2of8`) for generation `g` (None: predictive).
    pub fn open(dir: &Path, generation: Option<u32>, writer: &str) -> Result<Log, Error> {
        let folder = log_dir(dir, generation);
        std::fs::create_dir_all(&folder).map_err(Error::write(&folder))?;
        let path = folder.join(format!("{writer}.jsonl"));
        let mut file =
            std::fs::OpenOptions::new().create(true).append(true).open(&path).map_err(Error::write(&path))?;
        // A line cut short by an earlier kill ends here, so the next line starts clean.
        let len = file.metadata().map_err(Error::write(&path))?.len();
        if len > 0 {
            file.write_all(b"\n").map_err(Error::write(&path))?;
        }
        Ok(Log { file: Mutex::new(file), path })
    }

    fn append<T: Serialize>(&self, k: u64, data: T) -> Result<(), Error> {
        let mut line = serde_json::to_string(&Line { k, data }).expect("numbers serialise");
        line.push('\n');
        let mut f = self.file.lock().unwrap_or_else(|e| e.into_inner());
        f.write_all(line.as_bytes()).map_err(Error::write(&self.path))
    }

    pub fn sim(&self, k: u64, sim: &Sim) -> Result<(), Error> {
        self.append(k, SimFile { z: bits(&sim.z), v: bits(&sim.values), d: sim.distance.to_bits() })
    }

    pub fn draw(&self, k: u64, d: &Draw) -> Result<(), Error> {
        self.append(
            k,
            DrawFile {
                x: bits(&d.values),
                names: d.indicators.iter().map(|(n, _)| n.clone()).collect(),
                v: d.indicators.iter().map(|(_, v)| v.to_bits()).collect(),
            },
        )
    }
}

/// Records the spec in `dir` (spec.yaml and the base scenario), or checks that the folder
/// holds this same spec when resuming; a different spec is refused, not mixed in.
pub fn prepare(dir: &Path, spec: &LoadedSpec) -> Result<(), Error> {
    let spec_text = crate::input::read_text(&spec.file)?;
    let base_text = match &spec.subject {
        Subject::Scenario(b) => crate::input::read_text(&b.file)?,
        Subject::Toy(_) => String::new(),
    };
    claim(dir, FolderKind::Calibration)?;
    let recorded = dir.join("spec.yaml");
    if recorded.is_file() {
        let old = std::fs::read_to_string(&recorded).map_err(Error::read(&recorded))?;
        let old_base = std::fs::read_to_string(dir.join("base.yaml")).unwrap_or_default();
        if old != spec_text || old_base != base_text {
            return Err(Error::usage(
                format!("{} holds a calibration of a different spec (or base scenario)", dir.display()),
                "use another --out folder, or delete this one to start over",
            ));
        }
        return Ok(());
    }
    let mut folder = Folder::open(dir, FolderKind::Calibration, "calibration", Vec::new())?;
    folder.text("spec.yaml", &spec_text)?;
    folder.text("base.yaml", &base_text)?;
    folder.commit()?;
    Ok(())
}
