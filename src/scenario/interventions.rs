//! Interventions: timed changes of parameters (MODEL.md §8). Checked at load time — each
//! path exists, may change during a run and gets a valid value — and applied by one
//! function for both models.

use super::defaults::default_crime_types;
use super::params::{ModelKind, Scenario};
use super::sections::schema_has_section;
use crate::error::Error;
use crate::input::{Loc, Node, Problem, SchemaChecker, Value, did_you_mean};

/// Sections whose parameters only shape the initial world; changing them mid-run is meaningless.
const INIT_ONLY: &[&str] = &[
    "version",
    "model",
    "name",
    "description",
    "seed",
    "city_seed",
    "days",
    "burn_in_days",
    "city",
    "network",
    "citizens",
    "output",
    "interventions",
];

/// Single parameters outside those sections that are fixed once the world is built.
const INIT_ONLY_PATHS: &[&str] = &[
    "offending.deterrence_radius",
    "roles.group_size",
    "civil_violence.activation",
    "civil_violence.width",
    "civil_violence.height",
    "civil_violence.citizen_density",
    "civil_violence.cop_density",
    "civil_violence.citizen_vision",
    "civil_violence.cop_vision",
    "civil_violence.vision_shape",
    "civil_violence.jailed_block",
    "civil_violence.outburst_above",
    "civil_violence.outburst_below",
];

/// Crime types can be retuned mid-run but not added, nor moved between street and online.
fn crime_type_change_problem(tree: &Node, path: &str, loc: Loc, at: &str) -> Option<Problem> {
    let mut segs = path.split('.');
    if segs.next() != Some("crime_types") {
        return None;
    }
    let known: Vec<String> = default_crime_types()
        .into_keys()
        .chain(match tree.get("crime_types").map(|n| &n.value) {
            Some(Value::Map(entries)) => entries.iter().map(|(k, _, _)| k.clone()).collect(),
            _ => Vec::new(),
        })
        .collect();
    let (Some(name), Some(field)) = (segs.next(), segs.next()) else {
        return Some(
            Problem::new(loc, at, format!("`{path}` must name one field of one crime type"))
                .hint("e.g. `crime_types.burglary.report_base`"),
        );
    };
    if !known.iter().any(|k| k == name) {
        let hint = match did_you_mean(name, known.iter().map(String::as_str)) {
            Some(m) => format!("did you mean `{m}`? Types cannot be added mid-run"),
            None => format!("types cannot be added mid-run; known types: {}", known.join(", ")),
        };
        return Some(Problem::new(loc, at, format!("unknown crime type `{name}`")).hint(hint));
    }
    (field == "online").then(|| {
        Problem::new(loc, at, "a crime type cannot switch between street and online during a run")
            .hint("define a separate type instead")
    })
}

