//! What the run loop needs of a model, and what a finished run of either model is.

use crate::catalogue::{Entry, File, Key, Role, find};
use crate::scenario::{LoadedScenario, ModelKind, Scenario};
use crate::table::{Column, Table};

/// What the run loop needs of a model.
pub trait Model: Sized {
    fn build(loaded: &LoadedScenario) -> Self;
    /// The parameters as they stand now (interventions applied so far).
    fn scenario(&self) -> &Scenario;
    /// An intervention: new parameters from `tick` on, and a shock to every citizen's trust.
    fn set_scenario(&mut self, tick: u32, next: Scenario, trust_shock: f64);
    /// Day 0 begins: totals start from zero, so indicators leave the burn-in out.
    fn start_recording(&mut self);
    /// Every agent acts once (internal tick, burn-in included).
    fn step(&mut self, tick: u32);
    /// The tick's row of ticks.parquet.
    fn record(&mut self, tick: u32);
    /// The finished run's tables.
    fn finish(self, loaded: &LoadedScenario, replicate: u32, keep: Keep) -> Run;
}

/// Which optional tables a finished run keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Keep {
    pub cells: bool,
    pub events: bool,
}

impl Keep {
    /// What the scenario's `output:` section asks for.
    pub fn from(s: &Scenario) -> Keep {
        Keep { cells: s.output.cells, events: s.output.events }
    }
}

/// Values per grid cell, row-major (index = y × width + x).
#[derive(Debug, Clone, PartialEq)]
pub struct CellMap {
    pub width: usize,
    pub height: usize,
    pub values: Vec<f64>,
}

/// A finished run of either model, ready for output.
#[derive(Debug, Clone)]
pub struct Run {
    pub model: ModelKind,
    /// The scenario as loaded (seed resolved; before interventions): the input that
    /// reproduces the run.
    pub scenario: Scenario,
    pub replicate: u32,
    /// ticks.parquet: identifiers, then one row per recorded tick.
    pub ticks: Table,
    /// runs.parquet: identifiers, settings and indicators, one row.
    pub row: Table,
    pub cells: Option<Table>,
    pub events: Option<Table>,
    /// Street crimes per cell (`diy_policing`), for crime maps.
    pub crime_map: Option<CellMap>,
}

impl Run {
    pub fn name(&self) -> &str {
        self.scenario.name.as_deref().unwrap_or("run")
    }

    /// A value of runs.parquet by column name (NaN when absent or null).
    pub fn value(&self, column: &str) -> f64 {
        self.row.get(column).map_or(f64::NAN, |c| c.f64_at(0))
    }

    /// A value of runs.parquet by catalogue entry.
    pub fn get(&self, id: impl Into<&'static Entry>) -> f64 {
        self.value(id.into().name)
    }

    /// A finished DIY run of replicate `replicate` whose runs.parquet row is `row` (for
    /// tests of what reads runs).
    #[cfg(test)]
    pub fn with_row(replicate: u32, row: Table) -> Run {
        Run {
            model: ModelKind::DiyPolicing,
            scenario: Scenario::default(),
            replicate,
            ticks: Table::default(),
            row,
            cells: None,
            events: None,
            crime_map: None,
        }
    }

    /// The indicator columns of runs.parquet, in file order.
    pub fn indicators(&self) -> impl Iterator<Item = (&str, f64)> {
        self.row.names.iter().zip(&self.row.columns).filter_map(move |(name, col)| {
            let e = find(File::Runs, self.model, name)?;
            (e.role == Role::Indicator).then(|| (name.as_str(), col.f64_at(0)))
        })
    }
}

/// The identifier columns of `rows` rows of a run.
pub(crate) fn keys(s: &Scenario, replicate: u32, rows: usize) -> Table {
    let mut t = Table::default();
    t.push(Key::Scenario.name(), Column::strs(vec![s.name.clone().unwrap_or_default(); rows]));
    t.push(Key::Replicate.name(), Column::ints(vec![replicate as i64; rows]));
    t.push(Key::Seed.name(), Column::UInt(vec![Some(s.seed); rows]));
    t
}
