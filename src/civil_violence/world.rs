//! The state of a civil-violence run: one packed word per cell of a torus, the traits of
//! each agent that never change (hardship, risk aversion), and the jail for the variant in
//! which jailed citizens leave the grid.

use crate::rng::{Fast, Phase, key};
use crate::scenario::CivilViolenceParams;

use super::rules::Rule;
use super::vision::Vision;

/// What occupies a cell. The values are the bit positions of the flag bytes (`flag`): keep them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Empty = 0,
    Quiet = 1,
    Active = 2,
    Jailed = 3,
    Cop = 4,
}

/// One cell: bits 0–2 the kind, 3–15 the citizen's activation bound n* (rules.rs), 16–31
/// the jail term left, 32–63 the agent id. Moving an agent copies one word, so the state
/// a tick reads sits in one array in grid order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cell(pub u64);

/// A cell's kind as one bit of a byte (`1 << kind`): scans test eight cells per word.
pub const fn flag(kind: Kind) -> u8 {
    1 << kind as u8
}
pub const EMPTY: u8 = flag(Kind::Empty);
pub const QUIET: u8 = flag(Kind::Quiet);
pub const ACTIVE: u8 = flag(Kind::Active);
pub const JAILED: u8 = flag(Kind::Jailed);
pub const COP: u8 = flag(Kind::Cop);

/// Cops (low 16 bits) and actives (high 16 bits) of a flag byte, packed so that running
/// sums of both fit one u32 (rows are at most 4,000 cells: no carry between fields).
#[inline]
pub fn cops_and_actives(code: u8) -> u32 {
    ((code & COP) >> 4) as u32 | ((code & ACTIVE) as u32) << 14
}

/// The grid: one word per cell, and the same cells' kinds as flag bytes for scans. Every
/// write goes through `set` so the two never disagree.
#[derive(Debug, Clone)]
pub struct Grid {
    pub width: u32,
    pub height: u32,
    cells: Vec<Cell>,
    /// One flag byte per cell, then 16 zero bytes so scans may read whole words past a row.
    codes: Vec<u8>,
    /// One bit per cell, set when empty: what a mover tests, small enough to stay in cache.
    free: Vec<u64>,
}

/// Zero bytes after the last code.
pub const CODE_PADDING: usize = 16;

impl Grid {
    pub fn new(width: u32, height: u32, cells: Vec<Cell>) -> Grid {
        let mut codes: Vec<u8> = cells.iter().map(|c| 1 << c.code()).collect();
        codes.resize(cells.len() + CODE_PADDING, 0);
        let mut grid = Grid { width, height, free: vec![0; cells.len().div_ceil(64)], cells, codes };
        grid.refresh_free();
        grid
    }
    #[inline]
    pub fn cell(&self, c: u32) -> Cell {
        self.cells[c as usize]
    }
    #[inline]
    pub fn set(&mut self, c: u32, cell: Cell) {
        self.cells[c as usize] = cell;
        self.codes[c as usize] = 1 << cell.code();
        let (word, bit) = ((c >> 6) as usize, c & 63);
        self.free[word] = self.free[word] & !(1 << bit) | (cell.is_empty() as u64) << bit;
    }
    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }
    pub fn codes(&self) -> &[u8] {
        &self.codes
    }
    /// Whether cell `t` is empty, from the bit set.
    #[inline]
    pub fn is_free(&self, t: u32) -> bool {
        (self.free[(t >> 6) as usize] >> (t & 63)) & 1 == 1
    }
    /// Rebuilds the empty-cell bits from the codes (after `parts_mut` rewrote them).
    pub fn refresh_free(&mut self) {
        use rayon::prelude::*;
        let n = self.cells.len();
        let codes = &self.codes[..n];
        self.free.par_iter_mut().enumerate().for_each(|(i, word)| {
            let chunk = &codes[64 * i..(64 * i + 64).min(n)];
            *word = chunk.iter().enumerate().fold(0u64, |w, (b, &code)| w | ((code == EMPTY) as u64) << b);
        });
    }
    pub fn len(&self) -> usize {
        self.cells.len()
    }
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
    /// Both arrays, writable, for a pass that rewrites every cell (codes without padding).
    pub fn parts_mut(&mut self) -> (&mut [Cell], &mut [u8]) {
        let n = self.cells.len();
        (&mut self.cells, &mut self.codes[..n])
    }
    /// Applies `f` to every cell word in place (kinds must not change).
    pub fn update_words(&mut self, f: impl FnMut(&mut Cell)) {
        self.cells.iter_mut().for_each(f);
    }
}

