//! Keyed random streams: every draw comes from a generator keyed by
//! (seed, tick, phase, entity id), so results do not depend on thread count or on the
//! order in which rayon schedules work.

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

/// The named random streams: every use of randomness has its own, so two uses never draw
/// the same numbers, and an entity id is only ever an id, never tagged with bits to tell
/// uses apart. The values are part of the keys: never renumber one, or every result that
/// draws from it changes. (Values that existed before the streams were named keep them.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Stream {
    /// Both smoothed fields of a synthetic city, per cell: attractiveness at ids
    /// 0..cells, residential density at cells..2 × cells.
    City = 1,
    /// A citizen's traits, per citizen.
    Citizen = 2,
    /// A citizen's ties, per citizen.
    Network = 3,
    /// Where a random patrol goes, per patrol officer.
    RandomPatrol = 10,
    /// An offender's day: offend, target, type, outcome, victim; per offender slot.
    Offending = 11,
    /// Witnesses, reports and posts of a new case, per case.
    Witness = 12,
    /// Whether an open case clears today, per case.
    Investigation = 13,
    /// Non-crime calls for service of the day.
    Calls = 16,
    /// The search after an alert (citizens and patrols looking out for the fleeing
    /// offender), per case.
    AlertArrest = 17,
    /// A post's cascade, per post (its place in the day's list).
    Cascade = 18,
    /// Sleuths naming suspects, per case.
    Sleuthing = 19,
    /// A citizen's role review, per citizen.
    RoleReview = 21,
    /// Acting on an unverified wrong tip, per (candidate, case).
    UnverifiedTip = 22,
    /// A vigilante confronting a named person, per (vigilante, case).
    Confrontation = 24,
    /// Police checking a public naming (and the platform taking it down), per post.
    Harassment = 25,
    /// A hunter's sting, per hunter.
    Sting = 26,
    /// Which group a new hunter joins or founds, per hunter.
    HunterGroup = 46,
    /// Whether a call's caller found the contact fair, per (caller, response of the day).
    ContactCall = 47,
    /// Whether the victim of a cleared case found the contact fair, per case.
    ContactCleared = 48,
    /// Police checking a tip, per (candidate, case).
    TipCheck = 49,
    /// Police processing a hunter's evidence (acceptance, charge), per offender slot.
    HunterEvidence = 50,
    /// The clarity of the images of a police appeal, per case.
    Appeal = 51,
    /// The innocent lookalikes of a case's crowd, per case.
    Lookalikes = 27,
    /// The fate of a pursuit of self-help once hours are found, per citizen.
    Enforcement = 28,
    /// Misconduct at a red-handed arrest and bystanders filming it, per offender slot.
    FilmRedHanded = 29,
    /// Bystanders filming a wrongful arrest, per arrested citizen.
    FilmWrongful = 36,
    /// Misconduct at a vigilante's arrest and bystanders filming it, per vigilante.
    FilmEnforcement = 37,
    /// Misconduct at the arrest that clears a case and bystanders filming it, per case.
    FilmClearance = 38,
    /// `civil_violence`: placing agents at the start.
    CvInit = 30,
    /// `civil_violence` sequential: the order and every decision of a tick.
    CvStep = 31,
    CvDecide = 32,
    CvArrest = 33,
    CvMove = 34,
    CvRelease = 35,
    /// The seed of replicate r (the tick field holds r).
    Replicate = 40,
    /// Latin hypercube points of a sweep plan.
    LatinHypercube = 41,
    /// Bootstrap resamples of Sobol indices.
    SobolBootstrap = 42,
    /// Morris trajectories of a sweep plan.
    MorrisTrajectories = 43,
    /// Bootstrap resamples of Morris μ*.
    MorrisBootstrap = 44,
    /// Bootstrap resamples of a comparison's cost-effectiveness ratios.
    ComparisonBootstrap = 45,
    /// An ABC-SMC proposal, per (generation, proposal index).
    AbcProposal = 52,
    /// The seed of one run of an ABC-SMC proposal, per (generation, proposal, replicate).
    AbcRun = 53,
    /// Draws from a calibration's posterior (the predictive check and the ensemble).
    PosteriorDraws = 54,
}

