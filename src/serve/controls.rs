//! The page's controls, generated from the scenario schema: every policy lever, staffing and
//! the key DIY parameters (the rows of `labels.tsv`), each with its type, range, enum values
//! and description from the schema and its label in the page's language.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;

use crate::i18n::Lang;
use crate::scenario::schema;

/// One control of the page.
#[derive(Debug, Clone, Serialize)]
pub struct Control {
    pub path: String,
    pub group: &'static str,
    pub label: String,
    pub description: String,
    /// `enum`, `number`, `integer` or `bool`.
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<Choice>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<f64>,
    /// The control may be left to the stance (JSON null).
    pub nullable: bool,
    pub default: Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// A row of labels.tsv: a control's group (empty for an enum value) and its labels.
struct Labels {
    group: &'static str,
    text: [&'static str; 3],
}

fn labels() -> &'static (Vec<&'static str>, HashMap<&'static str, Labels>) {
    static LABELS: OnceLock<(Vec<&'static str>, HashMap<&'static str, Labels>)> = OnceLock::new();
    LABELS.get_or_init(|| {
        let mut order = Vec::new();
        let mut map = HashMap::new();
        for line in
            include_str!("labels.tsv").lines().skip(1).filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let f: Vec<&'static str> = line.split('\t').collect();
            assert_eq!(f.len(), 5, "labels.tsv: five tab-separated fields in {line:?}");
            if !f[1].is_empty() {
                order.push(f[0]);
            }
            map.insert(f[0], Labels { group: f[1], text: [f[2], f[3], f[4]] });
        }
        (order, map)
    })
}

fn label_of(key: &str, lang: Lang) -> Option<String> {
    labels().1.get(key).map(|l| l.text[lang as usize].to_string())
}

/// The schema node at a dotted path of the scenario (references followed).
fn node_at(path: &str) -> Option<&'static Value> {
    let root = schema();
    let mut node = root;
    for key in path.split('.') {
        node = resolve(node.get("properties")?.get(key)?);
    }
    Some(node)
}

/// A `$ref` (possibly inside `anyOf` with null) followed to its definition.
fn resolve(node: &'static Value) -> &'static Value {
    let target = |r: &str| r.strip_prefix("#/$defs/").and_then(|name| schema().get("$defs")?.get(name));
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        return target(r).unwrap_or(node);
    }
    node
}

