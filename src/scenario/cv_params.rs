//! Parameters of the `civil_violence` model: Epstein (2002) Model I (MODEL.md §10).
//! Defaults are those of Mesa's public example; the variants other implementations use
//! (NetLogo's Rebellion) are switches, so one engine reproduces either.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Citizens and cops on a torus (MODEL.md §10).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CivilViolenceParams {
    /// `sequential`: every agent acts once per tick in a fresh random order and sees the
    /// changes of those before it (Mesa's activation). `parallel`: every agent decides from
    /// the tick's snapshot; arrests and moves are intents resolved in a seeded order, on all
    /// threads.
    pub activation: Activation,
    /// Grid width in cells (a torus).
    #[schemars(range(min = 5, max = 4000))]
    pub width: u32,
    /// Grid height in cells.
    #[schemars(range(min = 5, max = 4000))]
    pub height: u32,
    /// Probability that a cell starts with a citizen.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub citizen_density: f64,
    /// Probability that a cell starts with a cop.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub cop_density: f64,
    /// How far citizens see, in cells.
    #[schemars(range(min = 1, max = 20))]
    pub citizen_vision: u32,
    /// How far cops see, in cells.
    #[schemars(range(min = 1, max = 20))]
    pub cop_vision: u32,
    /// `von_neumann`: |dx| + |dy| ≤ vision (Mesa). `disc`: dx² + dy² ≤ vision² (NetLogo).
    /// The agent's own cell is never part of its vision.
    pub vision_shape: VisionShape,
    /// Regime legitimacy L, the same for every citizen: grievance G = H × (1 − L).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub legitimacy: f64,
    /// Jail terms are uniform integers in [0, max_jail_term], in ticks.
    #[schemars(range(min = 0, max = 65535))]
    pub max_jail_term: u32,
    /// k in the estimated arrest probability P = 1 − exp(−k × ⌊C/A⌉).
    #[schemars(range(min = 0.0, max = 100.0))]
    pub arrest_constant: f64,
    /// A citizen is active when G − R × P exceeds this.
    #[schemars(range(min = -1.0, max = 1.0))]
    pub threshold: f64,
    /// How the cop-to-active ratio C/A becomes a whole number: `half_even` (Mesa, Python's
    /// round) or `floor` (NetLogo).
    pub ratio_rounding: Rounding,
    /// Jailed citizens keep their cell, so nobody can move onto it (Mesa). When false they
    /// leave the grid and, once free, return to their cell if it is empty, else to a random
    /// empty cell in vision of it (NetLogo lets agents share a patch; here a cell holds one).
    pub jailed_block: bool,
    /// Agents move to a random empty cell in vision every tick.
    pub movement: bool,
    /// An outburst starts when active citizens exceed this count…
    #[schemars(range(min = 1, max = 50000000))]
    pub outburst_above: u32,
    /// …after having been below this count, and ends when they fall below it again.
    #[schemars(range(min = 1, max = 50000000))]
    pub outburst_below: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// Random sequential activation with immediate effects (Mesa's `shuffle_do`).
    Sequential,
    /// Synchronous decisions from a snapshot; intents resolved in a seeded order.
    Parallel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VisionShape {
    /// |dx| + |dy| ≤ vision: 2v(v+1) cells (112 for vision 7).
    VonNeumann,
    /// dx² + dy² ≤ vision²: 148 cells for vision 7.
    Disc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Nearest integer, halves to even (Python's `round`, used by Mesa).
    HalfEven,
    /// Round down (NetLogo's `floor`).
    Floor,
}

impl Default for CivilViolenceParams {
    /// Mesa's `EpsteinCivilViolence` defaults (notes/mesa-epstein.md).
    fn default() -> Self {
        CivilViolenceParams {
            activation: Activation::Sequential,
            width: 40,
            height: 40,
            citizen_density: 0.7,
            cop_density: 0.074,
            citizen_vision: 7,
            cop_vision: 7,
            vision_shape: VisionShape::VonNeumann,
            legitimacy: 0.8,
            max_jail_term: 1000,
            arrest_constant: 2.3,
            threshold: 0.1,
            ratio_rounding: Rounding::HalfEven,
            jailed_block: true,
            movement: true,
            outburst_above: 50,
            outburst_below: 10,
        }
    }
}
