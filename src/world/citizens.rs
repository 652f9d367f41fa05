//! Citizens as struct-of-arrays (MODEL.md §2): traits, trust and fear, roles, offenders.
//!
//! Trust has two timescales (docs/MODEL.md §7.7): trust `T` relaxes over weeks toward a
//! personal baseline `B`, and `B` relaxes over years toward the citizen's disposition `A`
//! (the trait drawn at the start). Every experience moves `T`, and a share of it moves `B`,
//! so large or repeated experiences are remembered. Fear relaxes toward its baseline over
//! weeks. Only a few citizens are touched by events on any one day, so each citizen's
//! values are stored as of the tick last touched and relaxed on read (the relaxation is
//! linear, so its powers are tabulated); the population means are kept as sums of
//! deviations that relax by the same rule, so a tick never loops over all citizens.

use rand::RngExt;
use rand_distr::Beta;
use rayon::prelude::*;

use crate::rng::{Stream, stream};
use crate::scenario::{BetaParams, CitizenParams, TrustParams};

pub const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Role {
    Ordinary = 0,
    Watch = 1,
    Vigilante = 2,
    Hunter = 3,
}

#[derive(Debug, Clone)]
pub struct Citizens {
    pub home: Vec<u32>,
    pub engagement: Vec<f32>,
    pub online: Vec<f32>,
    pub risk_aversion: Vec<f32>,
    pub skill: Vec<f32>,
    /// Disposition `A`: the trust a citizen returns to over years without experiences.
    pub trust0: Vec<f32>,
    pub fear0: Vec<f32>,
    /// Trust `T`, its slow baseline `B` and fear, as of tick `synced[i]`.
    pub trust: Vec<f32>,
    pub trust_base: Vec<f32>,
    pub fear: Vec<f32>,
    pub synced: Vec<u32>,
    pub role: Vec<Role>,
    /// Times publicly named (by a crowd or a sting) and times harmed (harassed, injured,
    /// wrongfully arrested).
    pub named: Vec<u16>,
    pub harmed: Vec<u16>,
    /// A sleuth works on one case until this tick.
    pub busy_until: Vec<u32>,
    /// Perceived risk of self-help from enforcement seen in person (one's own prosecution,
    /// contacts'), as of tick `risk_synced[i]`; it fades with `roles.risk_memory_days`.
    pub risk: Vec<f32>,
    pub risk_synced: Vec<u32>,
    /// Registered to receive police alerts (Burgernet).
    pub registered: Vec<bool>,
    /// Share of perceived risk kept after dt = 0.. days.
    risk_keep: Vec<f32>,
    /// The relaxation after dt = 0.. days, tabulated: relaxing lazily is a look-up.
    decay: Decay,
    /// Share of an experience that moves the baseline `B` as well as `T`.
    lasting: f32,
    /// Sums over citizens of T − A, B − A and F − F0, kept current every tick.
    pub trust_dev_sum: f64,
    pub base_dev_sum: f64,
    pub fear_dev_sum: f64,
    pub trust0_sum: f64,
    pub fear0_sum: f64,
}

/// Offenders (street) and groomers (online), with their own state.
#[derive(Debug, Clone, Default)]
pub struct Offenders {
    pub citizen: Vec<u32>,
    pub motivation: Vec<f32>,
    /// Free again from this tick on (0 = free).
    pub jailed_until: Vec<u32>,
    /// Online groomer (targets network contacts) rather than street offender.
    pub online: Vec<bool>,
}

impl Offenders {
    pub fn len(&self) -> usize {
        self.citizen.len()
    }
    pub fn is_empty(&self) -> bool {
        self.citizen.is_empty()
    }
}

/// Powers of the daily relaxation: after dt days, T − A = fast[dt] (T − A) + cross[dt]
/// (B − A), B − A = slow[dt] (B − A), F − F0 = fear[dt] (F − F0).
#[derive(Debug, Clone)]
struct Decay {
    fast: Vec<f32>,
    cross: Vec<f32>,
    slow: Vec<f32>,
    fear: Vec<f32>,
}

