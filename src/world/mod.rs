//! `World`: all state of one run — city, citizens, network, police, cases — built from a
//! scenario and its seed (MODEL.md §2, §5). Phases (src/phases) read and change it.

pub mod cases;
pub mod citizens;
pub mod city;
mod guardianship;
pub mod network;
pub mod police;

use crate::scenario::{CrimeType, Levers, LoadedScenario, Scenario};
pub use cases::{
    Awareness, Call, Case, Cases, Crowd, HunterCase, NO_CASE, Post, PostKind, Pursuit, SelfHelp, Status, Tip,
};
pub use citizens::{Citizens, NONE, Offenders, Role};
pub use city::City;
pub use network::Network;
pub use police::{Police, TASKS, Task};

/// Counters of the current tick; the recorder copies them into columns at the end of it.
#[derive(Debug, Clone, Default)]
pub struct TickStats {
    /// Successful crimes by type index.
    pub crimes: Vec<u32>,
    pub attempts_foiled: u32,
    pub red_handed_arrests: u32,
    pub reported: u32,
    pub posted: u32,
    pub police_aware: u32,
    pub desk_pickups: u32,
    pub cleared: u32,
    pub cleared_with_citizens: u32,
    pub unsolved: u32,
    pub watch_alerts: u32,
    /// Police alerts to registered citizens (Burgernet), and the arrests they led to.
    pub alerts_sent: u32,
    pub citizen_alert_arrests: u32,
    /// Arrests after any search with citizens' eyes (alerts and watch-group searches).
    pub alert_arrests: u32,
    pub other_calls: u32,
    pub responses: u32,
    pub response_delay_sum: u64,
    pub reports_ignored: u32,
    pub calls_abandoned: u32,
    // The DIY layer (MODEL.md §7.3–7.7).
    pub posts_spread: u32,
    pub readers: u32,
    pub sleuths_joined: u32,
    pub named_innocent: u32,
    pub named_guilty: u32,
    pub tips_received: u32,
    pub tips_verified: u32,
    pub tips_correct: u32,
    /// Correct tips a check wrongly rejected (a lost lead), and wrong ones it passed.
    pub tips_rejected_correct: u32,
    pub tips_passed_wrong: u32,
    pub tips_acted_unverified: u32,
    pub tip_hours_used: f64,
    pub wrongful_arrests: u32,
    pub harassed: u32,
    pub confrontations: u32,
    pub confrontations_innocent: u32,
    pub injuries_innocent: u32,
    pub injuries_guilty: u32,
    pub compromised: u32,
    pub stings: u32,
    pub sting_catches: u32,
    pub sting_charges: u32,
    pub sting_harm: u32,
    pub sting_false_exposures: u32,
    pub appeals: u32,
    pub corrections: u32,
    /// True namings a check took for false and "corrected".
    pub corrections_wrong: u32,
    pub takedowns: u32,
    /// Harassing messages sent (readers who harassed, and deterred vigilantes online).
    pub harassers: u32,
    pub displaced_online: u32,
    pub sting_published: u32,
    pub sting_compromised: u32,
    pub stings_called_off: u32,
    pub hunter_evidence_refused: u32,
    pub hunter_evidence_dropped: u32,
    pub hunter_hours: f64,
    pub exposed_self_harm: u32,
    pub vigilante_warnings: u32,
    pub enforcement_dropped: u32,
    pub filmed_fair: u32,
    pub filmed_misconduct: u32,
    pub vigilante_prosecutions: u32,
    pub hunter_prosecutions: u32,
}

impl TickStats {
    /// Zeroes every counter, keeping the per-type vector's allocation.
    pub fn reset(&mut self) {
        let mut crimes = std::mem::take(&mut self.crimes);
        crimes.iter_mut().for_each(|c| *c = 0);
        *self = TickStats { crimes, ..TickStats::default() };
    }
}