/// The schema's possible values of an enum node (`enum` or `oneOf` of `const`s).
fn enum_values(node: &Value) -> Vec<String> {
    if let Some(v) = node.get("enum").and_then(Value::as_array) {
        return v.iter().filter_map(|x| x.as_str().map(str::to_string)).collect();
    }
    node.get("oneOf")
        .and_then(Value::as_array)
        .map(|alts| alts.iter().filter_map(|a| a.get("const")?.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

/// A step a slider can take over [min, max]: a power of ten near a five-hundredth of it.
fn step_of(min: f64, max: f64, integer: bool) -> f64 {
    if integer {
        return 1.0;
    }
    let span = (max - min).max(1e-9);
    10f64.powf((span / 500.0).log10().floor())
}

/// Why a row of labels.tsv cannot be a control (the test of the table says which).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NoControl(String);

/// One control for the schema field at `path`, or why it cannot be one.
fn control(path: &str, group: &'static str, lang: Lang, max_population: f64) -> Result<Control, NoControl> {
    let (parent, key) = path.rsplit_once('.').map_or(("", path), |(p, k)| (p, k));
    let field = if parent.is_empty() {
        schema().get("properties").and_then(|p| p.get(key))
    } else {
        node_at(parent).and_then(|n| n.get("properties")?.get(key))
    }
    .ok_or_else(|| NoControl(format!("{path} is not in the scenario schema")))?;
    let description = field.get("description").and_then(Value::as_str).unwrap_or("").replace('\n', " ");
    let default = field.get("default").cloned().unwrap_or(Value::Null);
    // Nullable levers are `anyOf: [$ref, null]` or `type: [T, "null"]`.
    let alternatives: Vec<&'static Value> = match field.get("anyOf").and_then(Value::as_array) {
        Some(a) => a.iter().map(resolve).collect(),
        None => vec![resolve(field)],
    };
    let null_type = |v: &Value| v.get("type").and_then(Value::as_str) == Some("null");
    let types: Vec<String> = alternatives
        .iter()
        .flat_map(|a| match a.get("type") {
            Some(Value::String(t)) => vec![t.clone()],
            Some(Value::Array(ts)) => ts.iter().filter_map(|t| t.as_str().map(str::to_string)).collect(),
            _ => vec![],
        })
        .collect();
    let nullable = alternatives.iter().any(|a| null_type(a)) || types.iter().any(|t| t == "null");
    let main = alternatives.iter().find(|a| !null_type(a)).copied().unwrap_or(field);
    let label = label_of(path, lang)
        .ok_or_else(|| NoControl(format!("{path} has no label in src/serve/labels.tsv")))?;
    let mut c = Control {
        path: path.to_string(),
        group,
        label,
        description,
        kind: "number",
        values: Vec::new(),
        min: None,
        max: None,
        step: None,
        nullable,
        default,
    };
    let values = enum_values(main);
    if !values.is_empty() {
        c.kind = "enum";
        c.values = values
            .into_iter()
            .map(|v| {
                let label = label_of(&format!("={v}"), lang).unwrap_or_else(|| v.replace('_', " "));
                Choice { value: v, label }
            })
            .collect();
        return Ok(c);
    }
    let has = |t: &str| types.iter().any(|x| x == t);
    if has("boolean") {
        c.kind = "bool";
        return Ok(c);
    }
    let integer = has("integer");
    if !integer && !has("number") {
        return Err(NoControl(format!("{path}: a control needs a number, an integer, a boolean or an enum")));
    }
    c.kind = if integer { "integer" } else { "number" };
    let bound =
        |k: &str| main.get(k).and_then(Value::as_f64).or_else(|| field.get(k).and_then(Value::as_f64));
    let (min, mut max) = (bound("minimum").unwrap_or(0.0), bound("maximum").unwrap_or(f64::MAX));
    // The page may not ask for more than the server runs (the memory guard).
    if path == "city.population" {
        max = max.min(max_population);
    }
    if path == "days" {
        max = max.min(3650.0);
    }
    c.min = Some(min);
    c.max = Some(max);
    c.step = Some(step_of(min, max, integer));
    Ok(c)
}

/// Every control, in the page's order: each policy lever (all of them, from the schema),
/// then the rows of labels.tsv that name a group.
pub fn controls(lang: Lang, max_population: f64, max_days: f64) -> Vec<Control> {
    let mut paths: Vec<(String, &'static str)> = policy_levers()
        .into_iter()
        .filter(|p| p != "policy.officers_per_1000")
        .map(|p| (p, "policy"))
        .collect();
    for key in &labels().0 {
        if !paths.iter().any(|(p, _)| p == key) {
            paths.push((key.to_string(), labels().1[key].group));
        }
    }
    paths
        .iter()
        .filter_map(|(p, g)| control(p, g, lang, max_population).ok())
        .map(|mut c| {
            if c.path == "days" {
                c.max = c.max.map(|m| m.min(max_days));
            }
            c
        })
        .collect()
}

/// Every field of the scenario's `policy` section.
fn policy_levers() -> Vec<String> {
    node_at("policy")
        .and_then(|p| p.get("properties")?.as_object())
        .map(|o| o.keys().map(|k| format!("policy.{k}")).collect())
        .unwrap_or_default()
}

/// The value at a dotted path of a scenario as JSON (null when the lever is unset).
pub fn value_at(scenario: &Value, path: &str) -> Value {
    let mut v = scenario;
    for key in path.split('.') {
        match v.get(key) {
            Some(x) => v = x,
            None => return Value::Null,
        }
    }
    v.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_policy_lever_and_listed_parameter_is_a_control_in_every_language() {
        for lang in Lang::ALL {
            let cs = controls(lang, 200_000.0, 3650.0);
            for lever in policy_levers() {
                assert!(cs.iter().any(|c| c.path == lever), "{lever} has no control in {lang:?}");
            }
            for key in &labels().0 {
                control(key, labels().1[key].group, lang, 2e5).unwrap_or_else(|e| panic!("{e}"));
            }
            for c in &cs {
                assert!(!c.label.is_empty(), "{}", c.path);
                for v in &c.values {
                    assert!(
                        labels().1.contains_key(format!("={}", v.value).as_str()),
                        "{} = {}",
                        c.path,
                        v.value
                    );
                }
            }
        }
    }

    #[test]
    fn controls_take_their_types_ranges_and_enums_from_the_schema() {
        let cs = controls(Lang::Fr, 150_000.0, 1000.0);
        let get = |p: &str| cs.iter().find(|c| c.path == p).unwrap();
        let stance = get("policy.stance");
        assert_eq!((stance.kind, stance.nullable, stance.group), ("enum", false, "policy"));
        let values: Vec<&str> = stance.values.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(values, ["ignore", "co_opt", "collaborate", "regulate", "suppress"]);
        assert_eq!(stance.values[2].label, "Collaborer");
        let app = get("policy.reporting_app");
        assert_eq!((app.kind, app.nullable), ("bool", true));
        let hunters = get("policy.hunters");
        assert_eq!((hunters.kind, hunters.nullable), ("enum", true));
        let officers = get("policy.officers_per_1000");
        assert_eq!(
            (officers.kind, officers.group, officers.min, officers.max),
            ("number", "staffing", Some(0.0), Some(50.0))
        );
        assert_eq!(officers.step, Some(0.1));
        assert_eq!(get("city.population").max, Some(150_000.0), "capped by the server's limit");
        assert_eq!(get("days").max, Some(1000.0));
        assert_eq!(get("police.shares.tip_triage").kind, "number");
        assert!(get("crowd.rashness").description.contains("names someone anyway"));
    }
}