impl Decay {
    /// Daily rates: T toward B (`a`), B toward A (`c`), F toward F0 (`f`).
    fn new(a: f64, c: f64, f: f64, horizon: usize) -> Decay {
        let mut d = Decay { fast: vec![], cross: vec![], slow: vec![], fear: vec![] };
        let (mut p, mut q, mut r, mut g) = (1.0f64, 1.0f64, 0.0f64, 1.0f64);
        for _ in 0..=horizon {
            d.fast.push(p as f32);
            d.cross.push(r as f32);
            d.slow.push(q as f32);
            d.fear.push(g as f32);
            // One more day: x_T ← (1 − a) x_T + a x_B, x_B ← (1 − c) x_B.
            r = (1.0 - a) * r + a * q;
            p *= 1.0 - a;
            q *= 1.0 - c;
            g *= 1.0 - f;
        }
        d
    }

    /// (fast, cross, slow, fear) after `dt` days; beyond the table (never within a run),
    /// the last entry held.
    #[inline]
    fn at(&self, dt: u32) -> (f32, f32, f32, f32) {
        let k = (dt as usize).min(self.fast.len() - 1);
        (self.fast[k], self.cross[k], self.slow[k], self.fear[k])
    }
}

struct Drawn {
    traits: [f32; 6],
    watch: bool,
    offender: Option<(f32, bool)>,
    registered: bool,
}

fn beta(p: &BetaParams) -> Beta<f64> {
    // Parameters are range-checked at load (a, b ≥ 0.01), so construction cannot fail.
    Beta::new(p.a, p.b).unwrap_or_else(|_| Beta::new(1.0, 1.0).expect("uniform beta"))
}

impl Citizens {
    /// Draws every citizen's traits from its own stream; offenders are returned alongside.
    pub fn build(p: &CitizenParams, resident_start: &[u32], seed: u64) -> (Citizens, Offenders) {
        let n = *resident_start.last().unwrap_or(&0) as usize;
        let dists =
            [&p.engagement, &p.online_activity, &p.skill, &p.trust0, &p.fear0, &p.motivation].map(beta);
        let mean_engagement = (p.engagement.a / (p.engagement.a + p.engagement.b)).max(1e-9);
        let drawn: Vec<Drawn> = (0..n)
            .into_par_iter()
            .map(|i| {
                let mut r = stream(seed, 0, Stream::Citizen, i as u64);
                let e = r.sample(dists[0]) as f32;
                let o = r.sample(dists[1]) as f32;
                let s = r.sample(dists[2]) as f32;
                let t0 = r.sample(dists[3]) as f32;
                let f0 = r.sample(dists[4]) as f32;
                let risk: f32 = r.random();
                let watch = r.random_bool(p.initial_watch_share);
                let u: f64 = r.random();
                let offender = if u < p.offender_share {
                    Some((r.sample(dists[5]) as f32, false))
                } else if u < p.offender_share + p.groomer_share {
                    Some((r.sample(dists[5]) as f32, true))
                } else {
                    None
                };
                // Drawn last so the traits above keep their values.
                let register = p.alert_register_share * e as f64 / mean_engagement;
                let registered = r.random_bool(register.clamp(0.0, 1.0));
                Drawn { traits: [e, o, s, t0, f0, risk], watch, offender, registered }
            })
            .collect();
        let mut home = Vec::with_capacity(n);
        for c in 0..resident_start.len() - 1 {
            for _ in resident_start[c]..resident_start[c + 1] {
                home.push(c as u32);
            }
        }
        let col = |k: usize| drawn.iter().map(|d| d.traits[k]).collect::<Vec<f32>>();
        let trust0 = col(3);
        let fear0 = col(4);
        let mut offenders = Offenders::default();
        for (i, d) in drawn.iter().enumerate() {
            if let Some((m, online)) = d.offender {
                offenders.citizen.push(i as u32);
                offenders.motivation.push(m);
                offenders.jailed_until.push(0);
                offenders.online.push(online);
            }
        }
        let citizens = Citizens {
            home,
            engagement: col(0),
            online: col(1),
            skill: col(2),
            risk_aversion: col(5),
            trust: trust0.clone(),
            trust_base: trust0.clone(),
            fear: fear0.clone(),
            trust0_sum: trust0.iter().map(|&t| t as f64).sum(),
            fear0_sum: fear0.iter().map(|&f| f as f64).sum(),
            trust0,
            fear0,
            synced: vec![0; n],
            role: drawn.iter().map(|d| if d.watch { Role::Watch } else { Role::Ordinary }).collect(),
            named: vec![0; n],
            harmed: vec![0; n],
            busy_until: vec![0; n],
            risk: vec![0.0; n],
            risk_synced: vec![0; n],
            registered: drawn.iter().map(|d| d.registered).collect(),
            risk_keep: vec![1.0],
            trust_dev_sum: 0.0,
            base_dev_sum: 0.0,
            fear_dev_sum: 0.0,
            decay: Decay::new(0.0, 0.0, 0.0, 0),
            lasting: 0.0,
        };
        (citizens, offenders)
    }