impl Stream {
    /// Every stream, for tests that no two share a key.
    pub const ALL: [Stream; 43] = [
        Stream::City,
        Stream::Citizen,
        Stream::Network,
        Stream::RandomPatrol,
        Stream::Offending,
        Stream::Witness,
        Stream::Investigation,
        Stream::Calls,
        Stream::AlertArrest,
        Stream::Cascade,
        Stream::Sleuthing,
        Stream::RoleReview,
        Stream::UnverifiedTip,
        Stream::Confrontation,
        Stream::Harassment,
        Stream::Sting,
        Stream::HunterGroup,
        Stream::ContactCall,
        Stream::ContactCleared,
        Stream::TipCheck,
        Stream::HunterEvidence,
        Stream::Appeal,
        Stream::Lookalikes,
        Stream::Enforcement,
        Stream::FilmRedHanded,
        Stream::FilmWrongful,
        Stream::FilmEnforcement,
        Stream::FilmClearance,
        Stream::CvInit,
        Stream::CvStep,
        Stream::CvDecide,
        Stream::CvArrest,
        Stream::CvMove,
        Stream::CvRelease,
        Stream::Replicate,
        Stream::LatinHypercube,
        Stream::SobolBootstrap,
        Stream::MorrisTrajectories,
        Stream::MorrisBootstrap,
        Stream::ComparisonBootstrap,
        Stream::AbcProposal,
        Stream::AbcRun,
        Stream::PosteriorDraws,
    ];
}

/// The generator behind every stream: small, fast, and good enough for simulation.
pub type Generator = Xoshiro256PlusPlus;

/// SplitMix64 finaliser: a bijective mix that spreads nearby keys apart.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The key of one entity in one stream of one tick.
#[inline]
pub fn key(seed: u64, tick: u32, stream: Stream, id: u64) -> u64 {
    mix(seed ^ mix(((tick as u64) << 8) | stream as u64) ^ mix(id.wrapping_mul(0xD6E8_FEB8_6659_FD93)))
}

/// The key of a pair of entities (a vigilante and a case) in one stream of one tick: the
/// second id is mixed, not packed into bits of the first.
#[inline]
pub fn key2(seed: u64, tick: u32, stream: Stream, a: u64, b: u64) -> u64 {
    key(seed, tick, stream, a ^ mix(b ^ 0x5851_F42D_4C95_7F2D))
}

/// A seeded rank of entity `id` under `base` (a `key`): one mix, for ordering many entities.
#[inline]
pub fn rank(base: u64, id: u64) -> u64 {
    mix(base ^ id.wrapping_mul(0xD6E8_FEB8_6659_FD93))
}

/// The generator of one entity in one stream of one tick.
#[inline]
pub fn stream(seed: u64, tick: u32, stream: Stream, id: u64) -> Generator {
    Generator::seed_from_u64(key(seed, tick, stream, id))
}

/// The generator of a pair of entities in one stream of one tick.
#[inline]
pub fn stream2(seed: u64, tick: u32, stream: Stream, a: u64, b: u64) -> Generator {
    Generator::seed_from_u64(key2(seed, tick, stream, a, b))
}

/// A generator for a step that is not per tick or entity (a sampling design, a bootstrap).
pub fn generator(seed: u64, stream: Stream) -> Generator {
    Generator::seed_from_u64(key(seed, 0, stream, 0))
}