/// Totals over the whole run that the per-run indicators need.
#[derive(Debug, Clone, Default)]
pub struct RunTotals {
    /// By type index.
    pub crimes: Vec<u64>,
    pub reported: Vec<u64>,
    pub aware: Vec<u64>,
    pub cleared: Vec<u64>,
    pub cleared_with_citizens: u64,
    /// Street crimes per cell, all types.
    pub cell_crimes: Vec<u32>,
    /// Street crimes per cell and type (cell × n_types), for cells.parquet.
    pub cell_type_crimes: Vec<u32>,
    pub cell_recorded: Vec<u32>,
    /// Street crimes that fell within the repeat window of an earlier one in the same cell.
    pub repeats: u64,
    pub street_crimes: u64,
    pub cost_eur: f64,
    pub officer_hours: f64,
    /// Reach of public namings (cascade sizes), for true and false namings (V9).
    pub naming_reach_true: (u64, u64),
    pub naming_reach_false: (u64, u64),
    /// Days each cell was covered by an existing watch group (V5).
    pub cell_covered_days: Vec<u32>,
    /// How behaviour responded to trust, by trust quartile (docs/MODEL.md §7.7).
    pub trust_links: TrustLinks,
}

/// Behaviour by the trust quartile of the person deciding (quartiles of day 0's trust):
/// the record that shows each link of legitimacy to cooperation and compliance at work.
#[derive(Debug, Clone, Default)]
pub struct TrustLinks {
    /// Victims of new crimes, and those of them who reported it.
    pub victims: [u64; 4],
    pub victims_reporting: [u64; 4],
    /// Namings by sleuths, and those sent to police as tips.
    pub namings: [u64; 4],
    pub namings_tipped: [u64; 4],
    /// Free street offender-days, and the attempts made on them.
    pub offender_days: [u64; 4],
    pub attempts: [u64; 4],
}

/// A group of online hunters: its members (counted daily) and its followers online.
#[derive(Debug, Clone, Default)]
pub struct HunterGroup {
    pub members: u32,
    pub followers: f64,
}

pub const NO_GROUP: u32 = u32::MAX;

pub struct World {
    /// Current parameters (interventions replace them mid-run).
    pub scenario: Scenario,
    pub levers: Levers,
    pub seed: u64,
    /// Crime types in name order; a case's `ctype` indexes this.
    pub types: Vec<(String, CrimeType)>,
    /// Type indices of street types, in the order of the city's type mix.
    pub street_types: Vec<u8>,
    /// Type index of the (first) online type, committed by groomers.
    pub online_type: Option<u8>,
    pub city: City,
    pub citizens: Citizens,
    pub offenders: Offenders,
    pub network: Network,
    pub police: Police,
    pub cases: Cases,
    pub today: TickStats,
    pub totals: RunTotals,
    /// Internal ticks before day 0 (burn-in); recorded day = tick − burn_in.
    pub burn_in: u32,
    /// Hunters (citizen ids, ascending) — few, so kept as a list for the sting phase —
    /// and the group each belongs to (NO_GROUP until the sting phase assigns one).
    pub hunters: Vec<u32>,
    pub hunter_group: Vec<u32>,
    /// Hunter groups ever formed; a group with no members has dissolved.
    pub groups: Vec<HunterGroup>,
    /// Self-help prosecutions per 100,000 residents in the news, fading (perceived risk).
    pub news_risk: f64,
    /// Published catches per 100,000 residents, fading (hunters' publicity pull).
    pub publicity: f64,
    /// Offender slots of online groomers (sting targets).
    pub groomer_slots: Vec<u32>,
    /// Watch members per block of group_size × group_size cells; a group exists at ≥ group_min.
    pub block_members: Vec<u32>,
    pub block_residents: Vec<u32>,
    /// Block of each cell (group_size × group_size cells, row-major blocks).
    pub cell_block: Vec<u32>,
    /// Watch groups that exist today (blocks with at least group_min members).
    pub watch_groups: u32,
    /// Share of coordinated groups the liaison hours can support today (1 = all).
    pub liaison_coverage: f64,
    /// Citizens per role, indexed by `Role as usize`.
    pub role_counts: [u32; 4],
    /// Whether the recorded period has begun (after the burn-in).
    pub recording: bool,
    /// Quartile cut points of trust on day 0, for the trust-link record.
    pub trust_cuts: [f32; 3],
}

