//! The scenarios the page offers: the bundled ones (compiled in, so the binary serves them
//! from anywhere) or those of `--scenarios DIR`, read once at start. Requests name a
//! scenario; they never name a path.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::input::{self, Problem, Problems};
use crate::scenario::{self, Assignment, LoadedScenario, ModelKind};

/// The bundled scenarios of the page, by file name (scenarios/*.yaml; a test checks the
/// list against the folder).
pub const BUNDLED: &[(&str, &str)] = &[
    ("baseline", include_str!("../../scenarios/baseline.yaml")),
    ("berlin", include_str!("../../scenarios/berlin.yaml")),
    ("budget-cut", include_str!("../../scenarios/budget-cut.yaml")),
    ("civil-violence-legitimacy-drop", include_str!("../../scenarios/civil-violence-legitimacy-drop.yaml")),
    ("civil-violence-mesa", include_str!("../../scenarios/civil-violence-mesa.yaml")),
    ("civil-violence-netlogo-like", include_str!("../../scenarios/civil-violence-netlogo-like.yaml")),
    ("civil-violence-parallel", include_str!("../../scenarios/civil-violence-parallel.yaml")),
    ("co-opt", include_str!("../../scenarios/co-opt.yaml")),
    ("collaborate", include_str!("../../scenarios/collaborate.yaml")),
    ("hotspot-patrol", include_str!("../../scenarios/hotspot-patrol.yaml")),
    ("laissez-faire", include_str!("../../scenarios/laissez-faire.yaml")),
    ("levers-factorial", include_str!("../../scenarios/levers-factorial.yaml")),
    ("policy-change", include_str!("../../scenarios/policy-change.yaml")),
    ("regulate", include_str!("../../scenarios/regulate.yaml")),
    ("reporting-app", include_str!("../../scenarios/reporting-app.yaml")),
    ("suppress", include_str!("../../scenarios/suppress.yaml")),
];

/// One scenario the page can pick.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub text: String,
    pub description: String,
    /// Where `extends` and `city.csv` resolve (the `--scenarios` folder; none when bundled).
    pub base_dir: Option<PathBuf>,
}

/// The scenarios on offer and what was left out, with why (printed at start).
#[derive(Debug, Default)]
pub struct Library {
    pub entries: Vec<Entry>,
    pub skipped: Vec<String>,
}

impl Library {
    /// The bundled scenarios, or every `*.yaml` of `dir`: those that load as `diy_policing`
    /// scenarios within the population and days caps.
    pub fn load(dir: Option<&Path>, caps: &super::limits::Limits) -> Result<Library, Error> {
        let mut files: Vec<(String, String, Option<PathBuf>)> = Vec::new();
        match dir {
            None => files.extend(BUNDLED.iter().map(|(n, t)| (n.to_string(), t.to_string(), None))),
            Some(dir) => {
                let list =
                    std::fs::read_dir(dir).map_err(|source| Error::ReadInput { path: dir.into(), source })?;
                let mut paths: Vec<PathBuf> = list
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                    .collect();
                paths.sort();
                for p in paths {
                    let name = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                    files.push((name, input::read_text(&p)?, Some(dir.to_path_buf())));
                }
            }
        }
        let mut lib = Library::default();
        for (name, text, base_dir) in files {
            let file = PathBuf::from(format!("{name}.yaml"));
            let loaded = scenario::from_str(&text, &file, base_dir.as_deref().unwrap_or(Path::new(".")));
            match loaded {
                Ok(l) if l.scenario.model != ModelKind::DiyPolicing => lib
                    .skipped
                    .push(format!("{name}: a civil_violence scenario (the page runs diy_policing)")),
                Ok(l) => match caps.check(&l) {
                    Ok(()) => lib.entries.push(Entry {
                        name,
                        text,
                        description: l.scenario.description.clone().unwrap_or_default().trim().to_string(),
                        base_dir,
                    }),
                    Err(e) => lib.skipped.push(format!("{name}: {}", first_line(&e))),
                },
                Err(e) => lib.skipped.push(format!("{name}: {}", first_line(&e))),
            }
        }
        if lib.entries.is_empty() {
            let why: String = lib.skipped.iter().map(|s| format!("\n  not offered: {s}")).collect();
            return Err(Error::usage(
                format!("no diy_policing scenario to offer{why}"),
                "give --scenarios a folder of diy_policing scenario files (*.yaml)",
            ));
        }
        Ok(lib)
    }

