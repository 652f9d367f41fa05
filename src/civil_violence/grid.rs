//! The grid of a civil-violence run: one packed word per cell of a torus, with the cells'
//! kinds as flag bytes and empty cells as bits, for scans.

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