impl Cell {
    pub const EMPTY: Cell = Cell(0);
    /// Largest n* a cell can hold (13 bits); visions hold at most 1,256 cells.
    pub const MAX_NSTAR: u16 = (1 << 13) - 1;

    #[inline]
    pub fn new(kind: Kind, id: u32, nstar: u16) -> Cell {
        Cell(kind as u64 | (nstar as u64) << 3 | (id as u64) << 32)
    }
    #[inline]
    pub fn code(self) -> usize {
        (self.0 & 7) as usize
    }
    #[inline]
    pub fn kind(self) -> Kind {
        match self.0 & 7 {
            0 => Kind::Empty,
            1 => Kind::Quiet,
            2 => Kind::Active,
            3 => Kind::Jailed,
            _ => Kind::Cop,
        }
    }
    #[inline]
    pub fn is_empty(self) -> bool {
        self.0 & 7 == 0
    }
    #[inline]
    pub fn id(self) -> u32 {
        (self.0 >> 32) as u32
    }
    #[inline]
    pub fn nstar(self) -> u16 {
        ((self.0 >> 3) & 0x1FFF) as u16
    }
    #[inline]
    pub fn jail(self) -> u16 {
        (self.0 >> 16) as u16
    }
    #[inline]
    pub fn with_kind(self, kind: Kind) -> Cell {
        Cell(self.0 & !7 | kind as u64)
    }
    #[inline]
    pub fn with_jail(self, term: u16) -> Cell {
        Cell(self.0 & !(0xFFFF << 16) | (term as u64) << 16)
    }
    #[inline]
    pub fn with_nstar(self, nstar: u16) -> Cell {
        Cell(self.0 & !(0x1FFF << 3) | (nstar.min(Cell::MAX_NSTAR) as u64) << 3)
    }
}

/// A citizen off the grid (only when `jailed_block` is false): its word and the cell it
/// was arrested on.
#[derive(Debug, Clone, Copy)]
pub struct Inmate {
    pub cell: Cell,
    pub home: u32,
}

/// Inmates in a fixed, reproducible order, with each agent's place in the list.
#[derive(Debug, Clone, Default)]
pub struct Jail {
    pub inmates: Vec<Inmate>,
    slot: Vec<u32>,
}

impl Jail {
    fn new(agents: usize) -> Jail {
        Jail { inmates: Vec::new(), slot: vec![u32::MAX; agents] }
    }
    pub fn admit(&mut self, inmate: Inmate) {
        self.slot[inmate.cell.id() as usize] = self.inmates.len() as u32;
        self.inmates.push(inmate);
    }
    pub fn get_mut(&mut self, id: u32) -> Option<&mut Inmate> {
        let s = self.slot[id as usize];
        self.inmates.get_mut(s as usize)
    }
    /// Removes an inmate; the last one takes its place in the list.
    pub fn release(&mut self, id: u32) -> Inmate {
        let s = self.slot[id as usize] as usize;
        let out = self.inmates.swap_remove(s);
        self.slot[id as usize] = u32::MAX;
        if let Some(moved) = self.inmates.get(s) {
            self.slot[moved.cell.id() as usize] = s as u32;
        }
        out
    }
}

/// Everything a civil-violence run knows.
pub struct CvWorld {
    pub params: CivilViolenceParams,
    pub seed: u64,
    pub grid: Grid,
    /// Per agent id; 0 for cops.
    pub hardship: Vec<f64>,
    pub risk_aversion: Vec<f64>,
    pub citizens: u32,
    pub cops: u32,
    pub jail: Jail,
    pub citizen_vision: Vision,
    pub cop_vision: Vision,
    pub rule: Rule,
}

