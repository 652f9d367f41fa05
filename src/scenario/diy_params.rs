//! Parameters of the citizens' DIY layer (MODEL.md §7.3–7.7): online spread, crowd
//! investigation, citizen action and roles. Defaults are in defaults.rs; most have no
//! empirical value and are assumptions to explore with sweeps (docs/MODEL.md says which).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Online spread: posts and appeals cascade through the network (MODEL.md §7.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct OnlineParams {
    /// A reader re-shares with probability share_base × O.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub share_base: f64,
    /// Re-sharing multiplier of false namings (Vosoughi et al. 2018: ~1.7).
    #[schemars(range(min = 0.0, max = 10.0))]
    pub false_share_boost: f64,
    /// At most this many hops from the author.
    #[schemars(range(min = 1, max = 20))]
    pub max_hops: u32,
    /// At most this many readers per post.
    #[schemars(range(min = 1, max = 100000))]
    pub max_reach: u32,
    /// Fear a reader gains from a post about a crime or a naming.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub fear_exposure: f64,
    /// Exposure counts this many times more when the crime is within 2 cells of home.
    #[schemars(range(min = 1.0, max = 20.0))]
    pub local_fear_factor: f64,
    /// A reader becomes a sleuth on the case with probability sleuth_base × E.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub sleuth_base: f64,
    /// A sleuth is busy with one case for this many days.
    #[schemars(range(min = 1, max = 365))]
    pub sleuth_days: u32,
    /// Readers a police appeal reaches first (followers of the police account near the crime).
    #[schemars(range(min = 1, max = 10000))]
    pub appeal_seeds: u32,
    /// Sleuth recruitment multiplier for police appeals (images draw more helpers).
    #[schemars(range(min = 0.0, max = 20.0))]
    pub appeal_sleuth_boost: f64,
    /// Share of re-sharing a police correction stops for a naming verified false.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub correction_efficacy: f64,
}

/// Crowd investigation: sleuths name suspects (MODEL.md §7.4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CrowdParams {
    /// A sleuth who fails to identify the offender names someone anyway with this probability.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub rashness: f64,
    /// Innocent residents of the crime's neighbourhood who resemble the suspect.
    #[schemars(range(min = 1, max = 16))]
    pub lookalikes: u32,
    /// A rash sleuth follows the crowd (names someone already named) with this probability.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub herding: f64,
    /// A candidate is publicly named once named by this many sleuths.
    #[schemars(range(min = 1, max = 1000))]
    pub naming_threshold: u32,
    /// Share of the suspect information I the public has without police images (a post
    /// shows little; investigators know more).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub public_info_share: f64,
    /// Police images raise suspect-information quality I by this much.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub appeal_quality_gain: f64,
    /// A case with at least this many sleuths counts as high-profile (V8 indicators).
    #[schemars(range(min = 1, max = 100000))]
    pub high_profile_sleuths: u32,
}

/// Citizen action: tips, vigilantes, harassment, hunters, filming (MODEL.md §7.5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ActionParams {
    /// A sleuth's naming reaches police as a tip with probability tip_base × (0.5 + T).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub tip_base: f64,
    /// Under police appeals, tips go to police first: tip probability multiplier.
    #[schemars(range(min = 1.0, max = 10.0))]
    pub appeal_tip_boost: f64,
    /// A vigilante who reads a naming confronts the named person with this probability.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub confront_base: f64,
    /// A confrontation injures its target with this probability.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub injury_prob: f64,
    /// Confronting the real offender compromises the case (evidence lost, suspect warned).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub compromise_prob: f64,
    /// A publicly named innocent is harassed (doxed, shamed) with this probability.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub harass_prob: f64,
    /// Daily probability that a hunter runs a decoy sting.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub sting_rate: f64,
    /// Probability a sting catches a groomer when every groomer is free.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub sting_catch: f64,
    /// A sting that catches nobody exposes an innocent adult with this probability.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub sting_false_prob: f64,
    /// A live-streamed catch ends in a harm incident with this probability.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub sting_harm_prob: f64,
    /// Charge probability of a sting's evidence when police partner with hunters.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub charge_partner: f64,
    /// Charge probability when police tolerate hunters.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub charge_tolerate: f64,
    /// Charge probability when police suppress hunters.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub charge_suppress: f64,
    /// A bystander films and posts a police action with probability film_base × O.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub film_base: f64,
    /// Bystanders present at a police action.
    #[schemars(range(min = 0, max = 100))]
    pub bystanders: u32,
    /// An arrest involves excessive force with this probability (a filmed misconduct).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub excessive_force_prob: f64,
    /// Trust a reader loses on seeing filmed misconduct.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub trust_exposed_misconduct: f64,
    /// Trust a reader gains on seeing a filmed fair police action.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub trust_exposed_fair: f64,
}