    pub fn len(&self) -> usize {
        self.home.len()
    }

    pub fn is_empty(&self) -> bool {
        self.home.is_empty()
    }

    /// Sets the relaxation rates (from half-lives) and tabulates them up to `horizon` days.
    pub fn set_relax(&mut self, p: &TrustParams, horizon: usize) {
        let rate = |half_life: f64| if half_life > 0.0 { 1.0 - 0.5f64.powf(1.0 / half_life) } else { 1.0 };
        self.decay =
            Decay::new(rate(p.fast_half_life_days), rate(p.slow_half_life_days), p.fear_relax, horizon);
        self.lasting = p.lasting_share as f32;
    }

    /// Tabulates how perceived risk fades (memory in days) up to `horizon` days.
    pub fn set_risk_memory(&mut self, memory_days: f64, horizon: usize) {
        let keep = 1.0 - 1.0 / memory_days.max(1.0);
        self.risk_keep = (0..=horizon).map(|dt| keep.powi(dt as i32) as f32).collect();
    }

    /// Perceived risk seen in person by citizen `i` at `tick`.
    #[inline]
    pub fn risk_at(&self, i: usize, tick: u32) -> f32 {
        let dt = tick.saturating_sub(self.risk_synced[i]) as usize;
        self.risk[i] * self.risk_keep[dt.min(self.risk_keep.len() - 1)]
    }

    /// Adds `delta` to citizen `i`'s perceived risk (at most 1).
    pub fn add_risk(&mut self, i: usize, tick: u32, delta: f32) {
        let now = self.risk_at(i, tick);
        self.risk[i] = (now + delta).min(1.0);
        self.risk_synced[i] = tick;
    }

    /// Relaxes citizen `i`'s stored trust, baseline and fear to `tick`.
    #[inline]
    fn sync(&mut self, i: usize, tick: u32) {
        let dt = tick.saturating_sub(self.synced[i]);
        if dt > 0 {
            let (t, b, f) = self.relaxed(i, dt);
            (self.trust[i], self.trust_base[i], self.fear[i]) = (t, b, f);
            self.synced[i] = tick;
        }
    }

    /// Trust, baseline and fear of citizen `i` after `dt` more days without experiences.
    #[inline]
    fn relaxed(&self, i: usize, dt: u32) -> (f32, f32, f32) {
        let (p, r, q, g) = self.decay.at(dt);
        let a = self.trust0[i];
        let (xt, xb) = (self.trust[i] - a, self.trust_base[i] - a);
        (a + p * xt + r * xb, a + q * xb, self.fear0[i] + g * (self.fear[i] - self.fear0[i]))
    }

