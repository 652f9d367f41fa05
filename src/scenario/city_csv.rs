//! Optional real-district input (MODEL.md §6): a CSV grid `x,y,population,attractiveness`.
//! Checked like a scenario file: every value within the ranges a synthetic city has, the
//! total within the population cap (summed in 64 bits), with the file and line.

use std::path::Path;

use serde::Deserialize;

use crate::input::{MAX_CSV_BYTES, read_bounded};

/// The most citizens a city holds (the schema's cap on `city.population`).
pub const MAX_POPULATION: u64 = 50_000_000;

/// The fewest citizens a city holds.
pub const MIN_POPULATION: u64 = 100;

/// The largest attractiveness of a cell. Synthetic cities, log-normal with a log-sd of at
/// most 3 around a mean of 1, stay below 1e4; the cap keeps every weight finite in f32.
pub const MAX_ATTRACTIVENESS: f64 = 1e6;

/// The largest grid side, as for a synthetic city.
pub const MAX_SIDE: u32 = 4000;

/// A city read from CSV: dimensions from the largest x and y, absent cells are empty.
#[derive(Debug, Clone, PartialEq)]
pub struct CityGrid {
    pub width: u32,
    pub height: u32,
    /// Residents per cell, row-major (index = y × width + x).
    pub population: Vec<u32>,
    /// Base attractiveness A0 per cell, row-major.
    pub attractiveness: Vec<f64>,
}

impl CityGrid {
    /// All residents (at most `MAX_POPULATION`, checked on load).
    pub fn residents(&self) -> u32 {
        self.population.iter().map(|&p| p as u64).sum::<u64>() as u32
    }
}

/// What is wrong with a CSV city: file, line and column, and what; with a hint.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CsvError {
    pub message: String,
    pub hint: &'static str,
}

const FORMAT_HINT: &str = "the CSV needs a header `x,y,population,attractiveness` and one row per cell";

fn bad(message: String) -> CsvError {
    CsvError { message, hint: FORMAT_HINT }
}

#[derive(Deserialize)]
struct Row {
    x: u32,
    y: u32,
    population: u32,
    attractiveness: f64,
}

const COLUMNS: [&str; 4] = ["x", "y", "population", "attractiveness"];

/// `file:line: column `name`: what is wrong`, from a csv error.
fn describe(path: &Path, line: u64, e: &csv::Error) -> CsvError {
    match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => {
            let column = err
                .field()
                .and_then(|f| COLUMNS.get(f as usize))
                .map_or(String::new(), |c| format!("column `{c}`: "));
            bad(format!("{}:{line}: {column}{}", path.display(), err.kind()))
        }
        _ => bad(format!("{}:{line}: {e}", path.display())),
    }
}

/// Reads the CSV (a regular file of at most `MAX_CSV_BYTES`); the error names the file and
/// the line of the first bad row.
pub fn load(path: &Path) -> Result<CityGrid, CsvError> {
    let bytes = read_bounded(path, MAX_CSV_BYTES).map_err(|e| CsvError {
        message: e.to_string().lines().next().unwrap_or_default().to_string(),
        hint: "`city.csv` names a CSV file, relative to the scenario file",
    })?;
    parse(path, &bytes)
}

/// Parses CSV bytes; `path` names them in messages.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<CityGrid, CsvError> {
    let mut reader = csv::Reader::from_reader(bytes);
    let at = |line: u64, what: String| bad(format!("{}:{line}: {what}", path.display()));
    let mut rows = Vec::new();
    let mut total = 0u64;
    let headers = reader.headers().map_err(|e| describe(path, 1, &e))?.clone();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(describe(path, line, &e)),
        }
        let line = record.position().map_or(line, |p| p.line());
        let row: Row = record.deserialize(Some(&headers)).map_err(|e| describe(path, line, &e))?;
        if !(row.attractiveness.is_finite() && (0.0..=MAX_ATTRACTIVENESS).contains(&row.attractiveness)) {
            return Err(at(
                line,
                format!(
                    "column `attractiveness`: {} is not a number from 0 to {MAX_ATTRACTIVENESS:e}",
                    row.attractiveness
                ),
            ));
        }
        if row.x >= MAX_SIDE || row.y >= MAX_SIDE {
            return Err(at(line, format!("x and y must be below {MAX_SIDE}, found ({}, {})", row.x, row.y)));
        }
        total += row.population as u64;
        if total > MAX_POPULATION {
            return Err(at(
                line,
                format!("the population up to this row is {total}, above the cap of {MAX_POPULATION}"),
            ));
        }
        rows.push((line, row));
    }
    if rows.is_empty() {
        return Err(bad(format!("{}: no cells", path.display())));
    }
    let width = rows.iter().map(|(_, r)| r.x).max().unwrap_or(0) + 1;
    let height = rows.iter().map(|(_, r)| r.y).max().unwrap_or(0) + 1;
    let cells = width as usize * height as usize;
    let mut population = vec![0u32; cells];
    let mut attractiveness = vec![0.0; cells];
    let mut seen = vec![false; cells];
    for (line, r) in &rows {
        let c = r.y as usize * width as usize + r.x as usize;
        if std::mem::replace(&mut seen[c], true) {
            return Err(at(*line, format!("cell ({}, {}) appears twice", r.x, r.y)));
        }
        population[c] = r.population;
        attractiveness[c] = r.attractiveness;
    }
    if total < MIN_POPULATION {
        return Err(bad(format!("{}: total population {total} is below {MIN_POPULATION}", path.display())));
    }
    if attractiveness.iter().all(|&a| a == 0.0) {
        return Err(CsvError {
            message: format!("{}: every cell has attractiveness 0, so no crime has a place", path.display()),
            hint: "give attractive cells (shops, nightlife, transport hubs) a value above 0",
        });
    }
    Ok(CityGrid { width, height, population, attractiveness })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> Result<CityGrid, CsvError> {
        parse(Path::new("city.csv"), s.as_bytes())
    }

    #[test]
    fn a_grid_reads_with_its_size_and_residents() {
        let g = parse_str("x,y,population,attractiveness\n0,0,60,1.0\n2,1,40,0.5\n").unwrap();
        assert_eq!((g.width, g.height, g.residents()), (3, 2, 100));
        assert_eq!(g.population[5], 40);
    }

    #[test]
    fn values_outside_the_ranges_are_refused_with_their_line() {
        let cases = [
            ("0,0,100,3.5e38\n", "city.csv:2: column `attractiveness`"),
            ("0,0,100,inf\n", "city.csv:2: column `attractiveness`"),
            ("0,0,100,-1\n", "city.csv:2: column `attractiveness`"),
            ("0,0,100,1\n1,0,4294967295,1\n", "city.csv:3: the population up to this row is 4294967395"),
            ("0,0,30000000,1\n1,0,30000000,1\n", "above the cap of 50000000"),
            ("0,0,4294967296,1\n", "city.csv:2: column `population`"),
            ("0,4000,100,1\n", "city.csv:2: x and y must be below 4000"),
            ("0,0,50,1\n0,0,50,1\n", "city.csv:3: cell (0, 0) appears twice"),
            ("0,0,99,1\n", "total population 99 is below 100"),
            ("0,0,100,0\n", "every cell has attractiveness 0"),
            ("0,0,100\n", "city.csv:2"),
        ];
        for (rows, want) in cases {
            let e = parse_str(&format!("x,y,population,attractiveness\n{rows}")).unwrap_err();
            assert!(e.message.contains(want), "{rows:?}: {}", e.message);
        }
        assert!(parse_str("").unwrap_err().message.contains("no cells"));
    }
}
