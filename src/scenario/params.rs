//! The typed, validated parameters of a `diy_policing` scenario, with their defaults.
//!
//! Every parameter of MODEL.md lives here with its default, so a scenario file states only
//! what differs. Doc comments become the JSON Schema descriptions editors show, and the
//! `range` attributes are the bounds `diypol validate` checks. Sources of the defaults are
//! listed in docs/MODEL.md.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use super::cv_params::*;
pub use super::diy_params::*;
pub use super::policy::*;

/// A scenario file: `version: 1`, a model tag, and the sections that differ from defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Scenario {
    /// Scenario format version. Only 1 exists.
    #[schemars(range(min = 1, max = 1))]
    pub version: u32,
    /// Which model the scenario runs.
    pub model: ModelKind,
    /// Short name used in outputs; defaults to the file name without extension.
    pub name: Option<String>,
    /// The policy question this scenario answers, in one or two sentences.
    pub description: Option<String>,
    /// Master seed: every random draw of the run derives from it.
    pub seed: u64,
    /// Seed of the city, its residents and their network, when they should stay the same
    /// while `seed` varies the dynamics (the replicates of `diypol compare` share one city
    /// unless `--vary-city`); unset, `seed` draws them too.
    pub city_seed: Option<u64>,
    /// Simulated days (one tick is one day).
    #[schemars(range(min = 1, max = 36500))]
    pub days: u32,
    /// Days simulated before day 0 and not recorded, so the run starts from a settled
    /// state (jail population, hot spots, open cases) rather than from an empty one.
    #[schemars(range(min = 0, max = 36500))]
    pub burn_in_days: u32,
    pub city: CityParams,
    pub network: NetworkParams,
    pub citizens: CitizenParams,
    pub offending: OffendingParams,
    /// Crime types by name. Entries here are merged into the defaults; a new name adds a type.
    pub crime_types: BTreeMap<String, CrimeType>,
    pub reporting: ReportingParams,
    pub police: PoliceParams,
    pub trust: TrustParams,
    pub places: PlaceParams,
    pub online: OnlineParams,
    pub crowd: CrowdParams,
    pub action: ActionParams,
    pub roles: RolesParams,
    pub costs: CostParams,
    pub policy: Policy,
    /// Timed changes: at a tick, set parameters by path (e.g. `policy.patrol`) or apply
    /// `trust_shock` (added to every citizen's trust).
    pub interventions: Vec<Intervention>,
    pub output: OutputParams,
    /// Only for `model: civil_violence`.
    pub civil_violence: CivilViolenceParams,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// Citizens, social media and police (MODEL.md sections 1–9).
    DiyPolicing,
    /// Epstein's civil violence, Model I (MODEL.md section 10).
    CivilViolence,
}

/// Sections every model takes.
const COMMON_SECTIONS: &[&str] = &[
    "version",
    "model",
    "name",
    "description",
    "seed",
    "city_seed",
    "days",
    "burn_in_days",
    "interventions",
    "output",
];

impl ModelKind {
    /// The top-level sections only this model reads.
    fn own_sections(self) -> &'static [&'static str] {
        match self {
            ModelKind::DiyPolicing => &[
                "city",
                "network",
                "citizens",
                "offending",
                "crime_types",
                "reporting",
                "police",
                "trust",
                "places",
                "online",
                "crowd",
                "action",
                "roles",
                "costs",
                "policy",
            ],
            ModelKind::CivilViolence => &["civil_violence"],
        }
    }

    /// Whether a scenario of this model may contain the top-level `section`.
    pub fn has_section(self, section: &str) -> bool {
        COMMON_SECTIONS.contains(&section) || self.own_sections().contains(&section)
    }

    /// Every top-level section a scenario of this model may contain, in file order.
    pub fn sections(self) -> Vec<&'static str> {
        COMMON_SECTIONS.iter().chain(self.own_sections()).copied().collect()
    }

    pub fn name(self) -> &'static str {
        match self {
            ModelKind::DiyPolicing => "diy_policing",
            ModelKind::CivilViolence => "civil_violence",
        }
    }
}