impl World {
    pub fn new(loaded: &LoadedScenario) -> World {
        let scenario = loaded.scenario.clone();
        let seed = scenario.seed;
        let types: Vec<(String, CrimeType)> =
            scenario.crime_types.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        let street_types: Vec<u8> =
            (0..types.len()).filter(|&k| !types[k].1.online).map(|k| k as u8).collect();
        let online_type = (0..types.len()).find(|&k| types[k].1.online).map(|k| k as u8);
        let street: Vec<(&String, &CrimeType)> =
            street_types.iter().map(|&k| (&types[k as usize].0, &types[k as usize].1)).collect();
        // The city, its residents and their ties may come from a seed of their own, so
        // replicates can differ in what happens and not in where (compare's default).
        let city_seed = scenario.city_seed.unwrap_or(seed);
        let city = City::build(&scenario.city, loaded.city.as_ref(), city_seed, &street);
        let (citizens, offenders) = Citizens::build(&scenario.citizens, &city.resident_start, city_seed);
        let network = Network::build(&scenario.network, &city, &citizens.home, city_seed);
        let n_types = types.len();
        let world = World {
            levers: scenario.policy.levers(),
            burn_in: scenario.burn_in_days,
            scenario,
            seed,
            types,
            street_types,
            online_type,
            city,
            citizens,
            offenders,
            network,
            police: Police::default(),
            cases: Cases::default(),
            today: TickStats { crimes: vec![0; n_types], ..TickStats::default() },
            totals: RunTotals::default(),
            hunters: Vec::new(),
            hunter_group: Vec::new(),
            groups: Vec::new(),
            news_risk: 0.0,
            publicity: 0.0,
            groomer_slots: Vec::new(),
            block_members: Vec::new(),
            block_residents: Vec::new(),
            cell_block: Vec::new(),
            watch_groups: 0,
            liaison_coverage: 1.0,
            role_counts: [0; 4],
            recording: false,
            trust_cuts: [0.25, 0.5, 0.75],
        };
        let mut world = world;
        let horizon = (world.scenario.burn_in_days + world.scenario.days + 1) as usize;
        world.citizens.set_relax(&world.scenario.trust, horizon);
        world.citizens.set_risk_memory(world.scenario.roles.risk_memory_days, horizon);
        world.reset_totals();
        world.init_cell_counts();
        world
    }

    /// Watch members per cell and offenders within the deterrence radius of each cell.
    fn init_cell_counts(&mut self) {
        let gs = self.scenario.roles.group_size;
        let bw = self.city.width.div_ceil(gs);
        self.cell_block = (0..self.city.cells() as u32)
            .map(|c| {
                let (x, y) = self.city.xy(c);
                (y / gs) * bw + x / gs
            })
            .collect();
        let blocks = (bw * self.city.height.div_ceil(gs)) as usize;
        self.block_members = vec![0; blocks];
        self.block_residents = vec![0; blocks];
        for c in 0..self.city.cells() {
            let b = self.block_of(c as u32);
            self.block_residents[b] += self.city.residents(c).len() as u32;
        }
        for i in 0..self.citizens.len() {
            self.role_counts[self.citizens.role[i] as usize] += 1;
            if self.citizens.registered[i] {
                self.city.registered[self.citizens.home[i] as usize] += 1;
            }
            if self.citizens.role[i] == Role::Watch {
                let home = self.citizens.home[i];
                self.city.watch_members[home as usize] += 1;
                let b = self.block_of(home);
                self.block_members[b] += 1;
            }
        }
        self.groomer_slots =
            (0..self.offenders.len() as u32).filter(|&k| self.offenders.online[k as usize]).collect();
        let r = self.scenario.offending.deterrence_radius;
        for k in 0..self.offenders.len() {
            if self.offenders.online[k] {
                continue;
            }
            let home = self.citizens.home[self.offenders.citizen[k] as usize];
            let (xs, ys) = self.city.square(home, r);
            for y in ys {
                for x in xs.clone() {
                    self.city.offenders_near[(y * self.city.width + x) as usize] += 1;
                }
            }
        }
        self.update_guardianship();
    }

    /// Whether today is in the recorded period.
    #[inline]
    pub fn recording(&self) -> bool {
        self.recording
    }

    /// Which quartile of day 0's trust `t` falls in (0 = lowest).
    #[inline]
    pub fn trust_quartile(&self, t: f32) -> usize {
        self.trust_cuts.iter().filter(|&&c| t >= c).count()
    }

