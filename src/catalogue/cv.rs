//! The columns of `model: civil_violence` runs (docs/MODEL.md §11.3).

use super::entry::File::{Cells, Runs, Ticks};
use super::entry::columns;
use super::entry::show::{CHART, COMPARE, KEY, NONE, SUMMARY};
use crate::scenario::ModelKind::CivilViolence;

columns! {
    /// ticks.parquet: one row per recorded tick.
    CvTick, TICKS, files &[Ticks], models &[CivilViolence];
    Quiet = "quiet", Indicator, Count, Neither, NONE, "Quiet citizens", "citizens",
        "Citizens on the grid and not rebelling.";
    Active = "active", Indicator, Count, Lower, CHART, "Active citizens", "citizens",
        "Citizens in open rebellion.";
    Jailed = "jailed", Indicator, Count, Neither, CHART, "Jailed citizens", "citizens",
        "Citizens in jail.";
    Arrests = "arrests", Indicator, Count, Neither, NONE, "Arrests", "per tick",
        "Active citizens arrested by cops that tick.";
    Moves = "moves", Indicator, Count, Neither, NONE, "Moves", "agents per tick",
        "Agents that moved to another cell that tick.";
}

columns! {
    /// runs.parquet: one row per run.
    CvRun, RUNS, files &[Runs], models &[CivilViolence];
    Activation = "activation", Setting, Label, Neither, NONE, "Activation", "",
        "`sequential` (Mesa's random order) or `parallel` (snapshot, all threads).";
    Width = "width", Setting, Count, Neither, NONE, "Grid width", "cells",
        "Grid width in cells.";
    Height = "height", Setting, Count, Neither, NONE, "Grid height", "cells",
        "Grid height in cells.";
    Ticks = "ticks", Setting, Count, Neither, NONE, "Ticks", "ticks",
        "Recorded ticks (the burn-in is not counted).";
    Legitimacy = "legitimacy", Setting, Index, Neither, NONE, "Legitimacy", "0–1",
        "Perceived legitimacy of the regime at the start.";
    CopDensity = "cop_density", Setting, Share, Neither, NONE, "Cop density", "share of cells",
        "Share of cells holding a cop at the start.";
    MaxJailTerm = "max_jail_term", Setting, Count, Neither, NONE, "Longest jail term", "ticks",
        "Jail terms are drawn uniformly up to this many ticks.";
    Citizens = "citizens", Setting, Count, Neither, NONE, "Citizens", "agents",
        "Citizens placed on the grid.";
    Cops = "cops", Setting, Count, Neither, NONE, "Cops", "agents",
        "Cops placed on the grid.";
    MeanActive = "mean_active", Indicator, Mean, Lower, KEY, "Active citizens", "mean per tick",
        "Mean over ticks of the citizens in open rebellion.";
    SdActive = "sd_active", Indicator, Amount, Neither, NONE, "Spread of activity", "citizens (sd over ticks)",
        "Standard deviation over ticks of the active citizens.";
    MaxActive = "max_active", Indicator, Count, Lower, SUMMARY | COMPARE | CHART, "Most active at once", "citizens",
        "Largest number of active citizens in one tick.";
    MeanJailed = "mean_jailed", Indicator, Mean, Neither, SUMMARY | COMPARE | CHART, "Jailed citizens", "mean per tick",
        "Mean over ticks of the citizens in jail.";
    Outbursts = "outbursts", Indicator, Count, Lower, KEY, "Outbursts", "per run",
        "Outbursts: activity above `outburst_above` after a spell below `outburst_below`.";
    OutburstsPer500Ticks = "outbursts_per_500_ticks", Indicator, Rate, Lower, NONE, "Outbursts", "per 500 ticks",
        "Outbursts per 500 recorded ticks.";
    MedianGap = "median_gap", Indicator, Amount, Higher, SUMMARY | COMPARE | CHART, "Time between outbursts", "ticks (median)",
        "Median ticks from the start of one outburst to the next (null with fewer than two).";
    MedianPeak = "median_peak", Indicator, Amount, Lower, SUMMARY | COMPARE, "Outburst peak", "citizens (median)",
        "Median over outbursts of the most active citizens (null without an outburst).";
    ArrestsPerTick = "arrests_per_tick", Indicator, Rate, Neither, SUMMARY | COMPARE | CHART, "Arrests", "per tick",
        "Mean arrests per tick.";
    MovesPerAgentTick = "moves_per_agent_tick", Indicator, Rate, Neither, NONE, "Mobility", "moves per agent per tick",
        "Share of agents that move in a tick, averaged over ticks.";
    AgentSteps = "agent_steps", Indicator, Count, Neither, NONE, "Agent-steps", "burn-in included",
        "Agents times ticks simulated, burn-in included (for speed measurements).";
}

columns! {
    /// cells.parquet: the grid at the end of the run.
    CvCell, CELLS, files &[Cells], models &[CivilViolence];
    State = "state", Indicator, Label, Neither, NONE, "State", "",
        "What the cell holds at the end: `empty`, `quiet`, `active`, `jailed` or `cop`.";
}
