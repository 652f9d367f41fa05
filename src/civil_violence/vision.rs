//! What an agent sees: a von Neumann diamond or a disc of cells around it on the torus,
//! its own cell excluded. Both shapes are stacks of row segments, which is how they are
//! scanned: each row is one or two contiguous runs of the grid (two where it wraps).

use crate::rng::Fast;
use crate::scenario::VisionShape;

use super::grid::{EMPTY, Grid};

#[derive(Debug, Clone)]
pub struct Vision {
    pub radius: u32,
    /// Half-width of the row at dy, indexed by dy + radius.
    pub half: Vec<u32>,
    /// Every (dx, dy) in view, row by row, own cell excluded.
    offsets: Vec<(i32, i32)>,
    /// The same offsets as index steps, valid away from the edges (no wrap).
    steps: Vec<isize>,
    width: u32,
    height: u32,
}

/// Draws (three candidates each) of rejection sampling before counting exactly: with about
/// a quarter of the cells empty, 36 candidates all miss with probability (3/4)³⁶ ≈ 3·10⁻⁵.
const REJECTION_DRAWS: u32 = 12;

const LANES: u64 = 0x0101_0101_0101_0101;

/// Eight codes from `i` (the padding after the grid keeps this in bounds).
#[inline]
fn load8(codes: &[u8], i: usize) -> u64 {
    let bytes: [u8; 8] = codes[i..i + 8].try_into().expect("eight bytes");
    u64::from_le_bytes(bytes)
}

/// A mask keeping the first `n` bytes of a word (all of them for n ≥ 8).
#[inline]
fn keep(n: usize) -> u64 {
    if n >= 8 { u64::MAX } else { (1u64 << (8 * n)) - 1 }
}

