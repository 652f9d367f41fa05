//! `diypol report`: one self-contained HTML file from a comparison folder — the question
//! each scenario answers, the comparison table, the charts (inline SVG), the parameters
//! that differ, and the model's assumptions and limits in plain words. No script, no
//! network: it opens offline on any laptop and prints as it shows.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::atomic::write_text;
use super::parquet::read_metadata;
use crate::compare::{Row, cells, from_csv};

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(
        "{} is not a comparison folder: {what} is missing\n  hint: run `diypol compare A.yaml B.yaml ... --out {}` first",
        dir.display(),
        dir.display()
    )]
    NotAComparison { dir: PathBuf, what: String },
    #[error("cannot read {}: {message}", path.display())]
    Read { path: PathBuf, message: String },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

/// One scenario as the report shows it.
struct Scenario {
    name: String,
    question: String,
    model: String,
    params: BTreeMap<String, String>,
}

/// The comparison table, as summary.csv holds it.
struct Summary {
    names: Vec<String>,
    rows: Vec<Row>,
}

/// Writes `report.html` into the comparison folder `dir`; returns its path.
pub fn write_report(dir: &Path) -> Result<PathBuf, ReportError> {
    let summary = read_summary(dir)?;
    let scenarios: Vec<Scenario> =
        summary.names.iter().map(|n| read_scenario(dir, n)).collect::<Result<_, _>>()?;
    let html = render(dir, &summary, &scenarios);
    let path = dir.join("report.html");
    write_text(&path, &html).map_err(|source| ReportError::Write { path: path.clone(), source })?;
    Ok(path)
}

fn missing(dir: &Path, what: &str) -> ReportError {
    ReportError::NotAComparison { dir: dir.to_path_buf(), what: what.to_string() }
}

fn read_summary(dir: &Path) -> Result<Summary, ReportError> {
    let path = dir.join("summary.csv");
    let text = std::fs::read_to_string(&path).map_err(|_| missing(dir, "summary.csv"))?;
    let (names, rows) =
        from_csv(&text).map_err(|message| ReportError::Read { path: path.clone(), message })?;
    Ok(Summary { names, rows })
}

