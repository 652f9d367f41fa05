//! `diypol report`: report.html and summary.md from a comparison folder — the policy brief
//! ([`super::brief`]) first (verdict, setting, what each stance switches on, the table by
//! the workshop's four questions with good and bad news marked), then the charts (inline
//! SVG, with download links), the parameters that differ and the model's limits in plain
//! words. No script, no network: it opens offline and prints to PDF without splitting a
//! chart. The page is the template `templates/report.html`, checked when the crate compiles.

use std::path::{Path, PathBuf};

use askama::Template;

use super::brief::{self, Brief};
use crate::error::Error;
use crate::i18n::Lang;
use crate::output::folder::{Folder, FolderKind};
use crate::scenario::ModelKind;

struct Figure {
    svg: String,
    caption: String,
    /// (label, file) of each downloadable version.
    links: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    b: &'a Brief,
    t: Words,
    figures: Vec<Figure>,
    levers: Vec<(String, Vec<(String, bool)>)>,
    limits: Vec<String>,
    robust: Vec<String>,
}

/// The page's headings and notes in the brief's language.
struct Words {
    lang: &'static str,
    verdict: String,
    largest: String,
    no_difference: String,
    scenarios: String,
    levers: String,
    lever: String,
    table: String,
    charts: String,
    params: String,
    parameter: String,
    none: String,
    limits: String,
    robust: String,
    robust_note: String,
    sources: String,
    good: String,
    bad: String,
}

impl Words {
    fn of(lang: Lang) -> Words {
        let p = |k: &str| lang.phrase(k, &[]);
        Words {
            lang: lang.code(),
            verdict: p("h_verdict"),
            largest: p("h_largest"),
            no_difference: p("no_difference"),
            scenarios: p("h_scenarios"),
            levers: p("h_levers"),
            lever: p("col_lever"),
            table: p("h_table"),
            charts: p("h_charts"),
            params: p("h_params"),
            parameter: p("col_parameter"),
            none: p("none_besides_names"),
            limits: p("h_limits"),
            robust: p("h_robust"),
            robust_note: p("robust_note"),
            sources: p("sources"),
            good: p("good_news"),
            bad: p("bad_news"),
        }
    }
}

/// Writes `report.html` and `summary.md` into the comparison folder `dir`, in `lang`;
/// returns their paths.
pub fn write_report(dir: &Path, lang: Lang) -> Result<Vec<PathBuf>, Error> {
    let b = brief::read(dir, lang)?;
    let html = render(dir, &b);
    let mut folder = Folder::open(dir, FolderKind::Compare, "report", Vec::new())?;
    folder.text("report.html", &html)?;
    folder.text("summary.md", &b.to_markdown())?;
    folder.commit()
}

/// An inline SVG chart of the folder, without its XML declaration, and its downloads.
fn figure(dir: &Path, stem: &str, caption: String, lang: Lang) -> Option<Figure> {
    let svg = std::fs::read_to_string(dir.join(format!("{stem}.svg"))).ok()?;
    let svg = svg.trim_start_matches(|c| c != '<');
    let svg = svg.strip_prefix("<?xml").map_or(svg, |rest| &rest[rest.find('>').map_or(0, |i| i + 1)..]);
    let mut links: Vec<(String, String)> = ["svg", "png"]
        .into_iter()
        .map(|ext| format!("{stem}.{ext}"))
        .filter(|f| dir.join(f).is_file())
        .map(|f| (f.rsplit('.').next().unwrap_or("").to_uppercase(), f))
        .collect();
    let slides = dir.join("slides");
    let mut pages: Vec<String> = std::fs::read_dir(&slides)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|f| f.starts_with(stem) && f.ends_with(".png"))
                .collect()
        })
        .unwrap_or_default();
    pages.sort();
    for (i, p) in pages.iter().enumerate() {
        let label = if pages.len() == 1 {
            lang.phrase("slides", &[])
        } else {
            format!("{} {}", lang.phrase("slides", &[]), i + 1)
        };
        links.push((label, format!("slides/{p}")));
    }
    Some(Figure { svg: svg.to_string(), caption, links })
}

const FIGURES: [(&str, &str); 5] = [
    ("compare_robust", "fig_robust"),
    ("compare_indicators", "fig_indicators"),
    ("compare_series", "fig_series"),
    ("compare_tradeoff", "fig_tradeoff"),
    ("compare_crime_maps", "fig_maps"),
];

const DIY_LIMITS: [&str; 6] =
    ["limit_city", "limit_calibrated", "limit_diy", "limit_costs", "limit_intervals", "limit_time"];
const CV_LIMITS: [&str; 4] =
    ["limit_cv_model", "limit_cv_activation", "limit_cv_outbursts", "limit_intervals"];

fn render(dir: &Path, b: &Brief) -> String {
    let lang = b.lang;
    let limits: &[&str] = if b.model == ModelKind::CivilViolence { &CV_LIMITS } else { &DIY_LIMITS };
    let robust = super::ensemble::headlines(&b.robust, b.model);
    let page = Page {
        b,
        t: Words::of(lang),
        figures: FIGURES.iter().filter_map(|(f, c)| figure(dir, f, lang.phrase(c, &[]), lang)).collect(),
        levers: b.lever_rows(),
        limits: limits.iter().map(|k| lang.phrase(k, &[])).collect(),
        robust,
    };
    page.render().expect("the report template renders")
}