/// The synthetic city (MODEL.md §2, §5) or a CSV grid (§6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CityParams {
    /// Grid width in cells (a cell is a neighbourhood block).
    #[schemars(range(min = 3, max = 4000))]
    pub width: u32,
    /// Grid height in cells.
    #[schemars(range(min = 3, max = 4000))]
    pub height: u32,
    /// Number of citizens.
    #[schemars(range(min = 100, max = 50000000))]
    pub population: u32,
    /// Log-standard deviation of base attractiveness A0 after smoothing.
    #[schemars(range(min = 0.0, max = 3.0))]
    pub attractiveness_log_sd: f64,
    /// Log-standard deviation of residential density after smoothing.
    #[schemars(range(min = 0.0, max = 3.0))]
    pub density_log_sd: f64,
    /// Radius (cells) of the smoothing that makes both fields spatially correlated.
    #[schemars(range(min = 0, max = 50))]
    pub smoothing_radius: u32,
    /// Optional CSV grid `x,y,population,attractiveness` replacing the synthetic city;
    /// a relative path is resolved from the scenario file's folder.
    pub csv: Option<String>,
}

/// The spatially embedded small-world social network (MODEL.md §2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NetworkParams {
    /// Mean number of ties per citizen (even numbers are exact).
    #[schemars(range(min = 0, max = 200))]
    pub mean_degree: u32,
    /// Share of ties that go to uniformly random citizens instead of neighbours.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub p_far: f64,
    /// Radius (cells) of the neighbourhood local ties go to.
    #[schemars(range(min = 0, max = 20))]
    pub local_radius: u32,
}

/// Citizen traits at initialisation (MODEL.md §2, §5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CitizenParams {
    /// Share of citizens who are (street) offenders.
    #[schemars(range(min = 0.0, max = 0.5))]
    pub offender_share: f64,
    /// Share of citizens who groom children online.
    #[schemars(range(min = 0.0, max = 0.05))]
    pub groomer_share: f64,
    /// Share of citizens registered to receive police alerts (Burgernet), drawn in
    /// proportion to civic engagement E.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub alert_register_share: f64,
    /// Share of citizens who start as watch-group members.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub initial_watch_share: f64,
    /// Beta(a, b) of offender motivation M.
    pub motivation: BetaParams,
    /// Beta(a, b) of civic engagement E.
    pub engagement: BetaParams,
    /// Beta(a, b) of online activity O.
    pub online_activity: BetaParams,
    /// Beta(a, b) of identification skill S.
    pub skill: BetaParams,
    /// Beta(a, b) of baseline trust in police T0.
    pub trust0: BetaParams,
    /// Beta(a, b) of baseline fear of crime F0.
    pub fear0: BetaParams,
}

/// Shape parameters of a Beta distribution.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BetaParams {
    #[schemars(range(min = 0.01, max = 1000.0))]
    pub a: f64,
    #[schemars(range(min = 0.01, max = 1000.0))]
    pub b: f64,
}

/// Offender behaviour (MODEL.md §7.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct OffendingParams {
    /// Daily offending rate scale: P(offend) = r_off × M × (1 − Q_off).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub r_off: f64,
    /// Candidate cells an offender compares.
    #[schemars(range(min = 1, max = 64))]
    pub n_cand: u32,
    /// Radius (cells, Chebyshev) around home where candidates are drawn.
    #[schemars(range(min = 0, max = 50))]
    pub search_radius: u32,
    /// Failure probability per unit of guardianship G.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub g_eff: f64,
    /// Failure probability per unit of police presence P.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub p_eff: f64,
    /// Upper bound of the failure probability.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub fail_cap: f64,
    /// A failure in a patrolled cell is a red-handed arrest with probability P × red_handed.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub red_handed: f64,
    /// How much offenders perceive patrol in the 8 neighbouring cells of a target
    /// (uncertainty about where police are: diffusion of benefits).
    #[schemars(range(min = 0.0, max = 2.0))]
    pub patrol_halo: f64,
    /// Share of the attractiveness that patrol takes from an offender's options that moves
    /// to another option (displacement); the rest becomes not offending today (Weisburd et
    /// al. 2006 found displacement small and diffusion of benefits common).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub displacement: f64,
    /// Radius (cells) of the neighbourhood whose arrests an offender notices.
    #[schemars(range(min = 0, max = 20))]
    pub deterrence_radius: u32,
    /// Memory (days) of the exponential average of nearby arrests.
    #[schemars(range(min = 1.0, max = 3650.0))]
    pub deterrence_memory_days: f64,
    /// Q_off = 1 − exp(−deterrence_weight × recent nearby arrests per offender).
    #[schemars(range(min = 0.0, max = 100.0))]
    pub deterrence_weight: f64,
    /// Daily probability that a free online groomer contacts a victim.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub groom_rate: f64,
}