/// Sum of the eight byte lanes (each at most 255).
#[inline]
fn lane_sum(lanes: u64) -> u32 {
    let pairs = (lanes & 0x00FF_00FF_00FF_00FF) + ((lanes >> 8) & 0x00FF_00FF_00FF_00FF);
    (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as u32
}

impl Vision {
    pub fn new(shape: VisionShape, radius: u32, width: u32, height: u32) -> Vision {
        let r = radius as i32;
        let half: Vec<u32> = (-r..=r)
            .map(|dy| match shape {
                VisionShape::VonNeumann => (r - dy.abs()) as u32,
                VisionShape::Disc => ((r * r - dy * dy) as f64).sqrt().floor() as u32,
            })
            .collect();
        let mut offsets = Vec::new();
        for dy in -r..=r {
            let w = half[(dy + r) as usize] as i32;
            offsets.extend((-w..=w).filter(|&dx| (dx, dy) != (0, 0)).map(|dx| (dx, dy)));
        }
        let steps = offsets.iter().map(|&(dx, dy)| dy as isize * width as isize + dx as isize).collect();
        Vision { radius, half, offsets, steps, width, height }
    }

    /// Cells in view.
    pub fn len(&self) -> usize {
        self.offsets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.offsets.is_empty()
    }

    /// The cell at offset `j` from cell `c`, wrapping around the torus.
    #[inline]
    pub fn neighbour(&self, c: u32, j: usize) -> u32 {
        let (x, y) = (c % self.width, c / self.width);
        if self.is_interior(x, y) { (c as isize + self.steps[j]) as u32 } else { self.wrapped(x, y, j) }
    }

    /// Whether no cell in view of (x, y) wraps around an edge.
    #[inline]
    fn is_interior(&self, x: u32, y: u32) -> bool {
        let r = self.radius;
        x >= r && x + r < self.width && y >= r && y + r < self.height
    }

    /// Offset `j` from (x, y) near an edge; |dx|, |dy| ≤ radius < size, so one add or
    /// subtract of the size wraps it (no division).
    #[inline]
    fn wrapped(&self, x: u32, y: u32, j: usize) -> u32 {
        let (dx, dy) = self.offsets[j];
        let wrap = |v: i64, size: u32| {
            let size = size as i64;
            (if v < 0 {
                v + size
            } else if v >= size {
                v - size
            } else {
                v
            }) as u32
        };
        wrap(y as i64 + dy as i64, self.height) * self.width + wrap(x as i64 + dx as i64, self.width)
    }

    /// Calls `f(first_index, len)` for every contiguous run of cells in view of `c`, own
    /// cell included (callers discount it).
    #[inline]
    pub fn for_each_run(&self, c: u32, mut f: impl FnMut(usize, usize)) {
        let (w, h, r) = (self.width as usize, self.height as usize, self.radius as usize);
        let (x, y) = (c as usize % w, c as usize / w);
        let mut row = if y >= r { y - r } else { y + h - r } * w;
        let next_row = |row: usize| if row + w == w * h { 0 } else { row + w };
        if x >= r && x + r < w {
            // No row wraps sideways: one run per row.
            for &half in &self.half {
                let half = half as usize;
                f(row + x - half, 2 * half + 1);
                row = next_row(row);
            }
            return;
        }
        for &half in &self.half {
            let half = half as usize;
            if x >= half && x + half < w {
                f(row + x - half, 2 * half + 1);
            } else if x < half {
                // Wraps on the left: [0, x + half] and [w − (half − x), w).
                f(row, x + half + 1);
                f(row + w - (half - x), half - x);
            } else {
                // Wraps on the right: [x − half, w) and [0, x + half − w].
                f(row + x - half, w - (x - half));
                f(row, x + half + 1 - w);
            }
            row = next_row(row);
        }
    }

    /// How many cells in view of `c` carry flag `a`, and how many flag `b` (0: none), own
    /// cell included (callers discount it). Eight cells per word: each byte lane of an
    /// accumulator counts the flags seen in that lane.
    #[inline]
    pub fn count(&self, codes: &[u8], c: u32, a: u8, b: u8) -> (u32, u32) {
        let (sa, sb) = (a.trailing_zeros() & 7, b.trailing_zeros() & 7);
        let mb = if b == 0 { 0 } else { LANES };
        let (mut lanes_a, mut lanes_b, mut words) = (0u64, 0u64, 0u32);
        let (mut total_a, mut total_b) = (0u32, 0u32);
        self.for_each_run(c, |start, len| {
            let end = start + len;
            let mut i = start;
            while i < end {
                let word = load8(codes, i) & keep(end - i);
                lanes_a += (word >> sa) & LANES;
                lanes_b += (word >> sb) & mb;
                i += 8;
                words += 1;
            }
            // A lane holds at most 255: empty the accumulators long before.
            if words >= 200 {
                (total_a, total_b) = (total_a + lane_sum(lanes_a), total_b + lane_sum(lanes_b));
                (lanes_a, lanes_b, words) = (0, 0, 0);
            }
        });
        (total_a + lane_sum(lanes_a), total_b + lane_sum(lanes_b))
    }

    /// The `k`-th cell (row by row) in view of `c` whose code has `flag`, own cell excluded.
    pub fn nth_of(&self, codes: &[u8], c: u32, flag: u8, mut k: u32) -> Option<u32> {
        let shift = flag.trailing_zeros() & 7;
        let mut found = None;
        self.for_each_run(c, |start, len| {
            let end = start + len;
            let mut i = start;
            while found.is_none() && i < end {
                let mut lanes = (load8(codes, i) & keep(end - i)) >> shift & LANES;
                if (start..end).contains(&(c as usize)) && (i..i + 8).contains(&(c as usize)) {
                    lanes &= !(1u64 << (8 * (c as usize - i)));
                }
                let n = (lanes.wrapping_mul(LANES) >> 56) as u32;
                if k < n {
                    for _ in 0..k {
                        lanes &= lanes - 1;
                    }
                    found = Some((i + lanes.trailing_zeros() as usize / 8) as u32);
                } else {
                    k -= n;
                }
                i += 8;
            }
        });
        found
    }

    /// A uniformly random empty cell in view of `c`, or None when there is none.
    ///
    /// Rejection sampling, three candidates per 64-bit draw tested without a branch each:
    /// the first empty candidate is uniform over the empty cells (up to the 21-bit draws'
    /// bias, below n / 2²¹ ≈ 10⁻⁴ relative); if all 36 candidates miss, an exact
    /// count-and-pick, uniform too.
    #[inline]
    pub fn random_empty(&self, grid: &Grid, c: u32, rng: &mut Fast) -> Option<u32> {
        self.random_empty_at(grid, c, c % self.width, c / self.width, rng)
    }

    /// `random_empty` for a caller that already knows the cell's (x, y).
    #[inline]
    pub fn random_empty_at(&self, grid: &Grid, c: u32, x: u32, y: u32, rng: &mut Fast) -> Option<u32> {
        let first = rng.next_u64();
        self.random_empty_from(grid, c, x, y, first, rng)
    }

    /// `random_empty_at` whose first three candidates come from `first`, 64 random bits the
    /// caller already has (a mover's seeded rank: one mix fewer per mover).
    #[inline]
    pub fn random_empty_from(
        &self,
        grid: &Grid,
        c: u32,
        x: u32,
        y: u32,
        first: u64,
        rng: &mut Fast,
    ) -> Option<u32> {
        let n = self.offsets.len() as u64;
        let interior = self.is_interior(x, y);
        let at = |z: u64, k: u32| {
            let j = ((((z >> (21 * k)) & 0x1F_FFFF) * n) >> 21) as usize;
            if interior { (c as isize + self.steps[j]) as u32 } else { self.wrapped(x, y, j) }
        };
        let mut z = first;
        for _ in 0..REJECTION_DRAWS {
            let (t0, t1, t2) = (at(z, 0), at(z, 1), at(z, 2));
            let (f0, f1, f2) = (grid.is_free(t0), grid.is_free(t1), grid.is_free(t2));
            if f0 | f1 | f2 {
                return Some(if f0 {
                    t0
                } else if f1 {
                    t1
                } else {
                    t2
                });
            }
            z = rng.next_u64();
        }
        let (empties, _) = self.count(grid.codes(), c, EMPTY, 0);
        (empties > 0).then(|| self.nth_of(grid.codes(), c, EMPTY, rng.below(empties))).flatten()
    }

    /// Whether `t` is in view of `c`.
    #[cfg(test)]
    pub fn sees(&self, c: u32, t: u32) -> bool {
        (0..self.len()).any(|j| self.neighbour(c, j) == t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::civil_violence::grid::{ACTIVE, CODE_PADDING, COP, Cell, Kind, flag};
    use crate::rng::{Stream, key};

    #[test]
    fn shapes_have_the_published_sizes() {
        assert_eq!(Vision::new(VisionShape::VonNeumann, 7, 40, 40).len(), 112);
        assert_eq!(Vision::new(VisionShape::Disc, 7, 40, 40).len(), 148);
    }

    /// Runs and offsets describe the same set of cells, at every position (edges wrap).
    #[test]
    fn runs_cover_exactly_the_offsets() {
        for shape in [VisionShape::VonNeumann, VisionShape::Disc] {
            let v = Vision::new(shape, 3, 9, 7);
            for c in 0..63u32 {
                let mut from_runs: Vec<u32> = Vec::new();
                v.for_each_run(c, |s, l| from_runs.extend((s..s + l).map(|i| i as u32)));
                from_runs.retain(|&t| t != c);
                from_runs.sort();
                let mut from_offsets: Vec<u32> = (0..v.len()).map(|j| v.neighbour(c, j)).collect();
                from_offsets.sort();
                assert_eq!(from_runs, from_offsets, "{shape:?} cell {c}");
                from_offsets.dedup();
                assert_eq!(from_offsets.len(), v.len(), "no cell seen twice");
            }
        }
    }

    fn codes(kinds: &[Kind]) -> Vec<u8> {
        let mut v: Vec<u8> = kinds.iter().map(|&k| flag(k)).collect();
        v.resize(kinds.len() + CODE_PADDING, 0);
        v
    }

    #[test]
    fn counts_and_picks_match_a_plain_scan() {
        let mut rng = Fast::new(key(9, 0, Stream::CvInit, 0));
        for (shape, r, w, h) in [(VisionShape::VonNeumann, 7, 40, 40), (VisionShape::Disc, 4, 11, 9)] {
            let v = Vision::new(shape, r, w, h);
            let kinds: Vec<Kind> = (0..w * h)
                .map(|_| {
                    [Kind::Empty, Kind::Quiet, Kind::Active, Kind::Jailed, Kind::Cop][rng.below(5) as usize]
                })
                .collect();
            let codes = codes(&kinds);
            for c in 0..w * h {
                let seen: Vec<u32> = (0..v.len()).map(|j| v.neighbour(c, j)).collect();
                let plain = |k: Kind| seen.iter().filter(|&&t| kinds[t as usize] == k).count() as u32;
                let own = |k: Kind| (kinds[c as usize] == k) as u32;
                let (a, b) = v.count(&codes, c, ACTIVE, COP);
                assert_eq!(
                    (a - own(Kind::Active), b - own(Kind::Cop)),
                    (plain(Kind::Active), plain(Kind::Cop))
                );
                let n = plain(Kind::Active);
                let mut picked: Vec<u32> = (0..n).map(|k| v.nth_of(&codes, c, ACTIVE, k).unwrap()).collect();
                assert_eq!(v.nth_of(&codes, c, ACTIVE, n), None);
                picked.sort();
                picked.dedup();
                let mut want: Vec<u32> =
                    seen.iter().copied().filter(|&t| kinds[t as usize] == Kind::Active).collect();
                want.sort();
                assert_eq!(picked, want, "cell {c}");
            }
        }
    }

    #[test]
    fn random_empty_is_uniform_and_in_view() {
        let v = Vision::new(VisionShape::VonNeumann, 2, 10, 10);
        let mut cells = vec![Cell::new(Kind::Quiet, 0, 0); 100];
        let empties = [0u32, 2, 20, 99];
        for &e in &empties {
            cells[e as usize] = Cell::EMPTY;
        }
        let mut grid = Grid::new(10, 10, cells);
        let c = 0;
        let mut hits = [0u32; 4];
        let mut rng = Fast::new(key(1, 0, Stream::CvStep, 0));
        for _ in 0..8_000 {
            let t = v.random_empty(&grid, c, &mut rng).unwrap();
            assert!(v.sees(c, t));
            hits[empties.iter().position(|&e| e == t).unwrap()] += 1;
        }
        // Cell 0 is the agent's own; the other three are in view (99 wraps to (-1, -1)).
        assert_eq!(hits[0], 0);
        assert!(hits[1..].iter().all(|&h| (2_450..2_900).contains(&h)), "{hits:?}");
        for e in [2, 20, 99] {
            grid.set(e, Cell::new(Kind::Cop, 1, 0));
        }
        assert_eq!(v.random_empty(&grid, c, &mut rng), None);
    }
}