/// Interventions: each `set` path must exist, be changeable at run time, and hold a valid value.
pub(super) fn check_interventions(
    tree: &Node,
    model: ModelKind,
    checker: &SchemaChecker,
    out: &mut Vec<Problem>,
) {
    let days = tree.get("days").and_then(Node::integer).unwrap_or(Scenario::defaults_for(model).days as i128);
    let Some(Value::Seq(items)) = tree.get("interventions").map(|n| &n.value) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let base = format!("interventions.{i}");
        if let Some(at) = item.get("at")
            && let Some(t) = at.integer()
            && t >= days
        {
            out.push(
                Problem::new(at.loc, &format!("{base}.at"), format!("tick {t} is past the horizon")).hint(
                    format!(
                        "the run has days: {days} (ticks 0..{}); use a smaller `at` or raise `days`",
                        days - 1
                    ),
                ),
            );
        }
        let Some(Value::Map(sets)) = item.get("set").map(|n| &n.value) else {
            continue;
        };
        for (path, key_loc, value) in sets {
            let at = format!("{base}.set.{path}");
            let top = path.split('.').next().unwrap_or("");
            if path != "trust_shock" && schema_has_section(top) && !model.has_section(top)
                || path == "trust_shock" && model != ModelKind::DiyPolicing
            {
                out.push(
                    Problem::new(
                        *key_loc,
                        &at,
                        format!("`{path}` does not apply to `model: {}`", model.name()),
                    )
                    .hint(match model {
                        ModelKind::CivilViolence => "paths look like `civil_violence.legitimacy`",
                        ModelKind::DiyPolicing => {
                            "paths look like `policy.patrol` or `police.shares.response`"
                        }
                    }),
                );
                continue;
            }
            if path == "trust_shock" {
                let ok = matches!(value.value, Value::Int(_) | Value::Float(_))
                    && value.to_json().as_f64().is_some_and(|x| (-1.0..=1.0).contains(&x));
                if !ok {
                    out.push(
                        Problem::new(
                            value.loc,
                            &at,
                            format!("trust_shock must be a number in [-1, 1], found {}", value.show()),
                        )
                        .hint("e.g. `trust_shock: -0.2` lowers every citizen's trust by 0.2"),
                    );
                }
                continue;
            }
            if let Some(p) = crime_type_change_problem(tree, path, *key_loc, &at) {
                out.push(p);
                continue;
            }
            if INIT_ONLY.contains(&top) || INIT_ONLY_PATHS.contains(&path.as_str()) {
                out.push(
                    Problem::new(*key_loc, &at, format!("`{path}` cannot change during a run"))
                        .hint("it shapes the initial world; make a separate scenario instead"),
                );
                continue;
            }
            match checker.schema_at(path) {
                Ok(s) => checker.check(value, s, &at, out),
                Err((known_prefix, known)) => {
                    let last = path.rsplit('.').next().unwrap_or(path);
                    let hint = match did_you_mean(last, known.iter().map(String::as_str)) {
                        Some(m) if known_prefix.is_empty() => format!("did you mean `{m}`?"),
                        Some(m) => format!("did you mean `{known_prefix}.{m}`?"),
                        None => format!(
                            "`{path}` is not a parameter path; paths look like `policy.patrol` or `police.shares.response`"
                        ),
                    };
                    out.push(
                        Problem::new(*key_loc, &at, format!("unknown parameter path `{path}`")).hint(hint),
                    );
                }
            }
        }
    }
}

impl Scenario {
    /// The scenario after a `set` of interventions (paths and values checked at load time).
    pub fn with_changes(
        &self,
        set: &std::collections::BTreeMap<String, serde_json::Value>,
    ) -> Result<Scenario, Error> {
        let invalid =
            |message: String| Error::usage(message, "check the path and the value against `diypol schema`");
        let mut json = serde_json::to_value(self).map_err(|e| invalid(e.to_string()))?;
        for (path, value) in set.iter().filter(|(p, _)| p.as_str() != "trust_shock") {
            let mut slot = &mut json;
            for seg in path.split('.') {
                let obj = slot
                    .as_object_mut()
                    .ok_or_else(|| invalid(format!("`{path}` is not a parameter path")))?;
                slot = obj.entry(seg.to_string()).or_insert(serde_json::Value::Null);
            }
            *slot = value.clone();
        }
        serde_json::from_value(json).map_err(|e| invalid(format!("invalid change: {e}")))
    }

    /// Total trust shock scheduled on recorded day `day`.
    pub fn trust_shock_at(&self, day: u32) -> f64 {
        self.interventions
            .iter()
            .filter(|iv| iv.at == day)
            .filter_map(|iv| iv.set.get("trust_shock").and_then(serde_json::Value::as_f64))
            .sum()
    }

    /// The parameters on recorded day `day`: `current` (this scenario with the earlier
    /// interventions applied) changed by the interventions due that day, with the trust
    /// shock they add; None when none is due.
    pub fn changed_on(&self, current: &Scenario, day: u32) -> Result<Option<(Scenario, f64)>, Error> {
        let mut due = self.interventions.iter().filter(|iv| iv.at == day).peekable();
        if due.peek().is_none() {
            return Ok(None);
        }
        let mut next = current.clone();
        for iv in due {
            next = next.with_changes(&iv.set)?;
        }
        Ok(Some((next, self.trust_shock_at(day))))
    }
}