/// One crime type. Missing fields of a new type take these generic values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CrimeType {
    /// Committed online, over the network (by groomers), not in a cell.
    pub online: bool,
    /// Weight in the street-crime mix (ignored for online types).
    #[schemars(range(min = 0.0, max = 1000.0))]
    pub share: f64,
    /// Tilt of the mix by the cell: weight ∝ share × (A0 / mean A0)^elasticity.
    #[schemars(range(min = -5.0, max = 5.0))]
    pub attract_elasticity: f64,
    /// Victim's base reporting probability (times trust and channel factors).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub report_base: f64,
    /// Daily clearance hazard scale of a police-aware case.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub clear_base: f64,
    /// Base of suspect-information quality I and evidence quality.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub info_base: f64,
    /// Days in jail after clearance.
    #[schemars(range(min = 0, max = 36500))]
    pub sentence_days: u32,
    /// What one crime of this type costs society, in euros (victims' losses and harms,
    /// defensive spending, health care, lost output, the justice response).
    #[schemars(range(min = 0.0, max = 100000000.0))]
    pub social_cost_eur: f64,
}

/// Witnessing, reporting and posting (MODEL.md §7.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ReportingParams {
    /// Probability that a resident of the cell witnesses a street crime.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub p_witness: f64,
    /// At most this many residents are candidate witnesses.
    #[schemars(range(min = 0, max = 1000))]
    pub max_witness_pool: u32,
    /// Witnessing rises by this factor times the watch share of the cell.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub watch_witness_boost: f64,
    /// A witness's base reporting probability (times the trust factor).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub witness_report_base: f64,
    /// A watch member who witnesses a crime alerts police with this probability.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub watch_report_prob: f64,
    /// Anyone involved posts online with probability post_base × O.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub post_base: f64,
    /// Each witness adds this to suspect-information quality I.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub info_per_witness: f64,
    /// Reporting multiplier for app users when the reporting app is on (a cheaper report).
    #[schemars(range(min = 1.0, max = 5.0))]
    pub app_channel_factor: f64,
    /// Citizens with online activity O at least this use the app when there is one.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub app_online_threshold: f64,
}

