//! `parallel` activation: every agent decides from the tick's snapshot, on all threads, and
//! the tick's outcome does not depend on how many there are.
//!
//! One tick, in order (each pass over rows or bands of rows in parallel):
//! 1. release: (jailed_block: false) inmates serve a tick or come back, in list order;
//! 2. prefix: per row, running counts of cops and actives over the wrapped row;
//! 3. decide: cops and actives in view of every cell from 2·vision+1 prefix differences;
//!    citizens decide; every agent that moves picks a random empty cell of the snapshot
//!    (its intent);
//! 4. arrest: cops pick an active citizen of this tick's decisions; the picks are applied
//!    in a seeded random order, and a cop whose pick was taken picks again among those
//!    still free (as it would acting later in Mesa's order);
//! 5. claim: each band of rows finds, for each of its cells, the claimant with the
//!    smallest seeded rank (no atomics: a band scans the targets of its rows and of
//!    `vision` rows around it);
//! 6. gather: the next grid: winners move, losers and everyone else stay.
//!
//! Snapshot effects: a citizen sees the actives of the previous tick; a cell vacated this
//! tick is not free until the next; an agent whose target another won does not move.
//! docs/MODEL.md §10 measures what that does to the dynamics.

use rayon::prelude::*;

use crate::rng::{Fast, Stream, key, rank};

use super::grid::{ACTIVE, COP, Cell, JAILED, Kind, QUIET, cops_and_actives};
use super::rules::ratio_below;
use super::sequential::back_on_grid;
use super::vision::Vision;
use super::world::{CvWorld, Inmate, TickCounts};

/// No target, no claim.
const NONE: u32 = u32::MAX;
/// Rows per claim band: larger bands rescan fewer halo rows, smaller ones balance better.
const BAND_ROWS: usize = 32;

/// Buffers reused from tick to tick (no allocation per agent per tick).
pub struct Parallel {
    /// The grid after decisions and arrests, before moves: words and flag bytes.
    mid: Vec<Cell>,
    mid_codes: Vec<u8>,
    /// Per cell: the cell its agent wants to move to, or NONE.
    target: Vec<u32>,
    /// Per cell: rank << 32 | origin of the winning claimant, or u64::MAX.
    claim: Vec<u64>,
    /// Per row: running sums of packed (cops, actives) over the row extended by the
    /// citizens' vision on each side (wrapped), for the decisions.
    prefix: Vec<u32>,
    stride: usize,
    /// Per row: running sums of this tick's actives, extended by the cops' vision.
    active_prefix: Vec<u16>,
    active_stride: usize,
    /// Seconds spent in each pass, summed over ticks (prefix, decide, arrest, claim, gather).
    pub pass_seconds: [f64; 5],
}

/// A cop's arrest intent: its pick, its rank in the apply order, and its stream to resume.
struct Intent {
    rank: u64,
    cop: u32,
    pick: u32,
    stream: u64,
}

impl Parallel {
    pub fn new(world: &CvWorld) -> Parallel {
        let cells = world.grid.len();
        let (w, h) = (world.grid.width as usize, world.grid.height as usize);
        let stride = w + 2 * world.citizen_vision.radius as usize + 1;
        let active_stride = w + 2 * world.cop_vision.radius as usize + 1;
        Parallel {
            mid: vec![Cell::EMPTY; cells],
            // Padded like the grid's codes, for word-wide scans.
            mid_codes: vec![0; cells + super::grid::CODE_PADDING],
            target: vec![NONE; cells],
            claim: vec![u64::MAX; cells],
            prefix: vec![0; stride * h],
            stride,
            active_prefix: vec![0; active_stride * h],
            active_stride,
            pass_seconds: [0.0; 5],
        }
    }

    pub fn step(&mut self, world: &mut CvWorld, tick: u32) -> TickCounts {
        if !world.params.jailed_block {
            release(world, tick);
        }
        let mut clock = std::time::Instant::now();
        let mut lap = |pass: usize, seconds: &mut [f64; 5]| {
            let now = std::time::Instant::now();
            seconds[pass] += (now - clock).as_secs_f64();
            clock = now;
        };
        self.prefix_counts(world);
        lap(0, &mut self.pass_seconds);
        self.decide(world, tick);
        lap(1, &mut self.pass_seconds);
        let arrests = self.arrest(world, tick);
        lap(2, &mut self.pass_seconds);
        self.claim(world, tick);
        lap(3, &mut self.pass_seconds);
        let moves = self.gather(world);
        lap(4, &mut self.pass_seconds);
        TickCounts { arrests, moves }
    }

    fn prefix_counts(&mut self, world: &CvWorld) {
        let w = world.grid.width as usize;
        let r = world.citizen_vision.radius as usize;
        let codes = world.grid.codes();
        self.prefix.par_chunks_mut(self.stride).enumerate().for_each(|(y, out)| {
            running_sums(&codes[y * w..(y + 1) * w], r, out, cops_and_actives);
        });
    }