/// A single uniform draw in [0, 1) for an entity that needs just one number: the same key
/// as `stream`, without setting up a generator (hot loops over many citizens).
#[inline]
pub fn uniform(seed: u64, tick: u32, stream: Stream, id: u64) -> f64 {
    (mix(key(seed, tick, stream, id)) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// SplitMix64 from a key: a generator that costs one add to set up, for per-agent streams
/// in loops over millions of agents each tick (the civil-violence model).
#[derive(Debug, Clone)]
pub struct Fast(u64);

impl Fast {
    #[inline]
    pub fn new(key: u64) -> Fast {
        Fast(key)
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, n) by multiply-shift on 32 random bits: the bias is below n / 2³²,
    /// far under sampling error for the n ≤ a few thousand used here.
    #[inline]
    pub fn below(&mut self, n: u32) -> u32 {
        (((self.next_u64() >> 32) * n as u64) >> 32) as u32
    }

    /// Uniform in [0, 1) with 53 bits.
    #[inline]
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// The raw state, so a decision can be resumed later with the same stream.
    pub fn state(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn same_key_same_draws_and_keys_differ() {
        let a: u64 = stream(7, 3, Stream::Offending, 42).random();
        let b: u64 = stream(7, 3, Stream::Offending, 42).random();
        let c: u64 = stream(7, 3, Stream::Offending, 43).random();
        let d: u64 = stream(7, 4, Stream::Offending, 42).random();
        let e: u64 = stream(7, 3, Stream::Witness, 42).random();
        assert_eq!(a, b);
        assert!(a != c && a != d && a != e);
    }

    #[test]
    fn no_two_streams_share_a_key() {
        // Distinct tags, and no key shared by any two (stream, entity) pairs of a tick:
        // a red-handed arrest of offender slot 5 and a wrongful arrest of citizen 5 film
        // with different numbers.
        let mut tags: Vec<u8> = Stream::ALL.iter().map(|&s| s as u8).collect();
        tags.sort();
        tags.dedup();
        assert_eq!(tags.len(), Stream::ALL.len(), "two streams share a tag");
        let mut keys: Vec<u64> = Stream::ALL
            .iter()
            .flat_map(|&s| (0..2000u64).map(move |id| key(9, 17, s, id)))
            .chain(
                (0..200u64).flat_map(|a| (0..10u64).map(move |b| key2(9, 17, Stream::Confrontation, a, b))),
            )
            .collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n, "two uses share a key");
        let a: u64 = stream(9, 17, Stream::FilmRedHanded, 5).random();
        let b: u64 = stream(9, 17, Stream::FilmWrongful, 5).random();
        assert_ne!(a, b);
        assert_ne!(key2(1, 0, Stream::UnverifiedTip, 1, 2), key2(1, 0, Stream::UnverifiedTip, 2, 1));
    }

    #[test]
    fn single_draws_are_uniform_and_keyed() {
        let n = 20_000;
        let mean: f64 = (0..n).map(|i| uniform(1, 0, Stream::RoleReview, i)).sum::<f64>() / n as f64;
        assert!((mean - 0.5).abs() < 0.01, "{mean}");
        assert_eq!(uniform(3, 4, Stream::RoleReview, 5), uniform(3, 4, Stream::RoleReview, 5));
        assert_ne!(uniform(3, 4, Stream::RoleReview, 5), uniform(3, 5, Stream::RoleReview, 5));
    }

    #[test]
    fn fast_draws_are_uniform_over_small_ranges() {
        let mut r = Fast::new(key(5, 1, Stream::CvStep, 0));
        let mut hist = [0u32; 7];
        for _ in 0..70_000 {
            hist[r.below(7) as usize] += 1;
        }
        assert!(hist.iter().all(|&h| (9_500..10_500).contains(&h)), "{hist:?}");
        let mean: f64 = (0..20_000).map(|_| r.unit()).sum::<f64>() / 20_000.0;
        assert!((mean - 0.5).abs() < 0.01, "{mean}");
    }

    #[test]
    fn streams_are_uniform_enough() {
        // Mean of first draws across consecutive ids: a broken key mix shows up here.
        let n = 20_000;
        let mean: f64 =
            (0..n).map(|i| stream(1, 0, Stream::RandomPatrol, i).random::<f64>()).sum::<f64>() / n as f64;
        assert!((mean - 0.5).abs() < 0.01, "{mean}");
    }
}