impl CvWorld {
    /// Each cell independently holds a citizen, a cop or nothing, as Mesa's constructor
    /// does; agents are numbered in cell order.
    pub fn new(params: &CivilViolenceParams, seed: u64) -> CvWorld {
        let (w, h) = (params.width, params.height);
        let citizen_vision = Vision::new(params.vision_shape, params.citizen_vision, w, h);
        let cop_vision = Vision::new(params.vision_shape, params.cop_vision, w, h);
        let rule = Rule::new(params, citizen_vision.len());
        let mut rng = Fast::new(key(seed, 0, Phase::CvInit, 0));
        let mut cells = vec![Cell::EMPTY; w as usize * h as usize];
        let (mut hardship, mut risk_aversion) = (Vec::new(), Vec::new());
        let (mut citizens, mut cops) = (0, 0);
        for cell in cells.iter_mut() {
            let u = rng.unit();
            let id = hardship.len() as u32;
            if u < params.citizen_density {
                let (hd, ra) = (rng.unit(), rng.unit());
                *cell = Cell::new(Kind::Quiet, id, rule.nstar(hd, ra));
                hardship.push(hd);
                risk_aversion.push(ra);
                citizens += 1;
            } else if u < params.citizen_density + params.cop_density {
                *cell = Cell::new(Kind::Cop, id, 0);
                hardship.push(0.0);
                risk_aversion.push(0.0);
                cops += 1;
            }
        }
        let agents = hardship.len();
        CvWorld {
            params: params.clone(),
            seed,
            grid: Grid::new(w, h, cells),
            hardship,
            risk_aversion,
            citizens,
            cops,
            jail: Jail::new(agents),
            citizen_vision,
            cop_vision,
            rule,
        }
    }

    pub fn agents(&self) -> u32 {
        self.citizens + self.cops
    }

    /// New parameters mid-run (an intervention): the rule changes, so every citizen's
    /// activation bound is recomputed, on the grid and in jail.
    pub fn set_params(&mut self, params: CivilViolenceParams) {
        self.rule = Rule::new(&params, self.citizen_vision.len());
        self.params = params;
        let (rule, hd, ra) = (&self.rule, &self.hardship, &self.risk_aversion);
        let refresh = |c: &mut Cell| {
            if matches!(c.kind(), Kind::Quiet | Kind::Active | Kind::Jailed) {
                let i = c.id() as usize;
                *c = c.with_nstar(rule.nstar(hd[i], ra[i]));
            }
        };
        self.grid.update_words(refresh);
        self.jail.inmates.iter_mut().for_each(|m| refresh(&mut m.cell));
    }

    /// Citizens quiet, active and jailed (on the grid or off it).
    pub fn census(&self) -> [u32; 3] {
        let mut n = [0u32; 5];
        for c in self.grid.cells() {
            n[c.code()] += 1;
        }
        [n[1], n[2], n[3] + self.jail.inmates.len() as u32]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_fields_round_trip() {
        let c = Cell::new(Kind::Active, 123_456, 17).with_jail(999);
        assert_eq!((c.kind(), c.id(), c.nstar(), c.jail()), (Kind::Active, 123_456, 17, 999));
        let c = c.with_kind(Kind::Jailed).with_jail(0).with_nstar(9000);
        assert_eq!((c.kind(), c.id(), c.nstar(), c.jail()), (Kind::Jailed, 123_456, Cell::MAX_NSTAR, 0));
        assert!(Cell::EMPTY.is_empty() && !c.is_empty());
    }

    #[test]
    fn densities_give_expected_counts() {
        let p = CivilViolenceParams { width: 200, height: 200, ..CivilViolenceParams::default() };
        let w = CvWorld::new(&p, 3);
        let cells = 40_000.0;
        assert!((w.citizens as f64 / cells - 0.7).abs() < 0.01, "{}", w.citizens);
        assert!((w.cops as f64 / cells - 0.074).abs() < 0.005, "{}", w.cops);
        assert_eq!(w.census(), [w.citizens, 0, 0]);
    }

    #[test]
    fn jail_keeps_slots_consistent() {
        let mut j = Jail::new(10);
        for id in [3, 7, 5] {
            j.admit(Inmate { cell: Cell::new(Kind::Jailed, id, 0), home: id });
        }
        assert_eq!(j.release(3).home, 3);
        assert_eq!(j.get_mut(5).unwrap().home, 5);
        assert_eq!(j.get_mut(7).unwrap().home, 7);
        assert!(j.get_mut(3).is_none());
    }
}