    fn decide(&mut self, world: &CvWorld, tick: u32) {
        let (w, h) = (world.grid.width as usize, world.grid.height as usize);
        let (cv, kv) = (&world.citizen_vision, &world.cop_vision);
        let r = cv.radius as usize;
        let (prefix, stride) = (&self.prefix, self.stride);
        let grid = &world.grid;
        let (cells, codes) = (grid.cells(), grid.codes());
        let (movement, rounding) = (world.params.movement, world.rule.rounding);
        let base = key(world.seed, tick, Stream::CvDecide, 0);
        let n = cells.len();
        self.mid
            .par_chunks_mut(w)
            .zip(self.mid_codes[..n].par_chunks_mut(w))
            .zip(self.target.par_chunks_mut(w))
            .zip(self.active_prefix.par_chunks_mut(self.active_stride))
            .enumerate()
            .for_each_init(
                || (vec![0u32; w], vec![0u32; w]),
                |(seen, movers), (y, (((mid, mid_codes), target), active_prefix))| {
                    // Cops and actives in view of every cell of row y (own cell included).
                    seen.fill(0);
                    for (i, &half) in cv.half.iter().enumerate() {
                        let yy = (y + h + i - r) % h;
                        let row = &prefix[yy * stride..(yy + 1) * stride];
                        let (hi, lo) = (&row[r + half as usize + 1..], &row[r - half as usize..]);
                        for ((s, a), b) in seen.iter_mut().zip(hi).zip(lo) {
                            *s = s.wrapping_add(a.wrapping_sub(*b));
                        }
                    }
                    // Decisions first, without branching on the kind (it is random from cell
                    // to cell); movers are listed for the second loop.
                    let mut n_movers = 0;
                    for x in 0..w {
                        let c = y * w + x;
                        let cell = cells[c];
                        let code = codes[c];
                        let serving = code == JAILED && cell.jail() > 0;
                        let free = code & (QUIET | ACTIVE | JAILED) != 0 && !serving;
                        let s = seen[x].wrapping_sub(cops_and_actives(code));
                        let active = ratio_below(s & 0xFFFF, 1 + (s >> 16), cell.nstar(), rounding);
                        let decided = cell.with_kind(if active { Kind::Active } else { Kind::Quiet });
                        let next = if free {
                            decided
                        } else if serving {
                            cell.with_jail(cell.jail().wrapping_sub(1))
                        } else {
                            cell
                        };
                        mid[x] = next;
                        mid_codes[x] = 1 << next.code();
                        target[x] = NONE;
                        movers[n_movers] = x as u32;
                        n_movers += (movement && (free || code == COP)) as usize;
                    }
                    for &x in &movers[..n_movers] {
                        let c = y * w + x as usize;
                        let vision = if codes[c] == COP { kv } else { cv };
                        let first = rank(base, cells[c].id() as u64);
                        let mut rng = Fast::new(first);
                        if let Some(t) =
                            vision.random_empty_from(grid, c as u32, x, y as u32, first, &mut rng)
                        {
                            target[x as usize] = t;
                        }
                    }
                    running_sums(mid_codes, kv.radius as usize, active_prefix, |code| {
                        (code & ACTIVE != 0) as u16
                    });
                },
            );
    }

    /// Actives in view of cop cell `c` by this tick's decisions, from the running sums.
    fn actives_in_view(&self, kv: &Vision, w: usize, h: usize, c: usize) -> u32 {
        let r = kv.radius as usize;
        let (x, y) = (c % w, c / w);
        let mut yy = (y + h - r) % h;
        let mut n = 0u32;
        for &half in &kv.half {
            let row = &self.active_prefix[yy * self.active_stride..];
            n += (row[x + r + half as usize + 1] - row[x + r - half as usize]) as u32;
            yy = if yy + 1 == h { 0 } else { yy + 1 };
        }
        n
    }

    fn arrest(&mut self, world: &mut CvWorld, tick: u32) -> u32 {
        let (w, h) = (world.grid.width as usize, world.grid.height as usize);
        let kv = &world.cop_vision;
        let base = key(world.seed, tick, Stream::CvArrest, 0);
        let this = &*self;
        let mut intents: Vec<Intent> = this.mid_codes[..w * h]
            .par_chunks(w)
            .enumerate()
            .flat_map_iter(|(y, row)| {
                row.iter().enumerate().filter(|&(_, &code)| code == COP).filter_map(move |(x, _)| {
                    let c = y * w + x;
                    let n = this.actives_in_view(kv, w, h, c);
                    if n == 0 {
                        return None;
                    }
                    let mut rng = Fast::new(rank(base, this.mid[c].id() as u64));
                    let pick = kv.nth_of(&this.mid_codes, c as u32, ACTIVE, rng.below(n))?;
                    Some(Intent { rank: rng.next_u64(), cop: c as u32, pick, stream: rng.state() })
                })
            })
            .collect();
        intents.sort_unstable_by_key(|i| (i.rank, i.cop));
        let mut arrests = 0;
        for it in intents {
            let mut rng = Fast::new(it.stream);
            let mut t = it.pick;
            if self.mid_codes[t as usize] != ACTIVE {
                // Taken by a cop earlier in the order: pick again among those still free.
                let (n, _) = kv.count(&self.mid_codes, it.cop, ACTIVE, 0);
                match (n > 0).then(|| kv.nth_of(&self.mid_codes, it.cop, ACTIVE, rng.below(n))).flatten() {
                    Some(again) => t = again,
                    None => continue,
                }
            }
            let term = rng.below(world.params.max_jail_term + 1) as u16;
            let jailed = self.mid[t as usize].with_kind(Kind::Jailed).with_jail(term);
            let now = if world.params.jailed_block {
                jailed
            } else {
                world.jail.admit(Inmate { cell: jailed, home: t });
                Cell::EMPTY
            };
            self.mid[t as usize] = now;
            self.mid_codes[t as usize] = 1 << now.code();
            self.target[t as usize] = NONE;
            arrests += 1;
        }
        arrests
    }