/// Role transitions: ordinary ↔ watch ↔ vigilante → hunter (MODEL.md §7.7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RolesParams {
    /// Citizens reconsider their role every this many days (a rolling share each day).
    #[schemars(range(min = 1, max = 365))]
    pub review_days: u32,
    /// Daily join probability scale: join_base × E × F × support × (1 + watch neighbours).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub join_base: f64,
    /// Neighbours are watch members living in the same cell, counted up to this many.
    #[schemars(range(min = 0, max = 1000))]
    pub max_watch_neighbours: u32,
    /// Daily probability that a watch member leaves.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub leave_base: f64,
    /// During the burn-in, joining, leaving and becoming a hunter run this many times
    /// faster (spin-up): the shares they settle at are the same, reached in weeks instead
    /// of years, so the recorded period starts at equilibrium.
    #[schemars(range(min = 1.0, max = 100.0))]
    pub burn_in_speedup: f64,
    /// Epstein threshold: grievance F(1 − T) minus risk R × enforcement risk above this → vigilante.
    #[schemars(range(min = -1.0, max = 1.0))]
    pub vigilante_threshold: f64,
    /// A vigilante returns once grievance minus risk falls below threshold − hysteresis.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub hysteresis: f64,
    /// Engagement above which a non-member may turn vigilante.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub vigilante_engagement: f64,
    /// Daily probability that a vigilante or hunter gives up self-help (and is ordinary
    /// until grievance pushes them over the threshold again): vigilantism comes in episodes.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub vigilante_desist: f64,
    /// Online activity above which a vigilante may become a hunter.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub hunter_online: f64,
    /// Probability per review that an eligible vigilante becomes a hunter.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub hunter_join: f64,
    /// Enforcement risk in the vigilante rule when vigilantism is tolerated.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub risk_tolerate: f64,
    /// Enforcement risk when police warn vigilantes.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub risk_warn: f64,
    /// Enforcement risk when police prosecute vigilantes.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub risk_prosecute: f64,
    /// Join support factor when watch groups get no police support.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub support_none: f64,
    /// Join support factor when watch groups are registered.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub support_registered: f64,
    /// Join support factor when watch groups are coordinated by police.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub support_coordinated: f64,
    /// A watch group covers a block of group_size × group_size cells …
    #[schemars(range(min = 1, max = 100))]
    pub group_size: u32,
    /// … and exists once it has this many members.
    #[schemars(range(min = 1, max = 10000))]
    pub group_min: u32,
}

/// What harms and prosecutions cost society, in euros (docs/MODEL.md §7.9): beside the
/// crimes' own social costs (`crime_types.<type>.social_cost_eur`) and the police's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CostParams {
    /// An injury in a vigilante confrontation or at a sting (violence with injury).
    #[schemars(range(min = 0.0, max = 10000000.0))]
    pub injury_eur: f64,
    /// An innocent confronted without injury (violence without injury).
    #[schemars(range(min = 0.0, max = 10000000.0))]
    pub confrontation_eur: f64,
    /// A wrongful arrest: the arrested person's loss, compensation and legal costs.
    #[schemars(range(min = 0.0, max = 10000000.0))]
    pub wrongful_arrest_eur: f64,
    /// An innocent harassed or falsely exposed online.
    #[schemars(range(min = 0.0, max = 10000000.0))]
    pub harassment_eur: f64,
    /// A prosecution of a vigilante or a hunter (criminal justice costs).
    #[schemars(range(min = 0.0, max = 10000000.0))]
    pub prosecution_eur: f64,
}