    pub fn get(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.name == name)
    }
}

/// The gist of why a scenario is left out: its first line, and the first problem when the
/// first line only counts them.
fn first_line(e: &Error) -> String {
    let text = e.to_string();
    let mut lines = text.lines().map(str::trim);
    match (lines.next(), lines.next()) {
        (Some(a), Some(b)) if a.ends_with(':') => format!("{a} {b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    }
}

/// A scenario the page sends: a name from the library, or text the user pasted.
pub enum Source<'a> {
    Named(&'a Entry),
    Pasted(&'a str),
}

/// Loads a scenario of the page with its settings applied as `--set` values, checked as
/// `diypol validate` checks a file. Pasted text may not name files: the server reads only
/// what it was started with.
pub fn load(source: &Source, sets: &[Assignment]) -> Result<LoadedScenario, Error> {
    match source {
        Source::Named(e) => {
            let file = PathBuf::from(format!("{}.yaml", e.name));
            scenario::from_str_with(&e.text, &file, e.base_dir.as_deref().unwrap_or(Path::new(".")), sets)
        }
        Source::Pasted(text) => {
            let file = PathBuf::from("pasted.yaml");
            if let Ok(tree) = input::yaml::parse(text) {
                let named: Vec<Problem> = [
                    ("extends", tree.get("extends")),
                    ("city.csv", tree.get("city").and_then(|c| c.get("csv"))),
                ]
                .into_iter()
                .filter_map(|(path, node)| {
                    node.map(|n| {
                        Problem::new(
                            n.loc,
                            path,
                            format!("`{path}` names a file, which a pasted scenario cannot do"),
                        )
                        .hint("paste the settings themselves (for `extends`, the parent's sections)")
                    })
                })
                .collect();
                if !named.is_empty() {
                    return Err(Error::Invalid(Problems { file, items: named }));
                }
            }
            // A folder that does not exist: nothing pasted can reach a file.
            scenario::from_str_with(text, &file, Path::new("/nonexistent-diypol-serve"), sets)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_list_is_the_scenarios_folder() {
        let mut on_disk: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
            .unwrap()
            .filter_map(|e| {
                let p = e.unwrap().path();
                (p.extension()? == "yaml").then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
            })
            .collect();
        on_disk.sort();
        let bundled: Vec<String> = BUNDLED.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(bundled, on_disk, "add the new scenario to serve::library::BUNDLED");
    }

    #[test]
    fn the_library_offers_diy_scenarios_within_the_caps_and_says_why_it_skips_others() {
        let lib = Library::load(None, &super::super::limits::Limits::default()).unwrap();
        assert!(lib.get("baseline").is_some() && lib.get("collaborate").is_some());
        assert!(lib.get("berlin").is_none() && lib.get("civil-violence-mesa").is_none());
        assert!(lib.get("levers-factorial").is_none(), "a sweep plan");
        let why = lib.skipped.join("\n");
        assert!(why.contains("berlin: ") && why.contains("population"), "{why}");
        assert!(why.contains("civil-violence-mesa: a civil_violence scenario"), "{why}");
    }

    #[test]
    fn pasted_scenarios_cannot_name_files() {
        let text = "version: 1\nmodel: diy_policing\nextends: ../../etc/passwd\ncity:\n  csv: /etc/hosts\n";
        let e = load(&Source::Pasted(text), &[]).unwrap_err().to_string();
        assert!(e.contains("pasted.yaml:3:10") && e.contains("`extends` names a file"), "{e}");
        assert!(e.contains("pasted.yaml:5:8") && e.contains("`city.csv` names a file"), "{e}");
    }
}
