//! The policy brief of a comparison folder, whatever it is printed as (report.html,
//! summary.md, the terminal): the setting (horizon, population, replicates, seeds), the
//! verdict, the levers each stance switches on, the table grouped by the workshop's four
//! questions with good and bad news marked, and the parameters that differ — in one
//! language. Read from the folder's files, so `diypol report` can write it again.

use std::collections::BTreeMap;
use std::path::Path;

use super::ensemble::RobustRow;
use super::summary::{Row, from_csv};
use super::verdict::{Finding, Verdict, verdicts};
use crate::catalogue::{Question, show};
use crate::error::Error;
use crate::i18n::Lang;
use crate::output::parquet::read_metadata;
use crate::scenario::{ModelKind, Policy};

/// One scenario as the brief shows it.
pub struct ScenarioInfo {
    pub name: String,
    pub question: String,
    /// The resolved scenario, flattened to `path → value` (text).
    pub params: BTreeMap<String, String>,
    /// Resolved levers (`stance` first) and whether each was set in the file.
    pub levers: Vec<(String, String, bool)>,
}

/// A cell of the brief's table: text and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    /// `good`, `bad`, `unclear` (a difference that does not hold or is neither) or ``.
    pub class: &'static str,
    /// ▼ or ▲ for a difference that holds, else empty.
    pub arrow: &'static str,
}

impl Cell {
    fn plain(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), class: "", arrow: "" }
    }
}

/// The table: per question, rows of (label, unit, cells).
pub struct Group {
    pub title: String,
    pub rows: Vec<(String, String, Vec<Cell>)>,
}

/// Everything the brief says, in one language.
pub struct Brief {
    pub lang: Lang,
    pub model: ModelKind,
    pub names: Vec<String>,
    pub title: String,
    pub setting: String,
    pub city: String,
    pub verdicts: Vec<Verdict>,
    pub rule: String,
    /// The robust rows of an ensemble comparison (robust.csv), none for a plain one.
    pub robust: Vec<RobustRow>,
    pub scenarios: Vec<ScenarioInfo>,
    pub header: Vec<String>,
    pub groups: Vec<Group>,
    pub note: String,
    pub params: Vec<(String, Vec<String>)>,
}

fn missing(dir: &Path, what: &str) -> Error {
    Error::usage(
        format!("{} is not a comparison folder: {what} is missing", dir.display()),
        format!("run `diypol compare A.yaml B.yaml ... --out {}` first", dir.display()),
    )
}

