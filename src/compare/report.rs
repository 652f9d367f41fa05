//! `diypol report`: one self-contained HTML file from a comparison folder — the question
//! each scenario answers, the comparison table, the charts (inline SVG), the parameters
//! that differ, and the model's assumptions and limits in plain words. No script, no
//! network: it opens offline on any laptop and prints as it shows. The page is the
//! template `templates/report.html`, checked when the crate compiles.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use askama::Template;

use super::summary::{Row, cells, from_csv, key_rows};
use crate::error::Error;
use crate::output::folder::{Folder, FolderKind};
use crate::output::parquet::read_metadata;
use crate::scenario::ModelKind;

/// One scenario as the report shows it.
struct Scenario {
    name: String,
    question: String,
    model: String,
    params: BTreeMap<String, String>,
}

/// A table of text cells; a cell is marked when it is a difference whose interval excludes 0.
struct TextTable {
    header: Vec<String>,
    rows: Vec<Vec<(String, bool)>>,
}

/// The parameters that differ between scenarios.
struct Params {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

struct Figure {
    svg: String,
    caption: &'static str,
}

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    title: String,
    version: &'static str,
    model: String,
    reference: &'a str,
    scenarios: &'a [Scenario],
    key: TextTable,
    all: TextTable,
    figures: Vec<Figure>,
    params: Params,
    limits: &'static [&'static str],
    /// With posterior draws: how often each scenario wins, stated first.
    robust: Vec<String>,
}

/// Writes `report.html` into the comparison folder `dir`; returns its path.
pub fn write_report(dir: &Path) -> Result<PathBuf, Error> {
    let (names, rows) = read_summary(dir)?;
    let scenarios: Vec<Scenario> = names.iter().map(|n| read_scenario(dir, n)).collect::<Result<_, _>>()?;
    let html = render(dir, &names, &rows, &scenarios);
    let mut folder = Folder::open(dir, FolderKind::Compare, "report", Vec::new())?;
    folder.text("report.html", &html)?;
    Ok(folder.commit()?.remove(0))
}

fn missing(dir: &Path, what: &str) -> Error {
    Error::usage(
        format!("{} is not a comparison folder: {what} is missing", dir.display()),
        format!("run `diypol compare A.yaml B.yaml ... --out {}` first", dir.display()),
    )
}

fn read_summary(dir: &Path) -> Result<(Vec<String>, Vec<Row>), Error> {
    let path = dir.join("summary.csv");
    let text = std::fs::read_to_string(&path).map_err(|_| missing(dir, "summary.csv"))?;
    from_csv(&text, &path)
}

/// The robust verdicts of an ensemble comparison (robust.csv), none for a plain one.
fn read_robust(dir: &Path, model: ModelKind) -> Vec<String> {
    let path = dir.join("robust.csv");
    std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| super::ensemble::from_csv(&text, &path).ok())
        .map_or_else(Vec::new, |rows| super::ensemble::headlines(&rows, model))
}

fn read_scenario(dir: &Path, name: &str) -> Result<Scenario, Error> {
    let source = dir.join("scenarios").join(format!("{name}.yaml"));
    let text =
        std::fs::read_to_string(&source).map_err(|_| missing(dir, &format!("scenarios/{name}.yaml")))?;
    let run = dir.join("runs").join(name).join("replicate-000").join("runs.parquet");
    let meta =
        read_metadata(&run).map_err(|_| missing(dir, &format!("runs/{name}/replicate-000/runs.parquet")))?;
    let get = |k: &str| meta.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let resolved: serde_json::Value = serde_saphyr::from_str(&get("diypol.scenario"))
        .map_err(|e| Error::Read { path: run.clone(), message: e.to_string() })?;
    let mut params = BTreeMap::new();
    flatten("", &resolved, &mut params);
    Ok(Scenario {
        name: name.to_string(),
        question: question(&text, &resolved),
        model: get("diypol.model"),
        params,
    })
}

/// The scenario's question: its header comment, else its `description`.
fn question(text: &str, resolved: &serde_json::Value) -> String {
    let header: Vec<&str> = text
        .lines()
        .take_while(|l| l.trim_start().starts_with('#') || l.trim().is_empty())
        .filter_map(|l| l.trim_start().strip_prefix('#'))
        .map(str::trim)
        .collect();
    let header = header.join(" ");
    let header = header.trim();
    let header = header.strip_prefix("Question:").unwrap_or(header).trim().to_string();
    if !header.is_empty() {
        return header;
    }
    resolved.get("description").and_then(|d| d.as_str()).unwrap_or("(no description)").trim().to_string()
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&p, v, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.to_string().trim_matches('"').to_string());
        }
    }
}

fn text_table(names: &[String], rows: &[Row]) -> TextTable {
    let (header, rows) = cells(names, rows);
    TextTable { header, rows }
}