    /// Trust of citizen `i` at `tick`.
    #[inline]
    pub fn trust_at(&self, i: usize, tick: u32) -> f32 {
        let dt = tick.saturating_sub(self.synced[i]);
        let (p, r, _, _) = self.decay.at(dt);
        let a = self.trust0[i];
        a + p * (self.trust[i] - a) + r * (self.trust_base[i] - a)
    }

    /// Fear of citizen `i` at `tick`.
    #[inline]
    pub fn fear_at(&self, i: usize, tick: u32) -> f32 {
        let dt = tick.saturating_sub(self.synced[i]);
        let (_, _, _, g) = self.decay.at(dt);
        self.fear0[i] + g * (self.fear[i] - self.fear0[i])
    }

    /// An experience of size `delta`: trust moves by it (clamped to [0, 1]) and the
    /// baseline by its lasting share; the population sums stay exact.
    pub fn add_trust(&mut self, i: usize, tick: u32, delta: f32) {
        self.sync(i, tick);
        let (old_t, old_b) = (self.trust[i], self.trust_base[i]);
        let t = (old_t + delta).clamp(0.0, 1.0);
        let b = (old_b + delta * self.lasting).clamp(0.0, 1.0);
        (self.trust[i], self.trust_base[i]) = (t, b);
        self.trust_dev_sum += (t - old_t) as f64;
        self.base_dev_sum += (b - old_b) as f64;
    }

    /// Adds `delta` to fear (clamped to [0, 1]).
    pub fn add_fear(&mut self, i: usize, tick: u32, delta: f32) {
        self.sync(i, tick);
        let old = self.fear[i];
        let new = (old + delta).clamp(0.0, 1.0);
        self.fear[i] = new;
        self.fear_dev_sum += (new - old) as f64;
    }

    /// One day of relaxation for the population sums (individual values relax lazily).
    pub fn relax_sums(&mut self) {
        let (p, r, q, g) = self.decay.at(1);
        self.trust_dev_sum = p as f64 * self.trust_dev_sum + r as f64 * self.base_dev_sum;
        self.base_dev_sum *= q as f64;
        self.fear_dev_sum *= g as f64;
    }

    /// Brings every citizen current (before relaxation rates change), then gives everyone
    /// the experience `shock` (a trust shock: news that reaches all).
    pub fn sync_all(&mut self, tick: u32, shock: f32) {
        self.sync_and_shift(tick, shock, shock * self.lasting);
    }

    /// The end of the burn-in: the baselines have been filling up from `A` with the
    /// experiences of `tick` days, which at a steady rate gives their equilibrium times
    /// 1 − slow[tick]. Everyone's `T` and `B` move by the same amount to bring the mean
    /// baseline to that equilibrium, so the recorded period does not start with years of
    /// drift (docs/MODEL.md §7.7). A uniform shift leaves the spread between citizens alone.
    pub fn settle_baselines(&mut self, tick: u32) {
        let (_, _, slow, _) = self.decay.at(tick);
        let filled = 1.0 - slow as f64;
        if self.is_empty() || filled < 0.05 {
            return;
        }
        let deviation = self.base_dev_sum / self.len() as f64;
        let shift = (deviation * (1.0 / filled - 1.0)) as f32;
        self.sync_and_shift(tick, shift, shift);
    }

    /// Brings every citizen current, then adds `dt` to trust and `db` to the baseline.
    fn sync_and_shift(&mut self, tick: u32, dt: f32, db: f32) {
        const CHUNK: usize = 65_536;
        let relaxed: Vec<(f32, f32, f32)> = (0..self.len())
            .into_par_iter()
            .with_min_len(CHUNK)
            .map(|i| {
                let (t, b, f) = self.relaxed(i, tick.saturating_sub(self.synced[i]));
                ((t + dt).clamp(0.0, 1.0), (b + db).clamp(0.0, 1.0), f)
            })
            .collect();
        let (mut st, mut sb, mut sf) = (0.0, 0.0, 0.0);
        for (i, &(t, b, f)) in relaxed.iter().enumerate() {
            (self.trust[i], self.trust_base[i], self.fear[i]) = (t, b, f);
            st += (t - self.trust0[i]) as f64;
            sb += (b - self.trust0[i]) as f64;
            sf += (f - self.fear0[i]) as f64;
        }
        self.synced.iter_mut().for_each(|s| *s = tick);
        (self.trust_dev_sum, self.base_dev_sum, self.fear_dev_sum) = (st, sb, sf);
    }