/// Reads the folder's summary, robust rows, stacked runs' metadata and scenario files.
pub fn read(dir: &Path, lang: Lang) -> Result<Brief, Error> {
    let path = dir.join("summary.csv");
    let text = std::fs::read_to_string(&path).map_err(|_| missing(dir, "summary.csv"))?;
    let (names, rows) = from_csv(&text, &path)?;
    let runs = dir.join("runs.parquet");
    let meta = read_metadata(&runs).map_err(|_| missing(dir, "runs.parquet"))?;
    let get = |k: &str| meta.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let model = if get("diypol.model") == ModelKind::CivilViolence.name() {
        ModelKind::CivilViolence
    } else {
        ModelKind::DiyPolicing
    };
    let resolved: serde_json::Value = serde_saphyr::from_str(&get("diypol.scenarios"))
        .map_err(|e| Error::Read { path: runs.clone(), message: e.to_string() })?;
    let robust = std::fs::read_to_string(dir.join("robust.csv"))
        .ok()
        .and_then(|t| super::ensemble::from_csv(&t, &dir.join("robust.csv")).ok())
        .unwrap_or_default();
    let mut scenarios = Vec::new();
    for name in &names {
        let source = dir.join("scenarios").join(format!("{name}.yaml"));
        let text =
            std::fs::read_to_string(&source).map_err(|_| missing(dir, &format!("scenarios/{name}.yaml")))?;
        let r = resolved.get(name).cloned().unwrap_or_default();
        scenarios.push(scenario_info(name, &text, &r, model, lang));
    }
    let seeds: Vec<String> =
        get("diypol.seeds").split(',').filter(|s| !s.is_empty()).map(str::to_string).collect();
    let first = &resolved.get(&names[0]).cloned().unwrap_or_default();
    let rows = &rows[..];
    let num = |path: &str| {
        path.split('.').try_fold(first, |v, k| v.get(k)).and_then(|v| v.as_f64()).unwrap_or(f64::NAN)
    };
    let shown_seeds = match seeds.len() {
        0..=3 => seeds.join(", "),
        n => format!("{}, … ({n})", seeds[..3].join(", ")),
    };
    let (size, key) = match model {
        ModelKind::DiyPolicing => (num("city.population"), "setting"),
        ModelKind::CivilViolence => {
            let cells = num("civil_violence.width") * num("civil_violence.height");
            (
                cells * (num("civil_violence.citizen_density") + num("civil_violence.cop_density")),
                "setting_cv",
            )
        }
    };
    let whole = |x: f64| lang.localise(&format!("{x:.0}"));
    let setting = lang.phrase(
        key,
        &[
            &whole(num("days")),
            &whole(num("burn_in_days")),
            &whole(size.round()),
            &seeds.len().to_string(),
            &shown_seeds,
            model.name(),
            env!("CARGO_PKG_VERSION"),
        ],
    );
    let city = match first.get("city_seed").and_then(|v| v.as_u64()) {
        Some(s) => lang.phrase("city_shared", &[&s.to_string()]),
        None => lang.phrase("city_varies", &[]),
    };
    let verdicts = verdicts(&names, rows, &robust, model, lang);
    let rule_extra = if robust.is_empty() {
        String::new()
    } else {
        lang.phrase("holds_rule_robust", &[&lang.percent(super::verdict::ROBUST_SHARE, 0)])
    };
    let mut header = vec![lang.phrase("col_indicator", &[]), lang.phrase("col_unit", &[])];
    header.extend(names.iter().cloned());
    header.extend(names.iter().skip(1).map(|n| format!("{n} − {}", names[0])));
    Ok(Brief {
        title: names.join(" · "),
        setting,
        city,
        rule: lang.phrase("holds_rule", &[&rule_extra]),
        robust,
        groups: groups(&names, rows, &verdicts, model, lang),
        note: lang.phrase("table_note", &[&names[0]]),
        params: params_that_differ(&scenarios, lang),
        verdicts,
        header,
        scenarios,
        names,
        model,
        lang,
    })
}

fn scenario_info(
    name: &str,
    text: &str,
    resolved: &serde_json::Value,
    model: ModelKind,
    lang: Lang,
) -> ScenarioInfo {
    let mut params = BTreeMap::new();
    flatten("", resolved, &mut params);
    let levers = match model {
        ModelKind::DiyPolicing => levers(resolved.get("policy"), lang),
        ModelKind::CivilViolence => Vec::new(),
    };
    ScenarioInfo { name: name.to_string(), question: question(text, resolved), params, levers }
}

/// The resolved levers of a scenario's policy: the stance preset under what it sets.
fn levers(policy: Option<&serde_json::Value>, lang: Lang) -> Vec<(String, String, bool)> {
    let Some(p) = policy else { return Vec::new() };
    let Ok(parsed) = serde_json::from_value::<Policy>(p.clone()) else { return Vec::new() };
    let resolved = serde_json::to_value(parsed.levers()).unwrap_or_default();
    let stance = crate::scenario::enum_name(&parsed.stance);
    // English shows the stance as files write it; the others translate it.
    let shown =
        if lang == Lang::En { stance.clone() } else { lang.text(&stance.replace('_', " ")).to_string() };
    let mut out = vec![("stance".to_string(), shown, true)];
    if let Some(map) = resolved.as_object() {
        for (k, v) in map {
            let set = p.get(k).is_some_and(|x| !x.is_null());
            out.push((k.clone(), value_text(v, lang), set));
        }
    }
    out
}

fn value_text(v: &serde_json::Value, lang: Lang) -> String {
    match v {
        serde_json::Value::Bool(b) => lang.phrase(if *b { "value_true" } else { "value_false" }, &[]),
        serde_json::Value::String(s) => {
            let key = format!("value_{s}");
            let t = lang.phrase(&key, &[]);
            if t == key { s.clone() } else { t }
        }
        serde_json::Value::Number(n) => lang.localise(&n.to_string()),
        other => other.to_string(),
    }
}