/// Police capacity, tasks and costs (MODEL.md §2, §7.6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PoliceParams {
    /// Effective hours each officer gives per day.
    #[schemars(range(min = 0.0, max = 24.0))]
    pub hours_per_officer_day: f64,
    /// Shares of the day's hours by task; patrol takes the rest.
    pub shares: TaskShares,
    /// Patrol hours at which presence P = 1 − exp(−hours / patrol_h0) reaches 63%.
    #[schemars(range(min = 0.01, max = 1000.0))]
    pub patrol_h0: f64,
    /// Memory (days) of recorded crime used to rank hot spots.
    #[schemars(range(min = 1.0, max = 3650.0))]
    pub hotspot_memory_days: f64,
    /// Weight of residents' fear relative to their reports in `community` patrol ranking.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub community_fear_weight: f64,
    /// Calls for service that are not crimes, per 1,000 residents per day; they queue with
    /// crime reports and take response hours (most police calls are not crimes).
    #[schemars(range(min = 0.0, max = 100.0))]
    pub non_crime_calls_per_1000_day: f64,
    /// Officer-hours to answer one report.
    #[schemars(range(min = 0.01, max = 100.0))]
    pub response_hours: f64,
    /// Share of eyewitnesses' calls made while the offender is still near (a crime in
    /// progress or just over): only these can be searched for with citizens' help.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub live_call_share: f64,
    /// Hours from a call to the first unit's dispatch, before any queue (the alert, if
    /// any, goes out then).
    #[schemars(range(min = 0.0, max = 24.0))]
    pub dispatch_hours: f64,
    /// Cells a fleeing offender covers per hour: the search area grows with the delay.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub offender_speed_cells_per_hour: f64,
    /// Alerts reach registered citizens living within this many cells of the scene.
    #[schemars(range(min = 0, max = 50))]
    pub alert_radius: u32,
    /// An alerted citizen looks out (is around, reads it in time) with this probability.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub lookout_prob: f64,
    /// A patrol officer in the cell the offender passes spots him with presence P × this.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub police_spot_prob: f64,
    /// A sighting called in leads to an arrest with this probability (a unit gets there).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub sighting_arrest_prob: f64,
    /// Response officer-hours to send one alert and take the calls back.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub alert_hours: f64,
    /// Officer-hours per day an open case needs for full investigative effort.
    #[schemars(range(min = 0.01, max = 100.0))]
    pub caseload_hours_per_case: f64,
    /// Calls still waiting after this many days are dropped unanswered.
    #[schemars(range(min = 1, max = 365))]
    pub call_max_wait_days: u32,
    /// Open cases close unsolved after this many days.
    #[schemars(range(min = 1, max = 3650))]
    pub case_max_days: u32,
    /// Desk officer-hours to pick up one posted, unreported crime.
    #[schemars(range(min = 0.01, max = 100.0))]
    pub desk_pickup_hours: f64,
    /// Officer-hours to triage (and, if required, verify) one tip.
    #[schemars(range(min = 0.01, max = 100.0))]
    pub tip_hours: f64,
    /// A verified correct tip multiplies the case's evidence by this.
    #[schemars(range(min = 1.0, max = 10.0))]
    pub tip_evidence_gain: f64,
    /// Tips still waiting for verification after this many days are acted on unverified.
    #[schemars(range(min = 1, max = 365))]
    pub tip_max_age_days: u32,
    /// A verification check finds a correct tip (or a true naming) correct with this
    /// probability; otherwise the lead is dropped.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub verify_sensitivity: f64,
    /// A check finds a wrong tip (or a false naming) wrong with this probability;
    /// otherwise it is taken as correct.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub verify_specificity: f64,
    /// Acting on a wrong tip (unverified, or passed by a check) arrests an innocent with this probability.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub wrongful_arrest_prob: f64,
    /// Desk officer-hours to issue one appeal with images.
    #[schemars(range(min = 0.01, max = 100.0))]
    pub appeal_hours: f64,
    /// Desk officer-hours to verify a public naming and, if false, post a correction.
    #[schemars(range(min = 0.01, max = 100.0))]
    pub correction_hours: f64,
    /// Desk officer-hours to answer one filmed police action publicly (transparency).
    #[schemars(range(min = 0.01, max = 100.0))]
    pub transparency_hours: f64,
    /// Officer-hours to pursue one vigilante assault (investigation hours).
    #[schemars(range(min = 0.01, max = 100.0))]
    pub enforcement_hours: f64,
    /// Days a vigilante assault waits for enforcement hours before it is dropped.
    #[schemars(range(min = 1, max = 365))]
    pub enforcement_max_wait_days: u32,
    /// Probability police pursue a vigilante assault they learn of, by `vigilantism` lever.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub pursue_tolerate: f64,
    /// Probability police pursue a vigilante assault under `warn`.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub pursue_warn: f64,
    /// Probability police pursue a vigilante assault under `prosecute`.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub pursue_prosecute: f64,
    /// Investigation officer-hours to process one hunter catch (evidence review, interview).
    #[schemars(range(min = 0.0, max = 100.0))]
    pub hunter_case_hours: f64,
    /// Under `hunters: tolerate`, evidence of at least this quality is accepted (case by case).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub hunter_accept_quality: f64,
    /// Under `hunters: suppress`, share of published stings police investigate, prosecuting
    /// the group member (enforcement hours, as for vigilantes).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub pursue_hunters_suppress: f64,
    /// Liaison officer-hours each coordinated watch group needs per day.
    #[schemars(range(min = 0.0, max = 24.0))]
    pub liaison_hours_per_group_day: f64,
    /// Euros per coordinated watch group per day (materials, training, app seats).
    #[schemars(range(min = 0.0, max = 100000.0))]
    pub liaison_cost_per_group_day: f64,
    /// Euros per officer-hour (salary and overheads).
    #[schemars(range(min = 0.0, max = 10000.0))]
    pub officer_hour_cost: f64,
    /// Euros per day of running the reporting app.
    #[schemars(range(min = 0.0, max = 1000000.0))]
    pub app_cost_per_day: f64,
    /// Euros per officer per day of procedural-justice training (amortised).
    #[schemars(range(min = 0.0, max = 10000.0))]
    pub training_cost_per_officer_day: f64,
}