    pub fn mean_trust(&self) -> f64 {
        (self.trust0_sum + self.trust_dev_sum) / self.len().max(1) as f64
    }

    /// Mean of the slow baselines `B`: the trust experiences leave behind.
    pub fn mean_trust_baseline(&self) -> f64 {
        (self.trust0_sum + self.base_dev_sum) / self.len().max(1) as f64
    }

    pub fn mean_fear(&self) -> f64 {
        (self.fear0_sum + self.fear_dev_sum) / self.len().max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Citizens {
        let p = CitizenParams::default();
        Citizens::build(&p, &[0, 500, 1000], 3).0
    }

    #[test]
    fn lazy_relaxation_matches_daily_relaxation() {
        let mut c = small();
        let p = TrustParams {
            fast_half_life_days: 20.0,
            slow_half_life_days: 400.0,
            lasting_share: 0.4,
            fear_relax: 0.02,
            ..TrustParams::default()
        };
        c.set_relax(&p, 1000);
        c.trust[5] = 0.8;
        c.trust_base[5] = 0.8;
        c.trust0[5] = 0.8;
        c.add_trust(5, 10, -0.3);
        // The same experience relaxed day by day, by the two rules of docs/MODEL.md §7.7.
        let (a, cc) = (1.0 - 0.5f64.powf(1.0 / 20.0), 1.0 - 0.5f64.powf(1.0 / 400.0));
        let (mut xt, mut xb) = (-0.3f64, -0.3 * 0.4);
        for _ in 10..400 {
            c.relax_sums();
            (xt, xb) = ((1.0 - a) * xt + a * xb, (1.0 - cc) * xb);
        }
        let lazy = (c.trust_at(5, 400) - c.trust0[5]) as f64;
        assert!((lazy - xt).abs() < 1e-4, "{lazy} vs {xt}");
        assert!((c.trust_dev_sum - xt).abs() < 1e-4, "{} vs {xt}", c.trust_dev_sum);
        // Long after the fast part has faded, the lasting share remains: a shock is remembered.
        assert!(xt < -0.3 * 0.4 * 0.5 && xt > -0.3 * 0.4, "{xt}");
        c.sync_all(400, 0.0);
        assert!((c.trust_dev_sum - xt).abs() < 1e-4 && (c.base_dev_sum - xb).abs() < 1e-4);
    }

    #[test]
    fn trust_is_clamped_and_sum_tracks_clamp() {
        let mut c = small();
        let t = c.trust[0];
        c.add_trust(0, 0, 5.0);
        assert_eq!(c.trust[0], 1.0);
        assert!((c.trust_dev_sum - (1.0 - t) as f64).abs() < 1e-6);
    }

    #[test]
    fn shares_of_offenders_and_watch_are_as_asked() {
        let p = CitizenParams { offender_share: 0.1, initial_watch_share: 0.2, ..CitizenParams::default() };
        let (c, o) = Citizens::build(&p, &[0, 20_000], 1);
        let watch = c.role.iter().filter(|r| **r == Role::Watch).count() as f64 / 20_000.0;
        let off = o.citizen.iter().zip(&o.online).filter(|(_, on)| !**on).count() as f64 / 20_000.0;
        assert!((watch - 0.2).abs() < 0.01 && (off - 0.1).abs() < 0.01, "{watch} {off}");
        let mt = c.mean_trust();
        assert!((mt - 6.0 / 9.0).abs() < 0.01, "{mt}");
    }
}
