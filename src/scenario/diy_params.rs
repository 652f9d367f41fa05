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
    /// Exposure counts this many times more when the crime is within `local_radius` cells of home.
    #[schemars(range(min = 1.0, max = 20.0))]
    pub local_fear_factor: f64,
    /// Radius (cells) within which a post's crime counts as local to a reader.
    #[schemars(range(min = 0, max = 50))]
    pub local_radius: u32,
    /// A reader becomes a sleuth on the case with probability sleuth_base × E.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub sleuth_base: f64,
    /// A sleuth is busy with one case for this many days.
    #[schemars(range(min = 1, max = 365))]
    pub sleuth_days: u32,
    /// Readers a police appeal reaches first (followers of the police account living within
    /// `local_radius` of the crime).
    #[schemars(range(min = 1, max = 10000))]
    pub appeal_seeds: u32,
    /// Sleuth recruitment multiplier for police appeals (images draw more helpers).
    #[schemars(range(min = 0.0, max = 20.0))]
    pub appeal_sleuth_boost: f64,
    /// A police correction appears under a naming once it has travelled this many hops
    /// (checking takes time): the readers before it see the naming alone.
    #[schemars(range(min = 0, max = 20))]
    pub correction_delay_hops: u32,
    /// Share of the readers after the correction who also see it (corrections reach part
    /// of the audience); they neither re-share nor harass, and trust police a little more.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub correction_reach: f64,
    /// A corrected naming is taken down by the platform with this probability: it then
    /// stops spreading where the correction appeared.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub takedown_prob: f64,
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
    /// Lookalikes live within this many cells of the crime.
    #[schemars(range(min = 0, max = 20))]
    pub lookalike_radius: u32,
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
    /// Mean clarity of police images: with an appeal the public sees what a post shows
    /// plus this share of what it does not (each case's clarity drawn from a Beta with
    /// this mean), and investigators' I rises by the same amount.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub appeal_quality_gain: f64,
    /// Concentration a + b of the Beta of image clarity (low: some images sharp, many
    /// blurred; high: all near the mean).
    #[schemars(range(min = 0.5, max = 1000.0))]
    pub image_clarity_concentration: f64,
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
    /// Each reader of a public naming harasses the named person (messages, doxing) with
    /// this probability × the reader's online activity O: harassment grows with reach.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub harass_per_reader: f64,
    /// A vigilante deterred from confronting (by the risk they perceive) harasses online
    /// instead with this probability (displacement from the street to the screen).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub online_displacement: f64,
    /// Daily probability that each member of a hunter group runs a decoy sting.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub sting_rate: f64,
    /// Online contacts a decoy profile meets per sting: a sting catches a groomer with
    /// 1 − exp(−decoy_exposure × free groomers / population).
    #[schemars(range(min = 0.0, max = 1000000.0))]
    pub decoy_exposure: f64,
    /// A sting that catches nobody exposes an innocent adult (mistaken identity) with this
    /// probability.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub sting_false_prob: f64,
    /// A confrontation at a catch ends in violence with this probability.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub sting_harm_prob: f64,
    /// A man exposed online by a published sting harms himself with this probability.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub exposed_self_harm_prob: f64,
    /// Mean quality of a catch's evidence (chat logs, video), drawn uniformly ± spread.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub hunter_evidence_base: f64,
    /// Half-width of the uniform spread of evidence quality.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub hunter_evidence_spread: f64,
    /// Evidence quality gained when police partner (advice on preserving chats, no
    /// entrapment, statements taken).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub partner_evidence_gain: f64,
    /// A group publishes a catch online (live stream, video) with this probability …
    #[schemars(range(min = 0.0, max = 1.0))]
    pub publish_prob: f64,
    /// … and with this one when partnering police ask it to hand over without publishing.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub publish_partner: f64,
    /// A sting on a groomer police are already investigating warns him: the police case
    /// is compromised with this probability.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub sting_compromise_prob: f64,
    /// Under partnership police warn the group off suspects they investigate: a sting on
    /// one is called off with this probability.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub partner_deconfliction: f64,
    /// A new hunter founds a group (rather than joining one) with this probability.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub group_found_prob: f64,
    /// Followers a group gains per published catch.
    #[schemars(range(min = 0.0, max = 100000.0))]
    pub followers_per_catch: f64,
    /// Daily share of a group's followers who drift away.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub followers_decay: f64,
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
    /// Procedural-justice training cuts the share of arrests with excessive force by this.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub training_force_cut: f64,
    /// Share of a filmed action's readers who also read the police's public answer
    /// (transparency) …
    #[schemars(range(min = 0.0, max = 1.0))]
    pub answer_reach: f64,
    /// … and the share of the trust loss that answer takes away for them.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub answer_mitigation: f64,
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
    /// Epstein threshold: grievance F(1 − T) minus risk aversion × perceived risk above this → vigilante.
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
    /// Probability per review that an eligible vigilante becomes a hunter, before the pull
    /// of hunters' publicity.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub hunter_join: f64,
    /// Publicity pull: joining × (1 + pull × published catches per 100,000 residents in
    /// the last `risk_memory_days`).
    #[schemars(range(min = 0.0, max = 1000.0))]
    pub publicity_pull: f64,
    /// Perceived risk of self-help with no enforcement seen (that assault is a crime is
    /// common knowledge).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub risk_prior: f64,
    /// Perceived risk added to a citizen who is prosecuted (× `warning_weight` if only
    /// warned) …
    #[schemars(range(min = 0.0, max = 1.0))]
    pub risk_own: f64,
    /// … to each network contact of theirs …
    #[schemars(range(min = 0.0, max = 1.0))]
    pub risk_contact: f64,
    /// … per prosecution per 100 residents within `offending.deterrence_radius` of home …
    #[schemars(range(min = 0.0, max = 100.0))]
    pub risk_local: f64,
    /// … and per prosecution per 100,000 residents anywhere in the city (the news).
    #[schemars(range(min = 0.0, max = 1000.0))]
    pub risk_news: f64,
    /// Memory (days) of perceived risk: what was seen fades exponentially.
    #[schemars(range(min = 1.0, max = 3650.0))]
    pub risk_memory_days: f64,
    /// A police warning weighs this share of a prosecution, for the risk seen.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub warning_weight: f64,
    /// Trust lost by a prosecuted vigilante or hunter (× `bad_weight`, contacts told):
    /// the backlash that raises grievance.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub prosecution_backlash: f64,
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
