//! What a civil-violence run records: citizens quiet, active and jailed each tick, arrests
//! and moves; then per run the statistics compared with Mesa (mean and peak activity,
//! outbursts, the gaps between them).

use crate::recorder::{Column, Table};

use super::TickCounts;
use super::world::CvWorld;

#[derive(Debug, Default, Clone)]
pub struct CvRecorder {
    pub quiet: Vec<u32>,
    pub active: Vec<u32>,
    pub jailed: Vec<u32>,
    pub arrests: Vec<u32>,
    pub moves: Vec<u32>,
}

impl CvRecorder {
    pub fn record(&mut self, world: &CvWorld, counts: TickCounts) {
        let [q, a, j] = world.census();
        self.quiet.push(q);
        self.active.push(a);
        self.jailed.push(j);
        self.arrests.push(counts.arrests);
        self.moves.push(counts.moves);
    }

    pub fn table(&self) -> Table {
        let mut t = Table::default();
        t.push("tick", Column::U32((0..self.active.len() as u32).collect()));
        for (name, col) in [
            ("quiet", &self.quiet),
            ("active", &self.active),
            ("jailed", &self.jailed),
            ("arrests", &self.arrests),
            ("moves", &self.moves),
        ] {
            t.push(name, Column::U32(col.clone()));
        }
        t
    }
}

/// Outbursts in a series of active counts: one starts when the count exceeds `above`
/// after having been below `below`, and ends when it falls below `below` again (the
/// definition of scripts/mesa_reference.py).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Outbursts {
    pub starts: Vec<usize>,
    pub peaks: Vec<u32>,
}

pub fn outbursts(active: &[u32], above: u32, below: u32) -> Outbursts {
    let mut out = Outbursts::default();
    let (mut armed, mut inside, mut peak) = (false, false, 0);
    for (t, &a) in active.iter().enumerate() {
        if inside {
            peak = peak.max(a);
            if a < below {
                out.peaks.push(peak);
                inside = false;
                armed = true;
            }
        } else if a < below {
            armed = true;
        } else if a > above && armed {
            out.starts.push(t);
            (inside, peak, armed) = (true, a, false);
        }
    }
    if inside {
        out.peaks.push(peak);
    }
    out
}

/// Median as Python's `statistics.median`: the mean of the middle two for even counts.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 })
}

/// Per-run statistics; NaN where undefined (no outburst, no gap).
pub fn indicators(world: &CvWorld, rec: &CvRecorder, ticks_run: u32) -> Vec<(String, f64)> {
    let n = rec.active.len().max(1) as f64;
    let mean = |v: &[u32]| v.iter().map(|&x| x as f64).sum::<f64>() / n;
    let mean_active = mean(&rec.active);
    let sd_active = (rec.active.iter().map(|&x| (x as f64 - mean_active).powi(2)).sum::<f64>() / n).sqrt();
    let p = &world.params;
    let ob = outbursts(&rec.active, p.outburst_above, p.outburst_below);
    let mut gaps: Vec<f64> = ob.starts.windows(2).map(|s| (s[1] - s[0]) as f64).collect();
    let mut peaks: Vec<f64> = ob.peaks.iter().map(|&p| p as f64).collect();
    let agents = world.agents() as f64;
    vec![
        ("mean_active".into(), mean_active),
        ("sd_active".into(), sd_active),
        ("max_active".into(), rec.active.iter().copied().max().unwrap_or(0) as f64),
        ("mean_jailed".into(), mean(&rec.jailed)),
        ("outbursts".into(), ob.starts.len() as f64),
        ("outbursts_per_500_ticks".into(), ob.starts.len() as f64 * 500.0 / n),
        ("median_gap".into(), median(&mut gaps).unwrap_or(f64::NAN)),
        ("median_peak".into(), median(&mut peaks).unwrap_or(f64::NAN)),
        ("arrests_per_tick".into(), mean(&rec.arrests)),
        ("moves_per_agent_tick".into(), if agents > 0.0 { mean(&rec.moves) / agents } else { 0.0 }),
        ("agent_steps".into(), agents * ticks_run as f64),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outbursts_need_a_quiet_spell_first() {
        // Starts above the bar without a quiet spell: not counted; then two real ones.
        let series = [60, 70, 5, 20, 55, 80, 40, 9, 12, 51, 3, 60];
        let ob = outbursts(&series, 50, 10);
        assert_eq!(ob.starts, vec![4, 9, 11]);
        assert_eq!(ob.peaks, vec![80, 51, 60]);
    }

    #[test]
    fn median_averages_the_middle_pair() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }
}