fn read_scenario(dir: &Path, name: &str) -> Result<Scenario, ReportError> {
    let source = dir.join("scenarios").join(format!("{name}.yaml"));
    let text =
        std::fs::read_to_string(&source).map_err(|_| missing(dir, &format!("scenarios/{name}.yaml")))?;
    let run = dir.join("runs").join(name).join("replicate-000").join("runs.parquet");
    let meta =
        read_metadata(&run).map_err(|_| missing(dir, &format!("runs/{name}/replicate-000/runs.parquet")))?;
    let get = |k: &str| meta.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let resolved: serde_json::Value = serde_saphyr::from_str(&get("diypol.scenario"))
        .map_err(|e| ReportError::Read { path: run.clone(), message: e.to_string() })?;
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

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,sans-serif;max-width:1200px;margin:2em auto;\
padding:0 1em;color:#222;line-height:1.45}h1{font-size:1.9em}h2{margin-top:2em;border-bottom:2px solid #0072B2}\
table{border-collapse:collapse;font-size:.9em;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;\
text-align:right}td:first-child,th:first-child{text-align:left;font-family:monospace}th{background:#eef4fa}\
.clear{font-weight:bold;color:#0072B2}figure{margin:1.5em 0}figure svg{width:100%;height:auto}\
.note{color:#555;font-size:.9em}ul.limits li{margin:.4em 0}";

fn render(dir: &Path, summary: &Summary, scenarios: &[Scenario]) -> String {
    let names = &summary.names;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>diypol — {}</title><style>{STYLE}</style></head><body>",
        esc(&names.join(" vs "))
    );
    let model = scenarios.first().map_or("", |s| s.model.as_str());
    let _ = write!(
        h,
        "<h1>diypol: {}</h1><p class=\"note\">diypol {} · model <code>{}</code> · every figure is a mean over \
         replicates with its 95% interval; differences are from <b>{}</b>, paired by replicate (each replicate \
         uses the same random seed in every scenario).</p>",
        esc(&names.join(" vs ")),
        env!("CARGO_PKG_VERSION"),
        esc(model),
        esc(&names[0])
    );
    h.push_str("<h2>The questions</h2><ul>");
    for s in scenarios {
        let _ = write!(h, "<li><b>{}</b>: {}</li>", esc(&s.name), esc(&s.question));
    }
    h.push_str("</ul>");

    let key: Vec<Row> =
        summary.rows.iter().filter(|r| KEY_INDICATORS.contains(&r.indicator.as_str())).cloned().collect();
    h.push_str("<h2>The comparison</h2>");
    comparison_table(&mut h, names, &key);
    h.push_str("<p class=\"note\">Bold blue: the interval of the difference excludes zero.</p>");
    h.push_str("<details><summary>All indicators</summary>");
    comparison_table(&mut h, names, &summary.rows);
    h.push_str("</details>");

    h.push_str("<h2>Charts</h2>");
    for (file, caption) in [
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
    ] {
        if let Ok(svg) = std::fs::read_to_string(dir.join(file)) {
            let svg = svg.trim_start_matches(|c| c != '<');
            let svg =
                svg.strip_prefix("<?xml").map_or(svg, |rest| &rest[rest.find('>').map_or(0, |i| i + 1)..]);
            let _ =
                write!(h, "<figure>{svg}<figcaption class=\"note\">{}</figcaption></figure>", esc(caption));
        }
    }

    h.push_str("<h2>Parameters that differ</h2>");
    let paths: Vec<&String> = scenarios
        .first()
        .map(|s| s.params.keys().collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|p| !matches!(p.as_str(), "name" | "description" | "seed") && !p.starts_with("output."))
        .filter(|p| scenarios.iter().any(|s| s.params.get(*p) != scenarios[0].params.get(*p)))
        .collect();
    if paths.is_empty() {
        h.push_str("<p>None besides the names.</p>");
    } else {
        h.push_str("<table><tr><th>parameter</th>");
        for n in names {
            let _ = write!(h, "<th>{}</th>", esc(n));
        }
        h.push_str("</tr>");
        for p in paths {
            let _ = write!(h, "<tr><td>{}</td>", esc(p));
            for s in scenarios {
                let _ = write!(h, "<td>{}</td>", esc(s.params.get(p).map_or("–", String::as_str)));
            }
            h.push_str("</tr>");
        }
        h.push_str("</table>");
    }

    h.push_str("<h2>Assumptions and limits</h2><ul class=\"limits\">");
    let limits = if model == "civil_violence" { CV_LIMITS } else { DIY_LIMITS };
    for l in limits {
        let _ = write!(h, "<li>{l}</li>");
    }
    h.push_str(
        "</ul><p class=\"note\">The model and its sources: docs/MODEL.md; how it matches real patterns: \
                docs/VALIDATION.md.</p></body></html>\n",
    );
    h
}

/// The indicators of the first table (the rest are one click away).
const KEY_INDICATORS: &[&str] = &[
    "crimes_per_1000_year",
    "share_reported",
    "share_cleared",
    "share_cleared_with_citizens",
    "tips_received",
    "innocents_named_per_100k",
    "harassed",
    "confrontations",
    "vigilante_injuries",
    "wrongful_arrests",
    "compromised_cases",
    "final_mean_trust",
    "cost_eur_per_resident_year",
    "mean_active",
    "max_active",
    "mean_jailed",
    "outbursts",
    "median_gap",
    "median_peak",
    "arrests_per_tick",
];

fn comparison_table(h: &mut String, names: &[String], rows: &[Row]) {
    let (header, body) = cells(names, rows);
    h.push_str("<table><tr>");
    for c in &header {
        let _ = write!(h, "<th>{}</th>", esc(c));
    }
    h.push_str("</tr>");
    for line in body {
        h.push_str("<tr>");
        for (text, clear) in line {
            let _ = write!(h, "<td{}>{}</td>", if clear { " class=\"clear\"" } else { "" }, esc(&text));
        }
        h.push_str("</tr>");
    }
    h.push_str("</table>");
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
    "Intervals reflect the model's randomness over the replicates run, not the uncertainty of its assumptions.",
    "One tick is one day; effects that take years (trust eroding, groups forming) need runs of several years.",
];

const CV_LIMITS: &[&str] = &[
    "Epstein's civil violence model (2002, Model I) is an abstract model of grievance, legitimacy and deterrence, \
     not calibrated to any place or event.",
    "The sequential activation reproduces the statistics of Mesa's public implementation; the parallel activation \
     decides from a snapshot and damps outbursts (docs/MODEL.md §11).",
    "Outbursts are counted with fixed thresholds of active citizens; they fit a 40 × 40 grid and must be set per \
     grid size.",
    "Intervals reflect the model's randomness over the replicates run, not the uncertainty of its assumptions.",
];
