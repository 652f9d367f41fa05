//! The state of a civil-violence run: the grid (grid.rs), the traits of each agent that
//! never change (hardship, risk aversion), and the jail for the variant in which jailed
//! citizens leave the grid.

use crate::rng::{Fast, Stream, key};
use crate::scenario::CivilViolenceParams;

use super::grid::{Cell, Grid, Kind};
use super::rules::Rule;
use super::vision::Vision;

/// What one tick did besides changing states.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TickCounts {
    pub arrests: u32,
    pub moves: u32,
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
    /// does; agents are numbered in cell order. `init_seed` places them and draws their
    /// hardship and risk aversion (the scenario's `city_seed`, else `seed`).
    pub fn new(params: &CivilViolenceParams, seed: u64, init_seed: u64) -> CvWorld {
        let (w, h) = (params.width, params.height);
        let citizen_vision = Vision::new(params.vision_shape, params.citizen_vision, w, h);
        let cop_vision = Vision::new(params.vision_shape, params.cop_vision, w, h);
        let rule = Rule::new(params, citizen_vision.len());
        let mut rng = Fast::new(key(init_seed, 0, Stream::CvInit, 0));
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
        let w = CvWorld::new(&p, 3, 3);
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
