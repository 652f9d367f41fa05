//! Optional real-district input (MODEL.md §6): a CSV grid `x,y,population,attractiveness`.

use std::path::Path;

use serde::Deserialize;

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

/// What is wrong with a CSV city: file, line and column, and what.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CsvError(String);

#[derive(Deserialize)]
struct Row {
    x: u32,
    y: u32,
    population: u32,
    attractiveness: f64,
}

const COLUMNS: [&str; 4] = ["x", "y", "population", "attractiveness"];

/// `file:line: column `name`: what is wrong`, from a csv error.
fn describe(path: &Path, line: usize, e: &csv::Error) -> CsvError {
    match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => {
            let column = err
                .field()
                .and_then(|f| COLUMNS.get(f as usize))
                .map_or(String::new(), |c| format!("column `{c}`: "));
            CsvError(format!("{}:{line}: {column}{}", path.display(), err.kind()))
        }
        _ => CsvError(format!("{}:{line}: {e}", path.display())),
    }
}

/// Reads the CSV; the error names the file and the line of the first bad row.
pub fn load(path: &Path) -> Result<CityGrid, CsvError> {
    let mut reader = csv::Reader::from_path(path)
        .map_err(|e| CsvError(format!("cannot read city CSV {}: {e}", path.display())))?;
    let mut rows = Vec::new();
    for (i, rec) in reader.deserialize::<Row>().enumerate() {
        let line = i + 2;
        let row = rec.map_err(|e| describe(path, line, &e))?;
        if !(row.attractiveness.is_finite() && row.attractiveness >= 0.0) {
            return Err(CsvError(format!("{}:{line}: attractiveness must be a number ≥ 0", path.display())));
        }
        if row.x >= 4000 || row.y >= 4000 {
            return Err(CsvError(format!("{}:{line}: x and y must be below 4000", path.display())));
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(CsvError(format!("{}: no cells", path.display())));
    }
    let width = rows.iter().map(|r| r.x).max().unwrap_or(0) + 1;
    let height = rows.iter().map(|r| r.y).max().unwrap_or(0) + 1;
    let cells = (width * height) as usize;
    let mut population = vec![0u32; cells];
    let mut attractiveness = vec![0.0; cells];
    let mut seen = vec![false; cells];
    for (i, r) in rows.iter().enumerate() {
        let c = (r.y * width + r.x) as usize;
        if std::mem::replace(&mut seen[c], true) {
            return Err(CsvError(format!(
                "{}:{}: cell ({}, {}) appears twice",
                path.display(),
                i + 2,
                r.x,
                r.y
            )));
        }
        population[c] = r.population;
        attractiveness[c] = r.attractiveness;
    }
    let total: u64 = population.iter().map(|&p| p as u64).sum();
    if total < 100 {
        return Err(CsvError(format!("{}: total population {total} is below 100", path.display())));
    }
    Ok(CityGrid { width, height, population, attractiveness })
}