    fn claim(&mut self, world: &CvWorld, tick: u32) {
        let (w, h) = (world.grid.width as usize, world.grid.height as usize);
        let v = world.citizen_vision.radius.max(world.cop_vision.radius) as usize;
        let (mid, target) = (&self.mid, &self.target);
        let base = key(world.seed, tick, Stream::CvMove, 0);
        self.claim.par_chunks_mut(BAND_ROWS * w).enumerate().for_each(|(b, band)| {
            band.fill(u64::MAX);
            let (y0, y1) = (b * BAND_ROWS, ((b + 1) * BAND_ROWS).min(h));
            let lo = (y0 * w) as u32;
            let span = ((y1 - y0) * w) as u32;
            // Targets lie within `v` rows of their origin.
            let scan = |yo: usize, band: &mut [u64]| {
                for (x, &t) in target[yo * w..(yo + 1) * w].iter().enumerate() {
                    let off = t.wrapping_sub(lo);
                    if off < span {
                        let o = yo * w + x;
                        let claim = rank(base, mid[o].id() as u64) & !0xFFFF_FFFF | o as u64;
                        let slot = &mut band[off as usize];
                        *slot = (*slot).min(claim);
                    }
                }
            };
            if y1 - y0 + 2 * v >= h {
                (0..h).for_each(|yo| scan(yo, band));
            } else {
                (0..y1 - y0 + 2 * v).for_each(|i| scan((y0 + h - v + i) % h, band));
            }
        });
    }

    fn gather(&mut self, world: &mut CvWorld) -> u32 {
        let w = world.grid.width as usize;
        let (mid, target, claim) = (&self.mid, &self.target, &self.claim);
        let (cells, codes) = world.grid.parts_mut();
        let moves = cells
            .par_chunks_mut(w)
            .zip(codes.par_chunks_mut(w))
            .enumerate()
            .map(|(y, (row, row_codes))| {
                let mut moves = 0;
                for (x, (out, code)) in row.iter_mut().zip(row_codes.iter_mut()).enumerate() {
                    let c = y * w + x;
                    let m = mid[c];
                    let next = if m.is_empty() {
                        match claim[c] {
                            u64::MAX => m,
                            k => {
                                moves += 1;
                                mid[k as u32 as usize]
                            }
                        }
                    } else {
                        let t = target[c];
                        if t != NONE && claim[t as usize] as u32 == c as u32 { Cell::EMPTY } else { m }
                    };
                    *out = next;
                    *code = 1 << next.code();
                }
                moves
            })
            .sum();
        world.grid.refresh_free();
        moves
    }
}

/// `out[j + 1] = out[j] + f(row[(j − r) mod w])` for j over the row extended by `r`
/// wrapped cells on each side; `out[0] = 0`.
fn running_sums<T: Copy + Default + std::ops::Add<Output = T>>(
    row: &[u8],
    r: usize,
    out: &mut [T],
    f: impl Fn(u8) -> T,
) {
    let w = row.len();
    let mut acc = T::default();
    out[0] = acc;
    let wrapped = row[w - r..].iter().chain(row).chain(&row[..r]);
    for (slot, &code) in out[1..].iter_mut().zip(wrapped) {
        acc = acc + f(code);
        *slot = acc;
    }
}

/// Inmates serve a tick, or (term over) come back, in list order: few per tick.
fn release(world: &mut CvWorld, tick: u32) {
    let mut i = 0;
    while i < world.jail.inmates.len() {
        let m = world.jail.inmates[i];
        if m.cell.jail() > 0 {
            world.jail.inmates[i].cell = m.cell.with_jail(m.cell.jail() - 1);
            i += 1;
            continue;
        }
        let mut rng = Fast::new(key(world.seed, tick, Stream::CvRelease, m.cell.id() as u64));
        match back_on_grid(&world.grid, &world.citizen_vision, m.home, &mut rng) {
            // The last inmate moves into slot i: look at slot i again.
            Some(t) => {
                let cell = world.jail.release(m.cell.id()).cell;
                world.grid.set(t, cell);
            }
            None => i += 1,
        }
    }
}
