//! Cases: one record per crime (MODEL.md §2), and the queue of calls awaiting response.

use std::collections::VecDeque;

pub const NO_CASE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Status {
    Open = 0,
    Cleared = 1,
    Unsolved = 2,
}

/// What made the police aware of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Awareness {
    Unaware = 0,
    Report = 1,
    SocialMediaDesk = 2,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub tick: u32,
    pub cell: u32,
    /// Index into the scenario's crime types (sorted by name).
    pub ctype: u8,
    pub offender: u32,
    pub victim: u32,
    pub witnesses: u8,
    pub reported: bool,
    pub posted: bool,
    /// A watch member alerted police while the offence was in progress.
    pub alert: bool,
    pub awareness: Awareness,
    pub aware_tick: u32,
    /// Evidence quality (clearance hazard factor).
    pub evidence: f32,
    /// Suspect-information quality I.
    pub info: f32,
    pub status: Status,
    pub closed_tick: u32,
    /// Cleared with citizens' help (watch alert).
    pub citizen_helped: bool,
}

/// A call for service waiting for a response officer: a crime report or another call.
#[derive(Debug, Clone, Copy)]
pub struct Call {
    pub case: u32,
    pub caller: u32,
    pub tick: u32,
    pub alert: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Cases {
    pub all: Vec<Case>,
    /// Police-aware open cases under investigation (ids into `all`).
    pub open: Vec<u32>,
    /// Today's posted cases police are not aware of (the desk's input).
    pub unaware_posted: Vec<u32>,
    pub queue: VecDeque<Call>,
    /// How many calls at the front of the queue have already cost their caller trust.
    pub penalised_front: usize,
}
