//! Columns that identify a row, shared by both models' files.

use super::entry::File::{Cells, Runs, Ticks};
use super::entry::columns;
use super::entry::show::NONE;
use crate::scenario::ModelKind::{CivilViolence, DiyPolicing};

columns! {
    /// Identifiers: which run a row belongs to, and where or when it is.
    Key, KEYS, files &[Ticks, Runs], models &[DiyPolicing, CivilViolence];
    Scenario = "scenario", Key, Label, Neither, NONE, "Scenario", "",
        "The scenario's name (its `name:`, or the file name).";
    Replicate = "replicate", Key, Id, Neither, NONE, "Replicate", "",
        "Replicate number within a comparison or sweep point, from 0 (0 for a single run).";
    Seed = "seed", Key, Seed, Neither, NONE, "Seed", "",
        "The run's master seed: the same scenario and seed give the same output.";
    Run = "run", Key, Id, Neither, NONE, "Run", "",
        "Run number of a sweep, from 0 (sweeps only).";
    Point = "point", Key, Id, Neither, NONE, "Parameter point", "",
        "Parameter point of a sweep, from 0; runs of one point differ only in their seed (sweeps only).";
}

columns! {
    /// The day of a row of ticks.parquet.
    TickKey, TICK_KEYS, files &[Ticks], models &[DiyPolicing, CivilViolence];
    Tick = "tick", Key, Id, Neither, NONE, "Day", "",
        "Recorded day (tick), from 0: the first day after the burn-in.";
}

columns! {
    /// Where a row of cells.parquet is.
    CellKey, CELL_KEYS, files &[Cells], models &[DiyPolicing, CivilViolence];
    Cell = "cell", Key, Id, Neither, NONE, "Cell", "",
        "Cell id, y × width + x; events.parquet's `cell` refers to it.";
    X = "x", Key, Id, Neither, NONE, "Column", "",
        "Column of the cell in the grid, from 0 (west to east).";
    Y = "y", Key, Id, Neither, NONE, "Row", "",
        "Row of the cell in the grid, from 0 (top to bottom).";
}