    /// Day 0 begins: run totals start from zero (the burn-in is not counted).
    pub fn start_recording(&mut self) {
        self.recording = true;
        let tick = self.burn_in;
        if self.scenario.trust.settle_after_burn_in {
            self.citizens.settle_baselines(tick);
        }
        // Quartiles of trust today, from every citizen (a run does this once).
        let mut t: Vec<f32> = (0..self.population()).map(|i| self.citizens.trust_at(i, tick)).collect();
        if !t.is_empty() {
            for (k, q) in [0.25, 0.5, 0.75].into_iter().enumerate() {
                let at = ((t.len() - 1) as f64 * q) as usize;
                t.select_nth_unstable_by(at, f32::total_cmp);
                self.trust_cuts[k] = t[at];
            }
        }
        self.reset_totals();
    }

    /// Run totals from zero.
    fn reset_totals(&mut self) {
        let n_types = self.types.len();
        let cells = self.city.cells();
        self.totals = RunTotals {
            crimes: vec![0; n_types],
            reported: vec![0; n_types],
            aware: vec![0; n_types],
            cleared: vec![0; n_types],
            cell_crimes: vec![0; cells],
            cell_type_crimes: vec![0; cells * n_types],
            cell_recorded: vec![0; cells],
            cell_covered_days: vec![0; cells],
            ..RunTotals::default()
        };
    }

    /// Block (watch-group area) of a cell.
    #[inline]
    pub fn block_of(&self, c: u32) -> usize {
        self.cell_block[c as usize] as usize
    }

    /// Moves citizen `i` to `role`, keeping every count that depends on roles exact.
    pub fn set_role(&mut self, i: usize, role: Role) {
        let old = self.citizens.role[i];
        if old == role {
            return;
        }
        let home = self.citizens.home[i];
        let block = self.block_of(home);
        if old == Role::Watch {
            self.city.watch_members[home as usize] -= 1;
            self.block_members[block] -= 1;
        }
        if role == Role::Watch {
            self.city.watch_members[home as usize] += 1;
            self.block_members[block] += 1;
        }
        if old == Role::Hunter
            && let Ok(k) = self.hunters.binary_search(&(i as u32))
        {
            self.hunters.remove(k);
            self.hunter_group.remove(k);
        }
        if role == Role::Hunter
            && let Err(k) = self.hunters.binary_search(&(i as u32))
        {
            self.hunters.insert(k, i as u32);
            self.hunter_group.insert(k, NO_GROUP);
        }
        self.citizens.role[i] = role;
        self.role_counts[old as usize] -= 1;
        self.role_counts[role as usize] += 1;
    }

    pub fn population(&self) -> usize {
        self.citizens.len()
    }

    /// Citizen `i`'s estimate of the risk of self-help (docs/MODEL.md §12.2): the prior,
    /// enforcement seen in person, near home and in the news, combined as independent
    /// chances of being caught.
    pub fn perceived_risk(&self, i: usize, tick: u32) -> f64 {
        self.perceived_risk_with(i, tick, self.risk_in_news())
    }

    /// As `perceived_risk`, with the news part (the same for everyone today) computed once
    /// by the caller: loops over many citizens take it out of the loop.
    #[inline]
    pub fn perceived_risk_with(&self, i: usize, tick: u32, news: f64) -> f64 {
        let p = &self.scenario.roles;
        let own = self.citizens.risk_at(i, tick) as f64;
        let seen = self.city.enforcement_seen[self.citizens.home[i] as usize] as f64;
        let local = 1.0 - (-p.risk_local * seen).exp();
        1.0 - (1.0 - p.risk_prior) * (1.0 - own) * (1.0 - local) * (1.0 - news)
    }

    /// The part of everyone's perceived risk of self-help that comes from the news.
    pub fn risk_in_news(&self) -> f64 {
        1.0 - (-self.scenario.roles.risk_news * self.news_risk).exp()
    }

    /// Replaces the parameters mid-run (an intervention) and refreshes what derives from them.
    pub fn set_scenario(&mut self, tick: u32, scenario: Scenario, trust_shock: f64) {
        self.citizens.sync_all(tick, trust_shock as f32);
        self.levers = scenario.policy.levers();
        let horizon = (scenario.burn_in_days + scenario.days + 1) as usize;
        self.citizens.set_relax(&scenario.trust, horizon);
        self.citizens.set_risk_memory(scenario.roles.risk_memory_days, horizon);
        self.types = scenario.crime_types.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        let street: Vec<(&String, &CrimeType)> = self
            .street_types
            .iter()
            .map(|&k| (&self.types[k as usize].0, &self.types[k as usize].1))
            .collect();
        self.city.set_type_mix(&street);
        self.scenario = scenario;
        self.update_guardianship();
    }
}
