//! The commands that look at inputs and outputs without running anything: `validate`,
//! `schema`, `indicators` and `report`.

use std::fmt;
use std::path::{Path, PathBuf};

use super::Feedback;
use crate::error::Error;
use crate::scenario::{ModelKind, enum_name};

/// `diypol validate FILE...`: one line per good file; every problem of the others.
pub struct ValidateReport {
    pub ok: Vec<String>,
    pub failed: Vec<Error>,
    pub files: usize,
}

impl ValidateReport {
    /// Bad input (exit 2) when any file has problems.
    pub fn outcome(&self) -> Result<(), Error> {
        if self.failed.is_empty() {
            return Ok(());
        }
        Err(Error::Usage {
            message: format!(
                "validation failed: {} of {} file(s) have problems (see above)",
                self.failed.len(),
                self.files
            ),
            hint: None,
        })
    }
}

/// Checks each file, and that one run of it fits in memory (`max_memory`, or what the
/// machine has available); warnings go to `ui` as they are found.
pub fn validate(files: &[PathBuf], max_memory: Option<u64>, ui: &dyn Feedback) -> ValidateReport {
    let mut report = ValidateReport { ok: Vec::new(), failed: Vec::new(), files: files.len() };
    let limit = crate::budget::memory_limit(max_memory);
    for f in files {
        let tree = crate::input::read_text(f).ok().and_then(|t| crate::input::yaml::parse(&t).ok());
        // A calibration spec is checked as one, its base scenario included.
        if tree.as_ref().is_some_and(|t| t.is_calibration_spec()) {
            match crate::calibrate::load(f) {
                Ok(s) => report.ok.push(format!(
                    "ok: {} (calibration spec: {} parameters fitted to {} targets, {} particles × {} replicates; run it with `diypol calibrate`)",
                    f.display(),
                    s.parameters.len(),
                    s.targets.len(),
                    s.spec.method.particles,
                    s.spec.replicates
                )),
                Err(e) => report.failed.push(e),
            }
            continue;
        }
        // A sweep plan (scenarios/levers-factorial.yaml) is checked as a plan, base included.
        if tree.as_ref().is_some_and(|t| t.is_sweep_plan()) {
            match crate::sweep::plan::load(f) {
                Ok(p) => report.ok.push(format!(
                    "ok: {} (sweep plan: {} points × {} replicates of {}; run it with `diypol sweep`)",
                    f.display(),
                    p.points,
                    p.plan.replicates,
                    p.describe_base()
                )),
                Err(e) => report.failed.push(e),
            }
            continue;
        }
        let loaded = crate::scenario::load(f).and_then(|l| {
            let need = crate::budget::runs_at_once(format!("{}: one run", f.display()), &l.scenario, 1);
            crate::budget::check_memory(&need, limit.as_ref()).map(|()| (l, need.bytes))
        });
        match loaded {
            Ok((l, bytes)) => {
                super::warn_about(&l, ui);
                let s = &l.scenario;
                let memory = crate::budget::human(bytes as f64);
                report.ok.push(match s.model {
                    ModelKind::DiyPolicing => format!(
                        "ok: {} ({}, {} citizens, {} days, stance {}; about {memory} of memory)",
                        f.display(),
                        l.name(),
                        s.city.population,
                        s.days,
                        enum_name(&s.policy.stance)
                    ),
                    ModelKind::CivilViolence => {
                        let p = &s.civil_violence;
                        format!(
                            "ok: {} ({}, civil_violence, {}×{} grid, {} ticks, {} activation; about {memory} of memory)",
                            f.display(),
                            l.name(),
                            p.width,
                            p.height,
                            s.days,
                            enum_name(&p.activation)
                        )
                    }
                });
            }
            Err(e) => report.failed.push(e),
        }
    }
    report
}

/// `diypol schema`: the JSON Schema of scenario files.
pub fn schema() -> String {
    serde_json::to_string_pretty(crate::scenario::schema()).expect("the schema is JSON")
}

/// How `diypol indicators` prints the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogueFormat {
    Text,
    Json,
    Markdown,
}

/// A format name other than `text`, `json` and `markdown`.
#[derive(Debug, thiserror::Error)]
#[error("expected text, json or markdown")]
pub struct UnknownFormat;

impl std::str::FromStr for CatalogueFormat {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<CatalogueFormat, UnknownFormat> {
        match s {
            "text" => Ok(CatalogueFormat::Text),
            "json" => Ok(CatalogueFormat::Json),
            "markdown" => Ok(CatalogueFormat::Markdown),
            _ => Err(UnknownFormat),
        }
    }
}

/// `diypol indicators`: every output column with its label, unit, kind and meaning.
pub fn indicators(format: CatalogueFormat) -> String {
    match format {
        CatalogueFormat::Text => crate::catalogue::to_text(),
        CatalogueFormat::Json => {
            serde_json::to_string_pretty(&crate::catalogue::to_json()).expect("the catalogue is JSON") + "\n"
        }
        CatalogueFormat::Markdown => crate::catalogue::to_markdown(),
    }
}

/// `diypol report DIR`: (re)writes the comparison folder's report.html.
pub struct ReportFile(pub Vec<PathBuf>);

/// `diypol report DIR [--lang L]`: (re)writes report.html and summary.md in `lang` (the
/// charts keep the language the comparison drew them in).
pub fn report(dir: &Path, lang: crate::i18n::Lang) -> Result<ReportFile, Error> {
    crate::compare::report::write_report(dir, lang).map(ReportFile)
}

impl fmt::Display for ReportFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|p| writeln!(f, "{}", p.display()))
    }
}