/// Shares of officer-hours by task (MODEL.md §7.6); with the social-media desk their sum
/// must stay at most 1, and patrol takes the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TaskShares {
    /// Answering calls for service (crime reports and other calls).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub response: f64,
    /// Investigating police-aware open cases (and pursuing vigilante assaults).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub investigation: f64,
    /// Triaging and verifying citizens' tips.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub tip_triage: f64,
    /// Liaison with watch groups (needed only when groups are coordinated).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub watch_liaison: f64,
}

/// Trust in police (legitimacy) on two timescales, what moves it, what it moves, and
/// fear of crime (docs/MODEL.md §7.7, §12.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TrustParams {
    /// Trust gained when one's call is answered (a good contact).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub served: f64,
    /// Trust gained when one's case clears.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub cleared: f64,
    /// Trust lost when one's call waits longer than `ignored_days` (× `bad_weight`).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub ignored: f64,
    /// A caller still waiting after this many days loses `ignored` trust (once).
    #[schemars(range(min = 0, max = 365))]
    pub ignored_days: u32,
    /// Trust lost by the wrongfully arrested and by innocents harassed, confronted or
    /// falsely exposed (× `bad_weight`).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub wrongful: f64,
    /// Trust lost by an innocent publicly named by a crowd (× `bad_weight`): the police
    /// did not protect them.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub named: f64,
    /// How many times a bad experience weighs a good one of the same size.
    #[schemars(range(min = 1.0, max = 10.0))]
    pub bad_weight: f64,
    /// Share of an experience each network contact of the person feels (vicarious).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub vicarious_weight: f64,
    /// Half-life (days) of trust's return to the personal baseline.
    #[schemars(range(min = 1.0, max = 3650.0))]
    pub fast_half_life_days: f64,
    /// Half-life (days) of the baseline's return to the citizen's disposition.
    #[schemars(range(min = 1.0, max = 36500.0))]
    pub slow_half_life_days: f64,
    /// Share of each experience that moves the baseline too (what is still felt months later).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub lasting_share: f64,
    /// At the end of the burn-in, move everyone's trust by the amount that brings the mean
    /// baseline to the equilibrium its filling-up so far points to (no years-long drift).
    pub settle_after_burn_in: bool,
    /// Trust a reader gains from a police correction of a false naming.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub correction: f64,
    /// Trust a reader gains from a police post of a case cleared after an appeal.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub success: f64,
    /// Share of police contacts (a call answered, a case cleared) the citizen finds fair;
    /// the rest feel badly handled and lose `unfair_contact` instead of gaining.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub fair_contact_prob: f64,
    /// The same share after procedural-justice training.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub fair_contact_prob_trained: f64,
    /// Trust lost after a contact the citizen found unfair (× `bad_weight`).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub unfair_contact: f64,
    /// Slope of reporting in trust: a victim's or witness's propensity × (1 + slope × (T − 0.5)).
    #[schemars(range(min = 0.0, max = 2.0))]
    pub reporting_slope: f64,
    /// Slope of statements in the victim's trust: evidence × (1 + slope × (T − 0.5)).
    #[schemars(range(min = 0.0, max = 2.0))]
    pub statement_slope: f64,
    /// Slope of tips in the sleuth's trust: tip propensity × (1 + slope × (T − 0.5)).
    #[schemars(range(min = 0.0, max = 2.0))]
    pub tip_slope: f64,
    /// Slope of offending in the offender's trust: motivation × (1 − slope × (T − 0.5)).
    #[schemars(range(min = 0.0, max = 2.0))]
    pub compliance_slope: f64,
    /// Fear gained on victimisation.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub fear_victim: f64,
    /// Fear gained by an innocent harmed by citizens or police (and, × `vicarious_weight`,
    /// by their contacts).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub fear_harmed: f64,
    /// Daily relaxation of fear toward its baseline F0.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub fear_relax: f64,
}

