//! What a civil-violence run records: citizens quiet, active and jailed each tick, arrests
//! and moves; then per run the statistics compared with Mesa (mean and peak activity,
//! outbursts, the gaps between them).

use crate::catalogue::{CellKey, CvCell, CvRun as R, CvTick as T, Row, TickKey};
use crate::stats::median;
use crate::table::{Column, Table};

use super::grid::Kind;
use super::world::{CvWorld, TickCounts};

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
        t.push(TickKey::Tick.name(), Column::ints(0..self.active.len() as i64));
        for (id, col) in [
            (T::Quiet, &self.quiet),
            (T::Active, &self.active),
            (T::Jailed, &self.jailed),
            (T::Arrests, &self.arrests),
            (T::Moves, &self.moves),
        ] {
            t.push(id.name(), Column::ints(col.iter().map(|&x| x as i64)));
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

/// Per-run statistics, one row; null where undefined (no outburst, no gap).
pub fn indicators(world: &CvWorld, rec: &CvRecorder, ticks_run: u32) -> Table {
    let n = rec.active.len().max(1) as f64;
    let mean = |v: &[u32]| v.iter().map(|&x| x as f64).sum::<f64>() / n;
    let mean_active = mean(&rec.active);
    let sd_active = (rec.active.iter().map(|&x| (x as f64 - mean_active).powi(2)).sum::<f64>() / n).sqrt();
    let p = &world.params;
    let ob = outbursts(&rec.active, p.outburst_above, p.outburst_below);
    let mut gaps: Vec<f64> = ob.starts.windows(2).map(|s| (s[1] - s[0]) as f64).collect();
    let mut peaks: Vec<f64> = ob.peaks.iter().map(|&p| p as f64).collect();
    let agents = world.agents() as f64;
    let mut out = Row::default();
    out.put(R::MeanActive, mean_active);
    out.put(R::SdActive, sd_active);
    out.put(R::MaxActive, rec.active.iter().copied().max().unwrap_or(0) as f64);
    out.put(R::MeanJailed, mean(&rec.jailed));
    out.put(R::Outbursts, ob.starts.len() as f64);
    out.put(R::OutburstsPer500Ticks, ob.starts.len() as f64 * 500.0 / n);
    out.put(R::MedianGap, median(&mut gaps).unwrap_or(f64::NAN));
    out.put(R::MedianPeak, median(&mut peaks).unwrap_or(f64::NAN));
    out.put(R::ArrestsPerTick, mean(&rec.arrests));
    out.put(R::MovesPerAgentTick, if agents > 0.0 { mean(&rec.moves) / agents } else { 0.0 });
    out.put(R::AgentSteps, agents * ticks_run as f64);
    out.0
}

/// The grid at the end of the run: one row per cell.
pub fn cells_table(world: &CvWorld) -> Table {
    let g = &world.grid;
    let (w, n) = (g.width, g.len() as u32);
    let state = |kind: Kind| match kind {
        Kind::Empty => "empty",
        Kind::Quiet => "quiet",
        Kind::Active => "active",
        Kind::Jailed => "jailed",
        Kind::Cop => "cop",
    };
    let mut t = Table::default();
    t.push(CellKey::Cell.name(), Column::ints(0..n as i64));
    t.push(CellKey::X.name(), Column::ints((0..n).map(|c| (c % w) as i64)));
    t.push(CellKey::Y.name(), Column::ints((0..n).map(|c| (c / w) as i64)));
    t.push(CvCell::State.name(), Column::strs(g.cells().iter().map(|c| state(c.kind()))));
    t
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
}