/// The scenario's question: its header comment, else its `description`.
fn question(text: &str, resolved: &serde_json::Value) -> String {
    let header: Vec<&str> = text
        .lines()
        .take_while(|l| l.trim_start().starts_with('#') || l.trim().is_empty())
        .filter_map(|l| l.trim_start().strip_prefix('#'))
        .map(str::trim)
        .filter(|l| !l.starts_with("resolved by diypol"))
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

/// "12.3 [10.1, 14.6]" in the language.
fn interval(lang: Lang, mean: Option<f64>, lo: Option<f64>, hi: Option<f64>) -> String {
    let n = |x: Option<f64>| x.map_or_else(|| "–".into(), |x| lang.number(x));
    match (lo, hi) {
        (Some(_), Some(_)) => format!("{} {}", n(mean), lang.bracket(&n(lo), &n(hi))),
        _ => n(mean),
    }
}

fn difference_cell(f: Option<&Finding>, lang: Lang) -> Cell {
    let Some(f) = f else { return Cell::plain("") };
    let class = match (f.good(), f.holds) {
        (Some(true), _) => "good",
        (Some(false), _) => "bad",
        (None, true) => "neither",
        (None, false) => "unclear",
    };
    Cell { text: f.difference(lang), class, arrow: f.arrow() }
}

/// The key indicators, grouped by the four questions.
fn groups(names: &[String], rows: &[Row], verdicts: &[Verdict], model: ModelKind, lang: Lang) -> Vec<Group> {
    let mut indicators: Vec<&str> = Vec::new();
    for r in rows {
        if !indicators.contains(&r.indicator.as_str()) {
            indicators.push(&r.indicator);
        }
    }
    let mut out = Vec::new();
    for q in Question::ALL {
        let mut group = Group { title: lang.phrase(q.phrase(), &[]), rows: Vec::new() };
        for ind in indicators.iter().filter(|i| Question::of(i, model) == q) {
            let Some((entry, own)) = super::verdict::entry_of(model, ind) else { continue };
            if !entry.shown(show::COMPARE) {
                continue;
            }
            let member = entry.matches(ind).unwrap_or("");
            let label = super::verdict::label(lang, entry.label, entry.name, member);
            let mut cells = Vec::new();
            for name in names {
                let r = rows.iter().find(|r| r.indicator == *ind && r.scenario == *name);
                cells.push(Cell::plain(match r {
                    Some(r) if !own => interval(lang, r.mean, r.lo, r.hi),
                    _ => "–".to_string(),
                }));
            }
            for v in verdicts {
                cells.push(difference_cell(v.findings.iter().find(|f| f.indicator == *ind), lang));
            }
            group.rows.push((label, lang.text(entry.unit).to_string(), cells));
        }
        if !group.rows.is_empty() {
            out.push(group);
        }
    }
    out
}

/// Parameters whose resolved value differs between scenarios; a lever the stance decides
/// shows the value it decides, marked so.
fn params_that_differ(scenarios: &[ScenarioInfo], lang: Lang) -> Vec<(String, Vec<String>)> {
    let Some(first) = scenarios.first() else { return Vec::new() };
    let shown = |s: &ScenarioInfo, p: &str| -> String {
        let v = s.params.get(p).cloned().unwrap_or_else(|| "–".into());
        if v != "null" {
            return lang.localise(&v);
        }
        let lever = p.strip_prefix("policy.").unwrap_or(p);
        match s.levers.iter().find(|(k, _, _)| k == lever) {
            Some((_, value, _)) => lang.phrase("by_stance", &[value]),
            None => "–".into(),
        }
    };
    let mut paths: Vec<&String> = first.params.keys().collect();
    for s in scenarios {
        paths.extend(s.params.keys().filter(|k| !first.params.contains_key(*k)));
    }
    paths
        .into_iter()
        .filter(|p| {
            !matches!(p.as_str(), "name" | "description" | "seed" | "city_seed") && !p.starts_with("output.")
        })
        .map(|p| (p.clone(), scenarios.iter().map(|s| shown(s, p)).collect::<Vec<_>>()))
        .filter(|(_, values)| values.iter().any(|v| *v != values[0]))
        .collect()
}

impl Brief {
    /// Rows of the levers table: lever label, then per scenario its value (and whether the
    /// value differs from the first scenario's).
    pub fn lever_rows(&self) -> Vec<(String, Vec<(String, bool)>)> {
        let Some(first) = self.scenarios.first() else { return Vec::new() };
        first
            .levers
            .iter()
            .map(|(k, _, _)| {
                let base = first.levers.iter().find(|(x, _, _)| x == k).map(|(_, v, _)| v.clone());
                let cells = self
                    .scenarios
                    .iter()
                    .map(|s| {
                        let (v, set) = s
                            .levers
                            .iter()
                            .find(|(x, _, _)| x == k)
                            .map_or(("–".to_string(), false), |(_, v, set)| (v.clone(), *set));
                        // What the scenario sets itself is marked; the rest is its stance's.
                        let text = if k != "stance" && set {
                            self.lang.phrase("set_explicitly", &[&v])
                        } else {
                            v.clone()
                        };
                        (text, Some(&v) != base.as_ref())
                    })
                    .collect();
                (self.lang.phrase(&format!("lever_{k}"), &[]), cells)
            })
            .collect()
    }

    /// The brief in Markdown (summary.md): verdict, setting, table by question.
    pub fn to_markdown(&self) -> String {
        let l = self.lang;
        let mut s = format!(
            "# diypol: {}\n\n{}\n\n{}\n\n## {}\n\n",
            self.title,
            self.setting,
            self.city,
            l.phrase("h_verdict", &[])
        );
        for v in &self.verdicts {
            s.push_str(&format!("**{}**\n\n", v.headline));
            if v.largest.is_empty() {
                s.push_str(&format!("- {}\n", l.phrase("no_difference", &[])));
            }
            for x in &v.largest {
                s.push_str(&format!("- {x}\n"));
            }
            s.push('\n');
        }
        s.push_str(&format!("{}\n\n## {}\n\n", self.rule, l.phrase("h_table", &[])));
        s.push_str(&format!("| {} |\n|{}\n", self.header.join(" | "), "---|".repeat(self.header.len())));
        for g in &self.groups {
            s.push_str(&format!("| **{}** |{}\n", g.title, " |".repeat(self.header.len() - 1)));
            for (label, unit, cells) in &g.rows {
                let cells: Vec<String> = cells
                    .iter()
                    .map(|c| match c.class {
                        "good" => format!("**{} {}** ✓", c.arrow, c.text),
                        "bad" => format!("**{} {}** ✗", c.arrow, c.text),
                        _ if !c.arrow.is_empty() => format!("{} {}", c.arrow, c.text),
                        _ => c.text.clone(),
                    })
                    .collect();
                s.push_str(&format!("| {label} | {unit} | {} |\n", cells.join(" | ")));
            }
        }
        s.push_str(&format!(
            "\n{} ✓ {} · ✗ {}\n",
            self.note,
            l.phrase("good_news", &[]),
            l.phrase("bad_news", &[])
        ));
        let levers = self.lever_rows();
        if !levers.is_empty() {
            s.push_str(&format!(
                "\n## {}\n\n| {} | {} |\n|{}\n",
                l.phrase("h_levers", &[]),
                l.phrase("col_lever", &[]),
                self.names.join(" | "),
                "---|".repeat(self.names.len() + 1)
            ));
            for (lever, cells) in levers {
                let cells: Vec<String> =
                    cells.iter().map(|(t, d)| if *d { format!("**{t}**") } else { t.clone() }).collect();
                s.push_str(&format!("| {lever} | {} |\n", cells.join(" | ")));
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levers_show_what_the_stance_decides() {
        let policy = serde_json::json!({"stance": "collaborate", "officers_per_1000": 2.5, "patrol": "hotspot", "appeals": null});
        let l = levers(Some(&policy), Lang::En);
        assert_eq!(l[0], ("stance".into(), "collaborate".into(), true));
        let patrol = l.iter().find(|(k, _, _)| k == "patrol").unwrap();
        assert_eq!(patrol, &("patrol".into(), "hot spots".into(), true));
        let appeals = l.iter().find(|(k, _, _)| k == "appeals").unwrap();
        assert!(!appeals.2, "appeals come from the stance");
        let de = levers(Some(&policy), Lang::De);
        assert_eq!(de[0].1, "kooperieren");
    }
}