/// Places: near-repeat boost and guardianship (MODEL.md §7.8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PlaceParams {
    /// Boost added to a cell's attractiveness per crime in it.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub boost: f64,
    /// Boost added per crime in each of the 8 neighbouring cells.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub near_boost: f64,
    /// Daily decay of the boost.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub boost_decay: f64,
    /// Guardianship per watch member share: G = min(1, watch_guard × members / residents).
    #[schemars(range(min = 0.0, max = 100.0))]
    pub watch_guard: f64,
    /// Guardianship multiplier when watch groups are `registered` (coordinated = 1).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub registered_guard_factor: f64,
    /// Guardianship multiplier when watch groups get no police support (`none`).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub unsupported_guard_factor: f64,
    /// Days after which a later crime in the same cell no longer counts as a repeat.
    #[schemars(range(min = 1, max = 365))]
    pub repeat_window_days: u32,
}

/// A timed change: `{at: tick, set: {path: value}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Intervention {
    /// Tick (day, from 0) at whose start the change applies.
    pub at: u32,
    /// Parameter paths (e.g. `policy.patrol`, `police.shares.response`) and new values;
    /// the pseudo-path `trust_shock` adds its value to every citizen's trust.
    pub set: BTreeMap<String, serde_json::Value>,
}

/// Optional outputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct OutputParams {
    /// Write cells.parquet (per-cell counts for maps).
    pub cells: bool,
    /// Write events.parquet (one row per case).
    pub events: bool,
    /// Draw the dashboard and crime map (PNG and SVG).
    pub charts: bool,
}

/// The JSON Schema of scenario files (what `diypol schema` prints).
pub fn schema() -> &'static serde_json::Value {
    static SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut s = serde_json::to_value(schemars::schema_for!(Scenario)).expect("schema is JSON");
        if let Some(o) = s.as_object_mut() {
            o.insert("title".into(), "diypol scenario".into());
            // `extends` is resolved before the typed scenario exists (scenario::assign).
            if let Some(props) = o.get_mut("properties").and_then(|p| p.as_object_mut()) {
                props.insert(
                    "extends".into(),
                    serde_json::json!({
                        "type": "string",
                        "description": "A scenario file (relative to this one) whose values this file starts from: \
                            mappings merge key by key, anything else replaces; its `name` and `description` \
                            are not inherited."
                    }),
                );
            }
        }
        s
    })
}

/// The name of an enum value as scenario files write it (`hotspot`, `co_opt`).
pub fn enum_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|j| j.as_str().map(str::to_string)).unwrap_or_default()
}

impl Scenario {
    /// The resolved scenario as YAML (only the sections of its model), for output metadata.
    pub fn to_yaml(&self) -> String {
        let mut json = serde_json::to_value(self).unwrap_or_default();
        if let Some(map) = json.as_object_mut() {
            map.retain(|k, _| self.model.has_section(k));
        }
        serde_saphyr::to_string(&json).unwrap_or_else(|e| format!("# could not serialise: {e}"))
    }
}
