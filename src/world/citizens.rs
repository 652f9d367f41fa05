//! Citizens as struct-of-arrays (MODEL.md §2): traits, trust and fear, roles, offenders.
//!
//! Trust and fear relax toward their baselines every day, but only a few citizens are
//! touched by events on any one day. Each citizen's value is therefore stored as of the
//! tick it was last touched and relaxed on read; the population means are kept as running
//! sums of deviations that decay geometrically, so a tick never loops over all citizens.

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
    pub trust0: Vec<f32>,
    pub fear0: Vec<f32>,
    /// Trust and fear as of tick `synced[i]`.
    pub trust: Vec<f32>,
    pub fear: Vec<f32>,
    pub synced: Vec<u32>,
    pub role: Vec<Role>,
    /// Times publicly named (by a crowd or a sting) and times harmed (harassed, injured,
    /// wrongfully arrested).
    pub named: Vec<u16>,
    pub harmed: Vec<u16>,
    /// A sleuth works on one case until this tick.
    pub busy_until: Vec<u32>,
    /// keep^dt for dt = 0.. (keep = 1 − relax) for trust and fear: relaxing a value lazily
    /// is a table look-up instead of a power.
    decay_trust: Vec<f32>,
    decay_fear: Vec<f32>,
    /// Sums over citizens of (value − baseline), kept current every tick.
    pub trust_dev_sum: f64,
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

struct Drawn {
    traits: [f32; 6],
    watch: bool,
    offender: Option<(f32, bool)>,
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
                Drawn { traits: [e, o, s, t0, f0, risk], watch, offender }
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
            trust_dev_sum: 0.0,
            fear_dev_sum: 0.0,
            decay_trust: vec![1.0],
            decay_fear: vec![1.0],
        };
        (citizens, offenders)
    }

    pub fn len(&self) -> usize {
        self.home.len()
    }

    pub fn is_empty(&self) -> bool {
        self.home.is_empty()
    }

    /// Sets the daily relaxation rates and tabulates their powers up to `horizon` days.
    pub fn set_relax(&mut self, p: &TrustParams, horizon: usize) {
        let table = |keep: f32| {
            let mut v = Vec::with_capacity(horizon + 1);
            let mut x = 1.0f32;
            for _ in 0..=horizon {
                v.push(x);
                x *= keep;
            }
            v
        };
        self.decay_trust = table(1.0 - p.relax as f32);
        self.decay_fear = table(1.0 - p.fear_relax as f32);
    }

    #[inline]
    fn decay(table: &[f32], dt: u32) -> f32 {
        match table.get(dt as usize) {
            Some(&x) => x,
            // Beyond the table (never within a run): repeated squaring of the last step.
            None => table.get(1).copied().unwrap_or(1.0).powi(dt as i32),
        }
    }

    /// Relaxes citizen `i`'s stored trust and fear to `tick`.
    #[inline]
    fn sync(&mut self, i: usize, tick: u32) {
        let dt = tick.saturating_sub(self.synced[i]);
        if dt > 0 {
            self.trust[i] =
                self.trust0[i] + (self.trust[i] - self.trust0[i]) * Self::decay(&self.decay_trust, dt);
            self.fear[i] = self.fear0[i] + (self.fear[i] - self.fear0[i]) * Self::decay(&self.decay_fear, dt);
            self.synced[i] = tick;
        }
    }

    /// Trust of citizen `i` at `tick`.
    #[inline]
    pub fn trust_at(&self, i: usize, tick: u32) -> f32 {
        let dt = tick.saturating_sub(self.synced[i]);
        self.trust0[i] + (self.trust[i] - self.trust0[i]) * Self::decay(&self.decay_trust, dt)
    }

    /// Fear of citizen `i` at `tick`.
    #[inline]
    pub fn fear_at(&self, i: usize, tick: u32) -> f32 {
        let dt = tick.saturating_sub(self.synced[i]);
        self.fear0[i] + (self.fear[i] - self.fear0[i]) * Self::decay(&self.decay_fear, dt)
    }

    /// Adds `delta` to trust (clamped to [0, 1]) and keeps the population sum exact.
    pub fn add_trust(&mut self, i: usize, tick: u32, delta: f32) {
        self.sync(i, tick);
        let old = self.trust[i];
        let new = (old + delta).clamp(0.0, 1.0);
        self.trust[i] = new;
        self.trust_dev_sum += (new - old) as f64;
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
        self.trust_dev_sum *= Self::decay(&self.decay_trust, 1) as f64;
        self.fear_dev_sum *= Self::decay(&self.decay_fear, 1) as f64;
    }

    /// Brings every citizen current (before relaxation rates change), then adds `shock` to trust.
    pub fn sync_all(&mut self, tick: u32, shock: f32) {
        let (dtab, ftab) = (&self.decay_trust, &self.decay_fear);
        let t0 = &self.trust0;
        let f0 = &self.fear0;
        let synced = &self.synced;
        let trust_dev: f64 = self
            .trust
            .par_chunks_mut(65_536)
            .enumerate()
            .map(|(k, chunk)| {
                let mut dev = 0.0;
                for (j, t) in chunk.iter_mut().enumerate() {
                    let i = k * 65_536 + j;
                    let dt = tick.saturating_sub(synced[i]);
                    *t = (t0[i] + (*t - t0[i]) * Self::decay(dtab, dt) + shock).clamp(0.0, 1.0);
                    dev += (*t - t0[i]) as f64;
                }
                dev
            })
            .collect::<Vec<f64>>()
            .iter()
            .sum();
        let fear_dev: f64 = self
            .fear
            .par_chunks_mut(65_536)
            .enumerate()
            .map(|(k, chunk)| {
                let mut dev = 0.0;
                for (j, f) in chunk.iter_mut().enumerate() {
                    let i = k * 65_536 + j;
                    let dt = tick.saturating_sub(synced[i]);
                    *f = f0[i] + (*f - f0[i]) * Self::decay(ftab, dt);
                    dev += (*f - f0[i]) as f64;
                }
                dev
            })
            .collect::<Vec<f64>>()
            .iter()
            .sum();
        self.synced.iter_mut().for_each(|s| *s = tick);
        self.trust_dev_sum = trust_dev;
        self.fear_dev_sum = fear_dev;
    }

    pub fn mean_trust(&self) -> f64 {
        (self.trust0_sum + self.trust_dev_sum) / self.len().max(1) as f64
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
        let p = TrustParams { relax: 0.01, fear_relax: 0.02, ..TrustParams::default() };
        c.set_relax(&p, 100);
        c.add_trust(5, 10, -0.3);
        // Daily relaxation of the sum must equal the relaxed individual value.
        for _ in 10..40 {
            c.relax_sums();
        }
        let direct = c.trust_at(5, 40) - c.trust0[5];
        assert!((c.trust_dev_sum - direct as f64).abs() < 1e-4, "{} vs {direct}", c.trust_dev_sum);
        assert!((direct - (-0.3f32).max(-c.trust0[5]) * 0.99f32.powi(30)).abs() < 1e-4);
        c.sync_all(40, 0.0);
        assert!((c.trust_dev_sum - direct as f64).abs() < 1e-4);
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
