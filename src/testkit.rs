//! Small worlds for unit tests of the submodels.

use std::path::Path;

use crate::scenario;
use crate::world::World;

/// A 20×20 city of 4,000 citizens with the defaults, edited by `yaml` (extra top-level YAML).
pub fn world(yaml: &str) -> World {
    let burn_in = if yaml.contains("burn_in_days") { "" } else { "burn_in_days: 0\n" };
    let text = format!(
        "version: 1\nmodel: diy_policing\n{burn_in}city: {{width: 20, height: 20, population: 4000}}\n{yaml}\n"
    );
    let loaded =
        scenario::from_str(&text, Path::new("test.yaml"), Path::new(".")).expect("test scenario is valid");
    World::new(&loaded)
}
