//! Cases: one record per crime (MODEL.md §2), and the queue of calls awaiting response.

use std::collections::VecDeque;

pub const NO_CASE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Status {
    Open = 0,
    Cleared = 1,
    Unsolved = 2,
    /// Lost to vigilante interference: evidence gone, suspect warned.
    Compromised = 3,
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
    /// Cleared with citizens' help (watch alert or a correct tip).
    pub citizen_helped: bool,
    /// A correct tip reached the investigation.
    pub tip_helped: bool,
    /// Police released images (an appeal), of this clarity (0 without).
    pub appeal: bool,
    pub clarity: f32,
    /// Index into `Cases::crowds`, or NO_CASE if no sleuth has worked on it.
    pub crowd: u32,
}

impl Case {
    /// A new crime: open, unknown to police, no witnesses or posts yet.
    pub fn new(tick: u32, cell: u32, ctype: u8, offender: u32, victim: u32) -> Case {
        Case {
            tick,
            cell,
            ctype,
            offender,
            victim,
            witnesses: 0,
            reported: false,
            posted: false,
            alert: false,
            awareness: Awareness::Unaware,
            aware_tick: u32::MAX,
            evidence: 0.0,
            info: 0.0,
            status: Status::Open,
            closed_tick: u32::MAX,
            citizen_helped: false,
            tip_helped: false,
            appeal: false,
            clarity: 0.0,
            crowd: NO_CASE,
        }
    }
}

/// Sleuths working on one case: candidates are the offender (slot 0) and the case's
/// lookalikes (slots 1..); counts are namings so far. Fixed size: no allocation per sleuth.
#[derive(Debug, Clone)]
pub struct Crowd {
    pub case: u32,
    pub lookalikes: [u32; 16],
    pub n_lookalikes: u8,
    pub counts: [u16; 17],
    /// Bit k set once candidate k has been publicly named.
    pub named: u32,
    pub sleuths: u32,
}

impl Crowd {
    /// The citizen behind candidate slot `k` (0 = the offender).
    pub fn candidate(&self, k: usize, offender: u32) -> u32 {
        if k == 0 { offender } else { self.lookalikes[k - 1] }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostKind {
    /// A victim's or witness's post about a crime.
    Crime,
    /// A police appeal with images.
    Appeal,
    /// A public naming of a suspect; `guilty` says whether it is the offender.
    Naming { guilty: bool },
    /// A filmed police action (or a wrongful arrest told by the person arrested).
    Filmed { misconduct: bool },
    /// The police account tells of a case cleared after an appeal (a public success).
    Success,
}

/// Something posted online that cascades through the network (phase 5).
#[derive(Debug, Clone, Copy)]
pub struct Post {
    pub kind: PostKind,
    pub case: u32,
    /// Who posted (NONE for the police account).
    pub author: u32,
    /// The person named or filmed (NONE otherwise).
    pub subject: u32,
    /// Where it happened (for local fear and appeal seeds).
    pub cell: u32,
    /// Police checked a naming, found it false and posted a correction.
    pub corrected: bool,
    /// Police answered a filmed action publicly (transparency).
    pub answered: bool,
}

/// A naming sent to police.
#[derive(Debug, Clone, Copy)]
pub struct Tip {
    pub case: u32,
    pub candidate: u32,
    pub correct: bool,
    pub tick: u32,
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
    /// Id of the first case created today.
    pub first_new_today: usize,
    pub crowds: Vec<Crowd>,
    /// Sleuths who joined a case today: (case, sleuth), applied by the crowd phase.
    pub new_sleuths: Vec<(u32, u32)>,
    /// Posts to spread in today's phase 5; posts made later in the day wait in `posts_next`.
    pub posts: Vec<Post>,
    pub posts_next: Vec<Post>,
    pub tips: VecDeque<Tip>,
    /// Self-help police decided to pursue, waiting for enforcement hours (oldest first).
    pub enforcement: VecDeque<Pursuit>,
    /// Hunters' catches handed to police, waiting for investigation hours (oldest first).
    pub hunter_evidence: VecDeque<HunterCase>,
}

/// Who police pursue for self-help: a vigilante's assault or a hunter's sting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelfHelp {
    Vigilante,
    Hunter,
}

/// A pursuit police decided on: the citizen, since when it waits, and what for.
#[derive(Debug, Clone, Copy)]
pub struct Pursuit {
    pub citizen: u32,
    pub tick: u32,
    pub kind: SelfHelp,
}

/// A groomer caught by a hunter group, with the evidence they hand over.
#[derive(Debug, Clone, Copy)]
pub struct HunterCase {
    /// Offender slot of the groomer.
    pub offender: u32,
    /// Evidence quality (0–1): the charge probability once police process it.
    pub quality: f32,
    pub tick: u32,
}