/// An inline SVG chart of the folder, without its XML declaration.
fn figure(dir: &Path, file: &str, caption: &'static str) -> Option<Figure> {
    let svg = std::fs::read_to_string(dir.join(file)).ok()?;
    let svg = svg.trim_start_matches(|c| c != '<');
    let svg = svg.strip_prefix("<?xml").map_or(svg, |rest| &rest[rest.find('>').map_or(0, |i| i + 1)..]);
    Some(Figure { svg: svg.to_string(), caption })
}

const FIGURES: [(&str, &str); 5] = [
    (
        "compare_robust.svg",
        "Difference from the first scenario over posterior draws: mean and the range of 90% of plausible worlds.",
    ),
    ("compare_indicators.svg", "Key indicators, mean and 95% interval per scenario."),
    ("compare_series.svg", "Daily series, mean over replicates with a 95% band."),
    (
        "compare_tradeoff.svg",
        "Crimes prevented against innocents publicly named; labels give the cost per resident per year.",
    ),
    (
        "compare_crime_maps.svg",
        "Where street crime happens: crimes per cell over the run, mean of replicates, one colour scale.",
    ),
];

fn parameters_that_differ(names: &[String], scenarios: &[Scenario]) -> Params {
    let paths: Vec<&String> = scenarios
        .first()
        .map(|s| s.params.keys().collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|p| !matches!(p.as_str(), "name" | "description" | "seed") && !p.starts_with("output."))
        .filter(|p| scenarios.iter().any(|s| s.params.get(*p) != scenarios[0].params.get(*p)))
        .collect();
    let mut header = vec!["parameter".to_string()];
    header.extend(names.iter().cloned());
    let rows = paths
        .into_iter()
        .map(|p| {
            let mut row = vec![p.clone()];
            row.extend(scenarios.iter().map(|s| s.params.get(p).cloned().unwrap_or_else(|| "–".into())));
            row
        })
        .collect();
    Params { header, rows }
}

fn render(dir: &Path, names: &[String], rows: &[Row], scenarios: &[Scenario]) -> String {
    let model = scenarios.first().map_or(String::new(), |s| s.model.clone());
    let kind = if model == ModelKind::CivilViolence.name() {
        ModelKind::CivilViolence
    } else {
        ModelKind::DiyPolicing
    };
    let page = Page {
        title: names.join(" vs "),
        version: env!("CARGO_PKG_VERSION"),
        reference: &names[0],
        scenarios,
        key: text_table(names, &key_rows(rows, kind)),
        all: text_table(names, rows),
        figures: FIGURES.iter().filter_map(|(f, c)| figure(dir, f, c)).collect(),
        params: parameters_that_differ(names, scenarios),
        limits: if kind == ModelKind::CivilViolence { CV_LIMITS } else { DIY_LIMITS },
        robust: read_robust(dir, kind),
        model,
    };
    page.render().expect("the report template renders")
}

const DIY_LIMITS: &[&str] = &[
    "The city is synthetic: a grid of neighbourhoods whose population and attractiveness to offenders are drawn \
     at random (or read from a CSV). Results describe a typical European city, not a named one.",
    "The crime–police core is calibrated to published patterns (reporting rates, clearance rates, concentration \
     of crime, the effect of hot-spot patrol); see docs/VALIDATION.md. Absolute numbers are indicative; \
     differences between scenarios are the point.",
    "Most parameters of the citizens' do-it-yourself layer — how readily people share posts, name suspects, join \
     watch groups or turn vigilante — have no measured value. They are plausible assumptions: a difference that \
     depends on them should be checked with a sensitivity analysis before it is relied on.",
    "Costs count officer-hours and programme costs at flat rates; they leave out courts, prisons, victims' costs \
     and the harm done to wrongly accused people, which the harm indicators count instead.",
    "Intervals reflect the model's randomness over the replicates run; only a comparison over a calibration's \
     posterior draws (`diypol compare --ensemble`, stated first when present) includes the uncertainty of the \
     calibrated parameters, and neither includes that of parameters left at assumed values.",
    "One tick is one day; effects that take years (trust eroding, groups forming) need runs of several years.",
];

const CV_LIMITS: &[&str] = &[
    "Epstein's civil violence model (2002, Model I) is an abstract model of grievance, legitimacy and deterrence, \
     not calibrated to any place or event.",
    "The sequential activation reproduces the statistics of Mesa's public implementation; the parallel activation \
     decides from a snapshot and damps outbursts (docs/MODEL.md §11).",
    "Outbursts are counted with fixed thresholds of active citizens; they fit a 40 × 40 grid and must be set per \
     grid size.",
    "Intervals reflect the model's randomness over the replicates run; only a comparison over a calibration's \
     posterior draws (`diypol compare --ensemble`, stated first when present) includes the uncertainty of the \
     calibrated parameters, and neither includes that of parameters left at assumed values.",
];
