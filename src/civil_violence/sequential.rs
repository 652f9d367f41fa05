//! `sequential` activation, the faithful port of Mesa's model: each tick every agent acts
//! once, in a fresh random order, and sees at once what the agents before it did
//! (`shuffle_do`). One stream per tick drives the shuffle and every draw, so a run is
//! reproducible; it is single-threaded by nature.

use crate::rng::{Fast, Stream, key};

use super::grid::{ACTIVE, COP, Cell, Grid, Kind};
use super::rules::ratio_below;
use super::vision::Vision;
use super::world::{CvWorld, Inmate, TickCounts};

/// `pos` value of a citizen held off the grid.
const IN_JAIL: u32 = u32::MAX;

/// The activation order and where each agent is (agent id → cell).
pub struct Sequential {
    order: Vec<u32>,
    pos: Vec<u32>,
}

impl Sequential {
    pub fn new(world: &CvWorld) -> Sequential {
        let mut pos = vec![IN_JAIL; world.agents() as usize];
        for (c, cell) in world.grid.cells().iter().enumerate() {
            if !cell.is_empty() {
                pos[cell.id() as usize] = c as u32;
            }
        }
        Sequential { order: (0..world.agents()).collect(), pos }
    }

    pub fn step(&mut self, world: &mut CvWorld, tick: u32) -> TickCounts {
        let mut rng = Fast::new(key(world.seed, tick, Stream::CvStep, 0));
        // Fisher–Yates: a uniform permutation whatever the previous one was.
        for i in (1..self.order.len()).rev() {
            let j = rng.below(i as u32 + 1) as usize;
            self.order.swap(i, j);
        }
        let mut counts = TickCounts::default();
        for k in 0..self.order.len() {
            let id = self.order[k];
            let mut c = self.pos[id as usize];
            if c == IN_JAIL {
                match leave_jail(world, id, &mut rng) {
                    Some(t) => {
                        self.pos[id as usize] = t;
                        c = t;
                    }
                    None => continue,
                }
            }
            let cell = world.grid.cell(c);
            match cell.kind() {
                Kind::Cop => {
                    counts.arrests += cop_arrests(world, c, &mut rng, &mut self.pos) as u32;
                    counts.moves += self.move_agent(world, c, false, &mut rng) as u32;
                }
                Kind::Jailed if cell.jail() > 0 => world.grid.set(c, cell.with_jail(cell.jail() - 1)),
                Kind::Empty => unreachable!("agent {id} is listed at an empty cell"),
                _ => {
                    citizen_decides(world, c);
                    counts.moves += self.move_agent(world, c, true, &mut rng) as u32;
                }
            }
        }
        counts
    }

    /// Moves the agent at `c` to a random empty cell in its vision; false if it stays.
    fn move_agent(&mut self, world: &mut CvWorld, c: u32, citizen: bool, rng: &mut Fast) -> bool {
        if !world.params.movement {
            return false;
        }
        let vision = if citizen { &world.citizen_vision } else { &world.cop_vision };
        let Some(t) = vision.random_empty(&world.grid, c, rng) else { return false };
        let cell = world.grid.cell(c);
        world.grid.set(t, cell);
        world.grid.set(c, Cell::EMPTY);
        self.pos[cell.id() as usize] = t;
        true
    }
}

/// A citizen (quiet, active, or jailed with its term served) looks around and decides.
#[inline]
fn citizen_decides(world: &mut CvWorld, c: u32) {
    let cell = world.grid.cell(c);
    let (actives, cops) = world.citizen_vision.count(world.grid.codes(), c, ACTIVE, COP);
    // A = 1 + the other actives in view: the citizen counts itself once, whatever its state.
    let others = actives - (cell.kind() == Kind::Active) as u32;
    let active = ratio_below(cops, 1 + others, cell.nstar(), world.rule.rounding);
    world.grid.set(c, cell.with_kind(if active { Kind::Active } else { Kind::Quiet }));
}

/// A cop arrests one uniformly chosen active citizen in view, if there is one.
fn cop_arrests(world: &mut CvWorld, c: u32, rng: &mut Fast, pos: &mut [u32]) -> bool {
    let (n, _) = world.cop_vision.count(world.grid.codes(), c, ACTIVE, 0);
    if n == 0 {
        return false;
    }
    let Some(t) = world.cop_vision.nth_of(world.grid.codes(), c, ACTIVE, rng.below(n)) else { return false };
    let term = rng.below(world.params.max_jail_term + 1) as u16;
    jail(world, t, term, pos);
    true
}

/// Jails the citizen at `t` for `term` ticks: it keeps its cell, or (jailed_block: false)
/// leaves the grid.
pub(super) fn jail(world: &mut CvWorld, t: u32, term: u16, pos: &mut [u32]) {
    let jailed = world.grid.cell(t).with_kind(Kind::Jailed).with_jail(term);
    if world.params.jailed_block {
        world.grid.set(t, jailed);
    } else {
        world.jail.admit(Inmate { cell: jailed, home: t });
        world.grid.set(t, Cell::EMPTY);
        if let Some(p) = pos.get_mut(jailed.id() as usize) {
            *p = IN_JAIL;
        }
    }
}

/// An inmate's turn: serve one more tick, or come back to its cell (or a random empty cell
/// in view of it) once the term is over. Returns where it stands if it is back.
fn leave_jail(world: &mut CvWorld, id: u32, rng: &mut Fast) -> Option<u32> {
    let inmate = world.jail.get_mut(id).expect("agents off the grid are in jail");
    if inmate.cell.jail() > 0 {
        inmate.cell = inmate.cell.with_jail(inmate.cell.jail() - 1);
        return None;
    }
    let home = inmate.home;
    let t = back_on_grid(&world.grid, &world.citizen_vision, home, rng)?;
    let cell = world.jail.release(id).cell;
    world.grid.set(t, cell);
    Some(t)
}

/// Where a freed inmate goes: its own cell if empty, else a random empty cell in view.
pub(super) fn back_on_grid(grid: &Grid, vision: &Vision, home: u32, rng: &mut Fast) -> Option<u32> {
    if grid.is_free(home) { Some(home) } else { vision.random_empty(grid, home, rng) }
}
